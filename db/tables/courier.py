"""Courier exports in ECCS: authorised couriers, Courier Shipping Bills, Auto-LEO rules
(courier.md, CSB-1..6).

Choices, field by field
-----------------------

``Courier`` — a table of its own rather than ``Carrier`` with kind ``courier``: an
authorised courier is registered under the Courier Regulations with a licence
(registration) number, a validity period and the airport where it may file, none of
which a carrier has; and the carrier directory's kinds are validated for manifests
(EGM/IGM), which couriers do not file. ``code`` is what a bulk file names.

``CourierShippingBill`` — one consignment (= one parcel as it passes the X-ray lane)
per CSB, as in ECCS:

* ``csb_no`` national running number (series ``CSB``), given at filing; ``csb_date``
  the filing date. ``location_code`` the courier terminal (port) it is filed at.
* ``courier_code`` + ``hawb_no``: the courier's house airway bill, **unique per
  courier** — a parcel is declared once; a bulk file sent again after fixing bad rows
  finds its good rows already filed by their HAWB and does not file them twice.
* ``form``: ``III`` documents, ``IV`` gifts / samples / prototypes, ``V`` commercial
  goods. The value limits of IV and V are effective-dated parameters
  (``CSB-IV.max_value``, ``CSB-V.max_value`` in ``parameters.csv``), checked on the
  filing date.
* consignor: ``consignor_iec`` (required for CSB-V, optional otherwise) or a private
  sender's ``consignor_name`` / ``consignor_address`` / ``consignor_kyc`` (KYC document
  type and number, e.g. ``PASSPORT:K1234567``); with an IEC the name and address are
  taken from the IEC registry so they cannot disagree with it.
* consignee ``consignee_name`` / ``consignee_address`` / ``consignee_country`` (ISO 3166
  alpha-2: RMS rules can select by country).
* value: ``currency`` + ``value_fc`` (exact decimal text) + ``exchange_rate`` /
  ``rate_units`` (the notified export rate on the filing date; 1 for INR) →
  ``value_inr_paise`` (integer paise; the figure the form limits and RMS value bands
  use).
* ``packages``, ``gross_weight_kg`` (exact decimal), ``description``,
  ``tariff_item`` (8-digit CTH; required for IV and V, optional for documents): goods
  liable to export duty cannot go by courier.
* life cycle: ``state`` (``CsbState`` in ``console.acts.csb``) and ``version``
  (optimistic locking, bumped by ``lifecycle.transition``).
* RMS (CSB-1): ``route`` (facilitated / assessment_only / assessment_and_examination),
  ``rms_rule_id`` (the ``RmsRule`` row with ``document='CSB'`` that matched; ``None`` =
  no rule, random selection or default) and ``rms_note``.
* assessment: ``assessed_by`` / ``assessed_at``, ``exam_mandated`` (``None`` until
  assessed; ``True`` when the assessing officer mandates examination, or RMS already
  did), ``assessment_remarks``.
* X-ray (per parcel, by the custodian): ``xray_result`` (``""`` not yet, ``cleared``,
  ``flagged``), ``xray_at``, ``xray_by``. The X-ray date picks the Auto-LEO rule in
  force (CSB-5).
* examination (officer route, CSB-4): ``examined_by`` / ``examined_at`` /
  ``exam_report``.
* LEO: ``leo_at``, ``leo_by`` (an officer's username, or ``SYSTEM`` for Auto-LEO),
  ``autoleo_rule`` + ``autoleo_circular`` (the rule id and circular that allowed an
  Auto-LEO; empty for a manual LEO) so audits can tell automatic from manual LEOs
  (CSB-6).
* ``filed_by`` / ``filed_at`` / ``source`` (``keyed`` or the bulk file's name).

Times are naive India Standard Time like every table here; the columns say
``DateTime`` (no zone) explicitly so SQLModel never maps them to its UTC type.

``AutoLeoRule`` — when the system may give LEO by itself: a row per RMS route and
period, with the condition on assessment and the circular that allows it (CSB-2,
CSB-3). Loaded from ``fixtures/reference/autoleo_rules.csv``; a future circular is a new
row, not new code.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import DecimalText


class Courier(SQLModel, table=True):
    """An authorised courier, registered at a courier terminal (Courier Regulations)."""

    code: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=150)
    licence_no: str = Field(max_length=40)  # registration under the Courier Regulations
    location_code: str = Field(foreign_key="port.code", max_length=6)
    valid_from: date
    valid_to: date | None = None
    active: bool = True
    registered_at: datetime = Field(sa_type=DateTime)
    registered_by: str = Field(max_length=40)


class AutoLeoRule(SQLModel, table=True):
    """One Auto-LEO rule in force for a period (CSB-2, CSB-3, CSB-5)."""

    __table_args__ = (UniqueConstraint("rule_id", "rms_route", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    rule_id: str = Field(max_length=20)  # e.g. CSB-2
    effective_from: date
    effective_to: date | None = None
    rms_route: str = Field(max_length=30)  # facilitated, assessment_only
    requires_assessment_without_exam_mandate: bool = False
    circular: str = Field(max_length=120)


class CourierShippingBill(SQLModel, table=True):
    __table_args__ = (
        # (hawb_no, courier_code): unique per courier, and serves a lookup by HAWB alone
        UniqueConstraint("hawb_no", "courier_code"),
        Index("ix_csb_location_state", "location_code", "state"),
        Index("ix_csb_location_leo", "location_code", "leo_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    csb_no: int = Field(unique=True)
    csb_date: date
    location_code: str = Field(foreign_key="port.code", max_length=6)
    courier_code: str = Field(foreign_key="courier.code", max_length=10)
    hawb_no: str = Field(max_length=20)
    form: str = Field(max_length=3)  # III, IV, V
    state: str = Field(max_length=30)
    version: int = 1
    # consignor: an IEC, or a private sender with KYC
    consignor_iec: str | None = Field(default=None, foreign_key="iec.code", max_length=10)
    consignor_name: str = Field(max_length=150)
    consignor_address: str = Field(default="", max_length=300)
    consignor_kyc: str = Field(default="", max_length=60)
    # consignee
    consignee_name: str = Field(max_length=150)
    consignee_address: str = Field(default="", max_length=300)
    consignee_country: str = Field(max_length=2)
    # value
    currency: str = Field(max_length=3)
    value_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    exchange_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    rate_units: int = 1
    value_inr_paise: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    # goods
    packages: int = 1
    gross_weight_kg: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    description: str = Field(max_length=300)
    tariff_item: str = Field(default="", max_length=8)
    # RMS (CSB-1)
    route: str = Field(default="", max_length=30)
    rms_rule_id: int | None = None
    rms_note: str = Field(default="", max_length=200)
    # assessment
    assessed_by: str = Field(default="", max_length=40)
    assessed_at: datetime | None = Field(default=None, sa_type=DateTime)
    exam_mandated: bool | None = None
    assessment_remarks: str = Field(default="", max_length=500)
    # X-ray
    xray_result: str = Field(default="", max_length=10)  # "", cleared, flagged
    xray_at: datetime | None = Field(default=None, sa_type=DateTime)
    xray_by: str = Field(default="", max_length=40)
    # examination (CSB-4)
    examined_by: str = Field(default="", max_length=40)
    examined_at: datetime | None = Field(default=None, sa_type=DateTime)
    exam_report: str = Field(default="", max_length=1000)
    # LEO (CSB-2, 3, 4, 6)
    leo_at: datetime | None = Field(default=None, sa_type=DateTime)
    leo_by: str = Field(default="", max_length=40)  # SYSTEM for Auto-LEO
    autoleo_rule: str = Field(default="", max_length=20)
    autoleo_circular: str = Field(default="", max_length=120)
    # filing
    filed_by: str = Field(max_length=40)
    filed_at: datetime = Field(sa_type=DateTime)
    source: str = Field(default="keyed", max_length=120)

"""Import directories and requests beyond the Bill of Entry itself: tariff values
(IMP-DUT-4), the anti-dumping duty directory (IMP-DUT-5), non-ICES locations (IMP-TRA-1),
amendment and Out-of-Charge cancellation requests (IMP-AMD-1, IMP-AMD-2) and Telegraphic
Release Advices (IMP-TRA-1, IMP-TRA-2)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import DecimalText


class TariffValue(SQLModel, table=True):
    """A tariff value fixed by notification (s.14(2) Customs Act; Notification
    36/2001-Cus(NT) as amended): ``value`` in ``currency`` per ``per_quantity`` ``uqc`` of
    goods whose tariff item starts with ``tariff_item`` (IMP-DUT-4). ``sl`` is the serial
    the importer declares (table and S.No., e.g. ``T2/1``)."""

    __table_args__ = (Index("ix_tariffvalue_key", "notification", "sl", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    notification: str = Field(max_length=30)
    sl: str = Field(max_length=10)
    tariff_item: str = Field(max_length=8)  # a heading or item prefix
    description: str = Field(max_length=300)
    value: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    currency: str = Field(max_length=3)  # INR or a notified currency
    per_quantity: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    uqc: str = Field(max_length=3)
    effective_from: date
    effective_to: date | None = None
    source: str = Field(default="", max_length=200)


class SwsExemption(SQLModel, table=True):
    """A Social Welfare Surcharge exemption by notification (Customs Act s.25 read with
    Finance Act 2018 s.110): goods whose tariff item starts with ``tariff_item`` pay SWS at
    ``sws_pct`` of the duties it applies to instead of the general rate (nil for a whole
    exemption, Notification 11/2018-Cus; 3 % for petrol, HSD, gold and silver,
    Notification 12/2018-Cus). IMP-DUT-1, IMP-DUT-2."""

    __table_args__ = (Index("ix_swsexemption_item", "tariff_item", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    notification: str = Field(max_length=30)
    sl: str = Field(max_length=10)
    tariff_item: str = Field(max_length=8)  # a heading or item prefix
    description: str = Field(max_length=300)
    sws_pct: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    effective_from: date
    effective_to: date | None = None
    source: str = Field(default="", max_length=200)


class AntiDumpingDuty(SQLModel, table=True):
    """One row of the anti-dumping notification directory, restructured by item serial and
    producer/exporter serial per country (IMP-DUT-5). The duty is either ``rate_pct`` of
    the landed value or ``amount`` in ``currency`` per ``uqc``. An empty producer is "any
    other producer" of that country."""

    __table_args__ = (UniqueConstraint("notification", "item_sl", "producer_sl"),)
    id: int | None = Field(default=None, primary_key=True)
    notification: str = Field(max_length=30)
    item_sl: int
    producer_sl: int
    tariff_item: str = Field(max_length=8)  # a heading or item prefix
    description: str = Field(max_length=300)
    origin_country: str = Field(max_length=2)
    export_country: str = Field(default="", max_length=2)  # "" = any
    producer: str = Field(default="", max_length=150)
    exporter: str = Field(default="", max_length=150)
    rate_pct: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    amount: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    currency: str = Field(default="", max_length=3)
    uqc: str = Field(default="", max_length=3)
    effective_from: date
    effective_to: date | None = None
    source: str = Field(default="", max_length=200)


class NonIcesLocation(SQLModel, table=True):
    """A customs location that does not run ICES: the only place a TRA is for
    (IMP-TRA-1). Every code in the port directory is an ICES location."""

    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=100)
    source: str = Field(default="", max_length=200)


class BeAmendment(SQLModel, table=True):
    """A request about a submitted BE: ``kind`` amendment (IMP-AMD-1) or ooc_cancellation
    (IMP-AMD-2). ``changes`` is JSON: head fields and ``items`` by serial, each
    ``{"before", "after"}``. States: amendment requested → approved (group AC/DC) →
    accepted (group appraiser) → incorporated (AC/DC) or rejected; ooc_cancellation
    requested → approved → done or rejected."""

    __table_args__ = (Index("ix_beamendment_be_state", "be_id", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id")
    be_no: int = Field(index=True)
    location_code: str = Field(max_length=6)
    kind: str = Field(max_length=16)
    state: str = Field(default="requested", max_length=12)
    version: int = 0
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    be_state_at_request: str = Field(default="", max_length=20)
    requested_by: str = Field(max_length=40)
    requested_at: datetime = Field(sa_type=DateTime)
    approved_by: str = Field(default="", max_length=40)
    approved_at: datetime | None = Field(default=None, sa_type=DateTime)
    accepted_by: str = Field(default="", max_length=40)  # the group appraiser
    accepted_at: datetime | None = Field(default=None, sa_type=DateTime)
    done_by: str = Field(default="", max_length=40)  # AC/DC acceptance; SM's cancellation
    done_at: datetime | None = Field(default=None, sa_type=DateTime)
    duty_before_paise: int = Field(default=0, sa_column=Column(BigInteger, default=0))
    duty_after_paise: int = Field(default=0, sa_column=Column(BigInteger, default=0))
    rejected_by: str = Field(default="", max_length=40)
    rejected_at: datetime | None = Field(default=None, sa_type=DateTime)
    reject_reason: str = Field(default="", max_length=300)


class Tra(SQLModel, table=True):
    """A Telegraphic Release Advice (Annexure D): part of a licence registered in the system
    released for use at a non-ICES location (IMP-TRA-1). Never amended once issued; an
    unused one keyed back re-credits the licence (IMP-TRA-2). States: keyed →
    checklist_printed → issued → recredited (a correction before issue goes back to
    keyed)."""

    id: int | None = Field(default=None, primary_key=True)
    tra_no: int | None = Field(default=None, unique=True)
    tra_date: date | None = None
    licence_id: int = Field(foreign_key="licence.id", index=True)
    location_code: str = Field(foreign_key="port.code", max_length=6)  # issuing ICES port
    port_of_use: str = Field(foreign_key="noniceslocation.code", max_length=6)
    state: str = Field(default="keyed", max_length=20)
    checklist_round: int = 0
    keyed_by: str = Field(max_length=40)
    keyed_at: datetime = Field(sa_type=DateTime)
    verified_by: str = Field(default="", max_length=40)
    verified_at: datetime | None = Field(default=None, sa_type=DateTime)
    verification: str = Field(default="", max_length=300)
    recredited_by: str = Field(default="", max_length=40)
    recredited_at: datetime | None = Field(default=None, sa_type=DateTime)
    recredit_reason: str = Field(default="", max_length=300)
    version: int = 0


class TraLine(SQLModel, table=True):
    """What a TRA releases from one import line (Part-C serial) of the licence."""

    __table_args__ = (UniqueConstraint("tra_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    tra_id: int = Field(foreign_key="tra.id", index=True)
    sl: int
    licence_sl: int
    quantity: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    value_paise: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))

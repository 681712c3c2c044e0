"""The Shipping Bill and what hangs off it: invoices, items, CCRs, queries,
goods registration, examination, stuffing, EGM, print log; RMS rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import DecimalText


def _paise() -> int:
    return Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class RmsRule(SQLModel, table=True):
    """One risk rule, kept as data and edited by a supervisor (EXP-RMS-1/2, CSB-1).

    Empty criteria match anything. The first matching rule by ``priority``
    (lowest first) decides the route; CCRs are the codes it attaches.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    document: str = Field(default="SB", max_length=3)  # SB or CSB
    priority: int = 100
    active: bool = True
    iec: str = Field(default="", max_length=10)
    tariff_prefix: str = Field(default="", max_length=8)  # chapter "85", heading "8517", item
    country: str = Field(default="", max_length=2)
    scheme_code: str = Field(default="", max_length=2)
    value_from_paise: int | None = Field(default=None, sa_column=Column(BigInteger))
    value_to_paise: int | None = Field(default=None, sa_column=Column(BigInteger))
    route: str = Field(max_length=30)
    ccrs: str = Field(default="", max_length=200)  # comma-separated CCR codes
    effective_from: date
    effective_to: date | None = None
    created_by: str = Field(default="", max_length=40)


class ShippingBill(SQLModel, table=True):
    __table_args__ = (
        Index("ix_sb_state_submitted", "state", "submitted_at"),
        Index("ix_sb_worklist", "location_code", "state", "submitted_at", "id"),
        Index("ix_sb_iec_leo", "iec", "leo_at"),
        # issue 21, at 10M SBs: an exported SB's view lists the SBs of its EGM; the Time
        # Release Study reads the SBs given LEO at the port in a month
        Index("ix_sb_egm", "egm_id"),
        Index("ix_sb_location_leo", "location_code", "leo_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    job_no: int = Field(unique=True)  # service-centre job number, before the SB number
    sb_no: int | None = Field(default=None, unique=True)
    sb_date: date | None = None
    location_code: str = Field(foreign_key="port.code", max_length=6)
    state: str = Field(max_length=24)
    version: int = 1
    # parties (Annexure A)
    iec: str = Field(foreign_key="iec.code", max_length=10)
    branch_sl: int = 0
    broker_code: str | None = Field(default=None, foreign_key="broker.code", max_length=15)
    # movement
    port_of_loading: str = Field(max_length=6)
    country_of_destination: str = Field(max_length=2)
    port_of_destination: str = Field(default="", max_length=5)  # UN/LOCODE
    nature_of_contract: str = Field(default="FOB", max_length=3)  # FOB CIF CF CI
    category: str = Field(default="free", max_length=12)
    # When the invoices and items were last valued (exchange, drawback and cess rates), and
    # under which reference-directory generation (db/refcache.py): submission re-values
    # only when either has moved since (EXP-REG-6).
    valued_on: date | None = None
    valued_generation: str = Field(default="", max_length=20)
    nfei: bool = False
    free_trade_sample: bool = False
    # banking (EXP-REG-4/5/8)
    ad_code: str | None = Field(default=None, max_length=7)
    bank_account_id: int | None = Field(default=None, foreign_key="bankaccount.id")
    gstin: str | None = Field(default=None, max_length=15)
    # post-GST invoice details (EXP-FIL-8)
    gst_invoice_type: str = Field(default="LUT", max_length=10)  # IGST_PAID, LUT, BOND
    recipient_name: str = Field(default="", max_length=150)
    recipient_address: str = Field(default="", max_length=300)
    place_of_delivery: str = Field(default="", max_length=100)
    third_party_remittance: bool = False
    incoterms_place: str = Field(default="", max_length=100)
    # packages
    packages: int = 0
    package_kind: str = Field(default="", max_length=3)
    marks: str = Field(default="", max_length=300)
    gross_weight_kg: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    net_weight_kg: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    # declarations
    sdf_declared: bool = False
    rosl_declared: bool = False
    # totals, computed at filing and after every amendment (paise)
    fob_inr_paise: int = _paise()
    drawback_paise: int = _paise()
    cess_paise: int = _paise()
    rosl_paise: int = _paise()
    # routing (EXP-RMS, EXP-ASM)
    route: str = Field(default="", max_length=30)
    rms_rule_id: int | None = None
    rms_note: str = Field(default="", max_length=200)
    acdc_rule: str = Field(default="", max_length=40)  # why AC/DC must clear, "" if not
    acdc_cleared_by: str = Field(default="", max_length=40)
    acdc_cleared_at: datetime | None = Field(default=None, sa_type=DateTime)
    assessed_by: str = Field(default="", max_length=40)
    assessed_at: datetime | None = Field(default=None, sa_type=DateTime)
    provisional: bool = False
    depb_market_note: str = Field(default="", max_length=200)  # EXP-DEPB-4, on the EP copy
    # checklist rounds (EXP-FIL-2)
    checklist_round: int = 0
    # life-cycle stamps
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(sa_type=DateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=DateTime)
    leo_by: str = Field(default="", max_length=40)
    leo_at: datetime | None = Field(default=None, sa_type=DateTime)
    brc_due_date: date | None = None
    egm_id: int | None = Field(default=None, foreign_key="egm.id")
    cess_paid_at: datetime | None = Field(default=None, sa_type=DateTime)
    cess_challan_no: int | None = None
    # added for the SB life cycle (issue 3)
    exam_instructions: str = Field(default="", max_length=500)  # EXP-ASM-4
    samples_ordered: str = Field(default="", max_length=200)  # EXP-ASM-4, EXP-EXM-2
    admitted_by: str = Field(default="", max_length=40)  # custodian (EXP-ARR-1)
    admitted_at: datetime | None = Field(default=None, sa_type=DateTime)
    # the examining officer the SB is marked to: only they examine it (EXP-ARR-2, EXP-EXM-1)
    marked_to: str = Field(default="", max_length=40)
    own_corrections: int = 0  # checklists with the customer's own corrections (charges.md)
    mot_due: bool = False  # EXP-MOT-1 (paid under the manual MOT system)
    service_charge_paise: int = _paise()  # charges.md, at submission
    # what the CACHE01 message carries (issue 16): the type of ``gstin`` above (GSN a GSTIN,
    # PAN, OTH other), the GST state code the goods come from,
    # and the ICEGATE id of the remote filer ("" when keyed at the service centre)
    gstin_type: str = Field(default="", max_length=3)
    state_of_origin: str = Field(default="", max_length=2)
    edi_sender: str = Field(default="", max_length=40)


class SbInvoice(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("sb_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sl: int
    invoice_no: str = Field(max_length=40)
    invoice_date: date
    currency: str = Field(foreign_key="currency.code", max_length=3)
    exchange_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    rate_units: int = 1
    rate_source: str = Field(default="notified", max_length=10)  # notified or bank (EXP-REG-6)
    rate_date: date | None = None  # the date a bank-certified rate is certified for
    invoice_value_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    freight_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    insurance_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    commission_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    discount_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))


class SbItem(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("sb_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sl: int
    invoice_sl: int = 1
    tariff_item: str = Field(foreign_key="tariffitem.item", max_length=8)
    description: str = Field(max_length=300)
    quantity: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    uqc: str = Field(foreign_key="uqc.code", max_length=3)
    unit_price_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    value_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    fob_inr_paise: int = _paise()
    scheme_code: str = Field(foreign_key="schemecode.code", max_length=2)
    dbk_serial: str = Field(default="", max_length=12)
    dbk_paise: int = _paise()
    cess_paise: int = _paise()
    rosl_paise: int = _paise()
    end_use: str = Field(default="", max_length=20)
    # DEPB (EXP-DEPB-1..3)
    depb_group: str = Field(default="", max_length=4)
    depb_item: str = Field(default="", max_length=6)
    depb_rate: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    depb_value_for_credit_paise: int | None = Field(default=None, sa_column=Column(BigInteger))
    # value the exporter accepted, in the invoice currency (EXP-DEPB-3): converted at LEO
    depb_accepted_value_fc: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    # EPCG / DES Annexure D (EXP-LIC-1)
    licence_no: str = Field(default="", max_length=20)
    licence_item_sl: str = Field(default="", max_length=10)
    licence_inputs: str = Field(default="", max_length=200)
    # what the CACHE01 ITEM and SW_INFO_TYPE records carry (issue 16): GST state code and
    # district code of origin, IGST status (LUT under undertaking, P paid), the taxable value
    # and the IGST paid in rupees, as the exporter declared them
    state_of_origin: str = Field(default="", max_length=2)
    district_of_origin: str = Field(default="", max_length=6)
    igst_status: str = Field(default="", max_length=3)
    taxable_value: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    igst_amount: Decimal | None = Field(default=None, sa_column=Column(DecimalText))


class SbContainer(SQLModel, table=True):
    """A container the exporter declares on the SB, with its seal (CACHE01 CONTAINER); the
    stuffing report (``Stuffing``) records the one actually stuffed."""

    __table_args__ = (UniqueConstraint("sb_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sl: int
    container_no: str = Field(max_length=11)  # ISO 6346, check digit verified
    seal_no: str = Field(default="", max_length=20)
    seal_type: str = Field(default="", max_length=10)  # e.g. RFID (the e-seal)
    size: str = Field(default="", max_length=4)  # 20, 40, 45 or an ISO size-type code


class SbCcr(SQLModel, table=True):
    """A Compulsory Compliance Requirement attached by RMS (EXP-RMS-2)."""

    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    code: str = Field(max_length=20)
    description: str = Field(default="", max_length=200)
    status: str = Field(default="pending", max_length=16)  # pending complied not_applicable
    comment: str = Field(default="", max_length=500)
    decided_by: str = Field(default="", max_length=40)
    decided_at: datetime | None = Field(default=None, sa_type=DateTime)


class SbQuery(SQLModel, table=True):
    """A query raised by an appraiser; in force only after AC/DC approval (EXP-QRY-1)."""

    __table_args__ = (Index("ix_sbquery_state_raised", "state", "raised_at"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sl: int
    points: str = Field(sa_column=Column(Text, nullable=False))  # one point per line
    state: str = Field(max_length=12)  # raised approved replied closed withdrawn
    return_state: str = Field(max_length=24)  # where the SB goes back when the query closes
    raised_by: str = Field(max_length=40)
    raised_at: datetime = Field(sa_type=DateTime)
    approved_by: str = Field(default="", max_length=40)
    approved_at: datetime | None = Field(default=None, sa_type=DateTime)
    reply: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    replied_by: str = Field(default="", max_length=40)
    replied_at: datetime | None = Field(default=None, sa_type=DateTime)
    closed_by: str = Field(default="", max_length=40)
    closed_at: datetime | None = Field(default=None, sa_type=DateTime)


class GoodsRegistration(SQLModel, table=True):
    """Annexure C: goods arrived at the shed (EXP-ARR-2)."""

    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", unique=True)
    packages_received: int
    vehicle_no: str = Field(default="", max_length=20)
    shed: str = Field(default="", max_length=40)
    registered_by: str = Field(max_length=40)
    registered_at: datetime = Field(sa_type=DateTime)
    examiner: str = Field(default="", max_length=40)
    packages_to_examine: str = Field(default="", max_length=500)  # "3,7,12"
    instructions: str = Field(default="", max_length=500)  # EXP-ASM-4


class Examination(SQLModel, table=True):
    """The examination report entered in the system (EXP-EXM-1)."""

    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", unique=True)
    examiner: str = Field(max_length=40)
    examined_at: datetime = Field(sa_type=DateTime)
    packages_examined: str = Field(default="", max_length=500)
    report: str = Field(sa_column=Column(Text, nullable=False))
    variation: bool = False
    variation_note: str = Field(default="", max_length=500)
    seal_intact: bool | None = None  # EOU seal verification (EXP-EOU-1)
    representative: str = Field(default="", max_length=100)  # exporter's rep, name + ID
    # variation referred to the AC/DC (EXP-LEO-2)
    acdc_view: str = Field(default="", max_length=500)
    variation_outcome: str = Field(default="", max_length=10)  # agreed, disputed


class Sample(SQLModel, table=True):
    """Samples drawn, with their test memo (EXP-EXM-2)."""

    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    memo_no: int
    description: str = Field(max_length=300)
    agency: str = Field(max_length=100)
    purpose: str = Field(default="test", max_length=20)
    drawn_by: str = Field(max_length=40)
    drawn_at: datetime = Field(sa_type=DateTime)


class Stuffing(SQLModel, table=True):
    """Stuffing report entered on the day of stuffing (EXP-STF-1)."""

    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", unique=True)
    container_no: str = Field(default="", max_length=11)
    seal_no: str = Field(default="", max_length=20)
    stuffed_at: datetime = Field(sa_type=DateTime)
    entered_by: str = Field(max_length=40)


class Egm(SQLModel, table=True):
    """Export General Manifest filed by the carrier (EXP-EGM-1)."""

    id: int | None = Field(default=None, primary_key=True)
    egm_no: int = Field(unique=True)
    egm_date: date
    location_code: str = Field(foreign_key="port.code", max_length=6)
    carrier_code: str = Field(foreign_key="carrier.code", max_length=10)
    voyage: str = Field(default="", max_length=20)  # flight or voyage number
    sailed_on: date
    filed_by: str = Field(max_length=40)
    filed_at: datetime = Field(sa_type=DateTime)
    charge_paise: int = _paise()  # EGM data entry at the service centre (charges.md)


class PrintLog(SQLModel, table=True):
    """Every print: who, when, which copy; reprints and cancellations (documents.md)."""

    id: int | None = Field(default=None, primary_key=True)
    doc_kind: str = Field(max_length=20, index=True)
    doc_ref: str = Field(max_length=40, index=True)
    copy_name: str = Field(default="", max_length=40)
    printed_by: str = Field(max_length=40)
    printed_at: datetime = Field(sa_type=DateTime)
    reprint: bool = False
    cancelled: bool = False
    cancelled_by: str = Field(default="", max_length=40)

"""The import side: manifests (IGM) and the Bill of Entry with its items and duty
(imports.md: IMP-IGM, IMP-BE, IMP-DUT, IMP-APR, IMP-PAY, IMP-EXM, IMP-OOC)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from db.types import DecimalText


def _paise() -> int:
    return Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class Igm(SQLModel, table=True):
    """Import General Manifest filed by a registered shipping line/agent or airline at the
    port of entry (IMP-IGM-1, IMP-REG-2)."""

    id: int | None = Field(default=None, primary_key=True)
    igm_no: int = Field(unique=True)
    igm_date: date
    location_code: str = Field(foreign_key="port.code", max_length=6)
    carrier_code: str = Field(foreign_key="carrier.code", max_length=10)
    voyage: str = Field(default="", max_length=20)
    arrival_date: date
    state: str = Field(default="filed", max_length=15)  # filed, entry_inwards
    entry_inwards_at: datetime | None = Field(default=None, sa_type=DateTime)
    entry_inwards_by: str = Field(default="", max_length=40)
    filed_by: str = Field(max_length=40)
    filed_at: datetime = Field(sa_type=DateTime)
    version: int = 0


class IgmLine(SQLModel, table=True):
    """One line of an IGM: a bill of lading (or air waybill) and its cargo."""

    __table_args__ = (UniqueConstraint("igm_id", "line_no"),)
    id: int | None = Field(default=None, primary_key=True)
    igm_id: int = Field(foreign_key="igm.id", index=True)
    line_no: int
    bl_no: str = Field(max_length=30)
    importer_name: str = Field(max_length=150)
    packages: int
    package_kind: str = Field(default="", max_length=3)
    gross_weight_kg: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    description: str = Field(max_length=300)


class BillOfEntry(SQLModel, table=True):
    """The import declaration (Annexure C) against one IGM line (IMP-BE-1)."""

    __table_args__ = (
        Index("ix_be_location_state", "location_code", "state"),
        # issue 21, at 2M BEs: the Time Release Study reads the BEs given Out of Charge at
        # the port in a month
        Index("ix_be_location_ooc", "location_code", "ooc_at"),
        Index("ux_be_igm_line", "igm_line_id", unique=True,  # one H or W BE per line
              sqlite_where=text("be_type != 'X'"), postgresql_where=text("be_type != 'X'")),
    )
    id: int | None = Field(default=None, primary_key=True)
    job_no: int = Field(unique=True)
    be_no: int | None = Field(default=None, unique=True)
    be_date: date | None = None
    location_code: str = Field(foreign_key="port.code", max_length=6)
    be_type: str = Field(max_length=1)  # H home consumption, W warehousing, X ex-bond
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    # one H or W BE per line (IMP-BE-1, checked on filing); ex-bond (X) BEs share their
    # warehousing BE's line (WH-3): unique among H and W BEs only (ux_be_igm_line)
    igm_line_id: int = Field(foreign_key="igmline.id", index=True)
    state: str = Field(max_length=20)
    currency: str = Field(max_length=3)
    exchange_rate: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    rate_units: int = 1
    invoice_value_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    freight_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    insurance_fc: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    assessable_paise: int = _paise()
    bcd_paise: int = _paise()
    sws_paise: int = _paise()
    igst_paise: int = _paise()
    duty_paise: int = _paise()
    late_charge_paise: int = _paise()
    checklist_round: int = 0
    first_check: bool = False  # examine first, then assess (IMP-APR-2)
    assessed_by: str = Field(default="", max_length=40)
    assessed_at: datetime | None = Field(default=None, sa_type=DateTime)
    challan_no: int | None = None
    paid_at: datetime | None = Field(default=None, sa_type=DateTime)
    payment_mode: str = Field(default="", max_length=10)  # online, cash
    registered_by: str = Field(default="", max_length=40)
    registered_at: datetime | None = Field(default=None, sa_type=DateTime)
    exam_report: str = Field(default="", max_length=500)
    examined_by: str = Field(default="", max_length=40)
    examined_at: datetime | None = Field(default=None, sa_type=DateTime)
    ooc_by: str = Field(default="", max_length=40)
    ooc_at: datetime | None = Field(default=None, sa_type=DateTime)
    # import rules (be_duty, be_amendments, be_ccv): un-notified currency (IMP-REG-3)
    rate_source: str = Field(default="notified", max_length=10)  # notified or bank
    rate_date: date | None = None  # the date the bank certificate is for
    rate_certificate: str = Field(default="", max_length=80)
    # high-sea sale (IMP-DUT-6): the seller's IEC, charges as % of CIF or a value (FC)
    hss_seller_iec: str = Field(default="", max_length=10)
    hss_charge_rate: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    hss_charge_value_fc: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    hss_charges_paise: int = _paise()
    add_paise: int = _paise()  # anti-dumping duty (IMP-DUT-5)
    duty_forgone_paise: int = _paise()  # under licences (IMP-LIC-2)
    duty_paid_paise: int = _paise()  # duty and charges paid so far (IMP-AMD-1)
    amendments: int = 0  # incorporated (IMP-AMD-1)
    # Annexure C as the operator keyed it (JSON): a draft is corrected from it (IMP-BE-2)
    keyed: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    ccv_by: str = Field(default="", max_length=40)  # compliance verified (IMP-CCV-1)
    ccv_at: datetime | None = Field(default=None, sa_type=DateTime)
    delivered_by: str = Field(default="", max_length=40)  # goods delivered (IMP-AMD-2)
    delivered_at: datetime | None = Field(default=None, sa_type=DateTime)
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(sa_type=DateTime)
    version: int = 0
    # what the CACHI01 message carries (issue 16): terms of invoice (FOB CF CI CIF: what
    # IMP-DUT-7 adds freight and insurance to), nature of transaction (S sale, C consignment,
    # H hire, F free of cost, R rent, P replacement, G gift, M sample, O others), and the CTX
    # segment: GST state code, commercial tax type (G GSTIN, V VAT, C CST, S service tax,
    # A Aadhaar, P passport, I income-tax PAN, T TIN, O GST government, D GST diplomat,
    # N GST non-resident) and that registration number (a GSTIN, checked, when G)
    terms_of_invoice: str = Field(default="", max_length=3)
    nature_of_transaction: str = Field(default="", max_length=1)
    gstin: str = Field(default="", max_length=20)
    gst_state_code: str = Field(default="", max_length=2)
    tax_type: str = Field(default="", max_length=1)
    # the ICEGATE id of the remote filer ("" when keyed at the service centre)
    edi_sender: str = Field(default="", max_length=40)


class BeContainer(SQLModel, table=True):
    """A container the importer declares on the BE, with its seal (CACHI01 CONTAINER)."""

    __table_args__ = (UniqueConstraint("be_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id", index=True)
    sl: int
    container_no: str = Field(max_length=11)  # ISO 6346, check digit verified
    seal_no: str = Field(default="", max_length=20)
    size: str = Field(default="", max_length=4)  # 20, 40, 45 or an ISO size-type code
    fcl_lcl: str = Field(default="", max_length=3)  # FCL or LCL


class BeItem(SQLModel, table=True):
    """An item of a BE with its duty, computed on submission (IMP-DUT-1/2)."""

    __table_args__ = (UniqueConstraint("be_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id", index=True)
    sl: int
    tariff_item: str = Field(foreign_key="tariffitem.item", max_length=8)
    description: str = Field(max_length=300)
    quantity: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    uqc: str = Field(foreign_key="uqc.code", max_length=3)
    value_fc: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    assessable_paise: int = _paise()
    bcd_rate: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    bcd_paise: int = _paise()
    sws_paise: int = _paise()
    # the SWS rate applied and the exemption notification that set it, if any
    sws_rate: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    sws_notification: str = Field(default="", max_length=40)
    igst_rate: Decimal = Field(default=Decimal(0), sa_column=Column(DecimalText))
    igst_paise: int = _paise()
    # import rules (be_duty): country of origin; tariff value (IMP-DUT-4): notification,
    # serial and quantity in the tariff value's unit; anti-dumping duty (IMP-DUT-5):
    # notification, item and producer/exporter serials; licence (IMP-LIC-2): number, Part-C
    # serial, and the duty forgone under it
    origin_country: str = Field(default="", max_length=2)
    tv_notification: str = Field(default="", max_length=30)
    tv_sl: str = Field(default="", max_length=10)
    tv_quantity: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    add_notification: str = Field(default="", max_length=30)
    add_item_sl: int | None = None
    add_producer_sl: int | None = None
    add_paise: int = _paise()
    licence_no: str = Field(default="", max_length=20, index=True)
    licence_sl: int | None = None
    duty_forgone_paise: int = _paise()

"""The bond section and the warehouse (bonds-warehousing.md: BND-1..14, WH-1..5).

Choices
-------

``Bond`` — a bond, undertaking or bank guarantee (BG) in the central bond register. A row
is created when the assessing officer asks for a bond (``requested``), the AC/DC approves
it (``approved``), the bond clerk keys the storage location of the documents and the
system gives the registration number (``registered``, ``bond_no`` from the ``BOND``
series: one serial for all types from 100001, never restarted, BND-3, BND-4). A
registered bond is ``closed`` when every debit has been credited back (BND-10); a bond
asked for but never registered is ``cancelled``. ``balance_paise`` and
``bg_balance_paise`` are kept on the row (changed under its row lock) so the register and
MIS read them without summing the ledger.

``BondLedger`` — one debit or credit (BND-8, BND-9); ``doc_type`` ``EDI`` for a BE of this
system, ``manual`` for a manual BE keyed by number and date.

``BeBond`` — what one BE declares (continuity bond, EOU option, SVB 'PROVISIONAL') and
what the assessing officer specifies (bond, amounts to debit, deposits), with the AC/DC's
approval and the debit (BND-2, BND-6, BND-7, BND-12, BND-13, BND-14).

``BondCertificate`` — a Central Excise / GST certificate registered like a bond, numbered
from the same register serial, serving one BE (BND-11).

``Warehousing`` / ``WarehouseLedger`` — a warehousing (W) BE's goods: the warehouse code
(WH-1), the order for warehousing (its Out of Charge) and the period, and one quantity
ledger line per item, opened at that Out of Charge (WH-2, WH-5). ``ExBond`` /
``ExBondItem`` — an ex-bond (X) BE against it: the items and quantities chosen, debited
from the ledger at its Out of Charge (WH-3), the Superintendent's checks and the interest
(WH-4, WH-5).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import DecimalText


def _paise() -> int:
    return Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class Bond(SQLModel, table=True):
    """A bond, undertaking or BG in the bond register (BND-1..BND-5, BND-10)."""

    __table_args__ = (Index("ix_bond_location_state", "location_code", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    bond_no: int | None = Field(default=None, unique=True)  # registration number (BND-4)
    location_code: str = Field(foreign_key="port.code", max_length=6)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    bond_type: str = Field(max_length=2)  # EU UT RE PD EO WH (BND-5)
    kind: str = Field(max_length=10)  # continuity, specific (BND-2)
    be_id: int | None = Field(default=None, foreign_key="billofentry.id")  # specific: its BE
    amount_paise: int = _paise()
    bg_amount_paise: int = _paise()
    balance_paise: int = _paise()
    bg_balance_paise: int = _paise()
    bg_ref: str = Field(default="", max_length=80)  # bank and BG number
    surety: str = Field(default="", max_length=150)
    valid_to: date
    storage_location: str = Field(default="", max_length=80)  # BND-3
    state: str = Field(max_length=12)  # requested approved registered closed cancelled
    requested_by: str = Field(max_length=40)
    requested_at: datetime = Field(sa_type=DateTime)
    approved_by: str = Field(default="", max_length=40)
    approved_at: datetime | None = Field(default=None, sa_type=DateTime)
    registered_by: str = Field(default="", max_length=40)
    registered_at: datetime | None = Field(default=None, sa_type=DateTime)
    closed_by: str = Field(default="", max_length=40)
    closed_at: datetime | None = Field(default=None, sa_type=DateTime)
    close_note: str = Field(default="", max_length=300)  # bond file; obligation verified
    version: int = 0


class BondLedger(SQLModel, table=True):
    """One debit or credit of a bond (BND-8, BND-9)."""

    __table_args__ = (Index("ix_bondledger_be", "bond_id", "be_no", "be_date"),)
    id: int | None = Field(default=None, primary_key=True)
    bond_id: int = Field(foreign_key="bond.id", index=True)
    be_no: int
    be_date: date
    doc_type: str = Field(max_length=6)  # EDI, manual
    debit_paise: int = _paise()
    bg_debit_paise: int = _paise()
    credit_paise: int = _paise()
    bg_credit_paise: int = _paise()
    on: date  # date of the debit or credit
    credit_reason: str = Field(default="", max_length=1)  # a..f (BND-9)
    reason_text: str = Field(default="", max_length=200)
    officer: str = Field(max_length=40)
    at: datetime = Field(sa_type=DateTime)


class BeBond(SQLModel, table=True):
    """A BE's bond, certificate and deposits: declared at filing, specified by the assessing
    officer, approved by the AC/DC, debited by the bond section (BND-2, BND-6, BND-7,
    BND-12, BND-13, BND-14)."""

    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id", unique=True)
    declared_bond_no: int | None = None  # continuity bond declared at filing (BND-6)
    eou_option: str = Field(default="", max_length=1)  # Y C N (BND-12)
    valuation_provisional: bool = False  # 'PROVISIONAL' in the valuation declaration
    bond_type: str = Field(default="", max_length=2)  # specified (BND-2)
    bond_id: int | None = Field(default=None, foreign_key="bond.id")
    debit_paise: int = _paise()  # the bond value and BG to debit (BND-6)
    bg_debit_paise: int = _paise()
    specified_by: str = Field(default="", max_length=40)
    specified_at: datetime | None = Field(default=None, sa_type=DateTime)
    approved_by: str = Field(default="", max_length=40)
    approved_at: datetime | None = Field(default=None, sa_type=DateTime)
    ledger_id: int | None = Field(default=None, foreign_key="bondledger.id")  # the debit
    cash_deposit_paise: int = _paise()  # BND-13
    cash_challan_no: int | None = None
    cash_paid_at: datetime | None = Field(default=None, sa_type=DateTime)
    svb_pct: Decimal | None = Field(default=None, sa_column=Column(DecimalText))  # BND-14
    svb_deposit_paise: int = _paise()
    svb_challan_no: int | None = None
    svb_paid_at: datetime | None = Field(default=None, sa_type=DateTime)


class BondCertificate(SQLModel, table=True):
    """A Central Excise / GST certificate for a concessional-rate import (BND-11)."""

    __table_args__ = (UniqueConstraint("issuer", "cert_ref"),)
    id: int | None = Field(default=None, primary_key=True)
    reg_no: int = Field(unique=True)
    location_code: str = Field(foreign_key="port.code", max_length=6)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    issuer: str = Field(max_length=80)
    cert_ref: str = Field(max_length=60)
    cert_date: date
    be_id: int | None = Field(default=None, foreign_key="billofentry.id", unique=True)
    registered_by: str = Field(max_length=40)
    registered_at: datetime = Field(sa_type=DateTime)
    used_by: str = Field(default="", max_length=40)
    used_at: datetime | None = Field(default=None, sa_type=DateTime)


class Warehousing(SQLModel, table=True):
    """A warehousing BE's goods in the warehouse (WH-1, WH-2, WH-5)."""

    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id", unique=True)
    warehouse_code: str = Field(max_length=8)  # WH-1
    ordered_on: date | None = None  # the W BE's Out of Charge: the order for warehousing
    period_to: date | None = None  # last day the goods may stay (WH-5)
    extended_by: str = Field(default="", max_length=40)
    extension_reason: str = Field(default="", max_length=200)


class WarehouseLedger(SQLModel, table=True):
    """The quantity ledger of one item of a warehousing BE (WH-2, WH-3)."""

    __table_args__ = (UniqueConstraint("warehousing_id", "item_sl"),)
    id: int | None = Field(default=None, primary_key=True)
    warehousing_id: int = Field(foreign_key="warehousing.id", index=True)
    item_sl: int
    tariff_item: str = Field(max_length=8)
    description: str = Field(max_length=300)
    uqc: str = Field(max_length=3)
    quantity: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    balance: Decimal = Field(sa_column=Column(DecimalText, nullable=False))


class ExBond(SQLModel, table=True):
    """An ex-bond BE against a warehousing BE (WH-3, WH-4, WH-5)."""

    id: int | None = Field(default=None, primary_key=True)
    be_id: int = Field(foreign_key="billofentry.id", unique=True)
    warehousing_id: int = Field(foreign_key="warehousing.id", index=True)
    interest_paid_paise: int = _paise()  # WH-5
    interest_challan_no: int | None = None
    charges_receipt: str = Field(default="", max_length=80)  # WH-4
    checked_by: str = Field(default="", max_length=40)
    checked_at: datetime | None = Field(default=None, sa_type=DateTime)


class ExBondItem(SQLModel, table=True):
    """An item of an ex-bond BE: the ledger line it clears and the quantity (WH-3)."""

    __table_args__ = (UniqueConstraint("ex_bond_id", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    ex_bond_id: int = Field(foreign_key="exbond.id", index=True)
    sl: int  # the ex-bond BE's item
    ledger_id: int = Field(foreign_key="warehouseledger.id", index=True)
    quantity: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    debited_at: datetime | None = Field(default=None, sa_type=DateTime)

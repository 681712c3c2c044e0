"""Reference directories loaded from fixtures/reference (see fixtures/README.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from db.types import DecimalText


class Port(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=10)  # sea, air, icd, courier, land
    state: str = Field(default="", max_length=60)
    clearance_24x7: bool = False


class Country(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=100)


class Currency(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=3)
    name: str = Field(max_length=100)


class ExchangeRate(SQLModel, table=True):
    """A notified rate: rupees per ``units`` of the currency, for a period."""

    __table_args__ = (Index("ix_rate_currency_from", "currency", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(foreign_key="currency.code", max_length=3)
    units: int = 1
    import_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    export_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    effective_from: date
    effective_to: date | None = None
    notification: str = Field(default="", max_length=80)


class Uqc(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=3)
    description: str = Field(max_length=60)


class SchemeCode(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    description: str = Field(max_length=120)
    category: str = Field(max_length=12)


class TariffItem(SQLModel, table=True):
    item: str = Field(primary_key=True, max_length=8)
    description: str = Field(max_length=300)
    uqc: str = Field(max_length=3)
    bcd_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    igst_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    export_duty_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    export_cess_rate: Decimal = Field(sa_column=Column(DecimalText, nullable=False))


class DrawbackRate(SQLModel, table=True):
    """All Industry Rate of drawback: rate % of FOB, capped per unit where given."""

    __table_args__ = (Index("ix_dbk_serial_from", "serial", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    serial: str = Field(max_length=12)
    description: str = Field(max_length=300)
    uqc: str = Field(default="", max_length=3)
    rate_pct: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    cap_per_unit: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    effective_from: date
    effective_to: date | None = None


class AdCode(SQLModel, table=True):
    """RBI's directory of Authorised Dealer bank branches."""

    code: str = Field(primary_key=True, max_length=7)
    bank: str = Field(max_length=100)
    branch: str = Field(default="", max_length=100)
    city: str = Field(default="", max_length=60)
    ifsc: str = Field(default="", max_length=11)


class RuleParameter(SQLModel, table=True):
    """An effective-dated figure a rule uses (threshold, period, fee), keyed by name.

    Example: ``EXP-ASM-1.i`` = 1000000 (rupees) from 2013-01-01. A change of law
    is a new row, never new code.
    """

    __table_args__ = (Index("ix_param_key_from", "key", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60)
    location_code: str = Field(default="", max_length=6)  # "" = everywhere
    value: Decimal = Field(sa_column=Column(DecimalText, nullable=False))
    effective_from: date
    effective_to: date | None = None
    source: str = Field(default="", max_length=200)

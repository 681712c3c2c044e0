"""Export schemes: the DEPB rate directory (EXP-DEPB-1) and scheme licences with their
export items and Part-C inputs (EXP-REG-9, EXP-LIC-1)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import DecimalText


class DepbRate(SQLModel, table=True):
    """DGFT's DEPB rate for a group code and item number. A Group 62 formulation has no rate
    of its own: ``share_pct`` of the rate of the bulk drug ``base_group``/``base_item``."""

    __table_args__ = (Index("ix_depbrate_key", "group_code", "item_no", "effective_from"),)
    id: int | None = Field(default=None, primary_key=True)
    group_code: str = Field(max_length=4)
    item_no: str = Field(max_length=6)
    description: str = Field(max_length=300)
    rate: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    base_group: str = Field(default="", max_length=4)
    base_item: str = Field(default="", max_length=6)
    share_pct: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    effective_from: date
    effective_to: date | None = None


class Licence(SQLModel, table=True):
    """A scheme licence an exporter quotes in Annexure D: transmitted online by DGFT (no
    registration at the port) or, for older licences and scheme code 17, registered by the
    designated officer with a port registration number (EXP-REG-9)."""

    __table_args__ = (UniqueConstraint("licence_no"),)
    id: int | None = Field(default=None, primary_key=True)
    licence_no: str = Field(max_length=20)
    kind: str = Field(max_length=10)  # advance, epcg, des, dfia, dfrc
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    issued_on: date
    valid_to: date
    source: str = Field(max_length=5)  # dgft (online) or port (registered at the port)
    port_code: str = Field(default="", max_length=6)  # the registering port, for "port"
    registration_no: str = Field(default="", max_length=20, index=True)
    export_obligation_paise: int = Field(default=0, sa_column=Column(BigInteger))
    registered_by: str = Field(max_length=40)
    registered_at: datetime = Field(sa_type=DateTime)


class LicenceLine(SQLModel, table=True):
    """An export item (``part`` E) or a Part-C input (``part`` C) of a licence, with the
    quantity (in ``uqc``) and value the licence gives, where it gives them."""

    __table_args__ = (UniqueConstraint("licence_id", "part", "sl"),)
    id: int | None = Field(default=None, primary_key=True)
    licence_id: int = Field(foreign_key="licence.id", index=True)
    part: str = Field(max_length=1)
    sl: int
    description: str = Field(max_length=200)
    quantity: Decimal | None = Field(default=None, sa_column=Column(DecimalText))
    uqc: str = Field(default="", max_length=3)
    value_paise: int | None = Field(default=None, sa_column=Column(BigInteger))

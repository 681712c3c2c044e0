"""Officers, settings, number series and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Text
from sqlmodel import Field, SQLModel


class Setting(SQLModel, table=True):
    """Database-wide settings: kind (training/production), home location."""

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


class Officer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=40)
    name: str = Field(max_length=100)
    role: str = Field(max_length=8, index=True)
    location_code: str = Field(foreign_key="port.code", max_length=6)
    password_hash: str = Field(max_length=200)
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=DateTime)
    disabled: bool = False
    on_duty: bool = True
    created_at: datetime = Field(sa_type=DateTime)


class NumberSeries(SQLModel, table=True):
    """A national running number series (SB, CSB, BE, EGM, IGM, challan, TRA, bond...)."""

    name: str = Field(primary_key=True, max_length=20)
    next_value: int = Field(sa_column=Column(BigInteger, nullable=False))


class AuditHead(SQLModel, table=True):
    """The single row that holds the chain's last hash; locked by every append."""

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="0" * 64, max_length=64)


class AuditRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = Field(sa_type=DateTime)
    officer: str = Field(max_length=40)  # username, or "SYSTEM" for automatic acts
    role: str = Field(max_length=8)
    terminal: str = Field(max_length=80)
    doc_kind: str = Field(max_length=12, index=True)
    doc_ref: str = Field(max_length=40, index=True)
    action: str = Field(max_length=40)
    from_state: str = Field(default="", max_length=30)
    to_state: str = Field(default="", max_length=30)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # The rows the record's transaction wrote, as it left them (console/audit.py): one
    # "table:key sha256" (or "table:key -", deleted) a line, on the transaction's last
    # record; and the hash of that text, covered by ``hash``. None on records appended
    # before row hashing (migration d4e5f6a7b8c9).
    row_hash: str | None = Field(default=None, max_length=64)
    rows: str | None = Field(default=None, sa_column=Column(Text, nullable=True))

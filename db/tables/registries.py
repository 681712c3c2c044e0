"""Registries that officers maintain: IEC, brokers, carriers, AD registrations,
bank accounts, GSTINs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


class Iec(SQLModel, table=True):
    """An exporter/importer's Import Export Code, from DGFT's feed (EXP-REG-1)."""

    code: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=150)
    address: str = Field(default="", max_length=300)
    active: bool = True
    registered_at: datetime = Field(sa_type=DateTime)


class Broker(SQLModel, table=True):
    """Customs broker (CHA), PAN-based code (EXP-REG-2)."""

    code: str = Field(primary_key=True, max_length=15)
    name: str = Field(max_length=150)
    verified: bool = False
    registered_at: datetime = Field(sa_type=DateTime)


class Carrier(SQLModel, table=True):
    """Airline, shipping line, consol agent or forwarder (EXP-REG-3)."""

    code: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=150)
    kind: str = Field(max_length=20)  # airline, shipping_line, consol_agent, forwarder
    registered_at: datetime = Field(sa_type=DateTime)


class AdRegistration(SQLModel, table=True):
    """An exporter's account with an Authorised Dealer, registered at a port (EXP-REG-4, BRC-1)."""

    __table_args__ = (UniqueConstraint("iec", "ad_code", "port_code"),)
    id: int | None = Field(default=None, primary_key=True)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    ad_code: str = Field(foreign_key="adcode.code", max_length=7)
    port_code: str = Field(foreign_key="port.code", max_length=6)
    registered_at: datetime = Field(sa_type=DateTime)
    registered_by: str = Field(max_length=40)


class BankAccount(SQLModel, table=True):
    """The one account for drawback and IGST refund (EXP-REG-5, EXP-REG-8).

    A changed account is registered afresh: the old row is closed (active=False).
    """

    id: int | None = Field(default=None, primary_key=True)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    ifsc: str = Field(max_length=11)
    account_no: str = Field(max_length=18)
    bank: str = Field(default="", max_length=100)
    active: bool = True
    registered_at: datetime = Field(sa_type=DateTime)
    registered_by: str = Field(max_length=40)


class Gstin(SQLModel, table=True):
    gstin: str = Field(primary_key=True, max_length=15)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    verified: bool = False
    registered_at: datetime = Field(sa_type=DateTime)
    registered_by: str = Field(max_length=40)

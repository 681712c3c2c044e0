"""Realisation of export proceeds (BRC): the exporter's AD declarations, the watch on every
drawback SB from its LEO until realisation is proved, and the BRC entries that prove it
(EXP-BRC-1..5).

Choices
-------

``BrcAdDeclaration`` (EXP-BRC-1) — a drawback exporter's declaration to the AC/DC
(Drawback), per port, of every Authorised Dealer through whom proceeds will be realised;
``kind`` is ``declaration`` for the first one at the port and ``intimation`` for an AD
added later. BRCs and negative statements are filed AD-wise (003 §24(c),(e)), so an
entry names a declared AD.

``BrcWatch`` — one row per drawback SB, opened by the Let Export Order in the same
transaction (``console.services.schemes.brc.watch_realisation``), kept in a table of its own so
that the pendency list (EXP-BRC-3) walks only what is still ``pending`` through its own
indexes instead of the million-row ``shippingbill`` table. ``sb_no``, ``iec``,
``ad_code`` and ``location_code`` are copied from the SB at LEO (they do not change after
LEO). A row leaves the list (``pending`` false) by a BRC (option 1), a negative statement
(options 2 and 3) or a recorded recovery (EXP-BRC-5), naming the ``BrcEntry``; or when
the SB is cancelled / shut out / sent back to town after LEO (nothing was exported).
``recovery_*`` is set when the AC/DC starts recovery of an overdue SB; the amount is the
SB's drawback and ROSL.

``BrcEntry`` — one act of the BRC entry module (003 §24(g)): option 1 (BRC, or a
recovery order / challan), 2 (negative statement: nothing pending for the period) or 3
(negative statement listing the SBs not realised, kept in ``not_realised``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class BrcAdDeclaration(SQLModel, table=True):
    """An AD through whom a drawback exporter will realise proceeds, declared at a port
    (EXP-BRC-1)."""

    __table_args__ = (UniqueConstraint("iec", "port_code", "ad_code"),)
    id: int | None = Field(default=None, primary_key=True)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    port_code: str = Field(foreign_key="port.code", max_length=6)
    ad_code: str = Field(foreign_key="adcode.code", max_length=7)
    kind: str = Field(max_length=12)  # declaration, intimation
    letter_ref: str = Field(default="", max_length=60)
    letter_date: date
    received_by: str = Field(max_length=40)
    received_at: datetime = Field(sa_type=DateTime)


class BrcEntry(SQLModel, table=True):
    """One entry in the BRC entry module (EXP-BRC-4, EXP-BRC-5)."""

    id: int | None = Field(default=None, primary_key=True)
    location_code: str = Field(foreign_key="port.code", max_length=6)
    iec: str = Field(foreign_key="iec.code", max_length=10, index=True)
    option: int  # 1, 2, 3 (003 §24(g))
    kind: str = Field(max_length=20)  # brc, recovery, nil_statement, not_realised_statement
    ad_code: str = Field(default="", max_length=7)  # "" for a recovery order
    doc_no: str = Field(max_length=60)  # BRC no., statement ref., order / challan no.
    doc_date: date
    period_from: date | None = None
    period_to: date | None = None
    not_realised: str = Field(default="", max_length=2000)  # option 3: SB numbers, comma-sep
    sbs_cleared: int = 0
    keyed_by: str = Field(max_length=40)
    keyed_at: datetime = Field(sa_type=DateTime)


class BrcWatch(SQLModel, table=True):
    """A drawback SB from its LEO until realisation is proved (EXP-BRC-2..5)."""

    __table_args__ = (
        Index("ix_brcwatch_port", "location_code", "pending", "due_on", "sb_no"),
        Index("ix_brcwatch_iec", "iec", "location_code", "pending", "due_on", "sb_no"),
        Index("ix_brcwatch_period", "iec", "location_code", "ad_code", "leo_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", unique=True)
    sb_no: int = Field(unique=True)
    sb_date: date
    location_code: str = Field(foreign_key="port.code", max_length=6)
    iec: str = Field(max_length=10)
    ad_code: str = Field(default="", max_length=7)
    leo_on: date
    due_on: date
    pending: bool = True
    cleared_how: str = Field(default="", max_length=12)  # brc statement recovered withdrawn
    entry_id: int | None = Field(default=None, foreign_key="brcentry.id")
    cleared_by: str = Field(default="", max_length=40)
    cleared_at: datetime | None = Field(default=None, sa_type=DateTime)
    recovery_paise: int | None = Field(default=None, sa_column=Column(BigInteger))
    recovery_started_by: str = Field(default="", max_length=40)
    recovery_started_at: datetime | None = Field(default=None, sa_type=DateTime)

"""Remote filing through ICEGATE (edi.md, EDI-1..7): the registered filers, the log of every
message received, and the outbox of replies and notices still to be written."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, text
from sqlmodel import Field, SQLModel


class EdiFiler(SQLModel, table=True):
    """A registered ICEGATE filer (EDI-2): its ICEGATE id tied to a broker's licence code
    (``kind`` broker), an importer's or exporter's IEC (trader) or a carrier's code
    (carrier). National, like the IEC: it files at any custom house the console serves."""

    icegate_id: str = Field(primary_key=True, max_length=30)
    kind: str = Field(max_length=10)  # broker, trader, carrier
    code: str = Field(max_length=15, index=True)  # broker licence code, IEC or carrier code
    name: str = Field(max_length=150)
    active: bool = True
    registered_at: datetime = Field(sa_type=DateTime)
    registered_by: str = Field(max_length=40)
    disabled_at: datetime | None = Field(default=None, sa_type=DateTime)
    disabled_by: str = Field(default="", max_length=40)
    disabled_reason: str = Field(default="", max_length=200)


class EdiMessage(SQLModel, table=True):
    """One message received (the log). ``result``: ok (filed), nak (refused: nothing
    changed), dup (the same filing again: answered with the first one's reply, EDI-4).
    An accepted filing is unique by sender, message, job number, job date and type."""

    __table_args__ = (
        Index("ux_edimessage_filing", "sender", "message", "job_no", "job_date",
              "filing_type", unique=True, sqlite_where=text("result = 'ok'"),
              postgresql_where=text("result = 'ok'")),
        Index("ix_edimessage_doc", "doc_kind", "doc_no"),
    )
    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(sa_type=DateTime, index=True)
    file_name: str = Field(max_length=200)
    sha256: str = Field(max_length=64, index=True)  # of the bytes received
    # of its records, the envelope (HREC, TREC) left out: the same filing sent again under a
    # new control number has the same body (EDI-4)
    body_sha256: str = Field(default="", max_length=64)
    size: int = 0
    sender: str = Field(default="", max_length=30)  # HREC sender ("" when unreadable)
    message: str = Field(default="", max_length=10)  # CACHE01, CACHI01, SACHI01, ...
    control_no: str = Field(default="", max_length=20)
    kind: str = Field(default="", max_length=4)  # SB, BE, IGM, EGM, RPL
    filing_type: str = Field(default="", max_length=1)  # F fresh, A amendment
    custom_house: str = Field(default="", max_length=6)  # as the message names it
    # where it was handled: the custom house when the console serves it, else ""
    location_code: str = Field(default="", max_length=6, index=True)
    job_no: int | None = None
    job_date: date | None = None
    result: str = Field(max_length=4)  # ok, nak, dup
    errors: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    duplicate_of: int | None = Field(default=None, foreign_key="edimessage.id")
    reply_name: str = Field(default="", max_length=200)
    reply: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False,
                                                        default=b""))
    doc_kind: str = Field(default="", max_length=8)  # what it made or acted on: SB, BE, ...
    doc_no: int | None = None
    doc_date: date | None = None


class EdiOutbox(SQLModel, table=True):
    """A reply or notice to be written to the outbox directory; ``written_at`` once it is
    there (a crash between the two writes it again under the same name)."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=DateTime)
    message_id: int | None = Field(default=None, foreign_key="edimessage.id", index=True)
    kind: str = Field(max_length=4)  # ack, nak, qry, chl, leo, egm, ooc
    receiver: str = Field(default="", max_length=30)
    location_code: str = Field(default="", max_length=6)
    doc_kind: str = Field(default="", max_length=8)
    doc_no: int | None = None
    file_name: str = Field(max_length=200)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    written_at: datetime | None = Field(default=None, sa_type=DateTime, index=True)

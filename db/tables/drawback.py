"""The drawback branch: claims queued after export, brand-rate letters, daily scrolls
(EXP-DBK-1, -3..-6)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class DrawbackClaim(SQLModel, table=True):
    """One claim on an exported SB: the original (opened when the EGM closes the SB: no
    separate claim is filed, EXP-DBK-3) or a supplementary one (EXP-DBK-6).

    ``queued_at`` is the claim's place in the first-come-first-served queue; a query takes
    the claim out of the queue and the reply puts it back at the same place.
    """

    __table_args__ = (Index("ix_drawbackclaim_queue", "location_code", "state", "queued_at",
                            "id"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sb_no: int = Field(index=True)
    location_code: str = Field(max_length=6)
    kind: str = Field(default="original", max_length=14)  # original, supplementary
    # original: queued, query, sanctioned, scrolled. supplementary: requested,
    # queued, query, submitted (to the AC/DC), sanctioned, scrolled; refused.
    state: str = Field(max_length=12)
    amount_paise: int = 0
    reason: str = Field(default="", max_length=300)  # supplementary: why more is due
    queued_at: datetime = Field(sa_type=DateTime)
    query_text: str = Field(default="", max_length=500)
    query_by: str = Field(default="", max_length=40)
    query_at: datetime | None = Field(default=None, sa_type=DateTime)
    reply_text: str = Field(default="", max_length=500)
    replied_by: str = Field(default="", max_length=40)
    replied_at: datetime | None = Field(default=None, sa_type=DateTime)
    requested_by: str = Field(default="", max_length=40)
    permitted_by: str = Field(default="", max_length=40)  # supplementary: AC/DC (DBK)
    processed_by: str = Field(default="", max_length=40)  # DBK appraiser
    sanctioned_by: str = Field(default="", max_length=40)
    sanctioned_at: datetime | None = Field(default=None, sa_type=DateTime)
    bank_account_id: int | None = Field(default=None, foreign_key="bankaccount.id")
    scroll_id: int | None = Field(default=None, foreign_key="drawbackscroll.id", index=True)
    version: int = 0


class BrandRateLetter(SQLModel, table=True):
    """The brand rate fixed for one SB item, keyed from the letter (EXP-DBK-4)."""

    __table_args__ = (UniqueConstraint("sb_id", "item_sl"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    item_sl: int
    letter_no: str = Field(max_length=40)
    letter_date: date
    amount_paise: int
    keyed_by: str = Field(max_length=40)
    keyed_at: datetime = Field(sa_type=DateTime)


class DrawbackScroll(SQLModel, table=True):
    """The day's scroll of sanctioned claims sent to the designated bank (EXP-DBK-5); one
    per location and day, closed once generated."""

    __table_args__ = (UniqueConstraint("location_code", "scroll_date"),)
    id: int | None = Field(default=None, primary_key=True)
    scroll_no: int = Field(unique=True)
    scroll_date: date
    location_code: str = Field(foreign_key="port.code", max_length=6)
    bank_ad_code: str = Field(max_length=7)
    claims: int
    total_paise: int
    generated_by: str = Field(max_length=40)
    generated_at: datetime = Field(sa_type=DateTime)

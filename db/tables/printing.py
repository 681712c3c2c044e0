"""Printing: the AC/DC's permission to reprint Shipping Bill copies (EXP-PRT-4).

The print log itself (``PrintLog``) lives with the Shipping Bill tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index
from sqlmodel import Field, SQLModel


class ReprintPermission(SQLModel, table=True):
    """One reprint allowed by the AC/DC after a system failure or a misprint (EXP-PRT-4).

    ``copy_name`` empty: the whole set. Granting it cancels the copies in the print log
    (the misprinted copy is cancelled first); the next print of those copies uses it up
    and is marked REPRINT.
    """

    __table_args__ = (Index("ix_reprintpermission_doc", "doc_kind", "doc_ref"),)
    id: int | None = Field(default=None, primary_key=True)
    doc_kind: str = Field(max_length=20)
    doc_ref: str = Field(max_length=40)
    copy_name: str = Field(default="", max_length=40)
    cause: str = Field(max_length=20)  # system_failure, misprint
    reason: str = Field(default="", max_length=300)
    misprint_cancelled: bool = False
    permitted_by: str = Field(max_length=40)
    permitted_at: datetime = Field(sa_type=DateTime)
    used_by: str = Field(default="", max_length=40)
    used_at: datetime | None = Field(default=None, sa_type=DateTime)

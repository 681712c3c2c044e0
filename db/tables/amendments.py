"""Requests that wait for a supervisor (EXP-AMD-1..4, EXP-CAN-1, EXP-RMS-3/4) and the
versions of an amended Shipping Bill."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class AmendmentRequest(SQLModel, table=True):
    """One application about a submitted SB that needs a supervisor's permission.

    ``kind``: amendment, freight_insurance (EXP-AMD-2/3), cancellation, shut_out,
    back_to_town, short_shipment (EXP-CAN-1), exam_facilitated (EXP-RMS-3), recall
    (EXP-RMS-4). ``changes`` is a JSON diff of SB fields, invoices and items, each
    ``{"before": ..., "after": ...}``. ``state``: requested → permitted → approved, or
    rejected (kinds other than amendments go from requested straight to approved).
    """

    __table_args__ = (Index("ix_amendmentrequest_state_at", "state", "requested_at"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sb_no: int = Field(index=True)
    location_code: str = Field(max_length=6)
    kind: str = Field(max_length=20)
    state: str = Field(default="requested", max_length=12)
    version: int = 1
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    sb_state_at_request: str = Field(default="", max_length=24)
    requested_by: str = Field(max_length=40)
    requested_at: datetime = Field(sa_type=DateTime)
    required_rank: str = Field(max_length=4)  # ACDC, ADC or COM
    rule: str = Field(default="", max_length=12)
    # the AC/DC or Addl/Jt Commissioner who allowed it (with the status check, EXP-CAN-1)
    permission_by: str = Field(default="", max_length=40)
    permission_role: str = Field(default="", max_length=4)
    permission_at: datetime | None = Field(default=None, sa_type=DateTime)
    permission_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # the AC (Exports) who approves the amendment in the system (EXP-AMD-2)
    approved_in_system_by: str = Field(default="", max_length=40)
    approved_in_system_at: datetime | None = Field(default=None, sa_type=DateTime)
    copies_surrendered: int = 0  # printed SB copies surrendered and cancelled (EXP-AMD-2)
    fee_paise: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    route_before: str = Field(default="", max_length=30)
    route_after: str = Field(default="", max_length=30)
    certificate_no: int | None = None  # EXP-CAN-1 certificate
    rejected_by: str = Field(default="", max_length=40)
    rejected_at: datetime | None = Field(default=None, sa_type=DateTime)
    reject_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class SbVersion(SQLModel, table=True):
    """A snapshot of an SB with its invoices and items, taken around every amendment."""

    __table_args__ = (UniqueConstraint("sb_id", "version_no"),)
    id: int | None = Field(default=None, primary_key=True)
    sb_id: int = Field(foreign_key="shippingbill.id", index=True)
    sb_no: int = Field(index=True)
    version_no: int
    request_id: int | None = Field(default=None, foreign_key="amendmentrequest.id")
    label: str = Field(default="", max_length=100)
    taken_by: str = Field(max_length=40)
    taken_at: datetime = Field(sa_type=DateTime)
    snapshot: str = Field(sa_column=Column(Text, nullable=False))

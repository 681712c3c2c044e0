"""What waits for each officer: one query per role, newest first, paged.

Every list is served by an index on (state, submitted_at) so the first page
stays instant with millions of documents (bench/worklist).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.core import Core
from console.roles import Actor, Role

PAGE = 50


@dataclass(frozen=True)
class WorkRow:
    kind: str  # SB, CSB, BE, QUERY ...
    ref: str  # document number (or job number before submission)
    state: str
    party: str  # IEC
    at: datetime | None
    summary: str


@dataclass(frozen=True)
class WorkPage:
    title: str
    rows: list[WorkRow]
    total: int
    offset: int


# Which SB states wait for which role (exports.md state diagram).
SB_STATES_FOR: dict[Role, tuple[str, ...]] = {
    Role.OPR: ("draft", "checklist_printed", "query_pending"),
    Role.APR: ("awaiting_assessment", "examined", "facilitated", "assessed"),
    Role.ACDC: ("awaiting_acdc", "referred_acdc"),
    Role.EXM: ("goods_registered", "under_examination"),
    Role.CUS: ("submitted", "awaiting_assessment", "awaiting_acdc", "facilitated", "assessed"),
    Role.CAR: ("let_export",),
}

TITLES: dict[Role, str] = {
    Role.OPR: "Drafts, checklists and queries to reply",
    Role.APR: "To assess, and to give Let Export",
    Role.ACDC: "To clear, and variations referred",
    Role.EXM: "Goods registered, to examine",
    Role.CUS: "Shipping bills whose goods may arrive",
    Role.CAR: "Let Export given, awaiting EGM",
}


def for_officer(core: Core, actor: Actor, offset: int = 0, limit: int = PAGE,
                state: str | None = None, search: str = "") -> WorkPage:
    """The officer's worklist page; ``state`` narrows it, ``search`` matches number or IEC."""
    states = SB_STATES_FOR.get(actor.role, ())
    if state:
        states = tuple(s for s in states if s == state)
    title = TITLES.get(actor.role, "Nothing waits for this role here")
    if not states:
        return WorkPage(title, [], 0, offset)
    sb = t.ShippingBill
    q = select(sb).where(sb.state.in_(states), sb.location_code == actor.location_code)
    if actor.role == Role.EXM:
        q = q.join(t.GoodsRegistration, t.GoodsRegistration.sb_id == sb.id).where(
            t.GoodsRegistration.examiner == actor.username)
    if search.strip():
        text = search.strip().upper()
        q = q.where((sb.iec == text) | (sb.sb_no == int(text)) if text.isdigit()
                    else sb.iec.startswith(text))
    with core.db.read() as s:
        total = s.exec(select(func.count()).select_from(q.subquery())).one()
        rows = s.exec(q.order_by(sb.submitted_at.desc(), sb.id.desc())
                      .offset(offset).limit(limit)).all()
        return WorkPage(title, [
            WorkRow("SB", str(r.sb_no or f"job {r.job_no}"), r.state, r.iec,
                    r.submitted_at or r.created_at,
                    f"FOB ₹{r.fob_inr_paise // 100:,} · {r.route or 'not routed'}")
            for r in rows], total, offset)

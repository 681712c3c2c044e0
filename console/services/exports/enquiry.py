"""The enquiry counter: any officer looks up an SB by number and sees where it is,
who it waits for, what happened to it and which documents were printed (EXP-ASM-5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

import db.tables as t
from console import audit
from console.acts.query import IN_FORCE, QUERY, QueryOnSb
from console.acts.sb import SB, WITHDRAWN
from console.core import Core
from console.roles import Actor
from console.services.exports.leo import leo_blockers
from console.services.exports.sb_common import SbView, load_sb, sb_view
from console.services.exports.sb_versions import SbVersionView, versions


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    officer: str
    role: str
    action: str
    from_state: str
    to_state: str
    reason: str


@dataclass(frozen=True)
class PrintLine:
    doc_kind: str
    copy_name: str
    printed_by: str
    printed_at: datetime
    reprint: bool
    cancelled: bool


@dataclass(frozen=True)
class SbEnquiry:
    sb: SbView
    waiting_with: str
    leo_blockers: tuple[str, ...]  # what stands between the SB and LEO (EXP-LEO-3)
    history: tuple[HistoryLine, ...]
    prints: tuple[PrintLine, ...]
    versions: tuple[SbVersionView, ...] = ()  # kept on amendment (EXP-AMD-2), oldest first
    acts: tuple[str, ...] = ()  # what the enquiring officer may do to it now (KIND.act)


# What the SB itself says against an act its table allows (cheap facts of the view): a
# screen offers only what could be done now (the service still decides).
_FACTS = {
    "ccr": lambda v: any(c.status == "pending" for c in v.ccrs),
    "cess_paid": lambda v: bool(v.cess and v.cess_challan_no and not v.cess_paid_at),
    "admit": lambda v: not v.admitted_at,
    "register_goods": lambda v: bool(v.admitted_at),
    "query_raise": lambda v: v.open_query is None,
    "request_exam": lambda v: v.route == "facilitated" and v.examination is None,
    "request_recall": lambda v: v.route == "facilitated",
    "stuffing": lambda v: v.stuffing is None,
    "depb_change": lambda v: v.is_depb,
    "depb_accept": lambda v: v.is_depb and not v.leo_at,
    "depb_final": lambda v: v.is_depb and v.provisional,
    "print_copies": lambda v: bool(v.leo_at) and v.open_query is None,
    "print_leo_certificate": lambda v: bool(v.leo_at),
    "print_exam_order": lambda v: bool(v.goods and v.goods.examiner),
    "print_test_memo": lambda v: bool(v.samples),
    "print_query": lambda v: any(q.state in IN_FORCE for q in v.queries),
    "print_cess_challan": lambda v: bool(v.cess_challan_no),
    "print_certificate": lambda v: v.state in WITHDRAWN,
}


def open_acts(actor: Actor, sb: t.ShippingBill, query: t.SbQuery | None,
              view: SbView) -> tuple[str, ...]:
    """The acts (``KIND.act``) ``actor`` may take on the SB and its query now: the tables
    say who, where and when; the view's own facts leave out what could not succeed."""
    out = [f"SB.{n}" for n in SB.open_to(actor, sb) if _FACTS.get(n, lambda v: True)(view)]
    out += [f"QUERY.{n}" for n in QUERY.open_to(actor, QueryOnSb(sb, query))]
    return tuple(out)


def enquire(core: Core, actor: Actor, sb_no: int) -> SbEnquiry:
    """Any logged-in officer may enquire (read only)."""
    with core.db.read() as s:
        sb = load_sb(s, sb_no, lock=False)
        records = audit.history(s, "SB", f"J{sb.job_no}") + audit.history(s, "SB", sb_no)
        prints = s.exec(select(t.PrintLog).where(
            t.PrintLog.doc_ref.in_([str(sb_no), f"J{sb.job_no}"])).order_by(t.PrintLog.id))
        view = sb_view(s, sb)
        query = s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id)
                       .order_by(t.SbQuery.sl.desc())).first()
        return SbEnquiry(
            view, view.waiting_with or view.state_label, tuple(leo_blockers(s, sb)),
            tuple(HistoryLine(r.at, r.officer, r.role, r.action, r.from_state, r.to_state,
                              r.reason) for r in sorted(records, key=lambda r: r.seq)),
            tuple(PrintLine(p.doc_kind, p.copy_name, p.printed_by, p.printed_at, p.reprint,
                            p.cancelled) for p in prints),
            tuple(versions(s, sb)), open_acts(actor, sb, query, view))

"""The enquiry counter: any officer looks up an SB by number and sees where it is,
who it waits for, what happened to it and which documents were printed (EXP-ASM-5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

import db.tables as t
from console import audit
from console.core import Core
from console.roles import Actor
from console.services.exports.amendments import SbVersionView, versions
from console.services.exports.leo import leo_blockers
from console.services.exports.sb_common import SbView, load_sb, sb_view


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


def enquire(core: Core, actor: Actor, sb_no: int) -> SbEnquiry:
    """Any logged-in officer may enquire (read only)."""
    with core.db.read() as s:
        sb = load_sb(s, sb_no, lock=False)
        records = audit.history(s, "SB", f"J{sb.job_no}") + audit.history(s, "SB", sb_no)
        prints = s.exec(select(t.PrintLog).where(
            t.PrintLog.doc_ref.in_([str(sb_no), f"J{sb.job_no}"])).order_by(t.PrintLog.id))
        view = sb_view(s, sb)
        return SbEnquiry(
            view, view.waiting_with or view.state_label, tuple(leo_blockers(s, sb)),
            tuple(HistoryLine(r.at, r.officer, r.role, r.action, r.from_state, r.to_state,
                              r.reason) for r in sorted(records, key=lambda r: r.seq)),
            tuple(PrintLine(p.doc_kind, p.copy_name, p.printed_by, p.printed_at, p.reprint,
                            p.cancelled) for p in prints),
            tuple(versions(s, sb)))

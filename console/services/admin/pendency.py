"""The pendency dashboard (issue 19 item 3): what waits at each stage now, with whom, and
for how long.

**What waits.** Every Shipping Bill, Bill of Entry and Courier Shipping Bill of the
location that is numbered and not yet released or closed waits at a stage: the act it
waits for (``STAGES``: the act's row says which officers take it) or the trade (an exporter
to bring the goods or reply to a query, an importer to pay the duty, the carrier to file
the EGM after LEO). Drafts at the service centre are not pendency of the custom house and
are left out.

**With whom.** The officer the document names where it names one (an SB under examination
is marked to one examiner, EXP-ARR-2); else the officers who take the act, as a pool
("APR (any)"), or the trade.

**Since when.** The moment the document came to its present state: its latest audit record
that moved it there (a query answered brings an SB back to assessment: it waits since the
reply). A parcel X-rayed and waiting for its LEO waits since the X-ray. Where the trail has
no such record (documents loaded from elsewhere), the document's own stamp (submission,
filing).

**Ageing.** Whole days waited: under a day, 1–3 days, 3–7 days, over 7 days (each bucket
includes its lower bound: exactly 3 days is "3–7 days").

``pendency`` is the view (``PENDENCY.view``, AC/DC and above, at their own location); the
list behind any cell of the dashboard is ``Pendency.behind``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console.acts import find
from console.acts.be import B, BeType
from console.acts.csb import CsbState as C
from console.acts.csb import XrayResult
from console.acts.sb import S
from console.acts.trs import PENDENCY
from console.core import Core
from console.errors import NotFound
from console.roles import Actor
from db import refcache

BUCKETS = ("under 1 day", "1–3 days", "3–7 days", "over 7 days")
BUCKET_FROM = (0, 1, 3, 7)  # days: a bucket holds ages from its bound to the next one


@dataclass(frozen=True)
class Stage:
    """A stage a document waits at: the act it waits for, or the trade."""

    key: str
    label: str
    act: str = ""  # "SB.assess": the officers its row names take it
    trade: str = ""  # "exporter", "importer": it waits outside the custom house

    @property
    def waits_for(self) -> str:
        if self.trade:
            return self.trade
        a = find(self.act)
        return f"{a.who_text()}: {a.does}"

    @property
    def pool(self) -> str:
        return self.trade or f"{find(self.act).who_text()} (any)"


STAGES = tuple(Stage(*x) for x in (
    ("SB.awaiting_assessment", "SB awaiting assessment", "SB.assess"),
    ("SB.awaiting_acdc", "SB awaiting AC/DC clearance", "SB.acdc_clear"),
    ("SB.query_pending", "SB query with the exporter", "", "exporter"),
    ("SB.goods_to_arrive", "SB goods to arrive", "", "exporter"),
    ("SB.goods_registered", "SB registered, awaiting LEO", "SB.leo"),
    ("SB.under_examination", "SB under examination", "SB.examination_report"),
    ("SB.examined", "SB examined, awaiting LEO", "SB.leo"),
    ("SB.referred_acdc", "SB variation with the AC/DC", "SB.decide_variation"),
    ("SB.let_export", "SB LEO given, awaiting EGM", "", "carrier"),
    ("BE.second_check", "BE with the appraiser", "BE.assess"),
    ("BE.query_raised", "BE query awaiting the AC/DC", "BE.query_approve"),
    ("BE.query_pending", "BE query with the importer", "", "importer"),
    ("BE.duty_to_pay", "BE duty to pay", "", "importer"),
    ("BE.goods_to_register", "BE goods to register", "BE.register_goods"),
    ("BE.registered", "BE registered, to examine", "BE.examine"),
    ("BE.to_assess", "BE examined (first check), to assess", "BE.assess"),
    ("BE.examined", "BE examined, awaiting OOC", "BE.ooc"),
    ("BE.ooc_cancelled", "BE OOC cancelled, to amend", "BE.request_amendment"),
    ("CSB.awaiting_assessment", "CSB awaiting assessment", "CSB.assess"),
    ("CSB.for_examination", "CSB awaiting examination", "CSB.examine"),
    ("CSB.awaiting_xray", "CSB awaiting X-ray", "CSB.xray"),
    ("CSB.awaiting_leo", "CSB awaiting LEO", "CSB.leo"),
))
STAGE = {s.key: s for s in STAGES}

SB_PENDING = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.QUERY_PENDING, S.FACILITATED,
              S.ASSESSED, S.GOODS_REGISTERED, S.UNDER_EXAMINATION, S.EXAMINED,
              S.REFERRED_ACDC, S.LET_EXPORT)
BE_PENDING = (B.SECOND_CHECK, B.FIRST_CHECK, B.QUERY_RAISED, B.QUERY_PENDING, B.ASSESSED,
              B.PAID, B.REGISTERED, B.EXAMINED, B.OOC_CANCELLED)
CSB_PENDING = (C.FACILITATED, C.ASSESSMENT_ONLY, C.ASSESSMENT_AND_EXAMINATION, C.ASSESSED,
               C.FOR_EXAMINATION, C.EXAMINED)


def sb_stage(state: str) -> str:
    return {S.QUERY_PENDING: "SB.query_pending", S.FACILITATED: "SB.goods_to_arrive",
            S.ASSESSED: "SB.goods_to_arrive"}.get(state, f"SB.{state}")


def be_stage(state: str, first_check: bool, assessed: bool, paid: bool, be_type: str) -> str:
    """A BE's stage: its state, and for an examined BE what it still lacks (IMP-APR-2 the
    assessment on first check; IMP-CCV-1 the payment; a warehousing BE pays ex-bond)."""
    if state == B.EXAMINED:
        if first_check and not assessed:
            return "BE.to_assess"
        if not paid and be_type != BeType.WAREHOUSING:
            return "BE.duty_to_pay"
        return "BE.examined"
    return {B.FIRST_CHECK: "BE.goods_to_register", B.PAID: "BE.goods_to_register",
            B.ASSESSED: ("BE.goods_to_register" if be_type == BeType.WAREHOUSING
                         else "BE.duty_to_pay")}.get(state, f"BE.{state}")


def csb_stage(state: str, xray: str) -> str:
    if state in (C.FACILITATED, C.ASSESSED):
        return "CSB.awaiting_leo" if xray == XrayResult.CLEARED else "CSB.awaiting_xray"
    if state in (C.ASSESSMENT_ONLY, C.ASSESSMENT_AND_EXAMINATION):
        return "CSB.awaiting_assessment"
    return {C.EXAMINED: "CSB.awaiting_leo"}.get(state, f"CSB.{state}")


# ---- the view ----


@dataclass(frozen=True)
class Waiting:
    """One document waiting."""

    kind: str  # SB, BE, CSB
    number: int
    stage: str
    stage_label: str
    officer: str  # the officer it is marked to, the pool of officers, or the trade
    party: str  # IEC, or the courier
    since: datetime
    age_days: float
    bucket: int


@dataclass(frozen=True)
class PendencyRow:
    key: str  # a stage key, or an officer
    label: str
    waits_for: str
    counts: tuple[int, ...]  # per bucket
    total: int


@dataclass(frozen=True)
class Pendency:
    location_code: str
    location_name: str
    as_of: datetime
    buckets: tuple[str, ...]
    by_stage: tuple[PendencyRow, ...]
    by_officer: tuple[PendencyRow, ...]
    totals: tuple[int, ...]  # per bucket
    total: int
    documents: tuple[Waiting, ...]  # oldest first

    def behind(self, by: str, key: str, bucket: int | None = None) -> tuple[Waiting, ...]:
        """The documents behind a cell: a stage's (``by="stage"``) or an officer's
        (``by="officer"``) row, in one bucket or (None) all, oldest first."""
        of: Callable[[Waiting], str] = (lambda w: w.stage) if by == "stage" else (
            lambda w: w.officer)
        return tuple(w for w in self.documents
                     if of(w) == key and (bucket is None or w.bucket == bucket))


def bucket_of(age_days: float) -> int:
    return max(n for n, low in enumerate(BUCKET_FROM) if age_days >= low)


@dataclass(frozen=True)
class _Row:
    kind: str
    number: int
    state: str
    stage: str
    officer: str
    party: str
    fallback: datetime | None  # the document's own stamp
    since_at_least: datetime | None = None  # e.g. the X-ray: the stage began no earlier


def _sbs(s: Session, location: str) -> list[_Row]:
    sb = t.ShippingBill
    out = []
    for no, state, marked, iec, submitted in s.exec(
            select(sb.sb_no, sb.state, sb.marked_to, sb.iec, sb.submitted_at)
            .where(sb.location_code == location, sb.state.in_(SB_PENDING))):
        stage = sb_stage(state)
        who = marked if state == S.UNDER_EXAMINATION and marked else STAGE[stage].pool
        out.append(_Row("SB", no, state, stage, who, iec, submitted))
    return out


def _bes(s: Session, location: str) -> list[_Row]:
    be = t.BillOfEntry
    out = []
    for no, state, first, assessed, paid, be_type, iec, created in s.exec(
            select(be.be_no, be.state, be.first_check, be.assessed_at, be.paid_at, be.be_type,
                   be.iec, be.created_at)
            .where(be.location_code == location, be.state.in_(BE_PENDING))):
        stage = be_stage(state, first, assessed is not None, paid is not None, be_type)
        out.append(_Row("BE", no, state, stage, STAGE[stage].pool, iec, created))
    return out


def _csbs(s: Session, location: str) -> list[_Row]:
    c = t.CourierShippingBill
    out = []
    for no, state, xray, xray_at, courier, filed in s.exec(
            select(c.csb_no, c.state, c.xray_result, c.xray_at, c.courier_code, c.filed_at)
            .where(c.location_code == location, c.state.in_(CSB_PENDING))):
        stage = csb_stage(state, xray)
        after = xray_at if stage == "CSB.awaiting_leo" and state != C.EXAMINED else None
        out.append(_Row("CSB", no, state, stage, STAGE[stage].pool, courier, filed, after))
    return out


def _entered(s: Session, kind: str, numbers: Sequence[int]) -> dict[tuple[str, str], datetime]:
    """(number, state) -> when the document last came to that state (the audit trail)."""
    rec, out = t.AuditRecord, {}
    refs = [str(n) for n in numbers]
    for i in range(0, len(refs), 500):
        for ref, state, at in s.exec(
                select(rec.doc_ref, rec.to_state, func.max(rec.at))
                .where(rec.doc_kind == kind, rec.doc_ref.in_(refs[i:i + 500]),
                       rec.from_state != rec.to_state)
                .group_by(rec.doc_ref, rec.to_state)):
            out[(ref, state)] = at
    return out


def _rows(waiting: Sequence[Waiting], key: Callable[[Waiting], str],
          labels: dict[str, tuple[str, str]], order: Sequence[str]) -> tuple[PendencyRow, ...]:
    counts: dict[str, list[int]] = {}
    for w in waiting:
        counts.setdefault(key(w), [0] * len(BUCKETS))[w.bucket] += 1
    return tuple(PendencyRow(k, *labels[k], tuple(counts[k]), sum(counts[k]))
                 for k in order if k in counts)


def pendency(core: Core, actor: Actor, *, location: str | None = None) -> Pendency:
    """What waits now at ``location`` (the officer's own by default), by stage and by
    officer, in ageing buckets (PENDENCY.view)."""
    where = (location or actor.location_code).strip().upper()
    PENDENCY.check(actor, "view", location=where)
    now = core.now()
    with core.db.read() as s:
        port = refcache.get(s, t.Port, where)
        if port is None:
            raise NotFound(f"location {where} is not in the port directory")
        waiting = []
        for kind, rows in (("SB", _sbs(s, where)), ("BE", _bes(s, where)),
                           ("CSB", _csbs(s, where))):
            entered = _entered(s, kind, [r.number for r in rows])
            for r in rows:
                since = entered.get((str(r.number), r.state)) or r.fallback or now
                if r.since_at_least is not None:
                    since = max(since, r.since_at_least)
                age = max(0.0, (now - since).total_seconds() / 86400)
                waiting.append(Waiting(r.kind, r.number, r.stage, STAGE[r.stage].label,
                                       r.officer, r.party, since, round(age, 2),
                                       bucket_of(age)))
    waiting.sort(key=lambda w: (w.since, w.kind, w.number))
    stage_rows = _rows(waiting, lambda w: w.stage,
                       {st.key: (st.label, st.waits_for) for st in STAGES},
                       [st.key for st in STAGES])
    officers = {w.officer for w in waiting}
    trade = {st.trade for st in STAGES if st.trade}
    pools = {STAGE[w.stage].pool for w in waiting}
    labels = {o: (o, "the trade" if o in trade else
                  "not marked to one officer" if o in pools else "marked to this officer")
              for o in officers}
    totals_by = {o: sum(w.officer == o for w in waiting) for o in officers}
    officer_rows = _rows(waiting, lambda w: w.officer, labels,
                         sorted(officers, key=lambda o: (-totals_by[o], o)))
    totals = tuple(sum(w.bucket == b for w in waiting) for b in range(len(BUCKETS)))
    return Pendency(where, port.name, now, BUCKETS, stage_rows, officer_rows, totals,
                    len(waiting), tuple(waiting))


"""What waits for each officer: one query per role, newest first, paged.

Every list is served by the index ix_sb_worklist (location_code, state, submitted_at,
id) so the first page stays instant with millions of documents (bench/worklist).

The total is counted only up to a cap. Counting a busy port's whole list (63,048
index entries for apr1 at 1,000,000 SBs) took 5-13 ms of a page's ~17 ms and grows
with the list; an officer never pages through tens of thousands of SBs (he filters by
state, number or IEC). So the Shipping Bills are counted with
``SELECT count(*) FROM (SELECT id ... LIMIT window + 1)`` over the covering index,
where ``window`` is the page's end rounded up to a multiple of ``COUNT_CAP`` (1,000:
20 pages, ~0.2 ms to count at 1M SBs against ~1.7 ms for 10,000). When more rows
than ``window`` exist the page says so: ``total`` is ``window`` and ``total_capped``
is true ("1–50 of 1,000+"); since ``window`` is at least the page's end, a capped
total always means there is a next page. Paging on past the cap moves the window
(pages 21–40 count up to 2,000), so the count costs about as much as fetching that
deep page does. Open queries, listed first, are few and counted exactly: the SB part
of a page starts at ``offset`` minus their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, union_all
from sqlmodel import select

import db.tables as t
from console.acts.query import QUERY
from console.acts.sb import SB
from console.core import Core
from console.money import from_paise, inr
from console.roles import Actor, Role

PAGE = 50
COUNT_CAP = 1_000  # count a list only this far (rounded up past the page); see above


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
    total_capped: bool = False  # more than ``total`` rows: counted only this far


# Which SB states and queries wait for which role: the acts they wait for (console.acts).
SB_STATES_FOR: dict[Role, tuple[str, ...]] = {r: SB.waiting_for(r) for r in Role
                                             if SB.waiting_for(r)}
# Queries waiting for a role (EXP-QRY-1): the AC/DC approves raised ones and accepts
# replies; the service centre keys replies to approved ones.
QUERY_STATES_FOR: dict[Role, tuple[str, ...]] = {r: QUERY.waiting_for(r) for r in Role
                                                if QUERY.waiting_for(r)}

TITLES: dict[Role, str] = {
    Role.OPR: "Drafts, checklists and queries to reply",
    Role.APR: "To assess, and to give Let Export",
    Role.ACDC: "Queries to approve or close, SBs to clear, variations referred",
    Role.EXM: "Goods to register, and to examine",
    Role.CUS: "Shipping bills whose goods may arrive",
    Role.CAR: "Let Export given, awaiting EGM",
}


def _matching(text: str):
    """The search box: an SB number, or an IEC (all 10 characters: an index lookup on
    ``ix_sb_iec_leo``, ~6 ms at 1M SBs) or its first characters (a scan of the list)."""
    sb = t.ShippingBill
    if len(text) == 10:  # a whole IEC (some are all digits)
        return (sb.iec == text) | (sb.sb_no == int(text)) if text.isdigit() else sb.iec == text
    return sb.sb_no == int(text) if text.isdigit() else sb.iec.startswith(text)


def _query_rows(s, actor: Actor, states: tuple[str, ...], search: str):
    """Open queries for the actor's role at the location (index on SbQuery.state)."""
    sb, q = t.ShippingBill, t.SbQuery
    stmt = (select(q, sb).join(sb, sb.id == q.sb_id)
            .where(q.state.in_(states), sb.location_code == actor.location_code))
    if search.strip():
        text = search.strip().upper()
        stmt = stmt.where(_matching(text))
    return stmt


def _newest(s, at, states: tuple[str, ...], skip: int, room: int) -> list:
    """A page of SBs newest first over several states (rows of the columns a WorkRow shows).

    One ``ORDER BY`` over ``state IN (...)`` makes the database sort every SB in those
    states (60,000 rows at a busy port: 195 ms p99 in bench/worklist). Instead each
    state's newest ``skip + room`` keys come straight off the index
    (location_code, state, submitted_at, id), are merged in one statement (SQLite sorts
    those few keys and hands back only the page's ids: merging them in Python cost
    ~10 ms on page 21), and only the page's rows are loaded: only the columns shown, as
    plain rows (building 50 full ORM objects of ~100 columns was a third of the first
    page's time).

    Each state's subquery sorts ``submitted_at DESC`` with the store's own null order:
    PostgreSQL walks the ascending index backwards only for that order (its
    ``NULLS LAST`` sorted every SB of the state: 0.6-5 s at 10M SBs, issue 21), and
    only when the state is the one condition on it (``at``: the list's query without its
    ``state IN (...)``; with both, PostgreSQL may read the state's entries through
    ``= ANY`` and sort them all, 15,000 for the AC/DC at 1M SBs). The
    null order does not matter there: ``submitted_at`` is set once, by the submission,
    so an SB being keyed (``KEYING``) never has it and every other SB always has it: a
    state's SBs are all null or all not (tests/test_worklist_scale.py). The merge of the
    few keys puts nulls last on every store, as before.
    """
    sb = t.ShippingBill
    parts = [select(p.c.submitted_at, p.c.id) for p in (
        at.where(sb.state == state).with_only_columns(sb.submitted_at, sb.id)
        .order_by(sb.submitted_at.desc(), sb.id.desc())
        .limit(skip + room).subquery() for state in states)]
    keys = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    ids = s.execute(select(keys.c.id)
                    .order_by(keys.c.submitted_at.desc().nulls_last(), keys.c.id.desc())
                    .offset(skip).limit(room)).scalars().all()
    if not ids:
        return []
    by_id = {r.id: r for r in s.execute(
        select(sb.id, sb.sb_no, sb.job_no, sb.state, sb.iec, sb.submitted_at, sb.created_at,
               sb.fob_inr_paise, sb.route).where(sb.id.in_(ids)))}
    return [by_id[i] for i in ids]


def for_officer(core: Core, actor: Actor, offset: int = 0, limit: int = PAGE,
                state: str | None = None, search: str = "") -> WorkPage:
    """The officer's worklist page; ``state`` narrows it, ``search`` matches number or IEC.

    Queries waiting for the role (kind ``QUERY``, ``ref`` the SB number, ``state`` the
    query's state) come first, then Shipping Bills.
    """
    states = SB_STATES_FOR.get(actor.role, ())
    q_states = QUERY_STATES_FOR.get(actor.role, ())
    if state:
        states = tuple(s for s in states if s == state)
        q_states = tuple(s for s in q_states if f"query_{s}" == state or s == state)
    title = TITLES.get(actor.role, "Nothing waits for this role here")
    if not states and not q_states:
        return WorkPage(title, [], 0, offset)
    sb = t.ShippingBill
    # the list's filters but its states: each state's newest come from ``at`` (``_newest``)
    at = select(sb).where(sb.location_code == actor.location_code)
    # an SB under examination waits only for the officer it is marked to (the act's
    # assignee), and goods wait for registration only once the custodian admitted them
    for name in ("examination_report", "register_goods"):
        act = SB[name]
        if actor.role not in act.who:
            continue
        waiting = (sb.marked_to.in_((actor.username, "")) if act.assigned
                   else sb.admitted_at.is_not(None))
        at = at.where(or_(sb.state.not_in(act.from_), waiting))
    if search.strip():
        text = search.strip().upper()
        at = at.where(_matching(text))
    q = at.where(sb.state.in_(states))
    rows: list[WorkRow] = []
    with core.db.read() as s:
        q_total = 0
        if q_states:
            qq = _query_rows(s, actor, q_states, search)
            q_total = s.exec(select(func.count()).select_from(qq.subquery())).one()
            for query, bill in s.exec(qq.order_by(t.SbQuery.raised_at.desc(), t.SbQuery.id.desc())
                                      .offset(offset).limit(limit)).all():
                first = query.points.splitlines()[0] if query.points else ""
                rows.append(WorkRow("QUERY", str(bill.sb_no), query.state, bill.iec,
                                    query.replied_at or query.approved_at or query.raised_at,
                                    f"query {query.sl} by {query.raised_by}: {first}"[:120]))
        sb_total, capped = 0, False
        if states:
            cap = max(1, COUNT_CAP)
            window = -(-(offset + limit) // cap) * cap  # the page's end, rounded up
            sb_window = max(0, window - q_total)
            counted = s.exec(select(func.count()).select_from(
                q.with_only_columns(sb.id).limit(sb_window + 1).subquery())).one()
            capped = counted > sb_window
            sb_total = sb_window if capped else counted
            skip = max(0, offset - q_total)
            room = limit - len(rows)
            if room > 0:
                for r in _newest(s, at, states, skip, room):
                    rows.append(WorkRow(
                        "SB", str(r.sb_no or f"job {r.job_no}"), r.state, r.iec,
                        r.submitted_at or r.created_at,
                        f"FOB ₹{inr(from_paise(r.fob_inr_paise), paise=False)} · "
                        f"{(r.route or 'not routed').replace('_', ' ')}"))
        return WorkPage(title, rows, q_total + sb_total, offset, capped)

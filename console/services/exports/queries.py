"""Queries on a Shipping Bill (EXP-QRY-1/2).

The Appraiser raises one complete query (several points); it takes effect only
when the AC/DC approves it, and only then does the SB wait in
``query_pending``. The service centre keys the exporter's reply; the AC/DC
accepts it (the SB returns to where it was) or sends it back for a better one.
One open query per SB at a time, so each act names the SB only (``console.acts.query``).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.acts.query import OPEN, QUERY, Q
from console.acts.sb import SB
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from console.services.exports.sb_common import SbView, sb_view


def raise_query(core: Core, actor: Actor, sb_no: int, points: list[str], *,
                expected_version: int | None = None) -> SbView:
    """Raise a query with all its points at once (EXP-QRY-2); in force after approval."""
    points = [p.strip() for p in points if p and p.strip()]
    if not points:
        raise InvalidInput("points", "a query needs at least one point", "EXP-QRY-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "query_raise", sb_no, expected_version=expected_version)
        if s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id,
                                          t.SbQuery.state.in_(OPEN))).first():
            raise RuleViolation("EXP-QRY-2", f"SB {sb_no} already has an open query: put every "
                                "point in one query, not piecemeal")
        sl = s.exec(select(func.count()).where(t.SbQuery.sb_id == sb.id)).one() + 1
        s.add(t.SbQuery(sb_id=sb.id, sl=sl, points="\n".join(points), state=Q.RAISED,
                        return_state=sb.state, raised_by=actor.username, raised_at=core.now()))
        transition(s, core, actor, sb, SB["query_raise"],
                   reason=f"query {sl}: {len(points)} point(s)")
        return sb_view(s, sb)


def approve_query(core: Core, actor: Actor, sb_no: int, *,
                  expected_version: int | None = None) -> SbView:
    """AC/DC approval puts the query in force: the SB waits in query_pending (EXP-QRY-1)."""
    with core.db.write() as s:
        d = QUERY.take(s, actor, "approve", sb_no, expected_version=expected_version)
        q, sb = d.query, d.sb
        q.state, q.approved_by, q.approved_at = Q.APPROVED, actor.username, core.now()
        q.return_state = sb.state
        transition(s, core, actor, sb, SB["query_pending"], reason=f"query {q.sl}",
                   action="query_approve")
        return sb_view(s, sb)


def withdraw_query(core: Core, actor: Actor, sb_no: int, reason: str, *,
                   expected_version: int | None = None) -> SbView:
    """The AC/DC declines a raised query (it never took effect)."""
    with core.db.write() as s:
        d = QUERY.take(s, actor, "withdraw", sb_no, expected_version=expected_version)
        d.query.closed_by, d.query.closed_at = actor.username, core.now()
        transition(s, core, actor, d, QUERY["withdraw"], reason=reason,
                   action="query_withdraw")
        return sb_view(s, d.sb)


def reply_query(core: Core, actor: Actor, sb_no: int, reply: str, *,
                expected_version: int | None = None) -> SbView:
    """The service centre keys the exporter's reply (EXP-QRY-1)."""
    if not reply.strip():
        raise InvalidInput("reply", "required", "EXP-QRY-1")
    with core.db.write() as s:
        d = QUERY.take(s, actor, "reply", sb_no, expected_version=expected_version)
        q = d.query
        q.reply, q.replied_by, q.replied_at = reply.strip(), actor.username, core.now()
        transition(s, core, actor, d, QUERY["reply"], reason=f"query {q.sl}",
                   action="query_reply")
        return sb_view(s, d.sb)


def close_query(core: Core, actor: Actor, sb_no: int, *, satisfied: bool = True,
                remarks: str = "", expected_version: int | None = None) -> SbView:
    """The AC/DC accepts the reply (the SB returns to its previous state) or, not satisfied,
    sends the query back for a fresh reply (EXP-QRY-1)."""
    with core.db.write() as s:
        d = QUERY.take(s, actor, "close", sb_no, expected_version=expected_version)
        q, sb = d.query, d.sb
        if not satisfied:
            transition(s, core, actor, d, QUERY["close"], to=Q.APPROVED,
                       action="query_reply_rejected",
                       reason=f"query {q.sl}: {remarks or 'reply not satisfactory'}; was: "
                              f"{q.reply}")
            return sb_view(s, sb)
        q.state, q.closed_by, q.closed_at = Q.CLOSED, actor.username, core.now()
        transition(s, core, actor, sb, SB["query_closed"], to=q.return_state,
                   action="query_close",
                   reason=f"query {q.sl}: {remarks or 'reply accepted'}")
        return sb_view(s, sb)

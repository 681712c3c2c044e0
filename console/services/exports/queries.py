"""Queries on a Shipping Bill (EXP-QRY-1/2).

The Appraiser raises one complete query (several points); it takes effect only
when the AC/DC approves it, and only then does the SB wait in
``query_pending``. The service centre keys the exporter's reply; the AC/DC
accepts it (the SB returns to where it was) or sends it back for a better one.
One open query per SB at a time, so each act names the SB only.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import check_version, note, transition
from console.roles import Actor, Role, not_own_request, require, require_rank
from console.services.exports.sb_common import (
    OPEN_QUERY_STATES,
    SB_TRANSITIONS,
    S,
    SbView,
    load_sb,
    sb_view,
)

QUERYABLE = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.EXAMINED)


def _open(s: Session, sb: t.ShippingBill, *states: str) -> t.SbQuery:
    q = s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id,
                                       t.SbQuery.state.in_(states or OPEN_QUERY_STATES))
               .with_for_update()).first()
    if q is None:
        wanted = " or ".join(states or OPEN_QUERY_STATES)
        raise RuleViolation("EXP-QRY-1", f"SB {sb.sb_no} has no query that is {wanted}")
    return q


def raise_query(core: Core, actor: Actor, sb_no: int, points: list[str], *,
                expected_version: int | None = None) -> SbView:
    """Raise a query with all its points at once (EXP-QRY-2); in force after approval."""
    require(actor, Role.APR, act="raise queries")
    points = [p.strip() for p in points if p and p.strip()]
    if not points:
        raise InvalidInput("points", "a query needs at least one point", "EXP-QRY-2")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        if sb.state not in QUERYABLE:
            raise RuleViolation("EXP-QRY-1", f"SB {sb_no} is {sb.state}: queries are raised "
                                "during assessment or after examination")
        if s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id,
                                          t.SbQuery.state.in_(OPEN_QUERY_STATES))).first():
            raise RuleViolation("EXP-QRY-2", f"SB {sb_no} already has an open query: put every "
                                "point in one query, not piecemeal")
        sl = s.exec(select(func.count()).where(t.SbQuery.sb_id == sb.id)).one() + 1
        s.add(t.SbQuery(sb_id=sb.id, sl=sl, points="\n".join(points), state="raised",
                        return_state=sb.state, raised_by=actor.username, raised_at=core.now()))
        note(s, core, actor, sb, kind="SB", ref=sb_no, action="query_raise",
             reason=f"query {sl}: {len(points)} point(s)")
        return sb_view(s, sb)


def approve_query(core: Core, actor: Actor, sb_no: int, *,
                  expected_version: int | None = None) -> SbView:
    """AC/DC approval puts the query in force: the SB waits in query_pending (EXP-QRY-1)."""
    require_rank(actor, Role.ACDC, act="approve queries")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        q = _open(s, sb, "raised")
        not_own_request(actor, q.raised_by, "approve a query")
        q.state, q.approved_by, q.approved_at = "approved", actor.username, core.now()
        q.return_state = sb.state
        s.add(q)
        transition(s, core, actor, sb, kind="SB", ref=sb_no, allowed=SB_TRANSITIONS,
                   to_state=S.QUERY_PENDING, action="query_approve", reason=f"query {q.sl}",
                   rule="EXP-QRY-1", expected_version=expected_version)
        return sb_view(s, sb)


def withdraw_query(core: Core, actor: Actor, sb_no: int, reason: str) -> SbView:
    """The AC/DC declines a raised query (it never took effect)."""
    require_rank(actor, Role.ACDC, act="decline queries")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        q = _open(s, sb, "raised")
        not_own_request(actor, q.raised_by, "decline a query")
        q.state, q.closed_by, q.closed_at = "withdrawn", actor.username, core.now()
        s.add(q)
        note(s, core, actor, sb, kind="SB", ref=sb_no, action="query_withdraw", reason=reason)
        return sb_view(s, sb)


def reply_query(core: Core, actor: Actor, sb_no: int, reply: str, *,
                expected_version: int | None = None) -> SbView:
    """The service centre keys the exporter's reply (EXP-QRY-1)."""
    require(actor, Role.OPR, act="key query replies")
    if not reply.strip():
        raise InvalidInput("reply", "required", "EXP-QRY-1")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        q = _open(s, sb, "approved")
        q.state, q.reply = "replied", reply.strip()
        q.replied_by, q.replied_at = actor.username, core.now()
        s.add(q)
        note(s, core, actor, sb, kind="SB", ref=sb_no, action="query_reply",
             reason=f"query {q.sl}")
        return sb_view(s, sb)


def close_query(core: Core, actor: Actor, sb_no: int, *, satisfied: bool = True,
                remarks: str = "", expected_version: int | None = None) -> SbView:
    """The AC/DC accepts the reply (the SB returns to its previous state) or, not satisfied,
    sends the query back for a fresh reply (EXP-QRY-1)."""
    require_rank(actor, Role.ACDC, act="close queries")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        q = _open(s, sb, "replied")
        not_own_request(actor, q.raised_by, "close a query")
        if not satisfied:
            q.state = "approved"
            s.add(q)
            note(s, core, actor, sb, kind="SB", ref=sb_no, action="query_reply_rejected",
                 reason=f"query {q.sl}: {remarks or 'reply not satisfactory'}; was: {q.reply}")
            return sb_view(s, sb)
        q.state, q.closed_by, q.closed_at = "closed", actor.username, core.now()
        s.add(q)
        transition(s, core, actor, sb, kind="SB", ref=sb_no, allowed=SB_TRANSITIONS,
                   to_state=q.return_state, action="query_close",
                   reason=f"query {q.sl}: {remarks or 'reply accepted'}", rule="EXP-QRY-1",
                   expected_version=expected_version)
        return sb_view(s, sb)

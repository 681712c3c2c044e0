"""A query on a Shipping Bill (EXP-QRY-1/2): raised by the Appraiser (``SB.query_raise``),
in force only once the AC/DC approves it; the service centre keys the exporter's reply and
the AC/DC accepts it or sends it back. One open query per SB at a time, so each act names
the SB; the query acts check the query's state with the SB's location and version, and go
on the SB's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, Of, act
from console.acts.sb import SB
from console.roles import Role


class QueryState(StrEnum):
    NONE = "none"  # the SB has no query (``SbQuery`` rows never hold it)
    RAISED = "raised"
    APPROVED = "approved"
    REPLIED = "replied"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


Q = QueryState
OPEN = (Q.RAISED, Q.APPROVED, Q.REPLIED)  # one open query per SB at a time (EXP-QRY-2)
IN_FORCE = (Q.APPROVED, Q.REPLIED, Q.CLOSED)  # printed once approved (EXP-QRY-1)
PENDING = (Q.APPROVED, Q.REPLIED)  # in force and not yet answered: holds LEO (EXP-QRY-1)


@dataclass
class QueryOnSb:
    """An SB with its latest query: the query's state, the SB's location and version."""

    sb: t.ShippingBill
    query: t.SbQuery | None
    version = Of("sb")
    location_code = Of("sb")

    @property
    def state(self) -> str:
        return self.query.state if self.query else Q.NONE

    @state.setter
    def state(self, value: str) -> None:
        assert self.query is not None
        self.query.state = value

    @property
    def raised_by(self) -> str:
        return self.query.raised_by if self.query else ""


def load(session: Session, sb_no: int, *, lock: bool = True) -> QueryOnSb:
    """The SB and its latest query, both held by their row locks."""
    sb = SB.load(session, sb_no, lock=lock)  # type: ignore[misc]
    q = select(t.SbQuery).where(t.SbQuery.sb_id == sb.id).order_by(t.SbQuery.sl.desc())
    return QueryOnSb(sb, session.exec(q.with_for_update() if lock else q).first())


QUERY = ActTable("QUERY", "SB", QueryState, [
    act("approve", "approve a query (AC/DC)", "EXP-QRY-1", rank=Role.ACDC, from_={Q.RAISED},
        to=Q.APPROVED, not_by="raised_by", fn="exports.queries.approve_query", queue=True),
    act("withdraw", "decline a raised query (AC/DC)", "EXP-QRY-1", rank=Role.ACDC,
        from_={Q.RAISED}, to=Q.WITHDRAWN, not_by="raised_by",
        fn="exports.queries.withdraw_query"),
    # Decided (issue 17): a query raised and never approved never took effect; the
    # appraiser who assesses the SB no longer needs the answer, so it is withdrawn with the
    # assessment (or the AC/DC's clearance) instead of waiting for an approval that would
    # put in force a query on an SB already assessed.
    act("lapse", "withdraw an unapproved query with the assessment", "EXP-QRY-1",
        from_={Q.RAISED}, to=Q.WITHDRAWN, via="SB.assess"),
    act("reply", "key the exporter's reply to a query", "EXP-QRY-1", roles={Role.OPR},
        from_={Q.APPROVED}, to=Q.REPLIED, fn="exports.queries.reply_query", queue=True),
    act("close", "accept the reply to a query, or send it back (AC/DC)", "EXP-QRY-1",
        rank=Role.ACDC, from_={Q.REPLIED}, to={Q.CLOSED, Q.APPROVED}, not_by="raised_by",
        fn="exports.queries.close_query", queue=True),
], load=load, ref=lambda d: str(d.sb.sb_no), audit_kind="SB")

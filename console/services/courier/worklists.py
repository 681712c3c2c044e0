"""What waits at the courier terminal, queue by queue, and the Auto-LEO report (CSB-4,
CSB-6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import select

import db.tables as t
from console.acts.csb import AWAITING_ASSESSMENT, CLEARABLE, CSB, XRAYABLE, S, XrayResult
from console.core import Core
from console.errors import InvalidInput
from console.roles import Actor, Role
from console.services.courier.csb_common import CsbView, csb_view

QUEUES: dict[str, str] = {
    "xray": "Parcels to X-ray",
    "assess": "CSBs to assess",
    "examine": "CSBs to examine",
    "leo": "CSBs awaiting LEO by the officer",
}
DEFAULT_QUEUE: dict[Role, str] = {Role.CUS: "xray", Role.APR: "leo", Role.EXM: "examine"}


@dataclass(frozen=True)
class CsbWorklist:
    queue: str
    title: str
    rows: list[CsbView]
    total: int


def _queue_filter(queue: str):
    csb = t.CourierShippingBill
    if queue == "xray":
        return csb.state.in_(list(XRAYABLE)) & (csb.xray_result == "")
    if queue == "assess":
        return csb.state.in_(list(AWAITING_ASSESSMENT))
    if queue == "examine":
        return csb.state == S.FOR_EXAMINATION
    if queue == "leo":
        return or_((csb.state == S.EXAMINED) & (csb.xray_result != ""),
                   csb.state.in_(list(CLEARABLE))
                   & (csb.xray_result == XrayResult.CLEARED))
    raise InvalidInput("queue", f"{queue!r}; one of {', '.join(QUEUES)}")


def worklist(core: Core, actor: Actor, queue: str | None = None, *, offset: int = 0,
             limit: int = 50) -> CsbWorklist:
    """What waits at the actor's location: the role's own queue unless one is named.
    ``leo`` is the courier LEO officer's worklist (CSB-4)."""
    queue = queue or DEFAULT_QUEUE.get(actor.role, "leo")
    cond = _queue_filter(queue)
    csb = t.CourierShippingBill
    q = select(csb).where(csb.location_code == actor.location_code, cond)
    with core.db.read() as s:
        total = s.exec(select(func.count()).select_from(q.subquery())).one()
        rows = s.exec(q.order_by(csb.csb_no).offset(offset).limit(limit)).all()
        return CsbWorklist(queue, QUEUES[queue], [csb_view(r, actor) for r in rows], total)


def queues_for(actor: Actor) -> tuple[str, ...]:
    """The queues of the acts the officer may take here (the CSB table: the custodian's
    X-ray, the appraiser's assessment and LEO, the examiner's examination)."""
    return tuple(q for q in QUEUES if CSB.refusal(actor, q) is None)


def waiting_here(core: Core, actor: Actor, *, everything: bool = False, offset: int = 0,
                 limit: int = 100) -> CsbWorklist:
    """The courier officer's list at their terminal: every CSB waiting for one of their acts
    (``queues_for``), oldest first, or with ``everything`` every CSB filed there, newest
    first (the service centre's view of what it filed). Each row carries the acts open to
    the officer (CSB-1..CSB-4)."""
    csb = t.CourierShippingBill
    queues = queues_for(actor)
    q = select(csb).where(csb.location_code == actor.location_code)
    if everything or not queues:
        q, title = q.order_by(csb.csb_no.desc()), "Every CSB filed here, newest first"
        queue = "all"
    else:
        q = q.where(or_(*(_queue_filter(x) for x in queues))).order_by(csb.csb_no)
        title = " · ".join(QUEUES[x] for x in queues)
        queue = "+".join(queues)
    with core.db.read() as s:
        total = s.exec(select(func.count()).select_from(q.order_by(None).subquery())).one()
        rows = s.exec(q.offset(offset).limit(limit)).all()
        return CsbWorklist(queue, title, [csb_view(r, actor) for r in rows], total)


@dataclass(frozen=True)
class LeoDay:
    day: date
    auto: int
    manual: int
    by_rule: dict[str, int]


def leo_report(core: Core, actor: Actor, date_from: date, date_to: date) -> list[LeoDay]:
    """Auto-LEO against officers' LEOs, per day, at the actor's location (CSB-6)."""
    if date_to < date_from:
        raise InvalidInput("date_to", "is before date_from")
    csb = t.CourierShippingBill
    day = func.date(csb.leo_at)
    q = (select(day, csb.autoleo_rule, func.count())
         .where(csb.location_code == actor.location_code, csb.leo_at.is_not(None),
                csb.leo_at >= datetime.combine(date_from, datetime.min.time()),
                csb.leo_at < datetime.combine(date_to + timedelta(days=1),
                                              datetime.min.time()))
         .group_by(day, csb.autoleo_rule))
    out: dict[date, LeoDay] = {}
    with core.db.read() as s:
        for d, rule, n in s.exec(q):
            d = d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
            cur = out.setdefault(d, LeoDay(d, 0, 0, {}))
            if rule:
                cur.by_rule[rule] = cur.by_rule.get(rule, 0) + n
                out[d] = LeoDay(d, cur.auto + n, cur.manual, cur.by_rule)
            else:
                out[d] = LeoDay(d, cur.auto, cur.manual + n, cur.by_rule)
    return [out[d] for d in sorted(out)]

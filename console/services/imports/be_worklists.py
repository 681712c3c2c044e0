"""What Bills of Entry wait for each officer (imports.md states), newest BE first, paged.

Service centre: drafts and printed checklists, to correct and submit (IMP-BE-2); assessed
BEs whose duty is to be paid (IMP-PAY-1).
Import appraiser: BEs on second check, and first-check BEs examined, to assess
(IMP-APR-1/2). Examiner: paid BEs (and first-check BEs) whose goods are to be registered,
registered ones to examine (IMP-EXM-1); warehousing (W) BEs once assessed, their duty being
paid on the ex-bond BEs (WH-5). Superintendent: ex-bond (X) BEs examined and paid, to check
against the bond register (WH-4). Shed appraiser: examined and paid (a W BE: examined), to
give Out of Charge (IMP-OOC-1), and BEs whose Out of Charge was cancelled (IMP-AMD-2). The
appraiser's list holds all three appraiser stages (the Superintendent works as APR here).
"""

from __future__ import annotations

from sqlalchemy import and_, exists, func, or_
from sqlmodel import select

import db.tables as t
from console.acts.be import BE, KEYING, B, BeType
from console.core import Core
from console.money import from_paise, inr
from console.roles import Actor, Role
from console.services.exports.worklists import PAGE, WorkPage, WorkRow
from console.services.imports.be_enquiry import next_step

be = t.BillOfEntry
_checked = exists().where(t.ExBond.be_id == be.id, t.ExBond.checked_at.is_not(None))
W, X = BeType.WAREHOUSING, BeType.EX_BOND
_examined_and_paid = or_(and_(be.state == B.EXAMINED, ~be.first_check, or_(
                             be.paid_at.is_not(None), be.be_type == W)),
                         and_(be.state == B.PAID, be.examined_at.is_not(None)))
STAGES = {
    # the service centre's own: drafts to correct, check and submit (IMP-BE-2), and duty
    # to pay once assessed (IMP-PAY-1; a W BE's is paid ex-bond, WH-5), also where the
    # goods were verified while the payment was in process (IMP-CCV-1)
    "to_submit": be.state.in_(KEYING),
    "to_pay": and_(be.be_type != W, be.paid_at.is_(None), or_(
        be.state == B.ASSESSED, and_(be.state.in_((B.REGISTERED, B.EXAMINED)),
                                     be.assessed_at.is_not(None)))),
    "to_assess": or_(be.state == B.SECOND_CHECK,
                     and_(be.state == B.EXAMINED, be.first_check)),
    # an X BE is checked by the Superintendent against the bond register first (WH-4)
    "to_check": and_(be.be_type == X, _examined_and_paid, ~_checked),
    "to_give_ooc": or_(and_(_examined_and_paid, or_(be.be_type != X, _checked)),
                       be.state == B.OOC_CANCELLED),
    # a W BE's duty is paid on its ex-bond BEs: registered once assessed (WH-5)
    "to_register": or_(be.state == B.FIRST_CHECK,
                       and_(be.state == B.PAID, be.registered_at.is_(None)),
                       and_(be.state == B.ASSESSED, be.be_type == W)),
    "to_examine": be.state == B.REGISTERED,
    # a query raised by the group waits for the AC/DC (IMP-APR-1); in force, for the reply
    "to_approve_query": be.state == B.QUERY_RAISED,
    "to_reply": be.state == B.QUERY_PENDING,
}
# The states each stage's BEs can be in (what its condition above allows): the list reads
# ``state IN (...)`` of its stages first, so it walks only BEs in flight on the index
# (location_code, state), never the port's Out of Charge ones: the appraiser's list read
# every BE of the port on SQLite (5.9 s p50 at 2M BEs, issue 21). A stage's condition
# must imply its states here (tests/test_imports.py checks every combination).
STAGE_STATES: dict[str, tuple[str, ...]] = {
    "to_submit": KEYING,
    "to_pay": (B.ASSESSED, B.REGISTERED, B.EXAMINED),
    "to_assess": (B.SECOND_CHECK, B.EXAMINED),
    "to_check": (B.EXAMINED, B.PAID),
    "to_give_ooc": (B.EXAMINED, B.PAID, B.OOC_CANCELLED),
    "to_register": (B.FIRST_CHECK, B.PAID, B.ASSESSED),
    "to_examine": (B.REGISTERED,),
    "to_approve_query": (B.QUERY_RAISED,),
    "to_reply": (B.QUERY_PENDING,),
}
# the act each stage waits for: who it waits for is that act's row (console.acts.be)
STAGE_ACTS = {"to_submit": "submit", "to_pay": "pay", "to_assess": "assess",
              "to_check": "ex_bond_check", "to_give_ooc": "ooc",
              "to_register": "register_goods", "to_examine": "examine",
              "to_approve_query": "query_approve", "to_reply": "query_reply"}
STAGE_LABELS = {"to_submit": "draft or checklist, to submit", "to_pay": "duty to pay",
                "to_assess": "to assess", "to_check": "to check against the bond register",
                "to_give_ooc": "to give Out of Charge", "to_register": "goods to register",
                "to_examine": "to examine", "to_approve_query": "query to approve",
                "to_reply": "query to reply"}
STAGES_FOR: dict[Role, tuple[str, ...]] = {
    role: stages for role in Role
    if (stages := tuple(x for x, a in STAGE_ACTS.items() if role in BE[a].roles
                        or role == BE[a].rank))}
TITLES: dict[Role, str] = {
    Role.OPR: "Bills of Entry: drafts and checklists to submit, duty to pay",
    Role.APR: "Bills of Entry to assess, and to give Out of Charge",
    Role.EXM: "Bills of Entry: goods to register, and to examine",
    Role.ACDC: "Bills of Entry: queries to approve",
}


def for_officer(core: Core, actor: Actor, offset: int = 0, limit: int = PAGE,
                stage: str | None = None, search: str = "") -> WorkPage:
    """The officer's BE worklist page; ``stage`` narrows it, ``search`` matches the BE
    number or the IEC."""
    stages = STAGES_FOR.get(actor.role, ())
    if stage:
        stages = tuple(x for x in stages if x == stage)
    title = TITLES.get(actor.role, "No Bills of Entry wait for this role")
    if not stages:
        return WorkPage(title, [], 0, offset)
    in_flight = sorted({st for x in stages for st in STAGE_STATES[x]})
    q = select(be).where(be.location_code == actor.location_code, be.state.in_(in_flight),
                         or_(*(STAGES[x] for x in stages)))
    text = search.strip().upper()
    if text:
        q = q.where(be.be_no == int(text) if text.isdigit() else be.iec.startswith(text))
    with core.db.read() as s:
        total = s.exec(select(func.count()).select_from(q.subquery())).one()
        rows = s.exec(q.order_by(be.be_no.desc(), be.job_no.desc()).offset(offset)
                      .limit(limit)).all()
        checked = set(s.exec(select(t.ExBond.be_id).where(
            t.ExBond.be_id.in_([r.id for r in rows if r.be_type == X]),
            t.ExBond.checked_at.is_not(None))).all())
        out = []
        for r in rows:
            acts = [x for x in (r.created_at, r.assessed_at, r.paid_at, r.registered_at,
                                r.examined_at) if x is not None]
            check = "first check" if r.first_check else "second check"
            step = STAGE_LABELS.get(next_step(r, r.id in checked), "")
            out.append(WorkRow("BE", str(r.be_no or f"job {r.job_no}"), r.state, r.iec,
                               max(acts),
                               f"{step} · {check} · duty "
                               f"₹{inr(from_paise(r.duty_paise))}"))
        return WorkPage(title, out, total, offset)

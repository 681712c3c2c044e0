"""What only a supervisor may allow on an RMS-facilitated SB (EXP-RMS-3/4), and the
supervisor's list of everything awaiting their approval.

* Examination of a facilitated SB: an officer asks with reasons; the Commissioner or an
  Additional/Joint Commissioner approves, the reasons go into the departmental comments
  (the SB's examination instructions and its audit trail) and the examination follows
  (at once if the goods are registered, else on registration) (EXP-RMS-3).
* Recall of a facilitated SB for re-assessment: recommended by an officer; the AC/DC
  records the written approval; the SB goes back to the Appraiser (EXP-RMS-4). Only
  before the goods are registered (design: after registration the SB is at the shed and
  examination (EXP-RMS-3) is the way to look at it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

import db.tables as t
from console.acts.be import BE, B
from console.acts.be_request import BEAMD, BEOOC, BeRequestKind
from console.acts.be_request import OPEN as BE_OPEN
from console.acts.be_request import BeRequestState as BR
from console.acts.query import QUERY, Q, QueryOnSb
from console.acts.sb import SB, S
from console.acts.sb_request import EXAM, OPEN, RECALL, R, RequestOnSb
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.roles import RANK, Actor, Role
from console.services.exports import amendments as amd
from console.services.exports import cancellations, queries
from console.services.imports import be_amendments, be_clearance, be_enquiry


def _facilitated(sb: t.ShippingBill, rule: str) -> None:
    if sb.route != "facilitated":
        raise RuleViolation(rule, f"SB {sb.sb_no} was routed for {sb.route.replace('_', ' ')}, "
                            "not facilitated by RMS")


def _examined(s, sb: t.ShippingBill) -> bool:
    return s.exec(select(t.Examination).where(t.Examination.sb_id == sb.id)).first() is not None


def request_exam_facilitated(core: Core, actor: Actor, sb_no: int, reasons: str) -> amd.RequestView:
    """An officer asks to examine an RMS-facilitated SB, giving reasons (EXP-RMS-3)."""
    if not reasons.strip():
        raise InvalidInput("reasons", "give the reasons for examination", "EXP-RMS-3")
    with core.db.write() as s:
        sb = SB.take(s, actor, "request_exam", sb_no)
        _facilitated(sb, "EXP-RMS-3")
        if _examined(s, sb):
            raise RuleViolation("EXP-RMS-3", f"SB {sb_no} has been examined already")
        amd.check_open(s, sb, ("exam_facilitated",), "EXP-RMS-3")
        req = amd.new_request(s, core, actor, sb, "exam_facilitated", reason=reasons, rows=None,
                              rank=Role.ADC, rule="EXP-RMS-3", act="request_exam",
                              why="Addl/Jt Commissioner or Commissioner")
        return amd.request_view(req)


def approve_exam_facilitated(core: Core, actor: Actor, request_id: int, comment: str, *,
                             expected_version: int | None = None) -> amd.RequestView:
    """The Commissioner or an Addl/Jt Commissioner approves, with reasons recorded in the
    departmental comments (EXP-RMS-3)."""
    from console.services.exports import examination

    if not comment.strip():
        raise InvalidInput("comment", "record the reasons in the departmental comments",
                           "EXP-RMS-3")
    with core.db.write() as s:
        d = EXAM.take(s, actor, "approve", request_id, expected_version=expected_version)
        req, sb = d.req, d.sb
        if SB.refusal(actor, "departmental_comment", sb) is not None or _examined(s, sb):
            raise RuleViolation("EXP-RMS-3", f"SB {sb.sb_no} is {sb.state.replace('_', ' ')}: "
                                "it can no longer be examined before LEO")
        said = (f"examination approved by {actor.username} ({actor.role.value}, EXP-RMS-3): "
                f"{comment.strip()}")
        sb.exam_instructions = "; ".join(x for x in (sb.exam_instructions, said) if x)[:500]
        transition(s, core, actor, sb, SB["departmental_comment"],
                   reason=f"{said} (asked by {req.requested_by}: {req.reason})"[:500])
        if sb.state == S.GOODS_REGISTERED:
            goods = s.exec(select(t.GoodsRegistration)
                           .where(t.GoodsRegistration.sb_id == sb.id)).one()
            goods.instructions = sb.exam_instructions
            examination.order_examination(s, core, actor, sb, goods)
        _done(s, core, actor, d, comment)
        return amd.request_view(req)


def request_recall(core: Core, actor: Actor, sb_no: int, reasons: str) -> amd.RequestView:
    """An officer recommends recalling a facilitated SB for re-assessment (EXP-RMS-4)."""
    if not reasons.strip():
        raise InvalidInput("reasons", "give the reasons for the recall", "EXP-RMS-4")
    with core.db.write() as s:
        sb = SB.take(s, actor, "request_recall", sb_no)
        _facilitated(sb, "EXP-RMS-4")
        amd.check_open(s, sb, ("recall",), "EXP-RMS-4")
        req = amd.new_request(s, core, actor, sb, "recall", reason=reasons, rows=None,
                              rank=Role.ACDC, rule="EXP-RMS-4", act="request_recall",
                              why="AC/DC written approval")
        return amd.request_view(req)


def approve_recall(core: Core, actor: Actor, request_id: int, written_approval: str, *,
                   expected_version: int | None = None) -> amd.RequestView:
    """The AC/DC records the written approval; the SB goes to the Appraiser (EXP-RMS-4)."""
    if not written_approval.strip():
        raise InvalidInput("written_approval", "record the written approval (reference and "
                           "text)", "EXP-RMS-4")
    with core.db.write() as s:
        d = RECALL.take(s, actor, "approve", request_id, expected_version=expected_version)
        req, sb = d.req, d.sb
        if SB.refusal(actor, "recall", sb) is not None:
            raise RuleViolation("EXP-RMS-4", f"SB {sb.sb_no} is {sb.state.replace('_', ' ')}: "
                                "only a facilitated SB awaiting its goods can be recalled")
        req.route_before, sb.route = sb.route, "assessment"
        sb.rms_note = f"recalled for re-assessment by {actor.username} (EXP-RMS-4)"
        transition(s, core, actor, sb, SB["recall"],
                   reason=f"request {req.id}; written approval: {written_approval.strip()}"[:500])
        req.route_after = sb.route
        _done(s, core, actor, d, written_approval)
        return amd.request_view(req)


def _done(s, core: Core, actor: Actor, d: RequestOnSb, text: str) -> None:
    req = d.req
    req.permission_by, req.permission_role = actor.username, actor.role.value
    req.permission_at, req.permission_note = core.now(), text.strip()
    amd.move_request(s, core, actor, d, "approve", text.strip())


# ---- one entry point for the approvals screen ----


def approve(core: Core, actor: Actor, key: str, text: str = "", *,
            copies_surrendered: bool = False) -> object:
    """Approve what ``key`` names at its current stage: ``QUERY:<sb_no>`` or ``REQ:<id>``
    (an SB's), ``BEQ:<be_no>`` (a BE's query) or ``BEREQ:<id>`` (a BE's amendment or
    Out-of-Charge cancellation request). ``text``: the permission note, status check,
    departmental comment or written approval (an SB request's)."""
    kind, _, ref = key.partition(":")
    if kind == "QUERY":
        return queries.approve_query(core, actor, int(ref))
    if kind == "BEQ":
        return be_clearance.approve_query(core, actor, int(ref))
    if kind == "BEREQ":
        return approve_be_request(core, actor, int(ref))
    if kind != "REQ":
        raise NotFound(f"nothing to approve under {key!r}")
    view = amd.get_request(core, int(ref))
    if view.kind in amd.AMENDMENT_KINDS:
        if view.state == R.REQUESTED:
            return amd.permit_amendment(core, actor, view.id, text)
        return amd.approve_in_system(core, actor, view.id, copies_surrendered=copies_surrendered)
    if view.kind in amd.CANCEL_KINDS:
        return cancellations.permit_cancellation(core, actor, view.id, text)
    if view.kind == "exam_facilitated":
        return approve_exam_facilitated(core, actor, view.id, text)
    return approve_recall(core, actor, view.id, text)


# a BE request's next step: its act and the service that takes it (IMP-AMD-1/2)
BE_REQUEST_STEPS = {
    (BeRequestKind.AMENDMENT, BR.REQUESTED): ("BEAMD.approve",
                                              be_amendments.approve_amendment),
    (BeRequestKind.AMENDMENT, BR.APPROVED): ("BEAMD.accept", be_amendments.accept_amendment),
    (BeRequestKind.AMENDMENT, BR.ACCEPTED): ("BEAMD.incorporate",
                                             be_amendments.incorporate_amendment),
    (BeRequestKind.OOC_CANCELLATION, BR.REQUESTED): ("BEOOC.approve",
                                                     be_amendments.approve_ooc_cancellation),
    (BeRequestKind.OOC_CANCELLATION, BR.APPROVED): ("BEOOC.cancel",
                                                    be_amendments.cancel_out_of_charge),
}
BE_REQUEST_STAGES = {"BEAMD.approve": "approve", "BEAMD.accept": "accept (appraiser)",
                     "BEAMD.incorporate": "accept, re-assess", "BEOOC.approve": "approve",
                     "BEOOC.cancel": "cancel the OOC"}


def approve_be_request(core: Core, actor: Actor, request_id: int, *,
                       expected_version: int | None = None) -> object:
    """Take a BE request's next step (``BE_REQUEST_STEPS``) on the version the officer saw
    (by default the one read now); its table decides who may."""
    view = be_amendments.get_request(core, request_id)
    step = BE_REQUEST_STEPS.get((BeRequestKind(view.kind), BR(view.state)))
    if step is None:
        raise NotFound(f"request {request_id} is {view.state.replace('_', ' ')}: nothing to "
                       "approve")
    version = view.version if expected_version is None else expected_version
    return step[1](core, actor, request_id, expected_version=version)


def reject(core: Core, actor: Actor, key: str, reason: str) -> object:
    """Refuse what ``key`` names (see ``approve``), with the reason."""
    kind, _, ref = key.partition(":")
    if kind == "QUERY":
        return queries.withdraw_query(core, actor, int(ref), reason)
    if kind == "BEQ":
        return be_clearance.decline_query(core, actor, int(ref), reason)
    if kind == "BEREQ":
        return be_amendments.reject_request(core, actor, int(ref), reason)
    if kind != "REQ":
        raise NotFound(f"nothing to refuse under {key!r}")
    return amd.reject(core, actor, int(ref), reason)


# ---- awaiting approval ----


@dataclass(frozen=True)
class PendingItem:
    key: str  # QUERY:<sb_no>, REQ:<id>, BEQ:<be_no>, BEREQ:<id>: what approve/reject take
    kind: str  # query, amendment, ..., reprint; be_query, be_amendment, ooc_cancellation
    kind_label: str
    sb_no: int
    stage: str  # approve query, permission, approval in system, approval
    summary: str
    requested_by: str
    requested_at: datetime
    age_days: int
    required_rank: str
    rule: str
    acts: tuple[str, ...] = ()  # what the supervisor may do to it now (KIND.act)
    doc: str = "SB"  # the document it is about: SB or BE
    doc_no: int = 0  # its number (an SB item's is ``sb_no``)
    detail: str = ""  # a query's points and any reply, in full

    @property
    def doc_ref(self) -> str:
        return f"{self.doc} {self.doc_no or self.sb_no}"


def awaiting_approval(core: Core, actor: Actor, *, include_lower: bool = False
                      ) -> list[PendingItem]:
    """Everything at the actor's location awaiting this supervisor, oldest first: queries
    to approve (EXP-QRY-1, for the AC/DC), requests needing the actor's rank (with
    ``include_lower`` also those a lower rank may decide, roles.md), amendments permitted
    and awaiting approval in the system (AC/DC). Each item carries the acts the actor may
    take on it (its table's ``open_to``), and only items with some are listed: the actor's
    own requests and those of other locations never are."""
    mine = RANK.get(actor.role, 0)

    def fits(rank: str) -> bool:
        need = RANK.get(Role(rank), 0)
        return need == mine or (include_lower and need < mine)

    today = core.today()
    out: list[PendingItem] = []
    with core.db.read() as s:
        if fits("ACDC"):
            rows = s.exec(select(t.SbQuery, t.ShippingBill)
                          .join(t.ShippingBill, t.ShippingBill.id == t.SbQuery.sb_id)
                          .where(t.SbQuery.state == Q.RAISED,
                                 t.ShippingBill.location_code == actor.location_code,
                                 t.SbQuery.raised_by != actor.username)).all()
            for q, sb in rows:
                first = q.points.splitlines()[0] if q.points else ""
                said = "\n".join(f"{n}. {p}" for n, p in
                                 enumerate(q.points.splitlines(), 1))
                if q.reply:
                    said += f"\nReply: {q.reply}"
                acts = tuple(f"QUERY.{n}" for n in QUERY.open_to(actor, QueryOnSb(sb, q)))
                if not acts:
                    continue
                out.append(PendingItem(f"QUERY:{sb.sb_no}", "query", "query", sb.sb_no,
                                       "approve query", f"query {q.sl}: {first}"[:120],
                                       q.raised_by, q.raised_at,
                                       (today - q.raised_at.date()).days, "ACDC", "EXP-QRY-1",
                                       acts, detail=said))
        reqs = s.exec(select(t.AmendmentRequest, t.ShippingBill).join(
            t.ShippingBill, t.ShippingBill.id == t.AmendmentRequest.sb_id).where(
            t.AmendmentRequest.state.in_(OPEN),
            t.AmendmentRequest.location_code == actor.location_code,
            t.AmendmentRequest.requested_by != actor.username)).all()
        for r, sb in reqs:
            table = amd.TABLE_OF[r.kind]
            acts = tuple(f"{table.kind}.{n}" for n in table.open_to(actor, RequestOnSb(r, sb)))
            if not acts:
                continue
            view = amd.request_view(r)
            if r.state == R.PERMITTED:
                if not fits("ACDC"):
                    continue
                rank = "ACDC"
            else:
                if not fits(r.required_rank):
                    continue
                rank = r.required_rank
            out.append(PendingItem(f"REQ:{r.id}", r.kind, view.kind_label, r.sb_no, view.stage,
                                   _summary(view), r.requested_by, r.requested_at,
                                   (today - r.requested_at.date()).days, rank, r.rule, acts))
        out += _be_pending(s, actor, today, fits)
    return sorted(out, key=lambda p: (p.requested_at, p.key))


def _be_pending(s, actor: Actor, today, fits) -> list[PendingItem]:
    """The BE side (IMP-APR-1, IMP-AMD-1/2): queries raised awaiting the group AC/DC, and
    amendment and Out-of-Charge cancellation requests at the step the actor may take (the
    AC/DC's approval or acceptance; the group appraiser's acceptance; the System Manager's
    cancellation on the approval in force), never the actor's own."""
    out: list[PendingItem] = []
    decide = {"query_approve", "query_decline"}
    if fits("ACDC"):
        raised = [(be, acts) for be in s.exec(select(t.BillOfEntry).where(
                      t.BillOfEntry.state == B.QUERY_RAISED,
                      t.BillOfEntry.location_code == actor.location_code)).all()
                  if (acts := tuple(f"BE.{n}" for n in BE.open_to(actor, be) if n in decide))]
        queries_of = _be_queries(s, [be.be_no for be, _acts in raised if be.be_no])
        for be, acts in raised:
            q = queries_of.get(be.be_no)
            if q is None or q.raised_by == actor.username:
                continue
            out.append(PendingItem(
                f"BEQ:{be.be_no}", "be_query", "query", 0, "approve query",
                q.text.splitlines()[0][:120] if q.text else "", q.raised_by, q.raised_at,
                (today - q.raised_at.date()).days, "ACDC", BE["query_approve"].rule, acts,
                doc="BE", doc_no=be.be_no, detail=q.said()))
    rows = s.exec(select(t.BeAmendment, t.BillOfEntry).join(
        t.BillOfEntry, t.BillOfEntry.id == t.BeAmendment.be_id).where(
        t.BeAmendment.state.in_(BE_OPEN),
        t.BeAmendment.location_code == actor.location_code,
        t.BeAmendment.requested_by != actor.username)).all()
    for r, be in rows:
        step = BE_REQUEST_STEPS.get((BeRequestKind(r.kind), BR(r.state)))
        acts = be_enquiry.request_acts(actor, r, be)
        if step is None or step[0] not in acts:
            continue
        act = (BEAMD if r.kind == BeRequestKind.AMENDMENT else BEOOC)[step[0].split(".")[1]]
        if act.rank is not None and not fits(act.rank.value):
            continue
        view = be_amendments.amendment_view(r)
        what = ", ".join(dict.fromkeys(
            (f"item {c.sl} " if c.sl else "") + be_amendments.field_label(c.field)
            for c in view.changes))
        summary = f"{what} — {r.reason}" if what else r.reason
        label = "amendment" if r.kind == BeRequestKind.AMENDMENT else "OOC cancellation"
        out.append(PendingItem(
            f"BEREQ:{r.id}", "be_amendment" if r.kind == BeRequestKind.AMENDMENT
            else "ooc_cancellation", label, 0, BE_REQUEST_STAGES[step[0]], summary[:120],
            r.requested_by, r.requested_at, (today - r.requested_at.date()).days,
            act.rank.value if act.rank else ", ".join(sorted(x.value for x in act.roles)),
            act.rule, acts, doc="BE", doc_no=r.be_no))
    return out


# the acts a BE's query is made of: all ``be_enquiry.query_of`` reads of its history
_QUERY_ACTIONS = tuple(BE[n].name for n in ("query", "query_approve", "query_decline",
                                            "query_reply"))
_IN_CHUNK = 500  # numbers an IN list holds (SQLite's limit on parameters is far above)


def _be_queries(s, be_nos: list[int]) -> dict[int, be_enquiry.BeQueryView]:
    """The latest query of each BE (``be_enquiry.current_query``), read in one statement
    per 500 BEs instead of one history a BE: the AC/DC's list read ~280 histories one by
    one, 0.6-1.2 s at 2M BEs (issue 21). Only the query's records are read; their order
    (``seq``) is the history's, so ``query_of`` sees what it sees in the whole history."""
    records: dict[str, list[t.AuditRecord]] = {}
    refs = [str(n) for n in dict.fromkeys(be_nos)]
    for i in range(0, len(refs), _IN_CHUNK):
        for r in s.exec(select(t.AuditRecord).where(
                t.AuditRecord.doc_kind == "BE", t.AuditRecord.doc_ref.in_(refs[i:i + _IN_CHUNK]),
                t.AuditRecord.action.in_(_QUERY_ACTIONS)).order_by(t.AuditRecord.seq)):
            records.setdefault(r.doc_ref, []).append(r)
    return {int(ref): q for ref, rs in records.items()
            if (q := be_enquiry.query_of(rs)) is not None}


def _summary(v: amd.RequestView) -> str:
    if v.changes:
        what = ", ".join(dict.fromkeys(f"{c.where} {be_amendments.field_label(c.field)}"
                                       if c.action == "change"
                                       else f"{c.where} {c.action}" for c in v.changes))
        return f"{what} — {v.reason}"[:120]
    return v.reason[:120]

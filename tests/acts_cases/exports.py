"""Exports (exports.md): the Shipping Bill and what hangs off it."""

from __future__ import annotations

from sqlmodel import select

import db.tables as t
from console.acts.query import Q
from console.services import prints
from console.services.exports import (
    amendments,
    assessment,
    cancellations,
    documents,
    egm,
    examination,
    filing,
    leo,
    queries,
    routing,
    supervision,
)
from console.services.schemes import depb
from tests.acts_cases.base import Subject
from tests.sb_support import IEC_MARINE, assessed, declaration, examined, file, registered


def _sb(core, job: int) -> int:
    """The SB number of a job now (submitting a forced checklist gives it a new one)."""
    with core.db.read() as s:
        return s.exec(select(t.ShippingBill.sb_no).where(t.ShippingBill.job_no == job)).one()


def _memo(core, sb_no: int) -> int:
    with core.db.read() as s:
        return s.exec(select(t.Sample.memo_no).join(
            t.ShippingBill, t.ShippingBill.id == t.Sample.sb_id)
            .where(t.ShippingBill.sb_no == sb_no)).first() or 0


def _query_force(sb_no: int):
    """A query in ``state``; ``none``: the SB has no query at all."""
    def force(core, state: str) -> None:
        with core.db.write() as s:
            sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb_no)).one()
            rows = s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id)).all()
            if state == Q.NONE:
                for r in rows:
                    s.delete(r)
                return
            if not rows:
                rows = [t.SbQuery(sb_id=sb.id, sl=1, points="a point", state=state,
                                  return_state="awaiting_assessment", raised_by="apr1",
                                  raised_at=core.now())]
            for r in rows:
                r.state = state
                s.add(r)
    return force


def _request(core, sb_no: int, kind: str, by: str) -> int:
    with core.db.write() as s:
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb_no)).one()
        req = t.AmendmentRequest(sb_id=sb.id, sb_no=sb_no, location_code=sb.location_code,
                                 kind=kind, changes='[{"part": "sb", "field": "marks", '
                                 '"before": "", "after": "M"}]' if kind == "amendment" else "[]",
                                 reason="r", requested_by=by, requested_at=core.now(),
                                 required_rank="ADC" if kind == "exam_facilitated" else "ACDC",
                                 rule="EXP-AMD-2")
        s.add(req)
        s.flush()
        return req.id


def subjects(core, a) -> list[Subject]:
    """An SB taken to Let Export with goods, samples and an examination, and requests on it."""
    sb = file(core, a, declaration(core, IEC_MARINE, "03"))
    sb = assessment.assess(core, a["apr1"], sb.sb_no, samples="2 x 250 g")
    sb = registered(core, a, assessed(core, a, sb))
    examination.draw_samples(core, a[sb.goods.examiner], sb.sb_no, "shrimp", "CIFT")
    sb = examined(core, a, sb)
    sb = leo.give_let_export_order(core, a["apr2"], sb.sb_no)
    rule = routing.add_rms_rule(core, a["acdc1"], name="case", route="examination",
                                iec=IEC_MARINE, priority=999)
    n = sb.sb_no
    return [
        Subject("SB", sb.job_no, by="job"),
        Subject("QUERY", n, force=_query_force(n)),
        Subject("AMD", _request(core, n, "amendment", "opr1")),
        Subject("CAN", _request(core, n, "cancellation", "opr1")),
        Subject("EXAM", _request(core, n, "exam_facilitated", "apr1")),
        Subject("RECALL", _request(core, n, "recall", "apr1")),
        Subject("RMS", rule.id),
    ]


def _print(kind: str, **kw):
    return lambda core, actor, job: prints.print_document(core, actor, kind, _sb(core, job),
                                                          **kw)


def _on_sb(fn, *args, **kw):
    """A call of ``fn(core, actor, sb_no, *args)`` on the subject (a job number)."""
    return lambda core, actor, job: fn(core, actor, _sb(core, job), *args, **kw)


CALLS = {
    "SB.key": lambda core, actor, ref: filing.create_draft(
        core, actor, declaration(core, IEC_MARINE, "03")),
    "SB.correct": lambda core, actor, job: filing.update_draft(
        core, actor, job, filing.draft_data(core, job), endorsement="marked"),
    "SB.checklist": lambda core, actor, job: filing.print_checklist(core, actor, job),
    "SB.submit": lambda core, actor, job: filing.submit_sb(core, actor, job),
    "SB.lapse_overdue": lambda core, actor, ref: filing.lapse_overdue(core, actor),
    "SB.assess": _on_sb(assessment.assess),
    "SB.acdc_clear": _on_sb(assessment.clear_by_acdc),
    "SB.instructions": _on_sb(assessment.give_instructions, instructions="open all"),
    "SB.ccr": _on_sb(assessment.decide_ccr, "PQ", complied=True),
    "SB.query_raise": _on_sb(queries.raise_query, ["why?"]),
    "SB.request_exam": _on_sb(supervision.request_exam_facilitated, "intelligence"),
    "SB.request_recall": _on_sb(supervision.request_recall, "valuation doubt"),
    "SB.admit": _on_sb(examination.admit_goods),
    "SB.register_goods": _on_sb(examination.register_goods, 10),
    "SB.samples": _on_sb(examination.draw_samples, "s", "lab"),
    "SB.examination_report": _on_sb(examination.enter_examination_report, "as declared"),
    "SB.refer_variation": _on_sb(examination.mark_variation, "short weight"),
    "SB.decide_variation": _on_sb(examination.decide_variation, exporter_agrees=True,
                                  view="agreed"),
    "SB.leo": _on_sb(leo.give_let_export_order),
    "SB.cess_paid": _on_sb(leo.pay_cess),
    "SB.stuffing": _on_sb(egm.enter_stuffing_report),
    "SB.request_amendment": _on_sb(amendments.request_amendment, {"marks": "NEW"}, "letter"),
    "SB.request_cancellation": _on_sb(cancellations.request_cancellation, "cancellation",
                                      "exporter's letter"),
    "SB.depb_change": _on_sb(depb.change_particulars, 1, "checked", value_for_credit="1"),
    "SB.depb_accept": _on_sb(depb.accept_lower_value, 1, "1"),
    "SB.depb_final": _on_sb(depb.finalise),
    "SB.print_checklist": _print("checklist"),
    "SB.print_copies": _print("sb"),
    "SB.print_leo_certificate": _print("leo_certificate", reason="exporter lost it"),
    "SB.print_exam_order": _print("exam_order"),
    "SB.print_test_memo": lambda core, actor, job: prints.print_document(
        core, actor, "test_memo", _memo(core, _sb(core, job))),
    "SB.print_query": _print("query"),
    "SB.print_cess_challan": _print("cess_challan"),
    "SB.print_charge_receipt": _print("charge_receipt"),
    "SB.print_certificate": _print("certificate"),
    "SB.reprint_permit": _on_sb(documents.permit_reprint, "system_failure", False),
    "QUERY.approve": lambda core, actor, ref: queries.approve_query(core, actor, ref),
    "QUERY.withdraw": lambda core, actor, ref: queries.withdraw_query(core, actor, ref, "no"),
    "QUERY.reply": lambda core, actor, ref: queries.reply_query(core, actor, ref, "answer"),
    "QUERY.close": lambda core, actor, ref: queries.close_query(core, actor, ref),
    "AMD.permit": lambda core, actor, ref: amendments.permit_amendment(core, actor, ref),
    "AMD.approve_in_system": lambda core, actor, ref: amendments.approve_in_system(
        core, actor, ref, copies_surrendered=True),
    "AMD.reject": lambda core, actor, ref: amendments.reject(core, actor, ref, "no"),
    "CAN.permit": lambda core, actor, ref: cancellations.permit_cancellation(
        core, actor, ref, "goods in the shed"),
    "CAN.reject": lambda core, actor, ref: amendments.reject(core, actor, ref, "no"),
    "EXAM.approve": lambda core, actor, ref: supervision.approve_exam_facilitated(
        core, actor, ref, "reasons recorded"),
    "EXAM.reject": lambda core, actor, ref: amendments.reject(core, actor, ref, "no"),
    "RECALL.approve": lambda core, actor, ref: supervision.approve_recall(
        core, actor, ref, "letter 12"),
    "RECALL.reject": lambda core, actor, ref: amendments.reject(core, actor, ref, "no"),
    "EGM.file": lambda core, actor, ref: egm.file_egm(core, actor, "AI", [9999999]),
    "RMS.add": lambda core, actor, ref: routing.add_rms_rule(core, actor, name="t",
                                                             route="examination"),
    "RMS.edit": lambda core, actor, ref: routing.edit_rms_rule(core, actor, ref, priority=7),
    "RMS.disable": lambda core, actor, ref: routing.deactivate_rms_rule(core, actor, ref,
                                                                        "trial over"),
}

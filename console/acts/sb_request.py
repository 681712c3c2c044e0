"""Requests about a submitted Shipping Bill that wait for a supervisor (one table each):

* ``AMD`` the exporter's application for an amendment or a freight/insurance change
  (EXP-AMD-2/3): allowed by the AC/DC before LEO, the Additional/Joint Commissioner after
  LEO, the Commissioner once the EGM is filed (design: a closed export document is
  re-opened only at the top); then approved in the system by the AC (Exports);
* ``CAN`` the exporter's application for cancellation, shut-out, back-to-town or short
  shipment, permitted by the AC/DC after checking the goods' status (EXP-CAN-1);
* ``EXAM`` an officer's request to examine an RMS-facilitated SB, approved by an
  Additional/Joint Commissioner or the Commissioner (EXP-RMS-3);
* ``RECALL`` an officer's recommendation to recall a facilitated SB for re-assessment,
  approved in writing by the AC/DC (EXP-RMS-4).

Nobody approves their own request. Every request goes on the ``AMD`` audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, Of, act
from console.acts.sb import S
from console.errors import InvalidInput, NotFound
from console.roles import RANK, Role


class RequestState(StrEnum):
    REQUESTED = "requested"
    PERMITTED = "permitted"
    APPROVED = "approved"
    REJECTED = "rejected"


R = RequestState
OPEN = (R.REQUESTED, R.PERMITTED)
AMENDMENT_KINDS = ("amendment", "freight_insurance")  # EXP-AMD-2, EXP-AMD-3
CANCEL_KINDS = ("cancellation", "shut_out", "back_to_town", "short_shipment")  # EXP-CAN-1
KIND_LABELS = {
    "amendment": "amendment", "freight_insurance": "freight / insurance change",
    "cancellation": "cancellation", "shut_out": "shut out", "back_to_town": "back to town",
    "short_shipment": "short shipment", "exam_facilitated": "examination of a facilitated SB",
    "recall": "recall of a facilitated SB for re-assessment",
}


def rank_for(sb: t.ShippingBill) -> tuple[Role, str]:
    """Who may allow a change to ``sb`` now, and why (EXP-AMD-2/3)."""
    if sb.egm_id or sb.state == S.EXPORTED:
        return Role.COM, "the EGM is filed (the SB is closed): the Commissioner"
    if sb.leo_at or sb.state == S.LET_EXPORT:
        return Role.ADC, "after LEO: the Additional/Joint Commissioner"
    return Role.ACDC, "before LEO: the AC/DC"


def higher(a: str, b: str) -> Role:
    return max(Role(a), Role(b), key=lambda r: RANK[r])


@dataclass
class RequestOnSb:
    """A request with its SB: the request's state, version and requester; the rank it
    needs now (an amendment's rank follows the SB, EXP-AMD-2)."""

    req: t.AmendmentRequest
    sb: t.ShippingBill
    state = Of("req")
    version = Of("req")
    location_code = Of("req")
    requested_by = Of("req")
    rule = Of("req")

    @property
    def rank_needed(self) -> str:
        if self.req.state != R.REQUESTED:
            return Role.ACDC.value
        if self.req.kind in AMENDMENT_KINDS:
            return higher(self.req.required_rank, rank_for(self.sb)[0].value).value
        return self.req.required_rank


def _loader(kinds: tuple[str, ...], what: str):
    def load(session: Session, request_id: int, *, lock: bool = True) -> RequestOnSb:
        q = select(t.AmendmentRequest).where(t.AmendmentRequest.id == request_id)
        req = session.exec(q.with_for_update() if lock else q).first()
        if req is None:
            raise NotFound(f"request {request_id} not found")
        if req.kind not in kinds:
            raise InvalidInput("request", f"request {request_id} is a "
                               f"{KIND_LABELS.get(req.kind, req.kind)}, not {what}")
        sq = select(t.ShippingBill).where(t.ShippingBill.id == req.sb_id)
        return RequestOnSb(req, session.exec(sq.with_for_update() if lock else sq).one())
    return load


def _ref(d: RequestOnSb) -> str:
    return str(d.req.id)


_REJECT = dict(rank=Role.ACDC, rank_from="rank_needed", from_=OPEN, to=R.REJECTED,
               not_by="requested_by", fn="exports.amendments.reject")

AMD = ActTable("AMD", "request", RequestState, [
    act("permit", "allow an amendment", "EXP-AMD-2", rank=Role.ACDC, rank_from="rank_needed",
        from_={R.REQUESTED}, to=R.PERMITTED, not_by="requested_by",
        fn="exports.amendments.permit_amendment"),
    act("approve_in_system", "approve an amendment in the system", "EXP-AMD-2",
        rank=Role.ACDC, from_={R.PERMITTED}, to=R.APPROVED, not_by="requested_by",
        confirm=True, refuse={R.REQUESTED: ("EXP-AMD-2", "an amendment is approved in the "
                                            "system after the proper officer allows it")},
        fn="exports.amendments.approve_in_system"),
    act("reject", "refuse an amendment", "EXP-AMD-2", **_REJECT),
], load=_loader(AMENDMENT_KINDS, "an amendment"), ref=_ref)

CAN = ActTable("CAN", "request", RequestState, [
    act("permit", "permit a cancellation, shut-out, back-to-town or short shipment",
        "EXP-CAN-1", rank=Role.ACDC, from_={R.REQUESTED}, to=R.APPROVED,
        not_by="requested_by", confirm=True, fn="exports.cancellations.permit_cancellation"),
    act("reject", "refuse an application for cancellation", "EXP-CAN-1", **_REJECT),
], load=_loader(CANCEL_KINDS, "a cancellation"), ref=_ref, audit_kind="AMD")

EXAM = ActTable("EXAM", "request", RequestState, [
    act("approve", "approve examination of a facilitated SB", "EXP-RMS-3", rank=Role.ADC,
        from_={R.REQUESTED}, to=R.APPROVED, not_by="requested_by",
        fn="exports.supervision.approve_exam_facilitated"),
    act("reject", "refuse examination of a facilitated SB", "EXP-RMS-3", **{
        **_REJECT, "rank": Role.ADC}),
], load=_loader(("exam_facilitated",), "a request to examine"), ref=_ref, audit_kind="AMD")

RECALL = ActTable("RECALL", "request", RequestState, [
    act("approve", "approve the recall of a facilitated SB", "EXP-RMS-4", rank=Role.ACDC,
        from_={R.REQUESTED}, to=R.APPROVED, not_by="requested_by",
        fn="exports.supervision.approve_recall"),
    act("reject", "refuse the recall of a facilitated SB", "EXP-RMS-4", **_REJECT),
], load=_loader(("recall",), "a recall"), ref=_ref, audit_kind="AMD")

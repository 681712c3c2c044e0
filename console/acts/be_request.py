"""Requests about a submitted Bill of Entry that wait for others (one table each, over the
``BeAmendment`` rows; both on the ``BEAMD`` audit trail):

* ``BEAMD`` the importer's amendment (IMP-AMD-1), keyed by the service centre
  (``BE.request_amendment``; roles.md: officers do not key the trade's requests), approved
  by the group AC/DC, accepted by the group appraiser and then by the AC/DC, who
  incorporates it (``BE.amend``);
* ``BEOOC`` an officer's own request to cancel an Out of Charge before delivery
  (``BE.request_ooc_cancellation``, IMP-AMD-2), approved by the AC/DC; on that approval in
  force the System Manager cancels it (``BE.cancel_ooc``).

Nobody approves, accepts or turns down their own request.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, Of, act
from console.acts.be import BE
from console.errors import NotFound
from console.roles import Role


class BeRequestState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    ACCEPTED = "accepted"  # by the group appraiser (an amendment)
    INCORPORATED = "incorporated"  # an amendment, by the AC/DC
    DONE = "done"  # an Out of Charge cancelled by the System Manager
    REJECTED = "rejected"


class BeRequestKind(StrEnum):
    AMENDMENT = "amendment"  # IMP-AMD-1
    OOC_CANCELLATION = "ooc_cancellation"  # IMP-AMD-2


R = BeRequestState
OPEN = (R.REQUESTED, R.APPROVED, R.ACCEPTED)


@dataclass
class RequestOnBe:
    """A request with its BE: the request's state, version, location and requester."""

    req: t.BeAmendment
    be: t.BillOfEntry
    state = Of("req")
    version = Of("req")
    location_code = Of("req")
    requested_by = Of("req")


def _loader(kind: BeRequestKind):
    def load(session: Session, request_id: int, *, lock: bool = True) -> RequestOnBe:
        q = select(t.BeAmendment).where(t.BeAmendment.id == request_id)
        req = session.exec(q.with_for_update() if lock else q).first()
        if req is None or req.kind != kind:
            raise NotFound(f"{kind.replace('_', ' ')} request {request_id} not found")
        return RequestOnBe(req, BE.load(session, req.be_no, lock=lock))  # type: ignore[misc]
    return load


def _ref(d: RequestOnBe) -> str:
    return str(d.req.id)


_REJECT = dict(roles={Role.APR}, rank=Role.ACDC, from_=OPEN, to=R.REJECTED,
               not_by="requested_by", fn="imports.be_amendments.reject_request")

BEAMD = ActTable("BEAMD", "request", BeRequestState, [
    act("approve", "approve an amendment of a Bill of Entry (group AC/DC)", "IMP-AMD-1",
        rank=Role.ACDC, from_={R.REQUESTED}, to=R.APPROVED, not_by="requested_by",
        fn="imports.be_amendments.approve_amendment"),
    act("accept", "accept an approved amendment (group appraiser)", "IMP-AMD-1",
        roles={Role.APR}, from_={R.APPROVED}, to=R.ACCEPTED, not_by="requested_by",
        refuse={R.REQUESTED: ("IMP-AMD-1", "the group AC/DC approves it first")},
        fn="imports.be_amendments.accept_amendment"),
    act("incorporate", "accept an amendment and re-assess the Bill of Entry (AC/DC)",
        "IMP-AMD-1", rank=Role.ACDC, from_={R.ACCEPTED}, to=R.INCORPORATED,
        not_by="requested_by", confirm=True,
        refuse={s: ("IMP-AMD-1", "the AC/DC accepts after the group appraiser")
                for s in (R.REQUESTED, R.APPROVED)},
        fn="imports.be_amendments.incorporate_amendment"),
    act("reject", "turn down an amendment", "IMP-AMD-1", **_REJECT),
], load=_loader(BeRequestKind.AMENDMENT), ref=_ref, audit_kind="BEAMD")

BEOOC = ActTable("BEOOC", "request", BeRequestState, [
    act("approve", "approve cancelling an Out of Charge (AC/DC)", "IMP-AMD-2", rank=Role.ACDC,
        from_={R.REQUESTED}, to=R.APPROVED, not_by="requested_by",
        fn="imports.be_amendments.approve_ooc_cancellation"),
    act("cancel", "cancel an Out of Charge on the approval in force", "IMP-AMD-2",
        roles={Role.SYS}, from_={R.APPROVED}, to=R.DONE, confirm=True,
        refuse={R.REQUESTED: ("IMP-AMD-2", "the Out of Charge is cancelled only with the "
                              "approval in force")},
        fn="imports.be_amendments.cancel_out_of_charge"),
    act("reject", "turn down a request to cancel an Out of Charge", "IMP-AMD-2", **_REJECT),
], load=_loader(BeRequestKind.OOC_CANCELLATION), ref=_ref, audit_kind="BEAMD")

TABLE_OF = {BeRequestKind.AMENDMENT: BEAMD, BeRequestKind.OOC_CANCELLATION: BEOOC}

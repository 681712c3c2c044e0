"""Customs Compliance Verification (IMP-CCV-1): the goods of an assessed BE may be
registered while the duty payment is still in process (``be_clearance.register_goods``),
examined, and verified by the proper officer (sections 17/18 and 47, all but the payment);
Out of Charge then follows the payment at once.

Decisions: the verification is the shed appraiser's act (``verify_compliance``), recorded on
the BE; when the payment is recorded (``be_clearance.pay_duty`` calls ``paid``) the system
gives Out of Charge in the same transaction, in the verifying officer's name. Goods
registered and examined before payment but not verified wait, once paid, for the usual Out
of Charge. A BE at a bank-certified rate has its certificate produced at the verification,
since no officer acts at the Out of Charge (IMP-REG-3).
"""

from __future__ import annotations

from sqlmodel import Session

import db.tables as t
from console.acts.be import BE, B
from console.core import Core
from console.errors import RuleViolation
from console.lifecycle import transition
from console.roles import Actor, system_actor
from console.services.imports import be_duty
from console.services.imports.bills_of_entry import BeView, be_view


def verify_compliance(core: Core, actor: Actor, be_no: int, *, bank_certificate: str = "",
                      expected_version: int | None = None) -> BeView:
    """The proper officer verifies the registered, examined goods of an assessed BE whose
    duty is not yet paid, so that Out of Charge follows the payment at once (IMP-CCV-1)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "ccv", be_no, expected_version=expected_version)
        if be.assessed_at is None or be.paid_at is not None:
            raise RuleViolation("IMP-CCV-1", f"BE {be_no} is {be.state.replace('_', ' ')}: "
                                "compliance is verified on an assessed BE whose goods are "
                                "registered and examined and whose duty is not yet paid")
        why = "sections 17/18 and 47 verified; Out of Charge on payment"
        why += be_duty.rate_certificate(be, bank_certificate)
        be.ccv_by, be.ccv_at = actor.username, core.now()
        transition(s, core, actor, be, BE["ccv"], reason=why)
        return be_view(s, be)


def paid(s: Session, core: Core, be: t.BillOfEntry) -> None:
    """The payment of a BE whose goods were registered (and examined) before it, just
    recorded by ``be_clearance.pay_duty``: if its compliance was verified, the system gives
    Out of Charge at once, in the verifying officer's name (IMP-CCV-1)."""
    if be.ccv_at is None or be.state != B.EXAMINED:
        return
    be.ooc_by, be.ooc_at = be.ccv_by, core.now()
    transition(s, core, system_actor(be.location_code), be, BE["ccv_ooc"], action="ooc",
               reason=f"CCV: verified by {be.ccv_by} before payment; Out of Charge on payment")

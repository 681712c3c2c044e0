"""From self-assessment to Out of Charge: appraisal (second or first check), queries, duty
payment, goods registration, examination and Out of Charge (IMP-APR-1/2, IMP-PAY-1,
IMP-EXM-1, IMP-OOC-1, IMP-CCV-1).

Second check (IMP-APR-1): the appraiser accepts the self-assessment, or raises a query that
takes effect on the group AC/DC's approval and is answered at the service centre; then
the duty is paid, the goods registered and examined, and Out of Charge given.
First check (IMP-APR-2): the goods are registered and examined first; the appraiser then
assesses on the examination report; the duty is paid and Out of Charge follows.
"""

from __future__ import annotations

from sqlmodel import Session, select

import db.tables as t
from console.acts.be import BE, B, BeType
from console.acts.igm import IgmState
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.bonds import bonds, warehousing
from console.services.imports import be_ccv, be_duty
from console.services.imports.bills_of_entry import BeView, be_view
from db.sequences import next_number

MODES = ("online", "cash")


def assess(core: Core, actor: Actor, be_no: int, *,
           expected_version: int | None = None) -> BeView:
    """The appraiser accepts the self-assessment: second check before examination, first
    check on the examination report (IMP-APR-1/2). One assessed copy follows."""
    with core.db.write() as s:
        be = BE.take(s, actor, "assess", be_no, expected_version=expected_version)
        if be.state == B.EXAMINED and not be.first_check:
            raise RuleViolation("IMP-APR-1", f"BE {be_no} is on second check: it was "
                                "assessed before examination")
        be.assessed_by, be.assessed_at = actor.username, core.now()
        transition(s, core, actor, be, BE["assess"],
                   reason=f"duty Rs {from_paise(be.duty_paise)}")
        return be_view(s, be)


def raise_query(core: Core, actor: Actor, be_no: int, text: str, *,
                expected_version: int | None = None) -> BeView:
    """The appraiser does not accept the self-assessment and raises a query; it takes effect
    on the group AC/DC's approval (``approve_query``) and is then printed and answered at
    the service centre (IMP-APR-1)."""
    if not text.strip():
        raise InvalidInput("text", "the query is empty", "IMP-APR-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "query", be_no, expected_version=expected_version)
        transition(s, core, actor, be, BE["query"], reason=text.strip()[:500])
        return be_view(s, be)


def approve_query(core: Core, actor: Actor, be_no: int, *,
                  expected_version: int | None = None) -> BeView:
    """The group AC/DC approves the appraiser's query: it takes effect (IMP-APR-1)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "query_approve", be_no, expected_version=expected_version)
        transition(s, core, actor, be, BE["query_approve"])
        return be_view(s, be)


def decline_query(core: Core, actor: Actor, be_no: int, reason: str, *,
                  expected_version: int | None = None) -> BeView:
    """The group AC/DC declines the query raised: the BE returns to the appraiser for
    assessment (IMP-APR-1)."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the query is declined", "IMP-APR-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "query_decline", be_no, expected_version=expected_version)
        transition(s, core, actor, be, BE["query_decline"], reason=reason.strip()[:500])
        return be_view(s, be)


def reply_query(core: Core, actor: Actor, be_no: int, text: str, *,
                expected_version: int | None = None) -> BeView:
    """The reply keyed at the service centre; the BE returns to the appraiser."""
    if not text.strip():
        raise InvalidInput("text", "the reply is empty", "IMP-APR-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "query_reply", be_no, expected_version=expected_version)
        transition(s, core, actor, be, BE["query_reply"], reason=text.strip()[:500])
        return be_view(s, be)


def pay_duty(core: Core, actor: Actor, be_no: int, mode: str, *,
             expected_version: int | None = None) -> BeView:
    """Duty by e-payment; above ₹10,000 (effective-dated) it must be paid online; a challan
    number is given. Duty is paid before the goods are presented (IMP-PAY-1); goods
    registered (and examined) while the payment was in process stay where they are, and a
    verified BE is given Out of Charge at once (IMP-CCV-1)."""
    if mode not in MODES:
        raise InvalidInput("mode", f"one of {', '.join(MODES)}", "IMP-PAY-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "pay", be_no, expected_version=expected_version)
        if be.assessed_at is None:
            raise RuleViolation("IMP-PAY-1", f"BE {be_no} is {be.state.replace('_', ' ')}: the "
                                "duty is paid once assessed")
        if be.be_type == BeType.WAREHOUSING:
            raise RuleViolation("WH-5", f"BE {be_no} is a warehousing BE: the duty is paid on "
                                "the ex-bond BE")
        if be.paid_at is not None and be.state != B.ASSESSED:  # re-assessed: pays again
            raise RuleViolation("IMP-PAY-1", f"BE {be_no}: the duty was paid on "
                                f"{be.paid_at:%d.%m.%Y} (challan {be.challan_no})")
        limit = parameter(s, "IMP-PAY-1.online_above", core.today(), be.location_code)
        # after an amendment of a paid BE only the differential is due (IMP-AMD-1)
        due = from_paise(be.duty_paise + be.late_charge_paise - be.duty_paid_paise)
        if mode != "online" and due > limit:
            raise RuleViolation("IMP-PAY-1", f"BE {be_no}: Rs {due} is above Rs {limit}: pay "
                                "it online")
        if be.duty_paid_paise and due <= 0:
            why = f"re-assessed: no differential duty (paid Rs {from_paise(be.duty_paid_paise)})"
        elif due <= 0:  # decided (spec silent): nil duty is recorded, no challan for Rs 0
            why = "nil duty: nothing to pay, no challan"
        else:
            be.challan_no, be.payment_mode = next_number(s, "CHALLAN"), mode
            be.duty_paid_paise += to_paise(due)
            why = (f"{'differential duty ' if be.amendments else ''}challan {be.challan_no}: "
                   f"Rs {due} {mode}")
        be.paid_at = core.now()
        if be.state == B.ASSESSED:
            transition(s, core, actor, be, BE["pay"], to=B.PAID, reason=why)
        else:  # goods registered or examined while the payment was in process
            transition(s, core, actor, be, BE["pay"], to=be.state, reason=why)
            be_ccv.paid(s, core, be)
        return be_view(s, be)


def _arrived(s: Session, be: t.BillOfEntry) -> None:
    """IMP-IGM-2 (decided, issue 17): a BE may be filed against an IGM line in advance, but
    the line opens with entry inwards (imports.md's states) -- when the IGM goes to the
    custodian (004 §2.3(iii)) -- and only goods that have arrived are registered (004 §7.2).
    So nothing is registered, examined or let out of charge before entry inwards."""
    igm = s.exec(select(t.Igm).join(t.IgmLine).where(t.IgmLine.id == be.igm_line_id)).one()
    if igm.state != IgmState.ENTRY_INWARDS:
        raise RuleViolation("IMP-IGM-2", f"IGM {igm.igm_no} has not been granted entry "
                            "inwards: the goods have not arrived to be registered")


def register_goods(core: Core, actor: Actor, be_no: int, *,
                   expected_version: int | None = None) -> BeView:
    """After payment and arrival the goods are registered for examination (IMP-EXM-1); on
    first check they are registered before assessment (IMP-APR-2); once assessed they may be
    registered while the payment is in process, for compliance verification (IMP-CCV-1)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "register_goods", be_no, expected_version=expected_version)
        if be.state == B.ASSESSED and be.examined_at is not None:
            raise RuleViolation("IMP-EXM-1", f"BE {be_no}: the goods are already examined")
        _arrived(s, be)  # IMP-IGM-2
        bonds.release_check(s, be, "register")  # BND-7
        warehousing.release_check(s, be, "register", core.today())  # WH-4
        # a W BE's duty is paid on the ex-bond BE (WH-5): registered once assessed, not CCV
        why = ("CCV: duty payment in process"
               if be.state == B.ASSESSED and be.be_type != BeType.WAREHOUSING else "")
        be.registered_by, be.registered_at = actor.username, core.now()
        transition(s, core, actor, be, BE["register_goods"], action="register", reason=why)
        return be_view(s, be)


def examine(core: Core, actor: Actor, be_no: int, report: str, *,
            expected_version: int | None = None) -> BeView:
    """The examining officer enters the report."""
    if not report.strip():
        raise InvalidInput("report", "the examination report is empty", "IMP-EXM-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "examine", be_no, expected_version=expected_version)
        be.exam_report, be.examined_by, be.examined_at = (report.strip()[:500], actor.username,
                                                          core.now())
        transition(s, core, actor, be, BE["examine"], reason=report.strip()[:200])
        return be_view(s, be)


def give_out_of_charge(core: Core, actor: Actor, be_no: int, *, bank_certificate: str = "",
                       expected_version: int | None = None) -> BeView:
    """The shed appraiser gives Out of Charge once the goods are examined and the duty paid
    (section 47 complied with) (IMP-OOC-1); a BE at a bank-certified rate needs the bank's
    certificate produced (``bank_certificate``: its reference, IMP-REG-3)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "ooc", be_no, expected_version=expected_version)
        if be.paid_at is None and be.be_type != BeType.WAREHOUSING:  # W: duty ex-bond (WH-5)
            raise RuleViolation("IMP-OOC-1", f"BE {be_no}: the duty is not paid")
        if be.examined_at is None:
            raise RuleViolation("IMP-OOC-1", f"BE {be_no}: the goods are not examined")
        bonds.release_check(s, be, "ooc")  # BND-7
        warehousing.release_check(s, be, "ooc", core.today())  # WH-4
        why = "section 47 complied with" + be_duty.rate_certificate(be, bank_certificate)
        be.ooc_by, be.ooc_at = actor.username, core.now()
        transition(s, core, actor, be, BE["ooc"], reason=why)
        warehousing.on_out_of_charge(s, core, actor, be)  # WH-2, WH-3
        return be_view(s, be)

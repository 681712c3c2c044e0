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

from sqlmodel import Session

import db.tables as t
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import old_transition
from console.money import from_paise, to_paise
from console.roles import Actor, Role, require, require_rank
from console.rules.params import parameter
from console.services.bonds import bonds, warehousing
from console.services.imports import be_ccv, be_duty
from console.services.imports.bills_of_entry import TRANSITIONS, BeView, be_view, load_be
from db.sequences import next_number

MODES = ("online", "cash")


def _move(s: Session, core: Core, actor: Actor, be: t.BillOfEntry, to: str, action: str,
          reason: str, rule: str, expected_version: int | None) -> None:
    old_transition(s, core, actor, be, kind="BE", ref=be.be_no, allowed=TRANSITIONS, to_state=to,
               action=action, reason=reason, rule=rule, expected_version=expected_version)


def assess(core: Core, actor: Actor, be_no: int, *,
           expected_version: int | None = None) -> BeView:
    """The appraiser accepts the self-assessment: second check before examination, first
    check on the examination report (IMP-APR-1/2). One assessed copy follows."""
    require(actor, Role.APR, act="assess Bills of Entry")
    with core.db.write() as s:
        be = load_be(s, be_no)
        if be.state == "examined" and not be.first_check:
            raise RuleViolation("IMP-APR-1", f"BE {be_no} is on second check: it was "
                                "assessed before examination")
        rule = "IMP-APR-2" if be.first_check else "IMP-APR-1"
        be.assessed_by, be.assessed_at = actor.username, core.now()
        _move(s, core, actor, be, "assessed", "assess",
              f"duty Rs {from_paise(be.duty_paise)}", rule, expected_version)
        return be_view(s, be)


def raise_query(core: Core, actor: Actor, be_no: int, text: str, acdc: Actor) -> BeView:
    """The appraiser does not accept the self-assessment: the query takes effect on the
    group AC/DC's approval and is printed at the service centre (IMP-APR-1). ``acdc`` is
    the approving AC/DC, logged in at the same terminal."""
    require(actor, Role.APR, act="raise queries on Bills of Entry")
    require_rank(acdc, Role.ACDC, act="approve queries")
    if not text.strip():
        raise InvalidInput("text", "the query is empty", "IMP-APR-1")
    with core.db.write() as s:
        be = load_be(s, be_no)
        _move(s, core, actor, be, "query_pending", "query",
              f"{text.strip()} (approved by {acdc.username})"[:500], "IMP-APR-1", None)
        return be_view(s, be)


def reply_query(core: Core, actor: Actor, be_no: int, text: str) -> BeView:
    """The reply keyed at the service centre; the BE returns to the appraiser."""
    require(actor, Role.OPR, act="key replies to BE queries")
    if not text.strip():
        raise InvalidInput("text", "the reply is empty", "IMP-APR-1")
    with core.db.write() as s:
        be = load_be(s, be_no)
        _move(s, core, actor, be, "second_check", "query_reply", text.strip()[:500],
              "IMP-APR-1", None)
        return be_view(s, be)


def pay_duty(core: Core, actor: Actor, be_no: int, mode: str, *,
             expected_version: int | None = None) -> BeView:
    """Duty by e-payment; above ₹10,000 (effective-dated) it must be paid online; a challan
    number is given. Duty is paid before the goods are presented (IMP-PAY-1)."""
    require(actor, Role.OPR, act="record duty payment")
    if mode not in MODES:
        raise InvalidInput("mode", f"one of {', '.join(MODES)}", "IMP-PAY-1")
    with core.db.write() as s:
        be = load_be(s, be_no)
        if be.assessed_at is None:
            raise RuleViolation("IMP-PAY-1", f"BE {be_no} is {be.state.replace('_', ' ')}: the "
                                "duty is paid once assessed")
        if be.be_type == "W":
            raise RuleViolation("WH-5", f"BE {be_no} is a warehousing BE: the duty is paid on "
                                "the ex-bond BE")
        limit = parameter(s, "IMP-PAY-1.online_above", core.today(), be.location_code)
        # after an amendment of a paid BE only the differential is due (IMP-AMD-1)
        due = from_paise(be.duty_paise + be.late_charge_paise - be.duty_paid_paise)
        if mode != "online" and due > limit:
            raise RuleViolation("IMP-PAY-1", f"BE {be_no}: Rs {due} is above Rs {limit}: pay "
                                "it online")
        if be.duty_paid_paise and due <= 0:
            why = f"re-assessed: no differential duty (paid Rs {from_paise(be.duty_paid_paise)})"
        else:
            be.challan_no, be.payment_mode = next_number(s, "CHALLAN"), mode
            be.duty_paid_paise += to_paise(due)
            why = (f"{'differential duty ' if be.amendments else ''}challan {be.challan_no}: "
                   f"Rs {due} {mode}")
        be.paid_at = core.now()
        if be.state == "examined":  # goods verified while the payment was in process
            be_ccv.paid(s, core, actor, be, why, expected_version)
        else:
            _move(s, core, actor, be, "paid", "pay", why, "IMP-PAY-1", expected_version)
        return be_view(s, be)


def register_goods(core: Core, actor: Actor, be_no: int, *,
                   expected_version: int | None = None) -> BeView:
    """After payment and arrival the goods are registered for examination (IMP-EXM-1); on
    first check they are registered before assessment (IMP-APR-2); once assessed they may be
    registered while the payment is in process, for compliance verification (IMP-CCV-1)."""
    require(actor, Role.EXM, Role.APR, act="register imported goods")
    with core.db.write() as s:
        be = load_be(s, be_no)
        if be.state in ("second_check", "query_pending"):
            raise RuleViolation("IMP-EXM-1", f"BE {be_no} is {be.state.replace('_', ' ')}: "
                                "goods are registered once assessed")
        if be.state == "assessed" and be.examined_at is not None:
            raise RuleViolation("IMP-EXM-1", f"BE {be_no}: the goods are already examined")
        bonds.release_check(s, be, "register")  # BND-7
        warehousing.release_check(s, be, "register", core.today())  # WH-4
        # a W BE's duty is paid on the ex-bond BE (WH-5): registered once assessed, not CCV
        why = ("CCV: duty payment in process" if be.state == "assessed" and be.be_type != "W"
               else "")
        be.registered_by, be.registered_at = actor.username, core.now()
        _move(s, core, actor, be, "registered", "register", why,
              "IMP-CCV-1" if why else "IMP-EXM-1", expected_version)
        return be_view(s, be)


def examine(core: Core, actor: Actor, be_no: int, report: str, *,
            expected_version: int | None = None) -> BeView:
    """The examining officer enters the report."""
    require(actor, Role.EXM, act="examine imported goods")
    if not report.strip():
        raise InvalidInput("report", "the examination report is empty", "IMP-EXM-1")
    with core.db.write() as s:
        be = load_be(s, be_no)
        be.exam_report, be.examined_by, be.examined_at = (report.strip()[:500], actor.username,
                                                          core.now())
        _move(s, core, actor, be, "examined", "examine", report.strip()[:200], "IMP-EXM-1",
              expected_version)
        return be_view(s, be)


def give_out_of_charge(core: Core, actor: Actor, be_no: int, *, bank_certificate: str = "",
                       expected_version: int | None = None) -> BeView:
    """The shed appraiser gives Out of Charge once the goods are examined and the duty paid
    (section 47 complied with) (IMP-OOC-1); a BE at a bank-certified rate needs the bank's
    certificate produced (``bank_certificate``: its reference, IMP-REG-3)."""
    require(actor, Role.APR, act="give Out of Charge")
    with core.db.write() as s:
        be = load_be(s, be_no)
        if be.paid_at is None and be.be_type != "W":  # W: duty on the ex-bond BE (WH-5)
            raise RuleViolation("IMP-OOC-1", f"BE {be_no}: the duty is not paid")
        if be.examined_at is None:
            raise RuleViolation("IMP-OOC-1", f"BE {be_no}: the goods are not examined")
        bonds.release_check(s, be, "ooc")  # BND-7
        warehousing.release_check(s, be, "ooc", core.today())  # WH-4
        why = "section 47 complied with" + be_duty.rate_certificate(be, bank_certificate)
        be.ooc_by, be.ooc_at = actor.username, core.now()
        _move(s, core, actor, be, "out_of_charge", "ooc", why, "IMP-OOC-1", expected_version)
        warehousing.on_out_of_charge(s, core, actor, be)  # WH-2, WH-3
        return be_view(s, be)

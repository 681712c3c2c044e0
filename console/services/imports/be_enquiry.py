"""The enquiry on a Bill of Entry: where it is, who it waits for, what happened to it
(audit trail) and which documents were printed. Read only; any logged-in officer.

``BeFacts`` is what a BE screen or printed BE shows beside the ``BeView``: the names of the
port and the importer, the IGM line, the keyed freight and insurance, the checklist round
and who did each act. ``BeView`` (bills_of_entry) does not carry these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.be import BE, KEYING, B, BeType
from console.acts.be_request import OPEN as REQUEST_OPEN
from console.acts.be_request import TABLE_OF, BeRequestKind, RequestOnBe
from console.core import Core
from console.errors import NotFound
from console.money import from_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.bonds import warehousing
from console.services.bonds.bonds import BeBondView, be_bond_view
from console.services.exports.enquiry import HistoryLine, PrintLine
from console.services.imports.be_amendments import BeAmendmentView, amendment_view
from console.services.imports.bills_of_entry import BE_TYPES, BeView, be_view
from db import refcache


@dataclass(frozen=True)
class BeFacts:
    location_name: str
    importer_name: str
    importer_address: str
    be_type_label: str  # IMP-BE-5
    igm_date: date
    arrival_date: date
    carrier: str  # code and name
    voyage: str
    line_no: int
    packages: int
    package_kind: str
    gross_weight_kg: Decimal
    cargo: str  # the IGM line's description
    freight_fc: Decimal
    insurance_fc: Decimal
    rate_units: int
    checklist_round: int
    keyed_by: str
    keyed_at: datetime
    assessed_by: str
    assessed_at: datetime | None
    payment_mode: str
    registered_by: str
    registered_at: datetime | None
    examined_by: str
    examined_at: datetime | None
    exam_report: str
    ooc_by: str
    ooc_at: datetime | None
    payable: Decimal  # duty + late charge as assessed: the challan's amount (IMP-PAY-1)
    online_above: Decimal | None  # IMP-PAY-1 on the BE date; None before submission
    bond: BeBondView | None = None  # declared, specified, debited (BND-6, BND-7)


@dataclass(frozen=True)
class BeQueryView:
    """The BE's latest query (IMP-APR-1), read from its audit trail: the appraiser's text,
    the group AC/DC's decision and the importer's reply keyed at the service centre."""

    text: str
    raised_by: str
    raised_at: datetime
    decided_by: str = ""
    decision: str = ""  # approved, declined or "" (awaiting the group AC/DC)
    decline_reason: str = ""
    reply: str = ""
    replied_by: str = ""
    replied_at: datetime | None = None

    def said(self) -> str:
        """The query and, once replied, the reply: what a query dialog shows."""
        out = f"Query of {self.raised_by} ({self.raised_at:%d.%m.%Y %H:%M}): {self.text}"
        if self.decision:
            out += f"\n{self.decision.capitalize()} by {self.decided_by}"
            if self.decline_reason:
                out += f": {self.decline_reason}"
        if self.reply:
            out += f"\nReply ({self.replied_by}): {self.reply}"
        return out


@dataclass(frozen=True)
class BeEnquiry:
    be: BeView
    facts: BeFacts
    next_step: str  # a key of NEXT_STEPS
    waiting_with: str
    history: tuple[HistoryLine, ...]
    prints: tuple[PrintLine, ...]
    acts: tuple[str, ...] = ()  # what the enquiring officer may do to it now (BE.act)
    query: BeQueryView | None = None  # the latest query (IMP-APR-1)
    request: BeAmendmentView | None = None  # the open amendment or OOC cancellation request
    interest_due: Decimal | None = None  # an ex-bond BE's interest still to pay (WH-5)


# What the BE itself says against an act its table allows (cheap facts of the view): a
# screen offers the rest; the service still decides.
_FACTS = {
    "assess": lambda be: be.state != B.EXAMINED or be.first_check,
    "hss_charges": lambda be: bool(be.hss_seller_iec),
    "pay": lambda be: be.assessed_at is not None and be.be_type != BeType.WAREHOUSING and (
        be.paid_at is None or be.state == B.ASSESSED),
    "ccv": lambda be: be.assessed_at is not None and be.paid_at is None,
    "ooc": lambda be: be.examined_at is not None,
    "deliver": lambda be: be.delivered_at is None,
    "request_ooc_cancellation": lambda be: be.delivered_at is None,
    "request_amendment": lambda be: be.examined_at is None or be.state == B.OOC_CANCELLED,
    "ex_bond_check": lambda be: be.be_type == BeType.EX_BOND and be.paid_at is not None,
    "interest_paid": lambda be: be.be_type == BeType.EX_BOND and be.paid_at is not None,
    "extend_warehousing": lambda be: be.be_type == BeType.WAREHOUSING,
    "print_be": lambda be: be.assessed_at is not None,
    "print_duty_challan": lambda be: be.assessed_at is not None,
}


def open_acts(actor: Actor, be: t.BillOfEntry, step: str = "") -> tuple[str, ...]:
    """The acts (``BE.act``) ``actor`` may take on the BE now: the table says who, where
    and when; the BE's own facts (and its next step: an X BE is checked against the bond
    register before Out of Charge, WH-4) leave out what could not succeed."""
    return tuple(f"BE.{name}" for name in BE.open_to(actor, be)
                 if _FACTS.get(name, lambda _: True)(be)
                 and (name != "ooc" or step in ("", "to_give_ooc")))


def query_of(records: list[t.AuditRecord]) -> BeQueryView | None:
    """The latest query on a BE from its audit records (oldest first), or None."""
    raised = [n for n, r in enumerate(records) if r.action == BE["query"].name]
    if not raised:
        return None
    first = records[raised[-1]]
    q: dict = {"text": first.reason, "raised_by": first.officer, "raised_at": first.at}
    for r in records[raised[-1] + 1:]:
        if r.action in (BE["query_approve"].name, BE["query_decline"].name):
            approved = r.action == BE["query_approve"].name
            q.update(decided_by=r.officer, decision="approved" if approved else "declined",
                     decline_reason="" if approved else r.reason)
        elif r.action == BE["query_reply"].name:
            q.update(reply=r.reason, replied_by=r.officer, replied_at=r.at)
    return BeQueryView(**q)


def current_query(s: Session, be: t.BillOfEntry) -> BeQueryView | None:
    """The BE's latest query (IMP-APR-1), read in the caller's session."""
    return query_of(audit.history(s, "BE", be.be_no)) if be.be_no else None


def open_request(s: Session, be: t.BillOfEntry) -> t.BeAmendment | None:
    """The BE's open amendment or OOC-cancellation request (one at a time, IMP-AMD-1/2)."""
    return s.exec(select(t.BeAmendment).where(t.BeAmendment.be_id == be.id,
                                              t.BeAmendment.state.in_(REQUEST_OPEN))).first()


def request_acts(actor: Actor, req: t.BeAmendment, be: t.BillOfEntry) -> tuple[str, ...]:
    """The acts (``BEAMD.act`` / ``BEOOC.act``) ``actor`` may take on the request now."""
    table = TABLE_OF[BeRequestKind(req.kind)]
    return tuple(f"{table.kind}.{n}" for n in table.open_to(actor, RequestOnBe(req, be)))


def _ruled_out(acts: tuple[str, ...], bond: BeBondView | None, be: t.BillOfEntry,
                req: t.BeAmendment | None) -> tuple[str, ...]:
    """What the BE's bond, deposits and open request rule out of ``acts`` (the services
    refuse the same): a bond approved once specified, an SVB challan on a provisional
    valuation, a deposit paid on its unpaid challan; the bond specified at assessment (on
    first check before it), one request open at a time."""
    unpaid = bond is not None and (
        (bond.cash_challan_no is not None and not bond.cash_paid)
        or (bond.svb_challan_no is not None and not bond.svb_paid))
    rules = {
        "BE.bond_specify": be.state != B.EXAMINED or (be.first_check and be.assessed_at is None),
        "BE.bond_approve": bond is not None and bool(bond.bond_type) and not bond.approved_by,
        "BE.svb_deposit": bond is not None and bond.valuation_provisional and not bond.svb_paid,
        "BE.deposit_paid": unpaid,
        "BE.request_amendment": req is None,
        "BE.request_ooc_cancellation": req is None,
    }
    return tuple(a for a in acts if rules.get(a, True))


def be_facts(s: Session, be: t.BillOfEntry) -> BeFacts:
    line = s.get(t.IgmLine, be.igm_line_id)
    igm = s.get(t.Igm, line.igm_id)
    port = refcache.get(s, t.Port, be.location_code)
    carrier = s.get(t.Carrier, igm.carrier_code)
    importer = s.get(t.Iec, be.iec)
    online = (parameter(s, "IMP-PAY-1.online_above", be.be_date, be.location_code)
              if be.be_date else None)
    return BeFacts(
        port.name if port else "", importer.name if importer else "",
        importer.address if importer else "", BE_TYPES.get(be.be_type, be.be_type),
        igm.igm_date, igm.arrival_date,
        f"{igm.carrier_code} {carrier.name if carrier else ''}".strip(), igm.voyage,
        line.line_no, line.packages, line.package_kind, line.gross_weight_kg,
        line.description, be.freight_fc, be.insurance_fc, be.rate_units, be.checklist_round,
        be.created_by, be.created_at, be.assessed_by, be.assessed_at, be.payment_mode,
        be.registered_by, be.registered_at, be.examined_by, be.examined_at, be.exam_report,
        be.ooc_by, be.ooc_at, from_paise(be.duty_paise + be.late_charge_paise), online,
        be_bond_view(s, be) if s.exec(select(t.BeBond.id).where(
            t.BeBond.be_id == be.id)).first() else None)


# the next step on a BE and who takes it (imports.md states)
NEXT_STEPS = {
    "to_submit": "service centre: checklist and submission",
    "to_assess": "appraiser: to assess",
    "to_approve_query": "group AC/DC: to approve the query raised (IMP-APR-1)",
    "to_reply": "service centre: the importer's reply",
    "to_pay": "importer: to pay the duty",
    # decided (spec silent): a BE assessed at nil duty still takes the payment step, so
    # the same act moves it on, but it is recorded without a challan (be_clearance.pay_duty)
    "nil_duty": "service centre: nil duty, to record (no challan)",
    "to_register": "examiner: to register the goods",
    "to_examine": "examiner: to examine",
    "to_check": "Superintendent: to check the ex-bond BE against the bond register (WH-4)",
    "to_give_ooc": "shed appraiser: to give Out of Charge",
    "": "nothing: Out of Charge given",
}


def next_step(be: t.BillOfEntry, ex_bond_checked: bool = False) -> str:
    """A key of ``NEXT_STEPS``. A W BE's duty is paid on its ex-bond BEs, so once assessed its
    goods go to registration; an X BE, examined and paid, waits for the Superintendent's
    check (``ex_bond_checked``) before Out of Charge (WH-4)."""
    state, w, x = be.state, be.be_type == BeType.WAREHOUSING, be.be_type == BeType.EX_BOND
    if state in KEYING:
        return "to_submit"
    if state == B.SECOND_CHECK or (state == B.EXAMINED and be.first_check):
        return "to_assess"
    if state == B.QUERY_RAISED:
        return "to_approve_query"
    if state == B.QUERY_PENDING:
        return "to_reply"
    if state == B.ASSESSED:
        return "to_register" if w else "to_pay"
    if state == B.FIRST_CHECK or (state == B.PAID and be.registered_at is None):
        return "to_register"
    if state == B.REGISTERED:
        return "to_examine"
    if state == B.EXAMINED and be.paid_at is None and not w:
        return "to_pay"  # registered and examined while the payment was in process (CCV)
    if state in (B.EXAMINED, B.PAID) and x and not ex_bond_checked:
        return "to_check"
    if state in (B.EXAMINED, B.PAID, B.OOC_CANCELLED):
        return "to_give_ooc"
    return ""


def ex_bond_checked(s: Session, be: t.BillOfEntry) -> bool:
    """Whether the Superintendent has checked this X BE (WH-4)."""
    return be.be_type == BeType.EX_BOND and s.exec(select(t.ExBond.id).where(
        t.ExBond.be_id == be.id, t.ExBond.checked_at.is_not(None))).first() is not None


def enquire(core: Core, actor: Actor, be_no: int) -> BeEnquiry:
    """Any logged-in officer may enquire (read only)."""
    with core.db.read() as s:
        be = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == be_no)).first()
        if be is None:
            raise NotFound(f"BE {be_no} not found")
        refs = [f"J{be.job_no}", str(be_no)]
        step = next_step(be, ex_bond_checked(s, be))
        records = audit.history(s, "BE", refs[0]) + audit.history(s, "BE", refs[1])
        prints = s.exec(select(t.PrintLog).where(
            t.PrintLog.doc_kind.in_(("BE", "BE_CHECKLIST", "DUTY_CHALLAN")),
            t.PrintLog.doc_ref.in_(refs)).order_by(t.PrintLog.id))
        records = sorted(records, key=lambda r: r.seq)
        facts = be_facts(s, be)
        req = open_request(s, be)
        acts = _ruled_out(open_acts(actor, be, step), facts.bond, be, req)
        if req is not None:
            acts += request_acts(actor, req, be)
        interest = None
        if "BE.interest_paid" in acts:  # WH-5: only while some interest is due
            interest = warehousing.ex_bond_view(s, be, core.today()).interest_due
            if interest <= 0:
                acts = tuple(a for a in acts if a != "BE.interest_paid")
        view = be_view(s, be)
        nil = step == "to_pay" and view.amount_due <= 0
        return BeEnquiry(
            view, facts, step, NEXT_STEPS["nil_duty" if nil else step],
            tuple(HistoryLine(r.at, r.officer, r.role, r.action, r.from_state, r.to_state,
                              r.reason) for r in records),
            tuple(PrintLine(p.doc_kind, p.copy_name, p.printed_by, p.printed_at, p.reprint,
                            p.cancelled) for p in prints), acts,
            query_of([r for r in records if r.doc_ref == refs[1]]),
            amendment_view(req) if req is not None else None, interest)

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
from console.core import Core
from console.errors import NotFound
from console.money import from_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.bonds.bonds import BeBondView, be_bond_view
from console.services.exports.enquiry import HistoryLine, PrintLine
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
class BeEnquiry:
    be: BeView
    facts: BeFacts
    next_step: str  # a key of NEXT_STEPS
    waiting_with: str
    history: tuple[HistoryLine, ...]
    prints: tuple[PrintLine, ...]
    acts: tuple[str, ...] = ()  # what the enquiring officer may do to it now (BE.act)


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
        return BeEnquiry(
            be_view(s, be), be_facts(s, be), step, NEXT_STEPS[step],
            tuple(HistoryLine(r.at, r.officer, r.role, r.action, r.from_state, r.to_state,
                              r.reason) for r in sorted(records, key=lambda r: r.seq)),
            tuple(PrintLine(p.doc_kind, p.copy_name, p.printed_by, p.printed_at, p.reprint,
                            p.cancelled) for p in prints), open_acts(actor, be, step))

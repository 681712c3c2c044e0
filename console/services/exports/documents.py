"""Printing a document: may it be printed now, by this officer, which copies; the print log.

The one way to print (documents.md). ``print_document`` checks the role and the
document's state, logs every copy in ``PrintLog`` (who, when, which copy) and returns a
``PrintJob``: the data ``printing.render`` draws. This module draws nothing.

Kinds and references (``ref``):

==================  ==========================  ===========================================
kind                ref                         when
==================  ==========================  ===========================================
checklist           ``J<job>`` or SB number     draft (a new round, EXP-FIL-2) until the
                                                goods are registered (endorsed with the SB
                                                number, EXP-FIL-3)
sb                  SB number                   after LEO, once per copy (EXP-PRT-1..4)
leo_certificate     SB number                   after LEO, when the SB is lost (EXP-PRT-3)
exam_order          SB number                   goods registered, examiner named (EXP-ARR-2)
test_memo           memo number                 samples drawn (EXP-EXM-2)
query               SB number or ``SB/sl``      once the AC/DC approved it (EXP-QRY-1)
cess_challan        SB number                   challan issued on assessment (EXP-CES-1)
charge_receipt      SB number                   after submission (charges.md)
certificate         SB number                   cancellation, shut-out, back-to-town or
                                                short-shipment permitted (EXP-CAN-1)
be_checklist        ``J<job>`` or job number    Bill of Entry checklist (IMP-BE-2)
be                  BE number                   assessed copy; after Out of Charge the
                                                importer's and exchange-control copies
                                                (IMP-DUT-3)
duty_challan        BE number                   once assessed (IMP-PAY-1)
tra_checklist       TRA request (``R<id>``)     Annexure D keyed, before issue (IMP-TRA-1)
tra                 TRA number (or ``R<id>``)   on issue, once per copy (IMP-TRA-1)
==================  ==========================  ===========================================

The Bill of Entry kinds are checked and logged by ``be_documents``.

Telegraphic Release Advice (IMP-TRA-1, IMP-TRA-2). The registration clerk prints the
checklist of Annexure D for the licence holder to sign: the first print of a keyed (or
corrected) request is a new round (``tra.print_checklist`` records it), a printed round
prints again as a copy; once issued the checklist has served (the signed one stays with the
appraiser) and a new round would amend the TRA (IMP-TRA-2). The appraiser who issues it
prints the TRA in its three named copies (``TRA_COPIES``, from ``tra.COPIES``): the
original for the Customs at the non-ICES port of use, the duplicate for the licence holder,
the office copy kept by the appraiser with the signed checklist. A TRA releases licence
quantity and value, so, like SB copies, each copy prints once and a reprint follows
EXP-PRT-4 (``permit_tra_reprint``; the system manager reprints only after a system failure).
A TRA keyed back unused (IMP-TRA-2) is no longer valid and is not printed again.

Reprints of SB copies (EXP-PRT-4): only after ``permit_reprint`` by an AC/DC (or higher)
for a system failure or a misprint; granting it cancels the copies in the print log
(the misprinted copy is cancelled first); the next print of those copies uses the
permission up and is marked REPRINT. Copies cancelled because an amendment was approved
(EXP-AMD-2) print again without permission: that is the amended SB, not a reprint.
A lost SB is never printed again (EXP-PRT-3): once a LEO certificate has been issued for
it, its copies are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.sb import SB
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor
from console.rules.charges import ChargeLine, sb_charges
from console.rules.params import parameter
from console.services.exports import filing
from console.services.exports.cancellations import certificate_view
from console.services.exports.sb_common import (
    S,
    SbView,
    query_view,
    sb_view,
)
from console.services.printjobs import (
    LOG_KIND,
    REPRINT_CAUSES,
    PrintJob,
    check_reprint,
    copies_to_print,
    doc_number,
    log_copies,
    officer_names,
)
from db.sequences import next_number

KINDS = ("checklist", "sb", "leo_certificate", "exam_order", "test_memo", "query",
         "cess_challan", "charge_receipt", "certificate")
TITLES = {"checklist": "SHIPPING BILL CHECKLIST", "sb": "SHIPPING BILL FOR EXPORT",
          "leo_certificate": "CERTIFICATE OF LET EXPORT ORDER",
          "exam_order": "EXAMINATION ORDER", "test_memo": "TEST MEMO",
          "query": "QUERY ON SHIPPING BILL", "cess_challan": "EXPORT CESS CHALLAN",
          "charge_receipt": "SERVICE CHARGE RECEIPT", "certificate": "CERTIFICATE"}

CUSTOMS, EXPORTER, EP, EXCHANGE, DEPB = (
    "Customs copy", "Exporter's copy", "EP copy", "Exchange Control copy", "DEPB copy")
MEMO_COPIES = ("Original", "Duplicate", "Triplicate")
MEMO_KEEPERS = {"Original": "with the first sample, to the testing agency",
                "Duplicate": "with the second sample, kept by Customs",
                "Triplicate": "to the exporter"}
NOT_VALID_FOR_DEPB = "NOT VALID FOR DEPB"
QUERY_IN_FORCE = ("approved", "replied", "closed")


@dataclass(frozen=True)
class ReprintPermissionView:
    id: int
    sb_no: int
    copy_name: str
    cause: str
    reason: str
    permitted_by: str
    permitted_at: datetime
    copies_cancelled: tuple[str, ...]


def sb_copies(view: SbView) -> tuple[str, ...]:
    """EXP-PRT-1: 4 copies (free/scheme), 5 (DEPB); EXP-PRT-2: 3 for provisional DEPB."""
    if view.is_depb and view.provisional:
        return (CUSTOMS, EXPORTER, EXCHANGE)
    if view.is_depb:
        return (CUSTOMS, EXPORTER, EP, EXCHANGE, DEPB)
    return (CUSTOMS, EXPORTER, EP, EXCHANGE)


# ---- references ----


def _take(s: Session, actor: Actor, act: str, ref: str | int) -> t.ShippingBill:
    """The SB by job number (``J12``) or SB number, for the print act ``act`` (its table
    row says who may print it, where and when)."""
    text = str(ref).strip()
    if text[:1] in "Jj":
        return SB.take(s, actor, act, doc_number(text, "job"), by="job")
    return SB.take(s, actor, act, doc_number(text, "Shipping Bill"))


def _people(view: SbView, actor: Actor) -> set[str]:
    out = {actor.username, view.created_by, view.assessed_by, view.acdc_cleared_by,
           view.leo_by, view.admitted_by}
    if view.goods:
        out |= {view.goods.registered_by, view.goods.examiner}
    if view.examination:
        out.add(view.examination.examiner)
    for q in view.queries:
        out |= {q.raised_by, q.approved_by, q.replied_by, q.closed_by}
    out |= {x.drawn_by for x in view.samples}
    out |= {c.decided_by for c in view.ccrs}
    return out




def _lost(s: Session, sb_no: int) -> t.PrintLog | None:
    """The first LEO certificate issued for a lost SB (EXP-PRT-3)."""
    return s.exec(select(t.PrintLog).where(t.PrintLog.doc_kind == LOG_KIND["leo_certificate"],
                                           t.PrintLog.doc_ref == str(sb_no))
                  .order_by(t.PrintLog.id)).first()


def _sb_log(s: Session, sb_no: int) -> list[t.PrintLog]:
    return list(s.exec(select(t.PrintLog).where(t.PrintLog.doc_kind == "SB",
                                                t.PrintLog.doc_ref == str(sb_no))
                       .order_by(t.PrintLog.id)))


def _amended_after(s: Session, sb: t.ShippingBill, at: datetime) -> bool:
    """An amendment approved in the system after ``at`` (its copies were surrendered and
    cancelled, EXP-AMD-2): the next print is of the amended SB, not a reprint."""
    last = s.exec(select(t.AmendmentRequest.approved_in_system_at).where(
        t.AmendmentRequest.sb_id == sb.id,
        t.AmendmentRequest.approved_in_system_at.is_not(None))
        .order_by(t.AmendmentRequest.approved_in_system_at.desc())).first()
    return last is not None and last >= at


# ---- the Shipping Bill's documents ----


def print_sb(core: Core, actor: Actor, kind: str, ref: str | int, *,
             copy: str | None = None, reason: str = "",
             expected_version: int | None = None) -> PrintJob:
    """``prints.print_document`` for the Shipping Bill's documents."""
    if kind == "checklist":
        return _checklist(core, actor, ref, expected_version)
    with core.db.write() as s:
        build = {"sb": _sb_copies, "leo_certificate": _leo_certificate,
                 "exam_order": _exam_order, "test_memo": _test_memo, "query": _query,
                 "cess_challan": _cess_challan, "charge_receipt": _charge_receipt,
                 "certificate": _certificate}[kind]
        return build(s, core, actor, ref, copy, reason)


def _job(s: Session, core: Core, actor: Actor, kind: str, ref: str, number: str,
         copies: tuple[str, ...], view: SbView, *, people: tuple[str, ...] = (),
         **extra) -> PrintJob:
    return PrintJob(kind=kind, ref=ref, title=TITLES[kind], number=number, copies=copies,
                    view=view, printed_by=actor.username, printed_by_name=actor.name,
                    printed_at=core.now(),
                    names=officer_names(s, _people(view, actor) | set(people)),
                    **extra)


def _checklist(core: Core, actor: Actor, ref: str | int,
               expected_version: int | None = None) -> PrintJob:
    """EXP-FIL-2: a draft prints as a new checklist round (``filing.print_checklist`` records
    the round and logs it); a printed round prints again as a copy; after submission the
    checklist carries the SB number and serves to bring the goods in (EXP-FIL-3), until the
    goods are registered."""
    with core.db.read() as s:
        sb = _take(s, actor, "print_checklist", ref)
        state, job_no = sb.state, sb.job_no
    if state == S.DRAFT:
        filing.print_checklist(core, actor, job_no,  # the round: state, audit, print log
                               expected_version=expected_version)
    with core.db.write() as s:
        sb = SB.take(s, actor, "print_checklist", job_no, by="job")
        view = sb_view(s, sb)
        doc_ref = str(sb.sb_no) if sb.sb_no else f"J{sb.job_no}"
        copy_name = f"round {sb.checklist_round}"
        notes: tuple[str, ...] = ()
        if state != S.DRAFT:
            notes = ("endorsed with the SB number",) if sb.sb_no else ("copy",)
            copy_name += f" {notes[0]}"
            log_copies(s, core, actor, "checklist", doc_ref, (copy_name,))
        number = str(sb.sb_no) if sb.sb_no else f"Job {sb.job_no}"
        return _job(s, core, actor, "checklist", doc_ref, number, ("Checklist",), view,
                    notes=notes)


def _sb_copies(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-PRT-1..4 (see the module docstring)."""
    sb = _take(s, actor, "print_copies", ref)
    if not sb.leo_at:
        raise RuleViolation("EXP-PRT-1", f"SB {sb.sb_no} is {sb.state.replace('_', ' ')}: "
                            "its copies are printed on Let Export")
    lost = _lost(s, sb.sb_no)
    if lost is not None:
        raise RuleViolation("EXP-PRT-3", f"SB {sb.sb_no} was reported lost (LEO certificate "
                            f"issued {lost.printed_at:%d.%m.%Y}): a lost SB is never printed "
                            "again; issue a LEO certificate instead")
    view = sb_view(s, sb)
    if view.open_query is not None:
        raise RuleViolation("EXP-QRY-1", f"SB {sb.sb_no} has a pending query: it cannot be "
                            "printed until the reply satisfies the AC/DC")
    full = sb_copies(view)
    if copy and copy not in full:
        if view.is_depb and view.provisional and copy in (EP, DEPB):
            raise RuleViolation("EXP-PRT-2", f"SB {sb.sb_no} is assessed provisionally: "
                                f"its {copy} is released after final assessment")
        raise InvalidInput("copy", f"{copy!r}: SB {sb.sb_no} has {', '.join(full)}")
    rows = _sb_log(s, sb.sb_no)
    wanted, printed, _ = copies_to_print(rows, full, copy)
    if printed or not wanted:
        raise RuleViolation("EXP-PRT-4", f"SB {sb.sb_no}: {', '.join(printed or full)} "
                            "already printed; a reprint needs the AC/DC's permission after a "
                            "system failure or a misprint, the misprinted copy cancelled first")
    again = [r for r in rows if r.copy_name in wanted]
    reprint = bool(again) and not _amended_after(s, sb, max(r.printed_at for r in again))
    check_reprint(s, core, actor, _permission(s, sb.sb_no, wanted) if reprint else None,
                   reprint, f"SB {sb.sb_no}", wanted, "ices reprint permit")
    log_copies(s, core, actor, "sb", str(sb.sb_no), wanted, reprint=reprint)
    notes: tuple[str, ...] = ()
    if view.is_depb and view.provisional:
        notes = ("EP copy released for printing after final assessment (EXP-PRT-2)",)
    if sb.depb_market_note:  # EXP-DEPB-4
        notes += (sb.depb_market_note,)
    notes += tuple(f"DEPB particulars changed by Customs ({r.officer}): {r.reason}"
                   for r in audit.history(s, "SB", sb.sb_no) if r.action == "depb_change")
    return _job(s, core, actor, "sb", str(sb.sb_no), str(sb.sb_no), wanted, view,
                reprint=reprint, reason=reason, notes=notes)


def _permission(s: Session, sb_no: int, wanted: tuple[str, ...]) -> t.ReprintPermission | None:
    for p in s.exec(select(t.ReprintPermission).where(
            t.ReprintPermission.doc_kind == "SB", t.ReprintPermission.doc_ref == str(sb_no),
            t.ReprintPermission.used_at.is_(None)).order_by(t.ReprintPermission.id)):
        if not p.copy_name or wanted == (p.copy_name,):
            return p
    return None


def _leo_certificate(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-PRT-3: a lost SB is not printed again; Customs certifies that LEO was given."""
    if not reason.strip():
        raise InvalidInput("reason", "state the loss reported (who lost which copy, when)",
                           "EXP-PRT-3")
    sb = _take(s, actor, "print_leo_certificate", ref)
    if not sb.leo_at:
        raise RuleViolation("EXP-PRT-3", f"SB {sb.sb_no} has no Let Export Order: there is "
                            "nothing to certify")
    if not _sb_log(s, sb.sb_no):
        raise RuleViolation("EXP-PRT-3", f"SB {sb.sb_no}: no copy was ever printed, so none "
                            "was lost; print the SB copies")
    view = sb_view(s, sb)
    cert = next_number(s, "CERT")
    log_copies(s, core, actor, "leo_certificate", str(sb.sb_no), (f"certificate {cert}",))
    transition(s, core, actor, sb, SB["print_leo_certificate"], action="leo_certificate",
               reason=f"certificate {cert}: {reason.strip()}"[:500])
    return _job(s, core, actor, "leo_certificate", str(sb.sb_no), str(cert), ("Certificate",),
                view, certificate_no=cert, reason=reason.strip())


def _exam_order(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-ARR-2 / EXP-ASM-4: the examination order given on goods registration."""
    sb = _take(s, actor, "print_exam_order", ref)
    view = sb_view(s, sb)
    if view.goods is None or not view.goods.examiner:
        raise RuleViolation("EXP-ARR-2", f"SB {sb.sb_no} has no examination order: "
                            + ("its goods are not registered" if view.goods is None
                               else "its route needs no examination"))
    log_copies(s, core, actor, "exam_order", str(sb.sb_no), ("Examination order",))
    return _job(s, core, actor, "exam_order", str(sb.sb_no), str(sb.sb_no),
                ("Examination order",), view)


def _test_memo(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-EXM-2: the test memo in three copies (original, duplicate, triplicate)."""
    memo = doc_number(ref, "test memo")
    samples = s.exec(select(t.Sample).where(t.Sample.memo_no == memo)
                     .order_by(t.Sample.id)).all()
    if not samples:
        raise NotFound(f"test memo {memo} not found")
    sb = SB.take(s, actor, "print_test_memo",
                 s.get(t.ShippingBill, samples[0].sb_id).sb_no)
    if copy and copy not in MEMO_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a test memo has {', '.join(MEMO_COPIES)}")
    copies = (copy,) if copy else MEMO_COPIES
    view = sb_view(s, sb)
    log_copies(s, core, actor, "test_memo", str(sb.sb_no),
               tuple(f"memo {memo} {c}" for c in copies))
    return _job(s, core, actor, "test_memo", str(memo), str(memo), copies, view,
                memo_no=memo, samples=tuple(x for x in view.samples if x.memo_no == memo))


def _query(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-QRY-1: a query is printed only once the AC/DC approved it (it is then in force),
    with the service centre's reply once keyed."""
    text = str(ref).strip()
    sb_ref, _, sl = text.partition("/")
    sb = _take(s, actor, "print_query", sb_ref)
    q = select(t.SbQuery).where(t.SbQuery.sb_id == sb.id)
    row = (s.exec(q.where(t.SbQuery.sl == doc_number(sl, "query"))).first() if sl
           else s.exec(q.order_by(t.SbQuery.sl.desc())).first())
    if row is None:
        raise NotFound(f"SB {sb.sb_no} has no query{' ' + sl if sl else ''}")
    if row.state not in QUERY_IN_FORCE:
        raise RuleViolation("EXP-QRY-1", f"query {row.sl} on SB {sb.sb_no} is {row.state}: "
                            "a query is printed once the AC/DC has approved it")
    view = sb_view(s, sb)
    log_copies(s, core, actor, "query", str(sb.sb_no), (f"query {row.sl}",))
    return _job(s, core, actor, "query", str(sb.sb_no), f"{sb.sb_no}/{row.sl}", ("Query",),
                view, query=query_view(row))


def _cess_challan(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-CES-1: the cess challan for deposit at the designated bank."""
    sb = _take(s, actor, "print_cess_challan", ref)
    if not sb.cess_paise:
        raise RuleViolation("EXP-CES-1", f"SB {sb.sb_no} carries no export cess")
    if sb.cess_challan_no is None:
        raise RuleViolation("EXP-CES-1", f"SB {sb.sb_no}: the cess challan is issued when the "
                            "assessment is over")
    view = sb_view(s, sb)
    tariffs = {i.tariff_item for i in view.items}
    rates = dict(s.exec(select(t.TariffItem.item, t.TariffItem.export_cess_rate)
                        .where(t.TariffItem.item.in_(tariffs))).all())
    log_copies(s, core, actor, "cess_challan", str(sb.sb_no), (f"challan {sb.cess_challan_no}",))
    return _job(s, core, actor, "cess_challan", str(sb.sb_no), str(sb.cess_challan_no),
                ("Challan",), view,
                cess_rates=tuple((i.sl, rates.get(i.tariff_item, Decimal(0)))
                                 for i in view.items))


def _charge_receipt(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """charges.md: what the service centre collected for this SB, line by line."""
    sb = _take(s, actor, "print_charge_receipt", ref)
    if not sb.sb_no:
        raise RuleViolation("EXP-FIL-6", f"job {sb.job_no} is not submitted: charges are "
                            "collected on submission")
    view = sb_view(s, sb)
    lines = list(sb_charges(s, sb.location_code, sb.sb_date, len(view.items),
                            sb.own_corrections))
    for r in s.exec(select(t.AmendmentRequest).where(
            t.AmendmentRequest.sb_id == sb.id, t.AmendmentRequest.fee_paise > 0)
            .order_by(t.AmendmentRequest.id)):
        lines.append(ChargeLine(f"amendment request {r.id}", from_paise(r.fee_paise)))
    lines += _query_charges(s, sb, len(view.queries))
    log_copies(s, core, actor, "charge_receipt", str(sb.sb_no), ("Receipt",))
    return _job(s, core, actor, "charge_receipt", str(sb.sb_no), str(sb.sb_no), ("Receipt",),
                view, charges=tuple(lines))


def _certificate(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-CAN-1: the certificate of the latest permitted cancellation, shut-out,
    back-to-town or short-shipment request on the SB; printed as often as asked (it is the
    record of the permission), every print logged."""
    sb = _take(s, actor, "print_certificate", ref)
    req = s.exec(select(t.AmendmentRequest).where(
        t.AmendmentRequest.sb_id == sb.id, t.AmendmentRequest.certificate_no.is_not(None))
        .order_by(t.AmendmentRequest.id.desc())).first()
    if req is None:
        raise RuleViolation("EXP-CAN-1", f"SB {sb.sb_no} has no permitted cancellation, "
                            "shut-out, back-to-town or short-shipment: no certificate")
    cert = certificate_view(s, req)
    view = sb_view(s, sb)
    log_copies(s, core, actor, "certificate", str(sb.sb_no),
               (f"certificate {cert.certificate_no}",))
    return replace(_job(s, core, actor, "certificate", str(sb.sb_no), str(cert.certificate_no),
                        ("Certificate",), view, certificate_no=cert.certificate_no,
                        certificate=cert, reason=cert.reason,
                        people=(cert.permitted_by, cert.requested_by)),
                   title=cert.title.upper())


def _query_charges(s: Session, sb: t.ShippingBill, queries: int) -> list[ChargeLine]:
    """Queries printed beyond the free ones (charges.md)."""
    try:
        free = int(parameter(s, "charge.query_free_count", sb.sb_date, sb.location_code))
        each = parameter(s, "charge.query_each", sb.sb_date, sb.location_code)
    except RuleViolation:
        return []
    extra = max(0, queries - free)
    return [ChargeLine(f"queries beyond {free} free × {extra}", each * extra)] if extra else []


# ---- reprint permission (EXP-PRT-4) ----


def permit_reprint(core: Core, acdc: Actor, sb_no: int, cause: str,
                   misprint_cancelled: bool, *, copy: str = "",
                   reason: str = "") -> ReprintPermissionView:
    """The AC/DC (or higher) allows one reprint of SB copies after a system failure or a
    misprint; the misprinted copy must have been cancelled first. The printed copies are
    cancelled in the print log; the next print of them is marked REPRINT (EXP-PRT-4)."""
    if cause not in REPRINT_CAUSES:
        raise InvalidInput("cause", f"{cause!r}: a reprint is allowed only after "
                           "system_failure or misprint", "EXP-PRT-4")
    with core.db.write() as s:
        sb = SB.take(s, acdc, "reprint_permit", sb_no)
        if not sb.leo_at:
            raise RuleViolation("EXP-PRT-4", f"SB {sb_no} has no Let Export Order: no copy "
                                "was printed")
        lost = _lost(s, sb_no)
        if lost is not None:
            raise RuleViolation("EXP-PRT-3", f"SB {sb_no} was reported lost: a lost SB is never "
                                "printed again; issue a LEO certificate")
        live = [r for r in _sb_log(s, sb_no) if not r.cancelled
                and (not copy or r.copy_name == copy)]
        if not live:
            raise RuleViolation("EXP-PRT-4", f"SB {sb_no}: {copy or 'no copy'} is printed and "
                                "not cancelled; nothing to reprint")
        if cause == "misprint" and not misprint_cancelled:
            raise RuleViolation("EXP-PRT-4", "the misprinted copy must be cancelled first")
        if _permission(s, sb_no, (copy,) if copy else ()) is not None:
            raise RuleViolation("EXP-PRT-4", f"SB {sb_no} already has an unused reprint "
                                "permission")
        now = core.now()
        for r in live:
            r.cancelled, r.cancelled_by = True, acdc.username
            s.add(r)
        permit = t.ReprintPermission(doc_kind="SB", doc_ref=str(sb_no), copy_name=copy,
                                     cause=cause, reason=reason.strip()[:300],
                                     misprint_cancelled=misprint_cancelled,
                                     permitted_by=acdc.username, permitted_at=now)
        s.add(permit)
        s.flush()
        cancelled = tuple(r.copy_name for r in live)
        transition(s, core, acdc, sb, SB["reprint_permit"],
                   reason=f"{cause}: {', '.join(cancelled)} cancelled; {reason.strip()}"[:500])
        return ReprintPermissionView(permit.id, sb_no, copy, cause, permit.reason,
                                     acdc.username, now, cancelled)



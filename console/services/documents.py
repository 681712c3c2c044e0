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

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.core import Core
from console.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from console.money import from_paise
from console.roles import RANK, Actor, Role, require, require_rank
from console.rules.charges import ChargeLine, sb_charges
from console.rules.params import parameter
from console.services import filing
from console.services import tra as tra_svc
from console.services.cancellations import CertificateView, certificate_view
from console.services.sb_common import (
    BEFORE_REGISTRATION,
    QueryView,
    S,
    SampleView,
    SbView,
    load_draft,
    load_sb,
    query_view,
    sb_view,
)
from db.sequences import next_number

if TYPE_CHECKING:
    from console.services.be_enquiry import BeFacts
    from console.services.bills_of_entry import BeView
    from console.services.tra import TraFacts, TraView

BE_KINDS = ("be_checklist", "be", "duty_challan")  # be_documents
TRA_KINDS = ("tra_checklist", "tra")  # Telegraphic Release Advice (IMP-TRA-1)
KINDS = ("checklist", "sb", "leo_certificate", "exam_order", "test_memo", "query",
         "cess_challan", "charge_receipt", "certificate", *BE_KINDS, *TRA_KINDS)
# doc_kind in the print log (``SB`` is what amendments look for, EXP-AMD-2)
LOG_KIND = {"checklist": "CHECKLIST", "sb": "SB", "leo_certificate": "LEO_CERT",
            "exam_order": "EXAM_ORDER", "test_memo": "TEST_MEMO", "query": "QUERY",
            "cess_challan": "CESS_CHALLAN", "charge_receipt": "RECEIPT",
            "certificate": "CERTIFICATE", "be_checklist": "BE_CHECKLIST", "be": "BE",
            "duty_challan": "DUTY_CHALLAN", "tra_checklist": "TRA_CHECKLIST", "tra": "TRA"}
TITLES = {"checklist": "SHIPPING BILL CHECKLIST", "sb": "SHIPPING BILL FOR EXPORT",
          "leo_certificate": "CERTIFICATE OF LET EXPORT ORDER",
          "exam_order": "EXAMINATION ORDER", "test_memo": "TEST MEMO",
          "query": "QUERY ON SHIPPING BILL", "cess_challan": "EXPORT CESS CHALLAN",
          "charge_receipt": "SERVICE CHARGE RECEIPT", "certificate": "CERTIFICATE",
          "tra_checklist": "TRA CHECKLIST (ANNEXURE D)",
          "tra": "TELEGRAPHIC RELEASE ADVICE"}

CUSTOMS, EXPORTER, EP, EXCHANGE, DEPB = (
    "Customs copy", "Exporter's copy", "EP copy", "Exchange Control copy", "DEPB copy")
MEMO_COPIES = ("Original", "Duplicate", "Triplicate")
MEMO_KEEPERS = {"Original": "with the first sample, to the testing agency",
                "Duplicate": "with the second sample, kept by Customs",
                "Triplicate": "to the exporter"}
PRINTABLE_SB = (S.LET_EXPORT, S.EXPORTED, S.SHORT_SHIPPED)
NOT_VALID_FOR_DEPB = "NOT VALID FOR DEPB"
REPRINT_CAUSES = ("system_failure", "misprint")
QUERY_IN_FORCE = ("approved", "replied", "closed")


@dataclass(frozen=True)
class PrintJob:
    """What to draw: the SB (BE, TRA) read model plus what the kind of document adds."""

    kind: str
    ref: str  # as logged: SB number, J<job>, or the memo number for a test memo
    title: str
    number: str  # the document number printed in the header
    copies: tuple[str, ...]  # each starts a new page, named in the header
    view: SbView | BeView | TraView
    printed_by: str
    printed_by_name: str
    printed_at: datetime
    reprint: bool = False
    reason: str = ""
    names: tuple[tuple[str, str], ...] = ()  # officer username -> name, for signatures
    query: QueryView | None = None
    samples: tuple[SampleView, ...] = ()
    memo_no: int | None = None
    charges: tuple[ChargeLine, ...] = ()
    cess_rates: tuple[tuple[int, Decimal], ...] = ()  # item sl -> cess rate %
    certificate_no: int | None = None
    certificate: CertificateView | None = None  # kind ``certificate`` (EXP-CAN-1)
    notes: tuple[str, ...] = field(default=())
    be: BeFacts | None = None  # the BE kinds: what the BeView does not carry
    tra: TraFacts | None = None  # the TRA kinds: what the TraView does not carry

    @property
    def not_valid_for_depb(self) -> bool:
        """EXP-PRT-2: the SB copies of a provisionally assessed DEPB SB."""
        return self.kind == "sb" and self.view.is_depb and self.view.provisional

    def officer(self, username: str) -> str:
        """``username (Name)``, or a dash."""
        if not username:
            return "-"
        name = dict(self.names).get(username, "")
        return f"{name} ({username})" if name else username


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


def _number(ref: str | int, what: str = "document") -> int:
    try:
        return int(str(ref).strip().lstrip("Jj"))
    except ValueError:
        raise InvalidInput("ref", f"not a {what} number: {ref!r}") from None


def _sb_or_job(s: Session, ref: str | int) -> t.ShippingBill:
    """By job number (``J12``) or SB number."""
    text = str(ref).strip()
    if text[:1] in "Jj":
        return load_draft(s, _number(text, "job"))
    return load_sb(s, _number(text, "Shipping Bill"))


def _names(s: Session, usernames: set[str]) -> tuple[tuple[str, str], ...]:
    usernames = {u for u in usernames if u}
    if not usernames:
        return ()
    rows = s.exec(select(t.Officer.username, t.Officer.name)
                  .where(t.Officer.username.in_(usernames))).all()
    return tuple(sorted((u, n) for u, n in rows))


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


def _copies_to_print(rows: list[t.PrintLog], full: tuple[str, ...], copy: str
                     ) -> tuple[tuple[str, ...], list[str], set[str]]:
    """Which copies this print gives: ``copy``, else the copies never printed, else those
    whose print was cancelled (for a permitted reprint). Returns them, those of them still
    standing in the log (a refusal, EXP-PRT-4), and every copy ever printed."""
    live = {r.copy_name for r in rows if not r.cancelled}
    ever = {r.copy_name for r in rows}
    if copy:
        wanted: tuple[str, ...] = (copy,)
    else:
        wanted = (tuple(c for c in full if c not in ever)
                  or tuple(c for c in full if c not in live))
    return wanted, [c for c in wanted if c in live], ever


def _check_reprint(s: Session, core: Core, actor: Actor, permit, reprint: bool, doc: str,
                   wanted: tuple[str, ...], command: str) -> None:
    """A copy printed before needs the AC/DC's unused permission, which this print uses up;
    the system manager prints only such reprints, after a system failure (EXP-PRT-4)."""
    if not reprint:
        if actor.role == Role.SYS:
            raise NotPermitted(f"the system manager prints {doc.split()[0]} copies only as a "
                               "permitted reprint after a system failure")
        return
    if permit is None:
        raise RuleViolation("EXP-PRT-4", f"{doc}: {', '.join(wanted)} printed before; a "
                            f"reprint needs the AC/DC's permission ({command})")
    if actor.role == Role.SYS and permit.cause != "system_failure":
        raise NotPermitted("the system manager reprints only after a system failure")
    permit.used_by, permit.used_at = actor.username, core.now()
    s.add(permit)


def _log(s: Session, core: Core, actor: Actor, kind: str, ref: str,
         copies: tuple[str, ...], *, reprint: bool = False) -> None:
    for name in copies:
        s.add(t.PrintLog(doc_kind=LOG_KIND[kind], doc_ref=ref, copy_name=name[:40],
                         printed_by=actor.username, printed_at=core.now(), reprint=reprint))


def _supervisor(actor: Actor) -> bool:
    return RANK.get(actor.role, 0) >= RANK[Role.ACDC]


def _here(actor: Actor, sb: t.ShippingBill) -> None:
    if sb.location_code != actor.location_code and actor.role != Role.SYS:
        raise NotPermitted(f"SB {sb.sb_no or 'job ' + str(sb.job_no)} is at "
                           f"{sb.location_code}; {actor.username} is at {actor.location_code}")


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


# ---- the one way to print ----


def print_document(core: Core, actor: Actor, kind: str, ref: str | int, *,
                   copy: str | None = None, reason: str = "") -> PrintJob:
    """Check that ``kind`` may be printed now by ``actor``, log every copy, return the job.

    ``copy``: one named copy (SB copies, test memo); ``reason``: why a LEO certificate is
    asked for (the loss, EXP-PRT-3). A refusal raises and logs nothing.
    """
    if kind not in KINDS:
        raise InvalidInput("kind", f"unknown document {kind!r}; one of {', '.join(KINDS)}")
    if kind in BE_KINDS:
        from console.services import be_documents

        return be_documents.print_be(core, actor, kind, ref, copy=copy)
    if kind == "tra_checklist":
        return _tra_checklist(core, actor, ref)
    if kind == "checklist":
        return _checklist(core, actor, ref)
    with core.db.write() as s:
        build = {"sb": _sb_copies, "leo_certificate": _leo_certificate,
                 "exam_order": _exam_order, "test_memo": _test_memo, "query": _query,
                 "cess_challan": _cess_challan, "charge_receipt": _charge_receipt,
                 "certificate": _certificate, "tra": _tra_copies}[kind]
        return build(s, core, actor, ref, copy, reason)


def _job(s: Session, core: Core, actor: Actor, kind: str, ref: str, number: str,
         copies: tuple[str, ...], view: SbView, *, people: tuple[str, ...] = (),
         **extra) -> PrintJob:
    return PrintJob(kind=kind, ref=ref, title=TITLES[kind], number=number, copies=copies,
                    view=view, printed_by=actor.username, printed_by_name=actor.name,
                    printed_at=core.now(), names=_names(s, _people(view, actor) | set(people)),
                    **extra)


def _checklist(core: Core, actor: Actor, ref: str | int) -> PrintJob:
    """EXP-FIL-2: a draft prints as a new checklist round (``filing.print_checklist`` records
    the round and logs it); a printed round prints again as a copy; after submission the
    checklist carries the SB number and serves to bring the goods in (EXP-FIL-3), until the
    goods are registered."""
    require(actor, Role.OPR, act="print checklists")
    with core.db.read() as s:
        sb = _sb_or_job(s, ref)
        state, job_no = sb.state, sb.job_no
        _here(actor, sb)
    if state == S.DRAFT:
        filing.print_checklist(core, actor, job_no)  # the round: state, audit, print log
    with core.db.write() as s:
        sb = load_draft(s, job_no)
        if sb.state not in (S.CHECKLIST_PRINTED, *BEFORE_REGISTRATION):
            if sb.leo_at or sb.state in PRINTABLE_SB:
                why = "it has Let Export: print the SB copies"
            elif sb.state in (S.LAPSED, S.CANCELLED, S.SHUT_OUT, S.BACK_TO_TOWN):
                why = "it is no longer live"
            else:
                why = "its goods are registered: the checklist has served"
            raise RuleViolation("EXP-FIL-3", f"no checklist for SB {sb.sb_no or job_no} "
                                f"({sb.state.replace('_', ' ')}): {why}")
        view = sb_view(s, sb)
        doc_ref = str(sb.sb_no) if sb.sb_no else f"J{sb.job_no}"
        copy_name = f"round {sb.checklist_round}"
        notes: tuple[str, ...] = ()
        if state != S.DRAFT:
            notes = ("endorsed with the SB number",) if sb.sb_no else ("copy",)
            copy_name += f" {notes[0]}"
            _log(s, core, actor, "checklist", doc_ref, (copy_name,))
        number = str(sb.sb_no) if sb.sb_no else f"Job {sb.job_no}"
        return _job(s, core, actor, "checklist", doc_ref, number, ("Checklist",), view,
                    notes=notes)


def _sb_copies(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-PRT-1..4 (see the module docstring)."""
    require(actor, Role.APR, Role.SYS, act="print Shipping Bill copies")
    sb = load_sb(s, _number(ref, "Shipping Bill"))
    _here(actor, sb)
    if sb.state not in PRINTABLE_SB or not sb.leo_at:
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
    wanted, printed, _ = _copies_to_print(rows, full, copy)
    if printed or not wanted:
        raise RuleViolation("EXP-PRT-4", f"SB {sb.sb_no}: {', '.join(printed or full)} "
                            "already printed; a reprint needs the AC/DC's permission after a "
                            "system failure or a misprint, the misprinted copy cancelled first")
    again = [r for r in rows if r.copy_name in wanted]
    reprint = bool(again) and not _amended_after(s, sb, max(r.printed_at for r in again))
    _check_reprint(s, core, actor, _permission(s, sb.sb_no, wanted) if reprint else None,
                   reprint, f"SB {sb.sb_no}", wanted, "ices reprint permit")
    _log(s, core, actor, "sb", str(sb.sb_no), wanted, reprint=reprint)
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
    if not _supervisor(actor):
        require(actor, Role.APR, Role.ACDC, act="issue LEO certificates")
    if not reason.strip():
        raise InvalidInput("reason", "state the loss reported (who lost which copy, when)",
                           "EXP-PRT-3")
    sb = load_sb(s, _number(ref, "Shipping Bill"))
    _here(actor, sb)
    if not sb.leo_at:
        raise RuleViolation("EXP-PRT-3", f"SB {sb.sb_no} has no Let Export Order: there is "
                            "nothing to certify")
    if not _sb_log(s, sb.sb_no):
        raise RuleViolation("EXP-PRT-3", f"SB {sb.sb_no}: no copy was ever printed, so none "
                            "was lost; print the SB copies")
    view = sb_view(s, sb)
    cert = next_number(s, "CERT")
    _log(s, core, actor, "leo_certificate", str(sb.sb_no), (f"certificate {cert}",))
    audit.record(s, actor, core.now(), "SB", sb.sb_no, "leo_certificate", sb.state, sb.state,
                 f"certificate {cert}: {reason.strip()}"[:500])
    return _job(s, core, actor, "leo_certificate", str(sb.sb_no), str(cert), ("Certificate",),
                view, certificate_no=cert, reason=reason.strip())


def _exam_order(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-ARR-2 / EXP-ASM-4: the examination order given on goods registration."""
    require(actor, Role.EXM, Role.APR, act="print examination orders")
    sb = load_sb(s, _number(ref, "Shipping Bill"))
    _here(actor, sb)
    view = sb_view(s, sb)
    if view.goods is None or not view.goods.examiner:
        raise RuleViolation("EXP-ARR-2", f"SB {sb.sb_no} has no examination order: "
                            + ("its goods are not registered" if view.goods is None
                               else "its route needs no examination"))
    _log(s, core, actor, "exam_order", str(sb.sb_no), ("Examination order",))
    return _job(s, core, actor, "exam_order", str(sb.sb_no), str(sb.sb_no),
                ("Examination order",), view)


def _test_memo(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-EXM-2: the test memo in three copies (original, duplicate, triplicate)."""
    require(actor, Role.EXM, Role.APR, act="print test memos")
    memo = _number(ref, "test memo")
    samples = s.exec(select(t.Sample).where(t.Sample.memo_no == memo)
                     .order_by(t.Sample.id)).all()
    if not samples:
        raise NotFound(f"test memo {memo} not found")
    sb = s.get(t.ShippingBill, samples[0].sb_id)
    _here(actor, sb)
    if copy and copy not in MEMO_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a test memo has {', '.join(MEMO_COPIES)}")
    copies = (copy,) if copy else MEMO_COPIES
    view = sb_view(s, sb)
    _log(s, core, actor, "test_memo", str(sb.sb_no), tuple(f"memo {memo} {c}" for c in copies))
    return _job(s, core, actor, "test_memo", str(memo), str(memo), copies, view,
                memo_no=memo, samples=tuple(x for x in view.samples if x.memo_no == memo))


def _query(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-QRY-1: a query is printed only once the AC/DC approved it (it is then in force),
    with the service centre's reply once keyed."""
    if not _supervisor(actor):
        require(actor, Role.OPR, Role.APR, act="print queries")
    text = str(ref).strip()
    sb_ref, _, sl = text.partition("/")
    sb = load_sb(s, _number(sb_ref, "Shipping Bill"), lock=False)
    _here(actor, sb)
    q = select(t.SbQuery).where(t.SbQuery.sb_id == sb.id)
    row = (s.exec(q.where(t.SbQuery.sl == _number(sl, "query"))).first() if sl
           else s.exec(q.order_by(t.SbQuery.sl.desc())).first())
    if row is None:
        raise NotFound(f"SB {sb.sb_no} has no query{' ' + sl if sl else ''}")
    if row.state not in QUERY_IN_FORCE:
        raise RuleViolation("EXP-QRY-1", f"query {row.sl} on SB {sb.sb_no} is {row.state}: "
                            "a query is printed once the AC/DC has approved it")
    view = sb_view(s, sb)
    _log(s, core, actor, "query", str(sb.sb_no), (f"query {row.sl}",))
    return _job(s, core, actor, "query", str(sb.sb_no), f"{sb.sb_no}/{row.sl}", ("Query",),
                view, query=query_view(row))


def _cess_challan(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-CES-1: the cess challan for deposit at the designated bank."""
    require(actor, Role.OPR, Role.APR, act="print cess challans")
    sb = load_sb(s, _number(ref, "Shipping Bill"), lock=False)
    _here(actor, sb)
    if not sb.cess_paise:
        raise RuleViolation("EXP-CES-1", f"SB {sb.sb_no} carries no export cess")
    if sb.cess_challan_no is None:
        raise RuleViolation("EXP-CES-1", f"SB {sb.sb_no}: the cess challan is issued when the "
                            "assessment is over")
    view = sb_view(s, sb)
    tariffs = {i.tariff_item for i in view.items}
    rates = dict(s.exec(select(t.TariffItem.item, t.TariffItem.export_cess_rate)
                        .where(t.TariffItem.item.in_(tariffs))).all())
    _log(s, core, actor, "cess_challan", str(sb.sb_no), (f"challan {sb.cess_challan_no}",))
    return _job(s, core, actor, "cess_challan", str(sb.sb_no), str(sb.cess_challan_no),
                ("Challan",), view,
                cess_rates=tuple((i.sl, rates.get(i.tariff_item, Decimal(0)))
                                 for i in view.items))


def _charge_receipt(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """charges.md: what the service centre collected for this SB, line by line."""
    require(actor, Role.OPR, act="issue service charge receipts")
    sb = _sb_or_job(s, ref)
    _here(actor, sb)
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
    _log(s, core, actor, "charge_receipt", str(sb.sb_no), ("Receipt",))
    return _job(s, core, actor, "charge_receipt", str(sb.sb_no), str(sb.sb_no), ("Receipt",),
                view, charges=tuple(lines))


def _certificate(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """EXP-CAN-1: the certificate of the latest permitted cancellation, shut-out,
    back-to-town or short-shipment request on the SB; printed as often as asked (it is the
    record of the permission), every print logged."""
    if not _supervisor(actor):
        require(actor, Role.OPR, Role.APR, act="print cancellation certificates")
    sb = load_sb(s, _number(ref, "Shipping Bill"), lock=False)
    _here(actor, sb)
    req = s.exec(select(t.AmendmentRequest).where(
        t.AmendmentRequest.sb_id == sb.id, t.AmendmentRequest.certificate_no.is_not(None))
        .order_by(t.AmendmentRequest.id.desc())).first()
    if req is None:
        raise RuleViolation("EXP-CAN-1", f"SB {sb.sb_no} has no permitted cancellation, "
                            "shut-out, back-to-town or short-shipment: no certificate")
    cert = certificate_view(s, req)
    view = sb_view(s, sb)
    _log(s, core, actor, "certificate", str(sb.sb_no), (f"certificate {cert.certificate_no}",))
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
    require_rank(acdc, Role.ACDC, act="permit reprints")
    if cause not in REPRINT_CAUSES:
        raise InvalidInput("cause", f"{cause!r}: a reprint is allowed only after "
                           "system_failure or misprint", "EXP-PRT-4")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        _here(acdc, sb)
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
        audit.record(s, acdc, now, "SB", sb_no, "reprint_permit", sb.state, sb.state,
                     f"{cause}: {', '.join(cancelled)} cancelled; {reason.strip()}"[:500])
        return ReprintPermissionView(permit.id, sb_no, copy, cause, permit.reason,
                                     acdc.username, now, cancelled)


# ---- Telegraphic Release Advice (IMP-TRA-1, IMP-TRA-2) ----

# "Original: for the Customs at the port of use" -> "Original"; the rest is its purpose
TRA_COPIES = tuple(c.partition(": ")[0] for c in tra_svc.COPIES)
TRA_PURPOSE = dict(c.split(": ", 1) for c in tra_svc.COPIES)


@dataclass(frozen=True)
class TraReprintPermissionView:
    id: int
    tra_no: int
    copy_name: str
    cause: str
    reason: str
    permitted_by: str
    permitted_at: datetime
    copies_cancelled: tuple[str, ...]


def _tra(s: Session, ref: str | int, *, request: bool) -> t.Tra:
    """A TRA request by ``R<id>`` (``request``: a bare number is a request id too), else a
    TRA by its number."""
    text = str(ref).strip()
    by_request = request or text[:1] in "Rr"
    number = _number(text[1:] if text[:1] in "Rr" else text,
                     "TRA request" if by_request else "TRA")
    row = s.exec(select(t.Tra).where(
        (t.Tra.id if by_request else t.Tra.tra_no) == number)).first()
    if row is None:
        raise NotFound(f"TRA request {number} not found" if by_request
                       else f"TRA {number} not found")
    return row


def _tra_here(actor: Actor, tra: t.Tra) -> None:
    if tra.location_code != actor.location_code and actor.role != Role.SYS:
        raise NotPermitted(f"TRA {tra.tra_no or 'request R' + str(tra.id)} is at "
                           f"{tra.location_code}; {actor.username} is at {actor.location_code}")


def _tra_log(s: Session, tra_no: int) -> list[t.PrintLog]:
    return list(s.exec(select(t.PrintLog).where(t.PrintLog.doc_kind == LOG_KIND["tra"],
                                                t.PrintLog.doc_ref == str(tra_no))
                       .order_by(t.PrintLog.id)))


def _tra_permission(s: Session, tra_no: int,
                    wanted: tuple[str, ...]) -> t.ReprintPermission | None:
    for p in s.exec(select(t.ReprintPermission).where(
            t.ReprintPermission.doc_kind == LOG_KIND["tra"],
            t.ReprintPermission.doc_ref == str(tra_no),
            t.ReprintPermission.used_at.is_(None)).order_by(t.ReprintPermission.id)):
        if not p.copy_name or wanted == (p.copy_name,):
            return p
    return None


def _tra_job(s: Session, core: Core, actor: Actor, tra: t.Tra, kind: str, ref: str,
             copies: tuple[str, ...], *, reprint: bool = False,
             notes: tuple[str, ...] = ()) -> PrintJob:
    people = {actor.username, tra.keyed_by, tra.verified_by}
    return PrintJob(kind=kind, ref=ref, title=TITLES[kind], number=ref, copies=copies,
                    view=tra_svc.tra_view(s, tra), printed_by=actor.username,
                    printed_by_name=actor.name, printed_at=core.now(), reprint=reprint,
                    names=_names(s, people), notes=notes, tra=tra_svc.tra_facts(s, tra))


def _tra_checklist(core: Core, actor: Actor, ref: str | int) -> PrintJob:
    """IMP-TRA-1: the checklist of Annexure D for the licence holder to sign. A keyed (or
    corrected) request prints as a new round (``tra.print_checklist`` records it); a round
    already printed prints again as a copy. Once issued, the checklist has served: a new
    round would amend the TRA (IMP-TRA-2)."""
    require(actor, Role.CLK, act="print TRA checklists")
    with core.db.read() as s:
        row = _tra(s, ref, request=True)
        _tra_here(actor, row)
        tra_id, state = row.id, row.state
    if state == "keyed":
        tra_svc.print_checklist(core, actor, tra_id)  # the round: state and audit
    with core.db.write() as s:
        row = s.exec(select(t.Tra).where(t.Tra.id == tra_id).with_for_update()).one()
        if row.state != "checklist_printed":
            raise RuleViolation("IMP-TRA-2", f"TRA {row.tra_no or 'request R' + str(row.id)} "
                                f"is {row.state.replace('_', ' ')}: the signed checklist stays "
                                "with the appraiser and a TRA is never amended once issued; "
                                "print the TRA copies, or key a fresh TRA for more")
        this_round = f"round {row.checklist_round}"
        again = any(r.copy_name.split(" copy")[0] == this_round for r in s.exec(
            select(t.PrintLog).where(t.PrintLog.doc_kind == LOG_KIND["tra_checklist"],
                                     t.PrintLog.doc_ref == f"R{row.id}")))
        notes = ("copy",) if again else ()
        copy = " ".join((this_round, *notes))
        _log(s, core, actor, "tra_checklist", f"R{row.id}", (copy,))
        return _tra_job(s, core, actor, row, "tra_checklist", f"R{row.id}", ("Checklist",),
                        notes=notes)


def _tra_copies(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """IMP-TRA-1: on issue the system gives the TRA number and three copies, each printed
    once; a reprint as EXP-PRT-4. IMP-TRA-2: a TRA keyed back unused is not printed."""
    require(actor, Role.APR, Role.SYS, act="print TRA copies")
    row = _tra(s, ref, request=False)
    _tra_here(actor, row)
    if row.state == "recredited":
        raise RuleViolation("IMP-TRA-2", f"TRA {row.tra_no} was keyed back unused on "
                            f"{row.recredited_at:%d.%m.%Y} and the licence re-credited: it "
                            "is no longer valid and is not printed again")
    if row.state != "issued" or row.tra_no is None:
        raise RuleViolation("IMP-TRA-1", f"TRA request R{row.id} is "
                            f"{row.state.replace('_', ' ')}: the TRA and its three copies are "
                            "given on issue, once the appraiser has verified the signed "
                            "checklist against the original licence")
    if copy and copy not in TRA_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a TRA has {', '.join(TRA_COPIES)}")
    wanted, printed, ever = _copies_to_print(_tra_log(s, row.tra_no), TRA_COPIES, copy)
    if printed or not wanted:
        raise RuleViolation("EXP-PRT-4", f"TRA {row.tra_no}: {', '.join(printed or TRA_COPIES)} "
                            "already printed; the system gives three copies, each once; a "
                            "reprint needs the AC/DC's permission after a system failure or a "
                            "misprint, the misprinted copy cancelled first")
    reprint = any(c in ever for c in wanted)
    _check_reprint(s, core, actor, _tra_permission(s, row.tra_no, wanted) if reprint else None,
                   reprint, f"TRA {row.tra_no}", wanted, "ices tra reprint-permit")
    _log(s, core, actor, "tra", str(row.tra_no), wanted, reprint=reprint)
    return _tra_job(s, core, actor, row, "tra", str(row.tra_no), wanted, reprint=reprint)


def permit_tra_reprint(core: Core, acdc: Actor, tra_no: int, cause: str,
                       misprint_cancelled: bool, *, copy: str = "",
                       reason: str = "") -> TraReprintPermissionView:
    """EXP-PRT-4 for the copies of a TRA: the AC/DC (or higher) allows one reprint after a
    system failure or a misprint, the misprinted copy cancelled first; the printed copies
    are cancelled in the print log and the next print of them is marked REPRINT. Not for a
    TRA keyed back unused (IMP-TRA-2)."""
    require_rank(acdc, Role.ACDC, act="permit reprints")
    if cause not in REPRINT_CAUSES:
        raise InvalidInput("cause", f"{cause!r}: a reprint is allowed only after "
                           "system_failure or misprint", "EXP-PRT-4")
    if copy and copy not in TRA_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a TRA has {', '.join(TRA_COPIES)}")
    with core.db.write() as s:
        row = _tra(s, tra_no, request=False)
        _tra_here(acdc, row)
        if row.state == "recredited":
            raise RuleViolation("IMP-TRA-2", f"TRA {row.tra_no} was keyed back unused: it is "
                                "no longer valid and is not printed again")
        live = [r for r in _tra_log(s, row.tra_no) if not r.cancelled
                and (not copy or r.copy_name == copy)]
        if not live:
            raise RuleViolation("EXP-PRT-4", f"TRA {row.tra_no}: {copy or 'no copy'} is "
                                "printed and not cancelled; nothing to reprint")
        if cause == "misprint" and not misprint_cancelled:
            raise RuleViolation("EXP-PRT-4", "the misprinted copy must be cancelled first")
        if _tra_permission(s, row.tra_no, (copy,) if copy else ()) is not None:
            raise RuleViolation("EXP-PRT-4", f"TRA {row.tra_no} already has an unused reprint "
                                "permission")
        now = core.now()
        for r in live:
            r.cancelled, r.cancelled_by = True, acdc.username
            s.add(r)
        permit = t.ReprintPermission(doc_kind=LOG_KIND["tra"], doc_ref=str(row.tra_no),
                                     copy_name=copy, cause=cause, reason=reason.strip()[:300],
                                     misprint_cancelled=misprint_cancelled,
                                     permitted_by=acdc.username, permitted_at=now)
        s.add(permit)
        s.flush()
        cancelled = tuple(r.copy_name for r in live)
        audit.record(s, acdc, now, tra_svc.KIND, f"R{row.id}", "reprint_permit", row.state,
                     row.state, f"TRA {row.tra_no} {cause}: {', '.join(cancelled)} "
                     f"cancelled; {reason.strip()}"[:500])
        return TraReprintPermissionView(permit.id, row.tra_no, copy, cause, permit.reason,
                                        acdc.username, now, cancelled)

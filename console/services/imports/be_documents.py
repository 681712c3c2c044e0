"""Printing Bills of Entry (documents.md): may it be printed now, by this officer, which
copies; every print logged. Called by ``prints.print_document``; draws nothing.

==============  ===================  ==================================================
kind            ref                  when
==============  ===================  ==================================================
be_checklist    job (``J12`` or 12)  a draft prints as a new round (IMP-BE-2, recorded
                                     by ``bills_of_entry.print_checklist``); a printed
                                     round prints again as a copy; after submission
                                     the copy is endorsed with the BE number
be              BE number            on assessment the assessed copy (IMP-APR-1/2);
                                     after Out of Charge the final BE: the importer's
                                     and exchange-control copies (IMP-DUT-3)
duty_challan    BE number            once assessed: the duty heads and the amount, to
                                     be paid online above the IMP-PAY-1 threshold
==============  ===================  ==================================================

No import rule limits how often a BE document is printed (EXP-PRT-4 is for SB copies):
a BE document prints again when asked, and every print is logged.
"""

from __future__ import annotations

from sqlmodel import Session

import db.tables as t
from console.acts.be import BE, B
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.roles import Actor
from console.services.imports import bills_of_entry as bes
from console.services.imports.be_enquiry import be_facts
from console.services.printjobs import PrintJob, doc_number, log_copies, officer_names

ASSESSED, IMPORTER, EXCHANGE = "Assessed copy", "Importer's copy", "Exchange control copy"
BE_COPIES = (ASSESSED, IMPORTER, EXCHANGE)
FINAL = (IMPORTER, EXCHANGE)  # the final BE, after Out of Charge (IMP-DUT-3)
PURPOSE = {ASSESSED: "for payment of duty and examination",
           IMPORTER: "for the importer: credit of the IGST paid",
           EXCHANGE: "for the authorised dealer: remittance of the import value"}
KINDS = ("be_checklist", "be", "duty_challan")
TITLE = {"H": "BILL OF ENTRY FOR HOME CONSUMPTION", "W": "BILL OF ENTRY FOR WAREHOUSING",
         "X": "BILL OF ENTRY FOR EX-BOND CLEARANCE"}


def print_be(core: Core, actor: Actor, kind: str, ref: str | int, *,
             copy: str | None = None) -> PrintJob:
    """``prints.print_document`` for the BE kinds: check, log, return the job."""
    if kind == "be_checklist":
        return _checklist(core, actor, ref)
    with core.db.write() as s:
        if kind == "be":
            return _copies(s, core, actor, ref, copy)
        return _duty_challan(s, core, actor, ref)


def _take(s: Session, actor: Actor, act: str, ref: str | int) -> t.BillOfEntry:
    """The BE by its number, for the print act ``act`` (its row says who may print it,
    where and when), holding its row lock while the print is logged."""
    return BE.take(s, actor, act, doc_number(ref, "Bill of Entry"))


def _job(s: Session, core: Core, actor: Actor, be: t.BillOfEntry, kind: str, ref: str,
         title: str, number: str, copies: tuple[str, ...],
         notes: tuple[str, ...] = ()) -> PrintJob:
    people = {actor.username, be.created_by, be.assessed_by, be.registered_by, be.examined_by,
              be.ooc_by}
    return PrintJob(kind=kind, ref=ref, title=title, number=number, copies=copies,
                    view=bes.be_view(s, be), printed_by=actor.username,
                    printed_by_name=actor.name, printed_at=core.now(),
                    names=officer_names(s, people), notes=notes, be=be_facts(s, be))


def _checklist(core: Core, actor: Actor, ref: str | int) -> PrintJob:
    """IMP-BE-2 (as EXP-FIL-2): a draft prints as a new round; a printed round prints again
    as a copy; after submission the copy is endorsed with the BE number."""
    job_no = doc_number(ref, "job")
    with core.db.read() as s:
        state = BE.take(s, actor, "print_be_checklist", job_no, by="job").state
    if state == B.DRAFT:
        bes.print_checklist(core, actor, job_no)  # the round: state and audit
    with core.db.write() as s:
        be = BE.take(s, actor, "print_be_checklist", job_no, by="job")
        copy = f"round {be.checklist_round}"
        notes: tuple[str, ...] = ()
        if state != B.DRAFT:
            notes = ("endorsed with the BE number",) if be.be_no else ("copy",)
            copy += f" {notes[0]}"
        doc_ref = str(be.be_no) if be.be_no else f"J{job_no}"
        log_copies(s, core, actor, "be_checklist", doc_ref, (copy,))
        number = str(be.be_no) if be.be_no else f"Job {job_no}"
        return _job(s, core, actor, be, "be_checklist", doc_ref, "BILL OF ENTRY CHECKLIST",
                    number, ("Checklist",), notes)


def _copies(s: Session, core: Core, actor: Actor, ref: str | int,
            copy: str | None) -> PrintJob:
    """The assessed copy once assessed (IMP-APR-1/2); the importer's and exchange-control
    copies, the final BE, only after Out of Charge (IMP-DUT-3)."""
    be = _take(s, actor, "print_be", ref)
    if be.assessed_at is None:
        raise RuleViolation("IMP-APR-1", f"BE {be.be_no} is {be.state.replace('_', ' ')}: "
                            "the assessed copy is given on assessment")
    if copy and copy not in BE_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a BE has {', '.join(BE_COPIES)}")
    done = be.state == B.OUT_OF_CHARGE
    wanted = (copy,) if copy else (FINAL if done else (ASSESSED,))
    early = [c for c in wanted if c in FINAL and not done]
    if early:
        raise RuleViolation("IMP-DUT-3", f"BE {be.be_no} is {be.state.replace('_', ' ')}: "
                            f"the {early[0]} is part of the final BE, printed after Out of "
                            "Charge")
    log_copies(s, core, actor, "be", str(be.be_no), wanted)
    return _job(s, core, actor, be, "be", str(be.be_no), TITLE.get(be.be_type, "BILL OF ENTRY"),
                str(be.be_no), wanted)


def _duty_challan(s: Session, core: Core, actor: Actor, ref: str | int) -> PrintJob:
    """IMP-PAY-1: the duty assessed, by head, for e-payment (online above the threshold);
    after an amendment of a paid BE, re-assessed, the differential duty challan (IMP-AMD-1).
    The challan number is allotted on payment; until then the challan bears the BE
    number."""
    be = _take(s, actor, "print_duty_challan", ref)
    if be.assessed_at is None:
        raise RuleViolation("IMP-PAY-1", f"BE {be.be_no} is {be.state.replace('_', ' ')}: "
                            "the duty challan is printed on assessment")
    differential = be.paid_at is None and be.duty_paid_paise > 0
    title = "DIFFERENTIAL DUTY CHALLAN (IMPORTS)" if differential else "DUTY CHALLAN (IMPORTS)"
    copy = (f"challan {be.challan_no}" if be.paid_at else
            "differential challan" if differential else "challan")
    log_copies(s, core, actor, "duty_challan", str(be.be_no), (copy,))
    number = str(be.challan_no) if be.paid_at else str(be.be_no)
    return _job(s, core, actor, be, "duty_challan", str(be.be_no), title, number, ("Challan",))

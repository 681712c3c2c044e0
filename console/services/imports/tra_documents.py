"""Printing Telegraphic Release Advices (IMP-TRA-1, IMP-TRA-2): the holder's checklist
of Annexure D in rounds, and the TRA in its three named copies, each printed once, with
reprints on the AC/DC's permission (EXP-PRT-4). Called by ``prints.print_document``.

The registration clerk prints the checklist of Annexure D for the licence holder to sign:
the first print of a keyed (or corrected) request is a new round (``tra.print_checklist``
records it), a printed round prints again as a copy; once issued the checklist has served
(the signed one stays with the appraiser) and a new round would amend the TRA (IMP-TRA-2).
The appraiser who issues it prints the TRA in its three named copies (``TRA_COPIES``, from
``tra.COPIES``): the original for the Customs at the non-ICES port of use, the duplicate
for the licence holder, the office copy kept by the appraiser with the signed checklist. A
TRA releases licence quantity and value, so, like SB copies, each copy prints once and a
reprint follows EXP-PRT-4 (``permit_tra_reprint``; the system manager reprints only after
a system failure). A TRA keyed back unused (IMP-TRA-2) is no longer valid and is not
printed again.

Who prints what, when, and who permits a reprint is the TRA's act table
(``console.acts.tra``: ``print_checklist``, ``print_copies``, ``reprint_permit``); each
print reads the TRA holding its row lock, in one transaction with its log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

import db.tables as t
from console.acts.tra import TRA, T
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from console.services.imports import tra as tra_svc
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

KINDS = ("tra_checklist", "tra")
TITLES = {"tra_checklist": "TRA CHECKLIST (ANNEXURE D)", "tra": "TELEGRAPHIC RELEASE ADVICE"}


def print_tra(core: Core, actor: Actor, kind: str, ref: str | int, *,
              copy: str | None = None) -> PrintJob:
    """``prints.print_document`` for the TRA's documents."""
    with core.db.write() as s:
        if kind == "tra_checklist":
            return _tra_checklist(s, core, actor, ref)
        return _tra_copies(s, core, actor, ref, copy, "")


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


def _take(s: Session, actor: Actor, act: str, ref: str | int, *, request: bool) -> t.Tra:
    """The TRA of the print act ``act``: a request by ``R<id>`` (``request``: a bare number
    is a request id too), else a TRA by its number; its table row says who may print it,
    where and when."""
    text = str(ref).strip()
    by_request = request or text[:1] in "Rr"
    number = doc_number(text[1:] if text[:1] in "Rr" else text,
                        "TRA request" if by_request else "TRA")
    return TRA.take(s, actor, act, number, by="" if by_request else "no")


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
                    names=officer_names(s, people), notes=notes, tra=tra_svc.tra_facts(s, tra))


def _tra_checklist(s: Session, core: Core, actor: Actor, ref: str | int) -> PrintJob:
    """IMP-TRA-1: the checklist of Annexure D for the licence holder to sign. A keyed (or
    corrected) request prints as a new round (``tra.checklist_round`` records it); a round
    already printed prints again as a copy. Once issued, the checklist has served: a new
    round would amend the TRA (IMP-TRA-2)."""
    row = _take(s, actor, "print_checklist", ref, request=True)
    if row.state == T.KEYED:
        tra_svc.checklist_round(s, core, actor, row)  # the round: state and audit
    this_round = f"round {row.checklist_round}"
    again = any(r.copy_name.split(" copy")[0] == this_round for r in s.exec(
        select(t.PrintLog).where(t.PrintLog.doc_kind == LOG_KIND["tra_checklist"],
                                 t.PrintLog.doc_ref == f"R{row.id}")))
    notes = ("copy",) if again else ()
    copy = " ".join((this_round, *notes))
    log_copies(s, core, actor, "tra_checklist", f"R{row.id}", (copy,))
    return _tra_job(s, core, actor, row, "tra_checklist", f"R{row.id}", ("Checklist",),
                    notes=notes)


def _tra_copies(s: Session, core: Core, actor: Actor, ref, copy, reason) -> PrintJob:
    """IMP-TRA-1: on issue the system gives the TRA number and three copies, each printed
    once; a reprint as EXP-PRT-4. IMP-TRA-2: a TRA keyed back unused is not printed."""
    row = _take(s, actor, "print_copies", ref, request=False)
    if row.tra_no is None:
        raise RuleViolation("IMP-TRA-1", f"TRA request R{row.id} has no TRA number: it is "
                            "given on issue")
    if copy and copy not in TRA_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a TRA has {', '.join(TRA_COPIES)}")
    wanted, printed, ever = copies_to_print(_tra_log(s, row.tra_no), TRA_COPIES, copy)
    if printed or not wanted:
        raise RuleViolation("EXP-PRT-4", f"TRA {row.tra_no}: {', '.join(printed or TRA_COPIES)} "
                            "already printed; the system gives three copies, each once; a "
                            "reprint needs the AC/DC's permission after a system failure or a "
                            "misprint, the misprinted copy cancelled first")
    reprint = any(c in ever for c in wanted)
    check_reprint(s, core, actor, _tra_permission(s, row.tra_no, wanted) if reprint else None,
                   reprint, f"TRA {row.tra_no}", wanted, "ices tra reprint-permit")
    log_copies(s, core, actor, "tra", str(row.tra_no), wanted, reprint=reprint)
    return _tra_job(s, core, actor, row, "tra", str(row.tra_no), wanted, reprint=reprint)


def permit_tra_reprint(core: Core, acdc: Actor, tra_no: int, cause: str,
                       misprint_cancelled: bool, *, copy: str = "",
                       reason: str = "") -> TraReprintPermissionView:
    """EXP-PRT-4 for the copies of a TRA: the AC/DC (or higher) allows one reprint after a
    system failure or a misprint, the misprinted copy cancelled first; the printed copies
    are cancelled in the print log and the next print of them is marked REPRINT. Not for a
    TRA keyed back unused (IMP-TRA-2)."""
    TRA.check(acdc, "reprint_permit")
    if cause not in REPRINT_CAUSES:
        raise InvalidInput("cause", f"{cause!r}: a reprint is allowed only after "
                           "system_failure or misprint", "EXP-PRT-4")
    if copy and copy not in TRA_COPIES:
        raise InvalidInput("copy", f"{copy!r}: a TRA has {', '.join(TRA_COPIES)}")
    with core.db.write() as s:
        row = TRA.take(s, acdc, "reprint_permit", tra_no, by="no")
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
        transition(s, core, acdc, row, TRA["reprint_permit"],
                   reason=f"TRA {row.tra_no} {cause}: {', '.join(cancelled)} cancelled; "
                          f"{reason.strip()}"[:500])
        return TraReprintPermissionView(permit.id, row.tra_no, copy, cause, permit.reason,
                                        acdc.username, now, cancelled)

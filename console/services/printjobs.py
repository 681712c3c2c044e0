"""What every printed document shares: the ``PrintJob`` a service returns for
``printing.render`` to draw, and the print log (documents.md): who printed which copy
when, reprints and their permission (EXP-PRT-4). Used by the printing services of every
chapter (``exports.documents``, ``imports.be_documents``, ``imports.tra_documents``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlmodel import Session, select

import db.tables as t
from console.core import Core
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.roles import Actor, Role

if TYPE_CHECKING:
    from console.rules.charges import ChargeLine
    from console.services.exports.cancellations import CertificateView
    from console.services.exports.sb_common import QueryView, SampleView, SbView
    from console.services.imports.be_enquiry import BeFacts
    from console.services.imports.bills_of_entry import BeView
    from console.services.imports.tra import TraFacts, TraView

# doc_kind in the print log (``SB`` is what amendments look for, EXP-AMD-2)
LOG_KIND = {"checklist": "CHECKLIST", "sb": "SB", "leo_certificate": "LEO_CERT",
            "exam_order": "EXAM_ORDER", "test_memo": "TEST_MEMO", "query": "QUERY",
            "cess_challan": "CESS_CHALLAN", "charge_receipt": "RECEIPT",
            "certificate": "CERTIFICATE", "be_checklist": "BE_CHECKLIST", "be": "BE",
            "duty_challan": "DUTY_CHALLAN", "tra_checklist": "TRA_CHECKLIST", "tra": "TRA"}
REPRINT_CAUSES = ("system_failure", "misprint")


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


def doc_number(ref: str | int, what: str = "document") -> int:
    try:
        return int(str(ref).strip().lstrip("Jj"))
    except ValueError:
        raise InvalidInput("ref", f"not a {what} number: {ref!r}") from None


def officer_names(s: Session, usernames: set[str]) -> tuple[tuple[str, str], ...]:
    usernames = {u for u in usernames if u}
    if not usernames:
        return ()
    rows = s.exec(select(t.Officer.username, t.Officer.name)
                  .where(t.Officer.username.in_(usernames))).all()
    return tuple(sorted((u, n) for u, n in rows))


def copies_to_print(rows: list[t.PrintLog], full: tuple[str, ...], copy: str
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


def check_reprint(s: Session, core: Core, actor: Actor, permit, reprint: bool, doc: str,
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


def log_copies(s: Session, core: Core, actor: Actor, kind: str, ref: str,
         copies: tuple[str, ...], *, reprint: bool = False) -> None:
    for name in copies:
        s.add(t.PrintLog(doc_kind=LOG_KIND[kind], doc_ref=ref, copy_name=name[:40],
                         printed_by=actor.username, printed_at=core.now(), reprint=reprint))

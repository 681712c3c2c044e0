"""The mailbox (edi.md, EDI-1, EDI-4): directories where ICEGATE's gateway leaves messages
and collects the replies.

``process(core, inbox, outbox)`` takes every file in ``inbox`` once, oldest name first:

1. ``inbound.receive`` files it whole or refuses it whole, in one transaction with its log
   entry and its reply (EDI-1);
2. the reply (``.ack`` or ``.nak``) is written to ``outbox`` under a temporary name, then
   renamed, so the gateway never collects half a file;
3. the message is moved to ``inbox/done/`` (filed) or ``inbox/rejected/`` (refused).

A run first takes a file by renaming it into ``inbox/.work/`` (of two runs at once, one
gets it). A crash between 1 and 3 leaves it there: the next run takes it first, finds the
filing already made and answers it again from the log without doing it twice (EDI-4). A
fault of the console itself (the database unreachable) puts the file back in the inbox and
is reported.
Then the notices queued since the last run (``outbound.collect``) and any reply sent again
(``EDI.resend``) are written the same way. ``watch`` keeps doing it every few seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import select

import db.tables as t
from console.acts.edi import EDI, MessageResult
from console.core import Core
from console.errors import RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from console.services.edi import outbound
from console.services.edi.inbound import Reply, receive

DONE, REJECTED = "done", "rejected"
WORK = ".work"  # where a run keeps the file it is taking


@dataclass
class Summary:
    """One run of the mailbox."""

    received: int = 0
    filed: int = 0  # ok
    refused: int = 0  # nak
    repeated: int = 0  # dup: answered again, processed once
    failed: list[str] = field(default_factory=list)  # left in the inbox: name and why
    replies: list[str] = field(default_factory=list)  # written to the outbox
    notices: list[str] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)  # per file: name, result, reply, doc


def write_atomically(directory: Path, name: str, data: bytes) -> Path:
    """``data`` as ``directory/name``: written under a hidden temporary name, then renamed
    (a rename is atomic: the gateway sees the whole file or none of it)."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    tmp = directory / f".{name}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, final)
    return final


def _move(path: Path, directory: Path, *, keep_name: bool = False) -> Path | None:
    """Move a processed message into ``directory``, never over an earlier one (``keep_name``:
    back into the inbox as it was, to be tried again). None when it is gone already."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / path.name
    n = 1
    while target.exists() and not keep_name:
        target = directory / f"{path.stem}.{n}{path.suffix}"
        n += 1
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    return target


def waiting(inbox: Path) -> list[Path]:
    """The messages in the inbox, by name (hidden and temporary files left alone)."""
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".tmp"))


def process(core: Core, inbox: str | Path, outbox: str | Path) -> Summary:
    """Every message in ``inbox`` once, then the notices (see the module docstring)."""
    inbox, outbox = Path(inbox), Path(outbox)
    outbox.mkdir(parents=True, exist_ok=True)
    work = inbox / WORK
    out = Summary()
    # a file left in the work directory by a run that stopped half way comes first: its
    # filing, if made, is found in the log and answered again (EDI-4)
    for path in [*waiting(work), *waiting(inbox)]:
        claimed = _claim(path, work)
        if claimed is None:  # another run took it
            continue
        try:
            reply = receive(core, path.name, claimed.read_bytes())
        except Exception as err:  # noqa: BLE001  (the console's fault: try again next run)
            _move(claimed, inbox, keep_name=True)
            out.failed.append(f"{path.name}: {type(err).__name__}: {err}")
            continue
        out.received += 1
        _count(out, reply)
        write_atomically(outbox, reply.name, reply.data)
        out.replies.append(reply.name)
        _move(claimed, inbox / (DONE if reply.accepted else REJECTED))
        out.messages.append({"file": path.name, "result": reply.result,
                             "accepted": reply.accepted, "reply": reply.name,
                             "errors": [f"{c}:{s}" for c, s in reply.errors],
                             "doc_kind": reply.doc_kind, "doc_no": reply.doc_no})
    out.notices = flush(core, outbox)
    return out


def _claim(path: Path, work: Path) -> Path | None:
    """Take ``path`` for this run by renaming it into the work directory (a rename is
    atomic: of two runs at once, one gets it). None when another run got it first."""
    if path.parent == work:
        return path
    work.mkdir(parents=True, exist_ok=True)
    claimed = work / path.name
    try:
        os.replace(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def _count(out: Summary, reply: Reply) -> None:
    if reply.result == MessageResult.OK:
        out.filed += 1
    elif reply.result == MessageResult.NAK:
        out.refused += 1
    else:
        out.repeated += 1


def flush(core: Core, outbox: str | Path) -> list[str]:
    """Queue the notices of what happened since the last run, and write every message the
    outbox still holds (notices, replies sent again). Returns their file names."""
    outbox = Path(outbox)
    outbound.collect(core)
    rows = outbound.pending(core)
    for row in rows:
        write_atomically(outbox, row.file_name, row.data)
    outbound.mark_written(core, [r.id for r in rows])
    return [r.file_name for r in rows]


def watch(core: Core, inbox: str | Path, outbox: str | Path, *, interval: float = 5.0,
          rounds: int | None = None, sleep: Callable[[float], None] = time.sleep,
          report: Callable[[Summary], None] | None = None) -> int:
    """``process`` every ``interval`` seconds, ``rounds`` times (None: until interrupted).
    Returns the number of rounds run."""
    n = 0
    while rounds is None or n < rounds:
        summary = process(core, inbox, outbox)
        n += 1
        if report is not None:
            report(summary)
        if rounds is None or n < rounds:
            sleep(interval)
    return n


def resend(core: Core, actor: Actor, message_id: int) -> str:
    """Send a message's reply again (EDI-4: the same reply), for the filer that lost it:
    queued in the outbox, written at the next run. Returns its file name."""
    with core.db.write() as s:
        m = EDI.take(s, actor, "resend", message_id)
        if not m.reply:
            raise RuleViolation("EDI-4", f"message {message_id} has no reply to send")
        s.add(t.EdiOutbox(created_at=core.now(), message_id=m.id,
                          kind=m.reply_name.rsplit(".", 1)[-1][:4], receiver=m.sender,
                          location_code=m.location_code, doc_kind=m.doc_kind,
                          doc_no=m.doc_no, file_name=m.reply_name, data=m.reply))
        transition(s, core, actor, m, EDI["resend"], reason=m.reply_name)
        return m.reply_name


# ---- the message log (the screen and ``ices edi log``) ----


@dataclass(frozen=True)
class MessageView:
    """One message received, as the log shows it."""

    id: int
    received_at: datetime
    file_name: str
    sender: str
    message: str
    kind: str
    filing_type: str
    custom_house: str
    job_no: int | None
    job_date: date | None
    result: str
    errors: tuple[str, ...]  # code:segment
    detail: str
    reply_name: str
    doc_kind: str
    doc_no: int | None
    doc_date: date | None
    duplicate_of: int | None
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)

    @property
    def document(self) -> str:
        return f"{self.doc_kind} {self.doc_no}" if self.doc_no else ""


def message_view(m: t.EdiMessage, actor: Actor | None = None) -> MessageView:
    acts = () if actor is None else tuple(f"{EDI.kind}.{n}" for n in EDI.open_to(actor, m))
    return MessageView(m.id, m.received_at, m.file_name, m.sender, m.message, m.kind,
                       m.filing_type, m.custom_house, m.job_no, m.job_date, m.result,
                       tuple(filter(None, m.errors.split("|"))), m.detail, m.reply_name,
                       m.doc_kind, m.doc_no, m.doc_date, m.duplicate_of, acts)


def message_log(core: Core, actor: Actor | None = None, *, limit: int = 200,
                sender: str = "", result: str = "") -> list[MessageView]:
    """The messages received, newest first: an officer's, those handled at their location
    and those no location could take (unreadable, or for a custom house not served)."""
    m = t.EdiMessage
    q = select(m).order_by(m.id.desc()).limit(limit)
    if actor is not None:
        q = q.where(m.location_code.in_((actor.location_code, "")))
    if sender:
        q = q.where(m.sender == sender.strip().upper())
    if result:
        q = q.where(m.result == result)
    with core.db.read() as s:
        return [message_view(row, actor) for row in s.exec(q)]

"""Notices out (edi.md Replies, EDI-6): what happens to a document filed through ICEGATE is
sent to its filer as a message, read from the audit trail.

``collect(core)`` reads the audit records appended since the last call (a cursor kept in the
database, ``Setting("edi.notices_seq")``, moved in the same transaction as the notices it
queues) and, for each act below on an SB or BE that has an ``edi_sender``, queues one message
in ``EdiOutbox`` for the mailbox to write:

==============================  ==========  ==========================================
act (audit action)               message     what it carries
==============================  ==========  ==========================================
SB or BE ``query_approve``       CHCAI05     .qry: the query in force (EXP-QRY-1, IMP-APR-1)
BE ``assess``                    CHCAI04     .chl: the duty to pay (the challan bears the BE
                                             number until payment allots its own, IMP-PAY-1)
SB ``leo``                       CHLEO01     Let Export given (EXP-LEO-3)
SB ``egm``                       CHEGM01     closed by the EGM: exported (EXP-EGM-1)
BE ``ooc`` (and CCV's)           CHOOC01     Out of Charge (IMP-OOC-1, IMP-CCV-1)
==============================  ==========  ==========================================

The audit chain is appended in commit order (its head row is locked by every append), so a
record below the cursor is never committed after the cursor passed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console.acts.edi import MessageResult
from console.core import Core
from console.edi import codec, messages
from console.money import from_paise
from console.services.edi.inbound import control_no

CURSOR = "edi.notices_seq"

#: (document kind, audit action) -> the notice it sends (the outbox's ``kind``)
NOTICES: dict[tuple[str, str], str] = {
    ("SB", "query_approve"): "qry",
    ("BE", "query_approve"): "qry",
    ("BE", "assess"): "chl",
    ("SB", "leo"): "leo",
    ("SB", "egm"): "egm",
    ("BE", "ooc"): "ooc",
}


@dataclass(frozen=True)
class Notice:
    id: int
    kind: str
    receiver: str
    doc_kind: str
    doc_no: int | None
    file_name: str


def cursor(s: Session) -> int:
    row = s.get(t.Setting, CURSOR)
    return int(row.value) if row is not None else 0


def collect(core: Core) -> list[Notice]:
    """Queue the notices of every act recorded since the last call (see the module
    docstring); returns them. One transaction: the cursor moves with the notices."""
    actions = sorted({a for _k, a in NOTICES})
    with core.db.write() as s:
        seen = cursor(s)
        head = s.exec(select(t.AuditHead.seq)).one()
        if head <= seen:
            return []
        rows = s.exec(select(t.AuditRecord).where(
            t.AuditRecord.seq > seen, t.AuditRecord.seq <= head,
            t.AuditRecord.doc_kind.in_(("SB", "BE")), t.AuditRecord.action.in_(actions))
            .order_by(t.AuditRecord.seq)).all()
        out = []
        for rec in rows:
            kind = NOTICES.get((rec.doc_kind, rec.action))
            if kind is None or not rec.doc_ref.isdigit():
                continue
            notice = _notice(s, core, rec, kind)
            if notice is not None:
                out.append(notice)
        setting = s.get(t.Setting, CURSOR) or t.Setting(key=CURSOR, value="0")
        setting.value = str(head)
        s.add(setting)
        return out


def _filing(s: Session, doc_kind: str, doc_no: int) -> t.EdiMessage | None:
    """The accepted fresh filing that made the document (the filer's job number and date)."""
    m = t.EdiMessage
    return s.exec(select(m).where(m.doc_kind == doc_kind, m.doc_no == doc_no,
                                  m.result == MessageResult.OK, m.filing_type == "F")
                  .order_by(m.id)).first()


def _notice(s: Session, core: Core, rec: t.AuditRecord, kind: str) -> Notice | None:
    no = int(rec.doc_ref)
    if rec.doc_kind == "SB":
        doc = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == no)).first()
        doc_date = doc.sb_date if doc else None
    else:
        doc = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == no)).first()
        doc_date = doc.be_date if doc else None
    if doc is None or not doc.edi_sender:
        return None
    first = _filing(s, rec.doc_kind, no)
    job_no = first.job_no if first else doc.job_no
    job_date = first.job_date if first else doc_date
    head = dict(at=core.now(), control_no=control_no(s), custom_house=doc.location_code)
    to = doc.edi_sender
    if kind == "qry":
        number, said = _query(s, rec, doc)
        msg = messages.query(to, doc_kind=rec.doc_kind, doc_no=no, doc_date=doc_date,
                             query_no=number, text=said, **head)
    elif kind == "chl":
        due = from_paise(doc.duty_paise + doc.late_charge_paise - doc.duty_paid_paise)
        msg = messages.challan(to, be_no=no, be_date=doc_date,
                               challan_no=doc.challan_no or no, duty=max(due, Decimal(0)),
                               **head)
    else:
        msg = messages.notice(kind.upper(), to, doc_no=no, doc_date=doc_date,
                              ref=_ref(s, kind, doc), **head)
    stem = f"{job_no}{job_date.year}" if job_no and job_date else f"{rec.doc_kind}{no}"
    name = _free_name(s, f"{stem}{messages.reply_suffix(msg)}")
    box = t.EdiOutbox(created_at=core.now(), message_id=first.id if first else None, kind=kind,
                      receiver=doc.edi_sender, location_code=doc.location_code,
                      doc_kind=rec.doc_kind, doc_no=no, file_name=name, data=codec.encode(msg))
    s.add(box)
    s.flush()
    return Notice(box.id, kind, box.receiver, box.doc_kind, no, name)


def _ref(s: Session, kind: str, doc) -> str:  # noqa: ANN001
    """What a notice names besides the document: the EGM that closed an SB."""
    if kind == "egm" and doc.egm_id:
        egm = s.get(t.Egm, doc.egm_id)
        return str(egm.egm_no) if egm else ""
    return ""


def _query(s: Session, rec: t.AuditRecord, doc) -> tuple[int, str]:  # noqa: ANN001
    """The query that took effect: an SB's from its query rows (EXP-QRY-2: all its points),
    a BE's from the appraiser's record of raising it (IMP-APR-1)."""
    if rec.doc_kind == "SB":
        q = s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == doc.id)
                   .order_by(t.SbQuery.sl.desc())).first()
        return (q.sl, q.points) if q else (1, "")
    raised = s.exec(select(t.AuditRecord).where(
        t.AuditRecord.doc_kind == "BE", t.AuditRecord.doc_ref == rec.doc_ref,
        t.AuditRecord.action == "query", t.AuditRecord.seq < rec.seq)
        .order_by(t.AuditRecord.seq)).all()
    return len(raised) or 1, raised[-1].reason if raised else ""


def _free_name(s: Session, name: str) -> str:
    """``name``, or ``name`` numbered when the outbox already has one (a second query)."""
    taken = set(s.exec(select(t.EdiOutbox.file_name).where(
        t.EdiOutbox.file_name.startswith(name.rsplit(".", 1)[0]))))
    if name not in taken:
        return name
    stem, _, ext = name.rpartition(".")
    n = 2
    while f"{stem}-{n}.{ext}" in taken:
        n += 1
    return f"{stem}-{n}.{ext}"


def pending(core: Core) -> list[t.EdiOutbox]:
    """What the outbox still has to write, oldest first."""
    with core.db.read() as s:
        return list(s.exec(select(t.EdiOutbox).where(t.EdiOutbox.written_at.is_(None))
                           .order_by(t.EdiOutbox.id)))


def mark_written(core: Core, ids: list[int]) -> None:
    if not ids:
        return
    with core.db.write() as s:
        for row in s.exec(select(t.EdiOutbox).where(t.EdiOutbox.id.in_(ids))):
            row.written_at = core.now()
            s.add(row)


def notices_for(core: Core, doc_kind: str, doc_no: int) -> list[Notice]:
    with core.db.read() as s:
        return [Notice(r.id, r.kind, r.receiver, r.doc_kind, r.doc_no, r.file_name)
                for r in s.exec(select(t.EdiOutbox).where(
                    t.EdiOutbox.doc_kind == doc_kind, t.EdiOutbox.doc_no == doc_no)
                    .order_by(t.EdiOutbox.id))]


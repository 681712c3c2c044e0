"""The audit trail: every state change appends a record to one hash chain.

Each record's hash covers its fields and the previous record's hash, and the
chain head (last sequence number and hash) is kept in its own row, locked by
every append so records are chained in commit order on SQLite and PostgreSQL.
Editing a record breaks its hash; deleting one breaks the sequence and the
next record's link; deleting the tail no longer matches the head. (An
attacker with write access who rewrites the whole chain and the head is not
detected: that needs an external anchor, which we leave to the national
system's log shipping.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

import db.tables as t
from console.roles import Actor

FIELDS = (
    "seq", "at", "officer", "role", "terminal", "doc_kind", "doc_ref",
    "action", "from_state", "to_state", "reason", "prev_hash",
)  # fmt: skip


def _digest(rec: t.AuditRecord) -> str:
    payload = {f: getattr(rec, f) for f in FIELDS}
    payload["at"] = rec.at.isoformat(timespec="microseconds")
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def record(
    session: Session,
    actor: Actor,
    at: datetime,
    doc_kind: str,
    doc_ref: str | int,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> t.AuditRecord:
    """Append one record inside the caller's transaction."""
    head = session.info.get("audit_head")  # locked once per transaction, then reused
    if head is None:
        head = session.exec(select(t.AuditHead).where(t.AuditHead.id == 1)
                            .with_for_update()).one()
        session.info["audit_head"] = head
    rec = t.AuditRecord(
        seq=head.seq + 1,
        at=at,
        officer=actor.username,
        role=actor.role.value,
        terminal=actor.terminal,
        doc_kind=doc_kind,
        doc_ref=str(doc_ref),
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        prev_hash=head.hash,
        hash="",
    )
    rec.hash = _digest(rec)
    head.seq, head.hash = rec.seq, rec.hash
    session.add(rec)
    session.add(head)
    return rec


@dataclass
class Verification:
    records: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> Verification:
    """Walk the chain from the first record; report every break."""
    problems: list[str] = []
    prev_hash, expected_seq, count = "0" * 64, 1, 0
    rows = session.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq)).yield_per(5000)
    for rec in rows:
        count += 1
        if rec.seq != expected_seq:
            problems.append(f"record {expected_seq}: missing (next present is {rec.seq})")
        if rec.prev_hash != prev_hash:
            problems.append(f"record {rec.seq}: link to the previous record is broken")
        if _digest(rec) != rec.hash:
            problems.append(f"record {rec.seq}: contents altered (hash mismatch)")
        prev_hash, expected_seq = rec.hash, rec.seq + 1
    head = session.get(t.AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        problems.append(f"chain head says {head.seq} records; the last record found is "
                        f"{expected_seq - 1}: records deleted from the end")
    return Verification(count, problems)


def history(session: Session, doc_kind: str, doc_ref: str | int) -> list[t.AuditRecord]:
    """A document's records, oldest first."""
    return list(
        session.exec(
            select(t.AuditRecord)
            .where(t.AuditRecord.doc_kind == doc_kind, t.AuditRecord.doc_ref == str(doc_ref))
            .order_by(t.AuditRecord.seq)
        )
    )

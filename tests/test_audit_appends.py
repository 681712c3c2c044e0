"""The audit trail's appends as filing makes them fast (issue 20): records inserted as Core
rows with their links set at once, only the transaction's last record updated with its
rows; rows hashed as a transaction read them or inserted them, never stale. Each case ends
with ``audit.verify``, which reads every covered row back and checks it against the chain:
a row hashed from a stale read would show as "changed since record N"."""

from __future__ import annotations

from sqlalchemy import func, insert, text, update
from sqlmodel import select

import db.tables as t
from console import audit
from console.roles import system_actor
from console.services.exports import filing
from console.services.exports.sb_common import child_rows
from tests.sb_support import IEC_COCONUT, declaration, file


def _verified(core) -> audit.Verification:
    with core.db.read() as s:
        result = audit.verify(s)
    assert result.ok, result.problems
    return result


def _records(core, after: int) -> list[t.AuditRecord]:
    with core.db.read() as s:
        return list(s.exec(select(t.AuditRecord).where(t.AuditRecord.seq > after)
                           .order_by(t.AuditRecord.seq)))


def _head(core) -> int:
    with core.db.read() as s:
        return s.exec(select(t.AuditHead.seq)).one()


def test_audit_1_records_of_one_transaction_chain_and_only_the_last_holds_its_rows(
        demo_core, actors):
    """Submission records two acts (submit, route): each links to the one before, the
    first holds no rows, the last the SB's row; the head is the last."""
    before = _head(demo_core)
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08", items=2))
    recs = [r for r in _records(demo_core, before) if r.doc_ref == str(sb.sb_no)]
    assert [r.action for r in recs] == ["submit", "route"]
    first, last = recs
    assert last.seq == first.seq + 1 and last.prev_hash == first.hash
    assert first.rows == "" and first.row_hash == audit._sha("")
    assert last.rows.startswith("shippingbill:") and last.row_hash == audit._sha(last.rows)
    with demo_core.db.read() as s:
        assert s.exec(select(t.AuditHead.seq, t.AuditHead.hash)).one() == (
            _records(demo_core, before)[-1].seq, _records(demo_core, before)[-1].hash)
    _verified(demo_core)


def test_audit_1_rows_read_then_written_again_are_hashed_as_they_end(demo_core, actors):
    """A draft's items read (as its view reads them) and then changed by a later statement
    of the same transaction: the chain holds them as changed, not as read."""
    draft = filing.create_draft(demo_core, actors["opr1"],
                                declaration(demo_core, IEC_COCONUT, "08", items=2))
    with demo_core.db.write() as s:
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.job_no == draft.job_no)).one()
        rows = [dict(r._mapping) for r in child_rows(s, t.SbItem, sb.id, "sl")]
        for r in rows:
            r.pop("id")
        s.execute(t.SbItem.__table__.delete().where(t.SbItem.sb_id == sb.id))
        s.execute(insert(t.SbItem.__table__), rows)  # the items again, owned by the SB
        assert len(child_rows(s, t.SbItem, sb.id, "sl")) == 2  # read, then written again:
        s.execute(update(t.SbItem.__table__).where(t.SbItem.sb_id == sb.id)
                  .values(description="changed after it was read"))
        audit.record(s, actors["opr1"], demo_core.now(), "SB", f"J{sb.job_no}", "test")
    _verified(demo_core)


def test_audit_1_a_row_inserted_whole_then_changed_is_hashed_as_it_ends(demo_core, actors):
    """A print logged by a one-row INSERT with every column given is hashed from its values;
    changed afterwards in the same transaction, it is read back instead."""
    with demo_core.db.write() as s:
        key = s.execute(insert(t.PrintLog.__table__), {
            "doc_kind": "SB", "doc_ref": "1", "copy_name": "test", "printed_by": "opr1",
            "printed_at": demo_core.now(), "reprint": False, "cancelled": False,
            "cancelled_by": ""}).inserted_primary_key[0]
        audit.record(s, actors["opr1"], demo_core.now(), "SB", "1", "print")
    before = _head(demo_core)
    with demo_core.db.write() as s:
        key = s.execute(insert(t.PrintLog.__table__), {
            "doc_kind": "SB", "doc_ref": "1", "copy_name": "test 2", "printed_by": "opr1",
            "printed_at": demo_core.now(), "reprint": True, "cancelled": False,
            "cancelled_by": ""}).inserted_primary_key[0]
        s.execute(update(t.PrintLog.__table__).where(t.PrintLog.id == key)
                  .values(cancelled=True, cancelled_by="opr2"))
        audit.record(s, actors["opr1"], demo_core.now(), "SB", "1", "print")
    (rec,) = _records(demo_core, before)
    assert f"printlog:{key} " in rec.rows
    _verified(demo_core)


def test_audit_1_a_savepoint_rolled_back_takes_its_records_and_the_chain_stays_whole(
        demo_core, actors):
    """Records appended inside a savepoint that is rolled back go with it; the next record
    takes their place in the sequence and links to the record before the savepoint."""
    before = _head(demo_core)
    actor = system_actor("INVTZ4")
    with demo_core.db.write() as s:
        audit.record(s, actor, demo_core.now(), "TEST", "1", "kept")
        try:
            with s.begin_nested():
                audit.record(s, actor, demo_core.now(), "TEST", "2", "undone")
                audit.record(s, actor, demo_core.now(), "TEST", "3", "undone")
                raise RuntimeError
        except RuntimeError:
            pass
        audit.record(s, actor, demo_core.now(), "TEST", "4", "kept")
    with demo_core.db.write() as s:  # the head locked first inside the savepoint
        try:
            with s.begin_nested():
                audit.record(s, actor, demo_core.now(), "TEST", "5", "undone")
                s.execute(insert(t.PrintLog.__table__), {  # a row known by its values
                    "doc_kind": "SB", "doc_ref": "5", "copy_name": "undone",
                    "printed_by": "opr1", "printed_at": demo_core.now(), "reprint": False,
                    "cancelled": False, "cancelled_by": ""})
                raise RuntimeError
        except RuntimeError:
            pass
        audit.record(s, actor, demo_core.now(), "TEST", "6", "kept")
    recs = _records(demo_core, before)
    assert [(r.seq - before, r.doc_ref) for r in recs] == [(1, "1"), (2, "4"), (3, "6")]
    assert recs[1].prev_hash == recs[0].hash and recs[2].prev_hash == recs[1].hash
    _verified(demo_core)


def test_filing_an_sb_takes_at_most_its_statements(demo_core, actors):
    """What the filing bench measures (bench/bench_filing.py) stays put: keying, the
    checklist and submission of a 5-item SB in three transactions and at most 45 statements
    (60 before issue 20), and the chain verifies."""
    from sqlalchemy import event

    file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08", items=5))  # cache warm
    data = declaration(demo_core, IEC_COCONUT, "08", items=5)
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(demo_core.db.engine, "before_cursor_execute", count)
    try:
        file(demo_core, actors, data)
    finally:
        event.remove(demo_core.db.engine, "before_cursor_execute", count)
    assert sum(1 for x in seen if x.startswith("BEGIN")) == 3, "\n".join(seen)
    assert len(seen) <= 45, "\n".join(seen)
    with demo_core.db.read() as s:
        assert s.exec(select(func.count()).select_from(t.AuditRecord)).one() > 0
        assert s.execute(text("SELECT count(*) FROM audithead")).scalar() == 1
    _verified(demo_core)

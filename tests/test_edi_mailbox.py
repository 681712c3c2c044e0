"""Remote filing through the mailbox (edi.md, EDI-1..7; issue 16): the unit of work that
makes a message all or nothing, messages in and replies out end to end with the samples of
``fixtures/examples/edi/``, notices, duplicates, bad files, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import IcesError, RuleViolation
from console.services.exports import filing

ROOT = Path(__file__).resolve().parent.parent
SB_JSON = json.loads((ROOT / "fixtures" / "examples" / "sb.json").read_text())


def _fingerprint(core) -> dict:
    """What a filing changes: documents, number series, the audit trail."""
    with core.db.read() as s:
        return {
            "sbs": s.exec(select(func.count()).select_from(t.ShippingBill)).one(),
            "series": dict(s.exec(select(t.NumberSeries.name, t.NumberSeries.next_value)).all()),
            "audit": s.exec(select(t.AuditHead.seq)).one(),
            "records": s.exec(select(func.count()).select_from(t.AuditRecord)).one(),
        }


# ---- the unit of work (db/engine.py; EDI-1) ----


def _unit_all_or_nothing(core, opr) -> None:
    before = _fingerprint(core)
    # a refusal at submission: the draft keyed in the same unit goes too, and its job number
    with pytest.raises(RuleViolation) as err, core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        with core.db.read() as s:  # a read inside the unit sees the unit's own draft
            assert s.exec(select(t.ShippingBill).where(
                t.ShippingBill.job_no == draft.job_no)).one()
        filing.submit_sb(core, opr, draft.job_no)  # no checklist round: refused
    assert err.value.rule == "EXP-FIL-2"
    assert _fingerprint(core) == before

    # a refusal after the SB number was taken: the number is given back with the rest
    class Refused(IcesError):
        pass

    with pytest.raises(Refused), core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        filing.print_checklist(core, opr, draft.job_no)
        sb = filing.submit_sb(core, opr, draft.job_no)
        assert sb.sb_no == before["series"]["SB"]
        raise Refused("the next step refused")
    assert _fingerprint(core) == before

    # the same calls, not refused: one transaction, all of it kept
    with core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        filing.print_checklist(core, opr, draft.job_no)
        sb = filing.submit_sb(core, opr, draft.job_no)
    after = _fingerprint(core)
    assert after["sbs"] == before["sbs"] + 1
    assert after["series"]["SB"] == before["series"]["SB"] + 1
    assert after["audit"] > before["audit"]
    with core.db.read() as s:
        from console import audit

        assert audit.verify(s).ok
        assert s.exec(select(t.ShippingBill.sb_no).where(
            t.ShippingBill.job_no == draft.job_no)).one() == sb.sb_no


def test_unit_of_work_is_all_or_nothing_on_sqlite(demo_core, actors):
    """EDI-1 rests on it: inside ``db.unit()`` every write and read joins one transaction;
    a refusal anywhere leaves no draft, no number taken, no audit record."""
    _unit_all_or_nothing(demo_core, actors["opr1"])


def test_unit_of_work_nests_and_leaves_other_threads_alone(demo_core, actors):
    """A unit inside a unit is the same unit; another thread's writes are its own."""
    import threading

    db = demo_core.db
    with db.unit() as outer:
        with db.unit() as inner, db.write() as w, db.read() as r:
            assert outer is inner is w is r
        seen = []
        thread = threading.Thread(target=lambda: seen.append(db.current_unit()))
        thread.start()
        thread.join()
        assert seen == [None]
    assert db.current_unit() is None


def test_unit_of_work_is_all_or_nothing_on_postgresql(pg_database, clock):
    """The same on PostgreSQL (row locks held to the end of the unit)."""
    from console.core import Core
    from console.demo import base
    from console.services.admin.setup import prepare
    from db.migrate import upgrade

    upgrade(pg_database.engine)
    core, _ = prepare(pg_database, training=True, clock=clock)
    core = Core(pg_database, clock)
    ctx: dict = {"core": core}
    base.build(core, ctx)
    _unit_all_or_nothing(core, ctx["actors"]["opr1"])

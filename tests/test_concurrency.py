"""Two officers take the same act on the same document at the same moment (roles.md, the
act tables): exactly one wins, the other is told (refused by the document's new state or
version, never an error), and the audit trail shows the act once — on SQLite (one writer
at a time) and on PostgreSQL (the act's row lock), for every act that moves money or
closes something."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import func, text
from sqlmodel import select

import db.tables as t
from console.clock import FixedClock
from console.core import Core
from console.errors import IcesError
from console.services.admin.officers import login
from console.services.bonds import bonds, warehousing
from console.services.exports import amendments, leo
from console.services.imports import be_clearance as clr
from console.services.schemes import brc
from console.services.schemes import drawback as dbk
from tests import bond_support as bs
from tests.sb_support import IEC_MARINE, declaration, file, registered

T0 = datetime(2026, 11, 2, 11, 0)


@dataclass
class Race:
    """``setup(core, actors)`` -> the document's reference; ``act(core, actor, ref)`` the
    act both officers take; ``officers`` the two; ``kind``/``action`` the audit record
    that must appear once."""

    name: str
    setup: Callable
    act: Callable
    officers: tuple[str, str]
    kind: str
    action: str


def _leo_setup(core, a):
    sb = registered(core, a, file(core, a, declaration(core, IEC_MARINE, "09", avoid="03")))
    return sb.sb_no


def _amendment_setup(core, a):
    sb = file(core, a, declaration(core, IEC_MARINE, "09", avoid="03"))
    req = amendments.request_amendment(core, a["opr1"], sb.sb_no, {"marks": "M2"}, "letter")
    amendments.permit_amendment(core, a["acdc1"], req.id)
    return req.id


def _claim_setup(core, a):
    return dbk.queue(core, a["dbk1"])[0].id


def _scroll_setup(core, a):
    """A claim sanctioned today, so that the day's scroll has something to send."""
    dbk.sanction(core, a["dbk1"], dbk.queue(core, a["dbk1"])[0].id)
    return None


def _brc_setup(core, a):
    """A drawback SB pending realisation at the port, its AD declared (EXP-BRC-4)."""
    with core.db.read() as s:
        w = s.exec(select(t.BrcWatch).join(t.BrcAdDeclaration, (
            t.BrcAdDeclaration.iec == t.BrcWatch.iec)
            & (t.BrcAdDeclaration.ad_code == t.BrcWatch.ad_code)
            & (t.BrcAdDeclaration.port_code == t.BrcWatch.location_code)).where(
            t.BrcWatch.pending, t.BrcWatch.location_code == "INVTZ4")).first()
        assert w is not None, "the demo has a drawback SB pending realisation"
        return w.sb_no, w.sb_date, w.iec, w.ad_code


def _brc(core, actor, ref):
    sb_no, sb_date, iec, ad = ref
    return brc.record_brc(core, actor, iec, ad, f"BRC/{actor.username}", sb_date, [(sb_no,
                                                                                    sb_date)])


def _ooc_setup(core, a):
    """A BE examined and paid: waiting for the shed appraiser's Out of Charge."""
    be = bs.assessed(core, a)
    clr.pay_duty(core, a["opr1"], be.be_no, "online")
    clr.register_goods(core, a["exm1"], be.be_no)
    clr.examine(core, a["exm1"], be.be_no, "as declared")
    return be.be_no


def _ex_bond_setup(core, a):
    """An ex-bond BE checked by the Superintendent: its Out of Charge debits the warehouse
    ledger (WH-3)."""
    x = bs.ex_bond(core, a, bs.warehoused(core, a), (1, "100"))
    clr.assess(core, a["apr1"], x.be_no)
    clr.pay_duty(core, a["opr1"], x.be_no, "online")
    clr.register_goods(core, a["exm1"], x.be_no)
    clr.examine(core, a["exm1"], x.be_no, "drawn from the warehouse")
    warehousing.check_ex_bond(core, a["apr2"], x.be_no, "nil")
    return x.be_no


def _bond_debit_setup(core, a):
    """A BE whose continuity bond is specified and approved, not yet debited (BND-7)."""
    bond = bs.continuity_bond(core, a)
    be = bs.bonded(core, a, bond, debit=False, pay=False)
    return bond.bond_no, be.be_no


RACES = [
    Race("Let Export Order", _leo_setup,
         lambda core, actor, ref: leo.give_let_export_order(core, actor, ref),
         ("apr1", "apr2"), "SB", "leo"),
    Race("amendment approved in the system", _amendment_setup,
         lambda core, actor, ref: amendments.approve_in_system(core, actor, ref),
         ("acdc1", "acdc2"), "AMD", "approve_in_system"),
    Race("drawback claim sanctioned", _claim_setup,
         lambda core, actor, ref: dbk.sanction(core, actor, ref),
         ("dbk1", "acdc1"), "DBK", "sanction"),
    Race("the day's drawback scroll", _scroll_setup,
         lambda core, actor, ref: dbk.generate_scroll(core, actor),
         ("dbk1", "dbk1"), "SCROLL", "generate"),
    Race("BRC entered for an SB", _brc_setup, _brc, ("dbk1", "acdc1"), "SB", "brc_brc"),
    Race("Out of Charge", _ooc_setup,
         lambda core, actor, ref: clr.give_out_of_charge(core, actor, ref),
         ("apr1", "apr2"), "BE", "ooc"),
    Race("ex-bond Out of Charge debiting the warehouse", _ex_bond_setup,
         lambda core, actor, ref: clr.give_out_of_charge(core, actor, ref),
         ("apr1", "apr2"), "BE", "ooc"),
    Race("bond debited for a BE", _bond_debit_setup,
         lambda core, actor, ref: bonds.debit_bond(core, actor, *ref),
         ("bnd1", "bnd1"), "BOND", "debit"),
]


def _hold_the_audit_chain(core: Core):
    """On PostgreSQL, a connection holding the audit chain's head: each act takes its
    document's row lock, then waits here to append its record, so the two officers are
    both inside their transactions before either commits (the race is real)."""
    if core.db.is_sqlite:  # one writer at a time: BEGIN IMMEDIATE already serialises them
        return None
    conn = core.db.engine.connect()
    conn.execute(text("SELECT seq FROM audithead WHERE id = 1 FOR UPDATE"))
    return conn


def _both_waiting(conn) -> None:
    """Until both officers' transactions wait on a lock (a condition, not a sleep)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        conn.execute(text("SELECT pg_stat_clear_snapshot()"))  # see the activity afresh
        waiting = conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")).scalar()
        if waiting >= 2:
            return
        time.sleep(0.01)
    raise AssertionError("the two officers never waited on each other")


def race(core: Core, actors, r: Race) -> None:
    ref = r.setup(core, actors)
    start = threading.Barrier(2)
    results: list[str] = []
    held = _hold_the_audit_chain(core)

    def take(who: str) -> None:
        start.wait()
        try:
            r.act(core, actors[who], ref)
            results.append("done")
        except IcesError as err:
            results.append(f"refused: {err}")

    threads = [threading.Thread(target=take, args=(w,)) for w in r.officers]
    for th in threads:
        th.start()
    if held is not None:
        _both_waiting(held)
        held.rollback()
        held.close()
    for th in threads:
        th.join(timeout=60)
    assert sorted(results)[0] == "done" and sorted(results)[1].startswith("refused"), (
        r.name, results)
    with core.db.read() as s:
        q = select(func.count()).select_from(t.AuditRecord).where(
            t.AuditRecord.doc_kind == r.kind, t.AuditRecord.action == r.action)
        if ref is not None:
            q = q.where(t.AuditRecord.doc_ref == str(ref[0] if isinstance(ref, tuple)
                                                    else ref))
        n = s.exec(q).one()
    assert n == 1, (r.name, n)


@pytest.mark.parametrize("r", RACES, ids=[r.name for r in RACES])
def test_two_officers_one_act_sqlite(demo_core, actors, r):
    race(demo_core, actors, r)


@pytest.fixture
def pg_demo(pg_database):
    """The demo data on PostgreSQL (a schema of this test's own), with the fixed clock."""
    from console.demo import SECTIONS
    from console.services.admin.setup import prepare

    t.create_all(pg_database.engine)
    core, _ = prepare(pg_database, training=True, clock=FixedClock(T0))
    ctx = {"core": core}
    for section in SECTIONS:
        section(core, ctx)
    from console.demo.base import OFFICERS

    actors = {u: login(core, u, "ices-demo", "test") for u, *_ in OFFICERS}
    return core, actors


@pytest.mark.postgres
def test_two_officers_one_act_postgres(pg_demo):
    core, actors = pg_demo
    for r in RACES:
        race(core, actors, r)

"""The Bill of Entry screen (screens/be.py) and the BE worklists on the home screen (F10).

The demo BEs of flight AI-202 (console/demo/imports.py ``build``), oldest first: one out of
charge, one on second check waiting for the appraiser, one on first check waiting for the
examiner. Other demo BEs may wait in the same lists.
"""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable, Static

import db.tables as t
from console.demo.imports import VOYAGE
from console.services.imports import be_clearance as clr
from console.services.imports import be_worklists
from console.services.imports import bills_of_entry as bes
from screens.be import BeScreen
from screens.forms import ConfirmScreen
from screens.home import HomeScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill


def _demo_bes(core) -> list[int]:
    with core.db.read() as s:
        return list(s.exec(
            select(t.BillOfEntry.be_no).join(t.IgmLine).join(t.Igm)
            .where(t.Igm.voyage == VOYAGE).order_by(t.BillOfEntry.be_no)))


def _refs(screen) -> list[str]:
    return [r.ref for r in screen.work_page.rows]


async def _select(pilot, home, ref: int) -> None:
    """Move the worklist cursor to ``ref`` and press Enter."""
    home.query_one("#worklist", DataTable).move_cursor(row=_refs(home).index(str(ref)))
    await pilot.press("enter")
    await settle(pilot)


async def _open(pilot, be_no: int) -> BeScreen:
    """F10 to the BE worklist, F4, the BE number."""
    await pilot.press("f10")
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    await form_fill(pilot, be_no=be_no)
    screen = pilot.app.screen
    assert isinstance(screen, BeScreen), screen
    return screen


@pilot_test
async def test_imp_apr_1_imp_exm_1_be_worklists_and_acts_on_screen(demo_core):
    """IMP-APR-1: the appraiser's BE worklist (F10) holds the BE on second check; Enter opens
    it and F6, Enter assesses it: the service then has it assessed, the history shows the
    act. IMP-EXM-1: the examiner's list holds the first-check BE; F7 registers its goods."""
    done, second, first = _demo_bes(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("f10")
        await settle(pilot)
        assert str(second) in _refs(home) and str(first) not in _refs(home)
        assert {r.kind for r in home.work_page.rows} == {"BE"}
        title = str(home.query_one("#worklist-title", Static).render())
        assert title == "Bills of Entry to assess, and to give Out of Charge"
        await _select(pilot, home, second)
        screen = app.screen
        assert isinstance(screen, BeScreen) and screen.be_no == second
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert bes.get_be(demo_core, second).state == "assessed"
        history = screen.query_one("#be-history", DataTable)
        assert [str(history.get_row_at(i)[2]) for i in range(history.row_count)][-1] == "assess"
        assert screen.info.next_step == "to_pay"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home and str(second) not in _refs(home)

        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "exm1")
        home = app.screen
        await pilot.press("f10")
        await settle(pilot)
        assert str(first) in _refs(home) and str(second) not in _refs(home)
        await _select(pilot, home, first)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
    assert bes.get_be(demo_core, first).state == "registered"
    assert bes.get_be(demo_core, done).state == "out_of_charge"


def test_imp_apr_2_imp_ooc_1_be_worklists_by_stage(demo_core, actors):
    """The worklists behind F10, newest first: the appraiser's holds BEs to assess (second
    check; first check once examined, IMP-APR-2) and examined, paid BEs to give Out of
    Charge (IMP-OOC-1); the examiner's, goods to register and to examine (IMP-EXM-1)."""
    done, second, first = _demo_bes(demo_core)
    apr, exm = actors["apr1"], actors["exm1"]

    def refs(actor, stage=None) -> list[str]:
        page = be_worklists.for_officer(demo_core, actor, stage=stage)
        return [r.ref for r in page.rows if int(r.ref) in (done, second, first)]

    assert (refs(apr), refs(exm)) == ([str(second)], [str(first)])
    clr.register_goods(demo_core, exm, first)
    clr.examine(demo_core, exm, first, "as declared")
    clr.assess(demo_core, apr, second)
    clr.pay_duty(demo_core, actors["opr1"], second, "online")
    assert (refs(apr), refs(exm)) == ([str(first)], [str(second)])
    clr.register_goods(demo_core, exm, second)
    clr.examine(demo_core, exm, second, "as declared")
    assert refs(apr) == [str(first), str(second)]  # newest BE first
    assert refs(apr, "to_give_ooc") == [str(second)] and refs(apr, "to_assess") == [str(first)]
    whole = be_worklists.for_officer(demo_core, apr)
    page = be_worklists.for_officer(demo_core, apr, offset=1, limit=1)
    assert page.total == whole.total and page.rows == whole.rows[1:2]


def test_snapshot_be_screen(demo_core, snap_compare):
    """The appraiser on the demo BE on second check: header, particulars with the duty,
    the acts in the footer (F6 Assess, F9 Print)."""
    second = _demo_bes(demo_core)[1]

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        await _open(pilot, second)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


@pilot_test
async def test_wh_4_superintendent_checks_the_ex_bond_be_on_screen(demo_core):
    """WH-4: an X BE examined and paid opens for the Superintendent (APR) with F4 Ex-bond
    check and not Out of Charge; the check keys the charges receipt, after which F10 Out of
    Charge is offered. The examiner is not offered the check."""
    from console.demo.base import OFFICERS
    from console.services.admin.officers import login
    from tests import bond_support as bs
    from tests.conftest import DEMO_PASSWORD

    a = {u: login(demo_core, u, DEMO_PASSWORD, "test") for u, *_ in OFFICERS}
    w = bs.warehoused(demo_core, a)
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], x.be_no)
    clr.examine(demo_core, a["exm1"], x.be_no, "drawn")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "exm1")
        screen = await _open(pilot, x.be_no)
        assert screen.check_action("check_ex_bond", ()) is False
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "apr2")
        screen = await _open(pilot, x.be_no)
        assert screen.info.next_step == "to_check"
        assert screen.check_action("ooc", ()) is False
        await pilot.press("f9")
        await settle(pilot)
        await form_fill(pilot, receipt="WH rent receipt 12/2026")
        assert not errors(app), errors(app)
        assert screen.info.next_step == "to_give_ooc"
        assert screen.check_action("ooc", ()) is True
    with demo_core.db.read() as s:
        xb = s.exec(select(t.ExBond).join(t.BillOfEntry).where(
            t.BillOfEntry.be_no == x.be_no)).one()
    assert (xb.checked_by, xb.charges_receipt) == ("apr2", "WH rent receipt 12/2026")


@pilot_test
async def test_imp_pay_1_service_centre_records_the_duty_paid_on_screen(demo_core):
    """IMP-PAY-1: once the appraiser assesses the second-check BE it is in the operator's BE
    list as "duty to pay"; opr1 opens it, F2 records the payment (online); the BE is paid
    with a challan number and leaves the list. Cash above the limit is refused by the
    service and changes nothing."""
    from console.services.admin.officers import login
    from tests.app_support import PASSWORD

    _, second, _ = _demo_bes(demo_core)
    apr = login(demo_core, "apr1", PASSWORD, "test")
    clr.assess(demo_core, apr, second)
    opr = login(demo_core, "opr1", PASSWORD, "test")
    page = be_worklists.for_officer(demo_core, opr, stage="to_pay")
    assert str(second) in [r.ref for r in page.rows]
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        home = app.screen
        await pilot.press("f10")
        await settle(pilot)
        await _select(pilot, home, second)
        screen = app.screen
        assert isinstance(screen, BeScreen) and screen.check_action("pay", ()) is True
        assert screen.check_action("assess", ()) is False
        await pilot.press("f4")
        await settle(pilot)
        await form_fill(pilot, mode="cash")
        assert bes.get_be(demo_core, second).paid_at is None
        assert any("IMP-PAY-1" in e for e in errors(app)), errors(app)
        await pilot.press("f4")
        await settle(pilot)
        await form_fill(pilot, mode="online")
        paid = bes.get_be(demo_core, second)
        assert paid.paid_at is not None and paid.challan_no, errors(app)
        assert screen.check_action("pay", ()) is False
    page = be_worklists.for_officer(demo_core, opr, stage="to_pay")
    assert str(second) not in [r.ref for r in page.rows]

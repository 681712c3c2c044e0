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
from screens.forms import ConfirmScreen, FormScreen
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
    the acts in the footer (F3 Query, F6 Assess, b Bond)."""
    second = _demo_bes(demo_core)[1]

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        await _open(pilot, second)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


@pilot_test
async def test_wh_4_superintendent_checks_the_ex_bond_be_on_screen(demo_core):
    """WH-4: an X BE examined and paid opens for the Superintendent (APR) with F9 Ex-bond
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
    list as "duty to pay"; opr1 opens it, P records the payment (online); the BE is paid
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
        await pilot.press("p")
        await settle(pilot)
        await form_fill(pilot, mode="cash")
        assert bes.get_be(demo_core, second).paid_at is None
        assert any("IMP-PAY-1" in e for e in errors(app)), errors(app)
        await pilot.press("p")
        await settle(pilot)
        await form_fill(pilot, mode="online")
        paid = bes.get_be(demo_core, second)
        assert paid.paid_at is not None and paid.challan_no, errors(app)
        assert screen.check_action("pay", ()) is False
    page = be_worklists.for_officer(demo_core, opr, stage="to_pay")
    assert str(second) not in [r.ref for r in page.rows]


# ---- the BE's remaining acts on screen (IMP-APR-1, IMP-AMD-1/2, IMP-CCV-1, IMP-DUT-6,
# ---- BND-2/13, WH-5) ----


def _actors(core) -> dict:
    from console.demo.base import OFFICERS
    from console.services.admin.officers import login
    from tests.conftest import DEMO_PASSWORD

    return {u: login(core, u, DEMO_PASSWORD, "test") for u, *_ in OFFICERS}


async def _as(pilot, username: str, be_no: int) -> BeScreen:
    """Log out whoever is in, log ``username`` in and open BE ``be_no`` (as F10, F4 would;
    pushed directly, since not every role has the BE worklist)."""
    app = pilot.app
    if app.actor is not None:
        while not isinstance(app.screen, HomeScreen):
            app.pop_screen()
        await pilot.press("f12")
        await settle(pilot)
    await log_in(pilot, username)
    screen = BeScreen(app.actor, be_no)
    app.push_screen(screen)
    await settle(pilot)
    return screen


def _be_with(core, **where) -> int:
    with core.db.read() as s:
        q = select(t.BillOfEntry.be_no)
        for name, value in where.items():
            q = q.where(getattr(t.BillOfEntry, name) == value)
        return s.exec(q.order_by(t.BillOfEntry.be_no)).first()


def _note(app) -> str:
    return app.screen.note


def _footer_fits(app) -> list[str]:
    """The footer keys shown; asserts they end within 80 columns with Log out shown."""
    from textual.widgets._footer import FooterKey

    keys = list(app.screen.query(FooterKey))
    assert max(k.region.right for k in keys) <= SIZE[0], [k.description for k in keys]
    assert any(k.description == "Log out" and k.region.width for k in keys)
    return [k.description for k in keys]


@pilot_test
async def test_imp_apr_1_query_raised_approved_and_replied_on_the_be_screen(demo_core):
    """IMP-APR-1: the appraiser raises a query with F3; the group AC/DC's F3 shows its text
    and approves it; the service centre's F3 shows the query and its approval and keys the
    reply; the BE is back with the appraiser, the query and reply shown on it."""
    second = _demo_bes(demo_core)[1]
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _as(pilot, "apr1", second)
        assert screen.check_action("query", ()) is True
        await pilot.press("f3")
        await settle(pilot)
        await form_fill(pilot, text="Produce the supplier's price list")
        assert bes.get_be(demo_core, second).state == "query_raised"
        screen = await _as(pilot, "acdc1", second)
        await pilot.press("f3")
        await settle(pilot)
        assert "Produce the supplier's price list" in _note(app)
        await form_fill(pilot)  # approve: ticked
        assert bes.get_be(demo_core, second).state == "query_pending"
        screen = await _as(pilot, "opr1", second)
        await pilot.press("f3")
        await settle(pilot)
        assert "price list" in _note(app) and "Approved by acdc1" in _note(app)
        await form_fill(pilot, reply="Price list of March attached")
        assert not errors(app), errors(app)
        assert bes.get_be(demo_core, second).state == "second_check"
        assert "Price list of March attached" in screen.info.query.said()
        assert screen.check_action("query", ()) is False


@pilot_test
async def test_imp_amd_2_ooc_cancelled_on_screen_then_given_again_and_delivered(demo_core):
    """IMP-AMD-2: the appraiser's F4 asks for the Out of Charge to be cancelled; the AC/DC's
    F4 approves the request; the System Manager's F10 cancels the OOC (confirmed); the shed
    appraiser gives it again (F10) and the custodian's F7 delivers the goods, after which
    no cancellation is offered."""
    done = _demo_bes(demo_core)[0]
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await _as(pilot, "apr1", done)
        await pilot.press("f4")
        await settle(pilot)
        await form_fill(pilot, reason="freight left out of the assessable value")
        screen = await _as(pilot, "acdc1", done)
        assert screen.info.request is not None
        assert "BEOOC.approve" in screen.open_of("request")
        await pilot.press("f4")
        await settle(pilot)
        assert "freight left out" in _note(app)
        await form_fill(pilot, go=True)
        assert not errors(app), errors(app)
        screen = await _as(pilot, "sys1", done)
        assert screen.check_action("cancel_ooc", ()) is True
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert bes.get_be(demo_core, done).state == "ooc_cancelled"
        await _as(pilot, "apr2", done)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert bes.get_be(demo_core, done).state == "out_of_charge"
        await _as(pilot, "cus1", done)
        await pilot.press("f7")
        await settle(pilot)
        assert "cannot be cancelled" in _note(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert bes.get_be(demo_core, done).delivered_at is not None
        screen = await _as(pilot, "apr1", done)
        assert screen.check_action("ask_cancel_ooc", ()) is False


@pilot_test
async def test_imp_amd_1_appraiser_and_acdc_accept_the_amendment_on_the_be_screen(demo_core):
    """IMP-AMD-1: once the group AC/DC approved the importer's amendment, the appraiser's
    F4 shows the change and accepts it; the AC/DC's F4 then incorporates it (it cannot be
    undone) and the BE goes back for assessment with the new value."""
    from console.services.imports import be_amendments
    from tests import bond_support as bs

    a = _actors(demo_core)
    be = bs.assessed(demo_core, a)
    req = be_amendments.request_amendment(
        demo_core, a["opr1"], be.be_no,
        {"invoice_value": "1100", "items": {"1": {"value": "1100"}}}, "revised invoice")
    be_amendments.approve_amendment(demo_core, a["acdc1"], req.id)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _as(pilot, "apr1", be.be_no)
        assert screen.open_of("request") == ["BEAMD.accept", "BEAMD.reject"]
        assert screen.check_action("amend", ()) is False
        await pilot.press("f4")
        await settle(pilot)
        assert "invoice value (FC): 1000 → 1100" in _note(app)
        await form_fill(pilot, go=True)
        assert be_amendments.get_request(demo_core, req.id).state == "accepted"
        await _as(pilot, "acdc1", be.be_no)
        await pilot.press("f4")
        await settle(pilot)
        assert "cannot be undone (IMP-AMD-1)" in _note(app)
        await form_fill(pilot, go=True)
        assert not errors(app), errors(app)
    view = bes.get_be(demo_core, be.be_no)
    assert (view.state, view.invoice_value_fc, view.amendments) == ("second_check", 1100, 1)


@pilot_test
async def test_imp_dut_6_bnd_2_bnd_13_hss_charges_bond_and_deposit_on_the_be_screen(demo_core):
    """IMP-DUT-6: the appraiser's H changes the high-sea-sale charges (the duty computed
    again). BND-2: his B specifies a specific bond with a cash deposit (a date that is no
    date is refused on the form); the AC/DC's B approves it; BND-13: the service centre's P
    records the cash deposit paid on its challan."""
    from console.services.bonds import bonds

    hss = _be_with(demo_core, hss_seller_iec="AABCS5678K", state="second_check")
    before = bes.get_be(demo_core, hss).duty
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _as(pilot, "apr1", hss)
        await pilot.press("h")
        await settle(pilot)
        await form_fill(pilot, rate="3", value="", reason="contract clause 7")
        assert not errors(app), errors(app)
        after = bes.get_be(demo_core, hss)
        assert after.hss_charge_rate == 3 and after.duty > before
        await pilot.press("b")
        await settle(pilot)
        await form_fill(pilot, bond_type="EU", bond_no="", valid_to="31.13.2027")
        assert isinstance(app.screen, FormScreen)  # not a date: the form says so
        await form_fill(pilot, valid_to="31.12.2027", cash_deposit="5000")
        assert not errors(app), errors(app)
        spec = bonds.get_be_bond(demo_core, hss)
        assert (spec.bond_type, spec.cash_deposit, spec.approved_by) == ("EU", 5000, "")
        assert screen.check_action("bond", ()) is True  # he may specify it again
        screen = await _as(pilot, "acdc1", hss)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert bonds.get_be_bond(demo_core, hss).approved_by == "acdc1"
        assert screen.check_action("bond", ()) is False
        screen = await _as(pilot, "opr1", hss)
        assert screen.check_action("pay", ()) is True
        await pilot.press("p")
        await settle(pilot)
        await form_fill(pilot, what="cash")
        assert not errors(app), errors(app)
        assert bonds.get_be_bond(demo_core, hss).cash_paid
        assert screen.check_action("pay", ()) is False


@pilot_test
async def test_imp_ccv_1_compliance_verified_on_screen_then_ooc_on_payment(demo_core):
    """IMP-CCV-1: goods registered and examined while the duty payment is in process: the
    appraiser's F10 is the verification (not Out of Charge); once the service centre's P
    records the payment, Out of Charge follows at once."""
    from tests import bond_support as bs

    a = _actors(demo_core)
    be = bs.assessed(demo_core, a)
    clr.register_goods(demo_core, a["exm1"], be.be_no)
    clr.examine(demo_core, a["exm1"], be.be_no, "as declared")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _as(pilot, "apr2", be.be_no)
        assert screen.check_action("ccv", ()) is True
        assert screen.check_action("ooc", ()) is False
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert bes.get_be(demo_core, be.be_no).ccv_at is not None
        await _as(pilot, "opr1", be.be_no)
        await pilot.press("p")
        await settle(pilot)
        await form_fill(pilot, what="duty", mode="online")
        assert not errors(app), errors(app)
    assert bes.get_be(demo_core, be.be_no).state == "out_of_charge"


@pilot_test
async def test_wh_5_commissioner_extends_the_warehousing_period_on_screen(demo_core):
    """WH-5: on a warehoused BE the Commissioner's W shows the period and extends it (a
    date beyond the limit is refused by the service and nothing changes); nobody else is
    offered it."""
    from datetime import timedelta

    from console.services.bonds import warehousing

    w = _be_with(demo_core, be_type="W", state="out_of_charge")
    period = warehousing.get_warehouse(demo_core, w).period_to
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _as(pilot, "acdc1", w)
        assert screen.check_action("extend", ()) is False
        screen = await _as(pilot, "com1", w)
        assert screen.check_action("extend", ()) is True
        await pilot.press("w")
        await settle(pilot)
        assert f"period to {period:%d.%m.%Y}" in _note(app)
        await form_fill(pilot, until=f"{period + timedelta(days=800):%d.%m.%Y}",
                        reason="buyer abroad")
        assert any("WH-5" in e for e in errors(app)), errors(app)
        assert warehousing.get_warehouse(demo_core, w).period_to == period
        await pilot.press("w")
        await settle(pilot)
        await form_fill(pilot, until=f"{period + timedelta(days=90):%d.%m.%Y}",
                        reason="buyer abroad")
    assert warehousing.get_warehouse(demo_core, w).period_to == period + timedelta(days=90)


def test_wh_5_interest_on_the_ex_bond_be_paid_with_p(demo_core, clock):
    """WH-5: an X BE whose duty was paid 155 days after the order for warehousing owes
    Rs 350.87 interest (tests/test_warehousing.py): the service centre's P offers it, with
    the amount, and records it paid on its own challan; then P is no longer offered."""
    from datetime import datetime
    from decimal import Decimal

    from console.services.bonds import warehousing
    from tests import bond_support as bs

    a = _actors(demo_core)
    w = bs.warehoused(demo_core, a, clock, datetime(2026, 3, 2, 11, 0))
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")

    @pilot_test
    async def run() -> None:
        app = make_app(demo_core)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _as(pilot, "opr1", x.be_no)
            assert screen.info.interest_due == Decimal("350.87")
            await pilot.press("p")
            await settle(pilot)
            assert app.screen.query_one("#f-what").value == "interest"
            await form_fill(pilot)
            assert not errors(app), errors(app)
            assert screen.check_action("pay", ()) is False

    run()
    assert warehousing.get_ex_bond(demo_core, x.be_no).interest_paid == Decimal("350.87")


@pilot_test
async def test_every_role_s_be_screen_keys_fit_80_columns(demo_core):
    """At 80x24 the BE screen's footer shows every key open to each demo role, F12 Log out
    included, on every demo BE; with a query raised, a bond specified with a deposit and
    an amendment asked for, the most keys are open at once."""
    from console.demo.base import OFFICERS
    from console.services.bonds import bonds
    from console.services.imports import be_amendments

    a = _actors(demo_core)
    assessed = _be_with(demo_core, state="assessed")
    bonds.specify_bond(demo_core, a["apr1"], assessed, "EU",
                       valid_to=demo_core.today().replace(year=demo_core.today().year + 1),
                       cash_deposit="100")
    be_amendments.request_amendment(demo_core, a["opr1"], assessed, {"freight": "5"}, "x")
    queried = _be_with(demo_core, state="second_check", hss_seller_iec="")
    clr.raise_query(demo_core, a["apr1"], queried, "why")
    with demo_core.db.read() as s:
        all_bes = list(s.exec(select(t.BillOfEntry.be_no).where(
            t.BillOfEntry.be_no.is_not(None)).order_by(t.BillOfEntry.be_no)))
    roles = {}
    for username, *_ in OFFICERS:
        roles.setdefault(a[username].role, username)
    seen: set[str] = set()
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        for username in roles.values():
            await _as(pilot, username, all_bes[0])
            for be_no in all_bes:
                app.pop_screen()
                app.push_screen(BeScreen(app.actor, be_no))
                await settle(pilot)
                seen |= set(_footer_fits(app))
    assert {"Print", "Query", "Amend", "Request", "Ask to cancel OOC", "Assess", "Bond", "HSS",
            "Pay", "Deliver", "Register goods", "Extend period"} - seen == set()


def test_snapshot_be_screen_service_centre_keys(demo_core, snap_compare):
    """The service centre on an assessed BE whose bond the appraiser specified with a cash
    deposit: F2 Print, F4 Amend and P Pay (the duty or the deposit) in the footer."""
    from console.services.bonds import bonds

    a = _actors(demo_core)
    assessed = _be_with(demo_core, state="assessed")
    bonds.specify_bond(demo_core, a["apr1"], assessed, "EU",
                       valid_to=demo_core.today().replace(year=demo_core.today().year + 1),
                       cash_deposit="100")

    async def before(pilot) -> None:
        await _as(pilot, "opr1", assessed)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

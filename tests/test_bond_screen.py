"""The bond register on screen (screens/bonds.py), home F6 Lists → "Bonds, certificates,
warehouse ledgers": the bond clerk, the AC/DC and the appraiser take every BOND and CERT act
from it (bonds-warehousing.md, BND-1..BND-11; the issue "bnd1 sees an empty worklist and no
bond key").

The demo's bond section (console/demo/bonds.py): R<n> a PD bond asked for (the AC/DC's),
R<n> an RE bond approved (the clerk's to register), 100001 the EU bond debited for one BE
with a second BE due, 100002 the WH bond of the W BE wholly debited, 100003 a UT
undertaking near expiry, certificate 100004 to attach to the EOU BE (lines 3 and 4 of
flight AI-208).
"""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

import db.tables as t
from console.acts.bond import BondState
from console.demo.bonds import DESK_LINES
from console.services.bonds import bonds
from screens.bonds import BondsScreen
from screens.forms import ConfirmScreen, FormScreen
from screens.home import HomeScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill


async def _open(pilot) -> BondsScreen:
    """Home, F6 Lists; the bond register is the first list of every role that uses it."""
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("f6")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    assert form.query_one("#f-register").value == "0"
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BondsScreen), screen
    return screen


async def _select(pilot, screen: BondsScreen, ref: str) -> None:
    """Move the register's cursor to the bond numbered ``ref`` (or request ``R<id>``)."""
    refs = [str(h.bond.bond_no) if h.bond.bond_no else f"R{h.bond.id}" for h in screen.bonds]
    screen.query_one("#bond-table", DataTable).move_cursor(row=refs.index(ref))
    await settle(pilot)


def _demo(core) -> dict:
    """The demo's bond section: requests by state, the BE due for debit, the EOU BE."""
    with core.db.read() as s:
        requests = {b.state: b.id for b in s.exec(select(t.Bond).where(
            t.Bond.bond_no.is_(None)))}
        due, eou = s.exec(select(t.BillOfEntry.be_no).join(t.IgmLine).where(
            t.IgmLine.bl_no.in_(DESK_LINES)).order_by(t.BillOfEntry.be_no)).all()
    return {"requested": f"R{requests[BondState.REQUESTED]}",
            "approved": f"R{requests[BondState.APPROVED]}", "due": due, "eou": eou}


def _keys(app) -> list[str]:
    return [k.description for k in app.screen.query(FooterKey)]


def _fits(app) -> None:
    keys = list(app.screen.query(FooterKey))
    assert max(k.region.right for k in keys) <= SIZE[0], _keys(app)
    assert any(k.description == "Log out" and k.region.width for k in keys), _keys(app)


@pilot_test
async def test_bnd_3_bnd_7_bnd_8_bnd_9_clerk_registers_debits_credits_sees_the_ledger(
        demo_core):
    """The bond clerk's day on screen: F7 registers the approved bond with its storage
    location and the system gives the number (BND-3, BND-4); d debits 100001 for the BE
    whose bond the appraiser specified and the AC/DC approved (BND-7), after a confirmation;
    c credits it back in part with its reason (BND-9); the ledger shows every line with the
    balance after it (BND-8)."""
    demo = _demo(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "bnd1")
        screen = await _open(pilot)
        await _select(pilot, screen, demo["approved"])
        assert _keys(app)[:1] == ["Register"] and screen.check_action("debit", ()) is False
        await pilot.press("f7")
        await settle(pilot)
        await form_fill(pilot, storage="Bond room, almirah 2, shelf 5")
        assert not errors(app), errors(app)
        registered = screen.selected().bond
        assert registered.state == BondState.REGISTERED and registered.bond_no > 100004
        assert registered.storage_location == "Bond room, almirah 2, shelf 5"

        await _select(pilot, screen, "100001")
        assert screen.check_action("register", ()) is False
        assert {"Debit", "Credit"} <= set(_keys(app)) and "Close" not in _keys(app)
        await pilot.press("d")  # the BE due, or a manual BE: the BE due is offered first
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#f-be").value == str(demo["due"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # a debit moves money: asked first
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert bonds.get_be_bond(demo_core, demo["due"]).debited_on is not None
        assert [x.balance for x in screen.ledger] == [Decimal("470000.00"),
                                                      Decimal("455000.00")]

        await pilot.press("c")  # two BEs still debited: which one
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-debit").value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await form_fill(pilot, reason="f", amount="5000", bg_amount="0")  # (f) unstated
        assert any("BND-9" in e for e in errors(app)), errors(app)
        assert isinstance(app.screen, FormScreen)  # back with what was typed and why
        await form_fill(pilot, reason="c", amount="5000", bg_amount="500")
        assert len(errors(app)) == 1, errors(app)
        lines = screen.ledger
        assert [(x.kind, x.be_no, x.debit, x.credit, x.balance, x.bg_balance) for x in lines] \
            == [("debit", lines[0].be_no, Decimal("30000.00"), Decimal("0.00"),
                 Decimal("470000.00"), Decimal("47000.00")),
                ("debit", demo["due"], Decimal("15000.00"), Decimal("0.00"),
                 Decimal("455000.00"), Decimal("45500.00")),
                ("credit", demo["due"], Decimal("0.00"), Decimal("5000.00"),
                 Decimal("460000.00"), Decimal("46000.00"))]
        assert lines[-1].reason == "c" and screen.selected().bond.balance == Decimal(
            "460000.00")
        table = screen.query_one("#ledger-table", DataTable)
        assert table.row_count == 3 and table.cursor_row == 2
        assert "(c) end-use certificate submitted" in str(
            screen.query_one("#ledger-detail").render())


@pilot_test
async def test_bnd_2_acdc_approves_and_appraiser_requests_on_screen(demo_core):
    """BND-2: the appraiser requests a continuity bond with n; the AC/DC sees F6 Approve and
    F4 Cancel on a request (not on a registered bond, where e Enhance is his), approves it
    and it waits for the bond clerk; the clerk is offered neither."""
    demo = _demo(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        screen = await _open(pilot)
        assert "Request" in _keys(app) and screen.check_action("approve", ()) is False
        await pilot.press("n")
        await settle(pilot)
        await form_fill(pilot, iec="AAPCA1234F", bond_type="UT", amount="60000",
                        valid_to="31.10.2027", bg_amount="", bg_ref="", surety="")
        assert not errors(app), errors(app)
        asked = screen.selected().bond
        assert (asked.state, asked.bond_type, asked.amount, asked.requested_by) == (
            BondState.REQUESTED, "UT", Decimal("60000.00"), "apr1")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)

        await log_in(pilot, "acdc1")
        screen = await _open(pilot)
        await _select(pilot, screen, "100001")
        assert screen.check_action("approve", ()) is False and "Enhance" in _keys(app)
        await _select(pilot, screen, demo["requested"])
        assert {"Approve", "Cancel"} <= set(_keys(app)) and "Enhance" not in _keys(app)
        await pilot.press("f6")
        await settle(pilot)
        assert not errors(app), errors(app)
        approved = screen.selected().bond
        assert (approved.state, approved.approved_by) == (BondState.APPROVED, "acdc1")
        await _select(pilot, screen, f"R{asked.id}")
        await pilot.press("f4")
        await settle(pilot)
        await form_fill(pilot, reason="importer withdrew the request")
        assert bonds.get_request(demo_core, asked.id).state == BondState.CANCELLED
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)

        await log_in(pilot, "bnd1")
        screen = await _open(pilot)
        await _select(pilot, screen, demo["requested"])
        assert screen.check_action("approve", ()) is False
        assert screen.check_action("register", ()) is True  # approved: the clerk's now


@pilot_test
async def test_bnd_11_certificates_and_wh_2_wh_5_warehouse_tabs(demo_core):
    """F8 moves to the Certificates tab: the clerk attaches the demo certificate to the
    EOU BE (BND-11, BND-12) and registers another with F7; F8 again shows the warehouse:
    the W BE's quantity ledger with its balance after the ex-bond clearance (WH-2, WH-3)
    and the interest due to date (WH-5). No act key there."""
    demo = _demo(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "bnd1")
        screen = await _open(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert screen.tab == "certs" and "Attach" in _keys(app)
        (cert,) = screen.certs
        await pilot.press("a")
        await settle(pilot)
        await form_fill(pilot, be_no=demo["eou"])
        assert not errors(app), errors(app)
        assert screen.selected_cert().cert.be_no == demo["eou"]
        assert "Attach" not in _keys(app)  # one certificate, one BE
        assert bonds.get_be_bond(demo_core, demo["eou"]).certificate_reg_no == cert.cert.reg_no
        await pilot.press("f7")
        await settle(pilot)
        await form_fill(pilot, iec="AAPCA1234F", issuer="CGST Range II",
                        cert_ref="CT3/99/2026", cert_date="2026-10-30")
        assert not errors(app), errors(app)
        assert [c.cert.cert_ref for c in screen.certs] == ["CT3/99/2026", cert.cert.cert_ref]

        await pilot.press("f8")
        await settle(pilot)
        assert screen.tab == "warehouse" and screen.open_acts() == ()
        (store,) = screen.stores
        assert [(x.quantity, x.cleared, x.balance) for x in store.lines] == [
            (Decimal("300"), Decimal("100"), Decimal("200")),
            (Decimal("100"), Decimal("0"), Decimal("100"))]
        assert screen.query_one("#stock-table", DataTable).row_count == 2
        _fits(app)
        await pilot.press("f8")
        await settle(pilot)
        assert screen.tab == "bonds"


@pilot_test
async def test_bnd_7_opened_on_a_worklist_row_asks_the_debit(demo_core):
    """Opened on a worklist row "bond debit due" (``BondsScreen("BE", no)``), the register
    selects the bond the BE specifies and asks its debit at once (BND-7)."""
    demo = _demo(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "bnd1")
        await app.push_screen(BondsScreen("BE", str(demo["due"])))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert bonds.get_be_bond(demo_core, demo["due"]).debited_on is not None


@pilot_test
async def test_bond_register_keys_fit_80_columns_for_every_role_and_bond(demo_core):
    """Every officer who opens the register (appraiser, AC/DC and higher, bond clerk) sees
    all the keys open on every bond and tab within 80 columns, F12 Log out included."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        for username in ("apr1", "acdc1", "adc1", "com1", "bnd1"):
            await log_in(pilot, username)
            screen = await _open(pilot)
            for row in range(len(screen.bonds)):
                screen.query_one("#bond-table", DataTable).move_cursor(row=row)
                await settle(pilot)
                _fits(app)
            for _ in range(2):
                await pilot.press("f8")
                await settle(pilot)
                _fits(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f12")
            await settle(pilot)


def test_snapshot_bond_register(demo_core, snap_compare):
    """The bond clerk's register at 80x24 on the demo's EU bond 100001: the register, the
    bond's particulars, its running ledger, the keys open on it."""

    async def before(pilot) -> None:
        await log_in(pilot, "bnd1")
        screen = await _open(pilot)
        await _select(pilot, screen, "100001")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


@pilot_test
async def test_bnd_3_bnd_7_bond_clerk_s_home_lists_what_waits_and_opens_the_register(demo_core):
    """Issue 15: the bond clerk's home lists the bond section's work (a bond to register,
    a debit due), not an empty SB list; Enter on the debit opens the register asking it."""
    demo = _demo(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "bnd1")
        home = app.screen
        assert isinstance(home, HomeScreen) and home.source.kind == "BOND"
        assert not home.check_action("switch", ())  # one list only: no F10
        rows = {(r.kind, r.ref): r for r in home.work_page.rows}
        assert ("BOND", demo["approved"]) in rows
        assert "bond to register" in rows["BOND", demo["approved"]].summary
        assert ("BE", str(demo["due"])) in rows
        table = home.query_one("#worklist", DataTable)
        table.move_cursor(row=list(rows).index(("BE", str(demo["due"]))))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # the debit, asked at once (BND-7)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BondsScreen)


@pilot_test
async def test_acdc_cycles_sb_be_and_bond_lists_with_f10(demo_core):
    """The AC/DC's home has three lists (SBs, BEs, bonds to approve or near expiry); F10
    cycles them and the title and state filter follow."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        home = app.screen
        assert [x.kind for x in home.sources] == ["SB", "BE", "BOND"]
        seen = []
        for _ in range(3):
            seen.append((home.source.kind, str(home.query_one("#worklist-title").render())))
            await pilot.press("f10")
            await settle(pilot)
        assert home.source.kind == "SB"
        assert seen[2][0] == "BOND" and "Bonds to approve" in seen[2][1]
        assert {r.kind for r in home.work_page.rows} <= {"SB", "QUERY", "AMD", "CAN", "EXAM"}

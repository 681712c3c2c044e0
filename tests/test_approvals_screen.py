"""The supervisor's approvals screen (screens/approvals.py): SB and BE items side by side,
an amendment's changed fields only (the rest folded away, F shows them), a query's text in
its dialogs, approve and refuse; its footer within 80 columns (Pilot tests, a snapshot)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import DataTable, Input, Static

from console.services.exports import amendments as amd
from console.services.imports import be_amendments
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from screens.approvals import ApprovalsScreen
from screens.forms import ConfirmScreen, FormScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill
from tests.test_be_screen import _actors, _be_with, _footer_fits


def _shown(screen) -> str:
    """The detail pane as text."""
    out = Console(width=120, file=io.StringIO(), record=True)
    out.print(screen.query_one("#approval-detail", Static).content)
    return out.export_text()


def _sb_amendment(core) -> str:
    pending = [r for r in amd.list_requests(core, open_only=True) if r.kind == "amendment"
               and r.state == "requested"]
    assert pending, "the demo leaves an SB amendment awaiting permission"
    return f"REQ:{pending[0].id}"


async def _open(pilot, username: str, key: str | None = None) -> ApprovalsScreen:
    """Log ``username`` in, open the approvals (home F9) and select ``key``."""
    await log_in(pilot, username)
    await pilot.press("f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ApprovalsScreen), screen
    if key is not None:
        keys = [i.key for i in screen.items]
        assert key in keys, keys
        screen.query_one("#approvals", DataTable).move_cursor(row=keys.index(key))
        await settle(pilot)
    return screen


@pilot_test
async def test_exp_amd_2_acdc_permits_an_sb_amendment_seeing_only_the_changed_fields(
        demo_core):
    """EXP-AMD-2: the AC/DC selects the demo's SB amendment: the detail shows the fields it
    changes (packages 10 -> 12, gross weight), not the SB's other fields, which F unfolds
    (and F folds again); A, a permission note, Ctrl+S permits it."""
    key = _sb_amendment(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "acdc1", key)
        shown = _shown(screen)
        assert "packages" in shown and "gross weight kg" in shown
        assert "port of loading" not in shown and "unchanged, folded away" in shown
        assert "All fields" in _footer_fits(app)
        await pilot.press("f")
        await settle(pilot)
        assert "port of loading" in _shown(screen)
        await pilot.press("f")
        await settle(pilot)
        assert "port of loading" not in _shown(screen)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#f-text", Input).value = "exporter's letter seen"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors(app), errors(app)
    assert amd.get_request(demo_core, int(key[4:])).state == "permitted"


@pilot_test
async def test_imp_apr_1_acdc_approves_a_be_query_seeing_its_text(demo_core):
    """IMP-APR-1: a query the appraiser raised on a BE is on the AC/DC's list; selected, its
    text is shown; A asks with the query's text and, confirmed, puts it in force."""
    a = _actors(demo_core)
    be_no = _be_with(demo_core, state="second_check", hss_seller_iec="")
    clr.raise_query(demo_core, a["apr1"], be_no, "Produce the supplier's price list\n"
                    "Give the freight paid")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "acdc1", f"BEQ:{be_no}")
        assert "Give the freight paid" in _shown(screen)
        assert screen.check_action("fields", ()) is False  # nothing to unfold
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Produce the supplier's price list" in app.screen.note
        assert "Give the freight paid" in app.screen.note
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert f"BEQ:{be_no}" not in [i.key for i in screen.items]
    assert bes.get_be(demo_core, be_no).state == "query_pending"


@pilot_test
async def test_imp_amd_2_acdc_refuses_a_be_ooc_cancellation(demo_core):
    """IMP-AMD-2: the appraiser's request to cancel an Out of Charge is on the AC/DC's list
    with its reason; R asks for the reason and refuses it: the request is rejected, the
    Out of Charge stands, the item leaves the list."""
    a = _actors(demo_core)
    be_no = _be_with(demo_core, state="out_of_charge", be_type="H")
    req = be_amendments.request_ooc_cancellation(demo_core, a["apr1"], be_no,
                                                 "freight left out of the value")
    key = f"BEREQ:{req.id}"
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "acdc1", key)
        assert "freight left out of the value" in _shown(screen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, reason="no amendment is warranted")
        assert not errors(app), errors(app)
        assert key not in [i.key for i in screen.items]
    view = be_amendments.get_request(demo_core, req.id)
    assert (view.state, view.reject_reason) == ("rejected", "no amendment is warranted")
    assert bes.get_be(demo_core, be_no).state == "out_of_charge"


@pilot_test
async def test_imp_amd_1_acdc_approves_a_be_amendment_seeing_its_change(demo_core):
    """IMP-AMD-1: the importer's BE amendment shows its changed fields only (the BE's
    invoice value and the item's value, before and after); A confirms with the change
    listed and approves it, so it waits for the group appraiser."""
    from tests import bond_support as bs

    a = _actors(demo_core)
    be = bs.assessed(demo_core, a)
    req = be_amendments.request_amendment(
        demo_core, a["opr1"], be.be_no,
        {"invoice_value": "1100", "items": {"1": {"value": "1100"}}}, "revised invoice")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "acdc1", f"BEREQ:{req.id}")
        shown = _shown(screen)
        assert "invoice value (FC)" in shown and "1100" in shown
        assert "tariff item" not in shown and "freight (FC)" not in shown
        await pilot.press("a")
        await settle(pilot)
        assert "invoice value (FC): 1000 → 1100" in app.screen.note
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
    assert be_amendments.get_request(demo_core, req.id).state == "approved"


@pilot_test
async def test_supervisors_approvals_keys_fit_80_columns(demo_core):
    """Every supervisor's approvals footer, on every item, fits 80 columns with F12."""
    a = _actors(demo_core)
    be_no = _be_with(demo_core, state="second_check", hss_seller_iec="")
    clr.raise_query(demo_core, a["apr1"], be_no, "why")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        for username in ("acdc1", "adc1", "com1"):
            screen = await _open(pilot, username)
            await pilot.press("f8")
            await settle(pilot)
            for row in range(len(screen.items)):
                screen.query_one("#approvals", DataTable).move_cursor(row=row)
                await settle(pilot)
                _footer_fits(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f12")
            await settle(pilot)


def test_snapshot_approvals_with_an_amendment_selected(demo_core, snap_compare):
    """The AC/DC's approvals with the demo's SB amendment selected: the changed fields,
    highlighted; the rest folded away."""
    key = _sb_amendment(demo_core)

    async def before(pilot) -> None:
        await _open(pilot, "acdc1", key)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

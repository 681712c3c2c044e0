"""The TRA screen (screens/tra.py), F7 from the clerk's and the appraiser's home: the
whole Telegraphic Release Advice workflow driven on the real screens (IMP-TRA-1, IMP-TRA-2).

Figures: the DES licence of tests/test_import_rules.py (Part-C 1: 1,000 KGS, Rs 5,00,000)
released to Karwar (INKRW1, non-ICES), as in tests/test_tra_printing.py.
"""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable

from console.services import prints
from console.services.imports import tra
from console.services.schemes import licences
from screens.forms import ConfirmScreen, FormScreen
from screens.home import HomeScreen
from screens.tra import TraScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.pdf_support import pages
from tests.test_admin_screens import open_register
from tests.test_app_sb import form_fill, switch_user
from tests.test_import_rules import LICENCE, _annexure_d, _licence, snapshot
from tests.test_tra_printing import _issued, _log


async def _open(pilot) -> TraScreen:
    """F7 from the home screen."""
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TraScreen), screen
    return screen


async def _select(pilot, screen: TraScreen, tra_id: int) -> None:
    screen.query_one("#tra-table", DataTable).move_cursor(
        row=[v.id for v in screen.rows].index(tra_id))
    await pilot.pause()


def _state(core, tra_id: int) -> tra.TraView:
    (view,) = [v for v in tra.list_tras(core, LICENCE) if v.id == tra_id]
    return view


@pilot_test
async def test_imp_tra_1_clerk_keys_corrects_prints_checklist_appraiser_issues_and_prints(
        demo_core, actors, tmp_path, monkeypatch):
    """IMP-TRA-1 on screen: the clerk keys Annexure D (F2), corrects it (F7) and prints the
    checklist for the holder (F9, a PDF); the request then waits for the appraiser, who
    issues it (F6, what was verified from the original licence): the system gives the TRA
    number, and the three copies are printed at once (one PDF, three pages)."""
    monkeypatch.chdir(tmp_path)
    _licence(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await _open(pilot)
        assert screen.rows == []  # the demo's only TRA is issued: nothing waits
        await pilot.press("f2")
        await form_fill(pilot, licence_no=LICENCE, port_of_use="inkrw1",
                        items="1 250 1,25,000")
        assert not errors(app), errors(app)
        (keyed,) = screen.rows
        assert (keyed.state, keyed.tra_no, keyed.port_of_use) == ("keyed", None, "INKRW1")
        assert (keyed.lines[0].quantity, keyed.lines[0].value) == (Decimal("250"),
                                                                    Decimal("125000.00"))
        assert screen.check_action("key_back", ()) is False  # not issued: nothing to key back
        assert screen.check_action("issue", ()) is False  # the appraiser's act

        await pilot.press("f7")
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, items="1 300 150000")
        assert not errors(app), errors(app)
        view = _state(demo_core, keyed.id)
        assert (view.state, view.lines[0].quantity) == ("keyed", Decimal("300"))

        await pilot.press("f9")
        await settle(pilot)
        assert not errors(app), errors(app)
        checklist = tmp_path / "prints" / f"tra_checklist-R{keyed.id}.pdf"
        assert "300 KGS" in pages(checklist.read_bytes())[0]
        assert _state(demo_core, keyed.id).state == "checklist_printed"

        await switch_user(pilot, "apr1")
        screen = await _open(pilot)
        assert [v.id for v in screen.rows] == [keyed.id]
        assert screen.check_action("correct", ()) is False  # the clerk's act
        await pilot.press("f6")
        await form_fill(pilot, verification="original licence seen, balance endorsed")
        assert not errors(app), errors(app)
        assert isinstance(app.screen, ConfirmScreen)  # print the three copies now?
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert screen.rows == []  # issued: no longer waiting
    issued = _state(demo_core, keyed.id)
    assert (issued.state, issued.verified_by) == ("issued", "apr1")
    assert issued.tra_no and issued.verification == "original licence seen, balance endorsed"
    copies = pages((tmp_path / "prints" / f"tra-{issued.tra_no}.pdf").read_bytes())
    assert len(copies) == 3 and all(f"TRA No. {issued.tra_no}" in p for p in copies)


@pilot_test
async def test_imp_tra_2_clerk_keys_back_an_unused_tra_never_amends_it(
        demo_core, actors, tmp_path, monkeypatch):
    """IMP-TRA-2 on screen: an issued TRA is not offered for correction; the clerk finds
    it by licence (F3), keys it back (F4) with the reason and the licence is re-credited;
    it is not offered again."""
    monkeypatch.chdir(tmp_path)
    _licence(demo_core, actors)
    unused = _issued(demo_core, actors)
    assert licences.get_licence(demo_core, LICENCE).part_c[0].balance_value == Decimal(
        "350000.00")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await _open(pilot)
        await pilot.press("f3")
        await pilot.press(*LICENCE, "enter")
        await settle(pilot)
        assert [v.id for v in screen.rows] == []  # waiting: nothing of this licence
        await pilot.press("f8")  # every TRA of the licence
        await settle(pilot)
        assert [v.tra_no for v in screen.rows] == [unused.tra_no]
        await _select(pilot, screen, unused.id)
        assert screen.check_action("correct", ()) is False
        await pilot.press("f4")
        await form_fill(pilot, reason="returned unused by Karwar")
        assert not errors(app), errors(app)
        assert [v.state for v in screen.rows] == ["recredited"]
        assert screen.check_action("key_back", ()) is False  # once only
    back = tra.get_tra(demo_core, unused.tra_no)
    assert (back.state, back.recredited_by, back.recredit_reason) == (
        "recredited", "clk1", "returned unused by Karwar")
    assert licences.get_licence(demo_core, LICENCE).part_c[0].balance_value == Decimal(
        "500000.00")


@pilot_test
async def test_imp_tra_1_bad_annexure_d_is_shown_with_field_and_rule_and_changes_nothing(
        demo_core, actors, tmp_path, monkeypatch):
    """IMP-TRA-1: a port that runs ICES, a quantity that is not a number: each refusal is
    shown with the field and the rule, the form comes back with what was typed, and
    nothing is written."""
    monkeypatch.chdir(tmp_path)
    _licence(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")  # the login is audited; what follows changes nothing
        before = snapshot(demo_core)
        await _open(pilot)
        await pilot.press("f2")
        await form_fill(pilot, licence_no=LICENCE, port_of_use="INVTZ1", items="1 300 150000")
        assert "runs ICES" in errors(app)[-1] and errors(app)[-1].endswith("(IMP-TRA-1)")
        form = app.screen
        assert isinstance(form, FormScreen) and "runs ICES" in form.note
        assert form.values()[0] == {"licence_no": LICENCE, "port_of_use": "INVTZ1",
                                    "items": ["1 300 150000"]}
        await form_fill(pilot, port_of_use="INKRW1", items="1 three 150000")
        assert errors(app)[-1] == "items[1].quantity: 'three' is not a number (IMP-TRA-1)"
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TraScreen) and app.screen.rows == []
    assert snapshot(demo_core) == before


@pilot_test
async def test_exp_prt_4_acdc_permits_a_reprint_of_a_misprinted_tra_copy(
        demo_core, actors, tmp_path, monkeypatch):
    """EXP-PRT-4 for TRA copies: the AC/DC opens the TRAs from Lists (every TRA here: none
    waits for him), and on the issued TRA whose duplicate was misprinted permits its
    reprint (F11): refused until the misprinted copy is said to be cancelled, then the
    printed duplicate is cancelled and the appraiser's next print is a REPRINT of it. The
    AC/DC is offered no other TRA act; the clerk's checklist key (F9) names the round it
    records (TRA.checklist) with the print."""
    monkeypatch.chdir(tmp_path)
    _licence(demo_core, actors)
    issued = _issued(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "tra", issued.tra_no)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, "Telegraphic Release Advices")
        assert isinstance(screen, TraScreen) and screen.waiting is False
        await _select(pilot, screen, issued.id)
        assert set(screen.open_acts()) == {"TRA.reprint_permit"}
        await pilot.press("f11")
        await form_fill(pilot, cause="misprint", copy="Duplicate", cancelled=False,
                        reason="paper jam in the duplicate")
        assert "cancelled first" in errors(app)[-1]
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, cancelled=True)
        assert not [e for e in errors(app) if "cancelled first" not in e], errors(app)
        assert app.screen is screen
    assert [x[3] for x in _log(demo_core, "TRA", issued.tra_no)] == [False, True, False]
    job = prints.print_document(demo_core, actors["apr1"], "tra", issued.tra_no)
    assert (job.copies, job.reprint) == (("Duplicate",), True)
    assert {"TRA.checklist", "TRA.print_checklist"} <= set(TraScreen.ACT_KEYS[-2].acts)


def test_imp_tra_1_waiting_lists_by_role(demo_core, actors):
    """IMP-TRA-1: what waits at the location: the clerk's requests until issue, the
    appraiser's once the checklist is printed; every TRA here, newest first; by licence."""
    _licence(demo_core, actors)
    clk, apr = actors["clk1"], actors["apr1"]
    keyed = tra.key_tra(demo_core, clk, _annexure_d(quantity="100", value="10000"))
    printed = tra.key_tra(demo_core, clk, _annexure_d(quantity="100", value="10000"))
    tra.print_checklist(demo_core, clk, printed.id)
    issued = _issued(demo_core, actors)

    def ids(actor, **kw) -> list[int]:
        return [v.id for v in tra.tras_here(demo_core, actor, **kw)]

    assert ids(clk, waiting=True) == [keyed.id, printed.id]
    assert ids(apr, waiting=True) == [printed.id]
    assert ids(clk, licence_no=LICENCE) == [issued.id, printed.id, keyed.id]
    assert len(ids(clk)) == 4  # and the demo's TRA of another licence
    assert ids(actors["apr9"]) == []  # Port Blair has none


def test_snapshot_tra_list(demo_core, actors, snap_compare):
    """The clerk's TRA screen, every TRA here: a request keyed (F7 Correct, F9 Print) next
    to the demo's issued TRA."""
    _licence(demo_core, actors)
    tra.key_tra(demo_core, actors["clk1"], _annexure_d())

    async def before(pilot) -> None:
        await log_in(pilot, "clk1")
        await _open(pilot)
        await pilot.press("f8")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

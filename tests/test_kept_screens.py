"""Screens kept between openings (issue 20, screens/keep.py): the SB and BE entry forms and
the SB and BE screens are built once a login and reset for the next document. Nothing of
the last document survives a reopening; nothing typed is lost (keys typed ahead reach the
reopened form); the kept screens are dropped at logout and restyled after a theme change.
"""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Select, Static

from screens.base import ServiceDone
from screens.be import BeScreen
from screens.be_entry import BeEntryScreen
from screens.forms import ConfirmScreen
from screens.home import HomeScreen
from screens.sb import SbActsScreen
from screens.sb_entry import SbEntryScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, settle
from tests.test_app_sb import key_declaration, open_sb, submitted
from tests.test_typing import burst


def fields(screen) -> dict[str, object]:
    """Every field of the screen as it shows: value, cursor, mark; each table's rows."""
    out: dict[str, object] = {}
    for widget in screen.query("*"):
        if isinstance(widget, Input):
            out[widget.id] = (widget.value, widget.cursor_position,
                              widget.has_class("-invalid"), widget.disabled, widget.display)
        elif isinstance(widget, Select | Checkbox):
            out[widget.id] = (widget.value, widget.has_class("-invalid"), widget.disabled,
                              widget.display)
        elif isinstance(widget, DataTable):
            out[widget.id] = widget.row_count
    return out


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def leave_form(pilot) -> None:
    """Esc from an entry form with typed work: the form asks, Enter leaves."""
    await pilot.press("escape")
    await settle(pilot)
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("enter")
        await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)


@pilot_test
async def test_sb_entry_form_reopened_keeps_nothing_of_the_last_sb(demo_core):
    """Issue 20: a draft keyed with a value in every kind of field (inputs, both selects,
    every checkbox, an item in the table), saved, then changed, marked by a refusal and
    left; F2 again gives the same (kept) form, and every field is as on a fresh form."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SbEntryScreen)
        fresh = fields(form)
        fresh_head = static_text(form, "#entry-head")
        await key_declaration(pilot, demo_core)
        await pilot.press("f2")  # saved as a draft
        await settle(pilot)
        assert form.view is not None, errors(app)
        for widget in form.query(Input):  # every input keyed, every choice changed
            widget.value = f"{widget.id[:6].upper()}9"
        form.query_one("#h-nature_of_contract", Select).value = "CIF"
        form.query_one("#h-gst_invoice_type", Select).value = "BOND"
        for box in form.query(Checkbox):
            box.value = not box.value
        form.query_one("#h-gstin", Input).add_class("-invalid")
        form.query_one("#entry-error", Static).update("refused: something")
        await settle(pilot)
        typed = fields(form)
        assert all(typed[k] != v for k, v in fresh.items()), \
            [k for k, v in fresh.items() if typed[k] == v]
        await leave_form(pilot)

        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is form  # kept, not built again
        assert fields(form) == fresh
        assert static_text(form, "#entry-head") == fresh_head
        assert static_text(form, "#entry-error") == ""
        assert form.view is None and form.items == [] and form.job_no is None
        assert not form.unsaved and not form.dirty
        assert app.focused is form.query_one("#h-iec")
        await pilot.press("A", "B")  # the keys go to the first field, as on a fresh form
        assert form.query_one("#h-iec", Input).value == "AB"


@pilot_test
async def test_be_entry_form_reopened_keeps_nothing_of_the_last_be(demo_core):
    """Issue 20: the BE form with its type changed (X: other fields shown), the first
    check ticked, every input keyed, an item, a marked field; left and reopened, it is as
    a fresh form (type H, its fields shown, nothing keyed, no item, no mark)."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f11")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BeEntryScreen)
        fresh = fields(form)
        for widget in form.query(Input):
            widget.value = f"{widget.id[:6].upper()}7"
        form.query_one("#h-first_check", Checkbox).value = True
        form.items.append({"tariff_item": "30049099", "description": "tablets",
                           "quantity": "5", "uqc": "KGS", "value": "100"})
        form.show_items()
        form.mark("iec")
        form.query_one("#h-be_type", Select).value = "X"
        await settle(pilot)
        assert fields(form) != fresh
        await leave_form(pilot)

        await pilot.press("f11")
        await settle(pilot)
        assert app.screen is form
        assert fields(form) == fresh
        assert not form.query(".-error")  # no label left marked
        assert form.items == [] and form.view is None and not form.unsaved
        assert app.focused is form.query_one("#h-iec")


@pilot_test
async def test_keys_typed_ahead_of_a_reopened_form_land_in_it(demo_core):
    """Nothing typed is lost (issue 15) on a kept form: F2 and the IEC typed in one burst
    reach the reopened form's first field."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        first = app.screen
        await leave_form(pilot)
        await burst(pilot, "f2", *"AAPCA1234F")
        assert app.screen is first
        assert first.query_one("#h-iec", Input).value == "AAPCA1234F"


@pilot_test
async def test_an_answer_for_the_last_document_is_not_shown_on_the_next(demo_core):
    """A service's answer asked for an earlier opening of a kept screen (another document)
    is dropped: only answers of the current opening reach the screen."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        was = form.opening
        await leave_form(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert form.opening == was + 1
        shown = []
        form.post_message(ServiceDone(shown.append, "old", None, opening=was))
        form.post_message(ServiceDone(shown.append, "new", None, opening=form.opening))
        await settle(pilot)
        assert shown == ["new"]


@pilot_test
async def test_sb_screen_reopened_on_another_sb_shows_only_that_sb(demo_core):
    """The appraiser's SB screen, kept: opened on one SB, then another, it shows the second
    (its number, its history), on the tab the role opens on, the first SB nowhere."""
    first, second = submitted(demo_core, 2)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        await open_sb(pilot, first)
        screen = app.screen
        assert isinstance(screen, SbActsScreen) and screen.sb_no == first
        screen.query_one("#sb-tabs").active = "tab-history"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await open_sb(pilot, second)
        assert app.screen is screen
        assert screen.sb_no == second and screen.info.sb.sb_no == second
        head = static_text(screen, "#sb-head")
        assert str(second) in head and str(first) not in head
        assert screen.query_one("#sb-tabs").active == screen.first_tab()
        route = static_text(screen, "#sb-route")
        assert str(first) not in route


@pilot_test
async def test_kept_screens_are_dropped_at_logout(demo_core):
    """Issue 20: a kept screen is the officer's for the login: at logout it goes, and the
    next login builds its own."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        first = app.screen
        await leave_form(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert not app._kept and not first.is_attached
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SbEntryScreen) and app.screen is not first


@pilot_test
async def test_a_kept_screen_is_restyled_after_a_theme_change(demo_core):
    """Issue 20: the theme changed while the form was away: reopened, it wears the new
    theme, as a form built now does."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        before = form.query_one("#h-iec").styles.background
        await leave_form(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is form
        kept = {sel: (form.query_one(sel).styles.background, form.query_one(sel).styles.color)
                for sel in ("#h-iec", "#entry-head", "#entry-items")}
        kept["screen"] = (form.styles.background, form.styles.color)
        assert kept["#h-iec"][0] != before
        await leave_form(pilot)
        fresh = SbEntryScreen(app.actor)
        await app.push_screen(fresh)
        await settle(pilot)
        built = {sel: (fresh.query_one(sel).styles.background, fresh.query_one(sel).styles.color)
                 for sel in ("#h-iec", "#entry-head", "#entry-items")}
        built["screen"] = (fresh.styles.background, fresh.styles.color)
        assert kept == built


@pilot_test
async def test_be_screen_reopened_on_another_be_shows_only_that_be(demo_core):
    """The BE screen, kept: reopened on another BE it shows that BE alone."""
    from sqlmodel import select

    import db.tables as t

    with demo_core.db.read() as s:
        numbers = sorted(n for n in s.exec(select(t.BillOfEntry.be_no)).all() if n)[:2]
    assert len(numbers) == 2
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        from screens import routes

        home = app.screen
        routes.open_document(home, app.actor, "BE", numbers[0], lambda: None)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BeScreen) and screen.info.be.be_no == numbers[0]
        await pilot.press("escape")
        await settle(pilot)
        routes.open_document(home, app.actor, "BE", numbers[1], lambda: None)
        await settle(pilot)
        assert app.screen is screen and screen.info.be.be_no == numbers[1]
        head = static_text(screen, "#be-head")
        assert str(numbers[1]) in head and str(numbers[0]) not in head


async def until(pilot, done, tries: int = 400) -> None:
    """Pause until ``done()`` (the app's timers and workers have had their turn)."""
    for _ in range(tries):
        if done():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("never came")


@pilot_test
async def test_entry_forms_are_built_while_the_operator_reads_the_worklist(demo_core):
    """Issue 20: after login the operator's entry forms are built off screen, one at a
    time; F2 then opens the one built (fresh: nothing keyed), and keys typed with it land
    in its first field. An appraiser, who keys no SB, gets none built."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await until(pilot, lambda: all(name in app._kept and app._kept[name].is_mounted
                                       for name in ("sb_entry", "be_entry")))
        built = app._kept["sb_entry"]
        assert isinstance(app.screen, HomeScreen) and built not in app.screen_stack
        await burst(pilot, "f2", *"AAPCA1234F")
        assert app.screen is built
        assert built.query_one("#h-iec", Input).value == "AAPCA1234F"
        assert built.query_one("#h-port_of_loading", Input).value == app.actor.location_code
        await leave_form(pilot)
        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "apr1")
        home = app.screen
        home.prebuild()  # what the timer after login does
        await settle(pilot)
        assert not app._kept


@pilot_test
async def test_quitting_while_an_entry_form_is_built_off_the_stack(demo_core):
    """Issue 18 item 8: the entry forms are built off the stack just after a login
    (``prebuild``); quitting before one has finished mounting lets it finish first, and
    builds no other (closed mid-mount, Select's mount handler found its children gone: a
    traceback on quit, and a flaky test)."""
    from screens import routes

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await app.drop_kept()  # whatever the login's own prebuild finished
        routes.prebuild(app.screen)  # started, not yet mounted
        assert "sb_entry" in app._kept
    assert app.return_code in (0, None)

"""The BRC pendency screen (screens/brc.py): the port's overdue drawback SBs with ageing,
narrowed to one IEC, SBs not yet due on request, recovery started on the selected SB
(EXP-BRC-3, asked first); the BRC entry module on the same screen (E): AD declarations
(EXP-BRC-1), option 1 BRCs, option 2 and 3 negative statements (EXP-BRC-4), recovery by
order / challan (EXP-BRC-5)."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import DataTable, Input, Static

from console.roles import Actor, Role
from console.services.schemes import brc
from screens.brc import BrcPendencyScreen
from screens.forms import ConfirmScreen, FormScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.sb_support import IEC_HANDLOOM, IEC_MARINE
from tests.test_admin_screens import open_register
from tests.test_app_sb import form_fill
from tests.test_brc import JAN, JUN, ad_of, declare, leo_sb, pending_nos

REGISTER = "BRC pendency, entries and recovery"


class Host(App[None]):
    """The smallest app that hosts the screen: a core and a logged-in officer."""

    def __init__(self, core, actor: Actor) -> None:
        super().__init__()
        self.core, self.actor, self.terminal = core, actor, "test"

    def on_mount(self) -> None:
        self.push_screen(BrcPendencyScreen(self.core, self.actor))


def _officers() -> dict[str, Actor]:
    from console.demo.base import OFFICERS

    return {u: Actor(u, n, Role(r), loc, "test") for u, n, r, loc in OFFICERS}


def _overdue(core, actors, clock) -> tuple[int, int, int]:
    """Two overdue SBs of Sagar Marine, one of Coromandel Handlooms (which the demo gives
    two overdue SBs of its own, one under recovery)."""
    jan = leo_sb(core, actors, clock, JAN)
    jun = leo_sb(core, actors, clock, JUN)
    handloom = leo_sb(core, actors, clock, JUN, IEC_HANDLOOM, "52", "70")
    return jan.sb_no, jun.sb_no, handloom.sb_no


def _rows(screen) -> list[str]:
    table = screen.query_one("#brc-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_exp_brc_3_pendency_screen_filters_and_starts_recovery(demo_core, actors, clock):
    """EXP-BRC-3: the AC/DC sees the port's overdue SBs most overdue first with the ageing
    counts, narrows to one IEC, adds SBs not yet due (F8), and starts recovery on the
    selected SB (R); the drawback officer's R is refused by the service."""
    jan, jun, handloom = _overdue(demo_core, actors, clock)
    port = [str(r.sb_no) for r in brc.pendency(demo_core, actors["acdc1"]).rows]
    assert {str(jan), str(jun), str(handloom)} <= set(port)
    officers = _officers()

    async def run() -> None:
        app = Host(demo_core, officers["acdc1"])
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrcPendencyScreen)
            assert _rows(screen) == port  # most overdue first
            ageing = str(screen.query_one("#brc-ageing", Static).render())
            assert "over 365 2" in ageing and "181-365 3" in ageing
            await pilot.press("f8")
            await settle(pilot)
            assert len(_rows(screen)) > len(port)  # the demo's SBs let today: not yet due
            await pilot.press("f8")
            await settle(pilot)
            assert _rows(screen) == port
            screen.query_one("#brc-iec", Input).value = IEC_MARINE
            screen.query_one("#brc-iec", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert _rows(screen) == [str(jan), str(jun)]
            assert IEC_MARINE in str(screen.query_one("#brc-status", Static).render())
            assert app.focused is screen.query_one("#brc-table")
            await pilot.press("r")  # the first row: the most overdue
            assert isinstance(app.screen, ConfirmScreen)  # it cannot be undone: asked first
            await pilot.press("enter")
            await settle(pilot)
            assert not errors(app)
            recovery = str(screen.query_one("#brc-table", DataTable).get_row_at(0)[6])
            assert recovery.startswith("₹")

    asyncio.run(run())
    assert brc.show(demo_core, jan).recovery_started_by == "acdc1"
    assert brc.show(demo_core, jun).recovery is None

    async def as_drawback_officer() -> None:
        app = Host(demo_core, officers["dbk1"])
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#brc-table", DataTable)
            table.move_cursor(row=_rows(app.screen).index(str(jun)))
            await settle(pilot)
            # recovery is the AC/DC's (the act table): the key is not offered to him
            assert app.screen.check_action("recover", ()) is False
            await pilot.press("r")
            await settle(pilot)
            assert not errors(app)

    asyncio.run(as_drawback_officer())
    assert brc.show(demo_core, jun).recovery is None


def test_snapshot_brc_pendency(demo_core, actors, clock, snap_compare):
    _overdue(demo_core, actors, clock)
    brc.start_recovery(demo_core, actors["acdc1"], iec=IEC_MARINE)
    app = Host(demo_core, _officers()["acdc1"])

    async def before(pilot) -> None:
        await quiet(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


async def _entry(pilot, screen: BrcPendencyScreen, act: str, sb_no: int | None = None
                 ) -> FormScreen:
    """E on the row of ``sb_no``, the entry ``act`` chosen: its form."""
    if sb_no is not None:
        table = screen.query_one("#brc-table", DataTable)
        table.move_cursor(row=_rows(screen).index(str(sb_no)))
        await pilot.pause()
    await pilot.press("e")
    await form_fill(pilot, act=act)
    form = pilot.app.screen
    assert isinstance(form, FormScreen), form
    return form


@pilot_test
async def test_exp_brc_1_exp_brc_4_option_1_declaration_then_brc_for_the_selected_sb(
        demo_core, actors, clock):
    """EXP-BRC-1: the drawback branch records Sagar Marine's declaration of its AD at this
    port (E, AD declarations); EXP-BRC-4 option 1: a BRC for the selected SB, its IEC, AD
    and SB with its date filled from the row, takes it off the pending list."""
    jan, jun, _handloom = _overdue(demo_core, actors, clock)
    ad = ad_of(demo_core, IEC_MARINE)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "dbk1")
        screen = await open_register(pilot, REGISTER)
        assert isinstance(screen, BrcPendencyScreen)
        assert set(screen.open_of("entry")) == {"BRC.brc", "BRC.nil_statement",
                                                "BRC.not_realised", "BRC.recovery",
                                                "BRCAD.declare"}
        await _entry(pilot, screen, "BRCAD.declare", jan)
        await form_fill(pilot, ad_codes=ad, letter_ref="SMF/BRC/2024", letter_date="01.04.2024")
        assert not errors(app), errors(app)
        assert [d.ad_code for d in brc.ad_declarations(demo_core, IEC_MARINE)] == [ad]

        form = await _entry(pilot, screen, "BRC.brc", jan)
        typed = form.values()[0]
        assert (typed["iec"], typed["ad_code"], typed["sbs"]) == (
            IEC_MARINE, ad, [f"{jan} {brc.show(demo_core, jan).sb_date:%d.%m.%Y}"])
        await form_fill(pilot, brc_no="SBI/BRC/2025/118", brc_date="20.10.2025")
        assert not errors(app), errors(app)
        assert str(jan) not in _rows(screen) and str(jun) in _rows(screen)
    cleared = brc.show(demo_core, jan)
    assert (cleared.pending, cleared.cleared_how, cleared.cleared_by) == (False, "brc", "dbk1")


@pilot_test
async def test_exp_brc_4_option_2_period_shown_then_approved(demo_core, actors, clock):
    """EXP-BRC-4 option 2: a negative statement for January–June 2025: the SBs of the period
    still pending are shown first; approved as shown, they leave the pending list."""
    jan, jun, handloom = _overdue(demo_core, actors, clock)
    ad = declare(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, REGISTER)
        await _entry(pilot, screen, "BRC.nil_statement", jun)
        await form_fill(pilot, ad_code=ad, period_from="01.01.2025", statement_no="NS/1/2025",
                        statement_date="15.07.2025")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert f"SB {jun}" in confirm.note or f", {jun}" in confirm.note
        assert "2 SB(s)" in confirm.form_title
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert {str(jan), str(jun)}.isdisjoint(_rows(screen)) and str(handloom) in _rows(screen)
    assert brc.show(demo_core, jan).cleared_how == "statement"


@pilot_test
async def test_exp_brc_4_option_3_and_exp_brc_5_recovery_by_challan(demo_core, actors, clock):
    """EXP-BRC-4 option 3: the statement lists the January SB as not realised: the June SB
    of the period leaves the list, the January one stays; the AC/DC starts its recovery
    (R, confirmed) and EXP-BRC-5: the challan keyed (option 1 with the recovery order)
    takes it off the list."""
    jan, jun, _handloom = _overdue(demo_core, actors, clock)
    ad = declare(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, REGISTER)
        form = await _entry(pilot, screen, "BRC.not_realised", jan)
        assert form.values()[0]["not_realised"] == [str(jan)]
        await form_fill(pilot, ad_code=ad, period_from="01.01.2025", statement_no="NS/3/2025",
                        statement_date="15.07.2025")
        assert not errors(app), errors(app)
        assert str(jun) not in _rows(screen) and str(jan) in _rows(screen)

        table = screen.query_one("#brc-table", DataTable)
        table.move_cursor(row=_rows(screen).index(str(jan)))
        await pilot.pause()
        await pilot.press("r")
        await pilot.press("enter")
        await settle(pilot)
        form = await _entry(pilot, screen, "BRC.recovery", jan)
        assert form.values()[0]["sbs"] == [f"{jan} {brc.show(demo_core, jan).sb_date:%d.%m.%Y}"]
        await form_fill(pilot, order_no="CH/2026/0042", order_date="01.11.2026")
        assert not errors(app), errors(app)
        assert str(jan) not in _rows(screen)
    assert jan not in pending_nos(demo_core, actors, include_not_due=True)
    assert brc.show(demo_core, jan).cleared_how == "recovered"

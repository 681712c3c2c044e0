"""The BRC pendency screen (screens/brc.py): the port's overdue drawback SBs with ageing,
narrowed to one IEC, SBs not yet due on request, recovery started on the selected SB
(EXP-BRC-3)."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import DataTable, Input, Static

from console.roles import Actor, Role
from console.services.schemes import brc
from screens.brc import BrcPendencyScreen
from tests.app_support import errors, quiet, settle
from tests.sb_support import IEC_HANDLOOM, IEC_MARINE
from tests.test_brc import JAN, JUN, leo_sb


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

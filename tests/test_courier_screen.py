"""The custodian's X-ray lane (screens/courier.py): scan, Enter = cleared, F8 = flagged,
focus stays in the scan input, results listed newest first (CSB-2, CSB-4)."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import DataTable, Input

from console.roles import Actor, Role
from console.services.courier import csb_common
from screens.courier import XrayScreen
from tests.test_courier import _file


class Lane(App[None]):
    """The smallest app that hosts the screen: a core and a logged-in custodian."""

    def __init__(self, core, actor: Actor) -> None:
        super().__init__()
        self.core, self.actor, self.terminal = core, actor, "test"

    def on_mount(self) -> None:
        self.push_screen(XrayScreen(self.core, self.actor))


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _officers():
    from console.demo.base import OFFICERS

    return {u: Actor(u, n, Role(r), loc, "test") for u, n, r, loc in OFFICERS}


def test_xray_lane_scans_two_parcels_and_records_them(demo_core):
    """Scan two CSBs: the first cleared (Auto-LEO, CSB-2), the second flagged (CSB-4); then
    an unknown label is refused and listed."""
    actors = _officers()
    first = _file(demo_core, actors)
    second = _file(demo_core, actors)

    async def run() -> None:
        app = Lane(demo_core, actors["cus1"])
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, XrayScreen)
            scan = screen.query_one("#scan", Input)
            assert app.focused is scan
            await pilot.press(*str(first.csb_no), "enter")
            await _settle(pilot)
            assert app.focused is scan and scan.value == ""
            await pilot.press(*str(second.csb_no), "f8")
            await _settle(pilot)
            await pilot.press(*"1000001", "enter")  # an SB number: not a CSB
            await _settle(pilot)
            table = screen.query_one("#lane-results", DataTable)
            assert table.row_count == 3
            newest = [str(c) for c in table.get_row_at(0)]
            assert newest[1] == "1000001" and newest[2] == "refused"
            assert [str(c) for c in table.get_row_at(2)][2] == "cleared"
            assert "Auto-LEO CSB-2" in str(table.get_row_at(2)[3])
            assert screen.counts == {"cleared": 1, "flagged": 1, "auto_leo": 1, "refused": 1}
            assert app.focused is scan

    asyncio.run(run())
    one, two = csb_common.show(demo_core, first.csb_no), csb_common.show(demo_core, second.csb_no)
    assert (one.xray_result, one.xray_by, one.leo_by) == ("cleared", "cus1", "SYSTEM")
    assert (two.xray_result, two.state) == ("flagged", "for_examination")

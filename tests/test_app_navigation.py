"""Role homes open the supervisor's approvals (F9) and the custodian's X-ray lane (F7)."""

from __future__ import annotations

import pytest

from screens.approvals import ApprovalsScreen
from screens.courier import XrayScreen
from screens.home import HomeScreen
from tests.app_support import SIZE, log_in, make_app, pilot_test, settle


@pilot_test
async def test_acdc_opens_approvals_with_f9(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_custodian_opens_xray_lane_and_operator_cannot(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "cus1")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, XrayScreen)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f7", "f9")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_a_form_takes_typing_at_once(demo_core):
    """F4, type the SB number, Enter: the first field has the cursor when a form opens
    (an officer does not reach for the mouse)."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "exm1")
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*"1000011", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SbActsScreen"
        assert app.screen.sb_no == 1000011


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pilot_test
async def test_worklist_widens_at_120_columns(demo_core, size):
    """Issue 15: tables widen at 120 columns: the worklist's last column (the summary)
    takes the width the terminal gives, so what was cut short at 80 columns is shown whole
    at 120."""
    app = make_app(demo_core)
    async with app.run_test(size=size) as pilot:
        await log_in(pilot, "apr1")
        await settle(pilot)
        table = app.screen.query_one("#worklist")
        columns = list(table.columns.values())
        used = sum(c.width for c in columns) + 2 * table.cell_padding * len(columns)
        assert size[0] - 3 <= used <= size[0], (size, used)

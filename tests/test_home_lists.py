"""Every document waits on somebody's list (issue 15): the home worklist of each role shows
the lists that wait for it (``screens.home.SOURCES``), read from the act tables."""

from __future__ import annotations

from textual.widgets import DataTable

from console.roles import Role
from screens.drawback import DrawbackScreen
from screens.home import HomeScreen, sources_for
from tests.app_support import SIZE, log_in, make_app, pilot_test, settle


def test_each_role_s_lists_follow_the_acts_that_wait_for_it():
    """The lists are the act tables' (who each stage waits for), not a hand-kept list."""
    kinds = {role: [x.kind for x in sources_for(role)] for role in Role}
    assert kinds[Role.OPR] == ["SB", "BE"] and kinds[Role.BND] == ["BOND"]
    assert kinds[Role.DBK] == ["DBK"] and kinds[Role.ACDC] == ["SB", "BE", "BOND"]
    assert all(kinds[role] for role in Role)  # every role has a list to start from


@pilot_test
async def test_exp_dbk_3_drawback_officer_s_home_lists_the_queue_and_opens_it(demo_core):
    """EXP-DBK-3: the drawback officer's home lists the demo's queued claim, first come
    first served; Enter opens the drawback screen."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "dbk1")
        home = app.screen
        assert isinstance(home, HomeScreen) and home.source.kind == "DBK"
        rows = home.work_page.rows
        assert rows and all(r.kind == "DBK" and r.state == "queued" for r in rows)
        assert home.query_one("#worklist", DataTable).row_count == len(rows)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrawbackScreen)

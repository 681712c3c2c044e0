"""The drawback officer's screen: F8 from the DBK home (EXP-DBK-3, EXP-DBK-5)."""

from __future__ import annotations

from textual.widgets import DataTable

from screens.drawback import DrawbackScreen
from tests.app_support import SIZE, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill


async def _open(pilot) -> DrawbackScreen:
    await log_in(pilot, "dbk1")
    await pilot.press("f8")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DrawbackScreen)
    return screen


@pilot_test
async def test_exp_dbk_3_exp_dbk_5_sanction_query_and_scroll_on_the_screen(
        demo_core, tmp_path, monkeypatch):
    """EXP-DBK-3: S sanctions the head of the queue, Q takes a claim out with a deficiency;
    EXP-DBK-5: G writes the day's scroll (PDF and bank file)."""
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        table = screen.query_one("#dbk-table", DataTable)
        queued = [c.id for c in screen.rows]
        assert len(queued) >= 2 and table.row_count == len(queued)
        await pilot.press("s")
        await settle(pilot)
        assert [c.id for c in screen.rows] == queued[1:]
        await pilot.press("q")
        await settle(pilot)
        await form_fill(pilot, text="shipping bill copy not legible")
        await settle(pilot)
        assert [c.id for c in screen.rows] == queued[2:]
        await pilot.press("f8")
        await settle(pilot)
        assert [c.query_text for c in screen.rows] == ["shipping bill copy not legible"]
        await pilot.press("g")
        await settle(pilot)
    written = sorted(p.name for p in (tmp_path / "scrolls").iterdir())
    assert written == ["dbk-scroll-1.csv", "dbk-scroll-1.pdf"]
    lines = (tmp_path / "scrolls" / "dbk-scroll-1.csv").read_text().splitlines()
    assert len(lines) == 3  # header, the one sanctioned claim, the total


def test_snapshot_drawback_queue(demo_core, snap_compare):
    async def before(pilot) -> None:
        await _open(pilot)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

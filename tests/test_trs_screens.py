"""The Time Release Study screen and the pendency dashboard (issue 19 items 2 and 3), for
the AC/DC and above: opened from F6, the period asked, flows and routes switched; the
dashboard's cells opened to their documents and a document opened from there; snapshots at
80x24 and 120x40 (on the documents of ``tests/trs_support.py``)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from console.acts import acts_of
from screens.dashboard import PendencyScreen, PendingListScreen
from screens.forms import FormScreen
from screens.registers import registers_for
from screens.trs import TrsScreen
from tests import trs_support as ts
from tests.app_support import SIZE, log_in, make_app, pilot_test, quiet, settle
from tests.test_admin_screens import open_register
from tests.test_app_sb import form_fill
from tests.test_trs import copy_core, officers, pending_template, trs_template  # noqa: F401

TRS_REGISTER, PENDENCY_REGISTER = "Time Release Study", "Pendency dashboard"


@pytest.fixture
def study_app_core(trs_template, tmp_path):  # noqa: F811
    core, docs = copy_core(trs_template, tmp_path, ts.at(4, 10))
    yield core, docs
    core.db.dispose()


@pytest.fixture
def pending_app_core(pending_template, tmp_path):  # noqa: F811
    core, docs = copy_core(pending_template, tmp_path, ts.at(1, 11))
    yield core, docs
    core.db.dispose()


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_trs_and_pendency_are_offered_to_the_acdc_and_above_only():
    """F6 lists the study and the dashboard for the AC/DC, ADC and Commissioner (their act
    rows, TRS.view and PENDENCY.view), for nobody else."""
    a = officers()
    for who, offered in (("acdc1", True), ("adc1", True), ("com1", True), ("acdc9", True),
                         ("apr1", False), ("exm1", False), ("opr1", False), ("sys1", False),
                         ("cus1", False), ("dbk1", False)):
        labels = {r.label for r in registers_for(acts_of(a[who]))}
        assert ({TRS_REGISTER, PENDENCY_REGISTER} <= labels) == offered, who
        assert not offered or TRS_REGISTER in labels


@pilot_test
async def test_trs_screen_period_flows_and_routes(study_app_core):
    """Issue 19 item 2: F6 opens the study (the 30 days to today by default); F2 asks the
    period (a last day before the first is refused in the form, nothing computed), the
    imports of 15-18.11.2026 say 4 released, 75.00 % within 24 h against 55.03 %; F8 shows a
    route, F7 the exports (no target) and the courier exports."""
    core, _docs = study_app_core
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, TRS_REGISTER)
        await settle(pilot)
        assert isinstance(screen, TrsScreen)
        assert (screen.date_from, screen.date_to) == (ts.at(-25, 0).date(), ts.at(4, 0).date())
        await pilot.press("f2")
        await settle(pilot)
        await form_fill(pilot, date_from="18.11.2026", date_to="15.11.2026")
        form = app.screen
        assert isinstance(form, FormScreen) and "before it begins" in form.note
        await form_fill(pilot, date_from="15.11.2026", date_to="18.11.2026")
        assert app.screen is screen
        head = _text(screen, "#trs-head")
        assert "4 released" in head and "75.00% (3 of 4)" in head and "(NTRS): 55.03%" in head
        stages = _rows(screen.query_one("#trs-stages", DataTable))
        assert stages[-1] == ["release", "4", "25.13", "18.50", "51.00"]
        assert stages[0] == ["BE filed", "4", "0.88", "0.75", "2.00"]
        dist = _rows(screen.query_one("#trs-dist", DataTable))
        assert dist[2] == ["12–24 h", "3", "75.0"] and dist[4] == ["48–72 h", "1", "100.0"]
        await pilot.press("f8")
        await settle(pilot)
        head = _text(screen, "#trs-head")
        assert "18.11.2026 · examination" in head and "66.67% (2 of 3)" in head
        await pilot.press("f7")
        await settle(pilot)
        head = _text(screen, "#trs-head")
        assert "Exports" in head and "3 released" in head and "No target published" in head
        await pilot.press("f7")
        await settle(pilot)
        assert "Courier" in _text(screen, "#trs-head")
        assert _rows(screen.query_one("#trs-stages", DataTable))[0][:3] == ["X-ray", "3", "3.00"]


@pilot_test
async def test_pendency_dashboard_cell_to_list_to_document(pending_app_core):
    """Issue 19 item 3: the dashboard's rows by stage; Enter on the cell "BE registered, to
    examine" x "under a day" lists BE4 and BE2 (oldest first), Enter opens BE4 on the BE
    screen as the worklist would; back, the SB row's whole line lists the SB under
    examination and Enter opens it; F7 shows the officers, the carrier among them."""
    core, docs = pending_app_core
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, PENDENCY_REGISTER)
        await settle(pilot)
        assert isinstance(screen, PendencyScreen)
        table = screen.query_one("#pend-table", DataTable)
        keys = [r.key for r in screen.rows()]
        table.cursor_coordinate = (keys.index("BE.registered"), 1)
        await pilot.press("enter")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, PendingListScreen)
        assert [w.number for w in listing.docs] == [docs["BE4"], docs["BE2"]]
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BeScreen" and app.screen.be_no == docs["BE4"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        table.cursor_coordinate = (keys.index("SB.under_examination"), 0)
        await pilot.press("enter")
        await settle(pilot)
        assert docs["SB-E"] in [w.number for w in app.screen.docs]
        row = [w.number for w in app.screen.docs].index(docs["SB-E"])
        app.screen.query_one("#pend-docs", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SbActsScreen" and app.screen.sb_no == docs["SB-E"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert "carrier" in [r.key for r in screen.rows()]
        assert "by officer" in _text(screen, "#pend-head")


@pilot_test
async def test_pendency_list_opens_a_courier_shipping_bill(pending_app_core):
    """A CSB behind a cell opens on the CSB's own screen."""
    core, docs = pending_app_core
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, PENDENCY_REGISTER)
        await settle(pilot)
        keys = [r.key for r in screen.rows()]
        screen.query_one("#pend-table", DataTable).cursor_coordinate = (
            keys.index("CSB.awaiting_xray"), 2)
        await pilot.press("enter")
        await settle(pilot)
        assert [w.number for w in app.screen.docs] == [docs["CSB-A"]]
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CsbDetailScreen"
        assert app.screen.csb_no == docs["CSB-A"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_trs_screen(study_app_core, snap_compare, size):
    """The study of 15-18.11.2026, imports: headline, stage chart and table, distribution
    chart and table (layout only; the figures are proved above)."""
    core, _docs = study_app_core
    app = make_app(core)

    async def before(pilot) -> None:
        await log_in(pilot, "acdc1")
        await app.push_screen(TrsScreen(date_from=ts.PERIOD[0], date_to=ts.PERIOD[1]))
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_pendency_dashboard(pending_app_core, snap_compare, size):
    """The dashboard by stage at D+1 11:00, the first row's ageing charted."""
    core, _docs = pending_app_core
    app = make_app(core)

    async def before(pilot) -> None:
        await log_in(pilot, "acdc1")
        await app.push_screen(PendencyScreen())
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)

"""The enquiry screen shows every version of an amended SB (issue 6, EXP-AMD-2)."""

from __future__ import annotations

from textual.widgets import DataTable, TabbedContent

from console.services.exports import amendments as amd
from tests.app_support import SIZE, log_in, make_app, pilot_test, quiet, settle
from tests.test_amendments import facilitated
from tests.test_app_sb import open_sb


def _amended(core, a) -> int:
    sb = facilitated(core, a)
    req = amd.request_amendment(core, a["opr1"], sb.sb_no,
                                {"packages": 12,
                                 "items": {"1": {"description": "Frozen sole, A grade"}}},
                                "exporter's letter: 12 boxes, A grade")
    amd.permit_amendment(core, a["acdc1"], req.id, "letter seen")
    amd.approve_in_system(core, a["acdc2"], req.id)
    return sb.sb_no


async def _open_versions(pilot, sb_no: int) -> DataTable:
    await log_in(pilot, "exm1")
    await open_sb(pilot, sb_no)
    pilot.app.screen.query_one("#sb-tabs", TabbedContent).active = "tab-versions"
    await settle(pilot)
    return pilot.app.screen.query_one("#sb-versions", DataTable)


@pilot_test
async def test_exp_amd_2_enquiry_screen_lists_each_version_before_and_after(demo_core, actors):
    """EXP-AMD-2: any officer's enquiry shows the versions kept: the SB as filed, then the
    amended one with each changed field, before → after."""
    sb_no = _amended(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_versions(pilot, sb_no)
        rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
    assert rows[0][0] == "1" and rows[0][3].startswith("before request")
    changes = {r[3]: r[4:] for r in rows if r[3] in ("packages", "item 1 description")}
    assert changes["packages"] == ["10", "12"]
    assert changes["item 1 description"][1] == "Frozen sole, A grade"
    assert [r[0] for r in rows if r[0]] == ["1", "2"]


@pilot_test
async def test_enquiry_screen_of_an_sb_never_amended_says_so(demo_core, actors):
    """An SB with no amendment has no kept versions: the tab says so."""
    sb = facilitated(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_versions(pilot, sb.sb_no)
        assert table.row_count == 1 and "never amended" in str(table.get_row_at(0)[3])


def test_snapshot_enquiry_versions(demo_core, actors, snap_compare):
    sb_no = _amended(demo_core, actors)

    async def before(pilot) -> None:
        await _open_versions(pilot, sb_no)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

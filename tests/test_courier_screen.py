"""The courier terminal's screens (screens/courier.py): the custodian's X-ray lane (scan,
Enter = cleared, F8 = flagged, focus stays in the scan input, results listed newest first,
CSB-2, CSB-4); the CSB list of the service centre, the appraiser and the examiner (filing,
bulk files, assessment, examination, Let Export with confirmation, CSB-1, CSB-3, CSB-4) and
a CSB's particulars and history (CSB-6)."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console
from sqlmodel import select
from textual.app import App
from textual.widgets import DataTable, Input

import db.tables as t
from console.roles import Actor, Role
from console.services.courier import clearance, csb_common
from screens.courier import BulkReportScreen, CsbDetailScreen, CsbScreen, XrayScreen, history_table
from screens.forms import ConfirmScreen, FormScreen
from tests.app_support import SIZE, errors, log_in, make_app, quiet, settle
from tests.test_app_sb import form_fill, switch_user
from tests.test_courier import ASSESS_EXAM, _file, _item, _row, _write
from tests.test_manifest_screen import open_register


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


# ---------------------------------------------------------------- Courier Shipping Bills


async def _pick(pilot, screen, csb_no: int) -> None:
    """Put the list's cursor on CSB ``csb_no``."""
    table = screen.query_one("#csb-table", DataTable)
    table.focus()
    table.move_cursor(row=[v.csb_no for v in screen.rows].index(csb_no))
    await pilot.pause()


async def _open_csbs(pilot):
    screen = await open_register(pilot, "Courier Shipping Bills")
    assert isinstance(screen, CsbScreen), screen
    return screen


def test_csb_3_csb_4_appraiser_assesses_examiner_examines_leo_with_confirmation(demo_core):
    """CSB-3, CSB-4 on the CSB screen (F6 Lists from home): a drug parcel RMS marks for
    assessment and examination; the appraiser assesses it (F6: examination stays mandated),
    the examiner enters the report (F8); after the custodian's X-ray the appraiser gives Let
    Export (F10), which asks first: Esc leaves it undone, Enter gives it."""

    actors = _officers()
    v = _file(demo_core, actors, ASSESS_EXAM)
    assert v.state == "assessment_and_examination"

    async def run() -> None:
        app = make_app(demo_core)
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, "apr1")
            screen = await _open_csbs(pilot)
            await _pick(pilot, screen, v.csb_no)
            assert screen.open_of("assess") == ["CSB.assess"]
            assert screen.check_action("leo", ()) is False and screen.check_action(
                "file", ()) is False
            await pilot.press("f6")
            form = app.screen
            assert isinstance(form, FormScreen) and form.query_one("#f-exam").value is True
            await form_fill(pilot, remarks="drug licence to be seen")
            assert not errors(app), errors(app)
            assert v.csb_no not in [r.csb_no for r in screen.rows]  # the examiner's now

            await switch_user(pilot, "exm1")
            screen = await _open_csbs(pilot)
            await _pick(pilot, screen, v.csb_no)
            assert screen.open_of("examine") == ["CSB.examine"]
            await pilot.press("f8")
            await form_fill(pilot, report="Opened 1 of 1; tablets as declared")
            assert not errors(app), errors(app)
            assert v.csb_no not in [r.csb_no for r in screen.rows]

            clearance.record_xray(demo_core, actors["cus1"], v.csb_no)  # the X-ray lane
            await switch_user(pilot, "apr1")
            screen = await _open_csbs(pilot)
            await _pick(pilot, screen, v.csb_no)
            assert screen.open_of("leo") == ["CSB.leo"]
            await pilot.press("f10")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            assert csb_common.show(demo_core, v.csb_no).state == "examined"
            await pilot.press("f10")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert not errors(app), errors(app)
            assert isinstance(app.screen, CsbScreen)
            assert v.csb_no not in [r.csb_no for r in screen.rows]

    asyncio.run(run())
    done = csb_common.show(demo_core, v.csb_no)
    assert (done.state, done.leo_by, done.examined_by, done.exam_mandated) == (
        "let_export", "apr1", "exm1", True)
    assert [h.officer for h in csb_common.history(demo_core, v.csb_no)] == [
        "opr1", "apr1", "exm1", "cus1", "apr1"]


def test_csb_1_service_centre_files_a_csb_and_a_bulk_file_on_screen(demo_core, tmp_path):
    """CSB-1 on the CSB screen: the service centre keys a CSB (F2), numbered and routed by
    RMS at once; then a courier's bulk file by path (b): the report lists each row, filed
    or refused with its reason; a path that names no file is refused."""

    shirts = _item(demo_core, "62")
    path = _write(tmp_path / "bdex_0211.csv", [_row(demo_core, "BK9001"),
                                               _row(demo_core, "BK9002", form="VII")])

    async def run() -> None:
        app = make_app(demo_core)
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, "opr1")
            screen = await _open_csbs(pilot)
            assert screen.everything  # nothing waits for the service centre: what it filed
            assert screen.check_action("assess", ()) is False
            await pilot.press("f2")
            await settle(pilot)
            await form_fill(pilot, courier="BDEX", hawb="bd7009 0001", form="IV",
                            consignor_iec="AAPCA1234F", consignee_name="Ravi Menon",
                            consignee_country="us", description="Cotton shirts, samples",
                            tariff_item=shirts, value="9000", gross_weight_kg="1.1")
            assert not errors(app), errors(app)
            keyed = screen.current()
            assert (keyed.hawb_no, keyed.route) == ("BD70090001", "facilitated")

            await pilot.press("b")
            await form_fill(pilot, path=str(tmp_path / "nothing.csv"))
            assert "not a file" in errors(app)[-1]
            await pilot.press("b")
            await form_fill(pilot, path=str(path))
            report = app.screen
            assert isinstance(report, BulkReportScreen)
            assert [ln for ln, *_ in report.report.filed] == [2]
            assert [ln for ln, _ in report.report.errors] == [3]
            assert "BK9001" in str(report.query_one("#bulk-report Static").render())
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen and "BK9001" in [r.hawb_no for r in screen.rows]

    asyncio.run(run())


def test_csb_6_details_show_the_history_with_the_system_s_auto_leo(demo_core):
    """CSB-6 on screen: Enter opens a CSB's particulars and history; an Auto-LEO is listed
    as the system's act with the rule and circular that allowed it."""

    actors = _officers()
    v = _file(demo_core, actors)
    clearance.record_xray(demo_core, actors["cus1"], v.csb_no)

    async def run() -> None:
        app = make_app(demo_core)
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, "opr1")
            screen = await _open_csbs(pilot)
            await _pick(pilot, screen, v.csb_no)
            await pilot.press("enter")
            await settle(pilot)
            detail = app.screen
            assert isinstance(detail, CsbDetailScreen) and detail.info.csb.csb_no == v.csb_no
            assert [h.officer for h in detail.info.history] == ["opr1", "cus1", "SYSTEM"]
            out = Console(width=300, record=True, file=io.StringIO())  # no wrapping
            out.print(history_table(detail.info.history))
            shown = " ".join(out.export_text().split())
            assert "SYSTEM auto leo cleared for export" in shown
            assert "CSB-2 (CBIC Circular 41/2020-Customs dated 07.09.2020)" in shown
            assert detail.open_acts() == ()
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(run())


def test_snapshot_csb_list(demo_core, snap_compare):
    """The appraiser's CSB list at the courier terminal: what waits for assessment and for
    the officer's LEO (the demo's), the first selected."""

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        await _open_csbs(pilot)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_snapshot_csb_details(demo_core, snap_compare):
    """One CSB's particulars and history: the demo's drug parcel examined and let export by
    the officer (CSB-4)."""

    with demo_core.db.read() as s:
        csb_no = s.exec(select(t.CourierShippingBill.csb_no).where(
            t.CourierShippingBill.hawb_no == "BD70020003")).one()

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        screen = await _open_csbs(pilot)
        await pilot.press("a")
        await quiet(pilot)
        await _pick(pilot, screen, csb_no)
        await pilot.press("enter")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_function_keys_are_shown_in_capitals_on_every_footer(demo_core):
    """The X-ray lane's F8 (a plain binding) reads "F8" in the footer, as the act keys and
    the help name the function keys (it read "f8", seen under tmux)."""
    from tests.app_support import make_app

    app = make_app(demo_core)
    flag = next(b for b in XrayScreen.BINDINGS if b.action == "flag")
    assert app.get_key_display(flag) == "F8"

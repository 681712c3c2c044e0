"""The carriers' manifests on screen (screens/manifests.py), F6 "Lists" from home: the IGM
register (IMP-IGM-1, IMP-IGM-2, IMP-BE-1) and the EGM register (EXP-EGM-1), driven as the
carrier, the appraiser and the AC/DC use them; the EGM register's read at the service
layer; the footers of every officer who opens them at 80 columns; snapshots at 80x24."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import DataTable

import db.tables as t
from console.acts.sb import SbState
from console.errors import NotPermitted
from console.services.exports import egm as egm_svc
from console.services.exports import enquiry
from console.services.imports import manifests
from screens.forms import FormScreen
from screens.home import HomeScreen
from screens.manifests import EgmScreen, IgmScreen, manifest_lines, sb_numbers
from screens.registers import registers_for
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill, switch_user

LINES = ("MAWB-3101; Andhra Pharma Exports; 10; DRM; 520; paint in drums\n"
         "MAWB-3102; Sagar Marine Foods; 4; CRT; 80; fishing nets; twine")


async def open_register(pilot, label: str):
    """F6 Lists from home, then the register whose label starts with ``label``."""
    assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen
    await pilot.press("f6")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    mine = registers_for(pilot.app.screen_stack[-2].open_acts())
    (n,) = [i for i, r in enumerate(mine) if r.label.startswith(label)]
    await form_fill(pilot, register=str(n))
    await settle(pilot)
    return pilot.app.screen


async def select_row(pilot, table: DataTable, row: int) -> None:
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()


def test_manifest_lines_and_sb_numbers_as_keyed():
    """The forms' free text as the services read it: six parts a manifest line (a
    description may hold ';'), SB numbers by line, space or comma (IMP-IGM-1, EXP-EGM-1)."""
    first, second = manifest_lines(LINES.splitlines())
    assert first == {"bl_no": "MAWB-3101", "importer_name": "Andhra Pharma Exports",
                     "packages": "10", "package_kind": "DRM", "gross_weight_kg": "520",
                     "description": "paint in drums"}
    assert second["description"] == "fishing nets; twine"
    assert manifest_lines(["X-1; Someone"])[0]["description"] == ""
    assert sb_numbers(["1000011, 1000015", "1000016"]) == [1000011, 1000015, 1000016]
    with pytest.raises(Exception, match="not a Shipping Bill number"):
        sb_numbers(["10000x"])


@pilot_test
async def test_imp_igm_1_imp_igm_2_carrier_files_appraiser_grants_entry_inwards_ac_amends(
        demo_core):
    """IMP-IGM-1: the carrier files an IGM with two lines (F2); before entry inwards it
    amends a line without approval (F4). The appraiser grants entry inwards (F6). IMP-IGM-2:
    after it the carrier is not offered the amendment and the service refuses it (the
    AC's rank); the AC/DC's amendment goes through."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "car1")
        screen = await open_register(pilot, "Import General Manifests")
        assert isinstance(screen, IgmScreen)
        assert screen.check_action("entry_inwards", ()) is False  # Customs' act
        await pilot.press("f2")
        await settle(pilot)
        await form_fill(pilot, carrier="AI", voyage="AI-310", arrival="03.11.2026", lines=LINES)
        assert not errors(app), errors(app)
        igm = screen.rows[0]
        assert (igm.voyage, igm.state, [x.bl_no for x in igm.lines]) == (
            "AI-310", "filed", ["MAWB-3101", "MAWB-3102"])
        assert all(x.free for x in igm.lines) and igm.lines[1].description == "fishing nets; twine"

        await select_row(pilot, screen.query_one("#igm-lines", DataTable), 1)
        assert screen.selected_line().line_no == 2
        await pilot.press("f4")
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, packages=5, reason="miscounted at loading")
        assert not errors(app), errors(app)
        assert screen.rows[0].lines[1].packages == 5

        await switch_user(pilot, "apr1")
        screen = await open_register(pilot, "Import General Manifests")
        assert screen.selected().igm_no == igm.igm_no  # newest first
        assert screen.check_action("amend", ()) is False and screen.check_action("file", ()) \
            is False
        await pilot.press("f6")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert screen.selected().state == "entry_inwards"

        await switch_user(pilot, "car1")
        screen = await open_register(pilot, "Import General Manifests")
        await select_row(pilot, screen.query_one("#igm-lines", DataTable), 0)
        assert screen.check_action("amend", ()) is False  # the AC/DC's now
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is screen  # no form: the key is not offered
        with pytest.raises(NotPermitted) as err:
            manifests.amend_line(demo_core, app.actor, igm.igm_no, 1, {"packages": 9}, "x")
        assert (err.value.rule, err.value.check) == ("IMP-IGM-2", "rank")

        await switch_user(pilot, "acdc1")
        screen = await open_register(pilot, "Import General Manifests")
        await select_row(pilot, screen.query_one("#igm-lines", DataTable), 0)
        await pilot.press("f4")
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, packages=9, reason="carrier's letter of 02.11.2026")
        assert not errors(app), errors(app)
        assert screen.rows[0].lines[0].packages == 9
    with demo_core.db.read() as s:
        trail = s.exec(select(t.AuditRecord.officer, t.AuditRecord.action).where(
            t.AuditRecord.doc_kind == "IGM", t.AuditRecord.doc_ref == str(igm.igm_no))
            .order_by(t.AuditRecord.seq)).all()
    assert [tuple(r) for r in trail] == [("car1", "file"), ("car1", "amend_line"),
                                         ("apr1", "entry_inwards"), ("acdc1", "amend_line")]


@pilot_test
async def test_imp_igm_1_a_refused_igm_comes_back_with_what_was_typed(demo_core):
    """IMP-IGM-1: a line without its packages is refused; the form comes back with the
    reason and what was typed, and no IGM is written."""
    before = len(manifests.igms_here(demo_core, _car(demo_core)))
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "car1")
        screen = await open_register(pilot, "Import General Manifests")
        await pilot.press("f2")
        await settle(pilot)
        await form_fill(pilot, carrier="AI", voyage="AI-311", lines="MAWB-9; Someone; ; BOX")
        assert "IMP-IGM-1" in errors(app)[-1]
        assert isinstance(app.screen, FormScreen) and "Refused" in app.screen.note
        assert app.screen.query_one("#f-voyage").value == "AI-311"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert len(manifests.igms_here(demo_core, _car(demo_core))) == before


def _car(core):
    from console.demo.base import OFFICERS
    from console.roles import Actor, Role

    (row,) = [o for o in OFFICERS if o[0] == "car1"]
    return Actor(row[0], row[1], Role(row[2]), row[3], "test")


def test_exp_egm_1_register_lists_egms_and_the_sbs_awaiting_one(demo_core, actors):
    """EXP-EGM-1: the EGM register of a location: the EGMs filed there with the SBs they
    closed, and the SBs with Let Export that no EGM has closed yet (oldest LEO first);
    filing is open to the carrier and the service centre only."""
    reg = egm_svc.egm_register(demo_core, actors["car1"])
    assert reg.acts == ("EGM.file",) and egm_svc.egm_register(demo_core, actors["opr1"]).acts \
        == ("EGM.file",)
    assert egm_svc.egm_register(demo_core, actors["apr1"]).acts == ()
    (demo,) = reg.egms
    assert demo.voyage == "AI-9721" and len(demo.sb_nos) == 2
    waiting = [a.sb_no for a in reg.awaiting]
    assert waiting and not set(waiting) & set(demo.sb_nos)
    assert all(enquiry.enquire(demo_core, actors["car1"], n).sb.state == SbState.LET_EXPORT
               for n in waiting)
    leo = [a.leo_at for a in reg.awaiting]
    assert leo == sorted(leo)
    closed = egm_svc.file_egm(demo_core, actors["car1"], "AI", waiting[:1], voyage="AI-9802")
    after = egm_svc.egm_register(demo_core, actors["car1"])
    assert after.egms[0].egm_no == closed.egm_no and waiting[0] not in [
        a.sb_no for a in after.awaiting]
    # the SB's own view names its EGM and counts the SBs it closed, without listing them
    # (a ship's EGM closes a thousand and more: issue 21)
    from console.services.exports.sb_common import get_sb

    egm = get_sb(demo_core, waiting[0]).egm
    assert (egm.egm_no, egm.sb_count, egm.sb_nos) == (closed.egm_no, 1, ())
    assert closed.sb_nos == (waiting[0],) and closed.sb_count == 1
    assert egm_svc.egm_register(demo_core, actors["opr9"]).egms == []


@pilot_test
async def test_exp_egm_1_carrier_files_an_egm_closing_an_sb_with_let_export(demo_core):
    """EXP-EGM-1: the carrier marks an SB with Let Export (Space) and files the EGM (F2):
    the SB is closed as exported and leaves the list; the EGM is listed with it."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "car1")
        screen = await open_register(pilot, "Export General Manifests")
        assert isinstance(screen, EgmScreen)
        sb = screen.register.awaiting[0]
        await pilot.press("space")
        assert screen.marked == {sb.sb_no}
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.query_one("#f-sb_nos").text == str(
            sb.sb_no)
        # the carrier car1 filed its last manifest for (AI), not the first of the list (6E)
        assert form.query_one("#f-carrier").value == "AI"
        usual = {c.code for c in manifests.carriers(demo_core, _car(demo_core)) if c.usual}
        assert usual == {"AI"} and not any(c.usual for c in manifests.carriers(demo_core))
        await form_fill(pilot, carrier="AI", voyage="AI-9805", sailed="02.11.2026")
        assert not errors(app), errors(app)
        egm = screen.register.egms[0]
        assert (egm.voyage, egm.sb_nos, egm.filed_by) == ("AI-9805", (sb.sb_no,), "car1")
        assert sb.sb_no not in [a.sb_no for a in screen.register.awaiting]
        assert not screen.marked
    assert enquiry.enquire(demo_core, _car(demo_core), sb.sb_no).sb.state == SbState.EXPORTED


@pilot_test
async def test_every_officer_s_manifest_and_courier_keys_fit_80_columns(demo_core):
    """Every demo officer offered the IGM, EGM or CSB register (the act tables) opens it;
    on each of its first rows the footer shows every key within 80 columns, F12 Log out
    included."""
    from textual.widgets._footer import FooterKey

    from console.acts import acts_of
    from console.demo.base import OFFICERS
    from console.roles import Actor, Role

    labels = ("Import General Manifests", "Export General Manifests", "Courier Shipping Bills")
    app = make_app(demo_core)
    seen = set()
    async with app.run_test(size=SIZE) as pilot:
        for username, name, role, location in OFFICERS:
            actor = Actor(username, name, Role(role), location, "test")
            mine = [r.label for r in registers_for(acts_of(actor))]
            wanted = [x for x in labels if any(r.startswith(x) for r in mine)]
            if not wanted:
                continue
            await log_in(pilot, username)
            for label in wanted:
                screen = await open_register(pilot, label)
                table = screen.query(DataTable).first()
                for row in range(min(table.row_count, 4)) or [0]:
                    if table.row_count:
                        await select_row(pilot, table, row)
                    await settle(pilot)
                    keys = [k for k in app.screen.query(FooterKey) if k.region.width]
                    last = max(k.region.right for k in keys)
                    assert last <= SIZE[0], (username, label, [k.description for k in keys])
                    assert any(k.description == "Log out" for k in keys), (username, label)
                    seen.add((username, label))
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("f12")
            await settle(pilot)
    assert {("car1", labels[0]), ("acdc1", labels[0]), ("opr1", labels[1]),
            ("apr1", labels[2]), ("exm1", labels[2])} <= seen


def test_snapshot_igm_register(demo_core, snap_compare):
    """The carrier's IGM register: the demo IGM before entry inwards selected, its two free
    lines beside those with a BE; F2 File IGM and F4 Amend line offered."""

    async def before(pilot) -> None:
        await log_in(pilot, "car1")
        screen = await open_register(pilot, "Import General Manifests")
        table = screen.query_one("#igm-table", DataTable)
        table.move_cursor(row=[v.state for v in screen.rows].index("filed"))
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_snapshot_egm_register(demo_core, snap_compare):
    """The carrier's EGM register: the demo EGM, the SBs with Let Export awaiting one, the
    first marked."""

    async def before(pilot) -> None:
        await log_in(pilot, "car1")
        await open_register(pilot, "Export General Manifests")
        await pilot.press("space")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


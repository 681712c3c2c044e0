"""The operator's Bill of Entry entry screen (screens/be_entry.py, F11 on the home screen):
Annexure C keyed against an IGM line, saved as a draft, the checklist printed, submitted
(IMP-BE-1..5, WH-3). The service decides; the tests check what it recorded through
``bills_of_entry`` and what the screen showed.

The demo IGM lines all carry a BE already, so the tests file a fresh IGM (flight AI, two
lines, arriving tomorrow) through ``manifests`` first, as the carrier would.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import func, select
from textual.widgets import DataTable, Input, OptionList, Select, Static

import db.tables as t
import screens.be_entry
import screens.prints
from console.demo.imports import VOYAGE
from console.services.admin.officers import login
from console.services.bonds import bonds, warehousing
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests
from screens.be_entry import BeEntryScreen, BeItemForm
from screens.forms import FormScreen
from screens.home import HomeScreen
from tests.app_support import PASSWORD, SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.sb_support import IEC_MARINE

PHARMA = "AAPCA1234F"  # demo importer (Andhra Pharma)
BLS = ("098-KEY-1", "098-KEY-2")


def file_igm(core) -> int:
    """An IGM of two lines with no declaration yet, arriving tomorrow (not late, IMP-BE-6)."""
    car = login(core, "car1", PASSWORD, "test")
    igm = manifests.file_igm(core, car, "AI", core.today() + timedelta(days=1), [
        {"bl_no": bl, "importer_name": "Andhra Pharma Exports", "packages": 6,
         "package_kind": "DRM", "gross_weight_kg": "300", "description": "paint and ink"}
        for bl in BLS])
    return igm.igm_no


def be_count(core) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(t.BillOfEntry)).one()


def be_of_job(core, job_no: int) -> bes.BeView:
    with core.db.read() as s:
        be_no = s.exec(select(t.BillOfEntry.be_no).where(t.BillOfEntry.job_no == job_no)).one()
    return bes.get_be(core, be_no)


def status(screen) -> str:
    return str(screen.query_one("#entry-error", Static).render())


async def open_entry(pilot) -> BeEntryScreen:
    await log_in(pilot, "opr1")
    await pilot.press("f11")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BeEntryScreen), screen
    return screen


async def key_head(pilot, igm_no: int, **changes: str) -> None:
    """Type the head as the operator would: the cursor starts on the IEC; Enter moves on."""
    head = {"iec": PHARMA, "igm_no": str(igm_no), "bl_no": BLS[0].lower(), "currency": "usd",
            "invoice_value": "1500", "freight": "40", "insurance": "10"} | changes
    screen = pilot.app.screen
    assert screen.focused is screen.query_one("#h-iec")
    for name, value in head.items():
        assert screen.focused is screen.query_one(f"#h-{name}"), name
        await pilot.press(*value, "enter")


async def key_items(pilot, uqc: str = "KGS") -> None:
    """Item 1 found by words in the tariff lookup; item 2 keyed by its code."""
    screen = pilot.app.screen
    await pilot.press("f6")
    form = pilot.app.screen
    assert isinstance(form, BeItemForm)
    await pilot.press(*"paints")
    await settle(pilot)
    hits = form.query_one("#item-hits", OptionList)
    assert hits.display and hits.option_count >= 1
    await pilot.press("down", "enter")  # the first hit: code, description and UQC filled
    assert len(form.query_one("#i-tariff_item", Input).value) == 8
    assert form.query_one("#i-description", Input).value
    form.query_one("#i-uqc", Input).value = uqc
    form.query_one("#i-quantity", Input).value = "600"
    form.query_one("#i-value", Input).value = "1000"
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("f6")
    form = pilot.app.screen
    await pilot.press(*"32151190", "enter")  # a whole code: Enter goes on to the description
    assert form.focused is form.query_one("#i-description")
    await pilot.press(*"Printing ink, black", "enter", *"400", "enter", *"kgs", "enter",
                      *"500", "enter")  # Enter on the last field puts the item on the BE
    await settle(pilot)
    assert pilot.app.screen is screen and len(screen.items) == 2


@pilot_test
async def test_imp_be_1_to_4_operator_keys_a_be_and_submits_it(demo_core, tmp_path,
                                                                monkeypatch):
    """IMP-BE-1: opr1 keys Annexure C (H) against an IGM line on screen and saves a draft
    with a job number. IMP-BE-2: F7 prints the checklist round (a PDF) for the importer.
    IMP-BE-3/4: F10 submits it: the BE number from the national series with today's date,
    self-assessed on second check; the service holds what was keyed."""
    monkeypatch.setattr(screens.prints, "PRINTS", tmp_path / "prints")
    core = demo_core
    igm_no = file_igm(core)
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        await key_head(pilot, igm_no)
        await key_items(pilot)
        assert "items total 1,500.00" in str(entry.query_one("#entry-total", Static).render())
        await pilot.press("f2")
        await settle(pilot)
        assert not errors(app), errors(app)
        draft = entry.view
        assert draft is not None and draft.state == "draft" and draft.be_no is None
        assert (draft.igm_no, draft.bl_no) == (igm_no, BLS[0])
        assert entry.query_one("#h-bl_no", Input).value == BLS[0]  # as the service read it
        assert entry.check_action("save", ()) and not entry.check_action("submit", ())

        await pilot.press("f7")  # IMP-BE-2
        await settle(pilot)
        assert entry.view.state == "checklist_printed"
        assert entry.printed == tmp_path / "prints" / f"be_checklist-J{draft.job_no}.pdf"
        assert entry.printed.read_bytes().startswith(b"%PDF")

        # IMP-BE-2: the importer marks the insurance on the checklist; the correction asks
        # who endorsed it, and the BE goes back to draft for a new round
        entry.query_one("#h-insurance", Input).value = "20"
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen), form
        await pilot.press(*"R. Rao, round 1", "enter")
        await settle(pilot)
        assert app.screen is entry and not errors(app), errors(app)
        assert entry.view.state == "draft"
        await pilot.press("f7")
        await settle(pilot)
        assert entry.view.state == "checklist_printed"

        await pilot.press("f10")  # IMP-BE-3/4
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), errors(app)
        assert not errors(app), errors(app)

    be = be_of_job(core, draft.job_no)
    assert be.be_no and be.be_date == core.today()
    assert be.state == "second_check" and not be.first_check
    assert (be.be_type, be.iec, be.igm_no, be.bl_no) == ("H", PHARMA, igm_no, BLS[0])
    assert (be.currency, be.invoice_value_fc) == ("USD", Decimal("1500"))
    assert [(i.sl, i.tariff_item, i.quantity, i.uqc, i.value_fc) for i in be.items] == [
        (1, be.items[0].tariff_item, Decimal("600"), "KGS", Decimal("1000")),
        (2, "32151190", Decimal("400"), "KGS", Decimal("500"))]
    assert be.items[0].tariff_item.startswith("3208")
    assert be.items[1].description == "Printing ink, black"
    assert be.duty > 0 and be.late_charge == 0
    with core.db.read() as s:
        row = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.job_no == draft.job_no)).one()
        assert (row.freight_fc, row.insurance_fc) == (Decimal("40"), Decimal("20"))
        assert row.checklist_round == 2
        audit = s.exec(select(t.AuditRecord).where(t.AuditRecord.action == "correct",
                                                   t.AuditRecord.doc_ref == f"J{draft.job_no}")
                       ).one()
        assert audit.reason == "R. Rao, round 1"


@pilot_test
async def test_imp_be_2_a_saved_draft_reopens_from_the_operators_be_list(demo_core):
    """IMP-BE-2: a draft keyed earlier is in the operator's BE list (F10 on the home screen);
    Enter reopens it filled from the Annexure C as keyed; F2 saves a correction."""
    core = demo_core
    igm_no = file_igm(core)
    opr = login(core, "opr1", PASSWORD, "test")
    keyed = {"be_type": "H", "iec": PHARMA, "igm_no": igm_no, "bl_no": BLS[1],
             "currency": "USD", "invoice_value": "1000", "freight": "15",
             "items": [{"tariff_item": "32151190", "description": "Printing ink, black",
                        "quantity": "500", "uqc": "KGS", "value": "1000"}]}
    job = bes.file_be(core, opr, keyed).job_no
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        home = app.screen
        assert home.check_action("switch", ()) is True
        await pilot.press("f10")
        await settle(pilot)
        table = home.query_one("#worklist", DataTable)
        refs = [table.get_row_at(n)[0].plain for n in range(table.row_count)]
        assert f"job {job}" in refs
        table.move_cursor(row=refs.index(f"job {job}"))
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, BeEntryScreen) and entry.view is not None, errors(app)
        assert entry.query_one("#h-freight", Input).value == "15"
        assert entry.query_one("#h-bl_no", Input).value == BLS[1]
        assert [i["tariff_item"] for i in entry.items] == ["32151190"]
        entry.query_one("#h-freight", Input).value = "25"
        await pilot.press("f2")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert entry.view.state == "draft"
    assert bes.keyed_declaration(core, job)["freight"] == "25"
    with core.db.read() as s:
        row = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.job_no == job)).one()
    assert row.freight_fc == Decimal("25")


REFUSALS = {
    # field named by InvalidInput: marked beside the field, the cursor on it
    "unknown_bl": ({"bl_no": "098-NONE-9"}, "bl_no", "B/L no: IGM", "IMP-BE-1"),
    "malformed_iec": ({"iec": "BADIEC"}, "iec", "Importer IEC: IEC 'BADIEC'", "IMP-REG-1"),
    "item_uqc": ({}, "items[1].uqc", "Item 1 UQC: 'ZZZ' is not a UQC", "IMP-DUT-1"),
    # a RuleViolation: said in the status line with its rule
    "line_taken": ({"bl_no": "098-DEMO-1"}, None, "one declaration per line", "IMP-BE-1"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
@pilot_test
async def test_imp_be_1_refusal_is_shown_beside_the_field_and_nothing_is_written(demo_core,
                                                                                 case):
    """IMP-BE-1: a B/L not on the IGM, a malformed IEC, an unknown UQC on an item, or an IGM
    line that already has its declaration: the service refuses, the status line says why
    with the rule, the field it names is marked, and no BE is written."""
    changes, field, says, rule = REFUSALS[case]
    core = demo_core
    igm_no = file_igm(core)
    if case == "line_taken":  # a demo line that has its BE (AI-202, console/demo/imports.py)
        with core.db.read() as s:
            igm_no = s.exec(select(t.Igm.igm_no).where(t.Igm.voyage == VOYAGE)).one()
    before = be_count(core)
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        await key_head(pilot, igm_no, **changes)
        await key_items(pilot, uqc="ZZZ" if case == "item_uqc" else "KGS")
        await pilot.press("f2")
        await settle(pilot)
        assert says in status(entry) and f"({rule})" in status(entry), status(entry)
        assert any(says in e for e in errors(app))
        assert entry.view is None and entry.check_action("save", ())
        marked = [w.id for w in entry.query(".-error")]
        if field in ("bl_no", "iec"):
            assert marked == [f"l-{field}"]
            assert entry.query_one(f"#h-{field}").has_class("-invalid")
            assert entry.focused is entry.query_one(f"#h-{field}")
        elif field == "items[1].uqc":
            table = entry.query_one("#entry-items", DataTable)
            assert marked == [] and entry.focused is table and table.cursor_row == 0
        else:
            assert marked == []
    assert be_count(core) == before


@pilot_test
async def test_imp_be_5_wh_3_ex_bond_be_keyed_against_the_warehousing_be(demo_core, tmp_path,
                                                                         monkeypatch):
    """IMP-BE-5, WH-3: type X asks for the warehousing BE's number and date instead of the
    IGM line and invoice; the item form lists that BE's goods left in the warehouse; the X
    BE is saved, its checklist printed and submitted with the quantity chosen."""
    monkeypatch.setattr(screens.prints, "PRINTS", tmp_path / "prints")
    core = demo_core
    with core.db.read() as s:
        w = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_type == "W")).one()
        w_no, w_date = w.be_no, w.be_date
    left = {x.item_sl: x.balance for x in warehousing.get_warehouse(core, w_no).lines}
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        entry.query_one("#h-be_type", Select).value = "X"
        await pilot.pause()
        assert not entry.query_one("#h-igm_no").display and entry.query_one("#h-wh_be_no").display
        entry.query_one("#h-wh_be_no", Input).value = str(w_no)
        entry.query_one("#h-wh_be_date", Input).value = w_date.isoformat()
        await pilot.press("f6")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BeItemForm)
        assert form.query_one("#item-hits", OptionList).option_count == len(left)
        await pilot.press("down", "enter", *"50", "enter")  # item 1, 50 of it
        await settle(pilot)
        assert app.screen is entry and entry.items[0]["wh_sl"] == "1"
        for key in ("f2", "f7", "f10"):
            await pilot.press(key)
            await settle(pilot)
            assert not errors(app), (key, errors(app))
        assert isinstance(app.screen, HomeScreen)
        job_no = entry.view.job_no
    be = be_of_job(core, job_no)
    assert be.be_type == "X" and be.state == "second_check"
    assert [(i.quantity, i.tariff_item) for i in be.items] == [(Decimal("50"), "32089090")]
    xb = warehousing.get_ex_bond(core, be.be_no)
    assert (xb.wh_be_no, xb.wh_be_date) == (w_no, w_date)
    assert warehousing.get_warehouse(core, w_no).lines[0].balance == left[1]  # debited at OOC


@pilot_test
async def test_bnd_6_imp_dut_6_bond_and_high_sea_sale_keyed_on_the_form(demo_core):
    """BND-6: a continuity bond declared by type and number; IMP-DUT-6: a high-sea sale by
    the seller's IEC and a charge rate. Keyed in the form's own fields, they reach the
    service as Annexure C's ``bond`` and ``high_sea_sale`` and come back on reopening. A
    bond number that is not a registered continuity bond is refused beside its field."""
    core = demo_core
    igm_no = file_igm(core)
    clk = login(core, "apr1", PASSWORD, "test")
    request = bonds.request_bond(core, clk, PHARMA, "EU", "100000",
                                 core.today() + timedelta(days=365), bg_amount="10000")
    bonds.approve_bond(core, login(core, "acdc1", PASSWORD, "test"), request.id)
    eu = bonds.register_bond(core, login(core, "bnd1", PASSWORD, "test"), request.id, "almirah")
    before = be_count(core)
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        await key_head(pilot, igm_no)
        await key_items(pilot)
        for name, value in (("bond_type", "eu"), ("bond_no", "one"),
                            ("hss_seller_iec", IEC_MARINE), ("hss_charge_rate", "2")):
            entry.query_one(f"#h-{name}", Input).value = value
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is None and status(entry).startswith("Bond no:"), status(entry)
        assert entry.query_one("#h-bond_no", Input).has_class("-invalid")
        assert entry.focused is entry.query_one("#h-bond_no")
        entry.query_one("#h-bond_no", Input).value = "999999"  # not a registered bond
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is None and "BND-6" in status(entry)
        assert be_count(core) == before
        entry.query_one("#h-bond_no", Input).value = str(eu.bond_no)
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is not None and len(errors(app)) == 2, errors(app)  # the two above
        job = entry.view.job_no
        assert entry.view.hss_seller_iec == IEC_MARINE
    keyed = bes.keyed_declaration(core, job)
    assert keyed["bond"] == {"type": "EU", "number": str(eu.bond_no)}
    assert keyed["high_sea_sale"] == {"seller_iec": IEC_MARINE, "charge_rate": "2"}
    with core.db.read() as s:
        declared = s.exec(select(t.BeBond.declared_bond_no).join(
            t.BillOfEntry, t.BillOfEntry.id == t.BeBond.be_id).where(
            t.BillOfEntry.job_no == job)).one()
    assert declared == eu.bond_no
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        pilot.app.push_screen(BeEntryScreen(login(core, "opr1", PASSWORD, "test"),
                                            job_no=job))
        await settle(pilot)
        entry = pilot.app.screen
        assert entry.query_one("#h-bond_no", Input).value == str(eu.bond_no)
        assert entry.query_one("#h-hss_charge_rate", Input).value == "2"


@pilot_test
async def test_imp_dut_5_anti_dumping_claim_keyed_with_the_item(demo_core):
    """IMP-DUT-5: the item form's claims carry the country of origin and the anti-dumping
    notification, item and producer (Vitamin C from China, the demo's D2/2026-Cus(ADD));
    Enter on Value puts the item on without them, Tab reaches them. Submitted, the BE
    carries the anti-dumping duty on that item."""
    core = demo_core
    igm_no = file_igm(core)
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        await key_head(pilot, igm_no, invoice_value="1000", freight="0", insurance="0")
        await pilot.press("f6")
        form = app.screen
        assert isinstance(form, BeItemForm)
        for name, value in (("tariff_item", "29362700"), ("description", "Vitamin C powder"),
                            ("quantity", "100"), ("uqc", "KGS"), ("value", "1000"),
                            ("origin_country", "cn"), ("add_notification", "D2/2026-Cus(ADD)"),
                            ("add_item_sl", "1"), ("add_producer_sl", "1")):
            form.query_one(f"#i-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is entry and entry.items[0]["add_notification"] == "D2/2026-Cus(ADD)"
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is not None, errors(app)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert not errors(app), errors(app)
        job = entry.view.job_no
    be = be_of_job(core, job)
    assert be.add > 0 and be.items[0].tariff_item == "29362700"
    assert bes.keyed_declaration(core, job)["items"][0]["origin_country"] == "cn"


@pilot_test
async def test_new_be_is_offered_to_the_operator_only(demo_core):
    """F11 "New BE" is on the operator's home; other roles are not offered it."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        assert app.screen.check_action("new_be", ()) is True
        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "apr1")
        home = app.screen
        assert home.check_action("new_be", ()) is False
        await pilot.press("f11")
        await settle(pilot)
        assert app.screen is home


def test_snapshot_filled_be_form(demo_core, snap_compare):
    """Layout of the filled form (H, two items) at 80x24, before saving."""
    igm_no = file_igm(demo_core)
    app = make_app(demo_core)

    async def before(pilot) -> None:
        await open_entry(pilot)
        await key_head(pilot, igm_no)
        await key_items(pilot)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)

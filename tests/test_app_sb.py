"""Shipping Bill screens: entry (Annexure A), worklist, assessment, examination, LEO.

Pilot tests drive the screens as an officer would; snapshots (80x24) pin the layouts.
SBs for the snapshots are filed through the services first (the screens only show them).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select
from textual.widgets import Checkbox, DataTable, Input, OptionList, TextArea

import db.tables as t
from console.services.admin.officers import login
from console.services.exports import assessment, examination, filing
from console.services.exports.sb_common import get_sb
from screens.forms import FormScreen
from screens.home import HomeScreen
from screens.sb import SbActsScreen
from screens.sb_entry import ItemForm, SbEntryScreen
from tests.app_support import (
    PASSWORD,
    SIZE,
    errors,
    log_in,
    make_app,
    pilot_test,
    quiet,
    settle,
)

PHARMA = "AAPCA1234F"  # demo exporter; RMS: drug formulations need assessment + examination


def codes(core, prefix: str = "3004") -> dict:
    """Codes from the loaded directories, so the tests follow the reference data."""
    with core.db.read() as s:
        items = s.exec(select(t.TariffItem).order_by(t.TariffItem.item)).all()
        tariff = next((i for i in items if i.item.startswith(prefix)), items[0])
        ad = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == PHARMA, t.AdRegistration.port_code == "INVTZ4")).first()
        scheme = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == "free")
                        ).first() or "00"
        return {"tariff": tariff.item, "description": tariff.description[:80],
                "uqc": tariff.uqc, "ad": ad or "", "scheme": scheme}


def declaration(core, packages: int = 10) -> dict:
    c = codes(core)
    return {
        "iec": PHARMA, "port_of_loading": "INVTZ4", "country_of_destination": "US",
        "port_of_destination": "USNYC", "nature_of_contract": "FOB", "ad_code": c["ad"],
        "gst_invoice_type": "LUT", "recipient_name": "Acme Health Inc",
        "recipient_address": "1 Harbor Street, New York", "place_of_delivery": "New York",
        "packages": packages, "package_kind": "BOX", "gross_weight_kg": "120",
        "net_weight_kg": "100", "sdf_declared": True,
        "invoices": [{"invoice_no": "INV/77", "invoice_date": "2026-10-30", "currency": "USD",
                      "invoice_value": "1000"}],
        "items": [{"tariff_item": c["tariff"], "description": c["description"],
                   "quantity": "100", "uqc": c["uqc"], "unit_price": "10",
                   "scheme_code": c["scheme"], "end_use": "GNX100"}],
    }


def submitted(core, n: int = 1) -> list[int]:
    opr = login(core, "opr1", PASSWORD, "test")
    out = []
    for _ in range(n):
        view = filing.create_draft(core, opr, declaration(core))
        filing.print_checklist(core, opr, view.job_no)
        out.append(filing.submit_sb(core, opr, view.job_no).sb_no)
    return out


def under_examination(core) -> int:
    """An SB through assessment, CCRs and goods registration, marked to an examiner."""
    (sb_no,) = submitted(core)
    a = {u: login(core, u, PASSWORD, "test") for u in ("apr1", "acdc1", "cus1", "exm1")}
    view = get_sb(core, sb_no)
    if view.state == "awaiting_assessment":
        view = assessment.assess(core, a["apr1"], sb_no)
    if view.state == "awaiting_acdc":
        view = assessment.clear_by_acdc(core, a["acdc1"], sb_no)
    for ccr in view.ccrs:
        view = assessment.decide_ccr(core, a["apr1"], sb_no, ccr.code, complied=True)
    examination.admit_goods(core, a["cus1"], sb_no)
    examination.register_goods(core, a["exm1"], sb_no, view.packages)
    return sb_no


def sb_state(core, sb_no: int) -> str:
    return get_sb(core, sb_no).state


async def form_fill(pilot, **values) -> None:
    """Fill the open FormScreen's fields by name, then Ctrl+S."""
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), screen
    for name, value in values.items():
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Checkbox):
            widget.value = value
        else:
            widget.value = str(value)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def open_sb(pilot, sb_no: int) -> None:
    await pilot.press("f4")
    await form_fill(pilot, sb_no=sb_no)


async def switch_user(pilot, username: str) -> None:
    await pilot.press("f12")
    await settle(pilot)
    await log_in(pilot, username)


# ---- the whole life of an SB, through the screens ----


async def key_declaration(pilot, core) -> None:
    """The operator keys Annexure A on the entry screen, with the tariff lookup."""
    c = codes(core)
    screen = pilot.app.screen
    assert isinstance(screen, SbEntryScreen)
    head = {"iec": PHARMA, "country_of_destination": "us", "port_of_destination": "USNYC",
            "ad_code": c["ad"], "recipient_name": "Acme Health Inc",
            "recipient_address": "1 Harbor Street, New York", "place_of_delivery": "New York",
            "packages": "10", "package_kind": "BOX", "gross_weight_kg": "120",
            "net_weight_kg": "100"}
    for name, value in head.items():
        screen.query_one(f"#h-{name}", Input).value = value
    for name, value in {"invoice_no": "INV/77", "invoice_date": "2026-10-30",
                        "currency": "usd", "invoice_value": "1000"}.items():
        screen.query_one(f"#v-{name}", Input).value = value
    await pilot.press("f6")
    item = pilot.app.screen
    assert isinstance(item, ItemForm)
    await pilot.press(*c["tariff"][:4])
    await settle(pilot)
    hits = item.query_one("#item-hits", OptionList)
    assert hits.display and hits.option_count >= 1
    await pilot.press("down", "enter")  # pick the first hit: code, description, UQC filled
    assert item.query_one("#i-tariff_item", Input).value.startswith(c["tariff"][:4])
    assert item.query_one("#i-description", Input).value
    for name, value in {"quantity": "100", "unit_price": "10", "scheme_code": c["scheme"],
                        "end_use": "GNX100"}.items():
        item.query_one(f"#i-{name}", Input).value = value
    item.query_one("#i-uqc", Input).value = item.query_one("#i-uqc", Input).value or c["uqc"]
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen and len(screen.items) == 1


@pilot_test
async def test_sb_through_the_screens_filing_to_let_export(demo_core, prints_folder):
    """EXP-FIL-1..3, EXP-ASM, EXP-RMS-2, EXP-ARR-1/2, EXP-EXM-1, EXP-LEO-1 via the screens;
    the entry form's F7 prints the checklist round as a PDF (issue 15)."""
    core = demo_core
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        entry = app.screen
        await key_declaration(pilot, core)
        await pilot.press("f2")  # save the draft
        await settle(pilot)
        assert not errors(app), errors(app)
        assert entry.view is not None and entry.view.state == "draft"
        await pilot.press("f7")  # checklist round 1
        await settle(pilot)
        assert entry.view.state == "checklist_printed"
        (pdf,) = prints_folder.glob("checklist-*.pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in " ".join(
            n.message for n in app._notifications)
        await pilot.press("f10")  # submit: SB number and route
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), errors(app)
        with core.db.read() as s:
            sb = s.exec(select(t.ShippingBill).order_by(t.ShippingBill.id.desc())).first()
            sb_no, route = sb.sb_no, sb.route
        assert sb_no and route

        state = sb_state(core, sb_no)
        if state in ("awaiting_assessment", "awaiting_acdc"):
            await switch_user(pilot, "apr1")
            await open_sb(pilot, sb_no)
            assert isinstance(app.screen, SbActsScreen)
            if state == "awaiting_assessment":
                await pilot.press("f6")
                await form_fill(pilot, instructions="open two packages")
            if sb_state(core, sb_no) == "awaiting_acdc":
                await switch_user(pilot, "acdc1")
                await open_sb(pilot, sb_no)
                await pilot.press("f6")
                await form_fill(pilot)
            screen = app.screen
            for _ in screen.sb.ccrs:
                await pilot.press("f11")
                await form_fill(pilot, complied=True)
        assert sb_state(core, sb_no) in ("assessed", "facilitated"), errors(app)

        await switch_user(pilot, "cus1")
        await open_sb(pilot, sb_no)
        await pilot.press("f7")  # admit the goods
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)

        await switch_user(pilot, "exm1")
        await open_sb(pilot, sb_no)
        assert isinstance(app.screen, SbActsScreen)
        await pilot.press("f7")  # Annexure C
        await form_fill(pilot, packages=10, vehicle="AP31X1", shed="Shed 2")
        assert not errors(app), errors(app)
        if sb_state(core, sb_no) == "under_examination":
            examiner = app.screen.sb.goods.examiner
            if examiner != "exm1":
                await switch_user(pilot, examiner)
                await open_sb(pilot, sb_no)
            await pilot.press("f8")
            await form_fill(pilot, report="Goods as declared")
            assert sb_state(core, sb_no) == "examined", errors(app)

        await switch_user(pilot, "apr1")
        table = app.screen.query_one("#worklist", DataTable)
        keys = [k.value for k in table.rows]
        assert f"SB:{sb_no}" in keys  # waiting for LEO on the Appraiser's worklist
        table.move_cursor(row=keys.index(f"SB:{sb_no}"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SbActsScreen)
        await pilot.press("f10")
        await pilot.press("enter")
        await settle(pilot)
        assert sb_state(core, sb_no) == "let_export", errors(app)
        assert "let export" in app.screen.sb.state_label.lower()


@pilot_test
async def test_entry_refusal_is_shown_and_nothing_saved(demo_core):
    """A declaration the service refuses shows the field and rule; no draft is made."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#h-iec", Input).value = "BADIEC"
        await pilot.press("f2")
        await settle(pilot)
        assert any("IEC" in e for e in errors(app))
        assert app.screen.view is None
        with demo_core.db.read() as s:
            assert s.exec(select(t.ShippingBill).where(t.ShippingBill.iec == "BADIEC")
                          ).first() is None


def test_worklist_newest_first_pages_and_filter(demo_core, monkeypatch):
    import screens.home

    submitted(demo_core, 3)
    monkeypatch.setattr(screens.home, "PAGE", 2)
    run_worklist(demo_core)


@pilot_test
async def run_worklist(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        home = app.screen
        first = home.work_page
        assert len(first.rows) == 2 and first.total >= 3
        await pilot.press("pagedown")  # to the last row of the page ...
        await pilot.press("pagedown")  # ... then the next page
        await settle(pilot)
        second = home.work_page
        assert second.offset == 2 and second.rows[0].ref != first.rows[0].ref
        refs = [r.ref for r in first.rows + second.rows]
        assert refs == sorted(refs, key=int, reverse=True)  # newest first
        assert "page 2/" in str(home.query_one("#worklist-status").render())
        await pilot.press("pageup")
        await settle(pilot)
        assert home.work_page.offset == 0
        page = first
        app.screen.query_one("#filter", Input).value = str(page.rows[-1].ref)
        await pilot.press("f3", "enter")
        await settle(pilot)
        assert [r.ref for r in home.work_page.rows] == [page.rows[-1].ref]


# ---- snapshots ----


@pytest.mark.parametrize("part", ["top", "items"])
def test_snapshot_entry_form(demo_core, snap_compare, part):
    app = make_app(demo_core)

    async def before(pilot) -> None:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        await key_declaration(pilot, demo_core)
        if part == "items":
            pilot.app.screen.query_one("#entry-items").focus()
            pilot.app.screen.query_one("#entry-body").scroll_end(animate=False)
        else:
            pilot.app.screen.query_one("#h-nature_of_contract").focus()
            pilot.app.screen.query_one("#entry-body").scroll_home(animate=False)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_snapshot_worklist_with_rows(demo_core, snap_compare):
    submitted(demo_core, 3)
    app = make_app(demo_core)

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_snapshot_assessment(demo_core, snap_compare):
    (sb_no,) = submitted(demo_core)
    app = make_app(demo_core)

    async def before(pilot) -> None:
        await log_in(pilot, "apr1")
        await open_sb(pilot, sb_no)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_snapshot_examination(demo_core, snap_compare):
    sb_no = under_examination(demo_core)
    with demo_core.db.read() as s:
        examiner = s.exec(select(t.GoodsRegistration.examiner).join(
            t.ShippingBill, t.ShippingBill.id == t.GoodsRegistration.sb_id).where(
            t.ShippingBill.sb_no == sb_no)).one()
    app = make_app(demo_core)

    async def before(pilot) -> None:
        await log_in(pilot, examiner)
        await pilot.press("enter")  # the SB on the examiner's worklist
        await quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_money_is_decimal_on_screen_in_indian_grouping():
    """Rupees read as customs writes them (lakhs and crores), on every screen alike (the
    SB lists read ₹174,200 while the bond and TRA screens read 1,50,000.00: seen under
    tmux)."""
    from console.money import inr
    from screens.sb import money

    assert money(Decimal("123456.5")) == "₹1,23,456.50"
    assert inr(Decimal("12345678.905")) == "1,23,45,678.91"
    assert inr(Decimal("174200.4"), paise=False) == "1,74,200"
    assert inr(Decimal("-999.5"), paise=False) == "-1,000"


@pilot_test
async def test_exp_lic_1_annexure_d_keyed_on_the_item_form(demo_core):
    """EXP-LIC-1 / EXP-DEPB-1 on the screen: the item form takes the licence's export item
    serial and Part-C inputs, and the DEPB group, item and rate; the draft keeps them."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        await key_declaration(pilot, demo_core)
        entry = pilot.app.screen
        await pilot.press("f6")
        item = pilot.app.screen
        c = codes(demo_core)
        for name, value in {"tariff_item": c["tariff"], "description": "same goods, licence",
                            "quantity": "1", "uqc": c["uqc"], "unit_price": "1",
                            "scheme_code": "03", "end_use": "GNX100", "licence_no": "0310099887",
                            "licence_item_sl": "2", "licence_inputs": "C1/N, C3/M"}.items():
            item.query_one(f"#i-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is entry
        keyed = entry.items[-1]
        assert (keyed["licence_no"], keyed["licence_item_sl"], keyed["licence_inputs"]) == (
            "0310099887", "2", "C1/N, C3/M")
        assert "depb_group" not in keyed  # not keyed: not on the declaration


@pilot_test
async def test_exp_leo_2_acdc_opens_a_referred_variation_on_the_key_that_decides_it(demo_core):
    """Issue 15, EXP-LEO-2: the AC/DC opening an SB whose variation is referred to them is
    offered "Decide variation" (not "Assess"), and F6 opens the decision."""
    from textual.widgets._footer import FooterKey

    with demo_core.db.read() as s:
        sb_no = s.exec(select(t.ShippingBill.sb_no).where(
            t.ShippingBill.state == "referred_acdc")).first()
    assert sb_no
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        await open_sb(pilot, sb_no)
        keys = [k.description for k in app.screen.query(FooterKey)]
        assert "Decide variation" in keys and "Assess" not in keys, keys
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title.startswith("Decide the variation")

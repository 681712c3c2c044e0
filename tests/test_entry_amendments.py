"""Amendments keyed in the entry form the document was keyed in (issue 15): the SB's
(EXP-AMD-1..4, charges.md) and the BE's (IMP-AMD-1).

The service layer proves the reads the form uses — the change as the request's diff, its
kind, the fee the approval will charge — with plain assertions; Pilot tests key an
amendment on the form as the operator would; snapshots pin the forms at 80x24.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

import db.tables as t
from console.errors import InvalidInput
from console.services.admin.officers import login
from console.services.exports import amendments as amd
from console.services.imports import be_amendments as bea
from screens.forms import ConfirmScreen, FormScreen
from screens.sb import SbActsScreen
from screens.sb_entry import ItemForm, SbEntryScreen
from tests.app_support import PASSWORD, SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.sb_support import IEC_COCONUT, IEC_MARINE, declaration, file
from tests.test_app_sb import open_sb


def facilitated(core, a, **kw):
    return file(core, a, declaration(core, IEC_MARINE, "09", avoid="03", **kw))


def amendable_be(core) -> int:
    """A demo BE after submission, before examination (IMP-AMD-1)."""
    with core.db.read() as s:
        return s.exec(select(t.BillOfEntry.be_no).where(
            t.BillOfEntry.state == "second_check", t.BillOfEntry.examined_at.is_(None),
            t.BillOfEntry.location_code == "INVTZ4", t.BillOfEntry.be_type == "H")
            .order_by(t.BillOfEntry.be_no)).first()


# ---- the SB: reads the form uses ----


def test_exp_amd_2_changes_between_the_sb_and_the_form_are_the_request_diff(demo_core, actors):
    """EXP-AMD-2: the form's declaration against the SB as it stands gives the diff
    ``request_amendment`` takes: header fields, invoice fields, items changed in place,
    removed (null) and added (after the last serial); nothing else."""
    sb = facilitated(demo_core, actors, items=2)
    _view, before = amd.amendment_form(demo_core, sb.sb_no)
    assert amd.changes_between(before, {**before, "items": [
        {**i, "sl": n} for n, i in enumerate(before["items"], 1)]}) == {}
    after = {**before, "packages": "12", "iec": "AAAAA0000A",
             "invoices": [{**before["invoices"][0], "freight": "", "insurance": "5"}],
             "items": [{**before["items"][1], "sl": 2, "description": "A grade"},
                       {**before["items"][0], "quantity": "7"}]}
    changes = amd.changes_between(before, after)
    assert changes == {"packages": "12", "invoices": {"1": {"insurance": "5"}},
                       "items": {"2": {"description": "A grade"}, "1": None,
                                 "3": {k: v for k, v in after["items"][1].items()
                                       if k in amd.ITEM_FIELDS and v not in (None, "")}}}
    assert amd.amendment_kind(changes) == "amendment"
    assert amd.amendment_kind({"invoices": {"1": {"freight": "5"}}}) == "freight_insurance"


def test_exp_amd_4_preview_shows_the_fee_the_approval_charges(demo_core, actors):
    """EXP-AMD-4, charges.md (Visakhapatnam 2013): ₹10 a block of five items amended, a
    header change counting as one block; the preview says what the approval in the system
    then charges."""
    sb = facilitated(demo_core, actors, items=6)
    header = amd.preview_amendment(demo_core, sb.sb_no, {"packages": 12})
    assert (header.fee, header.items_touched, header.rule) == (Decimal(10), 0, "EXP-AMD-2")
    assert "counts as one" in header.fee_basis and "AC/DC" in header.allowed_by
    six = {"items": {str(n): {"description": f"line {n}"} for n in range(1, 7)}}
    preview = amd.preview_amendment(demo_core, sb.sb_no, six)
    assert (preview.fee, preview.items_touched) == (Decimal(20), 6)
    assert [c.field for c in preview.changes] == ["description"] * 6
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, six, "letter")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id, "seen")
    assert amd.approve_in_system(demo_core, actors["acdc2"], req.id).fee == preview.fee


def test_exp_amd_3_freight_change_previewed_as_such_and_port_blair_flat_fee(demo_core,
                                                                           actors):
    """EXP-AMD-3: a change of freight alone is a freight/insurance change; at Port Blair
    (charges.md, post-2017) an amendment is a flat ₹10."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08",
                                             location="INIXZ1"), opr="opr9")
    preview = amd.preview_amendment(demo_core, sb.sb_no, {"invoices": {"1": {"freight": "5"}}})
    assert (preview.kind, preview.rule, preview.fee) == ("freight_insurance", "EXP-AMD-3",
                                                         Decimal(10))
    assert "an amendment" in preview.fee_basis


def test_exp_amd_2_preview_refuses_what_the_request_would(demo_core, actors):
    sb = facilitated(demo_core, actors)
    with pytest.raises(InvalidInput) as err:
        amd.preview_amendment(demo_core, sb.sb_no, {"packages": 10})
    assert err.value.field == "changes"


# ---- the BE: reads the form uses ----


def test_imp_amd_1_be_form_changes_and_preview(demo_core):
    """IMP-AMD-1: the BE as it stands on the form; what differs (the invoice value and an
    item's value, in place) is the request's change; the preview reads it as the request
    will, with the service centre's charge (charges.md)."""
    be_no = amendable_be(demo_core)
    view, before = bea.amendment_form(demo_core, be_no)
    assert view.be_no == be_no and before["items"]
    assert bea.changes_between(before, before) == {}
    first = before["items"][0]
    value = Decimal(first["value"]) + 100
    after = {**before, "invoice_value": str(Decimal(before["invoice_value"]) + 100),
             "items": [{**first, "value": str(value)}, *before["items"][1:]]}
    changes = bea.changes_between(before, after)
    assert changes == {"invoice_value": after["invoice_value"],
                       "items": {"1": {"value": str(value)}}}
    preview = bea.preview_amendment(demo_core, be_no, changes)
    assert {(c.part, c.field) for c in preview.changes} >= {("be", "invoice_value_fc"),
                                                            ("item", "value_fc")}
    assert preview.fee == Decimal(10) and preview.rule == "IMP-AMD-1"
    with pytest.raises(InvalidInput) as err:  # the items no longer add up (IMP-BE-1)
        bea.preview_amendment(demo_core, be_no, {"items": {"1": {"value": str(value)}}})
    assert err.value.field == "invoice_value"


# ---- the SB on the form ----


async def amend_on_form(pilot, sb_no: int) -> SbEntryScreen:
    await log_in(pilot, "opr1")
    await open_sb(pilot, sb_no)
    assert isinstance(pilot.app.screen, SbActsScreen)
    await pilot.press("f4")
    await settle(pilot)
    if isinstance(pilot.app.screen, FormScreen):  # amendment or cancellation: the first
        await pilot.press("ctrl+s")
        await settle(pilot)
    entry = pilot.app.screen
    assert isinstance(entry, SbEntryScreen) and entry.amending, entry
    return entry


@pilot_test
async def test_exp_amd_2_amendment_keyed_on_the_entry_form(demo_core, actors):
    """EXP-AMD-2 (issue 15): F4 on the SB opens the entry form with the SB as it stands; the
    operator changes a field and an item; F2 shows each change, who allows it and the fee,
    asks the exporter's reason and files the request."""
    sb = facilitated(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await amend_on_form(pilot, sb.sb_no)
        # the form is drawn once the SB has loaded (its own "still loading" flag was once
        # Textual's Widget.loading: the screen stayed covered, its body never laid out)
        assert entry.query_one("#entry-body").virtual_size.height > 0
        assert entry.query_one("#h-iec", Input).disabled  # never amended (EXP-AMD-2)
        assert entry.query_one("#h-packages", Input).value == "10"
        assert not entry.unsaved
        entry.query_one("#h-packages", Input).value = "12"
        entry.set_focus(entry.query_one("#entry-items", DataTable))
        await pilot.press("enter")
        item = app.screen
        assert isinstance(item, ItemForm)
        item.query_one("#i-description", Input).value = "Frozen sole, A grade"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entry.unsaved
        await pilot.press("f2")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, FormScreen), errors(app)
        assert "packages: 10 → 12" in ask.note and "Fee ₹10.00" in ask.note
        assert "AC/DC" in ask.note
        ask.query_one("#f-reason").text = "exporter's letter of 2.11: 12 boxes, A grade"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SbActsScreen), errors(app)
    (req,) = amd.list_requests(demo_core, sb.sb_no)
    assert (req.kind, req.state, req.requested_by) == ("amendment", "requested", "opr1")
    assert {(c.where, c.field, str(c.after)) for c in req.changes} == {
        ("SB", "packages", "12"), ("item 1", "description", "Frozen sole, A grade")}
    assert req.reason.startswith("exporter's letter")


@pilot_test
async def test_exp_amd_2_a_refused_amendment_keeps_the_form_and_the_reason(demo_core, actors):
    """Issue 15 (EXP-REG-7): a change the request refuses puts the operator back on the form
    as typed, the field marked with the cursor on it, and the reason kept for the next F2;
    nothing is filed."""
    sb = facilitated(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await amend_on_form(pilot, sb.sb_no)
        entry.query_one("#h-ad_code", Input).value = "ZZ"
        await pilot.press("f2")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, FormScreen) and "ad code" in ask.note
        ask.query_one("#f-reason").text = "new bank"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is entry
        ad = entry.query_one("#h-ad_code", Input)
        assert ad.value == "ZZ" and ad.has_class("-invalid") and entry.focused is ad
        assert entry.reason == "new bank" and entry.unsaved
        assert "AD code" in str(entry.query_one("#entry-error", Static).render())
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.query_one("#f-reason").text == "new bank"
    assert amd.list_requests(demo_core, sb.sb_no) == []


@pilot_test
async def test_amendment_with_nothing_changed_files_nothing_and_esc_asks(demo_core, actors):
    """EXP-AMD-2: F2 with nothing changed says so; Esc with a change asks first."""
    sb = facilitated(demo_core, actors)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await amend_on_form(pilot, sb.sb_no)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is entry
        assert "nothing differs" in str(entry.query_one("#entry-error", Static).render())
        entry.query_one("#h-marks", Input).value = "NEW MARKS"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.screen is entry and entry.query_one("#h-marks", Input).value == "NEW MARKS"
    assert amd.list_requests(demo_core, sb.sb_no) == []


# ---- the BE on the form ----


async def be_on_form(pilot, core, be_no: int):
    from screens.be_entry import BeEntryScreen

    await log_in(pilot, "opr1")
    pilot.app.push_screen(BeEntryScreen(login(core, "opr1", PASSWORD, "test"),
                                        amend_be_no=be_no))
    await settle(pilot)
    entry = pilot.app.screen
    assert isinstance(entry, BeEntryScreen) and entry.view is not None, errors(pilot.app)
    return entry


@pilot_test
async def test_imp_amd_1_be_amendment_keyed_on_the_entry_form(demo_core):
    """IMP-AMD-1 (issue 15): the BE form in amendment mode takes typing only where the BE
    may be amended; the invoice value and an item's value changed, F2 shows the changes and
    the charge, asks the importer's reason and files the request for the group AC/DC."""
    be_no = amendable_be(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await be_on_form(pilot, demo_core, be_no)
        assert entry.query_one("#entry-body").virtual_size.height > 0
        assert entry.query_one("#h-iec", Input).disabled
        assert not entry.query_one("#h-invoice_value", Input).disabled
        assert entry.check_action("add_item", ()) is False
        value = Decimal(entry.items[0]["value"]) + 100
        invoice = Decimal(entry.query_one("#h-invoice_value", Input).value) + 100
        entry.query_one("#h-invoice_value", Input).value = str(invoice)
        entry.items[0]["value"] = str(value)
        await pilot.press("f2")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, FormScreen), errors(app)
        assert "IMP-AMD-1" in ask.note and "Charge ₹10.00" in ask.note
        ask.query_one("#f-reason").text = "supplier's revised invoice"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not entry, errors(app)
    (req,) = bea.list_requests(demo_core, be_no)
    assert (req.kind, req.state, req.reason) == ("amendment", "requested",
                                                 "supplier's revised invoice")
    assert {c.field for c in req.changes} >= {"invoice_value_fc", "value_fc"}


@pilot_test
async def test_imp_amd_1_be_amendment_refused_marks_the_invoice_value(demo_core):
    """IMP-BE-1 (issue 15): an item's value changed without the invoice value: refused
    before the reason is asked, the invoice value marked, the form as typed."""
    be_no = amendable_be(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await be_on_form(pilot, demo_core, be_no)
        entry.items[0]["value"] = str(Decimal(entry.items[0]["value"]) + 100)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is entry
        field = entry.query_one("#h-invoice_value", Input)
        assert field.has_class("-invalid") and entry.focused is field
        assert "IMP-BE-1" in str(entry.query_one("#entry-error", Static).render())
    assert bea.list_requests(demo_core, be_no) == []


# ---- snapshots (layout) ----


def test_snapshot_sb_amendment_form_and_reason(demo_core, actors, snap_compare):
    sb = facilitated(demo_core, actors)

    async def before(pilot) -> None:
        # layout only: the login's welcome toast, timed by the clock, is never in the picture
        pilot.app.notify = lambda *args, **kwargs: None
        entry = await amend_on_form(pilot, sb.sb_no)
        entry.query_one("#h-packages", Input).value = "12"
        await pilot.press("f2")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_snapshot_sb_amendment_form(demo_core, actors, snap_compare):
    sb = facilitated(demo_core, actors)

    async def before(pilot) -> None:
        await amend_on_form(pilot, sb.sb_no)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_snapshot_be_amendment_form(demo_core, snap_compare):
    be_no = amendable_be(demo_core)

    async def before(pilot) -> None:
        await be_on_form(pilot, demo_core, be_no)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

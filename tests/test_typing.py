"""No typed work is ever lost (issue 15): keys typed ahead land where they were meant, coded
fields are looked up as they are typed, a refusal keeps what was typed and marks its field,
and leaving with unsaved work asks first.

Typed-ahead tests send their keys as one burst: every key posted to the app before it
handles the first (``burst``), as a fast typist or a paste does; ``pilot.press`` waits
after each key and would not show the keys going astray.
"""

from __future__ import annotations

import unicodedata

from sqlmodel import select
from textual import events
from textual.containers import VerticalScroll
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.widgets import DataTable, Input, OptionList, Static

import db.tables as t
from console.roles import Role
from console.services.exports import amendments
from screens.forms import CodeHits, ConfirmScreen, Field, FormScreen
from screens.home import HomeScreen
from screens.login import LoginScreen
from screens.sb import SbActsScreen
from screens.sb_entry import ItemForm, SbEntryScreen
from tests.app_support import PASSWORD, SIZE, errors, log_in, make_app, pilot_test, settle
from tests.test_app_sb import PHARMA, codes, open_sb, submitted


def key_event(key: str) -> events.Key:
    """The event ``pilot.press`` would send for ``key``."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(pilot, *keys: str) -> None:
    """Post every key to the app at once, as typed without a pause; then wait until the
    app has taken them all and the work they set off is done."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(200):
        await settle(pilot)
        if not app._typeahead and not app._key_busy:
            break
    await settle(pilot)


def typed(text: str) -> list[str]:
    return list(text)


# ---- typed ahead ----


@pilot_test
async def test_login_typed_in_one_burst_lands_in_each_field(demo_core):
    """Issue 15: ``acdc1``, Enter, the password, Enter, typed with no pause: the password
    reaches the password field and the officer is logged in."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *typed("acdc1"), "enter", *typed(PASSWORD), "enter")
        assert isinstance(app.screen, HomeScreen), errors(app)
        assert app.actor.username == "acdc1" and app.actor.role == Role.ACDC


@pilot_test
async def test_keys_typed_while_the_login_is_checked_reach_the_home_screen(demo_core):
    """Issue 15: keys typed after the login's Enter, while it is being checked, wait and
    go to the home screen (F4 opens the SB enquiry, the number goes in its field)."""
    (sb_no,) = submitted(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *typed("apr1"), "enter", *typed(PASSWORD), "enter", "f4",
                    *typed(str(sb_no)), "enter")
        assert isinstance(app.screen, SbActsScreen), (app.screen, errors(app))
        assert app.screen.sb_no == sb_no and app.screen.sb is not None


@pilot_test
async def test_a_wrong_password_typed_ahead_is_refused_and_the_form_stays(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *typed("apr1"), "enter", *typed("not-it"), "enter")
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        assert "wrong password" in str(app.screen.query_one("#login-error", Static).render())
        assert app.focused is app.screen.query_one("#password")


def head_keys(c: dict) -> list[str]:
    """Annexure A's head as an operator types it: Enter after each field (Enter alone
    keeps a field as it is), Tab past the two choices and the five ticks."""
    values = [PHARMA, "", "", "", "us", "USNYC", c["ad"], "", "Acme Health Inc",
              "1 Harbor Street, New York", "New York", "", "10", "BOX", "120", "100", ""]
    keys: list[str] = []
    for value in values:
        keys += [*typed(value), "enter"]
    keys += ["tab"] * 7  # contract, GST invoice, the five ticks (SDF stays ticked)
    for value in ("INV/77", "2026-10-30", "usd", "1000"):
        keys += [*typed(value), "enter"]
    return keys


def item_keys(c: dict) -> list[str]:
    """An item: the whole tariff code (Enter goes on to the description), then each field
    and Enter; Ctrl+S puts it on."""
    keys = [*typed(c["tariff"]), "enter", *typed("Paracetamol tablets"), "enter",
            *typed("100"), "enter", *typed(c["uqc"]), "enter", *typed("10"), "enter",
            *typed(c["scheme"]), "enter", "enter", *typed("GNX100"), "ctrl+s"]
    return keys


async def key_whole_sb_in_one_burst(core, c: dict) -> SbEntryScreen:
    """opr1 keys a whole SB as one burst: F2 for a new SB, the head, F6 and an item, F2 to
    save. Returns the entry screen, its draft saved with no refusal."""
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await burst(pilot, "f2", *head_keys(c), "f6", *item_keys(c), "f2")
        entry = app.screen
        assert isinstance(entry, SbEntryScreen), (entry, errors(app))
        assert not errors(app), errors(app)
        assert entry.view is not None
    return entry


@pilot_test
async def test_a_whole_sb_keyed_in_one_burst_is_saved_as_typed(demo_core):
    """Issue 15, EXP-FIL-1: the operator keys a whole Shipping Bill without a pause — F2 for
    a new SB, the head field by field with Enter, the invoice, F6 and an item, F2 to save:
    every key reaches its field and the draft holds what was typed."""
    c = codes(demo_core)
    entry = await key_whole_sb_in_one_burst(demo_core, c)
    assert entry.view.state == "draft"
    with demo_core.db.read() as s:
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.job_no == entry.view.job_no)
                    ).one()
        item = s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id)).one()
        invoice = s.exec(select(t.SbInvoice).where(t.SbInvoice.sb_id == sb.id)).one()
    assert (sb.iec, sb.country_of_destination, sb.port_of_destination, sb.ad_code) == (
        PHARMA, "US", "USNYC", c["ad"])
    assert (sb.recipient_name, sb.packages, sb.package_kind) == ("Acme Health Inc", 10, "BOX")
    assert (invoice.invoice_no, invoice.currency, str(invoice.invoice_value_fc)) == (
        "INV/77", "USD", "1000")
    assert (item.tariff_item, item.description, item.uqc, item.end_use) == (
        c["tariff"], "Paracetamol tablets", c["uqc"], "GNX100")


# ---- lookups as typed ----


async def new_entry(pilot) -> SbEntryScreen:
    await log_in(pilot, "opr1")
    await pilot.press("f2")
    await settle(pilot)
    entry = pilot.app.screen
    assert isinstance(entry, SbEntryScreen)
    return entry


@pilot_test
async def test_country_looked_up_as_typed_down_and_enter_pick_it(demo_core):
    """Issue 15: a coded field lists the directory's hits as it is typed (code or name);
    ↓ goes to them, Enter picks one and the cursor moves to the next field."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        entry.set_focus(entry.query_one("#h-country_of_destination"))
        await pilot.press(*"germ")
        await settle(pilot)
        hits = entry.query_one("#code-hits", CodeHits)
        assert hits.display and hits.get_option_at_index(0).id == "DE"
        await pilot.press("down")
        assert entry.focused is hits
        await pilot.press("enter")
        await settle(pilot)
        assert entry.query_one("#h-country_of_destination", Input).value == "DE"
        assert entry.focused is entry.query_one("#h-port_of_destination")
        assert not hits.display


@pilot_test
async def test_lookups_for_ad_code_package_kind_and_currency(demo_core):
    """Issue 15 (EXP-REG-4): the AD codes registered for the IEC keyed come first; kinds of
    package and currencies are looked up too; Esc closes the list and keeps what is
    typed."""
    c = codes(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        entry.query_one("#h-iec", Input).value = PHARMA
        hits = entry.query_one("#code-hits", CodeHits)
        for field, typed_text, first in (("h-ad_code", c["ad"][:3], "(registered)"),
                                         ("h-package_kind", "dr", "DRM"),
                                         # "eu": Euro; "eur" would be exactly EUR (no
                                         # list), the ISO units that are no currencies
                                         # (XBA..XBD "European ... Unit") being refused
                                         ("v-currency", "eu", "EUR")):
            entry.set_focus(entry.query_one(f"#{field}"))
            await pilot.press(*typed_text)
            await settle(pilot)
            assert hits.display, field
            assert first in str(hits.get_option_at_index(0).prompt), field
            await pilot.press("escape")
            assert not hits.display and isinstance(app.screen, SbEntryScreen)
            assert entry.query_one(f"#{field}", Input).value == typed_text


def test_code_hits_for_the_kinds_the_directories_lack(demo_core):
    """Issue 15: the entry forms' lookups for AD codes (registered for the IEC at the port
    first, EXP-REG-4), kinds of package and drawback serials in force."""
    c = codes(demo_core)
    ad = amendments.code_hits(demo_core, "ad", c["ad"][:4], iec=PHARMA, port="INVTZ4")
    assert ad[0][0] == c["ad"] and "registered" in ad[0][1]
    assert amendments.code_hits(demo_core, "package", "carton")[0][0] == "CTN"
    with demo_core.db.read() as s:
        serial = s.exec(select(t.DrawbackRate.serial)).first()
    assert any(code == serial for code, _ in
               amendments.code_hits(demo_core, "dbk", serial[:4], limit=50))
    assert amendments.code_hits(demo_core, "country", "IN")[0][0] == "IN"


@pilot_test
async def test_tariff_pick_puts_the_cursor_on_the_quantity(demo_core):
    """Issue 15: after a tariff item is picked from the hits, the cursor goes to the
    quantity (the description and UQC are filled), not into the description."""
    c = codes(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await new_entry(pilot)
        await pilot.press("f6")
        form = app.screen
        assert isinstance(form, ItemForm)
        await pilot.press(*c["tariff"][:4])
        await settle(pilot)
        assert form.query_one("#item-hits", OptionList).display
        await pilot.press("down", "enter")
        assert form.query_one("#i-description", Input).value
        assert form.focused is form.query_one("#i-quantity")
        await pilot.press(*"25")
        assert form.query_one("#i-quantity", Input).value == "25"


@pilot_test
async def test_tab_goes_field_to_field_and_keeps_what_is_typed(demo_core):
    """Issue 15 (seen under tmux): a whole tariff item keyed, Tab, the description typed —
    Tab went to the form's scrolling body and the description was lost. On the item form,
    the entry form and a plain form, Tab goes from field to field: no scrolling container
    takes the focus, and a burst typed with Tabs lands as typed."""
    c = codes(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        assert not [w for w in entry.focus_chain if isinstance(w, VerticalScroll)]
        await burst(pilot, "f6", *c["tariff"], "tab", *"Frozen sole", "tab", *"25")
        form = app.screen
        assert isinstance(form, ItemForm)
        assert not [w for w in form.focus_chain if isinstance(w, VerticalScroll)]
        assert form.query_one("#i-description", Input).value == "Frozen sole"
        assert form.query_one("#i-quantity", Input).value == "25"
        await pilot.press("escape")
        await settle(pilot)
        plain = FormScreen("A form", [Field("a", "First"), Field("b", "Second", "lines")])
        await app.push_screen(plain)
        await settle(pilot)
        assert not [w for w in plain.focus_chain if isinstance(w, VerticalScroll)]


# ---- a refusal keeps what was typed ----


@pilot_test
async def test_refused_form_stays_open_as_typed_with_its_field_marked(demo_core):
    """Issue 15 (EXP-ASM-4): a form whose act is refused stays open with everything typed;
    the field the refusal names is marked and has the cursor; fixed, the act is taken."""
    (sb_no,) = submitted(demo_core)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        await open_sb(pilot, sb_no)
        screen = app.screen
        if "SB.instructions" not in screen.open_acts():
            return  # routed where orders are not the appraiser's (RMS): nothing to show
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")  # neither orders nor samples: refused (EXP-ASM-4)
        await settle(pilot)
        assert app.screen is form
        field = form.query_one("#f-instructions", Input)
        assert field.has_class("-invalid") and form.focused is field
        assert "EXP-ASM-4" in str(form.query_one("#form-error", Static).render())
        await pilot.press(*"open two boxes")
        assert not field.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.sb.exam_instructions == "open two boxes"


@pilot_test
async def test_entry_refusal_marks_the_field_and_an_items_field_opens_its_form(demo_core):
    """Issue 15 (EXP-REG-7, EXP-FIL-1): a draft refused for a head field keeps the form as
    typed, marks the field and puts the cursor there; refused for an item's field, the
    item's form opens on that field, marked."""
    from tests.test_app_sb import key_declaration

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        await key_declaration(pilot, demo_core)
        entry.query_one("#h-ad_code", Input).value = "ZZ"
        await pilot.press("f2")
        await settle(pilot)
        ad = entry.query_one("#h-ad_code", Input)
        assert entry.view is None and ad.has_class("-invalid") and entry.focused is ad
        assert ad.value == "ZZ" and entry.query_one("#h-recipient_name", Input).value
        assert "AD code" in str(entry.query_one("#entry-error", Static).render())
        ad.value = codes(demo_core)["ad"]
        entry.items[0]["scheme_code"] = "ZZ"
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm), errors(app)
        scheme = form.query_one("#i-scheme_code", Input)
        assert scheme.has_class("-invalid") and form.focused is scheme, (errors(app), form.mark)
        assert "scheme" in str(form.query_one("#item-error", Static).render()).lower()


# ---- leaving with unsaved work ----


@pilot_test
async def test_esc_on_the_sb_form_with_unsaved_changes_asks(demo_core):
    """Issue 15: Esc with something typed asks; Esc keeps the form as typed, Enter leaves."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        assert not entry.unsaved
        await pilot.press(*PHARMA)
        assert entry.unsaved
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.screen is entry and entry.query_one("#h-iec", Input).value == PHARMA
        await pilot.press("escape")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_ctrl_q_and_log_out_ask_when_a_screen_has_unsaved_work(demo_core):
    """Issue 15: Ctrl+Q (and F12) with unsaved work on any screen of the stack asks first;
    Esc goes back to it. With nothing unsaved Ctrl+Q leaves at once."""
    app = make_app(demo_core)
    left: list[bool] = []
    leave = app.exit
    app.exit = lambda *a, **k: left.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        await pilot.press("f6")  # an item form over the entry form
        await pilot.press(*"3004")
        await pilot.press("ctrl+q")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, ConfirmScreen) and not left
        assert "Item (new)" in ask.note
        await pilot.press("escape")
        assert isinstance(app.screen, ItemForm)
        await pilot.press("escape", "escape")  # the item form (nothing kept), then the entry
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and not entry.unsaved
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*PHARMA, "f12")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and app.actor is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert left == [True]
        app.exit = leave  # type: ignore[method-assign]


@pilot_test
async def test_an_item_refused_on_the_entry_form_keeps_the_rows(demo_core):
    """Issue 15: the items table keeps every row keyed when the save is refused."""
    from tests.test_app_sb import key_declaration

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await new_entry(pilot)
        await key_declaration(pilot, demo_core)
        entry.query_one("#h-country_of_destination", Input).value = "QQ"
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is None
        assert entry.query_one("#entry-items", DataTable).row_count == 1
        assert entry.query_one("#h-country_of_destination", Input).has_class("-invalid")


@pilot_test
async def test_a_late_key_still_waits_for_the_field_the_last_key_moved_to(demo_core,
                                                                        monkeypatch):
    """Issue 15/18: a key typed ahead waits for the screen to go quiet, but only so long
    (``KEY_WAIT``: a screen that never goes quiet must not hold the keyboard). Even a key
    that has waited that long goes where the last key sent the cursor: here every key is
    late (KEY_WAIT 0, as on a loaded machine), and the whole SB still lands as typed (the
    destination country came out "USU" once, under load)."""
    import console.app

    monkeypatch.setattr(console.app, "KEY_WAIT", 0.0)
    entry = await key_whole_sb_in_one_burst(demo_core, codes(demo_core))
    with demo_core.db.read() as s:
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.job_no == entry.view.job_no)
                    ).one()
        item = s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id)).one()
    assert (sb.country_of_destination, sb.port_of_destination, sb.recipient_name) == (
        "US", "USNYC", "Acme Health Inc")
    assert (item.description, item.end_use) == ("Paracetamol tablets", "GNX100")

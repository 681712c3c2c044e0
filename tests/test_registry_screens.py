"""The registration clerk's registers (screens/registry.py), opened from home through F6
Lists: an exporter's registrations (EXP-REG-4, -5, -8), scheme licences (EXP-REG-9),
authorised couriers (CSB-1) and reference directories (EXP-REG-7); and every register of
these screens fitting 80 columns for every demo officer who opens it."""

from __future__ import annotations

from decimal import Decimal
from importlib import import_module

from textual.widgets import Input

from console import formats
from console.acts import acts_of
from console.demo.base import OFFICERS
from console.directories import registrations
from console.services.courier import registry as couriers
from console.services.schemes import licences
from screens.forms import FormScreen
from screens.home import HomeScreen
from screens.registers import registers_for
from screens.registry import CourierScreen, DirectoryScreen, ExporterScreen, LicenceScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_admin_screens import open_register
from tests.test_app_sb import form_fill

VIZAG_STEEL = "AAFCV9876Q"  # the demo registers GSTIN 37AAFCV9876Q1Z0
SECOND_GSTIN = "37AAFCV9876Q2Z" + formats.gstin_check_character("37AAFCV9876Q2Z")


async def open_iec(pilot, screen: ExporterScreen, iec: str) -> None:
    box = screen.query_one("#exp-iec", Input)
    box.value = iec
    box.focus()
    await pilot.press("enter")
    await settle(pilot)


@pilot_test
async def test_exp_reg_8_clerk_registers_a_gstin_and_a_bad_one_comes_back_refused(demo_core):
    """EXP-REG-8: the registration clerk opens an exporter by its name, registers a second
    GSTIN (checked and verified); a GSTIN with a wrong check character is refused with the
    rule and the form comes back with what was typed; nothing is registered by it."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Exporters' registrations (AD, bank account, "
                                            "GSTIN)")
        assert isinstance(screen, ExporterScreen)
        assert screen.check_action("gstin", ()) is False  # no IEC open yet
        await pilot.press(*"vizag")
        await settle(pilot)
        assert screen.query_one("#exp-hits").display
        await pilot.press("enter")  # the only hit
        await settle(pilot)
        assert screen.view is not None and screen.view.iec == VIZAG_STEEL
        assert [g.gstin for g in screen.view.gstins] == ["37AAFCV9876Q1Z0"]
        assert set(screen.open_acts()) == {"EXPORTER.register_ad",
                                           "EXPORTER.register_bank_account",
                                           "EXPORTER.register_gstin"}
        await pilot.press("f8")
        await form_fill(pilot, gstin=SECOND_GSTIN[:-1] + "0")
        assert "wrong check character" in errors(app)[-1] and "EXP-REG-8" in errors(app)[-1]
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()[0] == {"gstin": SECOND_GSTIN[:-1] + "0"}
        await form_fill(pilot, gstin=SECOND_GSTIN.lower())
        assert not [e for e in errors(app) if "wrong check character" not in e]
        assert app.screen is screen
        assert [g.gstin for g in screen.view.gstins] == ["37AAFCV9876Q1Z0", SECOND_GSTIN]
    assert registrations(demo_core, VIZAG_STEEL)["gstin"] == ["37AAFCV9876Q1Z0", SECOND_GSTIN]


@pilot_test
async def test_exp_reg_4_5_clerk_registers_an_ad_account_here_and_a_changed_bank_account(
        demo_core):
    """EXP-REG-4: an AD account is registered at the clerk's own port, with an AD code of
    RBI's directory; EXP-REG-5: a changed bank account is registered afresh and the old one
    closed (shown closed); a cancelled IEC (EXP-REG-1) offers no registration."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Exporters' registrations (AD, bank account, "
                                            "GSTIN)")
        await open_iec(pilot, screen, "AADCP4321M")  # Andaman Coconut: AD 9900010 here
        before = [(a.ad_code, a.port_code) for a in screen.view.ad_accounts]
        await pilot.press("f6")
        await form_fill(pilot, ad_code="9900020")
        assert not errors(app), errors(app)
        assert [(a.ad_code, a.port_code) for a in screen.view.ad_accounts] == sorted(
            before + [("9900020", "INVTZ4")], key=lambda x: (x[1], x[0]))
        await pilot.press("f7")
        await form_fill(pilot, ifsc="SBIN0001234", account_no="123456789012",
                        bank="State Bank of India, Port Blair")
        assert not errors(app), errors(app)
        accounts = screen.view.bank_accounts
        assert [(b.account_no, b.active) for b in accounts][0] == ("123456789012", True)
        assert all(not b.active for b in accounts[1:]) and len(accounts) >= 2
    assert registrations(demo_core, "AADCP4321M")["bank_account"] == ("SBIN0001234",
                                                                       "123456789012")


@pilot_test
async def test_exp_reg_9_clerk_registers_an_older_licence_at_the_port(demo_core):
    """EXP-REG-9: the registration clerk registers an older licence at the port (F2, source
    "registered at this port"), with its export item and Part-C input; it is given the
    registration number the exporter quotes in Annexure D."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Scheme licences")
        assert isinstance(screen, LicenceScreen)
        assert screen.open_of("new") == ["LICENCE.receive", "LICENCE.register"]
        count = len(screen.rows)
        await pilot.press("f2")
        await form_fill(pilot, source="LICENCE.register", licence_no="0310071234",
                        kind="advance", iec="AAPCA1234F", issued_on="01.04.2025",
                        valid_to="31.03.2027",
                        export_items="Paracetamol tablets 500 mg; 1,000 KGS; 5,00,000",
                        part_c="Paracetamol IP (bulk drug); 800 KGS")
        assert not errors(app), errors(app)
        assert len(screen.rows) == count + 1
    lic = licences.get_licence(demo_core, "0310071234")
    assert (lic.source, lic.port_code, lic.registration_no.startswith("INVTZ4/")) == (
        "port", "INVTZ4", True)
    assert (lic.export_items[0].quantity, lic.export_items[0].value) == (Decimal("1000"),
                                                                        Decimal("500000.00"))
    assert (lic.part_c[0].description, lic.part_c[0].uqc) == ("Paracetamol IP (bulk drug)",
                                                              "KGS")


@pilot_test
async def test_csb_1_clerk_registers_an_authorised_courier_at_the_terminal(demo_core):
    """CSB-1 (courier.md): the registration clerk of the courier terminal registers an
    authorised courier there; it is listed with the demo's two."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Authorised couriers")
        assert isinstance(screen, CourierScreen) and screen.count == 2
        await pilot.press("f2")
        await form_fill(pilot, code="fdx", name="FedEx Express TSCS (India)",
                        licence_no="CR/VTZ/2026/07", valid_from="01.11.2026")
        assert not errors(app), errors(app)
        assert screen.count == 3
    (fdx,) = [c for c in couriers.list_couriers(demo_core, "INVTZ4") if c.code == "FDX"]
    assert (fdx.registered_by, f"{fdx.valid_from:%d.%m.%Y}") == ("clk1", "01.11.2026")


@pilot_test
async def test_exp_reg_7_directory_import_shows_the_rows_rejected_by_line(demo_core, tmp_path):
    """EXP-REG-7: a UQC file with a good row and a bad one: the good row is loaded, the bad
    one is listed with its line and why, and changes nothing; a file that is not there is
    refused and the form comes back."""
    csv = tmp_path / "uqc.csv"
    csv.write_text("code,description\nBDL,bundles\nBUNDLE,too long a code\n",
                   encoding="utf-8")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Reference directories")
        assert isinstance(screen, DirectoryScreen)
        await pilot.press("f2")
        await form_fill(pilot, kind="uqc", path=str(tmp_path / "missing.csv"))
        assert "is not a file" in errors(app)[-1]
        await form_fill(pilot, path=str(csv))
        assert not [e for e in errors(app) if "is not a file" not in e]
        report = screen.report
        assert (report.loaded, [line for line, _why in report.errors]) == (1, [3])
        assert "UQC is 3 letters" in report.errors[0][1]
        assert "1 row(s) loaded, 1 rejected" in str(screen.query_one("#dir-title").render())


def test_snapshot_exporter_screen(demo_core, snap_compare):
    """The clerk's view of Andhra Pharma's registrations: AD account, bank account, GSTIN;
    F6/F7/F8 register more."""
    async def before(pilot) -> None:
        await log_in(pilot, "clk1")
        screen = await open_register(pilot, "Exporters' registrations (AD, bank account, "
                                            "GSTIN)")
        await open_iec(pilot, screen, "AAPCA1234F")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


MINE = ("screens.admin", "screens.registry", "screens.drawback", "screens.brc", "screens.tra")


@pilot_test
async def test_every_register_of_these_screens_fits_80_columns_for_every_officer(demo_core):
    """Every demo officer, every register of these screens their Lists offer: the footer's
    keys fit 80 columns with F12 Log out shown (a key the act tables offer is never cut
    off)."""
    from textual.widgets._footer import FooterKey

    app = make_app(demo_core)
    seen = set()
    async with app.run_test(size=SIZE) as pilot:
        for username, *_ in OFFICERS:
            await log_in(pilot, username)
            home = app.screen
            assert isinstance(home, HomeScreen)
            for register in registers_for(acts_of(app.actor)):
                if register.screen.partition(":")[0] not in MINE:
                    continue
                module, _, name = register.screen.partition(":")
                await app.push_screen(getattr(import_module(module), name)())
                await settle(pilot)
                keys = list(app.screen.query(FooterKey))
                last = max(k.region.right for k in keys)
                said = [k.description for k in keys]
                assert last <= SIZE[0], (username, register.label, said)
                assert "Log out" in said, (username, register.label, said)
                seen.add(register.label)
                app.pop_screen()
                await settle(pilot)
            await pilot.press("f12")
            await settle(pilot)
    assert len(seen) == 10, seen


def test_exp_reg_1_a_cancelled_iec_offers_no_registration(demo_core, actors):
    """EXP-REG-1: an IEC cancelled in DGFT's feed is shown with its registrations and offers
    none more; registrations are the registration clerk's (the system manager is offered
    none); the bank accounts list the one in use first, then the closed ones."""
    import db.tables as t
    from console.services.admin import registries

    view = registries.exporter(demo_core, actors["clk1"], "aapca1234f")
    assert (view.iec, view.state, len(view.acts)) == ("AAPCA1234F", "active", 3)
    assert registries.exporter(demo_core, actors["sys1"], "AAPCA1234F").acts == ()
    registries.register_bank_account(demo_core, actors["clk1"], "AAPCA1234F", "HDFC0000123",
                                     "50100012345678", "HDFC Bank")
    accounts = registries.exporter(demo_core, actors["clk1"], "AAPCA1234F").bank_accounts
    assert [(b.ifsc, b.active) for b in accounts][0] == ("HDFC0000123", True)
    assert [b.active for b in accounts[1:]] == [False]
    with demo_core.db.write() as s:
        s.get(t.Iec, "AAPCA1234F").active = False
    gone = registries.exporter(demo_core, actors["clk1"], "AAPCA1234F")
    assert (gone.state, gone.acts, len(gone.gstins)) == ("cancelled", (), 1)

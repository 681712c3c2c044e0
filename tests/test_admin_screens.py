"""The system manager's and the supervisors' registers (screens/admin.py), opened from home
through F6 Lists: the officers posted at the location (roles.md: the system manager adds,
disables, resets; the duty roster, EXP-ARR-2), the RMS rules (EXP-RMS-1, AC/DC or higher)
and every officer's own password (roles.md)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from console.errors import AuthError
from console.services.admin import officers
from console.services.exports import routing
from screens.admin import OfficersScreen, PasswordForm, PasswordScreen, RulesScreen
from screens.forms import ConfirmScreen, FormScreen
from screens.home import HomeScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_app_sb import form_fill

NEW_PASSWORD = "monsoon-2026"


async def open_register(pilot, label: str):
    """Home F6 Lists, the register named ``label``; the screen it opened."""
    assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen
    await pilot.press("f6")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    (value,) = [v for text, v in form.fields[0].choices if text == label]
    await form_fill(pilot, register=value)
    return pilot.app.screen


async def select_row(pilot, screen, key: str) -> None:
    table = screen.query_one(f"#{screen.TABLE}", DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


@pilot_test
async def test_roles_md_system_manager_adds_an_officer_and_puts_an_examiner_off_duty(
        demo_core):
    """roles.md: the system manager adds an officer at his location (the password typed
    twice: two different ones are not taken); EXP-ARR-2: U puts an examiner off duty and
    on again; the new officer logs in with the password given."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sys1")
        screen = await open_register(pilot, "Officers")
        assert isinstance(screen, OfficersScreen)
        assert [v.username for v in screen.rows][:2] == ["acdc1", "acdc2"]
        assert all(v.location_code == "INVTZ4" for v in screen.rows)  # not Port Blair's
        await pilot.press("f2")
        await form_fill(pilot, username="exm3", name="B. Rao (Examiner)", role="EXM",
                        password=NEW_PASSWORD, again=NEW_PASSWORD + "x")
        form = app.screen
        assert isinstance(form, PasswordForm)  # not the same twice: nothing added
        assert "not the same" in str(form.query_one("#form-error").render())
        await form_fill(pilot, again=NEW_PASSWORD)
        assert not errors(app), errors(app)
        assert app.screen is screen and "exm3" in [v.username for v in screen.rows]

        await select_row(pilot, screen, "exm2")
        assert screen.check_action("duty", (False,)) is True
        assert screen.check_action("duty", (True,)) is False  # on duty: only "Off duty"
        await pilot.press("u")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert screen.selected().username == "exm2" and not screen.selected().on_duty
        assert screen.check_action("duty", (True,)) is True
    added = {v.username: v for v in officers.list_officers(demo_core)}
    assert (added["exm3"].role, added["exm3"].location_code) == ("EXM", "INVTZ4")
    assert not added["exm2"].on_duty and added["exm1"].on_duty
    assert officers.login(demo_core, "exm3", NEW_PASSWORD).username == "exm3"


@pilot_test
async def test_roles_md_disable_is_confirmed_and_reset_is_not_offered_on_ones_own_account(
        demo_core):
    """roles.md: disabling an account asks for the reason, then asks again (it cannot be
    undone); the disabled officer may no longer log in. Nobody resets their own password
    here (the system manager's own row offers no P)."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sys1")
        screen = await open_register(pilot, "Officers")
        await select_row(pilot, screen, "sys1")
        assert screen.check_action("reset", ()) is False
        await select_row(pilot, screen, "bnd1")
        assert screen.check_action("reset", ()) is True
        await pilot.press("d")
        await form_fill(pilot, reason="transferred to Chennai")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert screen.selected().disabled
        assert screen.check_action("disable", ()) is False
    with pytest.raises(AuthError):
        officers.login(demo_core, "bnd1", "ices-demo")


@pilot_test
async def test_roles_md_an_officer_changes_their_own_password(demo_core):
    """roles.md: every officer changes their own password (typed twice; two different ones
    are refused on the screen and nothing changes); the old one no longer logs in."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "exm1")
        screen = await open_register(pilot, "My password")
        assert isinstance(screen, PasswordScreen)
        await settle(pilot)
        assert screen.open_acts() == ("OFFICER.password",)
        screen.query_one("#pw-new", Input).value = NEW_PASSWORD
        screen.query_one("#pw-again", Input).value = "something-else"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "not the same" in str(screen.query_one("#pw-error").render())
        officers.login(demo_core, "exm1", "ices-demo")  # unchanged
        screen.query_one("#pw-new", Input).value = NEW_PASSWORD
        screen.query_one("#pw-again", Input).value = NEW_PASSWORD
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors(app), errors(app)
        assert isinstance(app.screen, HomeScreen)
    assert officers.login(demo_core, "exm1", NEW_PASSWORD).username == "exm1"
    with pytest.raises(AuthError):
        officers.login(demo_core, "exm1", "ices-demo")


@pilot_test
async def test_exp_rms_1_acdc_adds_edits_and_disables_an_rms_rule(demo_core):
    """EXP-RMS-1: the AC/DC adds a risk rule (it takes effect in the order of its
    priority), edits it and disables it with a reason; it stays on record, inactive. A bad
    date is refused and the form comes back with what was typed."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        screen = await open_register(pilot, "RMS risk rules")
        assert isinstance(screen, RulesScreen)
        before = len(screen.rows)
        await pilot.press("f2")
        await form_fill(pilot, name="Arms and ammunition: examine", priority="5",
                        route="examination", tariff_prefix="93", effective_from="31.02.2026")
        assert "effective_from" in errors(app)[-1]
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, effective_from="01.11.2026")
        assert not [e for e in errors(app) if "31.02.2026" not in e], errors(app)
        (added,) = [v for v in screen.rows if v.tariff_prefix == "93"]
        assert screen.rows[0] == added and len(screen.rows) == before + 1  # priority 5: first
        assert (added.route, added.created_by, added.state) == ("examination", "acdc1",
                                                                "active")
        assert screen.selected() == added  # the cursor stays on the rule acted on
        await pilot.press("e")
        await form_fill(pilot, ccrs="ARMS-LIC")
        await pilot.press("d")
        await form_fill(pilot, reason="covered by the national arms alert")
        assert not [e for e in errors(app) if "31.02.2026" not in e], errors(app)
        assert screen.check_action("disable", ()) is False
        assert screen.check_action("edit", ()) is True  # an inactive rule may be edited
    (rule,) = [v for v in routing.list_rms_rules(demo_core) if v.id == added.id]
    assert (rule.ccrs, rule.active, rule.acts) == ("ARMS-LIC", False, ())


@pilot_test
async def test_exp_rms_1_rules_are_a_supervisors_the_appraiser_sees_no_rules_register(
        demo_core):
    """EXP-RMS-1: RMS rules are kept by the AC/DC and above: the appraiser's Lists do not
    offer them; the commissioner's (a higher rank) do, with F8 to the courier rules."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        await pilot.press("f6")
        await settle(pilot)
        labels = [text for text, _v in app.screen.fields[0].choices]
        assert "RMS risk rules" not in labels and "Officers" in labels  # the duty roster
        await pilot.press("escape")
        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "com1")
        screen = await open_register(pilot, "RMS risk rules")
        assert screen.check_action("new", ()) is True
        await pilot.press("f8")
        await settle(pilot)
        assert {v.document for v in screen.rows} == {"CSB"}


def test_snapshot_officers_screen(demo_core, snap_compare):
    """The system manager's officers at Visakhapatnam, the first selected."""
    async def before(pilot) -> None:
        await log_in(pilot, "sys1")
        await open_register(pilot, "Officers")
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)


def test_roles_md_officers_here_carry_the_acts_open_on_each_account(demo_core, actors):
    """roles.md: the list is the location's officers only; the system manager may disable,
    reset and set the duty of each, but not reset his own password; an appraiser (the duty
    roster, EXP-ARR-2) only sets duty; nobody else's password is anybody's but its own."""
    rows = {v.username: v for v in officers.officers_here(demo_core, actors["sys1"])}
    assert "apr9" not in rows and "exm1" in rows  # Port Blair's are not his
    assert set(rows["exm1"].acts) == {"OFFICER.disable", "OFFICER.duty",
                                      "OFFICER.reset_password"}
    assert "OFFICER.reset_password" not in rows["sys1"].acts
    assert "OFFICER.password" in rows["sys1"].acts  # his own
    by_apr = {v.username: v for v in officers.officers_here(demo_core, actors["apr1"])}
    assert by_apr["exm1"].acts == ("OFFICER.duty",)
    assert officers.my_account(demo_core, actors["exm1"]).acts == ("OFFICER.password",)
    assert {v.location_code for v in officers.officers_here(demo_core, actors["apr9"])} == {
        "INIXZ1"}


def test_exp_rms_1_rule_views_carry_the_acts_of_the_rank(demo_core, actors):
    """EXP-RMS-1: the AC/DC and above edit and disable rules; the appraiser sees none of
    those acts; a disabled rule may still be edited, not disabled again."""
    rules = routing.rms_rules(demo_core, actors["acdc1"], "SB")
    assert {v.acts for v in rules} == {("RMS.edit", "RMS.disable")}
    assert {v.acts for v in routing.rms_rules(demo_core, actors["apr1"], "SB")} == {()}
    routing.deactivate_rms_rule(demo_core, actors["acdc1"], rules[0].id, "test")
    (off,) = [v for v in routing.rms_rules(demo_core, actors["com1"], "SB")
              if v.id == rules[0].id]
    assert (off.state, off.acts) == ("inactive", ("RMS.edit",))

"""The console's login, role home, help and logout (Pilot tests and snapshots at 80x24)."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

import db.tables as t
from console.roles import Role
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.login import LoginScreen
from tests.app_support import PASSWORD, SIZE, log_in, make_app, pilot_test, quiet, settle


def error_text(app) -> str:
    return str(app.screen.query_one("#login-error", Static).render())


@pilot_test
async def test_login_lands_on_the_roles_home(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await log_in(pilot, "apr1")
        assert isinstance(app.screen, HomeScreen)
        assert app.actor.username == "apr1" and app.actor.role == Role.APR
        assert app.actor.terminal == "test"
        bar = app.screen.query_one("#officer-bar").plain
        assert "S. Rao (Appraiser)" in bar and "INVTZ4" in bar
        assert "TRAINING database" in bar
        title = str(app.screen.query_one("#worklist-title", Static).render())
        assert title == "To assess, and to give Let Export"


@pilot_test
async def test_login_enter_on_username_moves_to_password(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"opr1", "enter")
        assert app.focused is app.screen.query_one("#password")
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.actor.role == Role.OPR


@pilot_test
async def test_wrong_password_shows_the_message_and_stays(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1", "not-the-password")
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert "unknown username or wrong password" in error_text(app)
        assert app.screen.query_one("#password", Input).value == ""
        assert app.focused is app.screen.query_one("#password")


@pilot_test
async def test_five_wrong_passwords_lock_the_account(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await log_in(pilot, "exm1", "bad-password")
        await log_in(pilot, "exm1")  # the right password no longer helps
        assert isinstance(app.screen, LoginScreen)
        assert "locked for 15 minutes" in error_text(app)


@pilot_test
async def test_a_reset_password_is_replaced_on_the_login_screen(demo_core):
    """Issue 18 item 7: after the system manager's reset the officer types the given
    password, chooses a new one twice, and is logged in with it."""
    from console.services.admin import officers
    from screens.admin import PasswordForm

    sysm = officers.login(demo_core, "sys1", PASSWORD)
    officers.reset_password(demo_core, sysm, "exm1", "given-by-sys1")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "exm1", "given-by-sys1")
        assert isinstance(app.screen, PasswordForm)
        await pilot.press(*"exm1-own-pass", "tab", *"exm1-own-pass", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.actor.username == "exm1"
    assert officers.login(demo_core, "exm1", "exm1-own-pass").username == "exm1"


@pilot_test
async def test_logout_returns_to_login(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "acdc1")
        assert isinstance(app.screen, HomeScreen)
        app.notify("SB 1000001: query approved")  # acdc1's message
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f12")  # logs out from under the help too
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert len(app.screen_stack) == 2
        # one officer's messages do not survive their logout (issue 15)
        assert [n.message for n in app._notifications] == ["logged out"]
        await log_in(pilot, "exm1")
        assert app.screen.actor.username == "exm1"
    # every session is in the audit trail: who, at which terminal, in and out
    with demo_core.db.read() as s:
        trail = [(r.action, r.doc_ref) for r in s.exec(
            select(t.AuditRecord).where(t.AuditRecord.doc_kind == "OFFICER",
                                        t.AuditRecord.action.in_(("login", "logout")))
            .order_by(t.AuditRecord.seq))]
    assert trail[-3:] == [("login", "acdc1"), ("logout", "acdc1"), ("login", "exm1")]


@pilot_test
async def test_help_lists_every_binding_of_the_screen_for_the_role(demo_core):
    """F1 help is per role: every key of the screen and the app, less the act keys whose
    acts the officer's role may never take (the act tables)."""
    from console.acts import acts_of

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        home = app.screen
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        listed = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        mine = acts_of(app.actor)
        for binding in home.BINDINGS + app.BINDINGS:
            key = home.act_key(binding.action)
            assert (binding.description in listed) == (key is None or
                                                        bool(set(key.acts) & mine)), binding
        assert "New SB" in listed and "X-ray lane" not in listed
        await pilot.press("escape")
        assert app.screen is home


@pilot_test
async def test_help_on_a_new_sb_says_which_keys_are_not_open_yet(demo_core):
    """Issue 15: on a new SB's entry form the footer shows no Checklist or Submit (nothing
    saved yet); F1 lists them, dimmed and marked "(not now)", and Save plainly."""
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        notes = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[2])
                 for i in range(table.row_count)}
        assert notes["Checklist"].endswith("(not now)") and notes["Submit"].endswith(
            "(not now)")
        assert not notes["Save"].endswith("(not now)")


@pilot_test
async def test_new_sb_is_offered_to_the_operator_only(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        assert app.screen.check_action("new_sb", ()) is True
        await pilot.press("f12")
        await settle(pilot)
        await log_in(pilot, "apr1")
        assert app.screen.check_action("new_sb", ()) is False
        keys = {a.binding.action for a in app.screen.active_bindings.values()}
        assert "new_sb" not in keys


@pilot_test
async def test_command_palette_offers_the_screens_commands(demo_core):
    from screens.commands import ScreenCommands

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "apr1")
        provider = ScreenCommands(app.screen)
        names = {c[3] for c in provider._commands()}
        assert {"Open", "Find", "Enquiry", "Refresh", "Help", "Log out"} <= names
        assert "New SB" not in names


# ---- snapshots (layout only) ----


def snapshot_app(core, username: str | None = None):
    app = make_app(core)

    async def before(pilot) -> None:
        if username:
            await log_in(pilot, username)
        await quiet(pilot)

    return app, before


@pytest.mark.parametrize("username", [None, "apr1", "acdc1"],
                         ids=["login", "home_apr", "home_acdc"])
def test_snapshot_login_and_homes(demo_core, snap_compare, username):
    app, before = snapshot_app(demo_core, username)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_snapshot_help(demo_core, snap_compare):
    app, before = snapshot_app(demo_core, "apr1")

    async def help_open(pilot) -> None:
        await before(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=help_open)


@pilot_test
async def test_console_opens_its_database_behind_the_login_screen(demo_core):
    """``ices run`` (console/launch.py): the login screen is up before the database is
    open; the banner says so, then names the database; login works once it is open."""
    from console.launch import build_app

    url = demo_core.db.url
    demo_core.db.dispose()
    app = build_app(url, "test", clock=demo_core.clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.core_ready
        assert "TRAINING database" in app.screen.query_one("#officer-bar").plain
        await log_in(pilot, "apr1")
        assert isinstance(app.screen, HomeScreen) and app.actor.username == "apr1"
        app.core.db.dispose()


@pilot_test
async def test_console_names_a_database_that_cannot_be_opened(tmp_path):
    from console.launch import build_app

    app = build_app(f"sqlite:///{tmp_path}/empty.db", "test")
    async with app.run_test(size=SIZE) as pilot:
        # the database opens in a thread of its own: wait for it, and for the screen to say so
        await asyncio.to_thread(app._opened.wait, 30)
        for _ in range(500):
            await pilot.pause()
            if "the database could not be opened" in error_text(app):
                break
        assert not app.core_ready
        assert "the database could not be opened" in error_text(app)
        assert "is not an ICES database: run `ices init`" in error_text(app)
        await log_in(pilot, "apr1")  # refused with the same message, nothing else
        assert isinstance(app.screen, LoginScreen) and app.actor is None


@pytest.mark.parametrize(("argv", "expected"), [
    (["run"], (None, "")),
    (["--db", "sqlite:///x.db", "run"], ("sqlite:///x.db", "")),
    (["--db=sqlite:///x.db", "run", "--terminal", "T7"], ("sqlite:///x.db", "T7")),
    (["run", "--terminal=T7"], (None, "T7")),
    (["run", "--help"], None),
    (["sb", "show", "1"], None),
    ([], None),
])
def test_entry_sends_only_a_plain_run_past_the_command_tree(argv, expected, monkeypatch):
    from console.entry import console_args

    monkeypatch.delenv("ICES_DATABASE_URL", raising=False)
    assert console_args(argv) == expected


@pilot_test
async def test_every_role_s_home_keys_fit_80_columns(demo_core):
    """At 80x24 every demo officer's home footer shows all its keys, F12 Log out included
    (a key the act tables offer a role is never cut off)."""
    from textual.widgets._footer import FooterKey

    from console.demo.base import OFFICERS

    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        for username, *_ in OFFICERS:
            await log_in(pilot, username)
            await settle(pilot)
            keys = list(app.screen.query(FooterKey))
            assert keys, username
            last = max(k.region.right for k in keys)
            assert last <= SIZE[0], (username, [k.description for k in keys])
            assert any(k.description == "Log out" and k.region.width for k in keys), username
            await pilot.press("f12")
            await settle(pilot)

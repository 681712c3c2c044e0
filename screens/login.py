"""Officer login: username and password; refusals (wrong password, locked, disabled)
are shown inline and the screen stays.

Typed ahead without a pause (``acdc1``, Enter, the password, Enter) every key lands where it
was meant: Enter moves the cursor at once (``set_focus``, not the deferred ``focus()``), and
while the login is being checked the screen ``holds_keys``: the app keeps what is typed
meanwhile for the home screen (or, refused, for the password field)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from console.errors import PasswordChangeRequired
from console.roles import Actor
from screens.base import IcesScreen
from screens.widgets import OfficerBar

if TYPE_CHECKING:
    from console.core import Core

OPENING = "opening the database…"


class LoginScreen(IcesScreen):
    SCREEN_TITLE = "Officer login"
    AUTO_FOCUS = "#username"
    BINDINGS = [
        Binding("enter", "login", "Log in", id="login", priority=True,
                tooltip="Next field, or log in from the password field"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checking = False  # a login is being checked (keys typed meanwhile wait)

    @property
    def holds_keys(self) -> bool:
        return self.checking

    def compose_bar(self) -> ComposeResult:
        """The database's banner once it is open (it may still be opening: see app.py)."""
        banner = self.ices.core.banner() if self.ices.core_ready else OPENING
        yield OfficerBar(banner, None, self.SCREEN_TITLE)

    def database_opened(self, core: Core | None, error: Exception | None) -> None:
        bar = self.query_one(OfficerBar)
        if core is not None:
            bar.set_banner(core.banner())
        else:
            self.show_error(f"the database could not be opened: {error}")

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        with Vertical(id="login-box"):
            yield Static(Text("Indian Customs EDI System — officer console", style="bold"),
                         id="login-heading")
            yield Label("Username")
            yield Input(id="username", placeholder="e.g. apr1", max_length=40, compact=True)
            yield Label("Password")
            yield Input(id="password", password=True, max_length=200, compact=True)
            yield Static("", id="login-error", classes="error")
        yield from self.compose_footer()

    def action_login(self) -> None:
        username = self.query_one("#username", Input)
        password = self.query_one("#password", Input)
        if self.focused is username and not password.value:
            self.set_focus(password)
            return
        if not username.value.strip():
            self.show_error("enter your username")
            self.set_focus(username)
            return
        if self.ices.open_error is not None:
            self.show_error(f"the database could not be opened: {self.ices.open_error}")
            return
        self.show_error("")
        self.checking = True
        self.run_service(self._login, username.value, password.value, then=self.logged_in,
                         failed=self.refused, busy=self.query_one("#login-box"))

    def _login(self, username: str, password: str, new_password: str | None = None) -> Actor:
        """In a worker thread: waits for the database if it is still opening (app.py)."""
        from console.services.admin.officers import login

        return login(self.ices.core, username, password, self.ices.terminal,
                     new_password=new_password)

    def logged_in(self, actor: Actor) -> None:
        self.checking = False
        self.ices.logged_in(actor)

    def refused(self, err: Exception) -> None:
        self.checking = False
        if isinstance(err, PasswordChangeRequired):
            self.choose_new_password(str(err))
            return
        self.show_error(str(err))
        password = self.query_one("#password", Input)
        password.value = ""
        self.set_focus(password)

    def choose_new_password(self, why: str) -> None:
        """The system manager reset the password: the officer chooses a new one (typed
        twice) before going on; the login is retried with it."""
        from screens.admin import PasswordForm, password_fields

        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value

        def go(data: dict | None) -> None:
            if data is None:  # Esc: back to the login, nothing changed
                self.query_one("#password", Input).value = ""
                self.show_error("a new password is needed to log in")
                return
            self.checking = True
            self.run_service(self._login, username, password, data["password"],
                             then=self.logged_in, failed=self.refused,
                             busy=self.query_one("#login-box"))

        self.app.push_screen(PasswordForm(f"New password for {username}", password_fields(),
                                          note=why), go)

    def on_service_failed(self, message: object) -> None:
        self.checking = False  # whatever broke, the keys go on (base.py shows the error)

    def show_error(self, message: str) -> None:
        self.query_one("#login-error", Static).update(Text(message))

"""The Textual console. Only this module and ``cli.py`` (of ``console/``) import Textual;
the screens live in ``screens/`` and call services in thread workers."""

from __future__ import annotations

import socket
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from console.core import Core
from console.roles import Actor
from screens.commands import ScreenCommands
from screens.help import HelpScreen, bindings_of
from screens.home import HomeScreen
from screens.login import LoginScreen

CSS_PATH = Path(__file__).resolve().parent.parent / "screens" / "ices.tcss"


class IcesApp(App[None]):
    """ICES 1.5 officer console: login, then the role's home screen."""

    TITLE = "ICES 1.5"
    CSS_PATH = str(CSS_PATH)
    COMMANDS = {ScreenCommands}
    COMMAND_PALETTE_DISPLAY = "^P"
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1", id="app.help", priority=True,
                tooltip="The keys of this screen"),
        Binding("f12", "logout", "Log out", key_display="F12", id="app.logout", priority=True,
                tooltip="Log out and return to the login screen"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False,
                tooltip="Leave the console"),
    ]

    def __init__(self, core: Core, terminal: str | None = None) -> None:
        super().__init__()
        self.core = core
        self.terminal = terminal or f"console@{socket.gethostname()}"
        self.actor: Actor | None = None

    def get_key_display(self, binding: Binding) -> str:
        if binding.key_display is None and binding.key.split(",")[0] == "escape":
            return "Esc"
        return super().get_key_display(binding)

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())

    def logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.switch_screen(HomeScreen(actor))
        self.notify(f"welcome, {actor.name}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "logout":
            return self.actor is not None
        return True

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        title = getattr(self.screen, "SCREEN_TITLE", "") or type(self.screen).__name__
        self.push_screen(HelpScreen(title, bindings_of(self.screen)))

    async def action_logout(self) -> None:
        from console.services.officers import logout

        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if self.actor is not None:
            logout(self.core, self.actor)
        self.actor = None
        await self.switch_screen(LoginScreen())
        self.notify("logged out")

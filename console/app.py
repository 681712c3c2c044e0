"""The Textual console. Only this module and ``cli.py`` (of ``console/``) import Textual;
the screens live in ``screens/`` and call services in thread workers.

Start-up: the app may be given a ``Core`` or a function that opens one. Given a function
(``console/launch.py``, what ``ices run`` does), the login screen is up at once and the
database (SQLAlchemy, the table models, the engine) opens in a thread behind it; the
officer types meanwhile, and ``core`` waits for it the first time a service needs it. The
role screens and the services are imported after login, not before.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from screens.commands import ScreenCommands
from screens.help import HelpScreen, bindings_of
from screens.login import LoginScreen

if TYPE_CHECKING:
    from console.core import Core
    from console.roles import Actor

S = TypeVar("S", bound=Screen)
KEY_WAIT = 5.0  # seconds a typed-ahead key waits at most for the last one's work
CSS_PATH = Path(__file__).resolve().parent.parent / "screens" / "ices.tcss"


def default_terminal() -> str:
    """The terminal's name when none is given: the console on this host."""
    return f"console@{socket.gethostname()}"


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

    def __init__(self, core: Core | Callable[[], Core], terminal: str | None = None) -> None:
        super().__init__()
        self._opener = core if callable(core) else None
        self._core: Core | None = None if callable(core) else core
        self._open_error: Exception | None = None
        self._opened = threading.Event()
        if self._opener is None:
            self._opened.set()
        self.terminal = terminal or default_terminal()
        self.actor: Actor | None = None
        self._typeahead: deque[events.Key | events.Paste] = deque()  # keys not yet taken
        self._key_busy = False  # a key taken whose work is not done yet
        self._key_at = 0.0
        self._kept: dict[str, Screen] = {}  # screens an officer returns to (screens/keep.py)
        self._prebuilding: list[Awaitable[None]] = []  # their mounts, while off the stack
        self._quitting = False  # quitting: nothing more is built

    # ---- one key at a time (typed-ahead keys wait their turn) ----

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._key_busy or self._typeahead:
                self._typeahead.append(event)
                return
            await self._take_key(event)
            return
        await super().on_event(event)

    async def _take_key(self, event: events.Key | events.Paste) -> None:
        self._key_busy, self._key_at = True, monotonic()
        try:
            await super().on_event(event)  # priority bindings, else the focused widget
        finally:
            self.call_later(self._key_settled)

    def _screen_quiet(self) -> bool:
        """The screen and its widgets are mounted and have no message waiting or being
        handled (what the last key set off is done)."""
        try:
            screen = self.screen
        except Exception:  # no screen (yet, or any longer)
            return True
        # checked after every key, often several times: a plain walk that stops at the
        # first busy widget, not walk_children's list of them all (issue 20)
        stack = [screen]
        while stack:
            node = stack.pop()
            if not node._is_mounted or node.message_queue_size:
                return False
            stack.extend(node.children)
        return True

    def _focus_quiet(self) -> bool:
        """The screen is mounted, and the focused widget and every widget above it have no
        message waiting (an Enter's Submitted, say, on its way to the handler that moves
        the cursor)."""
        try:
            screen = self.screen
        except Exception:
            return True
        node = screen.focused or screen
        while node is not None:
            if not node._is_mounted or node.message_queue_size:
                return False
            if node is screen:
                return True
            node = node._parent
        return True

    async def _key_settled(self) -> None:
        """Take the next typed-ahead key once the last one's work is done (at most a few
        seconds of waiting, from the last key or the end of a hold; while the screen
        ``holds_keys``, as long as it holds them)."""
        if getattr(self.screen, "holds_keys", False):
            self._key_at = monotonic()  # the wait for the screen starts when the hold ends
            self.set_timer(0.02, self._key_settled)
            return
        late = monotonic() - self._key_at > KEY_WAIT
        # late: the screen has not gone quiet (some widget of it stays busy); the key still
        # waits for the path a key takes (the focused widget up to the screen, then the
        # app, where its bindings are): where the last key sent the cursor is where this
        # one goes
        quiet = 0  # twice in a row: a handler that awaited has had its turn
        for _ in range(50):
            quiet = quiet + 1 if (self._focus_quiet() and not self.message_queue_size
                                  if late else self._screen_quiet()) else 0
            if quiet == 2:
                break
            await asyncio.sleep(0)
        else:
            self.set_timer(0.005, self._key_settled)
            return
        if self.message_queue_size and not late:  # the app's own (a binding bubbling up)
            self.call_later(self._key_settled)
            return
        self._key_busy = False
        if self._typeahead:
            await self._take_key(self._typeahead.popleft())

    @property
    def core(self) -> Core:
        """The database and clock; waits for them while they are still opening."""
        self._opened.wait()
        if self._core is None:
            raise RuntimeError(f"the database could not be opened: {self._open_error}")
        return self._core

    @property
    def open_error(self) -> Exception | None:
        """Why the database could not be opened (None while opening and once open)."""
        return self._open_error

    @property
    def core_ready(self) -> bool:
        return self._opened.is_set() and self._core is not None

    @work(thread=True, exit_on_error=False, group="open")
    def _open_core(self) -> None:
        try:
            self._core = self._opener()  # type: ignore[misc]
        except Exception as err:  # shown on the login screen; login stays refused
            self._open_error = err
        finally:
            self._opened.set()
        self.call_from_thread(self._core_opened)

    def _core_opened(self) -> None:
        if isinstance(self.screen, LoginScreen):
            self.screen.database_opened(self._core, self._open_error)

    def get_key_display(self, binding: Binding) -> str:
        key = binding.key.split(",")[0]
        if binding.key_display is None and key == "escape":
            return "Esc"
        if binding.key_display is None and key[:1] == "f" and key[1:].isdigit():
            return key.upper()  # F8, as every screen and the help name the function keys
        return super().get_key_display(binding)

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        if self._opener is not None:  # after the first paint: the import holds the GIL
            self.call_after_refresh(self._open_core)

    def logged_in(self, actor: Actor) -> None:
        from screens.home import HomeScreen

        self.actor = actor
        self.switch_screen(HomeScreen(actor))
        self.notify(f"welcome, {actor.name}", markup=False)

    # ---- screens kept between openings (screens/keep.py) ----

    def kept(self, name: str, make: Callable[[], S], reopen: Callable[[S], object]) -> S:
        """The screen kept under ``name``, ``reopen``-ed for the next document; the first
        time in a login, ``make()``, kept from then on. While the kept one is in use (on the
        screen stack) a new one is made, and dropped when it closes."""
        screen = self._kept.get(name)
        if screen is not None and screen.is_mounted and screen not in self.screen_stack:
            reopen(screen)  # type: ignore[arg-type]
            return screen  # type: ignore[return-value]
        made = make()
        if screen is None:
            self._kept[name] = made
            self.install_screen(made, f"kept:{name}")
        return made

    def prebuild(self, name: str, make: Callable[[], Screen]) -> None:
        """Build the screen kept under ``name`` now, off the screen stack (while the officer
        reads the worklist): composed and mounted, not shown, so that its first opening
        costs what a reopening does. Nothing if one is kept already."""
        if name in self._kept or self.actor is None or self._quitting:
            return
        screen = make()
        self._kept[name] = screen
        self.install_screen(screen, f"kept:{name}")
        _, mounted = self._get_screen(screen)  # started as push_screen starts one, not pushed
        self._prebuilding = [*self._prebuilding[-3:], mounted]

    async def _shutdown(self) -> None:
        """Quitting while a screen is being built off the stack (``prebuild``, just after a
        login) lets it finish first: closed mid-mount, its widgets' mount handlers found
        their children gone and the quit ended in a traceback (Select's '#label')."""
        self._quitting = True
        while self._prebuilding:
            pending, self._prebuilding = self._prebuilding, []
            for mounted in pending:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.ensure_future(mounted), 5)
        await super()._shutdown()

    async def drop_kept(self) -> None:
        """Drop the kept screens (at logout: the next officer's are built for them)."""
        kept, self._kept = self._kept, {}
        for screen in kept.values():
            if screen not in self.screen_stack:
                self.uninstall_screen(screen)
                await screen.remove()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "logout":
            return self.actor is not None
        return True

    # ---- leaving: never with unsaved work unasked ----

    def unsaved_work(self) -> list[str]:
        """What the screens on the stack have typed and not saved (their ``unsaved``)."""
        return [getattr(screen, "unsaved_title", "") or getattr(screen, "SCREEN_TITLE", "")
                or type(screen).__name__
                for screen in self.screen_stack if getattr(screen, "unsaved", False)]

    def ask_to_leave(self, what: str, then: Callable[[], object]) -> None:
        """Ask before leaving unsaved work (Enter goes ahead with ``then()``, Esc stays)."""
        from screens.forms import ConfirmScreen

        unsaved = self.unsaved_work()
        if isinstance(self.screen, ConfirmScreen) and getattr(self.screen, "leaving", False):
            return  # asked already
        ask = ConfirmScreen(f"{what}? What is typed is not saved",
                            "Not saved: " + "; ".join(unsaved) + ". Enter leaves without "
                            "saving; Esc goes back to it.")
        ask.leaving = True
        self.push_screen(ask, lambda done: then() if done is not None else None)

    async def action_quit(self) -> None:
        if self.unsaved_work():
            self.ask_to_leave("Leave the console", self.exit)
        else:
            self.exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        title = getattr(self.screen, "SCREEN_TITLE", "") or type(self.screen).__name__
        self.push_screen(HelpScreen(title, bindings_of(self.screen)))

    async def action_logout(self) -> None:
        if self.unsaved_work():
            self.ask_to_leave("Log out", lambda: self.call_later(self._log_out))
        else:
            await self._log_out()

    async def _log_out(self) -> None:
        from console.services.admin.officers import logout

        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if self.actor is not None:
            logout(self.core, self.actor)
        self.actor = None
        self.clear_notifications()  # one officer's messages are not the next one's
        await self.switch_screen(LoginScreen())
        await self.drop_kept()
        self.notify("logged out")

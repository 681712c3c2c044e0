"""What every console screen shares: the officer bar, service calls in thread workers,
refusals shown as error notifications.

A worker never touches a widget: it posts ``ServiceDone`` / ``ServiceFailed`` back to
the screen, whose handlers (on the UI thread) call the ``then`` / ``failed`` callbacks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from console.errors import IcesError
from screens.widgets import IcesFooter, OfficerBar

if TYPE_CHECKING:
    from console.core import Core
    from console.roles import Actor


class Console(Protocol):
    """What screens use of the app (``console.app.IcesApp``), without importing it."""

    core: Core
    actor: Actor | None
    terminal: str
    core_ready: bool
    open_error: Exception | None

    def logged_in(self, actor: Actor) -> None: ...


class ServiceDone(Message):
    """A service call returned; ``then(result)`` runs on the UI thread. ``opening``: the
    screen's opening it was asked in (a kept screen's answers for an earlier document are
    dropped)."""

    def __init__(self, then: Callable[[Any], Any] | None, result: Any,
                 busy: Busy | None, opening: int = 0) -> None:
        super().__init__()
        self.then, self.result, self.busy, self.opening = then, result, busy, opening


class ServiceFailed(Message):
    """A service refused (``IcesError``) or broke; ``failed(error)`` runs on the UI thread."""

    def __init__(self, failed: Callable[[Exception], Any] | None, error: Exception,
                 busy: Busy | None, opening: int = 0) -> None:
        super().__init__()
        self.failed, self.error, self.busy, self.opening = failed, error, busy, opening


class Busy:
    """A widget's loading indicator while a service call runs. Shown at once: a delay
    (tried in issue 20, to spare quick reads the indicator's cost) made what a screen draws
    depend on the machine's load."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        if widget.is_attached:
            widget.loading = True

    def done(self) -> None:
        if self.widget.loading:
            self.widget.loading = False


class ServiceMixin:
    """``run_service(fn, *args, then=..., failed=..., busy=widget)``: call a service in a
    thread worker. ``busy`` shows its loading indicator meanwhile (``Busy``). A refusal is
    shown with ``notify(severity="error")`` unless ``failed`` handles it.

    Every screen's ``check_action`` is guarded here (issue 18): while a screen is being
    built or taken down its widgets may be missing, and a key pressed then is simply not
    available, never a crash.

    ``opening`` counts a kept screen's openings (``screens.keep.Kept``): what a service
    answers for an earlier opening (another document) is not shown on this one."""

    opening = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("check_action")
        if own is not None and not getattr(own, "guarded", False):
            def check_action(self: Any, action: str, parameters: tuple[object, ...],
                             _own: Callable[..., bool | None] = own) -> bool | None:
                try:
                    return _own(self, action, parameters)
                except NoMatches:  # a widget not (or no longer) there: not available now
                    return False

            check_action.guarded = True  # type: ignore[attr-defined]
            check_action.__doc__ = own.__doc__
            cls.check_action = check_action  # type: ignore[attr-defined,method-assign]

    @property
    def ices(self) -> Console:
        return self.app  # type: ignore[attr-defined,return-value]

    def run_service(self, fn: Callable[..., Any], *args: Any,
                    then: Callable[[Any], Any] | None = None,
                    failed: Callable[[Exception], Any] | None = None,
                    busy: Widget | None = None, lookup: bool = False, **kwargs: Any) -> None:
        if busy is not None:
            busy = Busy(busy)
        opening = self.opening
        if lookup:  # search-as-you-type: a newer lookup cancels the older one
            self._lookup_worker(fn, args, kwargs, then, failed, busy, opening)
        else:
            self._service_worker(fn, args, kwargs, then, failed, busy, opening)

    def _run(self, fn, args, kwargs, then, failed, busy, opening) -> None:
        try:
            result = fn(*args, **kwargs)
        except IcesError as err:
            self.post_message(ServiceFailed(failed, err, busy, opening))  # type: ignore
            return
        except Exception as err:  # a bug: show it, and let the worker end in ERROR
            self.post_message(ServiceFailed(None, err, busy, opening))  # type: ignore
            raise
        if not get_current_worker().is_cancelled:
            self.post_message(ServiceDone(then, result, busy, opening))  # type: ignore

    @work(thread=True, exit_on_error=False, group="service")
    def _service_worker(self, fn, args, kwargs, then, failed, busy, opening) -> None:
        self._run(fn, args, kwargs, then, failed, busy, opening)

    @work(thread=True, exit_on_error=False, exclusive=True, group="lookup")
    def _lookup_worker(self, fn, args, kwargs, then, failed, busy, opening) -> None:
        self._run(fn, args, kwargs, then, failed, busy, opening)

    def on_service_done(self, message: ServiceDone) -> None:
        message.stop()
        if message.busy is not None:
            message.busy.done()
        if message.then is not None and message.opening == self.opening:
            message.then(message.result)

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        if message.busy is not None:
            message.busy.done()
        if message.opening != self.opening:  # asked for the document shown before
            return
        err = message.error
        if message.failed is not None and isinstance(err, IcesError):
            message.failed(err)
        elif isinstance(err, IcesError):
            self.notify(str(err), title="Refused", severity="error",  # type: ignore[attr-defined]
                        markup=False)
        else:
            self.notify(f"{type(err).__name__}: {err}", title="Unexpected error",  # type: ignore
                        severity="error", markup=False)


@dataclass(frozen=True)
class ActKey:
    """A key of a screen's keymap that takes one of ``acts`` (``KIND.act``), whichever the
    document's view says is open to the officer now: the key is shown only then, and its
    tooltip (F1 help, the command palette) says each act and its rule, from the tables."""

    key: str
    action: str
    acts: tuple[str, ...]
    label: str
    tip: str = ""  # what the key does, where it is more than its acts (a list to open)

    def binding(self) -> Binding:
        from console.acts import find

        said = self.tip or "; ".join(f"{a.does[:1].upper()}{a.does[1:]} ({a.rule})"
                                     for a in map(find, self.acts))
        return Binding(self.key, self.action, self.label, id=f"act.{self.action}",
                       key_display=self.key.upper() if self.key.startswith("f") else None,
                       tooltip=said)


class IcesScreen(ServiceMixin, Screen[None]):
    """A full screen: officer bar on top, footer with the bindings below.

    A screen's acts are ``ACT_KEYS`` (its keymap); ``open_acts()`` (the acts its view says
    are open to the officer now) decides which of them the footer, F1 help and the command
    palette offer."""

    #: shown in the officer bar after "ICES 1.5 · "
    SCREEN_TITLE = ""
    ACT_KEYS: ClassVar[tuple[ActKey, ...]] = ()

    def open_acts(self) -> Collection[str]:
        return ()

    def act_key(self, action: str) -> ActKey | None:
        return next((k for k in self.ACT_KEYS if k.action == action), None)

    def open_of(self, action: str) -> list[str]:
        """The acts behind ``action`` open now, in the keymap's order."""
        key = self.act_key(action)
        open_now = self.open_acts()
        return [a for a in key.acts if a in open_now] if key else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.act_key(action) is not None:
            return bool(self.open_of(action))
        return True

    def confirm(self, act_id: str, what: str, then: Callable[[], None], note: str = "") -> None:
        """Take act ``act_id`` on ``what`` (e.g. "SB 1000012"): where its row says it moves
        money or cannot be undone, ask first (Enter goes ahead, Esc leaves it undone)."""
        from console.acts import find
        from screens.forms import ConfirmScreen

        act = find(act_id)
        if not act.confirm:
            then()
            return
        self.ask(ConfirmScreen(f"{act.does[:1].upper()}{act.does[1:]}: {what}?",
                               note or f"This cannot be undone ({act.rule})."),
                 lambda _d: then())

    def ask(self, form: Screen, then: Callable[[Any], None]) -> None:
        """Push a form (a ``FormScreen`` or ``ConfirmScreen``); ``then(values)`` unless it
        was cancelled."""
        self.app.push_screen(form, lambda data: then(data) if data is not None else None)

    def compose_bar(self) -> ComposeResult:
        yield OfficerBar(self.ices.core.banner(), self.ices.actor, self.SCREEN_TITLE)

    def compose_footer(self) -> ComposeResult:
        yield IcesFooter()


T = TypeVar("T")


class IcesModal(ServiceMixin, ModalScreen[T], Generic[T]):
    """A modal form: Escape cancels (dismisses with None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel",
                        tooltip="Close without doing anything")]

    def action_cancel(self) -> None:
        self.dismiss(None)

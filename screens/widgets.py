"""Small widgets the screens share: the officer bar, labelled fields, code lookups; and
what keeps a screen cheap to open (a footer that rebuilds only when its keys change,
compact fields built without a style pass, no second style pass on a fresh screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Footer, Input, Static
from textual.widgets._footer import FooterKey  # the Footer's key widget (not exported)

from console.roles import ROLE_TITLES, Actor

W = TypeVar("W", bound=Widget)


def officer_line(actor: Actor | None) -> tuple[Text, Text]:
    """Who is logged in: their name and role (the role's title cut short first, at 80
    columns), and where and as whom (never cut)."""
    if actor is None:
        return Text("Not logged in", style="italic"), Text("")
    who = Text.assemble((actor.name, "bold"), " · ", actor.role.value, " ",
                        ROLE_TITLES[actor.role])
    return who, Text.assemble(" · ", (actor.location_code, "bold"), " · ",
                              (actor.username, "dim"))


class OfficerBar(Static):
    """Top of every screen: what screen this is, which database and clock (core.banner()),
    who is logged in, at which location."""

    def __init__(self, banner: str, actor: Actor | None, title: str = "") -> None:
        super().__init__(id="officer-bar")
        self.banner, self.actor, self.title = banner, actor, title
        self.plain = ""

    def on_mount(self) -> None:
        self.update(self.grid())

    def set_title(self, title: str) -> None:
        self.title = title
        self.update(self.grid())

    def set_banner(self, banner: str) -> None:
        self.banner = banner
        self.update(self.grid())

    def grid(self) -> Group:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        left = Text("ICES 1.5", style="bold")
        if self.title:
            left.append(" · ")
            left.append(self.title)
        grid.add_row(left, Text(self.banner, style="bold reverse"))
        who, where = officer_line(self.actor)
        self.plain = f"{left.plain}  {self.banner}\n{who.plain}{where.plain}"
        return Group(grid, CutFirst(who, where))


class CutFirst:
    """Two texts on one line: the first cut short (with …) where both do not fit."""

    def __init__(self, first: Text, then: Text) -> None:
        self.first, self.then = first, then

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        first = self.first.copy()
        first.truncate(max(1, options.max_width - self.then.cell_len), overflow="ellipsis")
        line = first + self.then
        line.no_wrap, line.overflow = True, "ellipsis"
        yield line


# ---- opening a screen cheaply ----
#
# Textual computes a widget's styles when it mounts. Three things made our screens pay for
# that several times over (issue 4): a compact Input/Select/Checkbox (or a ticked Checkbox)
# gets a full style pass in its constructor, before it is mounted; a freshly pushed screen
# is styled again, whole, when it becomes active; and the Footer throws its keys away and
# mounts new ones on every bindings signal (each focus move), each key styled twice.


class FieldInput(Input):
    """A form's field: an ``Input`` whose size never follows its text (issue 20). Textual's
    Input sets its virtual size to the text's length on every key, and a change of a
    widget's virtual size lays out the whole screen again (on a form of 60 fields, most of
    a keystroke's cost); a field sized by its form needs only its own repaint (a field of
    ``width: auto`` still asks for the layout itself, as Input does)."""

    virtual_size = Reactive(Size(0, 0), layout=False)


def compact(factory: Callable[..., W], *args: Any, **kwargs: Any) -> W:
    """``factory(*args, compact=True, **kwargs)`` for an Input (a ``FieldInput``), Select or
    Checkbox, without the style pass the constructor runs on the unmounted widget when
    ``compact`` (or a Checkbox's ``value``) is set there: the same reactive values and CSS
    classes, set quietly; the styles are computed once, when the widget mounts."""
    ticked = bool(kwargs.pop("value", False)) if isinstance(factory, type) and issubclass(
        factory, Checkbox) else False
    if factory is Input:
        factory = FieldInput  # type: ignore[assignment]
    widget = factory(*args, **kwargs)
    widget.set_reactive(type(widget).compact, True)  # type: ignore[attr-defined]
    widget.add_class("-textual-compact", update=False)
    if ticked:
        widget.set_reactive(Checkbox.value, True)
        widget.add_class("-on", update=False)
    return widget


class StyledOnce:
    """Mixin for a Screen: when it first becomes active it was styled a moment ago, widget
    by widget as it mounted, so skip the whole-screen style pass Textual runs on every
    ScreenResume (meant for a screen coming back); later resumes are left as they are."""

    _resumed_once = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (handlers are called down the MRO).
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False


class IcesFooter(Footer):
    """The compact Footer, rebuilt only when the keys it shows change. Textual's removes
    and mounts every key on every bindings signal, and each focus move sends one; this one
    schedules the same check but recomposes only for a different set of keys (and not while
    the screen ``holds_keys``). Keys are
    built with their compact class already set, so each is styled once. The command
    palette's key is left out: at 80 columns it pushed F1 Help and F12 Log out off the
    line; F1 help names Ctrl+P."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: tuple | None = None

    def shown_keys(self) -> tuple:
        """What ``compose`` would show, as comparable values."""
        app = self.app
        bindings = self.screen.active_bindings
        keys = tuple((b.key, app.get_key_display(b), b.description, b.action, enabled,
                      tooltip, b.group) for _, b, enabled, tooltip in bindings.values()
                     if b.show)
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            palette = (app.get_key_display(palette.binding), palette.enabled,
                       palette.tooltip, palette.binding.description)
        return keys, palette, self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        if getattr(self.screen, "holds_keys", False):
            # the screen's acts are not known yet (its document loading; keys typed now
            # wait for it): keep the keys shown until they are, rather than show none and
            # then the same ones again (a kept screen reopening, issue 20)
            self.set_timer(0.02, self._update_keys)
            return
        keys = self.shown_keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.add_class("-compact", update=False)
            yield widget


class WideTable(DataTable):
    """A DataTable whose last column takes the width the others leave: at 80 columns it
    is as set, and a wider terminal (120 columns) widens the text that was cut short.
    The table's scrollable width is worked out again with it, so whether rows arrived
    before or after the first resize, no horizontal scrollbar is left behind."""

    def on_resize(self, event: events.Resize) -> None:
        self.fill_last()

    def fill_last(self) -> None:
        columns = list(self.columns.values())
        if not columns:
            return
        last, others = columns[-1], columns[:-1]
        padding = 2 * self.cell_padding * len(columns)
        # the vertical scrollbar's gutter is always left: whether rows arrive before or
        # after the first resize, the table's width comes out the same
        width = self.content_region.width - self.styles.scrollbar_size_vertical
        room = width - sum(c.width for c in others) - padding
        if room > 8 and room != last.width:
            last.auto_width, last.width = False, room
            width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
            self.virtual_size = Size(width, self.virtual_size.height)
            self.refresh()

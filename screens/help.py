"""F1: every key binding of the screen it was opened from."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

NOTES = 44  # columns of the notes: the box fits 80 columns with the key and what it does


@dataclass(frozen=True)
class KeyHelp:
    key: str
    description: str
    tooltip: str
    enabled: bool


def _for_role(screen: Screen, binding) -> bool:  # noqa: ANN001 - a Binding
    """A key that takes acts is the officer's only if their role may take one of them (the
    act tables): F1 help is per role."""
    from console.acts import acts_of

    act_key = getattr(screen, "act_key", None)
    key = act_key(binding.action) if act_key else None
    actor = getattr(screen.app, "actor", None)
    return key is None or actor is None or bool(set(key.acts) & acts_of(actor))


def bindings_of(screen: Screen) -> list[KeyHelp]:
    """Every binding of the screen the officer's role may use (those that do not apply now
    are dimmed), then the app's, then the focused widget's; one line per description."""
    app = screen.app
    active = {a.binding.description: a for a in screen.active_bindings.values()}
    own: list[KeyHelp] = []
    said: set[str] = set()
    for _, binding in screen._bindings:
        if binding.id is None or not binding.description or binding.description in said:
            continue
        if not _for_role(screen, binding):
            continue
        said.add(binding.description)
        now = active.get(binding.description)
        own.append(KeyHelp(app.get_key_display(binding), binding.description, binding.tooltip,
                           bool(now and now.enabled and now.node is screen)))
    global_: list[KeyHelp] = []
    widget: list[KeyHelp] = []
    for item in screen.active_bindings.values():
        binding = item.binding
        if not binding.description or binding.description in said:
            continue
        said.add(binding.description)
        line = KeyHelp(app.get_key_display(binding), binding.description,
                       binding.tooltip or item.tooltip, item.enabled)
        (global_ if item.node is app else widget).append(line)
    return own + global_ + widget


class HelpScreen(ModalScreen[None]):
    """Lists the keys; Escape or F1 closes."""

    BINDINGS = [Binding("escape,f1", "close", "Close", id="help.close")]

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__(id="help")
        self.heading, self.keys = title, keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(f"Keys: {self.heading}", style="bold"), id="help-title")
            table: DataTable = DataTable(id="help-keys", cursor_type="row", show_cursor=False)
            table.add_column("Key", width=7)
            table.add_column("Does", width=14)
            table.add_column("Notes", width=NOTES)
            for k in self.keys:  # the notes wrap: nothing cut off at 80 columns
                style = "" if k.enabled else "dim"
                notes = k.tooltip if k.enabled else f"{k.tooltip} (not now)".lstrip()
                table.add_row(Text(k.key, style="bold " + style), Text(k.description, style),
                              Text(notes, style), height=None)
            yield table
            yield Static(Text("Esc closes · Ctrl+P lists the commands you can give here",
                              style="dim"))
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)

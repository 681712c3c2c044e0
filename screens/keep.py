"""Screens an officer returns to are kept (issue 20): the SB and BE entry forms and the SB
and BE screens are built once a login and, each later time, put back as a fresh one would
be for the next document, instead of being built, styled and mounted again.

- ``IcesApp.kept(name, make, reopen)`` (console/app.py) gives the screen kept under
  ``name``, reopened; the first time, ``make()`` and keeps it. One in use (on the screen
  stack) is not taken again: a second one is made, and dropped when it closes. The kept
  screens are dropped at logout.
- ``Kept`` (this mixin): ``reopened()`` starts a new opening, so what a service answers
  for the document shown before is not shown on this one (``ServiceMixin.opening``); and
  on resuming, the whole-screen style pass Textual runs is skipped unless the CSS changed
  while the screen was away (a theme change), when the screen is restyled as Textual
  would.
- ``Fields``: every Input, Select, Checkbox and TextArea of a screen as it was composed,
  put back on reopening (values, cursor, marks): nothing typed on the last document
  survives.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Select, TextArea
from textual.widgets.input import Selection

FIELD_TYPES = (Input, Select, Checkbox, TextArea)


def field_value(widget: Widget) -> Any:
    if isinstance(widget, TextArea):
        return widget.text
    return widget.value  # type: ignore[attr-defined]


class Fields:
    """The fields of ``screen`` as composed (call once it is mounted); ``restore()`` puts
    them back, quietly (no Changed messages: no lookups, no change marks)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.values = {w: field_value(w) for w in screen.query("*")
                       if isinstance(w, FIELD_TYPES)}

    def restore(self) -> None:
        """Each field as composed: value, cursor, scroll, no ``-invalid`` mark; a TextArea
        without its undo history. A field already so is not touched (each change to a
        widget of a screen not shown costs a layout of it)."""
        with self.screen.prevent(Input.Changed, Select.Changed, Checkbox.Changed,
                                 TextArea.Changed):
            for widget, value in self.values.items():
                if widget.has_class("-invalid"):
                    widget.remove_class("-invalid")
                if isinstance(widget, Input):
                    if widget.value != value:
                        widget.value = value
                    if widget.selection != Selection.cursor(len(value)):
                        widget.selection = Selection.cursor(len(value))
                    if widget.scroll_x:
                        widget.scroll_to(0, animate=False, immediate=True)
                elif isinstance(widget, TextArea):
                    history = widget.history
                    if widget.text != value or history.undo_stack or history.redo_stack:
                        widget.load_text(value)  # and its undo history goes
                elif isinstance(widget, Select):
                    if widget.expanded:
                        widget.expanded = False
                    if widget.value != value:
                        widget.value = value
                elif isinstance(widget, Checkbox) and widget.value != value:
                    widget.value = value


def clear_tables(screen: Screen) -> None:
    """Every DataTable of ``screen`` without rows (its columns kept)."""
    for table in screen.query(DataTable):
        if table.row_count:
            table.clear()


class Kept:
    """Mixin for a screen the app keeps between openings (see the module's docstring).
    The screen's own ``reopen(...)`` takes the next document's parameters, calls
    ``reopened()`` and resets itself. (Its first resume is as Textual does it, or as
    ``StyledOnce`` does where the screen has that too.)"""

    _css_seen = -1  # the app's CSS generation when the screen last went away

    def reopened(self) -> None:
        """A new opening: the cursor where a fresh screen puts it (``AUTO_FOCUS``), left
        alone if it is there already (a focus change restyles the widget and all in it)."""
        self.opening += 1  # type: ignore[attr-defined]
        target = self.first_focus()
        if target is not self.focused:  # type: ignore[attr-defined]
            self.set_focus(target, scroll_visible=False)  # type: ignore[attr-defined]

    def first_focus(self) -> Widget | None:
        """What ``AUTO_FOCUS`` gives a fresh screen: the first focusable widget it names."""
        selector = self.AUTO_FOCUS or self.app.AUTO_FOCUS  # type: ignore[attr-defined]
        if not selector:
            return None
        if selector.startswith("#") and selector[1:].replace("-", "").replace("_", "") \
                .isalnum():
            widget = self.query_one(selector)  # type: ignore[attr-defined]
            return widget if widget.focusable else None
        return next((w for w in self.query(selector)  # type: ignore[attr-defined]
                     if w.focusable), None)

    def on_screen_suspend(self) -> None:
        self._css_seen = self.app._css_update_count  # type: ignore[attr-defined]

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (handlers are called down the MRO). The
        # screen was styled when it went away; only a change of the CSS since (a theme,
        # App._invalidate_css) needs the whole-screen pass.
        if self._css_seen == self.app._css_update_count:  # type: ignore[attr-defined]
            event.refresh_styles = False

"""Helpers for the console's Pilot and snapshot tests (test_app_*.py)."""

from __future__ import annotations

import asyncio
import functools

from textual.widgets import Input, Tabs
from textual.widgets._tabs import Underline

from console.app import IcesApp

PASSWORD = "ices-demo"
SIZE = (80, 24)


def pilot_test(fn):
    """Run an ``async def`` test with asyncio (no async pytest plugin needed)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        asyncio.run(fn(*args, **kwargs))

    return run


def make_app(core) -> IcesApp:
    """The app as ``ices run`` builds it, with a fixed terminal name, no animations and
    toasts that wait for the test.

    An animation (the tabs' underline sliding to the tab a role opens on) may still be
    running when a loaded machine takes the snapshot; without animations every screen is
    drawn in its final state at once.
    """
    app = IcesApp(core, terminal="test")
    app.animation_level = "none"
    # a toast lasts until the test looks at it: on a loaded machine five seconds could pass
    # between an error shown and the assertion that reads it (``errors``)
    app.NOTIFICATION_TIMEOUT = 600
    return app


async def settle(pilot) -> None:
    """Wait for service workers, then for the messages they posted to be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def log_in(pilot, username: str, password: str = PASSWORD) -> None:
    screen = pilot.app.screen
    screen.query_one("#username", Input).value = username
    screen.query_one("#password", Input).value = password
    screen.query_one("#password", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def quiet(pilot) -> None:
    """Settle, then clear toasts (they time out; snapshots should not catch them)."""
    await settle(pilot)
    pilot.app.clear_notifications()
    for screen in pilot.app.screen_stack:  # a screen under a modal keeps its old toasts
        await screen.query("Toast").remove()
    for widget in pilot.app.screen.query(Input):  # a blinking cursor is not deterministic
        widget.cursor_blink = False
    for screen in pilot.app.screen_stack[:-1]:  # a screen under a modal: drawn without its
        screen.set_focus(None)  # focused field (whose style, blurred when the modal opened,
        for widget in screen.query(Input):  # was drawn or not by when the snapshot ran)
            widget.refresh()
    await pilot.pause()
    # a tab bar's underline is placed after a refresh (Textual's Tabs._highlight_active),
    # from the active tab's region; under load that can be read before the layout, and the
    # underline stays at column 0 until the next resize: a cosmetic race of Textual's that
    # made snapshots flaky. Wait for it, and where it was missed, place it again.
    for n in range(100):
        missed = [tabs for tabs in pilot.app.screen.query(Tabs) if not underline_placed(tabs)]
        if not missed:
            break
        if n == 20:
            for tabs in missed:
                tabs._highlight_active(animate=False)
        await pilot.pause()


def underline_placed(tabs: Tabs) -> bool:
    """The tab bar's underline is under its active tab (or it has none)."""
    active = tabs.active_tab
    if active is None or not tabs.region.width:  # none, or not on the screen
        return True
    start, end = active.virtual_region.shrink(active.styles.gutter).column_span
    underline = tabs.query_one(Underline)
    return (underline.highlight_start, underline.highlight_end) == (start, end) and end > 0


def errors(app) -> list[str]:
    """Error notifications shown so far."""
    return [n.message for n in app._notifications if n.severity == "error"]

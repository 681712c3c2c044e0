"""Bench: screens under Pilot (issue 4, target < 50 ms each).

On a demo database copy, in one ``app.run_test()`` at 80×24: ``entry_form_open``, opr1
presses F2 until the SB data-entry screen is mounted and its first field has the cursor;
``worklist_to_sb``, apr1 presses Enter on the first row of the worklist until the SB's
screen has shown the SB (its service worker done); ``sb_to_worklist``, Escape back until
the worklist is shown again. Median and p99 of n rounds after one warm-up each.

Baseline for the entry form: a bare Textual app pushing a screen with as many widgets as
the entry form has (measured on it), half ``Label`` and half ``Input`` in a scroll, timed
the same way (the cost Textual itself puts on opening a form of that size); ratio = ours /
baseline. The SB screen's widget count is reported beside its figure.

Every line also carries ``pilot_floor``: the median of the same timing around a key that
does nothing, in a bare app. Pilot waits for the CPU to go idle twice in ``press`` and
once in ``pause`` (``wait_for_idle``: 20 ms sleeps until one passes with < 1 ms of CPU),
so no figure measured this way can come in under it (~60 ms).

    python bench/bench_screen.py [--quick]      # n = 30 (quick 5)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_PASSWORD, demo_copy, emit, median, open_core, percentile  # noqa: E402


async def _until(pilot, done) -> None:  # noqa: ANN001
    while not done():
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def rounds(core, n: int) -> dict[str, list[float]]:  # noqa: ANN001
    from textual.widgets import Input

    from console.app import IcesApp
    from screens.home import HomeScreen
    from screens.sb import SbScreen
    from screens.sb_entry import SbEntryScreen

    out: dict[str, list[float]] = {"entry_form_open": [], "worklist_to_sb": [],
                                   "sb_to_worklist": []}
    widgets: dict[str, int] = {}
    app = IcesApp(core, terminal="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        async def log_in(user: str) -> None:
            screen = pilot.app.screen
            screen.query_one("#username", Input).value = user
            screen.query_one("#password", Input).value = DEMO_PASSWORD
            screen.query_one("#password", Input).focus()
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))

        await log_in("opr1")
        for k in range(n + 1):
            start = time.perf_counter()
            await pilot.press("f2")
            await _until(pilot, lambda: isinstance(pilot.app.screen, SbEntryScreen)
                         and pilot.app.focused is not None)
            if k:
                out["entry_form_open"].append((time.perf_counter() - start) * 1000)
            widgets["entry_form_open"] = len(pilot.app.screen.query("*"))
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.press("f12")
        await _until(pilot, lambda: not isinstance(pilot.app.screen, HomeScreen))
        await log_in("apr1")
        for k in range(n + 1):
            pilot.app.screen.query_one("#worklist").focus()
            start = time.perf_counter()
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(pilot.app.screen, SbScreen)
                         and pilot.app.screen.info is not None)
            if k:
                out["worklist_to_sb"].append((time.perf_counter() - start) * 1000)
            widgets["worklist_to_sb"] = len(pilot.app.screen.query("*"))
            start = time.perf_counter()
            await pilot.press("escape")
            await _until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
            if k:
                out["sb_to_worklist"].append((time.perf_counter() - start) * 1000)
    return out, widgets


async def bare_form(count: int, n: int) -> list[float]:
    """A bare Textual app opening a screen of ``count`` widgets (Label/Input pairs)."""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Input, Label, Static

    class Form(Screen):
        def compose(self):  # noqa: ANN202
            with VerticalScroll():
                for i in range(max(1, (count - 1) // 2)):
                    yield Label(f"field {i}")
                    yield Input(id=f"f{i}", compact=True)

        def on_mount(self) -> None:
            self.query_one("#f0").focus()

    class Bare(App):
        BINDINGS = [("f2", "form", "form")]

        def compose(self):  # noqa: ANN202
            yield Static("home")

        def action_form(self) -> None:
            self.push_screen(Form())

    times = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        for k in range(n + 1):
            start = time.perf_counter()
            await pilot.press("f2")
            await _until(pilot, lambda: isinstance(app.screen, Form) and app.focused is not None)
            if k:
                times.append((time.perf_counter() - start) * 1000)
            app.pop_screen()
            await pilot.pause()
    return times


async def pilot_floor(n: int) -> list[float]:
    """The timing above around a key bound to nothing, in a bare app: Pilot's own waits."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):  # noqa: ANN202
            yield Static("home")

    times = []
    async with Bare().run_test(size=(80, 24)) as pilot:
        for k in range(n + 1):
            start = time.perf_counter()
            await pilot.press("x")
            await _until(pilot, lambda: True)
            if k:
                times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    n = 5 if parser.parse_args().quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        core = open_core(demo_copy(Path(tmp) / "screen.db"))
        results, widgets = asyncio.run(rounds(core, n))
        bare = median(asyncio.run(bare_form(widgets["entry_form_open"], n)))
        floor = round(median(asyncio.run(pilot_floor(n))), 1)
        for name, times in results.items():
            ours = median(times)
            base = round(bare, 1) if name == "entry_form_open" else None
            emit(f"screen_{name}_ms", round(ours, 1), "ms", n, base,
                 round(ours / bare, 2) if base else None, p99=round(percentile(times, 99), 1),
                 widgets=widgets.get(name), pilot_floor=floor)
        core.db.dispose()


if __name__ == "__main__":
    main()

"""Bench: the operator's real cost, typing (issue 20): per-keystroke latency while keying an
SB's items into the entry form, against the same keys into a bare ``Input`` in a bare
Textual app (target: ratio <= 1.2).

Ours: on a demo database copy at 80×24, opr1 opens the SB entry form (F2) and keys n items:
F6 opens the item form, then each field's characters are pressed one by one with Pilot (the
tariff item by its 8 digits, looked up as typed; the description in words; quantity, UQC,
price, scheme code, end use), and Ctrl+S puts the item on. Each key is timed from
``pilot.press`` until it returns and the workers it set off (the tariff lookup) are done.
The cursor is moved between fields and the item forms opened and closed outside the timing.

Baseline, in the same run: the same keys into a bare ``Input`` of a bare app, the field
cleared where ours moves on, timed the same way. Pilot waits for the CPU to go idle after a
key (``pilot_floor``, about 60 ms: 20 ms sleeps until one passes with < 1 ms of CPU) on both
sides, so the line also gives each side net of the floor, and the CPU time per key
(``cpu_ms``: the process's, all threads) and its ratio, which the floor does not dilute.

    python bench/bench_typing.py [--quick]      # n = 6 items (quick 2)
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

# (item form field, what the operator keys): one item of a pharmaceutical SB
ITEM = (("tariff_item", "30049099"), ("description", "paracetamol tablets 500 mg"),
        ("quantity", "1000"), ("uqc", "KGS"), ("unit_price", "12.50"), ("scheme_code", "00"),
        ("end_use", "GNX100"))


async def _settled(pilot) -> None:  # noqa: ANN001
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press_timed(pilot, key: str, wall: list[float], cpu: list[float]) -> None:  # noqa: ANN001
    start, start_cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    wall.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)


async def ours(core, n: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    from textual.widgets import Input

    from console.app import IcesApp
    from screens.home import HomeScreen
    from screens.sb_entry import ItemForm, SbEntryScreen

    wall: list[float] = []
    cpu: list[float] = []
    app = IcesApp(core, terminal="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#username", Input).value = "opr1"
        screen.query_one("#password", Input).value = DEMO_PASSWORD
        screen.query_one("#password", Input).focus()
        await pilot.press("enter")
        while not isinstance(app.screen, HomeScreen):
            await _settled(pilot)
        await pilot.press("f2")
        while not isinstance(app.screen, SbEntryScreen):
            await _settled(pilot)
        for _ in range(n):
            await pilot.press("f6")
            while not isinstance(app.screen, ItemForm):
                await _settled(pilot)
            form = app.screen
            for name, keys in ITEM:
                form.set_focus(form.query_one(f"#i-{name}", Input))
                await _settled(pilot)
                for key in keys:
                    await press_timed(pilot, key, wall, cpu)
                assert form.query_one(f"#i-{name}", Input).value == keys, name
            await pilot.press("ctrl+s")
            while isinstance(app.screen, ItemForm):
                await _settled(pilot)
    return wall, cpu


async def bare(n: int) -> tuple[list[float], list[float]]:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):  # noqa: ANN202
            yield Input(id="field")

    wall: list[float] = []
    cpu: list[float] = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#field", Input)
        field.focus()
        for _ in range(n):
            for _name, keys in ITEM:
                field.value = ""
                await _settled(pilot)
                for key in keys:
                    await press_timed(pilot, key, wall, cpu)
                assert field.value == keys
    return wall, cpu


async def pilot_floor(n: int) -> tuple[list[float], list[float]]:
    """A key bound to nothing, in a bare app without a focused input: Pilot's own waits."""
    from textual.app import App
    from textual.widgets import Static

    class Nothing(App):
        def compose(self):  # noqa: ANN202
            yield Static("home")

    wall: list[float] = []
    cpu: list[float] = []
    async with Nothing().run_test(size=(80, 24)) as pilot:
        for _ in range(n):
            await press_timed(pilot, "x", wall, cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    n = 2 if parser.parse_args().quick else 6
    with tempfile.TemporaryDirectory() as tmp:
        core = open_core(demo_copy(Path(tmp) / "typing.db"))
        floor_wall, floor_cpu = asyncio.run(pilot_floor(40))
        base_wall, base_cpu = asyncio.run(bare(n))
        our_wall, our_cpu = asyncio.run(ours(core, n))
        more_wall, more_cpu = asyncio.run(bare(n))  # the baseline before and after ours
        base_wall += more_wall
        base_cpu += more_cpu
        floor = median(floor_wall)
        ours_ms, base_ms = median(our_wall), median(base_wall)
        emit("typing_keystroke_ms", round(ours_ms, 1), "ms", len(our_wall), round(base_ms, 1),
             round(ours_ms / base_ms, 2), p99=round(percentile(our_wall, 99), 1),
             baseline_p99=round(percentile(base_wall, 99), 1), pilot_floor=round(floor, 1),
             net_ms=round(ours_ms - floor, 1), baseline_net_ms=round(base_ms - floor, 1),
             cpu_ms=round(median(our_cpu), 2), baseline_cpu_ms=round(median(base_cpu), 2),
             cpu_ratio=round(median(our_cpu) / median(base_cpu), 2),
             keys_per_item=sum(len(k) for _, k in ITEM), target_ratio=1.2)
        core.db.dispose()


if __name__ == "__main__":
    main()

"""Bench: time from process start to the officer console's login screen ready.

Each sample is the wall time of a whole ``python -c`` subprocess that imports
``console.launch`` and builds the app as ``ices run`` does (``build_app``: the login
screen first, the database opening in a thread behind it) on a copy of the demo database,
runs it
headless with ``app.run_test()`` and exits as soon as the login screen is mounted
and its username field has the focus. Baseline: a bare Textual App with one Input,
started and stopped the same way. Median of 5 each (runs interleaved, after one
untimed warm-up of each so byte-code caches are written); ratio = ours / baseline.

    python bench/bench_startup.py [--quick]    # 5 samples (quick 2)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, demo_copy, emit, median  # noqa: E402

SAMPLES = 5

OURS = """
import asyncio, sys
from datetime import datetime
sys.path.insert(0, {root!r})
from console.clock import FixedClock
from console.launch import build_app
from screens.login import LoginScreen

async def main():
    app = build_app("sqlite:///" + {db!r}, clock=FixedClock(datetime(2026, 11, 2, 11, 0)))
    async with app.run_test() as pilot:
        while not (isinstance(app.screen, LoginScreen) and app.screen.is_mounted
                   and app.focused is not None and app.focused.id == "username"):
            await pilot.pause()
        print("ready", flush=True)
        while not app.core_ready:
            await pilot.pause()
        print("opened", flush=True)
        app.exit()

asyncio.run(main())
"""

BARE = """
import asyncio
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(id="username")

async def main():
    app = Bare()
    async with app.run_test() as pilot:
        while not (app.screen.is_mounted and app.focused is not None
                   and app.focused.id == "username"):
            await pilot.pause()
        print("ready", flush=True)
        app.exit()

asyncio.run(main())
"""


def wall(code: str) -> dict[str, float]:
    """Seconds from the process's start to each line it prints ("ready", "opened");
    the process's own exit is not timed."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    marks = {line.strip(): time.perf_counter() - start for line in proc.stdout}
    if proc.wait() != 0 or "ready" not in marks:
        raise SystemExit(f"start-up sample failed: {marks}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 samples instead of 5")
    samples = 2 if parser.parse_args().quick else SAMPLES
    with tempfile.TemporaryDirectory() as tmp:
        db = demo_copy(Path(tmp) / "ices.db")
        ours_code = OURS.format(root=str(ROOT), db=str(db))
        wall(ours_code)  # warms the disk cache for both (ours imports Textual too)
        if samples == SAMPLES:
            wall(BARE)
        ours, opened, bare = [], [], []
        for _ in range(samples):
            marks = wall(ours_code)
            ours.append(marks["ready"])
            opened.append(marks["opened"])
            bare.append(wall(BARE)["ready"])
    o, b = median(ours), median(bare)
    print(f"ices {[round(x, 3) for x in ours]}; database open {[round(x, 3) for x in opened]}; "
          f"bare {[round(x, 3) for x in bare]}", file=sys.stderr)
    emit("startup_to_login", round(o * 1000, 1), "ms", samples, round(b * 1000, 1),
         round(o / b, 2))
    emit("startup_database_open", round(median(opened) * 1000, 1), "ms", samples, None, None)


if __name__ == "__main__":
    main()

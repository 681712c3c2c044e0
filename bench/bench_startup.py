"""Bench: time from process start to the officer console's login screen ready.

Each sample is the wall time of a whole ``python -c`` subprocess that imports
``console.app``, builds ``IcesApp`` on a copy of the demo database, runs it
headless with ``app.run_test()`` and exits as soon as the login screen is mounted
and its username field has the focus. Baseline: a bare Textual App with one Input,
started and stopped the same way. Median of 5 each (runs interleaved, after one
untimed warm-up of each so byte-code caches are written); ratio = ours / baseline.

    python bench/bench_startup.py [--quick]    # the same 5 samples either way
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
from console.app import IcesApp
from console.clock import FixedClock
from console.core import Core
from db.engine import Database
from screens.login import LoginScreen

async def main():
    app = IcesApp(Core(Database("sqlite:///" + {db!r}), FixedClock(datetime(2026, 11, 2, 11, 0))))
    async with app.run_test() as pilot:
        while not (isinstance(app.screen, LoginScreen) and app.screen.is_mounted
                   and app.focused is not None and app.focused.id == "username"):
            await pilot.pause()
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
        app.exit()

asyncio.run(main())
"""


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted; 5 samples either way")
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = demo_copy(Path(tmp) / "ices.db")
        ours_code = OURS.format(root=str(ROOT), db=str(db))
        wall(ours_code)
        wall(BARE)
        ours, bare = [], []
        for _ in range(SAMPLES):
            ours.append(wall(ours_code))
            bare.append(wall(BARE))
    o, b = median(ours), median(bare)
    print(f"ices {[round(x, 3) for x in ours]}; bare {[round(x, 3) for x in bare]}",
          file=sys.stderr)
    emit("startup_to_login", round(o * 1000, 1), "ms", SAMPLES, round(b * 1000, 1),
         round(o / b, 2))


if __name__ == "__main__":
    main()

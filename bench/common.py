"""Shared helpers for the bench scripts: a cached demo database, timing, JSON output.

The demo database (``ices demo`` data: officers, exporters, reference data) takes
~15 s to build through the services, so it is built once and cached under
``bench/.cache/`` keyed by a hash of the code and reference data that shape it;
each bench copies the template into its own temporary directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache"
CACHE.mkdir(parents=True, exist_ok=True)
DEMO_PASSWORD = "ices-demo"
HOME = "INVTZ4"
# A working Monday morning: 2 November 2026, 11:00 IST (as tests/conftest.py).
T0 = datetime(2026, 11, 2, 11, 0)


def source_key(*extra: str) -> str:
    """A short hash of the files that decide the demo database's content."""
    h = hashlib.sha256()
    for sub in ("db", "console", "fixtures/reference"):
        for path in sorted((ROOT / sub).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".json", ".toml"):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    h.update((ROOT / "bench" / "bench_worklist.py").read_bytes())  # the bulk loader's rows
    for e in extra:
        h.update(e.encode())
    return h.hexdigest()[:12]


def _build_demo(path: Path, demo: bool = True) -> None:
    build_demo_at(f"sqlite:///{path}", demo)
    # Fold the WAL back into the file so a plain copy of it is complete.
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def build_demo_at(url: str, demo: bool = True) -> None:
    """The demo database built through the services into the empty database at ``url``."""
    # The demo officers' passwords are hashed with Argon2id's cheapest profile (as in
    # tests/conftest.py): 17 production hashes cost ~3 s to build, and logins are never
    # what a bench times.
    from argon2 import PasswordHasher, profiles

    import console.services.admin.officers as officers
    import db.tables
    from console.clock import FixedClock
    from console.demo import SECTIONS
    from console.services.admin.setup import prepare
    from db.engine import Database

    officers._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    database = Database(url)
    db.tables.create_all(database.engine)
    core, reports = prepare(database, training=True, clock=FixedClock(T0))
    bad = {k: r.errors[:3] for k, r in reports.items() if r.errors}
    if bad:
        raise SystemExit(f"reference data rejected rows: {bad}")
    ctx = {"core": core}
    for section in SECTIONS if demo else ():
        section(core, ctx)
    database.dispose()


def demo_template(demo: bool = True) -> Path:
    """The cached demo database file (built on first use); ``demo=False``: the same with
    reference data only (``ices init``), no demo sections."""
    path = CACHE / f"{'demo' if demo else 'empty'}-{source_key()}.db"
    if not path.exists():
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        _build_demo(tmp, demo)
        tmp.replace(path)
    return path


def demo_copy(dst: Path, template: Path | None = None) -> Path:
    shutil.copy(template or demo_template(), dst)
    return dst


def open_core(path: Path | str, clock=None):
    """A Core on the SQLite file at ``path`` (or a database URL) with a FixedClock at T0
    (or ``clock``)."""
    from console.clock import FixedClock
    from console.core import Core
    from db.engine import Database

    url = path if isinstance(path, str) and "://" in path else f"sqlite:///{path}"
    return Core(Database(url), clock or FixedClock(T0))


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def emit(bench: str, value: float, unit: str, n: int, baseline: float | None = None,
         ratio: float | None = None, **extra) -> None:
    """Print one result line of JSON (the format bench/run.py collects)."""
    row = {"bench": bench, "value": value, "unit": unit, "n": n, "baseline": baseline,
           "ratio": ratio}
    row.update(extra)
    print(json.dumps(row), flush=True)

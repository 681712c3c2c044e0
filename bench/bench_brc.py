"""Bench: the BRC pendency list (EXP-BRC-3) for one IEC, and for the whole port, over the
N-SB database that ``bench_worklist.py`` builds.

The worklist file (N SBs, 500 IECs, INVTZ4, 10 years; 60 % exported) is copied and given
what the LEO would have written: every SB ``let_export`` or ``exported`` gets an LEO the
day after submission and its BRC due date (9 months, 15 from 13.11.2025: EXP-BRC-2); every
second one is a drawback SB (1.5 % of FOB) and gets its ``brcwatch`` row. Realisation is
spread as in life: of SBs due more than a year ago 2 % are still pending, of those due in
the last year 20 %, of those not yet due 90 % (10 % realised early). Cached as
``bench/.cache/brc-N-<hash>.db``.

Measured, 200 runs each after 10 warm-up runs, on random IECs: ``brc.pendency`` (first
page of the overdue list with the five ageing counts), as acdc1 (Actor built directly:
login would write to the cached file). Lines: ``brc_pendency_iec_p99`` (target p99 < 20
ms), ``brc_pendency_port_p99`` (the whole port's first page), ``brc_bulk_fill``.

    python bench/bench_brc.py            # N = 1,000,000
    python bench/bench_brc.py --quick    # N = 50,000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, HOME, T0, emit, open_core, percentile, source_key  # noqa: E402

RUNS = 200
WARM = 10
BATCH = 20_000
FIFTEEN_FROM = date(2025, 11, 13)  # EXP-BRC-2: 15 months for exports from this day


def worklist_file(n: int) -> Path:
    """The cached N-SB file of bench_worklist.py (built here if missing)."""
    import bench_worklist

    path = CACHE / f"worklist-{n}-{source_key()}.db"
    if not path.exists():
        took = bench_worklist.build(path, n)
        print(f"built worklist file of {n:,} SBs in {took:.1f}s", file=sys.stderr)
    return path


def _pending(rnd: random.Random, due: date, today: date) -> bool:
    if due >= today:
        return rnd.random() < 0.9
    if (today - due).days > 365:
        return rnd.random() < 0.02
    return rnd.random() < 0.2


def build(path: Path, n: int) -> float:
    """Copy the worklist file to ``path`` and fill LEO, due dates and the BRC watch."""
    from console.clock import add_months

    src = worklist_file(n)
    start = time.perf_counter()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(src.read_bytes())
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rows = con.execute("SELECT id, sb_no, sb_date, submitted_at, iec, fob_inr_paise, ad_code "
                       "FROM shippingbill WHERE state IN ('let_export', 'exported') "
                       "AND leo_at IS NULL ORDER BY id").fetchall()  # not the demo's own
    rnd = random.Random(20261102)
    today = T0.date()
    for lo in range(0, len(rows), BATCH):
        updates, watches = [], []
        for sb_id, sb_no, sb_date, submitted, iec, fob, ad in rows[lo:lo + BATCH]:
            leo_at = datetime.fromisoformat(submitted) + timedelta(days=1)
            leo_on = leo_at.date()
            due = add_months(leo_on, 15 if leo_on >= FIFTEEN_FROM else 9)
            drawback = sb_id % 2 == 0
            dbk = fob * 15 // 1000 if drawback else 0
            updates.append((leo_at.isoformat(sep=" "), due.isoformat(), dbk,
                            "drawback" if drawback else "free", sb_id))
            if drawback:
                pending = _pending(rnd, due, today)
                watches.append((sb_id, sb_no, sb_date, HOME, iec, ad or "", leo_on.isoformat(),
                                due.isoformat(), int(pending), "" if pending else "brc",
                                "" if pending else "dbk1",
                                None if pending else leo_at.isoformat(sep=" ")))
        con.execute("BEGIN")
        con.executemany("UPDATE shippingbill SET leo_by = 'apr2', leo_at = ?, "
                        "brc_due_date = ?, drawback_paise = ?, category = ? WHERE id = ?",
                        updates)
        con.executemany("INSERT INTO brcwatch (sb_id, sb_no, sb_date, location_code, iec, "
                        "ad_code, leo_on, due_on, pending, cleared_how, cleared_by, "
                        "cleared_at, recovery_started_by) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", watches)
        con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    tmp.replace(path)
    return time.perf_counter() - start


def timed(fn, runs: int = RUNS) -> list[float]:
    for _ in range(WARM):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 SBs instead of 1,000,000")
    parser.add_argument("--n", type=int, help="number of SBs (overrides --quick)")
    args = parser.parse_args()
    n = args.n or (50_000 if args.quick else 1_000_000)

    path = CACHE / f"brc-{n}-{source_key()}.db"
    fill_s = 0.0
    cached = path.exists()
    if not cached:
        fill_s = build(path, n)
        print(f"filled BRC watch for {n:,} SBs in {fill_s:.1f}s -> {path}", file=sys.stderr)

    from console.roles import Actor, Role
    from console.services.schemes import brc

    core = open_core(path)
    acdc = Actor("acdc1", "D. Varma (Asst. Commissioner)", Role.ACDC, HOME, "bench")
    con = sqlite3.connect(path)
    iecs = [r[0] for r in con.execute("SELECT DISTINCT iec FROM brcwatch")]
    watched, pending = con.execute("SELECT count(*), sum(pending) FROM brcwatch").fetchone()
    con.close()
    rnd = random.Random(7)
    picks = iter([rnd.choice(iecs) for _ in range(RUNS + WARM)])
    sizes = []

    def one_iec():
        page = brc.pendency(core, acdc, next(picks))
        sizes.append(page.total)

    def port():
        page = brc.pendency(core, acdc)
        assert page.rows

    per_iec = timed(one_iec)
    whole = timed(port, runs=50)
    port_total = brc.pendency(core, acdc).total
    core.db.dispose()
    print(f"{watched:,} drawback SBs watched, {pending:,} pending; port overdue "
          f"{port_total:,}; one IEC overdue: median {sorted(sizes)[len(sizes) // 2]}",
          file=sys.stderr)
    emit("brc_pendency_iec_p99", round(percentile(per_iec, 99), 2), "ms", n,
         p50=round(percentile(per_iec, 50), 2), runs=RUNS, watched=watched, pending=pending)
    emit("brc_pendency_port_p99", round(percentile(whole, 99), 2), "ms", n,
         p50=round(percentile(whole, 50), 2), runs=50, port_overdue=port_total)
    emit("brc_bulk_fill", round(fill_s, 1), "s", n, cached=cached)


if __name__ == "__main__":
    main()

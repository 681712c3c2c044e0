"""Bench: the month's Time Release Study (issue 19) over the N-SB database that
``bench_worklist.py`` builds.

The worklist file (N SBs, 500 IECs, INVTZ4, submitted over 10 years; 60 % exported) is
copied and given what the clearance would have written for every SB ``let_export`` or
``exported``: a route (RMS: 30 % facilitated, 40 % assessment only, 30 % examination), the
assessment 0.5-6 h after submission (not on a facilitated SB), the goods registered 2-30 h
after submission, the examination report 1-12 h after registration (examination route),
the LEO 0.5-24 h after the last of them, and for the exported ones an EGM per day filed
the next morning at 09:00. Cached as ``bench/.cache/trs-N-<hash>.db``.

Measured: ``trs.time_release_study`` as acdc1 (Actor built directly: login would write to
the cached file) for October 2026, the last whole month before the bench's clock (2 Nov
2026): 3 warm-up runs, then 10; the median and the slowest (target under 2 s). Lines:
``trs_month`` (ms), ``trs_bulk_fill`` (s).

    python bench/bench_trs.py            # N = 1,000,000
    python bench/bench_trs.py --quick    # N = 50,000
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

from common import CACHE, HOME, emit, open_core, percentile, source_key  # noqa: E402

RUNS = 10
WARM = 3
BATCH = 20_000
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
ROUTES = (("facilitated", 0.3), ("assessment", 0.4), ("assessment_and_examination", 0.3))


def _dt(value: datetime) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")


def _defaults(table) -> dict:
    out = {}
    for c in table.columns:
        d = c.default
        out[c.name] = d.arg if d is not None and d.is_scalar else None
    return out


def _insert(con: sqlite3.Connection, table, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    con.executemany(f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES "
                    f"({', '.join('?' * len(cols))})", [tuple(r[c] for c in cols) for r in rows])


def _route(rnd: random.Random) -> str:
    x, acc = rnd.random(), 0.0
    for route, share in ROUTES:
        acc += share
        if x < acc:
            return route
    return ROUTES[-1][0]


def build(path: Path, n: int) -> float:
    """Copy the worklist file to ``path`` and write the clearance of every SB with LEO."""
    from bench_brc import worklist_file

    import db.tables as t

    src = worklist_file(n)
    start = time.perf_counter()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(src.read_bytes())
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rows = con.execute("SELECT id, submitted_at, state FROM shippingbill WHERE state IN "
                       "('let_export', 'exported') AND leo_at IS NULL ORDER BY id").fetchall()
    rnd = random.Random(20261102)
    gr0, ex0, egm0 = (_defaults(x.__table__) for x in (t.GoodsRegistration, t.Examination,
                                                       t.Egm))
    for d in (gr0, ex0, egm0):
        d.pop("id")
    egm_no = 90_000_000
    egms: dict[date, int] = {}
    first_egm = con.execute("SELECT coalesce(max(id), 0) FROM egm").fetchone()[0] + 1
    h = timedelta(hours=1)
    for lo in range(0, len(rows), BATCH):
        updates, goods, exams, new_egms = [], [], [], []
        for sb_id, submitted, state in rows[lo:lo + BATCH]:
            filed = datetime.fromisoformat(submitted)
            route = _route(rnd)
            assessed = None if route == "facilitated" else filed + rnd.uniform(0.5, 6) * h
            arrival = filed + rnd.uniform(2, 30) * h
            examined = (arrival + rnd.uniform(1, 12) * h
                        if route == "assessment_and_examination" else None)
            leo = max(x for x in (assessed, arrival, examined) if x) + rnd.uniform(0.5, 24) * h
            egm_id = None
            if state == "exported":
                day = leo.date()
                if day not in egms:
                    egms[day] = first_egm + len(egms)
                    egm_no += 1
                    sailed = datetime.combine(day + timedelta(days=1), datetime.min.time())
                    new_egms.append(dict(egm0, id=egms[day], egm_no=egm_no,
                                         egm_date=sailed.date().isoformat(),
                                         location_code=HOME, carrier_code="AI",
                                         voyage="AI-BENCH", sailed_on=sailed.date().isoformat(),
                                         filed_by="car1", filed_at=_dt(sailed + 9 * h)))
                egm_id = egms[day]
            updates.append((route, _dt(assessed) if assessed else None,
                            "apr1" if assessed else "", _dt(leo), egm_id, sb_id))
            goods.append(dict(gr0, sb_id=sb_id, packages_received=5, registered_by="exm1",
                              registered_at=_dt(arrival),
                              examiner="exm1" if examined else ""))
            if examined:
                exams.append(dict(ex0, sb_id=sb_id, examiner="exm1", examined_at=_dt(examined),
                                  report="as declared"))
        con.execute("BEGIN")
        _insert(con, t.Egm.__table__, new_egms)
        con.executemany("UPDATE shippingbill SET route = ?, assessed_at = ?, assessed_by = ?, "
                        "leo_by = 'apr2', leo_at = ?, egm_id = ? WHERE id = ?", updates)
        _insert(con, t.GoodsRegistration.__table__, goods)
        _insert(con, t.Examination.__table__, exams)
        con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    tmp.replace(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 SBs instead of 1,000,000")
    parser.add_argument("--n", type=int, help="number of SBs (overrides --quick)")
    args = parser.parse_args()
    n = args.n or (50_000 if args.quick else 1_000_000)

    path = CACHE / f"trs-{n}-{source_key()}.db"
    fill_s = 0.0
    cached = path.exists()
    if not cached:
        fill_s = build(path, n)
        print(f"filled the clearance of {n:,} SBs in {fill_s:.1f}s -> {path}", file=sys.stderr)

    from console.roles import Actor, Role
    from console.services.admin import trs

    core = open_core(path)
    acdc = Actor("acdc1", "D. Varma (Asst. Commissioner)", Role.ACDC, HOME, "bench")
    study = None
    samples = []
    for run in range(WARM + RUNS):
        t0 = time.perf_counter()
        study = trs.time_release_study(core, acdc, *MONTH)
        if run >= WARM:
            samples.append((time.perf_counter() - t0) * 1000)
    core.db.dispose()
    exp = study.flow("export").overall
    print(f"October 2026: {exp.documents:,} SBs released; release avg {exp.release.mean} h, "
          f"median {exp.release.median} h, p90 {exp.release.p90} h; departure avg "
          f"{exp.departure.mean} h over {exp.departure.n:,}", file=sys.stderr)
    emit("trs_month", round(percentile(samples, 50), 1), "ms", n, runs=RUNS,
         slowest=round(max(samples), 1), released=exp.documents, target_ms=2000)
    emit("trs_bulk_fill", round(fill_s, 1), "s", n, cached=cached)


if __name__ == "__main__":
    main()

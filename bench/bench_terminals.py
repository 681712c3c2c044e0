"""Bench: terminals filing at once on PostgreSQL (issue 21): the curve for 1, 2, 4 and 8
terminal processes, with the time spent inside the server and the CPU per SB.

Each terminal is a spawned process logged in as opr1 on its own terminal id, filing 5-item
SBs through the services (draft, checklist, submit: three transactions per SB, as
``bench_filing.py``, whose declarations and ``file_one`` it reuses) into one database
``ices_terminals`` built through the services on the server (dropped first; the points of
the curve follow each other on it). For each point:

- ``sbs_per_s``: SBs filed by all terminals over the wall time (first start to last end);
- ``server_ms_per_sb``: the time the server spent executing statements for the bench
  database (``pg_stat_database.active_time``, before and after, every terminal
  disconnected), per SB; and ``server_cpu_ms_per_sb``: the CPU of the server processes
  that served the terminals (``/proc/<pid>/stat`` of each connection's backend: the server
  runs on this machine);
- ``driver_ms_per_sb``: the time the terminals spent inside the driver's
  ``cursor.execute`` (statement round trips, server time included), per SB;
- ``terminal_cpu_ms_per_sb``: the terminals' own CPU (Python: rules, ORM, views), per SB;
- ``connections``: how many server connections each terminal opened (its pool's use).

Asserted: no terminal saw an error; the SB numbers filed are distinct and without a gap.
Not in ``run.py`` unless ``ICES_BENCH_POSTGRES_URL`` is set (it needs a server).

    python bench/bench_terminals.py --postgres postgresql+psycopg://postgres@127.0.0.1/test
    python bench/bench_terminals.py --quick          # 1, 2, 4 terminals x 10 SBs
    python bench/bench_terminals.py --terminals 1,2,4,8 --per 100
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_PASSWORD, HOME, build_demo_at, emit, open_core  # noqa: E402

DB_NAME = "ices_terminals"
WARM = 3  # SBs each terminal files before the start, untimed
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """Seconds of CPU (user + system) the process ``pid`` has used; 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def terminal(url: str, offset: int, n: int, start, out) -> None:
    """One terminal: log in, prepare ``n`` declarations, file ``WARM`` untimed, wait for
    every other terminal (``start``, a barrier), file the ``n``."""
    import bench_filing as bf
    from sqlalchemy import event
    from sqlmodel import select

    import db.tables as t
    from console.services.admin.officers import login

    try:
        core = open_core(url)
        engine = core.db.engine
        backends: set[int] = set()
        inside = [0.0]

        @event.listens_for(engine, "checkout")
        def _checkout(dbapi_conn, _record, _proxy):
            backends.add(dbapi_conn.info.backend_pid)  # psycopg knows it: no query

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            conn.info["t0"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            inside[0] += time.perf_counter() - conn.info.pop("t0", time.perf_counter())

        opr = login(core, "opr1", DEMO_PASSWORD, f"terminal-{offset}")
        with core.db.read() as s:
            ad = s.exec(select(t.AdRegistration.ad_code).where(
                t.AdRegistration.iec == bf.IEC, t.AdRegistration.port_code == HOME)).first()
        items = bf.tariff_items(core)
        datas = [bf.declaration(core, items, offset + i, ad) for i in range(n + WARM)]
        for d in datas[:WARM]:  # untimed: the first SBs pay for imports and caches
            bf.file_one(core, opr, d)
        datas = datas[WARM:]
        start.wait(timeout=600)  # every terminal set up and warm
        inside[0] = 0.0
        server0 = {pid: _cpu_of(pid) for pid in backends}
        cpu0 = time.process_time()
        began = time.perf_counter()
        numbers = [bf.file_one(core, opr, d).sb_no for d in datas]
        wall = time.perf_counter() - began
        cpu = time.process_time() - cpu0
        server = sum(_cpu_of(pid) - server0.get(pid, 0.0) for pid in backends)
        out.put(("ok", numbers, began, wall, cpu, inside[0], server, len(backends)))
        core.db.dispose()
    except Exception as exc:  # reported and asserted on by the parent
        out.put(("error", repr(exc), 0, 0, 0, 0, 0, 0))


def _database(server_url: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        con.execute(text(f"CREATE DATABASE {DB_NAME}"))
    admin.dispose()
    url = make_url(server_url).set(database=DB_NAME).render_as_string(hide_password=False)
    from scale_loader import _metadata

    _metadata()  # every table registered (db.tables loads them lazily) before create_all
    build_demo_at(url)
    return url


def _server_stats(url: str) -> tuple[float, int, list[int]]:
    """(active ms so far, connections now, SB numbers) of the bench database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as con:
        con.execute(text("SELECT pg_stat_clear_snapshot()"))
        active, backends = con.execute(text(
            "SELECT active_time, numbackends FROM pg_stat_database "
            "WHERE datname = current_database()")).one()
        numbers = [r[0] for r in con.execute(text(
            "SELECT sb_no FROM shippingbill WHERE sb_no IS NOT NULL ORDER BY sb_no"))]
    engine.dispose()
    return float(active or 0.0), int(backends) - 1, numbers


def _settled(url: str, timeout: float = 60.0) -> float:
    """The database's active time once every terminal has disconnected (the server counts
    a session's time when it ends)."""
    deadline = time.monotonic() + timeout
    while True:
        active, others, _ = _server_stats(url)
        if others <= 0 or time.monotonic() > deadline:
            return active
        time.sleep(0.05)  # polling for the terminals' sessions to close, not a fixed wait


def point(url: str, terminals: int, per: int, base: int) -> dict:
    active0 = _settled(url)
    numbers0 = _server_stats(url)[2]
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(terminals)
    procs = [ctx.Process(target=terminal, args=(url, base + k * 10_000, per, start, out))
             for k in range(terminals)]
    for p in procs:
        p.start()
    results = [out.get(timeout=1800) for _ in procs]
    for p in procs:
        p.join()
    errors = [r[1] for r in results if r[0] == "error"]
    assert not errors, errors
    active1 = _settled(url)
    numbers = [n for r in results for n in r[1]]
    assert len(numbers) == len(set(numbers)) == terminals * per, "duplicate SB numbers"
    filed = _server_stats(url)[2]
    assert len(filed) == len(numbers0) + len(numbers) * (1 + WARM / per)
    assert filed[-1] - filed[0] + 1 == len(filed), "a gap in the SB series"
    first = min(r[2] for r in results)
    wall = max(r[2] + r[3] for r in results) - first
    n = len(numbers)
    return {
        "terminals": terminals, "sbs": n, "wall_s": round(wall, 2),
        "sbs_per_s": round(n / wall, 1),
        "server_ms_per_sb": round((active1 - active0) / n, 2),
        "server_cpu_ms_per_sb": round(sum(r[6] for r in results) * 1000 / n, 2),
        "driver_ms_per_sb": round(sum(r[5] for r in results) * 1000 / n, 2),
        "terminal_cpu_ms_per_sb": round(sum(r[4] for r in results) * 1000 / n, 2),
        "ms_per_sb_per_terminal": round(sum(r[3] for r in results) * 1000 / n, 2),
        "connections_per_terminal": max(r[7] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1, 2, 4 terminals x 10 SBs")
    parser.add_argument("--postgres", metavar="URL",
                        default=os.environ.get("ICES_BENCH_POSTGRES_URL"))
    parser.add_argument("--terminals", default="", help="comma-separated (default 1,2,4,8)")
    parser.add_argument("--per", type=int, help="SBs per terminal (default 100; quick 10)")
    args = parser.parse_args()
    if not args.postgres:
        print("bench_terminals: no PostgreSQL server (--postgres URL or "
              "ICES_BENCH_POSTGRES_URL): skipped", file=sys.stderr)
        emit("terminals_skipped", 0, "points", 0, reason="no PostgreSQL server")
        return
    counts = [int(x) for x in args.terminals.split(",") if x.strip()] or (
        [1, 2, 4] if args.quick else [1, 2, 4, 8])
    per = args.per or (10 if args.quick else 100)
    t0 = time.perf_counter()
    url = _database(args.postgres)
    print(f"built {DB_NAME} in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    for k, terminals in enumerate(counts):
        row = point(url, terminals, per, base=k * 100_000)
        print(row, file=sys.stderr)
        emit(f"terminals_postgres_{terminals}", row.pop("sbs_per_s"), "SBs/s", row.pop("sbs"),
             **row)


if __name__ == "__main__":
    main()

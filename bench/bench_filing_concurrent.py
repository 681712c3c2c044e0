"""Bench: 4 terminals filing at once on one SQLite file (issue 4, target >= 600 SBs/s).

Four processes, each logged in as opr1 on its own terminal, file 5-item SBs through the
services (draft, checklist, submit: three transactions per SB, as ``bench_filing.py``)
into the same demo database copy. Reported: total SBs/s over the wall time from the first
start to the last finish. Asserted: no process saw an error, and the SB numbers are all
distinct and without gaps (the national series under contention).

    python bench/bench_filing_concurrent.py [--quick]    # 4 × 200 SBs (quick 4 × 10)
    python bench/bench_filing_concurrent.py --workers 1  # one terminal, for comparison
    python bench/bench_filing_concurrent.py --postgres postgresql+psycopg://postgres@127.0.0.1/test

``--postgres URL``: the same on PostgreSQL, the multi-terminal store: the demo is built
through the services into a fresh database ``ices_bench`` on that server (dropped first).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_PASSWORD, HOME, build_demo_at, demo_copy, emit, open_core  # noqa: E402

WORKERS = 4


def worker(db_path: str, offset: int, n: int, start_at: float, out: mp.Queue) -> None:
    import bench_filing as bf
    from sqlmodel import select

    import db.tables as t
    from console.services.admin.officers import login

    try:
        core = open_core(db_path)
        opr = login(core, "opr1", DEMO_PASSWORD, f"bench-{offset}")
        with core.db.read() as s:
            ad = s.exec(select(t.AdRegistration.ad_code).where(
                t.AdRegistration.iec == bf.IEC, t.AdRegistration.port_code == HOME)).first()
        items = bf.tariff_items(core)
        datas = [bf.declaration(core, items, offset + i, ad) for i in range(n)]
        while time.time() < start_at:
            time.sleep(0.005)
        began = time.perf_counter()
        numbers = [bf.file_one(core, opr, d).sb_no for d in datas]
        out.put(("ok", numbers, time.perf_counter() - began))
        core.db.dispose()
    except Exception as exc:  # reported and asserted on by the parent
        out.put(("error", repr(exc), 0.0))


def _filed(url: str) -> list[int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as con:
        rows = [r[0] for r in con.execute(text(
            "SELECT sb_no FROM shippingbill WHERE sb_no IS NOT NULL ORDER BY sb_no"))]
    engine.dispose()
    return rows


def _postgres(server_url: str) -> str:
    """A fresh database ``ices_bench`` on the server, with the demo built in it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text("DROP DATABASE IF EXISTS ices_bench"))
        con.execute(text("CREATE DATABASE ices_bench"))
    admin.dispose()
    url = make_url(server_url).set(database="ices_bench").render_as_string(hide_password=False)
    build_demo_at(url)
    return url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL")
    args = parser.parse_args()
    per, workers = (10 if args.quick else 200), args.workers
    with tempfile.TemporaryDirectory() as tmp:
        url = (_postgres(args.postgres) if args.postgres
               else f"sqlite:///{demo_copy(Path(tmp) / 'shared.db')}")
        before = len(_filed(url))
        out: mp.Queue = mp.get_context("spawn").Queue()
        ctx = mp.get_context("spawn")
        start_at = time.time() + 8.0  # every process set up and waiting
        procs = [ctx.Process(target=worker, args=(url, k * 10_000, per, start_at, out))
                 for k in range(workers)]
        for p in procs:
            p.start()
        results = [out.get(timeout=900) for _ in procs]
        for p in procs:
            p.join()
        errors = [r[1] for r in results if r[0] == "error"]
        assert not errors, errors
        numbers = [n for r in results for n in r[1]]
        wall = max(r[2] for r in results)
        assert len(numbers) == len(set(numbers)) == workers * per, "duplicate SB numbers"
        filed = _filed(url)
        assert len(filed) == before + workers * per
        assert filed[-1] - filed[0] + 1 == len(filed), "a gap in the SB series"
        name = "filing_concurrent" + ("_postgres" if args.postgres else "")
        if workers != WORKERS:
            name += f"_{workers}"
        emit(name, round(len(numbers) / wall, 1), "SBs/s", len(numbers),
             workers=workers, errors=0, duplicates=0)


if __name__ == "__main__":
    main()

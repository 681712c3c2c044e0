"""Bench: 4 terminals filing at once on one SQLite file (issue 4, target >= 600 SBs/s).

Four processes, each logged in as opr1 on its own terminal, file 5-item SBs through the
services (draft, checklist, submit: three transactions per SB, as ``bench_filing.py``)
into the same demo database copy. Reported: total SBs/s over the wall time from the first
start to the last finish. Asserted: no process saw an error, and the SB numbers are all
distinct and without gaps (the national series under contention).

    python bench/bench_filing_concurrent.py [--quick]    # 4 × 200 SBs (quick 4 × 10)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_PASSWORD, HOME, demo_copy, emit, open_core  # noqa: E402

WORKERS = 4


def worker(db_path: str, offset: int, n: int, start_at: float, out: mp.Queue) -> None:
    import bench_filing as bf
    from sqlmodel import select

    import db.tables as t
    from console.services.officers import login

    try:
        core = open_core(Path(db_path))
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    per = 10 if parser.parse_args().quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        db_path = demo_copy(Path(tmp) / "shared.db")
        with sqlite3.connect(db_path) as con:
            before = con.execute("SELECT count(*) FROM shippingbill WHERE sb_no IS NOT NULL"
                                 ).fetchone()[0]
        out: mp.Queue = mp.get_context("spawn").Queue()
        ctx = mp.get_context("spawn")
        start_at = time.time() + 8.0  # every process set up and waiting
        procs = [ctx.Process(target=worker, args=(str(db_path), k * 10_000, per, start_at, out))
                 for k in range(WORKERS)]
        for p in procs:
            p.start()
        results = [out.get(timeout=900) for _ in procs]
        for p in procs:
            p.join()
        errors = [r[1] for r in results if r[0] == "error"]
        assert not errors, errors
        numbers = [n for r in results for n in r[1]]
        wall = max(r[2] for r in results)
        assert len(numbers) == len(set(numbers)) == WORKERS * per, "duplicate SB numbers"
        with sqlite3.connect(db_path) as con:
            filed = [r[0] for r in con.execute(
                "SELECT sb_no FROM shippingbill WHERE sb_no IS NOT NULL ORDER BY sb_no")]
        assert len(filed) == before + WORKERS * per
        assert filed[-1] - filed[0] + 1 == len(filed), "a gap in the SB series"
        emit("filing_concurrent", round(len(numbers) / wall, 1), "SBs/s", len(numbers),
             workers=WORKERS, errors=0, duplicates=0)


if __name__ == "__main__":
    main()

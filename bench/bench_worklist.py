"""Bench: an appraiser's worklist and an SB lookup on a database of N Shipping Bills.

N SBs are bulk-loaded with ``executemany`` straight into the shippingbill table of
a copy of the demo database (500 IECs, location INVTZ4, submitted over 10 years,
60 % exported and the rest spread evenly over the other 19 states); 1 SB in 100
also gets 5 sbitem rows, and the lookups pick from those. The built file is cached
under ``bench/.cache/`` keyed by N (and a hash of the schema/demo code).

Measured, 200 runs each after 10 warm-up runs: ``worklists.for_officer`` for apr1's
first page, the same list's page 21 (the first one past ``worklists.COUNT_CAP``, which
counts the list only up to 2,000), and ``enquiry.enquire`` (SB by number with its items,
history, prints, LEO blockers). Four JSON lines: first page p99, page 21 p99, lookup p99
(p50 in key "p50"), and the load time. The first page's line also carries the total the
page reports (``worklist_total``, ``total_capped``) and the list's real size
(``list_size``, one plain ``count(*)`` outside the timing).

    python bench/bench_worklist.py            # N = 1,000,000
    python bench/bench_worklist.py --quick    # N = 50,000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    CACHE,
    HOME,
    T0,
    demo_template,
    emit,
    open_core,
    percentile,
    source_key,
)

RUNS = 200
WARM = 10
IECS = 500
ITEM_EVERY = 100
BASE_NO = 50_000_000  # bulk SB and job numbers start above anything the demo issued
BATCH = 20_000


def _dt(value) -> str:
    return value.isoformat(sep=" ", timespec="microseconds")


def _defaults(table) -> dict:
    out = {}
    for c in table.columns:
        d = c.default
        out[c.name] = d.arg if d is not None and d.is_scalar else None
    return out


def build(path: Path, n: int) -> float:
    """Load ``n`` SBs into a copy of the demo database at ``path``; seconds taken."""
    import db.tables as t
    from console.services.exports.sb_common import S

    start = time.perf_counter()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(demo_template().read_bytes())
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rnd = random.Random(20261102)
    iecs = [f"ZZBCH{i + 1:04d}B" for i in range(IECS)]  # a PAN serial is never 0000
    con.execute("BEGIN")
    con.executemany("INSERT INTO iec (code, name, address, active, registered_at) "
                    "VALUES (?, ?, '', 1, ?)",
                    [(c, f"Bench Exporter {i}", _dt(T0 - timedelta(days=4000)))
                     for i, c in enumerate(iecs)])
    con.execute("COMMIT")
    tariff = con.execute("SELECT item, uqc FROM tariffitem WHERE uqc IN (SELECT code FROM uqc) "
                         "ORDER BY item LIMIT 50").fetchall()
    others = [s.value for s in S if s.value != "exported"]
    sb_defaults = _defaults(t.ShippingBill.__table__)
    cols = list(sb_defaults)
    sb_sql = f"INSERT INTO shippingbill ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    it_defaults = _defaults(t.SbItem.__table__)
    it_cols = list(it_defaults)
    it_sql = f"INSERT INTO sbitem ({', '.join(it_cols)}) VALUES ({', '.join('?' * len(it_cols))})"
    first_id = con.execute("SELECT coalesce(max(id), 0) FROM shippingbill").fetchone()[0] + 1
    first_item = con.execute("SELECT coalesce(max(id), 0) FROM sbitem").fetchone()[0] + 1
    span = 10 * 365 * 24 * 3600
    for lo in range(0, n, BATCH):
        rows, items = [], []
        for i in range(lo, min(n, lo + BATCH)):
            state = "exported" if rnd.random() < 0.6 else rnd.choice(others)
            at = T0 - timedelta(seconds=rnd.randrange(span))
            drafted = state in ("draft", "checklist_printed")
            fob = rnd.randrange(1_00_000, 5_00_00_000) * 100
            row = dict(sb_defaults, id=first_id + i, job_no=BASE_NO + i,
                       sb_no=None if drafted else BASE_NO + i,
                       sb_date=None if drafted else at.date().isoformat(),
                       location_code=HOME, state=state, iec=iecs[i % IECS],
                       port_of_loading=HOME, country_of_destination="US",
                       gross_weight_kg="120", net_weight_kg="100", packages=5,
                       package_kind="BOX", fob_inr_paise=fob, route="assessment",
                       created_by="opr1", created_at=_dt(at - timedelta(hours=2)),
                       submitted_at=None if drafted else _dt(at))
            rows.append(tuple(row[c] for c in cols))
            if i % ITEM_EVERY == 0:
                for sl in range(1, 6):
                    item, uqc = tariff[(i + sl) % len(tariff)]
                    items.append(tuple(dict(
                        it_defaults, id=None, sb_id=first_id + i, sl=sl, tariff_item=item,
                        description="bench goods", quantity="10", uqc=uqc, unit_price_fc="12",
                        value_fc="120", fob_inr_paise=fob // 5, scheme_code="00",
                        end_use="GNX100")[c] for c in it_cols))
        con.execute("BEGIN")
        con.executemany(sb_sql, rows)
        con.executemany(it_sql, items)
        con.execute("COMMIT")
    del first_item
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

    path = CACHE / f"worklist-{n}-{source_key()}.db"
    load_s = 0.0
    cached = path.exists()
    if not cached:
        load_s = build(path, n)
        print(f"built {n:,} SBs in {load_s:.1f}s -> {path}", file=sys.stderr)

    from console.roles import Actor, Role
    from console.services.exports import enquiry, worklists

    core = open_core(path)
    # apr1 as login() would give him; login itself writes an audit record, and this run
    # must leave the cached file as it was.
    apr = Actor("apr1", "S. Rao (Appraiser)", Role.APR, HOME, "bench")

    page = worklists.for_officer(core, apr)
    assert page.rows, "apr1's worklist is empty"
    deep = 20 * worklists.PAGE  # page 21
    con = sqlite3.connect(path)
    states = worklists.SB_STATES_FOR[Role.APR]
    list_size = con.execute(
        f"SELECT count(*) FROM shippingbill WHERE location_code = ? AND state IN "
        f"({', '.join('?' * len(states))})", (HOME, *states)).fetchone()[0]
    assert (list_size > page.total if page.total_capped else list_size == page.total), (
        page.total, page.total_capped, list_size)
    nos = [r[0] for r in con.execute(
        "SELECT sb_no FROM shippingbill WHERE sb_no >= ? AND id IN (SELECT sb_id FROM sbitem)",
        (BASE_NO,))]
    con.close()
    rnd = random.Random(7)
    picks = iter([rnd.choice(nos) for _ in range(RUNS + WARM)])

    def lookup():
        e = enquiry.enquire(core, apr, next(picks))
        assert len(e.sb.items) == 5

    wl = timed(lambda: worklists.for_officer(core, apr))
    if list_size > deep:
        page21 = worklists.for_officer(core, apr, offset=deep)
        assert len(page21.rows) == min(worklists.PAGE, list_size - deep), len(page21.rows)
        wl21 = timed(lambda: worklists.for_officer(core, apr, offset=deep))
    lk = timed(lookup)
    core.db.dispose()
    print(f"worklist: {list_size:,} rows, first page {len(page.rows)} of {page.total:,}"
          f"{'+' if page.total_capped else ''}", file=sys.stderr)
    emit("worklist_first_page_p99", round(percentile(wl, 99), 2), "ms", n,
         p50=round(percentile(wl, 50), 2), runs=RUNS, worklist_total=page.total,
         total_capped=page.total_capped, list_size=list_size)
    if list_size > deep:
        emit("worklist_page_21_p99", round(percentile(wl21, 99), 2), "ms", n,
             p50=round(percentile(wl21, 50), 2), runs=RUNS, worklist_total=page21.total,
             total_capped=page21.total_capped)
    emit("sb_lookup_p99", round(percentile(lk, 99), 2), "ms", n,
         p50=round(percentile(lk, 50), 2), runs=RUNS)
    emit("worklist_bulk_load", round(load_s, 1), "s", n, cached=cached)


if __name__ == "__main__":
    main()

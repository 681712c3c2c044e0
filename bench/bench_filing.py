"""Bench: Shipping Bills of 5 items filed at the service centre, through the services.

Each SB is keyed (``filing.create_draft``), its checklist printed
(``print_checklist``) and submitted (``submit_sb``) by opr1, each call its own
transaction as on a terminal, on a copy of the demo database in a temp dir with a
FixedClock at 2 Nov 2026 11:00. Items are real tariff items from the TariffItem
table; invoices are in USD.

Baseline: a plain ``sqlite3`` loop on another copy of the same database (WAL,
synchronous=NORMAL as the app opens it, same disk) inserting, per SB, one
shippingbill row, its 5 sbitem rows and one auditrecord row copied from what the
services wrote, one transaction per SB. ratio = baseline / ours.

    python bench/bench_filing.py            # n = 2,000
    python bench/bench_filing.py --quick    # n = 100
    python bench/bench_filing.py --profile  # also print the top of cProfile to stderr
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, DEMO_PASSWORD, HOME, demo_copy, emit, open_core  # noqa: E402

IEC = "AAPCA1234F"  # Andhra Pharma Exports (demo): AD code registered at INVTZ4
ITEMS_PER_SB = 5
WARMUP = 5
AVOID = ("3004", "03", "72")  # RMS rules of the demo that need certificates / examination


def tariff_items(core, count: int = 40) -> list[tuple[str, str, str]]:
    """(item, description, uqc) of real tariff items, free of export duty."""
    from sqlmodel import select

    import db.tables as t

    with core.db.read() as s:
        rows = s.exec(select(t.TariffItem).order_by(t.TariffItem.item)).all()
        uqcs = {u.code for u in s.exec(select(t.Uqc)).all()}
    picked = [(r.item, r.description[:100] or "goods", r.uqc) for r in rows
              if not r.item.startswith(AVOID) and r.uqc in uqcs
              and not getattr(r, "export_duty_rate", 0)]
    step = max(1, len(picked) // count)
    return picked[::step][:count]


def declaration(core, items: list[tuple[str, str, str]], i: int, ad_code: str) -> dict:
    lines = [items[(i * ITEMS_PER_SB + k) % len(items)] for k in range(ITEMS_PER_SB)]
    qty, price = 10 + i % 90, 12
    return {
        "iec": IEC, "port_of_loading": HOME, "country_of_destination": "US",
        "port_of_destination": "USNYC", "nature_of_contract": "FOB", "ad_code": ad_code,
        "gst_invoice_type": "LUT", "recipient_name": "Bench Buyer Inc",
        "recipient_address": "1 Harbor Street, New York", "place_of_delivery": "New York",
        "incoterms_place": f"FOB {HOME}", "packages": 5, "package_kind": "BOX",
        "marks": f"BENCH {i}", "gross_weight_kg": "120", "net_weight_kg": "100",
        "sdf_declared": True,
        "invoices": [{"invoice_no": f"BENCH/{i}", "invoice_date": "2026-10-30",
                      "currency": "USD", "invoice_value": str(qty * price * ITEMS_PER_SB)}],
        "items": [{"tariff_item": item, "description": desc, "quantity": str(qty), "uqc": uqc,
                   "unit_price": str(price), "scheme_code": "00", "end_use": "GNX100"}
                  for item, desc, uqc in lines],
    }


def file_one(core, opr, data: dict):
    from console.services.exports import filing

    view = filing.create_draft(core, opr, data)
    view = filing.print_checklist(core, opr, view.job_no)
    return filing.submit_sb(core, opr, view.job_no)


class SqlTimer:
    """Time spent inside the driver: its ``cursor.execute`` (SQLite's own work and the
    sqlite3 module) and its commits, with the statements and commits counted: the rest of
    a filing is Python."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        from sqlalchemy import event

        self.seconds, self.statements, self.commits, self._t0 = 0.0, 0, 0, 0.0
        self.on = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        dialect = engine.dialect
        commit = dialect.do_commit

        def timed_commit(dbapi_connection) -> None:  # noqa: ANN001
            t0 = time.perf_counter()
            commit(dbapi_connection)
            if self.on:
                self.seconds += time.perf_counter() - t0
                self.commits += 1

        dialect.do_commit = timed_commit

    def _before(self, *args) -> None:  # noqa: ANN002
        self._t0 = time.perf_counter()

    def _after(self, *args) -> None:  # noqa: ANN002
        if self.on:
            self.seconds += time.perf_counter() - self._t0
            self.statements += 1


def ours(db_path: Path, n: int, profile: bool) -> tuple[float, float, int, SqlTimer]:
    from sqlmodel import select

    import db.tables as t
    from console.services.admin.officers import login

    core = open_core(db_path)
    timer = SqlTimer(core.db.engine)
    opr = login(core, "opr1", DEMO_PASSWORD, "bench")
    with core.db.read() as s:
        ad = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == IEC, t.AdRegistration.port_code == HOME)).first()
    items = tariff_items(core)
    datas = [declaration(core, items, i, ad) for i in range(n + WARMUP)]
    for data in datas[:WARMUP]:
        file_one(core, opr, data)
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    timer.on = True
    start, cpu = time.perf_counter(), time.process_time()
    last = None
    for data in datas[WARMUP:]:
        last = file_one(core, opr, data)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    timer.on = False
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    core.db.dispose()
    return n / elapsed, cpu / n, last.sb_no, timer


def templates(db_path: Path, sb_no: int) -> tuple[dict, list[dict], dict]:
    """The rows the services wrote for one SB: shippingbill, its items, its submit audit."""
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    sb = dict(con.execute("SELECT * FROM shippingbill WHERE sb_no = ?", (sb_no,)).fetchone())
    items = [dict(r) for r in con.execute("SELECT * FROM sbitem WHERE sb_id = ? ORDER BY sl",
                                          (sb["id"],))]
    audit = dict(con.execute("SELECT * FROM auditrecord ORDER BY seq DESC LIMIT 1").fetchone())
    con.close()
    return sb, items, audit


def plain(db_path: Path, n: int, sb: dict, items: list[dict], audit: dict) -> float:
    """SBs/s of a bare sqlite3 loop inserting the same rows, one transaction per SB."""
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    base = con.execute("SELECT max(job_no), max(coalesce(sb_no, 0)) FROM shippingbill").fetchone()
    seq0 = con.execute("SELECT max(seq) FROM auditrecord").fetchone()[0]
    sb_cols = [c for c in sb if c != "id"]
    it_cols = [c for c in items[0] if c not in ("id", "sb_id")]
    au_cols = [c for c in audit if c != "id"]
    sb_sql = (f"INSERT INTO shippingbill ({', '.join(sb_cols)}) "
              f"VALUES ({', '.join('?' * len(sb_cols))})")
    it_sql = (f"INSERT INTO sbitem (sb_id, {', '.join(it_cols)}) "
              f"VALUES ({', '.join('?' * (len(it_cols) + 1))})")
    au_sql = (f"INSERT INTO auditrecord ({', '.join(au_cols)}) "
              f"VALUES ({', '.join('?' * len(au_cols))})")
    start = time.perf_counter()
    for i in range(1, n + 1):
        row = dict(sb, job_no=base[0] + i, sb_no=base[1] + i)
        con.execute("BEGIN IMMEDIATE")
        sb_id = con.execute(sb_sql, [row[c] for c in sb_cols]).lastrowid
        con.executemany(it_sql, [[sb_id] + [it[c] for c in it_cols] for it in items])
        con.execute(au_sql, [dict(audit, seq=seq0 + i, doc_ref=str(row["sb_no"]))[c]
                             for c in au_cols])
        con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 SBs instead of 2,000")
    parser.add_argument("--n", type=int, help="number of SBs (overrides --quick)")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed loop")
    args = parser.parse_args()
    n = args.n or (100 if args.quick else 2_000)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        ours_db = demo_copy(Path(tmp) / "ours.db")
        rate, cpu, sb_no, timer = ours(ours_db, n, args.profile)
        sb, items, audit = templates(ours_db, sb_no)
        base_db = demo_copy(Path(tmp) / "plain.db")
        baseline = plain(base_db, n, sb, items, audit)
    per_sb_ms = 1000 / rate
    sql_ms = 1000 * timer.seconds / n
    print(f"services {rate:,.1f} SB/s ({per_sb_ms:.1f} ms per SB, {1000 * cpu:.1f} ms of CPU: "
          f"{sql_ms:.1f} ms in SQLite for {timer.statements / n:.0f} statements and "
          f"{timer.commits / n:.0f} commits, the rest Python); plain sqlite3 "
          f"{baseline:,.1f} SB/s", file=sys.stderr)
    emit("sb_filing", round(rate, 1), "SBs/s", n, round(baseline, 1), round(baseline / rate, 2),
         ms_per_sb=round(per_sb_ms, 2), cpu_ms_per_sb=round(1000 * cpu, 2),
         sql_ms_per_sb=round(sql_ms, 2), statements_per_sb=round(timer.statements / n, 1),
         commits_per_sb=round(timer.commits / n, 1))


if __name__ == "__main__":
    main()

"""Bench: a courier's bulk file of 10,000 parcels filed (RMS-routed, CSB-1) and every
parcel X-rayed at the lane (Auto-LEO by the rule in force, CSB-2/3), through the
services, on a fresh SQLite training database.

    python bench/bench_courier.py            # n = 10,000
    python bench/bench_courier.py --quick    # n = 200

Prints one JSON line: parcels per second over filing + X-ray (the throughput of a
courier terminal's day). The split goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

import db.tables as t  # noqa: E402
from console.acts.csb import XrayResult  # noqa: E402
from console.clock import FixedClock  # noqa: E402
from console.core import Core  # noqa: E402
from console.demo.courier import CSB_RMS_RULES  # noqa: E402
from console.roles import Actor, Role  # noqa: E402
from console.services.courier import clearance, filing, registry  # noqa: E402
from db.engine import Database  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from common import demo_template  # noqa: E402

HOME = "INVTZ4"
T0 = datetime(2026, 11, 2, 11, 0)


def _items(core) -> tuple[str, str | None]:
    """A duty-free item (facilitated at low value) and a mobile-phone item (assessment)."""
    with core.db.read() as s:
        def first(prefix: str) -> str | None:
            return s.exec(select(t.TariffItem.item).where(
                t.TariffItem.item.startswith(prefix), t.TariffItem.export_duty_rate == 0)
                .order_by(t.TariffItem.item)).first()
        plain = first("62") or first("")
        return plain, first("8517")


def _bulk_file(path: Path, n: int, plain: str, phones: str | None) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(filing.BULK_COLUMNS))
        w.writeheader()
        for i in range(n):
            phone = phones is not None and i % 20 == 7  # 5% for assessment
            w.writerow({
                "courier": "BDEX", "hawb": f"BD{i:010d}", "form": "V" if phone else "IV",
                "consignee_name": f"Consignee {i}", "consignee_address": "1 High St",
                "consignee_country": ("US", "GB", "AE", "SG")[i % 4],
                "value": str(2_50_000 if phone else 5_000 + i % 15_000),
                "currency": "INR", "description": "smartphones" if phone else "garments",
                "gross_weight_kg": "0.75", "packages": "1", "consignor_iec": "AAPCA1234F",
                "consignor_name": "", "consignor_address": "", "consignor_kyc": "",
                "tariff_item": phones if phone else plain})


def run(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(demo_template(demo=False), f"{tmp}/bench.db")  # reference data only
        database = Database(f"sqlite:///{tmp}/bench.db")
        core = Core(database, FixedClock(T0))
        clerk = Actor("clk1", "Clerk", Role.CLK, HOME, "bench")
        opr = Actor("opr1", "Operator", Role.OPR, HOME, "bench")
        cus = Actor("cus1", "Custodian", Role.CUS, HOME, "bench")
        with core.db.write() as s:
            if s.get(t.Iec, "AAPCA1234F") is None:
                s.add(t.Iec(code="AAPCA1234F", name="Andhra Pharma Exports Pvt Ltd",
                            address="APSEZ", registered_at=T0))
            for name, priority, criteria, route in CSB_RMS_RULES:
                s.add(t.RmsRule(name=name, document="CSB", priority=priority, route=route,
                                effective_from=date(2000, 1, 1), **criteria))
        registry.register_courier(core, clerk, "BDEX", "Blue Dart Express Ltd", "CR/VTZ/1",
                                  location_code=HOME, valid_from=date(2015, 4, 1))
        plain, phones = _items(core)
        path = Path(tmp) / "bdex.csv"
        _bulk_file(path, n, plain, phones)

        start = time.perf_counter()
        report = filing.file_bulk(core, opr, path)
        filed = time.perf_counter()
        assert not report.errors, report.errors[:3]
        auto = 0
        for i, (_, csb_no, _) in enumerate(report.filed):
            result = XrayResult.FLAGGED if i % 100 == 99 else XrayResult.CLEARED
            view = clearance.record_xray(core, cus, csb_no, result)
            auto += view.auto_leo
        done = time.perf_counter()
        database.dispose()
    print(f"filed {len(report.filed)} in {filed - start:.2f}s "
          f"({len(report.filed) / (filed - start):,.0f}/s); X-rayed in {done - filed:.2f}s "
          f"({n / (done - filed):,.0f}/s); Auto-LEO {auto}", file=sys.stderr)
    return {"bench": "courier_bulk", "value": round(n / (done - start), 1), "unit": "parcels/s",
            "n": n, "baseline": None, "ratio": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 parcels instead of 10,000")
    args = parser.parse_args()
    print(json.dumps(run(200 if args.quick else 10_000)))


if __name__ == "__main__":
    main()

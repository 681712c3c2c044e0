"""Demo courier terminal: authorised couriers, CSB RMS rules covering the three routes
(CSB-1), the Auto-LEO rules, and CSBs in every state — Auto-LEO'd under CSB-2 and
CSB-3 (one X-rayed before its assessment, CSB-5), LEO'd by an officer after
examination (CSB-4), flagged at X-ray, and waiting for X-ray, assessment, examination
and the LEO officer — spread over three days so the Auto-LEO / manual report has rows.

Past days are replayed by moving the clock, as a trainer does with ``ICES_CLOCK``.
Idempotent: couriers and rules are added if missing; documents only into a database
that has no CSB yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import func, select

import db.tables as t
from console.acts.csb import XrayResult
from console.clock import FixedClock
from console.core import Core
from console.services.courier import clearance, filing, registry

HOME = "INVTZ4"
COURIERS = [  # code, name, registration under the Courier Regulations
    ("BDEX", "Blue Dart Express Ltd", "CR/VTZ/ACC/2016/03"),
    ("DHLX", "DHL Express (India) Pvt Ltd", "CR/VTZ/ACC/2018/11"),
]
CSB_RMS_RULES = [  # name, priority, criteria, route  (document = CSB)
    ("Courier: drug formulations (3004), drug controller NOC", 10, {"tariff_prefix": "3004"},
     "assessment_and_examination"),
    ("Courier: jewellery and precious metals (ch. 71)", 20, {"tariff_prefix": "71"},
     "assessment_and_examination"),
    ("Courier: mobile phones (8517), valuation check", 30, {"tariff_prefix": "8517"},
     "assessment_only"),
    ("Courier: consignments above ₹5 lakh", 40, {"value_from_paise": 5_00_000_00},
     "assessment_only"),
    ("Courier: low-value parcels up to ₹2 lakh", 90, {"value_to_paise": 2_00_000_00},
     "facilitated"),
]


@contextmanager
def at(core: Core, when: datetime) -> Iterator[None]:
    """Replay acts at ``when`` (the clock is put back afterwards)."""
    saved = core.clock
    core.clock = FixedClock(when)
    try:
        yield
    finally:
        core.clock = saved


def _item(s, prefix: str) -> str | None:
    return s.exec(select(t.TariffItem.item).where(
        t.TariffItem.item.startswith(prefix), t.TariffItem.export_duty_rate == 0)
        .order_by(t.TariffItem.item)).first()


def build(core: Core, ctx: dict[str, Any]) -> None:
    actors = ctx["actors"]
    clerk, opr, cus, apr, exm = (actors[u] for u in ("clk1", "opr1", "cus1", "apr1", "exm1"))
    existing = {c.code for c in registry.list_couriers(core)}
    for code, name, licence in COURIERS:
        if code not in existing:
            registry.register_courier(core, clerk, code, name, licence, location_code=HOME,
                                      valid_from=date(2015, 4, 1))
    with core.db.write() as s:
        registry.ensure_autoleo_rules(s)
        if not s.exec(select(t.RmsRule).where(t.RmsRule.document == "CSB")).first():
            for name, priority, criteria, route in CSB_RMS_RULES:
                s.add(t.RmsRule(name=name, document="CSB", priority=priority, route=route,
                                effective_from=date(2000, 1, 1), created_by="sys1", **criteria))
        has_csb = s.exec(select(func.count()).select_from(t.CourierShippingBill)).one()
        items = {p: _item(s, p) for p in ("62", "3004", "8517", "4901", "71")}
    ctx["couriers"] = [c[0] for c in COURIERS]
    if has_csb:
        return
    shirts = items["62"] or items["4901"]
    phones, drugs = items["8517"], items["3004"]
    if shirts is None:
        return  # no tariff loaded: couriers and rules only

    n = 0

    def file(hawb: str, form: str, value: int, item: str | None, desc: str,
             iec: str = "AAPCA1234F", country: str = "US") -> int:
        nonlocal n
        n += 1
        private = form != "V" and not iec
        view = filing.file_csb(core, opr, filing.CsbInput(
            courier="BDEX" if n % 3 else "DHLX", hawb=hawb, form=form,
            consignee_name=["Ravi Menon", "Acme Imports LLC", "Priya Raman"][n % 3],
            consignee_address=["12 Oak St, Edison NJ", "88 Market St, London",
                               "5 Orchard Rd, Singapore"][n % 3],
            consignee_country=country, value=value, currency="INR", description=desc,
            gross_weight_kg="1.5", packages=1, tariff_item=item or "",
            consignor_iec="" if private else iec,
            consignor_name="K. Suresh" if private else "",
            consignor_address="Dwaraka Nagar, Visakhapatnam" if private else "",
            consignor_kyc="AADHAAR:XXXX-XXXX-4821" if private else ""))
        return view.csb_no

    today = core.now().replace(hour=11, minute=0, second=0, microsecond=0)
    # two days ago: facilitated parcels cleared by X-ray get Auto-LEO (CSB-2)
    with at(core, today - timedelta(days=2)):
        for i in range(3):
            no = file(f"BD7001{i:04d}", "IV", 8_000 + 1_000 * i, shirts, "Cotton shirts, samples")
            clearance.record_xray(core, cus, no)
    # yesterday: assessment-only Auto-LEO (CSB-3), X-ray before assessment (CSB-5),
    # and the officer route after examination (CSB-4)
    with at(core, today - timedelta(days=1)):
        if phones:
            no = file("BD70020001", "V", 3_50_000, phones, "Smartphones, 10 nos")
            clearance.assess(core, apr, no, exam_mandated=False)
            clearance.record_xray(core, cus, no)
            no = file("BD70020002", "V", 2_80_000, phones, "Smartphones, 8 nos")
            clearance.record_xray(core, cus, no)  # cleared first: waits for the assessment
            clearance.assess(core, apr, no, exam_mandated=False)  # Auto-LEO now (CSB-5)
        if drugs:
            no = file("BD70020003", "V", 1_20_000, drugs, "Paracetamol tablets 500 mg")
            clearance.assess(core, apr, no, exam_mandated=True, remarks="check drug licence")
            clearance.record_xray(core, cus, no)
            clearance.record_examination(core, exm, no, "Opened 1 of 1; tallies with invoice")
            clearance.give_leo(core, apr, no)
        no = file("BD70020004", "IV", 12_000, shirts, "Handloom sarees, gift")
        clearance.record_xray(core, cus, no)
    # today: work waiting for every role
    with at(core, today):
        file("BD70030001", "IV", 9_500, shirts, "Cotton kurtas, samples")  # awaits X-ray
        file("BD70030002", "III", 0, None, "Documents: contract papers", iec="")  # awaits X-ray
        no = file("BD70030003", "IV", 15_000, shirts, "Silk scarves, gift")
        clearance.record_xray(core, cus, no, XrayResult.FLAGGED)  # to examination (CSB-4)
        if phones:
            file("BD70030004", "V", 4_20_000, phones, "Smartphones, 12 nos")  # to assess
            no = file("BD70030005", "V", 2_10_000, phones, "Tablet phones, 6 nos")
            clearance.assess(core, apr, no, exam_mandated=False)  # assessed, awaits X-ray
            no = file("BD70030006", "V", 3_10_000, phones, "Smartphones, 9 nos")
            clearance.assess(core, apr, no, exam_mandated=True, remarks="declared value low")
            clearance.record_xray(core, cus, no)
            clearance.record_examination(core, exm, no, "Opened; 9 phones as declared")  # to LEO
        if drugs:
            file("BD70030007", "V", 90_000, drugs, "Ayurvedic formulations")  # to assess
    ctx["count_csb"] = n

"""Demo: the bond section and the warehouse at Visakhapatnam (bonds-warehousing.md).

Andhra Pharma's continuity end-use (EU) bond of Rs 5,00,000 with a BG of Rs 50,000,
asked for by the appraiser, approved by the AC/DC and registered by the bond section
(BND-2, BND-3, BND-4). Flight AI-208 brings two lines:

* ``098-EU-1``: paint under the EU bond, declared at filing (BND-6); the appraiser fixes
  the debit, the AC/DC approves, the bond section debits it and the duty is paid, so the
  goods wait for registration (BND-7, BND-8).
* ``098-WH-2``: paint and printing ink warehoused (W BE) in the port's default warehouse
  ``VTZ40001`` (WH-1) under a specific warehousing (WH) bond, given Out of Charge: the
  quantity ledger opens for both items (WH-2). An ex-bond (X) BE clears 100 of the 300 kg
  of paint: duty paid, the Superintendent's check made, Out of Charge given, the ledger
  debited to 200 kg (WH-3, WH-4, WH-5).

Idempotent: skipped once the AI-208 IGM exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.demo.exports import IEC_PHARMA
from console.services.bonds import bonds, warehousing
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests

VOYAGE = "AI-208-DEMO"


def _submit(core: Core, opr, data: dict) -> bes.BeView:
    be = bes.file_be(core, opr, data)
    bes.print_checklist(core, opr, be.job_no)
    return bes.submit_be(core, opr, be.job_no)


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.Igm).where(t.Igm.voyage == VOYAGE)).first():
            return
    a = ctx["actors"]
    today = core.today()
    year = today + timedelta(days=365)
    request = bonds.request_bond(core, a["apr1"], IEC_PHARMA, "EU", "500000", year,
                                 bg_amount="50000", bg_ref="State Bank of India BG 0042/2026")
    bonds.approve_bond(core, a["acdc1"], request.id)
    eu = bonds.register_bond(core, a["bnd1"], request.id, "Bond room, almirah 3, shelf 2")
    igm = manifests.file_igm(core, a["car1"], "AI", today, [
        {"bl_no": bl, "importer_name": "Andhra Pharma Exports", "packages": 8,
         "package_kind": "DRM", "gross_weight_kg": "420", "description": "paints and inks"}
        for bl in ("098-EU-1", "098-WH-2")], voyage=VOYAGE)
    manifests.grant_entry_inwards(core, a["apr1"], igm.igm_no)
    opr = a["opr1"]
    head = {"iec": IEC_PHARMA, "igm_no": igm.igm_no, "currency": "USD"}

    end_use = _submit(core, opr, {
        **head, "be_type": "H", "bl_no": "098-EU-1", "invoice_value": "800",
        "bond": {"type": "EU", "number": eu.bond_no},
        "items": [{"tariff_item": "32089090", "description": "Paint, non-aqueous",
                   "quantity": "400", "uqc": "KGS", "value": "800"}]})
    clr.assess(core, a["apr1"], end_use.be_no)
    bonds.specify_bond(core, a["apr1"], end_use.be_no, "EU", amount="30000", bg_amount="3000")
    bonds.approve_specification(core, a["acdc1"], end_use.be_no)
    bonds.debit_bond(core, a["bnd1"], eu.bond_no, end_use.be_no)
    clr.pay_duty(core, opr, end_use.be_no, "online")

    w = _submit(core, opr, {
        **head, "be_type": "W", "bl_no": "098-WH-2", "invoice_value": "1000",
        "items": [{"tariff_item": "32089090", "description": "Paint, non-aqueous",
                   "quantity": "300", "uqc": "KGS", "value": "600"},
                  {"tariff_item": "32151190", "description": "Printing ink, black",
                   "quantity": "100", "uqc": "KGS", "value": "400"}]})
    clr.assess(core, a["apr1"], w.be_no)
    spec = bonds.specify_bond(core, a["apr1"], w.be_no, "WH", valid_to=year)
    bonds.approve_specification(core, a["acdc1"], w.be_no)
    wh_bond = bonds.register_bond(core, a["bnd1"], spec.bond_request, "Bond room, almirah 4")
    bonds.debit_bond(core, a["bnd1"], wh_bond.bond_no, w.be_no)
    clr.register_goods(core, a["exm1"], w.be_no)
    clr.examine(core, a["exm1"], w.be_no, "8 drums paint, 2 drums ink as declared; to bond")
    clr.give_out_of_charge(core, a["apr2"], w.be_no)

    x = _submit(core, opr, {"be_type": "X", "wh_be_no": w.be_no,
                            "wh_be_date": w.be_date.isoformat(),
                            "items": [{"wh_sl": 1, "quantity": "100"}]})
    clr.assess(core, a["apr1"], x.be_no)
    clr.pay_duty(core, opr, x.be_no, "online")
    clr.register_goods(core, a["exm1"], x.be_no)
    clr.examine(core, a["exm1"], x.be_no, "100 kg paint drawn from the warehouse")
    warehousing.check_ex_bond(core, a["apr2"], x.be_no, "nil")
    clr.give_out_of_charge(core, a["apr2"], x.be_no)

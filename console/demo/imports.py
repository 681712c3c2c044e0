"""Demo: the import side at Visakhapatnam (imports.md). An IGM of Air India's flight
AI-202 with three lines; one BE taken through to Out of Charge, one self-assessed and
waiting for the appraiser (second check), one on first check waiting for examination.
Idempotent: skipped once the demo IGM exists.

``build_rules`` (after the licences of ``schemes``): flight AI-204 with four lines: a
high-sea sale bought from Sagar Marine with 2 % charges, waiting for the appraiser
(IMP-DUT-6); a BE amended after payment (its FOB invoice's air freight corrected,
IMP-DUT-7), re-assessed with the differential
duty due (IMP-AMD-1); aluminium sheets from China bearing anti-dumping duty (IMP-DUT-5);
paint imported under Andhra Pharma's DES licence 0311122334, which DGFT sent partly used,
debited item by item (IMP-LIC-1, IMP-LIC-2). A TRA of that licence is issued for Karwar, a
non-ICES location (IMP-TRA-1). The AI-204 IGM also carries two lines no BE is filed
against yet (an operator keys a BE against one at once, IMP-BE-1) and waits for entry
inwards (its BEs were filed in advance of it): the carrier amends its lines without
approval, the appraiser grants entry inwards (IMP-IGM-2). Idempotent: skipped once the
AI-204 IGM exists."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.demo.exports import IEC_MARINE, IEC_PHARMA
from console.services.imports import be_amendments as amd
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests, tra
from console.services.schemes import licences

VOYAGE = "AI-202-DEMO"
RULES_VOYAGE = "AI-204-DEMO"
DES = "0311122334"
FREE_LINES = [  # AI-204 lines with no BE filed yet (IMP-BE-1)
    {"bl_no": "098-FREE-5", "importer_name": "Sagar Marine Foods Ltd", "packages": 12,
     "package_kind": "BDL", "gross_weight_kg": "310", "description": "nylon fishing nets"},
    {"bl_no": "098-FREE-6", "importer_name": "Vizag Steel Fabricators LLP", "packages": 4,
     "package_kind": "BDL", "gross_weight_kg": "1800",
     "description": "welded steel tubes"},
]


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.Igm).where(t.Igm.voyage == VOYAGE)).first():
            return
    a = ctx["actors"]
    igm = manifests.file_igm(core, a["car1"], "AI", core.today(), [
        {"bl_no": f"098-DEMO-{n}", "importer_name": "Andhra Pharma Exports", "packages": 10,
         "package_kind": "DRM", "gross_weight_kg": "520", "description": "paint in drums"}
        for n in (1, 2, 3)], voyage=VOYAGE)
    manifests.grant_entry_inwards(core, a["apr1"], igm.igm_no)
    done = []
    for n, first in ((1, False), (2, False), (3, True)):
        be = bes.file_be(core, a["opr1"], {
            "be_type": "H", "iec": IEC_PHARMA, "igm_no": igm.igm_no, "bl_no": f"098-DEMO-{n}",
            "currency": "USD", "terms_of_invoice": "CIF", "invoice_value": str(1000 * n),
            "first_check": first,
            "items": [{"tariff_item": "32089090", "description": "Paint, non-aqueous",
                       "quantity": str(500 * n), "uqc": "KGS", "value": str(1000 * n)}]})
        bes.print_checklist(core, a["opr1"], be.job_no)
        done.append(bes.submit_be(core, a["opr1"], be.job_no).be_no)
    clr.assess(core, a["apr1"], done[0])
    clr.pay_duty(core, a["opr1"], done[0], "online")
    clr.register_goods(core, a["exm1"], done[0])
    clr.examine(core, a["exm1"], done[0], "10 drums of paint as declared")
    clr.give_out_of_charge(core, a["apr1"], done[0])


def _be(core: Core, opr, igm_no: int, bl: str, item: dict, **head: Any) -> bes.BeView:
    value = item["value"]
    be = bes.file_be(core, opr, {"be_type": "H", "iec": IEC_PHARMA, "igm_no": igm_no,
                                 "bl_no": bl, "currency": "USD", "terms_of_invoice": "CIF",
                                 "invoice_value": value,
                                 "items": [item], **head})
    bes.print_checklist(core, opr, be.job_no)
    return bes.submit_be(core, opr, be.job_no)


def build_rules(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.Igm).where(t.Igm.voyage == RULES_VOYAGE)).first():
            return
    a = ctx["actors"]
    today = core.today()
    licences.receive_from_dgft(core, a["sys1"], {
        "licence_no": DES, "kind": "des", "iec": IEC_PHARMA,
        "issued_on": today.replace(year=today.year - 1).isoformat(),
        "valid_to": today.replace(year=today.year + 1).isoformat(),
        "export_obligation": "1500000",
        "export_items": [{"description": "Paints and varnishes", "quantity": "20000",
                          "uqc": "KGS"}],
        "part_c": [{"description": "Paint, non-aqueous (input)", "quantity": "5000",
                    "uqc": "KGS", "value": "800000", "used_quantity": "1000",
                    "used_value": "160000"}]})
    bls = ("098-HSS-1", "098-AMD-2", "098-ADD-3", "098-LIC-4")
    igm = manifests.file_igm(core, a["car1"], "AI", today, [
        *({"bl_no": bl, "importer_name": "Andhra Pharma Exports", "packages": 5,
           "package_kind": "PKG", "gross_weight_kg": "250", "description": "general cargo"}
          for bl in bls), *FREE_LINES], voyage=RULES_VOYAGE)  # entry inwards not yet granted
    opr = a["opr1"]
    paint = {"tariff_item": "32089090", "description": "Paint, non-aqueous", "quantity": "500",
             "uqc": "KGS", "value": "1000"}
    _be(core, opr, igm.igm_no, bls[0], paint,
        high_sea_sale={"seller_iec": IEC_MARINE, "charge_rate": "2"})
    amended = _be(core, opr, igm.igm_no, bls[1], paint, terms_of_invoice="FOB",
                  freight="40", insurance="10")
    clr.assess(core, a["apr1"], amended.be_no)
    clr.pay_duty(core, opr, amended.be_no, "online")
    req = amd.request_amendment(core, opr, amended.be_no, {"freight": "150"},
                                "air freight under-declared: the carrier's invoice")
    amd.approve_amendment(core, a["acdc1"], req.id)
    amd.accept_amendment(core, a["apr1"], req.id)
    amd.incorporate_amendment(core, a["acdc1"], req.id)
    clr.assess(core, a["apr1"], amended.be_no)  # the differential duty challan is due
    _be(core, opr, igm.igm_no, bls[2], {
        "tariff_item": "76061200", "description": "Aluminium alloy sheets", "quantity": "2000",
        "uqc": "KGS", "value": "6000", "origin_country": "CN",
        "add_notification": "D1/2026-Cus(ADD)", "add_item_sl": 1, "add_producer_sl": 2})
    _be(core, opr, igm.igm_no, bls[3], {**paint, "licence_no": DES, "licence_sl": 1})
    request = tra.key_tra(core, a["clk1"], {
        "licence_no": DES, "port_of_use": "INKRW1",
        "items": [{"licence_sl": 1, "quantity": "1000", "value": "150000"}]})
    tra.print_checklist(core, a["clk1"], request.id)
    tra.issue_tra(core, a["apr1"], request.id, "original licence seen; balance confirmed")

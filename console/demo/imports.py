"""Demo: the import side at Visakhapatnam (imports.md). An IGM of Air India's flight
AI-202 with three lines; one BE taken through to Out of Charge, one self-assessed and
waiting for the appraiser (second check), one on first check waiting for examination.
Idempotent: skipped once the demo IGM exists."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.demo.exports import IEC_PHARMA
from console.services import be_clearance as clr
from console.services import bills_of_entry as bes
from console.services import manifests

VOYAGE = "AI-202-DEMO"


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
            "currency": "USD", "invoice_value": str(1000 * n), "first_check": first,
            "items": [{"tariff_item": "32089090", "description": "Paint, non-aqueous",
                       "quantity": str(500 * n), "uqc": "KGS", "value": str(1000 * n)}]})
        bes.print_checklist(core, a["opr1"], be.job_no)
        done.append(bes.submit_be(core, a["opr1"], be.job_no).be_no)
    clr.assess(core, a["apr1"], done[0])
    clr.pay_duty(core, a["opr1"], done[0], "online")
    clr.register_goods(core, a["exm1"], done[0])
    clr.examine(core, a["exm1"], done[0], "10 drums of paint as declared")
    clr.give_out_of_charge(core, a["apr1"], done[0])

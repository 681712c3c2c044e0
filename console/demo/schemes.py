"""Demo: scheme licences (EXP-REG-9, EXP-LIC-1). Andhra Pharma's Advance Authorisation
0310099887 arrives online from DGFT (two export items, three Part-C inputs); an older
licence of the same exporter is registered at Visakhapatnam and gets its registration
number. Runs before the Shipping Bills so they may quote them. Idempotent.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.demo.exports import IEC_PHARMA
from console.services import licences

ADVANCE = "0310099887"
OLD = "0310012345"


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.Licence).where(t.Licence.licence_no == ADVANCE)).first():
            return
    a = ctx["actors"]
    today = core.today()
    licences.receive_from_dgft(core, a["sys1"], {
        "licence_no": ADVANCE, "kind": "advance", "iec": IEC_PHARMA,
        "issued_on": today.replace(year=today.year - 1).isoformat(),
        "valid_to": today.replace(year=today.year + 1).isoformat(),
        "export_obligation": "2500000",
        "export_items": ["Paracetamol tablets 500 mg", "Medicaments, other formulations"],
        "part_c": ["Paracetamol IP (bulk drug)", "Microcrystalline cellulose",
                   "Blister foil, aluminium"]})
    licences.register_at_port(core, a["clk1"], {
        "licence_no": OLD, "kind": "advance", "iec": IEC_PHARMA,
        "issued_on": today.replace(year=today.year - 2).isoformat(),
        "valid_to": today.replace(year=today.year + 1).isoformat(),
        "export_items": ["Medicaments containing antibiotics"],
        "part_c": ["Amoxicillin trihydrate"]})

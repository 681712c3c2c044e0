"""Demo: scheme licences and scheme Shipping Bills (EXP-REG-9, EXP-LIC-1, EXP-DEPB-1..4).

``build`` (before the Shipping Bills, so they may quote the licences): Andhra Pharma's
Advance Authorisation 0310099887 arrives online from DGFT (two export items, three Part-C
inputs); an older licence of the same exporter is registered at Visakhapatnam and gets its
registration number; Sagar Marine's EPCG licence 0330044556 (obligation Rs 60,00,000 FOB)
arrives from DGFT.

``build_shipping_bills`` (after the other sections): two DEPB SBs of Andaman Coconut at Let
Export, one of them assessed provisionally by the AC/DC (NOT VALID FOR DEPB, EP copy held
until finalisation) and one where the exporter accepted a lower value for credit; and a
Sagar Marine SB under the EPCG licence at Let Export, counted towards its obligation.
Both idempotent.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.acts.sb import S
from console.core import Core
from console.demo import exports as ex
from console.demo.exports import IEC_COCONUT, IEC_MARINE, IEC_PHARMA
from console.services.exports import assessment, examination, leo
from console.services.schemes import depb, licences

ADVANCE = "0310099887"
OLD = "0310012345"
EPCG = "0330044556"
MARK = "Demo Scheme Buyer"  # recipient of the scheme SBs (idempotency)


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
        "export_items": [
            {"description": "Paracetamol tablets 500 mg", "quantity": "20000", "uqc": "KGS",
             "value": "1500000"},
            {"description": "Medicaments, other formulations", "quantity": "10000",
             "uqc": "KGS", "value": "1000000"}],
        "part_c": [
            {"description": "Paracetamol IP (bulk drug)", "quantity": "16000", "uqc": "KGS",
             "value": "600000"},
            {"description": "Microcrystalline cellulose", "quantity": "3000", "uqc": "KGS"},
            "Blister foil, aluminium"]})
    licences.register_at_port(core, a["clk1"], {
        "licence_no": OLD, "kind": "advance", "iec": IEC_PHARMA,
        "issued_on": today.replace(year=today.year - 2).isoformat(),
        "valid_to": today.replace(year=today.year + 1).isoformat(),
        "export_items": ["Medicaments containing antibiotics"],
        "part_c": ["Amoxicillin trihydrate"]})
    licences.receive_from_dgft(core, a["sys1"], {
        "licence_no": EPCG, "kind": "epcg", "iec": IEC_MARINE,
        "issued_on": today.replace(year=today.year - 1).isoformat(),
        "valid_to": today.replace(year=today.year + 5).isoformat(),
        "export_obligation": "6000000",
        "export_items": [{"description": "Frozen fish and fish fillets", "quantity": "50000",
                          "uqc": "KGS"}]})


def _declaration(core: Core, iec: str, prefix: str, quantity: str, scheme: str,
                 **item: str) -> dict:
    data = ex.declaration(core, iec, prefix, quantity=quantity, scheme=scheme)
    data["recipient_name"] = MARK
    data["items"][0].update(item)
    return data


def _to_leo(core: Core, a: dict, sb, samples: str = "") -> Any:
    sb = ex.arrive(core, a, ex.through_assessment(core, a, sb))
    if sb.state == S.UNDER_EXAMINATION:
        if samples:  # ordered on assessment (EXP-ASM-4): drawn before the report
            examination.draw_samples(core, a[sb.goods.examiner], sb.sb_no, samples,
                                     "Market enquiry, DEPB cell", purpose="market")
        sb = ex.examine(core, a, sb)
    return leo.give_let_export_order(core, a["apr2"], sb.sb_no)


def build_shipping_bills(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.ShippingBill).where(t.ShippingBill.recipient_name == MARK)).first():
            return
    a, opr = ctx["actors"], ctx["actors"]["opr1"]
    made: dict[str, int] = {}
    # DEPB 90/12 at 5 %: the exporter accepts USD 900 of the USD 1,000 declared (EXP-DEPB-3)
    sb = ex.file(core, opr, _declaration(core, IEC_COCONUT, "08", "100", "depb",
                                         depb_group="90", depb_item="12"))
    sb = ex.through_assessment(core, a, sb)
    depb.accept_lower_value(core, a["apr1"], sb.sb_no, 1, "900")
    made["depb"] = _to_leo(core, a, sb).sb_no
    # DEPB 90/13 at 20 %: the DEPB cell, then the AC/DC (EXP-ASM-2/3), who assesses
    # provisionally with samples for market enquiry (EXP-DEPB-4): 3 copies with NOT VALID
    # FOR DEPB (EXP-PRT-2)
    sb = ex.file(core, opr, _declaration(core, IEC_COCONUT, "08", "150", "depb",
                                         depb_group="90", depb_item="13"))
    if sb.state == S.AWAITING_ASSESSMENT:
        sb = assessment.assess(core, a["apr1"], sb.sb_no)
    sb = assessment.clear_by_acdc(core, a["acdc1"], sb.sb_no, provisional=True,
                                  samples="2 samples for market enquiry (EXP-DEPB-4)")
    made["depb_provisional"] = _to_leo(core, a, sb, "activated carbon, 500 g").sb_no
    # EPCG: Sagar Marine's frozen fish against export item 1 of its licence (EXP-LIC-1)
    sb = ex.file(core, opr, _declaration(core, IEC_MARINE, "03", "200", "epcg",
                                         licence_no=EPCG, licence_item_sl="1"))
    made["epcg"] = _to_leo(core, a, sb).sb_no
    ctx.setdefault("sb", {}).update(made)

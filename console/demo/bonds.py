"""Demo: the bond section and the warehouse at Visakhapatnam (bonds-warehousing.md).

Andhra Pharma's continuity end-use (EU) bond of Rs 5,00,000 with a BG of Rs 50,000,
asked for by the appraiser, approved by the AC/DC and registered by the bond section
(BND-2, BND-3, BND-4). Flight AI-208 brings four lines; the first two:

* ``098-EU-1``: paint under the EU bond, declared at filing (BND-6); the appraiser fixes
  the debit, the AC/DC approves, the bond section debits it and the duty is paid, so the
  goods wait for registration (BND-7, BND-8).
* ``098-WH-2``: paint and printing ink warehoused (W BE) in the port's default warehouse
  ``VTZ40001`` (WH-1) under a specific warehousing (WH) bond, given Out of Charge: the
  quantity ledger opens for both items (WH-2). An ex-bond (X) BE clears 100 of the 300 kg
  of paint: duty paid, the Superintendent's check made, Out of Charge given, the ledger
  debited to 200 kg (WH-3, WH-4, WH-5).

The bond section's desk (``build_desk``, the other two lines), so a trainer can practise every
bond act at once from the bond register (home F6 Lists) and the bond worklist:

* a continuity PD bond of Andhra Pharma asked for by the appraiser, for the AC/DC to
  approve or cancel (BND-2);
* a continuity RE bond of Sagar Marine approved, its documents waiting for the bond clerk
  to register them with their storage location (BND-3, BND-4);
* a continuity UT undertaking of Sagar Marine registered and debited for a manual BE, its
  validity ending in 20 days (reminders, BND-1, BND-10) and its balance under 10 % of the
  bond (enhancement, BND-10); the WH bond of 098-WH-2 is wholly debited;
* ``098-EU-3``: paint assessed, the appraiser specifies the EU bond 100001 and the AC/DC
  approves: its debit is due (BND-7);
* ``098-EO-4``: an EOU BE with option C (certificate), assessed: a certificate of Andhra
  Pharma from the CGST range is registered, waiting to be attached (BND-11, BND-12).

Idempotent: the first part is skipped once the AI-208 IGM exists, the desk once its BEs
are filed (or where an older demo's IGM has no lines for them).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.demo.exports import IEC_MARINE, IEC_PHARMA
from console.services.bonds import bonds, warehousing
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests

VOYAGE = "AI-208-DEMO"
DESK_LINES = ("098-EU-3", "098-EO-4")  # the bond section's desk (``build_desk``)


def _submit(core: Core, opr, data: dict) -> bes.BeView:
    be = bes.file_be(core, opr, data)
    bes.print_checklist(core, opr, be.job_no)
    return bes.submit_be(core, opr, be.job_no)


def build(core: Core, ctx: dict[str, Any]) -> None:
    build_warehouse(core, ctx)
    build_desk(core, ctx)


def build_warehouse(core: Core, ctx: dict[str, Any]) -> None:
    """The EU bond and its debit; the W BE, its ledger and an ex-bond clearance."""
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
        for bl in ("098-EU-1", "098-WH-2", *DESK_LINES)], voyage=VOYAGE)
    manifests.grant_entry_inwards(core, a["apr1"], igm.igm_no)
    opr = a["opr1"]
    head = {"iec": IEC_PHARMA, "igm_no": igm.igm_no, "currency": "USD",
            "terms_of_invoice": "CIF"}

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


def build_desk(core: Core, ctx: dict[str, Any]) -> None:
    """The bond section's desk: a bond in every state the clerk and the AC/DC work on, a
    debit due, a certificate to attach (see the module docstring)."""
    with core.db.read() as s:
        igm = s.exec(select(t.Igm).where(t.Igm.voyage == VOYAGE)).first()
        line = s.exec(select(t.IgmLine).where(t.IgmLine.igm_id == igm.id,
                                              t.IgmLine.bl_no == DESK_LINES[0])).first() \
            if igm else None
        if line is None or s.exec(select(t.BillOfEntry.id).where(
                t.BillOfEntry.igm_line_id == line.id)).first():
            return
        igm_no = igm.igm_no
        eu_no = s.exec(select(t.Bond.bond_no).where(
            t.Bond.iec == IEC_PHARMA, t.Bond.bond_type == "EU",
            t.Bond.bond_no.is_not(None)).order_by(t.Bond.bond_no)).first()
    a = ctx["actors"]
    today = core.today()
    year = today + timedelta(days=365)
    bonds.request_bond(core, a["apr1"], IEC_PHARMA, "PD", "250000", year, bg_amount="25000",
                       bg_ref="Canara Bank BG 1187/2026")
    re_bond = bonds.request_bond(core, a["apr1"], IEC_MARINE, "RE", "300000", year,
                                 surety="Vizag Marine Exporters Association")
    bonds.approve_bond(core, a["acdc1"], re_bond.id)
    ut = bonds.request_bond(core, a["apr1"], IEC_MARINE, "UT", "100000",
                            today + timedelta(days=20))
    bonds.approve_bond(core, a["acdc1"], ut.id)
    ut = bonds.register_bond(core, a["bnd1"], ut.id, "Bond room, almirah 1, shelf 4")
    bonds.debit_manual_be(core, a["bnd1"], ut.bond_no, 4711, today - timedelta(days=12),
                          "92000")

    opr = a["opr1"]
    head = {"iec": IEC_PHARMA, "igm_no": igm_no, "currency": "USD", "be_type": "H",
            "terms_of_invoice": "CIF"}
    paint = {"tariff_item": "32089090", "description": "Paint, non-aqueous",
             "quantity": "200", "uqc": "KGS", "value": "400"}
    due = _submit(core, opr, {**head, "bl_no": DESK_LINES[0], "invoice_value": "400",
                              "items": [paint]})
    clr.assess(core, a["apr1"], due.be_no)
    if eu_no:
        bonds.specify_bond(core, a["apr1"], due.be_no, "EU", amount="15000",
                           bg_amount="1500", bond_no=eu_no)
        bonds.approve_specification(core, a["acdc1"], due.be_no)

    eou = _submit(core, opr, {**head, "bl_no": DESK_LINES[1], "invoice_value": "400",
                              "eou_option": "C", "items": [paint]})
    clr.assess(core, a["apr1"], eou.be_no)
    bonds.register_certificate(core, a["bnd1"], IEC_PHARMA, "CGST Range II, Visakhapatnam",
                               "PC/EOU/118/2026", today - timedelta(days=3))

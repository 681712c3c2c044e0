"""Helpers for the bond and warehousing tests: IGMs and BEs at Visakhapatnam (INVTZ4), a
registered continuity bond, a W BE taken to Out of Charge, and a snapshot of every row a
refusal must leave alone.

The standard H BE: paint 32089090 (BCD 10 %, IGST 18 %), 500 kg, USD 1,000 at 88.90: AV
Rs 88,900.00, duty Rs 27,541.22 (tests/test_imports.py). The standard W BE: paint 300 kg
USD 600 and printing ink 32151190 (BCD 10 %, IGST 18 %) 100 kg USD 400: AV Rs 88,900.00,
duty Rs 27,541.22 (each item's share, worked in tests/test_warehousing.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.services.bonds import bonds
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests
from tests.sb_support import IEC_MARINE, IEC_PHARMA  # noqa: F401  (re-exported)

PAINT, INK = "32089090", "32151190"
_seq = iter(range(1, 10_000))


def igm(core, a, lines: int = 1):
    """An IGM arriving today with ``lines`` lines, entry inwards granted."""
    n = next(_seq)
    v = manifests.file_igm(core, a["car1"], "AI", core.today(), [
        {"bl_no": f"BND-{n}-{i}", "importer_name": "Andhra Pharma Exports", "packages": 10,
         "package_kind": "DRM", "gross_weight_kg": "500", "description": "paints and inks"}
        for i in range(1, lines + 1)], voyage=f"AI-9{n:03d}")
    return manifests.grant_entry_inwards(core, a["apr1"], v.igm_no)


def declaration(core, a, be_type: str = "H", **extra) -> dict:
    """Annexure C on a fresh IGM line: the standard H BE, or the standard W BE for
    ``be_type`` W."""
    m = igm(core, a)
    items = ([{"tariff_item": PAINT, "description": "Paint, non-aqueous", "quantity": "300",
               "uqc": "KGS", "value": "600"},
              {"tariff_item": INK, "description": "Printing ink, black", "quantity": "100",
               "uqc": "KGS", "value": "400"}] if be_type == "W" else
             [{"tariff_item": PAINT, "description": "Paint, non-aqueous", "quantity": "500",
               "uqc": "KGS", "value": "1000"}])
    return {"be_type": be_type, "iec": IEC_PHARMA, "igm_no": m.igm_no,
            "bl_no": m.lines[0].bl_no, "currency": "USD", "terms_of_invoice": "CIF",
            "invoice_value": "1000",
            "items": items, **extra}


def submitted(core, a, be_type: str = "H", **extra) -> bes.BeView:
    """``declaration`` filed, its checklist printed, submitted (self-assessed)."""
    be = bes.file_be(core, a["opr1"], declaration(core, a, be_type, **extra))
    bes.print_checklist(core, a["opr1"], be.job_no)
    return bes.submit_be(core, a["opr1"], be.job_no)


def assessed(core, a, **extra) -> bes.BeView:
    be = submitted(core, a, **extra)
    return clr.assess(core, a["apr1"], be.be_no)


def continuity_bond(core, a, bond_type: str = "EU", amount: str = "100000",
                    bg: str = "10000", valid_to: date | None = None) -> bonds.BondView:
    """Asked for by apr1, approved by acdc1, registered by bnd1."""
    r = bonds.request_bond(core, a["apr1"], IEC_PHARMA, bond_type, amount,
                           valid_to or core.today() + timedelta(days=365), bg_amount=bg)
    bonds.approve_bond(core, a["acdc1"], r.id)
    return bonds.register_bond(core, a["bnd1"], r.id, "Bond room, almirah 1")


def bonded(core, a, bond: bonds.BondView, amount: str = "30000", bg: str = "3000", *,
           debit: bool = True, pay: bool = True, **extra) -> bes.BeView:
    """The standard H BE assessed, the continuity ``bond`` specified and approved, debited
    and the duty paid (each optional)."""
    be = assessed(core, a, **extra)
    bonds.specify_bond(core, a["apr1"], be.be_no, bond.bond_type, amount=amount,
                       bg_amount=bg, bond_no=bond.bond_no)
    bonds.approve_specification(core, a["acdc1"], be.be_no)
    if debit:
        bonds.debit_bond(core, a["bnd1"], bond.bond_no, be.be_no)
    if pay:
        clr.pay_duty(core, a["opr1"], be.be_no, "online")
    return bes.get_be(core, be.be_no)


def warehoused(core, a, clock=None, when: datetime | None = None, **extra) -> bes.BeView:
    """The standard W BE filed, assessed, under a specific WH bond (debited), examined and
    given Out of Charge on ``when`` (the clock goes back to where it was)."""
    before = clock.now() if clock else None
    if clock and when:
        clock.set(when)
    try:
        be = assessed(core, a, be_type="W", **extra)
        spec = bonds.specify_bond(core, a["apr1"], be.be_no, "WH",
                                  valid_to=date(core.today().year + 2, 12, 31))
        bonds.approve_specification(core, a["acdc1"], be.be_no)
        bond = bonds.register_bond(core, a["bnd1"], spec.bond_request, "Bond room, almirah 4")
        bonds.debit_bond(core, a["bnd1"], bond.bond_no, be.be_no)
        clr.register_goods(core, a["exm1"], be.be_no)
        clr.examine(core, a["exm1"], be.be_no, "as declared")
        return clr.give_out_of_charge(core, a["apr2"], be.be_no)
    finally:
        if clock and when:
            clock.set(before)


def ex_bond(core, a, w: bes.BeView, *quantities: tuple[int, str]) -> bes.BeView:
    """An X BE against ``w`` for (W item sl, quantity) pairs, submitted."""
    be = bes.file_be(core, a["opr1"], {
        "be_type": "X", "wh_be_no": w.be_no, "wh_be_date": w.be_date.isoformat(),
        "items": [{"wh_sl": sl, "quantity": q} for sl, q in quantities]})
    bes.print_checklist(core, a["opr1"], be.job_no)
    return bes.submit_be(core, a["opr1"], be.job_no)


def snapshot(core) -> dict:
    """Every row of the bond and warehouse tables, the BEs' states and versions and the
    audit trail's length: a refusal leaves them all as they were."""
    out = {}
    with core.db.read() as s:
        for table in (t.Bond, t.BondLedger, t.BeBond, t.BondCertificate, t.Warehousing,
                      t.WarehouseLedger, t.ExBond, t.ExBondItem):
            out[table.__name__] = [r.model_dump() for r in s.exec(
                select(table).order_by(table.id))]
        out["bes"] = s.exec(select(t.BillOfEntry.job_no, t.BillOfEntry.be_no,
                                   t.BillOfEntry.state, t.BillOfEntry.version,
                                   t.BillOfEntry.duty_paise)
                            .order_by(t.BillOfEntry.job_no)).all()
        out["audit"] = s.exec(select(func.count()).select_from(t.AuditRecord)).one()
    return out

"""Demo Shipping Bills in every state of the life cycle, filed through the services.

At INVTZ4: draft, checklist printed, each RMS route, AC/DC clearance pending,
query pending, goods registered, under examination, examined, referred to the
AC/DC, let export, exported (with an EGM) and lapsed; at INIXZ1 a draft and a
submitted SB. Idempotent: skipped when the demo SBs exist (marked by the
recipient name).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import select

import db.tables as t
from console.acts.sb import S
from console.clock import FixedClock
from console.core import Core
from console.services.admin.registries import register_ad
from console.services.exports import assessment, egm, examination, filing, leo, queries
from console.services.exports.sb_common import SbView

MARK = "Demo Buyer"
IEC_PHARMA, IEC_MARINE, IEC_STEEL, IEC_COCONUT, IEC_HANDLOOM = (
    "AAPCA1234F", "AABCS5678K", "AAFCV9876Q", "AADCP4321M", "0809013479")


def _tariff(s, prefix: str, avoid: str = "") -> t.TariffItem:
    """A tariff item under ``prefix`` (falls back to any item not under ``avoid``)."""
    rows = s.exec(select(t.TariffItem).order_by(t.TariffItem.item)).all()
    for row in rows:
        if row.item.startswith(prefix):
            return row
    return next(r for r in rows if not (avoid and r.item.startswith(avoid)))


def _serial(s, item: str) -> str:
    """A drawback serial for the item's heading, else the first in the schedule."""
    rows = s.exec(select(t.DrawbackRate).where(t.DrawbackRate.rate_pct.is_not(None))
                  .order_by(t.DrawbackRate.serial)).all()
    for r in rows:
        if r.serial[:4] == item[:4]:
            return r.serial
    return rows[0].serial if rows else "98.01"


def _scheme(s, category: str, default: str) -> str:
    row = s.exec(select(t.SchemeCode).where(t.SchemeCode.category == category)
                 .order_by(t.SchemeCode.code)).first()
    return row.code if row else default


def declaration(core: Core, iec: str, prefix: str, *, quantity: str = "100",
                unit_price: str = "10", scheme: str = "free", drawback: bool = False,
                packages: int = 10, avoid: str = "", items: int = 1,
                location: str = "INVTZ4") -> dict[str, Any]:
    """A complete declaration for ``iec`` with ``items`` lines under tariff ``prefix``."""
    with core.db.read() as s:
        tariff = _tariff(s, prefix, avoid)
        item, description, uqc = tariff.item, tariff.description[:100], tariff.uqc
        dbk = _serial(s, item) if drawback else ""
        code = _scheme(s, "drawback" if drawback else scheme, "00")
        ad = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == iec, t.AdRegistration.port_code == location)).first()
        if dbk:
            rate = s.exec(select(t.DrawbackRate).where(t.DrawbackRate.serial == dbk)).first()
            if rate and rate.cap_per_unit is not None and rate.uqc:
                uqc = rate.uqc
    value = Decimal(quantity) * Decimal(unit_price)
    return {
        "iec": iec, "port_of_loading": location, "country_of_destination": "US",
        "port_of_destination": "USNYC", "nature_of_contract": "FOB",
        "ad_code": ad, "gst_invoice_type": "LUT",
        "recipient_name": MARK, "recipient_address": "1 Harbor Street, New York",
        "place_of_delivery": "New York", "incoterms_place": f"FOB {location}",
        "packages": packages, "package_kind": "BOX", "marks": "DEMO 1-UP",
        "gross_weight_kg": "120", "net_weight_kg": "100", "sdf_declared": True,
        "invoices": [{"invoice_no": f"INV/{iec[-4:]}/{prefix}", "invoice_date": "2026-10-30",
                      "currency": "USD", "invoice_value": str(value * items)}],
        "items": [{"tariff_item": item, "description": description,
                   "quantity": quantity, "uqc": uqc, "unit_price": unit_price,
                   "scheme_code": code, "dbk_serial": dbk, "end_use": "GNX100"}
                  for _ in range(items)],
    }


def file(core: Core, opr, data: dict, *, submit: bool = True) -> SbView:
    view = filing.create_draft(core, opr, data)
    view = filing.print_checklist(core, opr, view.job_no)
    return filing.submit_sb(core, opr, view.job_no) if submit else view


def arrive(core: Core, a: dict, sb: SbView) -> SbView:
    examination.admit_goods(core, a["cus1"], sb.sb_no)
    return examination.register_goods(core, a["exm1"], sb.sb_no, sb.packages, vehicle_no="AP31X1")


def examine(core: Core, a: dict, sb: SbView, **kw) -> SbView:
    return examination.enter_examination_report(
        core, a[sb.goods.examiner], sb.sb_no, "Goods as declared; packages opened and checked",
        representative="R. Babu, ID 4471", **kw)


def through_assessment(core: Core, a: dict, sb: SbView) -> SbView:
    if sb.state == S.AWAITING_ASSESSMENT:
        sb = assessment.assess(core, a["apr1"], sb.sb_no)
    if sb.state == S.AWAITING_ACDC:
        sb = assessment.clear_by_acdc(core, a["acdc1"], sb.sb_no)
    for ccr in sb.ccrs:
        sb = assessment.decide_ccr(core, a["apr1"], sb.sb_no, ccr.code, complied=True)
    if sb.cess and sb.cess_challan_no:
        sb = leo.pay_cess(core, a["opr1"], sb.sb_no)
    return sb


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.ShippingBill).where(t.ShippingBill.recipient_name == MARK)).first():
            return
    a = ctx["actors"]
    opr = a["opr1"]
    # Andaman Coconut also ships through Visakhapatnam: its AD account there (EXP-REG-4)
    with core.db.read() as s:
        have = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == IEC_COCONUT)).all()
        there = s.exec(select(t.AdRegistration).where(t.AdRegistration.iec == IEC_COCONUT,
                                                      t.AdRegistration.port_code == "INVTZ4")
                       ).first()
    if have and there is None:
        register_ad(core, a["clk1"], IEC_COCONUT, have[0], "INVTZ4")
    made: dict[str, int] = {}

    # lapsed: filed 20 days ago, goods never registered (EXP-FIL-5)
    real_clock = core.clock
    core.clock = FixedClock(real_clock.now() - timedelta(days=20))
    try:
        old = file(core, opr, declaration(core, IEC_HANDLOOM, "52", quantity="50"))
    finally:
        core.clock = real_clock
    filing.lapse_overdue(core, a["acdc1"])
    made["lapsed"] = old.sb_no

    made["draft"] = filing.create_draft(core, opr, declaration(core, IEC_PHARMA, "30")).job_no
    made["checklist"] = file(core, opr, declaration(core, IEC_HANDLOOM, "52"),
                             submit=False).job_no
    # facilitated (trusted exporter), left waiting for the goods
    made["facilitated"] = file(core, opr, declaration(core, IEC_MARINE, "09", avoid="03")).sb_no
    # assessment and examination with a drug-controller CCR, waiting for the Appraiser
    made["awaiting_assessment"] = file(core, opr, declaration(core, IEC_PHARMA, "3004")).sb_no
    # duty-free above ₹10 lakh: waits for the AC/DC (EXP-ASM-1.i)
    made["awaiting_acdc"] = file(core, opr, declaration(
        core, IEC_STEEL, "72", quantity="1000", unit_price="200")).sb_no
    # marine products: assessment only, assessed, goods not yet here
    sb = file(core, opr, declaration(core, IEC_MARINE, "03"))
    made["assessed"] = through_assessment(core, a, sb).sb_no
    # query pending (raised by the Appraiser, approved by the AC/DC)
    sb = file(core, opr, declaration(core, IEC_MARINE, "03", quantity="80"))
    queries.raise_query(core, a["apr1"], sb.sb_no, [
        "Produce the MPEDA registration certificate", "Give the species and count per kg"])
    made["query_pending"] = queries.approve_query(core, a["acdc1"], sb.sb_no).sb_no
    # facilitated, goods registered, waiting for LEO
    sb = file(core, opr, declaration(core, IEC_MARINE, "09", avoid="03", quantity="60"))
    made["goods_registered"] = arrive(core, a, sb).sb_no
    # pharma: assessed, goods registered, under examination
    sb = through_assessment(core, a, file(core, opr, declaration(core, IEC_PHARMA, "3004",
                                                                  quantity="70")))
    made["under_examination"] = arrive(core, a, sb).sb_no
    # examined, waiting for LEO
    sb = through_assessment(core, a, file(core, opr, declaration(core, IEC_PHARMA, "3004",
                                                                  quantity="90")))
    made["examined"] = examine(core, a, arrive(core, a, sb)).sb_no
    # examined with a variation, referred to the AC/DC
    sb = through_assessment(core, a, file(core, opr, declaration(core, IEC_PHARMA, "3004",
                                                                  quantity="110")))
    sb = examine(core, a, arrive(core, a, sb), variation=True,
                 variation_note="Found 120 units against 110 declared")
    made["referred_acdc"] = examination.mark_variation(core, a["apr1"], sb.sb_no).sb_no
    # let export (a drawback SB), and two exported under one EGM
    done = []
    for iec, prefix, qty in ((IEC_COCONUT, "08", "300"), (IEC_HANDLOOM, "52", "70"),
                             (IEC_MARINE, "03", "40")):
        sb = through_assessment(core, a, file(core, opr, declaration(
            core, iec, prefix, quantity=qty, drawback=True, location="INVTZ4")))
        sb = arrive(core, a, sb)
        if sb.state == S.UNDER_EXAMINATION:
            sb = examine(core, a, sb)
        done.append(leo.give_let_export_order(core, a["apr2"], sb.sb_no))
    made["let_export"] = done[0].sb_no
    egm.enter_stuffing_report(core, a["exm1"], done[1].sb_no, container_no="AIAU1234567",
                              seal_no="S-0091")
    manifest = egm.file_egm(core, a["car1"], "AI", [done[1].sb_no, done[2].sb_no],
                            voyage="AI-9721")
    made["exported"] = done[1].sb_no
    ctx["egm"] = manifest.egm_no

    # Port Blair: a draft and a submitted SB
    blair = a["opr9"]
    made["blair_draft"] = filing.create_draft(core, blair, declaration(
        core, IEC_COCONUT, "08", location="INIXZ1")).job_no
    made["blair_submitted"] = file(core, blair, declaration(
        core, IEC_COCONUT, "08", quantity="20", location="INIXZ1")).sb_no
    ctx["sb"] = made
    ctx["count_sb"] = len(made)

"""Helpers for the Shipping Bill tests: declarations built from the reference data,
and a short way to move an SB along its life cycle through the services."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.demo.exports import (  # noqa: F401  (re-exported for the tests)
    IEC_COCONUT,
    IEC_HANDLOOM,
    IEC_MARINE,
    IEC_PHARMA,
    IEC_STEEL,
    declaration,
)
from console.services.exports import assessment, examination, filing, leo
from console.services.exports.sb_common import SbView


def file(core, a, data, *, submit: bool = True, opr: str = "opr1") -> SbView:
    view = filing.create_draft(core, a[opr], data)
    view = filing.print_checklist(core, a[opr], view.job_no)
    return filing.submit_sb(core, a[opr], view.job_no) if submit else view


def assessed(core, a, sb: SbView) -> SbView:
    """Assess / clear / comply CCRs / pay cess as the route needs."""
    if sb.state == "awaiting_assessment":
        sb = assessment.assess(core, a["apr1"], sb.sb_no)
    if sb.state == "awaiting_acdc":
        sb = assessment.clear_by_acdc(core, a["acdc1"], sb.sb_no)
    for ccr in sb.ccrs:
        sb = assessment.decide_ccr(core, a["apr1"], sb.sb_no, ccr.code, complied=True)
    if sb.cess and not sb.cess_paid_at:
        sb = leo.pay_cess(core, a["opr1"], sb.sb_no)
    return sb


def registered(core, a, sb: SbView) -> SbView:
    examination.admit_goods(core, a["cus1"], sb.sb_no)
    return examination.register_goods(core, a["exm1"], sb.sb_no, sb.packages)


def examined(core, a, sb: SbView, **kw) -> SbView:
    return examination.enter_examination_report(core, a[sb.goods.examiner], sb.sb_no,
                                                "as declared", **kw)


def snapshot(core) -> dict:
    """Row counts and the audit head: to prove a refusal changed nothing."""
    with core.db.read() as s:
        counts = {tbl.__name__: s.exec(select(func.count()).select_from(tbl)).one()
                  for tbl in (t.ShippingBill, t.SbItem, t.SbInvoice, t.SbCcr, t.SbQuery,
                              t.GoodsRegistration, t.Examination, t.Sample, t.Egm,
                              t.AuditRecord)}
        counts["states"] = tuple(s.exec(select(t.ShippingBill.state, t.ShippingBill.version)
                                        .order_by(t.ShippingBill.id)).all())
        counts["series"] = tuple(s.exec(select(t.NumberSeries.name, t.NumberSeries.next_value)
                                        .order_by(t.NumberSeries.name)).all())
        return counts

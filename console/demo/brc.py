"""Demo: realisation of export proceeds (EXP-BRC-1..5).

Coromandel Handlooms declares its AD at Visakhapatnam (EXP-BRC-1) and three of its
drawback SBs are filed and let for export on past dates (the clock is moved back for
each): about 660 days ago (overdue over a year: the AC/DC has started recovery), 480 days
ago (overdue, pending) and 400 days ago (realised: a BRC keyed under option 1). The
drawback SBs let for export by the exports demo today are pending, not yet due.
Idempotent: skipped once the demo BRC exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

import db.tables as t
from console.acts.sb import S
from console.clock import FixedClock
from console.core import Core
from console.demo.exports import (
    IEC_HANDLOOM,
    arrive,
    declaration,
    examine,
    file,
    through_assessment,
)
from console.services.exports import leo
from console.services.schemes import brc

DEMO_BRC = "BRC/DEMO/0001"
AGES = (660, 480, 400)  # days before now: recovery, overdue pending, realised


def build(core: Core, ctx: dict[str, Any]) -> None:
    with core.db.read() as s:
        if s.exec(select(t.BrcEntry).where(t.BrcEntry.doc_no == DEMO_BRC)).first():
            return
        ad = s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == IEC_HANDLOOM,
            t.AdRegistration.port_code == "INVTZ4")).first()
        declared = s.exec(select(t.BrcAdDeclaration).where(
            t.BrcAdDeclaration.iec == IEC_HANDLOOM)).first()
    if ad is None:
        return
    a = ctx["actors"]
    now = core.now()
    if declared is None:
        brc.declare_ads(core, a["dbk1"], IEC_HANDLOOM, [ad], letter_ref="CH/AD/2024-25",
                        letter_date=(now - timedelta(days=700)).date())
    sbs = []
    real_clock = core.clock
    try:
        for days in AGES:
            when = now - timedelta(days=days)
            core.clock = FixedClock(when)
            data = declaration(core, IEC_HANDLOOM, "52", quantity=str(days // 10),
                               drawback=True)
            data["invoices"][0]["invoice_date"] = (when.date()
                                                   - timedelta(days=3)).isoformat()
            sb = arrive(core, a, through_assessment(core, a, file(core, a["opr1"], data)))
            if sb.state == S.UNDER_EXAMINATION:
                sb = examine(core, a, sb)
            sbs.append(leo.give_let_export_order(core, a["apr2"], sb.sb_no))
    finally:
        core.clock = real_clock
    oldest, _pending, realised = sbs
    brc.record_brc(core, a["dbk1"], IEC_HANDLOOM, ad, DEMO_BRC,
                   (now - timedelta(days=30)).date(), [(realised.sb_no, realised.sb_date)])
    brc.start_recovery(core, a["acdc1"], [oldest.sb_no])
    ctx["brc_sbs"] = [sb.sb_no for sb in sbs]
    ctx["count_brc_sbs"] = len(sbs)

"""Demo supervisors' approvals (EXP-AMD-2/4, EXP-CAN-1, EXP-RMS-3) on the exports
section's SBs, without filing new ones (so SB numbers and worklists elsewhere stay as
they are): the SB at Let Export amended with the Addl. Commissioner's permission and
approved in the system (two versions); a pending amendment of the facilitated SB; a
pending cancellation of the assessed SB; an examination of the facilitated SB at the
shed awaiting the Addl. Commissioner. Idempotent (marked by the reason text)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.services.exports import amendments, cancellations, supervision

MARK = "Demo: exporter's letter"


def build(core: Core, ctx: dict[str, Any]) -> None:
    sbs = ctx.get("sb") or {}
    if not sbs:
        return
    with core.db.read() as s:
        if s.exec(select(t.AmendmentRequest)
                  .where(t.AmendmentRequest.reason.startswith(MARK))).first():
            return
    a = ctx["actors"]
    opr = a["opr1"]
    made: dict[str, int] = {}
    # after LEO: the Addl. Commissioner allows, the AC (Exports) approves in the system
    req = amendments.request_amendment(core, opr, sbs["let_export"], {
        "marks": "DEMO 1-UP / AMENDED", "recipient_address": "2 Harbor Street, New York"},
        f"{MARK}: buyer moved; marks re-stencilled")
    amendments.permit_amendment(core, a["adc1"], req.id, "letter and photographs seen")
    made["amended"] = amendments.approve_in_system(core, a["acdc2"], req.id).id
    made["amendment_pending"] = amendments.request_amendment(
        core, opr, sbs["facilitated"], {"packages": 12, "gross_weight_kg": "130"},
        f"{MARK}: twelve boxes, not ten").id
    made["cancellation_pending"] = cancellations.request_cancellation(
        core, opr, sbs["assessed"], "cancellation", f"{MARK}: order cancelled by the buyer").id
    made["exam_facilitated_pending"] = supervision.request_exam_facilitated(
        core, a["apr2"], sbs["goods_registered"],
        f"{MARK} forwarded by intelligence: possible over-valuation").id
    ctx["approvals"] = made

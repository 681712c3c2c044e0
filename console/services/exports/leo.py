"""Let Export Order (EXP-LEO-1/3, EXP-RMS-5), BRC due date (EXP-PRT-6, EXP-BRC-2),
merchant overtime (EXP-MOT-1) and export cess (EXP-CES-1)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

import db.tables as t
from console.acts.query import PENDING as PENDING_QUERY
from console.acts.sb import SB, CcrStatus, VariationOutcome
from console.clock import add_months
from console.core import Core
from console.errors import RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from console.rules.params import parameter
from console.services.exports.sb_common import (
    SbView,
    needs_examination,
    sb_view,
)
from console.services.schemes import brc, depb


def brc_due_date(s: Session, leo_on: date, location: str) -> date:
    """Realisation due date from the LEO date, period in force on that date (EXP-BRC-2)."""
    return add_months(leo_on, int(parameter(s, "EXP-BRC-2.months", leo_on, location)))


def outside_office_hours(s: Session, at: datetime, location: str) -> bool:
    """After office hours or on a Sunday (non-working day) (EXP-MOT-1)."""
    opens = parameter(s, "EXP-MOT-1.office_open", at.date(), location)
    closes = parameter(s, "EXP-MOT-1.office_close", at.date(), location)
    hour = at.hour + at.minute / 60  # hour of day, not money
    return at.weekday() == 6 or hour < opens or hour >= closes


def leo_blockers(s: Session, sb: t.ShippingBill) -> list[str]:
    """What still stands in the way of LEO (EXP-LEO-3), each naming its rule."""
    out = []
    if s.exec(select(t.SbQuery).where(t.SbQuery.sb_id == sb.id,
                                      t.SbQuery.state.in_(PENDING_QUERY))).first():
        out.append("EXP-QRY-1: a query is pending")
    pending = s.exec(select(t.SbCcr.code).where(t.SbCcr.sb_id == sb.id,
                                                t.SbCcr.status == CcrStatus.PENDING)).all()
    if pending:
        out.append(f"EXP-RMS-2: CCR {', '.join(pending)} neither complied nor commented")
    if sb.acdc_rule and not sb.acdc_cleared_by:
        out.append(f"{sb.acdc_rule}: AC/DC clearance missing")
    exam = s.exec(select(t.Examination).where(t.Examination.sb_id == sb.id)).first()
    if needs_examination(sb) and exam is None:
        out.append("EXP-EXM-1: the route requires an examination report")
    if exam is not None and exam.variation and exam.variation_outcome != VariationOutcome.AGREED:
        out.append("EXP-LEO-2: a variation must be decided by the AC/DC")
    if sb.cess_paise and not sb.cess_paid_at:
        out.append(f"EXP-CES-1: export cess of ₹{sb.cess_paise / 100:.2f} unpaid "
                   f"(challan {sb.cess_challan_no})")
    return out


def give_let_export_order(core: Core, actor: Actor, sb_no: int, *,
                          expected_version: int | None = None) -> SbView:
    """The proper officer (APR) gives LEO, facilitated or not (EXP-LEO-1, EXP-RMS-5)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "leo", sb_no, expected_version=expected_version)
        blockers = leo_blockers(s, sb)
        if blockers:
            raise RuleViolation("EXP-LEO-3", "LEO refused: " + "; ".join(blockers))
        now = core.now()
        exam = s.exec(select(t.Examination).where(t.Examination.sb_id == sb.id)).first()
        port = s.get(t.Port, sb.location_code)
        sb.mot_due = bool(exam and not port.clearance_24x7
                          and outside_office_hours(s, exam.examined_at, sb.location_code))
        sb.leo_by, sb.leo_at = actor.username, now
        sb.brc_due_date = brc_due_date(s, now.date(), sb.location_code)
        why = f"BRC due {sb.brc_due_date:%d.%m.%Y}"
        if sb.mot_due:
            why += "; MOT payable (examined outside office hours)"
        transition(s, core, actor, sb, SB["leo"], reason=why)
        brc.watch_realisation(s, core, actor, sb)  # drawback SBs join the BRC watch (EXP-BRC-3)
        depb.value_at_leo(s, sb, core.today())  # accepted values at the LEO rate (EXP-DEPB-3)
        return sb_view(s, sb)


def pay_cess(core: Core, actor: Actor, sb_no: int, *, paid_at: datetime | None = None) -> SbView:
    """Record the cess challan as paid at the designated bank (EXP-CES-1)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "cess_paid", sb_no)
        if not sb.cess_paise:
            raise RuleViolation("EXP-CES-1", f"SB {sb_no} carries no export cess")
        if sb.cess_challan_no is None:
            raise RuleViolation("EXP-CES-1", f"SB {sb_no}: the cess challan is issued on "
                                "assessment; it is not assessed yet")
        if sb.cess_paid_at:
            raise RuleViolation("EXP-CES-1", f"challan {sb.cess_challan_no} was paid on "
                                f"{sb.cess_paid_at:%d.%m.%Y}")
        sb.cess_paid_at = paid_at or core.now()
        transition(s, core, actor, sb, SB["cess_paid"],
                   reason=f"challan {sb.cess_challan_no}: ₹{sb.cess_paise / 100:.2f}")
        return sb_view(s, sb)

"""Arrival, goods registration, examination and samples (EXP-ARR, EXP-EXM, EXP-EOU, EXP-LEO-2).

When the route needs examination, registration also gives the examination
order: the system names the examining officer and the packages to examine.

* Examining officer: among the EXM officers on duty at the location, the one
  with the fewest SBs now under examination; ties go to the first username.
* Packages: 10% of the packages received, rounded up, at least 2 and at most
  10 (never more than received); their serial numbers are drawn by a
  generator seeded with the SB number, so the same SB always gives the same
  packages (reproducible for audit) and the exporter cannot predict them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console.acts.sb import BEFORE_REGISTRATION, SB, S, VariationOutcome
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.roles import Actor, Role, system_actor
from console.rules.params import parameter
from console.services.exports.sb_common import SbView, needs_examination, sb_view
from db.sequences import next_number

EXAM_SHARE_PCT, EXAM_MIN, EXAM_MAX = 10, 2, 10


def packages_to_examine(sb_no: int, received: int) -> list[int]:
    """Serial numbers of the packages to open (see the module docstring)."""
    count = min(received, max(EXAM_MIN, min(EXAM_MAX, -(-received * EXAM_SHARE_PCT // 100))))
    return sorted(random.Random(f"SB:{sb_no}").sample(range(1, received + 1), count))


def choose_examiner(s: Session, location: str) -> str:
    """The on-duty examiner at ``location`` with the fewest SBs under examination."""
    officers = s.exec(select(t.Officer.username).where(
        t.Officer.role == Role.EXM.value, t.Officer.location_code == location,
        t.Officer.on_duty, t.Officer.disabled.is_(False)).order_by(t.Officer.username)).all()
    if not officers:
        raise RuleViolation("EXP-ARR-2", f"no examining officer is on duty at {location}")
    load = dict(s.exec(
        select(t.GoodsRegistration.examiner, func.count())
        .join(t.ShippingBill, t.ShippingBill.id == t.GoodsRegistration.sb_id)
        .where(t.ShippingBill.state == S.UNDER_EXAMINATION,
               t.GoodsRegistration.examiner.in_(officers))
        .group_by(t.GoodsRegistration.examiner)).all())
    return min(officers, key=lambda u: (load.get(u, 0), u))


def admit_goods(core: Core, actor: Actor, sb_no: int) -> SbView:
    """The custodian admits the goods on the checklist bearing the SB number (EXP-ARR-1)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "admit", sb_no)
        if sb.admitted_at:
            raise RuleViolation("EXP-ARR-1", f"goods of SB {sb_no} were admitted on "
                                f"{sb.admitted_at:%d.%m.%Y %H:%M}")
        sb.admitted_by, sb.admitted_at = actor.username, core.now()
        transition(s, core, actor, sb, SB["admit"], reason="checklist with SB number")
        return sb_view(s, sb)


def register_goods(core: Core, actor: Actor, sb_no: int, packages_received: int, *,
                   vehicle_no: str = "", shed: str = "",
                   expected_version: int | None = None) -> SbView:
    """Register the goods at the shed (Annexure C) after checking the quantity (EXP-ARR-2);
    where the route needs examination, give the examination order."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "register_goods", sb_no, expected_version=expected_version)
        if sb.state in BEFORE_REGISTRATION:
            days = int(parameter(s, "EXP-FIL-5.days", sb.sb_date, sb.location_code))
            if core.today() > sb.sb_date + timedelta(days=days):
                raise RuleViolation("EXP-FIL-5", f"SB {sb_no} of {sb.sb_date:%d.%m.%Y} is more "
                                    f"than {days} days old: it has lapsed, file it again")
        if sb.acdc_rule and not sb.acdc_cleared_by and sb.state in BEFORE_REGISTRATION:
            raise RuleViolation("EXP-ASM-5", f"SB {sb_no} needs AC/DC clearance "
                                f"({sb.acdc_rule}) before its goods may be registered")
        if not sb.admitted_at:
            raise RuleViolation("EXP-ARR-2", f"goods of SB {sb_no} have not arrived: the "
                                "custodian has not admitted them")
        if packages_received != sb.packages:
            raise RuleViolation("EXP-ARR-2", f"{packages_received} package(s) received against "
                                f"{sb.packages} declared: apply for short shipment or amendment")
        goods = t.GoodsRegistration(sb_id=sb.id, packages_received=packages_received,
                                    vehicle_no=vehicle_no.strip()[:20], shed=shed.strip()[:40],
                                    registered_by=actor.username, registered_at=core.now())
        transition(s, core, actor, sb, SB["register_goods"],
                   reason=f"{packages_received} package(s)")
        if needs_examination(sb):
            goods.instructions = "; ".join(x for x in (
                sb.exam_instructions, sb.samples_ordered and f"samples: {sb.samples_ordered}",
                "EOU: verify documents and seal (Annexure C1)" if sb.category == "eou" else "")
                if x)[:500]
            order_examination(s, core, system_actor(sb.location_code), sb, goods)
        s.add(goods)
        return sb_view(s, sb)


def order_examination(s: Session, core: Core, actor: Actor, sb: t.ShippingBill,
                      goods: t.GoodsRegistration, *, why: str = "") -> str:
    """Name the examining officer and the packages to open; the SB goes under examination,
    marked to that officer (EXP-ARR-2). Returns what was ordered."""
    goods.examiner = sb.marked_to = choose_examiner(s, sb.location_code)
    goods.packages_to_examine = ",".join(
        str(p) for p in packages_to_examine(sb.sb_no, goods.packages_received))
    s.add(goods)
    said = f"examiner {goods.examiner}; packages {goods.packages_to_examine}"
    transition(s, core, actor, sb, SB["examination_order"],
               reason=f"{why}; {said}" if why else said)
    return said


def _goods(s: Session, sb: t.ShippingBill) -> t.GoodsRegistration:
    return s.exec(select(t.GoodsRegistration).where(t.GoodsRegistration.sb_id == sb.id)).one()


def enter_examination_report(core: Core, actor: Actor, sb_no: int, report: str, *,
                             packages_examined: str | None = None, variation: bool = False,
                             variation_note: str = "", seal_intact: bool | None = None,
                             representative: str = "",
                             expected_version: int | None = None) -> SbView:
    """The named examining officer enters the report and marks the SB to the Appraiser
    (EXP-EXM-1); for an EOU SB the seal verification (EXP-EOU-1)."""
    if not report.strip():
        raise InvalidInput("report", "the examination report is required", "EXP-EXM-1")
    if variation and not variation_note.strip():
        raise InvalidInput("variation_note", "describe the variation", "EXP-LEO-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "examination_report", sb_no, expected_version=expected_version)
        goods = _goods(s, sb)
        if sb.samples_ordered and not s.exec(select(t.Sample)
                                             .where(t.Sample.sb_id == sb.id)).first():
            raise RuleViolation("EXP-ASM-4", f"samples were ordered ({sb.samples_ordered}): "
                                "draw them before the report")
        examined = goods.packages_to_examine if packages_examined is None else packages_examined
        if sb.category == "eou":
            if seal_intact is None:
                raise InvalidInput("seal_intact", "EOU goods: record whether the seal is intact",
                                   "EXP-EOU-1")
            if seal_intact:
                examined = "" if packages_examined is None else packages_examined
            elif not (packages_examined or "").strip():
                raise RuleViolation("EXP-EOU-1", "seal not intact: examine the goods and record "
                                    "the packages examined")
        s.add(t.Examination(sb_id=sb.id, examiner=actor.username, examined_at=core.now(),
                            packages_examined=(examined or "")[:500], report=report.strip(),
                            variation=variation, variation_note=variation_note.strip()[:500],
                            seal_intact=seal_intact, representative=representative.strip()[:100]))
        why = "variation: " + variation_note.strip() if variation else "in order"
        if seal_intact is not None:
            why += "; seal intact" if seal_intact else "; seal not intact, goods examined"
        transition(s, core, actor, sb, SB["examination_report"], reason=why)
        return sb_view(s, sb)


def draw_samples(core: Core, actor: Actor, sb_no: int, description: str, agency: str, *,
                 purpose: str = "test", expected_version: int | None = None) -> SbView:
    """Draw two samples under one test memo (number from the MEMO series) (EXP-EXM-2)."""
    if not description.strip() or not agency.strip():
        raise InvalidInput("description" if not description.strip() else "agency", "required",
                           "EXP-EXM-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "samples", sb_no, expected_version=expected_version)
        memo = next_number(s, "MEMO")
        for n, keeper in ((1, "original, to the testing agency"),
                          (2, "duplicate, kept by Customs")):
            s.add(t.Sample(sb_id=sb.id, memo_no=memo, agency=agency.strip()[:100],
                           description=f"sample {n} of 2 ({keeper}): {description.strip()}"[:300],
                           purpose=purpose[:20], drawn_by=actor.username, drawn_at=core.now()))
        transition(s, core, actor, sb, SB["samples"],
                   reason=f"test memo {memo}: 2 samples to {agency.strip()}")
        return sb_view(s, sb)


def mark_variation(core: Core, actor: Actor, sb_no: int, note_text: str = "", *,
                   expected_version: int | None = None) -> SbView:
    """The Appraiser marks a variation to the AC/DC (EXP-LEO-2)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "refer_variation", sb_no, expected_version=expected_version)
        exam = s.exec(select(t.Examination).where(t.Examination.sb_id == sb.id)).first()
        if sb.state == S.EXAMINED and exam and not exam.variation:
            exam.variation, exam.variation_note = True, note_text.strip()[:500]
            s.add(exam)
        if exam is None or not (exam.variation or note_text.strip()):
            raise InvalidInput("note", "describe the variation", "EXP-LEO-2")
        transition(s, core, actor, sb, SB["refer_variation"],
                   reason=note_text.strip() or exam.variation_note)
        return sb_view(s, sb)


def decide_variation(core: Core, actor: Actor, sb_no: int, *, exporter_agrees: bool,
                     view: str, expected_version: int | None = None) -> SbView:
    """AC/DC: the exporter agrees with the department's view → assessed again and processed
    finally; disputes → handled outside the EDI system (EXP-LEO-2)."""
    if not view.strip():
        raise InvalidInput("view", "record the department's view", "EXP-LEO-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "decide_variation", sb_no, expected_version=expected_version)
        exam = s.exec(select(t.Examination).where(t.Examination.sb_id == sb.id)).first()
        if exam is not None:
            exam.acdc_view = view.strip()[:500]
            exam.variation_outcome = (VariationOutcome.AGREED if exporter_agrees
                                      else VariationOutcome.DISPUTED)
            s.add(exam)
        if exporter_agrees:
            sb.assessed_by, sb.assessed_at = actor.username, core.now()
        transition(s, core, actor, sb, SB["decide_variation"],
                   to=S.EXAMINED if exporter_agrees else S.OFFLINE,
                   action="reassess" if exporter_agrees else "offline", reason=view.strip())
        return sb_view(s, sb)

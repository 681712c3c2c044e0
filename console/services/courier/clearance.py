"""Clearing a Courier Shipping Bill at the courier terminal: the custodian's X-ray, the
assessing officer's assessment, the examining officer's report and the proper officer's
LEO (the officer route, CSB-4); and Auto-LEO, given by the system the moment its
conditions hold (CSB-2, CSB-3, CSB-5), recorded with the rule and circular (CSB-6).

Design choices the spec leaves open:

* A parcel is X-rayed once (the X-ray date picks the Auto-LEO rule, CSB-5); the lane
  scans the CSB number or the courier's HAWB label.
* An X-ray-flagged parcel needs examination and an officer's LEO (CSB-4), whatever its
  RMS route.
* Every LEO, manual too, needs the parcel X-rayed first.
* The Auto-LEO rule is the one in force on the X-ray clearance date, also when the
  assessment completes on a later date (CSB-5).
"""

from __future__ import annotations

from sqlmodel import Session, select

import db.tables as t
from console.acts.csb import CLEARABLE, CSB, S, XrayResult
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.roles import Actor, system_actor
from console.services.courier.csb_common import CsbView, csb_view
from console.services.courier.registry import AUTOLEO_LOADED, autoleo_rule_for, load_autoleo_rules


def auto_leo(s: Session, core: Core, c: t.CourierShippingBill) -> t.AutoLeoRule | None:
    """The system, the moment a parcel is X-ray-cleared and its CSB facilitated or assessed:
    LEO by the Auto-LEO rule in force on the X-ray date (CSB-2, CSB-3, CSB-5), recorded as
    given by the system with the rule and circular (CSB-6); or, where no rule allows it, a
    record saying so (the officer route, CSB-4). Returns the rule that gave LEO."""
    if c.state not in CLEARABLE or c.xray_result != XrayResult.CLEARED:
        return None
    system = system_actor(c.location_code)
    query = select(t.AutoLeoRule).where(t.AutoLeoRule.rms_route == c.route)
    rules = s.exec(query).all()
    if not rules and s.get(t.Setting, AUTOLEO_LOADED) is None:  # first use in this database
        load_autoleo_rules(s)
        rules = s.exec(query).all()
    assert c.xray_at is not None
    rule = autoleo_rule_for(rules, c.route, assessed=c.state == S.ASSESSED,
                            exam_mandated=c.exam_mandated, on=c.xray_at.date())
    route = c.route.replace("_", " ")
    if rule is None:
        transition(s, core, system, c, CSB["no_auto_leo"], reason=(
            f"no Auto-LEO rule in force on {c.xray_at:%d.%m.%Y} for a CSB {route}: LEO by "
            "the officer (CSB-4)"))
        return None
    c.leo_at, c.leo_by = core.now(), system.username
    c.autoleo_rule, c.autoleo_circular = rule.rule_id, rule.circular
    transition(s, core, system, c, CSB["auto_leo"], reason=(
        f"{rule.rule_id} ({rule.circular}): {route}"
        + (", assessed without examination" if c.state == S.ASSESSED else "")
        + f", X-ray cleared {c.xray_at:%d.%m.%Y %H:%M} by {c.xray_by}"))
    return rule


# ---------------------------------------------------------------- X-ray


def record_xray(core: Core, actor: Actor, code: int | str, result: str = XrayResult.CLEARED,
                *, expected_version: int | None = None) -> CsbView:
    """The custodian's X-ray result for one parcel, scanned by CSB number (or HAWB).

    Cleared: if the rule in force today allows, the system gives LEO at once (CSB-2,
    CSB-3); otherwise the CSB waits for assessment or the officer (CSB-4, CSB-5).
    Flagged: the parcel goes for examination and an officer's LEO (CSB-4).
    """
    try:
        outcome = XrayResult(str(result).strip().lower())
    except ValueError:
        raise InvalidInput("result", f"{result!r}: cleared or flagged") from None
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = CSB.take(s, actor, "xray", code, by="scan", expected_version=expected_version)
        if c.xray_result:
            raise RuleViolation("CSB-5", f"CSB {c.csb_no} was already X-rayed: {c.xray_result} "
                                f"at {c.xray_at:%d.%m.%Y %H:%M} by {c.xray_by} (a parcel is "
                                "X-rayed once: its X-ray date decides the Auto-LEO rule)")
        c.xray_result, c.xray_at, c.xray_by = outcome.value, core.now(), actor.username
        if outcome == XrayResult.FLAGGED and c.state in CLEARABLE:
            transition(s, core, actor, c, CSB["xray_flagged"], action="xray_flagged",
                       reason="X-ray flagged: examination and LEO by the officer (CSB-4)")
            return csb_view(c, actor)
        transition(s, core, actor, c, CSB["xray"], action=f"xray_{outcome.value}",
                   reason=f"X-ray {outcome.value}")
        auto_leo(s, core, c)
        return csb_view(c, actor)


# ---------------------------------------------------------------- assessment


def assess(core: Core, actor: Actor, csb_no: int, *, exam_mandated: bool, remarks: str = "",
           expected_version: int | None = None) -> CsbView:
    """The assessing officer clears a CSB marked for assessment by RMS, and says whether
    examination is mandated. A parcel X-ray-cleared earlier gets Auto-LEO now if the rule
    in force on its X-ray date allows (CSB-3, CSB-5)."""
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = CSB.take(s, actor, "assess", csb_no, expected_version=expected_version)
        by_rms = c.state == S.ASSESSMENT_AND_EXAMINATION
        flagged = c.xray_result == XrayResult.FLAGGED
        c.exam_mandated = True if by_rms else bool(exam_mandated)
        c.assessed_by, c.assessed_at = actor.username, core.now()
        c.assessment_remarks = remarks.strip()[:500]
        if by_rms:
            to, why = S.FOR_EXAMINATION, "examination required by RMS (CSB-4)"
        elif c.exam_mandated:
            to, why = S.FOR_EXAMINATION, "examination mandated by the assessing officer (CSB-4)"
        elif flagged:
            to, why = S.FOR_EXAMINATION, "no examination mandated, but X-ray flagged (CSB-4)"
        else:
            to, why = S.ASSESSED, "assessed; examination not mandated"
        transition(s, core, actor, c, CSB["assess"], to=to, reason=why + (
            f"; {c.assessment_remarks}" if c.assessment_remarks else ""))
        auto_leo(s, core, c)
        return csb_view(c, actor)


# ---------------------------------------------------------------- officer route (CSB-4)


def record_examination(core: Core, actor: Actor, csb_no: int, report: str, *,
                       expected_version: int | None = None) -> CsbView:
    """The examining officer's report on a CSB sent for examination (CSB-4)."""
    report = report.strip()
    if not report:
        raise InvalidInput("report", "the examination report is required")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = CSB.take(s, actor, "examine", csb_no, expected_version=expected_version)
        c.examined_by, c.examined_at, c.exam_report = actor.username, core.now(), report[:1000]
        transition(s, core, actor, c, CSB["examine"], reason=report[:200])
        return csb_view(c, actor)


def give_leo(core: Core, actor: Actor, csb_no: int, *,
             expected_version: int | None = None) -> CsbView:
    """Let Export Order by the proper officer, for a CSB the system may not clear by
    itself (CSB-4): examined, or X-ray-cleared with no Auto-LEO rule in force."""
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = CSB.take(s, actor, "leo", csb_no, expected_version=expected_version)
        if not c.xray_result:
            raise RuleViolation("CSB-4", f"CSB {c.csb_no}: the parcel is not yet X-rayed")
        c.leo_at, c.leo_by = core.now(), actor.username
        transition(s, core, actor, c, CSB["leo"], reason=(
            f"LEO by the officer ({c.route.replace('_', ' ')}, X-ray {c.xray_result}"
            + (", examined" if c.examined_by else "") + ")"))
        return csb_view(c, actor)

"""Courier Shipping Bills: RMS interdiction, X-ray, Auto-LEO by the rule in force, and the
officer route (courier.md CSB-1..CSB-6).

Dates are replayed with the ``clock`` fixture: an effective-dated rule takes the event's
date (filing date for value limits, X-ray clearance date for Auto-LEO).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlmodel import func, select

import db.tables as t
from console import audit
from console.acts.csb import CsbState
from console.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolation
from console.roles import Actor, Role
from console.rules import rms
from console.services.courier import clearance, csb_common, filing, registry, worklists
from console.services.courier.filing import CsbInput

# the three demo CSB RMS rules these tests lean on (console/demo/courier.py)
FACILITATED = "62"  # any low-value parcel (up to ₹2 lakh) that no other rule selects
ASSESS_ONLY = "8517"  # mobile phones: assessment only
ASSESS_EXAM = "3004"  # drug formulations: assessment and examination

CIRCULAR_41 = "CBIC Circular 41/2020-Customs dated 07.09.2020"
CIRCULAR_19 = "CBIC Circular 19/2023-Customs dated 02.08.2023"


@pytest.fixture
def actors(demo_core) -> dict[str, Actor]:
    """The demo officers as conftest's ``actors`` gives them, without 17 argon2 logins per
    test (the services check the actor's role, not the session; login is tested in
    test_foundation)."""
    from console.demo.base import OFFICERS

    return {u: Actor(u, name, Role(role), loc, "test") for u, name, role, loc in OFFICERS}


def _item(core, prefix: str, duty: int = 0) -> str:
    """A tariff item under ``prefix`` (added if the tariff lacks one)."""
    with core.db.write() as s:
        q = select(t.TariffItem.item).where(t.TariffItem.item.startswith(prefix))
        q = q.where(t.TariffItem.export_duty_rate > 0) if duty else q.where(
            t.TariffItem.export_duty_rate == 0)
        found = s.exec(q.order_by(t.TariffItem.item)).first()
        if found:
            return found
        item = (prefix + "99999999")[:8]
        s.add(t.TariffItem(item=item, description=f"test item {prefix}", uqc="NOS",
                           bcd_rate=Decimal(0), igst_rate=Decimal(0),
                           export_duty_rate=Decimal(duty), export_cess_rate=Decimal(0)))
        return item


_seq = iter(range(1, 10**6))


def _input(core, prefix: str = FACILITATED, **over) -> CsbInput:
    form = over.pop("form", "IV" if prefix == FACILITATED else "V")
    values = {FACILITATED: 10_000, ASSESS_ONLY: 3_00_000, ASSESS_EXAM: 50_000}
    data = dict(courier="BDEX", hawb=f"T{next(_seq):09d}", form=form, consignee_name="Ravi Menon",
                consignee_address="12 Oak St, Edison NJ", consignee_country="US",
                value=values.get(prefix, 10_000), currency="INR", description="test parcel",
                gross_weight_kg="1.2", packages=1, tariff_item=_item(core, prefix),
                consignor_iec="AAPCA1234F")
    data.update(over)
    return CsbInput(**data)


def _file(core, actors, prefix: str = FACILITATED, **over) -> csb_common.CsbView:
    return filing.file_csb(core, actors["opr1"], _input(core, prefix, **over))


def _at(clock, y, m, d, hh=11, mm=0) -> None:
    clock.set(datetime(y, m, d, hh, mm))


def _history(core, csb_no):
    return csb_common.history(core, csb_no)


# ---------------------------------------------------------------- CSB-1


def test_csb_1_every_csb_is_interdicted_by_rms_into_one_of_three_routes(demo_core, actors):
    """CSB-1: facilitated, assessment only, assessment and examination — from CSB rules."""
    fac = _file(demo_core, actors, FACILITATED)
    ass = _file(demo_core, actors, ASSESS_ONLY)
    exa = _file(demo_core, actors, ASSESS_EXAM)
    assert (fac.route, ass.route, exa.route) == (
        "facilitated", "assessment_only", "assessment_and_examination")
    assert (fac.state, ass.state, exa.state) == (fac.route, ass.route, exa.route)
    with demo_core.db.read() as s:
        rows = {c.csb_no: c for c in s.exec(select(t.CourierShippingBill))}
        for v in (fac, ass, exa):
            rule = s.get(t.RmsRule, rows[v.csb_no].rms_rule_id)
            assert rule.document == "CSB" and rule.route == v.route
    first = _history(demo_core, ass.csb_no)[0]
    assert (first.action, first.from_state, first.to_state) == (  # filing makes the CSB
        "file", "", "assessment_only")
    assert "RMS: rule" in first.reason and first.officer == "opr1"
    assert fac.csb_no >= 2000001 and len({fac.csb_no, ass.csb_no, exa.csb_no}) == 3


def test_csb_1_unmatched_csb_still_gets_a_csb_route(demo_core, actors):
    """CSB-1: no rule matches (₹3 lakh shirts): random selection or facilitated, never an
    SB route."""
    views = [_file(demo_core, actors, FACILITATED, value=3_00_000, form="V") for _ in range(5)]
    assert {v.route for v in views} <= {"facilitated", "assessment_and_examination"}
    assert all(v.rms_note for v in views)


def test_csb_1_facilitated_csb_is_not_assessed(demo_core, actors):
    """CSB-1: fully facilitated means no assessment, no examination."""
    v = _file(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert err.value.rule == "CSB-1"


# ---------------------------------------------------------------- CSB-2


def test_csb_2_facilitated_and_xray_cleared_on_07_09_2020_gets_auto_leo(demo_core, actors,
                                                                        clock):
    """CSB-2: from 07.09.2020 a facilitated CSB cleared by X-ray is LEO'd by the system."""
    _at(clock, 2020, 9, 7, 10)
    v = _file(demo_core, actors)
    _at(clock, 2020, 9, 7, 14, 30)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.state == CsbState.LET_EXPORT
    assert out.leo_by == "SYSTEM" and out.auto_leo
    assert out.leo_at == datetime(2020, 9, 7, 14, 30)
    assert (out.autoleo_rule, out.autoleo_circular) == ("CSB-2", CIRCULAR_41)


def test_csb_2_facilitated_and_xray_cleared_on_06_09_2020_waits_for_the_officer(
        demo_core, actors, clock):
    """CSB-2 boundary: on 06.09.2020 no Auto-LEO; the LEO officer gives it (CSB-4)."""
    _at(clock, 2020, 9, 6, 10)
    v = _file(demo_core, actors)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.state == CsbState.FACILITATED and out.leo_at is None
    assert out.awaiting == "LEO by the officer"
    assert v.csb_no in [r.csb_no for r in worklists.worklist(demo_core, actors["apr1"], "leo").rows]
    # the next day the rule is in force, but the X-ray date decides (CSB-5): still manual
    _at(clock, 2020, 9, 7, 10)
    leo = clearance.give_leo(demo_core, actors["apr1"], v.csb_no)
    assert leo.state == CsbState.LET_EXPORT and leo.leo_by == "apr1" and not leo.autoleo_rule
    assert _history(demo_core, v.csb_no)[-2].action == "no_auto_leo"


def test_csb_2_facilitated_still_auto_leo_after_circular_19(demo_core, actors, clock):
    """CSB-2 stays in force alongside CSB-3."""
    _at(clock, 2026, 11, 2)
    v = _file(demo_core, actors)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.autoleo_rule == "CSB-2"


# ---------------------------------------------------------------- CSB-3


def _assessed_then_xray(core, actors, clock, day: date, *, exam: bool = False):
    _at(clock, day.year, day.month, day.day, 10)
    v = _file(core, actors, ASSESS_ONLY)
    clearance.assess(core, actors["apr1"], v.csb_no, exam_mandated=exam)
    _at(clock, day.year, day.month, day.day, 15)
    return clearance.record_xray(core, actors["cus1"], v.csb_no)


def test_csb_3_assessment_only_cleared_on_02_08_2023_gets_auto_leo(demo_core, actors, clock):
    """CSB-3: from 02.08.2023 assessment-only CSBs, assessed without an examination
    mandate and X-ray-cleared, are LEO'd by the system."""
    out = _assessed_then_xray(demo_core, actors, clock, date(2023, 8, 2))
    assert out.state == CsbState.LET_EXPORT and out.leo_by == "SYSTEM"
    assert (out.autoleo_rule, out.autoleo_circular) == ("CSB-3", CIRCULAR_19)


def test_csb_3_assessment_only_cleared_on_01_08_2023_waits_for_the_officer(demo_core, actors,
                                                                           clock):
    """CSB-3 boundary: on 01.08.2023 no Auto-LEO for assessment-only CSBs."""
    out = _assessed_then_xray(demo_core, actors, clock, date(2023, 8, 1))
    assert out.state == CsbState.ASSESSED and out.leo_at is None
    leo = clearance.give_leo(demo_core, actors["apr1"], out.csb_no)
    assert leo.leo_by == "apr1" and not leo.auto_leo


def test_csb_3_no_auto_leo_when_the_officer_mandates_examination(demo_core, actors, clock):
    """CSB-3 proviso / CSB-4: examination mandated by the assessing officer → officer route."""
    out = _assessed_then_xray(demo_core, actors, clock, date(2023, 8, 2), exam=True)
    assert out.state == CsbState.FOR_EXAMINATION and out.exam_mandated is True
    assert out.leo_at is None


def test_csb_3_not_for_assessment_only_csb_not_yet_assessed(demo_core, actors, clock):
    """CSB-3 / CSB-4: X-ray cleared but assessment not done: no LEO of any kind yet."""
    _at(clock, 2024, 1, 10)
    v = _file(demo_core, actors, ASSESS_ONLY)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.state == CsbState.ASSESSMENT_ONLY and out.leo_at is None
    with pytest.raises(RuleViolation, match="not yet assessed") as err:
        clearance.give_leo(demo_core, actors["apr1"], v.csb_no)
    assert err.value.rule == "CSB-4"


# ---------------------------------------------------------------- CSB-4


def test_csb_4_assessment_and_examination_goes_the_officer_route(demo_core, actors, clock):
    """CSB-4: RMS assessment and examination: assess, examine, X-ray, LEO by the officer —
    never Auto-LEO, even after both circulars."""
    _at(clock, 2026, 11, 2, 10)
    v = _file(demo_core, actors, ASSESS_EXAM)
    a = clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert a.state == CsbState.FOR_EXAMINATION and a.exam_mandated is True  # by RMS
    x = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert x.state == CsbState.FOR_EXAMINATION and x.leo_at is None
    with pytest.raises(RuleViolation, match="examination") as err:
        clearance.give_leo(demo_core, actors["apr1"], v.csb_no)
    assert err.value.rule == "CSB-4"
    e = clearance.record_examination(demo_core, actors["exm1"], v.csb_no, "Opened; as declared")
    assert e.state == CsbState.EXAMINED and e.awaiting == "LEO by the officer"
    assert v.csb_no in [r.csb_no for r in worklists.worklist(demo_core, actors["apr1"], "leo").rows]
    leo = clearance.give_leo(demo_core, actors["apr1"], v.csb_no)
    assert leo.state == CsbState.LET_EXPORT and leo.leo_by == "apr1" and not leo.autoleo_rule


def test_csb_4_officer_route_for_assessment_only_with_exam_mandated(demo_core, actors, clock):
    """CSB-4: assessment only where the officer mandated examination."""
    out = _assessed_then_xray(demo_core, actors, clock, date(2026, 11, 2), exam=True)
    clearance.record_examination(demo_core, actors["exm1"], out.csb_no, "Opened; as declared")
    leo = clearance.give_leo(demo_core, actors["apr1"], out.csb_no)
    assert leo.leo_by == "apr1"


@pytest.mark.parametrize("prefix", [FACILITATED, ASSESS_ONLY])
def test_csb_4_xray_flagged_goes_for_examination_whatever_the_route(demo_core, actors, clock,
                                                                    prefix):
    """CSB-4: X-ray not cleared (flagged): examination and LEO by the officer."""
    _at(clock, 2026, 11, 2, 10)
    v = _file(demo_core, actors, prefix)
    if prefix == ASSESS_ONLY:
        clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no, "flagged")
    assert out.state == CsbState.FOR_EXAMINATION and out.xray_result == "flagged"
    clearance.record_examination(demo_core, actors["exm1"], v.csb_no, "Opened; no contraband")
    leo = clearance.give_leo(demo_core, actors["apr1"], v.csb_no)
    assert leo.leo_by == "apr1" and not leo.auto_leo


def test_csb_4_xray_flagged_before_assessment_overrides_no_mandate(demo_core, actors, clock):
    """CSB-4: flagged first, then assessed without a mandate: still examination."""
    _at(clock, 2026, 11, 2, 10)
    v = _file(demo_core, actors, ASSESS_ONLY)
    clearance.record_xray(demo_core, actors["cus1"], v.csb_no, "flagged")
    a = clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert a.state == CsbState.FOR_EXAMINATION and a.exam_mandated is False


def test_csb_4_no_leo_before_xray(demo_core, actors, clock):
    """CSB-4 (design): every LEO, manual too, needs the parcel X-rayed."""
    v = _file(demo_core, actors, ASSESS_EXAM)
    clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=True)
    clearance.record_examination(demo_core, actors["exm1"], v.csb_no, "Opened; as declared")
    with pytest.raises(RuleViolation, match="not yet X-rayed"):
        clearance.give_leo(demo_core, actors["apr1"], v.csb_no)


# ---------------------------------------------------------------- CSB-5


@pytest.mark.parametrize("xray_first", [True, False], ids=["xray-first", "assess-first"])
def test_csb_5_order_of_events_does_not_matter_on_02_08_2023(demo_core, actors, clock,
                                                             xray_first):
    """CSB-5: X-ray cleared before the assessment completes → Auto-LEO at the moment the
    assessment completes; after it → Auto-LEO at the X-ray."""
    _at(clock, 2023, 8, 2, 9)
    v = _file(demo_core, actors, ASSESS_ONLY)
    steps = [("xray", datetime(2023, 8, 2, 10)), ("assess", datetime(2023, 8, 2, 12))]
    if not xray_first:
        steps = [("assess", steps[0][1]), ("xray", steps[1][1])]
    for act, when in steps:
        clock.set(when)
        if act == "xray":
            out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
        else:
            out = clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert out.state == CsbState.LET_EXPORT and out.autoleo_rule == "CSB-3"
    assert out.leo_at == datetime(2023, 8, 2, 12)  # the moment the conditions held
    actions = [r.action for r in _history(demo_core, v.csb_no)]
    assert actions[-1] == "auto_leo"


def test_csb_5_rule_on_the_xray_date_decides_not_the_assessment_date(demo_core, actors,
                                                                     clock):
    """CSB-5: X-ray-cleared 01.08.2023, assessed 02.08.2023 → no Auto-LEO (the rule in
    force on the X-ray date had no assessment-only Auto-LEO)."""
    _at(clock, 2023, 8, 1, 10)
    v = _file(demo_core, actors, ASSESS_ONLY)
    clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    _at(clock, 2023, 8, 2, 10)
    out = clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert out.state == CsbState.ASSESSED and out.leo_at is None
    assert "no Auto-LEO rule in force on 01.08.2023" in _history(demo_core, v.csb_no)[-1].reason


def test_csb_5_xray_on_02_08_2023_of_a_csb_filed_before_gets_auto_leo(demo_core, actors,
                                                                      clock):
    """CSB-5: the X-ray date, not the filing date, picks the rule."""
    _at(clock, 2023, 7, 31)
    v = _file(demo_core, actors, ASSESS_ONLY)
    clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    _at(clock, 2023, 8, 2)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.autoleo_rule == "CSB-3"


def test_csb_5_pure_rule_choice_at_both_boundaries(demo_core):
    """CSB-5: ``autoleo_rule_for`` takes the date; one day either side of each circular."""
    rules = registry.autoleo_rules(demo_core)

    def pick(route, on, assessed=False, mandated=None):
        r = registry.autoleo_rule_for(rules, route, assessed=assessed, exam_mandated=mandated,
                                      on=on)
        return r.rule_id if r else None

    assert pick("facilitated", date(2020, 9, 6)) is None
    assert pick("facilitated", date(2020, 9, 7)) == "CSB-2"
    assert pick("assessment_only", date(2023, 8, 1), True, False) is None
    assert pick("assessment_only", date(2023, 8, 2), True, False) == "CSB-3"
    assert pick("assessment_only", date(2023, 8, 2), True, True) is None
    assert pick("assessment_only", date(2023, 8, 2), False, None) is None
    assert pick("assessment_and_examination", date(2026, 1, 1), True, False) is None


# ---------------------------------------------------------------- CSB-6


def test_csb_6_auto_leo_is_recorded_as_given_by_the_system_with_rule_and_circular(
        demo_core, actors, clock):
    """CSB-6: the audit trail tells automatic from manual LEOs."""
    _at(clock, 2026, 11, 2, 10)
    auto = _file(demo_core, actors)
    clearance.record_xray(demo_core, actors["cus1"], auto.csb_no)
    manual = _file(demo_core, actors, ASSESS_EXAM)
    clearance.assess(demo_core, actors["apr1"], manual.csb_no, exam_mandated=True)
    clearance.record_xray(demo_core, actors["cus1"], manual.csb_no)
    clearance.record_examination(demo_core, actors["exm1"], manual.csb_no, "as declared")
    clearance.give_leo(demo_core, actors["apr1"], manual.csb_no)
    a = _history(demo_core, auto.csb_no)
    assert [(r.action, r.officer) for r in a] == [
        ("file", "opr1"), ("xray_cleared", "cus1"), ("auto_leo", "SYSTEM")]
    assert a[-1].role == "SYS" and a[-1].terminal == "system"
    assert "CSB-2" in a[-1].reason and CIRCULAR_41 in a[-1].reason
    m = _history(demo_core, manual.csb_no)[-1]
    assert (m.action, m.officer, m.role) == ("leo", "apr1", "APR")
    with demo_core.db.read() as s:
        assert audit.verify(s).ok


def test_csb_6_report_counts_auto_and_manual_leo_per_day(demo_core, actors, clock):
    """CSB-6: Auto-LEO vs manual LEO counts per day."""
    _at(clock, 2023, 8, 1, 10)
    pre = _file(demo_core, actors, ASSESS_ONLY)
    clearance.assess(demo_core, actors["apr1"], pre.csb_no, exam_mandated=False)
    clearance.record_xray(demo_core, actors["cus1"], pre.csb_no)  # no rule yet
    clearance.give_leo(demo_core, actors["apr1"], pre.csb_no)
    fac = _file(demo_core, actors)
    clearance.record_xray(demo_core, actors["cus1"], fac.csb_no)  # CSB-2
    for _ in range(2):
        _assessed_then_xray(demo_core, actors, clock, date(2023, 8, 2))  # CSB-3
    days = worklists.leo_report(demo_core, actors["apr1"], date(2023, 8, 1), date(2023, 8, 2))
    assert [(d.day, d.auto, d.manual, d.by_rule) for d in days] == [
        (date(2023, 8, 1), 1, 1, {"CSB-2": 1}), (date(2023, 8, 2), 2, 0, {"CSB-3": 2})]


# ---------------------------------------------------------------- bad input


def test_xray_of_an_unknown_csb_is_refused(demo_core, actors):
    """X-ray of a number that is no CSB (an SB number scanned by mistake)."""
    with pytest.raises(NotFound, match="not a CSB number"):
        clearance.record_xray(demo_core, actors["cus1"], "1000001")
    with pytest.raises(InvalidInput):
        clearance.record_xray(demo_core, actors["cus1"], "  ")


def test_xray_before_filing_is_refused(demo_core, actors):
    """CSB-1: a parcel is X-rayed only after its CSB is filed (and routed by RMS)."""
    with pytest.raises(RuleViolation, match="no CSB is filed for parcel") as err:
        clearance.record_xray(demo_core, actors["cus1"], "BDX-NOT-FILED-1")
    assert err.value.rule == "CSB-1"
    last = _file(demo_core, actors).csb_no
    with pytest.raises(RuleViolation, match="is not filed") as err:
        clearance.record_xray(demo_core, actors["cus1"], str(last + 1))
    assert err.value.rule == "CSB-1"


def test_xray_of_an_already_leod_csb_is_refused(demo_core, actors, clock):
    """An Auto-LEO'd (or officer-LEO'd) parcel is not X-rayed again; nothing changes."""
    v = _file(demo_core, actors)
    clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    before = csb_common.show(demo_core, v.csb_no)
    with pytest.raises(RuleViolation, match="already has Let Export Order") as err:
        clearance.record_xray(demo_core, actors["cus1"], v.csb_no, "flagged")
    assert (err.value.act, err.value.check) == ("CSB.xray", "state")
    assert csb_common.show(demo_core, v.csb_no) == before


def test_xray_twice_is_refused_and_by_hawb_works(demo_core, actors):
    v = _file(demo_core, actors, ASSESS_ONLY)
    out = clearance.record_xray(demo_core, actors["cus1"], v.hawb_no.lower())  # the courier label
    assert out.csb_no == v.csb_no and out.xray_result == "cleared"
    with pytest.raises(RuleViolation, match="already X-rayed") as err:
        clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert err.value.rule == "CSB-5"  # once: the X-ray date decides the Auto-LEO rule


@pytest.mark.parametrize("who", ["apr1", "opr1", "exm1", "sys1"])
def test_xray_by_anyone_but_the_custodian_is_refused(demo_core, actors, who):
    v = _file(demo_core, actors)
    with pytest.raises(NotPermitted):
        clearance.record_xray(demo_core, actors[who], v.csb_no)


@pytest.mark.parametrize("who", ["cus1", "opr1", "exm1", "acdc1"])
def test_assessment_by_the_wrong_role_is_refused(demo_core, actors, who):
    """Only the assessing officer (APR) assesses; nothing changes on refusal."""
    v = _file(demo_core, actors, ASSESS_ONLY)
    with pytest.raises(NotPermitted, match="needs APR"):
        clearance.assess(demo_core, actors[who], v.csb_no, exam_mandated=False)
    assert csb_common.show(demo_core, v.csb_no).state == CsbState.ASSESSMENT_ONLY


def test_examination_and_leo_by_the_wrong_role_are_refused(demo_core, actors):
    v = _file(demo_core, actors, ASSESS_EXAM)
    clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=True)
    with pytest.raises(NotPermitted):
        clearance.record_examination(demo_core, actors["apr1"], v.csb_no, "x")
    clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    clearance.record_examination(demo_core, actors["exm1"], v.csb_no, "as declared")
    for who in ("exm1", "cus1", "opr1"):
        with pytest.raises(NotPermitted):
            clearance.give_leo(demo_core, actors[who], v.csb_no)


def test_officers_act_only_at_their_own_courier_terminal(demo_core, actors):
    """A CSB filed at INVTZ4 is not assessed, X-rayed or LEO'd by an officer of INIXZ1
    (roles.md: every officer acts only where posted)."""
    v = _file(demo_core, actors, ASSESS_ONLY)
    with pytest.raises(NotPermitted, match="is at INVTZ4") as err:
        clearance.assess(demo_core, actors["apr9"], v.csb_no, exam_mandated=False)
    assert (err.value.act, err.value.check) == ("CSB.assess", "location")
    with pytest.raises(NotPermitted, match="is at INVTZ4") as err:
        clearance.give_leo(demo_core, actors["apr9"], v.csb_no)
    assert (err.value.act, err.value.check) == ("CSB.leo", "location")


def test_assessment_twice_and_stale_version_are_refused(demo_core, actors):
    v = _file(demo_core, actors, ASSESS_ONLY)
    with pytest.raises(Conflict):
        clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False,
                         expected_version=v.version + 1)
    clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False,
                     expected_version=v.version)
    with pytest.raises(RuleViolation, match="not awaiting assessment"):
        clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)


def test_xray_flagged_and_no_auto_leo_are_recorded_on_the_csb_trail(demo_core, actors, clock):
    """CSB-4, CSB-6: a facilitated parcel flagged at X-ray goes for examination in one
    record by the custodian; a cleared one with no rule in force gets the system's record
    that no Auto-LEO rule allowed it. Each record bumps the CSB's version."""
    _at(clock, 2026, 11, 2, 10)
    flagged = _file(demo_core, actors)
    out = clearance.record_xray(demo_core, actors["cus1"], flagged.csb_no, "flagged")
    last = _history(demo_core, flagged.csb_no)[-1]
    assert (last.action, last.officer, last.from_state, last.to_state) == (
        "xray_flagged", "cus1", "facilitated", "for_examination")
    assert out.version == flagged.version + 1
    _at(clock, 2020, 9, 6, 10)
    waits = _file(demo_core, actors)
    out = clearance.record_xray(demo_core, actors["cus1"], waits.csb_no)
    trail = _history(demo_core, waits.csb_no)
    assert [(r.action, r.officer) for r in trail] == [
        ("file", "opr1"), ("xray_cleared", "cus1"), ("no_auto_leo", "SYSTEM")]
    assert trail[-1].from_state == trail[-1].to_state == "facilitated"
    assert out.version == waits.version + 2


def test_couriers_registered_by_the_clerk_of_their_terminal(demo_core, actors):
    """roles.md: the registration clerk keeps the directory details, and acts only where
    posted; the system manager does not register couriers."""
    with pytest.raises(NotPermitted, match="needs CLK") as err:
        registry.register_courier(demo_core, actors["sys1"], "FEDX", "FedEx", "CR/VTZ/9")
    assert (err.value.act, err.value.check) == ("COURIER.register", "role")
    with pytest.raises(NotPermitted, match="INIXZ1") as err:
        registry.register_courier(demo_core, actors["clk1"], "FEDX", "FedEx", "CR/VTZ/9",
                                  location_code="INIXZ1")
    assert (err.value.act, err.value.check) == ("COURIER.register", "location")
    assert "FEDX" not in {c.code for c in registry.list_couriers(demo_core)}
    row = registry.register_courier(demo_core, actors["clk1"], "FEDX", "FedEx", "CR/VTZ/9")
    assert (row.location_code, row.active, row.registered_by) == ("INVTZ4", True, "clk1")
    with demo_core.db.read() as s:
        rec = audit.history(s, "COURIER", "FEDX")[-1]
    assert (rec.action, rec.officer, rec.to_state) == ("register", "clk1", "active")


def test_filing_refusals(demo_core, actors, clock):
    """Form limits (effective-dated), IEC for CSB-V, KYC for private senders, export duty,
    courier authorisation, duplicate HAWB, operator role."""
    core = demo_core
    with pytest.raises(RuleViolation) as err:
        _file(core, actors, FACILITATED, form="IV", value=30_000)
    assert err.value.rule == "CSB-IV"
    _at(clock, 2023, 3, 31)
    with pytest.raises(RuleViolation, match="5,00,000|500,000") as err:
        _file(core, actors, FACILITATED, form="V", value=7_00_000)
    assert err.value.rule == "CSB-V"
    _at(clock, 2023, 4, 1)
    assert _file(core, actors, FACILITATED, form="V", value=7_00_000).value_inr == Decimal(
        "700000.00")
    with pytest.raises(InvalidInput, match="IEC"):
        _file(core, actors, FACILITATED, form="V", consignor_iec="")
    with pytest.raises(InvalidInput, match="KYC"):
        _file(core, actors, FACILITATED, consignor_iec="", consignor_name="K. Suresh",
              consignor_address="Vizag")
    private = _file(core, actors, FACILITATED, consignor_iec="", consignor_name="K. Suresh",
                    consignor_address="Vizag", consignor_kyc="PASSPORT:K1234567")
    assert private.consignor_name == "K. Suresh" and private.consignor_iec == ""
    with pytest.raises(RuleViolation) as err:
        _file(core, actors, FACILITATED, tariff_item=_item(core, "2601", duty=30))
    assert err.value.rule == "CSB-DUTY"
    with pytest.raises(InvalidInput, match="courier"):
        _file(core, actors, FACILITATED, courier="NOPE")
    with pytest.raises(Conflict, match="already filed"):
        _file(core, actors, FACILITATED, hawb=private.hawb_no)
    with pytest.raises(NotPermitted):
        filing.file_csb(core, actors["apr1"], _input(core))


def test_foreign_currency_value_converted_at_the_notified_rate(demo_core, actors, clock):
    with demo_core.db.read() as s:
        rate = s.exec(select(t.ExchangeRate).where(t.ExchangeRate.currency == "USD")
                      .order_by(t.ExchangeRate.effective_from.desc())).first()
        s.expunge_all()
    if rate is None:
        pytest.skip("no notified USD rate in the reference data")
    clock.set(datetime.combine(rate.effective_from, datetime.min.time()).replace(hour=11))
    v = _file(demo_core, actors, FACILITATED, currency="USD", value="100")
    assert v.value_inr == (Decimal(100) * rate.export_rate / rate.units).quantize(
        Decimal("0.01"))


# ---------------------------------------------------------------- bulk files


HEADER = list(filing.BULK_COLUMNS)


def _row(core, hawb, **over) -> dict:
    r = {"courier": "BDEX", "hawb": hawb, "form": "IV", "consignee_name": "Ravi Menon",
         "consignee_address": "Edison NJ", "consignee_country": "US", "value": "9000",
         "description": "cotton shirts", "gross_weight_kg": "0.8", "packages": "1",
         "currency": "INR", "consignor_iec": "AAPCA1234F", "consignor_name": "",
         "consignor_address": "", "consignor_kyc": "", "tariff_item": _item(core, "62")}
    r.update(over)
    return r


def _write(path, rows):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADER)
        w.writeheader()
        w.writerows(rows)
    return path


def _count(core) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(t.CourierShippingBill)).one()


def test_bulk_file_good_rows_in_bad_rows_by_line_and_resubmission_does_not_duplicate(
        demo_core, actors, tmp_path):
    """A bulk file with some bad rows: good rows filed, bad rows reported by line; the
    fixed file sent again files only the fixed rows (same HAWB never filed twice)."""
    core, opr = demo_core, actors["opr1"]
    before = _count(core)
    rows = [_row(core, "BK0001"),
            _row(core, "BK0002", form="VII"),                    # line 3: bad form
            _row(core, "BK0003"),
            _row(core, "BK0004", value="40000"),                 # line 5: above CSB-IV limit
            _row(core, "BK0005", consignee_country="XX"),        # line 6: bad country
            _row(core, "BK0001"),                                # line 7: repeats line 2
            _row(core, "BK0006", description="")]                # line 8: missing
    report = filing.file_bulk(core, opr, _write(tmp_path / "bdex_0211.csv", rows))
    assert [ln for ln, *_ in report.filed] == [2, 4]
    assert [ln for ln, _ in report.errors] == [3, 5, 6, 7, 8]
    reasons = dict(report.errors)
    assert "form" in reasons[3] and "CSB-IV" in reasons[5]
    assert "consignee_country" in reasons[6] and "repeats line 2" in reasons[7]
    assert "description" in reasons[8]
    assert _count(core) == before + 2
    # fixed and sent again (the repeated row removed)
    rows[1]["form"], rows[3]["form"] = "IV", "V"
    rows[4]["consignee_country"], rows[6]["description"] = "GB", "silk scarves"
    del rows[5]
    again = filing.file_bulk(core, opr, _write(tmp_path / "bdex_0211.csv", rows))
    assert again.errors == []
    assert sorted(h for *_, h in again.already_filed) == ["BK0001", "BK0003"]
    assert sorted(h for *_, h in again.filed) == ["BK0002", "BK0004", "BK0005", "BK0006"]
    assert {n for _, n, _ in again.already_filed} == {n for _, n, _ in report.filed}
    assert _count(core) == before + 6
    third = filing.file_bulk(core, opr, _write(tmp_path / "bdex_0211.csv", rows))
    assert (len(third.filed), len(third.already_filed), third.errors) == (0, 6, [])
    assert _count(core) == before + 6


def test_bulk_rows_and_missing_columns(demo_core, actors, tmp_path):
    core = demo_core
    report = filing.file_bulk(core, actors["opr1"], [_row(core, "BR1"), {"courier": "BDEX"}])
    assert len(report.filed) == 1 and report.errors[0][0] == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("courier,hawb\nBDEX,X1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="header lacks"):
        filing.file_bulk(core, actors["opr1"], bad)
    with pytest.raises(NotPermitted):
        filing.file_bulk(core, actors["cus1"], [_row(core, "BR2")])


def test_bulk_filed_csbs_are_routed_and_xrayed_like_keyed_ones(demo_core, actors, clock):
    """CSB-1/CSB-2 through the bulk path."""
    core = demo_core
    rep = filing.file_bulk(core, actors["opr1"], [_row(core, f"BX{i}") for i in range(3)])
    for _, no, _ in rep.filed:
        out = clearance.record_xray(core, actors["cus1"], no)
        assert out.route == "facilitated" and out.autoleo_rule == "CSB-2"


# ---------------------------------------------------------------- worklists, rules, demo


def test_worklists_per_queue(demo_core, actors):
    core = demo_core
    v = _file(core, actors, ASSESS_ONLY)
    assert v.csb_no in [r.csb_no for r in worklists.worklist(core, actors["apr1"], "assess").rows]
    assert v.csb_no in [r.csb_no for r in worklists.worklist(core, actors["cus1"]).rows]  # xray
    assert worklists.worklist(core, actors["cus1"]).queue == "xray"
    assert worklists.worklist(core, actors["apr1"]).queue == "leo"
    assert worklists.worklist(core, actors["apr9"], "assess").total == 0  # another location
    with pytest.raises(InvalidInput):
        worklists.worklist(core, actors["apr1"], "nope")


def test_a_csb_view_carries_the_acts_open_to_the_officer(demo_core, actors, clock):
    """The act table says who may act where and when; the view leaves out what the CSB's
    own facts rule out (X-rayed once, CSB-5; LEO after the X-ray, CSB-4)."""
    _at(clock, 2023, 8, 1, 10)  # before CSB-3: no Auto-LEO for an assessment-only CSB
    v = _file(demo_core, actors, ASSESS_ONLY)

    def acts(who):
        return csb_common.show(demo_core, v.csb_no, actors[who]).acts

    assert (acts("apr1"), acts("cus1"), acts("exm1"), acts("apr9")) == (
        ("CSB.assess",), ("CSB.xray",), (), ())
    assert csb_common.show(demo_core, v.csb_no).acts == ()
    out = clearance.assess(demo_core, actors["apr1"], v.csb_no, exam_mandated=False)
    assert out.state == CsbState.ASSESSED and out.acts == ()  # LEO waits for the X-ray
    assert acts("cus1") == ("CSB.xray",)
    out = clearance.record_xray(demo_core, actors["cus1"], v.csb_no)
    assert out.acts == () and acts("apr1") == ("CSB.leo",)


def test_autoleo_rules_loaded_from_reference_and_validated(core, tmp_path):
    """The Auto-LEO rules are data: loaded on first need, validated row by row."""
    rules = registry.autoleo_rules(core)
    assert [(r.rule_id, r.rms_route, r.effective_from) for r in rules] == [
        ("CSB-2", "facilitated", date(2020, 9, 7)),
        ("CSB-3", "assessment_only", date(2023, 8, 2))]
    assert rules[1].requires_assessment_without_exam_mandate
    assert not rules[0].requires_assessment_without_exam_mandate
    bad = tmp_path / "bad.csv"
    bad.write_text("rule_id,effective_from,rms_route,requires_assessment_without_exam_mandate,"
                   "circular\nCSB-9,2030-01-01,examination,N,Circular 1/2030\n")
    with core.db.write() as s, pytest.raises(InvalidInput, match="line 2.*rms_route"):
        registry.load_autoleo_rules(s, bad)
    future = tmp_path / "future.csv"
    future.write_text("rule_id,effective_from,effective_to,rms_route,"
                      "requires_assessment_without_exam_mandate,circular\n"
                      "CSB-2,2020-09-07,2030-12-31,facilitated,N,Circular 41/2020\n")
    with core.db.write() as s:
        assert registry.load_autoleo_rules(s, future) == 1  # updated in place, not duplicated
    rules = registry.autoleo_rules(core)
    assert len(rules) == 2 and rules[0].effective_to == date(2030, 12, 31)
    assert registry.autoleo_rule_for(rules, "facilitated", assessed=False, exam_mandated=None,
                                     on=date(2031, 1, 1)) is None


def test_demo_has_csbs_in_every_state_including_auto_leo(demo_core, actors):
    with demo_core.db.read() as s:
        rows = s.exec(select(t.CourierShippingBill)).all()
        rules = s.exec(select(t.RmsRule).where(t.RmsRule.document == "CSB")).all()
        s.expunge_all()
    assert {r.route for r in rules} == {"facilitated", "assessment_only",
                                        "assessment_and_examination"}
    states = {r.state for r in rows}
    assert {"facilitated", "let_export", "for_examination"} <= states
    assert any(r.leo_by == "SYSTEM" for r in rows)
    if any(r.route == "assessment_only" for r in rows):  # the tariff has mobile phones
        assert {"assessment_only", "assessed", "examined"} <= states
        assert {r.autoleo_rule for r in rows if r.leo_by == "SYSTEM"} == {"CSB-2", "CSB-3"}
        assert any(r.leo_by == "apr1" for r in rows)


def test_csb_4_the_officer_s_list_holds_what_waits_for_their_acts(demo_core, actors, clock):
    """CSB-1, CSB-3, CSB-4 (the CSB screen's list): what waits at the terminal for the
    officer's acts, oldest first: the appraiser's assessments and LEOs, the examiner's
    examinations; the service centre, which waits for nothing, sees every CSB filed here,
    newest first. Each row carries the acts open to the officer."""
    core = demo_core
    _at(clock, 2023, 8, 1, 10)  # before CSB-3: an assessed parcel waits for the officer's LEO
    to_assess = _file(core, actors, ASSESS_ONLY)
    to_examine = _file(core, actors, ASSESS_EXAM)
    clearance.assess(core, actors["apr1"], to_examine.csb_no, exam_mandated=True)
    to_leo = _file(core, actors, ASSESS_ONLY)
    clearance.assess(core, actors["apr1"], to_leo.csb_no, exam_mandated=False)
    clearance.record_xray(core, actors["cus1"], to_leo.csb_no)
    assert worklists.queues_for(actors["apr1"]) == ("assess", "leo")
    assert worklists.queues_for(actors["exm1"]) == ("examine",)
    assert worklists.queues_for(actors["opr1"]) == ()

    def rows(who, **kw):
        return {v.csb_no: v.acts for v in worklists.waiting_here(core, actors[who], **kw).rows}

    apr = rows("apr1")
    assert apr[to_assess.csb_no] == ("CSB.assess",) and apr[to_leo.csb_no] == ("CSB.leo",)
    assert to_examine.csb_no not in apr
    assert list(apr) == sorted(apr)
    assert rows("exm1")[to_examine.csb_no] == ("CSB.examine",) and to_leo.csb_no not in rows(
        "exm1")
    everything = worklists.waiting_here(core, actors["opr1"])
    assert everything.queue == "all" and everything.total >= 3
    assert [v.csb_no for v in everything.rows][:3] == [to_leo.csb_no, to_examine.csb_no,
                                                      to_assess.csb_no]
    assert worklists.waiting_here(core, actors["apr9"]).rows == []  # another terminal
    one = csb_common.detail(core, to_leo.csb_no, actors["apr1"])
    assert one.csb.acts == ("CSB.leo",)
    assert [h.action for h in one.history] == ["file", "assess", "xray_cleared", "no_auto_leo"]


def test_csb_kyc_aadhaar_and_pan_numbers_are_checked(demo_core, actors):
    """CSB-KYC: a private sender (no IEC) gives a KYC document; when it is an Aadhaar or a
    PAN its number is checked (python-stdnum), a full Aadhaar number is kept masked.

    Worked examples: ``AADHAAR:2341 2341 2346`` (Verhoeff check digit of 2341 2341 234 is
    6) is accepted and kept as ``AADHAAR:XXXX XXXX 2346``; ``AADHAAR:2341 2341 2345``
    (check digit 5 ≠ 6) is refused; ``PAN:abcpe-1234-f`` is kept as ``PAN:ABCPE1234F``
    (4th letter P: an individual); ``PAN:ABCDE1234F`` is refused (D is no holder type); a
    masked Aadhaar ``XXXX-XXXX-4821`` (as UIDAI issues it) and a passport are kept."""
    def private(kyc: str):
        return _file(demo_core, actors, FACILITATED, consignor_iec="",
                     consignor_name="K. Suresh", consignor_address="Vizag", consignor_kyc=kyc)

    def kept(view) -> str:
        with demo_core.db.read() as s:
            return s.exec(select(t.CourierShippingBill.consignor_kyc).where(
                t.CourierShippingBill.csb_no == view.csb_no)).one()

    assert kept(private("AADHAAR:2341 2341 2346")) == "AADHAAR:XXXX XXXX 2346"
    assert kept(private("aadhaar: 2341-2341-2346")) == "AADHAAR:XXXX XXXX 2346"
    assert kept(private("PAN:abcpe-1234-f")) == "PAN:ABCPE1234F"
    assert kept(private("AADHAAR:XXXX-XXXX-4821")) == "AADHAAR:XXXX XXXX 4821"
    assert kept(private("PASSPORT:K1234567")) == "PASSPORT:K1234567"
    for bad in ("AADHAAR:2341 2341 2345", "PAN:ABCDE1234F", "AADHAAR:1234", "PAN:"):
        with pytest.raises(InvalidInput) as err:
            private(bad)
        assert err.value.field == "consignor_kyc" and err.value.rule == "CSB-KYC"
        assert "234123412345" not in str(err.value)


def test_csb_iii_documents_go_without_iec_tariff_item_or_value_and_goods_do_not(demo_core,
                                                                               actors):
    """CSB-III (courier.md): the export form for documents (Courier Regulations 2010, reg. 6,
    Form G), non-commercial papers not liable to duty, beside CSB-IV (gifts, samples) and
    CSB-V (commercial goods).

    Worked example: K. Suresh, a private sender (passport K1234567), sends contract papers,
    1 packet of 0.2 kg, value nil, to London. As CSB-III it is filed with no IEC, no tariff
    item and a nil value (₹0.00), numbered and routed by RMS like every CSB (CSB-1); as
    CSB-IV the same parcel is refused (a gift or sample names its tariff item and value).
    Printed brochures (49019900, Chapter 49, printed matter) may go as documents; cotton
    shirts (Chapter 62) may not: goods on a CSB-III are refused under CSB-III, to be filed
    as CSB-IV or CSB-V."""
    sender = dict(consignor_iec="", consignor_name="K. Suresh", consignor_address="Vizag",
                  consignor_kyc="PASSPORT:K1234567", consignee_country="GB", value=0,
                  description="Documents: contract papers", gross_weight_kg="0.2")
    papers = _file(demo_core, actors, form="III", tariff_item="", **sender)
    assert (papers.form, papers.consignor_iec, papers.tariff_item, papers.value_inr) == (
        "III", "", "", Decimal("0.00"))
    assert papers.route in rms.CSB_ROUTES and papers.state == papers.route
    with pytest.raises(InvalidInput) as err:
        _file(demo_core, actors, form="IV", tariff_item="", **sender)
    assert err.value.field == "tariff_item"
    brochures = _file(demo_core, actors, form="III", tariff_item="4901 99 00", **sender)
    assert brochures.tariff_item == "49019900"
    with pytest.raises(RuleViolation) as err:
        _file(demo_core, actors, form="III", tariff_item=_item(demo_core, "62"), **sender)
    assert err.value.rule == "CSB-III" and "CSB-IV or CSB-V" in err.value.message

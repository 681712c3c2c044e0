"""Routing on submission: RMS routes and CCRs, AC/DC thresholds (EXP-RMS-1/2, EXP-ASM-1..5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.exports import assessment, examination, routing
from tests.sb_support import (
    IEC_COCONUT,
    IEC_HANDLOOM,
    IEC_MARINE,
    IEC_PHARMA,
    IEC_STEEL,
    assessed,
    declaration,
    file,
    registered,
    snapshot,
)


def _param(core, key: str, value: str) -> None:
    """A location's own figure, in force from the test date (beats the national one)."""
    with core.db.write() as s:
        s.add(t.RuleParameter(key=key, location_code="INVTZ4", value=Decimal(value),
                              effective_from=date(2026, 1, 1), source="test"))


def _scheme(core, category: str) -> str:
    with core.db.read() as s:
        code = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == category)).first()
    assert code, f"no scheme code of category {category} in the directory"
    return code


def test_exp_rms_1_every_route(demo_core, actors):
    """EXP-RMS-1: Each RMS route gives its first state; routing is audited with the rule."""
    cases = [
        (declaration(demo_core, IEC_PHARMA, "3004"), "assessment_and_examination",
         "awaiting_assessment"),
        (declaration(demo_core, IEC_MARINE, "03"), "assessment", "awaiting_assessment"),
        (declaration(demo_core, IEC_HANDLOOM, "52"), "examination", "assessed"),
        (declaration(demo_core, IEC_MARINE, "09", avoid="03"), "facilitated", "facilitated"),
    ]
    for data, route, state in cases:
        sb = file(demo_core, actors, data)
        assert (sb.route, sb.state) == (route, state), sb.rms_note
        assert sb.rms_rule_id and sb.rms_note.startswith(f"rule {sb.rms_rule_id}")
        assert sb.needs_examination == (route in ("examination", "assessment_and_examination"))


def test_exp_rms_2_ccr_attached_and_comment_required(demo_core, actors):
    """EXP-RMS-2."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004"))
    assert [c.code for c in sb.ccrs] == ["DC-NOC"] and sb.ccrs[0].status == "pending"
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        assessment.decide_ccr(demo_core, actors["apr1"], sb.sb_no, "DC-NOC", complied=False)
    assert err.value.rule == "EXP-RMS-2"
    assert snapshot(demo_core) == before
    sb = assessment.decide_ccr(demo_core, actors["apr1"], sb.sb_no, "DC-NOC", complied=False,
                               comment="Ayurvedic preparation: no NOC needed (Circular 12/2019)")
    assert sb.ccrs[0].status == "not_applicable" and "Ayurvedic" in sb.ccrs[0].comment


def test_exp_asm_1_i_duty_free_high_value_needs_acdc_before_registration(demo_core, actors):
    """EXP-ASM-1 (i) and EXP-ASM-5: the goods wait for the AC/DC's clearance."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_STEEL, "72", quantity="1000",
                                             unit_price="200"))
    assert sb.fob_inr > Decimal(1000000)
    assert (sb.acdc_rule, sb.state) == ("EXP-ASM-1.i", "awaiting_acdc")
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        examination.register_goods(demo_core, actors["exm1"], sb.sb_no, sb.packages)
    assert err.value.rule == "EXP-ASM-5"
    assert snapshot(demo_core) == before
    with pytest.raises(NotPermitted):
        assessment.clear_by_acdc(demo_core, actors["apr1"], sb.sb_no)
    sb = assessment.clear_by_acdc(demo_core, actors["acdc1"], sb.sb_no)
    assert (sb.state, sb.acdc_cleared_by) == ("assessed", "acdc1")
    sb = examination.register_goods(demo_core, actors["exm1"], sb.sb_no, sb.packages)
    assert sb.state == "under_examination"


def test_exp_asm_1_ii_free_trade_sample(demo_core, actors):
    """EXP-ASM-1."""
    data = declaration(demo_core, IEC_COCONUT, "08", quantity="1000", unit_price="1")
    data["free_trade_sample"] = True
    sb = file(demo_core, actors, data)
    assert sb.fob_inr > Decimal(25000)
    assert sb.acdc_rule == "EXP-ASM-1.ii"


def test_exp_asm_1_iii_drawback_above_the_limit(demo_core, actors):
    """EXP-ASM-1."""
    _param(demo_core, "EXP-ASM-1.iii", "100")  # a small limit so the demo rates exceed it
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08", drawback=True,
                                             quantity="3000"))
    assert sb.drawback > Decimal(100)
    assert (sb.acdc_rule, sb.state) == ("EXP-ASM-1.iii", "awaiting_acdc")


def test_exp_asm_2_scheme_sb_goes_to_appraiser_then_acdc(demo_core, actors):
    """EXP-ASM-2."""
    data = declaration(demo_core, IEC_PHARMA, "30", avoid="3004")
    data["items"][0].update(scheme_code=_scheme(demo_core, "advance"), licence_no="0310099887",
                            licence_item_sl="1", licence_inputs="C1/M, C3/N")
    sb = file(demo_core, actors, data)
    assert (sb.acdc_rule, sb.state) == ("EXP-ASM-2", "awaiting_assessment")
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    assert sb.state == "awaiting_acdc"
    sb = assessment.clear_by_acdc(demo_core, actors["acdc2"], sb.sb_no)
    assert sb.state == "assessed"


def test_exp_asm_2_advance_licence_needs_annexure_d(demo_core, actors):
    """EXP-ASM-2."""
    data = declaration(demo_core, IEC_PHARMA, "30", avoid="3004")
    data["items"][0].update(scheme_code=_scheme(demo_core, "advance"))
    with pytest.raises(InvalidInput) as err:
        file(demo_core, actors, data)
    assert err.value.field == "items[1].licence_no"


def test_exp_asm_3_depb_threshold(demo_core, actors):
    """EXP-ASM-3."""
    depb = _scheme(demo_core, "depb")
    low = declaration(demo_core, IEC_COCONUT, "08", quantity="100")
    low["items"][0].update(scheme_code=depb, depb_group="90", depb_item="12", depb_rate="5")
    sb = file(demo_core, actors, low)
    assert sb.category == "depb" and sb.acdc_rule == ""
    assert sb.items[0].depb_value_for_credit == sb.items[0].fob_inr
    high = declaration(demo_core, IEC_COCONUT, "08", quantity="100")
    high["items"][0].update(scheme_code=depb, depb_group="90", depb_item="13", depb_rate="20")
    assert file(demo_core, actors, high).acdc_rule == "EXP-ASM-3"


def test_exp_asm_4_instructions_and_samples_reach_the_examiner(demo_core, actors):
    """EXP-ASM-4."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "03"))
    assert not sb.needs_examination
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no,
                           instructions="Check glazing percentage", samples="2 × 500 g")
    sb = assessed(demo_core, actors, sb)
    sb = registered(demo_core, actors, sb)
    assert sb.state == "under_examination"
    assert "Check glazing" in sb.goods.instructions and "500 g" in sb.goods.instructions


def test_exp_rms_3_no_instructions_on_a_facilitated_sb(demo_core, actors):
    """EXP-RMS-3."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    with pytest.raises(RuleViolation) as err:
        assessment.give_instructions(demo_core, actors["apr1"], sb.sb_no, instructions="open all")
    assert err.value.rule == "EXP-RMS-3"


def test_rms_rules_kept_by_acdc_and_audited(demo_core, actors):
    with pytest.raises(NotPermitted):
        routing.add_rms_rule(demo_core, actors["apr1"], name="x", route="examination")
    with pytest.raises(InvalidInput) as err:
        routing.add_rms_rule(demo_core, actors["acdc1"], name="x", route="sometimes")
    assert err.value.field == "route"
    rule = routing.add_rms_rule(demo_core, actors["acdc1"], name="Coconut to examination",
                                priority=5, iec=IEC_COCONUT, route="examination", ccrs="PQ")
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08"))
    assert (sb.route, sb.rms_rule_id, [c.code for c in sb.ccrs]) == (
        "examination", rule.id, ["PQ"])
    routing.edit_rms_rule(demo_core, actors["adc1"], rule.id, route="assessment")
    assert file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08")).route == \
        "assessment"
    routing.deactivate_rms_rule(demo_core, actors["acdc1"], rule.id, "trial over")
    assert file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08")).rms_rule_id != \
        rule.id
    assert not [r for r in routing.list_rms_rules(demo_core) if r.id == rule.id][0].active
    with demo_core.db.read() as s:
        acts = [r.action for r in s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_kind == "RMS", t.AuditRecord.doc_ref == str(rule.id)))]
    assert acts == ["add", "edit", "disable"]


def test_exp_asm_2_exp_asm_3_depb_sb_is_assessed_by_the_appraiser_whatever_rms_says(
        demo_core, actors):
    """EXP-ASM-2 / EXP-ASM-3: a DEPB SB goes to the Appraiser (DEPB cell) even when RMS
    would facilitate it or waive the assessment; the AC/DC follows at the thresholds.

    Worked figures (demo rate USD 87.10):
    - 100 kg of desiccated coconut at USD 10 = USD 1,000 = FOB Rs 87,100.00, DEPB 90/12 at
      5 %: Rs 87,100 < Rs 5,00,000 and 5 % < 20 %, so the Appraiser assesses and that is all
      (no AC/DC rule); the credit, 5 % of 87,100 = Rs 4,355.00, has been looked at by him.
    - 600 kg at USD 10 = USD 6,000 = FOB Rs 5,22,600.00 at 5 %: Rs 5,22,600 >= Rs 5,00,000,
      so the Appraiser assesses and then the AC/DC clears (EXP-ASM-3).
    - 100 kg under 90/13 at 20 %: the rate is 20 % or more, Appraiser then AC/DC.
    - The same small SB when an RMS rule routes coconut to examination only: still to the
      Appraiser first (RMS does not waive a DEPB assessment).
    """
    depb = _scheme(demo_core, "depb")

    def depb_sb(quantity: str, item: str):
        data = declaration(demo_core, IEC_COCONUT, "08", quantity=quantity)
        data["items"][0].update(scheme_code=depb, depb_group="90", depb_item=item)
        return file(demo_core, actors, data)

    low = depb_sb("100", "12")
    assert (low.fob_inr, low.acdc_rule, low.state) == (
        Decimal("87100.00"), "", "awaiting_assessment"), low.rms_note
    assert assessment.assess(demo_core, actors["apr1"], low.sb_no).state == "assessed"
    for quantity, item, fob in (("600", "12", "522600.00"), ("100", "13", "87100.00")):
        high = depb_sb(quantity, item)
        assert (high.fob_inr, high.acdc_rule, high.state) == (
            Decimal(fob), "EXP-ASM-3", "awaiting_assessment")
        assert assessment.assess(demo_core, actors["apr1"], high.sb_no).state == "awaiting_acdc"
    routing.add_rms_rule(demo_core, actors["acdc1"], name="Coconut to examination",
                         priority=5, iec=IEC_COCONUT, route="examination")
    waived = depb_sb("100", "12")
    assert (waived.route, waived.state, waived.needs_examination) == (
        "examination", "awaiting_assessment", True)

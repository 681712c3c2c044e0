"""Arrival, registration, examination, samples, EOU seals, variations
(EXP-ARR-1/2, EXP-EXM-1/2, EXP-EOU-1, EXP-LEO-2)."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.admin.officers import set_on_duty
from console.services.exports import assessment, examination, leo
from console.services.exports.examination import packages_to_examine
from tests.sb_support import (
    IEC_HANDLOOM,
    IEC_MARINE,
    IEC_PHARMA,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)


def test_exp_arr_1_custodian_admits_on_the_sb_number(demo_core, actors):
    """EXP-ARR-1."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
    with pytest.raises(NotPermitted):
        examination.admit_goods(demo_core, actors["exm1"], sb.sb_no)
    view = examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    assert view.admitted_by == "cus1"
    with pytest.raises(RuleViolation) as err:
        examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    assert err.value.rule == "EXP-ARR-1"


def test_exp_arr_2_no_registration_before_arrival_or_with_wrong_quantity(demo_core, actors):
    """EXP-ARR-2."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52", packages=12))
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        examination.register_goods(demo_core, actors["exm1"], sb.sb_no, 12)
    assert err.value.rule == "EXP-ARR-2" and "not arrived" in err.value.message
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        examination.register_goods(demo_core, actors["exm1"], sb.sb_no, 11)
    assert err.value.rule == "EXP-ARR-2"
    assert snapshot(demo_core) == before
    view = examination.register_goods(demo_core, actors["exm2"], sb.sb_no, 12, vehicle_no="AP31")
    assert view.state == "under_examination" and view.goods.registered_by == "exm2"
    assert view.goods.packages_to_examine == tuple(packages_to_examine(sb.sb_no, 12))


def test_exp_arr_2_packages_to_examine_rule():
    """EXP-ARR-2."""
    assert len(packages_to_examine(1000001, 1)) == 1
    assert len(packages_to_examine(1000001, 10)) == 2
    assert len(packages_to_examine(1000001, 45)) == 5
    assert len(packages_to_examine(1000001, 500)) == 10
    picks = packages_to_examine(1000007, 60)
    assert picks == packages_to_examine(1000007, 60) and all(1 <= p <= 60 for p in picks)
    assert picks == sorted(set(picks))


def _load(core) -> dict[str, int]:
    with core.db.read() as s:
        return dict(s.exec(select(t.GoodsRegistration.examiner, func.count())
                           .join(t.ShippingBill)
                           .where(t.ShippingBill.state == "under_examination")
                           .group_by(t.GoodsRegistration.examiner)).all())


def test_exp_arr_2_least_loaded_examiner_on_duty(demo_core, actors):
    """EXP-ARR-2."""
    for _ in range(3):
        load = _load(demo_core)
        expected = min(("exm1", "exm2"), key=lambda u: (load.get(u, 0), u))
        sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
        assert registered(demo_core, actors, sb).goods.examiner == expected
    set_on_duty(demo_core, actors["acdc1"], "exm2", False)
    for _ in range(2):
        sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
        assert registered(demo_core, actors, sb).goods.examiner == "exm1"


def test_exp_exm_1_report_by_the_named_examiner(demo_core, actors):
    """EXP-EXM-1."""
    sb = registered(demo_core, actors, file(demo_core, actors,
                                            declaration(demo_core, IEC_HANDLOOM, "52")))
    other = "exm2" if sb.goods.examiner == "exm1" else "exm1"
    with pytest.raises(NotPermitted):
        examination.enter_examination_report(demo_core, actors[other], sb.sb_no, "ok")
    with pytest.raises(InvalidInput):
        examination.enter_examination_report(demo_core, actors[sb.goods.examiner], sb.sb_no, "")
    view = examined(demo_core, actors, sb, representative="K. Raju, ID 77")
    assert view.state == "examined"
    assert view.examination.packages_examined == ",".join(
        map(str, sb.goods.packages_to_examine))
    assert view.examination.representative == "K. Raju, ID 77"


def test_exp_exm_2_two_samples_under_one_test_memo(demo_core, actors):
    """EXP-EXM-2."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "03"))
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no, samples="2 × 250 g")
    sb = registered(demo_core, actors, assessed(demo_core, actors, sb))
    examiner = actors[sb.goods.examiner]
    with pytest.raises(RuleViolation) as err:  # ordered samples come first
        examination.enter_examination_report(demo_core, examiner, sb.sb_no, "ok")
    assert err.value.rule == "EXP-ASM-4"
    with demo_core.db.read() as s:
        memo = s.get(t.NumberSeries, "MEMO").next_value
    view = examination.draw_samples(demo_core, examiner, sb.sb_no, "frozen shrimp 250 g",
                                    "CIFT Visakhapatnam")
    assert [x.memo_no for x in view.samples] == [memo, memo]
    assert "original" in view.samples[0].description
    assert examined(demo_core, actors, view).state == "examined"


def _eou(demo_core, actors):
    with demo_core.db.read() as s:
        code = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == "eou")).first()
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    data["items"][0]["scheme_code"] = code
    sb = assessed(demo_core, actors, file(demo_core, actors, data))
    return registered(demo_core, actors, sb)


def test_exp_eou_1_seal_intact_recommended_for_leo(demo_core, actors):
    """EXP-EOU-1."""
    sb = _eou(demo_core, actors)
    assert sb.category == "eou" and sb.state == "under_examination"
    assert "seal" in sb.goods.instructions
    with pytest.raises(InvalidInput) as err:
        examined(demo_core, actors, sb)
    assert err.value.rule == "EXP-EOU-1"
    view = examined(demo_core, actors, sb, seal_intact=True)
    assert view.examination.seal_intact and view.examination.packages_examined == ""
    assert leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no).state == "let_export"


def test_exp_eou_1_seal_broken_means_examination(demo_core, actors):
    """EXP-EOU-1."""
    sb = _eou(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        examined(demo_core, actors, sb, seal_intact=False, packages_examined="")
    assert err.value.rule == "EXP-EOU-1"
    view = examined(demo_core, actors, sb, seal_intact=False, packages_examined="1,2,3")
    assert view.examination.packages_examined == "1,2,3"


def _with_variation(demo_core, actors):
    sb = assessed(demo_core, actors, file(demo_core, actors,
                                          declaration(demo_core, IEC_PHARMA, "3004")))
    sb = registered(demo_core, actors, sb)
    return examined(demo_core, actors, sb, variation=True, variation_note="120 found, 100 declared")


def test_exp_leo_2_variation_agreed_is_processed_finally(demo_core, actors):
    """EXP-LEO-2."""
    sb = _with_variation(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    assert "EXP-LEO-2" in err.value.message
    sb = examination.mark_variation(demo_core, actors["apr1"], sb.sb_no)
    assert sb.state == "referred_acdc"
    sb = examination.decide_variation(demo_core, actors["acdc1"], sb.sb_no, exporter_agrees=True,
                                      view="Quantity 120; value re-determined")
    assert sb.state == "examined" and sb.examination.variation_outcome == "agreed"
    assert leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no).state == "let_export"


def test_exp_leo_2_variation_disputed_goes_offline(demo_core, actors):
    """EXP-LEO-2."""
    sb = examination.mark_variation(demo_core, actors["apr1"],
                                     _with_variation(demo_core, actors).sb_no)
    with pytest.raises(NotPermitted):
        examination.decide_variation(demo_core, actors["apr1"], sb.sb_no, exporter_agrees=False,
                                     view="x")
    sb = examination.decide_variation(demo_core, actors["acdc1"], sb.sb_no,
                                      exporter_agrees=False, view="Exporter disputes quantity")
    assert sb.state == "offline"


def test_exp_arr_2_examiner_s_list_goods_admitted_and_sbs_marked_to_him(demo_core, actors):
    """EXP-ARR-1/2, EXP-EXM-1 (every document waits on somebody's list): an SB whose goods
    the custodian admitted waits on the examining officers' list for registration (not
    before: the goods are not there); under examination it waits only for the examiner it
    is marked to."""
    from console.services.exports import worklists

    def refs(who: str) -> set[str]:
        return {r.ref for r in worklists.for_officer(demo_core, actors[who], limit=500).rows}

    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "03"))
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no, instructions="open two")
    sb = assessed(demo_core, actors, sb)
    assert str(sb.sb_no) not in refs("exm1")  # assessed, the goods not yet arrived
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    assert str(sb.sb_no) in refs("exm1") and str(sb.sb_no) in refs("exm2")
    view = examination.register_goods(demo_core, actors["exm1"], sb.sb_no, sb.packages)
    assert view.state == "under_examination"
    other = "exm1" if view.goods.examiner == "exm2" else "exm2"
    assert str(sb.sb_no) in refs(view.goods.examiner)
    assert str(sb.sb_no) not in refs(other)

"""Let Export, BRC due date, MOT, cess, stuffing, EGM, and two officers at once
(EXP-LEO-1/3, EXP-RMS-5, EXP-PRT-6, EXP-MOT-1, EXP-CES-1, EXP-STF-1, EXP-EGM-1, EXP-REG-3)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import Conflict, IcesError, NotPermitted, RuleViolation
from console.services.exports import assessment, egm, leo
from console.services.exports.sb_common import get_sb
from tests.sb_support import (
    IEC_COCONUT,
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


def _facilitated(core, a):
    """A facilitated SB, its cess (if the tariff item carries any) paid."""
    return assessed(core, a, file(core, a, declaration(core, IEC_MARINE, "09", avoid="03")))


def test_exp_rms_5_facilitated_sb_still_needs_the_officers_leo(demo_core, actors):
    """EXP-RMS-5 and EXP-LEO-1: no examination, but LEO is an Appraiser's act."""
    sb = registered(demo_core, actors, _facilitated(demo_core, actors))
    assert sb.state == "goods_registered" and not sb.goods.examiner
    for who in ("exm1", "cus1", "opr1", "acdc1"):
        with pytest.raises(NotPermitted):
            leo.give_let_export_order(demo_core, actors[who], sb.sb_no)
    view = leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no,
                                     expected_version=sb.version)
    assert (view.state, view.leo_by, view.leo_by_name) == ("let_export", "apr2",
                                                           "M. Reddy (Shed Appraiser)")
    assert view.leo_at == demo_core.now()


def test_exp_leo_3_blockers_each_named(demo_core, actors):
    """EXP-LEO-3."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004"))
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    with pytest.raises(RuleViolation):  # not registered yet
        leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    sb = registered(demo_core, actors, sb)
    sb = examined(demo_core, actors, sb)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    assert err.value.rule == "EXP-LEO-3" and "EXP-RMS-2" in err.value.message
    assert snapshot(demo_core) == before
    from console.services.exports import queries

    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["Batch numbers?"])
    with pytest.raises(RuleViolation) as err:  # a query not yet approved holds nothing
        leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    assert "EXP-QRY-1" not in err.value.message and "EXP-RMS-2" in err.value.message
    queries.withdraw_query(demo_core, actors["acdc1"], sb.sb_no, "not needed")
    assessment.decide_ccr(demo_core, actors["apr1"], sb.sb_no, "DC-NOC", complied=True)
    assert leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no).state == "let_export"


def test_exp_leo_3_acdc_clearance_required(demo_core, actors):
    """EXP-LEO-3."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "30", avoid="3004"))
    with demo_core.db.write() as s:  # an SB that slipped past clearance must still be stopped
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        row.acdc_rule = "EXP-ASM-1.i"
        s.add(row)
    with demo_core.db.read() as s:
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        assert "EXP-ASM-1.i: AC/DC clearance missing" in leo.leo_blockers(s, row)


def test_exp_prt_6_brc_due_date_from_leo_date_effective_dated(demo_core, actors):
    """EXP-PRT-6."""
    sb = registered(demo_core, actors, _facilitated(demo_core, actors))
    view = leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    assert view.brc_due_date == date(2028, 2, 2)  # 15 months from 2.11.2026
    with demo_core.db.read() as s:
        assert leo.brc_due_date(s, date(2025, 11, 12), "INVTZ4") == date(2026, 8, 12)  # 9 months
        assert leo.brc_due_date(s, date(2025, 11, 13), "INVTZ4") == date(2027, 2, 13)


def test_exp_mot_1_examination_after_hours(demo_core, actors, clock):
    """EXP-MOT-1."""
    def examined_at(hour: int, iec: str = IEC_HANDLOOM):
        clock.set(datetime(2026, 11, 3, 11, 0))
        sb = registered(demo_core, actors, file(demo_core, actors,
                                                declaration(demo_core, iec, "52")))
        clock.set(datetime(2026, 11, 3, hour, 30))
        examined(demo_core, actors, sb)
        return leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)

    assert not examined_at(11).mot_due
    assert examined_at(18).mot_due
    with demo_core.db.write() as s:
        s.get(t.Port, "INVTZ4").clearance_24x7 = True
    assert not examined_at(18).mot_due  # 24×7 ports collect no MOT


def _cess_item(demo_core) -> str:
    with demo_core.db.read() as s:
        items = [r.item for r in s.exec(select(t.TariffItem)) if r.export_cess_rate > 0]
    assert items, "the tariff has no item with export cess"
    return items[0]


def test_exp_ces_1_cess_challan_and_leo_refused_until_paid(demo_core, actors):
    """EXP-CES-1."""
    item = _cess_item(demo_core)
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, item))
    assert sb.cess > 0 and sb.category == "dutiable"
    assert sum(i.cess for i in sb.items) == sb.cess
    if sb.state == "awaiting_assessment":
        assert sb.cess_challan_no is None
        sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    if sb.state == "awaiting_acdc":
        sb = assessment.clear_by_acdc(demo_core, actors["acdc1"], sb.sb_no)
    for c in sb.ccrs:
        assessment.decide_ccr(demo_core, actors["apr1"], sb.sb_no, c.code, complied=True)
    assert sb.cess_challan_no
    sb = registered(demo_core, actors, get_sb(demo_core, sb.sb_no))
    if sb.state == "under_examination":
        sb = examined(demo_core, actors, sb)
    with pytest.raises(RuleViolation) as err:
        leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    assert "EXP-CES-1" in err.value.message
    paid = leo.pay_cess(demo_core, actors["opr1"], sb.sb_no)
    assert paid.cess_paid_at
    with pytest.raises(RuleViolation):
        leo.pay_cess(demo_core, actors["opr1"], sb.sb_no)
    assert leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no).state == "let_export"


def test_exp_stf_1_stuffing_report_same_day(demo_core, actors):
    """EXP-STF-1."""
    sb = registered(demo_core, actors, _facilitated(demo_core, actors))
    with pytest.raises(RuleViolation):  # before LEO
        egm.enter_stuffing_report(demo_core, actors["exm1"], sb.sb_no)
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    with pytest.raises(RuleViolation) as err:
        egm.enter_stuffing_report(demo_core, actors["exm1"], sb.sb_no,
                                  stuffed_at=demo_core.now() - timedelta(days=1))
    assert err.value.rule == "EXP-STF-1"
    view = egm.enter_stuffing_report(demo_core, actors["exm1"], sb.sb_no,
                                     container_no="msku1234567", seal_no="S1")
    assert view.stuffing.container_no == "MSKU1234567"


def test_exp_egm_1_and_exp_reg_3_egm_closes_the_sbs(demo_core, actors):
    """EXP-EGM-1, EXP-REG-3."""
    sbs = []
    for _ in range(2):
        sb = registered(demo_core, actors, _facilitated(demo_core, actors))
        sbs.append(leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no).sb_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        egm.file_egm(demo_core, actors["car1"], "ZZ", sbs)
    assert err.value.rule == "EXP-REG-3"
    pending = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52")).sb_no
    with pytest.raises(RuleViolation):  # one SB not let export: nothing is filed
        egm.file_egm(demo_core, actors["car1"], "AI", [*sbs, pending])
    assert snapshot(demo_core)["Egm"] == before["Egm"]
    manifest = egm.file_egm(demo_core, actors["car1"], "AI", sbs, voyage="AI-101")
    assert manifest.sb_nos == tuple(sbs) and manifest.charge == 0
    assert {get_sb(demo_core, n).state for n in sbs} == {"exported"}
    assert get_sb(demo_core, sbs[0]).egm.egm_no == manifest.egm_no
    with pytest.raises(RuleViolation):
        egm.file_egm(demo_core, actors["car1"], "AI", sbs)
    sb = registered(demo_core, actors, _facilitated(demo_core, actors))
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    keyed = egm.file_egm(demo_core, actors["opr1"], "6E", [sb.sb_no])
    assert keyed.charge == Decimal("60.00")  # EGM data entry at Visakhapatnam (charges.md)


def test_two_officers_same_sb_one_wins_other_gets_conflict(demo_core, actors):
    sb = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004"))
    seen = sb.version
    assessment.assess(demo_core, actors["apr1"], sb.sb_no, expected_version=seen)
    before = snapshot(demo_core)
    with pytest.raises(Conflict):
        assessment.assess(demo_core, actors["apr2"], sb.sb_no, expected_version=seen)
    with pytest.raises(RuleViolation):  # without a version: refused by the state
        assessment.assess(demo_core, actors["apr2"], sb.sb_no)
    assert snapshot(demo_core) == before


def test_two_officers_at_once_only_one_leo(demo_core, actors):
    sb = registered(demo_core, actors, _facilitated(demo_core, actors))
    results: list[str] = []

    def act(who: str) -> None:
        try:
            leo.give_let_export_order(demo_core, actors[who], sb.sb_no)
            results.append("ok")
        except IcesError as err:
            results.append(type(err).__name__)

    threads = [threading.Thread(target=act, args=(w,)) for w in ("apr1", "apr2")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == ["RuleViolation", "ok"]
    with demo_core.db.read() as s:
        leos = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_ref == str(sb.sb_no),
                                                  t.AuditRecord.action == "leo")).all()
    assert len(leos) == 1

"""Warehousing (W) and ex-bond (X) Bills of Entry (bonds-warehousing.md, WH-1..WH-5).

The standard W BE (tests/bond_support.py) at 88.90 rupees per USD:

* paint 32089090, 300 kg, USD 600: AV 600/1000 × 88,900 = Rs 53,340.00;
* printing ink 32151190, 100 kg, USD 400: AV Rs 35,560.00;
* duty (BCD 10 %, SWS 10 % of BCD, IGST 18 %): paint 5,334.00 + 533.40 + 10,657.33 and ink
  3,556.00 + 355.60 + 7,104.89 = Rs 27,541.22 — assessed, not paid (it is paid ex-bond).

An X BE for 100 kg of the paint: USD 600 × 100/300 = USD 200, AV Rs 17,780.00; BCD
Rs 1,778.00; SWS Rs 177.80; IGST 18 % of 19,735.80 = Rs 3,552.44; duty Rs 5,508.24.
If paint's BCD rises to 20 %: BCD 3,556.00; SWS 355.60; IGST 18 % of 21,691.60 =
3,904.49; duty Rs 7,816.09; differential Rs 2,307.85 (WH-4).

Interest (WH-5) at 15 % a year on Rs 5,508.24, the duty paid on 02.11.2026:
* ordered 02.03.2026: 245 days, less 90 = 155 days: 5,508.24 × 0.15 × 155 / 365 =
  Rs 350.87;
* ordered 15.10.2025: 383 days, less 90 = 293 days (on 40 kg of ink, duty Rs 4,406.60, in
  the test);
* ordered 04.08.2026: exactly 90 days, no interest; 03.08.2026: 1 day, Rs 2.26.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.bonds import bonds, warehousing
from console.services.imports import be_amendments as amd
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from tests import bond_support as bs
from tests.bond_support import INK, PAINT, snapshot
from tests.conftest import T0
from tests.test_bonds import _refused


def _to_ooc(core, a, x: bes.BeView) -> bes.BeView:
    """An X BE assessed, paid, registered, examined, checked and given Out of Charge."""
    clr.assess(core, a["apr1"], x.be_no)
    clr.pay_duty(core, a["opr1"], x.be_no, "online")
    clr.register_goods(core, a["exm1"], x.be_no)
    clr.examine(core, a["exm1"], x.be_no, "drawn from the warehouse")
    warehousing.check_ex_bond(core, a["apr2"], x.be_no, "nil")
    return clr.give_out_of_charge(core, a["apr2"], x.be_no)


def _balances(core, w_be_no: int) -> list[tuple[int, Decimal]]:
    return [(x.item_sl, x.balance) for x in warehousing.get_warehouse(core, w_be_no).lines]


def test_wh_1_warehouse_code(demo_core, actors):
    """WH-1: a 4-character location, a type digit and a 3-digit serial; with no code
    assigned, type 0 ('other') serial 001 (WFD60001 at INWFD6); a W BE names a warehouse
    of its own port, and a malformed or foreign code is refused with nothing keyed."""
    a = actors
    assert warehousing.default_warehouse_code("INWFD6") == "WFD60001"
    plain = bs.submitted(demo_core, a, be_type="W")
    assert warehousing.get_warehouse(demo_core, plain.be_no).warehouse_code == "VTZ40001"
    named = bs.submitted(demo_core, a, be_type="W", warehouse_code="vtz41002")
    assert warehousing.get_warehouse(demo_core, named.be_no).warehouse_code == "VTZ41002"
    for code in ("WFD61001", "VTZ4100", "VTZ4A002"):
        before = snapshot(demo_core)
        with pytest.raises(InvalidInput) as err:
            bs.submitted(demo_core, a, be_type="W", warehouse_code=code)
        assert (err.value.field, err.value.rule) == ("warehouse_code", "WH-1")
        assert snapshot(demo_core)["bes"] == before["bes"]


def test_wh_2_quantity_ledger_opened_on_out_of_charge_of_a_w_be(demo_core, actors):
    """WH-2: the Out of Charge of a W BE opens a quantity ledger line for every item. Until
    then there is no ledger and no ex-bond BE against it. The W BE's duty is not paid
    (WH-5); its goods wait for the warehousing bond (BND-7, BND-5)."""
    a = actors
    w = bs.assessed(demo_core, a, be_type="W")
    assert w.duty == Decimal("27541.22")
    _refused(demo_core, RuleViolation, clr.pay_duty, demo_core, a["opr1"], w.be_no, "online",
             rule="WH-5")
    _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"], w.be_no,
             rule="BND-7")
    _refused(demo_core, InvalidInput, bonds.specify_bond, demo_core, a["apr1"], w.be_no, "EU",
             valid_to=date(2027, 12, 31), rule="BND-5")
    spec = bonds.specify_bond(demo_core, a["apr1"], w.be_no, "WH", valid_to=date(2027, 12, 31))
    assert spec.debit == Decimal("27541.22")  # the duty it secures
    bonds.approve_specification(demo_core, a["acdc1"], w.be_no)
    bond = bonds.register_bond(demo_core, a["bnd1"], spec.bond_request, "almirah 4")
    bonds.debit_bond(demo_core, a["bnd1"], bond.bond_no, w.be_no)
    clr.register_goods(demo_core, a["exm1"], w.be_no)
    clr.examine(demo_core, a["exm1"], w.be_no, "as declared")
    assert warehousing.get_warehouse(demo_core, w.be_no).lines == ()
    with pytest.raises(RuleViolation) as err:
        bs.ex_bond(demo_core, a, bes.get_be(demo_core, w.be_no), (1, "10"))
    assert err.value.rule == "WH-2"
    done = clr.give_out_of_charge(demo_core, a["apr2"], w.be_no)
    assert done.state == "out_of_charge" and done.paid_at is None
    v = warehousing.get_warehouse(demo_core, w.be_no)
    assert [(x.item_sl, x.tariff_item, x.quantity, x.balance) for x in v.lines] == [
        (1, PAINT, Decimal("300"), Decimal("300")), (2, INK, Decimal("100"), Decimal("100"))]
    assert (v.ordered_on, v.period_to) == (T0.date(), date(2027, 11, 2))


def test_wh_3_ex_bond_takes_the_w_be_details_and_never_exceeds_the_balance(demo_core, actors):
    """WH-3: the X BE names the W BE's number and date; importer, currency, rate, items and
    values come from it for the quantities chosen (the worked USD 200 / Rs 5,508.24); the
    cleared quantity is debited from the ledger at Out of Charge and never beyond the
    balance — refused when keyed, and at the check and Out of Charge when another X BE took
    the balance first."""
    a = actors
    w = bs.warehoused(demo_core, a)
    _refused(demo_core, RuleViolation, bs.ex_bond, demo_core, a, w, (1, "300.001"),
             rule="WH-3")
    _refused(demo_core, InvalidInput, bs.ex_bond, demo_core, a, w, (3, "1"), rule="WH-3")
    wrong_day = replace(w, be_date=date(2026, 11, 1))
    _refused(demo_core, InvalidInput, bs.ex_bond, demo_core, a, wrong_day, (1, "1"),
             rule="WH-3")
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    assert (x.be_type, x.iec, x.currency, x.exchange_rate, x.igm_no, x.bl_no) == (
        "X", w.iec, "USD", Decimal("88.90"), w.igm_no, w.bl_no)
    (item,) = x.items
    assert (item.tariff_item, item.quantity, item.value_fc, item.assessable) == (
        PAINT, Decimal("100"), Decimal("200.00"), Decimal("17780.00"))
    assert (x.duty, x.late_charge) == (Decimal("5508.24"), Decimal("0"))
    assert _balances(demo_core, w.be_no) == [(1, Decimal("300")), (2, Decimal("100"))]
    _to_ooc(demo_core, a, x)
    assert _balances(demo_core, w.be_no) == [(1, Decimal("200")), (2, Decimal("100"))]
    second = bs.ex_bond(demo_core, a, w, (1, "150"), (2, "100"))
    third = bs.ex_bond(demo_core, a, w, (1, "100"))  # 100 <= 200 when keyed
    _to_ooc(demo_core, a, second)
    assert _balances(demo_core, w.be_no) == [(1, Decimal("50")), (2, Decimal("0"))]
    clr.assess(demo_core, a["apr1"], third.be_no)
    clr.pay_duty(demo_core, a["opr1"], third.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], third.be_no)
    clr.examine(demo_core, a["exm1"], third.be_no, "drawn")
    err = _refused(demo_core, RuleViolation, warehousing.check_ex_bond, demo_core, a["apr2"],
                   third.be_no, "nil", rule="WH-4")
    assert "more than the balance" in err.message
    _refused(demo_core, RuleViolation, clr.give_out_of_charge, demo_core, a["apr2"],
             third.be_no, rule="WH-4")
    _refused(demo_core, RuleViolation, bs.ex_bond, demo_core, a, w, (1, "51"), rule="WH-3")
    assert _balances(demo_core, w.be_no) == [(1, Decimal("50")), (2, Decimal("0"))]
    cleared = warehousing.get_warehouse(demo_core, w.be_no).lines[0].clearances
    assert [(c.x_be_no, c.quantity, c.debited_at is not None) for c in cleared] == [
        (x.be_no, Decimal("100"), True), (second.be_no, Decimal("150"), True),
        (third.be_no, Decimal("100"), False)]


def test_wh_4_checks_before_ooc_and_reassessment_on_a_tariff_change(demo_core, actors):
    """WH-4: no Out of Charge of an X BE before the Superintendent's check; the check is
    his (APR), needs the charges receipt, and comes after payment and examination. A tariff
    change since assessment sends the BE back for re-assessment: differential duty
    Rs 2,307.85 (module docstring) is paid and the check made again."""
    a = actors
    w = bs.warehoused(demo_core, a)
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    _refused(demo_core, RuleViolation, warehousing.check_ex_bond, demo_core, a["apr2"],
             x.be_no, "nil", rule="WH-4")  # duty not paid
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], x.be_no)
    clr.examine(demo_core, a["exm1"], x.be_no, "drawn")
    _refused(demo_core, RuleViolation, clr.give_out_of_charge, demo_core, a["apr2"], x.be_no,
             rule="WH-4")
    _refused(demo_core, NotPermitted, warehousing.check_ex_bond, demo_core, a["exm1"],
             x.be_no, "nil")
    _refused(demo_core, InvalidInput, warehousing.check_ex_bond, demo_core, a["apr2"],
             x.be_no, " ", rule="WH-4")
    with demo_core.db.write() as s:  # a tariff change after assessment
        s.get(t.TariffItem, PAINT).bcd_rate = Decimal("20")
    v = warehousing.check_ex_bond(demo_core, a["apr2"], x.be_no, "WH rent receipt 88/2026")
    assert (v.state, v.duty, v.amount_due, v.checked_at) == (
        "assessed", Decimal("7816.09"), Decimal("2307.85"), None)
    # back with the appraiser, the differential unpaid: the BE's state refuses it (acts)
    err = _refused(demo_core, RuleViolation, clr.give_out_of_charge, demo_core, a["apr2"],
                   x.be_no, rule="IMP-OOC-1")
    assert (err.act, err.check) == ("BE.ooc", "state")
    assert clr.pay_duty(demo_core, a["opr1"], x.be_no, "online").state == "paid"
    v = warehousing.check_ex_bond(demo_core, a["apr2"], x.be_no, "WH rent receipt 88/2026")
    assert (v.checked_by, v.charges_receipt, v.amount_due) == (
        "apr2", "WH rent receipt 88/2026", Decimal("0.00"))
    assert clr.give_out_of_charge(demo_core, a["apr2"], x.be_no).state == "out_of_charge"
    assert _balances(demo_core, w.be_no)[0] == (1, Decimal("200"))


def test_wh_4_wh_5_worklists_carry_w_and_x_bes_to_the_next_officer(demo_core, actors):
    """WH-5: a W BE, once assessed, waits with the examiner for registration (its duty is
    paid on the ex-bond BEs). WH-4: an X BE, examined and paid, waits with the
    Superintendent for the check, and only once checked for Out of Charge."""
    from console.services.imports import be_enquiry, be_worklists

    a = actors

    def stages(actor, be_no: int) -> list[str]:
        return [st for st in be_worklists.STAGES_FOR[actor.role]
                if str(be_no) in [r.ref for r in be_worklists.for_officer(
                    demo_core, actor, stage=st, limit=500).rows]]

    w = bs.assessed(demo_core, a, be_type="W")
    assert stages(a["exm1"], w.be_no) == ["to_register"]
    assert be_enquiry.enquire(demo_core, a["apr1"], w.be_no).next_step == "to_register"
    w = bs.warehoused(demo_core, a)
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], x.be_no)
    clr.examine(demo_core, a["exm1"], x.be_no, "drawn")
    assert stages(a["apr2"], x.be_no) == ["to_check"]
    assert be_enquiry.enquire(demo_core, a["apr2"], x.be_no).next_step == "to_check"
    warehousing.check_ex_bond(demo_core, a["apr2"], x.be_no, "nil")
    assert stages(a["apr2"], x.be_no) == ["to_give_ooc"]
    assert be_enquiry.enquire(demo_core, a["apr2"], x.be_no).next_step == "to_give_ooc"
    clr.give_out_of_charge(demo_core, a["apr2"], x.be_no)
    assert stages(a["apr2"], x.be_no) == []


def test_wh_4_wh_5_period_ended_extension_and_interest(demo_core, actors, clock):
    """WH-4: clearance only within the warehousing period; WH-5: one year from the order
    (15.10.2025 → 15.10.2026), extended by the Commissioner only, by at most a year at a
    time; interest for 293 days (Rs 530.60 on 40 kg of ink) is paid before the check passes."""
    a = actors
    w = bs.warehoused(demo_core, a, clock, datetime(2025, 10, 15, 11, 0))
    assert warehousing.get_warehouse(demo_core, w.be_no).period_to == date(2026, 10, 15)
    x = bs.ex_bond(demo_core, a, w, (2, "40"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], x.be_no)
    clr.examine(demo_core, a["exm1"], x.be_no, "drawn")
    err = _refused(demo_core, RuleViolation, warehousing.check_ex_bond, demo_core, a["apr2"],
                   x.be_no, "nil", rule="WH-4")
    assert "period ended on 15.10.2026" in err.message
    _refused(demo_core, NotPermitted, warehousing.extend_period, demo_core, a["acdc1"],
             w.be_no, date(2027, 10, 15), "sufficient cause")
    _refused(demo_core, InvalidInput, warehousing.extend_period, demo_core, a["com1"],
             w.be_no, date(2027, 10, 16), "sufficient cause", rule="WH-5")
    assert warehousing.extend_period(demo_core, a["com1"], w.be_no, date(2027, 10, 15),
                                     "buyer's plant delayed").period_to == date(2027, 10, 15)
    err = _refused(demo_core, RuleViolation, warehousing.check_ex_bond, demo_core, a["apr2"],
                   x.be_no, "nil", rule="WH-4")
    assert "interest" in err.message
    # 40 kg of ink: USD 160, AV 14,224.00, BCD 1,422.40, SWS 142.24, IGST 18 % of
    # 15,788.64 = 2,841.96; duty 4,406.60; 293 days at 15 %: 4,406.60 × 0.15 × 293 / 365 =
    # Rs 530.60
    v = warehousing.pay_interest(demo_core, a["opr1"], x.be_no)
    assert (v.duty, v.interest_days, v.interest_paid) == (Decimal("4406.60"), 293,
                                                          Decimal("530.60"))
    warehousing.check_ex_bond(demo_core, a["apr2"], x.be_no, "nil")
    assert clr.give_out_of_charge(demo_core, a["apr2"], x.be_no).state == "out_of_charge"


def test_wh_5_interest_from_the_91st_day_shown_and_collected_on_the_x_be(demo_core, actors,
                                                                         clock):
    """WH-5: interest on the X BE's duty from the 91st day after the order for warehousing
    until the duty is paid, at the rate in force then (effective-dated), shown on the X BE
    and collected on its own challan: ordered 02.03.2026, paid 02.11.2026, 155 days,
    Rs 350.87."""
    a = actors
    w = bs.warehoused(demo_core, a, clock, datetime(2026, 3, 2, 11, 0))
    assert warehousing.get_warehouse(demo_core, w.be_no).period_to == date(2027, 3, 2)
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    shown = warehousing.get_ex_bond(demo_core, x.be_no)
    assert (shown.interest_days, shown.interest_rate, shown.interest, shown.interest_due) == (
        155, Decimal("15"), Decimal("350.87"), Decimal("350.87"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    _refused(demo_core, RuleViolation, warehousing.pay_interest, demo_core, a["opr1"],
             x.be_no, rule="WH-5")  # interest runs until the duty is paid
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    _refused(demo_core, NotPermitted, warehousing.pay_interest, demo_core, a["apr1"], x.be_no)
    v = warehousing.pay_interest(demo_core, a["opr1"], x.be_no)
    assert (v.interest_paid, v.interest_due) == (Decimal("350.87"), Decimal("0.00"))
    assert v.interest_challan_no and v.interest_challan_no != bes.get_be(
        demo_core, x.be_no).challan_no
    _refused(demo_core, RuleViolation, warehousing.pay_interest, demo_core, a["opr1"],
             x.be_no, rule="WH-5")  # nothing more due
    duty = 5_508_24
    with demo_core.db.write() as s:
        assert warehousing.interest_on(s, duty, date(2026, 8, 4), date(2026, 11, 2),
                                       "INVTZ4") == (0, Decimal("15"), Decimal("0.00"))
        assert warehousing.interest_on(s, duty, date(2026, 8, 3), date(2026, 11, 2),
                                       "INVTZ4")[2] == Decimal("2.26")
        s.add(t.RuleParameter(key="WH-5.interest_pct", value=Decimal("12"),
                              effective_from=date(2026, 12, 1), source="test: a new rate"))
    with demo_core.db.read() as s:
        # 03.08.2026 to 01.12.2026: 120 days, 30 beyond 90; at 12 %: 5,508.24 × 0.12 × 30 /
        # 365 = Rs 54.33
        assert warehousing.interest_on(s, duty, date(2026, 8, 3), date(2026, 12, 1),
                                       "INVTZ4") == (30, Decimal("12"), Decimal("54.33"))


def test_wh_2_wh_3_cli_ledger_and_ex_bond(cli):
    """WH-2, WH-3 by CLI: the demo's W BE ledger shows 200 of 300 kg of paint left after
    its ex-bond BE; the ex-bond BE shows the W BE it clears and the interest (none: same
    day)."""
    with cli.core.db.read() as s:
        w_no, x_no = (s.exec(select(t.BillOfEntry.be_no).where(t.BillOfEntry.be_type == k)
                             .order_by(t.BillOfEntry.be_no)).first() for k in ("W", "X"))
    ledger = cli("warehouse", "ledger", w_no)
    assert [(x["item_sl"], x["balance"]) for x in ledger["lines"]] == [(1, "200"), (2, "100")]
    x = cli("warehouse", "show", x_no)
    assert (x["wh_be_no"], x["state"], x["interest"]) == (w_no, "out_of_charge", "0.00")
    refused = cli("warehouse", "check", x_no, "--charges", "nil", "--user", "apr2", ok=False)
    assert isinstance(refused.exception, RuleViolation) and refused.exception.rule == "WH-4"


def _cancel_ooc(core, a, be_no: int) -> bes.BeView:
    """IMP-AMD-2: the AC/DC asks, another AC/DC approves, the System Manager cancels."""
    req = amd.request_ooc_cancellation(core, a["acdc1"], be_no, "to be amended")
    amd.approve_ooc_cancellation(core, a["acdc2"], req.id)
    return amd.cancel_out_of_charge(core, a["sys1"], req.id)


def test_wh_2_wh_3_the_ledger_follows_a_cancelled_out_of_charge(demo_core, actors):
    """WH-3 with IMP-AMD-2: cancelling an X BE's Out of Charge returns its 100 kg to the W
    BE's ledger (audited), and the next Out of Charge debits it again, once. WH-2: a W BE's
    Out of Charge is not cancelled while an ex-bond BE is keyed against its ledger (nothing
    changes); without one, the ledger closes with the warehousing order and opens again at
    the next Out of Charge."""
    a = actors
    w = bs.warehoused(demo_core, a)
    x = _to_ooc(demo_core, a, bs.ex_bond(demo_core, a, w, (1, "100")))
    assert _balances(demo_core, w.be_no) == [(1, Decimal("200")), (2, Decimal("100"))]
    cancelled = _cancel_ooc(demo_core, a, x.be_no)
    assert cancelled.state == "ooc_cancelled"
    assert _balances(demo_core, w.be_no) == [(1, Decimal("300")), (2, Decimal("100"))]
    (clearance,) = warehousing.get_warehouse(demo_core, w.be_no).lines[0].clearances
    assert (clearance.x_be_no, clearance.debited_at) == (x.be_no, None)
    with demo_core.db.read() as s:
        credit = s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_ref == str(x.be_no),
            t.AuditRecord.action == "ledger_credit")).one()
    assert "item 1 100 KGS" in credit.reason
    again = clr.give_out_of_charge(demo_core, a["apr2"], x.be_no)
    assert again.state == "out_of_charge"
    assert _balances(demo_core, w.be_no) == [(1, Decimal("200")), (2, Decimal("100"))]

    before = snapshot(demo_core)
    req = amd.request_ooc_cancellation(demo_core, a["acdc1"], w.be_no, "to be amended")
    amd.approve_ooc_cancellation(demo_core, a["acdc2"], req.id)
    after_approval = snapshot(demo_core)
    err = _refused(demo_core, RuleViolation, amd.cancel_out_of_charge, demo_core, a["sys1"],
                   req.id, rule="WH-3")
    assert f"ex-bond BE {x.be_no}" in err.message
    assert snapshot(demo_core) == after_approval and before["WarehouseLedger"] == \
        after_approval["WarehouseLedger"]

    other = bs.warehoused(demo_core, a)
    ordered = warehousing.get_warehouse(demo_core, other.be_no)
    assert ordered.ordered_on is not None and len(ordered.lines) == 2
    _cancel_ooc(demo_core, a, other.be_no)
    closed = warehousing.get_warehouse(demo_core, other.be_no)
    assert (closed.ordered_on, closed.period_to, closed.lines) == (None, None, ())
    _refused(demo_core, RuleViolation, bs.ex_bond, demo_core, a, other, (1, "1"), rule="WH-2")
    clr.give_out_of_charge(demo_core, a["apr2"], other.be_no)
    assert _balances(demo_core, other.be_no) == [(1, Decimal("300")), (2, Decimal("100"))]


def test_wh_1_wh_3_a_draft_corrected_rewrites_its_warehouse_and_ex_bond_lines(demo_core,
                                                                              actors):
    """IMP-BE-2 with WH-1 and WH-3: correcting a W draft re-reads its warehouse code;
    correcting an X draft replaces the ledger lines and quantities it clears (no line of the
    first keying is left behind), within the balance as any keying."""
    a = actors
    w_draft = bes.file_be(demo_core, a["opr1"], bs.declaration(demo_core, a, "W"))
    data = bes.keyed_declaration(demo_core, w_draft.job_no)
    bes.correct_be(demo_core, a["opr1"], w_draft.job_no, data | {"warehouse_code": "vtz41002"})
    with demo_core.db.read() as s:
        (wh,) = s.exec(select(t.Warehousing).join(
            t.BillOfEntry, t.BillOfEntry.id == t.Warehousing.be_id).where(
            t.BillOfEntry.job_no == w_draft.job_no)).all()
    assert wh.warehouse_code == "VTZ41002"

    w = bs.warehoused(demo_core, a)
    x = bes.file_be(demo_core, a["opr1"], {
        "be_type": "X", "wh_be_no": w.be_no, "wh_be_date": w.be_date.isoformat(),
        "items": [{"wh_sl": 1, "quantity": "100"}]})
    keyed = bes.keyed_declaration(demo_core, x.job_no)
    corrected = bes.correct_be(demo_core, a["opr1"], x.job_no, keyed | {"items": [
        {"wh_sl": 2, "quantity": "40"}, {"wh_sl": 1, "quantity": "50"}]})
    assert [(i.tariff_item, i.quantity) for i in corrected.items] == [
        (INK, Decimal("40")), (PAINT, Decimal("50"))]
    with demo_core.db.read() as s:
        lines = s.exec(select(t.ExBondItem.sl, t.WarehouseLedger.item_sl, t.ExBondItem.quantity)
                       .join(t.WarehouseLedger, t.WarehouseLedger.id == t.ExBondItem.ledger_id)
                       .join(t.ExBond, t.ExBond.id == t.ExBondItem.ex_bond_id)
                       .join(t.BillOfEntry, t.BillOfEntry.id == t.ExBond.be_id)
                       .where(t.BillOfEntry.job_no == x.job_no)
                       .order_by(t.ExBondItem.sl)).all()
    assert lines == [(1, 2, Decimal("40")), (2, 1, Decimal("50"))]
    _refused(demo_core, RuleViolation, bes.correct_be, demo_core, a["opr1"], x.job_no,
             keyed | {"items": [{"wh_sl": 2, "quantity": "100.5"}]}, rule="WH-3")


def test_wh_2_wh_3_wh_5_warehouse_ledgers_of_the_location_with_interest_to_date(
        demo_core, actors, clock):
    """The bond section's view of the warehouse: every W BE of the location given Out of
    Charge (its order for warehousing, WH-2), oldest order first, with its period and WH
    bond, and per item the quantity, what ex-bond BEs cleared and the balance (WH-3), and
    the interest due to date on the duty of the balance (WH-5).

    Ordered 02.03.2026, on 02.11.2026: 245 days, 155 beyond the 90 free. 100 kg of the 300
    kg of paint cleared: duty on the 200 kg left 16,524.73 × 200/300 = Rs 11,016.49; on the
    100 kg of ink Rs 11,016.49; each 11,016.49 × 0.15 × 155 / 365 = Rs 701.74."""
    a = actors
    w = bs.warehoused(demo_core, a, clock, datetime(2026, 3, 2, 11, 0))
    x = bs.ex_bond(demo_core, a, w, (1, "100"))
    clr.assess(demo_core, a["apr1"], x.be_no)
    clr.pay_duty(demo_core, a["opr1"], x.be_no, "online")
    warehousing.pay_interest(demo_core, a["opr1"], x.be_no)
    clr.register_goods(demo_core, a["exm1"], x.be_no)
    clr.examine(demo_core, a["exm1"], x.be_no, "drawn")
    warehousing.check_ex_bond(demo_core, a["apr2"], x.be_no, "nil")
    clr.give_out_of_charge(demo_core, a["apr2"], x.be_no)

    mine, demo = warehousing.warehouses_here(demo_core, a["bnd1"])
    assert (mine.be_no, mine.ordered_on, mine.period_to, mine.days, mine.interest_days,
            mine.interest_rate) == (w.be_no, date(2026, 3, 2), date(2027, 3, 2), 245, 155,
                                    Decimal("15"))
    assert mine.bond_no is not None and mine.warehouse_code == "VTZ40001"
    assert [(x.item_sl, x.tariff_item, x.quantity, x.cleared, x.balance, x.duty_on_balance,
             x.interest_due) for x in mine.lines] == [
        (1, PAINT, Decimal("300"), Decimal("100"), Decimal("200"), Decimal("11016.49"),
         Decimal("701.74")),
        (2, INK, Decimal("100"), Decimal("0"), Decimal("100"), Decimal("11016.49"),
         Decimal("701.74"))]
    assert mine.interest_due == Decimal("1403.48")
    assert [(c.x_be_no, c.quantity) for c in mine.lines[0].clearances] == [
        (x.be_no, Decimal("100"))]
    assert demo.ordered_on == T0.date() and demo.interest_due == Decimal("0.00")
    assert warehousing.warehouses_here(demo_core, a["acdc9"]) == ()  # another location
    # a W BE not yet out of charge has no ledger: not listed
    bs.assessed(demo_core, a, be_type="W")
    assert len(warehousing.warehouses_here(demo_core, a["bnd1"])) == 2

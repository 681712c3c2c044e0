"""The bond section (bonds-warehousing.md, BND-1..BND-14): bonds asked for, approved,
registered, debited, credited and closed; certificates; EOU options; provisional
assessment and SVB deposits; the BE held back until its bond is debited.

The demo registers Andhra Pharma's continuity EU bond as 100001 and a specific WH bond as
100002 (console/demo/bonds.py), so the next bond here is 100003.

Worked amounts: the standard H BE (tests/bond_support.py) has AV Rs 88,900.00 and duty
Rs 27,541.22. A PD bond with no amount keyed debits that provisional duty total (BND-13).
SVB deposit (BND-14): 1 % of Rs 88,900.00 = Rs 889.00; 5 % = Rs 4,445.00.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.bonds import bonds
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from tests import bond_support as bs
from tests.bond_support import IEC_MARINE, IEC_PHARMA, snapshot
from tests.conftest import T0


def _refused(core, exc, fn, *args, rule: str | None = None, **kw):
    """``fn`` raises ``exc`` (with ``rule``) and nothing changes."""
    before = snapshot(core)
    with pytest.raises(exc) as err:
        fn(*args, **kw)
    if rule is not None:
        assert err.value.rule == rule, err.value
    assert snapshot(core) == before
    return err.value


# ---- registration (BND-2, BND-3, BND-4, BND-5) ----


def test_bnd_2_bnd_3_bnd_4_bnd_5_continuity_bond_asked_approved_registered(demo_core, actors,
                                                                          clock):
    """BND-2: the appraiser asks for a continuity bond, the AC/DC approves; BND-3: the bond
    clerk keys the storage location and the system gives the registration number; BND-4:
    one serial for all bond types from 100001 (the demo's EU bond), never restarted in a new
    year; BND-5: only the listed type codes."""
    a = actors
    with demo_core.db.read() as s:
        demo = s.exec(select(t.Bond.bond_no, t.Bond.bond_type).where(
            t.Bond.bond_no.is_not(None)).order_by(t.Bond.bond_no)).all()
    assert demo[:2] == [(100001, "EU"), (100002, "WH")]
    _refused(demo_core, InvalidInput, bonds.request_bond, demo_core, a["apr1"], IEC_PHARMA,
             "XX", "1000", date(2027, 6, 30), rule="BND-5")
    _refused(demo_core, NotPermitted, bonds.request_bond, demo_core, a["opr1"], IEC_PHARMA,
             "PD", "1000", date(2027, 6, 30))
    r = bonds.request_bond(demo_core, a["apr1"], IEC_PHARMA, "PD", "250000",
                           date(2027, 6, 30), bg_amount="25000", bg_ref="SBI BG 7")
    assert (r.state, r.bond_no, r.kind, r.balance, r.bg_balance) == (
        "requested", None, "continuity", Decimal("250000.00"), Decimal("25000.00"))
    _refused(demo_core, RuleViolation, bonds.register_bond, demo_core, a["bnd1"], r.id,
             "almirah 2", rule="BND-3")  # not yet approved
    _refused(demo_core, NotPermitted, bonds.approve_bond, demo_core, a["apr2"], r.id)
    assert bonds.approve_bond(demo_core, a["acdc1"], r.id).state == "approved"
    _refused(demo_core, NotPermitted, bonds.register_bond, demo_core, a["apr1"], r.id, "x")
    _refused(demo_core, InvalidInput, bonds.register_bond, demo_core, a["bnd1"], r.id, "  ",
             rule="BND-3")
    pd = bonds.register_bond(demo_core, a["bnd1"], r.id, "Bond room, almirah 2, shelf 1")
    assert (pd.bond_no, pd.state, pd.storage_location) == (100003, "registered",
                                                           "Bond room, almirah 2, shelf 1")
    clock.set(datetime(2027, 1, 4, 11, 0))  # a new year: the serial runs on
    ut = bs.continuity_bond(demo_core, a, "UT", valid_to=date(2027, 12, 31))
    assert (ut.bond_no, ut.bond_type) == (100004, "UT")
    clock.set(T0)


def test_bnd_2_bnd_6_appraiser_specifies_acdc_approves(demo_core, actors):
    """BND-2: the assessing officer decides the bond, its type and amount on the BE, the
    AC/DC approves; nobody else does either. BND-6: the importer declares his registered
    continuity bond at filing (type and number); a wrong type, another importer's bond or an
    unregistered number is refused and nothing is keyed; the bond value and BG to debit are
    the appraiser's."""
    a = actors
    eu = bs.continuity_bond(demo_core, a)
    marine = bonds.request_bond(demo_core, a["apr1"], IEC_MARINE, "EU", "1000",
                                date(2027, 6, 30))
    bonds.approve_bond(demo_core, a["acdc1"], marine.id)
    marine = bonds.register_bond(demo_core, a["bnd1"], marine.id, "almirah 9")
    for declared, why in (({"type": "RE", "number": eu.bond_no}, "type"),
                          ({"type": "EU", "number": marine.bond_no}, "importer"),
                          ({"type": "EU", "number": 999999}, "unregistered")):
        before = snapshot(demo_core)
        with pytest.raises(RuleViolation) as err:
            bs.submitted(demo_core, a, bond=declared)
        assert err.value.rule == "BND-6", why
        after = snapshot(demo_core)
        assert after["bes"] == before["bes"] and after["BeBond"] == before["BeBond"]
    be = bs.submitted(demo_core, a, bond={"type": "EU", "number": eu.bond_no})
    assert bonds.get_be_bond(demo_core, be.be_no).declared_bond_no == eu.bond_no
    _refused(demo_core, NotPermitted, bonds.specify_bond, demo_core, a["opr1"], be.be_no, "EU")
    spec = bonds.specify_bond(demo_core, a["apr1"], be.be_no, "EU", amount="40000",
                              bg_amount="4000")  # the declared bond by default
    assert (spec.bond_no, spec.debit, spec.bg_debit, spec.approved_by) == (
        eu.bond_no, Decimal("40000.00"), Decimal("4000.00"), "")
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], eu.bond_no,
             be.be_no, rule="BND-2")  # not approved yet
    _refused(demo_core, NotPermitted, bonds.approve_specification, demo_core, a["apr2"],
             be.be_no)
    _refused(demo_core, NotPermitted, bonds.approve_specification, demo_core, a["bnd1"],
             be.be_no)
    assert bonds.approve_specification(demo_core, a["acdc1"], be.be_no).approved_by == "acdc1"
    # once paid, the bond is no longer specified (at assessment, before payment)
    paid = bs.assessed(demo_core, a)
    clr.pay_duty(demo_core, a["opr1"], paid.be_no, "online")
    _refused(demo_core, RuleViolation, bonds.specify_bond, demo_core, a["apr1"], paid.be_no,
             "EU", bond_no=eu.bond_no, rule="BND-2")


# ---- the BE held back (BND-7) ----


def test_bnd_7_no_registration_or_ooc_until_duty_paid_and_bond_debited(demo_core, actors):
    """BND-7: a BE needing a bond is not registered for examination until the duty is paid
    and the bond debited; Out of Charge follows once both are done."""
    a = actors
    eu = bs.continuity_bond(demo_core, a)
    be = bs.bonded(demo_core, a, eu, debit=False, pay=False)
    err = _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"],
                   be.be_no, rule="BND-7")
    assert "duty is not paid" in err.message
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    err = _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"],
                   be.be_no, rule="BND-7")
    assert "not debited" in err.message
    assert bonds.get_be_bond(demo_core, be.be_no).outstanding
    bonds.debit_bond(demo_core, a["bnd1"], eu.bond_no, be.be_no)
    assert bonds.get_be_bond(demo_core, be.be_no).outstanding == ()
    clr.register_goods(demo_core, a["exm1"], be.be_no)
    clr.examine(demo_core, a["exm1"], be.be_no, "as declared")
    assert clr.give_out_of_charge(demo_core, a["apr2"], be.be_no).state == "out_of_charge"


def test_bnd_7_first_check_out_of_charge_held_until_debited(demo_core, actors):
    """BND-7 on first check: the goods are registered and examined before assessment
    (IMP-APR-2); the bond specified at assessment then holds back the Out of Charge until
    it is debited."""
    a = actors
    eu = bs.continuity_bond(demo_core, a)
    be = bs.submitted(demo_core, a, first_check=True)
    clr.register_goods(demo_core, a["exm1"], be.be_no)
    clr.examine(demo_core, a["exm1"], be.be_no, "as declared")
    bonds.specify_bond(demo_core, a["apr1"], be.be_no, "EU", amount="20000",
                       bond_no=eu.bond_no)
    bonds.approve_specification(demo_core, a["acdc1"], be.be_no)
    clr.assess(demo_core, a["apr1"], be.be_no)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    _refused(demo_core, RuleViolation, clr.give_out_of_charge, demo_core, a["apr2"], be.be_no,
             rule="BND-7")
    bonds.debit_bond(demo_core, a["bnd1"], eu.bond_no, be.be_no)
    assert clr.give_out_of_charge(demo_core, a["apr2"], be.be_no).state == "out_of_charge"


# ---- debits, credits, closure (BND-8, BND-9, BND-10) ----


def test_bnd_8_bnd_10_debits_only_within_balance_and_validity(demo_core, actors, clock):
    """BND-8: each debit is a ledger line with BE number and date, document type, amount,
    date and officer, for EDI and manual BEs. BND-10: a continuity bond is debited only
    while it has balance (bond value and BG) and is within its validity."""
    a = actors
    eu = bs.continuity_bond(demo_core, a, amount="50000", bg="5000",
                            valid_to=date(2026, 11, 30))
    first = bs.bonded(demo_core, a, eu, amount="30000", bg="3000", pay=False)
    v = bonds.get_bond(demo_core, eu.bond_no)
    assert (v.balance, v.bg_balance, v.open_debits) == (Decimal("20000.00"),
                                                        Decimal("2000.00"), 1)
    (line,) = v.lines
    assert (line.be_no, line.be_date, line.doc_type, line.debit, line.bg_debit, line.on,
            line.officer) == (first.be_no, first.be_date, "EDI", Decimal("30000.00"),
                              Decimal("3000.00"), T0.date(), "bnd1")
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], eu.bond_no,
             first.be_no, rule="BND-7")  # already debited
    _refused(demo_core, NotPermitted, bonds.debit_bond, demo_core, a["apr1"], eu.bond_no,
             first.be_no)
    over = bs.bonded(demo_core, a, eu, amount="25000", bg="1000", debit=False)
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], eu.bond_no,
             over.be_no, rule="BND-10")  # Rs 25,000 > Rs 20,000 left
    bg_over = bs.bonded(demo_core, a, eu, amount="1000", bg="2500", debit=False)
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], eu.bond_no,
             bg_over.be_no, rule="BND-10")  # BG Rs 2,500 > Rs 2,000 left
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], 100001,
             bg_over.be_no, rule="BND-6")  # not the bond specified
    v = bonds.debit_manual_be(demo_core, a["bnd1"], eu.bond_no, 4711, date(2026, 10, 30),
                              "5000", "500")
    assert (v.lines[-1].doc_type, v.lines[-1].be_no, v.balance) == (
        "manual", 4711, Decimal("15000.00"))
    ok = bs.bonded(demo_core, a, eu, amount="1000", bg="100", debit=False)
    clock.set(datetime(2026, 12, 1, 11, 0))  # the day after the validity
    _refused(demo_core, RuleViolation, bonds.debit_bond, demo_core, a["bnd1"], eu.bond_no,
             ok.be_no, rule="BND-10")
    _refused(demo_core, RuleViolation, bonds.debit_manual_be, demo_core, a["bnd1"],
             eu.bond_no, 4712, date(2026, 11, 30), "100", rule="BND-10")
    clock.set(T0)
    assert bonds.debit_bond(demo_core, a["bnd1"], eu.bond_no, ok.be_no).balance == Decimal(
        "14000.00")


def test_bnd_9_credit_records_its_reason(demo_core, actors):
    """BND-9: a credit names its reason (a)..(f), (f) stated; never more than is still
    debited for that BE; it restores the balance."""
    a = actors
    eu = bs.continuity_bond(demo_core, a, amount="50000", bg="5000")
    be = bs.bonded(demo_core, a, eu, amount="30000", bg="3000")
    credit = bonds.credit_bond
    args = (demo_core, a["bnd1"], eu.bond_no, be.be_no, be.be_date)
    _refused(demo_core, InvalidInput, credit, *args, "1000", "g", rule="BND-9")
    _refused(demo_core, InvalidInput, credit, *args, "1000", "f", rule="BND-9")  # unstated
    _refused(demo_core, RuleViolation, credit, *args, "30000.01", "a", rule="BND-9")
    _refused(demo_core, RuleViolation, credit, demo_core, a["bnd1"], eu.bond_no, 4711,
             be.be_date, "1", "a", rule="BND-8")  # nothing debited for that BE
    _refused(demo_core, NotPermitted, credit, demo_core, a["opr1"], eu.bond_no, be.be_no,
             be.be_date, "1", "a")
    v = credit(*args, "10000", "c", bg_amount="1000")
    assert (v.balance, v.bg_balance) == (Decimal("30000.00"), Decimal("3000.00"))
    v = credit(*args, "20000", "f", bg_amount="2000", text="bond substituted by a BG")
    assert [(x.credit, x.credit_reason, x.reason_text) for x in v.lines[1:]] == [
        (Decimal("10000.00"), "c", ""), (Decimal("20000.00"), "f", "bond substituted by a BG")]
    assert (v.balance, v.bg_balance, v.open_debits) == (Decimal("50000.00"),
                                                        Decimal("5000.00"), 0)
    assert set(bonds.CREDIT_REASONS) == set("abcdef")


def test_bnd_10_closure_once_every_debit_is_credited(demo_core, actors):
    """BND-10: closure only when every item is closed (debits credited back), the bond file
    keyed; an EU bond states how its export obligation was verified; a closed bond takes no
    more debits."""
    a = actors
    eu = bs.continuity_bond(demo_core, a, amount="50000", bg="0")
    be = bs.bonded(demo_core, a, eu, amount="30000", bg="0")
    _refused(demo_core, RuleViolation, bonds.close_bond, demo_core, a["bnd1"], eu.bond_no,
             "BF/12/2026", obligation="EO verified", rule="BND-10")
    bonds.credit_bond(demo_core, a["bnd1"], eu.bond_no, be.be_no, be.be_date, "30000", "c")
    _refused(demo_core, InvalidInput, bonds.close_bond, demo_core, a["bnd1"], eu.bond_no,
             "BF/12/2026", rule="BND-10")  # obligation not stated
    _refused(demo_core, NotPermitted, bonds.close_bond, demo_core, a["apr1"], eu.bond_no,
             "BF/12/2026", obligation="x")
    v = bonds.close_bond(demo_core, a["bnd1"], eu.bond_no, "BF/12/2026",
                         obligation="end-use certificate of the GST range seen")
    assert v.state == "closed" and "BF/12/2026" in v.close_note
    _refused(demo_core, RuleViolation, bonds.debit_manual_be, demo_core, a["bnd1"],
             eu.bond_no, 4711, date(2026, 10, 30), "100", rule="BND-10")


def test_bnd_1_register_enhancement_reminders_recovery(demo_core, actors, clock):
    """BND-1: the bond section's register (MIS) shows balances and flags bonds with open
    debits near or past their validity for reminders and recovery notices; the AC/DC in
    charge enhances a bond."""
    a = actors
    eu = bs.continuity_bond(demo_core, a, amount="50000", bg="5000",
                            valid_to=date(2026, 11, 20))
    bs.bonded(demo_core, a, eu, amount="30000", bg="3000", pay=False)
    _refused(demo_core, NotPermitted, bonds.bond_register, demo_core, a["opr1"])
    rows = {r.bond_no: r for r in bonds.bond_register(demo_core, a["bnd1"])}
    assert rows[eu.bond_no].balance == Decimal("20000.00")
    assert rows[eu.bond_no].remark.startswith("reminder: expires in 18 days")
    later = {r.bond_no: r for r in bonds.bond_register(demo_core, a["acdc1"],
                                                       as_of=date(2026, 12, 1))}
    assert later[eu.bond_no].remark.startswith("recovery: expired 11 days ago")
    _refused(demo_core, NotPermitted, bonds.enhance_bond, demo_core, a["bnd1"], eu.bond_no,
             "10000", "further bond")
    v = bonds.enhance_bond(demo_core, a["acdc1"], eu.bond_no, "10000", "further bond",
                           add_bg="1000", valid_to=date(2027, 11, 20))
    assert (v.amount, v.balance, v.bg_balance, v.valid_to) == (
        Decimal("60000.00"), Decimal("30000.00"), Decimal("3000.00"), date(2027, 11, 20))
    rows = {r.bond_no: r for r in bonds.bond_register(demo_core, a["bnd1"])}
    assert rows[eu.bond_no].remark == ""


# ---- certificates and EOU (BND-11, BND-12) ----


def test_bnd_11_certificate_registered_serves_one_be(demo_core, actors):
    """BND-11: a Central Excise / GST certificate is registered like a bond (a number from
    the bond register's serial) and serves one BE only."""
    a = actors
    _refused(demo_core, NotPermitted, bonds.register_certificate, demo_core, a["clk1"],
             IEC_PHARMA, "CGST Range II", "CT3/41/2026", date(2026, 10, 20))
    c = bonds.register_certificate(demo_core, a["bnd1"], IEC_PHARMA, "CGST Range II",
                                   "CT3/41/2026", date(2026, 10, 20))
    assert c.reg_no == 100003
    _refused(demo_core, RuleViolation, bonds.register_certificate, demo_core, a["bnd1"],
             IEC_PHARMA, "CGST Range II", "CT3/41/2026", date(2026, 10, 20), rule="BND-11")
    first, second = bs.submitted(demo_core, a), bs.submitted(demo_core, a)
    assert bonds.attach_certificate(demo_core, a["bnd1"], c.reg_no, first.be_no).be_no == \
        first.be_no
    err = _refused(demo_core, RuleViolation, bonds.attach_certificate, demo_core, a["bnd1"],
                   c.reg_no, second.be_no, rule="BND-11")
    assert "one certificate serves one BE" in err.message


def test_bnd_12_eou_options(demo_core, actors):
    """BND-12: an EOU BE carries option Y, C or N. With N the EO bond is required after
    assessment and before goods registration and Out of Charge (and only an EO bond); with
    C a registered certificate; with Y nothing more."""
    a = actors
    with pytest.raises(InvalidInput) as err:
        bs.submitted(demo_core, a, eou_option="Z")
    assert err.value.rule == "BND-12"
    none = bs.assessed(demo_core, a, eou_option="N")
    clr.pay_duty(demo_core, a["opr1"], none.be_no, "online")
    err = _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"],
                   none.be_no, rule="BND-12")
    assert "EO bond" in err.message
    cert_be = bs.assessed(demo_core, a, eou_option="C")
    clr.pay_duty(demo_core, a["opr1"], cert_be.be_no, "online")
    _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"],
             cert_be.be_no, rule="BND-12")
    c = bonds.register_certificate(demo_core, a["bnd1"], IEC_PHARMA, "CGST Range II",
                                   "PC/7/2026", date(2026, 10, 20))
    bonds.attach_certificate(demo_core, a["bnd1"], c.reg_no, cert_be.be_no)
    assert clr.register_goods(demo_core, a["exm1"], cert_be.be_no).state == "registered"
    yes = bs.assessed(demo_core, a, eou_option="Y")
    clr.pay_duty(demo_core, a["opr1"], yes.be_no, "online")
    assert clr.register_goods(demo_core, a["exm1"], yes.be_no).state == "registered"
    eo = bs.continuity_bond(demo_core, a, "EO")
    eo_be = bs.assessed(demo_core, a, eou_option="N")
    _refused(demo_core, InvalidInput, bonds.specify_bond, demo_core, a["apr1"], eo_be.be_no,
             "EU", amount="1000", rule="BND-12")
    bonds.specify_bond(demo_core, a["apr1"], eo_be.be_no, "EO", amount="20000",
                       bond_no=eo.bond_no)
    bonds.approve_specification(demo_core, a["acdc1"], eo_be.be_no)
    clr.pay_duty(demo_core, a["opr1"], eo_be.be_no, "online")
    _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"], eo_be.be_no,
             rule="BND-7")
    bonds.debit_bond(demo_core, a["bnd1"], eo.bond_no, eo_be.be_no)
    assert clr.register_goods(demo_core, a["exm1"], eo_be.be_no).state == "registered"


# ---- provisional assessment, SVB (BND-13, BND-14) ----


def test_bnd_13_pd_bond_from_the_provisional_duty_and_cash_deposit(demo_core, actors):
    """BND-13: a provisionally assessed BE needs a PD bond; the provisional duty total
    (Rs 27,541.22) is shown and is the amount unless the appraiser changes it; a cash
    deposit has its own challan and must be paid before Out of Charge."""
    a = actors
    be = bs.assessed(demo_core, a)
    spec = bonds.specify_bond(demo_core, a["apr1"], be.be_no, "PD",
                              valid_to=date(2027, 10, 31))
    assert spec.provisional_duty == Decimal("27541.22") and spec.debit == Decimal("27541.22")
    assert spec.bond_no is None and spec.bond_kind == "specific"
    spec = bonds.specify_bond(demo_core, a["apr1"], be.be_no, "PD", amount="30000",
                              valid_to=date(2027, 10, 31), cash_deposit="5000")
    assert spec.debit == Decimal("30000.00") and spec.cash_challan_no
    with demo_core.db.read() as s:  # the first request, re-specified, is cancelled
        states = s.exec(select(t.Bond.state).where(t.Bond.be_id.is_not(None),
                                                   t.Bond.bond_type == "PD")).all()
    assert sorted(states) == ["cancelled", "requested"]
    bonds.approve_specification(demo_core, a["acdc1"], be.be_no)
    pd = bonds.register_bond(demo_core, a["bnd1"], spec.bond_request, "PD file 3")
    bonds.debit_bond(demo_core, a["bnd1"], pd.bond_no, be.be_no)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    err = _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"],
                   be.be_no, rule="BND-13")
    assert str(spec.cash_challan_no) in err.message
    _refused(demo_core, NotPermitted, bonds.pay_deposit, demo_core, a["apr1"], be.be_no,
             "cash")
    assert bonds.pay_deposit(demo_core, a["opr1"], be.be_no, "cash").cash_paid
    _refused(demo_core, RuleViolation, bonds.pay_deposit, demo_core, a["opr1"], be.be_no,
             "cash", rule="BND-13")  # paid once
    clr.register_goods(demo_core, a["exm1"], be.be_no)
    clr.examine(demo_core, a["exm1"], be.be_no, "as declared")
    assert clr.give_out_of_charge(demo_core, a["apr2"], be.be_no).state == "out_of_charge"
    assert bonds.get_bond(demo_core, pd.bond_no).balance == Decimal("0.00")


def test_bnd_14_svb_provisional_deposit_on_a_separate_challan(demo_core, actors):
    """BND-14: the importer marks 'PROVISIONAL' in the valuation declaration; the appraiser
    generates the deposit challan at 1 % or 5 % of the assessable value (Rs 889.00 or
    Rs 4,445.00 on Rs 88,900.00), separate from the duty; the goods wait for it."""
    a = actors
    plain = bs.assessed(demo_core, a)
    _refused(demo_core, RuleViolation, bonds.svb_deposit_challan, demo_core, a["apr1"],
             plain.be_no, "1", rule="BND-14")
    be = bs.assessed(demo_core, a, valuation_provisional=True)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"], be.be_no,
             rule="BND-14")
    _refused(demo_core, InvalidInput, bonds.svb_deposit_challan, demo_core, a["apr1"],
             be.be_no, "2", rule="BND-14")
    _refused(demo_core, NotPermitted, bonds.svb_deposit_challan, demo_core, a["opr1"],
             be.be_no, "1")
    v = bonds.svb_deposit_challan(demo_core, a["apr1"], be.be_no, "5")
    assert v.svb_deposit == Decimal("4445.00")
    v = bonds.svb_deposit_challan(demo_core, a["apr1"], be.be_no, "1")
    assert v.svb_deposit == Decimal("889.00") and v.svb_challan_no != be.challan_no
    _refused(demo_core, RuleViolation, clr.register_goods, demo_core, a["exm1"], be.be_no,
             rule="BND-14")
    bonds.pay_deposit(demo_core, a["opr1"], be.be_no, "svb")
    assert clr.register_goods(demo_core, a["exm1"], be.be_no).state == "registered"


def test_bnd_3_bnd_8_cli_register_debit_and_show(cli):
    """BND-3, BND-8 by CLI: ask, approve, register with the storage location; the demo's EU
    bond with its debit against the demo BE; the register lists both demo bonds."""
    r = cli("bond", "request", "--iec", IEC_PHARMA, "--type", "RE", "--amount", "75000",
            "--valid-to", "2027-10-31", "--user", "apr1")
    cli("bond", "approve", r["id"], "--user", "acdc1")
    v = cli("bond", "register", r["id"], "--storage", "almirah 5", "--user", "bnd1")
    assert (v["bond_no"], v["state"], v["storage_location"]) == (100003, "registered",
                                                                 "almirah 5")
    eu = cli("bond", "show", 100001)
    assert eu["bond_type"] == "EU" and eu["lines"][0]["doc_type"] == "EDI"
    assert eu["balance"] == "470000.00"
    refused = cli("bond", "register", r["id"], "--storage", "x", "--user", "bnd1", ok=False)
    assert isinstance(refused.exception, RuleViolation) and refused.exception.rule == "BND-3"
    rows = cli("bond", "list", "--user", "bnd1")
    assert {x["bond_no"] for x in rows} >= {100001, 100002, 100003}
    with cli.core.db.read() as s:
        be_no = s.exec(select(t.BillOfEntry.be_no).join(
            t.BeBond, t.BeBond.be_id == t.BillOfEntry.id).where(
            t.BeBond.declared_bond_no == 100001)).one()
    assert cli("bond", "be", be_no)["debited_on"] == T0.date().isoformat()
    assert bes.get_be(cli.core, be_no).state == "paid"


def test_bnd_6_unknown_declared_bond_shape_refused(demo_core, actors):
    """BND-6: the declared bond must be given as type and number."""
    with pytest.raises(InvalidInput) as err:
        bs.submitted(demo_core, actors, bond="100001")
    assert err.value.rule == "BND-6"


def test_bnd_6_bnd_7_bond_particulars_print_on_the_checklist_and_the_be(demo_core, actors):
    """BND-6: the continuity bond declared at filing prints on the checklist; BND-7: the
    bond specified prints on the assessed copy as not yet debited, and its debit (number,
    type, date, value and BG) on the importer's and exchange-control copies."""
    import printing
    from console.services import prints
    from tests.pdf_support import pages

    a = actors
    eu = bs.continuity_bond(demo_core, a)
    draft = bes.file_be(demo_core, a["opr1"], bs.declaration(
        demo_core, a, bond={"type": "EU", "number": eu.bond_no}))
    (checklist,) = pages(printing.render(prints.print_document(
        demo_core, a["opr1"], "be_checklist", draft.job_no)))
    assert f"No. {eu.bond_no} (BND-6)" in checklist
    bes.submit_be(demo_core, a["opr1"], draft.job_no)
    be = bes.get_job(demo_core, draft.job_no)
    clr.assess(demo_core, a["apr1"], be.be_no)
    bonds.specify_bond(demo_core, a["apr1"], be.be_no, "EU", amount="30000", bg_amount="3000",
                       bond_no=eu.bond_no)
    bonds.approve_specification(demo_core, a["acdc1"], be.be_no)
    (assessed,) = pages(printing.render(prints.print_document(
        demo_core, a["apr1"], "be", be.be_no)))
    assert "not yet debited (BND-7)" in " ".join(assessed.split())
    bonds.debit_bond(demo_core, a["bnd1"], eu.bond_no, be.be_no)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    clr.register_goods(demo_core, a["exm1"], be.be_no)
    clr.examine(demo_core, a["exm1"], be.be_no, "as declared")
    clr.give_out_of_charge(demo_core, a["apr2"], be.be_no)
    copies = pages(printing.render(prints.print_document(demo_core, a["apr1"], "be",
                                                            be.be_no)))
    assert len(copies) == 2
    for text in copies:
        flat = " ".join(text.split())
        assert (f"EU bond No. {eu.bond_no} (continuity) on 02.11.2026: Rs. 30,000.00, "
                f"BG Rs. 3,000.00 (BND-7)") in flat, flat

"""The bond section (bonds-warehousing.md, BND-1..BND-14): bonds asked for, approved,
registered, debited, credited and closed; certificates; EOU options; provisional
assessment and SVB deposits; the BE held back until its bond is debited.

The demo registers Andhra Pharma's continuity EU bond as 100001 and a specific WH bond as
100002 (console/demo/bonds.py); its bond section's desk then registers a UT undertaking and
a certificate from the same serial, so the next number here is ``_next_serial``.

Worked amounts: the standard H BE (tests/bond_support.py) has AV Rs 88,900.00 and duty
Rs 27,541.22. A PD bond with no amount keyed debits that provisional duty total (BND-13).
SVB deposit (BND-14): 1 % of Rs 88,900.00 = Rs 889.00; 5 % = Rs 4,445.00.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.bonds import bonds
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from tests import bond_support as bs
from tests.bond_support import IEC_MARINE, IEC_PHARMA, snapshot
from tests.conftest import T0


def _next_serial(core) -> int:
    """The next number of the bond register's one serial (bonds and certificates, BND-4,
    BND-11), after the demo's."""
    with core.db.read() as s:
        bond = s.exec(select(func.max(t.Bond.bond_no))).one() or 100000
        cert = s.exec(select(func.max(t.BondCertificate.reg_no))).one() or 100000
    return max(bond, cert) + 1


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
    serial = _next_serial(demo_core)
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
    assert (pd.bond_no, pd.state, pd.storage_location) == (serial, "registered",
                                                           "Bond room, almirah 2, shelf 1")
    clock.set(datetime(2027, 1, 4, 11, 0))  # a new year: the serial runs on
    ut = bs.continuity_bond(demo_core, a, "UT", valid_to=date(2027, 12, 31))
    assert (ut.bond_no, ut.bond_type) == (serial + 1, "UT")
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
    serial = _next_serial(demo_core)
    c = bonds.register_certificate(demo_core, a["bnd1"], IEC_PHARMA, "CGST Range II",
                                   "CT3/41/2026", date(2026, 10, 20))
    assert c.reg_no == serial
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
    serial = _next_serial(cli.core)
    r = cli("bond", "request", "--iec", IEC_PHARMA, "--type", "RE", "--amount", "75000",
            "--valid-to", "2027-10-31", "--user", "apr1")
    cli("bond", "approve", r["id"], "--user", "acdc1")
    v = cli("bond", "register", r["id"], "--storage", "almirah 5", "--user", "bnd1")
    assert (v["bond_no"], v["state"], v["storage_location"]) == (serial, "registered",
                                                                 "almirah 5")
    eu = cli("bond", "show", 100001)
    assert eu["bond_type"] == "EU" and eu["lines"][0]["doc_type"] == "EDI"
    assert eu["balance"] == "470000.00"
    refused = cli("bond", "register", r["id"], "--storage", "x", "--user", "bnd1", ok=False)
    assert isinstance(refused.exception, RuleViolation) and refused.exception.rule == "BND-3"
    rows = cli("bond", "list", "--user", "bnd1")
    assert {x["bond_no"] for x in rows} >= {100001, 100002, serial}
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


# ---- the bond section's screen and worklist (reads) ----


def _desk(core) -> dict:
    """The demo's bond section desk (console/demo/bonds.py ``build_desk``)."""
    from console.demo.bonds import DESK_LINES

    with core.db.read() as s:
        requests = {b.state: b.id for b in s.exec(select(t.Bond).where(
            t.Bond.bond_no.is_(None)))}
        ut = s.exec(select(t.Bond.bond_no).where(t.Bond.bond_type == "UT")).one()
        due, eou = s.exec(select(t.BillOfEntry.be_no).join(t.IgmLine).where(
            t.IgmLine.bl_no.in_(DESK_LINES)).order_by(t.BillOfEntry.be_no)).all()
    return {"requested": requests["requested"], "approved": requests["approved"], "ut": ut,
            "due": due, "eou": eou}


def test_bnd_1_bnd_3_bnd_7_bnd_10_bond_section_worklist(demo_core, actors, clock):
    """What waits for the bond section (the issue "bnd1 sees an empty worklist"): the clerk's
    bonds to register (BND-3), BEs whose approved bond is to be debited (BND-7), bonds near
    expiry (BND-1) or exhaustion (BND-10); the AC/DC's bonds to approve (BND-2) and the same
    reminders. Stages are read from the acts they wait for; one row per bond; the figures
    are effective-dated parameters; only the officer's location."""
    from console.roles import Role
    from console.services.bonds import worklists as wl

    a, desk = actors, _desk(demo_core)
    assert wl.STAGES_FOR[Role.BND] == ("to_register", "to_debit", "near_expiry",
                                       "near_exhaustion")
    assert wl.STAGES_FOR[Role.ACDC] == ("to_approve", "near_expiry", "near_exhaustion")
    assert Role.APR not in wl.STAGES_FOR and Role.OPR not in wl.STAGES_FOR
    page = wl.for_officer(demo_core, a["bnd1"])
    assert [(r.kind, r.ref) for r in page.rows] == [
        ("BOND", f"R{desk['approved']}"), ("BE", str(desk["due"])),
        ("BOND", str(desk["ut"])), ("BOND", "100002")]
    assert page.total == 4 and page.title == wl.TITLES[Role.BND]
    be_row, ut_row = page.rows[1], page.rows[2]
    assert (be_row.state, be_row.party) == ("assessed", IEC_PHARMA)
    assert be_row.summary.startswith("bond debit due · bond 100001 EU · ₹15,000.00, BG ₹1,500.00")
    assert ut_row.summary.startswith("near expiry (expires in 20 days), near exhaustion (")
    assert "balance ₹8,000.00 of ₹1,00,000.00" in ut_row.summary
    assert [r.ref for r in wl.for_officer(demo_core, a["bnd1"], stage="to_debit").rows] == [
        str(desk["due"])]
    assert [r.ref for r in wl.for_officer(demo_core, a["bnd1"], search=str(desk["ut"])).rows] \
        == [str(desk["ut"])]
    assert [r.ref for r in wl.for_officer(demo_core, a["bnd1"], search="aabcs").rows] == [
        f"R{desk['approved']}", str(desk["ut"])]
    second = wl.for_officer(demo_core, a["bnd1"], offset=1, limit=1)
    assert second.total == 4 and second.rows == page.rows[1:2]
    assert wl.for_officer(demo_core, a["bnd1"], stage="to_approve").rows == []  # not his

    acdc = wl.for_officer(demo_core, a["acdc1"])
    assert [r.ref for r in acdc.rows] == [f"R{desk['requested']}", str(desk["ut"]), "100002"]
    assert wl.for_officer(demo_core, a["apr1"]).rows == []
    assert wl.for_officer(demo_core, a["acdc9"]).rows == []  # Port Blair: none of these

    # the work done leaves the list
    bonds.debit_bond(demo_core, a["bnd1"], 100001, desk["due"])
    bonds.register_bond(demo_core, a["bnd1"], desk["approved"], "almirah 6")
    assert [r.ref for r in wl.for_officer(demo_core, a["bnd1"]).rows] == [
        str(desk["ut"]), "100002"]
    # a location's own figure, in force from a date: 20 days left is not within 10
    with demo_core.db.write() as s:
        s.add(t.RuleParameter(key=wl.EXPIRY_DAYS, location_code="INVTZ4", value=Decimal(10),
                              effective_from=date(2026, 11, 1), source="test"))
    ut = wl.for_officer(demo_core, a["bnd1"], search=str(desk["ut"])).rows[0]
    assert ut.summary.startswith("near exhaustion (")
    clock.set(datetime(2026, 10, 30, 11, 0))  # before that row: the national 30 days
    ut = wl.for_officer(demo_core, a["bnd1"], search=str(desk["ut"])).rows[0]
    assert ut.summary.startswith("near expiry (expires in 23 days)")
    clock.set(T0)


def test_bnd_8_bnd_9_running_ledger_with_balances_after_every_line(demo_core, actors):
    """BND-8: the ledger of a bond, each line with the balance and BG balance after it, in
    the order the acts were made: EDI and manual debits, an enhancement by the AC/DC
    (BND-1), a credit with its reason (BND-9); the last balance is the bond's."""
    a = actors
    eu = bs.continuity_bond(demo_core, a, amount="50000", bg="5000")
    be = bs.bonded(demo_core, a, eu, amount="30000", bg="3000", pay=False)
    bonds.debit_manual_be(demo_core, a["bnd1"], eu.bond_no, 4711, date(2026, 10, 30), "5000",
                          "500")
    bonds.enhance_bond(demo_core, a["acdc1"], eu.bond_no, "10000", "further bond executed",
                       add_bg="1000")
    bonds.credit_bond(demo_core, a["bnd1"], eu.bond_no, be.be_no, be.be_date, "10000", "f",
                      bg_amount="1000", text="part shipment re-exported")
    lines = bonds.ledger_lines(demo_core, eu.bond_no)
    d = Decimal
    assert [(x.kind, x.be_no, x.doc_type, x.debit, x.credit, x.balance, x.bg_balance)
            for x in lines] == [
        ("debit", be.be_no, "EDI", d("30000.00"), d("0.00"), d("20000.00"), d("2000.00")),
        ("debit", 4711, "manual", d("5000.00"), d("0.00"), d("15000.00"), d("1500.00")),
        ("enhancement", None, "", d("0.00"), d("10000.00"), d("25000.00"), d("2500.00")),
        ("credit", be.be_no, "EDI", d("0.00"), d("10000.00"), d("35000.00"), d("3500.00"))]
    assert (lines[2].reason_text, lines[2].officer) == ("further bond executed", "acdc1")
    assert (lines[3].reason, lines[3].reason_text) == (
        "f", "other: part shipment re-exported")
    v = bonds.get_bond(demo_core, eu.bond_no)
    assert (v.balance, v.bg_balance) == (lines[-1].balance, lines[-1].bg_balance)
    assert bonds.ledger_lines(demo_core, bs.continuity_bond(demo_core, a).bond_no) == ()


def test_bnd_1_bnd_2_bnd_10_register_views_carry_the_acts_open(demo_core, actors, clock):
    """The register's views carry the acts the table leaves open to the officer, less what
    the bond's facts rule out: a specific bond is approved on its BE (BND-2); a debit needs
    a BE due, balance and validity (BND-7, BND-10); a credit a debit still open (BND-9);
    closure every debit credited back (BND-10). Only the officer's location."""
    a, desk = actors, _desk(demo_core)

    def acts(user: str) -> dict:
        return {h.bond.bond_no or f"R{h.bond.id}": h.acts
                for h in bonds.bonds_here(demo_core, a[user])}

    clerk = acts("bnd1")
    assert list(clerk)[:2] == [f"R{desk['requested']}", f"R{desk['approved']}"]
    assert list(clerk)[2:] == [100001, 100002, desk["ut"]]
    assert clerk[f"R{desk['requested']}"] == ()
    assert clerk[f"R{desk['approved']}"] == ("BOND.register",)
    assert clerk[100001] == ("BOND.debit", "BOND.debit_manual", "BOND.credit")
    assert clerk[desk["ut"]] == ("BOND.debit_manual", "BOND.credit")  # no BE due on it
    assert clerk[100002] == ("BOND.credit",)  # wholly debited: no balance to debit
    eu = {h.bond.bond_no: h for h in bonds.bonds_here(demo_core, a["bnd1"])}[100001]
    assert [(x.be_no, x.amount, x.bg_amount) for x in eu.due] == [
        (desk["due"], Decimal("15000.00"), Decimal("1500.00"))]
    assert [(x.doc_type, x.amount) for x in eu.open_debits] == [("EDI", Decimal("30000.00"))]
    ac = acts("acdc1")
    assert ac[f"R{desk['requested']}"] == ("BOND.approve", "BOND.cancel")
    assert ac[f"R{desk['approved']}"] == ("BOND.cancel",)
    assert ac[100001] == ("BOND.enhance",)
    assert set(acts("apr1").values()) == {()}
    assert acts("acdc9") == {}  # another location's register

    # a specific bond asked for with its BE: approved on the BE, not here
    w = bs.assessed(demo_core, a, be_type="W")
    spec = bonds.specify_bond(demo_core, a["apr1"], w.be_no, "WH", valid_to=date(2027, 12, 31))
    assert acts("acdc1")[f"R{spec.bond_request}"] == ("BOND.cancel",)
    # every debit credited back: closed, no credit
    ut = desk["ut"]
    bonds.credit_bond(demo_core, a["bnd1"], ut, 4711, date(2026, 10, 21), "92000", "a")
    assert acts("bnd1")[ut] == ("BOND.debit_manual", "BOND.close")
    clock.set(datetime(2026, 11, 23, 11, 0))  # the UT bond's validity ended the day before
    assert acts("bnd1")[ut] == ("BOND.close",)
    clock.set(T0)
    assert bonds.bond_here(demo_core, a["bnd1"], eu.bond.id) == eu


def test_bnd_11_certificates_here_and_their_acts(demo_core, actors):
    """BND-11: the certificates of the location, newest first, each with its state in words
    and the acts open: the clerk attaches a registered one; once attached, none."""
    a, desk = actors, _desk(demo_core)
    (c,) = bonds.certificates_here(demo_core, a["bnd1"])
    assert (c.state, c.acts, c.cert.be_no, c.cert.cert_ref) == (
        "registered", ("CERT.attach",), None, "PC/EOU/118/2026")
    assert bonds.certificates_here(demo_core, a["acdc1"])[0].acts == ()
    assert bonds.certificates_here(demo_core, a["acdc9"]) == ()
    held = bonds.get_be_bond(demo_core, desk["eou"]).outstanding
    assert any("BND-12" in x for x in held)
    bonds.attach_certificate(demo_core, a["bnd1"], c.cert.reg_no, desk["eou"])
    (c,) = bonds.certificates_here(demo_core, a["bnd1"])
    assert (c.state, c.acts, c.cert.be_no) == ("attached", (), desk["eou"])
    assert not any("BND-12" in x for x in bonds.get_be_bond(demo_core, desk["eou"]).outstanding)

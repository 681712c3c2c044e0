"""Filing: drafts, checklist rounds, submission, registrations, values (EXP-FIL-*, EXP-REG-*)."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.exports import examination, filing
from console.services.exports.sb_common import get_sb
from tests.sb_support import (
    IEC_COCONUT,
    IEC_HANDLOOM,
    IEC_PHARMA,
    declaration,
    file,
    snapshot,
)


def test_exp_fil_1_incomplete_declaration_refused_naming_the_field(demo_core, actors):
    """EXP-FIL-1."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    before = snapshot(demo_core)
    for path, change in (("sdf_declared", lambda d: d.update(sdf_declared=False)),
                         ("items", lambda d: d.update(items=[])),
                         ("items[1].end_use", lambda d: d["items"][0].update(end_use="")),
                         ("invoices[1].invoice_value",
                          lambda d: d["invoices"][0].update(invoice_value="1"))):
        bad = copy.deepcopy(data)
        change(bad)
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"], bad)
        assert err.value.field == path
    assert snapshot(demo_core) == before


def test_exp_fil_1_only_the_operator_keys(demo_core, actors):
    """EXP-FIL-1."""
    with pytest.raises(NotPermitted):
        filing.create_draft(demo_core, actors["apr1"], declaration(demo_core, IEC_HANDLOOM, "52"))


def test_exp_reg_7_unknown_codes_refused(demo_core, actors):
    """EXP-REG-7."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    cases = [("items[1].uqc", lambda d: d["items"][0].update(uqc="ZZZ")),
             ("items[1].scheme_code", lambda d: d["items"][0].update(scheme_code="88")),
             ("items[1].tariff_item", lambda d: d["items"][0].update(tariff_item="00000000")),
             ("invoices[1].currency", lambda d: d["invoices"][0].update(currency="XXQ")),
             ("country_of_destination", lambda d: d.update(country_of_destination="QQ")),
             ("port_of_loading", lambda d: d.update(port_of_loading="INZZZ9"))]
    for path, change in cases:
        bad = copy.deepcopy(data)
        change(bad)
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"], bad)
        assert err.value.field == path, path
        assert err.value.rule == "EXP-REG-7"


def test_exp_reg_1_unregistered_iec_refused(demo_core, actors):
    """EXP-REG-1."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    data["iec"] = "ZZZPZ9999Z"
    with pytest.raises(RuleViolation) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-1"


def test_exp_reg_2_unverified_broker_refused(demo_core, actors):
    """EXP-REG-2."""
    with demo_core.db.write() as s:
        s.add(t.Broker(code="AAECZ1122HCH002", name="Unverified", verified=False,
                       registered_at=demo_core.now()))
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    data["broker_code"] = "AAECZ1122HCH002"
    with pytest.raises(RuleViolation) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-2"
    data["broker_code"] = "AAECV1122HCH001"
    assert filing.create_draft(demo_core, actors["opr1"], data).broker_name


def test_exp_reg_4_ad_code_must_be_registered_except_nfei(demo_core, actors):
    """EXP-REG-4."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    with demo_core.db.read() as s:
        other = s.exec(select(t.AdCode.code).where(t.AdCode.code != data["ad_code"])).first()
    data["ad_code"] = other
    with pytest.raises(RuleViolation) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-4"
    data["ad_code"] = None
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-4"
    data["nfei"] = True
    assert filing.create_draft(demo_core, actors["opr1"], data).category == "nfei"


def test_exp_reg_5_drawback_needs_registered_account(demo_core, actors):
    """EXP-REG-5."""
    data = declaration(demo_core, IEC_COCONUT, "08", drawback=True, quantity="300")
    with demo_core.db.write() as s:
        for acct in s.exec(select(t.BankAccount).where(t.BankAccount.iec == IEC_COCONUT)):
            acct.active = False
            s.add(acct)
    with pytest.raises(RuleViolation) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-5"


def test_exp_reg_6_notified_rate_on_the_filing_date(demo_core, actors):
    """EXP-REG-6."""
    view = filing.create_draft(demo_core, actors["opr1"], declaration(
        demo_core, IEC_HANDLOOM, "52", quantity="100", unit_price="10"))
    inv = view.invoices[0]
    assert inv.rate_source == "notified"
    expected = (Decimal(1000) * inv.exchange_rate / inv.rate_units).quantize(Decimal("0.01"))
    assert view.fob_inr == expected == sum(i.fob_inr for i in view.items)


def test_exp_reg_6_submission_values_at_the_rate_notified_since_keying(demo_core, actors, clock):
    """EXP-REG-6: values keyed earlier stand only while the rates behind them stand; a rate
    notified between checklist and submission re-values the SB at submission."""
    opr = actors["opr1"]
    view = filing.create_draft(demo_core, opr, declaration(
        demo_core, IEC_HANDLOOM, "52", quantity="100", unit_price="10"))
    filing.print_checklist(demo_core, opr, view.job_no)
    with demo_core.db.read() as s:
        kept = s.exec(select(t.SbItem.id).join(t.ShippingBill).where(
            t.ShippingBill.job_no == view.job_no)).all()
    same_day = filing.submit_sb(demo_core, opr, view.job_no)
    assert same_day.fob_inr == view.fob_inr
    with demo_core.db.read() as s:  # nothing moved since keying: the keyed items stand
        assert s.exec(select(t.SbItem.id).join(t.ShippingBill).where(
            t.ShippingBill.job_no == view.job_no)).all() == kept

    inv = view.invoices[0]
    view2 = filing.create_draft(demo_core, opr, declaration(
        demo_core, IEC_HANDLOOM, "52", quantity="100", unit_price="10"))
    filing.print_checklist(demo_core, opr, view2.job_no)
    with demo_core.db.write() as s:  # a new rate notified for today, after the checklist
        s.add(t.ExchangeRate(currency=inv.currency, units=inv.rate_units,
                             import_rate=inv.exchange_rate + 2,
                             export_rate=inv.exchange_rate + 1,
                             effective_from=clock.now().date(), notification="test"))
    submitted = filing.submit_sb(demo_core, opr, view2.job_no)
    assert submitted.invoices[0].exchange_rate == inv.exchange_rate + 1
    assert submitted.fob_inr == (Decimal(1000) * (inv.exchange_rate + 1)
                                 / inv.rate_units).quantize(Decimal("0.01"))
    assert submitted.fob_inr != view2.fob_inr


def _unnotified(demo_core) -> str:
    with demo_core.db.read() as s:
        notified = set(s.exec(select(t.ExchangeRate.currency)).all())
    return next(c for c in ("NPR", "MVR", "BTN", "MUR", "LKR", "KES") if c not in notified)


def test_exp_reg_6_bank_rate_for_unnotified_currency_same_day(demo_core, actors, clock):
    """EXP-REG-6."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    data["invoices"][0]["currency"] = _unnotified(demo_core)
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert (err.value.field, err.value.rule) == ("invoices[1].bank_rate", "EXP-REG-6")
    data["invoices"][0]["bank_rate"] = "0.62"
    view = filing.create_draft(demo_core, actors["opr1"], data)
    assert view.invoices[0].rate_source == "bank"
    assert view.fob_inr == Decimal("620.00")
    filing.print_checklist(demo_core, actors["opr1"], view.job_no)
    clock.advance(days=1)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        filing.submit_sb(demo_core, actors["opr1"], view.job_no)
    assert err.value.rule == "EXP-REG-6"
    assert snapshot(demo_core) == before


def test_exp_reg_6_bank_rate_refused_for_notified_currency(demo_core, actors):
    """EXP-REG-6."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    data["invoices"][0]["bank_rate"] = "80"
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.rule == "EXP-REG-6"


def test_exp_fil_2_checklist_rounds_and_endorsed_corrections(demo_core, actors):
    """EXP-FIL-2."""
    opr = actors["opr1"]
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    view = filing.create_draft(demo_core, opr, data)
    view = filing.print_checklist(demo_core, opr, view.job_no)
    assert (view.state, view.checklist_round) == ("checklist_printed", 1)
    data["marks"] = "CORRECTED 1-10"
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:  # no endorsement: refused, nothing changed
        filing.update_draft(demo_core, opr, view.job_no, data)
    assert err.value.rule == "EXP-FIL-2"
    assert snapshot(demo_core) == before
    view = filing.update_draft(demo_core, opr, view.job_no, data, customer_correction=True,
                               endorsement="marks corrected, signed by exporter on checklist 1")
    assert view.state == "draft" and view.marks == "CORRECTED 1-10"
    with pytest.raises(RuleViolation):  # a draft is not submitted without a checklist
        filing.submit_sb(demo_core, opr, view.job_no)
    view = filing.print_checklist(demo_core, opr, view.job_no)
    assert view.checklist_round == 2
    view = filing.submit_sb(demo_core, opr, view.job_no)
    # charges.md: ₹60 for up to five items + ₹10 for the checklist with own corrections
    assert view.service_charge == Decimal("70.00")
    with demo_core.db.read() as s:
        rounds = s.exec(select(t.PrintLog).where(t.PrintLog.doc_kind == "CHECKLIST",
                                                 t.PrintLog.doc_ref == f"J{view.job_no}")).all()
        assert len(rounds) == 2
        actions = [r.action for r in s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_ref.in_([f"J{view.job_no}", str(view.sb_no)]))
            .order_by(t.AuditRecord.seq))]
    assert actions[:6] == ["key", "checklist", "correct", "checklist", "submit", "route"]


def test_exp_fil_3_sb_numbers_from_the_national_series(demo_core, actors):
    """EXP-FIL-3."""
    with demo_core.db.read() as s:
        nxt = s.get(t.NumberSeries, "SB").next_value
    one = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
    two = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08"))
    assert (one.sb_no, two.sb_no) == (nxt, nxt + 1)
    assert one.sb_date == demo_core.today()
    assert one.state not in ("submitted", "checklist_printed")  # routed in the same transaction
    assert one.route


def test_exp_fil_4_timing_is_a_warning_not_a_block(demo_core, actors, clock):
    """EXP-FIL-4."""
    data = declaration(demo_core, IEC_HANDLOOM, "52")
    assert filing.create_draft(demo_core, actors["opr1"], data).warnings == ()
    clock.set(datetime(2026, 11, 2, 16, 30))
    late = filing.create_draft(demo_core, actors["opr1"], data)
    assert late.job_no and "EXP-FIL-4" in late.warnings[0]
    clock.set(datetime(2026, 11, 2, 18, 0))
    assert "EXP-FIL-4" in filing.create_draft(demo_core, actors["opr1"], data).warnings[0]


def test_exp_fil_5_lapses_after_fifteen_days(demo_core, actors, clock):
    """EXP-FIL-5."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    clock.advance(days=15)
    assert sb.sb_no not in filing.lapse_overdue(demo_core, actors["acdc1"])
    clock.advance(days=1)
    with pytest.raises(RuleViolation) as err:  # refused even before the lapse run
        examination.register_goods(demo_core, actors["exm1"], sb.sb_no, sb.packages)
    assert err.value.rule == "EXP-FIL-5"
    assert sb.sb_no in filing.lapse_overdue(demo_core, actors["acdc1"])
    assert get_sb(demo_core, sb.sb_no).state == "lapsed"
    with pytest.raises(RuleViolation) as err:
        examination.register_goods(demo_core, actors["exm1"], sb.sb_no, sb.packages)
    assert err.value.rule == "EXP-FIL-5"
    with pytest.raises(NotPermitted):
        filing.lapse_overdue(demo_core, actors["opr1"])


def test_exp_fil_6_charges_per_item_blocks_at_submission(demo_core, actors):
    """EXP-FIL-6."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52", items=12,
                                             quantity="10"))
    assert len(sb.items) == 12
    assert sb.service_charge == Decimal("80.00")  # 60 + 10 + 10 (charges.md worked example)


def test_exp_fil_7_category_from_scheme_codes(demo_core, actors):
    """EXP-FIL-7."""
    assert filing.category_of(False, {"free"}, 0) == "free"
    assert filing.category_of(False, {"free"}, 500) == "dutiable"
    assert filing.category_of(False, {"drawback", "free"}, 0) == "drawback"
    assert filing.category_of(False, {"depb", "drawback"}, 0) == "depb"
    assert filing.category_of(True, {"free"}, 0) == "nfei"
    view = filing.create_draft(demo_core, actors["opr1"], declaration(
        demo_core, IEC_COCONUT, "08", drawback=True, quantity="300"))
    assert view.category == "drawback"
    assert view.items[0].scheme_description


def test_exp_fil_8_gst_invoice_details(demo_core, actors):
    """EXP-FIL-8."""
    data = declaration(demo_core, IEC_PHARMA, "30")
    for key in ("recipient_name", "place_of_delivery"):
        bad = dict(data, **{key: ""})
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"], bad)
        assert (err.value.field, err.value.rule) == (key, "EXP-FIL-8")
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], dict(data, gst_invoice_type="IGST_PAID"))
    assert (err.value.field, err.value.rule) == ("gstin", "EXP-FIL-8")
    view = filing.create_draft(demo_core, actors["opr1"], dict(
        data, gst_invoice_type="IGST_PAID", gstin="37AAPCA1234F1ZU", third_party_remittance=True))
    assert (view.gst_invoice_type, view.gstin, view.third_party_remittance) == (
        "IGST_PAID", "37AAPCA1234F1ZU", True)
    assert view.items[0].end_use == "GNX100" and view.bank_ifsc  # refund to the one account


def test_draft_data_round_trips(demo_core, actors):
    view = filing.create_draft(demo_core, actors["opr1"], declaration(demo_core, IEC_HANDLOOM,
                                                                      "52"))
    data = filing.draft_data(demo_core, view.job_no)
    again = filing.update_draft(demo_core, actors["opr1"], view.job_no, data)
    assert again.fob_inr == view.fob_inr and again.version == view.version + 1


def test_lapse_leaves_fresh_sbs_alone(demo_core, actors, clock):
    clock.advance(days=1)
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
    clock.set(clock.at + timedelta(days=3))
    assert sb.sb_no not in filing.lapse_overdue(demo_core, actors["acdc1"])

"""DEPB: rates from group code and item number, Customs' changes, a lower value accepted,
provisional assessment finalised on the market value (EXP-DEPB-1..4, EXP-PRT-2).

Worked figures: 100 kg of desiccated coconut at USD 10 = USD 1,000 at the demo rate 87.10
= FOB Rs 87,100.00; DEPB 90/12 is at 5 %, so the credit is Rs 4,355.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console import audit
from console.demo.schemes import MARK
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services import prints
from console.services.exports import assessment, filing, leo
from console.services.exports.sb_common import get_sb
from console.services.schemes import depb
from tests.pdf_support import pages
from tests.sb_support import (
    IEC_COCONUT,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)


def _data(core, group: str = "90", item: str = "12", rate: str | None = None) -> dict:
    with core.db.read() as s:
        code = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == "depb")).first()
    data = declaration(core, IEC_COCONUT, "08", quantity="100")
    data["items"][0].update(scheme_code=code, depb_group=group, depb_item=item)
    if rate is not None:
        data["items"][0]["depb_rate"] = rate
    return data


def _to_leo(core, a, sb):
    sb = registered(core, a, assessed(core, a, sb))
    if sb.state == "under_examination":
        sb = examined(core, a, sb)
    return leo.give_let_export_order(core, a["apr1"], sb.sb_no)


def test_exp_depb_1_group_and_item_give_the_rate(demo_core, actors):
    """EXP-DEPB-1: the rate is DGFT's for the group/item (90/12: 5 %); a blank rate is
    filled in; Group 62 formulations take 80 % of the bulk drug's 8 % = 6.40 %."""
    sb = filing.create_draft(demo_core, actors["opr1"], _data(demo_core))
    (item,) = sb.items
    assert (item.depb_group, item.depb_item, item.depb_rate) == ("90", "12", Decimal("5"))
    assert item.depb_value_for_credit == item.fob_inr == Decimal("87100.00")
    with demo_core.db.read() as s:
        on = demo_core.today()
        assert depb.rate_for(s, "62", "152", on) == Decimal("8")
        assert depb.rate_for(s, "62", "F152", on) == Decimal("6.40")


def test_exp_depb_1_unknown_group_or_item_or_wrong_rate_refused(demo_core, actors):
    """EXP-DEPB-1: a group code that does not exist, an item not in the group, a rate that
    is not DGFT's: refused, naming the field; nothing is written."""
    before = snapshot(demo_core)
    for group, item, rate, field, words in (
            ("99", "12", None, "items[1].depb_group", "DEPB group code 99 does not exist"),
            ("90", "77", None, "items[1].depb_item", "has no item 77"),
            ("90", "12", "7", "items[1].depb_rate", "at 5% on")):
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"], _data(demo_core, group, item, rate))
        assert (err.value.field, err.value.rule) == (field, "EXP-DEPB-1")
        assert words in err.value.message
    assert snapshot(demo_core) == before


def test_exp_depb_2_customs_changes_item_and_value_and_it_prints(demo_core, actors):
    """EXP-DEPB-2: the appraiser changes the item (90/12 at 5 % → 90/13 at 20 %) and the value
    for credit (Rs 87,100 → Rs 80,000); the operator cannot; the change is on the SB copies;
    DGFT credits 20 % of Rs 80,000 = Rs 16,000.00."""
    sb = file(demo_core, actors, _data(demo_core))
    with pytest.raises(NotPermitted):
        depb.change_particulars(demo_core, actors["opr1"], sb.sb_no, 1, "x", item="13")
    with pytest.raises(InvalidInput) as err:  # never above the FOB
        depb.change_particulars(demo_core, actors["apr1"], sb.sb_no, 1, "market",
                                value_for_credit="87100.01")
    assert err.value.field == "value_for_credit"
    view = depb.change_particulars(demo_core, actors["apr1"], sb.sb_no, 1,
                                   "DEPB cell: product is activated carbon", item="13",
                                   value_for_credit="80000")
    (item,) = view.items
    assert (item.depb_item, item.depb_rate, item.depb_value_for_credit) == (
        "13", Decimal("20"), Decimal("80000.00"))
    with demo_core.db.read() as s:
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        assert depb.credit_claimed(s, row) == Decimal("16000.00")
    sb = _to_leo(demo_core, actors, get_sb(demo_core, sb.sb_no))
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert any("changed by Customs (apr1)" in n and "90/12 at 5% → 90/13 at 20%" in n
               for n in job.notes)
    with pytest.raises(RuleViolation) as err:  # printed: a change would not show
        depb.change_particulars(demo_core, actors["apr1"], sb.sb_no, 1, "late",
                                value_for_credit="70000")
    assert err.value.rule == "EXP-DEPB-2"


def test_exp_depb_3_accepted_lower_value_at_the_leo_rate(demo_core, actors, clock):
    """EXP-DEPB-3: the exporter accepts USD 900 for the item (declared USD 1,000); at LEO the
    value for credit is USD 900 × the LEO date's rate 87.10 = Rs 78,390.00."""
    sb = file(demo_core, actors, _data(demo_core))
    for bad in ("0", "1000", "x"):
        with pytest.raises(InvalidInput):
            depb.accept_lower_value(demo_core, actors["apr1"], sb.sb_no, 1, bad)
    depb.accept_lower_value(demo_core, actors["apr1"], sb.sb_no, 1, "900")
    assert get_sb(demo_core, sb.sb_no).items[0].depb_value_for_credit == Decimal("87100.00")
    sb = _to_leo(demo_core, actors, get_sb(demo_core, sb.sb_no))
    rate = sb.invoices[0].exchange_rate
    assert sb.items[0].depb_value_for_credit == (Decimal(900) * rate).quantize(Decimal("0.01"))
    assert rate == Decimal("87.10") and sb.items[0].depb_value_for_credit == Decimal("78390.00")
    with pytest.raises(RuleViolation):  # fixed at LEO
        depb.accept_lower_value(demo_core, actors["apr1"], sb.sb_no, 1, "800")


def test_exp_depb_4_exp_prt_2_final_assessment_releases_the_ep_copy_with_the_note(
        demo_core, actors):
    """EXP-DEPB-4 / EXP-PRT-2: assessed provisionally, 3 copies print; the market enquiry
    finds Rs 20,000 (< 2 × the credit, 20 % of Rs 87,100 = Rs 17,420.00): on finalisation the
    EP and DEPB copies print with "Market value of the goods is Rs 20,000.00 and credit not
    to exceed 50% ..."."""
    sb = file(demo_core, actors, _data(demo_core, item="13"))  # 20 %: DEPB cell, then AC/DC
    assert sb.state == "awaiting_assessment"  # EXP-ASM-2/3: the Appraiser first
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    assert sb.state == "awaiting_acdc"
    sb = assessment.clear_by_acdc(demo_core, actors["acdc1"], sb.sb_no, provisional=True)
    sb = _to_leo(demo_core, actors, sb)
    assert sb.provisional
    first = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert first.copies == ("Customs copy", "Exporter's copy", "Exchange Control copy")
    with pytest.raises(NotPermitted):
        depb.finalise(demo_core, actors["opr1"], sb.sb_no, market_value="20000")
    done = depb.finalise(demo_core, actors["apr1"], sb.sb_no, market_value="20000",
                         reason="market enquiry report of 10.11.2026")
    assert not done.provisional
    with pytest.raises(RuleViolation):  # final already
        depb.finalise(demo_core, actors["apr1"], sb.sb_no)
    ep = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert ep.copies == ("EP copy", "DEPB copy")
    assert ("Market value of the goods is Rs 20,000.00 and credit not to exceed 50% of the "
            "market value") in ep.notes
    assert depb.market_value_note(Decimal("8710"), Decimal("4355")) == ""  # twice: no note


def _demo_sbs(core) -> dict[bool, int]:
    """The demo's DEPB SBs at Let Export, by provisional flag."""
    with core.db.read() as s:
        rows = s.exec(select(t.ShippingBill).where(t.ShippingBill.recipient_name == MARK,
                                                   t.ShippingBill.category == "depb")).all()
        return {r.provisional: r.sb_no for r in rows}


def test_exp_depb_3_demo_sb_credits_the_accepted_value(demo_core):
    """EXP-DEPB-3: the demo's DEPB SB (90/12 at 5 %) where the exporter accepted USD 900:
    value for credit USD 900 x 87.10 = Rs 78,390.00 against FOB Rs 87,100.00; credit 5 % =
    Rs 3,919.50."""
    sb = get_sb(demo_core, _demo_sbs(demo_core)[False])
    (item,) = sb.items
    assert (sb.state, item.fob_inr, item.depb_value_for_credit) == (
        "let_export", Decimal("87100.00"), Decimal("78390.00"))
    with demo_core.db.read() as s:
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        assert depb.credit_claimed(s, row) == Decimal("3919.50")


def test_exp_depb_4_exp_prt_2_demo_provisional_sb_finalised_by_cli(cli):
    """EXP-DEPB-4 / EXP-PRT-2 by CLI on the demo's provisional DEPB SB (150 kg at USD 10 =
    USD 1,500 x 87.10 = Rs 1,30,650.00; 90/13 at 20 %: credit Rs 26,130.00): 3 copies with
    NOT VALID FOR DEPB; a bad market value is refused and changes nothing; the market
    enquiry finds Rs 50,000 (< 2 x 26,130 = 52,260): finalised, the EP and DEPB copies print
    with the market-value note in the DEPB section under the items."""
    sb_no = _demo_sbs(cli.core)[True]
    first = cli.tmp / "first.pdf"
    cli("print", "sb", sb_no, "--out", first, "--user", "apr1")
    text = pages(first.read_bytes())
    assert all("NOT VALID FOR DEPB" in page for page in text)
    assert not any("EP COPY" in page for page in text)
    before = snapshot(cli.core)
    for bad in ("abc", "-5", "0"):
        cli("depb", "finalise", sb_no, "--market-value", bad, "--user", "apr1", ok=False)
    cli("depb", "finalise", sb_no, "--market-value", "50000", "--user", "opr1", ok=False)
    after = snapshot(cli.core)  # each CLI call logs in, and a login is audited
    assert after.pop("AuditRecord") == before.pop("AuditRecord") + 4 and after == before
    with cli.core.db.read() as s:
        assert [r.action for r in audit.history(s, "SB", str(sb_no))][-1] != "depb_final"
    done = cli("depb", "finalise", sb_no, "--market-value", "50000", "--reason",
               "market enquiry report of 10.11.2026", "--user", "apr1")
    assert done["provisional"] is False
    final = cli.tmp / "final.pdf"
    cli("print", "sb", sb_no, "--out", final, "--user", "apr1")
    text = pages(final.read_bytes())
    ep = [page for page in text if "EP COPY" in page]
    assert ep and not any("NOT VALID FOR DEPB" in page for page in text)
    note = "Market value of the goods is Rs 50,000.00 and credit not to exceed 50%"
    first_page = " ".join(ep[0].split())
    assert note in first_page and first_page.index(note) < first_page.index("Examination")


def test_exp_depb_1_cli_rate_lookup(cli):
    """EXP-DEPB-1 by CLI: 90/12 is at 5 %; a Group 62 formulation F152 is 80 % of the bulk
    drug 62/152's 8 % = 6.40 %; group 99 does not exist."""
    assert cli("depb", "rate", "90", "12")["rate"] == "5"
    f152 = cli("depb", "rate", "62", "F152")
    assert (f152["rate"], f152["share_of"]) == ("6.40", "62/152")
    refused = cli("depb", "rate", "99", "1", ok=False)
    assert isinstance(refused.exception, InvalidInput)
    assert (refused.exception.field, refused.exception.rule) == ("depb_group", "EXP-DEPB-1")
    assert "DEPB group code 99 does not exist" in str(refused.exception)


def test_exp_depb_1_rates_are_effective_dated(demo_core):
    """EXP-DEPB-1: 61/45 is at 7 % to 31.08.2008 and 6 % from 01.09.2008 (demo rows); before
    the schedule begins (01.09.2004) the item is not in force."""
    assert depb.get_rate(demo_core, "61", "45", date(2008, 8, 31)).rate == Decimal("7")
    assert depb.get_rate(demo_core, "61", "45", date(2008, 9, 1)).rate == Decimal("6")
    assert depb.get_rate(demo_core, "61", "45").rate == Decimal("6")  # today
    with pytest.raises(InvalidInput) as err:
        depb.get_rate(demo_core, "61", "45", date(2004, 8, 31))
    assert err.value.rule == "EXP-DEPB-1" and "in force on 31.08.2004" in err.value.message

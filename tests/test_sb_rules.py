"""Pure rules of the SB life cycle: AC/DC thresholds, service charges, drawback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from console.clock import add_months
from console.rules import charges, thresholds
from console.rules.drawback import item_drawback, sb_drawback

D = Decimal
LIMITS = thresholds.Limits(D(1000000), D(25000), D(100000), D(500000), D(20))


def test_exp_asm_1_i_duty_free_above_ten_lakh_is_strict():
    """EXP-ASM-1."""
    assert thresholds.asm1("free", False, D("1000000.00"), D(0), LIMITS) == ""
    assert thresholds.asm1("free", False, D("1000000.01"), D(0), LIMITS) == "EXP-ASM-1.i"
    assert thresholds.asm1("dutiable", False, D("2000000"), D(0), LIMITS) == ""


def test_exp_asm_1_ii_free_trade_sample_above_25000():
    """EXP-ASM-1."""
    assert thresholds.asm1("free", True, D("25000"), D(0), LIMITS) == ""
    assert thresholds.asm1("free", True, D("25000.01"), D(0), LIMITS) == "EXP-ASM-1.ii"


def test_exp_asm_1_iii_drawback_exceeding_one_lakh():
    """EXP-ASM-1."""
    assert thresholds.asm1("drawback", False, D("5000000"), D("100000"), LIMITS) == ""
    assert thresholds.asm1("drawback", False, D("5000000"), D("100000.01"), LIMITS) == \
        "EXP-ASM-1.iii"


def test_exp_asm_2_scheme_sbs_go_to_acdc_after_the_appraiser():
    """EXP-ASM-2."""
    assert thresholds.asm2({"advance"}) == "EXP-ASM-2"
    assert thresholds.asm2({"eou", "free"}) == "EXP-ASM-2"
    assert thresholds.asm2({"epcg"}) == "EXP-ASM-2"
    assert thresholds.asm2({"free", "drawback"}) == ""


def test_exp_asm_3_depb_five_lakh_or_more_or_rate_twenty_or_more():
    """EXP-ASM-3."""
    assert thresholds.asm3(D("499999.99"), D("19.99"), LIMITS) == ""
    assert thresholds.asm3(D("500000"), D("5"), LIMITS) == "EXP-ASM-3"
    assert thresholds.asm3(D("1000"), D("20"), LIMITS) == "EXP-ASM-3"
    assert thresholds.asm3(D(0), D(0), LIMITS) == ""


def test_charges_worked_example_twelve_items_cost_80_at_vizag_2013(core):
    """charges.md / EXP-FIL-6: 60 + 10 + 10 for items 1–5, 6–10, 11–12."""
    assert charges.entry_charge(12, D(60), D(10)) == D(80)
    assert [charges.blocks(n) for n in (1, 5, 6, 10, 11, 12)] == [1, 1, 2, 2, 3, 3]
    with core.db.read() as s:
        lines = charges.sb_charges(s, "INVTZ4", date(2013, 3, 15), 12)
        assert sum(x.amount for x in lines) == D(80)
        blair = charges.sb_charges(s, "INIXZ1", date(2018, 1, 2), 3, correction_checklists=2)
        assert sum(x.amount for x in blair) == D(80)  # checklist printing nil at Port Blair
        vizag = charges.sb_charges(s, "INVTZ4", date(2026, 11, 2), 5, correction_checklists=2)
        assert sum(x.amount for x in vizag) == D(80)  # 60 + 2 × 10 own-correction checklists
        assert charges.egm_charge(s, "INIXZ1", date(2026, 1, 1)) == D(80)


def test_exp_dbk_2_lower_of_rate_and_cap():
    """EXP-DBK-2."""
    # 2% of ₹50,000 = ₹1,000; cap ₹3 × 200 = ₹600 → ₹600
    assert item_drawback("610902B", D(50000), D(200), D(2), D(3)) == D("600.00")
    # no cap: rate only, rounded half-up to the paise
    assert item_drawback("300490", D("1234.57"), D(1), D("1.5"), None) == D("18.52")
    assert item_drawback("98.01", D(50000), D(1), D(2), None) == D("0.00")  # EXP-DBK-4
    assert item_drawback("", D(50000), D(1), None, None) == D("0.00")


def test_exp_dbk_2_nothing_below_fifty_rupees_per_sb():
    """EXP-DBK-2."""
    assert sb_drawback([D("20.00"), D("29.99")], D(50)) == [D("0.00"), D("0.00")]
    assert sb_drawback([D("20.00"), D("30.00")], D(50)) == [D("20.00"), D("30.00")]


def test_exp_prt_6_months_added_to_the_leo_date():
    """EXP-PRT-6."""
    assert add_months(date(2026, 11, 2), 15) == date(2028, 2, 2)
    assert add_months(date(2025, 5, 31), 9) == date(2026, 2, 28)

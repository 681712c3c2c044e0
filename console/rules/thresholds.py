"""Which Shipping Bills the AC/DC must clear, whatever RMS says (EXP-ASM-1/2/3).

Pure functions: figures come in as arguments (rupees as ``Decimal``), read by
the caller from the effective-dated parameters ``EXP-ASM-1.i/.ii/.iii`` and
``EXP-ASM-3.fob/.rate``. "Above"/"exceeds" is strict; "or more" is ``>=``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Scheme categories the Appraiser processes first and then the AC/DC (EXP-ASM-2).
ASM2_CATEGORIES = frozenset({"advance", "dfrc", "eou", "epcg"})
# DEPB is named in EXP-ASM-2 too, but EXP-ASM-3 says when its AC/DC step applies: below
# the thresholds the Appraiser (DEPB cell) alone assesses, at or above them the AC/DC
# follows. Either way a DEPB SB is assessed by the Appraiser, whatever RMS says.
APPRAISER_CATEGORIES = ASM2_CATEGORIES | {"depb"}


@dataclass(frozen=True)
class Limits:
    duty_free_fob: Decimal  # EXP-ASM-1.i
    sample_fob: Decimal  # EXP-ASM-1.ii
    drawback: Decimal  # EXP-ASM-1.iii
    depb_fob: Decimal  # EXP-ASM-3.fob
    depb_rate: Decimal  # EXP-ASM-3.rate


def asm1(category: str, free_trade_sample: bool, fob: Decimal, drawback: Decimal,
         limits: Limits) -> str:
    """The EXP-ASM-1 clause that applies, or ""."""
    if free_trade_sample and fob > limits.sample_fob:
        return "EXP-ASM-1.ii"
    if category == "free" and fob > limits.duty_free_fob:
        return "EXP-ASM-1.i"
    if drawback > limits.drawback:
        return "EXP-ASM-1.iii"
    return ""


def asm3(depb_fob: Decimal, depb_max_rate: Decimal, limits: Limits) -> str:
    """DEPB: FOB of ₹5 lakh or more, or a rate of 20% or more, goes to the AC/DC."""
    if depb_fob and (depb_fob >= limits.depb_fob or depb_max_rate >= limits.depb_rate):
        return "EXP-ASM-3"
    return ""


def asm2(item_categories: set[str]) -> str:
    return "EXP-ASM-2" if item_categories & ASM2_CATEGORIES else ""


def appraiser_first(item_categories: set[str]) -> bool:
    """Whether the Appraiser must assess the SB whatever its RMS route (EXP-ASM-2/3): a
    scheme SB of EXP-ASM-2, DEPB included (the DEPB cell checks the credit)."""
    return bool(item_categories & APPRAISER_CATEGORIES)


def acdc_rule(category: str, item_categories: set[str], free_trade_sample: bool, fob: Decimal,
              drawback: Decimal, depb_fob: Decimal, depb_max_rate: Decimal,
              limits: Limits) -> str:
    """Why the AC/DC must clear this SB ("" if not): the first rule that applies."""
    return (asm1(category, free_trade_sample, fob, drawback, limits)
            or asm2(item_categories)
            or asm3(depb_fob, depb_max_rate, limits))

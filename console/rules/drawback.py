"""Drawback per item and per SB from the All Industry Rates (EXP-DBK-2, EXP-DBK-4).

Per item: the lower of rate % × FOB and cap per unit × quantity (when the
schedule gives a cap). Serial 98.01 (brand rate, provisional) is 0 until the
brand rate is fixed. Below the per-SB minimum (``EXP-DBK-2.min``) nothing is paid.
IGST and compensation cess are never part of drawback: the input is FOB only.
"""

from __future__ import annotations

from decimal import Decimal

from console.money import rupees

PROVISIONAL = "98.01"


def item_drawback(serial: str, fob: Decimal, quantity: Decimal, rate_pct: Decimal | None,
                  cap_per_unit: Decimal | None) -> Decimal:
    """Drawback on one item, in rupees rounded to the paise."""
    if not serial or serial == PROVISIONAL or rate_pct is None:
        return Decimal("0.00")
    amount = fob * rate_pct / 100
    if cap_per_unit is not None:
        amount = min(amount, cap_per_unit * quantity)
    return rupees(amount)


def sb_drawback(items: list[Decimal], minimum: Decimal) -> list[Decimal]:
    """Item amounts as paid: all zero when their total is below ``minimum``."""
    if sum(items, Decimal(0)) < minimum:
        return [Decimal("0.00")] * len(items)
    return items

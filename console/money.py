"""Money: rupees as ``Decimal``, stored as integer paise; rounding half-up to the paise."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")


def rupees(value: Decimal | int | str) -> Decimal:
    """Round to the paise, half-up."""
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def to_paise(value: Decimal | int | str) -> int:
    return int(rupees(value) * 100)


def from_paise(paise: int) -> Decimal:
    return (Decimal(paise) / 100).quantize(PAISA)


def fmt_inr(paise: int) -> str:
    """Indian grouping: 12,34,567.89."""
    sign = "-" if paise < 0 else ""
    whole, frac = divmod(abs(paise), 100)
    s = str(whole)
    if len(s) > 3:
        head, tail = s[:-3], s[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        s = ",".join(groups) + "," + tail
    return f"{sign}{s}.{frac:02d}"


def inr(value: Decimal | int | str, *, paise: bool = True) -> str:
    """Rupees as customs writes them, Indian grouping: ``12,34,567.89`` (``paise=False``:
    whole rupees, ``12,34,568``). Every rupee figure a screen, a message or the CLI shows
    goes through here; foreign-currency figures keep the thousands grouping."""
    text = fmt_inr(to_paise(value))
    return text if paise else fmt_inr(to_paise(rupees(value).to_integral_value(
        rounding=ROUND_HALF_UP)))[:-3]

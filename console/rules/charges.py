"""Service-centre charges (charges.md, EXP-FIL-6): a tariff per location and date.

The figures are rule parameters ``charge.*`` (fixtures/reference/parameters.csv)
with a location and an effective date; this module only does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from console.errors import RuleViolation
from console.rules.params import parameter

BLOCK = 5  # items per charging block


@dataclass(frozen=True)
class ChargeLine:
    item: str
    amount: Decimal  # rupees


def blocks(items: int) -> int:
    """Blocks of five items: 1–5 → 1, 6–10 → 2, 11–12 → 3."""
    return max(1, -(-items // BLOCK))


def entry_charge(items: int, first_block: Decimal, per_extra_block: Decimal) -> Decimal:
    """SB/BE data entry: the first five items, then each further block of five."""
    return first_block + per_extra_block * (blocks(items) - 1)


def _charge(session: Session, key: str, on: date, location: str) -> Decimal | None:
    try:
        return parameter(session, f"charge.{key}", on, location)
    except RuleViolation:
        return None  # no such charge at this location on that date


def sb_charges(session: Session, location: str, on: date, items: int,
               correction_checklists: int = 0) -> list[ChargeLine]:
    """What the service centre collects for keying one SB at ``location`` on ``on``."""
    lines = []
    first = _charge(session, "sb_entry_first5", on, location)
    if first is not None:
        extra = _charge(session, "sb_entry_per_extra5", on, location) or Decimal(0)
        lines.append(ChargeLine(f"SB data entry, {items} item(s)",
                                entry_charge(items, first, extra)))
    fee = _charge(session, "checklist_correction", on, location)
    if correction_checklists and fee:
        lines.append(ChargeLine(f"checklists with own corrections × {correction_checklists}",
                                fee * correction_checklists))
    return lines


def egm_charge(session: Session, location: str, on: date) -> Decimal:
    return _charge(session, "egm_entry", on, location) or Decimal(0)

"""Import duty on one item (IMP-DUT-1, IMP-DUT-2, IMP-DUT-4, IMP-DUT-5, IMP-DUT-6).

Assessable value (AV): the transaction value (CIF: invoice value, freight and insurance)
converted at the rate in force on the date of presentation; no notional landing charge
since 26.09.2017. Basic Customs Duty (BCD) = AV × BCD rate. Social Welfare Surcharge (SWS) =
a percentage (10 %, effective-dated data) of BCD, nil where BCD is nil. IGST is levied on
AV + BCD + SWS (Customs Tariff Act s.3(8)), never on itself. Each amount is rounded to the
paisa (decision: the notice is silent; the total is what the challan collects).

Where a tariff value is notified it is the AV and the invoice value is ignored (IMP-DUT-4).
Anti-dumping duty (ADD, Customs Tariff Act s.9A) is a customs duty, so it is part of the
IGST taxable value; SWS is not levied on it (Notification 11/2018-Cus exempts SWS on ADD,
practice). An ad valorem ADD is a percentage of the landed value, taken as AV + BCD
(decision: the notifications define landed value as the AV with the customs duties other
than those under the Customs Tariff Act ss.3, 3A, 8B, 9, 9A; of the duties modelled that is
BCD). A high-sea sale's charges are added to the transaction value before conversion
(IMP-DUT-6; practice: CBEC Circular 32/2004-Cus).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from console.money import rupees

ZERO = Decimal(0)
# mass units the directories use, in kilograms: a quantity converts between them
_KG = {"GMS": Decimal("0.001"), "KGS": Decimal(1), "QTL": Decimal(100),
       "TON": Decimal(1000), "MTS": Decimal(1000)}


@dataclass(frozen=True)
class ItemDuty:
    assessable: Decimal
    bcd: Decimal
    sws: Decimal
    igst_base: Decimal
    igst: Decimal
    add: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.bcd + self.sws + self.add + self.igst


def item_duty(assessable: Decimal, bcd_rate: Decimal, igst_rate: Decimal,
              sws_pct: Decimal, add: Decimal = ZERO) -> ItemDuty:
    """BCD, SWS and IGST on an item; ``add`` (anti-dumping duty, rupees) joins the IGST
    taxable value (IMP-DUT-2, IMP-DUT-5)."""
    av = rupees(assessable)
    bcd = rupees(av * bcd_rate / 100)
    sws = rupees(bcd * sws_pct / 100)
    add = rupees(add)
    base = av + bcd + sws + add
    return ItemDuty(av, bcd, sws, base, rupees(base * igst_rate / 100), add)


def convert_quantity(quantity: Decimal, from_uqc: str, to_uqc: str) -> Decimal | None:
    """``quantity`` in ``from_uqc`` expressed in ``to_uqc``; None if the units do not
    convert (only mass units do)."""
    if from_uqc == to_uqc:
        return quantity
    if from_uqc in _KG and to_uqc in _KG:
        return quantity * _KG[from_uqc] / _KG[to_uqc]
    return None


def tariff_value_assessable(value: Decimal, per_quantity: Decimal, quantity: Decimal,
                            rate: Decimal, units: int = 1) -> Decimal:
    """IMP-DUT-4: the AV is the tariff value (``value`` per ``per_quantity``) of the
    quantity, converted at ``rate`` rupees per ``units`` of its currency."""
    return rupees(value * quantity / per_quantity * rate / units)


def anti_dumping_duty(assessable: Decimal, bcd: Decimal, *, rate_pct: Decimal | None = None,
                      amount: Decimal | None = None, quantity: Decimal = ZERO,
                      rate: Decimal = Decimal(1), units: int = 1) -> Decimal:
    """IMP-DUT-5: ``rate_pct`` of the landed value (AV + BCD), or ``amount`` per unit of
    ``quantity`` converted at ``rate`` rupees per ``units``."""
    if rate_pct is not None:
        return rupees((assessable + bcd) * rate_pct / 100)
    if amount is not None:
        return rupees(amount * quantity * rate / units)
    return ZERO


def high_sea_charges(cif_fc: Decimal, *, rate_pct: Decimal | None = None,
                     value_fc: Decimal | None = None) -> Decimal:
    """IMP-DUT-6: the high-sea sale charges in the invoice currency, a percentage of CIF or
    a value."""
    if rate_pct is not None:
        return cif_fc * rate_pct / 100
    return value_fc or ZERO

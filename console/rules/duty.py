"""Import duty on one item (IMP-DUT-1, IMP-DUT-2).

Assessable value (AV): the transaction value (CIF: invoice value, freight and insurance)
converted at the rate in force on the date of presentation; no notional landing charge
since 26.09.2017. Basic Customs Duty (BCD) = AV × BCD rate. Social Welfare Surcharge (SWS) =
a percentage (10 %, effective-dated data) of BCD, nil where BCD is nil. IGST is levied on
AV + BCD + SWS (Customs Tariff Act s.3(8)), never on itself. Each amount is rounded to the
paisa (decision: the notice is silent; the total is what the challan collects).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from console.money import rupees


@dataclass(frozen=True)
class ItemDuty:
    assessable: Decimal
    bcd: Decimal
    sws: Decimal
    igst_base: Decimal
    igst: Decimal

    @property
    def total(self) -> Decimal:
        return self.bcd + self.sws + self.igst


def item_duty(assessable: Decimal, bcd_rate: Decimal, igst_rate: Decimal,
              sws_pct: Decimal) -> ItemDuty:
    av = rupees(assessable)
    bcd = rupees(av * bcd_rate / 100)
    sws = rupees(bcd * sws_pct / 100)
    base = av + bcd + sws
    return ItemDuty(av, bcd, sws, base, rupees(base * igst_rate / 100))

"""Import duty on one item (IMP-DUT-1, IMP-DUT-2, IMP-DUT-4, IMP-DUT-5, IMP-DUT-6).

Assessable value (AV): the transaction value (CIF: invoice value, freight and insurance)
converted at the rate in force on the date of presentation; no notional landing charge
since 26.09.2017. Basic Customs Duty (BCD) = AV × BCD rate. Social Welfare Surcharge (SWS) =
a percentage (10 %, effective-dated data) of BCD, nil where BCD is nil. IGST is levied on
AV + BCD + SWS (Customs Tariff Act s.3(8)), never on itself. Each amount is rounded to the
paisa (decision: the notice is silent; the total is what the challan collects).

Where a tariff value is notified it is the AV and the invoice value is ignored (IMP-DUT-4).
The transaction value is CIF (IMP-DUT-7, Customs Valuation Rules 2007 rule 10(2)): the
terms of invoice say what the invoice already holds, and what it does not is added:
freight as declared or, not ascertainable, 20 % of FOB (air freight counted at most 20 %
of FOB); insurance as declared or, not ascertainable, 1.125 % of FOB (``cif_value``; the
percentages are effective-dated data). Decision: a freight or insurance of nil is "not
declared" (the form's blank); terms not keyed are read as FOB, the reading that adds what
the law adds when nothing shows it is included.

Anti-dumping duty (ADD, Customs Tariff Act s.9A) is a customs duty, so it is part of the
IGST taxable value; SWS is not levied on it (Notification 11/2018-Cus exempts SWS on ADD,
practice). An ad valorem ADD is a percentage of the landed value: the AV with every customs
duty other than those under the Customs Tariff Act ss.3, 3A, 8B, 9 and 9A, so BCD and SWS
(IMP-DUT-7). A high-sea sale's charges are added to the transaction value before conversion
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


def anti_dumping_duty(assessable: Decimal, duties: Decimal, *,
                      rate_pct: Decimal | None = None, amount: Decimal | None = None,
                      quantity: Decimal = ZERO, rate: Decimal = Decimal(1),
                      units: int = 1) -> Decimal:
    """IMP-DUT-5: ``rate_pct`` of the landed value (AV + ``duties``: BCD and SWS,
    IMP-DUT-7), or ``amount`` per unit of ``quantity`` converted at ``rate`` rupees per
    ``units``."""
    if rate_pct is not None:
        return rupees((assessable + duties) * rate_pct / 100)
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


TERMS = ("FOB", "CF", "CI", "CIF")  # terms of invoice: what the invoice value holds


@dataclass(frozen=True)
class CifValue:
    """How the transaction value was built (IMP-DUT-7), in the invoice currency."""

    terms: str
    fob: Decimal
    freight: Decimal
    freight_basis: str  # "declared", "in the invoice", "20% of FOB", "capped at 20% of FOB"
    insurance: Decimal
    insurance_basis: str
    cif: Decimal

    def lines(self, currency: str) -> tuple[str, ...]:
        def c(x: Decimal) -> str:
            return f"{currency} {x.quantize(Decimal('0.01')):,}"

        return (f"terms {self.terms}: FOB {c(self.fob)}",
                f"freight {c(self.freight)} ({self.freight_basis})",
                f"insurance {c(self.insurance)} ({self.insurance_basis})",
                f"CIF {c(self.cif)} (IMP-DUT-7)")


def cif_value(terms: str, invoice: Decimal, freight: Decimal, insurance: Decimal, *,
              freight_pct: Decimal, insurance_pct: Decimal, air: bool = False,
              air_cap_pct: Decimal | None = None) -> CifValue:
    """IMP-DUT-7: the CIF value of an invoice on ``terms`` (FOB, CF, CI, CIF; "" is FOB),
    with ``freight`` and ``insurance`` as declared (nil: not declared).

    Worked example (the published one): an FOB invoice of 1,000 declaring neither adds
    freight 20 % = 200 and insurance 1.125 % = 11.25: CIF 1,211.25. With BCD 10 % (121.13),
    SWS 10 % of it (12.11) and IGST 18 % of 1,344.49 (242.01) the duty is 375.25, where
    leaving them out gave 309.80 (17 % short). A C&F invoice of 1,200 declaring freight
    200: FOB 1,000, insurance 11.25 added, CIF 1,211.25 again.
    """
    def pct(x: Decimal) -> str:
        return format(x.normalize(), "f")

    terms = (terms or "FOB").upper()
    if terms not in TERMS:
        raise ValueError(f"terms of invoice {terms!r}")
    has_freight, has_insurance = terms in ("CF", "CIF"), terms in ("CI", "CIF")
    f_pct, i_pct = freight_pct / 100, insurance_pct / 100
    if terms == "CIF":
        return CifValue(terms, invoice - freight - insurance, freight, "in the invoice",
                        insurance, "in the invoice", invoice)
    # the FOB inside the invoice: less what it includes, declared or at the rule's rate
    if has_freight:
        fob = invoice - freight if freight else invoice / (1 + f_pct)
    elif has_insurance:
        fob = invoice - insurance if insurance else invoice / (1 + i_pct)
    else:
        fob = invoice
    if has_freight:
        f_add, f_basis = Decimal(0), "in the invoice"
    elif freight:
        cap_pct = air_cap_pct if air_cap_pct is not None else freight_pct
        cap = fob * cap_pct / 100
        f_add, f_basis = (cap, f"air freight capped at {pct(cap_pct)}% of FOB") if (
            air and freight > cap) else (freight, "declared")
    else:
        f_add, f_basis = fob * f_pct, f"{pct(freight_pct)}% of FOB, not declared"
    if has_insurance:
        i_add, i_basis = Decimal(0), "in the invoice"
    elif insurance:
        i_add, i_basis = insurance, "declared"
    else:
        i_add, i_basis = fob * i_pct, f"{pct(insurance_pct)}% of FOB, not declared"
    freight_shown = freight if has_freight and freight else (fob * f_pct if has_freight
                                                               else f_add)
    insurance_shown = insurance if has_insurance and insurance else (
        fob * i_pct if has_insurance else i_add)
    return CifValue(terms, fob, freight_shown, f_basis, insurance_shown, i_basis,
                    invoice + f_add + i_add)

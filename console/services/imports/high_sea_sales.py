"""High-sea sales (IMP-DUT-6): the charges (a rate of CIF or a value) and the seller's IEC
are declared in Annexure C (``be_duty.read_head``), added to the assessable value, and
printed on the assessed, importer's and exchange-control copies (``BeView.hss_*``). The
appraiser assessing the BE may change the rate or value of the charges.

Decisions: the change is made while the BE is with the appraiser for assessment (second
check, or first check once examined), with reasons (natural justice: the importer is told
on the BE); the duty is computed again on the BE date at the BE's rate. The seller is not
changed this way: that is an amendment (IMP-AMD-1).
"""

from __future__ import annotations

from decimal import Decimal

from console.acts.be import BE, B
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor
from console.services.imports import be_duty
from console.services.imports.bills_of_entry import BeView, be_view


def change_charges(core: Core, actor: Actor, be_no: int, *,
                   charge_rate: Decimal | str | None = None,
                   charge_value: Decimal | str | None = None, reason: str,
                   expected_version: int | None = None) -> BeView:
    """The appraiser changes the high-sea-sale charges (rate % of CIF, or a value in the
    invoice currency); the duty is re-computed (IMP-DUT-6)."""
    rate, value = be_duty.charges({"charge_rate": charge_rate, "charge_value": charge_value},
                                  "high_sea_sale")
    if not reason.strip():
        raise InvalidInput("reason", "say why the charges change", "IMP-DUT-6")
    with core.db.write() as s:
        be = BE.take(s, actor, "hss_charges", be_no, expected_version=expected_version)
        if not be.hss_seller_iec:
            raise RuleViolation("IMP-DUT-6", f"BE {be_no} is not a high-sea sale")
        if be.state == B.EXAMINED and not be.first_check:
            raise RuleViolation("IMP-DUT-6", f"BE {be_no} is {be.state.replace('_', ' ')}: the "
                                "appraiser changes the charges while assessing it")
        old = (f"{be.hss_charge_rate}% of CIF" if be.hss_charge_rate is not None
               else f"{be.currency} {be.hss_charge_value_fc}")
        new = f"{rate}% of CIF" if rate is not None else f"{be.currency} {value}"
        before = be.duty_paise
        be.hss_charge_rate, be.hss_charge_value_fc = rate, value
        be_duty.compute_duty(s, be, be.exchange_rate, be.rate_units, be.be_date)
        transition(s, core, actor, be, BE["hss_charges"], reason=(
            f"high-sea-sale charges {old} -> {new}; duty Rs {from_paise(before)} -> "
            f"Rs {from_paise(be.duty_paise)}: {reason.strip()}")[:500])
        return be_view(s, be)

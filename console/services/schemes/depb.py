"""DEPB on the Shipping Bill: the rate from DGFT's group code and item number (EXP-DEPB-1),
Customs' changes to group, item or value for credit (EXP-DEPB-2), a lower value the
exporter accepts (EXP-DEPB-3), and the market-value note (EXP-DEPB-4).

Decisions: the rate comes from the DEPB directory (``fixtures/reference/depb.csv``) in force
on the SB date; a rate the operator keys must agree with it (a blank rate is filled in).
Customs may change the DEPB particulars until the EP/DEPB copy is printed, because the
change must show on the printout (EXP-DEPB-2). The value for credit is never above the
item's FOB. DEPB ended on 30.09.2011 in practice; the directory rows are kept open so the
training database can show the procedure of the seed notice (003 §20).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

import db.tables as t
from console.acts.sb import SB, S
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, inr, to_paise
from console.roles import Actor
from console.rules.params import exchange_rate
from console.services.exports.sb_common import SbView, sb_view


def _row(s: Session, group: str, item: str, on: date) -> t.DepbRate | None:
    return s.exec(select(t.DepbRate).where(
        t.DepbRate.group_code == group, t.DepbRate.item_no == item,
        t.DepbRate.effective_from <= on,
        or_(t.DepbRate.effective_to.is_(None), t.DepbRate.effective_to >= on))
        .order_by(t.DepbRate.effective_from.desc())).first()


def rate_for(s: Session, group: str, item: str, on: date, field: str = "depb_group") -> Decimal:
    """The DEPB rate % for ``group``/``item`` on ``on``; a Group 62 formulation takes its
    share of the bulk drug's rate (EXP-DEPB-1)."""
    group, item = group.strip().zfill(2), item.strip().upper()
    if not any(r.group_code == group for r in s.exec(
            select(t.DepbRate).where(t.DepbRate.group_code == group).limit(1))):
        raise InvalidInput(field, f"DEPB group code {group} does not exist", "EXP-DEPB-1")
    row = _row(s, group, item, on)
    if row is None:
        raise InvalidInput(field.replace("group", "item"), f"DEPB group {group} has no item "
                           f"{item} in force on {on:%d.%m.%Y}", "EXP-DEPB-1")
    if row.rate is not None:
        return row.rate
    base = _row(s, row.base_group, row.base_item, on)
    if base is None or base.rate is None:
        raise RuleViolation("EXP-DEPB-1", f"DEPB {group}/{item} is a share of {row.base_group}/"
                            f"{row.base_item}, which has no rate on {on:%d.%m.%Y}")
    return (base.rate * row.share_pct / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class DepbRateView:
    group: str
    item: str
    description: str
    rate: Decimal  # % of the value for credit, in force on ``on``
    share_of: str  # "62/152" for a Group 62 formulation (EXP-DEPB-1), else ""
    share_pct: Decimal | None
    on: date


def get_rate(core: Core, group: str, item: str, on: date | None = None) -> DepbRateView:
    """The DEPB directory's entry for ``group``/``item`` on ``on`` (default today)."""
    on = on or core.today()
    with core.db.read() as s:
        rate = rate_for(s, group, item, on)
        row = _row(s, group.strip().zfill(2), item.strip().upper(), on)
        assert row is not None  # rate_for refused otherwise
        base = f"{row.base_group}/{row.base_item}" if row.base_group else ""
        return DepbRateView(row.group_code, row.item_no, row.description, rate, base,
                            row.share_pct, on)


def check_items(s: Session, items: list[dict], on: date) -> None:
    """Filing: every DEPB item's group and item exist; its rate is the directory's."""
    for it in items:
        if it["scheme_category"] != "depb":
            continue
        p = f"items[{it['sl']}]"
        rate = rate_for(s, it["depb_group"], it["depb_item"], on, f"{p}.depb_group")
        if it["depb_rate"] is not None and it["depb_rate"] != rate:
            raise InvalidInput(f"{p}.depb_rate", f"DEPB {it['depb_group']}/{it['depb_item']} is "
                               f"at {rate}% on {on:%d.%m.%Y}, not {it['depb_rate']}%",
                               "EXP-DEPB-1")
        it["depb_group"], it["depb_item"] = it["depb_group"].zfill(2), it["depb_item"].upper()
        it["depb_rate"] = rate


def _amount(value: object, field: str, rule: str) -> Decimal:
    """A positive decimal keyed by an officer, or a refusal naming the field."""
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise InvalidInput(field, f"{value!r} is not a number", rule) from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(field, "must be above 0", rule)
    return amount


def _item(s: Session, sb: t.ShippingBill, sl: int) -> t.SbItem:
    item = s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id, t.SbItem.sl == sl)).first()
    if item is None:
        raise InvalidInput("item_sl", f"SB {sb.sb_no} has no item {sl}")
    if not item.depb_group:
        raise RuleViolation("EXP-DEPB-1", f"item {sl} of SB {sb.sb_no} is not a DEPB item")
    return item


def _printed_for_credit(s: Session, sb: t.ShippingBill) -> bool:
    return s.exec(select(t.PrintLog).where(
        t.PrintLog.doc_kind == "SB", t.PrintLog.doc_ref == str(sb.sb_no),
        t.PrintLog.copy_name.in_(("EP copy", "DEPB copy")),
        t.PrintLog.cancelled.is_(False))).first() is not None


def change_particulars(core: Core, actor: Actor, sb_no: int, item_sl: int, reason: str, *,
                       group: str | None = None, item: str | None = None,
                       value_for_credit: object = None,
                       expected_version: int | None = None) -> SbView:
    """EXP-DEPB-2: the DEPB cell, the AC/DC or the shed appraiser changes an item's group
    code, item number or value for credit; recorded, and shown on the printout."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the DEPB particulars change", "EXP-DEPB-2")
    if group is None and item is None and value_for_credit is None:
        raise InvalidInput("group", "nothing to change", "EXP-DEPB-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "depb_change", sb_no, expected_version=expected_version)
        row = _item(s, sb, item_sl)
        if sb.state == S.EXPORTED and not sb.provisional:
            raise RuleViolation("EXP-DEPB-2", f"SB {sb_no} is {sb.state.replace('_', ' ')}")
        if _printed_for_credit(s, sb):
            raise RuleViolation("EXP-DEPB-2", f"SB {sb_no}: the EP/DEPB copy is printed; the "
                                "change would not show on it (cancel the copies first)")
        changes = []
        new_group = (group or row.depb_group).strip().zfill(2)
        new_item = (item or row.depb_item).strip().upper()
        if (new_group, new_item) != (row.depb_group, row.depb_item):
            rate = rate_for(s, new_group, new_item, sb.sb_date or core.today())
            changes.append(f"DEPB {row.depb_group}/{row.depb_item} at {row.depb_rate}% → "
                           f"{new_group}/{new_item} at {rate}%")
            row.depb_group, row.depb_item, row.depb_rate = new_group, new_item, rate
        if value_for_credit is not None:
            paise = to_paise(_amount(value_for_credit, "value_for_credit", "EXP-DEPB-2"))
            if paise <= 0 or paise > row.fob_inr_paise:
                raise InvalidInput("value_for_credit", f"between Rs 0.01 and the item's FOB "
                                   f"Rs {from_paise(row.fob_inr_paise)}", "EXP-DEPB-2")
            changes.append(f"value for credit Rs {from_paise(row.depb_value_for_credit_paise)}"
                           f" → Rs {from_paise(paise)}")
            row.depb_value_for_credit_paise = paise
        if not changes:
            raise InvalidInput("group", "the particulars are already so", "EXP-DEPB-2")
        s.add(row)
        transition(s, core, actor, sb, SB["depb_change"],
                   reason=f"item {item_sl}: {'; '.join(changes)} ({reason.strip()})"[:500])
        return sb_view(s, sb)


def accept_lower_value(core: Core, actor: Actor, sb_no: int, item_sl: int, value_fc: object,
                       *, expected_version: int | None = None) -> SbView:
    """EXP-DEPB-3: the exporter accepts a lower value for an item, keyed in the invoice
    currency; at LEO it becomes the value for credit at that day's rate."""
    value = _amount(value_fc, "value_fc", "EXP-DEPB-3")
    with core.db.write() as s:
        sb = SB.take(s, actor, "depb_accept", sb_no, expected_version=expected_version)
        row = _item(s, sb, item_sl)
        if sb.leo_at is not None:
            raise RuleViolation("EXP-DEPB-3", f"SB {sb_no} has Let Export: the value for "
                                "credit was fixed at the LEO date's rate")
        if not 0 < value < row.value_fc:
            raise InvalidInput("value_fc", f"a lower value: above 0 and below the declared "
                               f"{row.value_fc}", "EXP-DEPB-3")
        row.depb_accepted_value_fc = value
        s.add(row)
        transition(s, core, actor, sb, SB["depb_accept"], action="depb_accepted",
                   reason=f"item {item_sl}: exporter accepts {value} (declared {row.value_fc})")
        return sb_view(s, sb)


def value_at_leo(s: Session, sb: t.ShippingBill, on: date) -> None:
    """Called by LEO in its transaction: an accepted value × the rate on the LEO date
    becomes the item's value for credit (EXP-DEPB-3)."""
    for row in s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id,
                                             t.SbItem.depb_accepted_value_fc.is_not(None))):
        inv = s.exec(select(t.SbInvoice).where(t.SbInvoice.sb_id == sb.id,
                                               t.SbInvoice.sl == row.invoice_sl)).one()
        rate, units = exchange_rate(s, inv.currency, on)
        row.depb_value_for_credit_paise = to_paise(row.depb_accepted_value_fc * rate / units)
        s.add(row)


def credit_claimed(s: Session, sb: t.ShippingBill) -> Decimal:
    """DEPB credit: each item's value for credit × its DEPB rate."""
    return sum((from_paise(i.depb_value_for_credit_paise or 0) * (i.depb_rate or 0) / 100
                for i in s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id,
                                                       t.SbItem.depb_group != ""))),
               Decimal(0)).quantize(Decimal("0.01"))


def finalise(core: Core, actor: Actor, sb_no: int, *, market_value: object = None,
             reason: str = "", expected_version: int | None = None) -> SbView:
    """EXP-DEPB-4 / EXP-PRT-2: the provisional DEPB assessment is finalised on the market
    enquiry; the EP and DEPB copies may then be printed, with the market-value note where
    the market value is less than twice the credit claimed."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "depb_final", sb_no, expected_version=expected_version)
        if not sb.provisional or sb.category != "depb":
            raise RuleViolation("EXP-DEPB-4", f"SB {sb_no} is not a provisionally assessed "
                                "DEPB SB")
        text = ""
        if market_value not in (None, ""):
            value = _amount(market_value, "market_value", "EXP-DEPB-4")
            text = market_value_note(value, credit_claimed(s, sb))
        sb.provisional, sb.depb_market_note = False, text
        transition(s, core, actor, sb, SB["depb_final"],
                   reason="; ".join(x for x in (text, reason.strip()) if x)[:500])
        return sb_view(s, sb)


def market_value_note(market_value: Decimal, credit_claimed: Decimal) -> str:
    """EXP-DEPB-4: the EP copy's note where the market value is less than twice the credit
    claimed; empty otherwise."""
    if market_value >= 2 * credit_claimed:
        return ""
    return (f"Market value of the goods is Rs {inr(market_value)} and credit not to exceed "
            "50% of the market value")

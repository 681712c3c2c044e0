"""Warehousing (W) and ex-bond (X) Bills of Entry (004 §15–§16; WH-1..WH-5).

A W BE names its warehouse (WH-1) when keyed; its Out of Charge is the order for
warehousing and opens a quantity ledger for every item (WH-2). An X BE names the W BE's
number and date; the system takes the importer, currency, rate, items and claims from it,
and the operator chooses the items and quantities to clear (WH-3). Before Out of Charge the
Superintendent checks the X BE (``check_ex_bond``, WH-4); at Out of Charge the cleared
quantities are debited from the ledger, never beyond the balance (WH-3). Interest on the
duty from the 91st day after the order until the duty is paid is shown on the X BE and
collected on its own challan (``pay_interest``, WH-5).

``bills_of_entry.file_be`` calls ``read_ex_bond`` and ``record_filing``;
``be_clearance`` calls ``release_check`` before goods registration and Out of Charge and
``on_out_of_charge`` after it.

Decisions where the notice is silent:

* WH-1: the warehouse code's location part is the port's (``INVTZ4`` → ``VTZ4``): a W BE
  names a warehouse of its own port; with none named, type 0 serial 001 (``VTZ40001``).
* The W BE is assessed but its duty is not paid (it is secured by the warehousing bond,
  ``bonds``); the duty is assessed and paid on each X BE. The X BE takes the W BE's
  exchange rate (the rate of the date of presentation under s.46, Customs Act s.14) and
  the tariff, tariff values and anti-dumping duty in force on its own date (s.15(1)(b)).
  Item values, freight, insurance and high-sea-sale charges are the W BE's, in proportion
  to the quantity cleared (rounded to the cent); licence claims are not carried over (the
  licence was debited on the W BE). An X BE has no late-filing charge (IMP-BE-6 is about
  the W BE).
* The X BE's quantities are checked against the ledger balance when keyed and again at the
  Superintendent's check and at Out of Charge, where they are debited; quantities of other
  X BEs not yet out of charge are not held back.
* An X BE's goods, once assessed, are registered only when its duty is paid (so no
  compliance verification before payment, IMP-CCV-1): interest runs until the payment and
  the Superintendent's checks come before Out of Charge. On first check they are registered
  before assessment as usual (IMP-APR-2).
* WH-4 "tariff or exemption changed": the check recomputes the X BE's duty on the day; if
  it differs from the duty assessed, the BE goes back to assessment (state ``assessed``,
  re-assessed in the checking officer's name) and the differential duty is paid with
  ``pay_duty`` before the check is made again. Other charges (warehouse rent) are paid to
  the warehouse keeper; the Superintendent keys the receipt (or ``nil``).
* WH-5: the period is ``WH-5.period_months`` from the order (the W BE's Out of Charge
  date), the last day included; the Commissioner extends it by at most that period at a
  time. Interest = duty × rate × days / 365, days = (date the duty was paid − order date)
  − ``WH-5.interest_free_days``, at the rate in force on the date the duty was paid; if a
  differential duty is paid later, interest on the whole duty runs to that later payment.
  Rounded to the paisa.
* Not done: an X BE's Out of Charge cancelled and given again (IMP-AMD-2) keeps its first
  debit; a W BE's ledger, once opened, is not re-opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session, select

import db.tables as t
from console import audit, formats
from console.acts.be import BE, BeType
from console.clock import add_months
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, rupees, to_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.imports import be_duty
from console.services.imports.be_common import load_be
from db.sequences import next_number

CENT = Decimal("0.01")
CLAIMS = ("origin_country", "tv_notification", "tv_sl", "add_notification", "add_item_sl",
          "add_producer_sl")


# ---- views ----


@dataclass(frozen=True)
class ClearanceView:
    x_be_no: int | None
    quantity: Decimal
    debited_at: datetime | None


@dataclass(frozen=True)
class LedgerLineView:
    item_sl: int
    tariff_item: str
    description: str
    uqc: str
    quantity: Decimal
    balance: Decimal
    clearances: tuple[ClearanceView, ...]


@dataclass(frozen=True)
class WarehouseView:
    """A W BE's goods in the warehouse: the quantity ledger (WH-2) and period (WH-5)."""

    be_no: int | None
    be_date: date | None
    iec: str
    warehouse_code: str
    ordered_on: date | None
    period_to: date | None
    extended_by: str
    lines: tuple[LedgerLineView, ...]


@dataclass(frozen=True)
class ExBondItemView:
    sl: int
    wh_sl: int
    description: str
    quantity: Decimal
    uqc: str
    balance: Decimal  # the ledger balance now
    debited: bool


@dataclass(frozen=True)
class ExBondView:
    """An X BE with its warehousing BE, the interest shown on it (WH-5) and the
    Superintendent's check (WH-4)."""

    be_no: int | None
    state: str
    wh_be_no: int | None
    wh_be_date: date | None
    warehouse_code: str
    ordered_on: date | None
    period_to: date | None
    items: tuple[ExBondItemView, ...]
    duty: Decimal
    amount_due: Decimal  # duty (or differential duty) still to pay
    interest_days: int
    interest_rate: Decimal
    interest: Decimal  # to the date the duty was paid, or to today
    interest_paid: Decimal
    interest_due: Decimal
    interest_challan_no: int | None
    charges_receipt: str
    checked_by: str
    checked_at: datetime | None


# ---- small helpers ----


def _fc(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def default_warehouse_code(location_code: str) -> str:
    """WH-1: no code assigned: type 0 ('other'), serial 001 at the port's location."""
    return f"{location_code[2:6]}0001"


def warehouse_code(raw: str, location_code: str) -> str:
    """WH-1: 4-character location, type digit, 3-digit serial; a warehouse of this port."""
    if not (raw or "").strip():
        return default_warehouse_code(location_code)
    try:
        code = formats.warehouse_code(raw)
    except ValueError as err:
        raise InvalidInput("warehouse_code", str(err), "WH-1") from None
    if code[:4] != location_code[2:6]:
        raise InvalidInput("warehouse_code", f"{code} is not a warehouse of {location_code} "
                           f"({location_code[2:6]}…)", "WH-1")
    return code


def interest_on(s: Session, duty_paise: int, ordered_on: date, until: date,
                location: str) -> tuple[int, Decimal, Decimal]:
    """WH-5: (days, rate %, interest) on the duty from the day after the interest-free days
    following the order for warehousing, to ``until`` (the date the duty is paid)."""
    free = int(parameter(s, "WH-5.interest_free_days", until, location))
    rate = parameter(s, "WH-5.interest_pct", until, location)
    days = max(0, (until - ordered_on).days - free)
    return days, rate, rupees(from_paise(duty_paise) * rate / 100 * days / 365)


def _warehousing(s: Session, be: t.BillOfEntry, *, lock: bool = False) -> t.Warehousing | None:
    q = select(t.Warehousing).where(t.Warehousing.be_id == be.id)
    return s.exec(q.with_for_update() if lock else q).first()


def _ex_bond(s: Session, be: t.BillOfEntry, *, lock: bool = False) -> t.ExBond:
    q = select(t.ExBond).where(t.ExBond.be_id == be.id)
    xb = s.exec(q.with_for_update() if lock else q).first()
    if xb is None:
        raise RuleViolation("WH-3", f"BE {be.be_no} is not an ex-bond BE")
    return xb


def _ledger(s: Session, wh: t.Warehousing) -> dict[int, t.WarehouseLedger]:
    return {x.item_sl: x for x in s.exec(select(t.WarehouseLedger).where(
        t.WarehouseLedger.warehousing_id == wh.id).with_for_update())}


# ---- keying the BE (WH-1, WH-3) ----


def is_ex_bond(data: dict) -> bool:
    return str(data.get("be_type") or "").strip().upper() == BeType.EX_BOND


def _chosen(s: Session, data: dict, location: str) -> tuple[
        t.BillOfEntry, t.Warehousing, list[tuple[t.WarehouseLedger, t.BeItem, Decimal]]]:
    """The W BE an X BE names (number and date) and the items and quantities chosen."""
    try:
        w_no = int(data.get("wh_be_no") or 0)
        w_date = date.fromisoformat(str(data.get("wh_be_date") or ""))
    except ValueError:
        raise InvalidInput("wh_be_no", "the warehousing BE's number and date (YYYY-MM-DD)",
                           "WH-3") from None
    w = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == w_no)).first()
    if (w is None or w.be_date != w_date or w.be_type != BeType.WAREHOUSING
            or w.location_code != location):
        raise InvalidInput("wh_be_no", f"no warehousing BE {w_no} of {w_date:%d.%m.%Y} at "
                           f"{location}", "WH-3")
    wh = _warehousing(s, w)
    if wh is None or wh.ordered_on is None:
        raise RuleViolation("WH-2", f"BE {w_no} is not out of charge: its goods are not in the "
                            "warehouse ledger")
    ledger = _ledger(s, wh)
    w_items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == w.id))}
    chosen, seen = [], set()
    for n, raw in enumerate(data.get("items") or [], 1):
        p = f"items[{n}]"
        try:
            sl = int(raw.get("wh_sl") or 0)
            qty = Decimal(str(raw.get("quantity") or "").strip())
        except (ValueError, InvalidOperation):
            raise InvalidInput(p, "wh_sl (the warehousing BE's item) and quantity",
                               "WH-3") from None
        line = ledger.get(sl)
        if line is None:
            raise InvalidInput(f"{p}.wh_sl", f"BE {w_no} has no item {sl}", "WH-3")
        if sl in seen:
            raise InvalidInput(f"{p}.wh_sl", f"item {sl} is chosen twice", "WH-3")
        seen.add(sl)
        if not qty.is_finite() or qty <= 0:
            raise InvalidInput(f"{p}.quantity", "above zero", "WH-3")
        if qty > line.balance:
            raise RuleViolation("WH-3", f"BE {w_no} item {sl}: {qty} {line.uqc} is more than "
                                f"the balance in the warehouse ({line.balance} {line.uqc})")
        chosen.append((line, w_items[sl], qty))
    if not chosen:
        raise InvalidInput("items", "at least one item of the warehousing BE", "WH-3")
    return w, wh, chosen


def read_ex_bond(s: Session, data: dict, location: str) -> tuple[dict, list[dict], t.IgmLine]:
    """WH-3: the X BE's head and items from the W BE it names, for the quantities chosen;
    returned as ``bills_of_entry`` builds a BE (head fields, items, the IGM line)."""
    w, _, chosen = _chosen(s, data, location)
    items = []
    for n, (line, wi, qty) in enumerate(chosen, 1):
        share = qty / wi.quantity
        item = {"sl": n, "tariff_item": line.tariff_item, "description": line.description,
                "quantity": qty, "uqc": line.uqc, "value_fc": _fc(wi.value_fc * share),
                "tv_quantity": wi.tv_quantity * share if wi.tv_quantity is not None else None}
        item.update({k: getattr(wi, k) for k in CLAIMS})
        items.append(item)
    invoice = sum((i["value_fc"] for i in items), Decimal(0))
    ratio = invoice / w.invoice_value_fc
    head = {"be_type": BeType.EX_BOND, "iec": w.iec, "currency": w.currency,
            "invoice_value_fc": invoice, "freight_fc": _fc(w.freight_fc * ratio),
            "insurance_fc": _fc(w.insurance_fc * ratio),
            "terms_of_invoice": w.terms_of_invoice, "first_check": bool(
                data.get("first_check")), "exchange_rate": w.exchange_rate,
            "rate_units": w.rate_units, "rate_source": w.rate_source, "rate_date": w.rate_date,
            "rate_certificate": w.rate_certificate}
    if w.hss_seller_iec:
        head.update(hss_seller_iec=w.hss_seller_iec, hss_charge_rate=w.hss_charge_rate,
                    hss_charge_value_fc=(_fc(w.hss_charge_value_fc * ratio)
                                         if w.hss_charge_value_fc is not None else None))
    return head, items, s.get(t.IgmLine, w.igm_line_id)


def record_filing(s: Session, data: dict, be: t.BillOfEntry) -> None:
    """Called by ``file_be`` once the BE and its items are written: a W BE's warehouse
    (WH-1); an X BE's link to the W BE and the ledger line each item clears (WH-3)."""
    if be.be_type == BeType.WAREHOUSING:
        s.add(t.Warehousing(be_id=be.id, warehouse_code=warehouse_code(
            str(data.get("warehouse_code") or ""), be.location_code)))
    elif be.be_type == BeType.EX_BOND:
        _, wh, chosen = _chosen(s, data, be.location_code)
        xb = t.ExBond(be_id=be.id, warehousing_id=wh.id)
        s.add(xb)
        s.flush()
        for n, (line, _, qty) in enumerate(chosen, 1):
            s.add(t.ExBondItem(ex_bond_id=xb.id, sl=n, ledger_id=line.id, quantity=qty))


# ---- hooks of the BE life cycle (WH-2, WH-3, WH-4) ----


def _problems(s: Session, be: t.BillOfEntry, xb: t.ExBond, today: date) -> list[str]:
    """WH-4: items match the register and the balance, within the period and the bond's
    validity, interest paid."""
    out = []
    wh = s.get(t.Warehousing, xb.warehousing_id)
    items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id))}
    links = s.exec(select(t.ExBondItem).where(t.ExBondItem.ex_bond_id == xb.id)).all()
    if sorted(items) != sorted(x.sl for x in links):
        out.append("the items differ from those chosen against the bond register")
    for x in links:
        line, item = s.get(t.WarehouseLedger, x.ledger_id), items.get(x.sl)
        if item is None:
            continue
        if (item.tariff_item, item.uqc, item.quantity) != (line.tariff_item, line.uqc,
                                                            x.quantity):
            out.append(f"item {x.sl} does not match the bond register (item {line.item_sl}: "
                       f"{line.tariff_item}, {x.quantity} {line.uqc})")
        elif x.debited_at is None and x.quantity > line.balance:
            out.append(f"item {x.sl}: {x.quantity} {line.uqc} is more than the balance in the "
                       f"warehouse ({line.balance} {line.uqc})")
    if wh.period_to is not None and today > wh.period_to:
        out.append(f"the warehousing period ended on {wh.period_to:%d.%m.%Y}")
    w_bond = s.exec(select(t.Bond).join(t.BeBond, t.BeBond.bond_id == t.Bond.id).where(
        t.BeBond.be_id == wh.be_id, t.BeBond.ledger_id.is_not(None))).first()
    if w_bond is not None and today > w_bond.valid_to:
        out.append(f"the warehousing bond {w_bond.bond_no} was valid to "
                   f"{w_bond.valid_to:%d.%m.%Y}")
    if be.paid_at is None:
        out.append("the duty is not paid")
    else:
        _, _, interest = interest_on(s, be.duty_paise, wh.ordered_on, be.paid_at.date(),
                                     be.location_code)
        if to_paise(interest) > xb.interest_paid_paise:
            out.append(f"interest Rs {interest} (s.61) is not paid in full")
    return out


def release_check(s: Session, be: t.BillOfEntry, act: str, today: date) -> None:
    """An X BE's goods are registered once its duty is paid (on first check, before
    assessment); Out of Charge needs the Superintendent's check (WH-4) still holding. Other
    BEs pass."""
    if be.be_type != BeType.EX_BOND:
        return
    if act == "register":
        if be.paid_at is None and be.assessed_at is not None:  # first check: IMP-APR-2
            raise RuleViolation("WH-4", f"BE {be.be_no} is an ex-bond BE: its goods are "
                                "registered once the duty is paid")
        return
    xb = _ex_bond(s, be)
    if xb.checked_at is None:
        raise RuleViolation("WH-4", f"BE {be.be_no}: the Superintendent has not checked the "
                            "ex-bond BE against the bond register")
    problems = _problems(s, be, xb, today)
    if problems:
        raise RuleViolation("WH-4", f"BE {be.be_no}: {problems[0]}")


def on_out_of_charge(s: Session, core: Core, actor: Actor, be: t.BillOfEntry) -> None:
    """After Out of Charge: a W BE's quantity ledger opens for every item (WH-2); an X BE's
    quantities are debited from it, never beyond the balance (WH-3)."""
    if be.be_type == BeType.WAREHOUSING:
        wh = _warehousing(s, be, lock=True)
        if wh is None:
            wh = t.Warehousing(be_id=be.id, warehouse_code=default_warehouse_code(
                be.location_code))
            s.add(wh)
            s.flush()
        today = core.today()
        months = int(parameter(s, "WH-5.period_months", today, be.location_code))
        wh.ordered_on, wh.period_to = today, add_months(today, months)
        s.add(wh)
        items = s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id).order_by(t.BeItem.sl))
        for i in items:
            s.add(t.WarehouseLedger(warehousing_id=wh.id, item_sl=i.sl,
                                    tariff_item=i.tariff_item, description=i.description,
                                    uqc=i.uqc, quantity=i.quantity, balance=i.quantity))
        audit.record(s, actor, core.now(), "BE", be.be_no, "warehouse_ledger", be.state,
                     be.state, f"warehouse {wh.warehouse_code}; ordered {today:%d.%m.%Y}, "
                               f"period to {wh.period_to:%d.%m.%Y}")
    elif be.be_type == BeType.EX_BOND:
        xb = _ex_bond(s, be)
        for x in s.exec(select(t.ExBondItem).where(t.ExBondItem.ex_bond_id == xb.id,
                                                   t.ExBondItem.debited_at.is_(None))
                        .with_for_update()):
            line = s.exec(select(t.WarehouseLedger).where(
                t.WarehouseLedger.id == x.ledger_id).with_for_update()).one()
            if x.quantity > line.balance:
                raise RuleViolation("WH-3", f"BE {be.be_no} item {x.sl}: {x.quantity} "
                                    f"{line.uqc} is more than the balance ({line.balance})")
            line.balance -= x.quantity
            x.debited_at = core.now()
            s.add(line)
            s.add(x)



def on_ooc_cancelled(s: Session, core: Core, actor: Actor, be: t.BillOfEntry) -> None:
    """The System Manager cancelled a BE's Out of Charge (IMP-AMD-2), in the same transaction.

    Decision (the spec is silent): an X BE's debits go back to the W BE's ledger, so that
    the BE can be amended and its next Out of Charge debits what it then clears (WH-3). A
    W BE's ledger is closed again, and its warehousing order with it. Its next Out of
    Charge opens the ledger from the BE as amended, with a new order date (WH-2, WH-5).
    That is refused while any ex-bond BE is keyed against the ledger, because it would
    leave those clearances without the lines they draw on."""
    if be.be_type == BeType.EX_BOND:
        xb = _ex_bond(s, be)
        credited = []
        for x in s.exec(select(t.ExBondItem).where(t.ExBondItem.ex_bond_id == xb.id,
                                                   t.ExBondItem.debited_at.is_not(None))
                        .order_by(t.ExBondItem.sl).with_for_update()):
            line = s.exec(select(t.WarehouseLedger).where(
                t.WarehouseLedger.id == x.ledger_id).with_for_update()).one()
            line.balance += x.quantity
            x.debited_at = None
            s.add(line)
            s.add(x)
            credited.append(f"item {x.sl} {x.quantity} {line.uqc}")
        if credited:
            audit.record(s, actor, core.now(), "BE", be.be_no, "ledger_credit", be.state,
                         be.state, f"WH-3: Out of Charge cancelled; back to the ledger: "
                                   f"{'; '.join(credited)}"[:500])
    elif be.be_type == BeType.WAREHOUSING:
        wh = _warehousing(s, be, lock=True)
        if wh is None or wh.ordered_on is None:
            return
        lines = list(_ledger(s, wh).values())
        drawn = s.exec(select(t.ExBondItem.ex_bond_id).where(
            t.ExBondItem.ledger_id.in_([x.id for x in lines]))).first()
        if drawn is not None:
            x_be = s.exec(select(t.BillOfEntry.be_no).join(
                t.ExBond, t.ExBond.be_id == t.BillOfEntry.id).where(
                t.ExBond.id == drawn)).first()
            raise RuleViolation("WH-3", f"BE {be.be_no}: ex-bond BE {x_be} is keyed against "
                                "its warehouse ledger; the Out of Charge cannot be cancelled")
        for x in lines:
            s.delete(x)
        closed = f"ordered {wh.ordered_on:%d.%m.%Y}"
        wh.ordered_on = wh.period_to = None
        s.add(wh)
        audit.record(s, actor, core.now(), "BE", be.be_no, "warehouse_ledger_closed", be.state,
                     be.state, f"WH-2: Out of Charge cancelled; ledger of {len(lines)} "
                               f"item(s) {closed} closed until Out of Charge is given again")


# ---- acts (WH-4, WH-5) ----


def check_ex_bond(core: Core, actor: Actor, be_no: int, charges_receipt: str, *,
                  expected_version: int | None = None) -> ExBondView:
    """Before Out of Charge of an X BE the Superintendent checks: items match the bond
    register, clearance within the period and the bond's validity, interest (s.61) and
    charges paid (``charges_receipt``: the warehouse keeper's receipt, or "nil"). If the
    tariff or an exemption changed since assessment the BE goes back for re-assessment and
    the differential duty is paid first (WH-4)."""
    receipt = (charges_receipt or "").strip()
    if not receipt:
        raise InvalidInput("charges_receipt", "the warehouse keeper's receipt for the charges, "
                           "or nil", "WH-4")
    with core.db.write() as s:
        be = BE.take(s, actor, "ex_bond_check", be_no, expected_version=expected_version)
        xb = _ex_bond(s, be, lock=True)
        if be.examined_at is None or be.paid_at is None:
            raise RuleViolation("WH-4", f"BE {be_no} is {be.state.replace('_', ' ')}: checked "
                                "once the duty is paid and the goods examined, before Out of "
                                "Charge")
        today = core.today()
        assessed = be.duty_paise
        be_duty.compute_duty(s, be, be.exchange_rate, be.rate_units, today)
        if be.duty_paise != assessed:
            be.assessed_by, be.assessed_at = actor.username, core.now()
            transition(s, core, actor, be, BE["re_assess"],
                       reason=f"tariff or exemption changed since assessment: duty Rs "
                              f"{from_paise(assessed)} → Rs {from_paise(be.duty_paise)}; "
                              "differential duty to pay")
            return ex_bond_view(s, be, today)
        problems = _problems(s, be, xb, today)
        if problems:
            raise RuleViolation("WH-4", f"BE {be_no}: {problems[0]}")
        xb.charges_receipt = receipt[:80]
        xb.checked_by, xb.checked_at = actor.username, core.now()
        s.add(xb)
        transition(s, core, actor, be, BE["ex_bond_check"],
                   reason=f"items match the bond register, within validity, interest paid; "
                          f"charges: {receipt[:80]}")
        return ex_bond_view(s, be, today)


def pay_interest(core: Core, actor: Actor, be_no: int, *,
                 expected_version: int | None = None) -> ExBondView:
    """The interest on the X BE's duty (s.61), from the 91st day after the order for
    warehousing to the day the duty was paid, collected on its own challan (WH-5)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "interest_paid", be_no, expected_version=expected_version)
        xb = _ex_bond(s, be, lock=True)
        if be.paid_at is None:
            raise RuleViolation("WH-5", f"BE {be_no}: interest runs until the duty is paid: "
                                "pay the duty first")
        wh = s.get(t.Warehousing, xb.warehousing_id)
        days, rate, interest = interest_on(s, be.duty_paise, wh.ordered_on, be.paid_at.date(),
                                           be.location_code)
        due = to_paise(interest) - xb.interest_paid_paise
        if due <= 0:
            raise RuleViolation("WH-5", f"BE {be_no}: no interest is due ({days} days beyond "
                                "the interest-free period)")
        xb.interest_challan_no = next_number(s, "CHALLAN")
        xb.interest_paid_paise += due
        s.add(xb)
        transition(s, core, actor, be, BE["interest_paid"], action="pay_interest",
                   reason=f"challan {xb.interest_challan_no}: interest Rs {from_paise(due)} "
                          f"({days} days at {rate}% on Rs {from_paise(be.duty_paise)})")
        return ex_bond_view(s, be, core.today())


def extend_period(core: Core, actor: Actor, be_no: int, until: date,
                  reason: str, *, expected_version: int | None = None) -> WarehouseView:
    """The Commissioner extends the warehousing period of a W BE's goods, by at most the
    period at a time (WH-5; Customs Act s.61(1) proviso)."""
    why = (reason or "").strip()
    if not why:
        raise InvalidInput("reason", "the sufficient cause shown", "WH-5")
    with core.db.write() as s:
        be = BE.take(s, actor, "extend_warehousing", be_no, expected_version=expected_version)
        wh = _warehousing(s, be, lock=True)
        if wh is None or wh.period_to is None:
            raise RuleViolation("WH-2", f"BE {be_no} has no goods in the warehouse ledger")
        months = int(parameter(s, "WH-5.period_months", core.today(), be.location_code))
        if not wh.period_to < until <= add_months(wh.period_to, months):
            raise InvalidInput("until", f"after {wh.period_to:%d.%m.%Y} and at most {months} "
                               "months beyond it", "WH-5")
        old = wh.period_to
        wh.period_to, wh.extended_by, wh.extension_reason = until, actor.username, why[:200]
        s.add(wh)
        transition(s, core, actor, be, BE["extend_warehousing"],
                   reason=f"period {old:%d.%m.%Y} → {until:%d.%m.%Y}: {why[:150]}")
        return warehouse_view(s, be)


# ---- reading ----


def warehouse_view(s: Session, be: t.BillOfEntry) -> WarehouseView:
    s.flush()
    wh = _warehousing(s, be)
    if wh is None:
        raise RuleViolation("WH-2", f"BE {be.be_no} is not a warehousing BE")
    lines = []
    for line in s.exec(select(t.WarehouseLedger).where(
            t.WarehouseLedger.warehousing_id == wh.id).order_by(t.WarehouseLedger.item_sl)):
        rows = s.exec(select(t.ExBondItem, t.BillOfEntry.be_no)
                      .join(t.ExBond, t.ExBond.id == t.ExBondItem.ex_bond_id)
                      .join(t.BillOfEntry, t.BillOfEntry.id == t.ExBond.be_id)
                      .where(t.ExBondItem.ledger_id == line.id)
                      .order_by(t.ExBondItem.id)).all()
        lines.append(LedgerLineView(line.item_sl, line.tariff_item, line.description, line.uqc,
                                    line.quantity, line.balance, tuple(
                                        ClearanceView(no, x.quantity, x.debited_at)
                                        for x, no in rows)))
    return WarehouseView(be.be_no, be.be_date, be.iec, wh.warehouse_code, wh.ordered_on,
                         wh.period_to, wh.extended_by, tuple(lines))


def ex_bond_view(s: Session, be: t.BillOfEntry, today: date) -> ExBondView:
    s.flush()
    xb = _ex_bond(s, be)
    wh = s.get(t.Warehousing, xb.warehousing_id)
    w = s.get(t.BillOfEntry, wh.be_id)
    items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id))}
    out = []
    for x in s.exec(select(t.ExBondItem).where(t.ExBondItem.ex_bond_id == xb.id)
                    .order_by(t.ExBondItem.sl)):
        line = s.get(t.WarehouseLedger, x.ledger_id)
        item = items.get(x.sl)
        out.append(ExBondItemView(x.sl, line.item_sl, item.description if item else "",
                                  x.quantity, line.uqc, line.balance, x.debited_at is not None))
    until = be.paid_at.date() if be.paid_at else today
    days, rate, interest = interest_on(s, be.duty_paise, wh.ordered_on, until,
                                       be.location_code)
    return ExBondView(
        be.be_no, be.state, w.be_no, w.be_date, wh.warehouse_code, wh.ordered_on, wh.period_to,
        tuple(out), from_paise(be.duty_paise),
        from_paise(be.duty_paise + be.late_charge_paise - be.duty_paid_paise), days, rate,
        interest, from_paise(xb.interest_paid_paise),
        max(Decimal("0.00"), interest - from_paise(xb.interest_paid_paise)),
        xb.interest_challan_no, xb.charges_receipt, xb.checked_by, xb.checked_at)


def get_warehouse(core: Core, be_no: int) -> WarehouseView:
    with core.db.read() as s:
        return warehouse_view(s, load_be(s, be_no, lock=False))


def get_ex_bond(core: Core, be_no: int) -> ExBondView:
    with core.db.read() as s:
        return ex_bond_view(s, load_be(s, be_no, lock=False), core.today())


# ---- the warehouse on the bond section's screen (WH-2, WH-3, WH-5) ----


@dataclass(frozen=True)
class StockLineView:
    """One item of a W BE in the warehouse: the quantity ledger (WH-2) with what ex-bond
    BEs cleared and the balance (WH-3), the duty on the balance (the W BE's assessed duty in
    proportion) and the interest on it due to date (WH-5)."""

    item_sl: int
    tariff_item: str
    description: str
    uqc: str
    quantity: Decimal
    cleared: Decimal  # debited by ex-bond BEs given Out of Charge
    balance: Decimal
    duty_on_balance: Decimal
    interest_due: Decimal
    clearances: tuple[ClearanceView, ...]


@dataclass(frozen=True)
class WarehousedView:
    """A warehousing BE of the location whose goods are in the warehouse: the order for
    warehousing (its Out of Charge), the period (WH-5), the WH bond that secures the duty,
    and the ledger per item with the interest due to date."""

    be_no: int | None
    be_date: date | None
    iec: str
    warehouse_code: str
    ordered_on: date
    period_to: date | None
    extended_by: str
    bond_no: int | None
    days: int  # since the order, to date
    interest_days: int  # beyond the interest-free days
    interest_rate: Decimal
    interest_due: Decimal  # on the duty of the balance, to date
    lines: tuple[StockLineView, ...]


def _duty_paise(item: t.BeItem) -> int:
    return item.bcd_paise + item.sws_paise + item.add_paise + item.igst_paise


def warehouses_here(core: Core, actor: Actor, *, on: date | None = None,
                    limit: int = 500) -> tuple[WarehousedView, ...]:
    """The warehousing BEs of the officer's location given Out of Charge (their goods in
    the warehouse ledger), oldest order first, each item with its balance and the interest
    due to ``on`` (today) on the duty of that balance: the W BE's duty assessed for the
    item, in proportion to the quantity still warehoused, from the day after the
    interest-free days (WH-5). An estimate for the bond section: each ex-bond BE is
    assessed on its own date (WH-4) and pays interest to the day its duty is paid."""
    day = on or core.today()
    be = t.BillOfEntry
    with core.db.read() as s:
        rows = s.exec(select(t.Warehousing, be).join(be, be.id == t.Warehousing.be_id).where(
            be.location_code == actor.location_code, t.Warehousing.ordered_on.is_not(None))
            .order_by(t.Warehousing.ordered_on, be.be_no).limit(limit)).all()
        out = []
        for wh, w in rows:
            view = warehouse_view(s, w)
            items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == w.id))}
            bond_no = s.exec(select(t.Bond.bond_no).join(
                t.BeBond, t.BeBond.bond_id == t.Bond.id).where(t.BeBond.be_id == w.id)).first()
            lines, days, rate = [], 0, Decimal(0)
            for x in view.lines:
                item = items.get(x.item_sl)
                duty = (to_paise(from_paise(_duty_paise(item)) * x.balance / x.quantity)
                        if item is not None and x.quantity else 0)
                days, rate, interest = interest_on(s, duty, wh.ordered_on, day,
                                                   w.location_code)
                lines.append(StockLineView(x.item_sl, x.tariff_item, x.description, x.uqc,
                                           x.quantity, x.quantity - x.balance, x.balance,
                                           from_paise(duty), interest, x.clearances))
            if not lines:
                days, rate, _ = interest_on(s, 0, wh.ordered_on, day, w.location_code)
            out.append(WarehousedView(
                w.be_no, w.be_date, w.iec, wh.warehouse_code, wh.ordered_on, wh.period_to,
                wh.extended_by, bond_no, (day - wh.ordered_on).days, days, rate,
                sum((x.interest_due for x in lines), Decimal("0.00")), tuple(lines)))
        return tuple(out)

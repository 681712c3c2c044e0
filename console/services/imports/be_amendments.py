"""Amendment of a submitted Bill of Entry (IMP-AMD-1) and cancellation of its Out of Charge
(IMP-AMD-2).

IMP-AMD-1: an error found after submission but before examination is amended through the
service centre: the operator keys the change the importer seeks (``request_amendment``),
the group AC/DC approves it (``approve_amendment``), and it takes effect only after
acceptance by the group appraiser (``accept_amendment``) and the AC/DC
(``incorporate_amendment``). The BE is then re-assessed: the duty is computed again on the
BE date, at the BE's own rate, and the BE goes back to the appraiser (second check) or to
the shed (first check). If duty was paid before, the difference is what the next challan
collects (the differential duty challan, ``be_clearance.pay_duty``).

IMP-AMD-2: no amendment after Out of Charge. Before delivery, an officer who finds one
warranted asks for the OOC to be cancelled (``request_ooc_cancellation``), the AC/DC
approves (the approval in force), and the System Manager cancels it
(``cancel_out_of_charge``); the BE can then be amended, and is given Out of Charge again
after re-assessment and any differential duty.

Decisions where the notices are silent:

- The change is a diff: head fields ``invoice_value``, ``freight``, ``insurance``,
  ``high_sea_sale``; ``items`` by serial with ``tariff_item``, ``description``,
  ``quantity``, ``uqc``, ``value`` and the claims of ``be_duty`` (origin, tariff value,
  anti-dumping duty, licence). Items are changed in place, not added or removed; the
  invoice value must still be the sum of the items (IMP-BE-1).
- The group AC/DC's approval that the notice puts before the keying is given in the system
  on the keyed request (the importer's application as the operator keyed it), so what is
  approved is exactly what is incorporated.
- One open request per BE. A BE with a query pending answers it first.
- The AC/DC who approved may also accept; nobody approves or accepts a request they made.
- Delivery (the custodian's release of the goods after Out of Charge, ``record_delivery``)
  is recorded so that "before delivery" can be checked.
- On incorporation the assessment, goods registration (if not examined) and any compliance
  verification are cleared: the revised BE is assessed and registered afresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

import db.tables as t
from console import audit, formats
from console.acts.be import BE, B
from console.acts.be_request import (
    BEAMD,
    BEOOC,
    OPEN,
    TABLE_OF,
    BeRequestKind,
    R,
    RequestOnBe,
)
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor
from console.services.bonds import warehousing
from console.services.imports import be_duty
from console.services.imports.bills_of_entry import BeView, be_view
from db import refcache

KIND = "BEAMD"  # audit doc_kind of a request (the request tables' ``audit_kind``)
HEAD = {"invoice_value": "invoice_value_fc", "freight": "freight_fc",
        "insurance": "insurance_fc"}
ITEM = {"tariff_item": "tariff_item", "description": "description", "quantity": "quantity",
        "uqc": "uqc", "value": "value_fc", **{k: k for k in be_duty.ITEM_CLAIMS}}
DECIMALS = {"invoice_value_fc", "freight_fc", "insurance_fc", "hss_charge_rate",
            "hss_charge_value_fc", "quantity", "value_fc", "tv_quantity"}


@dataclass(frozen=True)
class ChangeView:
    part: str  # be or item
    sl: int | None
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class BeAmendmentView:
    id: int
    be_no: int
    kind: str  # amendment or ooc_cancellation
    state: str
    changes: tuple[ChangeView, ...]
    reason: str
    be_state_at_request: str
    requested_by: str
    requested_at: datetime
    approved_by: str
    approved_at: datetime | None
    accepted_by: str
    accepted_at: datetime | None
    done_by: str
    done_at: datetime | None
    duty_before: Decimal
    duty_after: Decimal
    rejected_by: str
    reject_reason: str
    version: int


def amendment_view(r: t.BeAmendment) -> BeAmendmentView:
    rows = tuple(ChangeView(x["part"], x.get("sl"), x["field"], x["before"], x["after"])
                 for x in json.loads(r.changes or "[]"))
    return BeAmendmentView(r.id, r.be_no, r.kind, r.state, rows, r.reason,
                           r.be_state_at_request, r.requested_by, r.requested_at,
                           r.approved_by, r.approved_at, r.accepted_by, r.accepted_at,
                           r.done_by, r.done_at, from_paise(r.duty_before_paise),
                           from_paise(r.duty_after_paise), r.rejected_by, r.reject_reason,
                           r.version)


def get_request(core: Core, request_id: int) -> BeAmendmentView:
    with core.db.read() as s:
        r = s.get(t.BeAmendment, request_id)
        if r is None:
            raise NotFound(f"request {request_id} not found")
        return amendment_view(r)


def list_requests(core: Core, be_no: int) -> list[BeAmendmentView]:
    with core.db.read() as s:
        return [amendment_view(r) for r in s.exec(select(t.BeAmendment).where(
            t.BeAmendment.be_no == be_no).order_by(t.BeAmendment.id))]


def _open_request(s: Session, be: t.BillOfEntry) -> t.BeAmendment | None:
    return s.exec(select(t.BeAmendment).where(t.BeAmendment.be_id == be.id,
                                              t.BeAmendment.state.in_(OPEN))).first()


# ---- IMP-AMD-1: the change ----


def _examined(be: t.BillOfEntry) -> None:
    """IMP-AMD-1: before examination (a first-check BE is examined before it is assessed, so
    its state alone does not say); once its Out of Charge is cancelled it may be amended."""
    if be.examined_at is not None and be.state != B.OOC_CANCELLED:
        raise RuleViolation("IMP-AMD-1", f"BE {be.be_no} is {be.state.replace('_', ' ')}: its "
                            "goods are examined; a BE is amended after submission and before "
                            "examination")


def _dec(value: Any, path: str) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(path, f"{value!r} is not a number", "IMP-AMD-1") from None
    if not d.is_finite() or d < 0:
        raise InvalidInput(path, "a number, not below zero", "IMP-AMD-1")
    return d


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _diff(s: Session, be: t.BillOfEntry, changes: dict) -> list[dict]:
    """The change as rows ``{part, sl, field, before, after}`` (column names), checked as
    Annexure C is: numbers, directories, claims, invoice value = sum of the items."""
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput("changes", "what changes: head fields and/or items by serial",
                           "IMP-AMD-1")
    unknown = set(changes) - set(HEAD) - {"items", "high_sea_sale"}
    if unknown:
        raise InvalidInput("changes", f"{', '.join(sorted(unknown))}: amend "
                           f"{', '.join(HEAD)}, high_sea_sale or items", "IMP-AMD-1")
    rows: list[dict] = []
    head = {col: getattr(be, col) for col in HEAD.values()}
    for key, col in HEAD.items():
        if key in changes:
            head[col] = _dec(changes[key], key)
    if head["invoice_value_fc"] <= 0:
        raise InvalidInput("invoice_value", "above zero", "IMP-AMD-1")
    if "high_sea_sale" in changes:
        hss = changes["high_sea_sale"]
        new = be_duty.high_sea_sale(s, hss if isinstance(hss, dict) else {}, be.iec) if hss else {}
        for col in ("hss_seller_iec", "hss_charge_rate", "hss_charge_value_fc"):
            head[col] = new.get(col, "" if col == "hss_seller_iec" else None)
    for col, after in head.items():
        if after != getattr(be, col):
            rows.append({"part": "be", "sl": None, "field": col,
                         "before": _plain(getattr(be, col)), "after": _plain(after)})
    items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id))}
    wanted = changes.get("items") or {}
    if not isinstance(wanted, dict):
        raise InvalidInput("items", "items by serial: {\"1\": {\"value\": \"1100\"}}",
                           "IMP-AMD-1")
    total = Decimal(0)
    for sl, item in sorted(items.items()):
        raw = wanted.get(str(sl)) or wanted.get(sl) or {}
        rows += _item_rows(s, be, item, raw)
        total += _dec(raw["value"], f"items[{sl}].value") if "value" in raw else item.value_fc
    extra = {str(k) for k in wanted} - {str(k) for k in items}
    if extra:
        raise InvalidInput("items", f"the BE has no item {', '.join(sorted(extra))}: items are "
                           "amended in place", "IMP-AMD-1")
    if total != head["invoice_value_fc"]:
        raise InvalidInput("invoice_value", f"{head['invoice_value_fc']} differs from the sum "
                           f"of the items ({total})", "IMP-BE-1")
    if not rows:
        raise InvalidInput("changes", "nothing would change", "IMP-AMD-1")
    return rows


def _item_rows(s: Session, be: t.BillOfEntry, item: t.BeItem, raw: dict) -> list[dict]:
    p = f"items[{item.sl}]"
    unknown = set(raw) - set(ITEM)
    if unknown:
        raise InvalidInput(p, f"{', '.join(sorted(unknown))}: amend {', '.join(ITEM)}",
                           "IMP-AMD-1")
    merged = {col: getattr(item, col) for col in ITEM.values()}
    for key, col in ITEM.items():
        if key in raw:
            merged[col] = raw[key]
    try:
        merged["tariff_item"] = formats.tariff_item(str(merged["tariff_item"] or ""))
    except ValueError as e:
        raise InvalidInput(f"{p}.tariff_item", str(e), "IMP-AMD-1") from None
    if refcache.get(s, t.TariffItem, merged["tariff_item"]) is None:
        raise InvalidInput(f"{p}.tariff_item", f"{merged['tariff_item']} is not in the tariff",
                           "IMP-DUT-1")
    merged["uqc"] = str(merged["uqc"] or "").strip().upper()
    if refcache.get(s, t.Uqc, merged["uqc"]) is None:
        raise InvalidInput(f"{p}.uqc", f"{merged['uqc']!r} is not a UQC", "IMP-DUT-1")
    merged["description"] = str(merged["description"] or "").strip()[:300]
    if not merged["description"]:
        raise InvalidInput(f"{p}.description", "required", "IMP-AMD-1")
    for col in ("quantity", "value_fc"):
        merged[col] = _dec(merged[col], f"{p}.{col.removesuffix('_fc')}")
        if merged[col] <= 0:
            raise InvalidInput(f"{p}.{col.removesuffix('_fc')}", "above zero", "IMP-AMD-1")
    claims_raw = {k: merged[k] for k in be_duty.ITEM_CLAIMS}
    if "tv_quantity" not in raw and merged["tv_quantity"] is not None and (
            "quantity" in raw or "uqc" in raw):
        claims_raw["tv_quantity"] = None  # derived again from the amended quantity
    it = {"sl": item.sl, "tariff_item": merged["tariff_item"], "quantity": merged["quantity"],
          "uqc": merged["uqc"]}
    merged.update(be_duty.read_item(s, claims_raw, it, be.iec, be.location_code, be.be_date))
    return [{"part": "item", "sl": item.sl, "field": col, "before": _plain(getattr(item, col)),
             "after": _plain(after)}
            for col, after in merged.items() if after != getattr(item, col)]


def _value(field: str, value: Any) -> Any:
    if value is None:
        return None
    return Decimal(value) if field in DECIMALS else value


def request_amendment(core: Core, actor: Actor, be_no: int, changes: dict,
                      reason: str) -> BeAmendmentView:
    """The operator keys the amendment the importer seeks, with the reason; it waits for the
    group AC/DC's approval (IMP-AMD-1)."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the BE is amended", "IMP-AMD-1")
    with core.db.write() as s:
        be = BE.take(s, actor, "request_amendment", be_no)
        _examined(be)
        if _open_request(s, be) is not None:
            raise RuleViolation("IMP-AMD-1", f"BE {be_no} already has a request open")
        rows = _diff(s, be, changes)
        r = _new_request(s, core, actor, be, BeRequestKind.AMENDMENT, rows, reason,
                         f"{', '.join(x['field'] for x in rows)}; {reason.strip()}")
        return amendment_view(r)


def _new_request(s: Session, core: Core, actor: Actor, be: t.BillOfEntry,
                 kind: BeRequestKind, rows: list[dict], reason: str,
                 said: str) -> t.BeAmendment:
    """A request of ``kind`` about ``be``, made by the BE's act ``request_<kind>``: on the
    request's trail and the BE's."""
    r = t.BeAmendment(be_id=be.id, be_no=be.be_no, location_code=be.location_code,
                      kind=kind, changes=json.dumps(rows), reason=reason.strip(),
                      be_state_at_request=be.state, requested_by=actor.username,
                      requested_at=core.now(), duty_before_paise=be.duty_paise)
    s.add(r)
    s.flush()
    audit.record(s, actor, core.now(), KIND, r.id, "request", "", R.REQUESTED,
                 f"BE {be.be_no}: {said}"[:500])
    act = "request_amendment" if kind == BeRequestKind.AMENDMENT else "request_ooc_cancellation"
    transition(s, core, actor, be, BE[act], action=f"{kind}_requested",
               reason=f"request {r.id}: {reason.strip()}"[:500])
    return r


def approve_amendment(core: Core, actor: Actor, request_id: int, *,
                      expected_version: int | None = None) -> BeAmendmentView:
    """The group AC/DC approves the amendment sought (IMP-AMD-1)."""
    with core.db.write() as s:
        d = BEAMD.take(s, actor, "approve", request_id, expected_version=expected_version)
        _still_amendable(actor, d)
        d.req.approved_by, d.req.approved_at = actor.username, core.now()
        transition(s, core, actor, d, BEAMD["approve"], reason=f"BE {d.req.be_no}")
        return amendment_view(d.req)


def _still_amendable(actor: Actor, d: RequestOnBe) -> None:
    """The BE must still be amendable when the request moves on (it moves on itself)."""
    BE.check(actor, "amend", d.be)
    _examined(d.be)


def accept_amendment(core: Core, actor: Actor, request_id: int, *,
                     expected_version: int | None = None) -> BeAmendmentView:
    """The group appraiser accepts the approved amendment (IMP-AMD-1)."""
    with core.db.write() as s:
        d = BEAMD.take(s, actor, "accept", request_id, expected_version=expected_version)
        _still_amendable(actor, d)
        d.req.accepted_by, d.req.accepted_at = actor.username, core.now()
        transition(s, core, actor, d, BEAMD["accept"], reason=f"BE {d.req.be_no}")
        return amendment_view(d.req)


def incorporate_amendment(core: Core, actor: Actor, request_id: int, *,
                          expected_version: int | None = None) -> BeView:
    """The AC/DC's acceptance: the amendment is incorporated and the BE re-assessed on its
    date; a paid BE owes the differential (IMP-AMD-1)."""
    with core.db.write() as s:
        d = BEAMD.take(s, actor, "incorporate", request_id, expected_version=expected_version)
        r, be = d.req, d.be
        _still_amendable(actor, d)
        rows = json.loads(r.changes)
        items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id)
                                         .with_for_update())}
        for x in rows:
            target = be if x["part"] == "be" else items[x["sl"]]
            setattr(target, x["field"], _value(x["field"], x["after"]))
            s.add(target)
        before = be.duty_paise
        be_duty.compute_duty(s, be, be.exchange_rate, be.rate_units, be.be_date)
        be.amendments += 1
        due = be.duty_paise + be.late_charge_paise - be.duty_paid_paise
        if be.duty_paid_paise and due > 0:  # the differential is unpaid: its own challan
            be.paid_at, be.challan_no = None, None  # (the first is in the audit trail)
        if be.examined_at is None:
            be.registered_by, be.registered_at = "", None
        be.assessed_by, be.assessed_at, be.ccv_by, be.ccv_at = "", None, "", None
        to = (B.EXAMINED if be.examined_at and be.first_check else
              B.FIRST_CHECK if be.first_check else B.SECOND_CHECK)
        why = (f"amendment {r.id}: {', '.join(x['field'] for x in rows)}; duty Rs "
               f"{from_paise(before)} -> Rs {from_paise(be.duty_paise)}")
        if be.duty_paid_paise:
            why += f"; paid Rs {from_paise(be.duty_paid_paise)}, differential Rs {from_paise(due)}"
        transition(s, core, actor, be, BE["amend"], to=to, reason=why[:500])
        r.done_by, r.done_at, r.duty_after_paise = actor.username, core.now(), be.duty_paise
        transition(s, core, actor, d, BEAMD["incorporate"], reason=why[:500])
        return be_view(s, be)


def reject_request(core: Core, actor: Actor, request_id: int, reason: str, *,
                   expected_version: int | None = None) -> BeAmendmentView:
    """The appraiser or a supervisor turns down an open request (IMP-AMD-1, IMP-AMD-2)."""
    if not reason.strip():
        raise InvalidInput("reason", "say why", "IMP-AMD-1")
    with core.db.write() as s:
        r = s.get(t.BeAmendment, request_id)
        if r is None:
            raise NotFound(f"request {request_id} not found")
        d = TABLE_OF[BeRequestKind(r.kind)].take(s, actor, "reject", request_id,
                                                 expected_version=expected_version)
        d.req.rejected_by, d.req.rejected_at, d.req.reject_reason = (
            actor.username, core.now(), reason.strip()[:300])
        transition(s, core, actor, d, TABLE_OF[BeRequestKind(r.kind)]["reject"],
                   reason=reason.strip()[:500])
        return amendment_view(d.req)


# ---- IMP-AMD-2: Out of Charge cancelled before delivery ----


def _before_delivery(be: t.BillOfEntry) -> None:
    if be.delivered_at is not None:
        raise RuleViolation("IMP-AMD-2", f"BE {be.be_no}: the goods were delivered on "
                            f"{be.delivered_at:%d.%m.%Y}: the Out of Charge stands")


def record_delivery(core: Core, actor: Actor, be_no: int, *,
                    expected_version: int | None = None) -> BeView:
    """The custodian delivers the goods against the Out of Charge; from now on it cannot be
    cancelled (IMP-AMD-2)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "deliver", be_no, expected_version=expected_version)
        _before_delivery(be)
        be.delivered_by, be.delivered_at = actor.username, core.now()
        transition(s, core, actor, be, BE["deliver"],
                   reason="goods delivered against the Out of Charge")
        return be_view(s, be)


def request_ooc_cancellation(core: Core, actor: Actor, be_no: int,
                             reason: str) -> BeAmendmentView:
    """An appraiser or supervisor finds an amendment warranted after Out of Charge but
    before delivery: the OOC may be cancelled with approval (IMP-AMD-2). The request is the
    officer's own (roles.md)."""
    if not reason.strip():
        raise InvalidInput("reason", "the amendment that is warranted", "IMP-AMD-2")
    with core.db.write() as s:
        be = BE.take(s, actor, "request_ooc_cancellation", be_no)
        _before_delivery(be)
        if _open_request(s, be) is not None:
            raise RuleViolation("IMP-AMD-2", f"BE {be_no} already has a request open")
        r = _new_request(s, core, actor, be, BeRequestKind.OOC_CANCELLATION, [], reason,
                         f"cancel Out of Charge; {reason.strip()}")
        return amendment_view(r)


def approve_ooc_cancellation(core: Core, actor: Actor, request_id: int, *,
                             expected_version: int | None = None) -> BeAmendmentView:
    """The AC/DC's approval, in force until the System Manager acts on it (IMP-AMD-2)."""
    with core.db.write() as s:
        d = BEOOC.take(s, actor, "approve", request_id, expected_version=expected_version)
        BE.check(actor, "cancel_ooc", d.be)  # still out of charge
        _before_delivery(d.be)
        d.req.approved_by, d.req.approved_at = actor.username, core.now()
        transition(s, core, actor, d, BEOOC["approve"], reason=f"BE {d.req.be_no}")
        return amendment_view(d.req)


def cancel_out_of_charge(core: Core, actor: Actor, request_id: int, *,
                         expected_version: int | None = None) -> BeView:
    """The System Manager cancels the Out of Charge on the approval in force, before
    delivery; the BE can then be amended (IMP-AMD-2)."""
    with core.db.write() as s:
        d = BEOOC.take(s, actor, "cancel", request_id, expected_version=expected_version)
        r, be = d.req, d.be
        BE.check(actor, "cancel_ooc", be)  # still out of charge
        _before_delivery(be)
        why = (f"request {r.id} approved by {r.approved_by}: OOC of {be.ooc_by} on "
               f"{be.ooc_at:%d.%m.%Y %H:%M} cancelled; {r.reason}")
        be.ooc_by, be.ooc_at = "", None
        warehousing.on_ooc_cancelled(s, core, actor, be)  # WH-2, WH-3: the ledger follows
        transition(s, core, actor, be, BE["cancel_ooc"], reason=why[:500])
        r.done_by, r.done_at = actor.username, core.now()
        transition(s, core, actor, d, BEOOC["cancel"], action="cancel_ooc",
                   reason=f"BE {r.be_no}")
        return be_view(s, be)


# ---- before and after, side by side (the approvals screen) ----

HEAD_FIELDS = ("invoice_value_fc", "freight_fc", "insurance_fc", "hss_seller_iec",
               "hss_charge_rate", "hss_charge_value_fc")
ITEM_FIELDS = tuple(dict.fromkeys(ITEM.values()))


@dataclass(frozen=True)
class FieldRow:
    """One field of the BE or of an item the request touches, as it is and as the request
    would have it (``changed``: the request changes it)."""

    where: str  # BE, item 2
    field: str  # in words: "invoice value (FC)"
    before: Any
    after: Any
    changed: bool


_ABBREVIATIONS = {"hss": "HSS", "iec": "IEC", "uqc": "UQC", "tv": "TV", "add": "ADD",
                  "sl": "sl."}


def field_label(column: str) -> str:
    """A column as words: ``invoice_value_fc`` -> ``invoice value (FC)``, ``hss_seller_iec``
    -> ``HSS seller IEC``."""
    base = " ".join(_ABBREVIATIONS.get(w, w) for w in column.removesuffix("_fc").split("_"))
    return f"{base} (FC)" if column.endswith("_fc") else base


def side_by_side(core: Core, request_id: int) -> tuple[FieldRow, ...]:
    """The BE's head fields and every field of the items an amendment touches, before and
    after, the changed ones marked (IMP-AMD-1). ``before`` is the value now, for a request
    still open, and the value the request saw where it changes it. An OOC cancellation
    changes nothing: no rows."""
    with core.db.read() as s:
        r = s.get(t.BeAmendment, request_id)
        if r is None:
            raise NotFound(f"request {request_id} not found")
        rows = json.loads(r.changes or "[]")
        if not rows:
            return ()
        be = s.get(t.BillOfEntry, r.be_id)
        items = {i.sl: i for i in s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id))}
    changed = {(x["part"], x.get("sl"), x["field"]): x for x in rows}

    def row(where: str, part: str, sl: int | None, col: str, now: Any) -> FieldRow:
        x = changed.get((part, sl, col))
        if x is None:
            return FieldRow(where, field_label(col), _plain(now), _plain(now), False)
        return FieldRow(where, field_label(col), x["before"], x["after"], True)

    out = [row("BE", "be", None, col, getattr(be, col)) for col in HEAD_FIELDS]
    for sl in sorted({x["sl"] for x in rows if x["part"] == "item"}):
        item = items.get(sl)
        out += [row(f"item {sl}", "item", sl, col, getattr(item, col, None))
                for col in ITEM_FIELDS]
    return tuple(out)


# ---- the entry form in amendment mode (issue 15): reads only ----

AMENDABLE_HEAD = ("invoice_value", "freight", "insurance")  # HEAD's keys, as the form keys


def amendment_form(core: Core, be_no: int) -> tuple[BeView, dict]:
    """The BE as it stands and its Annexure C as the entry form keys it (``file_be``'s
    dict: the particulars as keyed, the amendable ones as they are now), for the
    importer's amendment to be keyed on the form it was filed on (IMP-AMD-1)."""
    from console.services.imports.be_common import load_be

    with core.db.read() as s:
        be = load_be(s, be_no, lock=False)
        data = json.loads(be.keyed or "{}")
        for key, col in HEAD.items():
            data[key] = _form_value(getattr(be, col))
        if be.hss_seller_iec:
            data["high_sea_sale"] = {"seller_iec": be.hss_seller_iec,
                                     "charge_rate": _form_value(be.hss_charge_rate),
                                     "charge_value": _form_value(be.hss_charge_value_fc)}
        else:
            data.pop("high_sea_sale", None)
        items = s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id).order_by(t.BeItem.sl))
        data["items"] = [{key: _form_value(getattr(i, col)) for key, col in ITEM.items()}
                         for i in items]
        return be_view(s, be), data


def _form_value(value: Any) -> str:
    """A column's value as the form shows it: blank for none, numbers without trailing
    zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return str(value)


def _alike(a: Any, b: Any) -> bool:
    a, b = ("" if a is None else str(a).strip()), ("" if b is None else str(b).strip())
    if a == b or a.upper() == b.upper():
        return True
    try:
        return Decimal(a or "0") == Decimal(b or "0")
    except InvalidOperation:
        return False


def changes_between(before: dict, after: dict) -> dict:
    """The change ``request_amendment`` takes from the Annexure C as it stands (``before``,
    as ``amendment_form`` gives it) and as the form now has it: the head's amendable
    fields, the high-sea sale, and the items in place by serial (IMP-AMD-1)."""
    out: dict[str, Any] = {k: after[k] for k in AMENDABLE_HEAD
                           if k in after and not _alike(before.get(k), after[k])}
    was, now = before.get("high_sea_sale") or {}, after.get("high_sea_sale") or {}
    if any(not _alike(was.get(k), now.get(k)) for k in ("seller_iec", "charge_rate",
                                                          "charge_value")):
        out["high_sea_sale"] = now
    items: dict[str, dict] = {}
    for sl, (old, new) in enumerate(zip(before.get("items") or [], after.get("items") or [],
                                        strict=False), start=1):
        fields = {k: new.get(k, "") for k in ITEM if not _alike(old.get(k), new.get(k))}
        if fields:
            items[str(sl)] = fields
    if items:
        out["items"] = items
    return out


@dataclass(frozen=True)
class BeAmendmentPreview:
    """What keying ``changes`` as the importer's amendment of BE ``be_no`` would ask for:
    each change before → after, the rule, and the service centre's amendment charge at
    today's tariff (charges.md). The BE's request keeps no fee of its own (BeAmendment has
    no fee column): the charge is said here for the service centre to collect."""

    be_no: int
    rule: str
    changes: tuple[ChangeView, ...]
    items_touched: int
    fee: Decimal
    fee_basis: str


def preview_amendment(core: Core, be_no: int, changes: dict) -> BeAmendmentPreview:
    """``changes`` read as ``request_amendment`` will read them (an ``InvalidInput`` for a
    change it would refuse); nothing is written (IMP-AMD-1)."""
    from console.services.exports.amendments import amendment_fee_basis
    from console.services.imports.be_common import load_be

    with core.db.read() as s:
        be = load_be(s, be_no, lock=False)
        rows = _diff(s, be, changes)
        items = len({x["sl"] for x in rows if x["part"] == "item"})
        fee, basis = amendment_fee_basis(s, be.location_code, core.today(), items)
        return BeAmendmentPreview(
            be_no, "IMP-AMD-1",
            tuple(ChangeView(x["part"], x.get("sl"), x["field"], x["before"], x["after"])
                  for x in rows), items, fee, basis)

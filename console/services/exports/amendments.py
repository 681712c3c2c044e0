"""Amendments of a submitted Shipping Bill (EXP-AMD-1..4) and what every supervisor's
request shares (requests, versions, re-routing).

The service centre keys the exporter's application with the change as a diff; the
supervisor of the right rank allows it (``permit_amendment``), then the AC (Exports)
approves it in the system (``approve_in_system``): printed copies are surrendered and
cancelled first, the change is applied and the values recomputed, RMS runs again
(EXP-AMD-4, EXP-RMS-1) and the fee is charged (charges.md). Every approved amendment
leaves a snapshot of the SB before and after (``sb_versions.sb_versions``).

Ranks (EXP-AMD-2/3, roles.md): before LEO the AC/DC; after LEO the Additional/Joint
Commissioner; once the EGM is filed (the SB is closed, EXP-EGM-1) the Commissioner
(design: a closed export document is re-opened only at the top of the hierarchy).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.sb import BEFORE_GOODS, SB
from console.acts.sb_request import (
    AMD,
    AMENDMENT_KINDS,
    CAN,
    CANCEL_KINDS,
    EXAM,
    KIND_LABELS,
    OPEN,
    RECALL,
    R,
    RequestOnSb,
    rank_for,
)
from console.core import Core
from console.errors import Conflict, InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import RANK, Actor, Role, system_actor
from console.rules import rms
from console.rules.charges import blocks
from console.rules.params import parameter
from console.services.exports import filing
from console.services.exports.routing import (
    CCR_DESCRIPTIONS,
    acdc_rule_for,
    first_state,
    issue_cess_challan,
)
from console.services.exports.sb_common import (
    S,
    SbView,
    load_sb,
    needs_examination,
    sb_view,
)
from console.services.exports.sb_versions import same

# ---- requests: kinds, states, ranks (console.acts.sb_request) ----

SUPERVISION_KINDS = ("exam_facilitated", "recall")  # EXP-RMS-3, EXP-RMS-4
KINDS = AMENDMENT_KINDS + CANCEL_KINDS + SUPERVISION_KINDS
REQ = "AMD"  # audit doc_kind of a request
TABLE_OF = {**{k: AMD for k in AMENDMENT_KINDS}, **{k: CAN for k in CANCEL_KINDS},
            "exam_facilitated": EXAM, "recall": RECALL}

# Moves that the re-run of RMS after an amendment (EXP-AMD-4) and a recall (EXP-RMS-4)
# may make before the goods are registered.
_BEFORE_GOODS = BEFORE_GOODS


# ---- read models ----


@dataclass(frozen=True)
class ChangeRow:
    part: str  # sb, invoice, item
    sl: int | None
    action: str  # change, add, remove
    field: str
    before: Any
    after: Any

    @property
    def where(self) -> str:
        return "SB" if self.part == "sb" else f"{self.part} {self.sl}"


@dataclass(frozen=True)
class RequestView:
    id: int
    sb_no: int
    location_code: str
    kind: str
    kind_label: str
    state: str
    version: int
    changes: tuple[ChangeRow, ...]
    reason: str
    sb_state_at_request: str
    requested_by: str
    requested_at: datetime
    required_rank: str
    rule: str
    permission_by: str
    permission_role: str
    permission_at: datetime | None
    permission_note: str
    approved_in_system_by: str
    approved_in_system_at: datetime | None
    copies_surrendered: int
    fee: Decimal
    route_before: str
    route_after: str
    certificate_no: int | None
    rejected_by: str
    rejected_at: datetime | None
    reject_reason: str

    @property
    def stage(self) -> str:
        """What the request waits for."""
        if self.state == R.REQUESTED:
            return "permission" if self.kind in AMENDMENT_KINDS + CANCEL_KINDS else "approval"
        if self.state == R.PERMITTED:
            return "approval in system"
        return self.state


def _rows(raw: str) -> tuple[ChangeRow, ...]:
    return tuple(ChangeRow(r["part"], r.get("sl"), r.get("action", "change"), r["field"],
                           r.get("before"), r.get("after")) for r in json.loads(raw or "[]"))


def request_view(r: t.AmendmentRequest) -> RequestView:
    return RequestView(
        r.id, r.sb_no, r.location_code, r.kind, KIND_LABELS.get(r.kind, r.kind), r.state,
        r.version, _rows(r.changes), r.reason, r.sb_state_at_request, r.requested_by,
        r.requested_at, r.required_rank, r.rule, r.permission_by, r.permission_role,
        r.permission_at, r.permission_note, r.approved_in_system_by, r.approved_in_system_at,
        r.copies_surrendered, from_paise(r.fee_paise), r.route_before, r.route_after,
        r.certificate_no, r.rejected_by, r.rejected_at, r.reject_reason)


def load_request(s: Session, request_id: int, lock: bool = True) -> t.AmendmentRequest:
    q = select(t.AmendmentRequest).where(t.AmendmentRequest.id == request_id)
    r = s.exec(q.with_for_update() if lock else q).first()
    if r is None:
        raise NotFound(f"request {request_id} not found")
    return r


def get_request(core: Core, request_id: int) -> RequestView:
    with core.db.read() as s:
        return request_view(load_request(s, request_id, lock=False))


def list_requests(core: Core, sb_no: int | None = None, *, open_only: bool = False
                  ) -> list[RequestView]:
    with core.db.read() as s:
        q = select(t.AmendmentRequest)
        if sb_no is not None:
            q = q.where(t.AmendmentRequest.sb_no == sb_no)
        if open_only:
            q = q.where(t.AmendmentRequest.state.in_(OPEN))
        return [request_view(r) for r in s.exec(q.order_by(t.AmendmentRequest.id))]


# ---- the change as a diff ----

HEADER_FIELDS = ("branch_sl", "broker_code", "port_of_loading", "country_of_destination",
                 "port_of_destination", "nature_of_contract", "nfei", "free_trade_sample",
                 "ad_code", "gstin", "gst_invoice_type", "recipient_name", "recipient_address",
                 "place_of_delivery", "incoterms_place", "third_party_remittance", "packages",
                 "package_kind", "marks", "gross_weight_kg", "net_weight_kg", "sdf_declared",
                 "rosl_declared")
INVOICE_FIELDS = ("invoice_no", "invoice_date", "currency", "invoice_value", "freight",
                  "insurance", "commission", "discount", "bank_rate", "rate_units")
ITEM_FIELDS = ("invoice_sl", "tariff_item", "description", "quantity", "uqc", "unit_price",
               "scheme_code", "dbk_serial", "end_use", "depb_group", "depb_item", "depb_rate",
               "licence_no", "licence_item_sl", "licence_inputs")
FREIGHT_FIELDS = ("freight", "insurance")  # EXP-AMD-3


def _j(value: Any) -> Any:
    """A value as it is kept in the JSON diff."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def declaration_data(s: Session, sb: t.ShippingBill) -> dict:
    """The SB's declaration as the dict filing takes, JSON-ready."""
    data = filing._as_data(s, sb)  # the SB helper's reader of a keyed declaration
    out = {k: _j(v) for k, v in data.items() if k not in ("invoices", "items")}
    out["invoices"] = [{k: _j(v) for k, v in inv.items()} for inv in data["invoices"]]
    out["items"] = [{k: _j(v) for k, v in it.items()} for it in data["items"]]
    return out


def diff_rows(data: dict, changes: dict, kind: str) -> list[dict]:
    """The requested ``changes`` against the SB's ``data``: rows of before/after.

    ``changes``: header fields at the top level; ``invoices`` and ``items`` map a serial
    number to the fields to change; an item serial after the last adds an item (all its
    fields), ``null`` removes it.
    """
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput("changes", "say what is to change", "EXP-AMD-2")
    freight_only = kind == "freight_insurance"
    rows: list[dict] = []
    for key, value in changes.items():
        if key in ("invoices", "items"):
            continue
        if key == "iec":
            raise InvalidInput("iec", "the exporter cannot be changed by amendment: file a new "
                               "SB", "EXP-AMD-2")
        if key not in HEADER_FIELDS:
            raise InvalidInput(key, "not a field of the SB that can be amended")
        if freight_only:
            raise InvalidInput(key, "a freight/insurance change alters only the invoices' "
                               "freight and insurance", "EXP-AMD-3")
        if not same(data.get(key), value):
            rows.append({"part": "sb", "sl": None, "action": "change", "field": key,
                         "before": data.get(key), "after": _j(value)})
    invoices = changes.get("invoices") or {}
    if not isinstance(invoices, dict):
        raise InvalidInput("invoices", "map invoice serial numbers to the fields to change")
    for sl_text, fields in invoices.items():
        sl = _sl(sl_text, "invoices")
        if not 1 <= sl <= len(data["invoices"]) or not isinstance(fields, dict):
            raise InvalidInput(f"invoices.{sl_text}", "no such invoice on this SB (invoices are "
                               "changed, not added or removed)")
        have = data["invoices"][sl - 1]
        for key, value in fields.items():
            allowed = FREIGHT_FIELDS if freight_only else INVOICE_FIELDS
            if key not in allowed:
                raise InvalidInput(f"invoices.{sl}.{key}", f"not an amendable field; one of "
                                   f"{', '.join(allowed)}", "EXP-AMD-3" if freight_only else "")
            if not same(have.get(key), value):
                rows.append({"part": "invoice", "sl": sl, "action": "change", "field": key,
                             "before": have.get(key), "after": _j(value)})
    items = changes.get("items") or {}
    if not isinstance(items, dict):
        raise InvalidInput("items", "map item serial numbers to the fields to change")
    if items and freight_only:
        raise InvalidInput("items", "a freight/insurance change alters only the invoices",
                           "EXP-AMD-3")
    count = len(data["items"])
    for sl_text, fields in sorted(items.items(), key=lambda kv: _sl(kv[0], "items")):
        sl = _sl(sl_text, "items")
        if fields is None:
            if not 1 <= sl <= count:
                raise InvalidInput(f"items.{sl}", "no such item to remove")
            rows += [{"part": "item", "sl": sl, "action": "remove", "field": k,
                      "before": v, "after": None} for k, v in data["items"][sl - 1].items()]
            continue
        if not isinstance(fields, dict):
            raise InvalidInput(f"items.{sl}", "give the fields to change")
        unknown = sorted(set(fields) - set(ITEM_FIELDS))
        if unknown:
            raise InvalidInput(f"items.{sl}.{unknown[0]}", "not an item field")
        if sl > count:
            rows += [{"part": "item", "sl": sl, "action": "add", "field": k, "before": None,
                      "after": _j(fields.get(k))} for k in ITEM_FIELDS if k in fields]
            continue
        have = data["items"][sl - 1]
        for key, value in fields.items():
            if not same(have.get(key), value):
                rows.append({"part": "item", "sl": sl, "action": "change", "field": key,
                             "before": have.get(key), "after": _j(value)})
    if not rows:
        raise InvalidInput("changes", "nothing differs from the SB as it stands", "EXP-AMD-2")
    return rows


def _sl(value: Any, part: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(part, f"{value!r}: serial numbers are whole numbers") from None


def apply_rows(data: dict, rows: list[dict]) -> dict:
    """``data`` with the diff applied; refuses if a 'before' no longer holds."""
    out = copy.deepcopy(data)
    removed: set[int] = set()
    added: dict[int, dict] = {}
    for r in rows:
        part, sl, action, key = r["part"], r.get("sl"), r.get("action", "change"), r["field"]
        if action == "add":
            added.setdefault(sl, {})[key] = r["after"]
            continue
        target = out if part == "sb" else out["invoices" if part == "invoice" else "items"][sl - 1]
        if not same(target.get(key), r["before"]):
            raise Conflict(f"{'SB' if part == 'sb' else f'{part} {sl}'} {key} is now "
                           f"{target.get(key)!r}, not {r['before']!r} as when the change was "
                           "requested: reject it and request again")
        if action == "remove":
            removed.add(sl)
        else:
            target[key] = r["after"]
    items = [it for n, it in enumerate(out["items"], start=1) if n not in removed]
    items += [added[n] for n in sorted(added)]
    if not items:
        raise InvalidInput("items", "an SB keeps at least one item: apply for cancellation",
                           "EXP-CAN-1")
    out["items"] = items
    return out


def items_touched(rows: list[dict] | tuple[ChangeRow, ...]) -> int:
    sls = set()
    for r in rows:
        part, sl = (r["part"], r.get("sl")) if isinstance(r, dict) else (r.part, r.sl)
        if part == "item":
            sls.add(sl)
    return len(sls)


def check_declaration(s: Session, sb: t.ShippingBill, data: dict) -> filing.Declaration:
    return filing.read_declaration(s, data, sb.location_code)


def apply_declaration(s: Session, sb: t.ShippingBill, d: filing.Declaration) -> None:
    """Write the amended declaration and recompute values, drawback and cess with the SB
    helper's functions, at the rates of the SB date (EXP-REG-6)."""
    for key, value in d.header.items():
        if key != "iec":
            setattr(sb, key, value)
    if any(i["scheme_category"] == "nfei" for i in d.items):
        sb.nfei = True
    s.add(sb)
    s.flush()
    filing.write_values(s, sb, d, sb.sb_date)
    filing.check_registrations(s, sb, any(i["dbk_serial"] for i in d.items))


# ---- versions ----


def snapshot(s: Session, sb: t.ShippingBill) -> dict:
    s.flush()
    data = declaration_data(s, sb)
    items = s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id).order_by(t.SbItem.sl)).all()
    for it, row in zip(data["items"], items, strict=True):
        it.update(fob_inr=str(from_paise(row.fob_inr_paise)),
                  drawback=str(from_paise(row.dbk_paise)), cess=str(from_paise(row.cess_paise)))
    data.update(sb_no=sb.sb_no, sb_date=_j(sb.sb_date), category=sb.category,
                fob_inr=str(from_paise(sb.fob_inr_paise)),
                drawback=str(from_paise(sb.drawback_paise)),
                cess=str(from_paise(sb.cess_paise)), route=sb.route, rms_note=sb.rms_note,
                acdc_rule=sb.acdc_rule, state=sb.state)
    return data


_VOLATILE = ("state", "route", "rms_note", "acdc_rule")


def _declared(snap: dict) -> dict:
    return {k: v for k, v in snap.items() if k not in _VOLATILE}


def take_version(s: Session, core: Core, actor: Actor, sb: t.ShippingBill, label: str,
                 request_id: int | None = None) -> t.SbVersion:
    last = s.exec(select(func.max(t.SbVersion.version_no))
                  .where(t.SbVersion.sb_id == sb.id)).one() or 0
    row = t.SbVersion(sb_id=sb.id, sb_no=sb.sb_no, version_no=last + 1, request_id=request_id,
                      label=label[:100], taken_by=actor.username, taken_at=core.now(),
                      snapshot=json.dumps(snapshot(s, sb), ensure_ascii=False))
    s.add(row)
    s.flush()
    return row


def version_before(s: Session, core: Core, actor: Actor, sb: t.ShippingBill, label: str,
                   request_id: int) -> None:
    """Keep the SB as it stands before a change, unless the last version already shows it."""
    last = s.exec(select(t.SbVersion).where(t.SbVersion.sb_id == sb.id)
                  .order_by(t.SbVersion.version_no.desc())).first()
    if last is None or _declared(json.loads(last.snapshot)) != _declared(snapshot(s, sb)):
        take_version(s, core, actor, sb, label, request_id)


# ---- RMS again (EXP-AMD-4, EXP-RMS-1) ----


def reroute(s: Session, core: Core, sb: t.ShippingBill, why: str) -> str:
    """Run RMS and the AC/DC thresholds again on the amended SB. Before the goods are
    registered a changed route (or AC/DC rule) sends the SB where a new filing would go;
    after registration a route that now needs examination gets its examination order;
    later the new route is recorded. Returns a note of what happened."""
    from console.services.exports import examination

    items = list(s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id).order_by(t.SbItem.sl)))
    on = core.today()
    decl = rms.Declaration("SB", sb.sb_no, sb.iec, sb.country_of_destination, sb.fob_inr_paise,
                           tuple(i.tariff_item for i in items),
                           tuple(sorted({i.scheme_code for i in items})))
    decision = rms.route(s, decl, on, parameter(s, "RMS.random_exam_pct", on, sb.location_code))
    old_route, old_rule = sb.route, sb.acdc_rule
    sb.route, sb.rms_rule_id, sb.rms_note = decision.route, decision.rule_id, decision.note[:200]
    sb.acdc_rule = acdc_rule_for(s, sb, items, on)
    if sb.acdc_rule != old_rule:
        sb.acdc_cleared_by, sb.acdc_cleared_at = "", None  # a new reason needs a new clearance
    have = {c.code for c in s.exec(select(t.SbCcr).where(t.SbCcr.sb_id == sb.id))}
    new_ccrs = [c for c in decision.ccrs if c not in have]
    for code in new_ccrs:
        s.add(t.SbCcr(sb_id=sb.id, code=code, description=CCR_DESCRIPTIONS.get(code, "")))
    said = f"RMS again ({why}): route {old_route} → {sb.route} ({decision.note})"
    if new_ccrs:
        said += f"; CCR {', '.join(new_ccrs)}"
    if sb.acdc_rule != old_rule:
        said += f"; AC/DC rule {old_rule or 'none'} → {sb.acdc_rule or 'none'}"
    system = system_actor(sb.location_code)
    changed = sb.route != old_route or sb.acdc_rule != old_rule
    if sb.state in _BEFORE_GOODS and changed:
        to = first_state(s, sb, items, sb.route)
        if to == S.AWAITING_ASSESSMENT:
            sb.assessed_by, sb.assessed_at = "", None
        if to in (S.FACILITATED, S.ASSESSED):
            issue_cess_challan(s, sb)
        if to != sb.state:
            transition(s, core, system, sb, SB["reroute"], to=to, reason=said)
            return said
    if sb.state == S.GOODS_REGISTERED and needs_examination(sb):
        goods = s.exec(select(t.GoodsRegistration)
                       .where(t.GoodsRegistration.sb_id == sb.id)).first()
        if goods is not None and not goods.examiner:
            ordered = examination.order_examination(s, core, system, sb, goods, why=said)
            return f"{said}; examination order: {ordered}"
    transition(s, core, system, sb, SB["rms_again"], reason=said)
    return said


# ---- fee (charges.md) ----


def amendment_fee(s: Session, location: str, on: date, items: int) -> Decimal:
    """Per block of five items amended where the tariff says so (Visakhapatnam 2013), a flat
    fee per amendment where it does not (Port Blair), nothing where neither is in force.
    A change of header fields only counts as one block."""
    return amendment_fee_basis(s, location, on, items)[0]


def amendment_fee_basis(s: Session, location: str, on: date, items: int
                        ) -> tuple[Decimal, str]:
    """``amendment_fee`` and the tariff line it comes from, in words (charges.md)."""
    for key, per_block in (("charge.amendment_per5", True), ("charge.amendment", False)):
        try:
            amount = parameter(s, key, on, location)
        except RuleViolation:
            continue
        if per_block:
            n = blocks(max(1, items))
            if not items:
                return amount, (f"₹{amount} a block of five items amended; a change of the "
                                "header alone counts as one (charges.md)")
            return amount * n, (f"₹{amount} a block of five items amended: {items} item"
                                f"{'s' if items > 1 else ''}, {n} block{'s' if n > 1 else ''} "
                                "(charges.md)")
        return amount, f"₹{amount} an amendment (charges.md)"
    return Decimal(0), f"no amendment fee at {location} (charges.md)"


# ---- printed copies (EXP-AMD-2) ----

SB_COPY_KINDS = ("SB", "SHIPPING_BILL", "SB_COPY")


def printed_copies(s: Session, sb: t.ShippingBill) -> list[t.PrintLog]:
    """SB copies printed and not yet cancelled (the print log)."""
    return list(s.exec(select(t.PrintLog).where(
        t.PrintLog.doc_kind.in_(SB_COPY_KINDS), t.PrintLog.doc_ref == str(sb.sb_no),
        t.PrintLog.cancelled.is_(False)).order_by(t.PrintLog.id)))


# ---- shared acts ----


def check_open(s: Session, sb: t.ShippingBill, kinds: tuple[str, ...], rule: str) -> None:
    other = s.exec(select(t.AmendmentRequest).where(
        t.AmendmentRequest.sb_id == sb.id, t.AmendmentRequest.kind.in_(kinds),
        t.AmendmentRequest.state.in_(OPEN))).first()
    if other is not None:
        raise RuleViolation(rule, f"SB {sb.sb_no} already has request {other.id} "
                            f"({KIND_LABELS[other.kind]}) {other.state}: decide that first")


def new_request(s: Session, core: Core, actor: Actor, sb: t.ShippingBill, kind: str, *,
                reason: str, rows: list[dict] | None, rank: Role, rule: str, act: str,
                why: str = "") -> t.AmendmentRequest:
    """A request of ``kind`` on ``sb``, made by the SB's act ``act`` (``request_...``)."""
    req = t.AmendmentRequest(
        sb_id=sb.id, sb_no=sb.sb_no, location_code=sb.location_code, kind=kind,
        changes=json.dumps(rows or [], ensure_ascii=False), reason=reason.strip(),
        sb_state_at_request=sb.state, requested_by=actor.username, requested_at=core.now(),
        required_rank=rank.value, rule=rule, route_before=sb.route)
    s.add(req)
    s.flush()
    audit.record(s, actor, core.now(), REQ, req.id, "request", "", "requested",
                 f"SB {sb.sb_no} {KIND_LABELS[kind]}: {reason.strip()}"[:500])
    # on the SB's own trail too
    transition(s, core, actor, sb, SB[act], action=f"{kind}_requested",
               reason=f"request {req.id} for {rank.value} ({why or rule}): "
                      f"{reason.strip()}"[:500])
    return req


def move_request(s: Session, core: Core, actor: Actor, d: RequestOnSb, act: str,
                 reason: str = "", action: str = "") -> None:
    """Record the request's act (its table by kind) on the request's trail."""
    transition(s, core, actor, d, TABLE_OF[d.req.kind][act], reason=reason[:500],
               action=action)


def ensure_series(s: Session, name: str, start: int) -> None:
    """A number series of this module, created on first use (idempotent)."""
    s.execute(text("INSERT INTO numberseries (name, next_value) VALUES (:n, :v) "
                   "ON CONFLICT (name) DO NOTHING"), {"n": name, "v": start})


# ---- amendments (EXP-AMD-1..4) ----


def request_amendment(core: Core, actor: Actor, ref: int, changes: dict, reason: str, *,
                      kind: str = "amendment", job: bool = False) -> RequestView:
    """Key the exporter's application for an amendment (or a freight/insurance change,
    EXP-AMD-3) of an SB that has its number. ``ref`` is the SB number (``job=True``: the
    job number, refused while it has no SB number, EXP-AMD-1)."""
    if kind not in AMENDMENT_KINDS:
        raise InvalidInput("kind", f"one of {', '.join(AMENDMENT_KINDS)}")
    if not reason.strip():
        raise InvalidInput("reason", "record the exporter's reason", "EXP-AMD-2")
    with core.db.write() as s:
        sb = SB.take(s, actor, "request_amendment", ref, by="job" if job else "")
        check_open(s, sb, AMENDMENT_KINDS, "EXP-AMD-2")
        data = declaration_data(s, sb)
        rows = diff_rows(data, changes, kind)
        check_declaration(s, sb, apply_rows(data, rows))  # refuse a change that cannot be filed
        rank, why = rank_for(sb)
        rule = "EXP-AMD-3" if kind == "freight_insurance" else "EXP-AMD-2"
        req = new_request(s, core, actor, sb, kind, reason=reason, rows=rows, rank=rank,
                          rule=rule, why=why, act="request_amendment")
        return request_view(req)


def permit_amendment(core: Core, actor: Actor, request_id: int, note_text: str = "", *,
                     expected_version: int | None = None) -> RequestView:
    """The AC/DC (before LEO), Addl/Jt Commissioner (after LEO) or Commissioner (after the
    EGM) allows the amendment (EXP-AMD-2/3); the rank is taken from the SB as it is now."""
    with core.db.write() as s:
        d = AMD.take(s, actor, "permit", request_id, expected_version=expected_version)
        req, sb = d.req, d.sb
        SB.check(actor, "amend", sb)  # still amendable (the SB moves on)
        req.required_rank = d.rank_needed
        req.permission_by, req.permission_role = actor.username, actor.role.value
        req.permission_at, req.permission_note = core.now(), note_text.strip()
        move_request(s, core, actor, d, "permit", note_text.strip())
        return request_view(req)


def approve_in_system(core: Core, actor: Actor, request_id: int, *,
                      copies_surrendered: bool = False,
                      expected_version: int | None = None) -> RequestView:
    """The AC (Exports) approves the permitted amendment in the system (EXP-AMD-2): printed
    SB copies must have been surrendered (they are cancelled in the print log); the change
    is applied, values recomputed, the SB's versions kept, RMS run again (EXP-AMD-4) and the
    amendment fee charged (charges.md)."""
    with core.db.write() as s:
        request = AMD.take(s, actor, "approve_in_system", request_id,
                           expected_version=expected_version)
        req, sb = request.req, request.sb
        SB.check(actor, "amend", sb)  # still amendable
        now_rank, why = rank_for(sb)
        if RANK.get(Role(req.permission_role), 0) < RANK[now_rank]:
            raise RuleViolation(req.rule, f"SB {sb.sb_no} moved on since {req.permission_by} "
                                f"allowed the change; now {why} must allow it")
        copies = printed_copies(s, sb)
        if copies and not copies_surrendered:
            raise RuleViolation("EXP-AMD-2", f"{len(copies)} printed cop"
                                f"{'y' if len(copies) == 1 else 'ies'} of SB {sb.sb_no} "
                                "must be surrendered and cancelled before approval")
        rows = json.loads(req.changes)
        d = check_declaration(s, sb, apply_rows(declaration_data(s, sb), rows))
        for p in copies:
            p.cancelled, p.cancelled_by = True, actor.username
            s.add(p)
        version_before(s, core, actor, sb, f"before request {req.id}", req.id)
        apply_declaration(s, sb, d)
        req.route_before = sb.route
        transition(s, core, actor, sb, SB["amend"],
                   reason=f"request {req.id} ({KIND_LABELS[req.kind]}) allowed by "
                          f"{req.permission_by}: " + "; ".join(_say(r) for r in rows)[:400])
        said = reroute(s, core, sb, f"request {req.id}")
        take_version(s, core, actor, sb, f"after request {req.id} ({KIND_LABELS[req.kind]})",
                     req.id)
        req.route_after = sb.route
        req.copies_surrendered = len(copies)
        fee = amendment_fee(s, sb.location_code, core.today(), items_touched(rows))
        req.fee_paise = to_paise(fee)
        req.approved_in_system_by, req.approved_in_system_at = actor.username, core.now()
        move_request(s, core, actor, request, "approve_in_system", f"fee ₹{fee}; {said}")
        return request_view(req)


def _say(r: dict) -> str:
    where = "SB" if r["part"] == "sb" else f"{r['part']} {r['sl']}"
    if r.get("action") == "add":
        return f"{where} {r['field']} = {r['after']}"
    if r.get("action") == "remove":
        return f"{where} removed" if r["field"] == "tariff_item" else ""
    return f"{where} {r['field']} {r['before']} → {r['after']}"


def reject(core: Core, actor: Actor, request_id: int, reason: str, *,
           expected_version: int | None = None) -> RequestView:
    """Refuse any open request, with reasons; nothing on the SB changes."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the request is refused")
    with core.db.write() as s:
        kind = load_request(s, request_id, lock=False).kind
        d = TABLE_OF[kind].take(s, actor, "reject", request_id,
                                expected_version=expected_version)
        req = d.req
        req.rejected_by, req.rejected_at = actor.username, core.now()
        req.reject_reason = reason.strip()
        move_request(s, core, actor, d, "reject", reason.strip())
        audit.record(s, actor, core.now(), "SB", req.sb_no, f"{req.kind}_rejected",
                     d.sb.state, d.sb.state, f"request {req.id}: {reason.strip()}"[:500])
        return request_view(req)


# ---- before and after, side by side (the approvals screen) ----


@dataclass(frozen=True)
class SideBySide:
    where: str  # SB, invoice 1, item 2
    field: str
    before: Any
    after: Any
    changed: bool


def side_by_side(core: Core, request_id: int) -> tuple[SideBySide, ...]:
    """Every field of the SB, its invoices and the items the request touches, as it is and
    as it would be (or was, for a decided request: the versions kept), changed ones marked."""
    with core.db.read() as s:
        req = load_request(s, request_id, lock=False)
        rows = json.loads(req.changes)
        if not rows:
            return ()
        sb = load_sb(s, req.sb_no, lock=False)
        kept = s.exec(select(t.SbVersion).where(t.SbVersion.request_id == req.id)
                      .order_by(t.SbVersion.version_no)).all()
        if req.state == R.APPROVED and kept:
            after = json.loads(kept[-1].snapshot)
            prev = s.exec(select(t.SbVersion).where(
                t.SbVersion.sb_id == sb.id, t.SbVersion.version_no < kept[-1].version_no)
                .order_by(t.SbVersion.version_no.desc())).first()
            before = json.loads(prev.snapshot) if prev else after
        else:
            before = declaration_data(s, sb)
            try:
                after = apply_rows(before, rows)
            except (Conflict, InvalidInput):
                return tuple(SideBySide("SB" if r["part"] == "sb" else f"{r['part']} {r['sl']}",
                                        r["field"], r["before"], r["after"], True) for r in rows)
    out = [SideBySide("SB", k, before.get(k), after.get(k), not same(before.get(k), after.get(k)))
           for k in HEADER_FIELDS]
    for part, fields in (("invoices", INVOICE_FIELDS), ("items", ITEM_FIELDS)):
        a, b = before.get(part, []), after.get(part, [])
        touched = {r["sl"] for r in rows if r["part"] == part[:-1]}
        for n in range(max(len(a), len(b))):
            if part == "items" and (n + 1) not in touched and n < len(a) and n < len(b) \
                    and a[n] == b[n]:
                continue
            x = a[n] if n < len(a) else {}
            y = b[n] if n < len(b) else {}
            out += [SideBySide(f"{part[:-1]} {n + 1}", k, x.get(k), y.get(k),
                               not same(x.get(k), y.get(k))) for k in fields]
    return tuple(out)


# ---- the entry form in amendment mode (issue 15): reads only ----


def amendment_form(core: Core, sb_no: int) -> tuple[SbView, dict]:
    """The SB as it stands and its declaration as the entry form keys it (the dict filing
    takes), for the exporter's amendment to be keyed on the form it was filed on."""
    with core.db.read() as s:
        sb = load_sb(s, sb_no, lock=False)
        return sb_view(s, sb), declaration_data(s, sb)


_BLANK_IS_ZERO = ("freight", "insurance", "commission", "discount")  # blank keys nothing


def _alike(key: str, a: Any, b: Any) -> bool:
    if same(a, b):
        return True
    if key in _BLANK_IS_ZERO:
        return same(a or 0, b or 0)
    return False


def changes_between(before: dict, after: dict) -> dict:
    """The change ``request_amendment`` takes (``diff_rows``' form) from the declaration as
    it stands (``before``, as ``amendment_form`` gives it) and as the form now has it
    (``after``). Items of ``after`` carry ``sl``: the serial of the item they were loaded
    from; none for an item added. An item of ``before`` that ``after`` lacks is removed.
    Only what differs is named; the IEC is not amendable and is left out."""
    out: dict[str, Any] = {k: after[k] for k in HEADER_FIELDS
                           if k in after and not _alike(k, before.get(k), after[k])}
    invoices: dict[str, dict] = {}
    for n, (was, now) in enumerate(zip(before.get("invoices") or [],
                                       after.get("invoices") or [], strict=False), start=1):
        fields = {k: now[k] for k in INVOICE_FIELDS
                  if k in now and not _alike(k, was.get(k), now[k])}
        if fields:
            invoices[str(n)] = fields
    if invoices:
        out["invoices"] = invoices
    had = before.get("items") or []
    items: dict[str, Any] = {}
    kept: set[int] = set()
    added = len(had)
    for item in after.get("items") or []:
        sl = item.get("sl")
        if isinstance(sl, int) and 1 <= sl <= len(had):
            kept.add(sl)
            was = had[sl - 1]
            fields = {k: item.get(k) for k in ITEM_FIELDS
                      if (k in item or was.get(k) not in (None, ""))
                      and not _alike(k, was.get(k), item.get(k))}
            if fields:
                items[str(sl)] = fields
        else:
            added += 1
            items[str(added)] = {k: v for k, v in item.items()
                                 if k in ITEM_FIELDS and v not in (None, "")}
    for sl in range(1, len(had) + 1):
        if sl not in kept:
            items[str(sl)] = None
    if items:
        out["items"] = items
    return out


def amendment_kind(changes: dict) -> str:
    """``freight_insurance`` (EXP-AMD-3) when only the invoices' freight and insurance
    change; an ``amendment`` (EXP-AMD-2) otherwise."""
    invoices = changes.get("invoices") or {}
    only_freight = bool(invoices) and set(changes) == {"invoices"} and all(
        set(fields) <= set(FREIGHT_FIELDS) for fields in invoices.values())
    return "freight_insurance" if only_freight else "amendment"


@dataclass(frozen=True)
class AmendmentPreview:
    """What keying ``changes`` as an amendment of SB ``sb_no`` would ask for: its kind and
    rule, each change before → after, who must allow it, and the fee the approval in the
    system will charge at today's tariff (charges.md)."""

    sb_no: int
    kind: str
    kind_label: str
    rule: str
    changes: tuple[ChangeRow, ...]
    items_touched: int
    fee: Decimal
    fee_basis: str
    allowed_by: str  # who must allow it, and why (EXP-AMD-2/3)


def preview_amendment(core: Core, sb_no: int, changes: dict) -> AmendmentPreview:
    """``changes`` read as ``request_amendment`` will read them (an ``InvalidInput`` for a
    change it would refuse), with the fee (EXP-AMD-4, charges.md). Nothing is written."""
    kind = amendment_kind(changes)
    with core.db.read() as s:
        sb = load_sb(s, sb_no, lock=False)
        rows = diff_rows(declaration_data(s, sb), changes, kind)
        items = items_touched(rows)
        fee, basis = amendment_fee_basis(s, sb.location_code, core.today(), items)
        _rank, why = rank_for(sb)
        return AmendmentPreview(
            sb_no, kind, KIND_LABELS[kind], "EXP-AMD-3" if kind == "freight_insurance"
            else "EXP-AMD-2", _rows(json.dumps(rows, default=str)), items, fee, basis, why)


# ---- codes looked up as they are typed on the entry forms ----

# Kinds of package (UN/ECE Recommendation 21 codes as ICES takes them); no directory holds
# them yet: they are a short list, matched here.
PACKAGE_KINDS = (
    ("BAG", "bag"), ("BAL", "bale"), ("BDL", "bundle"), ("BOX", "box"), ("BRL", "barrel"),
    ("BXS", "boxes (sets)"), ("CAN", "can"), ("CAS", "case"), ("CRT", "crate"),
    ("CTN", "carton"), ("CYL", "cylinder"), ("DRM", "drum"), ("JAR", "jar"),
    ("PAL", "pallet"), ("PCS", "pieces"), ("PKG", "package"), ("PLT", "pallet (plt)"),
    ("ROL", "roll"), ("SAK", "sack"), ("SET", "set"), ("SKD", "skid"), ("TIN", "tin"),
    ("TNK", "tank"), ("UNT", "unit"), ("CNT", "container"),
)


def _ranked(hits: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The code typed first, then codes starting with it, then names starting with it,
    then the rest (each in code order)."""
    up = text.strip().upper()

    def rank(hit: tuple[str, str]) -> tuple[int, str]:
        code, name = hit[0].upper(), hit[1].upper()
        order = (0 if code == up else 1 if code.startswith(up) else
                 2 if name.startswith(up) else 3)
        return order, code

    return sorted(hits, key=rank)


def code_hits(core: Core, kind: str, text: str, limit: int = 8, *, iec: str = "",
              port: str = "") -> list[tuple[str, str]]:
    """(code, name) pairs for what is typed in a coded field of an entry form: the kinds of
    ``directories.search_codes``, and ``ad`` (the AD codes registered for the IEC at the
    port first, EXP-REG-4, then RBI's directory), ``package`` (kinds of package) and
    ``dbk`` (drawback serials in force today)."""
    from sqlalchemy import or_

    from console.directories import search_codes

    text = text.strip()
    if kind == "package":
        up = text.upper()
        return [(c, n) for c, n in PACKAGE_KINDS
                if c.startswith(up) or up.lower() in n][:limit]
    if kind not in ("ad", "dbk"):
        return _ranked(search_codes(core, kind, text, 200), text)[:limit]
    with core.db.read() as s:
        if kind == "dbk":
            today = core.today()
            q = select(t.DrawbackRate.serial, t.DrawbackRate.description).where(
                t.DrawbackRate.effective_from <= today,
                or_(t.DrawbackRate.effective_to.is_(None), t.DrawbackRate.effective_to >= today))
            if text:
                q = q.where(or_(t.DrawbackRate.serial.ilike(f"{text}%"),
                                t.DrawbackRate.description.ilike(f"%{text}%")))
            return [(c, n) for c, n in s.exec(q.order_by(t.DrawbackRate.serial).limit(limit))]
        match = or_(t.AdCode.code.ilike(f"{text}%"), t.AdCode.bank.ilike(f"%{text}%"),
                    t.AdCode.city.ilike(f"%{text}%"))
        out: list[tuple[str, str]] = []
        if iec.strip():
            q = select(t.AdCode.code, t.AdCode.bank, t.AdCode.branch).join(
                t.AdRegistration, t.AdRegistration.ad_code == t.AdCode.code).where(
                t.AdRegistration.iec == iec.strip().upper())
            if port.strip():
                q = q.where(t.AdRegistration.port_code == port.strip().upper())
            out = [(c, f"{b} {br} (registered)".replace("  ", " "))
                   for c, b, br in s.exec(q.where(match).order_by(t.AdCode.code).limit(limit))]
        have = {c for c, _ in out}
        more = s.exec(select(t.AdCode.code, t.AdCode.bank, t.AdCode.city).where(match)
                      .order_by(t.AdCode.code).limit(limit))
        out += [(c, f"{b} {city}".strip()) for c, b, city in more if c not in have]
        return out[:limit]

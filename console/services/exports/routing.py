"""Routing a submitted SB (EXP-RMS-1/2, EXP-ASM-1/2/3) and keeping the RMS rules.

RMS (``console.rules.rms``) decides the route and attaches CCRs; the AC/DC
thresholds apply whatever RMS says. An SB whose route needs assessment, or
whose scheme the Appraiser must assess whatever RMS says (EXP-ASM-2: advance,
DFRC, EOU, EPCG, DEPB; EXP-ASM-3: DEPB in the DEPB cell), goes to the
Appraiser, then to the AC/DC where a rule holds it; otherwise straight to the
AC/DC, if a rule holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam
from sqlmodel import Session, select

import db.tables as t
from console.acts.rms import RULE
from console.acts.sb import SB
from console.core import Core
from console.errors import InvalidInput
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor, system_actor
from console.rules import rms, thresholds
from console.rules.params import parameter
from console.services.exports.sb_common import ASSESSMENT_ROUTES, S, child_rows
from db import refcache
from db.sequences import next_number

# Descriptions of the CCR codes RMS attaches (EXP-RMS-2); unknown codes show bare.
CCR_DESCRIPTIONS = {
    "DC-NOC": "Drug Controller's no-objection certificate",
    "MPEDA": "MPEDA registration / health certificate for marine products",
    "MEP": "Minimum export price",
    "NCB": "Narcotics Control Bureau clearance",
    "PQ": "Plant quarantine (phytosanitary) certificate",
    "WCCB": "Wildlife Crime Control Bureau clearance",
}


def limits(s: Session, on: date, location: str) -> thresholds.Limits:
    def p(key: str) -> Decimal:
        return parameter(s, key, on, location)

    return thresholds.Limits(p("EXP-ASM-1.i"), p("EXP-ASM-1.ii"), p("EXP-ASM-1.iii"),
                             p("EXP-ASM-3.fob"), p("EXP-ASM-3.rate"))


def _scheme_categories(s: Session) -> dict[str, str]:
    return refcache.cached(s, "scheme_categories", (), lambda: {
        c.code: c.category for c in s.exec(select(t.SchemeCode))})


def acdc_rule_for(s: Session, sb: t.ShippingBill, items: Sequence, on: date) -> str:
    cats = _scheme_categories(s)
    item_cats = {cats.get(i.scheme_code, "") for i in items}
    depb = [i for i in items if cats.get(i.scheme_code) == "depb"]
    return thresholds.acdc_rule(
        sb.category, item_cats, sb.free_trade_sample, from_paise(sb.fob_inr_paise),
        from_paise(sb.drawback_paise), from_paise(sum(i.fob_inr_paise for i in depb)),
        max((i.depb_rate or Decimal(0) for i in depb), default=Decimal(0)),
        limits(s, on, sb.location_code))


def first_state(s: Session, sb: t.ShippingBill, items: Sequence, route: str) -> S:
    """Where an SB goes after RMS: to the Appraiser when the route needs assessment or the
    scheme does (EXP-ASM-2/3: advance, DFRC, EOU, EPCG and DEPB SBs are assessed by the
    Appraiser, RMS cannot waive it); else to the AC/DC when a rule of EXP-ASM-1/3 holds it
    (``sb.acdc_rule`` already decided); else facilitated, or assessed when RMS wants only
    an examination."""
    cats = _scheme_categories(s)
    if route in ASSESSMENT_ROUTES or thresholds.appraiser_first(
            {cats.get(i.scheme_code, "") for i in items}):
        return S.AWAITING_ASSESSMENT
    if sb.acdc_rule and not sb.acdc_cleared_by:
        return S.AWAITING_ACDC
    return S.FACILITATED if route == "facilitated" else S.ASSESSED


def issue_cess_challan(s: Session, sb: t.ShippingBill) -> None:
    """A dutiable SB gets its cess challan number when assessment is over (EXP-CES-1)."""
    if sb.cess_paise and sb.cess_challan_no is None:
        sb.cess_challan_no = next_number(s, "CHALLAN")


_CCR_CODES = select(t.SbCcr.__table__.c.code).where(t.SbCcr.__table__.c.sb_id == bindparam("sid"))


def route_sb(s: Session, core: Core, sb: t.ShippingBill, items: Sequence | None = None
             ) -> None:
    """Route a just-submitted SB, in the submitting transaction (EXP-RMS-1). ``items``: its
    items as the submission read them (``child_rows``), else read here."""
    if items is None:
        items = child_rows(s, t.SbItem, sb.id, "sl")
    on = sb.sb_date
    decl = rms.Declaration("SB", sb.sb_no, sb.iec, sb.country_of_destination, sb.fob_inr_paise,
                           tuple(i.tariff_item for i in items),
                           tuple(sorted({i.scheme_code for i in items})))
    pct = parameter(s, "RMS.random_exam_pct", on, sb.location_code)
    decision = rms.route(s, decl, on, pct)
    sb.route, sb.rms_rule_id, sb.rms_note = decision.route, decision.rule_id, decision.note[:200]
    sb.acdc_rule = acdc_rule_for(s, sb, items, on)
    have = set(s.execute(_CCR_CODES, {"sid": sb.id}).scalars()) if decision.ccrs else set()
    for code in decision.ccrs:
        if code not in have:
            s.add(t.SbCcr(sb_id=sb.id, code=code, description=CCR_DESCRIPTIONS.get(code, "")))
    to = first_state(s, sb, items, decision.route)
    if to in (S.FACILITATED, S.ASSESSED):
        issue_cess_challan(s, sb)
    why = f"{decision.route}: {decision.note}"
    if decision.ccrs:
        why += f"; CCR {', '.join(decision.ccrs)}"
    if sb.acdc_rule:
        why += f"; AC/DC clearance ({sb.acdc_rule})"
    transition(s, core, system_actor(sb.location_code), sb, SB["route"], to=to, reason=why)


# ---- the RMS rules, kept by a supervisor (AC/DC or higher) ----


@dataclass(frozen=True)
class RmsRuleView:
    id: int
    name: str
    document: str
    priority: int
    active: bool
    iec: str
    tariff_prefix: str
    country: str
    scheme_code: str
    value_from: Decimal | None
    value_to: Decimal | None
    route: str
    ccrs: str
    effective_from: date
    effective_to: date | None
    created_by: str
    state: str = ""  # the rule's state in the RMS table (active, inactive)
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)


def _rule_view(r: t.RmsRule, actor: Actor | None = None) -> RmsRuleView:
    acts = () if actor is None else tuple(f"{RULE.kind}.{n}" for n in RULE.open_to(actor, r))
    return RmsRuleView(
        r.id, r.name, r.document, r.priority, r.active, r.iec, r.tariff_prefix, r.country,
        r.scheme_code, None if r.value_from_paise is None else from_paise(r.value_from_paise),
        None if r.value_to_paise is None else from_paise(r.value_to_paise), r.route, r.ccrs,
        r.effective_from, r.effective_to, r.created_by, RULE.state_of(r), acts)


RULE_FIELDS = ("name", "document", "priority", "iec", "tariff_prefix", "country", "scheme_code",
               "value_from", "value_to", "route", "ccrs", "effective_from", "effective_to")


def _set_fields(s: Session, rule: t.RmsRule, fields: dict) -> None:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], f"not a rule field; one of {', '.join(RULE_FIELDS)}")
    for key, value in fields.items():
        if key in ("value_from", "value_to"):
            setattr(rule, f"{key}_paise",
                    None if value in (None, "") else int(Decimal(str(value)) * 100))
        elif key in ("effective_from", "effective_to") and isinstance(value, str):
            setattr(rule, key, date.fromisoformat(value) if value else None)
        else:
            setattr(rule, key, value.strip().upper() if key in ("iec", "country") and value
                    else value)
    if not (rule.name or "").strip():
        raise InvalidInput("name", "required")
    if rule.document not in ("SB", "CSB"):
        raise InvalidInput("document", "SB or CSB")
    routes = rms.SB_ROUTES if rule.document == "SB" else rms.CSB_ROUTES
    if rule.route not in routes:
        raise InvalidInput("route", f"{rule.route!r}: one of {', '.join(routes)}", "EXP-RMS-1")
    if rule.tariff_prefix and not (rule.tariff_prefix.isdigit() and len(rule.tariff_prefix) <= 8):
        raise InvalidInput("tariff_prefix", "up to 8 digits (chapter, heading or item)")
    if rule.scheme_code and s.get(t.SchemeCode, rule.scheme_code) is None:
        raise InvalidInput("scheme_code", f"{rule.scheme_code!r} is not a scheme code",
                           "EXP-REG-7")
    if rule.country and s.get(t.Country, rule.country) is None:
        raise InvalidInput("country", f"{rule.country!r} is not a country code", "EXP-REG-7")
    if rule.iec and s.get(t.Iec, rule.iec) is None:
        raise InvalidInput("iec", f"{rule.iec!r} is not a registered IEC", "EXP-REG-1")
    if rule.effective_to and rule.effective_to < rule.effective_from:
        raise InvalidInput("effective_to", "before effective_from")


def list_rms_rules(core: Core, document: str = "SB", include_inactive: bool = True
                   ) -> list[RmsRuleView]:
    with core.db.read() as s:
        q = select(t.RmsRule).where(t.RmsRule.document == document)
        if not include_inactive:
            q = q.where(t.RmsRule.active)
        return [_rule_view(r) for r in s.exec(q.order_by(t.RmsRule.priority, t.RmsRule.id))]


def rms_rules(core: Core, actor: Actor, document: str = "SB") -> list[RmsRuleView]:
    """The RMS rules of ``document`` (SB or CSB), active and inactive, in the order RMS
    tries them, each with the acts (``RMS.*``) open to ``actor`` on it (EXP-RMS-1)."""
    with core.db.read() as s:
        q = select(t.RmsRule).where(t.RmsRule.document == document)
        return [_rule_view(r, actor) for r in s.exec(q.order_by(t.RmsRule.priority,
                                                                  t.RmsRule.id))]


def add_rms_rule(core: Core, actor: Actor, **fields) -> RmsRuleView:
    """Add a risk rule (AC/DC or higher); in force from ``effective_from`` (default today)."""
    RULE.check(actor, "add")
    with core.db.write() as s:
        rule = t.RmsRule(name="", route="", effective_from=core.today(),
                         created_by=actor.username)
        _set_fields(s, rule, fields)
        s.add(rule)
        s.flush()
        transition(s, core, actor, rule, RULE["add"], reason=f"{rule.name}: {rule.route}")
        return _rule_view(rule)


def edit_rms_rule(core: Core, actor: Actor, rule_id: int, **changes) -> RmsRuleView:
    with core.db.write() as s:
        rule = RULE.take(s, actor, "edit", rule_id)
        _set_fields(s, rule, changes)
        transition(s, core, actor, rule, RULE["edit"],
                   reason=", ".join(f"{k}={v}" for k, v in changes.items()))
        return _rule_view(rule)


def deactivate_rms_rule(core: Core, actor: Actor, rule_id: int, reason: str) -> RmsRuleView:
    if not reason.strip():
        raise InvalidInput("reason", "say why the rule is disabled")
    with core.db.write() as s:
        rule = RULE.take(s, actor, "disable", rule_id)
        transition(s, core, actor, rule, RULE["disable"], reason=reason)
        return _rule_view(rule)

"""The Risk Management System's routing rules, kept as data (EXP-RMS-1/2, CSB-1).

A rule matches a declaration when every criterion it sets matches; unset
criteria match anything. Rules are tried by priority (lowest first); the
first match gives the route and its CCRs. When none matches, a random
selection at the configured rate (parameter ``RMS.random_exam_pct``) sends the
declaration to examination, otherwise it is facilitated. The random draw is
seeded by the document number so the same declaration always routes the same
way (reproducible for audit).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

import db.tables as t
from db import refcache

SB_ROUTES = ("facilitated", "assessment", "examination", "assessment_and_examination")
CSB_ROUTES = ("facilitated", "assessment_only", "assessment_and_examination")


@dataclass(frozen=True)
class Declaration:
    """What RMS looks at: one declaration with its items' tariff and scheme codes."""

    document: str  # SB or CSB
    number: int
    iec: str
    country: str
    value_paise: int
    tariff_items: tuple[str, ...] = ()
    scheme_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    route: str
    rule_id: int | None
    note: str
    ccrs: tuple[str, ...] = field(default_factory=tuple)


def matches(rule: t.RmsRule, d: Declaration) -> bool:
    if rule.iec and rule.iec != d.iec:
        return False
    if rule.country and rule.country != d.country:
        return False
    if rule.tariff_prefix and not any(i.startswith(rule.tariff_prefix) for i in d.tariff_items):
        return False
    if rule.scheme_code and rule.scheme_code not in d.scheme_codes:
        return False
    if rule.value_from_paise is not None and d.value_paise < rule.value_from_paise:
        return False
    return not (rule.value_to_paise is not None and d.value_paise > rule.value_to_paise)


def active_rules(session: Session, document: str, on: date) -> list[t.RmsRule]:
    """The rules in force on ``on``, in priority order: read-only copies from the reference
    cache (a supervisor's edit bumps its generation, ``db.refcache``)."""
    return list(refcache.cached(session, "rms_rules", (document, on), lambda: tuple(
        refcache.copy_of(r) for r in session.exec(
            select(t.RmsRule)
            .where(
                t.RmsRule.document == document,
                t.RmsRule.active,
                t.RmsRule.effective_from <= on,
                or_(t.RmsRule.effective_to.is_(None), t.RmsRule.effective_to >= on),
            )
            .order_by(t.RmsRule.priority, t.RmsRule.id)))))


def decide(rules: list[t.RmsRule], d: Declaration, random_pct: Decimal) -> Decision:
    """Pure: the route for ``d`` under ``rules``."""
    for rule in rules:
        if matches(rule, d):
            ccrs = tuple(c.strip() for c in rule.ccrs.split(",") if c.strip())
            return Decision(rule.route, rule.id, f"rule {rule.id}: {rule.name}", ccrs)
    draw = random.Random(f"{d.document}:{d.number}").uniform(0, 100)
    if draw < float(random_pct):  # a probability, not money
        exam = "examination" if d.document == "SB" else "assessment_and_examination"
        return Decision(exam, None, f"random selection ({random_pct}%)")
    return Decision("facilitated", None, "no rule matched")


def route(session: Session, d: Declaration, on: date, random_pct: Decimal) -> Decision:
    return decide(active_rules(session, d.document, on), d, random_pct)

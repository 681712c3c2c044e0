"""Effective-dated rule parameters and exchange rates: the figure in force on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

import db.tables as t
from console.errors import InvalidInput, RuleViolation
from db import refcache


def parameter(session: Session, key: str, on: date, location: str = "") -> Decimal:
    """The value of ``key`` in force on ``on``; a location's own row beats the national one."""
    return refcache.cached(session, "parameter", (key, on, location),
                           lambda: _parameter(session, key, on, location))


def _parameter(session: Session, key: str, on: date, location: str) -> Decimal:
    row = _in_force(session, key, on, location)
    if row is None:
        raise RuleViolation(key.split(".")[0], f"no value of {key} is in force on {on:%d.%m.%Y}")
    return row.value


@dataclass(frozen=True)
class InForce:
    """A parameter's row in force: its figure, where it applies, since when, its source."""

    key: str
    value: Decimal
    location_code: str
    effective_from: date
    source: str


def parameter_in_force(session: Session, key: str, on: date,
                       location: str = "") -> InForce | None:
    """The row of ``key`` in force on ``on`` with its source, or None where none is: for a
    figure a view shows where one is published (a target), not one a rule cannot run
    without. A location's own row beats the national one."""
    def load() -> InForce | None:
        row = _in_force(session, key, on, location)
        return None if row is None else InForce(row.key, row.value, row.location_code,
                                                row.effective_from, row.source)

    return refcache.cached(session, "parameter_in_force", (key, on, location), load)


def _in_force(session: Session, key: str, on: date, location: str) -> t.RuleParameter | None:
    rows = session.exec(
        select(t.RuleParameter)
        .where(
            t.RuleParameter.key == key,
            t.RuleParameter.effective_from <= on,
            or_(t.RuleParameter.effective_to.is_(None), t.RuleParameter.effective_to >= on),
            t.RuleParameter.location_code.in_(["", location]),
        )
        .order_by(t.RuleParameter.effective_from.desc())
    ).all()
    own = [r for r in rows if r.location_code == location and location]
    return (own or rows or [None])[0]


def exchange_rate(session: Session, currency: str, on: date,
                  kind: str = "export") -> tuple[Decimal, int]:
    """Notified rate (rupees per ``units``) in force on ``on`` (EXP-REG-6, IMP-REG-3).

    Raises when the currency has no notified rate that day: the operator must
    then key the bank-certified rate.
    """
    return refcache.cached(session, "exchange_rate", (currency, on, kind),
                           lambda: _exchange_rate(session, currency, on, kind))


def _exchange_rate(session: Session, currency: str, on: date,
                   kind: str) -> tuple[Decimal, int]:
    row = session.exec(
        select(t.ExchangeRate)
        .where(
            t.ExchangeRate.currency == currency,
            t.ExchangeRate.effective_from <= on,
            or_(t.ExchangeRate.effective_to.is_(None), t.ExchangeRate.effective_to >= on),
        )
        .order_by(t.ExchangeRate.effective_from.desc())
    ).first()
    if row is None:
        raise InvalidInput(
            "currency",
            f"{currency} has no notified rate on {on:%d.%m.%Y}: key the bank-certified rate "
            "and submit the SB the same day",
            "EXP-REG-6",
        )
    return (row.export_rate if kind == "export" else row.import_rate), row.units

"""Effective-dated rule parameters and exchange rates: the figure in force on a date."""

from __future__ import annotations

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
    if not rows:
        raise RuleViolation(key.split(".")[0], f"no value of {key} is in force on {on:%d.%m.%Y}")
    own = [r for r in rows if r.location_code == location and location]
    return (own or rows)[0].value


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

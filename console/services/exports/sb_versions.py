"""The kept versions of a Shipping Bill and what each changed (EXP-AMD-2): read only, so
the enquiry and ``ices sb show`` read them without the amendment machinery (issue 20)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

import db.tables as t
from console.core import Core
from console.services.exports.sb_common import load_sb


def same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if a in (None, "") and b in (None, ""):
        return True
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return str(a).strip().upper() == str(b).strip().upper()


@dataclass(frozen=True)
class SbVersionView:
    version_no: int
    label: str
    request_id: int | None
    taken_by: str
    taken_at: datetime
    snapshot: dict
    changed: tuple[str, ...]  # what differs from the previous version ("item 1 quantity")
    differences: tuple[tuple[str, Any, Any], ...] = ()  # (what, before, after)


def differences(prev: dict | None, cur: dict) -> tuple[tuple[str, Any, Any], ...]:
    """(what, before, after) for each field that differs from the previous version."""
    if prev is None:
        return ()
    out = [(k, prev.get(k), cur[k]) for k in cur
           if k not in ("invoices", "items") and not same(prev.get(k), cur[k])]
    for part in ("invoices", "items"):
        a, b = prev.get(part, []), cur.get(part, [])
        for n in range(max(len(a), len(b))):
            name = f"{part[:-1]} {n + 1}"
            if n >= len(a):
                out.append((f"{name} added", None, None))
            elif n >= len(b):
                out.append((f"{name} removed", None, None))
            else:
                out += [(f"{name} {k}", a[n].get(k), b[n][k]) for k in b[n]
                        if not same(a[n].get(k), b[n][k])]
    return tuple(out)


def versions(s: Session, sb: t.ShippingBill) -> list[SbVersionView]:
    """Every kept version of an SB, oldest first, each with what changed from the one
    before; an SB never amended has none (its current state is the only version)."""
    rows = s.exec(select(t.SbVersion).where(t.SbVersion.sb_id == sb.id)
                  .order_by(t.SbVersion.version_no)).all()
    out, prev = [], None
    for r in rows:
        snap = json.loads(r.snapshot)
        diff = differences(prev, snap)
        out.append(SbVersionView(r.version_no, r.label, r.request_id, r.taken_by, r.taken_at,
                                 snap, tuple(d[0] for d in diff), diff))
        prev = snap
    return out


def sb_versions(core: Core, sb_no: int) -> list[SbVersionView]:
    """``versions`` of SB ``sb_no``."""
    with core.db.read() as s:
        return versions(s, load_sb(s, sb_no, lock=False))

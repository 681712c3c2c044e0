"""The courier terminal's registry (courier.md): authorised couriers, registered by the
registration clerk (``console.acts.courier``), and the Auto-LEO rules — data, loaded from
``fixtures/reference/autoleo_rules.csv`` the first time a database needs them
(``ensure_autoleo_rules``), or explicitly by ``load_autoleo_rules`` (CSB-2, CSB-3, CSB-5).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

import db.tables as t
from console.acts.courier import COURIER
from console.core import Core
from console.errors import InvalidInput
from console.lifecycle import transition
from console.roles import Actor
from console.rules import rms

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "fixtures" / "reference"
AUTOLEO_FILES = ("autoleo_rules.csv",)  # first one present wins
AUTOLEO_LOADED = "csb.autoleo_loaded"  # Setting key: rules loaded once per database


# ---------------------------------------------------------------- Auto-LEO rules (data)


def _yes(value: Any) -> bool:
    return str(value or "").strip().upper() in {"Y", "YES", "TRUE", "1"}


def parse_autoleo_rule(r: Mapping[str, Any], s: Session | None = None,
                       now: Any = None) -> t.AutoLeoRule:
    """One CSV row → ``AutoLeoRule`` (raises ValueError naming the field).

    The signature matches ``console.directories.Kind.parse`` so the directory importer
    can load the file too.
    """
    def _d(name: str, required: bool = True) -> date | None:
        raw = str(r.get(name) or "").strip()
        if not raw:
            if required:
                raise ValueError(f"{name}: required")
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{name} {raw!r}: expected YYYY-MM-DD") from None

    rule_id = str(r.get("rule_id") or "").strip()
    if not rule_id:
        raise ValueError("rule_id: required")
    route = str(r.get("rms_route") or "").strip().lower()
    if route not in rms.CSB_ROUTES:
        raise ValueError(f"rms_route {route!r}: one of {', '.join(rms.CSB_ROUTES)}")
    frm, to = _d("effective_from"), _d("effective_to", required=False)
    if to is not None and frm is not None and to < frm:
        raise ValueError("effective_to is before effective_from")
    circular = str(r.get("circular") or "").strip()
    if not circular:
        raise ValueError("circular: required (CSB-6 records it with every Auto-LEO)")
    return t.AutoLeoRule(
        rule_id=rule_id, effective_from=frm, effective_to=to, rms_route=route,
        requires_assessment_without_exam_mandate=_yes(
            r.get("requires_assessment_without_exam_mandate")),
        circular=circular)


def autoleo_rules_file(directory: Path = REFERENCE_DIR) -> Path | None:
    for name in AUTOLEO_FILES:
        if (directory / name).exists():
            return directory / name
    return None


def load_autoleo_rules(s: Session, path: Path | None = None) -> int:
    """Upsert the Auto-LEO rules from ``path`` (default: the reference file), keyed by
    (rule_id, rms_route, effective_from). Returns the number of rows read."""
    path = path or autoleo_rules_file()
    if path is None:
        return 0
    count = 0
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            try:
                row = parse_autoleo_rule({(k or "").strip(): v for k, v in raw.items()})
            except ValueError as exc:
                raise InvalidInput(f"{path.name} line {line}", str(exc)) from None
            existing = s.exec(select(t.AutoLeoRule).where(
                t.AutoLeoRule.rule_id == row.rule_id, t.AutoLeoRule.rms_route == row.rms_route,
                t.AutoLeoRule.effective_from == row.effective_from)).first()
            if existing is None:
                s.add(row)
            else:
                for name in ("effective_to", "requires_assessment_without_exam_mandate",
                             "circular"):
                    setattr(existing, name, getattr(row, name))
                s.add(existing)
            count += 1
    setting = s.get(t.Setting, AUTOLEO_LOADED) or t.Setting(key=AUTOLEO_LOADED, value="")
    setting.value = path.name
    s.add(setting)
    s.flush()
    return count


def ensure_autoleo_rules(s: Session) -> None:
    """Load the Auto-LEO rules the first time a database needs them (init hook)."""
    if s.get(t.Setting, AUTOLEO_LOADED) is None:
        load_autoleo_rules(s)


def autoleo_rule_for(rules: Iterable[t.AutoLeoRule], route: str, *, assessed: bool,
                     exam_mandated: bool | None, on: date) -> t.AutoLeoRule | None:
    """Pure: the Auto-LEO rule in force on ``on`` for a CSB of RMS ``route`` that was
    (or was not) assessed without an examination mandate (CSB-2, CSB-3, CSB-5)."""
    best: t.AutoLeoRule | None = None
    for r in rules:
        if r.rms_route != route or r.effective_from > on:
            continue
        if r.effective_to is not None and r.effective_to < on:
            continue
        if r.requires_assessment_without_exam_mandate and (not assessed or exam_mandated):
            continue
        if best is None or r.effective_from > best.effective_from:
            best = r
    return best


def autoleo_rules(core: Core) -> list[t.AutoLeoRule]:
    """The Auto-LEO rules, oldest first (enquiry)."""
    with core.db.write() as s:
        ensure_autoleo_rules(s)
        return list(s.exec(select(t.AutoLeoRule).order_by(t.AutoLeoRule.effective_from)))


# ---------------------------------------------------------------- couriers


def register_courier(core: Core, actor: Actor, code: str, name: str, licence_no: str, *,
                     location_code: str | None = None, valid_from: date | None = None,
                     valid_to: date | None = None) -> t.Courier:
    """Register an authorised courier at a courier terminal (the registration clerk posted
    there)."""
    COURIER.check(actor, "register")
    code = code.strip().upper()
    if not (2 <= len(code) <= 10 and code.isalnum()):
        raise InvalidInput("code", f"{code!r}: 2 to 10 letters or digits")
    if not name.strip():
        raise InvalidInput("name", "required")
    if not licence_no.strip():
        raise InvalidInput("licence_no", "the registration under the Courier Regulations")
    location = location_code or actor.location_code
    with core.db.write() as s:
        if s.get(t.Port, location) is None:
            raise InvalidInput("location", f"{location!r} is not in the port directory")
        COURIER.check(actor, "register", location=location)
        if s.get(t.Courier, code) is not None:
            raise InvalidInput("code", f"courier {code} is already registered")
        row = t.Courier(code=code, name=name.strip(), licence_no=licence_no.strip(),
                        location_code=location, valid_from=valid_from or core.today(),
                        valid_to=valid_to, registered_at=core.now(),
                        registered_by=actor.username)
        s.add(row)
        transition(s, core, actor, row, COURIER["register"],
                   reason=f"{name.strip()} ({licence_no.strip()}) at {location}")
        return row


def list_couriers(core: Core, location_code: str | None = None) -> list[t.Courier]:
    with core.db.read() as s:
        q = select(t.Courier).order_by(t.Courier.code)
        if location_code:
            q = q.where(t.Courier.location_code == location_code)
        rows = list(s.exec(q))
        s.expunge_all()  # usable after the read transaction ends (its rollback expires them)
        return rows


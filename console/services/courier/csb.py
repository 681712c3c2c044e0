"""Courier Shipping Bills in ECCS: filing (one at a time or a bulk file), RMS
interdiction, assessment, X-ray, Auto-LEO by the rule in force, and the officer route
(courier.md, CSB-1..6).

The life of a CSB::

    filed ──RMS (CSB-1)──▶ facilitated | assessment_only | assessment_and_examination
    assessment_only ──assess, no exam mandated──▶ assessed
    assessment_only ──assess, exam mandated (or X-ray flagged)──▶ for_examination
    assessment_and_examination ──assess──▶ for_examination
    facilitated | assessed ──X-ray flagged──▶ for_examination          (CSB-4)
    for_examination ──examination report (EXM)──▶ examined
    facilitated | assessed ──X-ray cleared + Auto-LEO rule──▶ let_export   by SYSTEM
    facilitated | assessed (X-ray cleared) | examined ──LEO (APR)──▶ let_export

The X-ray result is a property of the parcel (``xray_result``), not a state: a parcel
may be X-rayed before or after its assessment. Auto-LEO (CSB-2, CSB-3) is given by the
system *the moment its conditions hold* — at the X-ray, or at the assessment when the
parcel was X-ray-cleared first (CSB-5) — under the ``AutoLeoRule`` in force on the
**X-ray clearance date** (CSB-5), and is recorded as given by ``SYSTEM`` with the rule
and circular (CSB-6). Everything else goes the officer route (CSB-4).

Design choices the spec leaves open, stated once here:

* One CSB is one consignment and passes the X-ray lane as one parcel; the lane scans
  the CSB number (or the courier's HAWB label). A parcel is X-rayed once.
* An X-ray-flagged parcel needs examination and an officer's LEO (CSB-4), whatever
  its RMS route.
* Every LEO, manual too, needs the parcel X-rayed first.
* The Auto-LEO rule is the one in force on the X-ray clearance date, also when the
  assessment completes on a later date (CSB-5: "the rule in force on the date of
  X-ray clearance decides").
* Filing is done by the service-centre operator (``OPR``), who keys a CSB or loads
  the courier's bulk file; couriers do not log in (roles.md).
* Rule tags outside the numbered rules: ``CSB-IV`` / ``CSB-V`` (the form's value
  limit, from ``parameters.csv``), ``CSB-DUTY`` (goods liable to export duty cannot go
  by courier, courier.md), ``STATE`` (the act does not fit the CSB's state).

Auto-LEO rules are data (``AutoLeoRule``), loaded from
``fixtures/reference/autoleo_rules.csv`` the first time a database needs them
(``ensure_autoleo_rules``), or explicitly by ``load_autoleo_rules``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.core import Core
from console.errors import (
    Conflict,
    IcesError,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from console.lifecycle import old_check_version, old_note, old_transition
from console.money import from_paise, to_paise
from console.roles import Actor, Role, require, system_actor
from console.rules import rms
from console.rules.params import exchange_rate, parameter
from db.sequences import SERIES_START, next_number

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "fixtures" / "reference"
AUTOLEO_FILES = ("autoleo_rules.csv",)  # first one present wins
AUTOLEO_LOADED = "csb.autoleo_loaded"  # Setting key: rules loaded once per database
KIND = "CSB"  # audit doc_kind


class CsbState(StrEnum):
    FILED = "filed"  # only inside the filing transaction, before RMS answers
    FACILITATED = "facilitated"
    ASSESSMENT_ONLY = "assessment_only"
    ASSESSMENT_AND_EXAMINATION = "assessment_and_examination"
    ASSESSED = "assessed"
    FOR_EXAMINATION = "for_examination"
    EXAMINED = "examined"
    LET_EXPORT = "let_export"


S = CsbState
CSB_TRANSITIONS: dict[str, frozenset[str]] = {
    S.FILED: frozenset({S.FACILITATED, S.ASSESSMENT_ONLY, S.ASSESSMENT_AND_EXAMINATION}),
    S.FACILITATED: frozenset({S.LET_EXPORT, S.FOR_EXAMINATION}),
    S.ASSESSMENT_ONLY: frozenset({S.ASSESSED, S.FOR_EXAMINATION}),
    S.ASSESSMENT_AND_EXAMINATION: frozenset({S.FOR_EXAMINATION}),
    S.ASSESSED: frozenset({S.LET_EXPORT, S.FOR_EXAMINATION}),
    S.FOR_EXAMINATION: frozenset({S.EXAMINED}),
    S.EXAMINED: frozenset({S.LET_EXPORT}),
    S.LET_EXPORT: frozenset(),
}
AWAITING_ASSESSMENT = (S.ASSESSMENT_ONLY, S.ASSESSMENT_AND_EXAMINATION)
FORMS = {"III": "documents", "IV": "gifts, samples, prototypes", "V": "commercial goods"}


class XrayResult(StrEnum):
    CLEARED = "cleared"
    FLAGGED = "flagged"


# SB-style route names a shared RmsRule might carry, read as their CSB equivalents.
_ROUTE_FOR_CSB = {"assessment": S.ASSESSMENT_ONLY, "examination": S.ASSESSMENT_AND_EXAMINATION}


# ---------------------------------------------------------------- inputs and views


@dataclass(frozen=True)
class CsbInput:
    """One CSB as the courier declares it (a keyed form or a bulk-file row).

    The bulk file is a CSV whose header names these fields (``BULK_COLUMNS``).
    """

    courier: str
    hawb: str
    form: str
    consignee_name: str
    consignee_country: str
    value: Decimal | str
    description: str
    gross_weight_kg: Decimal | str
    packages: int | str = 1
    currency: str = "INR"
    consignee_address: str = ""
    consignor_iec: str = ""
    consignor_name: str = ""
    consignor_address: str = ""
    consignor_kyc: str = ""
    tariff_item: str = ""


BULK_COLUMNS = tuple(f.name for f in fields(CsbInput))
REQUIRED_COLUMNS = ("courier", "hawb", "form", "consignee_name", "consignee_country", "value",
                    "description", "gross_weight_kg")


@dataclass(frozen=True)
class CsbView:
    """What screens, the CLI and prints show of one CSB."""

    csb_no: int
    csb_date: date
    location_code: str
    state: str
    version: int
    courier_code: str
    hawb_no: str
    form: str
    consignor_iec: str
    consignor_name: str
    consignee_name: str
    consignee_country: str
    currency: str
    value_fc: Decimal
    value_inr: Decimal
    packages: int
    gross_weight_kg: Decimal
    description: str
    tariff_item: str
    route: str
    rms_note: str
    assessed_by: str
    assessed_at: datetime | None
    exam_mandated: bool | None
    xray_result: str
    xray_at: datetime | None
    xray_by: str
    examined_by: str
    examined_at: datetime | None
    exam_report: str
    leo_at: datetime | None
    leo_by: str
    autoleo_rule: str
    autoleo_circular: str
    awaiting: str  # what the CSB waits for, in words

    @property
    def auto_leo(self) -> bool:
        return self.leo_by == "SYSTEM"


def _awaiting(c: t.CourierShippingBill) -> str:
    if c.state == S.LET_EXPORT:
        how = f"Auto-LEO {c.autoleo_rule}" if c.leo_by == "SYSTEM" else f"LEO by {c.leo_by}"
        return f"nothing: {how}"
    if c.state in AWAITING_ASSESSMENT:
        return "assessment" + ("" if c.xray_result else " and X-ray")
    if c.state == S.FOR_EXAMINATION:
        return "examination" + ("" if c.xray_result else " and X-ray")
    if not c.xray_result:
        return "X-ray"
    return "LEO by the officer"


def csb_view(c: t.CourierShippingBill) -> CsbView:
    return CsbView(
        csb_no=c.csb_no, csb_date=c.csb_date, location_code=c.location_code, state=c.state,
        version=c.version, courier_code=c.courier_code, hawb_no=c.hawb_no, form=c.form,
        consignor_iec=c.consignor_iec or "", consignor_name=c.consignor_name,
        consignee_name=c.consignee_name, consignee_country=c.consignee_country,
        currency=c.currency, value_fc=c.value_fc, value_inr=from_paise(c.value_inr_paise),
        packages=c.packages, gross_weight_kg=c.gross_weight_kg, description=c.description,
        tariff_item=c.tariff_item, route=c.route, rms_note=c.rms_note,
        assessed_by=c.assessed_by, assessed_at=c.assessed_at, exam_mandated=c.exam_mandated,
        xray_result=c.xray_result, xray_at=c.xray_at, xray_by=c.xray_by,
        examined_by=c.examined_by, examined_at=c.examined_at, exam_report=c.exam_report,
        leo_at=c.leo_at, leo_by=c.leo_by, autoleo_rule=c.autoleo_rule,
        autoleo_circular=c.autoleo_circular, awaiting=_awaiting(c))


@dataclass
class BulkReport:
    """A bulk file's outcome: good rows filed, rows filed before (same HAWB), bad rows."""

    source: str
    filed: list[tuple[int, int, str]] = field(default_factory=list)  # (line, csb_no, hawb)
    already_filed: list[tuple[int, int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


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
    """Register an authorised courier at a courier terminal (registration clerk)."""
    require(actor, Role.CLK, Role.SYS, act="register couriers")
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
        if s.get(t.Courier, code) is not None:
            raise InvalidInput("code", f"courier {code} is already registered")
        row = t.Courier(code=code, name=name.strip(), licence_no=licence_no.strip(),
                        location_code=location, valid_from=valid_from or core.today(),
                        valid_to=valid_to, registered_at=core.now(),
                        registered_by=actor.username)
        s.add(row)
        audit.record(s, actor, core.now(), "COURIER", code, "register",
                     reason=f"{name.strip()} ({licence_no.strip()}) at {location}")
        return row


def list_couriers(core: Core, location_code: str | None = None) -> list[t.Courier]:
    with core.db.read() as s:
        q = select(t.Courier).order_by(t.Courier.code)
        if location_code:
            q = q.where(t.Courier.location_code == location_code)
        return _detached(s, list(s.exec(q)))


# ---------------------------------------------------------------- filing (CSB-1)


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()


def _decimal(value: Any, name: str) -> Decimal:
    try:
        d = Decimal(_text(value).replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(name, f"{value!r} is not a number") from None
    if not d.is_finite() or d < 0:
        raise InvalidInput(name, f"{value!r} must be a positive number")
    return d


class _Lookups:
    """Directory look-ups cached for one transaction (a bulk file asks the same ones
    thousands of times)."""

    def __init__(self, s: Session, location: str, on: date) -> None:
        self.s, self.location, self.on = s, location, on
        self._couriers: dict[str, t.Courier | None] = {}
        self._iecs: dict[str, tuple[str, str, bool] | None] = {}
        self._tariffs: dict[str, Decimal | None] = {}
        self._countries: dict[str, bool] = {}
        self._rates: dict[str, tuple[Decimal, int]] = {}
        self._limits: dict[str, Decimal] = {}
        self.rules = rms.active_rules(s, KIND, on)
        try:
            self.random_pct = parameter(s, "RMS.random_exam_pct", on, location)
        except RuleViolation:
            self.random_pct = Decimal(0)

    def courier(self, code: str) -> t.Courier | None:
        if code not in self._couriers:
            self._couriers[code] = self.s.get(t.Courier, code)
        return self._couriers[code]

    def iec(self, code: str) -> tuple[str, str, bool] | None:
        if code not in self._iecs:
            row = self.s.get(t.Iec, code)
            self._iecs[code] = (row.name, row.address, row.active) if row else None
        return self._iecs[code]

    def export_duty(self, item: str) -> Decimal | None:
        """The export duty rate of a tariff item; None if the item is not in the tariff."""
        if item not in self._tariffs:
            row = self.s.get(t.TariffItem, item)
            self._tariffs[item] = (row.export_duty_rate or Decimal(0)) if row else None
        return self._tariffs[item]

    def country(self, code: str) -> bool:
        if code not in self._countries:
            self._countries[code] = self.s.get(t.Country, code) is not None
        return self._countries[code]

    def rate(self, currency: str) -> tuple[Decimal, int]:
        if currency == "INR":
            return Decimal(1), 1
        if currency not in self._rates:
            if self.s.get(t.Currency, currency) is None:
                raise InvalidInput("currency", f"{currency!r} is not an ISO 4217 currency")
            self._rates[currency] = exchange_rate(self.s, currency, self.on)
        return self._rates[currency]

    def limit(self, form: str) -> Decimal:
        if form not in self._limits:
            self._limits[form] = parameter(self.s, f"CSB-{form}.max_value", self.on,
                                           self.location)
        return self._limits[form]


def _build(lk: _Lookups, actor: Actor, d: CsbInput, now: datetime,
           source: str) -> t.CourierShippingBill:
    """Validate one declaration and make its row (no number, no route yet)."""
    courier_code = _text(d.courier).upper()
    courier = lk.courier(courier_code)
    if courier is None:
        raise InvalidInput("courier", f"{courier_code!r} is not a registered courier")
    if (not courier.active or courier.location_code != lk.location
            or courier.valid_from > lk.on or (courier.valid_to and courier.valid_to < lk.on)):
        raise InvalidInput("courier", f"{courier_code} is not authorised to file at "
                           f"{lk.location} on {lk.on:%d.%m.%Y}")
    hawb = _text(d.hawb).upper().replace(" ", "")
    if not (1 <= len(hawb) <= 20 and all(ch.isalnum() or ch in "-/" for ch in hawb)):
        raise InvalidInput("hawb", f"{d.hawb!r}: 1 to 20 letters, digits, '-' or '/'")
    form = _text(d.form).upper().removeprefix("CSB-").removeprefix("CSB")
    if form not in FORMS:
        raise InvalidInput("form", f"{d.form!r}: CSB-III (documents), CSB-IV (gifts, samples) "
                           "or CSB-V (commercial goods)")
    # consignor
    iec = _text(d.consignor_iec).upper()
    if iec:
        found = lk.iec(iec)
        if found is None or not found[2]:
            raise RuleViolation("EXP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
        consignor_name, consignor_address = found[0], found[1]
        kyc = _text(d.consignor_kyc)
    else:
        if form == "V":
            raise InvalidInput("consignor_iec", "CSB-V (commercial goods) needs the "
                               "exporter's IEC")
        consignor_name, consignor_address = _text(d.consignor_name), _text(d.consignor_address)
        kyc = _text(d.consignor_kyc)
        if not consignor_name or not consignor_address or not kyc:
            raise InvalidInput("consignor", "without an IEC give the sender's name, address "
                               "and KYC document (e.g. PASSPORT:K1234567)")
    # consignee
    consignee = _text(d.consignee_name)
    if not consignee:
        raise InvalidInput("consignee_name", "required")
    country = _text(d.consignee_country).upper()
    if not lk.country(country):
        raise InvalidInput("consignee_country", f"{d.consignee_country!r} is not an ISO 3166 "
                           "country code")
    # goods
    description = _text(d.description)
    if not description:
        raise InvalidInput("description", "required")
    item = _text(d.tariff_item).replace(".", "").replace(" ", "")
    if item:
        if not (len(item) == 8 and item.isdigit()):
            raise InvalidInput("tariff_item", f"{d.tariff_item!r}: 8 digits")
        duty = lk.export_duty(item)
        if duty is None:
            raise InvalidInput("tariff_item", f"{item} is not in the customs tariff")
        if duty > 0:
            raise RuleViolation("CSB-DUTY", f"{item} is liable to export duty ({duty}%): such "
                                "goods cannot be exported by courier; file a shipping bill")
    elif form != "III":
        raise InvalidInput("tariff_item", f"required for CSB-{form}")
    try:
        packages = int(_text(d.packages) or 1)
    except ValueError:
        raise InvalidInput("packages", f"{d.packages!r} is not a whole number") from None
    if packages < 1:
        raise InvalidInput("packages", "at least 1")
    weight = _decimal(d.gross_weight_kg, "gross_weight_kg")
    if weight <= 0:
        raise InvalidInput("gross_weight_kg", "must be more than 0")
    # value, converted at the notified rate on the filing date
    currency = _text(d.currency or "INR").upper()
    value_fc = _decimal(d.value, "value")
    if value_fc <= 0 and form != "III":
        raise InvalidInput("value", f"CSB-{form} needs the declared value")
    rate, units = lk.rate(currency)
    value_paise = to_paise(value_fc * rate / units)
    if form in ("IV", "V"):
        limit = lk.limit(form)
        if value_paise > to_paise(limit):
            hint = " file it as CSB-V" if form == "IV" else " file a shipping bill"
            raise RuleViolation(f"CSB-{form}", (
                f"value ₹{from_paise(value_paise):,} is above the CSB-{form} limit of "
                f"₹{limit:,} in force on {lk.on:%d.%m.%Y}:{hint}"))
    return t.CourierShippingBill(
        csb_no=0, csb_date=lk.on, location_code=lk.location, courier_code=courier_code,
        hawb_no=hawb, form=form, state=S.FILED, consignor_iec=iec or None,
        consignor_name=consignor_name, consignor_address=consignor_address, consignor_kyc=kyc,
        consignee_name=consignee, consignee_address=_text(d.consignee_address),
        consignee_country=country, currency=currency, value_fc=value_fc, exchange_rate=rate,
        rate_units=units, value_inr_paise=value_paise, packages=packages,
        gross_weight_kg=weight, description=description, tariff_item=item,
        filed_by=actor.username, filed_at=now, source=source)


def _existing(s: Session, courier_code: str, hawb: str) -> t.CourierShippingBill | None:
    return s.exec(select(t.CourierShippingBill).where(
        t.CourierShippingBill.hawb_no == hawb,
        t.CourierShippingBill.courier_code == courier_code)).first()


def _existing_many(s: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """CSB numbers already filed for these (courier, HAWB) pairs."""
    if not keys:
        return {}
    csb = t.CourierShippingBill
    wanted = set(keys)
    rows = s.exec(select(csb.courier_code, csb.hawb_no, csb.csb_no).where(
        csb.hawb_no.in_(sorted({h for _, h in keys})))).all()
    return {(c, h): n for c, h, n in rows if (c, h) in wanted}


def _file_one(s: Session, core: Core, actor: Actor, lk: _Lookups,
              row: t.CourierShippingBill) -> None:
    """Number the CSB and subject it to RMS interdiction (CSB-1), in one record."""
    row.csb_no = next_number(s, KIND)
    decision = rms.decide(lk.rules, rms.Declaration(
        document=KIND, number=row.csb_no, iec=row.consignor_iec or "",
        country=row.consignee_country, value_paise=row.value_inr_paise,
        tariff_items=(row.tariff_item,) if row.tariff_item else ()), lk.random_pct)
    route = _ROUTE_FOR_CSB.get(decision.route, decision.route)
    if route not in rms.CSB_ROUTES:
        raise RuleViolation("CSB-1", f"RMS rule {decision.rule_id} gives route {route!r}, "
                            "which a CSB cannot take")
    row.route, row.rms_rule_id, row.rms_note = route, decision.rule_id, decision.note[:200]
    s.add(row)
    old_transition(s, core, actor, row, kind=KIND, ref=row.csb_no, allowed=CSB_TRANSITIONS,
               to_state=route, action="file", rule="CSB-1",
               reason=f"HAWB {row.courier_code}/{row.hawb_no}; RMS: {decision.note}")


def file_csb(core: Core, actor: Actor, data: CsbInput) -> CsbView:
    """File one CSB: validate, number it, route it by RMS (CSB-1)."""
    require(actor, Role.OPR, act="file Courier Shipping Bills")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        lk = _Lookups(s, actor.location_code, core.today())
        row = _build(lk, actor, data, core.now(), "keyed")
        dup = _existing(s, row.courier_code, row.hawb_no)
        if dup is not None:
            raise Conflict(f"HAWB {row.hawb_no} of {row.courier_code} is already filed as "
                           f"CSB {dup.csb_no}")
        _file_one(s, core, actor, lk, row)
        return csb_view(row)


def _rows_of(source: Path | str | Iterable[Mapping[str, Any]]
             ) -> tuple[str, Iterator[tuple[int, Mapping[str, Any]]]]:
    if isinstance(source, str | Path):
        path = Path(source)

        def read() -> Iterator[tuple[int, Mapping[str, Any]]]:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise InvalidInput(path.name, f"header lacks column(s) {', '.join(missing)}")
                yield from enumerate(reader, start=2)
        return path.name, read()
    return "rows", enumerate(source, start=2)


def _input_of(raw: Mapping[str, Any]) -> CsbInput:
    r = {(k or "").strip().lower(): v for k, v in raw.items() if k}
    missing = [c for c in REQUIRED_COLUMNS if not _text(r.get(c))]
    if missing:
        raise InvalidInput(missing[0], "required" + (
            f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""))
    return CsbInput(**{c: r[c] for c in BULK_COLUMNS if c in r and r[c] is not None})


def file_bulk(core: Core, actor: Actor, source: Path | str | Iterable[Mapping[str, Any]], *,
              chunk: int = 500) -> BulkReport:
    """File a courier's bulk file (CSV with ``BULK_COLUMNS``; or rows as dicts).

    Good rows are filed and routed by RMS; bad rows are reported by line with the
    reason and change nothing. A row whose HAWB this courier already filed is not filed
    again (reported as already filed with its CSB number), so a file fixed and sent
    again files only the rows that were bad. Rows are written ``chunk`` at a time, each
    row in its own savepoint.
    """
    require(actor, Role.OPR, act="file Courier Shipping Bills")
    name, rows = _rows_of(source)
    report = BulkReport(name)
    seen: dict[tuple[str, str], tuple[int, int]] = {}  # (courier, hawb) -> (line, csb_no)
    batch: list[tuple[int, Mapping[str, Any]]] = []

    def flush() -> None:
        with core.db.write() as s, s.no_autoflush:  # flushed row by row, below
            lk = _Lookups(s, actor.location_code, core.today())
            now = core.now()
            built: list[tuple[int, t.CourierShippingBill]] = []
            for line, raw in batch:  # validation writes nothing
                try:
                    built.append((line, _build(lk, actor, _input_of(raw), now, name[:120])))
                except IcesError as err:
                    report.errors.append((line, str(err)))
                except (TypeError, ValueError) as err:
                    report.errors.append((line, f"unreadable row: {err}"))
            before = _existing_many(s, [(r.courier_code, r.hawb_no) for _, r in built])
            for line, row in built:
                key = (row.courier_code, row.hawb_no)
                if key in seen:
                    report.errors.append((line, f"HAWB {row.hawb_no} repeats line "
                                          f"{seen[key][0]} of this file (CSB {seen[key][1]})"))
                    continue
                if key in before:
                    seen[key] = (line, before[key])
                    report.already_filed.append((line, before[key], row.hawb_no))
                    continue
                try:
                    with s.begin_nested():
                        _file_one(s, core, actor, lk, row)
                        s.flush()
                except IcesError as err:
                    report.errors.append((line, str(err)))
                except Exception as err:  # integrity errors and the like
                    report.errors.append((line, f"rejected by the database: "
                                          f"{err.__class__.__name__}"))
                else:
                    seen[key] = (line, row.csb_no)
                    report.filed.append((line, row.csb_no, row.hawb_no))
        batch.clear()

    for item in rows:
        batch.append(item)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    report.errors.sort()
    with core.db.write() as s:
        audit.record(s, actor, core.now(), "CSB_BULK", name[:40], "bulk_file", reason=(
            f"{len(report.filed)} filed, {len(report.already_filed)} already filed, "
            f"{len(report.errors)} rejected"))
    return report


# ---------------------------------------------------------------- finding a CSB


def _load(s: Session, csb_no: int | str) -> t.CourierShippingBill:
    try:
        number = int(str(csb_no).strip())
    except ValueError:
        raise InvalidInput("csb_no", f"{csb_no!r} is not a CSB number") from None
    row = s.exec(select(t.CourierShippingBill).where(t.CourierShippingBill.csb_no == number)
                 .with_for_update()).first()
    if row is None:
        raise NotFound(f"no CSB {number}")
    return row


def _here(c: t.CourierShippingBill, actor: Actor) -> None:
    """Officers act on the CSBs filed at their own courier terminal."""
    if c.location_code != actor.location_code:
        raise NotPermitted(f"CSB {c.csb_no} is filed at {c.location_code}; "
                           f"{actor.username} works at {actor.location_code}")


def _is_csb_number(text: str) -> bool:
    starts = sorted(SERIES_START.values())
    first = SERIES_START[KIND]
    later = [v for v in starts if v > first]
    return text.isdigit() and first <= int(text) < (later[0] if later else 10 ** 12)


def _scan(s: Session, code: str | int) -> t.CourierShippingBill:
    """The CSB a scanned label names: its CSB number, or the courier's HAWB.

    A label with no CSB behind it is a parcel whose CSB is not filed yet: it cannot be
    X-rayed (CSB-1: every CSB goes through RMS first).
    """
    text = str(code).strip().upper()
    if not text:
        raise InvalidInput("csb", "scan or type the CSB number")
    csb = t.CourierShippingBill
    if _is_csb_number(text):
        row = s.exec(select(csb).where(csb.csb_no == int(text)).with_for_update()).first()
        if row is not None:
            return row
        raise RuleViolation("CSB-1", f"CSB {text} is not filed: a parcel is X-rayed only after "
                            "its CSB is filed and interdicted by RMS")
    rows = s.exec(select(csb).where(csb.hawb_no == text).with_for_update()).all()
    if len(rows) > 1:
        raise InvalidInput("csb", f"HAWB {text} is on CSBs of {len(rows)} couriers: scan the "
                           "CSB number")
    if not rows:
        if text.isdigit() and len(text) < 9:  # e.g. a shipping bill's number scanned
            raise NotFound(f"{text} is not a CSB number")
        raise RuleViolation("CSB-1", f"no CSB is filed for parcel {text}: a parcel is X-rayed "
                            "only after its CSB is filed and interdicted by RMS")
    return rows[0]


def show(core: Core, ref: int | str) -> CsbView:
    """One CSB by number (or HAWB)."""
    with core.db.read() as s:
        text = str(ref).strip()
        if text.isdigit() and _is_csb_number(text):
            return csb_view(_load(s, text))
        rows = s.exec(select(t.CourierShippingBill).where(
            t.CourierShippingBill.hawb_no == text.upper())).all()
        if len(rows) != 1:
            raise NotFound(f"no CSB {text}" if not rows else
                           f"HAWB {text} is on {len(rows)} CSBs: give the CSB number")
        return csb_view(rows[0])


def _detached(s: Session, rows: list) -> list:
    """Rows usable after the read transaction ends (its rollback would expire them)."""
    s.expunge_all()
    return rows


def history(core: Core, csb_no: int) -> list[t.AuditRecord]:
    """The CSB's audit records, oldest first."""
    with core.db.read() as s:
        return _detached(s, audit.history(s, KIND, csb_no))


# ---------------------------------------------------------------- Auto-LEO (CSB-2/3/5/6)


def _auto_leo(s: Session, core: Core, c: t.CourierShippingBill) -> t.AutoLeoRule | None:
    """Give LEO by the system if the rule in force on the X-ray date allows it now."""
    if c.state not in (S.FACILITATED, S.ASSESSED) or c.xray_result != XrayResult.CLEARED:
        return None
    query = select(t.AutoLeoRule).where(t.AutoLeoRule.rms_route == c.route)
    rules = s.exec(query).all()
    if not rules and s.get(t.Setting, AUTOLEO_LOADED) is None:  # first use in this database
        load_autoleo_rules(s)
        rules = s.exec(query).all()
    assert c.xray_at is not None
    rule = autoleo_rule_for(rules, c.route, assessed=c.state == S.ASSESSED,
                            exam_mandated=c.exam_mandated, on=c.xray_at.date())
    if rule is None:
        return None
    c.leo_at, c.leo_by = core.now(), "SYSTEM"
    c.autoleo_rule, c.autoleo_circular = rule.rule_id, rule.circular
    old_transition(s, core, system_actor(c.location_code), c, kind=KIND, ref=c.csb_no,
               allowed=CSB_TRANSITIONS, to_state=S.LET_EXPORT, action="auto_leo",
               rule=rule.rule_id, reason=(
                   f"{rule.rule_id} ({rule.circular}): {c.route.replace('_', ' ')}"
                   + (", assessed without examination" if c.state == S.ASSESSED else "")
                   + f", X-ray cleared {c.xray_at:%d.%m.%Y %H:%M} by {c.xray_by}"))
    return rule


def _no_auto_reason(c: t.CourierShippingBill) -> str:
    assert c.xray_at is not None
    return (f"no Auto-LEO rule in force on {c.xray_at:%d.%m.%Y} for a CSB "
            f"{c.route.replace('_', ' ')}: LEO by the officer (CSB-4)")


# ---------------------------------------------------------------- X-ray


def record_xray(core: Core, actor: Actor, code: int | str, result: str = XrayResult.CLEARED,
                *, expected_version: int | None = None) -> CsbView:
    """The custodian's X-ray result for one parcel, scanned by CSB number (or HAWB).

    Cleared: if the rule in force today allows, the system gives LEO at once (CSB-2,
    CSB-3); otherwise the CSB waits for assessment or the officer (CSB-4, CSB-5).
    Flagged: the parcel goes for examination and an officer's LEO (CSB-4).
    """
    require(actor, Role.CUS, act="record X-ray results")
    try:
        outcome = XrayResult(str(result).strip().lower())
    except ValueError:
        raise InvalidInput("result", f"{result!r}: cleared or flagged") from None
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = _scan(s, code)
        old_check_version(c, expected_version, f"CSB {c.csb_no}")
        _here(c, actor)
        if c.state == S.LET_EXPORT:
            how = "Auto-LEO" if c.leo_by == "SYSTEM" else f"LEO by {c.leo_by}"
            raise RuleViolation("STATE", f"CSB {c.csb_no} already has Let Export Order "
                                f"({how}, {c.leo_at:%d.%m.%Y %H:%M}): nothing to X-ray")
        if c.xray_result:
            raise RuleViolation("STATE", f"CSB {c.csb_no} was already X-rayed: {c.xray_result} "
                                f"at {c.xray_at:%d.%m.%Y %H:%M} by {c.xray_by}")
        c.xray_result, c.xray_at, c.xray_by = outcome.value, core.now(), actor.username
        if outcome == XrayResult.FLAGGED and c.state in (S.FACILITATED, S.ASSESSED):
            old_transition(s, core, actor, c, kind=KIND, ref=c.csb_no, allowed=CSB_TRANSITIONS,
                       to_state=S.FOR_EXAMINATION, action="xray_flagged", rule="CSB-4",
                       reason="X-ray flagged: examination and LEO by the officer (CSB-4)")
            return csb_view(c)
        old_note(s, core, actor, c, kind=KIND, ref=c.csb_no, action=f"xray_{outcome.value}",
             reason=f"X-ray {outcome.value}")
        if (outcome == XrayResult.CLEARED and c.state in (S.FACILITATED, S.ASSESSED)
                and _auto_leo(s, core, c) is None):
            audit.record(s, system_actor(c.location_code), core.now(), KIND, c.csb_no,
                         "no_auto_leo", c.state, c.state, _no_auto_reason(c))
        return csb_view(c)


# ---------------------------------------------------------------- assessment


def assess(core: Core, actor: Actor, csb_no: int, *, exam_mandated: bool, remarks: str = "",
           expected_version: int | None = None) -> CsbView:
    """The assessing officer clears a CSB marked for assessment by RMS, and says whether
    examination is mandated. A parcel X-ray-cleared earlier gets Auto-LEO now if the rule
    in force on its X-ray date allows (CSB-3, CSB-5)."""
    require(actor, Role.APR, act="assess Courier Shipping Bills")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = _load(s, csb_no)
        _here(c, actor)
        if c.state == S.FACILITATED:
            raise RuleViolation("CSB-1", f"CSB {c.csb_no} is fully facilitated by RMS: no "
                                "assessment, no examination")
        if c.state not in AWAITING_ASSESSMENT:
            raise RuleViolation("STATE", f"CSB {c.csb_no} is {c.state.replace('_', ' ')}: "
                                "it is not awaiting assessment")
        by_rms = c.state == S.ASSESSMENT_AND_EXAMINATION
        flagged = c.xray_result == XrayResult.FLAGGED
        c.exam_mandated = True if by_rms else bool(exam_mandated)
        c.assessed_by, c.assessed_at = actor.username, core.now()
        c.assessment_remarks = remarks.strip()[:500]
        if by_rms:
            to, why = S.FOR_EXAMINATION, "examination required by RMS (CSB-4)"
        elif c.exam_mandated:
            to, why = S.FOR_EXAMINATION, "examination mandated by the assessing officer (CSB-4)"
        elif flagged:
            to, why = S.FOR_EXAMINATION, "no examination mandated, but X-ray flagged (CSB-4)"
        else:
            to, why = S.ASSESSED, "assessed; examination not mandated"
        old_transition(s, core, actor, c, kind=KIND, ref=c.csb_no, allowed=CSB_TRANSITIONS,
                   to_state=to, action="assess", expected_version=expected_version,
                   reason=why + (f"; {c.assessment_remarks}" if c.assessment_remarks else ""))
        if to == S.ASSESSED and c.xray_result == XrayResult.CLEARED and \
                _auto_leo(s, core, c) is None:
            audit.record(s, system_actor(c.location_code), core.now(), KIND, c.csb_no,
                         "no_auto_leo", c.state, c.state, _no_auto_reason(c))
        return csb_view(c)


# ---------------------------------------------------------------- officer route (CSB-4)


def record_examination(core: Core, actor: Actor, csb_no: int, report: str, *,
                       expected_version: int | None = None) -> CsbView:
    """The examining officer's report on a CSB sent for examination (CSB-4)."""
    require(actor, Role.EXM, act="enter examination reports")
    report = report.strip()
    if not report:
        raise InvalidInput("report", "the examination report is required")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = _load(s, csb_no)
        _here(c, actor)
        if c.state in AWAITING_ASSESSMENT:
            raise RuleViolation("CSB-4", f"CSB {c.csb_no} is not yet assessed: examination "
                                "follows the assessing officer's order")
        if c.state != S.FOR_EXAMINATION:
            raise RuleViolation("STATE", f"CSB {c.csb_no} is {c.state.replace('_', ' ')}: "
                                "it is not marked for examination")
        c.examined_by, c.examined_at, c.exam_report = actor.username, core.now(), report[:1000]
        old_transition(s, core, actor, c, kind=KIND, ref=c.csb_no, allowed=CSB_TRANSITIONS,
                   to_state=S.EXAMINED, action="examine", expected_version=expected_version,
                   reason=report[:200])
        return csb_view(c)


def give_leo(core: Core, actor: Actor, csb_no: int, *,
             expected_version: int | None = None) -> CsbView:
    """Let Export Order by the proper officer, for a CSB the system may not clear by
    itself (CSB-4): examined, or X-ray-cleared with no Auto-LEO rule in force."""
    require(actor, Role.APR, act="give Let Export Order")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        c = _load(s, csb_no)
        _here(c, actor)
        if c.state == S.LET_EXPORT:
            how = "Auto-LEO" if c.leo_by == "SYSTEM" else f"LEO by {c.leo_by}"
            raise RuleViolation("STATE", f"CSB {c.csb_no} already has Let Export Order ({how})")
        if c.state in AWAITING_ASSESSMENT:
            raise RuleViolation("CSB-4", f"CSB {c.csb_no} is not yet assessed")
        if c.state == S.FOR_EXAMINATION:
            raise RuleViolation("CSB-4", f"CSB {c.csb_no} awaits examination: enter the "
                                "examination report first")
        if not c.xray_result:
            raise RuleViolation("CSB-4", f"CSB {c.csb_no}: the parcel is not yet X-rayed")
        c.leo_at, c.leo_by = core.now(), actor.username
        old_transition(s, core, actor, c, kind=KIND, ref=c.csb_no, allowed=CSB_TRANSITIONS,
                   to_state=S.LET_EXPORT, action="leo", rule="CSB-4",
                   expected_version=expected_version,
                   reason=f"LEO by the officer ({c.route.replace('_', ' ')}, X-ray "
                          f"{c.xray_result}" + (", examined" if c.examined_by else "") + ")")
        return csb_view(c)


# ---------------------------------------------------------------- worklists and report

QUEUES: dict[str, str] = {
    "xray": "Parcels to X-ray",
    "assess": "CSBs to assess",
    "examine": "CSBs to examine",
    "leo": "CSBs awaiting LEO by the officer",
}
DEFAULT_QUEUE: dict[Role, str] = {Role.CUS: "xray", Role.APR: "leo", Role.EXM: "examine"}


@dataclass(frozen=True)
class CsbWorklist:
    queue: str
    title: str
    rows: list[CsbView]
    total: int


def _queue_filter(queue: str):
    csb = t.CourierShippingBill
    if queue == "xray":
        return (csb.state != S.LET_EXPORT) & (csb.xray_result == "")
    if queue == "assess":
        return csb.state.in_(list(AWAITING_ASSESSMENT))
    if queue == "examine":
        return csb.state == S.FOR_EXAMINATION
    if queue == "leo":
        return or_((csb.state == S.EXAMINED) & (csb.xray_result != ""),
                   csb.state.in_([S.FACILITATED, S.ASSESSED])
                   & (csb.xray_result == XrayResult.CLEARED))
    raise InvalidInput("queue", f"{queue!r}; one of {', '.join(QUEUES)}")


def worklist(core: Core, actor: Actor, queue: str | None = None, *, offset: int = 0,
             limit: int = 50) -> CsbWorklist:
    """What waits at the actor's location: the role's own queue unless one is named.
    ``leo`` is the courier LEO officer's worklist (CSB-4)."""
    queue = queue or DEFAULT_QUEUE.get(actor.role, "leo")
    cond = _queue_filter(queue)
    csb = t.CourierShippingBill
    q = select(csb).where(csb.location_code == actor.location_code, cond)
    with core.db.read() as s:
        total = s.exec(select(func.count()).select_from(q.subquery())).one()
        rows = s.exec(q.order_by(csb.csb_no).offset(offset).limit(limit)).all()
        return CsbWorklist(queue, QUEUES[queue], [csb_view(r) for r in rows], total)


@dataclass(frozen=True)
class LeoDay:
    day: date
    auto: int
    manual: int
    by_rule: dict[str, int]


def leo_report(core: Core, actor: Actor, date_from: date, date_to: date) -> list[LeoDay]:
    """Auto-LEO against officers' LEOs, per day, at the actor's location (CSB-6)."""
    if date_to < date_from:
        raise InvalidInput("date_to", "is before date_from")
    csb = t.CourierShippingBill
    day = func.date(csb.leo_at)
    q = (select(day, csb.autoleo_rule, func.count())
         .where(csb.location_code == actor.location_code, csb.leo_at.is_not(None),
                csb.leo_at >= datetime.combine(date_from, datetime.min.time()),
                csb.leo_at < datetime.combine(date_to + timedelta(days=1),
                                              datetime.min.time()))
         .group_by(day, csb.autoleo_rule))
    out: dict[date, LeoDay] = {}
    with core.db.read() as s:
        for d, rule, n in s.exec(q):
            d = d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
            cur = out.setdefault(d, LeoDay(d, 0, 0, {}))
            if rule:
                cur.by_rule[rule] = cur.by_rule.get(rule, 0) + n
                out[d] = LeoDay(d, cur.auto + n, cur.manual, cur.by_rule)
            else:
                out[d] = LeoDay(d, cur.auto, cur.manual + n, cur.by_rule)
    return [out[d] for d in sorted(out)]

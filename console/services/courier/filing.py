"""Filing Courier Shipping Bills at the service centre: one at a time or a courier's bulk
file, each numbered and interdicted by RMS at once (courier.md CSB-1; ``CSB.file``).

Design choices the spec leaves open:

* One CSB is one consignment and passes the X-ray lane as one parcel.
* Filing is done by the service-centre operator (``OPR``), who keys a CSB or loads the
  courier's bulk file; couriers do not log in (roles.md).
* Rule tags outside the numbered rules: ``CSB-IV`` / ``CSB-V`` (the form's value limit,
  from ``parameters.csv``), ``CSB-DUTY`` (goods liable to export duty cannot go by
  courier, courier.md), ``CSB-KYC`` (a private sender's KYC document: an Aadhaar or PAN
  number is checked with python-stdnum, an Aadhaar number kept masked, formats.md).
* ``CSB-III`` (documents, courier.md): no IEC, tariff item or value is needed; a tariff
  item, if given, must be printed matter of Chapter 49, else the parcel is goods and goes
  as CSB-IV or CSB-V. No value limit applies to documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sized
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

import db.tables as t
from console import audit, formats, inputs
from console.acts.csb import CSB, ROUTE_FOR_CSB, CsbState, S
from console.core import Core
from console.errors import Conflict, IcesError, InvalidInput, RuleViolation
from console.inputs import csv_file, extra_fields
from console.lifecycle import transition
from console.money import from_paise, inr, to_paise
from console.roles import Actor
from console.rules import rms
from console.rules.params import exchange_rate, parameter
from console.services.courier.csb_common import KIND, CsbView, csb_view

if TYPE_CHECKING:
    from console.progress import Progress
from db.sequences import next_number

FORMS = {"III": "documents", "IV": "gifts, samples, prototypes", "V": "commercial goods"}
# CSB-III is for documents: if it names a tariff item, the item is printed matter of
# Chapter 49 (books, brochures, manuscripts, plans, other printed matter).
DOCUMENTS_CHAPTER = "49"


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


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()


def _kyc(value: Any) -> str:
    """The sender's KYC document; an Aadhaar or PAN number checked, an Aadhaar kept masked
    (CSB-KYC, ``formats.kyc_document``)."""
    try:
        return formats.kyc_document(_text(value))
    except ValueError as err:
        raise InvalidInput("consignor_kyc", str(err), "CSB-KYC") from None


def _decimal(value: Any, name: str) -> Decimal:
    """A number as ``inputs.number`` reads one (finite, in digits, below its limit), the
    thousands separators a spreadsheet writes (``9,000``) left out."""
    return inputs.number(_text(value).replace(",", ""), name, "CSB-1")


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
        kyc = _kyc(d.consignor_kyc)
    else:
        if form == "V":
            raise InvalidInput("consignor_iec", "CSB-V (commercial goods) needs the "
                               "exporter's IEC")
        consignor_name, consignor_address = _text(d.consignor_name), _text(d.consignor_address)
        kyc = _kyc(d.consignor_kyc)
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
        if form == "III" and not item.startswith(DOCUMENTS_CHAPTER):
            raise RuleViolation("CSB-III", f"{item} is goods, not documents (Chapter "
                                f"{DOCUMENTS_CHAPTER}): file it as CSB-IV or CSB-V")
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
                f"value ₹{inr(from_paise(value_paise))} is above the CSB-{form} limit of "
                f"₹{inr(limit)} in force on {lk.on:%d.%m.%Y}:{hint}"))
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


def _file_one(s: Session, core: Core, actor: Actor, lk: _Lookups, row: t.CourierShippingBill,
              act: str) -> None:
    """Number the CSB and subject it to RMS interdiction (CSB-1), in one record."""
    row.csb_no = next_number(s, KIND)
    decision = rms.decide(lk.rules, rms.Declaration(
        document=KIND, number=row.csb_no, iec=row.consignor_iec or "",
        country=row.consignee_country, value_paise=row.value_inr_paise,
        tariff_items=(row.tariff_item,) if row.tariff_item else ()), lk.random_pct)
    route = ROUTE_FOR_CSB.get(decision.route, decision.route)
    if route not in rms.CSB_ROUTES:
        raise RuleViolation("CSB-1", f"RMS rule {decision.rule_id} gives route {route!r}, "
                            "which a CSB cannot take")
    row.route, row.rms_rule_id, row.rms_note = route, decision.rule_id, decision.note[:200]
    s.add(row)
    transition(s, core, actor, row, CSB[act], to=CsbState(route), action="file",
               reason=f"HAWB {row.courier_code}/{row.hawb_no}; RMS: {decision.note}")


def file_csb(core: Core, actor: Actor, data: CsbInput) -> CsbView:
    """File one CSB: validate, number it, route it by RMS (CSB-1)."""
    CSB.check(actor, "file")
    with core.db.write() as s, s.no_autoflush:  # one flush, at commit
        lk = _Lookups(s, actor.location_code, core.today())
        row = _build(lk, actor, data, core.now(), "keyed")
        dup = _existing(s, row.courier_code, row.hawb_no)
        if dup is not None:
            raise Conflict(f"HAWB {row.hawb_no} of {row.courier_code} is already filed as "
                           f"CSB {dup.csb_no}")
        _file_one(s, core, actor, lk, row, "file")
        return csb_view(row, actor)


def _rows_of(source: Path | str | Iterable[Mapping[str, Any]]
             ) -> tuple[str, Iterable[tuple[int, Mapping[str, Any]]]]:
    """A file is read whole, its encoding and header checked, before the first row is
    filed (``inputs.csv_file``): a file that cannot be read files nothing."""
    if isinstance(source, str | Path):
        return Path(source).name, csv_file(source, required=REQUIRED_COLUMNS)
    return "rows", list(enumerate(source, start=2))


def _input_of(raw: Mapping[str, Any]) -> CsbInput:
    if extra := extra_fields(dict(raw)):
        raise InvalidInput("row", extra)
    r = {(k or "").strip().lower(): v for k, v in raw.items() if k}
    missing = [c for c in REQUIRED_COLUMNS if not _text(r.get(c))]
    if missing:
        raise InvalidInput(missing[0], "required" + (
            f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""))
    return CsbInput(**{c: r[c] for c in BULK_COLUMNS if c in r and r[c] is not None})


def file_bulk(core: Core, actor: Actor, source: Path | str | Iterable[Mapping[str, Any]], *,
              chunk: int = 500, progress: Progress | None = None) -> BulkReport:
    """File a courier's bulk file (CSV with ``BULK_COLUMNS``; or rows as dicts).

    Good rows are filed and routed by RMS; bad rows are reported by line with the
    reason and change nothing. A row whose HAWB this courier already filed is not filed
    again (reported as already filed with its CSB number), so a file fixed and sent
    again files only the rows that were bad. Rows are written ``chunk`` at a time, each
    row in its own savepoint; ``progress(rows done, rows)`` after each chunk.
    """
    CSB.check(actor, "bulk_file")
    name, rows = _rows_of(source)
    total = len(rows) if isinstance(rows, Sized) else 0
    done = 0
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
                        _file_one(s, core, actor, lk, row, "bulk_file")
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
            done += len(batch)
            flush()
            if progress:
                progress(done, max(total, done))
    if batch:
        done += len(batch)
        flush()
        if progress:
            progress(done, max(total, done))
    report.errors.sort()
    with core.db.write() as s:  # the file's own record, beside each CSB's ``file``
        audit.record(s, actor, core.now(), "CSB_BULK", name[:40], "bulk_file", reason=(
            f"{len(report.filed)} filed, {len(report.already_filed)} already filed, "
            f"{len(report.errors)} rejected"))
    return report


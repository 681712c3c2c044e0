"""Reference directories and the registries officers keep.

Reference data (ports, currencies, countries, UQC, scheme codes, tariff,
drawback schedule, exchange rates, AD codes, rule parameters, charges) is
loaded from ``fixtures/reference`` by ``ices init`` and updated by
``ices directory import KIND FILE``. Registries (IEC, brokers, carriers, AD
registrations, bank accounts, GSTIN) are kept by the registration clerk or,
for IECs, loaded from DGFT's daily feed (EXP-REG-1). The import and the
registrations are acts (``console.services.admin.registries``); this module
parses, loads and looks up.

An import validates every row; good rows are written in one transaction,
bad rows are reported by line with the field and the rule and change nothing.
Re-importing the same file updates rows in place (keyed by code), so a fixed
file can be sent again without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry
from sqlalchemy import delete, func, or_
from sqlmodel import Session, SQLModel, select

import db.tables as t
from console import formats
from console.core import Core
from console.errors import InvalidInput, NotFound
from console.inputs import CONTROL, csv_file, extra_fields
from db import refcache

if TYPE_CHECKING:
    from console.progress import Progress

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"


@dataclass
class ImportReport:
    kind: str
    loaded: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _dec(value: str, name: str) -> Decimal:
    try:
        d = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise ValueError(f"{name} {value!r}: not a number") from None
    if d < 0:
        raise ValueError(f"{name} {value!r}: must not be negative")
    return d


def _opt_dec(value: str | None, name: str) -> Decimal | None:
    return _dec(value, name) if value and value.strip() else None


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{name} {value!r}: expected YYYY-MM-DD") from None


def _opt_date(value: str | None, name: str) -> date | None:
    return _date(value, name) if value and value.strip() else None


def _yes(value: str | None) -> bool:
    return (value or "").strip().upper() in {"Y", "YES", "TRUE", "1"}


# ---- row parsers: CSV row -> table row (raise ValueError naming the field) ----


def _port(r: dict, s: Session, now) -> t.Port:
    return t.Port(code=formats.port_code(r["code"]), name=r["name"].strip(),
                  kind=r["kind"].strip().lower(), state=r.get("state", "").strip(),
                  clearance_24x7=_yes(r.get("clearance_24x7")))


def _uqc(r: dict, s: Session, now) -> t.Uqc:
    code = r["code"].strip().upper()
    if not (len(code) == 3 and code.isalpha()):
        raise ValueError(f"code {code!r}: a UQC is 3 letters (EXP-REG-7)")
    return t.Uqc(code=code, description=r["description"].strip())


def _scheme(r: dict, s: Session, now) -> t.SchemeCode:
    code = r["code"].strip()
    if not (len(code) == 2 and code.isdigit()):
        raise ValueError(f"code {code!r}: a scheme code is 2 digits (EXP-REG-7)")
    return t.SchemeCode(code=code, description=r["description"].strip(),
                        category=r["category"].strip().lower())


def _tariff(r: dict, s: Session, now) -> t.TariffItem:
    return t.TariffItem(
        item=formats.tariff_item(r["item"]), description=r["description"].strip(),
        uqc=r["uqc"].strip().upper(), bcd_rate=_dec(r["bcd_rate"], "bcd_rate"),
        igst_rate=_dec(r["igst_rate"], "igst_rate"),
        export_duty_rate=_dec(r.get("export_duty_rate") or "0", "export_duty_rate"),
        export_cess_rate=_dec(r.get("export_cess_rate") or "0", "export_cess_rate"),
    )


def _drawback(r: dict, s: Session, now) -> t.DrawbackRate:
    return t.DrawbackRate(
        serial=formats.drawback_serial(r["serial"]), description=r["description"].strip(),
        uqc=(r.get("uqc") or "").strip().upper(), rate_pct=_opt_dec(r.get("rate_pct"), "rate_pct"),
        cap_per_unit=_opt_dec(r.get("cap_per_unit"), "cap_per_unit"),
        effective_from=_date(r["effective_from"], "effective_from"),
        effective_to=_opt_date(r.get("effective_to"), "effective_to"),
    )


def _depb(r: dict, s: Session, now) -> t.DepbRate:
    group, item = r["group"].strip(), r["item"].strip().upper()
    if not (group.isdigit() and len(group) <= 4) or not item or len(item) > 6:
        raise ValueError(f"group {group!r} / item {item!r}: a DGFT group code and item number")
    rate = _opt_dec(r.get("rate"), "rate")
    share = _opt_dec(r.get("share_pct"), "share_pct")
    base = ((r.get("base_group") or "").strip(), (r.get("base_item") or "").strip().upper())
    if (rate is None) == (share is None) or (share is not None and not all(base)):
        raise ValueError("give a rate, or a share_pct of a base group/item (Group 62 "
                         "formulations, EXP-DEPB-1), not both")
    return t.DepbRate(group_code=group.zfill(2), item_no=item, description=r["description"]
                      .strip(), rate=rate, base_group=base[0].zfill(2) if base[0] else "",
                      base_item=base[1], share_pct=share,
                      effective_from=_date(r["effective_from"], "effective_from"),
                      effective_to=_opt_date(r.get("effective_to"), "effective_to"))


def _rate(r: dict, s: Session, now) -> t.ExchangeRate:
    currency = formats.currency(r["currency"])
    if s.get(t.Currency, currency) is None:
        raise ValueError(f"currency {currency!r}: not in the currency directory (EXP-REG-7)")
    units = int(r.get("units") or 1)
    if units not in (1, 100, 1000, 10000):
        raise ValueError(f"units {units}: must be 1, 100, 1000 or 10000")
    frm = _date(r["effective_from"], "effective_from")
    to = _opt_date(r.get("effective_to"), "effective_to")
    if to and to < frm:
        raise ValueError("effective_to is before effective_from")
    return t.ExchangeRate(currency=currency, units=units,
                          import_rate=_dec(r["import_rate"], "import_rate"),
                          export_rate=_dec(r["export_rate"], "export_rate"),
                          effective_from=frm, effective_to=to,
                          notification=(r.get("notification") or "").strip())


def _ad_code(r: dict, s: Session, now) -> t.AdCode:
    ifsc = (r.get("ifsc") or "").strip()
    return t.AdCode(code=formats.ad_code(r["ad_code"]), bank=r["bank"].strip(),
                    branch=(r.get("branch") or "").strip(), city=(r.get("city") or "").strip(),
                    ifsc=formats.ifsc(ifsc) if ifsc else "")


def _param(r: dict, s: Session, now) -> t.RuleParameter:
    return t.RuleParameter(
        key=r["key"].strip(), location_code=(r.get("location") or "").strip(),
        value=_dec(r["value"], "value"),
        effective_from=_date(r["effective_from"], "effective_from"),
        effective_to=_opt_date(r.get("effective_to"), "effective_to"),
        source=(r.get("source") or "").strip())


def _iec(r: dict, s: Session, now) -> t.Iec:
    name = (r.get("name") or "").strip()
    if not name:
        raise ValueError("name: required")
    return t.Iec(code=formats.iec(r["iec"]), name=name, address=(r.get("address") or "").strip(),
                 active=(r.get("status") or "active").strip().lower() != "cancelled",
                 registered_at=now)


def _broker(r: dict, s: Session, now) -> t.Broker:
    return t.Broker(code=formats.broker_code(r["code"]), name=r["name"].strip(),
                    verified=_yes(r.get("verified") or "Y"), registered_at=now)


def _carrier(r: dict, s: Session, now) -> t.Carrier:
    code = r["code"].strip().upper()
    if not (2 <= len(code) <= 10 and code.isalnum()):
        raise ValueError(f"code {code!r}: 2 to 10 letters or digits")
    kind = r["kind"].strip().lower()
    if kind not in CARRIER_KINDS:
        raise ValueError(f"kind {kind!r}: one of {', '.join(CARRIER_KINDS)}")
    return t.Carrier(code=code, name=r["name"].strip(), kind=kind, registered_at=now)


CARRIER_KINDS = ("airline", "shipping_line", "consol_agent", "forwarder")


def _period(r: dict) -> tuple[date, date | None]:
    frm = _date(r["effective_from"], "effective_from")
    to = _opt_date(r.get("effective_to"), "effective_to")
    if to and to < frm:
        raise ValueError("effective_to is before effective_from")
    return frm, to


def _known(s: Session, table: type[SQLModel], code: str, name: str) -> str:
    if s.get(table, code) is None:
        raise ValueError(f"{name} {code!r}: not in the {name} directory")
    return code


def _notification(r: dict) -> str:
    """The notification a row comes from, e.g. ``11/2018-Cus``: required."""
    value = r["notification"].strip()
    if not value:
        raise ValueError("notification: required")
    return value


def _prefix(r: dict) -> str:
    """The ``tariff_item`` a directory row covers: a chapter, heading, subheading or item."""
    prefix = r["tariff_item"].strip().replace(" ", "")
    if not (prefix.isdigit() and 2 <= len(prefix) <= 8):
        raise ValueError(f"tariff_item {prefix!r}: 2 to 8 digits (a heading or an item)")
    return prefix


def _tariff_value(r: dict, s: Session, now) -> t.TariffValue:
    """IMP-DUT-4: a tariff value per quantity of a unit, in rupees or a currency."""
    currency = formats.currency(r["currency"])
    if currency != "INR":
        _known(s, t.Currency, currency, "currency")
    per = _dec(r.get("per_quantity") or "1", "per_quantity")
    value = _dec(r["value"], "value")
    if not per or not value:
        raise ValueError("value and per_quantity are above zero")
    frm, to = _period(r)
    prefix = _prefix(r)
    return t.TariffValue(notification=_notification(r), sl=r["sl"].strip().upper(),
                         tariff_item=prefix, description=r["description"].strip(),
                         value=value, currency=currency, per_quantity=per,
                         uqc=_known(s, t.Uqc, r["uqc"].strip().upper(), "uqc"),
                         effective_from=frm, effective_to=to,
                         source=(r.get("source") or "").strip())


def _anti_dumping(r: dict, s: Session, now) -> t.AntiDumpingDuty:
    """IMP-DUT-5: one item / producer-exporter row of an anti-dumping notification."""
    rate = _opt_dec(r.get("rate_pct"), "rate_pct")
    amount = _opt_dec(r.get("amount"), "amount")
    if (rate is None) == (amount is None):
        raise ValueError("give rate_pct (of the landed value) or amount per unit, not both")
    currency = uqc = ""
    if amount is not None:
        currency = formats.currency(r.get("currency") or "")
        if currency != "INR":
            _known(s, t.Currency, currency, "currency")
        uqc = _known(s, t.Uqc, (r.get("uqc") or "").strip().upper(), "uqc")
    prefix = _prefix(r)
    export = (r.get("export_country") or "").strip().upper()
    frm, to = _period(r)
    return t.AntiDumpingDuty(
        notification=_notification(r), item_sl=int(r["item_sl"]),
        producer_sl=int(r["producer_sl"]), tariff_item=prefix,
        description=r["description"].strip(),
        origin_country=_known(s, t.Country, r["origin_country"].strip().upper(), "country"),
        export_country=_known(s, t.Country, export, "country") if export else "",
        producer=(r.get("producer") or "").strip(), exporter=(r.get("exporter") or "").strip(),
        rate_pct=rate, amount=amount, currency=currency, uqc=uqc, effective_from=frm,
        effective_to=to, source=(r.get("source") or "").strip())


def _sws_exemption(r: dict, s: Session, now) -> t.SwsExemption:
    """IMP-DUT-2: the SWS rate a notification sets for a tariff item (0 = whole exemption)."""
    pct = _dec(r["sws_pct"], "sws_pct")
    if pct < 0 or pct > 100:
        raise ValueError(f"sws_pct {pct}: a percentage from 0 to 100")
    frm, to = _period(r)
    return t.SwsExemption(notification=_notification(r), sl=r["sl"].strip().upper(),
                          tariff_item=_prefix(r), description=r["description"].strip(),
                          sws_pct=pct, effective_from=frm, effective_to=to,
                          source=(r.get("source") or "").strip())


def _non_ices(r: dict, s: Session, now) -> t.NonIcesLocation:
    """IMP-TRA-1: a location without ICES; a code of the port directory is refused."""
    code = formats.port_code(r["code"])
    if s.get(t.Port, code) is not None:
        raise ValueError(f"code {code}: in the port directory, an ICES location")
    return t.NonIcesLocation(code=code, name=r["name"].strip(),
                             source=(r.get("source") or "").strip())


@dataclass(frozen=True)
class Kind:
    """One importable directory: its table, parser and key (who may import it:
    ``console.acts.directory.DIRECTORY``)."""

    table: type[SQLModel]
    parse: Callable[[dict, Session, Any], SQLModel]
    file: str
    key: tuple[str, ...]  # natural key for update-in-place; () = period rows (replace overlap)


KINDS: dict[str, Kind] = {
    "ports": Kind(t.Port, _port, "ports.csv", ("code",)),
    "uqc": Kind(t.Uqc, _uqc, "uqc.csv", ("code",)),
    "schemes": Kind(t.SchemeCode, _scheme, "schemes.csv", ("code",)),
    "tariff": Kind(t.TariffItem, _tariff, "tariff.csv", ("item",)),
    "drawback": Kind(t.DrawbackRate, _drawback, "drawback.csv", ("serial", "effective_from")),
    "depb": Kind(t.DepbRate, _depb, "depb.csv", ("group_code", "item_no", "effective_from")),
    "exchange_rates": Kind(t.ExchangeRate, _rate, "exchange_rates.csv",
                           ("currency", "effective_from")),
    "ad_codes": Kind(t.AdCode, _ad_code, "ad_codes.csv", ("code",)),
    "parameters": Kind(t.RuleParameter, _param, "parameters.csv",
                       ("key", "location_code", "effective_from")),
    "iec": Kind(t.Iec, _iec, "", ("code",)),
    "brokers": Kind(t.Broker, _broker, "", ("code",)),
    "carriers": Kind(t.Carrier, _carrier, "", ("code",)),
    "tariff_values": Kind(t.TariffValue, _tariff_value, "tariff_values.csv",
                          ("notification", "sl", "effective_from")),
    "anti_dumping": Kind(t.AntiDumpingDuty, _anti_dumping, "anti_dumping.csv",
                         ("notification", "item_sl", "producer_sl")),
    "sws_exemptions": Kind(t.SwsExemption, _sws_exemption, "sws_exemptions.csv",
                           ("notification", "sl", "tariff_item", "effective_from")),
    "non_ices_locations": Kind(t.NonIcesLocation, _non_ices, "non_ices_locations.csv",
                               ("code",)),
}


def _upsert(s: Session, kind: Kind, row: SQLModel) -> None:
    cols = {k: getattr(row, k) for k in kind.key}
    existing = s.exec(select(kind.table).filter_by(**cols)).first()
    if existing is None:
        s.add(row)
        return
    for name in type(row).model_fields:
        if name != "id" and name not in ("registered_at",):
            setattr(existing, name, getattr(row, name))
    s.add(existing)


def load_rows(s: Session, kind_name: str, rows: Sequence[tuple[int, dict]], now,
              progress: Progress | None = None) -> ImportReport:
    """Validate and upsert rows (``(line, {column: value})``, as ``inputs.csv_file`` reads
    them) in the caller's transaction; bad rows are skipped and reported by line, naming
    the column. ``progress(rows done, rows)`` after each row."""
    kind = KINDS[kind_name]
    report = ImportReport(kind_name)
    for done, (line, raw) in enumerate(rows, start=1):
        try:
            if extra := extra_fields(raw):
                raise ValueError(extra)
            r = {(k or "").strip(): _field(k, v) for k, v in raw.items()}
            row = kind.parse(r, s, now)
            _check_lengths(row)
            with s.begin_nested():
                _upsert(s, kind, row)
                s.flush()
        except KeyError as exc:
            report.errors.append((line, f"column {exc.args[0]!r} missing"))
        except (ValueError, InvalidInput) as exc:
            report.errors.append((line, str(exc)))
        except Exception as exc:  # integrity errors: unknown foreign code and the like
            report.errors.append((line, f"rejected by the database: {exc.__class__.__name__}"))
        else:
            report.loaded += 1
        if progress:
            progress(done, len(rows))
    return report


def _field(column: str | None, value: str | None) -> str:
    """A CSV field as text; control characters (a NUL, a form feed) are refused by name."""
    value = value or ""
    if CONTROL.search(value):
        raise ValueError(f"{column}: control characters are not allowed")
    return value


def _check_lengths(row: SQLModel) -> None:
    """Refuse a value longer than its column holds, naming the column (SQLite would store
    it; PostgreSQL would refuse the whole row without saying which column)."""
    for column in row.__table__.columns:
        limit = getattr(column.type, "length", None)
        value = getattr(row, column.name, None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ValueError(f"{column.name}: at most {limit} characters ({len(value)} given)")


def load_reference(s: Session, now, directory: Path = REFERENCE_DIR) -> dict[str, ImportReport]:
    """Load every reference directory whose table is empty (``ices init``)."""
    if not s.exec(select(func.count()).select_from(t.Currency)).one():
        for c in pycountry.currencies:  # currencies only: no XXX, XTS, XAU, funds
            if formats.is_currency(c.alpha_3):
                s.add(t.Currency(code=c.alpha_3, name=c.name))
    if not s.exec(select(func.count()).select_from(t.Country)).one():
        for c in pycountry.countries:
            s.add(t.Country(code=c.alpha_2, name=c.name))
    s.flush()
    reports = {}
    for name, kind in KINDS.items():
        path = directory / kind.file if kind.file else None
        if path is None or not path.exists():
            continue
        if s.exec(select(func.count()).select_from(kind.table)).one():
            continue
        reports[name] = load_rows(s, name, csv_file(path), now)
    return reports


# ---- lookups for screens and services ----


def search_tariff(core: Core, text: str, limit: int = 20) -> list[t.TariffItem]:
    """Search-as-you-type: by item prefix, or by words of the description."""
    text = text.strip()
    with core.db.read() as s:
        q = select(t.TariffItem)
        if text.isdigit():
            q = q.where(t.TariffItem.item.startswith(text))
        elif text:
            q = q.where(t.TariffItem.description.ilike(f"%{text}%"))
        rows = list(s.exec(q.order_by(t.TariffItem.item).limit(limit)))
        s.expunge_all()  # read() rolls back, which would expire them: hand back loaded rows
        return rows


def search_codes(core: Core, kind: str, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(code, name) pairs from a code directory, for lookups in forms."""
    tables = {"port": (t.Port, t.Port.code, t.Port.name),
              "country": (t.Country, t.Country.code, t.Country.name),
              "currency": (t.Currency, t.Currency.code, t.Currency.name),
              "uqc": (t.Uqc, t.Uqc.code, t.Uqc.description),
              "scheme": (t.SchemeCode, t.SchemeCode.code, t.SchemeCode.description),
              "iec": (t.Iec, t.Iec.code, t.Iec.name),
              "broker": (t.Broker, t.Broker.code, t.Broker.name),
              "carrier": (t.Carrier, t.Carrier.code, t.Carrier.name)}
    if kind not in tables:
        raise InvalidInput("kind", f"{kind!r}; one of {', '.join(tables)}")
    table, code, name = tables[kind]
    text = text.strip()
    with core.db.read() as s:
        q = select(code, name)
        if text:
            q = q.where(or_(code.ilike(f"{text}%"), name.ilike(f"%{text}%")))
        return [(c, n) for c, n in s.exec(q.order_by(code).limit(limit))]


# ---- registries kept by the registration clerk ----

# The acts (importing a directory, registering an IEC's AD account, bank account and
# GSTIN) are services, ``console.services.admin.registries``, taken through
# ``console.acts.directory``.


def active_bank_account(s: Session, iec: str) -> t.BankAccount | None:
    return s.exec(select(t.BankAccount).filter_by(iec=iec, active=True)).first()


def registrations(core: Core, iec: str) -> dict[str, Any]:
    """Everything registered for one IEC (enquiry)."""
    iec = formats.iec(iec)
    with core.db.read() as s:
        row = s.get(t.Iec, iec)
        if row is None:
            raise NotFound(f"IEC {iec} not found")
        acct = active_bank_account(s, iec)
        return {
            "iec": row.code, "name": row.name, "address": row.address, "active": row.active,
            "ad": [(a.ad_code, a.port_code) for a in
                   s.exec(select(t.AdRegistration).filter_by(iec=iec))],
            "bank_account": (acct.ifsc, acct.account_no) if acct else None,
            "gstin": [g.gstin for g in s.exec(select(t.Gstin).filter_by(iec=iec))],
        }


def clear_directory(s: Session, kind_name: str) -> None:
    """Empty one reference table (tests, re-initialisation)."""
    s.execute(delete(KINDS[kind_name].table))
    refcache.bump(s)

"""Filing a Shipping Bill at the service centre (EXP-FIL-*, EXP-REG-*).

The operator keys the declaration (Annexure A/B/D) as a draft from a plain
dict (the JSON format of ``fixtures/examples/README.md``), prints checklist
rounds until the exporter signs a clean one, and submits: the SB gets its
number from the national series and is routed by RMS in the same transaction.
Values are converted to rupees at the notified export rate on the filing date,
or at a keyed bank-certified rate for an un-notified currency (EXP-REG-6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, bindparam, delete, or_, true
from sqlmodel import Session, select
from stdnum import iso6346
from stdnum.exceptions import ValidationError

import db.tables as t
from console import audit, formats, inputs
from console.acts.sb import SB
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor, system_actor
from console.rules import charges
from console.rules.drawback import PROVISIONAL, item_drawback, sb_drawback
from console.rules.params import exchange_rate, parameter
from console.services.exports.routing import route_sb
from console.services.exports.sb_common import (
    BEFORE_REGISTRATION,
    Exporter,
    S,
    SbView,
    child_rows,
    load_draft,
    ref_of,
    sb_view,
)
from console.services.schemes import depb as depb_scheme
from console.services.schemes import licences
from db import refcache
from db.engine import new_row
from db.sequences import next_number
from db.tables.exports import SbContainer  # not (yet) re-exported by db.tables

CONTRACTS = ("FOB", "CIF", "CF", "CI")
GST_TYPES = ("IGST_PAID", "LUT", "BOND")
# SB category from its items' scheme categories, first match wins (EXP-FIL-7).
SCHEME_CATEGORY_ORDER = ("eou", "depb", "advance", "epcg", "dfia", "dfrc", "jobbing", "other",
                         "drawback")
LICENCE_CATEGORIES = ("advance", "epcg", "dfia", "dfrc")  # Annexure D (EXP-LIC-1)


# ---- reading the declaration ----


def _text(data: dict, key: str, path: str, required: bool = False, limit: int = 300) -> str:
    value = inputs.text(data.get(key), path, limit=limit)
    if required and not value:
        raise InvalidInput(path, "required: the form is incomplete", "EXP-FIL-1")
    return value


def _dec(data: dict, key: str, path: str, required: bool = True, positive: bool = False
         ) -> Decimal:
    raw = data.get(key)
    if inputs.blank(raw):
        if required:
            raise InvalidInput(path, "required: the form is incomplete", "EXP-FIL-1")
        return Decimal(0)
    return inputs.number(raw, path, positive=positive)


def _count(data: dict, key: str, path: str, *, default: int | None = None,
           minimum: int = 1) -> int:
    """A whole number (packages, a serial); ``default`` for a blank, else required."""
    raw = data.get(key)
    if inputs.blank(raw):
        if default is None:
            raise InvalidInput(path, "required: the form is incomplete", "EXP-FIL-1")
        return default
    return inputs.count(raw, path, minimum=minimum)


def _bool(data: dict, key: str) -> bool:
    value = data.get(key, False)
    if isinstance(value, str):
        word = value.strip().upper()
        if word not in ("", "Y", "YES", "TRUE", "1", "N", "NO", "FALSE", "0"):
            raise InvalidInput(key, f"{value!r}: yes or no")
        return word in ("Y", "YES", "TRUE", "1")
    if value is None or isinstance(value, bool | int):
        return bool(value)
    raise InvalidInput(key, f"{value!r}: yes or no")


def _date(data: dict, key: str, path: str) -> date:
    raw = data.get(key)
    try:
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    except ValueError:
        raise InvalidInput(path, f"{raw!r}: expected YYYY-MM-DD", "EXP-FIL-1") from None


def _fmt(fn, value: Any, path: str) -> str:
    """A format check from ``console.formats``, its complaint re-raised against ``path``."""
    try:
        return fn(str(value or "").strip())
    except ValueError as exc:  # the rule it names, once (not "(rule EXP-REG-1) (EXP-REG-7)")
        text, _, rule = str(exc).rpartition(" (rule ")
        if not text or not rule.endswith(")"):
            raise InvalidInput(path, str(exc), "EXP-REG-7") from None
        raise InvalidInput(path, text, rule[:-1]) from None


def _known(s: Session, table, code: str, path: str, what: str) -> None:
    if refcache.get(s, table, code) is None:
        raise InvalidInput(path, f"{code!r} is not in the {what} directory", "EXP-REG-7")


# ---- what the EDI messages carry and the counter now keys too (issue 16) ----
# Shared with the Bill of Entry (``bills_of_entry``): pure checks of one field each, every
# complaint an InvalidInput naming the field's path and the rule.

GSTIN_TYPES = ("GSN", "PAN", "OTH")  # CACHE01 SB: a GSTIN, a PAN, other
IGST_STATUSES = ("LUT", "P")  # CACHE01 ITEM: under LUT/bond, or IGST paid
# GST state codes: 01-38 (38 Ladakh), 97 Other Territory, 99 Centre Jurisdiction
GST_STATE_CODES = frozenset({f"{n:02d}" for n in range(1, 39)} | {"97", "99"})
_CONTAINER_SIZE = re.compile(r"^(?:[0-9]{2}|[0-9A-Z]{4})$")  # 20, 40, 45 or 22G1, 45G0...
_CODE = re.compile(r"^[0-9A-Z][0-9A-Z/-]*$")


def _upper(value: Any) -> str:
    return "" if value is None else str(value).strip().upper()


def _one_of(value: Any, allowed: tuple[str, ...], path: str, rule: str) -> str:
    """"" or one of ``allowed`` (upper-cased)."""
    v = _upper(value)
    if v and v not in allowed:
        raise InvalidInput(path, f"{v!r}: one of {', '.join(allowed)}", rule)
    return v


def gst_state_code(value: Any, path: str, rule: str) -> str:
    """"" or a 2-digit GST state code (01-38, 97, 99)."""
    v = _upper(value)
    if v.isdigit() and len(v) == 1:
        v = v.zfill(2)
    if v and v not in GST_STATE_CODES:
        raise InvalidInput(path, f"{v!r}: a 2-digit GST state code (01-38, 97 or 99)", rule)
    return v


def container_no(value: Any, path: str, rule: str) -> str:
    """An ISO 6346 container number: owner code, category U/J/Z, 6 digits, check digit."""
    v = _upper(value).replace(" ", "")
    if not v:
        raise InvalidInput(path, "required: the container number", rule)
    try:
        return iso6346.validate(v)
    except ValidationError:
        if len(v) == 11 and v[:4].isalpha() and v[4:].isdigit() and v[3] in "UJZ":
            raise InvalidInput(path, f"{v!r}: wrong check digit, expected "
                               f"{iso6346.calc_check_digit(v[:10])} (ISO 6346)", rule) from None
        raise InvalidInput(path, f"{v!r}: an ISO 6346 container number (4 letters ending U, "
                           "J or Z, 6 digits, a check digit)", rule) from None


def _short_code(value: Any, path: str, limit: int, rule: str, what: str) -> str:
    v = _upper(value)
    if v and (len(v) > limit or not v.isascii() or not _CODE.fullmatch(v)):
        raise InvalidInput(path, f"{v!r}: {what}: at most {limit} letters, digits, '/' or '-'",
                           rule)
    return v


def read_containers(raw: Any, path: str, rule: str, *, seal_limit: int,
                    extra: tuple[str, ...]) -> list[dict[str, str]]:
    """``containers``: [{container_no, seal_no, size, and ``extra`` keys}], each container
    once. SB extra: ``seal_type``; BE extra: ``fcl_lcl`` (FCL or LCL; F or L taken)."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidInput(path, "a list of containers: [{container_no, seal_no, ...}]", rule)
    out: list[dict[str, str]] = []
    for n, c in enumerate(raw, start=1):
        p = f"{path}[{n}]"
        if not isinstance(c, dict):
            raise InvalidInput(p, "a container: {container_no, seal_no, ...}", rule)
        unknown = sorted(set(c) - {"container_no", "seal_no", "size", *extra})
        if unknown:
            raise InvalidInput(f"{p}.{unknown[0]}", "not a container field", rule)
        row = {"container_no": container_no(c.get("container_no"), f"{p}.container_no", rule),
               "seal_no": _short_code(c.get("seal_no"), f"{p}.seal_no", seal_limit, rule,
                                      "the seal number"),
               "size": _upper(c.get("size"))}
        if row["size"] and not _CONTAINER_SIZE.fullmatch(row["size"]):
            raise InvalidInput(f"{p}.size", f"{row['size']!r}: 20, 40, 45... or an ISO 6346 "
                               "size-type code such as 22G1", rule)
        if "seal_type" in extra:
            row["seal_type"] = _short_code(c.get("seal_type"), f"{p}.seal_type", 10, rule,
                                           "the seal type (e.g. RFID)")
        if "fcl_lcl" in extra:
            load = _upper(c.get("fcl_lcl"))
            load = {"F": "FCL", "L": "LCL"}.get(load, load)
            row["fcl_lcl"] = _one_of(load, ("FCL", "LCL"), f"{p}.fcl_lcl", rule)
        if any(x["container_no"] == row["container_no"] for x in out):
            raise InvalidInput(f"{p}.container_no", f"{row['container_no']} is declared "
                               "twice", rule)
        out.append(row)
    return out


def _rupees(data: dict, key: str, path: str, rule: str) -> Decimal | None:
    """None when not given; otherwise rupees and paise, at least zero."""
    raw = data.get(key)
    if raw is None or str(raw).strip() == "":
        return None
    value = _dec(data, key, path)
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(path, f"{raw!r}: rupees with at most 2 decimals (paise)", rule)
    return value


def read_sb_head_fields(data: dict, gstin: str | None) -> dict[str, Any]:
    """The SB head's GSTIN type and state of origin (CACHE01 SB), checked."""
    h: dict[str, Any] = {}
    kind = _one_of(data.get("gstin_type"), GSTIN_TYPES, "gstin_type", "EXP-FIL-8")
    if gstin and not kind:
        kind = "GSN"  # a GSTIN given is a GSTIN
    if kind == "GSN" and not gstin:
        raise InvalidInput("gstin", "required: the GSTIN type is GSN (a GSTIN)", "EXP-FIL-8")
    if kind in ("PAN", "OTH") and gstin:
        raise InvalidInput("gstin_type", f"{kind}: the GSTIN {gstin} is given, so the type "
                           "is GSN", "EXP-FIL-8")
    h["gstin_type"] = kind
    h["state_of_origin"] = gst_state_code(data.get("state_of_origin"), "state_of_origin",
                                          "EXP-FIL-8")
    return h


def read_sb_item_fields(raw: dict, p: str) -> dict[str, Any]:
    """An SB item's state and district of origin and its IGST (CACHE01 ITEM, SW_INFO_TYPE):
    IGST paid (P) needs the taxable value and the IGST; under LUT (or not said) no IGST."""
    it: dict[str, Any] = {
        "state_of_origin": gst_state_code(raw.get("state_of_origin"), f"{p}.state_of_origin",
                                          "EXP-FIL-8")}
    district = _upper(raw.get("district_of_origin"))
    if district and not (district.isascii() and district.isdigit() and len(district) <= 6):
        raise InvalidInput(f"{p}.district_of_origin", f"{district!r}: the district code, up "
                           "to 6 digits", "EXP-FIL-8")
    it["district_of_origin"] = district
    status = _one_of(raw.get("igst_status"), IGST_STATUSES, f"{p}.igst_status", "EXP-FIL-8")
    it["igst_status"] = status
    it["taxable_value"] = _rupees(raw, "taxable_value", f"{p}.taxable_value", "EXP-FIL-8")
    it["igst_amount"] = _rupees(raw, "igst_amount", f"{p}.igst_amount", "EXP-FIL-8")
    if status == "P":
        for key in ("taxable_value", "igst_amount"):
            if it[key] is None:
                raise InvalidInput(f"{p}.{key}", "required: IGST is paid (P)", "EXP-FIL-8")
        if it["taxable_value"] == 0:
            raise InvalidInput(f"{p}.taxable_value", "above zero: IGST is paid (P)",
                               "EXP-FIL-8")
    elif it["igst_amount"]:
        raise InvalidInput(f"{p}.igst_amount", f"{it['igst_amount']}: IGST is declared paid "
                           "only with IGST status P", "EXP-FIL-8")
    return it


@dataclass
class Declaration:
    header: dict[str, Any]
    invoices: list[dict[str, Any]]
    items: list[dict[str, Any]]
    # declared containers and seals (CACHE01 CONTAINER): not a column of the SB
    containers: list[dict[str, str]] = field(default_factory=list)


def read_declaration(s: Session, data: dict, location: str) -> Declaration:
    """Check every field of the keyed declaration; raise InvalidInput naming the first bad one."""
    if not isinstance(data, dict):
        raise InvalidInput("declaration", "expected an object with header fields, invoices, items")
    h: dict[str, Any] = {}
    h["iec"] = _fmt(formats.iec, data.get("iec"), "iec")
    h["branch_sl"] = _count(data, "branch_sl", "branch_sl", default=0, minimum=0)
    broker = _text(data, "broker_code", "broker_code")
    h["broker_code"] = _fmt(formats.broker_code, broker, "broker_code") if broker else None
    h["port_of_loading"] = _fmt(formats.port_code, data.get("port_of_loading") or location,
                                "port_of_loading")
    _known(s, t.Port, h["port_of_loading"], "port_of_loading", "port")
    h["country_of_destination"] = _fmt(formats.country, data.get("country_of_destination"),
                                       "country_of_destination")
    _known(s, t.Country, h["country_of_destination"], "country_of_destination", "country")
    h["port_of_destination"] = _text(data, "port_of_destination", "port_of_destination",
                                     limit=5).upper()
    contract = (_text(data, "nature_of_contract", "nature_of_contract") or "FOB").upper()
    if contract not in CONTRACTS:
        raise InvalidInput("nature_of_contract", f"{contract!r}: one of {', '.join(CONTRACTS)}")
    h["nature_of_contract"] = contract
    h["nfei"] = _bool(data, "nfei")
    h["free_trade_sample"] = _bool(data, "free_trade_sample")
    ad = _text(data, "ad_code", "ad_code")
    h["ad_code"] = _fmt(formats.ad_code, ad, "ad_code") if ad else None
    gstin = _text(data, "gstin", "gstin")
    h["gstin"] = _fmt(formats.gstin, gstin, "gstin") if gstin else None
    gst_type = (_text(data, "gst_invoice_type", "gst_invoice_type") or "LUT").upper()
    if gst_type not in GST_TYPES:
        raise InvalidInput("gst_invoice_type", f"{gst_type!r}: one of {', '.join(GST_TYPES)}",
                           "EXP-FIL-8")
    h["gst_invoice_type"] = gst_type
    h.update(read_sb_head_fields(data, h["gstin"]))
    containers = read_containers(data.get("containers"), "containers", "EXP-FIL-1",
                                 seal_limit=20, extra=("seal_type",))
    for key, limit in (("recipient_name", 150), ("recipient_address", 300),
                       ("place_of_delivery", 100)):
        h[key] = _text(data, key, key, limit=limit)
        if not h[key]:
            raise InvalidInput(key, "required for the GST invoice details", "EXP-FIL-8")
    h["incoterms_place"] = _text(data, "incoterms_place", "incoterms_place", limit=100)
    h["third_party_remittance"] = _bool(data, "third_party_remittance")
    h["packages"] = _count(data, "packages", "packages")
    h["package_kind"] = _text(data, "package_kind", "package_kind", True, 3).upper()
    h["marks"] = _text(data, "marks", "marks")
    h["gross_weight_kg"] = _dec(data, "gross_weight_kg", "gross_weight_kg", positive=True)
    h["net_weight_kg"] = _dec(data, "net_weight_kg", "net_weight_kg", positive=True)
    if h["net_weight_kg"] > h["gross_weight_kg"]:
        raise InvalidInput("net_weight_kg", "exceeds the gross weight")
    h["sdf_declared"] = _bool(data, "sdf_declared")
    h["rosl_declared"] = _bool(data, "rosl_declared")
    if not h["nfei"] and not h["sdf_declared"]:
        raise InvalidInput("sdf_declared", "the SDF declaration (Annexure B) is required",
                           "EXP-FIL-1")

    invoices = []
    raw_invoices = inputs.rows(data.get("invoices"), "invoices", "EXP-FIL-1")
    if not raw_invoices:
        raise InvalidInput("invoices", "at least one invoice is required", "EXP-FIL-1")
    for n, raw in enumerate(raw_invoices, start=1):
        p = f"invoices[{n}]"
        inv = {"sl": n, "invoice_no": _text(raw, "invoice_no", f"{p}.invoice_no", True, 40),
               "invoice_date": _date(raw, "invoice_date", f"{p}.invoice_date"),
               "currency": _fmt(formats.currency, raw.get("currency"), f"{p}.currency")}
        _known(s, t.Currency, inv["currency"], f"{p}.currency", "currency")
        inv["invoice_value_fc"] = _dec(raw, "invoice_value", f"{p}.invoice_value", positive=True)
        for key in ("freight", "insurance", "commission", "discount"):
            inv[f"{key}_fc"] = _dec(raw, key, f"{p}.{key}", required=False)
        bank_rate = raw.get("bank_rate")
        inv["bank_rate"] = (_dec(raw, "bank_rate", f"{p}.bank_rate", positive=True)
                            if bank_rate not in (None, "") else None)
        inv["rate_units"] = _count(raw, "rate_units", f"{p}.rate_units", default=1)
        invoices.append(inv)

    items = []
    raw_items = inputs.rows(data.get("items"), "items", "EXP-FIL-1")
    if not raw_items:
        raise InvalidInput("items", "at least one item is required", "EXP-FIL-1")
    for n, raw in enumerate(raw_items, start=1):
        p = f"items[{n}]"
        it = {"sl": n, "invoice_sl": _count(raw, "invoice_sl", f"{p}.invoice_sl", default=1)}
        if not 1 <= it["invoice_sl"] <= len(invoices):
            raise InvalidInput(f"{p}.invoice_sl", f"no invoice {it['invoice_sl']} on this SB")
        it["tariff_item"] = _fmt(formats.tariff_item, raw.get("tariff_item"), f"{p}.tariff_item")
        _known(s, t.TariffItem, it["tariff_item"], f"{p}.tariff_item", "tariff")
        it["description"] = _text(raw, "description", f"{p}.description", True)
        it["quantity"] = _dec(raw, "quantity", f"{p}.quantity", positive=True)
        it["uqc"] = _text(raw, "uqc", f"{p}.uqc", True, 3).upper()
        _known(s, t.Uqc, it["uqc"], f"{p}.uqc", "UQC")
        it["unit_price_fc"] = _dec(raw, "unit_price", f"{p}.unit_price", positive=True)
        it["value_fc"] = it["quantity"] * it["unit_price_fc"]
        it["scheme_code"] = _text(raw, "scheme_code", f"{p}.scheme_code", True, 2).zfill(2)
        scheme = refcache.get(s, t.SchemeCode, it["scheme_code"])
        if scheme is None:
            raise InvalidInput(f"{p}.scheme_code", f"{it['scheme_code']!r} is not an Exim "
                               "scheme code", "EXP-REG-7")
        it["scheme_category"] = scheme.category
        serial = _text(raw, "dbk_serial", f"{p}.dbk_serial")
        it["dbk_serial"] = _fmt(formats.drawback_serial, serial, f"{p}.dbk_serial") if serial \
            else ""
        if scheme.category in ("drawback", "rosl") and not it["dbk_serial"]:
            raise InvalidInput(f"{p}.dbk_serial", f"scheme {scheme.code} claims drawback: the "
                               "drawback serial is required", "EXP-FIL-7")
        it["end_use"] = _text(raw, "end_use", f"{p}.end_use", True, 20)  # EXP-FIL-8
        it.update(read_sb_item_fields(raw, p))
        it["depb_group"] = _text(raw, "depb_group", f"{p}.depb_group", limit=4)
        it["depb_item"] = _text(raw, "depb_item", f"{p}.depb_item", limit=6)
        it["depb_rate"] = (_dec(raw, "depb_rate", f"{p}.depb_rate")
                           if raw.get("depb_rate") not in (None, "") else None)
        if scheme.category == "depb" and not (it["depb_group"] and it["depb_item"]):
            raise InvalidInput(f"{p}.depb_group", "a DEPB item needs its group code and item "
                               "number", "EXP-DEPB-1")
        it["licence_no"] = _text(raw, "licence_no", f"{p}.licence_no", limit=20)
        it["licence_item_sl"] = _text(raw, "licence_item_sl", f"{p}.licence_item_sl", limit=10)
        it["licence_inputs"] = _text(raw, "licence_inputs", f"{p}.licence_inputs", limit=200)
        if scheme.category in LICENCE_CATEGORIES and not it["licence_no"]:
            raise InvalidInput(f"{p}.licence_no", f"scheme {scheme.code} needs the licence "
                               "details of Annexure D", "EXP-FIL-1")
        items.append(it)

    for inv in invoices:
        total = sum((i["value_fc"] for i in items if i["invoice_sl"] == inv["sl"]), Decimal(0))
        if total != inv["invoice_value_fc"]:
            raise InvalidInput(f"invoices[{inv['sl']}].invoice_value",
                               f"{inv['invoice_value_fc']} differs from the sum of its items "
                               f"({total})", "EXP-FIL-1")
    return Declaration(h, invoices, items, containers)


def category_of(nfei: bool, item_categories: set[str], cess_paise: int) -> str:
    """The SB category from its items' scheme codes (EXP-FIL-7)."""
    if nfei or "nfei" in item_categories:
        return "nfei"
    if "rosl" in item_categories:  # 60: drawback with ROSL
        item_categories = item_categories | {"drawback"}
    for cat in SCHEME_CATEGORY_ORDER:
        if cat in item_categories:
            return cat
    return "dutiable" if cess_paise else "free"


# ---- registrations (EXP-REG-1/2/4/5/8) ----
# Everything a filing checks about its parties, read in one statement (a filing checks them
# at keying and again at submission, and needs no ORM object of any of them).

_IEC, _BROKER, _GSTIN = t.Iec.__table__, t.Broker.__table__, t.Gstin.__table__
_AD_REG, _ACCOUNT = t.AdRegistration.__table__, t.BankAccount.__table__
_IEC_ACTIVE = select(_IEC.c.active).where(_IEC.c.code == bindparam("iec"))
_PARTIES = select(
    _IEC_ACTIVE.scalar_subquery(),
    select(_IEC.c.name).where(_IEC.c.code == bindparam("iec")).scalar_subquery(),
    select(_IEC.c.address).where(_IEC.c.code == bindparam("iec")).scalar_subquery(),
    select(_BROKER.c.verified).where(_BROKER.c.code == bindparam("broker")).scalar_subquery(),
    select(_AD_REG.c.id).where(
        _AD_REG.c.iec == bindparam("iec"), _AD_REG.c.ad_code == bindparam("ad"),
        _AD_REG.c.port_code == bindparam("port")).limit(1).scalar_subquery(),
    select(_ACCOUNT.c.id).where(_ACCOUNT.c.iec == bindparam("iec"),
                                _ACCOUNT.c.active == true()).limit(1).scalar_subquery(),
    select(and_(_GSTIN.c.iec == bindparam("iec"), _GSTIN.c.verified == true())).where(
        _GSTIN.c.gstin == bindparam("gstin")).scalar_subquery(),
)


def registered_iec(s: Session, code: str) -> None:
    if not s.execute(_IEC_ACTIVE, {"iec": code}).scalar():
        raise RuleViolation("EXP-REG-1", f"IEC {code} is not registered (DGFT feed): "
                            "the SB is refused")


def check_registrations(s: Session, sb: t.ShippingBill, claims_drawback: bool) -> Exporter:
    """EXP-REG-1/2/4/5/8, refused in that order; sets the SB's bank account. Returns the
    exporter's name and address."""
    (active, name, address, broker_verified, ad_registered, account,
     gstin_ok) = s.execute(_PARTIES, {"iec": sb.iec, "broker": sb.broker_code or "",
                                      "ad": sb.ad_code or "", "port": sb.location_code,
                                      "gstin": sb.gstin or ""}).one()
    if not active:
        raise RuleViolation("EXP-REG-1", f"IEC {sb.iec} is not registered (DGFT feed): "
                            "the SB is refused")
    if sb.broker_code and not broker_verified:
        raise RuleViolation("EXP-REG-2", f"broker {sb.broker_code} is not a verified broker "
                            "in the directory")
    if not sb.nfei:
        if not sb.ad_code:
            raise InvalidInput("ad_code", "required except for NFEI shipping bills",
                               "EXP-REG-4")
        if refcache.get(s, t.AdCode, sb.ad_code) is None:
            raise RuleViolation("EXP-REG-4", f"AD code {sb.ad_code} is not in RBI's directory")
        if ad_registered is None:
            raise RuleViolation("EXP-REG-4", f"AD code {sb.ad_code} is not registered for "
                                f"{sb.iec} at {sb.location_code}")
    if claims_drawback and account is None:
        raise RuleViolation("EXP-REG-5", f"{sb.iec} claims drawback but has no registered "
                            "drawback bank account")
    if sb.gstin and not gstin_ok:
        raise RuleViolation("EXP-REG-8", f"GSTIN {sb.gstin} is not registered and verified "
                            f"for {sb.iec}")
    if sb.gst_invoice_type == "IGST_PAID":
        if not sb.gstin:
            raise InvalidInput("gstin", "required for export on payment of IGST", "EXP-FIL-8")
        if account is None:
            raise RuleViolation("EXP-REG-8", "IGST refund needs the registered bank account")
    account_id = account if account is not None and (claims_drawback or sb.gstin) else None
    if sb.bank_account_id != account_id:
        sb.bank_account_id = account_id
    return Exporter(name, address)


# ---- values (EXP-REG-6, EXP-DBK-2, EXP-CES-1) ----


def _rate_for(s: Session, inv: dict, on: date, n: int) -> tuple[Decimal, int, str]:
    try:
        rate, units = exchange_rate(s, inv["currency"], on)
    except InvalidInput:
        if inv["bank_rate"] is None:
            raise InvalidInput(f"invoices[{n}].bank_rate", f"{inv['currency']} has no notified "
                               f"rate on {on:%d.%m.%Y}: key the bank-certified rate",
                               "EXP-REG-6") from None
        return inv["bank_rate"], inv["rate_units"], "bank"
    if inv["bank_rate"] is not None:
        raise InvalidInput(f"invoices[{n}].bank_rate", f"{inv['currency']} has a notified rate; "
                           "a bank-certified rate is only for un-notified currencies",
                           "EXP-REG-6")
    return rate, units, "notified"


def _drawback_rate(s: Session, serial: str, on: date) -> t.DrawbackRate | None:
    return refcache.cached(s, "drawback_rate", (serial, on), lambda: refcache.copy_of(
        s.exec(select(t.DrawbackRate).where(
            t.DrawbackRate.serial == serial, t.DrawbackRate.effective_from <= on,
            or_(t.DrawbackRate.effective_to.is_(None), t.DrawbackRate.effective_to >= on))
            .order_by(t.DrawbackRate.effective_from.desc())).first()))


def _fob_fc(inv: dict, contract: str) -> Decimal:
    fob = inv["invoice_value_fc"] - inv["commission_fc"] - inv["discount_fc"]
    if contract in ("CIF", "CF"):
        fob -= inv["freight_fc"]
    if contract in ("CIF", "CI"):
        fob -= inv["insurance_fc"]
    return fob


def write_values(s: Session, sb: t.ShippingBill, d: Declaration, on: date, *,
                 replace: bool = True) -> None:
    """(Re)write the SB's invoices and items with rupee values as on ``on``."""
    values = _values(s, sb, d, on)
    _write_rows(s, sb, d, values, replace=replace)
    values.set_totals(sb)


@dataclass
class _Values:
    """An SB's rows with rupee values as on a date, before they are written (``sb_id``
    is filled in when they are), and the totals that go on the SB."""

    invoices: list[dict]
    items: list[dict]
    totals: dict[str, Any]

    def set_totals(self, sb: t.ShippingBill) -> None:
        for key, value in self.totals.items():
            if getattr(sb, key) != value:
                setattr(sb, key, value)


def _values(s: Session, sb: t.ShippingBill, d: Declaration, on: date) -> _Values:
    """The invoices and items of ``d`` with rupee values as on ``on`` (EXP-REG-6), drawback
    (EXP-DBK-2) and cess (EXP-CES-1); refuses what the schedules refuse. Writes nothing."""
    depb_scheme.check_items(s, d.items, on)  # EXP-DEPB-1: group and item exist; the rate in force
    licences.check_annexure_d(s, d.header["iec"], sb.location_code, on, d.items)  # EXP-LIC-1
    contract = d.header["nature_of_contract"]
    fob_paise: dict[int, int] = {}  # item sl -> paise
    invoice_rows: list[dict] = []
    for inv in d.invoices:
        n = inv["sl"]
        rate, units, source = _rate_for(s, inv, on, n)
        fob = _fob_fc(inv, contract)
        if fob <= 0:
            raise InvalidInput(f"invoices[{n}].invoice_value", "FOB value after freight, "
                               "insurance, commission and discount must be above zero")
        total = to_paise(fob * rate / units)
        mine = [i for i in d.items if i["invoice_sl"] == n]
        done = 0
        for k, it in enumerate(mine):  # share the invoice FOB by item value; last takes the rest
            share = total - done if k == len(mine) - 1 else to_paise(
                Decimal(total) / 100 * it["value_fc"] / inv["invoice_value_fc"])
            fob_paise[it["sl"]] = share
            done += share
        invoice_rows.append(dict(
            sl=n, invoice_no=inv["invoice_no"], invoice_date=inv["invoice_date"],
            currency=inv["currency"], exchange_rate=rate, rate_units=units, rate_source=source,
            rate_date=on if source == "bank" else None, invoice_value_fc=inv["invoice_value_fc"],
            freight_fc=inv["freight_fc"], insurance_fc=inv["insurance_fc"],
            commission_fc=inv["commission_fc"], discount_fc=inv["discount_fc"]))
    dbk: list[Decimal] = []
    for it in d.items:
        fob = from_paise(fob_paise[it["sl"]])
        amount = Decimal("0.00")
        if it["dbk_serial"] and it["dbk_serial"] != PROVISIONAL:
            row = _drawback_rate(s, it["dbk_serial"], on)
            if row is None:
                raise InvalidInput(f"items[{it['sl']}].dbk_serial", f"{it['dbk_serial']} is not "
                                   f"in the drawback schedule on {on:%d.%m.%Y}", "EXP-DBK-2")
            if row.cap_per_unit is not None and row.uqc and row.uqc != it["uqc"]:
                raise InvalidInput(f"items[{it['sl']}].uqc", f"drawback {row.serial} is capped "
                                   f"per {row.uqc}; the item is in {it['uqc']}", "EXP-DBK-2")
            amount = item_drawback(row.serial, fob, it["quantity"], row.rate_pct,
                                   row.cap_per_unit)
        dbk.append(amount)
    dbk = sb_drawback(dbk, parameter(s, "EXP-DBK-2.min", on, sb.location_code))
    cess_total = dbk_total = fob_total = 0
    item_rows: list[dict] = []
    for it, amount in zip(d.items, dbk, strict=True):
        tariff = refcache.get(s, t.TariffItem, it["tariff_item"])
        fob = fob_paise[it["sl"]]
        cess = to_paise(from_paise(fob) * tariff.export_cess_rate / 100)
        depb = to_paise(from_paise(fob)) if it["scheme_category"] == "depb" else None
        item_rows.append(dict(
            sl=it["sl"], invoice_sl=it["invoice_sl"], tariff_item=it["tariff_item"],
            description=it["description"], quantity=it["quantity"], uqc=it["uqc"],
            unit_price_fc=it["unit_price_fc"], value_fc=it["value_fc"], fob_inr_paise=fob,
            scheme_code=it["scheme_code"], dbk_serial=it["dbk_serial"],
            dbk_paise=to_paise(amount), cess_paise=cess, end_use=it["end_use"],
            depb_group=it["depb_group"], depb_item=it["depb_item"], depb_rate=it["depb_rate"],
            depb_value_for_credit_paise=depb, licence_no=it["licence_no"],
            licence_item_sl=it["licence_item_sl"], licence_inputs=it["licence_inputs"],
            **{k: it.get(k, "") for k in ("state_of_origin", "district_of_origin",
                                          "igst_status")},
            taxable_value=it.get("taxable_value"), igst_amount=it.get("igst_amount")))
        cess_total += cess
        dbk_total += to_paise(amount)
        fob_total += fob
    return _Values(invoice_rows, item_rows, {
        "fob_inr_paise": fob_total, "drawback_paise": dbk_total, "cess_paise": cess_total,
        "valued_on": on, "valued_generation": refcache.generation(s),
        "category": category_of(sb.nfei, {i["scheme_category"] for i in d.items}, cess_total)})


@dataclass
class _Written:
    """An SB's rows as its INSERTs returned them (every column, in the table's order)."""

    invoices: list
    items: list
    containers: list


def _returning(table):  # noqa: ANN001, ANN202
    """A multi-row INSERT into ``table`` that returns the rows written (in any order: asking
    for theirs makes SQLAlchemy insert them one by one on SQLite)."""
    return table.insert().returning(*table.c)


def _by_sl(row) -> int:  # noqa: ANN001
    return row.sl


_INSERT_INVOICES = _returning(t.SbInvoice.__table__)
_INSERT_ITEMS = _returning(t.SbItem.__table__)
_INSERT_CONTAINERS = _returning(SbContainer.__table__)


def _write_rows(s: Session, sb: t.ShippingBill, d: Declaration, values: _Values, *,
                replace: bool) -> _Written:
    """Write the SB's containers, invoices and items (``replace``: instead of those written
    before): one multi-row INSERT each, not an ORM object per row (an SB can carry hundreds
    of items), returning the rows as written (the audit trail hashes them as returned)."""
    if replace:
        s.execute(delete(t.SbItem).where(t.SbItem.sb_id == sb.id))
        s.execute(delete(t.SbInvoice).where(t.SbInvoice.sb_id == sb.id))
        s.execute(delete(SbContainer).where(SbContainer.sb_id == sb.id))
    containers = [dict(sb_id=sb.id, sl=n, **c) for n, c in enumerate(d.containers, start=1)]
    for rows in (values.invoices, values.items):
        for row in rows:
            row["sb_id"] = sb.id
    out = {}
    for part, stmt, rows, table in (
            ("containers", _INSERT_CONTAINERS, containers, SbContainer.__table__),
            ("invoices", _INSERT_INVOICES, values.invoices, t.SbInvoice.__table__),
            ("items", _INSERT_ITEMS, values.items, t.SbItem.__table__)):
        written = sorted(s.execute(stmt, rows).all(), key=_by_sl) if rows else []
        audit.note_read(s, table, "sb_id", sb.id, written)
        out[part] = written
    return _Written(**out)


def _apply(s: Session, sb: t.ShippingBill, d: Declaration, on: date, *,
           replace: bool = True) -> tuple[Exporter, _Written]:
    """The declaration onto the SB: its registrations checked (refused before anything is
    written), its values computed, then the SB and its rows written. Returns the exporter
    as the registrations read it, and the rows as written."""
    for key, value in d.header.items():
        if getattr(sb, key) != value:
            setattr(sb, key, value)
    if any(i["scheme_category"] == "nfei" for i in d.items) and not sb.nfei:
        sb.nfei = True
    with s.no_autoflush:  # refuse an unregistered party before writing anything
        exporter = check_registrations(s, sb, any(i["dbk_serial"] for i in d.items))
        values = _values(s, sb, d, on)
    values.set_totals(sb)
    s.add(sb)
    s.flush()
    return exporter, _write_rows(s, sb, d, values, replace=replace)


def timing_warnings(s: Session, at: datetime, location: str) -> tuple[str, ...]:
    """EXP-FIL-4: declarations are accepted 10:00–17:00 and keyed the same day up to 16:00."""
    opens = parameter(s, "EXP-FIL-4.open", at.date(), location)
    cutoff = parameter(s, "EXP-FIL-4.cutoff", at.date(), location)
    close = parameter(s, "EXP-MOT-1.office_close", at.date(), location)
    hour = Decimal(at.hour) + Decimal(at.minute) / 60
    if hour < opens or hour >= close:
        return (f"EXP-FIL-4: the service centre accepts declarations from {opens}:00 to "
                f"{close}:00; keyed at {at:%H:%M}",)
    if hour > cutoff:
        return (f"EXP-FIL-4: received after {cutoff}:00: normally keyed the next day",)
    return ()


# ---- the acts ----


def create_draft(core: Core, actor: Actor, data: dict) -> SbView:
    """Key a new declaration as a draft (EXP-FIL-1); returns it with its job number."""
    SB.check(actor, "key")
    with core.db.write() as s:
        sb, exporter, rows = key_draft(s, core, actor, data)
        return sb_view(s, sb, timing_warnings(s, core.now(), actor.location_code),
                       invoices=rows.invoices, items=rows.items, containers=rows.containers,
                       exporter=exporter)


def key_draft(s: Session, core: Core, actor: Actor, data: dict, *, edi_sender: str = ""
              ) -> tuple[t.ShippingBill, Exporter, _Written]:
    """``create_draft`` in the caller's transaction, without the view: the draft, its
    exporter and its rows as written. ``edi_sender``: the ICEGATE filer whose message it is
    keyed from (EDI-3)."""
    SB.check(actor, "key")
    with s.no_autoflush:  # written once, when complete
        d = read_declaration(s, data, actor.location_code)
        sb = new_row(t.ShippingBill, job_no=next_number(s, "JOB"),
                     location_code=actor.location_code, state=S.DRAFT,
                     created_by=actor.username, created_at=core.now(), edi_sender=edi_sender,
                     **d.header)
        exporter, rows = _apply(s, sb, d, core.today(), replace=False)
        transition(s, core, actor, sb, SB["key"], reason=f"{len(d.items)} item(s)")
    return sb, exporter, rows


def update_draft(core: Core, actor: Actor, job_no: int, data: dict, *, endorsement: str = "",
                 customer_correction: bool = False, expected_version: int | None = None
                 ) -> SbView:
    """Re-key a draft. After a checklist is printed only corrections marked and signed on
    it may be keyed: ``endorsement`` records them, and the SB returns to draft for a new
    checklist round (EXP-FIL-2). ``customer_correction``: the exporter's own change to the
    original declaration (a charged checklist, charges.md)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "correct", job_no, by="job", expected_version=expected_version)
        d = read_declaration(s, data, sb.location_code)
        if sb.state == S.CHECKLIST_PRINTED and not endorsement.strip():
            raise RuleViolation("EXP-FIL-2", "the checklist is printed: key only corrections "
                                "marked and signed on it, and record that endorsement")
        transition(s, core, actor, sb, SB["correct"], reason=endorsement.strip(),
                   action="correct" if sb.state == S.CHECKLIST_PRINTED else "edit")
        if customer_correction:
            sb.own_corrections += 1
        exporter, rows = _apply(s, sb, d, core.today())
        return sb_view(s, sb, invoices=rows.invoices, items=rows.items,
                       containers=rows.containers, exporter=exporter)


_PRINT_LOG = t.PrintLog.__table__.insert()


def print_checklist(core: Core, actor: Actor, job_no: int, *,
                    expected_version: int | None = None) -> SbView:
    """Record a checklist round for the exporter to confirm (EXP-FIL-2)."""
    with core.db.write() as s, s.no_autoflush:  # the SB written once, by sb_view's flush
        sb = SB.take(s, actor, "checklist", job_no, by="job", expected_version=expected_version)
        sb.checklist_round += 1
        transition(s, core, actor, sb, SB["checklist"], reason=f"round {sb.checklist_round}")
        s.execute(_PRINT_LOG, {"doc_kind": "CHECKLIST", "doc_ref": f"J{job_no}",
                               "copy_name": f"round {sb.checklist_round}",
                               "printed_by": actor.username, "printed_at": core.now(),
                               "reprint": False, "cancelled": False, "cancelled_by": ""})
        return sb_view(s, sb)


def submit_sb(core: Core, actor: Actor, job_no: int, *,
              expected_version: int | None = None) -> SbView:
    """Submit a confirmed checklist: SB number from the national series (EXP-FIL-3), values
    at the rates of the SB date (EXP-REG-6), service charges, and RMS routing."""
    with core.db.write() as s, s.no_autoflush:  # the SB written once, by sb_view's flush
        sb = SB.take(s, actor, "submit", job_no, by="job", expected_version=expected_version)
        today = core.today()
        invoices = child_rows(s, t.SbInvoice, sb.id, "sl")
        for inv in invoices:
            if inv.rate_source == "bank" and inv.rate_date != today:
                raise RuleViolation("EXP-REG-6", f"invoice {inv.invoice_no}: the bank-certified "
                                    f"rate is for {inv.rate_date:%d.%m.%Y}; the SB must be "
                                    "submitted that same day (key today's certified rate)")
        items = child_rows(s, t.SbItem, sb.id, "sl")
        claims_drawback = any(i.dbk_serial for i in items)
        if _needs_revaluing(s, sb, items, today):
            write_values(s, sb, read_declaration(s, _as_data(s, sb), sb.location_code), today)
            invoices = None
            items = child_rows(s, t.SbItem, sb.id, "sl")
        exporter = check_registrations(s, sb, claims_drawback)
        draft_ref = ref_of(sb)
        sb.sb_no = next_number(s, "SB")
        sb.sb_date, sb.submitted_at = today, core.now()
        lines = charges.sb_charges(s, sb.location_code, today, len(items), sb.own_corrections)
        sb.service_charge_paise = sum(to_paise(x.amount) for x in lines)
        transition(s, core, actor, sb, SB["submit"], reason=f"from {draft_ref}")
        route_sb(s, core, sb, items)
        return sb_view(s, sb, invoices=invoices, items=items, exporter=exporter)


def _needs_revaluing(s: Session, sb: t.ShippingBill, items: list, today: date
                     ) -> bool:
    """Whether submission must value the SB afresh (EXP-REG-6: at the rates of the SB date).

    The values written at keying stand when they were computed today under the same reference
    generation: every rate, cap and parameter they used lives in a cached directory, so an
    unchanged generation means unchanged inputs. Licence items are always re-checked, since
    a licence's balance moves with other SBs' Let Export."""
    return (sb.valued_on != today or sb.valued_generation != refcache.generation(s)
            or any(i.licence_no for i in items))


def lapse_overdue(core: Core, actor: Actor | None = None) -> list[int]:
    """Lapse every SB at the location whose goods were not registered within the validity
    period (``EXP-FIL-5.days``, 15) of the SB date (EXP-FIL-5). Returns their numbers."""
    if actor is not None:
        SB.check(actor, "lapse_overdue")
    today = core.today()
    lapsed = []
    with core.db.write() as s:
        location = actor.location_code if actor else ""
        q = select(t.ShippingBill).where(t.ShippingBill.state.in_(BEFORE_REGISTRATION))
        if location:
            q = q.where(t.ShippingBill.location_code == location)
        for sb in s.exec(q.with_for_update()).all():
            days = int(parameter(s, "EXP-FIL-5.days", sb.sb_date, sb.location_code))
            if today > sb.sb_date + timedelta(days=days):
                transition(s, core, system_actor(sb.location_code), sb, SB["lapse"],
                           reason=f"goods not registered within {days} days of "
                                  f"{sb.sb_date:%d.%m.%Y}")
                lapsed.append(sb.sb_no)
    return lapsed


def validity_ends(s: Session, sb: t.ShippingBill) -> date:
    days = int(parameter(s, "EXP-FIL-5.days", sb.sb_date, sb.location_code))
    return sb.sb_date + timedelta(days=days)


# ---- the declaration back as data (for editing and re-valuing) ----


def _as_data(s: Session, sb: t.ShippingBill) -> dict:
    invoices = s.exec(select(t.SbInvoice).where(t.SbInvoice.sb_id == sb.id)
                      .order_by(t.SbInvoice.sl)).all()
    items = s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id).order_by(t.SbItem.sl)).all()
    keys = ("iec", "branch_sl", "broker_code", "port_of_loading", "country_of_destination",
            "port_of_destination", "nature_of_contract", "nfei", "free_trade_sample", "ad_code",
            "gstin", "gst_invoice_type", "recipient_name", "recipient_address",
            "place_of_delivery", "incoterms_place", "third_party_remittance", "packages",
            "package_kind", "marks", "gross_weight_kg", "net_weight_kg", "sdf_declared",
            "rosl_declared", "gstin_type", "state_of_origin")
    data: dict[str, Any] = {k: getattr(sb, k) for k in keys}
    data["containers"] = [
        {"container_no": c.container_no, "seal_no": c.seal_no, "seal_type": c.seal_type,
         "size": c.size}
        for c in s.exec(select(SbContainer).where(SbContainer.sb_id == sb.id)
                        .order_by(SbContainer.sl))]
    data["invoices"] = [{
        "invoice_no": v.invoice_no, "invoice_date": v.invoice_date.isoformat(),
        "currency": v.currency, "invoice_value": v.invoice_value_fc, "freight": v.freight_fc,
        "insurance": v.insurance_fc, "commission": v.commission_fc, "discount": v.discount_fc,
        "bank_rate": v.exchange_rate if v.rate_source == "bank" else None,
        "rate_units": v.rate_units} for v in invoices]
    data["items"] = [{
        "invoice_sl": i.invoice_sl, "tariff_item": i.tariff_item, "description": i.description,
        "quantity": i.quantity, "uqc": i.uqc, "unit_price": i.unit_price_fc,
        "scheme_code": i.scheme_code, "dbk_serial": i.dbk_serial, "end_use": i.end_use,
        "depb_group": i.depb_group, "depb_item": i.depb_item, "depb_rate": i.depb_rate,
        "licence_no": i.licence_no, "licence_item_sl": i.licence_item_sl,
        "licence_inputs": i.licence_inputs, **_declared(i)} for i in items]
    return data


ITEM_DECLARED = ("state_of_origin", "district_of_origin", "igst_status", "taxable_value",
                 "igst_amount")


def _declared(item: Any) -> dict[str, Any]:
    """An item's fields of issue 16, those declared only: an item without them reads as it
    did before (the amendment diff knows the older item fields only)."""
    return {k: getattr(item, k) for k in ITEM_DECLARED if getattr(item, k) not in (None, "")}


def draft_data(core: Core, job_no: int) -> dict:
    """A draft's declaration as the dict ``create_draft``/``update_draft`` take (for editing)."""
    with core.db.read() as s:
        return _as_data(s, load_draft(s, job_no, lock=False))

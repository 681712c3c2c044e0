"""The declarations the counter takes, read from the filers' messages and written into them
(EDI-7), and the replies and notices Customs sends back (edi.md).

In: ``read_filing(msg)`` maps a CACHE01 (Shipping Bill, fresh F or amendment A:
CACHE01_A), CACHI01 (Bill of Entry H, W, X, fresh or amendment: CACHI01_A), SACHI01 (IGM),
CAEGM01 (EGM) or CACHI06/CACHE06 (reply to a query) onto a ``Filing`` whose ``data`` is the
dict the counter's service takes (``fixtures/examples/sb.json``, ``be.json``; an amendment's
``{"changes", "reason"}`` as ``amendments.request_amendment`` and
``be_amendments.request_amendment`` take it).

Out: ``sb_message``, ``be_message`` (and ``igm_message``, ``egm_message``,
``reply_message``) write a declaration so that reading it back gives the same dict,
``canonical(kind, data)`` (EDI-7); ``ack``/``nak`` (CHCAI02), ``query`` (CHCAI05),
``challan`` (CHCAI04) and ``notice`` (LEO, EGM, OOC) answer a filer.

Where each declaration key travels is data: the ``Key`` tables below name the segment
fields (or the remark code) that carry it and how its value is written. A key absent from
a dict leaves its fields empty, and an empty field gives no key. Values read are canonical:
text upper-case ASCII (the format's), numbers ``Decimal`` (counts ``int``), dates ISO
``YYYY-MM-DD`` strings, flags ``bool``.

Decisions where the public layouts have no place for what the counter keys:
- a remark: a STATEMENT record of type REM whose code names the key (``*_REMARKS``), at
  the head (invoice and item serial 0), an invoice (item 0) or an item; an item's value on
  a BE travels as a single-window record (info type VAL, qualifier ITV) beside the unit
  price the ITEMS segment carries, and a BE container's size as the remark CSZnnnn of
  the n-th container (the BE's CONTAINER segment has no size);
- the SB's INVOICE segment has no invoice value: it travels as the invoice's remark
  INVVAL, and a file without it (from other software) gives the sum of the invoice's
  items' quantity x unit price (what the counter requires it to be, EXP-FIL-1);
- an SB item's serial is its serial on the SB (as the counter numbers items and its
  amendments name them); a fresh SB's items are read in file order, keyed by invoice and
  item serial;
- an amendment carries new values only: it cannot clear a field nor remove an item (D
  records are refused): the writer refuses such a change (code 118);
- the HREC receiver of a filing is the custom house it is for, the same as its records';
- filings without a job number in their layout (IGM, reply to a query) take the HREC
  control number (digits) and date as job number and date, which EDI-4 keys on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from console.edi.codec import Envelope, Message, Segment, layout
from console.edi.errors import ACCEPTED, EdiError, code_of

# ---- what a filing is ----

KIND_OF = {"CACHE01": "SB", "CACHE01_A": "SB", "CACHI01": "BE", "CACHI01_A": "BE",
           "SACHI01": "IGM", "CAEGM01": "EGM", "CACHI06": "RPL", "CACHE06": "RPL"}
FILE_SUFFIX = {m: layout(m).suffix for m in KIND_OF}  # how inbound files end
REPLY_SUFFIX = {m: layout(m).suffix for m in (
    "CHCAI02", "CHCAI04", "CHCAI05", "CHCAE05", "CHLEO01", "CHEGM01", "CHOOC01")}
NAK_SUFFIX = ".nak"  # a CHCAI02 with error codes
NOTICES = {"LEO": "CHLEO01", "EGM": "CHEGM01", "OOC": "CHOOC01"}
SB_AMENDMENT_CODES = {"amendment": "A_SB", "freight_insurance": "A_FRTINS"}  # EXP-AMD-2/3
BE_AMENDMENT_CODES = {"head": "A_MAIN", "invoice": "A_INV", "items": "A_ITEM"}  # v2.23 codes


@dataclass(frozen=True)
class Filing:
    kind: str  # SB, BE, IGM, EGM, RPL
    type: str  # F fresh, A amendment
    custom_house: str  # location code, e.g. INVTZ4
    job_no: int
    job_date: date
    doc_no: int | None  # on an amendment or a reply: the document's number and date
    doc_date: date | None
    data: dict[str, Any]
    envelope: Envelope | None = None  # who sent it: the replies are addressed from it


def _refuse(kind: str, segment: str = "", detail: str = "") -> EdiError:
    return EdiError(code_of(kind), segment, 0, detail)


# ---- values: how a key's value is written and read ----

TEXT, INT, DEC, DATE, FLAG, PROVISIONAL, FCL = (
    "text", "int", "dec", "date", "flag", "provisional", "fcl")
# the letters a coded key is written as (value -> letter)
CODES: dict[str, dict[Any, str]] = {FLAG: {True: "Y", False: "N"},
                                    PROVISIONAL: {True: "P", False: "F"},
                                    FCL: {"FCL": "F", "LCL": "L"}}
_TRUE = ("Y", "YES", "TRUE", "1")
_FALSE = ("N", "NO", "FALSE", "0")


def fold(text: Any) -> str:
    """Text as the format holds it: ASCII (accents dropped), upper-case, no control
    characters (a line break is a space), no surrounding spaces."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return "".join(c if " " <= c <= "~" else " " for c in s).upper().strip()


def normal(kind: str, value: Any, key: str = "") -> Any:
    """A key's value in canonical form, or None when it is empty; raises EdiError (field
    type) for what cannot be a value of its kind."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if kind == TEXT:
            return fold(value) or None
        if kind == INT:
            if isinstance(value, bool) or (isinstance(value, float | Decimal)
                                           and value != int(value)):
                raise ValueError
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if kind == DEC:
            d = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
            if not d.is_finite():
                raise ValueError
            return d
        if kind == DATE:
            if isinstance(value, datetime):
                return value.date().isoformat()
            return (value if isinstance(value, date)
                    else date.fromisoformat(str(value).strip())).isoformat()
        if kind in (FLAG, PROVISIONAL):
            if isinstance(value, bool):
                return value
            text = str(value).strip().upper()
            if text in _TRUE + _FALSE:
                return text in _TRUE
            raise ValueError
        if kind == FCL:
            text = str(value).strip().upper()
            if text in ("F", "FCL", "L", "LCL"):
                return "FCL" if text.startswith("F") else "LCL"
    except (ValueError, TypeError, InvalidOperation, ArithmeticError):
        pass
    raise _refuse("field_type", "", f"{key or kind}: {value!r} is not a {kind} value")


def _to_fields(kind: str, value: Any, fields: tuple[str, ...], seg: Segment,
               key: str) -> dict[str, Any]:
    """A canonical value as its segment fields' values (text spread over the fields)."""
    if kind == TEXT:
        widths = [_field(seg, f).width for f in fields]
        if len(value) > sum(widths):
            raise _refuse("field_width", seg.name, f"{key}: {len(value)} characters, room for "
                          f"{sum(widths)} in {', '.join(fields)}")
        return dict(zip(fields, _spread(value, widths), strict=True))
    (name,) = fields
    if kind == INT:
        return {name: value if _field(seg, name).type == "N" else str(value)}
    if kind == DATE:
        return {name: date.fromisoformat(value)}
    if kind in CODES:
        return {name: CODES[kind][value]}
    return {name: value}


def _spread(text: str, widths: list[int]) -> list[str | None]:
    """Text over fields of these widths, read back by joining them: each cut after a space
    where the rest still fits the fields left, else at the field's width."""
    out: list[str | None] = []
    rest = text
    for n, width in enumerate(widths):
        cut = len(rest)
        if cut > width:
            cut = rest.rfind(" ", 0, width) + 1
            if cut <= 0 or len(rest) - cut > sum(widths[n + 1:]):
                cut = width
        out.append(rest[:cut] or None)
        rest = rest[cut:]
    return out


def _from_fields(kind: str, values: list[Any], seg: Segment, key: str) -> Any:
    """A key's canonical value from its fields' values (None when they are empty)."""
    if kind == TEXT:
        text = "".join(v for v in values if v is not None)
        return text or None
    (value,) = values
    if value is None:
        return None
    if kind == INT and isinstance(value, str):
        if not value.isdigit():
            raise _refuse("field_type", seg.name, f"{key}: {value!r} is not a number")
        return int(value)
    if kind == DATE:
        return value.isoformat()
    if kind in CODES:
        for v, letter in CODES[kind].items():
            if value == letter:
                return v
        raise _refuse("field_type", seg.name, f"{key}: {value!r}, one of "
                      f"{', '.join(CODES[kind].values())}")
    return value


def _as_text(kind: str, value: Any) -> str:
    """A canonical value as a remark's text."""
    if kind in CODES:
        return CODES[kind][value]
    if kind == DEC:
        return format(value, "f")
    return str(value)


def _from_text(kind: str, text: str, key: str) -> Any:
    if kind == TEXT:
        return text
    if kind in CODES:
        return _from_fields(kind, [text], _REMARK_SEGMENT, key)
    if kind == INT and text.isdigit():
        return int(text)
    if kind == DEC and re.fullmatch(r"\d+(\.\d+)?", text):
        return Decimal(text)
    if kind == DATE:
        return normal(DATE, text, key)
    raise _refuse("field_type", "STATEMENT", f"{key}: {text!r} is not a {kind} value")


_REMARK_SEGMENT = Segment("STATEMENT", ())


def _field(seg: Segment, name: str):
    for f in seg.fields:
        if f.name == name:
            return f
    raise KeyError(f"{seg.name}.{name}")


# ---- the keys and where they travel ----


@dataclass(frozen=True)
class Key:
    """A declaration key and where a message carries it: segment fields (a text spread
    over several in turn), a remark code, or a single-window info type and qualifier."""

    key: str
    fields: tuple[str, ...]
    kind: str = TEXT


def keys(*rows: tuple) -> tuple[Key, ...]:
    return tuple(Key(r[0], tuple(r[1].split()), *r[2:]) for r in rows)


# Shipping Bill (CACHE01)
SB_HEAD = keys(  # the SB segment
    ("iec", "iec"), ("branch_sl", "branch_sl", INT), ("broker_code", "cha_code"),
    ("port_of_loading", "port_of_loading"), ("country_of_destination", "destination_country"),
    ("port_of_destination", "port_of_destination"), ("ad_code", "ad_code"),
    ("gstin", "gstin"), ("gstin_type", "gstin_type"), ("state_of_origin", "state_of_origin"),
    ("recipient_name", "consignee_name"),
    ("recipient_address", "consignee_address1 consignee_address2 consignee_address3 "
                          "consignee_address4"),
    ("packages", "total_packages", INT), ("marks", "marks"),
    ("gross_weight_kg", "gross_weight", DEC), ("net_weight_kg", "net_weight", DEC))
SB_CONTRACT = Key("nature_of_contract", ("contract_type",))  # on every INVOICE record
SB_HEAD_REMARKS = keys(
    ("place_of_delivery", "POD"), ("incoterms_place", "INCOPL"), ("package_kind", "PKGKIND"),
    ("gst_invoice_type", "GSTINV"), ("nfei", "NFEI", FLAG), ("free_trade_sample", "FTS", FLAG),
    ("third_party_remittance", "TPREMIT", FLAG), ("sdf_declared", "SDF", FLAG),
    ("rosl_declared", "ROSL", FLAG))
SB_INVOICE = keys(
    ("invoice_no", "invoice_no"), ("invoice_date", "invoice_date", DATE),
    ("currency", "currency"), ("freight", "freight", DEC), ("insurance", "insurance", DEC),
    ("commission", "commission", DEC), ("discount", "discount", DEC))
SB_INVOICE_REMARKS = keys(("invoice_value", "INVVAL", DEC), ("bank_rate", "BANKRT", DEC),
                          ("rate_units", "RTUNITS", INT))
SB_ITEM = keys(
    ("invoice_sl", "invoice_sl", INT), ("scheme_code", "scheme_code"),
    ("tariff_item", "tariff_item"), ("description", "description1 description2 description3"),
    ("uqc", "uqc"), ("quantity", "quantity", DEC), ("unit_price", "unit_price", DEC),
    ("end_use", "end_use"), ("igst_status", "igst_status"),
    ("taxable_value", "taxable_value", DEC), ("igst_amount", "igst_amount", DEC))
SB_DBK = keys(("dbk_serial", "dbk_serial"))
SB_LICENCE = keys(("licence_no", "licence_no"), ("licence_item_sl", "export_item_sl"))
SB_ITEM_INFO = keys(("state_of_origin", "ORC STO"), ("district_of_origin", "ORC DOO"))
SB_ITEM_REMARKS = keys(("depb_group", "DEPBGRP"), ("depb_item", "DEPBITM"),
                       ("depb_rate", "DEPBRT", DEC), ("licence_inputs", "LICINP"))
SB_CONTAINER = keys(("container_no", "container_no"), ("seal_no", "seal_no"),
                    ("seal_type", "seal_type"), ("size", "size"))

# Bill of Entry (CACHI01)
BE_HEAD = keys(  # the BE segment
    ("be_type", "be_type"), ("iec", "iec"), ("first_check", "first_check", FLAG),
    ("warehouse_code", "warehouse_code"), ("wh_be_no", "warehouse_be_no", INT),
    ("wh_be_date", "warehouse_be_date", DATE))
BE_INVOICE = keys(
    ("invoice_value", "invoice_value", DEC), ("currency", "invoice_currency"),
    ("terms_of_invoice", "terms_of_invoice"), ("nature_of_transaction", "nature_of_transaction"),
    ("freight", "freight", DEC), ("insurance", "insurance", DEC),
    ("valuation_provisional", "svb_value_final", PROVISIONAL))
BE_EXCHANGE = keys(("bank_rate", "rate", DEC), ("bank_certificate", "certificate_no"))
BE_IGMS = keys(("igm_no", "igm_no", INT), ("bl_no", "bl_no"))
BE_CTX = keys(("gst_state_code", "state_code"), ("tax_type", "tax_type"),
              ("gstin", "registration_no"))
BE_HSS = keys(("seller_iec", "iec"))  # high_sea_sale
BE_HSS_CHARGES = keys(("charge_rate", "hss_load_rate", DEC),
                      ("charge_value", "hss_load_amount", DEC))  # high_sea_sale, on INVOICE
BE_BOND = keys(("type", "bond_code"), ("number", "bond_no", INT))  # bond
BE_HEAD_REMARKS = keys(("eou_option", "EOUOPT"))
BE_ITEM = keys(
    ("tariff_item", "ritc"), ("description", "description1 description2"),
    ("quantity", "quantity", DEC), ("uqc", "uqc"), ("origin_country", "country_of_origin"),
    ("tv_notification", "tv_notn"), ("tv_sl", "tv_sl"), ("tv_quantity", "tv_quantity", DEC),
    ("add_notification", "add_notn"), ("add_item_sl", "add_sl", INT),
    ("add_producer_sl", "add_supplier_sl", INT))
BE_ITEM_INFO = keys(("value", "VAL ITV", DEC))
BE_LICENCE = keys(("licence_no", "licence_no"), ("licence_sl", "licence_item_sl", INT))
BE_CONTAINER = keys(("container_no", "container_no"), ("seal_no", "seal_no"),
                    ("fcl_lcl", "lcl_fcl", FCL))
BE_CONTAINER_SIZE = "CSZ{:04d}"  # the remark carrying the size of the n-th container

# IGM (SACHI01), EGM (CAEGM01), reply to a query (CACHI06, CACHE06)
IGM_HEAD = keys(("carrier_code", "shipping_line_code"), ("voyage", "voyage_no"),
                ("arrival_date", "expected_arrival", DATE))
IGM_LINE = keys(
    ("line_no", "line_no", INT), ("bl_no", "bl_no"), ("importer_name", "importer_name"),
    ("packages", "packages", INT), ("package_kind", "package_kind"),
    ("gross_weight_kg", "gross_weight", DEC), ("description", "description"))
EGM_HEAD = keys(("carrier_code", "carrier_code"), ("voyage", "voyage"),
                ("sailed_on", "sailed_on", DATE))
REPLY = keys(("query_no", "query_no", INT), ("text", "reply_text"))


def _put(table: Iterable[Key], data: dict, seg: Segment) -> dict[str, Any]:
    """The fields of ``seg`` carrying the keys ``data`` holds."""
    out: dict[str, Any] = {}
    for k in table:
        value = normal(k.kind, data.get(k.key), k.key)
        if value is not None:
            out.update(_to_fields(k.kind, value, k.fields, seg, k.key))
    return out


def _take(table: Iterable[Key], record: dict, seg: Segment) -> dict[str, Any]:
    """The keys a record carries."""
    out = {}
    for k in table:
        value = _from_fields(k.kind, [record.get(f) for f in k.fields], seg, k.key)
        if value is not None:
            out[k.key] = value
    return out


def _canon(table: Iterable[Key], data: dict) -> dict[str, Any]:
    out = {}
    for k in table:
        value = normal(k.kind, data.get(k.key), k.key)
        if value is not None:
            out[k.key] = value
    return out


def _known(data: Any, allowed: Iterable[str], where: str) -> dict:
    """``data`` as a dict holding only keys the message has a place for (EDI-7)."""
    if not isinstance(data, dict):
        raise _refuse("not_expressible", "", f"{where}: expected an object, not {data!r}")
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise _refuse("not_expressible", "", f"{where}: {extra[0]} has no place in the message")
    return data


def _names(*tables: Iterable[Key]) -> set[str]:
    return {k.key for table in tables for k in table}


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise _refuse("not_expressible", "", f"{key}: expected a list")
    return value


SB_HEAD_KEYS = _names(SB_HEAD, SB_HEAD_REMARKS, [SB_CONTRACT]) | {"invoices", "items",
                                                                  "containers"}
SB_INVOICE_KEYS = _names(SB_INVOICE, SB_INVOICE_REMARKS)
SB_ITEM_KEYS = _names(SB_ITEM, SB_DBK, SB_LICENCE, SB_ITEM_INFO, SB_ITEM_REMARKS)
BE_HEAD_KEYS = _names(BE_HEAD, BE_INVOICE, BE_EXCHANGE, BE_IGMS, BE_CTX, BE_HEAD_REMARKS) | {
    "high_sea_sale", "bond", "items", "containers", "eou_option"}
BE_ITEM_KEYS = _names(BE_ITEM, BE_ITEM_INFO, BE_LICENCE) | {"wh_sl"}


# ---- canonical declarations (EDI-7) ----


def canonical(kind: str, data: dict) -> dict[str, Any]:
    """The declaration as reading its message gives it back: EDI-7 is
    ``read_filing(decode(encode(sb_message(d, ...)))).data == canonical("SB", d)``."""
    if kind == "SB":
        return _sb_canonical(data)
    if kind == "BE":
        return _be_canonical(data)
    if kind == "IGM":
        out = _canon(IGM_HEAD, data)
        out["lines"] = [{**_canon(IGM_LINE, x), "line_no": normal(INT, x.get("line_no")) or n}
                        for n, x in enumerate(_list(data, "lines"), 1)]
        return out
    if kind == "EGM":
        return {**_canon(EGM_HEAD, data),
                "sb_nos": [normal(INT, x, "sb_nos") for x in _list(data, "sb_nos")]}
    if kind == "RPL":
        return {**_canon(REPLY, data), "doc_kind": data.get("doc_kind", "BE")}
    raise _refuse("not_a_filing", "", f"no declaration of kind {kind!r}")


def _sb_canonical(data: dict) -> dict[str, Any]:
    _known(data, SB_HEAD_KEYS, "SB")
    out = _canon([*SB_HEAD, *SB_HEAD_REMARKS, SB_CONTRACT], data)
    items = []
    for raw in _list(data, "items"):
        item = _canon([*SB_ITEM, *SB_DBK, *SB_LICENCE, *SB_ITEM_INFO, *SB_ITEM_REMARKS],
                      _known(raw, SB_ITEM_KEYS, "SB item"))
        item.setdefault("invoice_sl", 1)
        items.append(item)
    invoices = []
    for n, raw in enumerate(_list(data, "invoices"), 1):
        inv = _canon([*SB_INVOICE, *SB_INVOICE_REMARKS], _known(raw, SB_INVOICE_KEYS,
                                                                 "SB invoice"))
        if "invoice_value" not in inv:
            value = _sb_invoice_value(items, n)
            if value is not None:
                inv["invoice_value"] = value
        invoices.append(inv)
    if invoices:
        out["invoices"] = invoices
    if items:
        out["items"] = items
    containers = [_canon(SB_CONTAINER, _known(c, _names(SB_CONTAINER), "SB container"))
                  for c in _list(data, "containers")]
    if containers:
        out["containers"] = containers
    return out


def _sb_invoice_value(items: list[dict], invoice_sl: int) -> Decimal | None:
    """An SB invoice's value when a message does not say it (remark INVVAL): its items'
    quantity x unit price, as ICES takes it (EXP-FIL-1)."""
    mine = [i for i in items if i.get("invoice_sl", 1) == invoice_sl]
    if not mine or any(i.get("quantity") is None or i.get("unit_price") is None for i in mine):
        return None
    return sum((i["quantity"] * i["unit_price"] for i in mine), Decimal(0))


def _be_canonical(data: dict) -> dict[str, Any]:
    _known(data, BE_HEAD_KEYS, "BE")
    out = _canon([*BE_HEAD, *BE_INVOICE, *BE_EXCHANGE, *BE_IGMS, *BE_CTX, *BE_HEAD_REMARKS],
                 data)
    hss = data.get("high_sea_sale")
    if hss:
        out["high_sea_sale"] = _canon([*BE_HSS, *BE_HSS_CHARGES], _known(
            hss, _names(BE_HSS, BE_HSS_CHARGES), "high_sea_sale"))
    bond = data.get("bond")
    if bond:
        out["bond"] = _canon(BE_BOND, _known(bond, _names(BE_BOND), "bond"))
    items = []
    ex_bond = normal(TEXT, data.get("be_type")) == "X"
    for sl, raw in enumerate(_list(data, "items"), 1):
        item = _canon([*BE_ITEM, *BE_ITEM_INFO, *BE_LICENCE], _known(raw, BE_ITEM_KEYS,
                                                                     "BE item"))
        if ex_bond:  # the item of the warehousing BE, its serial there (ITEMS item_sl)
            item["wh_sl"] = normal(INT, raw.get("wh_sl"), "wh_sl") or sl
        items.append(item)
    if items:
        out["items"] = items
    containers = []
    for c in _list(data, "containers"):
        item = _canon(BE_CONTAINER, _known(c, _names(BE_CONTAINER) | {"size"}, "BE container"))
        size = normal(TEXT, c.get("size"))
        if size:
            item["size"] = size
        containers.append(item)
    if containers:
        out["containers"] = containers
    return out


# ---- writing a declaration ----


class _Writer:
    """The records of one message: each new record starts from the message's prefix
    (message type, custom house, job number and date, document number and date) on the
    fields its segment has."""

    def __init__(self, message: str, prefix: dict[str, Any]) -> None:
        self.layout = layout(message)
        self.prefix = prefix
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.remarks: dict[tuple[int, int], int] = {}

    def seg(self, name: str) -> Segment:
        return self.layout.segments[name]

    def names(self, segment: str) -> set[str]:
        return {f.name for f in self.seg(segment).fields}

    def add(self, name: str, fields: dict[str, Any], *, always: bool = False) -> None:
        """A record of ``fields`` (and the prefix); none when ``fields`` is empty unless
        ``always``."""
        if not fields and not always:
            return
        seg = self.seg(name)
        record: dict[str, Any] = {f.name: None for f in seg.fields}
        record.update({k: v for k, v in self.prefix.items() if k in record})
        record.update(fields)
        self.records.setdefault(name, []).append(record)

    def put(self, name: str, table: Iterable[Key], data: dict,
            keys_: dict[str, Any] | None = None, *, always: bool = False,
            **derived: Any) -> dict[str, Any]:
        """A record of the keys ``data`` holds in ``table`` (with ``keys_``, the record's
        serials, and ``derived`` fields); none when it holds none of them unless ``always``."""
        fields = _put(table, data, self.seg(name))
        if fields or always:
            self.add(name, {**(keys_ or {}), **derived, **fields}, always=True)
        return fields

    def remark(self, table: Iterable[Key], data: dict, invoice_sl: int, item_sl: int,
               extra: Iterable[tuple[str, str]] = ()) -> None:
        """STATEMENT records of type REM, one per key ``data`` holds (and ``extra``)."""
        pairs = [(k.fields[0], _as_text(k.kind, v)) for k in table
                 if (v := normal(k.kind, data.get(k.key), k.key)) is not None]
        for code, text in [*pairs, *extra]:
            sl = self.remarks[(invoice_sl, item_sl)] = self.remarks.get(
                (invoice_sl, item_sl), 0) + 1
            fields = {"invoice_sl": invoice_sl, "item_sl": item_sl, "statement_type": "REM",
                      "statement_code": code, "statement_text": text}
            if "statement_sl" in self.names("STATEMENT"):  # the SB's, not the BE's
                fields["statement_sl"] = sl
            self.add("STATEMENT", fields)

    def info(self, name: str, table: Iterable[Key], data: dict, invoice_sl: int | None,
             item_sl: int) -> None:
        """Single-window records (SW_INFO_TYPE, BE_ITEM_SW_INFO_TYPE), one per key held."""
        n = 0
        for k in table:
            value = normal(k.kind, data.get(k.key), k.key)
            if value is None:
                continue
            info_type, qualifier = k.fields[:2]
            n += 1
            fields = {"invoice_sl": invoice_sl, "item_sl": item_sl, "info_type": info_type,
                      "info_qualifier": qualifier,
                      ("info_msr" if k.kind == DEC else "info_code"): value}
            if "info_sl" in self.names(name):
                fields["info_sl"] = n
            self.add(name, fields)

    def message(self, env: Envelope) -> Message:
        return Message(env, self.layout.version, self.records)


def _envelope(message: str, sender: str, receiver: str, control_no: Any, at: datetime,
              mode: str = "P") -> Envelope:
    return Envelope(sender, receiver, mode, message, str(control_no),
                    at.replace(second=0, microsecond=0))


def _fresh_or_amendment(data: dict, doc_no: int | None, what: str) -> bool:
    amendment = "changes" in data
    if amendment and doc_no is None:
        raise _refuse("mandatory_field", "AMEND", f"an amendment names the {what} number")
    return amendment


def sb_message(data: dict, *, sender: str, receiver: str, custom_house: str, job_no: int,
               job_date: date, sb_no: int | None = None, sb_date: date | None = None,
               control_no: Any, at: datetime, mode: str = "P") -> Message:
    """A Shipping Bill as CACHE01 (or, ``data`` being ``{"changes", "reason", "kind"}``, its
    amendment as CACHE01_A); reading it back gives ``canonical("SB", data)`` (EDI-7)."""
    amendment = _fresh_or_amendment(data, sb_no, "SB")
    message = "CACHE01_A" if amendment else "CACHE01"
    w = _Writer(message, {"message_type": "A" if amendment else "F",
                          "custom_house": custom_house, "job_no": None if amendment else job_no,
                          "job_date": None if amendment else job_date, "sb_no": sb_no,
                          "sb_date": sb_date})
    if amendment:
        _sb_amendment(w, data, job_no, job_date)
    else:
        _sb_fresh(w, _known(data, SB_HEAD_KEYS, "SB"))
    return w.message(_envelope(message, sender, receiver, control_no, at, mode))


_ADD_FREIGHT = {"CIF": "B", "CF": "F", "CI": "I", "FOB": "N"}  # what the invoice price holds


def _sb_fresh(w: _Writer, data: dict) -> None:
    weights = data.get("gross_weight_kg") is not None or data.get("net_weight_kg") is not None
    containers = _list(data, "containers")
    w.put("SB", SB_HEAD, data, always=True, weight_unit="KGS" if weights else None,
          container_count=len(containers) or None)
    invoices, items = _list(data, "invoices"), _list(data, "items")
    _sb_invoices(w, {str(n): inv for n, inv in enumerate(invoices, 1)},
                 normal(TEXT, data.get("nature_of_contract")))
    for sl, raw in enumerate(items, 1):
        item = dict(_known(raw, SB_ITEM_KEYS, f"items[{sl}]"))
        if normal(INT, item.get("invoice_sl"), "invoice_sl") is None:
            item["invoice_sl"] = 1  # the counter's default
        _sb_item(w, sl, item)
    for c in containers:
        w.put("CONTAINER", SB_CONTAINER, _known(c, _names(SB_CONTAINER), "SB container"))
    w.remark(SB_HEAD_REMARKS, data, 0, 0)
    _sb_exchange(w, invoices)


def _sb_invoices(w: _Writer, invoices: dict[str, dict], contract: str | None) -> None:
    for sl_text, raw in invoices.items():
        sl = _serial(sl_text, "invoices")
        inv = _known(raw, SB_INVOICE_KEYS, f"invoices[{sl}]")
        cur = normal(TEXT, inv.get("currency"))
        derived = {f"{k}_currency": cur for k in ("freight", "insurance", "commission",
                                                  "discount") if inv.get(k) not in (None, "")}
        if contract:
            derived.update(contract_type=contract, add_freight=_ADD_FREIGHT.get(contract))
        w.put("INVOICE", SB_INVOICE, inv, {"invoice_sl": sl}, always=True, **derived)
        w.remark(SB_INVOICE_REMARKS, inv, sl, 0)


def _sb_item(w: _Writer, sl: int, item: dict) -> None:
    invoice_sl = normal(INT, item.get("invoice_sl"), "invoice_sl")
    keys_ = {"invoice_sl": invoice_sl, "item_sl": sl}
    uqc = normal(TEXT, item.get("uqc"))
    w.put("ITEM", SB_ITEM, item, {"item_sl": sl}, always="invoice_sl" in item,
          price_uqc=uqc if item.get("unit_price") not in (None, "") else None,
          price_per=1 if item.get("unit_price") not in (None, "") else None)
    w.put("DBK", SB_DBK, item, keys_)
    w.put("LICENCE", SB_LICENCE, item, {**keys_, "licence_sl": 1})
    w.info("SW_INFO_TYPE", SB_ITEM_INFO, item, invoice_sl, sl)
    w.remark(SB_ITEM_REMARKS, item, invoice_sl or 0, sl)


def _sb_exchange(w: _Writer, invoices: list[dict]) -> None:
    """One EXCHANGE record per currency: standard (notified) unless a bank rate is given."""
    standard: dict[str, bool] = {}
    for inv in invoices:
        cur = normal(TEXT, inv.get("currency"))
        if cur:
            standard[cur] = standard.get(cur, True) and inv.get("bank_rate") in (None, "")
    for cur, std in standard.items():
        w.add("EXCHANGE", {"currency": cur, "standard_currency": "Y" if std else "N"})


def _sb_amendment(w: _Writer, data: dict, job_no: int, job_date: date) -> None:
    _known(data, ("changes", "reason", "kind"), "SB amendment")
    changes = _known(data["changes"], SB_HEAD_KEYS - {"containers"}, "changes")
    kind = data.get("kind") or "amendment"
    if kind not in SB_AMENDMENT_CODES:
        raise _refuse("field_type", "AMEND", f"kind {kind!r}: {', '.join(SB_AMENDMENT_CODES)}")
    w.add("AMEND", {"job_no": job_no, "job_date": job_date,
                    "amendment_code": SB_AMENDMENT_CODES[kind],
                    "reason": normal(TEXT, data.get("reason"))})
    head = {k: v for k, v in changes.items() if k not in ("invoices", "items")}
    _no_clearing(head, "changes")
    w.put("SB", SB_HEAD, head)
    w.remark(SB_HEAD_REMARKS, head, 0, 0)
    contract = normal(TEXT, head.get("nature_of_contract"))
    invoices = changes.get("invoices") or {}
    if contract and not invoices:
        invoices = {"1": {}}
    for sl, inv in invoices.items():
        _no_clearing(inv, f"invoices.{sl}")
    _sb_invoices(w, invoices, contract)
    for sl_text, fields in (changes.get("items") or {}).items():
        sl = _serial(sl_text, "items")
        if fields is None:
            raise _refuse("not_expressible", "ITEM", f"items.{sl}: an item is not removed by "
                          "message (deletion records are not accepted)")
        _no_clearing(_known(fields, SB_ITEM_KEYS, f"items.{sl}"), f"items.{sl}")
        _sb_item(w, sl, fields)


def _no_clearing(fields: dict, where: str) -> None:
    for k, v in fields.items():
        if v is None or (isinstance(v, str) and not fold(v)):
            raise _refuse("not_expressible", "", f"{where}.{k}: an amendment cannot clear a "
                          "field")


def _serial(value: Any, where: str) -> int:
    try:
        n = int(str(value))
    except ValueError:
        raise _refuse("field_type", "", f"{where}: {value!r} is not a serial number") from None
    if n < 1:
        raise _refuse("field_type", "", f"{where}: serial numbers start at 1")
    return n


def be_message(data: dict, *, sender: str, receiver: str, custom_house: str, job_no: int,
               job_date: date, be_no: int | None = None, be_date: date | None = None,
               control_no: Any, at: datetime, mode: str = "P") -> Message:
    """A Bill of Entry as CACHI01 (or, ``data`` being ``{"changes", "reason"}``, its
    amendment as CACHI01_A); reading it back gives ``canonical("BE", data)`` (EDI-7)."""
    amendment = _fresh_or_amendment(data, be_no, "BE")
    message = "CACHI01_A" if amendment else "CACHI01"
    prefix = {"message_type": "A" if amendment else "F", "custom_house": custom_house,
              "job_no": None if amendment else job_no,
              "job_date": None if amendment else job_date, "be_no": be_no, "be_date": be_date,
              "declaration_type": "B", "declaration_no": be_no, "declaration_date": be_date}
    w = _Writer(message, prefix)
    if amendment:
        _be_amendment(w, data, job_no, job_date)
    else:
        _be_fresh(w, _known(data, BE_HEAD_KEYS, "BE"))
    return w.message(_envelope(message, sender, receiver, control_no, at, mode))


def _be_fresh(w: _Writer, data: dict) -> None:
    hss = data.get("high_sea_sale") or {}
    w.put("BE", BE_HEAD, data, always=True, high_sea_sale="Y" if hss else None)
    currency = normal(TEXT, data.get("currency"))
    if not currency and _put(BE_EXCHANGE, data, w.seg("EXCHANGE")):
        raise _refuse("not_expressible", "EXCHANGE", "a bank rate is given for a currency")
    if currency:
        w.put("EXCHANGE", BE_EXCHANGE, data, {"currency_code": currency}, always=True,
              standard_currency="N" if data.get("bank_rate") not in (None, "") else "Y")
    _be_invoice(w, data, hss)
    if hss:
        w.put("HSS", BE_HSS, _known(hss, _names(BE_HSS, BE_HSS_CHARGES), "high_sea_sale"),
              preceding_level="0")
    ex_bond = normal(TEXT, data.get("be_type")) == "X"
    for sl, raw in enumerate(_list(data, "items"), 1):
        item = _known(raw, BE_ITEM_KEYS, f"items[{sl}]")
        item_sl = normal(INT, item.get("wh_sl"), "wh_sl") if ex_bond else sl
        _be_item(w, item_sl or sl, item, always=True)
    igm_no = normal(INT, data.get("igm_no"), "igm_no")
    w.put("IGMS", BE_IGMS, data)
    for n, c in enumerate(_list(data, "containers"), 1):
        c = _known(c, _names(BE_CONTAINER) | {"size"}, "BE container")
        w.put("CONTAINER", BE_CONTAINER, c, igm_no=igm_no)
        size = normal(TEXT, c.get("size"))
        if size:
            w.remark((), {}, 0, 0, [(BE_CONTAINER_SIZE.format(n), size)])
    w.put("CTX", BE_CTX, data)
    bond = data.get("bond")
    if bond:
        w.put("BOND", BE_BOND, _known(bond, _names(BE_BOND), "bond"))
    w.remark(BE_HEAD_REMARKS, data, 0, 0)


def _be_invoice(w: _Writer, data: dict, hss: dict) -> dict[str, Any]:
    currency = normal(TEXT, data.get("currency"))
    derived = {f"{k}_currency": currency for k in ("freight", "insurance")
               if data.get(k) not in (None, "")}
    fields = {**_put(BE_INVOICE, data, w.seg("INVOICE")),
              **_put(BE_HSS_CHARGES, hss, w.seg("INVOICE"))}
    if fields:
        w.add("INVOICE", {"invoice_sl": 1, **derived, **fields})
    return fields


def _be_item(w: _Writer, sl: int, item: dict, *, always: bool) -> None:
    keys_ = {"invoice_sl": 1, "item_sl": sl}
    quantity = normal(DEC, item.get("quantity"), "quantity")
    value = normal(DEC, item.get("value"), "value")
    price = None
    if quantity and value is not None:  # ITEMS carries the unit price, to 6 places
        price = (value / quantity).quantize(Decimal("0.000001"))
    w.put("ITEMS", BE_ITEM, item, keys_, always=always, unit_price=price)
    w.put("LICENCE", BE_LICENCE, item, keys_)
    w.info("BE_ITEM_SW_INFO_TYPE", BE_ITEM_INFO, item, 1, sl)


def _be_amendment(w: _Writer, data: dict, job_no: int, job_date: date) -> None:
    _known(data, ("changes", "reason"), "BE amendment")
    changes = _known(data["changes"], _names(BE_INVOICE) | {"high_sea_sale", "items"},
                     "changes")
    head = {k: v for k, v in changes.items() if k not in ("items", "high_sea_sale")}
    _no_clearing(head, "changes")
    hss = changes.get("high_sea_sale") or {}
    if "high_sea_sale" in changes and not hss:
        raise _refuse("not_expressible", "HSS", "high_sea_sale: an amendment cannot remove it")
    items = changes.get("items") or {}
    parts = [p for p, there in (("invoice", head or hss), ("items", items)) if there]
    for part in parts or ["head"]:
        w.add("AMEND", {"job_no": job_no, "job_date": job_date,
                        "amendment_code": BE_AMENDMENT_CODES[part],
                        "reason": normal(TEXT, data.get("reason"))})
    _be_invoice(w, head, hss)
    if hss:
        w.put("HSS", BE_HSS, _known(hss, _names(BE_HSS, BE_HSS_CHARGES), "high_sea_sale"),
              preceding_level="0")
    for sl_text, fields in items.items():
        sl = _serial(sl_text, "items")
        if fields is None:
            raise _refuse("not_expressible", "ITEMS", f"items.{sl}: items are amended in place")
        _no_clearing(_known(fields, BE_ITEM_KEYS - {"wh_sl"}, f"items.{sl}"), f"items.{sl}")
        _be_item(w, sl, fields, always=False)


def igm_message(data: dict, *, sender: str, receiver: str, custom_house: str, control_no: Any,
                at: datetime, mode: str = "P") -> Message:
    """An IGM as SACHI01: the vessel (carrier, voyage, arrival) and its bill-of-lading
    lines, as ``manifests.file_igm`` takes them."""
    _known(data, _names(IGM_HEAD) | {"lines"}, "IGM")
    w = _Writer("SACHI01", {"message_type": "F", "custom_house": custom_house})
    lines = _list(data, "lines")
    w.put("VESINFO", IGM_HEAD, data, always=True, total_lines=len(lines))
    voyage = normal(TEXT, data.get("voyage"))
    for n, raw in enumerate(lines, 1):
        line = _known(raw, _names(IGM_LINE), f"lines[{n}]")
        line = {**line, "line_no": normal(INT, line.get("line_no"), "line_no") or n}
        w.put("CARGO", IGM_LINE, line, always=True, voyage_no=voyage,
              subline_no=0, weight_unit="KGS" if line.get("gross_weight_kg") else None)
    return w.message(_envelope("SACHI01", sender, receiver, control_no, at, mode))


def egm_message(data: dict, *, sender: str, receiver: str, custom_house: str, job_no: int,
                job_date: date, control_no: Any, at: datetime, mode: str = "P") -> Message:
    """An EGM as CAEGM01 (ours): the carrier, voyage, sailing date and the SBs it closes."""
    _known(data, _names(EGM_HEAD) | {"sb_nos"}, "EGM")
    w = _Writer("CAEGM01", {"message_type": "F", "custom_house": custom_house,
                            "job_no": job_no, "job_date": job_date})
    w.put("EGM", EGM_HEAD, data, always=True)
    for sb_no in _list(data, "sb_nos"):
        w.add("SB", {"sb_no": normal(INT, sb_no, "sb_nos")})
    return w.message(_envelope("CAEGM01", sender, receiver, control_no, at, mode))


def reply_message(data: dict, *, sender: str, receiver: str, custom_house: str, doc_no: int,
                  doc_date: date, control_no: Any, at: datetime, mode: str = "P") -> Message:
    """The filer's reply to a query: CACHI06 on a BE, CACHE06 on an SB (``doc_kind``)."""
    _known(data, _names(REPLY) | {"doc_kind"}, "reply")
    message = "CACHE06" if data.get("doc_kind") == "SB" else "CACHI06"
    w = _Writer(message, {"message_type": "F", "custom_house": custom_house,
                          "doc_no": doc_no, "doc_date": doc_date})
    w.put("QUERY_REPLY", REPLY, data, always=True, reply_date=at.date())
    return w.message(_envelope(message, sender, receiver, control_no, at, mode))


# ---- reading a filing ----


def read_filing(msg: Message) -> Filing:
    """The filing a message makes: its kind, type, custom house, job, document and the
    declaration dict the counter's service takes. Raises EdiError."""
    env = msg.envelope
    kind = KIND_OF.get(env.message)
    if kind is None:
        raise _refuse("not_a_filing", "HREC", f"{env.message} is not filed by a filer")
    type_ = _message_type(msg)
    custom_house = _custom_house(msg)
    reader = READERS[(kind, type_)]
    job_no, job_date, doc_no, doc_date, data = reader(msg)
    return Filing(kind, type_, custom_house, job_no, job_date, doc_no, doc_date, data, env)


def _all(msg: Message) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, rows in msg.records.items():
        for r in rows:
            yield name, r


def _message_type(msg: Message) -> str:
    """F or A, the same on every record and as the message id says (EDI-1, EDI-5)."""
    amendment = msg.envelope.message.endswith("_A")
    want = "A" if amendment else "F"
    for name, r in _all(msg):
        if r.get("message_type") != want:
            raise _refuse("message_type", name, f"record of type {r.get('message_type')!r} in "
                          f"{msg.envelope.message}, which carries type {want}")
    return want


def _custom_house(msg: Message) -> str:
    """The custom house of every record, which the HREC is addressed to."""
    ch = msg.envelope.receiver
    for name, r in _all(msg):
        if r.get("custom_house") != ch:
            raise _refuse("inconsistent", name, f"custom house {r.get('custom_house')!r}, the "
                          f"message is addressed to {ch!r}")
    return ch


def _one(msg: Message, name: str) -> dict[str, Any]:
    rows = msg.records.get(name) or []
    if len(rows) != 1:
        raise _refuse("inconsistent" if rows else "mandatory_segment", name,
                      f"one {name} record, not {len(rows)}")
    return rows[0]


def _same(msg: Message, field: str, names: Iterable[str] | None = None) -> Any:
    """The value every record carrying ``field`` gives it (None when none does)."""
    found = None
    for name, r in _all(msg):
        if names is not None and name not in names:
            continue
        v = r.get(field)
        if v is None:
            continue
        if found is not None and v != found:
            raise _refuse("inconsistent", name, f"{field} {v} differs from {found}")
        found = v
    return found


def _required(value: Any, segment: str, what: str) -> Any:
    if value is None:
        raise _refuse("mandatory_field", segment, f"{what} is required")
    return value


def _job(msg: Message, main: str) -> tuple[int, date]:
    """A fresh filing's job number and date: on its main record, the same on every record."""
    record = _one(msg, main)
    job_no = _required(record.get("job_no"), main, "the job number")
    job_date = _required(record.get("job_date"), main, "the job date")
    if _same(msg, "job_no") != job_no or _same(msg, "job_date") != job_date:
        raise _refuse("inconsistent", main, "job numbers or dates differ between records")
    return job_no, job_date


def _control_job(msg: Message) -> tuple[int, date]:
    """No job number in the layout: the HREC control number (digits) and date."""
    control = msg.envelope.control_no
    if not control.isdigit() or len(control) > 9:
        raise _refuse("field_type", "HREC", f"control number {control!r}: digits, the job "
                      f"number of a {msg.envelope.message}")
    return int(control), msg.envelope.at.date()


def _amend_keys(msg: Message, doc: str) -> tuple[int, date, int, date, dict]:
    """An amendment's job (on its AMEND record), document number and date (on every record),
    and its AMEND record."""
    amends = msg.records.get("AMEND") or []
    if not amends:
        raise _refuse("mandatory_segment", "AMEND", "an amendment carries AMEND")
    amend = amends[0]
    job_no = _required(amend.get("job_no"), "AMEND", "the job number")
    job_date = _required(amend.get("job_date"), "AMEND", "the job date")
    doc_no = _required(_same(msg, f"{doc}_no"), "AMEND", f"the {doc.upper()} number")
    doc_date = _required(_same(msg, f"{doc}_date"), "AMEND", f"the {doc.upper()} date")
    if _same(msg, "job_no", ["AMEND"]) != job_no:
        raise _refuse("inconsistent", "AMEND", "job numbers differ between AMEND records")
    return job_no, job_date, doc_no, doc_date, amend


class _Records:
    """A message's records of one segment, looked up by their serial numbers."""

    def __init__(self, msg: Message, name: str, *keys_: str) -> None:
        self.name = name
        self.by: dict[tuple, list[dict[str, Any]]] = {}
        for r in msg.records.get(name) or []:
            self.by.setdefault(tuple(r.get(k) for k in keys_), []).append(r)

    def get(self, *key: Any) -> list[dict[str, Any]]:
        return self.by.get(key, [])


def _remarks(msg: Message, table: Iterable[Key], invoice_sl: int | None, item_sl: int,
             ) -> dict[str, Any]:
    """The keys the REM statements at one level carry: the head (0, 0), an invoice (n, 0),
    an item (its invoice, or None for any, and its serial)."""
    codes = {k.fields[0]: k for k in table}
    out = {}
    for r in msg.records.get("STATEMENT") or []:
        here = (r.get("item_sl") or 0) == (item_sl or 0) and (
            invoice_sl is None or (r.get("invoice_sl") or 0) == invoice_sl)
        k = codes.get(r.get("statement_code") or "")
        if here and k is not None and r.get("statement_type") == "REM":
            text = r.get("statement_text")
            if text is not None:
                out[k.key] = _from_text(k.kind, text, k.key)
    return out


def _info(msg: Message, name: str, table: Iterable[Key], item_sl: int,
          invoice_sl: int | None = None) -> dict[str, Any]:
    """The keys an item's single-window records carry."""
    out = {}
    for r in msg.records.get(name) or []:
        if r.get("item_sl") != item_sl or (invoice_sl is not None
                                           and r.get("invoice_sl") != invoice_sl):
            continue
        for k in table:
            if (r.get("info_type"), r.get("info_qualifier")) == k.fields[:2]:
                value = r.get("info_msr") if k.kind == DEC else r.get("info_code")
                if value is not None:
                    out[k.key] = value
    return out


def _read_sb(msg: Message) -> tuple[int, date, None, None, dict]:
    job_no, job_date = _job(msg, "SB")
    seg = layout(msg.envelope.message, msg.version).segments
    data = _take(SB_HEAD, _one(msg, "SB"), seg["SB"])
    data.update(_remarks(msg, SB_HEAD_REMARKS, 0, 0))
    contract = _same(msg, "contract_type", ["INVOICE"])
    if contract is not None:
        data["nature_of_contract"] = contract
    invoices = []
    for n, r in enumerate(msg.records.get("INVOICE") or [], 1):
        if r.get("invoice_sl") != n:
            raise _refuse("inconsistent", "INVOICE", f"invoice {r.get('invoice_sl')} where "
                          f"{n} is due: invoices are numbered 1, 2, ... in order")
        invoices.append({**_take(SB_INVOICE, r, seg["INVOICE"]),
                         **_remarks(msg, SB_INVOICE_REMARKS, n, 0)})
    items = []
    dbk, licence = _Records(msg, "DBK", "invoice_sl", "item_sl"), _Records(
        msg, "LICENCE", "invoice_sl", "item_sl")
    seen = set()
    for r in msg.records.get("ITEM") or []:
        key: tuple[int, int] = (r.get("invoice_sl") or 0, r["item_sl"])
        if key in seen or not 1 <= key[0] <= len(invoices):
            raise _refuse("inconsistent", "ITEM", f"item {key[1]} of invoice {key[0]}: repeated, "
                          "or no such invoice")
        seen.add(key)
        item = _take(SB_ITEM, r, seg["ITEM"])
        for rows, table, name in ((dbk.get(*key), SB_DBK, "DBK"),
                                  (licence.get(*key), SB_LICENCE, "LICENCE")):
            if len(rows) > 1:
                raise _refuse("inconsistent", name, f"item {key[1]}: one {name} record")
            if rows:
                item.update(_take(table, rows[0], seg[name]))
        item.update(_info(msg, "SW_INFO_TYPE", SB_ITEM_INFO, key[1], key[0]))
        item.update(_remarks(msg, SB_ITEM_REMARKS, key[0], key[1]))
        items.append(item)
    for n, inv in enumerate(invoices, 1):
        value = inv.get("invoice_value", _sb_invoice_value(items, n))
        if value is not None:
            inv["invoice_value"] = value
    if invoices:
        data["invoices"] = invoices
    if items:
        data["items"] = items
    containers = [_take(SB_CONTAINER, r, seg["CONTAINER"])
                  for r in msg.records.get("CONTAINER") or []]
    if containers:
        data["containers"] = containers
    return job_no, job_date, None, None, data


def _read_sb_amendment(msg: Message) -> tuple[int, date, int, date, dict]:
    job_no, job_date, sb_no, sb_date, amend = _amend_keys(msg, "sb")
    seg = layout(msg.envelope.message, msg.version).segments
    changes: dict[str, Any] = {}
    if msg.records.get("SB"):
        changes.update(_take(SB_HEAD, _one(msg, "SB"), seg["SB"]))
    changes.update(_remarks(msg, SB_HEAD_REMARKS, 0, 0))
    contract = _same(msg, "contract_type", ["INVOICE"])
    if contract is not None:
        changes["nature_of_contract"] = contract
    invoices = {}
    fields: dict[str, Any]
    for r in msg.records.get("INVOICE") or []:
        sl = r["invoice_sl"]
        fields = {**_take(SB_INVOICE, r, seg["INVOICE"]),
                  **_remarks(msg, SB_INVOICE_REMARKS, sl, 0)}
        if fields:
            invoices[str(sl)] = fields
    item_sls = sorted({r["item_sl"] for name in ("ITEM", "DBK", "LICENCE", "SW_INFO_TYPE")
                       for r in msg.records.get(name) or []}
                      | {r["item_sl"] for r in msg.records.get("STATEMENT") or []
                         if r.get("item_sl")})
    items = {}
    for sl in item_sls:
        fields = {}
        for name, table in (("ITEM", SB_ITEM), ("DBK", SB_DBK), ("LICENCE", SB_LICENCE)):
            rows = [r for r in msg.records.get(name) or [] if r["item_sl"] == sl]
            if len(rows) > 1:
                raise _refuse("inconsistent", name, f"item {sl}: one {name} record")
            if rows:
                fields.update(_take(table, rows[0], seg[name]))
        fields.update(_info(msg, "SW_INFO_TYPE", SB_ITEM_INFO, sl))
        fields.update(_remarks(msg, SB_ITEM_REMARKS, None, sl))
        if fields:
            items[str(sl)] = fields
    if invoices:
        changes["invoices"] = invoices
    if items:
        changes["items"] = items
    kinds = {code: kind for kind, code in SB_AMENDMENT_CODES.items()}
    data = {"changes": changes, "reason": amend.get("reason") or "",
            "kind": kinds.get(amend.get("amendment_code") or "", "amendment")}
    return job_no, job_date, sb_no, sb_date, data


def _read_be(msg: Message) -> tuple[int, date, None, None, dict]:
    job_no, job_date = _job(msg, "BE")
    seg = layout(msg.envelope.message, msg.version).segments
    be = _one(msg, "BE")
    data = _take(BE_HEAD, be, seg["BE"])
    invoice = _at_most_one(msg, "INVOICE")
    exchange = _at_most_one(msg, "EXCHANGE")
    if exchange:
        data["currency"] = exchange["currency_code"]
        data.update(_take(BE_EXCHANGE, exchange, seg["EXCHANGE"]))
    if invoice:
        data.update(_take(BE_INVOICE, invoice, seg["INVOICE"]))
    for name, table in (("IGMS", BE_IGMS), ("CTX", BE_CTX)):
        row = _at_most_one(msg, name)
        if row:
            data.update(_take(table, row, seg[name]))
    hss = _be_hss(msg, invoice, seg)
    if hss or be.get("high_sea_sale") == "Y":
        data["high_sea_sale"] = hss
    bond = _at_most_one(msg, "BOND")
    if bond:
        data["bond"] = _take(BE_BOND, bond, seg["BOND"])
    data.update(_remarks(msg, BE_HEAD_REMARKS, 0, 0))
    items = [_be_item_of(msg, r, seg) for r in msg.records.get("ITEMS") or []]
    if len({r["item_sl"] for r in msg.records.get("ITEMS") or []}) != len(items):
        raise _refuse("inconsistent", "ITEMS", "an item serial repeats")
    if data.get("be_type") == "X":
        for item, r in zip(items, msg.records.get("ITEMS") or [], strict=True):
            item["wh_sl"] = r["item_sl"]
    if items:
        data["items"] = items
    sizes = {r.get("statement_code"): r.get("statement_text")
             for r in msg.records.get("STATEMENT") or [] if r.get("statement_type") == "REM"}
    containers = []
    for n, r in enumerate(msg.records.get("CONTAINER") or [], 1):
        c = _take(BE_CONTAINER, r, seg["CONTAINER"])
        if sizes.get(BE_CONTAINER_SIZE.format(n)):
            c["size"] = sizes[BE_CONTAINER_SIZE.format(n)]
        containers.append(c)
    if containers:
        data["containers"] = containers
    return job_no, job_date, None, None, data


def _at_most_one(msg: Message, name: str) -> dict[str, Any] | None:
    rows = msg.records.get(name) or []
    if len(rows) > 1:
        raise _refuse("inconsistent", name, f"at most one {name} record, not {len(rows)}")
    return rows[0] if rows else None


def _be_hss(msg: Message, invoice: dict | None, seg: dict[str, Segment]) -> dict[str, Any]:
    hss = {}
    if invoice:
        hss.update(_take(BE_HSS_CHARGES, invoice, seg["INVOICE"]))
    row = _at_most_one(msg, "HSS")
    if row:
        hss.update(_take(BE_HSS, row, seg["HSS"]))
    return hss


def _be_item_of(msg: Message, r: dict, seg: dict[str, Segment]) -> dict[str, Any]:
    sl = r["item_sl"]
    item = _take(BE_ITEM, r, seg["ITEMS"])
    lic = [x for x in msg.records.get("LICENCE") or [] if x["item_sl"] == sl]
    if len(lic) > 1:
        raise _refuse("inconsistent", "LICENCE", f"item {sl}: one LICENCE record")
    if lic:
        item.update(_take(BE_LICENCE, lic[0], seg["LICENCE"]))
    item.update(_info(msg, "BE_ITEM_SW_INFO_TYPE", BE_ITEM_INFO, sl))
    if "value" not in item and r.get("unit_price") is not None and "quantity" in item:
        item["value"] = (item["quantity"] * r["unit_price"]).quantize(Decimal("0.01"))
    return item


def _read_be_amendment(msg: Message) -> tuple[int, date, int, date, dict]:
    job_no, job_date, be_no, be_date, amend = _amend_keys(msg, "be")
    seg = layout(msg.envelope.message, msg.version).segments
    invoice = _at_most_one(msg, "INVOICE")
    changes: dict[str, Any] = _take(BE_INVOICE, invoice, seg["INVOICE"]) if invoice else {}
    hss = _be_hss(msg, invoice, seg)
    if hss:
        changes["high_sea_sale"] = hss
    sls = sorted({r["item_sl"] for name in ("ITEMS", "LICENCE", "BE_ITEM_SW_INFO_TYPE")
                  for r in msg.records.get(name) or []})
    items = {}
    for sl in sls:
        rows = [r for r in msg.records.get("ITEMS") or [] if r["item_sl"] == sl]
        if len(rows) > 1:
            raise _refuse("inconsistent", "ITEMS", f"item {sl}: one ITEMS record")
        fields = _be_item_of(msg, rows[0] if rows else {"item_sl": sl}, seg)
        if fields:
            items[str(sl)] = fields
    if items:
        changes["items"] = items
    return job_no, job_date, be_no, be_date, {"changes": changes,
                                              "reason": amend.get("reason") or ""}


def _read_igm(msg: Message) -> tuple[int, date, None, None, dict]:
    job_no, job_date = _control_job(msg)
    seg = layout(msg.envelope.message, msg.version).segments
    data = _take(IGM_HEAD, _one(msg, "VESINFO"), seg["VESINFO"])
    lines = [_take(IGM_LINE, r, seg["CARGO"]) for r in msg.records.get("CARGO") or []]
    if len({x["line_no"] for x in lines}) != len(lines):
        raise _refuse("inconsistent", "CARGO", "a line number repeats")
    data["lines"] = lines
    return job_no, job_date, None, None, data


def _read_egm(msg: Message) -> tuple[int, date, None, None, dict]:
    job_no, job_date = _job(msg, "EGM")
    seg = layout(msg.envelope.message, msg.version).segments
    data = _take(EGM_HEAD, _one(msg, "EGM"), seg["EGM"])
    data["sb_nos"] = [r["sb_no"] for r in msg.records.get("SB") or []]
    return job_no, job_date, None, None, data


def _read_reply(msg: Message) -> tuple[int, date, int, date, dict]:
    job_no, job_date = _control_job(msg)
    seg = layout(msg.envelope.message, msg.version).segments
    r = _one(msg, "QUERY_REPLY")
    data = {**_take(REPLY, r, seg["QUERY_REPLY"]),
            "doc_kind": "SB" if msg.envelope.message == "CACHE06" else "BE"}
    return job_no, job_date, r["doc_no"], r["doc_date"], data


READERS: dict[tuple[str, str], Callable[[Message], tuple]] = {
    ("SB", "F"): _read_sb, ("SB", "A"): _read_sb_amendment,
    ("BE", "F"): _read_be, ("BE", "A"): _read_be_amendment,
    ("IGM", "F"): _read_igm, ("EGM", "F"): _read_egm, ("RPL", "F"): _read_reply}


# ---- which segment carries a key (to name it in a .nak) ----


def segment_for(kind: str, field: str) -> str:
    """The segment carrying a declaration key named as the counter names fields in its
    refusals (``items[2].uqc``, ``invoices[1].currency``, ``high_sea_sale.seller_iec``);
    the main segment when the key has no place of its own."""
    path = re.sub(r"\[\d+\]|\.\d+(?=\.|$)", "", field or "")
    part, _, key = path.rpartition(".")
    return _SEGMENT_OF.get(kind, {}).get((part, key)) or _MAIN.get(kind, "")


_MAIN = {"SB": "SB", "BE": "BE", "IGM": "VESINFO", "EGM": "EGM", "RPL": "QUERY_REPLY"}


def _places(*groups: tuple[str, str, Iterable[Key]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for part, segment, table in groups:
        for k in table:
            out.setdefault((part, k.key), segment)
    return out


_SEGMENT_OF = {
    "SB": {**_places(("", "SB", SB_HEAD), ("", "STATEMENT", SB_HEAD_REMARKS),
                     ("", "INVOICE", [SB_CONTRACT]), ("invoices", "INVOICE", SB_INVOICE),
                     ("invoices", "STATEMENT", SB_INVOICE_REMARKS), ("items", "ITEM", SB_ITEM),
                     ("items", "DBK", SB_DBK), ("items", "LICENCE", SB_LICENCE),
                     ("items", "SW_INFO_TYPE", SB_ITEM_INFO),
                     ("items", "STATEMENT", SB_ITEM_REMARKS),
                     ("containers", "CONTAINER", SB_CONTAINER)),
           ("", "invoices"): "INVOICE", ("", "items"): "ITEM",
           ("invoices", "invoice_value"): "INVOICE"},
    "BE": {**_places(("", "BE", BE_HEAD), ("", "INVOICE", BE_INVOICE),
                     ("", "EXCHANGE", BE_EXCHANGE), ("", "IGMS", BE_IGMS), ("", "CTX", BE_CTX),
                     ("", "STATEMENT", BE_HEAD_REMARKS), ("high_sea_sale", "HSS", BE_HSS),
                     ("high_sea_sale", "INVOICE", BE_HSS_CHARGES), ("bond", "BOND", BE_BOND),
                     ("items", "ITEMS", BE_ITEM), ("items", "ITEMS", BE_ITEM_INFO),
                     ("items", "LICENCE", BE_LICENCE),
                     ("containers", "CONTAINER", BE_CONTAINER)),
           ("", "high_sea_sale"): "HSS", ("", "bond"): "BOND", ("", "items"): "ITEMS",
           ("items", "wh_sl"): "ITEMS", ("", "wh_be_no"): "BE", ("", "changes"): "AMEND",
           ("", "reason"): "AMEND"},
    "IGM": {**_places(("", "VESINFO", IGM_HEAD), ("lines", "CARGO", IGM_LINE)),
            ("", "lines"): "CARGO"},
    "EGM": {**_places(("", "EGM", EGM_HEAD)), ("", "sb_nos"): "SB"},
}
_SEGMENT_OF["SB"].update({("", "changes"): "AMEND", ("", "reason"): "AMEND"})


# ---- replies and notices out ----

Addressee = Filing | Message | Envelope | str | None
ICEGATE_ID = re.compile(r"[A-Z0-9]{1,20}")


def _address(to: Addressee, reply: str, control_no: Any, at: datetime, custom_house: str
             ) -> tuple[Envelope, str, Filing | None]:
    """The reply's envelope (from the custom house to the filer), the custom house, and
    the filing answered when known. ``to`` is the filing, its message or envelope, the
    filer's ICEGATE id, or None for a file whose HREC could not be read."""
    filing = to if isinstance(to, Filing) else None
    env = (to.envelope if isinstance(to, Filing | Message) else
           to if isinstance(to, Envelope) else None)
    receiver = env.sender if env is not None else (
        to if isinstance(to, str) and ICEGATE_ID.fullmatch(to) else "UNKNOWN")
    ch = custom_house or (filing.custom_house if filing else "") or (
        env.receiver if env is not None and len(env.receiver) <= 6 else "")
    return (_envelope(reply, ch or "ICES", receiver, control_no, at,
                      env.mode if env is not None else "P"), ch, filing)


def _reply(env: Envelope, name: str, records: list[dict[str, Any]]) -> Message:
    seg = layout(env.message).segments[name]
    rows = [{f.name: r.get(f.name) for f in seg.fields} for r in records]
    return Message(env, layout(env.message).version, {name: rows})


def _answered(to: Addressee) -> dict[str, Any]:
    """The keys of the filing answered: type, job (a fresh filing) or document."""
    filing = to if isinstance(to, Filing) else None
    msg = to if isinstance(to, Message) else None
    if filing is None and msg is not None:
        try:
            filing = read_filing(msg)
        except EdiError:
            filing = None
    if filing is None:
        return {"message_type": "F"}
    out: dict[str, Any] = {"message_type": "F"}
    if filing.type == "F" and filing.kind in ("SB", "BE", "EGM"):
        out.update(job_no=filing.job_no, job_date=filing.job_date)
    elif filing.doc_no is not None:
        out.update(doc_no=filing.doc_no, doc_date=filing.doc_date)
    be_type = filing.data.get("be_type") if filing.kind == "BE" else filing.kind
    if be_type and filing.type == "F":
        out["be_type"] = str(be_type)[:4]
    return out


def ack(to: Addressee, *, doc_no: int | None, doc_date: date | None, group: str = "",
        at: datetime, control_no: Any, amendment_no: int | None = None,
        amendment_date: date | None = None, custom_house: str = "") -> Message:
    """CHCAI02 error code 00: the filing is accepted, with the number and date it got and
    the appraising group (an amendment: its number and date)."""
    env, ch, _ = _address(to, "CHCAI02", control_no, at, custom_house)
    record = {**_answered(to), "custom_house": ch, "error_code": ACCEPTED,
              "amendment_no": amendment_no, "amendment_date": amendment_date,
              "appraising_group": fold(group) or None}
    if doc_no is not None:
        record.update(doc_no=doc_no, doc_date=doc_date)
    return _reply(env, "ACK", [record])


def nak(to: Addressee, *, errors: list[tuple[str, str]], at: datetime, control_no: Any,
        custom_house: str = "") -> Message:
    """CHCAI02 refusing a filing (EDI-1): one record per segment that failed, its error
    codes joined by |."""
    env, ch, _ = _address(to, "CHCAI02", control_no, at, custom_house)
    by_segment: dict[str, list[str]] = {}
    for code, segment in errors or [(code_of("internal"), "")]:
        codes = by_segment.setdefault(segment or "", [])
        if code not in codes:
            codes.append(code)
    keys_ = {**_answered(to), "custom_house": ch or None}
    keys_.pop("doc_no", None)
    keys_.pop("doc_date", None)
    return _reply(env, "ACK", [{**keys_, "error_code": "|".join(codes)[:100],
                                "segment": segment[:20] or None}
                               for segment, codes in by_segment.items()])


def is_refusal(msg: Message) -> bool:
    """Whether a CHCAI02 refuses (error codes other than 00)."""
    return any(r.get("error_code") != ACCEPTED for r in msg.records.get("ACK") or [])


def reply_suffix(msg: Message) -> str:
    """The file name's ending of a reply or notice: .nak for a refusal."""
    if msg.envelope.message == "CHCAI02" and is_refusal(msg):
        return NAK_SUFFIX
    return REPLY_SUFFIX[msg.envelope.message]


def query(to: Addressee, *, doc_kind: str, doc_no: int, doc_date: date, query_no: int,
          text: str | list[str], at: datetime, control_no: Any, custom_house: str = "",
          query_date: date | None = None) -> Message:
    """A query in force (EDI-6): CHCAI05 on a BE, CHCAE05 on an SB; its points joined
    with "; "."""
    points = text if isinstance(text, list) else str(text).splitlines()
    body = fold("; ".join(p.strip() for p in points if p.strip()))
    env, ch, _ = _address(to, "CHCAE05" if doc_kind == "SB" else "CHCAI05", control_no, at,
                          custom_house)
    return _reply(env, "QUERY", [{"message_type": "F", "custom_house": ch, "doc_no": doc_no,
                                  "doc_date": doc_date, "query_no": query_no,
                                  "query_date": query_date or at.date(),
                                  "query_text": body[:2000]}])


def challan(to: Addressee, *, be_no: int, be_date: date, challan_no: Any, duty: Decimal,
            at: datetime, control_no: Any, custom_house: str = "") -> Message:
    """CHCAI04: the BE is assessed; the challan and the duty to pay (EDI-6)."""
    env, ch, _ = _address(to, "CHCAI04", control_no, at, custom_house)
    return _reply(env, "CHALLAN", [{"message_type": "F", "custom_house": ch, "be_no": be_no,
                                    "be_date": be_date, "user_id": env.receiver,
                                    "challan_no": str(challan_no),
                                    "duty": Decimal(duty).quantize(Decimal("0.01"))}])


def notice(kind: str, to: Addressee, *, doc_no: int, doc_date: date, at: datetime,
           control_no: Any, ref: str = "", custom_house: str = "") -> Message:
    """A notice of what became of a document filed remotely: LEO (CHLEO01), EGM filed
    (CHEGM01), Out of Charge (CHOOC01)."""
    if kind not in NOTICES:
        raise _refuse("not_a_filing", "", f"no notice {kind!r}: {', '.join(NOTICES)}")
    env, ch, _ = _address(to, NOTICES[kind], control_no, at, custom_house)
    return _reply(env, "NOTICE", [{"message_type": "F", "custom_house": ch, "doc_no": doc_no,
                                   "doc_date": doc_date, "event_date": env.at.date(),
                                   "event_time": env.at.time(),
                                   "reference": fold(ref)[:60] or None}])


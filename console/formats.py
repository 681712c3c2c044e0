"""Identifier formats (spec formats.md): pure checks, no database.

Each function strips surrounding whitespace, upper-cases, and returns the
normalised value, or raises ``ValueError`` whose message names the field, the
value and the rule. Whether a well-formed code is also *known* (in the port,
tariff or AD directory, registered for an exporter) is checked elsewhere.
"""

from __future__ import annotations

import re

import pycountry
from stdnum.exceptions import ValidationError
from stdnum.in_ import gstin as _gstin
from stdnum.in_ import pan as _pan

_PAN_RE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
_GSTIN_RE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
_IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_PORT_RE = re.compile(r"^IN[A-Z0-9]{4}$")
_WAREHOUSE_RE = re.compile(r"^[A-Z]{3}[A-Z0-9][0-9][0-9]{3}$")
_DBK_RE = re.compile(r"^[0-9]{4,8}[ABCD]?$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# GSTIN state codes python-stdnum does not know: 38 Ladakh, 97 Other Territory,
# 99 Centre Jurisdiction (non-resident OIDAR and UN bodies use other formats).
_EXTRA_GST_STATES = {"38": "Ladakh", "97": "Other Territory", "99": "Centre Jurisdiction"}
SELF_FILING_BROKER = "SELFSUBMITCH001"


def _clean(value: object) -> str:
    """``str(value)`` stripped and upper-cased; ``None`` becomes ""."""
    return "" if value is None else str(value).strip().upper()


def _is_pan(v: str) -> bool:
    """PAN per python-stdnum: pattern, holder-type letter, serial not 0000."""
    if not _PAN_RE.fullmatch(v):
        return False
    try:
        _pan.validate(v)
    except ValidationError:
        return False
    return True


def gstin_check_character(first14: str) -> str:
    """The GSTIN check character: Luhn mod 36 over 0-9A-Z (as python-stdnum)."""
    total = 0
    for i, ch in enumerate(reversed(first14)):
        n = _ALPHABET.index(ch) * (2 if i % 2 == 0 else 1)
        total += n // 36 + n % 36
    return _ALPHABET[(36 - total % 36) % 36]


def pan(value: object) -> str:
    """Permanent Account Number: 5 letters, 4 digits, 1 letter (python-stdnum ``in_.pan``)."""
    v = _clean(value)
    if not _is_pan(v):
        raise ValueError(f"PAN {v!r}: must be 5 letters, 4 digits and a letter, with a valid "
                         "holder-type 4th letter (rule EXP-REG-1)")
    return v


def iec(value: object) -> str:
    """Import Export Code: 10 digits (older codes) or the holder's PAN (EXP-REG-1)."""
    v = _clean(value)
    if len(v) != 10 or not (v.isascii() and v.isdigit() or _is_pan(v)):
        raise ValueError(f"IEC {v!r}: must be 10 characters — 10 digits or a PAN "
                         "(rule EXP-REG-1)")
    return v


def gstin(value: object) -> str:
    """GSTIN: state code, PAN, entity character, ``Z``, check character (EXP-REG-8).

    python-stdnum validates state codes 01-37; 38, 97 and 99 are checked here
    with the same check-character algorithm.
    """
    v = _clean(value)
    if len(v) != 15:
        raise ValueError(f"GSTIN {v!r}: must be 15 characters (rule EXP-REG-8)")
    if not _GSTIN_RE.fullmatch(v) or not _is_pan(v[2:12]):
        raise ValueError(f"GSTIN {v!r}: must be a 2-digit state code, a PAN, an entity "
                         "character, 'Z' and a check character (rule EXP-REG-8)")
    state = v[:2]
    if state in _EXTRA_GST_STATES:
        ok = gstin_check_character(v[:14]) == v[14]
    elif not 1 <= int(state) <= 37:
        raise ValueError(f"GSTIN {v!r}: unknown state code {state} (rule EXP-REG-8)")
    else:
        ok = _gstin.is_valid(v)
    if not ok:
        raise ValueError(f"GSTIN {v!r}: wrong check character, expected "
                         f"{gstin_check_character(v[:14])!r} (rule EXP-REG-8)")
    return v


def broker_code(value: object) -> str:
    """Customs broker code: PAN + ``CH`` + 3 digits, or ``SELFSUBMITCH001`` (EXP-REG-2)."""
    v = _clean(value)
    if v == SELF_FILING_BROKER:
        return v
    if not (len(v) == 15 and _is_pan(v[:10]) and v[10:12] == "CH" and v[12:].isascii()
            and v[12:].isdigit()):
        raise ValueError(f"broker code {v!r}: must be 15 characters — a PAN, 'CH' and 3 digits, "
                         f"or {SELF_FILING_BROKER} (rule EXP-REG-2)")
    return v


def ad_code(value: object) -> str:
    """Authorised Dealer code as used in shipping bills: 7 digits (EXP-REG-4)."""
    v = _clean(value)
    if not (len(v) == 7 and v.isascii() and v.isdigit()):
        raise ValueError(f"AD code {v!r}: must be 7 digits (rule EXP-REG-4)")
    return v


def ifsc(value: object) -> str:
    """IFSC: 4 letters (bank), ``0``, 6 letters or digits (branch) (EXP-REG-5)."""
    v = _clean(value)
    if not _IFSC_RE.fullmatch(v):
        raise ValueError(f"IFSC {v!r}: must be 11 characters — 4 letters, '0', then 6 letters "
                         "or digits (rule EXP-REG-5)")
    return v


def account_number(value: object) -> str:
    """Bank account number: 9 to 18 digits (EXP-REG-5)."""
    v = _clean(value)
    if not (v.isascii() and v.isdigit() and 9 <= len(v) <= 18):
        raise ValueError(f"account number {v!r}: must be 9 to 18 digits (rule EXP-REG-5)")
    return v


def port_code(value: object) -> str:
    """Customs location code: ``IN`` + 4 letters or digits (pattern only, EXP-REG-7).

    The last character is the kind of location: a digit at sea ports, air cargo complexes
    and ICDs (``INNSA1``), a letter at many land customs stations (``INRXLB`` Raxaul). The
    port directory decides whether a well-formed code exists (formats.md)."""
    v = _clean(value)
    if not _PORT_RE.fullmatch(v):
        raise ValueError(f"port code {v!r}: must be 6 characters — 'IN' and 4 letters or "
                         "digits (rule EXP-REG-7)")
    return v


def country(value: object) -> str:
    """ISO 3166-1 alpha-2 country code (EXP-REG-7)."""
    v = _clean(value)
    if not (len(v) == 2 and v.isascii() and v.isalpha()
            and pycountry.countries.get(alpha_2=v) is not None):
        raise ValueError(f"country {v!r}: must be an ISO 3166-1 alpha-2 code (rule EXP-REG-7)")
    return v


def currency(value: object) -> str:
    """ISO 4217 alpha-3 currency code (EXP-REG-7)."""
    v = _clean(value)
    if not (len(v) == 3 and v.isascii() and v.isalpha()
            and pycountry.currencies.get(alpha_3=v) is not None):
        raise ValueError(f"currency {v!r}: must be an ISO 4217 alpha-3 code (rule EXP-REG-7)")
    return v


def tariff_item(value: object) -> str:
    """Customs tariff item (CTH/RITC): 8 digits (EXP-REG-7)."""
    v = _clean(value)
    if not (len(v) == 8 and v.isascii() and v.isdigit()):
        raise ValueError(f"tariff item {v!r}: must be 8 digits (rule EXP-REG-7)")
    return v


def warehouse_code(value: object) -> str:
    """Warehouse code: 4-character location, type digit, 3-digit serial (WH-1); the location
    is the port code without ``IN`` (``WFD6``, ``RXLB``)."""
    v = _clean(value)
    if not _WAREHOUSE_RE.fullmatch(v):
        raise ValueError(f"warehouse code {v!r}: must be 8 characters — a 4-character location "
                         "(3 letters and a letter or digit), a type digit and a 3-digit serial "
                         "(rule WH-1)")
    return v


def drawback_serial(value: object) -> str:
    """Drawback schedule serial: tariff item + A/B (C/D), or ``98.01`` (EXP-DBK-4, EXP-DBK-7)."""
    v = _clean(value)
    if v == "98.01" or _DBK_RE.fullmatch(v):
        return v
    raise ValueError(f"drawback serial {v!r}: must be a drawback tariff item (4 to 8 digits) "
                     "with optional suffix A, B, C or D, or 98.01 (rule EXP-DBK-7)")

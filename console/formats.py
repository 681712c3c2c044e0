"""Identifier formats (spec formats.md): pure checks, no database.

Each function strips surrounding whitespace, upper-cases, and returns the
normalised value, or raises ``ValueError`` whose message names the field, the
value and the rule. The numbers python-stdnum knows (PAN, GSTIN, Aadhaar, and the
IEC, which is a PAN or 10 digits) are checked by it and may be keyed with spaces or
hyphens, which its ``compact`` removes. Whether a well-formed code is also *known* (in the port,
tariff or AD directory, registered for an exporter) is checked elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.in_ import aadhaar as _aadhaar
from stdnum.in_ import gstin as _gstin
from stdnum.in_ import pan as _pan

_IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_PORT_RE = re.compile(r"^IN[A-Z0-9]{4}$")
_WAREHOUSE_RE = re.compile(r"^[A-Z]{3}[A-Z0-9][0-9][0-9]{3}$")
_DBK_RE = re.compile(r"^[0-9]{4,8}[ABCD]?$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # the GSTIN's Luhn mod 36 alphabet

# GSTIN state codes python-stdnum does not know: 38 Ladakh, 97 Other Territory,
# 99 Centre Jurisdiction (non-resident OIDAR and UN bodies use other formats).
_EXTRA_GST_STATES = {"38": "Ladakh", "97": "Other Territory", "99": "Centre Jurisdiction"}
SELF_FILING_BROKER = "SELFSUBMITCH001"
NO_ONES_IEC = "0000000000"  # the shape of an older IEC, issued to no one (formats.md)

# ISO 4217 codes that are not currencies an invoice is paid in (formats.md, EXP-REG-7):
# X-codes other than real currencies (XXX none, XTS testing, precious metals, the SDR,
# bond-market units, SUCRE, ADB unit), and the fund codes (ISO 4217 "funds").
NON_CURRENCY_CODES = frozenset({
    "XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA",
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"})


def _clean(value: object) -> str:
    """``str(value)`` stripped and upper-cased; ``None`` becomes ""."""
    return "" if value is None else str(value).strip().upper()


def _compact(value: object, compact: Callable[[str], str] = _pan.compact) -> str:
    """The value without the separators python-stdnum's ``compact`` removes (spaces and
    hyphens), upper-cased. Non-ASCII input is kept as it is, so that it is refused rather
    than folded (stdnum would turn full-width digits into ASCII)."""
    v = _clean(value)
    return compact(v) if v.isascii() else v


def _is_pan(v: str) -> bool:
    """PAN per python-stdnum: pattern, holder-type letter, serial not 0000."""
    return v.isascii() and _pan.is_valid(v) and _pan.compact(v) == v


def gstin_check_character(first14: str) -> str:
    """The GSTIN check character: Luhn mod 36 over 0-9A-Z (python-stdnum ``luhn``)."""
    return luhn.calc_check_digit(first14, _ALPHABET)


def pan(value: object) -> str:
    """Permanent Account Number: 5 letters, 4 digits, 1 letter (python-stdnum ``in_.pan``);
    spaces and hyphens are separators."""
    v = _compact(value)
    if not _is_pan(v):
        raise ValueError(f"PAN {v!r}: must be 5 letters, 4 digits and a letter, with a valid "
                         "holder-type 4th letter (rule EXP-REG-1)")
    return v


def iec(value: object) -> str:
    """Import Export Code: 10 digits (older codes) or the holder's PAN (EXP-REG-1);
    ``0000000000`` is no one's; spaces and hyphens are separators."""
    v = _compact(value)
    if v == NO_ONES_IEC:
        raise ValueError(f"IEC {v!r}: {NO_ONES_IEC} was never issued to anyone "
                         "(rule EXP-REG-1)")
    if len(v) != 10 or not (v.isascii() and v.isdigit() or _is_pan(v)):
        raise ValueError(f"IEC {v!r}: must be 10 characters — 10 digits or a PAN "
                         "(rule EXP-REG-1)")
    return v


def gstin(value: object) -> str:
    """GSTIN: state code, PAN, entity character, ``Z``, check character (EXP-REG-8),
    checked by python-stdnum ``in_.gstin``; spaces and hyphens are separators.

    python-stdnum knows the state codes 01-37; for 38, 97 and 99 the same parts are checked
    with its pieces: the rest of the number as stdnum's GSTIN (under a known state code)
    and the check character with its Luhn mod 36.
    """
    v = _compact(value, _gstin.compact)
    if len(v) != 15:
        raise ValueError(f"GSTIN {v!r}: must be 15 characters (rule EXP-REG-8)")
    state, body = v[:2], "27" + v[2:14]  # 27: a state code stdnum knows
    try:
        if not (v.isascii() and v.isalnum() and state.isdigit()):
            raise ValidationError
        _gstin.validate(body + gstin_check_character(body))  # PAN, entity character, Z
    except ValidationError:
        raise ValueError(f"GSTIN {v!r}: must be a 2-digit state code, a PAN, an entity "
                         "character, 'Z' and a check character (rule EXP-REG-8)") from None
    try:
        if state in _EXTRA_GST_STATES:
            luhn.validate(v, _ALPHABET)
        else:
            _gstin.validate(v)
    except InvalidChecksum:
        raise ValueError(f"GSTIN {v!r}: wrong check character, expected "
                         f"{gstin_check_character(v[:14])!r} (rule EXP-REG-8)") from None
    except ValidationError:  # the state code: stdnum knows 01-37, we add 38, 97, 99
        raise ValueError(f"GSTIN {v!r}: unknown state code {state} (rule EXP-REG-8)") from None
    return v


def mask_aadhaar(number: str) -> str:
    """An Aadhaar number as it may be shown or kept: ``XXXX XXXX`` and the last 4 digits."""
    return _aadhaar.mask(number)


def aadhaar(value: object) -> str:
    """Aadhaar number: 12 digits, first 2-9, not a palindrome, Verhoeff check digit
    (python-stdnum ``in_.aadhaar``); spaces and hyphens are separators. A refusal shows at
    most the last 4 digits."""
    v = _compact(value, _aadhaar.compact)
    if not (v.isascii() and _aadhaar.is_valid(v)):
        shown = f"ending {v[-4:]}" if len(v) > 4 and v.isdigit() else repr(v)
        raise ValueError(f"Aadhaar number {shown}: must be 12 digits, the first 2 to 9, with "
                         "a valid check digit (Verhoeff)")
    return v


_PAN_SHAPE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
_MASKED_AADHAAR = re.compile(r"^X{8}[0-9]{4}$")
_KYC_KINDS = {"AADHAAR": "AADHAAR", "AADHAR": "AADHAAR", "UID": "AADHAAR", "PAN": "PAN"}


def kyc_document(value: object) -> str:
    """A sender's KYC document as ``TYPE:NUMBER`` (``PASSPORT:K1234567``), the courier
    filing's field (CSB-KYC). An Aadhaar or a PAN is checked by python-stdnum, also when
    keyed bare (12 digits, or the PAN's 5 letters, 4 digits, a letter); an Aadhaar number
    is kept masked (``AADHAAR:XXXX XXXX 2346``), and a masked Aadhaar as UIDAI issues it
    (``XXXX XXXX 4821``) is taken as it is. Other documents are kept as keyed."""
    v = _clean(value)
    kind, sep, number = v.partition(":")
    kind, number = kind.strip(), number.strip()
    if not sep:
        bare = _compact(v, _aadhaar.compact)
        if bare.isascii() and bare.isdigit() and len(bare) == 12:
            kind, number = "AADHAAR", v
        elif _PAN_SHAPE.fullmatch(bare):
            kind, number = "PAN", v
        else:
            return v
    kind = _KYC_KINDS.get(kind.replace(" ", ""), kind)
    if kind == "PAN":
        return f"PAN:{pan(number)}"
    if kind == "AADHAAR":
        compact = _compact(number, _aadhaar.compact)
        if _MASKED_AADHAAR.fullmatch(compact):
            return f"AADHAAR:XXXX XXXX {compact[-4:]}"
        return f"AADHAAR:{mask_aadhaar(aadhaar(compact))}"
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


def is_currency(code: str) -> bool:
    """An ISO 4217 code that is a currency (not ``XXX``, ``XTS``, a metal or a fund)."""
    return (len(code) == 3 and code.isascii() and code.isalpha()
            and code not in NON_CURRENCY_CODES
            and pycountry.currencies.get(alpha_3=code) is not None)


def currency(value: object) -> str:
    """ISO 4217 alpha-3 currency code (EXP-REG-7): a currency, not one of the codes ISO
    gives to no currency, testing, precious metals, the SDR, bond units or funds. Whether a
    rate is notified for it is the rate directory's business."""
    v = _clean(value)
    if not is_currency(v):
        raise ValueError(f"currency {v!r}: must be the ISO 4217 alpha-3 code of a currency "
                         "(rule EXP-REG-7)")
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

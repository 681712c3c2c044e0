"""Reading the values people and files type (issue 17 item 8, issue 18 item 1): one reader
per kind of value, each refusing what is not that kind with an ``InvalidInput`` naming the
field's path and the rule, so that nothing is stored as something it is not.

* a **count** (packages, a branch or serial number) is a whole number, written in digits,
  never ``1.5``, ``"1e-400"`` or ``True``;
* a **number** (an amount, a quantity, a rate) is a finite decimal written in digits, with
  at most ``PLACES`` decimals and below ``LIMIT`` (a quantity of ``1e30`` is a typing
  slip, not goods); a JSON number is taken as its written digits, never a binary float;
* **text** is text (or a whole number, which a form may send as one), never a boolean, a
  list or an object, and has no control characters (a NUL stored on SQLite is refused by
  PostgreSQL).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from console.errors import InvalidInput

PLACES = 6  # decimals a number may carry
LIMIT = Decimal(10) ** 15  # numbers stay below this (the directories' largest is ~1e12)
COUNT_DIGITS = 9
_DIGITS = re.compile(rf"[0-9]{{1,{COUNT_DIGITS}}}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def count(raw: Any, path: str, rule: str = "", *, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` (the caller decides about a blank)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidInput(path, f"{raw!r} is not a whole number", rule)
    text = str(raw).strip()
    if not _DIGITS.fullmatch(text):
        raise InvalidInput(path, f"{raw!r}: a whole number in digits (at most "
                                 f"{COUNT_DIGITS})", rule)
    value = int(text)
    if value < minimum:
        raise InvalidInput(path, f"{value} is below {minimum}", rule)
    return value


def number(raw: Any, path: str, rule: str = "", *, positive: bool = False) -> Decimal:
    """A finite decimal, at least zero (above zero when ``positive``)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise InvalidInput(path, f"{raw!r} is not a number", rule)
    if isinstance(raw, float):
        raw = repr(raw)  # the digits written, not the binary float
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidInput(path, f"{raw!r} is not a number", rule) from None
    if not value.is_finite():
        raise InvalidInput(path, f"{raw!r} is not a number", rule)
    if value < 0 or (positive and value == 0):
        raise InvalidInput(path, f"{raw!r} must be {'above' if positive else 'at least'} "
                                 "zero", rule)
    if value >= LIMIT:
        raise InvalidInput(path, f"{raw!r} is too large", rule)
    exponent = value.as_tuple().exponent
    if value and isinstance(exponent, int) and exponent < -PLACES:
        raise InvalidInput(path, f"{raw!r}: at most {PLACES} decimals", rule)
    return value


def text(raw: Any, path: str, rule: str = "", *, limit: int = 300) -> str:
    """Text, stripped; "" for a blank (the caller decides whether one is required)."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InvalidInput(path, f"{raw!r} is not text", rule)
    value = str(raw).strip()
    if _CONTROL.search(value):
        raise InvalidInput(path, "control characters are not allowed", rule)
    if len(value) > limit:
        raise InvalidInput(path, f"at most {limit} characters", rule)
    return value


def rows(raw: Any, path: str, rule: str = "", *, limit: int = 999) -> list[dict]:
    """A list of objects (invoices, items, lines); [] for a blank."""
    if raw is None or raw == "":
        return []
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise InvalidInput(path, "a list of entries, each with its fields", rule)
    if len(raw) > limit:
        raise InvalidInput(path, f"at most {limit} entries", rule)
    return raw


def record(raw: Any, what: str = "the declaration") -> dict:
    """The whole input: an object of fields."""
    if not isinstance(raw, dict):
        raise InvalidInput("", f"{what} is an object of fields, not {type(raw).__name__}")
    return raw

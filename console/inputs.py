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
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    if CONTROL.search(value):
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


# ---- CSV files (directories, courier bulk files) ----

FILE_LIMIT = 64 * 1024 * 1024  # bytes in one CSV file


def csv_file(path: Any, field: str = "file", *, required: tuple[str, ...] = ()
             ) -> list[tuple[int, dict]]:
    """Every row of a CSV file as ``(line, {column: value})``, read whole before anything
    is written, so that a file that cannot be read changes nothing. The encoding is told by
    its byte-order mark (UTF-8 or UTF-16, as spreadsheets save "CSV UTF-8" and "Unicode
    text"), else it must be UTF-8: a Latin-1 or Windows-1252 file is refused naming the
    line and the byte, rather than guessed (``Café`` and ``CafÃ©`` must not both be
    possible). A row with more fields than the header keeps them under the key ``None``
    (see ``extra_fields``)."""
    import codecs
    import csv
    import io
    from pathlib import Path

    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read(FILE_LIMIT + 1)
    except FileNotFoundError:
        raise InvalidInput(field, f"{p}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(field, f"{p}: a folder, not a file") from None
    except OSError as err:
        raise InvalidInput(field, f"{p}: cannot be read ({err.strerror or err})") from None
    if len(data) > FILE_LIMIT:
        raise InvalidInput(field, f"{p.name}: larger than {FILE_LIMIT // 2**20} MB")
    encoding = "utf-8"
    for bom, named in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            data, encoding = data[len(bom):], named
            break
    try:
        text_ = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise InvalidInput(field, f"{p.name}: line {line} is not {encoding.upper()} (byte "
                                  f"0x{data[err.start]:02X}); save the file as CSV UTF-8"
                           ) from None
    if "\x00" in text_:
        line = text_[:text_.index("\x00")].count("\n") + 1
        raise InvalidInput(field, f"{p.name}: line {line} holds a NUL byte; not a text file")
    reader = csv.DictReader(io.StringIO(text_, newline=""))
    try:
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise InvalidInput(field, f"{p.name}: the header lacks {', '.join(missing)}")
        rows = [(reader.line_num, raw) for raw in reader]
    except csv.Error as err:
        why = (f"a field longer than {csv.field_size_limit():,} characters"
               if "field limit" in str(err) else str(err))
        raise InvalidInput(field, f"{p.name}: line {reader.line_num + 1}: {why}") from None
    return rows


def extra_fields(raw: dict) -> str:
    """What is wrong with a CSV row that has more fields than its header ("" if nothing)."""
    extra = raw.get(None)
    if not extra:
        return ""
    return f"{len(extra)} field(s) more than the header has"

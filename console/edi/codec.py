"""The message exchange format of ICES 1.5 (edi.md): envelope, segments, fields.

A message is a flat ASCII file::

    HREC<GS>ZZ<GS>sender<GS>ZZ<GS>receiver<GS>ICES1_5<GS>T|P<GS><GS>message<GS>control<GS>YYYYMMDD<GS>HHMM
    <TABLE>SB                      (a segment; SACHI01 writes <vesinfo> ... <END-vesinfo>)
    F<GS>INVTZ4<GS>17<GS>...       (its records: a fixed number of fields each)
    <END-SB>                       (the end marker, where the layout has one)
    TREC<GS>control                (the same control number)
    <START-SIGNATURE>...           (a digital signature, passed over)

``<GS>`` is ASCII 29; lines end CRLF (LF accepted). Text is upper-case printable ASCII,
dates YYYYMMDD, times HHMM, numbers plain decimals with at most their scale's decimals.

Reading and writing are one definition: each segment's fields are rows of the layout tables
in ``layouts/*.csv`` (position, name, width, type, scale, mandatory), and every value is read
and written by its field's type alone. Versions are data: ``layouts/messages.csv`` lists
each message's layout versions with the day they apply from. ``decode`` raises only
``EdiError``, whatever the bytes (EDI-1); ``encode`` checks a message exactly as ``decode``
would and refuses, with the same codes, what ``decode`` would refuse.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from console.edi.errors import EdiError, code_of

__all__ = ["EdiError", "Envelope", "Field", "Layout", "Message", "Segment", "decode", "encode",
           "layout", "layout_on", "message_ids"]

GS = "\x1d"  # the field separator, ASCII 29
CRLF = "\r\n"
ICES = "ICES1_5"  # the ICEGATE version in every HREC
MAX_BYTES = 20 * 1024 * 1024  # a larger file is refused unread
SIGNATURE = "<START-SIGNATURE>"
LAYOUTS = Path(__file__).with_name("layouts")
TYPES = ("C", "N", "D", "T")

_LINE = re.compile(rb"[\x20-\x7e\x1d]*")  # what a line may hold: printable ASCII and GS
_TEXT = re.compile(r"[\x20-\x7e]*")  # what a field may hold
_LOWER = re.compile(r"[a-z]")
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?")
_DIGITS = re.compile(r"\d+")
_ID = re.compile(r"[A-Z0-9]{1,20}")
_MESSAGE_ID = re.compile(r"[A-Z0-9_]{1,12}")


@dataclass(frozen=True)
class Field:
    name: str
    width: int
    type: str  # C text, N number, D date YYYYMMDD, T time HHMM
    scale: int = 0
    mandatory: bool = False


@dataclass(frozen=True)
class Segment:
    name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Layout:
    message: str
    version: str
    segments: dict[str, Segment]  # in the order a message carries them
    mandatory: tuple[str, ...] = ()  # segments every message must carry
    close: str = ""  # the end marker line, e.g. <END-SB>
    open: str = ""  # the line before the segments, e.g. <manifest>
    tags: str = "table"  # table: <TABLE>NAME; block: <name> ... <END-name>; none: one segment
    effective_from: date = date(2000, 1, 1)
    suffix: str = ""  # the file name's ending, e.g. .sb
    title: str = ""


@dataclass(frozen=True)
class Envelope:
    sender: str  # ICEGATE id of who sends
    receiver: str  # the custom house (a filing) or the filer (a reply)
    mode: str  # T test, P production
    message: str  # message id, e.g. CACHE01
    control_no: str
    at: datetime  # to the minute


@dataclass
class Message:
    envelope: Envelope
    version: str
    # segment -> its records in file order; a record maps each field name to its value:
    # C str, N int (scale 0) or Decimal, D date, T time; an empty field is None
    records: dict[str, list[dict[str, Any]]]


# ---- the layouts (data) ----


def _rows(path: Path) -> list[dict[str, str]]:
    """A layout table's rows: the CSV without its comment lines (#)."""
    lines = [x for x in path.read_text().splitlines() if x.strip() and not x.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def _segments(file: str) -> dict[str, Segment]:
    fields: dict[str, list[Field]] = {}
    for r in _rows(LAYOUTS / file):
        seg = fields.setdefault(r["segment"], [])
        f = Field(r["name"], int(r["width"]), r["type"], int(r["scale"] or 0),
                  r["mandatory"] == "Y")
        if int(r["position"]) != len(seg) + 1 or f.type not in TYPES or f.width < 1 or (
                r["mandatory"] not in ("", "Y")) or not 0 <= f.scale < f.width:
            raise ValueError(f"{file}: {r['segment']} field {r['position']} {r['name']}")
        seg.append(f)
    return {name: Segment(name, tuple(fs)) for name, fs in fields.items()}


@cache
def _index() -> dict[str, tuple[Layout, ...]]:
    """message id -> its layouts, oldest first (``layouts/messages.csv``)."""
    found: dict[str, list[Layout]] = {}
    for r in _rows(LAYOUTS / "messages.csv"):
        segs = _segments(r["file"])
        lay = Layout(r["message"], r["version"], segs, tuple(r["mandatory"].split()),
                     r["close"], r["open"], r["tags"], date.fromisoformat(r["effective_from"]),
                     r["suffix"], r["title"])
        if (any(m not in segs for m in lay.mandatory) or lay.tags not in ("table", "block", "none")
                or (lay.tags == "none" and len(segs) != 1)):
            raise ValueError(f"messages.csv: {lay.message} {lay.version}")
        found.setdefault(lay.message, []).append(lay)
    return {m: tuple(sorted(ls, key=lambda x: x.effective_from)) for m, ls in found.items()}


def message_ids() -> tuple[str, ...]:
    """The message ids the console reads and writes."""
    return tuple(_index())


def layout(message: str, version: str | None = None) -> Layout:
    """A message's layout: the version named, or the newest."""
    versions = _index().get(message)
    if not versions:
        raise EdiError(code_of("unknown_message"), "HREC", detail=f"no layout of {message!r}")
    if version is None:
        return versions[-1]
    for lay in versions:
        if lay.version == version:
            return lay
    raise EdiError(code_of("unknown_message"), "HREC",
                   detail=f"{message} has no layout version {version!r}")


def layout_on(message: str, day: date) -> Layout:
    """The layout in force on ``day``: the newest version applying from it or before; a day
    before the first version is read with the first."""
    layout(message)  # refuses an unknown message
    versions = _index()[message]
    in_force = [x for x in versions if x.effective_from <= day]
    return in_force[-1] if in_force else versions[0]


# ---- one field: reading and writing by its type ----


class _Bad(Exception):
    """A field refused: the kind of refusal (an error code's kind) and what was wrong."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


def _show(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:40] + "...")


def read_field(f: Field, raw: str) -> Any:
    """A field's value from its text (None when empty); raises ``_Bad``."""
    if raw == "":
        if f.mandatory:
            raise _Bad("mandatory_field", f"{f.name} is empty")
        return None
    if f.type == "C":
        if len(raw) > f.width:
            raise _Bad("field_width", f"{f.name}: {len(raw)} characters, at most {f.width}")
        if _LOWER.search(raw):
            raise _Bad("lower_case", f"{f.name}: {_show(raw)}")
        return raw
    if f.type == "N":
        m = _NUMBER.fullmatch(raw)
        if m is None:
            raise _Bad("field_type", f"{f.name}: {_show(raw)} is not a number")
        whole, decimals = m.group(1), m.group(2) or ""
        if (len(whole.lstrip("0")) > f.width - f.scale or len(decimals) > f.scale
                or len(raw) > f.width + 1):
            raise _Bad("field_width", f"{f.name}: {_show(raw)} has more than "
                       f"{f.width - f.scale} digits or {f.scale} decimals")
        return int(whole) if f.scale == 0 else Decimal(raw)
    if f.type == "D":
        if len(raw) != 8 or not _DIGITS.fullmatch(raw):
            raise _Bad("field_type", f"{f.name}: {_show(raw)} is not a date YYYYMMDD")
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            raise _Bad("field_type", f"{f.name}: {raw} is not a date") from None
    if len(raw) != 4 or not _DIGITS.fullmatch(raw) or int(raw[:2]) > 23 or int(raw[2:]) > 59:
        raise _Bad("field_type", f"{f.name}: {_show(raw)} is not a time HHMM")
    return time(int(raw[:2]), int(raw[2:]))


def write_field(f: Field, value: Any) -> str:
    """A value as its field's text, checked as ``read_field`` reads it; raises ``_Bad``."""
    if value is None or value == "":
        text = ""
    elif f.type == "C":
        if not isinstance(value, str):
            raise _Bad("field_type", f"{f.name}: {value!r} is not text")
        if not _TEXT.fullmatch(value):
            raise _Bad("non_ascii", f"{f.name}: {_show(value)} is not printable ASCII")
        text = value
    elif f.type == "N":
        text = _number(f, value)
    elif f.type == "D":
        if not isinstance(value, date) or isinstance(value, datetime):
            raise _Bad("field_type", f"{f.name}: {value!r} is not a date")
        text = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    else:
        if not isinstance(value, time) or value.second or value.microsecond:
            raise _Bad("field_type", f"{f.name}: {value!r} is not a time to the minute")
        text = f"{value.hour:02d}{value.minute:02d}"
    read_field(f, text)
    return text


def _number(f: Field, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _Bad("field_type", f"{f.name}: {value!r} is not a number")
    d = Decimal(value)
    if not d.is_finite() or d < 0:
        raise _Bad("field_type", f"{f.name}: {value!r} is not a number at least zero")
    if d.adjusted() >= f.width - f.scale:
        raise _Bad("field_width", f"{f.name}: {value} has more than {f.width - f.scale} digits")
    step = Decimal(1).scaleb(-f.scale)
    if d != d.quantize(step):
        raise _Bad("field_width", f"{f.name}: {value} has more than {f.scale} decimals")
    return f"{d.quantize(step):f}"


# ---- the envelope ----


def _read_hrec(line: str) -> Envelope:
    v = line.split(GS)
    if (len(v) != 12 or v[0] != "HREC" or v[1] != "ZZ" or v[3] != "ZZ" or v[5] != ICES
            or v[6] not in ("T", "P") or v[7] != "" or not _ID.fullmatch(v[2])
            or not _ID.fullmatch(v[4]) or not _MESSAGE_ID.fullmatch(v[8])
            or not _ID.fullmatch(v[9])):
        raise EdiError(code_of("envelope"), "HREC", 1,
                       "expected HREC ZZ sender ZZ receiver ICES1_5 T|P (empty) message "
                       "control YYYYMMDD HHMM, upper-case ids")
    try:
        day = read_field(Field("date", 8, "D", mandatory=True), v[10])
        at = read_field(Field("time", 4, "T", mandatory=True), v[11])
    except _Bad as bad:
        raise EdiError(code_of("envelope"), "HREC", 1, bad.detail) from None
    return Envelope(v[2], v[4], v[6], v[8], v[9], datetime.combine(day, at))


def _write_hrec(env: Envelope) -> str:
    at = env.at
    if (env.mode not in ("T", "P") or not _ID.fullmatch(env.sender)
            or not _ID.fullmatch(env.receiver) or not _MESSAGE_ID.fullmatch(env.message)
            or not _ID.fullmatch(env.control_no) or at.second or at.microsecond):
        raise EdiError(code_of("envelope"), "HREC", 1,
                       f"sender {env.sender!r}, receiver {env.receiver!r}, control "
                       f"{env.control_no!r}: upper-case letters and digits; mode T or P; "
                       "the time to the minute")
    return GS.join(("HREC", "ZZ", env.sender, "ZZ", env.receiver, ICES, env.mode, "",
                    env.message, env.control_no, f"{at:%Y%m%d}", f"{at:%H%M}"))


# ---- reading ----


def decode(data: bytes) -> Message:
    """Read a message whole or refuse it (EDI-1): raises only ``EdiError``, for any input."""
    try:
        return _decode(data)
    except EdiError:
        raise
    except Exception as exc:  # a defect of the reader: reported as a refusal, not raised
        raise EdiError(code_of("internal"), detail=f"{type(exc).__name__}: {exc}") from None


def _decode(data: bytes) -> Message:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise EdiError(code_of("envelope"), detail="a message is bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise EdiError(code_of("too_large"), detail=f"{len(data)} bytes, at most {MAX_BYTES}")
    raw = data.split(b"\n")
    lines = [(n, x[:-1] if x.endswith(b"\r") else x) for n, x in enumerate(raw, 1)]
    lines = [(n, x) for n, x in lines if x.strip(b" ")]  # blank lines are passed over
    if not lines:
        raise EdiError(code_of("truncated"), detail="the file is empty")
    if not lines[0][1].startswith(b"HREC"):
        raise EdiError(code_of("envelope"), "HREC", lines[0][0], "the first line is not HREC")
    body: list[tuple[int, str]] = []
    trec: tuple[int, str] | None = None
    for k, (n, line) in enumerate(lines):
        bad = _LINE.fullmatch(line) is None
        if bad:
            column = next(i for i, b in enumerate(line) if not (32 <= b <= 126 or b == 29))
            raise EdiError(code_of("non_ascii"), "", n,
                           f"byte {line[column]:#04x} at column {column + 1}")
        text = line.decode("ascii")
        if text == "TREC" or text.startswith("TREC" + GS):
            trec = (n, text)
            after = lines[k + 1:]
            if after and not after[0][1].startswith(SIGNATURE.encode()):
                raise EdiError(code_of("misplaced_line"), "TREC", after[0][0],
                               "after TREC only the signature block may follow")
            break
        body.append((n, text))
    envelope = _read_hrec(body[0][1])
    try:
        if trec is None:
            raise EdiError(code_of("truncated"), "TREC", lines[-1][0],
                           "the file ends without its TREC line")
        lay = layout_on(envelope.message, envelope.at.date())
        t = trec[1].split(GS)
        if len(t) != 2:
            raise EdiError(code_of("envelope"), "TREC", trec[0], "expected TREC control")
        if t[1] != envelope.control_no:
            raise EdiError(code_of("control_number"), "TREC", trec[0],
                           f"TREC {t[1]!r}, HREC {envelope.control_no!r}")
        records = _body(lay, body[1:], trec[0])
        missing = [m for m in lay.mandatory if not records.get(m)]
        if missing:
            raise EdiError(code_of("mandatory_segment"), missing[0], 0,
                           f"{lay.message} carries {', '.join(missing)}")
    except EdiError as err:
        err.envelope = envelope
        raise
    return Message(envelope, lay.version, records)


def _body(lay: Layout, lines: list[tuple[int, str]], end: int) -> dict[str, list[dict]]:
    """The records between HREC and TREC, segment by segment, as the layout marks them."""
    records: dict[str, list[dict[str, Any]]] = {}
    seg: Segment | None = next(iter(lay.segments.values())) if lay.tags == "none" else None
    opened, closed = not lay.open, False
    for n, text in lines:
        tag = text.upper()
        if closed:
            raise EdiError(code_of("misplaced_line"), "", n, f"after {lay.close}")
        if not opened:
            if tag != lay.open.upper():
                raise EdiError(code_of("misplaced_line"), "", n, f"expected {lay.open}")
            opened = True
        elif lay.close and tag == lay.close.upper():
            if lay.tags == "block" and seg is not None:
                raise EdiError(code_of("misplaced_line"), seg.name, n,
                               f"<END-{seg.name.lower()}> missing")
            closed = True
        elif text.startswith("<") and lay.tags != "none":
            seg = _tag(lay, seg, tag, n)
        elif seg is None:
            raise EdiError(code_of("misplaced_line"), "", n, "a record before its segment")
        else:
            records.setdefault(seg.name, []).append(_record(seg, text, n))
    if lay.close and not closed:
        raise EdiError(code_of("truncated"), "", end, f"no {lay.close} before TREC")
    return records


def _tag(lay: Layout, seg: Segment | None, tag: str, n: int) -> Segment | None:
    """The segment a tag line opens (or None when it closes one)."""
    if lay.tags == "table":
        name = tag[len("<TABLE>"):].strip() if tag.startswith("<TABLE>") else ""
        if name not in lay.segments:
            raise EdiError(code_of("unknown_segment"), name, n, f"{tag[:40]!r}")
        return lay.segments[name]
    name = tag[1:-1] if tag.endswith(">") else ""
    if name.startswith("END-"):
        if seg is None or name[4:] != seg.name:
            raise EdiError(code_of("misplaced_line"), name[4:], n, f"{tag[:40]!r} closes nothing")
        return None
    if name not in lay.segments:
        raise EdiError(code_of("unknown_segment"), name, n, f"{tag[:40]!r}")
    if seg is not None:
        raise EdiError(code_of("misplaced_line"), seg.name, n,
                       f"<END-{seg.name.lower()}> missing before {tag[:40]}")
    return lay.segments[name]


def _record(seg: Segment, text: str, n: int) -> dict[str, Any]:
    values = text.split(GS)
    if len(values) != len(seg.fields):
        raise EdiError(code_of("field_count"), seg.name, n,
                       f"{len(values)} fields, {seg.name} has {len(seg.fields)}")
    try:
        return {f.name: read_field(f, raw) for f, raw in zip(seg.fields, values, strict=True)}
    except _Bad as bad:
        raise EdiError(code_of(bad.kind), seg.name, n, bad.detail) from None


# ---- writing ----


def encode(msg: Message) -> bytes:
    """The message as a file: CRLF lines, ASCII 29 between fields, every record with its
    segment's fields. Raises ``EdiError`` for what ``decode`` would refuse."""
    lay = layout(msg.envelope.message, msg.version)
    out = [_write_hrec(msg.envelope)]
    unknown = [name for name in msg.records if name not in lay.segments]
    if unknown:
        raise EdiError(code_of("unknown_segment"), unknown[0], 0,
                       f"{lay.message} {lay.version} has no segment {unknown[0]}")
    missing = [m for m in lay.mandatory if not msg.records.get(m)]
    if missing:
        raise EdiError(code_of("mandatory_segment"), missing[0], 0,
                       f"{lay.message} carries {', '.join(missing)}")
    if lay.open:
        out.append(lay.open)
    for name, seg in lay.segments.items():
        rows = msg.records.get(name) or []
        if not rows:
            continue
        if lay.tags == "table":
            out.append(f"<TABLE>{name}")
        elif lay.tags == "block":
            out.append(f"<{name.lower()}>")
        for row in rows:
            out.append(_write_record(seg, row, len(out) + 1))
        if lay.tags == "block":
            out.append(f"<END-{name.lower()}>")
    if lay.close:
        out.append(lay.close)
    out.append(f"TREC{GS}{msg.envelope.control_no}")
    return (CRLF.join(out) + CRLF).encode("ascii")


def _write_record(seg: Segment, row: dict[str, Any], n: int) -> str:
    names = {f.name for f in seg.fields}
    extra = [k for k in row if k not in names]
    if extra:
        raise EdiError(code_of("field_count"), seg.name, n, f"{seg.name} has no field {extra[0]}")
    try:
        line = GS.join(write_field(f, row.get(f.name)) for f in seg.fields)
    except _Bad as bad:
        raise EdiError(code_of(bad.kind), seg.name, n, bad.detail) from None
    if line.startswith("<") or line.split(GS, 1)[0] in ("TREC", "HREC") or not line.strip(" "):
        raise EdiError(code_of("field_type"), seg.name, n,
                       f"a record cannot begin {line[:8]!r}: it would be read as a tag, "
                       "TREC or a blank line")
    return line

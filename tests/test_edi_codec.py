"""The message file format (edi.md, EDI-1; console/edi/codec.py): layouts as data with the
published field counts, every layout written and read back (hypothesis), the envelope and
the refusals one by one, and a fuzz of several thousand damaged files proving that
``decode`` (and ``read_filing`` after it) raise only EdiError."""

from __future__ import annotations

import random
import string
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.edi import codec, errors
from console.edi import messages as m
from console.edi.codec import GS, EdiError, Envelope, Message, decode, encode, layout

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples" / "edi"
SB_FILE = (SAMPLES / "1012026.sb").read_bytes()
BE_FILE = (SAMPLES / "1022026.be").read_bytes()
IGM_FILE = (SAMPLES / "1032026.igm").read_bytes()


def code(kind: str) -> str:
    return errors.code_of(kind)


def refused(data: bytes) -> EdiError:
    with pytest.raises(EdiError) as err:
        decode(data)
    return err.value


def edit(raw: bytes, old: str, new: str) -> bytes:
    text = raw.decode("ascii")
    assert old in text, old
    return text.replace(old, new, 1).encode("ascii")


# ---- layouts are data ----

PUBLISHED = {  # edi.md: the field counts per segment, the contract
    "CACHE01": {"SB": 50, "INVOICE": 49, "EXCHANGE": 15, "ITEM": 42, "DBK": 13,
                "CONTAINER": 12, "SW_INFO_TYPE": 15, "STATEMENT": 12, "SUPPORTINGDOCS": 29},
    "CACHI01": {"BE": 43, "EXCHANGE": 14, "PERMISSION": 8, "INVOICE": 87, "MISC_CH": 11,
                "ITEMS": 92, "LICENCE": 16, "RSP": 14, "DEPB": 11, "BOND": 9, "CERT": 9,
                "HSS": 14, "REIMPORT": 19, "SBEDUTY": 18, "IGMS": 23, "CONTAINER": 12,
                "CTX": 9, "AMEND": 10, "BE_ITEM_SW_INFO_TYPE": 14, "BE_ITEM_SW_CONST": 14,
                "BE_ITEM_SW_PROD": 14, "BE_ITEM_SW_CTRL": 17, "STATEMENT": 12,
                "SUPPORTINGDOCS": 31},
    "CHCAI02": {"ACK": 24}, "CHCAI04": {"CHALLAN": 7}, "CHCAI05": {"QUERY": 7},
    "CACHI06": {"QUERY_REPLY": 7}, "SACHI01": {"VESINFO": 26, "CARGO": 41, "CONTAIN": 17},
}


def test_edi_1_segments_have_the_published_field_counts():
    """The layout tables give every segment edi.md lists its published number of fields;
    the BE is v2.23, the newest BE layout."""
    for message, counts in PUBLISHED.items():
        segments = layout(message).segments
        assert {name: len(segments[name].fields) for name in counts} == counts, message
    assert layout("CACHI01").version == "2.23"
    assert list(layout("CACHE01").segments)[:4] == ["SB", "INVOICE", "EXCHANGE", "ITEM"]


def test_every_message_has_its_layout_suffix_and_end_marker():
    for message in codec.message_ids():
        lay = layout(message)
        assert lay.suffix.startswith(".") and lay.mandatory and lay.title
        for seg in lay.segments.values():
            names = [f.name for f in seg.fields]
            assert len(set(names)) == len(names) and names[0] == "message_type"
            assert all(f.name.isidentifier() and f.name.islower() for f in seg.fields)
    assert layout("CACHE01").close == "<END-SB>" and layout("CACHI01").close == "<END-BE>"
    assert (layout("SACHI01").open, layout("SACHI01").close) == ("<manifest>", "<END-manifest>")
    with pytest.raises(EdiError) as err:
        layout("CACHI01", "1.0")
    assert err.value.code == code("unknown_message")


def test_versions_are_data_a_file_is_read_with_the_layout_in_force_on_its_date(monkeypatch):
    """A new layout version is a new row (and table): a file dated before it is read with
    the old one, a file dated after with the new; one dated before every version with the
    first."""
    old = layout("CACHI01")
    segments = dict(old.segments)
    segments["CTX"] = codec.Segment("CTX", (*old.segments["CTX"].fields,
                                            codec.Field("remark", 10, "C")))
    new = replace(old, version="2.24", segments=segments, effective_from=date(2027, 1, 1))
    index = dict(codec._index())
    index["CACHI01"] = (old, new)
    monkeypatch.setattr(codec, "_index", lambda: index)
    assert codec.layout("CACHI01").version == "2.24"
    assert codec.layout_on("CACHI01", date(2026, 12, 31)).version == "2.23"
    assert codec.layout_on("CACHI01", date(2027, 1, 1)).version == "2.24"
    assert codec.layout_on("CACHI01", date(1999, 1, 1)).version == "2.23"
    assert decode(BE_FILE).version == "2.23"  # dated 2026
    later = refused(edit(BE_FILE, f"{GS}20261102{GS}1000", f"{GS}20270105{GS}1000"))
    assert (later.code, later.segment) == (code("field_count"), "CTX")  # 2.24's CTX has 10


# ---- every layout written and read back ----

_UPPER = string.ascii_uppercase + string.digits + " .,-/()&:'#@%*+=;?!"


def _value(f: codec.Field) -> st.SearchStrategy:
    if f.type == "C":
        return st.text(_UPPER, min_size=1, max_size=min(f.width, 30))
    if f.type == "N":
        top = 10 ** min(f.width - f.scale, 12) - 1
        if f.scale == 0:
            return st.integers(0, top)
        return st.decimals(0, top, places=f.scale)
    if f.type == "D":
        return st.dates(date(1000, 1, 1), date(9999, 12, 31))
    return st.times().map(lambda t: t.replace(second=0, microsecond=0))


def _record(seg: codec.Segment) -> st.SearchStrategy[dict]:
    fields = {}
    for n, f in enumerate(seg.fields):
        value = st.sampled_from("FAD") if n == 0 else _value(f)
        fields[f.name] = value if f.mandatory or n == 0 else st.one_of(st.none(), value)
    return st.fixed_dictionaries(fields)


_ID = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=20)


@st.composite
def messages(draw) -> Message:
    name = draw(st.sampled_from(codec.message_ids()))
    lay = layout(name)
    at = draw(st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1))).replace(
        second=0, microsecond=0)
    env = Envelope(draw(_ID), draw(_ID), draw(st.sampled_from("TP")), name, draw(_ID), at)
    chosen = [s for s in lay.segments if s in lay.mandatory or draw(st.booleans())]
    records = {s: draw(st.lists(_record(lay.segments[s]), min_size=1, max_size=2))
               for s in chosen}
    return Message(env, codec.layout_on(name, at.date()).version, records)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_edi_1_every_layout_reads_back_what_is_written(msg):
    """One definition per segment: for every message and segment, records written by
    their fields' types read back as the same values, and the bytes are the format's."""
    raw = encode(msg)
    assert decode(raw) == msg
    assert encode(decode(raw)) == raw
    if msg.envelope.message in m.KIND_OF:  # whatever the records say: a filing or EdiError
        try:
            m.read_filing(decode(raw))
        except EdiError as err:
            assert err.code != code("internal")
    assert raw.endswith(b"\r\n") and all(b < 128 for b in raw)
    assert raw.split(b"\r\n")[-2] == f"TREC{GS}{msg.envelope.control_no}".encode()


def test_edi_1_numbers_dates_and_times_as_the_format_writes_them():
    f = codec.Field
    assert codec.write_field(f("q", 16, "N", 6), Decimal("300")) == "300.000000"
    assert codec.write_field(f("n", 7, "N"), 42) == "42"
    assert codec.write_field(f("d", 8, "D"), date(2026, 11, 2)) == "20261102"
    assert codec.write_field(f("t", 4, "T"), time(9, 5)) == "0905"
    assert codec.read_field(f("v", 16, "N", 2), "0012.5") == Decimal("12.5")
    for field, value, kind in ((f("v", 16, "N", 2), Decimal("1.234"), "field_width"),
                               (f("v", 4, "N", 2), Decimal("123"), "field_width"),
                               (f("v", 16, "N", 2), Decimal("-1"), "field_type"),
                               (f("v", 16, "N", 2), 1.5, "field_type"),
                               (f("c", 3, "C"), "abc", "lower_case"),
                               (f("c", 3, "C"), "ABCD", "field_width"),
                               (f("c", 9, "C"), "CAF\u00c9", "non_ascii"),
                               (f("c", 9, "C"), f"A{GS}B", "non_ascii"),
                               (f("c", 9, "C", mandatory=True), None, "mandatory_field"),
                               (f("t", 4, "T"), time(9, 5, 30), "field_type")):
        with pytest.raises(codec._Bad) as bad:
            codec.write_field(field, value)
        assert bad.value.kind == kind, (field, value)


# ---- the envelope and the refusals, one by one (EDI-1) ----


def test_edi_1_the_envelope_is_read_from_hrec_and_checked_against_trec():
    msg = decode(SB_FILE)
    assert msg.envelope == Envelope("VCBPL0001", "INVTZ4", "P", "CACHE01", "101",
                                    datetime(2026, 11, 2, 10, 0))
    assert SB_FILE.startswith(f"HREC{GS}ZZ{GS}VCBPL0001{GS}ZZ{GS}INVTZ4{GS}ICES1_5{GS}P{GS}"
                              f"{GS}CACHE01{GS}101{GS}20261102{GS}1000\r\n".encode())
    assert SB_FILE.endswith(f"<END-SB>\r\nTREC{GS}101\r\n".encode())
    err = refused(SB_FILE.replace(f"TREC{GS}101".encode(), f"TREC{GS}102".encode()))
    assert (err.code, err.segment) == (code("control_number"), "TREC")
    assert err.envelope == msg.envelope  # a .nak can be addressed


def test_edi_1_lf_blank_lines_and_the_signature_block_are_accepted():
    msg = decode(SB_FILE)
    assert decode(SB_FILE.replace(b"\r\n", b"\n")) == msg
    assert decode(SB_FILE.replace(b"<TABLE>ITEM", b"\r\n<TABLE>ITEM")) == msg
    signed = SB_FILE + b"<START-SIGNATURE>TwY6+b8b/avApY==</START-SIGNATURE>\n" \
                       b"<START-CERTIFICATE>MIIF+jCC\n<SIGNER-VERSION>V-1</SIGNER-VERSION>\n"
    assert decode(signed) == msg
    assert decode(SB_FILE.replace(b"<TABLE>STATEMENT", b"<table>Statement")) == msg


@pytest.mark.parametrize("kind, damage", [
    ("envelope", lambda r: r.replace(b"ICES1_5", b"ICES1_4")),
    ("envelope", lambda r: r.replace(b"HREC", b"HREX", 1)),
    ("envelope", lambda r: r.replace(f"{GS}1000\r\n".encode(), f"{GS}2500\r\n".encode(), 1)),
    ("unknown_message", lambda r: r.replace(b"CACHE01", b"CACHE99", 1)),
    ("unknown_segment", lambda r: r.replace(b"<TABLE>DBK", b"<TABLE>DRAWBACK")),
    ("unknown_segment", lambda r: r.replace(b"<TABLE>DBK", b"<DBK>")),
    ("field_count", lambda r: r.replace(f"{GS}030301A{GS}".encode(), f"{GS}030301A{GS}{GS}"
                                        .encode())),
    ("field_type", lambda r: r.replace(b"20261030", b"20261330")),
    ("field_type", lambda r: r.replace(b"120.000", b"12O.000")),
    ("field_width", lambda r: r.replace(b"120.000", b"120.0001")),
    ("field_width", lambda r: r.replace(b"GNX100", b"GNX100" * 4)),
    ("mandatory_field", lambda r: r.replace(  # the first item's serial left out
        f"\r\nF{GS}INVTZ4{GS}101{GS}20261102{GS}{GS}{GS}1{GS}1{GS}".encode(),
        f"\r\nF{GS}INVTZ4{GS}101{GS}20261102{GS}{GS}{GS}1{GS}{GS}".encode())),
    ("mandatory_segment", lambda r: r[:r.index(b"<TABLE>INVOICE")] + r[r.index(b"<TABLE>EXCH"):]),
    ("non_ascii", lambda r: r.replace(b"NEW YORK", "NEW Y\u00d6RK".encode())),
    ("non_ascii", lambda r: r.replace(b"NEW YORK", b"NEW\tYORK")),
    ("non_ascii", lambda r: r.replace(b"NEW YORK", b"NEW\rYORK")),
    ("lower_case", lambda r: r.replace(b"NEW YORK", b"New York")),
    ("truncated", lambda r: r[:r.index(b"<END-SB>") + 3]),
    ("truncated", lambda r: r.replace(b"<END-SB>\r\n", b"")),
    ("truncated", lambda r: b""),
    ("truncated", lambda r: b"\r\n\r\n"),
    ("misplaced_line", lambda r: r.replace(b"<TABLE>SB\r\n", b"")),
    ("misplaced_line", lambda r: r.replace(b"<END-SB>\r\n", b"<END-SB>\r\nF\r\n")),
    ("misplaced_line", lambda r: r + b"JUNK AFTER TREC\r\n"),
])
def test_edi_1_a_damaged_file_is_refused_with_its_code(kind, damage):
    """Each kind of damage gives its own code and names the segment and line."""
    err = refused(damage(SB_FILE))
    assert err.code == code(kind), (err, kind)
    assert str(err).startswith(err.code)


def test_edi_1_the_igm_blocks_must_open_and_close():
    assert [len(decode(IGM_FILE).records[s]) for s in ("VESINFO", "CARGO")] == [1, 2]
    for damage, kind in ((lambda r: r.replace(b"<END-cargo>\r\n", b""), "misplaced_line"),
                         (lambda r: r.replace(b"<manifest>\r\n", b""), "misplaced_line"),
                         (lambda r: r.replace(b"<END-manifest>\r\n", b""), "truncated"),
                         (lambda r: r.replace(b"<cargo>", b"<cargos>"), "unknown_segment"),
                         (lambda r: r.replace(b"<END-cargo>", b"<END-vesinfo>"),
                          "misplaced_line")):
        assert refused(damage(IGM_FILE)).code == code(kind)


def test_edi_1_a_file_too_large_is_refused_unread(monkeypatch):
    monkeypatch.setattr(codec, "MAX_BYTES", 100)
    assert refused(SB_FILE).code == code("too_large")


def test_edi_1_encode_refuses_what_decode_would_refuse():
    msg = decode(SB_FILE)
    cases = [
        (replace(msg.envelope, sender="vcb"), "envelope"),
        (replace(msg.envelope, at=datetime(2026, 11, 2, 10, 0, 30)), "envelope"),
        (replace(msg.envelope, control_no=""), "envelope"),
    ]
    for env, kind in cases:
        with pytest.raises(EdiError) as err:
            encode(Message(env, msg.version, msg.records))
        assert err.value.code == code(kind)
    for change, kind in (({"marks": "lower"}, "lower_case"),
                         ({"iec": "X" * 11}, "field_width"),
                         ({"gross_weight": Decimal("1.0001")}, "field_width"),
                         ({"colour": "RED"}, "field_count"),
                         ({"message_type": "<"}, "field_type"),
                         ({"custom_house": None}, "mandatory_field")):
        records = {**msg.records, "SB": [{**msg.records["SB"][0], **change}]}
        with pytest.raises(EdiError) as err:
            encode(Message(msg.envelope, msg.version, records))
        assert (err.value.code, err.value.segment) == (code(kind), "SB"), change
    for records, kind in (({**msg.records, "EXTRA": []}, "unknown_segment"),
                          ({k: v for k, v in msg.records.items() if k != "ITEM"},
                           "mandatory_segment")):
        with pytest.raises(EdiError) as err:
            encode(Message(msg.envelope, msg.version, records))
        assert err.value.code == code(kind)


# ---- fuzz: several thousand damaged files, only EdiError (EDI-1) ----


def _bases() -> list[bytes]:
    at = datetime(2026, 11, 2, 10, 0)
    replies = [m.ack("VCBPL0001", custom_house="INVTZ4", doc_no=1, doc_date=at.date(),
                     at=at, control_no=1),
               m.challan("VCBPL0001", custom_house="INVTZ4", be_no=1, be_date=at.date(),
                         challan_no=5, duty=Decimal("10"), at=at, control_no=2)]
    return [p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.suffix != ".md"] + [
        encode(r) for r in replies]


def _damage(rng: random.Random, raw: bytes) -> bytes:
    """One kind of damage a file can suffer on its way, picked at random."""
    lines = raw.split(b"\r\n")
    k = rng.randrange(len(lines))
    pos = rng.randrange(len(raw) + 1)
    kind = rng.randrange(16)
    if kind == 0:  # truncated anywhere
        return raw[:pos]
    if kind == 1:  # a line lost
        return b"\r\n".join(lines[:k] + lines[k + 1:])
    if kind == 2:  # a line twice
        return b"\r\n".join(lines[:k + 1] + lines[k:])
    if kind == 3:  # two lines swapped
        j = rng.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
        return b"\r\n".join(lines)
    if kind == 4:  # a field separator more
        cut = rng.randrange(len(lines[k]) + 1)
        lines[k] = lines[k][:cut] + b"\x1d" + lines[k][cut:]
        return b"\r\n".join(lines)
    if kind == 5:  # a field separator less
        lines[k] = lines[k].replace(b"\x1d", b"", 1)
        return b"\r\n".join(lines)
    if kind == 6:  # another control number in TREC
        return raw.replace(b"TREC\x1d", b"TREC\x1d9")
    if kind == 7:  # a byte beyond ASCII
        return raw[:pos] + bytes([rng.randrange(128, 256)]) + raw[pos:]
    if kind == 8:  # a control character
        return raw[:pos] + bytes([rng.choice([0, 7, 9, 11, 12, 13, 27, 28, 30, 127])]) + raw[pos:]
    if kind == 9:  # an unknown segment
        return raw.replace(b"<TABLE>", rng.choice([b"<TABLE>X", b"<TABLE>", b"<TABLEX>"]), 1)
    if kind == 10:  # a line in lower case
        lines[k] = lines[k].lower()
        return b"\r\n".join(lines)
    if kind == 11:  # a byte overwritten
        return raw[:pos] + bytes([rng.randrange(256)]) + raw[pos + 1:]
    if kind == 12:  # a field replaced by junk
        fields = lines[k].split(b"\x1d")
        fields[rng.randrange(len(fields))] = rng.choice(
            [b"", b"ABC", b"12.345.6", b"20261340", b"9" * 30, b"-5", b"1E5", b"0000",
             b"HREC", b"TREC", b"<END-SB>", b"F", b"A", b"S", b"D", b"INIXZ1", b"2400.5"])
        lines[k] = b"\x1d".join(fields)
        return b"\r\n".join(lines)
    if kind == 13:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
    if kind == 14:  # random bytes after a good HREC line
        return lines[0] + b"\r\n" + bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
    return raw.replace(b"\r\n", b"\r")  # the line ends of another system


def test_edi_1_fuzz_several_thousand_damaged_files_give_only_edi_errors():
    """20,000 damaged files (truncated, a field more or less, another TREC, bytes beyond
    ASCII, control characters, unknown segments, lower case, junk fields, random bytes,
    one to three damages each): decode, and read_filing after it, raise nothing but
    EdiError, with a published code, never the code of an unexpected failure."""
    rng = random.Random(16)
    bases = _bases()
    tried, refused_, read = 0, 0, 0
    for _ in range(20_000):
        raw = rng.choice(bases)
        for _ in range(rng.randint(1, 3)):
            raw = _damage(rng, raw)
        tried += 1
        try:
            msg = decode(raw)
            if msg.envelope.message in m.KIND_OF:
                m.read_filing(msg)
            read += 1
        except EdiError as err:
            refused_ += 1
            assert err.code in errors.ERRORS and err.code != code("internal"), err
    assert tried == 20_000 and refused_ > 15_000 and read > 500, (tried, refused_, read)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_edi_1_any_bytes_give_a_message_or_an_edi_error(data):
    for raw in (data, SB_FILE[:SB_FILE.index(b"\r\n") + 2] + data):
        try:
            m.read_filing(decode(raw))
        except EdiError as err:
            assert err.code != code("internal"), err

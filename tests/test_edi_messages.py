"""Declarations in and out of their messages (edi.md, issue 16; console/edi/messages.py):
EDI-7 round trips of generated SB and BE declarations (hypothesis), amendments (EDI-5),
IGM, EGM and replies to queries, the replies and notices Customs sends (EDI-1, EDI-6), the
samples of fixtures/examples/edi/, and the published table of error codes."""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.edi import codec, errors
from console.edi import messages as m
from console.edi.codec import EdiError, decode, encode, layout
from console.errors import InvalidInput, NotFound, NotPermitted, RuleViolation

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "examples" / "edi"
AT = datetime(2026, 11, 2, 10, 0)
DAY = AT.date()
HOME = "INVTZ4"


def _through(msg: codec.Message) -> m.Filing:
    """Written to bytes, read back, taken as a filing."""
    raw = encode(msg)
    assert decode(raw) == msg
    return m.read_filing(decode(raw))


def _sb(data: dict, **kw) -> codec.Message:
    kw = {"sender": "VCBPL0001", "receiver": HOME, "custom_house": HOME, "job_no": 101,
          "job_date": DAY, "control_no": 101, "at": AT, **kw}
    return m.sb_message(data, **kw)


def _be(data: dict, **kw) -> codec.Message:
    kw = {"sender": "VSFLLP0001", "receiver": HOME, "custom_house": HOME, "job_no": 102,
          "job_date": DAY, "control_no": 102, "at": AT, **kw}
    return m.be_message(data, **kw)


# ---- the samples (fixtures/examples/edi/) ----

SB_SAMPLE = {
    **json.loads((ROOT / "fixtures" / "examples" / "sb.json").read_text()),
    "broker_code": "AAECV1122HCH001", "gstin": "37AABCS5678K1ZR", "gstin_type": "GSN",
    "state_of_origin": "37"}
SB_SAMPLE["items"] = [{**SB_SAMPLE["items"][0], "state_of_origin": "37",
                       "district_of_origin": "520", "igst_status": "LUT"}]
BE_SAMPLE = {
    "be_type": "H", "iec": "AAFCV9876Q", "igm_no": 20002, "bl_no": "098-FREE-6",
    "currency": "USD", "invoice_value": "3600", "freight": "150", "insurance": "18",
    "terms_of_invoice": "FOB", "nature_of_transaction": "S", "first_check": False,
    "gstin": "37AAFCV9876Q1Z0", "gst_state_code": "37", "tax_type": "G",
    "items": [{"tariff_item": "73063090", "description": "Welded steel tubes of circular "
               "cross-section, non-alloy steel", "quantity": "1.8", "uqc": "TON",
               "value": "3600", "origin_country": "KR"}]}
IGM_SAMPLE = {"carrier_code": "AI", "voyage": "AI-212-EDI", "arrival_date": "2026-11-03",
              "lines": [
                  {"line_no": 1, "bl_no": "098-EDI-1", "importer_name": "Andhra Pharma Exports",
                   "packages": 8, "package_kind": "DRM", "gross_weight_kg": "420",
                   "description": "paint in drums"},
                  {"line_no": 2, "bl_no": "098-EDI-2", "importer_name": "Sagar Marine Foods Ltd",
                   "packages": 20, "package_kind": "BDL", "gross_weight_kg": "515.5",
                   "description": "nylon fishing nets"}]}
SB_NO, BE_NO = 1000021, 3000013  # what the SB and BE samples get, filed first on the demo


def sample_messages() -> dict[str, codec.Message]:
    """Every sample, as the writers make it (file name -> message)."""
    at = AT
    return {
        "1012026.sb": _sb(SB_SAMPLE),
        "1022026.be": _be(BE_SAMPLE),
        "1032026.igm": m.igm_message(IGM_SAMPLE, sender="AICARGO01", receiver=HOME,
                                     custom_house=HOME, control_no=103, at=at),
        "1042026.rpl": m.reply_message(
            {"query_no": 1, "text": "The mill test certificate is uploaded as image "
             "reference 2026110200042; the tubes are of grade IS 1239.", "doc_kind": "BE"},
            sender="VSFLLP0001", receiver=HOME, custom_house=HOME, doc_no=BE_NO, doc_date=DAY,
            control_no=104, at=at),
        "1052026.egm": m.egm_message(
            {"carrier_code": "AI", "voyage": "AI-211-EDI", "sailed_on": "2026-11-04",
             "sb_nos": [SB_NO]}, sender="AICARGO01", receiver=HOME, custom_house=HOME,
            job_no=105, job_date=DAY, control_no=105, at=at),
        "1062026.sbamd": _sb(
            {"changes": {"marks": "SMF/2026/01-10 FRAGILE", "invoices": {"1": {
                "freight": "40"}}}, "reason": "marks and freight as on the bill of lading",
             "kind": "amendment"}, job_no=106, control_no=106, sb_no=SB_NO, sb_date=DAY),
        "1072026.beamd": _be(
            {"changes": {"freight": "180"}, "reason": "freight as on the air waybill"},
            job_no=107, control_no=107, be_no=BE_NO, be_date=DAY),
    }


def test_samples_are_the_writers_output():
    """The files in fixtures/examples/edi/ are exactly what the writers make of the sample
    declarations (ICES_UPDATE_EDI_SAMPLES=1 writes them afresh, to be looked at)."""
    update = os.environ.get("ICES_UPDATE_EDI_SAMPLES") == "1"
    for name, msg in sample_messages().items():
        raw = encode(msg)
        if update:
            (SAMPLES / name).write_bytes(raw)
        assert (SAMPLES / name).read_bytes() == raw, name


def test_edi_1_samples_read_whole_and_write_back_byte_for_byte():
    """EDI-1/EDI-7: every sample decodes, is read as its filing, and encoding what was read
    gives the same bytes."""
    seen = set()
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".md",):
            continue
        raw = path.read_bytes()
        msg = decode(raw)
        assert encode(msg) == raw, path.name
        assert path.suffix == m.FILE_SUFFIX[msg.envelope.message]
        f = m.read_filing(msg)
        assert f.custom_house == HOME and f.envelope == msg.envelope
        seen.add((f.kind, f.type))
    assert seen == {("SB", "F"), ("BE", "F"), ("IGM", "F"), ("RPL", "F"), ("EGM", "F"),
                    ("SB", "A"), ("BE", "A")}


def test_edi_7_the_sample_sb_and_be_read_as_the_counter_takes_them():
    """The sample SB is sb.json with the keys the messages add; the sample BE files
    against the demo's free IGM line 098-FREE-6 of IGM 20002."""
    sb = m.read_filing(decode((SAMPLES / "1012026.sb").read_bytes()))
    assert (sb.kind, sb.type, sb.job_no, sb.job_date, sb.doc_no) == ("SB", "F", 101, DAY, None)
    assert sb.data == m.canonical("SB", SB_SAMPLE)
    assert sb.data["items"][0]["unit_price"] == Decimal("10")
    assert sb.data["invoices"][0]["invoice_value"] == Decimal("1000")
    assert sb.data["recipient_name"] == "ATLANTIC SEAFOOD IMPORTS LLC"
    be = m.read_filing(decode((SAMPLES / "1022026.be").read_bytes()))
    assert be.data["igm_no"] == 20002 and be.data["bl_no"] == "098-FREE-6"
    assert be.data["items"][0]["value"] == Decimal("3600")
    assert be.data == m.canonical("BE", BE_SAMPLE)
    rpl = m.read_filing(decode((SAMPLES / "1042026.rpl").read_bytes()))
    assert (rpl.kind, rpl.doc_no, rpl.doc_date, rpl.job_no) == ("RPL", BE_NO, DAY, 104)
    assert rpl.data["query_no"] == 1 and rpl.data["doc_kind"] == "BE"
    igm = m.read_filing(decode((SAMPLES / "1032026.igm").read_bytes()))
    assert [x["bl_no"] for x in igm.data["lines"]] == ["098-EDI-1", "098-EDI-2"]
    assert igm.data["arrival_date"] == "2026-11-03" and igm.job_no == 103


# ---- EDI-7: generated declarations through their messages ----

_PRINTABLE = st.characters(min_codepoint=32, max_codepoint=126)
_ANY_TEXT = st.one_of(st.characters(min_codepoint=32, max_codepoint=126),
                      st.sampled_from("éüÑ\n\t"))


def _text(width: int) -> st.SearchStrategy[str]:
    """Text whose canonical form (upper-case ASCII) fits ``width``; sometimes with lower
    case, accents or line breaks, which the writer folds."""
    return st.text(_ANY_TEXT, min_size=1, max_size=min(width, 60)).filter(
        lambda s: 0 < len(m.fold(s)) <= width)


def _value(k: m.Key, seg: codec.Segment | None) -> st.SearchStrategy:
    """A value of a key as the counter might hold it, within the room its fields give."""
    fields = [f for f in seg.fields if f.name in k.fields] if seg else []
    if k.kind == m.TEXT:
        return _text(sum(f.width for f in fields) if fields else 40)
    if k.kind in (m.FLAG, m.PROVISIONAL):
        return st.booleans()
    if k.kind == m.FCL:
        return st.sampled_from(["FCL", "LCL", "F", "l"])
    if k.kind == m.DATE:
        return st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(date.isoformat)
    f = fields[0] if fields else codec.Field(k.key, 7, "N", 4 if k.kind == m.DEC else 0)
    if k.kind == m.INT:
        digits = f.width if f.type == "C" else f.width - f.scale
        return st.integers(0, 10 ** min(digits, 9) - 1)
    scale = f.scale if f.type == "N" else 4
    top = Decimal(10) ** min(f.width - f.scale, 9) - 1
    numbers = st.decimals(0, top, places=scale)
    return st.one_of(numbers, numbers.map(str))  # the counter's JSON writes "12.50"


def _keys(table, seg: codec.Segment | None, required: tuple[str, ...] = ()) -> st.SearchStrategy:
    """A dict of some of the table's keys (and always the ``required`` ones)."""
    return st.fixed_dictionaries(
        {k.key: _value(k, seg) for k in table if k.key in required},
        optional={k.key: _value(k, seg) for k in table if k.key not in required})


SB_SEG = layout("CACHE01").segments
BE_SEG = layout("CACHI01").segments


@st.composite
def sb_declarations(draw) -> dict:
    data = draw(_keys(m.SB_HEAD, SB_SEG["SB"]))
    data.update(draw(_keys(m.SB_HEAD_REMARKS, None)))
    if draw(st.booleans()):
        data["nature_of_contract"] = draw(st.sampled_from(["FOB", "CIF", "CF", "CI"]))
    n = draw(st.integers(1, 3))
    data["invoices"] = [draw(_keys([*m.SB_INVOICE], SB_SEG["INVOICE"])
                             .flatmap(lambda inv: _keys(m.SB_INVOICE_REMARKS, None)
                                      .map(lambda r, inv=inv: {**inv, **r})))
                        for _ in range(n)]
    items = []
    for _ in range(draw(st.integers(1, 4))):
        item = draw(_keys(m.SB_ITEM, SB_SEG["ITEM"]))
        item["invoice_sl"] = draw(st.integers(1, n))
        for table, seg in ((m.SB_DBK, SB_SEG["DBK"]), (m.SB_LICENCE, SB_SEG["LICENCE"]),
                           (m.SB_ITEM_INFO, None), (m.SB_ITEM_REMARKS, None)):
            item.update(draw(_keys(table, seg)))
        items.append(item)
    data["items"] = items
    data["containers"] = draw(st.lists(_keys(m.SB_CONTAINER, SB_SEG["CONTAINER"],
                                             ("container_no",)), max_size=2))
    return data


@st.composite
def be_declarations(draw) -> dict:
    data = {**draw(_keys(m.BE_HEAD, BE_SEG["BE"])), **draw(_keys(m.BE_INVOICE,
                                                                 BE_SEG["INVOICE"])),
            **draw(_keys(m.BE_IGMS, BE_SEG["IGMS"])), **draw(_keys(m.BE_CTX, BE_SEG["CTX"])),
            **draw(_keys(m.BE_HEAD_REMARKS, None))}
    if draw(st.booleans()):  # a bank rate needs its currency
        data.update(draw(_keys(m.BE_EXCHANGE, BE_SEG["EXCHANGE"])))
        data["currency"] = draw(_text(3))
    if draw(st.booleans()):
        data["high_sea_sale"] = draw(_keys(m.BE_HSS, BE_SEG["HSS"], ("seller_iec",)).flatmap(
            lambda h: _keys(m.BE_HSS_CHARGES, BE_SEG["INVOICE"]).map(lambda c: {**h, **c})))
    if draw(st.booleans()):
        data["bond"] = draw(_keys(m.BE_BOND, BE_SEG["BOND"], ("number",)))
    ex_bond = draw(st.booleans())
    if ex_bond:
        data["be_type"] = "X"
    sls = draw(st.lists(st.integers(1, 9999), min_size=1, max_size=4, unique=True))
    items = []
    for sl in sls:
        item = {**draw(_keys(m.BE_ITEM, BE_SEG["ITEMS"])),
                **draw(_keys(m.BE_LICENCE, BE_SEG["LICENCE"])),
                **draw(_keys(m.BE_ITEM_INFO, BE_SEG["BE_ITEM_SW_INFO_TYPE"]))}
        if ex_bond:
            item["wh_sl"] = sl
        items.append(item)
    data["items"] = items
    data["containers"] = draw(st.lists(
        _keys(m.BE_CONTAINER, BE_SEG["CONTAINER"], ("container_no",)).flatmap(
            lambda c: st.fixed_dictionaries({}, optional={"size": _text(4)}).map(
                lambda s, c=c: {**c, **s})),
        max_size=2, unique_by=lambda c: m.fold(c["container_no"])))
    return data


FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@FAST
@given(sb_declarations())
def test_edi_7_an_sb_read_back_from_its_message_is_the_same_declaration(data):
    """EDI-7: any SB declaration -> CACHE01 -> bytes -> decode -> read_filing gives the same
    declaration (in canonical form: upper-case ASCII text, Decimal numbers, ISO dates)."""
    f = _through(_sb(data))
    assert (f.kind, f.type, f.job_no, f.job_date, f.custom_house) == ("SB", "F", 101, DAY, HOME)
    want = m.canonical("SB", data)
    assert f.data == want
    assert m.canonical("SB", f.data) == want  # canonical is a fixed point


@FAST
@given(be_declarations())
def test_edi_7_a_be_read_back_from_its_message_is_the_same_declaration(data):
    """EDI-7: any BE declaration (H, W, X) -> CACHI01 -> bytes -> decode -> read_filing
    gives the same declaration, in canonical form."""
    f = _through(_be(data))
    assert (f.kind, f.type, f.job_no) == ("BE", "F", 102)
    want = m.canonical("BE", data)
    assert f.data == want
    assert m.canonical("BE", f.data) == want


def test_edi_7_canonical_form_of_the_example_declarations():
    """Reading gives text upper-case ASCII, money and quantities Decimal, counts int, dates
    ISO strings, flags bool; keys left empty are absent."""
    sb = m.canonical("SB", {**SB_SAMPLE, "marks": "  Café\nà la carte ", "broker_code": "",
                            "packages": "10"})
    assert sb["marks"] == "CAFE A LA CARTE" and "broker_code" not in sb
    assert sb["packages"] == 10 and sb["gross_weight_kg"] == Decimal("120")
    assert sb["sdf_declared"] is True and sb["invoices"][0]["invoice_date"] == "2026-10-30"
    be = m.canonical("BE", {**BE_SAMPLE, "containers": [
        {"container_no": "MSKU1234565", "seal_no": "S1", "size": "40", "fcl_lcl": "F"}]})
    assert be["containers"] == [{"container_no": "MSKU1234565", "seal_no": "S1",
                                 "fcl_lcl": "FCL", "size": "40"}]
    assert _through(_be({**BE_SAMPLE, "containers": be["containers"]})).data == be


# ---- EDI-5: amendments ----


def test_edi_5_an_sb_amendment_travels_as_cache01_a():
    """An SB amendment ({changes, reason, kind} as amendments.request_amendment takes it)
    as CACHE01_A: records of type A keyed by the SB number and date, its AMEND record
    with the filer's job, read back as the same change."""
    change = {"changes": {
        "marks": "NEW MARKS", "nature_of_contract": "CIF", "sdf_declared": True,
        "invoices": {"1": {"freight": Decimal("50"), "insurance": Decimal("5"),
                           "invoice_value": Decimal("1100")}},
        "items": {"1": {"quantity": Decimal("90"), "dbk_serial": "030301B",
                        "depb_rate": Decimal("2.5"), "state_of_origin": "37"},
                  "2": {"invoice_sl": 1, "tariff_item": "03033300", "description": "SOLE",
                        "quantity": Decimal(1), "uqc": "KGS", "unit_price": Decimal(1),
                        "scheme_code": "19", "end_use": "GNX100"}}},
        "reason": "WRONG MARKS", "kind": "freight_insurance"}
    msg = _sb(change, job_no=120, job_date=date(2026, 11, 3), sb_no=SB_NO, sb_date=DAY)
    assert msg.envelope.message == "CACHE01_A"
    assert {r["message_type"] for rows in msg.records.values() for r in rows} == {"A"}
    assert msg.records["AMEND"][0]["amendment_code"] == "A_FRTINS"
    f = _through(msg)
    assert (f.kind, f.type, f.job_no, f.job_date, f.doc_no, f.doc_date) == (
        "SB", "A", 120, date(2026, 11, 3), SB_NO, DAY)
    assert f.data == change


def test_edi_5_a_be_amendment_travels_as_cachi01_a():
    """A BE amendment ({changes, reason} as be_amendments.request_amendment takes it) as
    CACHI01_A, its AMEND records coded A_INV and A_ITEM (v2.23)."""
    change = {"changes": {"freight": Decimal("50"), "high_sea_sale": {
        "seller_iec": "AAPCA1234F", "charge_rate": Decimal("2")},
        "items": {"1": {"value": Decimal("2500"), "quantity": Decimal("300"),
                        "origin_country": "KR", "licence_no": "0311122334",
                        "licence_sl": 1}}},
        "reason": "AIR FREIGHT LEFT OUT"}
    msg = _be(change, job_no=121, be_no=BE_NO, be_date=DAY)
    assert [r["amendment_code"] for r in msg.records["AMEND"]] == ["A_INV", "A_ITEM"]
    f = _through(msg)
    assert (f.type, f.job_no, f.doc_no) == ("A", 121, BE_NO)
    assert f.data == change


def _normal(tables, fields: dict) -> dict:
    kinds = {k.key: k.kind for table in tables for k in table}
    return {k: m.normal(kinds[k], v) for k, v in fields.items()}


SB_HEAD_CHANGE = [m.SB_HEAD, m.SB_HEAD_REMARKS]
SB_ITEM_CHANGE = [m.SB_ITEM, m.SB_DBK, m.SB_LICENCE, m.SB_ITEM_INFO, m.SB_ITEM_REMARKS]


@st.composite
def sb_changes(draw) -> dict:
    changes = draw(_keys(m.SB_HEAD, SB_SEG["SB"]))
    changes.update(draw(_keys(m.SB_HEAD_REMARKS, None)))
    invoices = draw(st.dictionaries(st.integers(1, 5).map(str), _keys(
        [*m.SB_INVOICE, *m.SB_INVOICE_REMARKS], SB_SEG["INVOICE"]).filter(bool), max_size=2))
    items = draw(st.dictionaries(st.integers(1, 99).map(str), st.one_of(*(
        _keys(t, SB_SEG.get(seg)) for t, seg in zip(
            SB_ITEM_CHANGE, ("ITEM", "DBK", "LICENCE", "", ""), strict=True))).filter(bool),
        max_size=3))
    if invoices:
        changes["invoices"] = invoices
    if items:
        changes["items"] = items
    return changes


@FAST
@given(sb_changes(), st.sampled_from(["amendment", "freight_insurance"]))
def test_edi_5_any_sb_amendment_reads_back_as_the_same_change(changes, kind):
    """EDI-5: an SB amendment's changes (head fields, invoices and items by serial) read back
    from CACHE01_A as sent, values in canonical form."""
    f = _through(_sb({"changes": changes, "reason": "r", "kind": kind}, sb_no=SB_NO,
                     sb_date=DAY))
    want = _normal(SB_HEAD_CHANGE, {k: v for k, v in changes.items()
                                    if k not in ("invoices", "items")})
    if "invoices" in changes:
        want["invoices"] = {sl: _normal([m.SB_INVOICE, m.SB_INVOICE_REMARKS], x)
                            for sl, x in changes["invoices"].items()}
    if "items" in changes:
        want["items"] = {sl: _normal(SB_ITEM_CHANGE, x) for sl, x in changes["items"].items()}
    assert f.data == {"changes": want, "reason": "R", "kind": kind}


@pytest.mark.parametrize("change", [
    {"changes": {"marks": ""}, "reason": "x"},
    {"changes": {"items": {"2": None}}, "reason": "x"},
    {"changes": {"colour": "red"}, "reason": "x"},
])
def test_edi_5_what_an_amendment_message_cannot_say_is_refused_on_writing(change):
    """Clearing a field, removing an item (deletion records are not accepted) or a key
    the message has no place for: the writer refuses (118), nothing is lost silently."""
    with pytest.raises(EdiError) as err:
        _sb(change, sb_no=SB_NO, sb_date=DAY)
    assert err.value.code == errors.code_of("not_expressible")


# ---- IGM, EGM, replies to queries ----


def test_igm_egm_and_query_replies_read_back_as_the_services_take_them():
    """SACHI01 -> manifests.file_igm's carrier, arrival, voyage and lines; CAEGM01 ->
    egm.file_egm's carrier, SBs, voyage, sailing date; CACHI06/CACHE06 -> the reply."""
    igm = _through(m.igm_message(IGM_SAMPLE, sender="AICARGO01", receiver=HOME,
                                 custom_house=HOME, control_no=777, at=AT))
    assert igm.data == m.canonical("IGM", IGM_SAMPLE)
    assert igm.data["lines"][1]["gross_weight_kg"] == Decimal("515.5")
    assert (igm.job_no, igm.job_date) == (777, DAY)  # the control number and HREC date
    egm = _through(m.egm_message({"carrier_code": "AI", "sb_nos": [1, 2], "voyage": "V1"},
                                 sender="AICARGO01", receiver=HOME, custom_house=HOME,
                                 job_no=5, job_date=DAY, control_no=5, at=AT))
    assert egm.data == {"carrier_code": "AI", "sb_nos": [1, 2], "voyage": "V1"}
    rpl = _through(m.reply_message({"query_no": 2, "text": "Done.\nSee annex", "doc_kind": "SB"},
                                   sender="VCBPL0001", receiver=HOME, custom_house=HOME,
                                   doc_no=SB_NO, doc_date=DAY, control_no=9, at=AT))
    assert rpl.envelope.message == "CACHE06"
    assert rpl.data == {"query_no": 2, "text": "DONE. SEE ANNEX", "doc_kind": "SB"}


# ---- refusals of read_filing (EDI-1) ----


def _edit(raw: bytes, old: str, new: str) -> bytes:
    text = raw.decode("ascii")
    assert old in text
    return text.replace(old, new, 1).encode("ascii")


GS = codec.GS


@pytest.mark.parametrize("kind, old, new", [
    ("message_type", f"{GS}\r\nF{GS}INVTZ4{GS}101", f"{GS}\r\nS{GS}INVTZ4{GS}101"),
    ("message_type", f"{GS}\r\nF{GS}INVTZ4{GS}101", f"{GS}\r\nA{GS}INVTZ4{GS}101"),
    ("inconsistent", f"<TABLE>INVOICE\r\nF{GS}INVTZ4", f"<TABLE>INVOICE\r\nF{GS}INIXZ1"),
    ("inconsistent", f"ZZ{GS}INVTZ4{GS}ICES", f"ZZ{GS}INIXZ1{GS}ICES"),
    ("inconsistent", f"<TABLE>INVOICE\r\nF{GS}INVTZ4{GS}101",
     f"<TABLE>INVOICE\r\nF{GS}INVTZ4{GS}109"),
])
def test_edi_1_a_filing_whose_records_disagree_is_refused(kind, old, new):
    """Records of type S or D, or of another type than the message id says; a record of
    another custom house, or one the HREC is not addressed to; job numbers that differ."""
    raw = _edit(encode(_sb(SB_SAMPLE)), old, new)
    with pytest.raises(EdiError) as err:
        m.read_filing(decode(raw))
    assert err.value.code == errors.code_of(kind)


def test_edi_1_a_reply_is_not_a_filing_and_a_fresh_filing_names_its_job():
    ack = m.ack("VCBPL0001", custom_house=HOME, doc_no=1, doc_date=DAY, at=AT, control_no=1)
    with pytest.raises(EdiError) as err:
        m.read_filing(decode(encode(ack)))
    assert err.value.code == errors.code_of("not_a_filing")
    msg = _sb(SB_SAMPLE)
    for rows in msg.records.values():
        for r in rows:
            if "job_no" in r:
                r["job_no"] = None
    with pytest.raises(EdiError) as err:
        m.read_filing(decode(encode(msg)))
    assert err.value.code == errors.code_of("mandatory_field")
    rpl = m.reply_message({"query_no": 1, "text": "X"}, sender="A", receiver=HOME,
                          custom_house=HOME, doc_no=1, doc_date=DAY, control_no="A1", at=AT)
    with pytest.raises(EdiError) as err:  # no job number in CACHI06: the control number is
        m.read_filing(decode(encode(rpl)))
    assert err.value.code == errors.code_of("field_type")


def test_edi_7_what_the_message_has_no_room_for_is_refused_on_writing():
    """A value longer than the public layout gives it (an SB item description over 3 x 40)
    or a key unknown to the message: the SB cannot be written exactly (107, 118)."""
    long = {**SB_SAMPLE, "items": [{**SB_SAMPLE["items"][0], "description": "X" * 121}]}
    with pytest.raises(EdiError) as err:
        _sb(long)
    assert (err.value.code, err.value.segment) == (errors.code_of("field_width"), "ITEM")
    assert _through(_sb({**long, "items": [{**long["items"][0], "description": "Y " * 60}]}))
    with pytest.raises(EdiError) as err:
        _sb({**SB_SAMPLE, "colour": "red"})
    assert err.value.code == errors.code_of("not_expressible")
    with pytest.raises(EdiError) as err:
        _be({**BE_SAMPLE, "currency": None, "bank_rate": "83.5"})
    assert err.value.code == errors.code_of("not_expressible")


def test_a_long_description_is_spread_over_its_fields_at_word_boundaries():
    text = "WELDED STEEL TUBES OF CIRCULAR CROSS-SECTION, NON-ALLOY STEEL, HOT DIPPED"
    item = _sb({**SB_SAMPLE, "items": [{**SB_SAMPLE["items"][0], "description": text}]}
               ).records["ITEM"][0]
    parts = [item["description1"], item["description2"], item["description3"]]
    assert parts[0] == "WELDED STEEL TUBES OF CIRCULAR "
    assert "".join(p for p in parts if p) == text


# ---- replies and notices (EDI-1, EDI-6) ----


def _filing() -> m.Filing:
    return m.read_filing(decode((SAMPLES / "1022026.be").read_bytes()))


def test_edi_3_the_ack_names_the_number_date_and_group():
    """CHCAI02 code 00 to the filer, from the custom house: the job answered, the BE number
    and date, the appraising group; the rest empty."""
    msg = m.ack(_filing(), doc_no=BE_NO, doc_date=DAY, group="g1", at=AT, control_no=11)
    env = msg.envelope
    assert (env.message, env.sender, env.receiver, env.control_no) == (
        "CHCAI02", HOME, "VSFLLP0001", "11")
    (r,) = decode(encode(msg)).records["ACK"]
    assert {k: v for k, v in r.items() if v is not None} == {
        "message_type": "F", "custom_house": HOME, "job_no": 102, "job_date": DAY,
        "doc_no": BE_NO, "doc_date": DAY, "be_type": "H", "error_code": "00",
        "appraising_group": "G1"}
    assert m.reply_suffix(msg) == ".ack" and not m.is_refusal(msg)


def test_edi_1_the_nak_names_the_codes_and_the_segment_that_failed():
    """CHCAI02 refusing: one record per segment, its codes joined by |, no number given;
    a file whose HREC could not be read is answered to UNKNOWN."""
    msg = m.nak(_filing(), errors=[("404", "IGMS"), ("407", "ITEMS"), ("409", "ITEMS"),
                                   ("407", "ITEMS")], at=AT, control_no=12)
    rows = decode(encode(msg)).records["ACK"]
    assert [(r["error_code"], r["segment"], r["job_no"], r["doc_no"]) for r in rows] == [
        ("404", "IGMS", 102, None), ("407|409", "ITEMS", 102, None)]
    assert m.reply_suffix(msg) == ".nak" and m.is_refusal(msg)
    blind = m.nak(None, errors=[("112", "")], at=AT, control_no=13)
    assert blind.envelope.receiver == "UNKNOWN"
    assert decode(encode(blind)).records["ACK"][0]["error_code"] == "112"


def test_edi_6_query_challan_and_notices_field_by_field():
    """CHCAI05 (.qry, CHCAE05 on an SB), CHCAI04 (.chl, the duty in its seventh field),
    and the notices of LEO, EGM and Out of Charge."""
    q = m.query(_filing(), doc_kind="BE", doc_no=BE_NO, doc_date=DAY, query_no=1,
                text="Produce the mill test certificate\nState the grade", at=AT, control_no=21)
    assert decode(encode(q)).records["QUERY"] == [{
        "message_type": "F", "custom_house": HOME, "doc_no": BE_NO, "doc_date": DAY,
        "query_no": 1, "query_date": DAY,
        "query_text": "PRODUCE THE MILL TEST CERTIFICATE; STATE THE GRADE"}]
    assert m.reply_suffix(q) == ".qry"
    assert m.query("VCBPL0001", custom_house=HOME, doc_kind="SB", doc_no=SB_NO, doc_date=DAY,
                   query_no=1, text=["a"], at=AT, control_no=22).envelope.message == "CHCAE05"
    c = m.challan(_filing(), be_no=BE_NO, be_date=DAY, challan_no=500005,
                  duty=Decimal("1234.50"), at=AT, control_no=23)
    assert decode(encode(c)).records["CHALLAN"] == [{
        "message_type": "F", "custom_house": HOME, "be_no": BE_NO, "be_date": DAY,
        "user_id": "VSFLLP0001", "challan_no": "500005", "duty": Decimal("1234.50")}]
    assert m.reply_suffix(c) == ".chl"
    for kind, message, suffix in (("LEO", "CHLEO01", ".leo"), ("EGM", "CHEGM01", ".egn"),
                                  ("OOC", "CHOOC01", ".ooc")):
        n = m.notice(kind, "VCBPL0001", custom_house=HOME, doc_no=SB_NO, doc_date=DAY,
                     at=datetime(2026, 11, 4, 15, 42, 31), control_no=24, ref="egm 10002")
        (r,) = decode(encode(n)).records["NOTICE"]
        assert n.envelope.message == message and m.reply_suffix(n) == suffix
        assert (r["doc_no"], r["event_date"], r["event_time"].isoformat(), r["reference"]) == (
            SB_NO, date(2026, 11, 4), "15:42:00", "EGM 10002")


def test_segment_for_names_the_segment_carrying_a_field():
    """A refusal of the counter names a field; the .nak names the segment carrying it."""
    assert m.segment_for("SB", "items[2].uqc") == "ITEM"
    assert m.segment_for("SB", "items[2].dbk_serial") == "DBK"
    assert m.segment_for("SB", "invoices[1].currency") == "INVOICE"
    assert m.segment_for("SB", "invoices.1.freight") == "INVOICE"
    assert m.segment_for("SB", "place_of_delivery") == "STATEMENT"
    assert m.segment_for("SB", "iec") == "SB" and m.segment_for("SB", "") == "SB"
    assert m.segment_for("BE", "bl_no") == "IGMS" and m.segment_for("BE", "gstin") == "CTX"
    assert m.segment_for("BE", "high_sea_sale.seller_iec") == "HSS"
    assert m.segment_for("BE", "items[1].licence_no") == "LICENCE"
    assert m.segment_for("IGM", "lines[3].bl_no") == "CARGO"


# ---- the published error codes ----


def test_the_error_codes_doc_is_generated_from_the_table():
    """docs/edi-errors.md is ``errors.markdown()``: regenerate it with
    ``python -m console.edi.errors > docs/edi-errors.md`` when this fails."""
    assert (ROOT / "docs" / "edi-errors.md").read_text() == errors.markdown()


def test_every_refusal_kind_has_one_code_naming_its_rule():
    kinds = [e.kind for e in errors.ERRORS.values()]
    assert len(kinds) == len(set(kinds)) and errors.ACCEPTED not in errors.ERRORS
    for e in errors.ERRORS.values():
        assert re.fullmatch(r"[1-6]\d\d", e.code) and e.meaning
        assert e.rule or e.kind in ("IcesError", "RuleViolation")
    assert errors.code_for(RuleViolation("EXP-REG-1", "x")) == "301"
    assert errors.code_for(InvalidInput("items[1].uqc", "x", "EXP-REG-7")) == "307"
    assert errors.code_for(InvalidInput("x", "y")) == "501"
    assert errors.code_for(RuleViolation("EXP-XYZ-9", "x")) == "502"
    assert errors.code_for(NotPermitted("x", "EDI-2")) == "203"
    assert errors.code_for(NotPermitted("x")) == "503"
    assert errors.code_for(NotFound("x")) == "504"
    assert errors.code_for(EdiError("112")) == "112"
    assert errors.code_for(ValueError()) == errors.code_of("internal")


FILING_PATH = [  # the services a filing through ICEGATE reaches
    "console/services/exports/filing.py", "console/services/exports/amendments.py",
    "console/services/exports/queries.py", "console/services/exports/egm.py",
    "console/services/imports/bills_of_entry.py", "console/services/imports/be_duty.py",
    "console/services/imports/be_amendments.py", "console/services/imports/manifests.py"]


def test_every_rule_a_filing_can_break_has_its_own_code():
    """A .nak carries no text: each rule the services of a filing raise has a code of its
    own, so the filer learns which rule refused."""
    rules = set()
    for path in FILING_PATH:
        rules |= set(re.findall(r'"((?:EXP|IMP)-[A-Z]+-\d+)"', (ROOT / path).read_text()))
    coded = {e.kind for e in errors.ERRORS.values()}
    assert rules and not sorted(rules - coded - {"EXP-FIL-2", "IMP-BE-2"})

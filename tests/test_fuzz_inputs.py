"""Bad input is refused, never a traceback and never a half-written document (issue 18
item 1; EXP-FIL-1, IMP-BE-1, CSB-1, EXP-REG-7).

Hypothesis takes a good Shipping Bill declaration, Bill of Entry, courier bulk file and
reference directory file, and damages them: a field replaced by a value of the wrong kind
(a boolean, a list, a nested object, NaN, ``1e30``, a 20-digit count, a NUL, 10,000
characters), a field dropped, a line of a CSV file cut, doubled, re-encoded in Latin-1 or
UTF-16, given a NUL or a stray field. Each outcome must be one of two:

* accepted, writing exactly what was reported (a draft; the bulk file's filed rows; the
  directory's loaded rows and one audit record), or
* refused with an ``IcesError`` (a refusal names the field or the line), changing nothing.

Any other exception fails the test. The run is derandomised, so CI tries the same inputs
every time; ``ICES_FUZZ_EXAMPLES=N`` tries N inputs per kind with fresh randomness (the
figures in the closing note of issue 18 come from such a run).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import IcesError
from console.services.admin.registries import import_directory
from console.services.courier import filing as courier
from console.services.exports import filing
from console.services.imports import bills_of_entry as bes

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"
REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
N = int(os.environ.get("ICES_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=N or 120, derandomize=not N, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

TABLES = (t.ShippingBill, t.SbItem, t.SbInvoice, t.BillOfEntry, t.BeItem,
          t.CourierShippingBill, t.Uqc, t.Port, t.TariffItem, t.RuleParameter,
          t.AuditRecord, t.NumberSeries)

BAD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**25, max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "1e30", "1e-400", "-1", "NaN", "Infinity", "0x10", "１２",
                     "12345678901234567890", "2026-02-30", "abc\x00def", "a\x1bb",
                     "x" * 10_000, "Café", "☃", "IN", "INVTZ4", "'; DROP TABLE sbitem;--"]),
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.none(),
                                                         max_size=2),
    st.recursive(st.none(), lambda inner: st.lists(inner, max_size=1), max_leaves=60),
)


def counts(core) -> dict[str, int]:
    with core.db.read() as s:
        return {tbl.__name__: s.exec(select(func.count()).select_from(tbl)).one()
                for tbl in TABLES}


def damage(data: dict, draw) -> dict:
    """The declaration with one field (top-level, or of its first invoice, item or line)
    replaced by a bad value or dropped."""
    data = json.loads(json.dumps(data))
    holders = [data] + [data[k][0] for k in ("invoices", "items") if data.get(k)]
    holder = draw(st.sampled_from(holders))
    key = draw(st.sampled_from(sorted(holder)))
    if draw(st.booleans()) and len(holder) > 1:
        del holder[key]
    else:
        holder[key] = draw(BAD_VALUES)
    return data


def _accepted_or_refused(core, act) -> tuple[object | None, dict, dict]:
    before = counts(core)
    try:
        result = act()
    except IcesError as err:
        assert str(err)  # a refusal says what is wrong
        after = counts(core)
        assert after == before, f"refused ({err}) yet written: {before} -> {after}"
        return None, before, after
    return result, before, counts(core)


@FUZZ
@given(st.data())
def test_exp_fil_1_a_damaged_sb_declaration_is_filed_or_refused_whole(demo_core, actors,
                                                                      data):
    sb = json.loads((EXAMPLES / "sb.json").read_text())
    bad = damage(sb, data.draw)
    draft, before, after = _accepted_or_refused(
        demo_core, lambda: filing.create_draft(demo_core, actors["opr1"], bad))
    if draft is not None:
        assert after["ShippingBill"] == before["ShippingBill"] + 1


@FUZZ
@given(st.data())
def test_imp_be_1_a_damaged_bill_of_entry_is_filed_or_refused_whole(demo_core, actors, data):
    be = json.loads((EXAMPLES / "be.json").read_text())
    bad = damage(be, data.draw)
    filed, before, after = _accepted_or_refused(
        demo_core, lambda: bes.file_be(demo_core, actors["opr1"], bad))
    if filed is not None:
        assert after["BillOfEntry"] == before["BillOfEntry"] + 1


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def damaged_file(draw, header: list[str], rows: list[list[str]]) -> bytes:
    """A CSV file of ``rows`` under ``header``, damaged at the text or the byte level."""
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 3))):
        r = draw(st.integers(0, len(rows) - 1))
        how = draw(st.sampled_from(["value", "drop", "extra", "double", "empty"]))
        if how == "value":
            c = draw(st.integers(0, len(header) - 1))
            if c >= len(rows[r]):
                continue
            rows[r][c] = draw(st.one_of(st.text(max_size=30), st.sampled_from(
                ["x" * 400, "1e30", "-5", "NaN", "a\x00b", "\x0c", "Café", "2026-13-01", ""])))
        elif how == "drop":
            rows[r] = rows[r][:draw(st.integers(0, len(header) - 1))]
        elif how == "extra":
            rows[r] = rows[r] + ["stray"]
        elif how == "double":
            rows.append(list(rows[r]))
        else:
            rows[r] = []
    text = _csv([header] + rows)
    how = draw(st.sampled_from(["utf-8", "bom", "latin-1", "utf-16", "cut", "nul", "bytes",
                                "no-header"]))
    if how == "bom":
        return codecs.BOM_UTF8 + text.encode()
    if how == "latin-1":
        return text.replace("ç", "é").encode("latin-1", errors="replace") + "é\n".encode(
            "latin-1")
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "cut":
        raw = text.encode()
        return raw[:draw(st.integers(0, len(raw)))]
    if how == "nul":
        raw = text.encode()
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + b"\x00" + raw[at:]
    if how == "bytes":
        return draw(st.binary(max_size=200))
    if how == "no-header":
        return _csv(rows).encode()
    return text.encode()


def _bulk_rows(core) -> tuple[list[str], list[list[str]]]:
    with core.db.read() as s:
        item = s.exec(select(t.TariffItem.item).where(t.TariffItem.item.startswith("62"))
                      ).first()
    header = ["courier", "hawb", "form", "consignee_name", "consignee_address",
              "consignee_country", "value", "currency", "description", "gross_weight_kg",
              "packages", "consignor_iec", "tariff_item"]
    rows = [["BDEX", f"FZ{n:04d}", "IV", "Ravi Menon", "Edison NJ", "US", "9000", "INR",
             "cotton shirts", "0.8", "1", "AAPCA1234F", item] for n in range(3)]
    return header, rows


@FUZZ
@given(st.data())
def test_csb_1_a_damaged_courier_bulk_file_files_what_it_reports_and_nothing_else(
        demo_core, actors, tmp_path_factory, data):
    header, rows = _bulk_rows(demo_core)
    for r in rows:  # fresh HAWBs each time: a row filed earlier would not file again
        r[1] = f"FZ{data.draw(st.integers(0, 10**8))}"
    path = tmp_path_factory.mktemp("bulk") / "bulk.csv"
    path.write_bytes(data.draw(damaged_file(header, rows)))
    report, before, after = _accepted_or_refused(
        demo_core, lambda: courier.file_bulk(demo_core, actors["opr1"], path))
    if report is not None:
        assert after["CourierShippingBill"] == before["CourierShippingBill"] + len(
            report.filed)


DIRECTORIES = ("uqc", "ports", "tariff", "parameters", "sws_exemptions")


@FUZZ
@given(st.data())
def test_exp_reg_7_a_damaged_directory_file_loads_good_rows_or_nothing(demo_core, actors,
                                                                       tmp_path_factory,
                                                                       data):
    kind = data.draw(st.sampled_from(DIRECTORIES))
    from console.directories import KINDS

    lines = list(csv.reader((REFERENCE / KINDS[kind].file).read_text(encoding="utf-8")
                            .splitlines()))
    header, body = lines[0], lines[1:]
    start = data.draw(st.integers(0, max(len(body) - 3, 0)))
    path = tmp_path_factory.mktemp("dir") / f"{kind}.csv"
    path.write_bytes(data.draw(damaged_file(header, body[start:start + 3])))
    report, before, after = _accepted_or_refused(
        demo_core, lambda: import_directory(demo_core, actors["clk1"], kind, path))
    if report is not None:
        assert after["AuditRecord"] == before["AuditRecord"] + 1  # the import, once
        for line, why in report.errors:
            assert isinstance(line, int) and why


@pytest.mark.parametrize("content, says", [
    (b"code,description\nZZQ,Caf\xe9\n", "line 2 is not UTF-8 (byte 0xE9)"),
    (b"code,description\nZZ\x00Q,x\n", "line 2 holds a NUL byte"),
    (b"code,description\nZZQ,\"" + b"x" * 200_000 + b"\"\n", "longer than"),
])
def test_exp_reg_7_a_directory_file_that_cannot_be_read_is_refused_and_changes_nothing(
        demo_core, actors, tmp_path, content, says):
    """A Latin-1 file, a NUL, a field beyond any column: refused naming the line; the
    directory and the audit trail are as they were."""
    path = tmp_path / "uqc.csv"
    path.write_bytes(content)
    before = counts(demo_core)
    with pytest.raises(IcesError, match=says.replace("(", r"\(").replace(")", r"\)")):
        import_directory(demo_core, actors["clk1"], "uqc", path)
    assert counts(demo_core) == before
    with pytest.raises(IcesError, match="no such file"):
        import_directory(demo_core, actors["clk1"], "uqc", tmp_path / "missing.csv")
    with pytest.raises(IcesError, match="a folder"):
        import_directory(demo_core, actors["clk1"], "uqc", tmp_path)


def test_exp_reg_7_a_directory_file_in_utf16_or_with_bad_rows_loads_its_good_rows(
        demo_core, actors, tmp_path):
    """A spreadsheet's "Unicode text" (UTF-16 with its mark) is read; a row with a stray
    field, a control character or a value longer than its column is refused naming it,
    and the good rows load."""
    path = tmp_path / "uqc.csv"
    text = ("code,description\nZZA,Cafés\nZZB,x,stray\nZZC,a\x0cb\nZZD," + "y" * 200 + "\n")
    path.write_bytes(text.encode("utf-16"))
    report = import_directory(demo_core, actors["clk1"], "uqc", path)
    assert report.loaded == 1
    errors = dict(report.errors)
    assert "more than the header" in errors[3]
    assert "control characters" in errors[4]
    assert "description: at most 60 characters" in errors[5]
    with demo_core.db.read() as s:
        assert s.get(t.Uqc, "ZZA").description == "Cafés"
        assert s.get(t.Uqc, "ZZD") is None


def test_csb_1_a_latin1_bulk_file_files_nothing(demo_core, actors, tmp_path):
    """A courier bulk file saved in Latin-1 whose bad byte comes after good rows: before,
    the rows read before it were filed and the rest crashed; now nothing is filed and the
    refusal names the line."""
    header, rows = _bulk_rows(demo_core)
    rows[2][3] = "Ren\xe9"
    path = tmp_path / "bulk.csv"
    path.write_bytes(_csv([header] + rows).encode("latin-1"))
    before = counts(demo_core)
    with pytest.raises(IcesError, match="line 4 is not UTF-8"):
        courier.file_bulk(demo_core, actors["opr1"], path, chunk=1)
    assert counts(demo_core) == before


def test_exp_reg_1_an_import_that_changes_rows_is_one_act_on_the_trail(demo_core, actors,
                                                                       tmp_path):
    """Found by the fuzz run: each row of an import is written in a savepoint, and the
    audit trail sealed every savepoint as a transaction of its own, so DGFT's IEC feed
    (EXP-REG-1) added a "rows written outside a recorded act" record per changed IEC before
    the import's own record. An import is one act: one record, covering every row it wrote
    (a row refused is reported by line); the chain verifies."""
    from console import audit

    path = tmp_path / "iec.csv"
    path.write_text("iec,name,address,status\nAAPCA1234F,Andhra Pharma Ltd,Vizag,active\n"
                    "AABCN1234F,New Exports,Delhi,active\nABCDE12,Short,Delhi,active\n",
                    encoding="utf-8")
    before = counts(demo_core)
    report = import_directory(demo_core, actors["clk1"], "iec", path)
    assert (report.loaded, [line for line, _ in report.errors]) == (2, [4])
    assert counts(demo_core)["AuditRecord"] == before["AuditRecord"] + 1
    with demo_core.db.read() as s:
        last = s.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq.desc())).first()
        assert (last.doc_kind, last.action, last.officer) == ("DIRECTORY", "import", "clk1")
        assert "iec:AAPCA1234F" in (last.rows or "") and "iec:AABCN1234F" in last.rows
        assert audit.verify(s).ok


def test_csb_1_a_value_of_1e30_is_refused_by_its_line(demo_core, actors, tmp_path):
    """Found by the fuzz run: a bulk row declaring a value of ``1E30`` ended in a
    traceback while converting it to paise, after the rows before it were built. Now the
    row is refused naming the field, and the good rows file."""
    header, rows = _bulk_rows(demo_core)
    rows[1][6] = "1E30"
    path = tmp_path / "bulk.csv"
    path.write_text(_csv([header] + rows), encoding="utf-8")
    report = courier.file_bulk(demo_core, actors["opr1"], path)
    assert [line for line, *_ in report.filed] == [2, 4]
    ((line, why),) = report.errors
    assert line == 3 and "value" in why and "too large" in why

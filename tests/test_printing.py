"""Printed checklist and Shipping Bill copies (documents.md; EXP-PRT-1/2/4/5/6/7)."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlmodel import select
from typer.testing import CliRunner

import db.tables as t
import printing
from console.errors import RuleViolation
from console.services import prints
from console.services.exports import leo
from console.services.exports.sb_common import get_sb
from tests.conftest import T0
from tests.pdf_support import pages
from tests.sb_support import (
    IEC_COCONUT,
    IEC_MARINE,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)

FREE = ("Customs copy", "Exporter's copy", "EP copy", "Exchange Control copy")


def _to_leo(core, a, data):
    sb = registered(core, a, assessed(core, a, file(core, a, data)))
    if sb.state == "under_examination":
        sb = examined(core, a, sb)
    return leo.give_let_export_order(core, a["apr1"], sb.sb_no)


def _free(core, a, items: int = 1):
    return _to_leo(core, a, declaration(core, IEC_MARINE, "09", avoid="03", items=items))


def _depb(core, a):
    with core.db.read() as s:
        code = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == "depb")).first()
    data = declaration(core, IEC_COCONUT, "08", quantity="100")
    data["items"][0].update(scheme_code=code, depb_group="90", depb_item="12", depb_rate="5")
    return _to_leo(core, a, data)


def _log(core, ref: str) -> list[t.PrintLog]:
    with core.db.read() as s:
        return list(s.exec(select(t.PrintLog).where(t.PrintLog.doc_ref == ref)
                           .order_by(t.PrintLog.id)))


def test_exp_prt_1_free_sb_four_named_copies_logged(demo_core, actors):
    """EXP-PRT-1: 4 copies for a free SB, each named and starting a new page; each logged."""
    sb = _free(demo_core, actors)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert (job.kind, job.ref, job.copies) == ("sb", str(sb.sb_no), FREE)
    text = pages(printing.render("sb", job))
    # each copy starts a page of its own, named in its header
    firsts = [page for page in text if "page 1 of" in page]
    assert [next(n for n in FREE if n.upper() in page) for page in firsts] == list(FREE)
    assert all("Exporter" in page for page in text)
    assert not any("NOT VALID FOR DEPB" in page for page in text)
    rows = _log(demo_core, str(sb.sb_no))
    assert [(r.doc_kind, r.copy_name, r.printed_by) for r in rows] == [
        ("SB", name, "apr1") for name in FREE]
    assert all(r.printed_at == demo_core.now() for r in rows)


def test_exp_prt_1_no_sb_copies_before_leo(demo_core, actors):
    """EXP-PRT-1: SB copies are printed only on Let Export; a refusal logs nothing."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    with pytest.raises(RuleViolation) as err:
        prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert err.value.rule == "EXP-PRT-1"
    assert _log(demo_core, str(sb.sb_no)) == []


def test_exp_prt_4_second_print_refused(demo_core, actors):
    """EXP-PRT-4: a reprint needs AC/DC permission; refused, nothing more logged."""
    sb = _free(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        prints.print_document(demo_core, actors["apr2"], "sb", sb.sb_no)
    assert err.value.rule == "EXP-PRT-4"
    assert snapshot(demo_core) == before and len(_log(demo_core, str(sb.sb_no))) == 4


def test_exp_prt_1_exp_prt_5_depb_five_copies_with_credit_value(demo_core, actors):
    """EXP-PRT-1: 5 copies for DEPB; EXP-PRT-5: FOB and DEPB value for credit per item."""
    sb = _depb(demo_core, actors)
    assert sb.is_depb and not sb.provisional
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == (*FREE, "DEPB copy")
    text = "\n".join(pages(printing.render("sb", job)))
    assert "DEPB COPY" in text
    item = sb.items[0]
    credit = printing.base.amount(item.depb_value_for_credit)
    assert text.count(credit) >= 5 and printing.base.amount(item.fob_inr) in text


def test_exp_prt_2_provisional_depb_three_copies_not_valid(demo_core, actors):
    """EXP-PRT-2: provisional DEPB: 3 copies, no EP copy, NOT VALID FOR DEPB on every copy."""
    sb = _depb(demo_core, actors)
    with demo_core.db.write() as s:  # assessed provisionally (EXP-DEPB-4)
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        row.provisional = True
        s.add(row)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == ("Customs copy", "Exporter's copy", "Exchange Control copy")
    assert job.not_valid_for_depb
    text = pages(printing.render("sb", job))
    assert len(text) >= 3 and not any("EP COPY" in page for page in text)
    assert all("NOT VALID FOR DEPB" in page for page in text)


def test_exp_prt_6_exp_prt_7_brc_due_date_and_rosl(demo_core, actors):
    """EXP-PRT-6: BRC due date printed; EXP-PRT-7: ROSL at SB and item level."""
    sb = _free(demo_core, actors)
    with demo_core.db.write() as s:
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        item = s.exec(select(t.SbItem).where(t.SbItem.sb_id == row.id)).one()
        row.rosl_paise, item.rosl_paise = 1234567, 1234567
        s.add(row)
        s.add(item)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    text = "\n".join(pages(printing.render("sb", job)))
    assert sb.brc_due_date is not None
    assert "BRC due date" in text and f"{sb.brc_due_date:%d.%m.%Y}" in text
    # the item line, the item total and the SB-level declaration, on each of 4 copies
    assert text.count("12,345.67") >= 4 * 3
    assert "Let Export Order" in text and "Examination report" in text


def test_checklist_before_submission_and_refused_after_leo(demo_core, actors):
    """documents.md checklist (EXP-PRT-7 ROSL declaration); none after LEO (EXP-FIL-3)."""
    draft = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"),
                 submit=False)
    job = prints.print_document(demo_core, actors["opr1"], "checklist", f"J{draft.job_no}")
    assert job.copies == ("Checklist",) and job.ref == f"J{draft.job_no}"
    text = pages(printing.render("checklist", job))
    assert len(text) == 1 and "page 1 of 1" in text[0]
    assert "Correction round" in text[0] and "ROSL" in text[0]
    sb = _free(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        prints.print_document(demo_core, actors["opr1"], "checklist", sb.sb_no)
    assert err.value.rule == "EXP-FIL-3" and "print the SB copies" in str(err.value)
    assert get_sb(demo_core, sb.sb_no).state == "let_export"


def test_cli_print_writes_the_pdf(templates, tmp_path, monkeypatch, actors, demo_core):
    """``ices print sb N``: file and copies out (EXP-PRT-1)."""
    sb = _free(demo_core, actors)
    url = str(demo_core.db.engine.url)
    demo_core.db.dispose()
    shutil.copy(url.removeprefix("sqlite:///"), tmp_path / "cli.db")
    for k, v in {"ICES_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
                 "ICES_PASSWORD": "ices-demo",
                 "ICES_CLOCK": T0.isoformat(timespec="minutes")}.items():
        monkeypatch.setenv(k, v)
    from console.cli import app

    out = tmp_path / "sb.pdf"
    result = CliRunner().invoke(app, ["print", "sb", str(sb.sb_no), "--user", "apr1",
                                      "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"file": str(out), "kind": "sb",
                                         "number": str(sb.sb_no), "copies": list(FREE),
                                         "reprint": False}
    assert out.read_bytes().startswith(b"%PDF")


def _examined_leo(core, a, items: int):
    from console.services.exports import assessment
    from tests.sb_support import examined

    sb = file(core, a, declaration(core, IEC_MARINE, "03", items=items))
    if sb.state == "awaiting_assessment":
        sb = assessment.assess(core, a["apr1"], sb.sb_no, instructions="open two")
    sb = registered(core, a, assessed(core, a, sb))
    if sb.state == "under_examination":
        sb = examined(core, a, sb)
    return leo.give_let_export_order(core, a["apr2"], sb.sb_no)


def test_exp_prt_1_one_page_a_copy_where_it_fits_never_a_lone_signature(demo_core, actors):
    """EXP-PRT-1 (documents.md): an examined SB of 5 items prints its 4 copies on 4 pages
    (before, each copy spilled its signature block onto a page of its own: 8 pages); one too
    long for a page (12 items) carries its Let Export and every signature over together."""
    sb = _examined_leo(demo_core, actors, 5)
    text = pages(printing.render(prints.print_document(demo_core, actors["apr1"], "sb",
                                                       sb.sb_no)))
    assert len(text) == 4
    assert all("Let Export Order" in t and "Appraiser / Supdt." in t for t in text)
    long = _examined_leo(demo_core, actors, 12)
    text = pages(printing.render(prints.print_document(demo_core, actors["apr1"], "sb",
                                                       long.sb_no)))
    assert len(text) == 8
    for second in text[1::2]:
        assert "Let Export Order" in second and "Examining officer" in second

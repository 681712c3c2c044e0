"""Printed Bill of Entry documents (documents.md): the BE checklist (IMP-BE-2), the Bill of
Entry copies (IMP-DUT-3; assessed copy on assessment, IMP-APR-1; the importer's and
exchange-control copies after Out of Charge, IMP-OOC-1) and the duty challan (IMP-PAY-1).

Figures: the worked example of tests/test_imports.py (paint, USD 1,000 at 88.90: AV
Rs 88,900.00, BCD 8,890.00, SWS 889.00, IGST taxable value 98,679.00, IGST 17,762.22, duty
27,541.22).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
import printing
from console.demo.imports import VOYAGE
from console.errors import NotPermitted, RuleViolation
from console.services import prints
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from printing.base import rs
from tests.pdf_support import pages
from tests.sb_support import IEC_MARINE
from tests.test_imports import _data, _igm, _submitted

FIGURES = ("88,900.00", "8,890.00", "889.00", "98,679.00", "17,762.22", "27,541.22")


def _log(core, kind: str, ref) -> list[tuple[str, str]]:
    with core.db.read() as s:
        return [(r.copy_name, r.printed_by) for r in s.exec(
            select(t.PrintLog).where(t.PrintLog.doc_kind == kind, t.PrintLog.doc_ref == str(ref))
            .order_by(t.PrintLog.id))]


def _out_of_charge(core, a, be_no: int) -> None:
    clr.assess(core, a["apr1"], be_no)
    clr.pay_duty(core, a["opr1"], be_no, "online")
    clr.register_goods(core, a["exm1"], be_no)
    clr.examine(core, a["exm1"], be_no, "paint in drums as declared")
    clr.give_out_of_charge(core, a["apr2"], be_no)


def test_imp_be_2_checklist_round_then_endorsed_with_the_be_number(demo_core, actors):
    """IMP-BE-2: a draft prints as checklist round 1 (every keyed field, IGM/line/BL, the
    items, no duty yet); after submission the checklist carries the BE number and the duty
    as self-assessed. Only the service centre prints it; each print is logged."""
    igm = _igm(demo_core, actors)
    draft = bes.file_be(demo_core, actors["opr1"], _data(igm, freight="50", insurance="10",
                                                        invoice_value="1000",
                                                        terms_of_invoice="FOB"))
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["apr1"], "be_checklist", draft.job_no)
    job = prints.print_document(demo_core, actors["opr1"], "be_checklist",
                                   f"J{draft.job_no}")
    assert (job.ref, job.copies, job.number) == (f"J{draft.job_no}", ("Checklist",),
                                                 f"Job {draft.job_no}")
    (text,) = pages(printing.render(job))
    assert "BILL OF ENTRY CHECKLIST" in text and "CHECKLIST - NOT A BILL OF ENTRY" in text
    assert "page 1 of 1" in text and "Correction round" in text
    for keyed in (f"{igm.igm_no}", "AWB-1", "32089090", "Paint, non-aqueous", "500 KGS",
                  "1,000 USD", "freight USD 50.00 (declared)", "insurance USD 10.00",
                  "CIF USD 1,060.00 (IMP-DUT-7)", "H (home consumption)",
                  "allotted on submission"):
        assert keyed in " ".join(text.split()), keyed
    assert "27,541.22" not in text
    with demo_core.db.read() as s:
        row = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.job_no == draft.job_no)).one()
        assert (row.state, row.checklist_round) == ("checklist_printed", 1)
    assert _log(demo_core, "BE_CHECKLIST", f"J{draft.job_no}") == [("round 1", "opr1")]

    be = bes.submit_be(demo_core, actors["opr1"], draft.job_no)
    job = prints.print_document(demo_core, actors["opr1"], "be_checklist", draft.job_no)
    assert (job.ref, job.number) == (str(be.be_no), str(be.be_no))
    (text,) = pages(printing.render(job))
    assert f"BE No. {be.be_no}" in text and "NOT A BILL OF ENTRY" not in text
    assert "endorsed with the BE number" in text and "Duty as self-assessed" in text
    assert "94,234.00" in text  # assessable value: CIF USD 1,060 x 88.90
    assert _log(demo_core, "BE_CHECKLIST", be.be_no) == [
        ("round 1 endorsed with the BE number", "opr1")]


def test_imp_dut_3_imp_apr_1_assessed_copy_with_duty_by_item_and_head(demo_core, actors):
    """IMP-APR-1: one assessed copy once assessed; IMP-DUT-3: port code, BE number and date,
    duty by item and head, the IGST taxable value and the IGST. Logged as printed."""
    be = _submitted(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        prints.print_document(demo_core, actors["apr1"], "be", be.be_no)
    assert err.value.rule == "IMP-APR-1"
    clr.assess(demo_core, actors["apr1"], be.be_no)
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["opr1"], "be", be.be_no)
    job = prints.print_document(demo_core, actors["apr1"], "be", be.be_no)
    assert job.copies == ("Assessed copy",)
    (text,) = pages(printing.render(job))
    assert "ASSESSED COPY" in text and "BILL OF ENTRY FOR HOME CONSUMPTION" in text
    assert f"BE No. {be.be_no}" in text and "Date: 02.11.2026" in text and "INVTZ4" in text
    assert "IGST taxable value" in text and "page 1 of 1" in text
    for figure in FIGURES:
        assert figure in text, figure
    for head in ("BCD (Rs.)", "SWS (Rs.)", "IGST (Rs.)"):
        assert head in text
    assert _log(demo_core, "BE", be.be_no) == [("Assessed copy", "apr1")]


def test_imp_dut_3_importers_copy_refused_before_out_of_charge(demo_core, actors):
    """IMP-DUT-3: the importer's and exchange-control copies are the final BE, printed only
    after Out of Charge; a refusal logs nothing."""
    be = _submitted(demo_core, actors)
    clr.assess(demo_core, actors["apr1"], be.be_no)
    for copy in ("Importer's copy", "Exchange control copy"):
        with pytest.raises(RuleViolation) as err:
            prints.print_document(demo_core, actors["apr1"], "be", be.be_no, copy=copy)
        assert err.value.rule == "IMP-DUT-3" and "after Out of Charge" in err.value.message
    assert _log(demo_core, "BE", be.be_no) == []


def test_imp_dut_3_imp_ooc_1_final_be_two_named_copies_numbered_per_copy(demo_core, actors):
    """IMP-DUT-3 / IMP-OOC-1: after Out of Charge one PDF holds the importer's and the
    exchange-control copies, each starting at "page 1 of n" and named on every page; a BE
    of 45 items runs over two pages per copy; the Out of Charge officer is printed."""
    igm = _igm(demo_core, actors)
    items = [{"tariff_item": "32089090", "description": f"Paint shade {n}, non-aqueous",
              "quantity": "10", "uqc": "KGS", "value": "100"} for n in range(1, 46)]
    be = _submitted(demo_core, actors, igm, invoice_value="4500", items=items)
    _out_of_charge(demo_core, actors, be.be_no)
    job = prints.print_document(demo_core, actors["apr1"], "be", be.be_no)
    assert job.copies == ("Importer's copy", "Exchange control copy")
    text = pages(printing.render(job))
    assert len(text) == 4
    assert ["page 1 of 2" in p for p in text] == [True, False, True, False]
    assert ["page 2 of 2" in p for p in text] == [False, True, False, True]
    assert all("IMPORTER'S COPY" in p for p in text[:2])
    assert all("EXCHANGE CONTROL COPY" in p for p in text[2:])
    assert "Paint shade 45" in text[1] and "Total (45 items)" in text[1]
    assert "M. Reddy (Shed Appraiser) (apr2)" in text[1] and "section 47" in text[1]
    assert _log(demo_core, "BE", be.be_no) == [("Importer's copy", "apr1"),
                                               ("Exchange control copy", "apr1")]


def test_imp_dut_5_imp_dut_6_add_column_claims_and_high_sea_sale_on_the_copy(demo_core,
                                                                            actors):
    """IMP-DUT-6: the high-sea sale (seller's IEC, charges) is printed on the assessed copy;
    IMP-DUT-5: anti-dumping duty gets a column of its own and a line in the duty, with the
    notification and serials claimed; a BE without ADD has no ADD column."""
    be = _submitted(demo_core, actors, high_sea_sale={"seller_iec": IEC_MARINE,
                                                      "charge_rate": "2"}, items=[
        {"tariff_item": "29362700", "description": "Vitamin C powder", "quantity": "100",
         "uqc": "KGS", "value": "1000", "origin_country": "CN",
         "add_notification": "D2/2026-Cus(ADD)", "add_item_sl": 1, "add_producer_sl": 1}])
    assert be.add > 0 and be.hss_charges > 0
    clr.assess(demo_core, actors["apr1"], be.be_no)
    (text,) = pages(printing.render(prints.print_document(demo_core, actors["apr1"], "be",
                                                             be.be_no)))
    assert "High-sea sale (IMP-DUT-6)" in text and f"IEC {IEC_MARINE}" in text
    assert "2% of CIF" in text and rs(be.hss_charges) in text
    assert "ADD (Rs.)" in text and f"{rs(be.add)} (IMP-DUT-5)" in text
    assert "D2/2026-Cus(ADD) item 1 producer 1" in text and "CN" in text
    assert rs(be.igst_taxable) in text and rs(be.duty) in text
    plain = _submitted(demo_core, actors)
    clr.assess(demo_core, actors["apr1"], plain.be_no)
    (text,) = pages(printing.render(prints.print_document(demo_core, actors["apr1"], "be",
                                                             plain.be_no)))
    assert "ADD (Rs.)" not in text and "High-sea sale" not in text


def test_imp_pay_1_duty_challan_heads_amount_and_online_note(demo_core, actors):
    """IMP-PAY-1: the challan gives the duty heads and the amount; above the threshold in
    force on the BE date (IMP-PAY-1.online_above, Rs 10,000) it says the duty must be paid
    online; below it, not. No challan before assessment."""
    be = _submitted(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        prints.print_document(demo_core, actors["opr1"], "duty_challan", be.be_no)
    assert err.value.rule == "IMP-PAY-1"
    clr.assess(demo_core, actors["apr1"], be.be_no)
    job = prints.print_document(demo_core, actors["opr1"], "duty_challan", be.be_no)
    (text,) = pages(printing.render(job))
    assert "DUTY CHALLAN" in text and "page 1 of 1" in text and "UNPAID" in text
    for figure in ("8,890.00", "889.00", "17,762.22", "Amount payable: Rs. 27,541.22"):
        assert figure in text, figure
    assert "Twenty Seven Thousand Five Hundred Forty One and Paise Twenty Two" in text
    assert "Above Rs. 10,000.00 the duty must be paid online" in text
    assert _log(demo_core, "DUTY_CHALLAN", be.be_no) == [("challan", "opr1")]

    small = _submitted(demo_core, actors, invoice_value="100", items=[
        {"tariff_item": "32089090", "description": "Paint", "quantity": "50", "uqc": "KGS",
         "value": "100"}])
    clr.assess(demo_core, actors["apr1"], small.be_no)
    assert small.duty == Decimal("2754.12")
    (text,) = pages(printing.render(prints.print_document(
        demo_core, actors["apr1"], "duty_challan", small.be_no)))
    assert "must be paid online" not in text and "may be paid online or in cash" in text

    with demo_core.db.write() as s:  # a new figure in force from the BE date
        s.add(t.RuleParameter(key="IMP-PAY-1.online_above", location_code="INVTZ4",
                              value=Decimal(50000), effective_from=date(2026, 11, 1),
                              source="test"))
    (text,) = pages(printing.render(prints.print_document(
        demo_core, actors["opr1"], "duty_challan", be.be_no)))
    assert "must be paid online" not in text and "Up to Rs. 50,000.00" in text


def test_imp_pay_1_paid_challan_carries_its_number(demo_core, actors):
    """IMP-PAY-1: once paid, the challan bears the challan number and PAID, online."""
    be = _submitted(demo_core, actors)
    clr.assess(demo_core, actors["apr1"], be.be_no)
    paid = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    job = prints.print_document(demo_core, actors["apr1"], "duty_challan", be.be_no)
    (text,) = pages(printing.render(job))
    assert job.number == str(paid.challan_no)
    assert f"Challan No. {paid.challan_no}" in text and "PAID on 02.11.2026 11:00 (online)" in text


def test_imp_amd_1_imp_pay_1_differential_duty_challan(demo_core, actors):
    """IMP-AMD-1: the demo BE amended after payment (freight added) and re-assessed prints a
    differential duty challan: the duty as re-assessed, what was paid, the difference due,
    under the BE number (the challan number comes with the payment)."""
    with demo_core.db.read() as s:
        be_no = s.exec(select(t.BillOfEntry.be_no).join(t.IgmLine)
                       .where(t.IgmLine.bl_no == "098-AMD-2")).one()
    v = bes.get_be(demo_core, be_no)
    assert v.amendments and v.duty_paid and v.paid_at is None and v.amount_due > 0
    job = prints.print_document(demo_core, actors["opr1"], "duty_challan", be_no)
    assert job.title == "DIFFERENTIAL DUTY CHALLAN (IMPORTS)" and job.number == str(be_no)
    (text,) = pages(printing.render(job))
    assert f"Paid before the amendment: {rs(v.duty_paid)}" in text
    assert f"Differential duty payable: {rs(v.amount_due)}" in text and "UNPAID" in text
    assert _log(demo_core, "DUTY_CHALLAN", be_no) == [("differential challan", "opr1")]


def test_imp_be_2_imp_dut_3_imp_pay_1_cli_prints(cli):
    """``ices print be_checklist JOB``, ``ices print be BE_NO``, ``ices print duty_challan
    BE_NO`` on the demo BE taken to Out of Charge; the importer's copy is refused on the BE
    still on second check."""
    with cli.core.db.read() as s:
        done, waiting = s.exec(select(t.BillOfEntry).join(t.IgmLine).join(t.Igm)
                               .where(t.Igm.voyage == VOYAGE)
                               .order_by(t.BillOfEntry.be_no)).all()[:2]
    out = cli.tmp / "be.pdf"
    got = cli("print", "be", done.be_no, "--user", "apr1", "--out", out)
    assert got == {"file": str(out), "kind": "be", "number": str(done.be_no),
                   "copies": ["Importer's copy", "Exchange control copy"], "reprint": False}
    assert len(pages(out.read_bytes())) == 2
    got = cli("print", "duty_challan", done.be_no, "--user", "opr1", "--out", out, "--force")
    assert got["number"] == str(done.challan_no)
    got = cli("print", "be_checklist", done.job_no, "--user", "opr1", "--out", out,
              "--force")
    assert got["number"] == str(done.be_no) and "Checklist" in got["copies"]
    refused = cli("print", "be", waiting.be_no, "--copy", "Importer's copy", "--user", "apr1",
                  ok=False)
    assert refused.exit_code != 0


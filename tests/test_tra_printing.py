"""Printed Telegraphic Release Advice (documents.md: TRA on issue, 3 copies, showing the
licence, the quantity/value released and the port of use): the checklist of Annexure D for
the licence holder to sign and the TRA in its three named copies (IMP-TRA-1); a fresh TRA,
never an amended one, and none for a TRA keyed back (IMP-TRA-2); copies printed once,
reprinted only with the AC/DC's permission (EXP-PRT-4).

Figures: the DES licence of tests/test_import_rules.py (Part-C 1: 1,000 KGS, Rs 5,00,000),
released to Karwar (INKRW1, non-ICES): 300 KGS, Rs 1,50,000.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

import db.tables as t
import printing
from console.errors import NotPermitted, RuleViolation
from console.services import prints
from console.services.imports import tra, tra_documents
from tests.pdf_support import pages
from tests.test_import_rules import LICENCE, _annexure_d, _licence

COPIES = ("Original", "Duplicate", "Office copy")


def _log(core, kind: str, ref) -> list[tuple[str, str, bool, bool]]:
    with core.db.read() as s:
        return [(r.copy_name, r.printed_by, r.reprint, r.cancelled) for r in s.exec(
            select(t.PrintLog).where(t.PrintLog.doc_kind == kind, t.PrintLog.doc_ref == str(ref))
            .order_by(t.PrintLog.id))]


def _refused(rule: str, *args, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        prints.print_document(*args, **kw)
    assert err.value.rule == rule, err.value
    return err.value


def _issued(core, a, **annexure) -> tra.TraView:
    req = tra.key_tra(core, a["clk1"], _annexure_d(**annexure))
    tra.print_checklist(core, a["clk1"], req.id)
    return tra.issue_tra(core, a["apr1"], req.id, "original licence seen, balance endorsed")


def test_imp_tra_1_checklist_for_the_holder_to_sign_round_copy_correction(demo_core, actors):
    """IMP-TRA-1: the registration clerk prints the checklist of Annexure D (a new round for
    a keyed request; a round already printed again as a copy): the licence, the non-ICES
    port of use, what the licence gives and has left, the quantity/value to be released,
    no TRA number, signature lines for the holder. Nobody else prints it. A correction
    before issue prints as round 2 with the corrected figures. Every print is logged."""
    _licence(demo_core, actors)
    req = tra.key_tra(demo_core, actors["clk1"], _annexure_d(quantity="250", value="125000"))
    for who in ("apr1", "opr1", "acdc1"):
        with pytest.raises(NotPermitted):
            prints.print_document(demo_core, actors[who], "tra_checklist", f"R{req.id}")
    job = prints.print_document(demo_core, actors["clk1"], "tra_checklist", f"R{req.id}")
    assert (job.ref, job.number, job.copies) == (f"R{req.id}", f"R{req.id}", ("Checklist",))
    assert tra.list_tras(demo_core, LICENCE)[0].state == "checklist_printed"
    (text,) = pages(printing.render(job))
    for shown in ("TRA CHECKLIST (ANNEXURE D)", "CHECKLIST - NOT A TRA", f"Request No. R{req.id}",
                  LICENCE, "DES", "INKRW1", "Karwar Port", "non-ICES", "Paint, non-aqueous",
                  "250 KGS", "1,25,000.00", "Rs. 1,25,000.00", "One Lakh Twenty Five Thousand",
                  "1,000 KGS; Rs. 5,00,000.00",  # what the licence gives, and left: all of it
                  "given on issue", "Licence holder: checked and found correct",
                  "R. Naidu (Registration) (clk1)", "page 1 of 1"):
        assert shown in text, shown
    assert "TRA No." not in text
    again = prints.print_document(demo_core, actors["clk1"], "tra_checklist", req.id)
    assert again.notes == ("copy",)
    assert "1 - copy" in pages(printing.render(again))[0]

    tra.correct_tra(demo_core, actors["clk1"], req.id, _annexure_d())
    (text,) = pages(printing.render(prints.print_document(
        demo_core, actors["clk1"], "tra_checklist", f"R{req.id}")))
    assert "300 KGS" in text and "1,50,000.00" in text and "250 KGS" not in text
    assert _log(demo_core, "TRA_CHECKLIST", f"R{req.id}") == [
        ("round 1", "clk1", False, False), ("round 1 copy", "clk1", False, False),
        ("round 2", "clk1", False, False)]


def test_imp_tra_1_three_named_copies_on_issue_only_by_the_appraiser(demo_core, actors):
    """IMP-TRA-1: no TRA is printed before issue (refused, nothing logged); on issue the
    appraiser prints the TRA number and three copies in one PDF, each named on its page
    (original for the port of use, duplicate for the holder, office copy for the
    appraiser), each showing the licence, the quantity/value released and the port of use.
    The clerk, the operator, an appraiser of another location and the system manager (no
    reprint permitted) are refused. The checklist has served once the TRA is issued."""
    _licence(demo_core, actors)
    req = tra.key_tra(demo_core, actors["clk1"], _annexure_d())
    prints.print_document(demo_core, actors["clk1"], "tra_checklist", req.id)
    err = _refused("IMP-TRA-1", demo_core, actors["apr1"], "tra", f"R{req.id}")
    assert "given on issue" in err.message
    issued = tra.issue_tra(demo_core, actors["apr1"], req.id, "original licence seen")
    for who in ("clk1", "opr1", "apr9", "sys1"):
        with pytest.raises(NotPermitted):
            prints.print_document(demo_core, actors[who], "tra", issued.tra_no)
    assert _log(demo_core, "TRA", issued.tra_no) == []

    job = prints.print_document(demo_core, actors["apr1"], "tra", issued.tra_no)
    assert (job.number, job.copies, job.reprint) == (str(issued.tra_no), COPIES, False)
    text = pages(printing.render(job))
    assert len(text) == 3
    for page, tag, purpose in zip(text, ("ORIGINAL", "DUPLICATE", "OFFICE COPY"),
                                  ("for the Customs at the port of use",
                                   "for the licence holder",
                                   "retained by the Appraiser with the signed checklist"),
                                  strict=True):
        for shown in (tag, purpose, "TELEGRAPHIC RELEASE ADVICE", f"TRA No. {issued.tra_no}",
                      "Date: 02.11.2026", LICENCE, "Paint, non-aqueous", "300 KGS",
                      "1,50,000.00", "Value released: Rs. 1,50,000.00", "INKRW1",
                      "Karwar Port", "INVTZ4", "S. Rao (Appraiser) (apr1)",
                      "original licence seen", "never amended (IMP-TRA-2)",
                      "Customs at the port of use: endorsement", "page 1 of 1"):
            assert shown in page, (tag, shown)
        assert "CHECKLIST" not in page and "Balance now" not in page
    assert _log(demo_core, "TRA", issued.tra_no) == [(c, "apr1", False, False) for c in COPIES]
    _refused("IMP-TRA-2", demo_core, actors["clk1"], "tra_checklist", req.id)


def test_imp_tra_1_exp_prt_4_each_copy_once_reprint_with_acdc_permission(demo_core, actors):
    """IMP-TRA-1: three copies, each printed once; a further print is refused (EXP-PRT-4)
    until the AC/DC permits a reprint after a misprint (the misprinted copy cancelled
    first) or a system failure; the reprint is marked REPRINT and uses the permission up;
    the system manager reprints only after a system failure."""
    _licence(demo_core, actors)
    no = _issued(demo_core, actors).tra_no
    prints.print_document(demo_core, actors["apr1"], "tra", no)
    _refused("EXP-PRT-4", demo_core, actors["apr1"], "tra", no)
    _refused("EXP-PRT-4", demo_core, actors["apr1"], "tra", no, copy="Duplicate")
    with pytest.raises(NotPermitted):
        tra_documents.permit_tra_reprint(demo_core, actors["apr1"], no, "misprint", True)
    with pytest.raises(RuleViolation) as err:
        tra_documents.permit_tra_reprint(demo_core, actors["acdc1"], no, "misprint", False,
                                     copy="Duplicate")
    assert err.value.rule == "EXP-PRT-4" and "cancelled first" in err.value.message
    done = tra_documents.permit_tra_reprint(demo_core, actors["acdc1"], no, "misprint", True,
                                        copy="Duplicate", reason="paper jam")
    assert done.copies_cancelled == ("Duplicate",)
    with pytest.raises(NotPermitted):  # a misprint is reprinted by the appraiser
        prints.print_document(demo_core, actors["sys1"], "tra", no)
    job = prints.print_document(demo_core, actors["apr1"], "tra", no)
    assert (job.copies, job.reprint) == (("Duplicate",), True)
    (text,) = pages(printing.render(job))
    assert "REPRINT - DUPLICATE" in text and "300 KGS" in text
    _refused("EXP-PRT-4", demo_core, actors["apr1"], "tra", no)

    tra_documents.permit_tra_reprint(demo_core, actors["adc1"], no, "system_failure", False)
    job = prints.print_document(demo_core, actors["sys1"], "tra", no)
    assert (job.copies, job.reprint) == (COPIES, True)
    assert _log(demo_core, "TRA", no) == [
        ("Original", "apr1", False, True), ("Duplicate", "apr1", False, True),
        ("Office copy", "apr1", False, True), ("Duplicate", "apr1", True, True),
        ("Original", "sys1", True, False), ("Duplicate", "sys1", True, False),
        ("Office copy", "sys1", True, False)]


def test_imp_tra_2_a_fresh_tra_prints_its_own_release_none_once_keyed_back(demo_core, actors):
    """IMP-TRA-2: a further quantity is a fresh TRA with a number of its own, printed with
    only what it releases (its checklist shows the balance left after the first); the
    first TRA, reprinted later, still says what it said (300 KGS); once keyed back unused it
    is no longer printed, nor may a reprint of it be permitted."""
    _licence(demo_core, actors)
    first = _issued(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "tra", first.tra_no)
    with pytest.raises(RuleViolation) as err:
        tra.correct_tra(demo_core, actors["clk1"], first.id, _annexure_d(quantity="500"))
    assert err.value.rule == "IMP-TRA-2"

    req = tra.key_tra(demo_core, actors["clk1"], _annexure_d(quantity="200", value="100000"))
    (text,) = pages(printing.render(prints.print_document(
        demo_core, actors["clk1"], "tra_checklist", req.id)))
    assert "700 KGS; Rs. 3,50,000.00" in text  # left after the first TRA (IMP-LIC-2)
    fresh = tra.issue_tra(demo_core, actors["apr1"], req.id, "original licence seen")
    assert fresh.tra_no == first.tra_no + 1
    text = pages(printing.render(prints.print_document(demo_core, actors["apr1"], "tra",
                                                          fresh.tra_no)))
    assert all(f"TRA No. {fresh.tra_no}" in p and "200 KGS" in p and "1,00,000.00" in p
               for p in text)
    assert not any("300 KGS" in p or "1,50,000.00" in p for p in text)

    tra_documents.permit_tra_reprint(demo_core, actors["acdc1"], first.tra_no, "misprint", True,
                                 copy="Original")
    (text,) = pages(printing.render(prints.print_document(
        demo_core, actors["apr1"], "tra", first.tra_no)))
    assert f"TRA No. {first.tra_no}" in text and "300 KGS" in text and "200 KGS" not in text

    tra.recredit_tra(demo_core, actors["clk1"], first.tra_no, "returned unused by Karwar")
    logged = _log(demo_core, "TRA", first.tra_no)
    err = _refused("IMP-TRA-2", demo_core, actors["apr1"], "tra", first.tra_no,
                   copy="Duplicate")
    assert "keyed back unused" in err.message
    with pytest.raises(RuleViolation) as err:
        tra_documents.permit_tra_reprint(demo_core, actors["acdc1"], first.tra_no,
                                     "system_failure", False)
    assert err.value.rule == "IMP-TRA-2"
    assert _log(demo_core, "TRA", first.tra_no) == logged


def test_imp_tra_1_cli_prints_checklist_and_copies_reprint_permit(cli):
    """IMP-TRA-1 by CLI: ``ices print tra_checklist R<request>`` for a keyed request,
    ``ices print tra TRA_NO`` for the demo's issued TRA (three copies), refused the second
    time; ``ices tra reprint-permit`` after a system failure, then the system manager's
    reprint."""
    path = cli.tmp / "annexure_d.json"
    path.write_text(json.dumps({"licence_no": "0311122334", "port_of_use": "INBED1",
                                "items": [{"licence_sl": 1, "quantity": "100",
                                           "value": "10000"}]}))
    req = cli("tra", "key", str(path), "--user", "clk1")
    out = cli.tmp / "tra.pdf"
    got = cli("print", "tra_checklist", f"R{req['id']}", "--user", "clk1", "--out", out)
    assert got == {"file": str(out), "kind": "tra_checklist", "number": f"R{req['id']}",
                   "copies": ["Checklist"], "reprint": False}
    assert "Bedi Port" in pages(out.read_bytes())[0]
    refused = cli("print", "tra", f"R{req['id']}", "--user", "apr1", ok=False)
    assert refused.exception.rule == "IMP-TRA-1"

    with cli.core.db.read() as s:
        demo_no = s.exec(select(t.Tra.tra_no).where(t.Tra.state == "issued")).first()
    got = cli("print", "tra", demo_no, "--user", "apr1", "--out", out, "--force")
    assert (got["number"], got["copies"], got["reprint"]) == (str(demo_no), list(COPIES),
                                                              False)
    assert len(pages(out.read_bytes())) == 3
    refused = cli("print", "tra", demo_no, "--user", "apr1", ok=False)
    assert refused.exception.rule == "EXP-PRT-4"
    permit = cli("tra", "reprint-permit", demo_no, "--cause", "system_failure", "--reason",
                 "printer spooler lost the job", "--user", "acdc1")
    assert permit["tra_no"] == demo_no and permit["copies_cancelled"] == list(COPIES)
    got = cli("print", "tra", demo_no, "--user", "sys1", "--out", out, "--force")
    assert got["reprint"] is True and all("REPRINT" in p for p in pages(out.read_bytes()))

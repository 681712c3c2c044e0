"""The print service (documents.md): who may print what, when, which copies, the print log,
reprints (EXP-PRT-4) and lost SBs (EXP-PRT-3). Plain assertions on the service; the PDFs
themselves are checked in test_printing.py."""

from __future__ import annotations

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from console.services import prints
from console.services.exports import amendments as amd
from console.services.exports import assessment, documents, enquiry, examination, leo, queries
from console.services.exports.sb_common import get_sb
from tests.sb_support import (
    IEC_COCONUT,
    IEC_MARINE,
    IEC_PHARMA,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)

FREE = ("Customs copy", "Exporter's copy", "EP copy", "Exchange Control copy")
DEPB_SET = (*FREE, "DEPB copy")
PROVISIONAL = ("Customs copy", "Exporter's copy", "Exchange Control copy")


def to_leo(core, a, data):
    sb = registered(core, a, assessed(core, a, file(core, a, data)))
    if sb.state == "under_examination":
        sb = examined(core, a, sb)
    return leo.give_let_export_order(core, a["apr1"], sb.sb_no)


def free_sb(core, a, items: int = 1):
    return to_leo(core, a, declaration(core, IEC_MARINE, "09", avoid="03", items=items))


def depb_data(core, items: int = 1):
    with core.db.read() as s:
        code = s.exec(select(t.SchemeCode.code).where(t.SchemeCode.category == "depb")).first()
    data = declaration(core, IEC_COCONUT, "08", quantity="100", items=items)
    for item in data["items"]:
        item.update(scheme_code=code, depb_group="90", depb_item="12", depb_rate="5")
    return data


def depb_sb(core, a, *, provisional: bool = False, items: int = 1):
    sb = to_leo(core, a, depb_data(core, items))
    if provisional:  # assessed provisionally (EXP-DEPB-4): the flag as assessment leaves it
        set_provisional(core, sb.sb_no, True)
        sb = get_sb(core, sb.sb_no)
    return sb


def set_provisional(core, sb_no: int, value: bool) -> None:
    with core.db.write() as s:
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb_no)).one()
        row.provisional = value
        s.add(row)


def log(core, ref, kind: str | None = None) -> list[tuple]:
    with core.db.read() as s:
        q = select(t.PrintLog).where(t.PrintLog.doc_ref == str(ref))
        if kind:
            q = q.where(t.PrintLog.doc_kind == kind)
        return [(r.doc_kind, r.copy_name, r.printed_by, r.reprint, r.cancelled)
                for r in s.exec(q.order_by(t.PrintLog.id))]


def refused(rule: str, fn, *args, **kw):
    with pytest.raises(RuleViolation) as err:
        fn(*args, **kw)
    assert err.value.rule == rule, err.value
    return err.value


# ---- SB copies (EXP-PRT-1/2) ----


def test_exp_prt_1_free_sb_four_named_copies_each_logged(demo_core, actors):
    """EXP-PRT-1: a free SB prints 4 named copies; each copy is logged (who, when, which)."""
    sb = free_sb(demo_core, actors)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert (job.kind, job.ref, job.number, job.copies) == ("sb", str(sb.sb_no),
                                                           str(sb.sb_no), FREE)
    assert not job.reprint and not job.not_valid_for_depb
    assert job.view.sb_no == sb.sb_no and job.printed_at == demo_core.now()
    assert job.officer("apr1").endswith("(apr1)") and job.officer("") == "-"
    assert log(demo_core, sb.sb_no) == [("SB", c, "apr1", False, False) for c in FREE]


def test_exp_prt_1_no_copies_before_leo_and_only_by_the_appraiser(demo_core, actors):
    """EXP-PRT-1: copies are printed on LEO, by the Appraiser/Shed Superintendent; a refusal
    changes and logs nothing."""
    sb = registered(demo_core, actors, file(demo_core, actors, declaration(
        demo_core, IEC_MARINE, "09", avoid="03")))
    before = snapshot(demo_core)
    refused("EXP-PRT-1", prints.print_document, demo_core, actors["apr1"], "sb", sb.sb_no)
    sb = leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    for who in ("opr1", "exm1", "cus1"):
        with pytest.raises(NotPermitted):
            prints.print_document(demo_core, actors[who], "sb", sb.sb_no)
    assert log(demo_core, sb.sb_no) == [] and snapshot(demo_core)["Sample"] == before["Sample"]
    with pytest.raises(NotFound):
        prints.print_document(demo_core, actors["apr1"], "sb", 999)
    with pytest.raises(InvalidInput):
        prints.print_document(demo_core, actors["apr1"], "bill_of_lading", sb.sb_no)


def test_exp_prt_1_depb_sb_five_copies(demo_core, actors):
    """EXP-PRT-1: a DEPB SB prints 5 copies, the DEPB copy for licence registration."""
    sb = depb_sb(demo_core, actors)
    assert sb.is_depb and not sb.provisional
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == DEPB_SET and not job.not_valid_for_depb


def test_exp_prt_2_provisional_depb_three_copies_ep_copy_after_final(demo_core, actors):
    """EXP-PRT-2: provisional DEPB: 3 copies, no EP copy, NOT VALID FOR DEPB; the EP copy is
    released for printing after final assessment (as a first print, not a reprint)."""
    sb = depb_sb(demo_core, actors, provisional=True)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == PROVISIONAL and job.not_valid_for_depb
    err = refused("EXP-PRT-2", prints.print_document, demo_core, actors["apr1"], "sb",
                  sb.sb_no, copy="EP copy")
    assert "after final assessment" in err.message
    set_provisional(demo_core, sb.sb_no, False)  # final assessment
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == ("EP copy", "DEPB copy") and not job.reprint
    assert not job.not_valid_for_depb
    assert [c for _, c, *_ in log(demo_core, sb.sb_no)] == [*PROVISIONAL, "EP copy",
                                                            "DEPB copy"]


def test_exp_qry_1_no_copies_while_a_query_is_pending(demo_core, actors):
    """EXP-QRY-1: the SB cannot be printed until the reply satisfies the AC/DC."""
    sb = free_sb(demo_core, actors)
    with demo_core.db.write() as s:  # a query left open on the SB (as after an amendment)
        row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
        s.add(t.SbQuery(sb_id=row.id, sl=1, points="p", state="approved",
                        return_state="examined", raised_by="apr2", raised_at=demo_core.now()))
    refused("EXP-QRY-1", prints.print_document, demo_core, actors["apr1"], "sb", sb.sb_no)
    assert log(demo_core, sb.sb_no) == []


# ---- reprints (EXP-PRT-4) ----


def test_exp_prt_4_copies_print_once(demo_core, actors):
    """EXP-PRT-4: a second print of the copies is refused without AC/DC permission."""
    sb = free_sb(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    before = snapshot(demo_core)
    for kw in ({}, {"copy": "Exporter's copy"}):
        err = refused("EXP-PRT-4", prints.print_document, demo_core, actors["apr2"], "sb",
                      sb.sb_no, **kw)
        assert "AC/DC" in err.message
    assert snapshot(demo_core) == before and len(log(demo_core, sb.sb_no)) == 4


def test_exp_prt_4_misprint_reprint_with_acdc_permission_copy_cancelled_first(demo_core,
                                                                              actors):
    """EXP-PRT-4: after a misprint the AC/DC permits one reprint once the misprinted copy is
    cancelled; the reprint is marked and uses the permission up."""
    sb = free_sb(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    with pytest.raises(NotPermitted):  # not the Appraiser
        documents.permit_reprint(demo_core, actors["apr1"], sb.sb_no, "misprint", True)
    with pytest.raises(InvalidInput):  # only these two causes
        documents.permit_reprint(demo_core, actors["acdc1"], sb.sb_no, "exporter wants one",
                                 True)
    before = snapshot(demo_core)
    err = refused("EXP-PRT-4", documents.permit_reprint, demo_core, actors["acdc1"], sb.sb_no,
                  "misprint", False, copy="Exporter's copy")
    assert "cancelled first" in err.message and snapshot(demo_core) == before
    done = documents.permit_reprint(demo_core, actors["acdc1"], sb.sb_no, "misprint", True,
                                    copy="Exporter's copy", reason="printer jammed")
    assert done.copies_cancelled == ("Exporter's copy",) and done.permitted_by == "acdc1"
    assert [r[4] for r in log(demo_core, sb.sb_no)] == [False, True, False, False]
    refused("EXP-PRT-4", documents.permit_reprint, demo_core, actors["acdc1"], sb.sb_no,
            "misprint", True, copy="Exporter's copy")  # nothing printed to cancel
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == ("Exporter's copy",) and job.reprint
    assert log(demo_core, sb.sb_no)[-1] == ("SB", "Exporter's copy", "apr1", True, False)
    with demo_core.db.read() as s:
        permit = s.exec(select(t.ReprintPermission)).one()
        assert (permit.used_by, permit.cause, permit.misprint_cancelled) == ("apr1",
                                                                             "misprint", True)
        assert s.exec(select(t.AuditRecord).where(t.AuditRecord.action == "reprint_permit")
                      ).one().officer == "acdc1"
    refused("EXP-PRT-4", prints.print_document, demo_core, actors["apr1"], "sb", sb.sb_no)


def test_exp_prt_4_system_failure_reprint_by_the_system_manager(demo_core, actors):
    """EXP-PRT-4 / roles.md: after a system failure the AC/DC permits a reprint of the set;
    the system manager may print it, but prints nothing else."""
    sb = free_sb(demo_core, actors)
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["sys1"], "sb", sb.sb_no)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    with pytest.raises(NotPermitted):  # adc1 outranks: allowed; sys1 cannot permit
        documents.permit_reprint(demo_core, actors["sys1"], sb.sb_no, "system_failure", False)
    done = documents.permit_reprint(demo_core, actors["adc1"], sb.sb_no, "system_failure",
                                    False, reason="power failed mid-print")
    assert done.copies_cancelled == FREE
    job = prints.print_document(demo_core, actors["sys1"], "sb", sb.sb_no)
    assert job.copies == FREE and job.reprint
    assert [(r[1], r[3], r[4]) for r in log(demo_core, sb.sb_no)] == [
        *((c, False, True) for c in FREE), *((c, True, False) for c in FREE)]


def test_exp_amd_2_copies_cancelled_by_an_amendment_print_again_without_permission(
        demo_core, actors):
    """EXP-AMD-2 with EXP-PRT-4: copies surrendered for an amendment after LEO are cancelled;
    the amended SB then prints as a new print, not a reprint."""
    sb = free_sb(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "M2"}, "r")
    amd.permit_amendment(demo_core, actors["adc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc1"], req.id, copies_surrendered=True)
    job = prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    assert job.copies == FREE and not job.reprint and job.view.marks == "M2"


# ---- lost SB (EXP-PRT-3) ----


def test_exp_prt_3_lost_sb_gets_a_leo_certificate_and_is_never_printed_again(demo_core,
                                                                             actors):
    """EXP-PRT-3: a lost SB is not printed again; Customs certifies that LEO was given."""
    sb = free_sb(demo_core, actors)
    refused("EXP-PRT-3", prints.print_document, demo_core, actors["apr1"],
            "leo_certificate", sb.sb_no, reason="lost")  # never printed: print the copies
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    with pytest.raises(InvalidInput):
        prints.print_document(demo_core, actors["apr1"], "leo_certificate", sb.sb_no)
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["opr1"], "leo_certificate", sb.sb_no,
                                 reason="lost")
    job = prints.print_document(demo_core, actors["acdc1"], "leo_certificate", sb.sb_no,
                                   reason="Exporter's copy lost in transit")
    assert job.certificate_no >= 700001 and job.number == str(job.certificate_no)
    assert job.reason == "Exporter's copy lost in transit" and job.view.leo_by == "apr1"
    assert log(demo_core, sb.sb_no, "LEO_CERT") == [
        ("LEO_CERT", f"certificate {job.certificate_no}", "acdc1", False, False)]
    err = refused("EXP-PRT-3", prints.print_document, demo_core, actors["apr1"], "sb",
                  sb.sb_no, copy="Exporter's copy")
    assert "never printed again" in err.message
    refused("EXP-PRT-3", documents.permit_reprint, demo_core, actors["acdc1"], sb.sb_no,
            "misprint", True)


def test_exp_prt_3_no_certificate_without_leo(demo_core, actors):
    """EXP-PRT-3: the certificate says LEO was given; before LEO there is nothing to certify."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    refused("EXP-PRT-3", prints.print_document, demo_core, actors["apr1"],
            "leo_certificate", sb.sb_no, reason="lost")


# ---- checklist (EXP-FIL-2/3) ----


def test_exp_fil_2_checklist_of_a_draft_is_a_new_round(demo_core, actors):
    """EXP-FIL-2: printing a draft's checklist is the checklist round (state, audit, one log
    line); printing it again is a logged copy of that round."""
    from console.services.exports import filing

    draft = filing.create_draft(demo_core, actors["opr1"], declaration(
        demo_core, IEC_MARINE, "09", avoid="03"))
    job = prints.print_document(demo_core, actors["opr1"], "checklist", f"J{draft.job_no}")
    assert job.view.state == "checklist_printed" and job.view.checklist_round == 1
    assert (job.ref, job.number, job.copies) == (f"J{draft.job_no}", f"Job {draft.job_no}",
                                                 ("Checklist",))
    assert log(demo_core, f"J{draft.job_no}") == [("CHECKLIST", "round 1", "opr1", False,
                                                   False)]
    again = prints.print_document(demo_core, actors["opr1"], "checklist", f"j{draft.job_no}")
    assert again.view.checklist_round == 1 and again.notes == ("copy",)
    assert log(demo_core, f"J{draft.job_no}")[-1][1] == "round 1 copy"
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["apr1"], "checklist", f"J{draft.job_no}")


def test_exp_fil_3_checklist_with_sb_number_until_the_goods_are_registered(demo_core, actors):
    """EXP-FIL-3: after submission the checklist carries the SB number (it brings the goods
    in); once the goods are registered, and after LEO, it is refused."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    job = prints.print_document(demo_core, actors["opr1"], "checklist", sb.sb_no)
    assert (job.ref, job.number, job.view.sb_no) == (str(sb.sb_no), str(sb.sb_no), sb.sb_no)
    assert log(demo_core, sb.sb_no) == [("CHECKLIST", "round 1 endorsed with the SB number",
                                         "opr1", False, False)]
    sb = registered(demo_core, actors, sb)
    err = refused("EXP-FIL-3", prints.print_document, demo_core, actors["opr1"],
                  "checklist", sb.sb_no)
    assert "registered" in err.message
    leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    err = refused("EXP-FIL-3", prints.print_document, demo_core, actors["opr1"],
                  "checklist", sb.sb_no)
    assert "SB copies" in err.message


# ---- the other documents ----


def _pharma(core, a, **kw):
    return file(core, a, declaration(core, IEC_PHARMA, "3004", **kw))


def test_exp_qry_1_query_printed_only_once_approved(demo_core, actors):
    """EXP-QRY-1: a query takes effect (and is printed) only when the AC/DC approves it; the
    reply is printed with it once keyed."""
    sb = _pharma(demo_core, actors)
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["Produce the drug licence"])
    err = refused("EXP-QRY-1", prints.print_document, demo_core, actors["opr1"], "query",
                  sb.sb_no)
    assert "approved" in err.message
    queries.approve_query(demo_core, actors["acdc1"], sb.sb_no)
    job = prints.print_document(demo_core, actors["opr1"], "query", sb.sb_no)
    assert job.query.points == ("Produce the drug licence",) and job.query.reply == ""
    assert job.number == f"{sb.sb_no}/1"
    queries.reply_query(demo_core, actors["opr1"], sb.sb_no, "Licence AP/DL/2231 enclosed")
    job = prints.print_document(demo_core, actors["apr1"], "query", f"{sb.sb_no}/1")
    assert job.query.reply == "Licence AP/DL/2231 enclosed" and job.query.state == "replied"
    assert [r[1] for r in log(demo_core, sb.sb_no)] == ["query 1", "query 1"]
    with pytest.raises(NotFound):
        prints.print_document(demo_core, actors["apr1"], "query", f"{sb.sb_no}/2")
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["exm1"], "query", sb.sb_no)


def test_exp_arr_2_examination_order_after_registration(demo_core, actors):
    """EXP-ARR-2 / EXP-ASM-4: no examination order before the goods arrive; then the order
    names the examiner, the packages, and the Appraiser's instructions."""
    sb = _pharma(demo_core, actors)
    sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no,
                           instructions="Check batch numbers")
    sb = assessed(demo_core, actors, sb)
    err = refused("EXP-ARR-2", prints.print_document, demo_core, actors["exm1"],
                  "exam_order", sb.sb_no)
    assert "not registered" in err.message
    sb = registered(demo_core, actors, sb)
    job = prints.print_document(demo_core, actors["exm1"], "exam_order", sb.sb_no)
    goods = job.view.goods
    assert goods.examiner and goods.packages_to_examine and "Check batch" in goods.instructions
    assert log(demo_core, sb.sb_no, "EXAM_ORDER") == [("EXAM_ORDER", "Examination order",
                                                       "exm1", False, False)]
    # a facilitated SB's goods are registered without an examination order
    fac = registered(demo_core, actors, file(demo_core, actors, declaration(
        demo_core, IEC_MARINE, "09", avoid="03")))
    err = refused("EXP-ARR-2", prints.print_document, demo_core, actors["exm1"],
                  "exam_order", fac.sb_no)
    assert "no examination" in err.message


def test_exp_exm_2_test_memo_in_three_copies(demo_core, actors):
    """EXP-EXM-2: two samples, one test memo printed as original, duplicate, triplicate."""
    sb = registered(demo_core, actors, assessed(demo_core, actors, _pharma(demo_core, actors)))
    sb = examination.draw_samples(demo_core, actors[sb.goods.examiner], sb.sb_no,
                                  "Tablets, 2 strips", "CRCL New Delhi")
    memo = sb.samples[0].memo_no
    job = prints.print_document(demo_core, actors["exm1"], "test_memo", memo)
    assert job.copies == ("Original", "Duplicate", "Triplicate") and job.memo_no == memo
    assert len(job.samples) == 2 and {x.agency for x in job.samples} == {"CRCL New Delhi"}
    assert [r[1] for r in log(demo_core, sb.sb_no)] == [
        f"memo {memo} Original", f"memo {memo} Duplicate", f"memo {memo} Triplicate"]
    one = prints.print_document(demo_core, actors["exm1"], "test_memo", memo,
                                   copy="Triplicate")
    assert one.copies == ("Triplicate",)
    with pytest.raises(NotFound):
        prints.print_document(demo_core, actors["exm1"], "test_memo", memo + 50)


def test_exp_ces_1_cess_challan_for_a_dutiable_sb(demo_core, actors):
    """EXP-CES-1: the cess challan, with the cess by item at the schedule's rate; none for an
    SB without cess."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "0804", quantity="500",
                                             unit_price="3", items=2))
    if sb.state == "awaiting_assessment":
        sb = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    assert sb.cess > 0 and sb.cess_challan_no
    job = prints.print_document(demo_core, actors["opr1"], "cess_challan", sb.sb_no)
    assert job.number == str(sb.cess_challan_no)
    rates = dict(job.cess_rates)
    assert rates[1] > 0 and sum(i.cess for i in job.view.items) == job.view.cess
    free = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    refused("EXP-CES-1", prints.print_document, demo_core, actors["opr1"], "cess_challan",
            free.sb_no)


def test_charge_receipt_lines_add_up_to_the_service_charge(demo_core, actors):
    """charges.md: the receipt's lines are the location's tariff; their total is what was
    collected on submission (12 items at Visakhapatnam: 60 + 10 + 10)."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03",
                                             items=12))
    job = prints.print_document(demo_core, actors["opr1"], "charge_receipt", sb.sb_no)
    assert sum(x.amount for x in job.charges) == job.view.service_charge == 80
    with pytest.raises(NotPermitted):
        prints.print_document(demo_core, actors["apr1"], "charge_receipt", sb.sb_no)


def test_enquiry_lists_every_print(demo_core, actors):
    """documents.md: each print is logged and shows at the enquiry counter."""
    sb = free_sb(demo_core, actors)
    prints.print_document(demo_core, actors["apr1"], "sb", sb.sb_no)
    logged = enquiry.enquire(demo_core, actors["opr1"], sb.sb_no).prints
    assert [(p.doc_kind, p.copy_name) for p in logged][-4:] == [("SB", c) for c in FREE]

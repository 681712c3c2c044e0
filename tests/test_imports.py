"""The import side: IGM, Bill of Entry, duty, appraisal, payment, examination, Out of Charge
(imports.md).

Worked duty (IMP-DUT-1, IMP-DUT-2): paint 32089090 (BCD 10 %, IGST 18 %), invoice USD 1,000 CIF at
the import rate on 2 Nov 2026, 88.90: AV Rs 88,900.00; BCD Rs 8,890.00; SWS 10 % of BCD
Rs 889.00; IGST 18 % of (88,900 + 8,890 + 889 = 98,679.00) = Rs 17,762.22; duty
Rs 27,541.22.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests
from tests.sb_support import IEC_PHARMA

PAINT = "32089090"


def _igm(core, a, *, days_to_arrival: int = 1, lines: int = 2, inwards: bool = True):
    """An IGM with ``lines`` lines, granted entry inwards (the goods arrived: IMP-IGM-2)
    unless ``inwards`` is false."""
    igm = manifests.file_igm(core, a["car1"], "AI", core.today() + timedelta(
        days=days_to_arrival), [
        {"bl_no": f"AWB-{n}", "importer_name": "Andhra Pharma Exports", "packages": 10,
         "package_kind": "BOX", "gross_weight_kg": "500", "description": "paint in drums"}
        for n in range(1, lines + 1)], voyage="AI-202")
    return manifests.grant_entry_inwards(core, a["apr1"], igm.igm_no) if inwards else igm


def _data(igm, bl: str = "AWB-1", **kw) -> dict:
    data = {"be_type": "H", "iec": IEC_PHARMA, "igm_no": igm.igm_no, "bl_no": bl,
            "currency": "USD", "terms_of_invoice": "CIF", "invoice_value": "1000",
            "items": [{"tariff_item": PAINT, "description": "Paint, non-aqueous", "quantity": "500",
                       "uqc": "KGS", "value": "1000"}]}
    data.update(kw)
    return data


def _submitted(core, a, igm=None, **kw) -> bes.BeView:
    igm = igm or _igm(core, a)
    be = bes.file_be(core, a["opr1"], _data(igm, **kw))
    bes.print_checklist(core, a["opr1"], be.job_no)
    return bes.submit_be(core, a["opr1"], be.job_no)


def _row(core, job_no: int) -> t.BillOfEntry:
    with core.db.read() as s:
        return s.exec(select(t.BillOfEntry).where(t.BillOfEntry.job_no == job_no)).one()


def _count(core, table) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_imp_igm_1_imp_reg_2_filed_by_a_registered_carrier(demo_core, actors):
    """IMP-IGM-1: the IGM is filed by the carrier with its lines; IMP-REG-2: an unregistered
    carrier is refused and nothing is written."""
    igm = _igm(demo_core, actors)
    assert [x.bl_no for x in igm.lines] == ["AWB-1", "AWB-2"] and igm.location_code == "INVTZ4"
    before = _count(demo_core, t.Igm)
    with pytest.raises(RuleViolation) as err:
        manifests.file_igm(demo_core, actors["car1"], "ZZ", demo_core.today(), [
            {"bl_no": "X", "importer_name": "Y", "packages": 1, "gross_weight_kg": "1",
             "description": "z"}])
    assert err.value.rule == "IMP-REG-2" and _count(demo_core, t.Igm) == before
    with pytest.raises(NotPermitted):
        _igm(demo_core, {"car1": actors["apr1"]})


def test_imp_igm_2_amendments_after_entry_inwards_need_the_ac(demo_core, actors):
    """IMP-IGM-2: before entry inwards the carrier amends a line freely; after it only the AC
    (Import) may."""
    igm = _igm(demo_core, actors, inwards=False)
    igm = manifests.amend_line(demo_core, actors["car1"], igm.igm_no, 1, {"packages": 12},
                               "miscount")
    assert igm.lines[0].packages == 12
    igm = manifests.grant_entry_inwards(demo_core, actors["apr1"], igm.igm_no)
    assert igm.entry_inwards_at is not None
    with pytest.raises(NotPermitted) as err:
        manifests.amend_line(demo_core, actors["car1"], igm.igm_no, 1, {"packages": 11}, "x")
    assert (err.value.rule, err.value.check) == ("IMP-IGM-2", "rank")
    igm = manifests.amend_line(demo_core, actors["acdc1"], igm.igm_no, 1, {"packages": 11},
                               "carrier's letter")
    assert igm.lines[0].packages == 11


def test_imp_be_1_against_the_igm_line_one_declaration_per_line(demo_core, actors):
    """IMP-BE-1: the IGM number and bill of lading must match an IGM line; one declaration
    per line."""
    igm = _igm(demo_core, actors)
    with pytest.raises(InvalidInput) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-9"))
    assert (err.value.field, err.value.rule) == ("bl_no", "IMP-BE-1")
    bes.file_be(demo_core, actors["opr1"], _data(igm))
    before = _count(demo_core, t.BillOfEntry)
    with pytest.raises(RuleViolation) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm))
    assert err.value.rule == "IMP-BE-1" and "one declaration per line" in err.value.message
    assert _count(demo_core, t.BillOfEntry) == before
    with pytest.raises(InvalidInput) as err:  # IMP-BE-5: H, W or X
        bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-2", be_type="Q"))
    assert err.value.rule == "IMP-BE-5"


def test_imp_be_2_imp_be_3_imp_be_4_checklist_then_number_then_self_assessed(demo_core,
                                                                            actors):
    """IMP-BE-2: no submission without the checklist; IMP-BE-3: the number comes from the
    national series; IMP-BE-4: on the number the BE is filed and self-assessed."""
    igm = _igm(demo_core, actors)
    be = bes.file_be(demo_core, actors["opr1"], _data(igm))
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], be.job_no)
    assert err.value.rule == "IMP-BE-2"
    bes.print_checklist(demo_core, actors["opr1"], be.job_no)
    first = bes.submit_be(demo_core, actors["opr1"], be.job_no)
    second = _submitted(demo_core, actors, igm, bl="AWB-2")
    assert first.be_no >= 3000001 and second.be_no == first.be_no + 1
    assert first.be_date == demo_core.today() and first.state == "second_check"
    with demo_core.db.read() as s:
        reasons = [r.reason for r in s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_kind == "BE", t.AuditRecord.doc_ref == str(first.be_no)))]
    assert any(r.startswith("self-assessed") for r in reasons)


def test_imp_be_2_corrections_keyed_and_a_new_checklist_round(demo_core, actors):
    """IMP-BE-2 (as EXP-FIL-2): a draft is re-keyed freely (its own IGM line stays its own);
    after the checklist is printed only an endorsed correction is keyed, and it sends the BE
    back to draft for a new round; the keyed Annexure C comes back for editing; a submitted
    BE is not corrected (amendment, IMP-AMD-1). Refusals change nothing."""
    a = actors
    igm = _igm(demo_core, a)
    be = bes.file_be(demo_core, a["opr1"], _data(igm))
    fixed = _data(igm, invoice_value="1200", freight="50", items=[
        {"tariff_item": PAINT, "description": "Paint, non-aqueous", "quantity": "600",
         "uqc": "KGS", "value": "1200"}])
    v = bes.correct_be(demo_core, a["opr1"], be.job_no, fixed)
    assert (v.state, v.invoice_value_fc, _row(demo_core, be.job_no).freight_fc) == (
        "draft", Decimal("1200"), Decimal("50"))
    assert [(i.sl, i.quantity, i.value_fc) for i in v.items] == [
        (1, Decimal("600"), Decimal("1200"))]
    assert bes.keyed_declaration(demo_core, be.job_no) == fixed
    with pytest.raises(NotPermitted):
        bes.correct_be(demo_core, a["apr1"], be.job_no, fixed)
    bes.print_checklist(demo_core, a["opr1"], be.job_no)
    before = _count(demo_core, t.AuditRecord)
    with pytest.raises(RuleViolation) as err:  # not marked on the checklist
        bes.correct_be(demo_core, a["opr1"], be.job_no, _data(igm))
    assert err.value.rule == "IMP-BE-2" and _count(demo_core, t.AuditRecord) == before
    with pytest.raises(InvalidInput) as err:  # a bad correction: nothing changes
        bes.correct_be(demo_core, a["opr1"], be.job_no, _data(igm, invoice_value="999"),
                       endorsement="value marked on round 1")
    assert err.value.field == "invoice_value"
    assert bes.keyed_declaration(demo_core, be.job_no) == fixed
    assert _count(demo_core, t.AuditRecord) == before
    v = bes.correct_be(demo_core, a["opr1"], be.job_no, _data(igm, bl="AWB-2"),
                       endorsement="B/L AWB-2, marked and signed on round 1")
    row = _row(demo_core, be.job_no)
    assert (v.state, v.bl_no, v.invoice_value_fc, row.freight_fc, row.checklist_round) == (
        "draft", "AWB-2", Decimal("1000"), Decimal("0"), 1)
    with demo_core.db.read() as s:
        last = s.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq.desc())).first()
    assert (last.action, last.from_state, last.to_state, last.reason) == (
        "correct", "checklist_printed", "draft", "B/L AWB-2, marked and signed on round 1")
    other = bes.file_be(demo_core, a["opr1"], _data(igm))  # AWB-1 is free again
    assert other.bl_no == "AWB-1"
    bes.print_checklist(demo_core, a["opr1"], be.job_no)
    done = bes.submit_be(demo_core, a["opr1"], be.job_no)
    assert _row(demo_core, be.job_no).checklist_round == 2
    assert done.duty == Decimal("27541.22")
    with pytest.raises(RuleViolation) as err:
        bes.correct_be(demo_core, a["opr1"], be.job_no, _data(igm, bl="AWB-2"),
                       endorsement="late")
    assert err.value.rule == "IMP-AMD-1"


def test_imp_dut_1_imp_dut_2_imp_dut_3_duty_on_the_submission_date(demo_core, actors):
    """IMP-DUT-1, IMP-DUT-2, IMP-DUT-3: the worked example of the module docstring (IMP-DUT-1:
    the rate of the submission date; IMP-DUT-2: SWS 10 % of BCD, the IGST taxable value is
    AV + BCD + SWS, never IGST itself); IMP-DUT-3: the BE carries the port code, BE number
    and date, IGST taxable value and IGST for the importer's credit."""
    be = _submitted(demo_core, actors)
    assert (be.location_code, be.be_date) == ("INVTZ4", demo_core.today()) and be.be_no
    assert be.exchange_rate == Decimal("88.90")
    assert (be.assessable, be.bcd, be.sws) == (Decimal("88900.00"), Decimal("8890.00"),
                                               Decimal("889.00"))
    assert be.igst_taxable == Decimal("98679.00") and be.igst == Decimal("17762.22")
    assert be.duty == Decimal("27541.22")
    (item,) = be.items
    assert (item.bcd_rate, item.igst_rate) == (Decimal("10"), Decimal("18"))


def test_imp_be_6_late_charge_and_advance_filing(demo_core, actors):
    """IMP-BE-6: at an air port the BE is due by the end of the arrival day; 5 days late =
    3 × Rs 5,000 + 2 × Rs 10,000 = Rs 35,000; an officer may waive it with reasons; a BE more
    than 30 days before arrival is refused."""
    late = _submitted(demo_core, actors, _igm(demo_core, actors, days_to_arrival=-5))
    assert late.late_charge == Decimal("35000")
    igm = _igm(demo_core, actors, days_to_arrival=-2)
    be = bes.file_be(demo_core, actors["opr1"], _data(igm))
    bes.print_checklist(demo_core, actors["opr1"], be.job_no)
    waived = bes.submit_be(demo_core, actors["opr1"], be.job_no,
                           waive_late_charge="vessel papers delayed by the line")
    assert waived.late_charge == Decimal("0")
    early = _igm(demo_core, actors, days_to_arrival=31)
    be = bes.file_be(demo_core, actors["opr1"], _data(early))
    bes.print_checklist(demo_core, actors["opr1"], be.job_no)
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], be.job_no)
    assert err.value.rule == "IMP-BE-6"


def test_imp_apr_1_imp_pay_1_imp_exm_1_imp_ooc_1_second_check_to_out_of_charge(demo_core,
                                                                               actors):
    """IMP-APR-1: assessed before examination; IMP-PAY-1: Rs 27,541.22 is above Rs 10,000, so
    only online; IMP-EXM-1: goods registered after payment; IMP-OOC-1: Out of Charge once
    examined and paid."""
    be = _submitted(demo_core, actors)
    with pytest.raises(RuleViolation) as err:
        clr.register_goods(demo_core, actors["exm1"], be.be_no)
    assert err.value.rule == "IMP-EXM-1"
    be = clr.assess(demo_core, actors["apr1"], be.be_no)
    with pytest.raises(RuleViolation) as err:
        clr.pay_duty(demo_core, actors["opr1"], be.be_no, "cash")
    assert err.value.rule == "IMP-PAY-1"
    be = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    assert be.challan_no and be.state == "paid"
    with pytest.raises(RuleViolation) as err:
        clr.give_out_of_charge(demo_core, actors["apr1"], be.be_no)
    assert err.value.rule in ("IMP-OOC-1", "STATE")
    clr.register_goods(demo_core, actors["exm1"], be.be_no)
    clr.examine(demo_core, actors["exm1"], be.be_no, "paint in 10 drums as declared")
    done = clr.give_out_of_charge(demo_core, actors["apr1"], be.be_no)
    assert done.state == "out_of_charge" and done.ooc_at == demo_core.now()


def test_imp_apr_1_query_takes_effect_on_acdc_approval(demo_core, actors):
    """IMP-APR-1: the query needs the group AC/DC; the reply is keyed at the service centre
    and the BE returns to the appraiser."""
    be = _submitted(demo_core, actors)
    clr.raise_query(demo_core, actors["apr1"], be.be_no, "produce the test report")
    with pytest.raises(NotPermitted):
        clr.approve_query(demo_core, actors["apr2"], be.be_no)
    q = clr.approve_query(demo_core, actors["acdc1"], be.be_no)
    assert q.state == "query_pending"
    back = clr.reply_query(demo_core, actors["opr1"], be.be_no, "report attached")
    assert back.state == "second_check"
    assert clr.assess(demo_core, actors["apr1"], be.be_no).state == "assessed"


def test_imp_apr_1_query_raised_waits_for_the_acdc_who_approves_or_declines(demo_core,
                                                                           actors):
    """IMP-APR-1 (acts as data): a query raised alone waits for the group AC/DC
    (``query_raised``); until he approves it the service centre cannot reply and the
    appraiser cannot assess; approved it is pending with the importer; declined, the BE is
    back with the appraiser. Only the AC/DC (or higher) approves, and only at his own
    location; a refusal changes nothing."""
    a = actors
    be = _submitted(demo_core, a)
    raised = clr.raise_query(demo_core, a["apr1"], be.be_no, "produce the test report")
    assert raised.state == "query_raised"
    for fn, who, args in ((clr.reply_query, "opr1", ("x",)), (clr.assess, "apr1", ())):
        with pytest.raises(RuleViolation) as err:
            fn(demo_core, a[who], be.be_no, *args)
        assert (err.value.rule, err.value.check) == ("IMP-APR-1", "state")
    before = _count(demo_core, t.AuditRecord)
    for who, check in (("apr2", "role"), ("acdc9", "location")):
        with pytest.raises(NotPermitted) as err:
            clr.approve_query(demo_core, a[who], be.be_no)
        assert (err.value.act, err.value.check) == ("BE.query_approve", check)
    assert _count(demo_core, t.AuditRecord) == before
    assert clr.approve_query(demo_core, a["acdc1"], be.be_no).state == "query_pending"
    clr.reply_query(demo_core, a["opr1"], be.be_no, "report attached")
    clr.raise_query(demo_core, a["apr1"], be.be_no, "and the licence")
    assert clr.decline_query(demo_core, a["acdc2"], be.be_no,
                             "the report answers it").state == "second_check"
    assert clr.assess(demo_core, a["apr1"], be.be_no).state == "assessed"


def test_roles_every_be_act_at_the_officers_own_location_only(demo_core, actors):
    """roles.md: an officer acts only where posted. Port Blair's appraiser may not assess,
    nor its operator correct or print, a Visakhapatnam BE (NotPermitted, checked
    ``location``, nothing changed); the examiner registers the goods, not the appraiser
    (roles.md); a BE changed since the officer saw it is refused (``version``)."""
    from console.errors import Conflict
    from console.services import prints

    a = actors
    igm = _igm(demo_core, a)
    draft = bes.file_be(demo_core, a["opr1"], _data(igm))
    be = _submitted(demo_core, a, igm, bl="AWB-2")
    before = _count(demo_core, t.AuditRecord)
    for fn, who, args, act in (
            (clr.assess, "apr9", (be.be_no,), "BE.assess"),
            (bes.correct_be, "opr9", (draft.job_no, _data(igm)), "BE.correct"),
            (prints.print_document, "opr9", ("be_checklist", draft.job_no),
             "BE.print_be_checklist")):
        with pytest.raises(NotPermitted) as err:
            fn(demo_core, a[who], *args)
        assert (err.value.act, err.value.check) == (act, "location"), err.value
    with pytest.raises(Conflict) as err:
        clr.assess(demo_core, a["apr1"], be.be_no, expected_version=be.version - 1)
    assert (err.value.act, err.value.check) == ("BE.assess", "version")
    assert _count(demo_core, t.AuditRecord) == before
    clr.assess(demo_core, a["apr1"], be.be_no, expected_version=be.version)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    with pytest.raises(NotPermitted) as err:
        clr.register_goods(demo_core, a["apr1"], be.be_no)
    assert (err.value.act, err.value.check) == ("BE.register_goods", "role")
    assert clr.register_goods(demo_core, a["exm1"], be.be_no).state == "registered"


def test_imp_apr_2_first_check_examined_then_assessed(demo_core, actors):
    """IMP-APR-2: with first check the goods are registered and examined before assessment;
    then the duty is paid and Out of Charge given."""
    be = _submitted(demo_core, actors, first_check=True)
    assert be.state == "first_check"
    with pytest.raises(RuleViolation):
        clr.assess(demo_core, actors["apr1"], be.be_no)
    clr.register_goods(demo_core, actors["exm1"], be.be_no)
    clr.examine(demo_core, actors["exm1"], be.be_no, "as declared")
    clr.assess(demo_core, actors["apr1"], be.be_no)
    clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    assert clr.give_out_of_charge(demo_core, actors["apr1"], be.be_no).state == "out_of_charge"


def test_imp_be_1_imp_ooc_1_cli_from_igm_to_out_of_charge(cli):
    """IMP-IGM-1 → IMP-OOC-1 by CLI, with the documented example declaration
    (fixtures/examples/be.json) pointed at the IGM just filed."""
    import json
    from pathlib import Path

    lines = cli.tmp / "lines.json"
    lines.write_text(json.dumps([{"bl_no": "AWB-1", "importer_name": "Andhra Pharma",
                                  "packages": 10, "package_kind": "BOX",
                                  "gross_weight_kg": "500", "description": "paint"}]))
    igm = cli("igm", "file", "--carrier", "AI", "--arrival", "2026-11-03", "--lines",
              str(lines), "--user", "car1")
    cli("igm", "entry-inwards", igm["igm_no"], "--user", "apr1")  # arrived (IMP-IGM-2)
    example = json.loads((Path(__file__).parent.parent / "fixtures" / "examples" / "be.json")
                         .read_text())
    example.update(igm_no=igm["igm_no"], bl_no="AWB-1")
    path = cli.tmp / "be.json"
    path.write_text(json.dumps(example))
    job = cli("be", "new", str(path), "--user", "opr1")["job_no"]
    cli("be", "checklist", job, "--user", "opr1")
    # IMP-BE-2: a correction marked on the checklist, keyed from the draft as keyed
    keyed = cli("be", "keyed", job)
    assert keyed == example
    keyed["first_check"] = True
    path.write_text(json.dumps(keyed))
    refused = cli("be", "correct", job, str(path), "--user", "opr1", ok=False)
    assert getattr(refused.exception, "rule", "") == "IMP-BE-2"
    fixed = cli("be", "correct", job, str(path), "--endorsement", "first check, round 1",
                "--user", "opr1")
    assert (fixed["state"], fixed["first_check"]) == ("draft", True)
    path.write_text(json.dumps(example))
    cli("be", "correct", job, str(path), "--user", "opr1")
    cli("be", "checklist", job, "--user", "opr1")
    be = cli("be", "submit", job, "--user", "opr1")
    # CIF 2,532 USD at 88.90 = 225,094.80; BCD 10 % 22,509.48, SWS 10 % of it 2,250.95,
    # IGST 12 % of 249,855.23 = 29,982.63 (fishing nets of nylon, 56081110)
    assert be["state"] == "second_check" and be["duty"] == "54743.06"
    no = be["be_no"]
    cli("be", "assess", no, "--version", be["version"], "--user", "apr1")
    cli("be", "pay", no, "--user", "opr1")
    cli("be", "register-goods", no, "--user", "exm1")
    cli("be", "examine", no, "--report", "as declared", "--user", "exm1")
    assert cli("be", "ooc", no, "--user", "apr1")["state"] == "out_of_charge"


def test_imp_apr_1_the_enquiry_carries_the_acts_open_to_the_officer(demo_core, actors):
    """IMP-APR-1, IMP-PAY-1 (acts as data): the BE enquiry lists what the enquiring officer
    may do now, from the BE table less what the BE's own facts rule out; an officer posted
    elsewhere may do nothing to it."""
    from console.services.imports import be_enquiry

    a = actors
    be = _submitted(demo_core, a)

    def acts(who: str) -> tuple[str, ...]:
        return be_enquiry.enquire(demo_core, a[who], be.be_no).acts

    assert {"BE.assess", "BE.query", "BE.bond_specify"} <= set(acts("apr1"))
    assert "BE.hss_charges" not in acts("apr1")  # not a high-sea sale
    assert "BE.pay" not in acts("opr1") and acts("apr9") == ()
    clr.assess(demo_core, a["apr1"], be.be_no)
    assert "BE.pay" in acts("opr1") and "BE.assess" not in acts("apr1")
    assert "BE.print_be" in acts("apr1") and "BE.ccv" not in acts("apr1")


def test_imp_igm_1_imp_igm_2_register_lists_igms_lines_bes_and_open_acts(demo_core, actors):
    """IMP-IGM-1, IMP-BE-1, IMP-IGM-2 (the IGM register): the IGMs at the officer's location,
    newest first, each line with the BE filed against it or free, each IGM with the acts
    open to the officer: before entry inwards the carrier amends and the appraiser grants
    entry inwards; after it only the AC/DC amends. Another location sees none of them."""
    from console.demo.imports import RULES_VOYAGE

    a = actors
    here = manifests.igms_here(demo_core, a["car1"])
    assert [v.igm_no for v in here] == sorted((v.igm_no for v in here), reverse=True)
    (demo,) = [v for v in here if v.voyage == RULES_VOYAGE]  # the demo's, before entry inwards
    assert (demo.state, demo.carrier_name, demo.entry_inwards_at) == ("filed", "Air India", None)
    free = [x.bl_no for x in demo.lines if x.free]
    assert free == ["098-FREE-5", "098-FREE-6"]
    taken = [x for x in demo.lines if not x.free]
    assert len(taken) == 4 and all(x.be_no and x.be_job_no for x in taken)
    assert demo.acts == ("IGM.amend_line",) and demo.amend_rank == ""

    def acts(who: str) -> tuple[str, ...]:
        return manifests.get_igm(demo_core, demo.igm_no, a[who]).acts

    assert acts("apr1") == ("IGM.entry_inwards",)
    assert acts("opr1") == ("IGM.amend_line",)
    assert acts("acdc1") == ("IGM.entry_inwards", "IGM.amend_line")
    assert acts("apr9") == () and manifests.igms_here(demo_core, a["apr9"]) == []
    granted = manifests.grant_entry_inwards(demo_core, a["apr1"], demo.igm_no)
    assert (granted.state, granted.acts, granted.amend_rank) == ("entry_inwards", (), "ACDC")
    assert acts("car1") == () and acts("acdc1") == ("IGM.amend_line",)
    assert "AI" in [c.code for c in manifests.carriers(demo_core)]


def test_imp_be_1_a_line_shows_its_draft_then_its_be_number(demo_core, actors):
    """IMP-BE-1: a line is free until a declaration is keyed against it; then it shows the
    draft's job number, and the BE number once submitted."""
    igm = _igm(demo_core, actors)
    assert [x.free for x in igm.lines] == [True, True]
    be = bes.file_be(demo_core, actors["opr1"], _data(igm))
    line = manifests.get_igm(demo_core, igm.igm_no).lines[0]
    assert (line.free, line.be_job_no, line.be_no) == (False, be.job_no, None)
    bes.print_checklist(demo_core, actors["opr1"], be.job_no)
    done = bes.submit_be(demo_core, actors["opr1"], be.job_no)
    line, other = manifests.get_igm(demo_core, igm.igm_no).lines
    assert (line.be_no, other.free) == (done.be_no, True)


def test_imp_igm_2_goods_are_not_registered_before_entry_inwards(demo_core, actors):
    """IMP-IGM-2 (issue 17 item 4): the IGM line opens with entry inwards (imports.md's
    states), when the IGM goes to the custodian (004 §2.3(iii)); the goods arrive at the
    customs station with it, and only arrived goods are registered (004 §7.2). A BE may
    be filed, assessed and paid against a line filed in advance, but its goods are not
    registered, so never examined nor given Out of Charge, before entry inwards."""
    a = actors
    igm = manifests.file_igm(demo_core, a["car1"], "AI", demo_core.today(), [
        {"bl_no": "AWB-EI-1", "importer_name": "Andhra Pharma", "packages": 10,
         "package_kind": "BOX", "gross_weight_kg": "500", "description": "paint"}])
    be = bes.file_be(demo_core, a["opr1"], _data(igm, bl="AWB-EI-1"))
    bes.print_checklist(demo_core, a["opr1"], be.job_no)
    be = bes.submit_be(demo_core, a["opr1"], be.job_no)
    clr.assess(demo_core, a["apr1"], be.be_no)
    clr.pay_duty(demo_core, a["opr1"], be.be_no, "online")
    with pytest.raises(RuleViolation) as refused:
        clr.register_goods(demo_core, a["exm1"], be.be_no)
    assert refused.value.rule == "IMP-IGM-2" and str(igm.igm_no) in str(refused.value)
    assert bes.get_be(demo_core, be.be_no).state == "paid"  # nothing changed
    manifests.grant_entry_inwards(demo_core, a["apr1"], igm.igm_no)
    assert clr.register_goods(demo_core, a["exm1"], be.be_no).state == "registered"


# ---- issue 21: the BE worklist reads only the states its stages can be in ----


def test_be_worklist_stage_states_are_what_each_stage_allows():
    """Every stage's condition implies its ``STAGE_STATES`` (so the list's top-level
    ``state IN (...)`` drops no BE), and each of those states is reachable: checked on
    every combination of the facts the conditions read, in a table of just those
    columns."""
    import itertools

    import sqlalchemy as sa

    from console.acts.be import BeState, BeType
    from console.services.imports import be_worklists as bw

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE billofentry (id INTEGER PRIMARY KEY, state TEXT, first_check BOOLEAN,"
            " be_type TEXT, paid_at TEXT, assessed_at TEXT, registered_at TEXT,"
            " examined_at TEXT)")
        conn.exec_driver_sql("CREATE TABLE exbond (id INTEGER PRIMARY KEY, be_id INTEGER, "
                             "checked_at TEXT)")
        for n, (state, first, kind, *times, bond) in enumerate(itertools.product(
                list(BeState), (0, 1), list(BeType), *[(None, "2026-11-02")] * 4,
                ("none", "unchecked", "checked")), 1):
            conn.exec_driver_sql("INSERT INTO billofentry VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 (n, state.value, first, kind.value, *times))
            if bond != "none":
                conn.exec_driver_sql("INSERT INTO exbond (be_id, checked_at) VALUES (?, ?)",
                                     (n, "2026-11-02" if bond == "checked" else None))
        be = t.BillOfEntry
        assert set(bw.STAGE_STATES) == set(bw.STAGES)
        for stage, cond in bw.STAGES.items():
            found = {r[0] for r in conn.execute(select(be.state).where(cond).distinct())}
            assert found == set(bw.STAGE_STATES[stage]), stage


def test_be_worklists_same_rows_same_order(demo_core, actors):
    """Each role's BE list (and each stage of it) is the BEs its stages' conditions select
    at the port, newest BE first, page by page: the ``state IN (...)`` changes the plan,
    not the rows."""
    from sqlalchemy import or_

    from console.services.imports import be_worklists as bw
    from tests import bond_support as bs

    bs.submitted(demo_core, actors)
    bs.assessed(demo_core, actors)
    be = t.BillOfEntry

    def reference(actor, stages) -> list[str]:
        with demo_core.db.read() as s:
            rows = s.exec(select(be.be_no, be.job_no).where(
                be.location_code == actor.location_code,
                or_(*(bw.STAGES[x] for x in stages)))
                .order_by(be.be_no.desc(), be.job_no.desc())).all()
        return [str(r.be_no or f"job {r.job_no}") for r in rows]

    seen = 0
    for name in ("opr1", "apr1", "apr2", "exm1", "acdc1"):
        actor = actors[name]
        stages = bw.STAGES_FOR.get(actor.role, ())
        for narrowed in (None, *stages):
            want = reference(actor, (narrowed,) if narrowed else stages)
            page = bw.for_officer(demo_core, actor, limit=500, stage=narrowed)
            assert ([r.ref for r in page.rows], page.total) == (want, len(want)), (name,
                                                                                 narrowed)
            paged = [r.ref for off in range(0, len(want), 2)
                     for r in bw.for_officer(demo_core, actor, offset=off, limit=2,
                                             stage=narrowed).rows]
            assert paged == want
            seen += len(want)
    assert seen


def test_imp_pay_1_nil_duty_is_recorded_without_a_challan(demo_core, actors):
    """IMP-PAY-1 (decided, spec silent): printed books (4901 99 00, BCD and IGST nil) are
    assessed at nil duty. The BE still takes the payment step, its next step saying so, and
    recording it gives no challan for Rs 0; the goods then go to registration."""
    from console.services.imports import be_enquiry

    be = _submitted(demo_core, actors, items=[{
        "tariff_item": "49019900", "description": "Printed books", "quantity": "500",
        "uqc": "KGS", "value": "1000"}])
    be = clr.assess(demo_core, actors["apr1"], be.be_no)
    assert be.duty == 0 and be.amount_due == 0
    seen = be_enquiry.enquire(demo_core, actors["opr1"], be.be_no)
    assert seen.next_step == "to_pay" and "nil duty" in seen.waiting_with
    be = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    row = _row(demo_core, be.job_no)
    assert row.paid_at is not None and row.challan_no is None and row.duty_paid_paise == 0
    seen = be_enquiry.enquire(demo_core, actors["opr1"], be.be_no)
    assert seen.next_step == "to_register"
    assert seen.history[-1].reason == "nil duty: nothing to pay, no challan"

"""Amendments of a submitted SB (EXP-AMD-1..4, EXP-RMS-1, charges.md, roles.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import Conflict, IcesError, InvalidInput, NotPermitted, RuleViolation
from console.services.exports import amendments as amd
from console.services.exports import egm, filing, leo
from console.services.exports.sb_common import get_sb
from console.services.exports.sb_versions import sb_versions
from tests.sb_support import (
    IEC_COCONUT,
    IEC_MARINE,
    IEC_PHARMA,
    declaration,
    file,
    registered,
)
from tests.sb_support import snapshot as sb_snapshot

MARINE_ITEM = "03033300"  # frozen sole: the marine-products RMS rule (assessment, MPEDA)


def snapshot(core) -> dict:
    """The SB tables, the audit head, and this issue's tables and the print log."""
    out = sb_snapshot(core)
    with core.db.read() as s:
        for tbl in (t.AmendmentRequest, t.SbVersion):
            out[tbl.__name__] = s.exec(select(func.count()).select_from(tbl)).one()
        out["requests"] = tuple(s.exec(select(t.AmendmentRequest.state,
                                              t.AmendmentRequest.version)).all())
        out["prints"] = tuple(s.exec(select(t.PrintLog.id, t.PrintLog.cancelled)).all())
        out["sbs"] = tuple(s.exec(select(t.ShippingBill.packages, t.ShippingBill.fob_inr_paise,
                                         t.ShippingBill.route)).all())
    return out


def facilitated(core, a, **kw):
    return file(core, a, declaration(core, IEC_MARINE, "09", avoid="03", **kw))


def at_leo(core, a):
    sb = registered(core, a, facilitated(core, a, quantity="60"))
    return leo.give_let_export_order(core, a["apr2"], sb.sb_no)


def test_exp_amd_1_no_amendment_before_the_sb_number(demo_core, actors):
    """EXP-AMD-1: a job without an SB number is corrected on the checklist, not amended."""
    job = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"),
               submit=False)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.request_amendment(demo_core, actors["opr1"], job.job_no, {"packages": 12},
                              "wrong count", job=True)
    assert err.value.rule == "EXP-AMD-1" and "checklist" in err.value.message
    assert snapshot(demo_core) == before
    # the same job once submitted has its number: then it is an amendment
    sb = filing.submit_sb(demo_core, actors["opr1"], job.job_no)
    req = amd.request_amendment(demo_core, actors["opr1"], job.job_no, {"packages": 12},
                                "wrong count", job=True)
    assert (req.sb_no, req.required_rank, req.rule) == (sb.sb_no, "ACDC", "EXP-AMD-2")


def test_exp_amd_2_before_leo_acdc_allows_and_ac_approves_in_system(demo_core, actors):
    """EXP-AMD-2: before LEO the AC/DC allows, then the AC (Exports) approves in the system;
    the diff is applied, the versions kept, the fee charged (charges.md, INVTZ4)."""
    sb = facilitated(demo_core, actors)
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no,
                                {"packages": 12, "gross_weight_kg": "130",
                                 "items": {"1": {"description": "Arabica coffee, A grade"}}},
                                "exporter's letter of 2.11: 12 boxes, not 10")
    assert req.state == "requested" and req.stage == "permission"
    assert {(c.where, c.field, c.before, c.after) for c in req.changes} >= {
        ("SB", "packages", 10, 12), ("SB", "gross_weight_kg", "120", "130")}
    for who in ("opr1", "apr1", "exm1"):
        with pytest.raises(NotPermitted):
            amd.permit_amendment(demo_core, actors[who], req.id)
    with pytest.raises(RuleViolation):  # not permitted yet: nothing to approve in the system
        amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    req = amd.permit_amendment(demo_core, actors["acdc1"], req.id, "letter seen")
    assert (req.state, req.permission_by, req.stage) == ("permitted", "acdc1",
                                                         "approval in system")
    with pytest.raises(NotPermitted):
        amd.approve_in_system(demo_core, actors["apr1"], req.id)
    done = amd.approve_in_system(demo_core, actors["acdc2"], req.id,
                                 expected_version=req.version)
    assert (done.state, done.approved_in_system_by) == ("approved", "acdc2")
    assert done.fee == Decimal("10.00")  # one block of five items at Visakhapatnam
    view = get_sb(demo_core, sb.sb_no)
    assert (view.packages, view.gross_weight_kg, view.items[0].description) == (
        12, Decimal("130"), "Arabica coffee, A grade")
    versions = sb_versions(demo_core, sb.sb_no)
    assert [v.version_no for v in versions] == [1, 2]
    assert versions[0].snapshot["packages"] == 10 and versions[1].snapshot["packages"] == 12
    assert {"packages", "gross_weight_kg", "item 1 description"} <= set(versions[1].changed)


def test_exp_amd_2_after_leo_needs_the_additional_commissioner(demo_core, actors):
    """EXP-AMD-2: after LEO an AC/DC's permission is refused; the Addl/Jt Commissioner
    allows; the AC (Exports) still approves in the system."""
    sb = at_leo(demo_core, actors)
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "NEW MARKS"},
                                "marks corrected")
    assert req.required_rank == "ADC"
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted) as err:
        amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    assert err.value.rule == "EXP-AMD-2" and "ADC" in err.value.message
    assert snapshot(demo_core) == before
    amd.permit_amendment(demo_core, actors["adc1"], req.id)
    done = amd.approve_in_system(demo_core, actors["acdc1"], req.id)
    assert done.state == "approved" and get_sb(demo_core, sb.sb_no).marks == "NEW MARKS"
    assert get_sb(demo_core, sb.sb_no).state == "let_export"  # the route is recorded only


def test_exp_amd_2_leo_after_the_request_raises_the_rank(demo_core, actors):
    """EXP-AMD-2: the rank follows the SB as it is when permission is given."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors, quantity="70"))
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "X 1-10"}, "r")
    assert req.required_rank == "ACDC"
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    assert snapshot(demo_core) == before
    assert amd.permit_amendment(demo_core, actors["adc1"], req.id).required_rank == "ADC"


def test_exp_amd_2_permission_before_leo_is_not_enough_after_leo(demo_core, actors):
    """EXP-AMD-2: allowed by the AC/DC before LEO, LEO given before the approval in the
    system: the Addl/Jt Commissioner must allow it now."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors, quantity="75"))
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "X"}, "r")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    assert err.value.rule == "EXP-AMD-2" and "Additional/Joint" in err.value.message
    assert snapshot(demo_core) == before


def test_exp_amd_2_exported_sb_needs_the_commissioner(demo_core, actors):
    """EXP-AMD-2 (design): once the EGM is filed the SB is closed; only the Commissioner
    allows its amendment."""
    sb = at_leo(demo_core, actors)
    egm.file_egm(demo_core, actors["car1"], "AI", [sb.sb_no], voyage="AI-101")
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no,
                                {"recipient_name": "Demo Buyer Inc."}, "buyer's name")
    assert req.required_rank == "COM"
    before = snapshot(demo_core)
    for who in ("acdc1", "adc1"):
        with pytest.raises(NotPermitted) as err:
            amd.permit_amendment(demo_core, actors[who], req.id)
        assert err.value.rule == "EXP-AMD-2"
    assert snapshot(demo_core) == before
    amd.permit_amendment(demo_core, actors["com1"], req.id, "file 12/2026")
    done = amd.approve_in_system(demo_core, actors["acdc1"], req.id)
    assert done.state == "approved"
    view = get_sb(demo_core, sb.sb_no)
    assert (view.state, view.recipient_name) == ("exported", "Demo Buyer Inc.")


def test_roles_the_service_centre_keys_amendments_officers_allow_them(demo_core, actors):
    """roles.md: officers do not key the trade's requests on its behalf: an AC/DC or an
    appraiser asking for an amendment is refused and nothing changes; the operator keys it
    and the AC/DC allows it."""
    sb = facilitated(demo_core, actors)
    before = snapshot(demo_core)
    for who in ("acdc1", "apr1", "adc1"):
        with pytest.raises(NotPermitted) as err:
            amd.request_amendment(demo_core, actors[who], sb.sb_no, {"marks": "M"}, "r")
        assert err.value.check == "role"
    assert snapshot(demo_core) == before
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "M"}, "r")
    with pytest.raises(NotPermitted):
        amd.permit_amendment(demo_core, actors["opr1"], req.id)
    amd.permit_amendment(demo_core, actors["acdc2"], req.id)
    assert amd.approve_in_system(demo_core, actors["acdc1"], req.id).state == "approved"


def test_exp_amd_2_printed_copies_surrendered_and_cancelled_first(demo_core, actors):
    """EXP-AMD-2: if SB copies were printed, they are surrendered and cancelled before
    approval (the print log marks them cancelled)."""
    sb = at_leo(demo_core, actors)
    with demo_core.db.write() as s:
        for copy_name in ("Customs copy", "Exporter's copy"):
            s.add(t.PrintLog(doc_kind="SB", doc_ref=str(sb.sb_no), copy_name=copy_name,
                             printed_by="apr2", printed_at=demo_core.now()))
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "M2"}, "r")
    amd.permit_amendment(demo_core, actors["adc1"], req.id)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.approve_in_system(demo_core, actors["acdc1"], req.id)
    assert err.value.rule == "EXP-AMD-2" and "2 printed copies" in err.value.message
    assert snapshot(demo_core) == before
    done = amd.approve_in_system(demo_core, actors["acdc1"], req.id, copies_surrendered=True)
    assert done.copies_surrendered == 2
    with demo_core.db.read() as s:
        prints = s.exec(select(t.PrintLog).where(t.PrintLog.doc_ref == str(sb.sb_no))).all()
        assert all(p.cancelled and p.cancelled_by == "acdc1" for p in prints)


def test_exp_amd_4_rms_runs_again_and_the_route_changes(demo_core, actors):
    """EXP-AMD-4 / EXP-RMS-1: the amended SB is routed again; a new route sends it where a
    new filing would go, with the new CCRs, and the change is recorded."""
    sb = facilitated(demo_core, actors)
    assert sb.route == "facilitated" and sb.state == "facilitated"
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"items": {"1": {
        "tariff_item": MARINE_ITEM, "description": "Frozen sole", "uqc": "KGS"}}},
        "goods are frozen fish, not coffee")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    done = amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    assert (done.route_before, done.route_after) == ("facilitated", "assessment")
    view = get_sb(demo_core, sb.sb_no)
    assert view.state == "awaiting_assessment" and [c.code for c in view.ccrs] == ["MPEDA"]
    from console.services.exports.enquiry import enquire

    history = enquire(demo_core, actors["apr1"], sb.sb_no).history
    reroute = [h for h in history if h.action == "reroute"][-1]
    assert (reroute.from_state, reroute.to_state, reroute.officer) == (
        "facilitated", "awaiting_assessment", "SYSTEM")
    assert "route facilitated → assessment" in reroute.reason


def test_exp_amd_4_unchanged_route_is_still_recorded(demo_core, actors):
    """EXP-AMD-4: RMS runs after every amendment, even when the route stays the same."""
    sb = facilitated(demo_core, actors)
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "Z"}, "r")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    from console.services.exports.enquiry import enquire

    actions = [h.action for h in enquire(demo_core, actors["apr1"], sb.sb_no).history]
    assert actions[-2:] == ["amend", "rms_again"]
    assert get_sb(demo_core, sb.sb_no).state == "facilitated"


def test_exp_amd_2_values_and_drawback_recomputed(demo_core, actors):
    """EXP-AMD-2: a quantity change re-values the items and recomputes drawback."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08", quantity="300",
                                             drawback=True))
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {
        "items": {"1": {"quantity": "600"}}, "invoices": {"1": {"invoice_value": "6000"}}},
        "quantity doubled")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    view = get_sb(demo_core, sb.sb_no)
    assert view.fob_inr == sb.fob_inr * 2
    assert view.drawback > sb.drawback
    versions = sb_versions(demo_core, sb.sb_no)
    assert Decimal(versions[0].snapshot["fob_inr"]) == sb.fob_inr
    assert Decimal(versions[-1].snapshot["fob_inr"]) == view.fob_inr


def test_exp_amd_3_freight_change_same_split_and_only_freight(demo_core, actors):
    """EXP-AMD-3: freight/insurance changes follow the AC/DC / Addl Commissioner split and
    change only freight and insurance; on a CIF SB the FOB follows."""
    data = declaration(demo_core, IEC_MARINE, "09", avoid="03")
    data["nature_of_contract"] = "CIF"
    data["invoices"][0]["freight"] = "50"
    sb = file(demo_core, actors, data)
    with pytest.raises(InvalidInput) as err:
        amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 3}, "r",
                              kind="freight_insurance")
    assert err.value.rule == "EXP-AMD-3"
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no,
                                {"invoices": {"1": {"freight": "100"}}},
                                "freight bill revised", kind="freight_insurance")
    assert (req.rule, req.required_rank) == ("EXP-AMD-3", "ACDC")
    with pytest.raises(NotPermitted):
        amd.permit_amendment(demo_core, actors["apr1"], req.id)
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    view = get_sb(demo_core, sb.sb_no)
    assert view.invoices[0].freight_fc == Decimal("100")
    rate = view.invoices[0].exchange_rate
    assert view.fob_inr == (Decimal("900") * rate).quantize(Decimal("0.01"))
    # after LEO the same change needs the Additional/Joint Commissioner
    later = at_leo(demo_core, actors)
    req = amd.request_amendment(demo_core, actors["opr1"], later.sb_no,
                                {"invoices": {"1": {"insurance": "5"}}}, "insurance",
                                kind="freight_insurance")
    with pytest.raises(NotPermitted) as err:
        amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    assert err.value.rule == "EXP-AMD-3"
    assert amd.permit_amendment(demo_core, actors["adc1"], req.id).state == "permitted"


def test_charges_amendment_fee_per_block_and_flat(demo_core, actors):
    """charges.md: ₹10 per block of five items amended at Visakhapatnam (2013), ₹10 flat per
    amendment at Port Blair (post-2017)."""
    with demo_core.db.read() as s:
        on = demo_core.today()
        assert amd.amendment_fee(s, "INVTZ4", on, 12) == Decimal("30")
        assert amd.amendment_fee(s, "INVTZ4", on, 0) == Decimal("10")
        assert amd.amendment_fee(s, "INIXZ1", on, 12) == Decimal("10")
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03", items=7))
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"items": {
        str(n): {"description": f"coffee lot {n}"} for n in range(1, 7)}}, "lot numbers")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    assert amd.approve_in_system(demo_core, actors["acdc2"], req.id).fee == Decimal("20.00")
    blair = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08", quantity="20",
                                                location="INIXZ1"), opr="opr9")
    req = amd.request_amendment(demo_core, actors["opr9"], blair.sb_no, {"marks": "PB"}, "r")
    with pytest.raises(NotPermitted) as err:  # roles.md: officers act where they are posted
        amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    assert err.value.check == "location"
    amd.permit_amendment(demo_core, actors["acdc9"], req.id)
    assert amd.approve_in_system(demo_core, actors["acdc9"], req.id).fee == Decimal("10.00")


def test_item_added_and_removed(demo_core, actors):
    """EXP-AMD-2: an amendment may add or remove items; the invoice must still add up."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03", items=2))
    with demo_core.db.read() as s:
        data = amd.declaration_data(s, s.exec(select(t.ShippingBill).where(
            t.ShippingBill.sb_no == sb.sb_no)).one())
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {
        "items": {"2": None, "3": data["items"][0]}}, "second line re-keyed")
    assert {c.action for c in req.changes} == {"add", "remove"}
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    assert len(get_sb(demo_core, sb.sb_no).items) == 2


def test_refusals_change_nothing(demo_core, actors):
    """EXP-AMD-2: bad or impossible requests are refused before anything is written."""
    sb = facilitated(demo_core, actors)
    before = snapshot(demo_core)
    cases = [
        ({"iec": IEC_PHARMA}, InvalidInput),  # another exporter: a new SB
        ({"packages": 10}, InvalidInput),  # nothing differs
        ({"items": {"1": {"tariff_item": "99999999"}}}, InvalidInput),  # not in the tariff
        ({"items": {"1": {"quantity": "200"}}}, InvalidInput),  # invoice no longer adds up
        ({"colour": "red"}, InvalidInput),
    ]
    for changes, error in cases:
        with pytest.raises(error):
            amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, changes, "r")
    with pytest.raises(InvalidInput):
        amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 11}, " ")
    for who in ("exm1", "cus1", "car1"):
        with pytest.raises(NotPermitted):
            amd.request_amendment(demo_core, actors[who], sb.sb_no, {"packages": 11}, "r")
    assert snapshot(demo_core) == before
    amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 11}, "r")
    with pytest.raises(RuleViolation):  # one open amendment at a time
        amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 13}, "r")


def test_lapsed_sb_cannot_be_amended(demo_core, actors):
    with demo_core.db.read() as s:
        lapsed = s.exec(select(t.ShippingBill.sb_no)
                        .where(t.ShippingBill.state == "lapsed")).first()
    with pytest.raises(RuleViolation) as err:
        amd.request_amendment(demo_core, actors["opr1"], lapsed, {"packages": 1}, "r")
    assert err.value.rule == "EXP-FIL-5"


def test_reject_leaves_the_sb_as_it_was(demo_core, actors):
    sb = facilitated(demo_core, actors)
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 11}, "r")
    with pytest.raises(NotPermitted):
        amd.reject(demo_core, actors["apr1"], req.id, "no")
    with pytest.raises(InvalidInput):
        amd.reject(demo_core, actors["acdc1"], req.id, "")
    done = amd.reject(demo_core, actors["acdc1"], req.id, "no documents produced")
    assert (done.state, done.rejected_by) == ("rejected", "acdc1")
    assert get_sb(demo_core, sb.sb_no).packages == 10
    assert sb_versions(demo_core, sb.sb_no) == []
    with pytest.raises(IcesError):
        amd.permit_amendment(demo_core, actors["acdc2"], req.id)


def test_stale_request_is_refused_after_another_amendment(demo_core, actors):
    """A request whose 'before' no longer holds is refused (Conflict), nothing changes."""
    sb = facilitated(demo_core, actors)
    first = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 11}, "r")
    amd.permit_amendment(demo_core, actors["acdc1"], first.id)
    amd.approve_in_system(demo_core, actors["acdc2"], first.id)
    with demo_core.db.write() as s:  # a request keyed against the old SB
        row = s.get(t.AmendmentRequest, first.id)
        stale = t.AmendmentRequest(**{**row.model_dump(), "id": None, "state": "permitted",
                                      "version": 1})
        s.add(stale)
        s.flush()
        stale_id = stale.id
    before = snapshot(demo_core)
    with pytest.raises(Conflict):
        amd.approve_in_system(demo_core, actors["acdc2"], stale_id)
    assert snapshot(demo_core) == before


def test_versions_history_of_an_sb_amended_twice(demo_core, actors):
    sb = facilitated(demo_core, actors)
    for n, change in enumerate(({"packages": 11}, {"marks": "SECOND"}), start=1):
        req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, change, f"r{n}")
        amd.permit_amendment(demo_core, actors["acdc1"], req.id)
        amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    versions = sb_versions(demo_core, sb.sb_no)
    assert [v.version_no for v in versions] == [1, 2, 3]
    assert versions[1].changed == ("packages",) and versions[2].changed == ("marks",)


def test_exp_amd_2_sb_show_json_carries_every_version(demo_core):
    """EXP-AMD-2: `ices sb show N --json` lists every kept version of an amended SB."""
    import json

    from typer.testing import CliRunner

    from console.cli import app

    with demo_core.db.read() as s:
        sb_id = s.exec(select(t.SbVersion.sb_id)).first()
        sb_no = s.get(t.ShippingBill, sb_id).sb_no
    out = CliRunner().invoke(app, ["--db", demo_core.db.url, "sb", "show", str(sb_no), "--json"])
    assert out.exit_code == 0, out.output
    shown = json.loads(out.output)
    assert shown["sb_no"] == sb_no
    assert [v["version_no"] for v in shown["versions"]] == [1, 2]

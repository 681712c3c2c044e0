"""Facilitated SBs (EXP-RMS-3/4), the supervisor's approvals list, and the command line."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from console.clock import FixedClock
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.exports import amendments as amd
from console.services.exports import assessment, cancellations, examination, queries, supervision
from console.services.exports.sb_common import get_sb
from tests.conftest import T0
from tests.pdf_support import pages
from tests.sb_support import IEC_MARINE, IEC_PHARMA, declaration, file, registered
from tests.test_amendments import snapshot


def facilitated(core, a, quantity="100"):
    return file(core, a, declaration(core, IEC_MARINE, "09", avoid="03", quantity=quantity))


def test_exp_rms_3_examining_a_facilitated_sb_needs_adc_approval(demo_core, actors):
    """EXP-RMS-3: only with the prior approval of an Addl/Jt Commissioner or the
    Commissioner, reasons in the departmental comments; then the examination order."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors))
    with pytest.raises(InvalidInput):
        supervision.request_exam_facilitated(demo_core, actors["apr1"], sb.sb_no, " ")
    req = supervision.request_exam_facilitated(demo_core, actors["apr1"], sb.sb_no,
                                               "intelligence: undervaluation")
    assert (req.required_rank, req.rule) == ("ADC", "EXP-RMS-3")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted) as err:
        supervision.approve_exam_facilitated(demo_core, actors["acdc1"], req.id, "ok")
    assert err.value.rule == "EXP-RMS-3"
    with pytest.raises(InvalidInput):  # reasons in the departmental comments
        supervision.approve_exam_facilitated(demo_core, actors["adc1"], req.id, "")
    assert snapshot(demo_core) == before
    supervision.approve_exam_facilitated(demo_core, actors["adc1"], req.id,
                                         "examine 100%: price list of competitor")
    view = get_sb(demo_core, sb.sb_no)
    assert view.state == "under_examination" and view.goods.examiner
    assert "competitor" in view.exam_instructions and view.needs_examination
    from console.services.exports.enquiry import enquire

    actions = [h.action for h in enquire(demo_core, actors["apr1"], sb.sb_no).history]
    assert "departmental_comment" in actions


def test_exp_rms_3_before_registration_the_order_follows_registration(demo_core, actors):
    """EXP-RMS-3."""
    sb = facilitated(demo_core, actors, "55")
    req = supervision.request_exam_facilitated(demo_core, actors["apr1"], sb.sb_no, "check")
    supervision.approve_exam_facilitated(demo_core, actors["com1"], req.id, "random check")
    assert get_sb(demo_core, sb.sb_no).state == "facilitated"
    assert registered(demo_core, actors, sb).state == "under_examination"


def test_exp_rms_3_refusals(demo_core, actors):
    """EXP-RMS-3: not for an SB RMS did not facilitate; not one's own request (roles.md)."""
    routed = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004"))
    with pytest.raises(RuleViolation) as err:
        supervision.request_exam_facilitated(demo_core, actors["apr1"], routed.sb_no, "x")
    assert err.value.rule == "EXP-RMS-3"
    sb = facilitated(demo_core, actors, "56")
    req = supervision.request_exam_facilitated(demo_core, actors["adc1"], sb.sb_no, "mine")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        supervision.approve_exam_facilitated(demo_core, actors["adc1"], req.id, "approved")
    assert snapshot(demo_core) == before
    supervision.approve_exam_facilitated(demo_core, actors["com1"], req.id, "approved")
    with pytest.raises(RuleViolation):  # an SB in examination: already decided
        supervision.approve_exam_facilitated(demo_core, actors["com1"], req.id, "again")
    # the appraiser's ordinary instructions are still refused on a facilitated SB
    other = facilitated(demo_core, actors, "57")
    with pytest.raises(RuleViolation) as err:
        assessment.give_instructions(demo_core, actors["apr1"], other.sb_no, instructions="x")
    assert err.value.rule == "EXP-RMS-3"


def test_exp_rms_4_recall_needs_recorded_written_approval(demo_core, actors):
    """EXP-RMS-4: recall of a facilitated SB for re-assessment with the AC/DC's written
    approval recorded; the SB goes to the Appraiser."""
    sb = facilitated(demo_core, actors)
    req = supervision.request_recall(demo_core, actors["apr1"], sb.sb_no, "wrong valuation")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted) as err:
        supervision.approve_recall(demo_core, actors["apr2"], req.id, "ok")
    assert err.value.rule == "EXP-RMS-4"
    with pytest.raises(InvalidInput) as err:
        supervision.approve_recall(demo_core, actors["acdc1"], req.id, " ")
    assert err.value.rule == "EXP-RMS-4"
    assert snapshot(demo_core) == before
    done = supervision.approve_recall(demo_core, actors["acdc1"], req.id,
                                      "F.No. S/6-12/2026 dated 2.11.2026: recall approved")
    assert (done.state, done.route_before, done.route_after) == ("approved", "facilitated",
                                                                 "assessment")
    view = get_sb(demo_core, sb.sb_no)
    assert view.state == "awaiting_assessment"
    assert assessment.assess(demo_core, actors["apr1"], sb.sb_no).state == "assessed"


def test_exp_rms_4_refusals(demo_core, actors):
    """EXP-RMS-4: only a facilitated SB before registration; not one's own recommendation."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors, "58"))
    with pytest.raises(RuleViolation):
        supervision.request_recall(demo_core, actors["apr1"], sb.sb_no, "late")
    other = facilitated(demo_core, actors, "59")
    req = supervision.request_recall(demo_core, actors["acdc1"], other.sb_no, "my view")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        supervision.approve_recall(demo_core, actors["acdc1"], req.id, "self-approved")
    assert snapshot(demo_core) == before
    assert supervision.approve_recall(demo_core, actors["acdc2"], req.id, "F.No. 7").state == \
        "approved"


def test_awaiting_approval_oldest_first_with_age(demo_core, actors):
    """Everything awaiting a supervisor, oldest first with its age in days; the actor's own
    requests are not listed (roles.md)."""
    real = demo_core.clock
    demo_core.clock = FixedClock(T0 - timedelta(days=3))
    try:
        old = facilitated(demo_core, actors, "61")
        amd_req = amd.request_amendment(demo_core, actors["opr1"], old.sb_no, {"marks": "Q"},
                                        "three days old")
    finally:
        demo_core.clock = real
    demo_core.clock = FixedClock(T0 - timedelta(days=1))
    try:
        sb2 = facilitated(demo_core, actors, "62")
        can_req = cancellations.request_cancellation(demo_core, actors["opr1"], sb2.sb_no,
                                                     "cancellation", "buyer cancelled")
        exam_req = supervision.request_exam_facilitated(demo_core, actors["apr1"], sb2.sb_no,
                                                        "tip-off")
    finally:
        demo_core.clock = real
    routed = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004", quantity="33"))
    queries.raise_query(demo_core, actors["apr1"], routed.sb_no, ["Batch numbers?"])
    own = supervision.request_recall(demo_core, actors["acdc1"], facilitated(
        demo_core, actors, "63").sb_no, "mine")

    items = supervision.awaiting_approval(demo_core, actors["acdc1"])
    keys = [i.key for i in items]
    assert f"REQ:{amd_req.id}" in keys and f"REQ:{can_req.id}" in keys
    assert f"QUERY:{routed.sb_no}" in keys
    assert f"REQ:{own.id}" not in keys and f"REQ:{exam_req.id}" not in keys
    ats = [i.requested_at for i in items]
    assert ats == sorted(ats)
    by_key = {i.key: i for i in items}
    assert by_key[f"REQ:{amd_req.id}"].age_days == 3
    assert by_key[f"REQ:{can_req.id}"].age_days == 1
    assert by_key[f"QUERY:{routed.sb_no}"].age_days == 0
    assert f"REQ:{own.id}" in [i.key for i in supervision.awaiting_approval(
        demo_core, actors["acdc2"])]
    adc = supervision.awaiting_approval(demo_core, actors["adc1"])
    assert f"REQ:{exam_req.id}" in [i.key for i in adc if i.kind == "exam_facilitated"]
    assert f"REQ:{amd_req.id}" not in [i.key for i in adc]
    assert f"REQ:{amd_req.id}" in [i.key for i in supervision.awaiting_approval(
        demo_core, actors["adc1"], include_lower=True)]
    # the list holds what the officer may act on (the act tables): nothing for an appraiser
    assert supervision.awaiting_approval(demo_core, actors["apr1"]) == []

    # approving through the list: permission, then approval in the system by another AC
    supervision.approve(demo_core, actors["acdc1"], f"REQ:{amd_req.id}", "seen")
    stage = {i.key: i.stage for i in supervision.awaiting_approval(demo_core, actors["acdc2"])}
    assert stage[f"REQ:{amd_req.id}"] == "approval in system"
    assert supervision.approve(demo_core, actors["acdc2"], f"REQ:{amd_req.id}").state == \
        "approved"
    supervision.approve(demo_core, actors["acdc1"], f"QUERY:{routed.sb_no}")
    supervision.reject(demo_core, actors["acdc1"], f"REQ:{can_req.id}", "no application")
    left = {i.key for i in supervision.awaiting_approval(demo_core, actors["acdc1"])}
    assert not left & {f"REQ:{amd_req.id}", f"QUERY:{routed.sb_no}", f"REQ:{can_req.id}"}


def test_cli_amend_cancel_supervise(cli):
    """EXP-AMD-2/4, EXP-CAN-1, EXP-RMS-3 through `ices amend|cancel|supervise`."""
    path = cli.tmp / "d.json"
    path.write_text(json.dumps(declaration(cli.core, IEC_MARINE, "09", avoid="03")))
    job = cli("sb", "new", "-f", path, "--user", "opr1")["job_no"]
    cli("sb", "checklist", job, "--user", "opr1")
    sb = cli("sb", "submit", job, "--user", "opr1")["sb_no"]
    req = cli("amend", "request", sb, "--changes", '{"packages": 12}', "--reason", "12 boxes",
              "--user", "opr1")
    assert req["changes"][0]["after"] == 12
    cli("amend", "permit", req["id"], "--user", "apr1", ok=False)
    cli("amend", "permit", req["id"], "--note", "letter seen", "--user", "acdc1")
    done = cli("amend", "approve", req["id"], "--user", "acdc2")
    assert done["state"] == "approved" and done["fee"] == "10.00"
    assert len(cli("amend", "history", sb)) == 2
    assert cli("amend", "show", req["id"])["approved_in_system_by"] == "acdc2"
    exam = cli("supervise", "exam-facilitated", sb, "--reasons", "tip-off", "--user", "apr1")
    pending = cli("supervise", "pending", "--user", "adc1")
    assert f"REQ:{exam['id']}" in [p["key"] for p in pending]
    cli("supervise", "approve", f"REQ:{exam['id']}", "--text", "approved: tip-off",
        "--user", "adc1")
    can = cli("cancel", "request", sb, "--kind", "cancellation", "--reason", "buyer cancelled",
              "--user", "opr1")
    permitted = cli("cancel", "permit", can["id"], "--status-check", "goods not arrived",
                    "--user", "acdc1")
    assert permitted["certificate_no"]
    cert = cli("cancel", "certificate", can["id"])
    assert cert["sb_no"] == sb and cert["certificate_no"] == permitted["certificate_no"]
    out = cli.tmp / "cert.pdf"
    printed = cli("print", "certificate", sb, "--out", str(out), "--user", "opr1")
    assert printed["number"] == str(permitted["certificate_no"])
    text = "\n".join(pages(out.read_bytes()))
    assert "CERTIFICATE OF CANCELLATION OF SHIPPING BILL" in text and "stands CANCELLED" in text
    assert "goods not arrived" in text and "buyer cancelled" in text
    assert "D. Varma (Asst. Commissioner) (acdc1)" in text  # who permitted it, by name
    assert get_sb(cli.core, sb).state == "cancelled"


def test_examination_follows_the_approved_recall_route(demo_core, actors):
    """EXP-RMS-4 then EXP-ARR-2: a recalled SB, once assessed, is registered normally."""
    sb = facilitated(demo_core, actors, "64")
    req = supervision.request_recall(demo_core, actors["apr1"], sb.sb_no, "valuation")
    supervision.approve_recall(demo_core, actors["acdc1"], req.id, "F.No. 9")
    assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    view = examination.register_goods(demo_core, actors["exm1"], sb.sb_no, 10)
    assert view.state == "goods_registered"


def test_approvals_screen_lists_shows_and_approves(demo_core, actors):
    """The supervisor's screen: the demo's pending items oldest first, the change side by
    side, approve with a note (the service decides: EXP-AMD-2)."""
    from textual.widgets import DataTable, Input

    from screens.approvals import ApprovalsScreen
    from tests.app_support import log_in, make_app, pilot_test, settle

    pending = [r for r in amd.list_requests(demo_core, open_only=True) if r.kind == "amendment"]
    assert pending, "the demo leaves an amendment pending"
    key = f"REQ:{pending[0].id}"
    rows = amd.side_by_side(demo_core, pending[0].id)
    assert {r.field for r in rows if r.changed} == {"packages", "gross_weight_kg"}
    assert any(not r.changed for r in rows)
    listed = next(i for i in supervision.awaiting_approval(demo_core, actors["acdc1"])
                  if i.key == key)
    assert "SB gross weight kg" in listed.summary and "_" not in listed.summary.split(" — ")[0]

    @pilot_test
    async def run():
        app = make_app(demo_core)
        async with app.run_test(size=(100, 34)) as pilot:
            await log_in(pilot, "acdc1")
            app.push_screen(ApprovalsScreen(app.actor))
            await settle(pilot)
            screen = app.screen
            table = screen.query_one("#approvals", DataTable)
            assert key in [str(k.value) for k in table.rows]
            table.move_cursor(row=[i.key for i in screen.items].index(key))
            await settle(pilot)
            assert "packages" in {r.field for r in screen.detail_rows if r.changed}
            await pilot.press("a")
            await settle(pilot)
            app.screen.query_one("#f-text", Input).value = "letter seen"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert {i.key: i.stage for i in screen.items}[key] == "approval in system"

    run()
    assert amd.get_request(demo_core, pending[0].id).state == "permitted"


# ---- the BE side of the approvals list (IMP-APR-1, IMP-AMD-1/2) ----


def _keys(core, actor, **kw) -> dict[str, supervision.PendingItem]:
    return {i.key: i for i in supervision.awaiting_approval(core, actor, **kw)}


def _be_out_of_charge(core, a):
    """The standard H BE assessed, paid, examined and given Out of Charge."""
    from console.services.imports import be_clearance as clr
    from tests import bond_support as bs

    be = bs.assessed(core, a)
    clr.pay_duty(core, a["opr1"], be.be_no, "online")
    clr.register_goods(core, a["exm1"], be.be_no)
    clr.examine(core, a["exm1"], be.be_no, "as declared")
    return clr.give_out_of_charge(core, a["apr2"], be.be_no)


def test_imp_apr_1_be_query_waits_for_the_group_acdc_in_the_approvals_list(demo_core, actors):
    """IMP-APR-1: a query the appraiser raises on a BE is listed for the AC/DC of its port
    (not the appraiser, not another port's AC/DC; a Commissioner only with lower ranks),
    with its text in full; approving it puts it in force (query pending), the reply keyed
    at the service centre shows with it; a second query declined returns the BE to the
    appraiser with the reason recorded."""
    from console.services.imports import be_clearance as clr
    from console.services.imports import be_enquiry
    from tests import bond_support as bs

    be = bs.submitted(demo_core, actors)
    clr.raise_query(demo_core, actors["apr1"], be.be_no,
                    "Produce the supplier's price list\nGive the freight paid")
    key = f"BEQ:{be.be_no}"
    item = _keys(demo_core, actors["acdc1"])[key]
    assert (item.doc_ref, item.kind_label, item.stage, item.rule) == (
        f"BE {be.be_no}", "query", "approve query", "IMP-APR-1")
    assert item.acts == ("BE.query_approve", "BE.query_decline")
    assert "price list" in item.detail and "Give the freight paid" in item.detail
    assert item.summary == "Produce the supplier's price list"
    assert key not in _keys(demo_core, actors["apr1"])
    assert key not in _keys(demo_core, actors["acdc9"])  # Port Blair
    assert key not in _keys(demo_core, actors["com1"])
    assert key in _keys(demo_core, actors["com1"], include_lower=True)
    supervision.approve(demo_core, actors["acdc1"], key)
    assert get_be_state(demo_core, be.be_no) == "query_pending"
    assert key not in _keys(demo_core, actors["acdc1"])
    clr.reply_query(demo_core, actors["opr1"], be.be_no, "price list attached")
    q = be_enquiry.enquire(demo_core, actors["apr1"], be.be_no).query
    assert (q.decision, q.decided_by, q.reply, q.replied_by) == (
        "approved", "acdc1", "price list attached", "opr1")
    assert "Produce the supplier's price list" in q.said() and "price list attached" in q.said()
    clr.raise_query(demo_core, actors["apr1"], be.be_no, "Give the insurance")
    with pytest.raises(NotPermitted):
        supervision.reject(demo_core, actors["apr1"], key, "no")
    supervision.reject(demo_core, actors["acdc1"], key, "the insurance is declared")
    assert get_be_state(demo_core, be.be_no) == "second_check"
    q = be_enquiry.enquire(demo_core, actors["apr1"], be.be_no).query
    assert (q.text, q.decision, q.decline_reason, q.reply) == (
        "Give the insurance", "declined", "the insurance is declared", "")


def get_be_state(core, be_no: int) -> str:
    from console.services.imports import bills_of_entry as bes

    return bes.get_be(core, be_no).state


def test_imp_amd_1_be_amendment_steps_through_the_approvals_list(demo_core, actors):
    """IMP-AMD-1: the importer's amendment keyed at the service centre waits for the group
    AC/DC's approval, then the group appraiser's acceptance (listed for him: his table row
    lets him), then the AC/DC's, who incorporates it; each list holds it only at its own
    step; the change is shown field by field, before and after."""
    from console.services.imports import be_amendments
    from tests import bond_support as bs

    be = bs.assessed(demo_core, actors)
    req = be_amendments.request_amendment(
        demo_core, actors["opr1"], be.be_no,
        {"invoice_value": "1100", "items": {"1": {"value": "1100"}}}, "revised invoice")
    key = f"BEREQ:{req.id}"
    rows = be_amendments.side_by_side(demo_core, req.id)
    assert {(r.where, r.field, r.before, r.after) for r in rows if r.changed} == {
        ("BE", "invoice value (FC)", "1000", "1100"), ("item 1", "value (FC)", "1000", "1100")}
    assert ("BE", "freight (FC)") in {(r.where, r.field) for r in rows if not r.changed}
    assert ("item 1", "tariff item") in {(r.where, r.field) for r in rows if not r.changed}

    item = _keys(demo_core, actors["acdc1"])[key]
    assert (item.kind, item.stage, item.doc_ref) == ("be_amendment", "approve",
                                                     f"BE {be.be_no}")
    assert set(item.acts) == {"BEAMD.approve", "BEAMD.reject"}
    assert "invoice value (FC)" in item.summary and "revised invoice" in item.summary
    assert key not in _keys(demo_core, actors["apr1"])  # the AC/DC approves first
    supervision.approve(demo_core, actors["acdc1"], key)
    assert key not in _keys(demo_core, actors["acdc1"])
    item = _keys(demo_core, actors["apr1"])[key]
    assert (item.stage, item.required_rank) == ("accept (appraiser)", "APR")
    assert "BEAMD.accept" in item.acts
    supervision.approve(demo_core, actors["apr1"], key)
    item = _keys(demo_core, actors["acdc2"])[key]
    assert item.stage == "accept, re-assess" and "BEAMD.incorporate" in item.acts
    view = supervision.approve(demo_core, actors["acdc2"], key)
    assert (view.state, view.invoice_value_fc) == ("second_check", 1100)
    assert be_amendments.get_request(demo_core, req.id).state == "incorporated"
    assert key not in _keys(demo_core, actors["acdc1"])


def test_imp_amd_2_ooc_cancellation_refused_or_approved_then_cancelled_by_the_sm(demo_core,
                                                                                actors):
    """IMP-AMD-2: an appraiser asks for the Out of Charge to be cancelled; the AC/DC sees it
    (never his own) and refuses it (the OOC stands) or approves it; on the approval in
    force the System Manager's list holds it and the cancellation follows."""
    from console.services.imports import be_amendments

    be = _be_out_of_charge(demo_core, actors)
    req = be_amendments.request_ooc_cancellation(demo_core, actors["apr1"], be.be_no,
                                                 "freight left out")
    key = f"BEREQ:{req.id}"
    item = _keys(demo_core, actors["acdc1"])[key]
    assert (item.kind_label, item.stage, item.rule) == ("OOC cancellation", "approve",
                                                        "IMP-AMD-2")
    assert set(item.acts) == {"BEOOC.approve", "BEOOC.reject"}
    assert key not in _keys(demo_core, actors["sys1"])
    supervision.reject(demo_core, actors["acdc1"], key, "no amendment is warranted")
    assert get_be_state(demo_core, be.be_no) == "out_of_charge"
    assert be_amendments.get_request(demo_core, req.id).reject_reason == \
        "no amendment is warranted"
    assert key not in _keys(demo_core, actors["acdc1"])

    mine = be_amendments.request_ooc_cancellation(demo_core, actors["acdc1"], be.be_no, "x")
    assert f"BEREQ:{mine.id}" not in _keys(demo_core, actors["acdc1"])  # his own
    supervision.approve(demo_core, actors["acdc2"], f"BEREQ:{mine.id}")
    item = _keys(demo_core, actors["sys1"])[f"BEREQ:{mine.id}"]
    assert (item.stage, item.acts) == ("cancel the OOC", ("BEOOC.cancel",))
    supervision.approve(demo_core, actors["sys1"], f"BEREQ:{mine.id}")
    assert get_be_state(demo_core, be.be_no) == "ooc_cancelled"


def test_imp_amd_1_bnd_2_the_be_enquiry_carries_its_request_and_bond_acts(demo_core, actors):
    """The BE's view carries the acts on its open request (IMP-AMD-1: the group appraiser's
    acceptance once the AC/DC approved) and leaves out what its facts rule out: no second
    request while one is open, the bond approved only once specified (BND-2), a deposit
    paid only on an unpaid challan (BND-13)."""
    from sqlmodel import select

    import db.tables as t
    from console.services.bonds import bonds
    from console.services.imports import be_amendments, be_enquiry
    from tests import bond_support as bs

    be = bs.assessed(demo_core, actors)

    def acts(who: str) -> tuple[str, ...]:
        return be_enquiry.enquire(demo_core, actors[who], be.be_no).acts

    assert "BE.request_amendment" in acts("opr1")
    assert "BE.bond_specify" in acts("apr1") and "BE.bond_approve" not in acts("acdc1")
    assert "BE.deposit_paid" not in acts("opr1")
    bonds.specify_bond(demo_core, actors["apr1"], be.be_no, "EU",
                       valid_to=demo_core.today() + timedelta(days=200), cash_deposit="500")
    assert "BE.bond_approve" in acts("acdc1") and "BE.deposit_paid" in acts("opr1")
    bonds.pay_deposit(demo_core, actors["opr1"], be.be_no, "cash")
    assert "BE.deposit_paid" not in acts("opr1")
    req = be_amendments.request_amendment(demo_core, actors["opr1"], be.be_no,
                                          {"freight": "20"}, "freight")
    info = be_enquiry.enquire(demo_core, actors["opr1"], be.be_no)
    assert info.request.id == req.id and "BE.request_amendment" not in info.acts
    assert "BEAMD.accept" not in acts("apr1") and "BEAMD.approve" in acts("acdc1")
    be_amendments.approve_amendment(demo_core, actors["acdc1"], req.id)
    assert "BEAMD.accept" in acts("apr1") and "BEAMD.reject" in acts("apr1")
    with demo_core.db.read() as s:  # WH-5: an X BE out of charge owes no interest any more
        x = s.exec(select(t.BillOfEntry.be_no).where(t.BillOfEntry.be_type == "X")).first()
    info = be_enquiry.enquire(demo_core, actors["opr1"], x)
    assert info.interest_due is None and "BE.interest_paid" not in info.acts


def test_imp_apr_1_be_queries_read_at_once_list_what_each_history_says(demo_core, actors,
                                                                       monkeypatch):
    """IMP-APR-1, issue 21: the approvals list reads the BEs' queries in one statement; it
    lists the same items, in the same order, with the same text, as reading each BE's
    whole history (``be_enquiry.current_query``) does: the latest query of a BE queried
    before, and a BE's first one."""
    from sqlmodel import select

    import db.tables as t
    from console.services.imports import be_clearance as clr
    from console.services.imports import be_enquiry
    from tests import bond_support as bs

    again, first = bs.submitted(demo_core, actors), bs.submitted(demo_core, actors)
    clr.raise_query(demo_core, actors["apr1"], again.be_no, "Produce the price list")
    supervision.approve(demo_core, actors["acdc1"], f"BEQ:{again.be_no}")
    clr.reply_query(demo_core, actors["opr1"], again.be_no, "price list attached")
    clr.raise_query(demo_core, actors["apr1"], again.be_no, "Give the insurance\nAnd freight")
    clr.raise_query(demo_core, actors["apr1"], first.be_no, "Give the freight paid")
    fast = supervision.awaiting_approval(demo_core, actors["acdc1"])

    def one_by_one(s, be_nos):
        by_no = {be.be_no: be for be in s.exec(select(t.BillOfEntry).where(
            t.BillOfEntry.be_no.in_(be_nos)))}
        return {n: q for n in be_nos if (q := be_enquiry.current_query(s, by_no[n]))}

    monkeypatch.setattr(supervision, "_be_queries", one_by_one)
    slow = supervision.awaiting_approval(demo_core, actors["acdc1"])
    assert fast == slow
    items = {i.key: i for i in fast}
    assert items[f"BEQ:{again.be_no}"].detail.endswith(": Give the insurance\nAnd freight")
    assert "price list" not in items[f"BEQ:{again.be_no}"].detail
    assert items[f"BEQ:{first.be_no}"].summary == "Give the freight paid"
    with monkeypatch.context() as mp:  # two statements of one BE each: the same again
        mp.setattr(supervision, "_IN_CHUNK", 1)
        assert supervision.awaiting_approval(demo_core, actors["acdc1"]) == fast

"""Cancellation, shut out, back to town and short shipment (EXP-CAN-1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.exports import amendments as amd
from console.services.exports import cancellations as can
from console.services.exports import egm, examination, leo
from console.services.exports.enquiry import enquire
from console.services.exports.sb_common import get_sb
from console.services.exports.sb_versions import sb_versions
from tests.sb_support import IEC_MARINE, IEC_PHARMA, declaration, file, registered
from tests.test_amendments import snapshot


def facilitated(core, a, quantity="100"):
    return file(core, a, declaration(core, IEC_MARINE, "09", avoid="03", quantity=quantity))


def test_exp_can_1_cancellation_with_acdc_permission_and_certificate(demo_core, actors):
    """EXP-CAN-1: on the exporter's application the AC/DC checks the status; the SB is
    cancelled in the system and a certificate number issued."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_PHARMA, "3004"))
    req = can.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "cancellation",
                                   "order cancelled by the buyer")
    assert (req.state, req.required_rank, req.rule) == ("requested", "ACDC", "EXP-CAN-1")
    before = snapshot(demo_core)
    for who in ("opr1", "apr1", "exm1"):
        with pytest.raises(NotPermitted) as err:
            can.permit_cancellation(demo_core, actors[who], req.id, "goods not arrived")
        assert err.value.rule == "EXP-CAN-1" or who == "opr1"
    with pytest.raises(InvalidInput):  # the status check is recorded
        can.permit_cancellation(demo_core, actors["acdc1"], req.id, " ")
    assert snapshot(demo_core) == before
    done = can.permit_cancellation(demo_core, actors["acdc1"], req.id,
                                   "goods not arrived at the shed")
    assert done.state == "approved" and done.certificate_no >= 700001
    view = get_sb(demo_core, sb.sb_no)
    assert view.state == "cancelled"
    last = enquire(demo_core, actors["apr1"], sb.sb_no).history[-1]
    assert (last.action, last.to_state, last.officer) == ("cancellation", "cancelled", "acdc1")
    assert str(done.certificate_no) in last.reason
    cert = can.certificate(demo_core, req.id)
    assert (cert.sb_no, cert.iec, cert.permitted_by) == (sb.sb_no, IEC_PHARMA, "acdc1")
    assert cert.title.startswith("Certificate of cancellation")
    # a cancelled SB is neither amended nor cancelled again
    with pytest.raises(RuleViolation) as err:
        amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"packages": 3}, "r")
    assert err.value.rule == "EXP-CAN-1"
    with pytest.raises(RuleViolation):
        can.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "cancellation", "again")


def test_exp_can_1_shut_out_needs_goods_at_the_shed(demo_core, actors):
    """EXP-CAN-1: the AC/DC checks the goods' status: shut out only for goods registered at
    the shed; refused otherwise, nothing changed."""
    sb = facilitated(demo_core, actors)
    req = can.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "shut_out",
                                   "flight full")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        can.permit_cancellation(demo_core, actors["acdc1"], req.id, "checked")
    assert err.value.rule == "EXP-CAN-1" and "never registered" in err.value.message
    assert snapshot(demo_core) == before
    registered(demo_core, actors, sb)
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    done = can.permit_cancellation(demo_core, actors["acdc1"], req.id,
                                   "goods in shed 2, not loaded on AI-101")
    assert get_sb(demo_core, sb.sb_no).state == "shut_out" and done.certificate_no


def test_exp_can_1_back_to_town_needs_goods_in_the_docks(demo_core, actors):
    """EXP-CAN-1."""
    sb = facilitated(demo_core, actors, "90")
    req = can.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "back_to_town",
                                   "exporter takes the goods back")
    with pytest.raises(RuleViolation) as err:
        can.permit_cancellation(demo_core, actors["acdc1"], req.id, "checked")
    assert "not in the docks" in err.value.message
    examination.admit_goods(demo_core, actors["cus1"], sb.sb_no)
    can.permit_cancellation(demo_core, actors["acdc2"], req.id, "admitted, not registered")
    assert get_sb(demo_core, sb.sb_no).state == "back_to_town"


def test_exp_can_1_short_shipment_modifies_the_sb(demo_core, actors):
    """EXP-CAN-1: short shipment after LEO; the SB is modified in the system to what was
    shipped (a new version) and closed as short shipped."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors, "50"))
    req = can.request_cancellation(
        demo_core, actors["opr1"], sb.sb_no, "short_shipment", "40 of 50 kg loaded",
        changes={"items": {"1": {"quantity": "40"}}, "invoices": {"1": {"invoice_value": "400"}}})
    with pytest.raises(RuleViolation) as err:  # before LEO it is an amendment
        can.permit_cancellation(demo_core, actors["acdc1"], req.id, "checked")
    assert "amendment" in err.value.message
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    can.permit_cancellation(demo_core, actors["acdc1"], req.id, "10 kg left at the shed")
    view = get_sb(demo_core, sb.sb_no)
    assert view.state == "short_shipped" and view.items[0].quantity == Decimal("40")
    assert [v.version_no for v in sb_versions(demo_core, sb.sb_no)] == [1, 2]


def test_exp_can_1_refusals(demo_core, actors):
    """EXP-CAN-1: not after the EGM; changes only with a short shipment; not one's own
    application (roles.md); unknown kinds refused; nothing changes."""
    sb = registered(demo_core, actors, facilitated(demo_core, actors, "65"))
    leo.give_let_export_order(demo_core, actors["apr2"], sb.sb_no)
    other = facilitated(demo_core, actors, "66")
    before = snapshot(demo_core)
    with pytest.raises(InvalidInput):
        can.request_cancellation(demo_core, actors["opr1"], other.sb_no, "cancellation", "r",
                                 changes={"packages": 3})
    with pytest.raises(InvalidInput):
        can.request_cancellation(demo_core, actors["opr1"], other.sb_no, "destroyed", "r")
    with pytest.raises(InvalidInput):
        can.request_cancellation(demo_core, actors["opr1"], other.sb_no, "cancellation", "")
    with pytest.raises(NotPermitted):
        can.request_cancellation(demo_core, actors["car1"], other.sb_no, "cancellation", "r")
    assert snapshot(demo_core) == before
    egm.file_egm(demo_core, actors["car1"], "AI", [sb.sb_no])
    with pytest.raises(RuleViolation) as err:
        can.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "cancellation", "late")
    assert err.value.rule == "EXP-CAN-1"
    with pytest.raises(NotPermitted):  # roles.md: the service centre keys the application
        can.request_cancellation(demo_core, actors["acdc1"], other.sb_no, "cancellation", "r")
    req = can.request_cancellation(demo_core, actors["opr1"], other.sb_no, "cancellation",
                                   "exporter's letter")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        can.permit_cancellation(demo_core, actors["opr1"], req.id, "checked")
    assert snapshot(demo_core) == before
    assert can.permit_cancellation(demo_core, actors["acdc2"], req.id, "checked").state == \
        "approved"

"""Queries (EXP-QRY-1/2), enquiry and worklists."""

from __future__ import annotations

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.roles import Actor, Role
from console.services.exports import assessment, enquiry, leo, queries, worklists
from tests.sb_support import (
    IEC_HANDLOOM,
    IEC_MARINE,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)


@pytest.fixture
def sb(demo_core, actors):
    return file(demo_core, actors, declaration(demo_core, IEC_MARINE, "03"))


def test_exp_qry_1_query_takes_effect_only_on_acdc_approval(demo_core, actors, sb):
    """EXP-QRY-1."""
    view = queries.raise_query(demo_core, actors["apr1"], sb.sb_no,
                               ["Produce the MPEDA certificate", "Declare the species"])
    assert view.state == "awaiting_assessment"  # not in force yet
    assert view.open_query.points == ("Produce the MPEDA certificate", "Declare the species")
    with pytest.raises(RuleViolation):  # nothing to reply to before approval
        queries.reply_query(demo_core, actors["opr1"], sb.sb_no, "attached")
    with pytest.raises(NotPermitted):
        queries.approve_query(demo_core, actors["apr2"], sb.sb_no)
    view = queries.approve_query(demo_core, actors["acdc1"], sb.sb_no)
    assert view.state == "query_pending" and view.open_query.approved_by == "acdc1"
    with pytest.raises(RuleViolation):  # the SB waits: no assessment meanwhile
        assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    with pytest.raises(NotPermitted):
        queries.reply_query(demo_core, actors["apr1"], sb.sb_no, "x")
    view = queries.reply_query(demo_core, actors["opr1"], sb.sb_no, "Certificate no. 4411")
    view = queries.close_query(demo_core, actors["acdc2"], sb.sb_no, satisfied=False,
                               remarks="certificate expired")
    assert view.state == "query_pending" and view.open_query.state == "approved"
    queries.reply_query(demo_core, actors["opr1"], sb.sb_no, "Renewed certificate no. 4419")
    view = queries.close_query(demo_core, actors["acdc1"], sb.sb_no)
    assert view.state == "awaiting_assessment" and view.open_query is None
    assert view.queries[0].state == "closed" and "4419" in view.queries[0].reply
    assert assessment.assess(demo_core, actors["apr1"], sb.sb_no).state == "assessed"


def test_exp_qry_1_nobody_approves_their_own_query(demo_core, actors, sb):
    """EXP-QRY-1."""
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["point"])
    same = Actor("apr1", "S. Rao acting AC", Role.ACDC, "INVTZ4", "test")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        queries.approve_query(demo_core, same, sb.sb_no)
    assert snapshot(demo_core) == before


def test_exp_qry_2_one_complete_query_not_piecemeal(demo_core, actors, sb):
    """EXP-QRY-2."""
    with pytest.raises(InvalidInput):
        queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["  "])
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["one", "two", "three"])
    with pytest.raises(RuleViolation) as err:
        queries.raise_query(demo_core, actors["apr2"], sb.sb_no, ["four"])
    assert err.value.rule == "EXP-QRY-2"


def test_worklists_show_queries_to_approve_and_to_reply(demo_core, actors, sb):
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["Produce the invoice"])
    page = worklists.for_officer(demo_core, actors["acdc1"])
    assert any(r.kind == "QUERY" and r.ref == str(sb.sb_no) and r.state == "raised"
               for r in page.rows)
    queries.approve_query(demo_core, actors["acdc1"], sb.sb_no)
    rows = worklists.for_officer(demo_core, actors["opr1"], search=str(sb.sb_no)).rows
    assert [(r.kind, r.state) for r in rows] == [("QUERY", "approved")]
    page = worklists.for_officer(demo_core, actors["apr1"], state="awaiting_assessment")
    assert all(r.state == "awaiting_assessment" for r in page.rows)
    assert page.total == len(page.rows) or len(page.rows) == worklists.PAGE


def test_enquiry_shows_where_it_waits_and_its_history(demo_core, actors, sb):
    """EXP-ASM-5: the status is visible at the enquiry counter, to any officer."""
    result = enquiry.enquire(demo_core, actors["cus1"], sb.sb_no)
    assert result.waiting_with.startswith("Appraiser")
    assert [h.action for h in result.history] == ["key", "checklist", "submit", "route"]
    assert result.prints[0].doc_kind == "CHECKLIST"
    assert result.leo_blockers  # MPEDA CCR pending


def test_exp_qry_1_a_raised_query_not_yet_approved_does_not_block_leo(demo_core, actors):
    """EXP-QRY-1 (issue 17 item 2): a query takes effect only when the AC/DC approves it.
    An appraiser raises one on an examined SB (handloom, examination route); until the
    AC/DC approves, nothing is pending with the exporter, so Let Export is not held back by
    it (it was: a merely raised query counted as pending). Once approved, it holds LEO."""
    sb = file(demo_core, actors, declaration(demo_core, IEC_HANDLOOM, "52"))
    view = examined(demo_core, actors, registered(demo_core, actors,
                                                  assessed(demo_core, actors, sb)))
    assert view.state == "examined"
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["Declare the weave"])

    def blockers() -> list[str]:
        with demo_core.db.read() as s:
            row = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb.sb_no)).one()
            return leo.leo_blockers(s, row)

    assert not [b for b in blockers() if b.startswith("EXP-QRY-1")]
    queries.approve_query(demo_core, actors["acdc1"], sb.sb_no)
    assert [b for b in blockers() if b.startswith("EXP-QRY-1")]


def test_exp_qry_1_assessing_withdraws_a_query_the_acdc_never_approved(demo_core, actors, sb):
    """EXP-QRY-1 (issue 17 item 2), decided: an appraiser who assesses an SB on which a
    query was raised but never approved no longer needs the answer; the query is withdrawn
    with the assessment (audited as such) rather than left for the AC/DC to approve on an
    SB already assessed."""
    queries.raise_query(demo_core, actors["apr1"], sb.sb_no, ["Declare the species"])
    view = assessment.assess(demo_core, actors["apr1"], sb.sb_no)
    assert view.state == "assessed" and view.open_query is None
    assert view.queries[0].state == "withdrawn"
    with pytest.raises(RuleViolation):  # nothing left for the AC/DC to approve
        queries.approve_query(demo_core, actors["acdc1"], sb.sb_no)

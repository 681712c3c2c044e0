"""Assessment by the Appraiser, clearance by the AC/DC, CCR decisions (EXP-ASM, EXP-RMS-2)."""

from __future__ import annotations

from sqlmodel import Session, select

import db.tables as t
from console.acts.query import QUERY, Q
from console.acts.query import load as query_load
from console.acts.sb import SB, CcrStatus, S
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.roles import Actor
from console.services.exports.routing import issue_cess_challan
from console.services.exports.sb_common import SbView, sb_view


def _orders(sb: t.ShippingBill, instructions: str, samples: str) -> list[str]:
    """Special examination instructions and samples ordered (EXP-ASM-4)."""
    said = []
    if instructions.strip():
        sb.exam_instructions = instructions.strip()[:500]
        said.append(f"instructions: {sb.exam_instructions}")
    if samples.strip():
        sb.samples_ordered = samples.strip()[:200]
        said.append(f"samples: {sb.samples_ordered}")
    return said


def assess(core: Core, actor: Actor, sb_no: int, *, instructions: str = "", samples: str = "",
           provisional: bool = False, expected_version: int | None = None) -> SbView:
    """The Appraiser assesses; an SB the AC/DC must clear goes on to the AC/DC (EXP-ASM-2)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "assess", sb_no, expected_version=expected_version)
        said = _orders(sb, instructions, samples)
        sb.assessed_by, sb.assessed_at, sb.provisional = actor.username, core.now(), provisional
        _lapse_unapproved_query(s, core, actor, sb)
        to = S.AWAITING_ACDC if sb.acdc_rule else S.ASSESSED
        if to == S.ASSESSED:
            issue_cess_challan(s, sb)
        transition(s, core, actor, sb, SB["assess"], to=to, reason="; ".join(said))
        return sb_view(s, sb)


def _lapse_unapproved_query(s: Session, core: Core, actor: Actor,
                            sb: t.ShippingBill) -> None:
    """A query raised on the SB and never approved is withdrawn with the assessment
    (EXP-QRY-1; ``QUERY.lapse`` says why)."""
    d = query_load(s, sb.sb_no)
    if d.query is not None and d.state == Q.RAISED:
        d.query.closed_by, d.query.closed_at = actor.username, core.now()
        transition(s, core, actor, d, QUERY["lapse"], action="query_withdraw",
                   reason="withdrawn with the assessment: never approved by the AC/DC")


def clear_by_acdc(core: Core, actor: Actor, sb_no: int, *, instructions: str = "",
                  samples: str = "", provisional: bool = False,
                  expected_version: int | None = None) -> SbView:
    """AC/DC clearance (EXP-ASM-1/2/3); the AC/DC may also order samples (EXP-EXM-2) and
    assess provisionally, e.g. a DEPB value not accepted (EXP-DEPB-4)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "acdc_clear", sb_no, expected_version=expected_version)
        said = _orders(sb, instructions, samples)
        sb.acdc_cleared_by, sb.acdc_cleared_at = actor.username, core.now()
        _lapse_unapproved_query(s, core, actor, sb)
        sb.provisional = sb.provisional or provisional
        issue_cess_challan(s, sb)
        transition(s, core, actor, sb, SB["acdc_clear"],
                   reason="; ".join([sb.acdc_rule or "AC/DC", *said]))
        return sb_view(s, sb)


def give_instructions(core: Core, actor: Actor, sb_no: int, *, instructions: str = "",
                      samples: str = "", expected_version: int | None = None) -> SbView:
    """Special examination instructions or samples, from the assessing officer or the AC/DC;
    they reach the examining officer (EXP-ASM-4)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "instructions", sb_no, expected_version=expected_version)
        said = _orders(sb, instructions, samples)
        if not said:
            raise InvalidInput("instructions", "give instructions or the samples to draw",
                               "EXP-ASM-4")
        goods = s.exec(select(t.GoodsRegistration)
                       .where(t.GoodsRegistration.sb_id == sb.id)).first()
        if goods is not None:
            goods.instructions = "; ".join(x for x in (sb.exam_instructions,
                                                       sb.samples_ordered and
                                                       f"samples: {sb.samples_ordered}") if x)
            s.add(goods)
        transition(s, core, actor, sb, SB["instructions"], reason="; ".join(said))
        return sb_view(s, sb)


def decide_ccr(core: Core, actor: Actor, sb_no: int, code: str, *, complied: bool,
               comment: str = "", expected_version: int | None = None) -> SbView:
    """Record a CCR as complied, or as not applicable with a departmental comment giving the
    reasons (EXP-RMS-2)."""
    with core.db.write() as s:
        sb = SB.take(s, actor, "ccr", sb_no, expected_version=expected_version)
        ccr = s.exec(select(t.SbCcr).where(t.SbCcr.sb_id == sb.id,
                                           t.SbCcr.code == code.strip().upper())).first()
        if ccr is None:
            raise NotFound(f"SB {sb_no} has no CCR {code}")
        if not complied and not comment.strip():
            raise RuleViolation("EXP-RMS-2", f"CCR {ccr.code} not applicable: enter a "
                                "departmental comment with the reasons")
        ccr.status = CcrStatus.COMPLIED if complied else CcrStatus.NOT_APPLICABLE
        ccr.comment, ccr.decided_by, ccr.decided_at = comment.strip(), actor.username, core.now()
        s.add(ccr)
        transition(s, core, actor, sb, SB["ccr"],
                   reason=f"{ccr.code} {ccr.status}: {ccr.comment}".rstrip(": "))
        return sb_view(s, sb)

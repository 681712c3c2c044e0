"""Assessment by the Appraiser, clearance by the AC/DC, CCR decisions (EXP-ASM, EXP-RMS-2)."""

from __future__ import annotations

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import check_version, note, transition
from console.roles import RANK, Actor, Role, require, require_rank
from console.services.exports.routing import issue_cess_challan
from console.services.exports.sb_common import SB_TRANSITIONS, S, SbView, load_sb, sb_view


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
    require(actor, Role.APR, act="assess shipping bills")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        said = _orders(sb, instructions, samples)
        sb.assessed_by, sb.assessed_at, sb.provisional = actor.username, core.now(), provisional
        to = S.AWAITING_ACDC if sb.acdc_rule else S.ASSESSED
        if to == S.ASSESSED:
            issue_cess_challan(s, sb)
        transition(s, core, actor, sb, kind="SB", ref=sb_no, allowed=SB_TRANSITIONS,
                   to_state=to, action="assess", reason="; ".join(said))
        return sb_view(s, sb)


def clear_by_acdc(core: Core, actor: Actor, sb_no: int, *, instructions: str = "",
                  samples: str = "", provisional: bool = False,
                  expected_version: int | None = None) -> SbView:
    """AC/DC clearance (EXP-ASM-1/2/3); the AC/DC may also order samples (EXP-EXM-2) and
    assess provisionally, e.g. a DEPB value not accepted (EXP-DEPB-4)."""
    require_rank(actor, Role.ACDC, act="clear shipping bills")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        said = _orders(sb, instructions, samples)
        sb.acdc_cleared_by, sb.acdc_cleared_at = actor.username, core.now()
        sb.provisional = sb.provisional or provisional
        issue_cess_challan(s, sb)
        transition(s, core, actor, sb, kind="SB", ref=sb_no, allowed=SB_TRANSITIONS,
                   to_state=S.ASSESSED, action="acdc_clear",
                   reason="; ".join([sb.acdc_rule or "AC/DC", *said]), rule=sb.acdc_rule)
        return sb_view(s, sb)


ORDER_STATES = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.ASSESSED, S.UNDER_EXAMINATION)


def give_instructions(core: Core, actor: Actor, sb_no: int, *, instructions: str = "",
                      samples: str = "", expected_version: int | None = None) -> SbView:
    """Special examination instructions or samples, from the assessing officer or the AC/DC;
    they reach the examining officer (EXP-ASM-4)."""
    if actor.role not in RANK:
        require(actor, Role.APR, Role.ACDC, act="give examination instructions")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        if sb.state == S.FACILITATED:
            raise RuleViolation("EXP-RMS-3", "examining an RMS-facilitated SB needs the prior "
                                "approval of an Additional/Joint Commissioner")
        if sb.state not in ORDER_STATES:
            raise RuleViolation("EXP-ASM-4", f"SB {sb_no} is {sb.state}: instructions are given "
                                "before the goods are registered or during examination")
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
        note(s, core, actor, sb, kind="SB", ref=sb_no, action="instructions",
             reason="; ".join(said))
        return sb_view(s, sb)


def decide_ccr(core: Core, actor: Actor, sb_no: int, code: str, *, complied: bool,
               comment: str = "", expected_version: int | None = None) -> SbView:
    """Record a CCR as complied, or as not applicable with a departmental comment giving the
    reasons (EXP-RMS-2)."""
    require(actor, Role.APR, Role.ACDC, Role.ADC, Role.COM, act="decide CCRs")
    with core.db.write() as s:
        sb = load_sb(s, sb_no)
        check_version(sb, expected_version, f"SB {sb_no}")
        if sb.state in (S.LET_EXPORT, S.EXPORTED, S.LAPSED):
            raise RuleViolation("EXP-RMS-2", f"SB {sb_no} is {sb.state}: CCRs are decided "
                                "before clearance")
        ccr = s.exec(select(t.SbCcr).where(t.SbCcr.sb_id == sb.id,
                                           t.SbCcr.code == code.strip().upper())).first()
        if ccr is None:
            raise NotFound(f"SB {sb_no} has no CCR {code}")
        if not complied and not comment.strip():
            raise RuleViolation("EXP-RMS-2", f"CCR {ccr.code} not applicable: enter a "
                                "departmental comment with the reasons")
        ccr.status = "complied" if complied else "not_applicable"
        ccr.comment, ccr.decided_by, ccr.decided_at = comment.strip(), actor.username, core.now()
        s.add(ccr)
        note(s, core, actor, sb, kind="SB", ref=sb_no, action="ccr",
             reason=f"{ccr.code} {ccr.status}: {ccr.comment}".rstrip(": "))
        return sb_view(s, sb)

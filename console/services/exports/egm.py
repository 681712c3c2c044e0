"""After LEO: the stuffing report (EXP-STF-1) and the carrier's EGM (EXP-EGM-1, EXP-REG-3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

import db.tables as t
from console.acts.egm import EGM
from console.acts.sb import SB
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import to_paise
from console.roles import Actor, Role
from console.rules.charges import egm_charge
from console.services.exports.sb_common import EgmView, SbView, egm_view, load_sb, sb_view
from console.services.schemes import drawback
from db.sequences import next_number


def enter_stuffing_report(core: Core, actor: Actor, sb_no: int, *, container_no: str = "",
                          seal_no: str = "", stuffed_at: datetime | None = None) -> SbView:
    """The designated officer enters the stuffing report on the day of stuffing (EXP-STF-1)."""
    stuffed_at = stuffed_at or core.now()
    if stuffed_at.date() != core.today():
        raise RuleViolation("EXP-STF-1", f"stuffed on {stuffed_at:%d.%m.%Y}: the report is "
                            "entered the same day")
    with core.db.write() as s:
        sb = SB.take(s, actor, "stuffing", sb_no)
        if s.exec(select(t.Stuffing).where(t.Stuffing.sb_id == sb.id)).first():
            raise RuleViolation("EXP-STF-1", f"SB {sb_no} already has a stuffing report")
        s.add(t.Stuffing(sb_id=sb.id, container_no=container_no.strip().upper()[:11],
                         seal_no=seal_no.strip()[:20], stuffed_at=stuffed_at,
                         entered_by=actor.username))
        transition(s, core, actor, sb, SB["stuffing"],
                   reason=f"container {container_no or '-'} seal {seal_no or '-'}")
        return sb_view(s, sb)


def file_egm(core: Core, actor: Actor, carrier_code: str, sb_nos: list[int], *,
             voyage: str = "", sailed_on: date | None = None) -> EgmView:
    """The carrier (or the service centre on its behalf, for a data-entry charge) files the
    EGM; every SB it lists is closed as exported (EXP-EGM-1)."""
    EGM.check(actor, "file")
    if not sb_nos:
        raise InvalidInput("sb_nos", "an EGM lists at least one Shipping Bill", "EXP-EGM-1")
    if len(set(sb_nos)) != len(sb_nos):
        raise InvalidInput("sb_nos", "an SB is listed twice", "EXP-EGM-1")
    with core.db.write() as s:
        carrier = s.get(t.Carrier, carrier_code.strip().upper())
        if carrier is None:
            raise RuleViolation("EXP-REG-3", f"carrier {carrier_code} is not registered in the "
                                "central directory: it cannot file an EGM")
        today = core.today()
        egm = t.Egm(egm_no=next_number(s, "EGM"), egm_date=today,
                    location_code=actor.location_code, carrier_code=carrier.code,
                    voyage=voyage.strip()[:20], sailed_on=sailed_on or today,
                    filed_by=actor.username, filed_at=core.now(),
                    charge_paise=to_paise(egm_charge(s, actor.location_code, today))
                    if actor.role == Role.OPR else 0)
        s.add(egm)
        s.flush()
        transition(s, core, actor, egm, EGM["file"], reason=f"{len(sb_nos)} SB(s)")
        closed = []
        for sb_no in sb_nos:
            sb = load_sb(s, sb_no)
            if sb.location_code != actor.location_code:
                raise RuleViolation("EXP-EGM-1", f"SB {sb_no} was filed at {sb.location_code}")
            sb.egm_id = egm.id
            transition(s, core, actor, sb, SB["egm"], reason=f"EGM {egm.egm_no}")
            closed.append(sb)
        drawback.open_claims(s, core, actor, closed)  # EXP-DBK-3: no separate claim
        s.flush()
        return egm_view(s, egm)


def get_egm(core: Core, egm_no: int) -> EgmView:
    with core.db.read() as s:
        egm = s.exec(select(t.Egm).where(t.Egm.egm_no == egm_no)).first()
        if egm is None:
            raise NotFound(f"EGM {egm_no} not found")
        return egm_view(s, egm)

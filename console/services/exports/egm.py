"""After LEO: the stuffing report (EXP-STF-1) and the carrier's EGM (EXP-EGM-1, EXP-REG-3);
and what the EGM register shows (``egm_register``: the EGMs filed at the officer's location
and the Shipping Bills with Let Export there that no EGM has closed yet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import select

import db.tables as t
from console.acts.egm import EGM
from console.acts.sb import SB, SbState
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
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


@dataclass(frozen=True)
class AwaitingEgm:
    """A Shipping Bill with Let Export at the location that no EGM has closed (EXP-EGM-1)."""

    sb_no: int
    sb_date: date | None
    iec: str
    exporter_name: str
    leo_at: datetime | None
    packages: int
    package_kind: str
    fob_inr: Decimal
    stuffed: bool  # a stuffing report is entered (EXP-STF-1)


@dataclass(frozen=True)
class EgmRegister:
    """The EGM register of a location: the EGMs filed there, newest first; the SBs with Let
    Export awaiting an EGM, oldest LEO first; and the acts open to the officer (EGM.file)."""

    egms: list[EgmView]
    awaiting: list[AwaitingEgm]
    acts: tuple[str, ...]


def egm_register(core: Core, actor: Actor, *, limit: int = 200) -> EgmRegister:
    """What the EGM screen shows at the officer's location (EXP-EGM-1)."""
    sb = t.ShippingBill
    with core.db.read() as s:
        egms = [egm_view(s, e) for e in s.exec(
            select(t.Egm).where(t.Egm.location_code == actor.location_code)
            .order_by(t.Egm.egm_no.desc()).limit(limit))]
        rows = s.exec(
            select(sb.id, sb.sb_no, sb.sb_date, sb.iec, t.Iec.name, sb.leo_at, sb.packages,
                   sb.package_kind, sb.fob_inr_paise)
            .join(t.Iec, t.Iec.code == sb.iec)
            .where(sb.location_code == actor.location_code, sb.state == SbState.LET_EXPORT)
            .order_by(sb.leo_at, sb.sb_no).limit(limit)).all()
        ids = [r[0] for r in rows]
        stuffed = set(s.exec(select(t.Stuffing.sb_id).where(t.Stuffing.sb_id.in_(ids)))) \
            if ids else set()
        awaiting = [AwaitingEgm(no, on, iec, name, leo_at, packages, kind, from_paise(fob),
                                sb_id in stuffed)
                    for sb_id, no, on, iec, name, leo_at, packages, kind, fob in rows]
    return EgmRegister(egms, awaiting, tuple(f"EGM.{n}" for n in EGM.open_to(actor)))

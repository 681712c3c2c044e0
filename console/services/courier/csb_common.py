"""What every courier service shows of a CSB (courier.md): its view, one CSB found by
number or HAWB, and its audit trail. The act table is ``console.acts.csb``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.csb import AWAITING_ASSESSMENT, CSB, S, is_csb_number
from console.core import Core
from console.errors import NotFound
from console.money import from_paise
from console.roles import Actor

KIND = CSB.audit_kind  # the CSB's audit trail


@dataclass(frozen=True)
class CsbView:
    """What screens, the CLI and prints show of one CSB."""

    csb_no: int
    csb_date: date
    location_code: str
    state: str
    version: int
    courier_code: str
    hawb_no: str
    form: str
    consignor_iec: str
    consignor_name: str
    consignee_name: str
    consignee_country: str
    currency: str
    value_fc: Decimal
    value_inr: Decimal
    packages: int
    gross_weight_kg: Decimal
    description: str
    tariff_item: str
    route: str
    rms_note: str
    assessed_by: str
    assessed_at: datetime | None
    exam_mandated: bool | None
    xray_result: str
    xray_at: datetime | None
    xray_by: str
    examined_by: str
    examined_at: datetime | None
    exam_report: str
    leo_at: datetime | None
    leo_by: str
    autoleo_rule: str
    autoleo_circular: str
    awaiting: str  # what the CSB waits for, in words
    acts: tuple[str, ...] = ()  # what the officer who asked may do to it now (KIND.act)

    @property
    def auto_leo(self) -> bool:
        return self.leo_by == "SYSTEM"


def _awaiting(c: t.CourierShippingBill) -> str:
    if c.state == S.LET_EXPORT:
        how = f"Auto-LEO {c.autoleo_rule}" if c.leo_by == "SYSTEM" else f"LEO by {c.leo_by}"
        return f"nothing: {how}"
    if c.state in AWAITING_ASSESSMENT:
        return "assessment" + ("" if c.xray_result else " and X-ray")
    if c.state == S.FOR_EXAMINATION:
        return "examination" + ("" if c.xray_result else " and X-ray")
    if not c.xray_result:
        return "X-ray"
    return "LEO by the officer"


# an act the table allows that the CSB's own facts rule out: X-rayed once; LEO after X-ray
_FACTS = {"xray": lambda c: not c.xray_result, "leo": lambda c: bool(c.xray_result)}


def open_acts(actor: Actor, c: t.CourierShippingBill) -> tuple[str, ...]:
    """The acts (``CSB.act``) ``actor`` may take on the CSB now: the table says who, where
    and when; the CSB's own facts leave out what could not succeed."""
    return tuple(f"CSB.{n}" for n in CSB.open_to(actor, c) if _FACTS.get(n, lambda _: True)(c))


def csb_view(c: t.CourierShippingBill, actor: Actor | None = None) -> CsbView:
    """The CSB as shown; with ``actor``, the acts open to them."""
    return CsbView(
        csb_no=c.csb_no, csb_date=c.csb_date, location_code=c.location_code, state=c.state,
        version=c.version, courier_code=c.courier_code, hawb_no=c.hawb_no, form=c.form,
        consignor_iec=c.consignor_iec or "", consignor_name=c.consignor_name,
        consignee_name=c.consignee_name, consignee_country=c.consignee_country,
        currency=c.currency, value_fc=c.value_fc, value_inr=from_paise(c.value_inr_paise),
        packages=c.packages, gross_weight_kg=c.gross_weight_kg, description=c.description,
        tariff_item=c.tariff_item, route=c.route, rms_note=c.rms_note,
        assessed_by=c.assessed_by, assessed_at=c.assessed_at, exam_mandated=c.exam_mandated,
        xray_result=c.xray_result, xray_at=c.xray_at, xray_by=c.xray_by,
        examined_by=c.examined_by, examined_at=c.examined_at, exam_report=c.exam_report,
        leo_at=c.leo_at, leo_by=c.leo_by, autoleo_rule=c.autoleo_rule,
        autoleo_circular=c.autoleo_circular, awaiting=_awaiting(c),
        acts=open_acts(actor, c) if actor is not None else ())


def show(core: Core, ref: int | str, actor: Actor | None = None) -> CsbView:
    """One CSB by number (or HAWB); with ``actor``, the acts open to them."""
    with core.db.read() as s:
        text = str(ref).strip()
        if text.isdigit() and is_csb_number(text):
            return csb_view(CSB.load(s, text, lock=False), actor)
        rows = s.exec(select(t.CourierShippingBill).where(
            t.CourierShippingBill.hawb_no == text.upper())).all()
        if len(rows) != 1:
            raise NotFound(f"no CSB {text}" if not rows else
                           f"HAWB {text} is on {len(rows)} CSBs: give the CSB number")
        return csb_view(rows[0], actor)


def detached(s: Session, rows: list) -> list:
    """Rows usable after the read transaction ends (its rollback would expire them)."""
    s.expunge_all()
    return rows


def history(core: Core, csb_no: int) -> list[t.AuditRecord]:
    """The CSB's audit records, oldest first."""
    with core.db.read() as s:
        return detached(s, audit.history(s, KIND, csb_no))


@dataclass(frozen=True)
class CsbDetail:
    """One CSB as its screen shows it: the view (with the acts open to the officer) and its
    audit trail, oldest first (CSB-6: automatic acts are recorded as the system's)."""

    csb: CsbView
    history: list[t.AuditRecord]


def detail(core: Core, csb_no: int, actor: Actor | None = None) -> CsbDetail:
    """The CSB and its trail, read in one transaction."""
    with core.db.read() as s:
        view = csb_view(CSB.load(s, csb_no, lock=False), actor)
        return CsbDetail(view, detached(s, audit.history(s, KIND, view.csb_no)))

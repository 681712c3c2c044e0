"""The Courier Shipping Bill (courier.md, CSB-1..6): its states and every act taken on it.

The life of a CSB::

    filed ──RMS (CSB-1)──▶ facilitated | assessment_only | assessment_and_examination
    assessment_only ──assess, no exam mandated──▶ assessed
    assessment_only ──assess, exam mandated (or X-ray flagged)──▶ for_examination
    assessment_and_examination ──assess──▶ for_examination
    facilitated | assessed ──X-ray flagged──▶ for_examination          (CSB-4)
    for_examination ──examination report (EXM)──▶ examined
    facilitated | assessed ──X-ray cleared + Auto-LEO rule──▶ let_export   by the system
    facilitated | assessed (X-ray cleared) | examined ──LEO (APR)──▶ let_export

``filed`` is held only inside the filing transaction, before RMS answers: filing and the
RMS interdiction are one act (``file``), recorded once. The X-ray result is a property
of the parcel (``xray_result``), not a state: a parcel may be X-rayed before or after its
assessment, once. Auto-LEO (CSB-2, CSB-3, CSB-5) is a system act, recorded as given by
the system with the rule and circular that allowed it (CSB-6); where no rule allows it,
the system records that too (``no_auto_leo``) and the CSB goes the officer route (CSB-4).
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act
from console.errors import InvalidInput, NotFound, RuleViolation
from console.roles import Role
from db.sequences import SERIES_START


class CsbState(StrEnum):
    FILED = "filed"  # only inside the filing transaction, before RMS answers
    FACILITATED = "facilitated"
    ASSESSMENT_ONLY = "assessment_only"
    ASSESSMENT_AND_EXAMINATION = "assessment_and_examination"
    ASSESSED = "assessed"
    FOR_EXAMINATION = "for_examination"
    EXAMINED = "examined"
    LET_EXPORT = "let_export"


S = CsbState


class XrayResult(StrEnum):
    """The custodian's X-ray result for a parcel (``""``: not X-rayed yet)."""

    CLEARED = "cleared"
    FLAGGED = "flagged"


STATE_LABELS: dict[str, str] = {
    S.FILED: "filed (being routed by RMS)",
    S.FACILITATED: "fully facilitated by RMS",
    S.ASSESSMENT_ONLY: "marked for assessment only by RMS",
    S.ASSESSMENT_AND_EXAMINATION: "marked for assessment and examination by RMS",
    S.ASSESSED: "assessed",
    S.FOR_EXAMINATION: "marked for examination",
    S.EXAMINED: "examined",
    S.LET_EXPORT: "cleared for export (Let Export Order given)",
}

ROUTES = (S.FACILITATED, S.ASSESSMENT_ONLY, S.ASSESSMENT_AND_EXAMINATION)  # CSB-1
AWAITING_ASSESSMENT = (S.ASSESSMENT_ONLY, S.ASSESSMENT_AND_EXAMINATION)
CLEARABLE = (S.FACILITATED, S.ASSESSED)  # X-ray cleared: Auto-LEO or the LEO officer
XRAYABLE = tuple(s for s in S if s not in (S.FILED, S.LET_EXPORT))
# SB-style route names a shared RmsRule might carry, read as their CSB equivalents
ROUTE_FOR_CSB = {"assessment": S.ASSESSMENT_ONLY, "examination": S.ASSESSMENT_AND_EXAMINATION}

_HAS_LEO = ("CSB-4", "it already has Let Export Order")
_NOT_ASSESSED = ("CSB-4", "it is not yet assessed")


def _others(allowed, why: tuple[str, str], *, but=()) -> dict[str, tuple[str, str]]:
    """``why`` for every state the act may not start from (but those in ``but``)."""
    return {s: why for s in S if s not in allowed and s not in but}


# ---- finding a CSB: by its number, or by the parcel's label (a CSB number or a HAWB) ----


def is_csb_number(text: str) -> bool:
    """A number of the CSB series (not an SB's or a BE's scanned by mistake)."""
    later = [v for v in SERIES_START.values() if v > SERIES_START["CSB"]]
    return text.isdigit() and SERIES_START["CSB"] <= int(text) < min(later, default=10 ** 12)


def _number(session: Session, csb_no: int | str, lock: bool) -> t.CourierShippingBill:
    try:
        number = int(str(csb_no).strip())
    except ValueError:
        raise InvalidInput("csb_no", f"{csb_no!r} is not a CSB number") from None
    q = select(t.CourierShippingBill).where(t.CourierShippingBill.csb_no == number)
    row = session.exec(q.with_for_update() if lock else q).first()
    if row is None:
        raise NotFound(f"no CSB {number}")
    return row


def _scan(session: Session, code: int | str, lock: bool) -> t.CourierShippingBill:
    """The CSB a scanned label names: its CSB number, or the courier's HAWB. A label with
    no CSB behind it is a parcel whose CSB is not filed yet: it cannot be X-rayed (CSB-1:
    every CSB goes through RMS first)."""
    text = str(code).strip().upper()
    if not text:
        raise InvalidInput("csb", "scan or type the CSB number")
    csb = t.CourierShippingBill
    if is_csb_number(text):
        q = select(csb).where(csb.csb_no == int(text))
        row = session.exec(q.with_for_update() if lock else q).first()
        if row is not None:
            return row
        raise RuleViolation("CSB-1", f"CSB {text} is not filed: a parcel is X-rayed only after "
                            "its CSB is filed and interdicted by RMS")
    q = select(csb).where(csb.hawb_no == text)
    rows = session.exec(q.with_for_update() if lock else q).all()
    if len(rows) > 1:
        raise InvalidInput("csb", f"HAWB {text} is on CSBs of {len(rows)} couriers: scan the "
                           "CSB number")
    if not rows:
        if text.isdigit() and len(text) < 9:  # e.g. a shipping bill's number scanned
            raise NotFound(f"{text} is not a CSB number")
        raise RuleViolation("CSB-1", f"no CSB is filed for parcel {text}: a parcel is X-rayed "
                            "only after its CSB is filed and interdicted by RMS")
    return rows[0]


def load(session: Session, ref: int | str, *, by: str = "",
         lock: bool = True) -> t.CourierShippingBill:
    """The CSB by number (``by="scan"``: by the parcel's label), holding its row lock."""
    return _scan(session, ref, lock) if by == "scan" else _number(session, ref, lock)


CSB = ActTable("CSB", "CSB", CsbState, [
    # filing at the service centre: numbered and interdicted by RMS at once (CSB-1)
    act("file", "file a Courier Shipping Bill", "CSB-1", roles={Role.OPR}, to=ROUTES,
        fn="courier.filing.file_csb"),
    act("bulk_file", "file a courier's bulk file", "CSB-1", roles={Role.OPR}, to=ROUTES,
        fn="courier.filing.file_bulk"),
    # clearance at the courier terminal
    act("xray", "record a parcel's X-ray result", "CSB-2", roles={Role.CUS}, from_=XRAYABLE,
        refuse={S.LET_EXPORT: ("CSB-2", "it already has Let Export Order: nothing to X-ray")},
        fn="courier.clearance.record_xray", queue=True),
    act("xray_flagged", "send a parcel flagged at X-ray for examination", "CSB-4",
        from_=CLEARABLE, to=S.FOR_EXAMINATION, via="CSB.xray"),
    act("assess", "assess a Courier Shipping Bill", "CSB-3", roles={Role.APR},
        from_=AWAITING_ASSESSMENT, to={S.ASSESSED, S.FOR_EXAMINATION},
        refuse={S.FACILITATED: ("CSB-1", "it is fully facilitated by RMS: no assessment, "
                                "no examination"),
                **_others(AWAITING_ASSESSMENT, ("CSB-1", "it is not awaiting assessment"),
                          but={S.FACILITATED})},
        fn="courier.clearance.assess", queue=True),
    act("examine", "enter the examination report of a Courier Shipping Bill", "CSB-4",
        roles={Role.EXM}, from_={S.FOR_EXAMINATION}, to=S.EXAMINED,
        refuse={**_others({S.FOR_EXAMINATION}, ("CSB-4", "it is not marked for examination")),
                **{s: ("CSB-4", "it is not yet assessed: examination follows the assessing "
                       "officer's order") for s in AWAITING_ASSESSMENT}},
        fn="courier.clearance.record_examination", queue=True),
    act("leo", "give a Courier Shipping Bill its Let Export Order", "CSB-4", roles={Role.APR},
        from_={*CLEARABLE, S.EXAMINED}, to=S.LET_EXPORT, confirm=True,
        refuse={S.LET_EXPORT: _HAS_LEO, **{s: _NOT_ASSESSED for s in AWAITING_ASSESSMENT},
                S.FOR_EXAMINATION: ("CSB-4", "it awaits examination: enter the examination "
                                    "report first")},
        fn="courier.clearance.give_leo", queue=True),
    # the system, the moment the conditions hold (CSB-2, CSB-3, CSB-5), recorded (CSB-6)
    act("auto_leo", "give Let Export Order automatically", "CSB-2", person=False,
        from_=CLEARABLE, to=S.LET_EXPORT, fn="courier.clearance.auto_leo"),
    act("no_auto_leo", "record that no Auto-LEO rule was in force", "CSB-4", person=False,
        from_=CLEARABLE, fn="courier.clearance.auto_leo"),
], load=load, ref=lambda c: str(c.csb_no), labels=STATE_LABELS)

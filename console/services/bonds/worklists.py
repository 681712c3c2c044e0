"""What waits for the bond section at the officer's location (bonds-warehousing.md), for
the home worklist: one row per bond (kind ``BOND``, ref the bond number, or ``R<id>``
before registration) or per Bill of Entry (kind ``BE``, ref the BE number).

Stages, in the order a day's work takes them:

* ``to_approve``: continuity bonds asked for by the assessing officer, awaiting the AC/DC
  (BND-2; a specific bond is approved with its BE's specification, on the BE);
* ``to_register``: bonds approved, whose documents the bond clerk receives and registers
  with their storage location (BND-3);
* ``to_debit``: EDI BEs whose bond, specified by the assessing officer and approved by the
  AC/DC, is registered and not yet debited: the BE is held back until it is (BND-7);
* ``near_expiry``: registered bonds whose validity ends within ``BND-1.expiry_reminder_days``
  (or has ended): reminders, recovery, enhancement of the validity or closure (BND-1,
  BND-10);
* ``near_exhaustion``: registered bonds whose balance (or BG balance) is under
  ``BND-10.low_balance_pct`` of the bond (or BG) amount: no further debit beyond it
  (BND-10), so enhancement or a fresh bond.

Who each stage waits for is the row of the act it waits for (``STAGE_ACTS``, the BOND
table): the bond clerk registers and debits, the AC/DC approves; reminders are the
register's (``BOND.mis``: the section and the AC/DC in charge) and an enhancement the
AC/DC's. A bond in two stages is one row naming both. Rows come stage by stage, each in
the order it is worked: requests and approvals oldest first, debits in the order approved,
expiry soonest first, exhaustion lowest balance first. The figures are effective-dated
parameters (``fixtures/reference/parameters.csv``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import select

import db.tables as t
from console.acts.base import Act
from console.acts.be import BE
from console.acts.bond import BOND, BondKind, BondState
from console.core import Core
from console.money import fmt_inr
from console.roles import Actor, Role
from console.rules.params import parameter
from console.services.exports.worklists import PAGE, WorkPage, WorkRow

EXPIRY_DAYS = "BND-1.expiry_reminder_days"
LOW_BALANCE_PCT = "BND-10.low_balance_pct"

# the acts each stage waits for: who it waits for is those acts' rows (console.acts.bond)
STAGE_ACTS: dict[str, tuple[str, ...]] = {
    "to_approve": ("approve",),
    "to_register": ("register",),
    "to_debit": ("debit",),
    "near_expiry": ("mis", "enhance"),
    "near_exhaustion": ("mis", "enhance"),
}
STAGE_LABELS = {"to_approve": "bond to approve", "to_register": "bond to register",
                "to_debit": "bond debit due", "near_expiry": "near expiry",
                "near_exhaustion": "near exhaustion"}


def _waits_for(a: Act, role: Role) -> bool:
    """A rank's act waits for that rank itself, not for every higher one (as the BE and SB
    worklists read their tables)."""
    return role in a.roles or role == a.rank


STAGES_FOR: dict[Role, tuple[str, ...]] = {
    role: stages for role in Role
    if (stages := tuple(x for x, acts in STAGE_ACTS.items()
                        if any(_waits_for(BOND[a], role) for a in acts)))}
TITLES: dict[Role, str] = {
    Role.BND: "Bonds to register, debits to make, bonds near expiry or exhaustion",
    Role.ACDC: "Bonds to approve; bonds near expiry or exhaustion",
}


def _rs(value: int) -> str:
    return f"₹{fmt_inr(value)}"


def _at(day: date | None) -> datetime | None:
    return datetime.combine(day, time()) if day else None


def _bond_summary(b: t.Bond) -> str:
    kind = "continuity" if b.kind == BondKind.CONTINUITY else "specific"
    bg = f", BG {_rs(b.bg_balance_paise)}" if b.bg_amount_paise else ""
    return (f"{b.bond_type} {kind} · balance {_rs(b.balance_paise)} of "
            f"{_rs(b.amount_paise)}{bg} · valid to {b.valid_to:%d.%m.%Y}")


def _bond_matches(text: str):
    """The search box on bonds: a bond number, a request ``R<id>``, or the start of an IEC."""
    if text.isdigit():
        return t.Bond.bond_no == int(text)
    if text[:1] == "R" and text[1:].isdigit():
        return t.Bond.id == int(text[1:])
    return t.Bond.iec.startswith(text)


def _bonds(s, actor: Actor, stage: str, today: date, text: str) -> list[tuple[t.Bond, str]]:
    """The bonds of ``stage`` at the officer's location, in the order the stage is worked,
    each with what the row says of it."""
    bond = t.Bond
    q = select(bond).where(bond.location_code == actor.location_code)
    if text:
        q = q.where(_bond_matches(text))
    loc = actor.location_code
    if stage == "to_approve":
        rows = s.exec(q.where(bond.state == BondState.REQUESTED,
                              bond.kind == BondKind.CONTINUITY).order_by(bond.id)).all()
        return [(b, f"asked by {b.requested_by}") for b in rows]
    if stage == "to_register":
        rows = s.exec(q.where(bond.state == BondState.APPROVED)
                      .order_by(bond.approved_at, bond.id)).all()
        return [(b, f"approved by {b.approved_by}") for b in rows]
    live = q.where(bond.state == BondState.REGISTERED)
    if stage == "near_expiry":
        within = int(parameter(s, EXPIRY_DAYS, today, loc))
        rows = s.exec(live.where(bond.valid_to <= today + timedelta(days=within))
                      .order_by(bond.valid_to, bond.bond_no)).all()
        out = []
        for b in rows:
            left = (b.valid_to - today).days
            out.append((b, f"expired {-left} days ago" if left < 0 else
                        "expires today" if left == 0 else f"expires in {left} days"))
        return out
    if stage == "near_exhaustion":
        pct = parameter(s, LOW_BALANCE_PCT, today, loc)
        rows = [b for b in s.exec(live) if _low(b.balance_paise, b.amount_paise, pct)
                or _low(b.bg_balance_paise, b.bg_amount_paise, pct)]
        rows.sort(key=lambda b: (b.balance_paise * 100 / b.amount_paise if b.amount_paise
                                 else 0, b.bond_no))
        return [(b, f"balance under {pct}% of the bond") for b in rows]
    return []


def _low(balance: int, amount: int, pct: Decimal) -> bool:
    return amount > 0 and Decimal(balance) * 100 < Decimal(amount) * pct


def _due(s, actor: Actor, text: str) -> list[WorkRow]:
    """EDI BEs whose approved bond specification waits for its debit on a registered bond
    (BND-7), in the order approved."""
    be = t.BillOfEntry
    q = (select(t.BeBond, be, t.Bond).join(be, be.id == t.BeBond.be_id)
         .join(t.Bond, t.Bond.id == t.BeBond.bond_id)
         .where(be.location_code == actor.location_code, t.BeBond.approved_at.is_not(None),
                t.BeBond.ledger_id.is_(None), t.Bond.state == BondState.REGISTERED,
                be.state.in_(list(BE["bond_debited"].from_))))
    if text:
        q = q.where(or_(be.be_no == int(text), t.Bond.bond_no == int(text))
                    if text.isdigit() else be.iec.startswith(text))
    out = []
    for bb, b, bond in s.exec(q.order_by(t.BeBond.approved_at, be.be_no)):
        bg = f", BG {_rs(bb.bg_debit_paise)}" if bb.bg_debit_paise else ""
        out.append(WorkRow("BE", str(b.be_no), b.state, b.iec, bb.approved_at,
                           f"{STAGE_LABELS['to_debit']} · bond {bond.bond_no} "
                           f"{bond.bond_type} · {_rs(bb.debit_paise)}{bg} · approved by "
                           f"{bb.approved_by}"))
    return out


def for_officer(core: Core, actor: Actor, offset: int = 0, limit: int = PAGE,
                stage: str | None = None, search: str = "") -> WorkPage:
    """The bond section's worklist page for the officer's role (``STAGES_FOR``) at the
    officer's location; ``stage`` narrows it; ``search`` matches a bond number (or the
    request ``R<id>``), a BE number or the start of an IEC."""
    stages = STAGES_FOR.get(actor.role, ())
    if stage:
        stages = tuple(x for x in stages if x == stage)
    title = TITLES.get(actor.role, "Nothing in the bond section waits for this role")
    if not stages:
        return WorkPage(title, [], 0, offset)
    text = search.strip().upper()
    today = core.today()
    rows: list[WorkRow] = []
    seen: dict[str, int] = {}
    with core.db.read() as s:
        for x in stages:
            if x == "to_debit":
                rows.extend(_due(s, actor, text))
                continue
            for b, note in _bonds(s, actor, x, today, text):
                ref = BOND.ref(b)
                if ref in seen:  # one row per bond: the later stage is named on it
                    n = seen[ref]
                    r = rows[n]
                    head, _, rest = r.summary.partition(" · ")
                    rows[n] = WorkRow(r.kind, r.ref, r.state, r.party, r.at,
                                      f"{head}, {STAGE_LABELS[x]} ({note}) · {rest}")
                    continue
                seen[ref] = len(rows)
                at = {"to_approve": b.requested_at, "to_register": b.approved_at}.get(
                    x, b.registered_at) or _at(b.valid_to)
                rows.append(WorkRow("BOND", ref, b.state, b.iec, at,
                                    f"{STAGE_LABELS[x]} ({note}) · {_bond_summary(b)}"))
    return WorkPage(title, rows[offset:offset + limit], len(rows), offset)

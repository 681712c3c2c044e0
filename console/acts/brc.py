"""Realisation of export proceeds (exports.md EXP-BRC-1..5): three kinds of document.

* ``BRCAD`` an AD through whom a drawback exporter will realise proceeds, declared at a
  port (EXP-BRC-1): a first declaration, then intimations of new ADs. Audit trail: the IEC.
* ``BRCWATCH`` the watch of one drawback SB (``BrcWatch``, audit trail: the SB), opened by
  its LEO (EXP-BRC-2): ``pending`` until realisation is proved; the AC/DC starts recovery
  of an overdue SB (``under_recovery``, EXP-BRC-3); it leaves the pending list by a BRC
  (``brc``), a negative statement (``statement``), recovery recorded (``recovered``,
  EXP-BRC-5), or the SB's withdrawal after LEO (``withdrawn``: cancelled, shut out or sent
  back to town, nothing was exported). A row without a state column: the state is read
  from ``pending``, ``cleared_how`` and ``recovery_paise``.
* ``BRC`` an entry in the BRC entry module (EXP-BRC-4 options 1, 2, 3; EXP-BRC-5 option 1
  with the recovery order / challan): made at the officer's port, it moves the watches it
  covers (``realise``, ``nil_statement``, ``not_realised``, ``recovered``). Audit trail:
  ``BRC`` under the entry number.

Who (003 §24(a),(f),(g) "the officer"; roles.md: the AC/DC's BRC pendency and recovery):
the drawback branch (``DBK``) and the AC/DC or higher receive AD declarations and key BRC
entries, and see the pendency list; only the AC/DC (or higher) starts recovery.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act
from console.errors import NotFound, RuleViolation
from console.roles import Role


class WatchState(StrEnum):
    PENDING = "pending"
    UNDER_RECOVERY = "under_recovery"
    BRC = "brc"  # realised: a BRC keyed (option 1)
    STATEMENT = "statement"  # a negative statement (options 2, 3)
    RECOVERED = "recovered"  # drawback recovered, order / challan keyed (EXP-BRC-5)
    WITHDRAWN = "withdrawn"  # the SB was withdrawn after LEO


W = WatchState
PENDING = (W.PENDING, W.UNDER_RECOVERY)  # on the pending list
CLEARED = (W.BRC, W.STATEMENT, W.RECOVERED, W.WITHDRAWN)

LEFT_BY = {W.BRC: "a BRC", W.STATEMENT: "a negative statement",
           W.RECOVERED: "recovery of drawback", W.WITHDRAWN: "withdrawal of the SB after LEO"}
STATE_LABELS: dict[str, str] = {
    W.PENDING: "pending: realisation not yet proved",
    W.UNDER_RECOVERY: "under recovery of drawback (started by the AC/DC)",
    **{s: f"cleared: it already left the pending list by {how}" for s, how in LEFT_BY.items()},
}


class EntryState(StrEnum):
    KEYED = "keyed"


class EntryKind(StrEnum):
    """What an entry of the BRC entry module is (003 §24(g))."""

    BRC = "brc"
    RECOVERY = "recovery"
    NIL_STATEMENT = "nil_statement"
    NOT_REALISED_STATEMENT = "not_realised_statement"


class DeclarationState(StrEnum):
    DECLARED = "declared"


class DeclarationKind(StrEnum):
    DECLARATION = "declaration"  # the first, at a port
    INTIMATION = "intimation"  # a new AD after it


def watch_state(w: t.BrcWatch) -> str:
    if w.pending:
        return W.PENDING if w.recovery_paise is None else W.UNDER_RECOVERY
    return W(w.cleared_how)


def set_watch_state(w: t.BrcWatch, state: str) -> None:
    """Where the watch is; the service records the entry, who and when, and the amount."""
    w.pending = state in PENDING
    w.cleared_how = "" if w.pending else W(state).value
    if state == W.PENDING:
        w.recovery_paise, w.recovery_started_by, w.recovery_started_at = None, "", None
    elif state == W.UNDER_RECOVERY and w.recovery_paise is None:
        w.recovery_paise = 0


def load_watch(session: Session, sb_no: int, *, lock: bool = True) -> t.BrcWatch:
    """The watch of SB ``sb_no``, holding its row lock."""
    q = select(t.BrcWatch).where(t.BrcWatch.sb_no == sb_no)
    w = session.exec(q.with_for_update() if lock else q).first()
    if w is not None:
        return w
    if session.exec(select(t.ShippingBill.id).where(t.ShippingBill.sb_no == sb_no)).first():
        raise RuleViolation("EXP-BRC-3", f"SB {sb_no} is not a drawback SB with a Let Export "
                            "Order: no realisation is watched")
    raise NotFound(f"Shipping Bill {sb_no} not found")



WATCH = ActTable("BRCWATCH", "SB", WatchState, [
    act("open", "watch the realisation of a drawback SB", "EXP-BRC-2", to=W.PENDING,
        via="SB.leo"),
    act("start_recovery", "start recovery of drawback", "EXP-BRC-3", rank=Role.ACDC,
        from_={W.PENDING}, to=W.UNDER_RECOVERY, confirm=True,
        refuse={W.UNDER_RECOVERY: ("EXP-BRC-3", "its recovery was started already")},
        fn="schemes.brc.start_recovery"),
    act("realise", "clear the SB by a BRC", "EXP-BRC-4", to=W.BRC, via="BRC.brc", from_=PENDING),
    act("nil_statement", "clear the SB by a negative statement", "EXP-BRC-4",
        to=W.STATEMENT, via="BRC.nil_statement", from_=PENDING),
    act("not_realised", "clear the SB by a statement of the SBs not realised", "EXP-BRC-4",
        to=W.STATEMENT, via="BRC.not_realised", from_=PENDING),
    act("recovered", "clear the SB by the recovery of drawback", "EXP-BRC-5",
        from_={W.UNDER_RECOVERY}, to=W.RECOVERED, via="BRC.recovery",
        refuse={W.PENDING: ("EXP-BRC-5", "its recovery was never started: the AC/DC starts "
                            "it from the pendency list")}),
    act("withdraw", "take the SB off the watch: withdrawn after LEO", "EXP-CAN-1",
        from_=PENDING, to=W.WITHDRAWN, via="CAN.permit"),
], load=load_watch, ref=lambda w: str(w.sb_no), labels=STATE_LABELS, audit_kind="SB",
   state=watch_state, set_state=set_watch_state)

_OFFICER = dict(roles={Role.DBK}, rank=Role.ACDC, to=EntryState.KEYED)

ENTRY = ActTable("BRC", "BRC entry", EntryState, [
    act("brc", "key a BRC for specific SBs (option 1)", "EXP-BRC-4",
        fn="schemes.brc.record_brc", **_OFFICER),
    act("nil_statement", "approve a negative statement for a period (option 2)", "EXP-BRC-4",
        fn="schemes.brc.approve_nil_statement", **_OFFICER),
    act("not_realised", "key a negative statement listing the SBs not realised (option 3)",
        "EXP-BRC-4", fn="schemes.brc.declare_not_realised", **_OFFICER),
    act("recovery", "key the recovery of drawback by order / challan (option 1)",
        "EXP-BRC-5", fn="schemes.brc.record_recovery", **_OFFICER),
], ref=lambda e: str(e.id), state=lambda e: EntryState.KEYED)

DECLARATION = ActTable("BRCAD", "AD declaration", DeclarationState, [
    act("declare", "receive AD declarations", "EXP-BRC-1", roles={Role.DBK}, rank=Role.ACDC,
        to=DeclarationState.DECLARED, fn="schemes.brc.declare_ads"),
], ref=lambda d: d.iec, audit_kind="IEC", state=lambda d: DeclarationState.DECLARED)

"""Realisation of export proceeds: AD declarations, BRC entry (three options), the
pendency list with ageing, recovery and its removal (EXP-BRC-1, -3, -4, -5; the due date
itself, EXP-BRC-2, is set by the LEO in ``leo.py``).

Decisions where the notice (003 §24) leaves room:

* Which SBs are watched: drawback SBs — a drawback or ROSL amount, category
  ``drawback``, or an item with a drawback serial — from their LEO
  (``watch_realisation``, called by the LEO in its transaction). An SB cancelled, shut
  out or sent back to town after LEO leaves the watch (``stop_watch``): nothing was
  exported.
* Who: the drawback branch (``DBK``) and the AC/DC (or higher) receive AD declarations
  and key BRC entries (003 §24(a),(g): "the officer"); the pendency list is the AC/DC's
  and the drawback branch's (§24(f)); starting recovery is the AC/DC's (roles.md).
* AD-wise: BRCs and negative statements are filed AD-wise at each port (§24(c),(e)): an
  entry names an AD the exporter declared at this port (EXP-BRC-1), and covers only SBs
  realised through that AD (the AD code on the SB).
* Period of a negative statement: the exports (LEO dates) of ``EXP-BRC-4.period_months``
  (6) months from the first day of a month (§24(d): "for the six-monthly period of
  January–June 2008 (during which exports were effected)"); the statement must be dated
  after the period ends.
* Ageing: days overdue = today − due date; buckets *not yet due* (≤ 0), 1–90, 91–180,
  181–365, over 365 days. The pendency list shows overdue SBs (EXP-BRC-3) most overdue
  first; ``include_not_due`` adds the ones still running.
* Recovery: the AC/DC starts recovery of overdue SBs; the amount to recover is the SB's
  drawback plus ROSL (what the SB shows). A recovery order / challan keyed under option 1
  (EXP-BRC-5) removes only SBs whose recovery was started. A BRC keyed later for an SB
  under recovery removes it from the list and withdraws the recovery.

The documents and their acts are in ``console.acts.brc``: the watch of each SB
(``BRCWATCH``: pending, under recovery, cleared by a BRC, a statement, recovery or the SB's
withdrawal), the entries (``BRC``) and the AD declarations (``BRCAD``). Every watch an act
changes is read holding its row lock, so two officers clearing or recovering the same SB
are served one after the other and the second is refused by its state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console import formats
from console.acts.brc import (
    CLEARED,
    DECLARATION,
    ENTRY,
    LEFT_BY,
    WATCH,
    DeclarationKind,
    EntryKind,
    W,
    watch_state,
)
from console.clock import add_months
from console.core import Core
from console.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolation
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor
from console.rules.params import parameter

KIND = ENTRY.audit_kind
PAGE = 50
# The pendency's ageing buckets are counted only this far, rounded up past the page
# (as the worklists, ``worklists.COUNT_CAP``): counting every pending SB of a port
# (300,000 at 10M SBs) took 0.3-0.9 s (issue 21); a bucket beyond it shows "N+".
COUNT_CAP = 1_000
# Ageing buckets by days overdue: (label, from, to); None = open-ended.
BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("not yet due", None, 0), ("1-90", 1, 90), ("91-180", 91, 180), ("181-365", 181, 365),
    ("over 365", 366, None))
ENTRY_KINDS = {EntryKind.BRC: "BRC", EntryKind.RECOVERY: "recovery order / challan",
               EntryKind.NIL_STATEMENT: "negative statement (nothing pending)",
               EntryKind.NOT_REALISED_STATEMENT: "negative statement (SBs not realised)"}


# ---- views ----


@dataclass(frozen=True)
class AdDeclarationView:
    iec: str
    port_code: str
    ad_code: str
    bank: str
    kind: str  # declaration, intimation
    letter_ref: str
    letter_date: date
    received_by: str
    received_at: datetime


@dataclass(frozen=True)
class WatchView:
    """One drawback SB's realisation: pending or how it left the list."""

    sb_no: int
    sb_date: date
    iec: str
    exporter_name: str
    ad_code: str
    leo_on: date
    due_on: date
    days_overdue: int  # <= 0: not yet due
    bucket: str
    pending: bool
    cleared_how: str  # brc statement recovered withdrawn
    entry_no: int | None
    cleared_by: str
    cleared_at: datetime | None
    drawback: Decimal
    rosl: Decimal
    recovery: Decimal | None  # amount to recover, once recovery started
    recovery_started_by: str
    recovery_started_at: datetime | None
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)


@dataclass(frozen=True)
class PendencyPage:
    """The pendency list for the port or one IEC (EXP-BRC-3), one page of it."""

    as_of: date
    location_code: str
    iec: str  # "" = the whole port
    include_not_due: bool
    rows: tuple[WatchView, ...]
    total: int
    offset: int
    limit: int
    buckets: tuple[tuple[str, int], ...]  # every bucket, whatever the page shows
    # the buckets counted only up to their count (COUNT_CAP): more SBs are in them; and
    # whether ``total`` is so (a capped total always means there is a next page)
    capped: tuple[str, ...] = ()
    total_capped: bool = False

    def count_of(self, label: str, n: int) -> str:
        """A bucket's count as shown: "1,000+" when counted only so far."""
        return f"{n:,}+" if label in self.capped else f"{n:,}"

    @property
    def total_shown(self) -> str:
        return f"{self.total:,}+" if self.total_capped else f"{self.total:,}"


@dataclass(frozen=True)
class PeriodView:
    """The SBs of a negative statement's period still pending (EXP-BRC-4 option 2)."""

    iec: str
    ad_code: str
    period_from: date
    period_to: date
    sbs: tuple[WatchView, ...]


@dataclass(frozen=True)
class EntryView:
    entry_no: int
    option: int
    kind: str
    kind_label: str
    location_code: str
    iec: str
    ad_code: str
    doc_no: str
    doc_date: date
    period_from: date | None
    period_to: date | None
    cleared: tuple[int, ...]  # SBs that left the pending list by this entry
    not_realised: tuple[int, ...]  # option 3: SBs the statement lists as not realised
    recovery_withdrawn: tuple[int, ...]  # SBs under recovery realised by this BRC
    keyed_by: str
    keyed_at: datetime


# ---- small helpers ----


def _fmt(fn: Callable[[object], str], value: object, field: str) -> str:
    try:
        return fn(value)
    except ValueError as err:
        raise InvalidInput(field, str(err)) from None


def _may_see(actor: Actor, what: str) -> None:
    """The pendency list and the period's SBs are read by the officers who key the entries
    (``ENTRY``: the drawback branch or an AC/DC or higher, 003 §24(f),(g))."""
    who = ENTRY["brc"]
    if actor.role not in who.who:
        raise NotPermitted(f"{actor.username} ({actor.role.value}) may not {what}: needs "
                           f"{who.who_text()}", who.rule)


def _text(value: str, field: str, limit: int = 60) -> str:
    v = (value or "").strip()
    if not v:
        raise InvalidInput(field, "required")
    if len(v) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    return v


def _not_future(core: Core, day: date, field: str) -> None:
    if day > core.today():
        raise InvalidInput(field, f"{day:%d.%m.%Y} is in the future")


def days_overdue(due_on: date, today: date) -> int:
    return (today - due_on).days


def bucket_of(days: int) -> str:
    for label, lo, hi in BUCKETS:
        if (lo is None or days >= lo) and (hi is None or days <= hi):
            return label
    raise AssertionError(days)


def is_drawback_sb(s: Session, sb: t.ShippingBill) -> bool:
    """Drawback (or ROSL) is claimed on the SB."""
    if sb.drawback_paise or sb.rosl_paise or sb.category == "drawback":
        return True
    return s.exec(select(t.SbItem.id).where(t.SbItem.sb_id == sb.id,
                                            t.SbItem.dbk_serial != "")).first() is not None


def _registered_iec(s: Session, iec: str, *, lock: bool = False) -> t.Iec:
    """The exporter; ``lock``: holding its row (``FOR NO KEY UPDATE``: documents naming it
    may still be written), so two officers recording its declarations take turns."""
    q = select(t.Iec).where(t.Iec.code == iec)
    row = s.exec(q.with_for_update(key_share=True) if lock else q).first()
    if row is None:
        raise RuleViolation("EXP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
    return row


def _view(w: t.BrcWatch, sb: t.ShippingBill, name: str, today: date,
          actor: Actor | None = None) -> WatchView:
    days = days_overdue(w.due_on, today)
    acts = () if actor is None else tuple(
        f"{WATCH.kind}.{n}" for n in WATCH.open_to(actor, w)
        if n != "start_recovery" or days > 0)  # recovered only once overdue (EXP-BRC-3)
    return WatchView(
        sb_no=w.sb_no, sb_date=w.sb_date, iec=w.iec, exporter_name=name, ad_code=w.ad_code,
        leo_on=w.leo_on, due_on=w.due_on, days_overdue=days, bucket=bucket_of(days),
        pending=w.pending, cleared_how=w.cleared_how, entry_no=w.entry_id,
        cleared_by=w.cleared_by, cleared_at=w.cleared_at,
        drawback=from_paise(sb.drawback_paise), rosl=from_paise(sb.rosl_paise),
        recovery=None if w.recovery_paise is None else from_paise(w.recovery_paise),
        recovery_started_by=w.recovery_started_by, recovery_started_at=w.recovery_started_at,
        acts=acts)


def _views(s: Session, watches: Sequence[t.BrcWatch], today: date,
           actor: Actor | None = None) -> tuple[WatchView, ...]:
    if not watches:
        return ()
    sbs = {sb.id: sb for sb in s.exec(select(t.ShippingBill).where(
        t.ShippingBill.id.in_([w.sb_id for w in watches])))}
    names = dict(s.exec(select(t.Iec.code, t.Iec.name).where(
        t.Iec.code.in_({w.iec for w in watches}))).all())
    return tuple(_view(w, sbs[w.sb_id], names.get(w.iec, ""), today, actor) for w in watches)


def _entry_view(s: Session, e: t.BrcEntry, recovery_withdrawn: Sequence[int] = ()) -> EntryView:
    cleared = s.exec(select(t.BrcWatch.sb_no).where(t.BrcWatch.entry_id == e.id)
                     .order_by(t.BrcWatch.sb_no)).all()
    listed = tuple(int(n) for n in e.not_realised.split(",") if n)
    return EntryView(
        entry_no=e.id, option=e.option, kind=e.kind, kind_label=ENTRY_KINDS[e.kind],
        location_code=e.location_code, iec=e.iec, ad_code=e.ad_code, doc_no=e.doc_no,
        doc_date=e.doc_date, period_from=e.period_from, period_to=e.period_to,
        cleared=tuple(cleared), not_realised=listed,
        recovery_withdrawn=tuple(recovery_withdrawn), keyed_by=e.keyed_by, keyed_at=e.keyed_at)


# ---- the watch, opened by the LEO (EXP-BRC-2) ----


def watch_realisation(s: Session, core: Core, actor: Actor, sb: t.ShippingBill
                      ) -> t.BrcWatch | None:
    """Called by the LEO in its transaction, after the due date is set: a drawback SB is
    watched until realisation is proved (EXP-BRC-3, ``BRCWATCH.open``, on the SB's
    trail)."""
    if sb.brc_due_date is None or sb.leo_at is None or not is_drawback_sb(s, sb):
        return None
    w = t.BrcWatch(sb_id=sb.id, sb_no=sb.sb_no, sb_date=sb.sb_date,
                   location_code=sb.location_code, iec=sb.iec, ad_code=sb.ad_code or "",
                   leo_on=sb.leo_at.date(), due_on=sb.brc_due_date)
    s.add(w)
    s.flush()
    transition(s, core, actor, w, WATCH["open"], action="brc_watch",
               reason=f"realisation due {w.due_on:%d.%m.%Y}")
    return w


def stop_watch(s: Session, core: Core, actor: Actor, sb: t.ShippingBill) -> None:
    """Called when an SB is cancelled / shut out / sent back to town after LEO, in that
    transaction (``BRCWATCH.withdraw``): nothing was exported, so nothing is to be
    realised."""
    w = s.exec(select(t.BrcWatch).where(t.BrcWatch.sb_id == sb.id).with_for_update()).first()
    if w is None or watch_state(w) in CLEARED:
        return
    w.cleared_by, w.cleared_at = actor.username, core.now()
    transition(s, core, actor, w, WATCH["withdraw"], action=f"brc_{W.WITHDRAWN}",
               reason="the SB was withdrawn after LEO: nothing is to be realised")


# ---- EXP-BRC-1: the exporter's AD declarations ----


def _declared(s: Session, iec: str, port: str, ad_code: str) -> None:
    if s.exec(select(t.BrcAdDeclaration.id).where(
            t.BrcAdDeclaration.iec == iec, t.BrcAdDeclaration.port_code == port,
            t.BrcAdDeclaration.ad_code == ad_code)).first() is None:
        raise RuleViolation("EXP-BRC-1", f"AD {ad_code} is not declared by {iec} at {port}: "
                            "the exporter must intimate the new AD first")


def _declaration_view(d: t.BrcAdDeclaration, bank: str) -> AdDeclarationView:
    return AdDeclarationView(iec=d.iec, port_code=d.port_code, ad_code=d.ad_code, bank=bank,
                             kind=d.kind, letter_ref=d.letter_ref, letter_date=d.letter_date,
                             received_by=d.received_by, received_at=d.received_at)


def declare_ads(core: Core, actor: Actor, iec: str, ad_codes: Sequence[str], *,
                letter_ref: str, letter_date: date) -> list[AdDeclarationView]:
    """Record a drawback exporter's declaration, at this port, of the ADs through whom it
    will realise proceeds; after the first declaration a new AD is an intimation
    (EXP-BRC-1). Each AD must be in RBI's directory and the exporter's account with it
    registered at this port (EXP-REG-4)."""
    DECLARATION.check(actor, "declare")
    iec = _fmt(formats.iec, iec, "iec")
    codes = [_fmt(formats.ad_code, c, "ad_code") for c in ad_codes]
    if not codes:
        raise InvalidInput("ad_code", "name at least one AD", "EXP-BRC-1")
    if len(set(codes)) != len(codes):
        raise InvalidInput("ad_code", "an AD is named twice", "EXP-BRC-1")
    letter_ref = _text(letter_ref, "letter_ref")
    _not_future(core, letter_date, "letter_date")
    port = actor.location_code
    with core.db.write() as s:
        _registered_iec(s, iec, lock=True)
        earlier = s.exec(select(t.BrcAdDeclaration).where(
            t.BrcAdDeclaration.iec == iec, t.BrcAdDeclaration.port_code == port)).all()
        kind = DeclarationKind.INTIMATION if earlier else DeclarationKind.DECLARATION
        out = []
        for code in codes:
            ad = s.get(t.AdCode, code)
            if ad is None:
                raise RuleViolation("EXP-REG-4", f"AD code {code} is not in RBI's AD directory")
            if not s.exec(select(t.AdRegistration.id).where(
                    t.AdRegistration.iec == iec, t.AdRegistration.ad_code == code,
                    t.AdRegistration.port_code == port)).first():
                raise RuleViolation("EXP-REG-4", f"{iec}'s account with AD {code} is not "
                                    f"registered at {port}: register it first")
            if any(d.ad_code == code for d in earlier):
                raise InvalidInput("ad_code", f"AD {code} is already declared by {iec} at "
                                   f"{port}", "EXP-BRC-1")
            row = t.BrcAdDeclaration(iec=iec, port_code=port, ad_code=code, kind=kind,
                                     letter_ref=letter_ref, letter_date=letter_date,
                                     received_by=actor.username, received_at=core.now())
            s.add(row)
            s.flush()
            transition(s, core, actor, row, DECLARATION["declare"], action=f"brc_ad_{kind}",
                       reason=f"{letter_ref} of {letter_date:%d.%m.%Y}: AD {code} at {port}")
            out.append(_declaration_view(row, ad.bank))
        return out


def ad_declarations(core: Core, iec: str, port: str | None = None) -> list[AdDeclarationView]:
    """The ADs an exporter declared (at one port, or everywhere) (EXP-BRC-1)."""
    iec = _fmt(formats.iec, iec, "iec")
    with core.db.read() as s:
        q = (select(t.BrcAdDeclaration, t.AdCode.bank)
             .join(t.AdCode, t.AdCode.code == t.BrcAdDeclaration.ad_code)
             .where(t.BrcAdDeclaration.iec == iec))
        if port:
            q = q.where(t.BrcAdDeclaration.port_code == port)
        rows = s.exec(q.order_by(t.BrcAdDeclaration.port_code, t.BrcAdDeclaration.id)).all()
        return [_declaration_view(d, bank) for d, bank in rows]


# ---- the SBs an entry names ----


def _watched(s: Session, actor: Actor, sb_no: int, iec: str, *, sb_date: date | None = None,
             ad_code: str | None = None, rule: str = "EXP-BRC-4") -> t.BrcWatch:
    """The watch of SB ``sb_no``, refusing an SB of another port or exporter, of another
    date or AD, or not a drawback SB with LEO."""
    sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb_no)).first()
    if sb is None:
        raise NotFound(f"Shipping Bill {sb_no} not found")
    if sb.location_code != actor.location_code:
        raise RuleViolation(rule, f"SB {sb_no} was filed at {sb.location_code}, not "
                            f"{actor.location_code}: certificates are filed at each port")
    if sb_date is not None and sb.sb_date != sb_date:
        raise InvalidInput("sb_date", f"SB {sb_no} is dated {sb.sb_date:%d.%m.%Y}, not "
                           f"{sb_date:%d.%m.%Y}", rule)
    if sb.iec != iec:
        raise RuleViolation(rule, f"SB {sb_no} is of exporter {sb.iec}, not {iec}")
    w = s.exec(select(t.BrcWatch).where(t.BrcWatch.sb_id == sb.id).with_for_update()).first()
    if w is None:
        raise RuleViolation("EXP-BRC-3", f"SB {sb_no} is not a drawback SB with a Let Export "
                            "Order: no realisation is watched")
    if ad_code is not None and w.ad_code != ad_code:
        raise RuleViolation(rule, f"SB {sb_no} realises through AD {w.ad_code or '(none)'}, "
                            f"not AD {ad_code}: certificates are filed AD-wise")
    return w


def _left(w: t.BrcWatch) -> str:
    entry = f" (entry {w.entry_id})" if w.entry_id else ""
    return f"SB {w.sb_no} already left the pending list by {LEFT_BY[watch_state(w)]}{entry}"


def _clear(s: Session, core: Core, actor: Actor, w: t.BrcWatch, entry: t.BrcEntry,
           act: str) -> None:
    """The watch ``w`` leaves the pending list by ``entry`` (the watch's act ``act``)."""
    row = WATCH[act]
    (to,) = row.to
    w.entry_id, w.cleared_by, w.cleared_at = entry.id, actor.username, core.now()
    transition(s, core, actor, w, row, action=f"brc_{to}",
               reason=f"entry {entry.id}, option {entry.option}: "
                      f"{ENTRY_KINDS[entry.kind]} {entry.doc_no} of {entry.doc_date:%d.%m.%Y}")


def _new_entry(s: Session, core: Core, actor: Actor, **fields) -> t.BrcEntry:
    e = t.BrcEntry(location_code=actor.location_code, keyed_by=actor.username,
                   keyed_at=core.now(), **fields)
    s.add(e)
    s.flush()
    return e


def _sb_list(sbs: Sequence[tuple[int, date]]) -> list[tuple[int, date]]:
    if not sbs:
        raise InvalidInput("sbs", "name at least one SB with its date", "EXP-BRC-4")
    nos = [n for n, _d in sbs]
    if len(set(nos)) != len(nos):
        raise InvalidInput("sbs", "an SB is named twice", "EXP-BRC-4")
    return list(sbs)


# ---- EXP-BRC-4 option 1: BRCs for specific SBs ----


def record_brc(core: Core, actor: Actor, iec: str, ad_code: str, brc_no: str, brc_date: date,
               sbs: Sequence[tuple[int, date]]) -> EntryView:
    """Option 1: a BRC from the AD for the SBs named with their dates; they leave the
    pending list. An SB under recovery leaves it too, and its recovery is withdrawn
    (EXP-BRC-4, EXP-BRC-5)."""
    ENTRY.check(actor, "brc")
    iec, ad_code = _fmt(formats.iec, iec, "iec"), _fmt(formats.ad_code, ad_code, "ad_code")
    brc_no = _text(brc_no, "brc_no")
    _not_future(core, brc_date, "brc_date")
    sbs = _sb_list(sbs)
    with core.db.write() as s:
        _registered_iec(s, iec)
        _declared(s, iec, actor.location_code, ad_code)
        watches = [_watched(s, actor, no, iec, sb_date=d, ad_code=ad_code) for no, d in sbs]
        for w in watches:
            WATCH.check(actor, "realise", w)
        entry = _new_entry(s, core, actor, iec=iec, option=1, kind=EntryKind.BRC,
                           ad_code=ad_code, doc_no=brc_no, doc_date=brc_date,
                           sbs_cleared=len(watches))
        withdrawn = [w.sb_no for w in watches if watch_state(w) == W.UNDER_RECOVERY]
        for w in watches:
            _clear(s, core, actor, w, entry, "realise")
        transition(s, core, actor, entry, ENTRY["brc"], action="option_1_brc",
                   reason=f"BRC {brc_no} of {brc_date:%d.%m.%Y}, AD {ad_code}: SB "
                          + ", ".join(str(w.sb_no) for w in watches)
                          + (f"; recovery withdrawn for {withdrawn}" if withdrawn else ""))
        return _entry_view(s, entry, withdrawn)


# ---- EXP-BRC-4 options 2 and 3: negative statements for a period ----


def statement_period(s: Session, period_from: date, location: str) -> tuple[date, date]:
    """The six-monthly period starting ``period_from`` (EXP-BRC-4; months as data)."""
    if period_from.day != 1:
        raise InvalidInput("period_from", "a period starts on the first day of a month",
                           "EXP-BRC-4")
    months = int(parameter(s, "EXP-BRC-4.period_months", period_from, location))
    return period_from, add_months(period_from, months) - timedelta(days=1)


def _period_watches(s: Session, location: str, iec: str, ad_code: str, start: date,
                    end: date, *, lock: bool = False) -> list[t.BrcWatch]:
    q = (select(t.BrcWatch).where(
        t.BrcWatch.iec == iec, t.BrcWatch.location_code == location,
        t.BrcWatch.ad_code == ad_code, t.BrcWatch.leo_on >= start, t.BrcWatch.leo_on <= end)
        .order_by(t.BrcWatch.leo_on, t.BrcWatch.sb_no))
    return list(s.exec(q.with_for_update() if lock else q))


def _statement_checks(core: Core, actor: Actor, act: str, iec: str, ad_code: str,
                      statement_no: str, statement_date: date) -> tuple[str, str, str]:
    ENTRY.check(actor, act)
    iec, ad_code = _fmt(formats.iec, iec, "iec"), _fmt(formats.ad_code, ad_code, "ad_code")
    _not_future(core, statement_date, "statement_date")
    return iec, ad_code, _text(statement_no, "statement_no")


def _period_of(s: Session, actor: Actor, period_from: date, statement_date: date | None
               ) -> tuple[date, date]:
    start, end = statement_period(s, period_from, actor.location_code)
    if statement_date is not None and statement_date <= end:
        raise RuleViolation("EXP-BRC-4", f"a statement of {statement_date:%d.%m.%Y} cannot "
                            f"cover the period {start:%d.%m.%Y}–{end:%d.%m.%Y}: it must be "
                            "dated after the period ends")
    return start, end


def period_sbs(core: Core, actor: Actor, iec: str, ad_code: str, period_from: date
               ) -> PeriodView:
    """Option 2, first step: the SBs of the period still pending, shown to the officer
    before approval (EXP-BRC-4)."""
    _may_see(actor, "see the SBs of a negative statement's period")
    iec, ad_code = _fmt(formats.iec, iec, "iec"), _fmt(formats.ad_code, ad_code, "ad_code")
    with core.db.read() as s:
        start, end = _period_of(s, actor, period_from, None)
        pending = [w for w in _period_watches(s, actor.location_code, iec, ad_code, start, end)
                   if w.pending]
        return PeriodView(iec=iec, ad_code=ad_code, period_from=start, period_to=end,
                          sbs=_views(s, pending, core.today()))


def approve_nil_statement(core: Core, actor: Actor, iec: str, ad_code: str, period_from: date,
                          statement_no: str, statement_date: date, *,
                          shown: Sequence[int] | None = None) -> EntryView:
    """Option 2: a negative statement that nothing is pending for the period; on approval
    every SB of the period (through that AD) leaves the pending list (EXP-BRC-4).
    ``shown``: the SB numbers the officer saw; refused if the period's list changed."""
    iec, ad_code, statement_no = _statement_checks(core, actor, "nil_statement", iec, ad_code,
                                                   statement_no, statement_date)
    with core.db.write() as s:
        _registered_iec(s, iec)
        _declared(s, iec, actor.location_code, ad_code)
        start, end = _period_of(s, actor, period_from, statement_date)
        pending = [w for w in _period_watches(s, actor.location_code, iec, ad_code, start, end,
                                              lock=True) if w.pending]
        if not pending:
            raise RuleViolation("EXP-BRC-4", f"no SB of {iec} through AD {ad_code} with LEO "
                                f"in {start:%d.%m.%Y}–{end:%d.%m.%Y} is pending: nothing to "
                                "approve")
        if shown is not None and sorted(shown) != sorted(w.sb_no for w in pending):
            raise Conflict("the SBs pending for the period changed since they were shown; "
                           "show them again and approve what you see")
        for w in pending:
            WATCH.check(actor, "nil_statement", w)
        entry = _new_entry(s, core, actor, iec=iec, option=2, kind=EntryKind.NIL_STATEMENT,
                           ad_code=ad_code, doc_no=statement_no, doc_date=statement_date,
                           period_from=start, period_to=end, sbs_cleared=len(pending))
        for w in pending:
            _clear(s, core, actor, w, entry, "nil_statement")
        transition(s, core, actor, entry, ENTRY["nil_statement"], action="option_2_statement",
                   reason=f"{statement_no} of {statement_date:%d.%m.%Y}, AD {ad_code}, "
                          f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: {len(pending)} SB(s)")
        return _entry_view(s, entry)


def declare_not_realised(core: Core, actor: Actor, iec: str, ad_code: str, period_from: date,
                         statement_no: str, statement_date: date,
                         not_realised: Sequence[int]) -> EntryView:
    """Option 3: a negative statement listing the SBs of the period **not** realised; the
    officer keys those, and every other SB of the period (through that AD) leaves the
    pending list. A listed SB of another exporter, another AD or outside the period is
    refused and nothing changes (EXP-BRC-4)."""
    iec, ad_code, statement_no = _statement_checks(core, actor, "not_realised", iec, ad_code,
                                                   statement_no, statement_date)
    listed = list(dict.fromkeys(int(n) for n in not_realised))
    if not listed:
        raise InvalidInput("not_realised", "list the SBs not realised (a statement that "
                           "nothing is pending is option 2)", "EXP-BRC-4")
    if len(",".join(map(str, listed))) > 2000:
        raise InvalidInput("not_realised", "too many SBs for one statement", "EXP-BRC-4")
    with core.db.write() as s:
        _registered_iec(s, iec)
        _declared(s, iec, actor.location_code, ad_code)
        start, end = _period_of(s, actor, period_from, statement_date)
        for no in listed:
            w = _watched(s, actor, no, iec, ad_code=ad_code)
            if not start <= w.leo_on <= end:
                raise RuleViolation("EXP-BRC-4", f"SB {no} was let for export on "
                                    f"{w.leo_on:%d.%m.%Y}, outside the period "
                                    f"{start:%d.%m.%Y}–{end:%d.%m.%Y}")
            if watch_state(w) in (W.BRC, W.STATEMENT):
                raise RuleViolation("EXP-BRC-4", _left(w) + ": it cannot be listed as not "
                                    "realised")
        others = [w for w in _period_watches(s, actor.location_code, iec, ad_code, start, end,
                                             lock=True)
                  if w.pending and w.sb_no not in listed]
        for w in others:
            WATCH.check(actor, "not_realised", w)
        entry = _new_entry(s, core, actor, iec=iec, option=3,
                           kind=EntryKind.NOT_REALISED_STATEMENT, ad_code=ad_code,
                           doc_no=statement_no, doc_date=statement_date, period_from=start,
                           period_to=end, not_realised=",".join(map(str, listed)),
                           sbs_cleared=len(others))
        for w in others:
            _clear(s, core, actor, w, entry, "not_realised")
        transition(s, core, actor, entry, ENTRY["not_realised"], action="option_3_statement",
                   reason=f"{statement_no} of {statement_date:%d.%m.%Y}, AD {ad_code}, "
                          f"{start:%d.%m.%Y}–{end:%d.%m.%Y}: not realised "
                          f"{entry.not_realised}; {len(others)} SB(s) cleared"[:500])
        return _entry_view(s, entry)


# ---- EXP-BRC-3: the pendency list with ageing ----


def _scope(q, location: str, iec: str):
    q = q.where(t.BrcWatch.location_code == location, t.BrcWatch.pending == True)  # noqa: E712
    return q.where(t.BrcWatch.iec == iec) if iec else q


def _bucket_counts(s: Session, location: str, iec: str, today: date, window: int
                   ) -> tuple[tuple[str, int], ...]:
    """How many pending SBs each ageing bucket holds, each counted only up to
    ``window + 1`` (a range of ``due_on`` on the index ix_brcwatch_port or
    ix_brcwatch_iec, read no further than that): one statement."""
    counts = []
    for _label, lo, hi in BUCKETS:
        cond = []
        if lo is not None:  # days >= lo  <=>  due_on <= today - lo
            cond.append(t.BrcWatch.due_on <= today - timedelta(days=lo))
        if hi is not None:  # days <= hi  <=>  due_on >= today - hi
            cond.append(t.BrcWatch.due_on >= today - timedelta(days=hi))
        some = _scope(select(t.BrcWatch.due_on), location, iec).where(*cond).limit(window + 1)
        counts.append(select(func.count()).select_from(some.subquery()).scalar_subquery())
    row = s.exec(select(*counts)).one()
    return tuple((label, int(n)) for (label, _lo, _hi), n in zip(BUCKETS, row, strict=True))


def pendency(core: Core, actor: Actor, iec: str | None = None, *,
             include_not_due: bool = False, offset: int = 0, limit: int = PAGE) -> PendencyPage:
    """Drawback SBs whose BRC / negative statement was not furnished by the due date, for
    the whole port or one IEC, most overdue first, with the count in every ageing bucket
    (EXP-BRC-3).

    Each bucket is counted up to the page's end rounded up to ``COUNT_CAP`` (the
    window); a bucket with more SBs says so (``capped``, "1,000+"), and so does the
    total of the buckets listed (``total_capped``: then more SBs than the window exist,
    so a next page does). Paging on past the window moves it, as the worklists do."""
    _may_see(actor, "see the BRC pendency list")
    iec = _fmt(formats.iec, iec, "iec") if iec else ""
    if offset < 0 or not 1 <= limit <= 500:
        raise InvalidInput("page", "offset >= 0 and 1 <= limit <= 500")
    today = core.today()
    cap = max(1, COUNT_CAP)
    window = -(-(offset + limit) // cap) * cap  # the page's end, rounded up
    with core.db.read() as s:
        counted = _bucket_counts(s, actor.location_code, iec, today, window)
        capped = tuple(label for label, n in counted if n > window)
        buckets = tuple((label, min(n, window)) for label, n in counted)
        listed = [(label, n) for label, n in buckets
                  if include_not_due or label != BUCKETS[0][0]]
        total = sum(n for _label, n in listed)
        q = _scope(select(t.BrcWatch), actor.location_code, iec)
        if not include_not_due:
            q = q.where(t.BrcWatch.due_on < today)
        rows = s.exec(q.order_by(t.BrcWatch.due_on, t.BrcWatch.sb_no)
                      .offset(offset).limit(limit)).all()
        return PendencyPage(as_of=today, location_code=actor.location_code, iec=iec,
                            include_not_due=include_not_due,
                            rows=_views(s, rows, today, actor),
                            total=total, offset=offset, limit=limit, buckets=buckets,
                            capped=capped,
                            total_capped=any(label in capped for label, _n in listed))


# ---- recovery (EXP-BRC-3 start, EXP-BRC-5 removal) ----


def start_recovery(core: Core, actor: Actor, sb_nos: Sequence[int] = (), *,
                   iec: str | None = None) -> list[WatchView]:
    """The AC/DC starts recovery of drawback and ROSL on overdue SBs: those named, or every
    overdue SB of the port (or of one IEC) not yet under recovery. The amount to recover
    is the SB's drawback plus ROSL (EXP-BRC-3)."""
    WATCH.check(actor, "start_recovery")
    iec = _fmt(formats.iec, iec, "iec") if iec else ""
    today, now = core.today(), core.now()
    with core.db.write() as s:
        if sb_nos:
            watches = []
            for no in dict.fromkeys(sb_nos):
                w = WATCH.take(s, actor, "start_recovery", no)
                if iec and w.iec != iec:
                    raise RuleViolation("EXP-BRC-3", f"SB {no} is of exporter {w.iec}, not "
                                        f"{iec}")
                if w.due_on >= today:
                    raise RuleViolation("EXP-BRC-3", f"SB {no} is not overdue: realisation is "
                                        f"due by {w.due_on:%d.%m.%Y}")
                watches.append(w)
        else:
            watches = list(s.exec(_scope(select(t.BrcWatch), actor.location_code, iec)
                                  .where(t.BrcWatch.due_on < today,
                                         t.BrcWatch.recovery_paise.is_(None))
                                  .order_by(t.BrcWatch.due_on, t.BrcWatch.sb_no)
                                  .with_for_update()))
            if not watches:
                raise RuleViolation("EXP-BRC-3", "no overdue SB awaits recovery"
                                    + (f" for {iec}" if iec else ""))
            for w in watches:
                WATCH.check(actor, "start_recovery", w)
        sbs = {sb.id: sb for sb in s.exec(select(t.ShippingBill).where(
            t.ShippingBill.id.in_([w.sb_id for w in watches])))}
        for w in watches:
            sb = sbs[w.sb_id]
            amount = sb.drawback_paise + sb.rosl_paise
            w.recovery_started_by, w.recovery_started_at = actor.username, now
            transition(s, core, actor, w, WATCH["start_recovery"],
                       action="brc_recovery_started",
                       reason=f"BRC due {w.due_on:%d.%m.%Y} not furnished: recover "
                              f"₹{from_paise(amount)} (drawback + ROSL)")
            w.recovery_paise = amount  # the state moved: under recovery of this amount
        s.flush()
        return list(_views(s, watches, today))


def under_recovery(core: Core, actor: Actor, iec: str | None = None, *, offset: int = 0,
                   limit: int = PAGE) -> list[WatchView]:
    """SBs whose recovery was started and not yet recorded or realised."""
    _may_see(actor, "see SBs under recovery")
    iec = _fmt(formats.iec, iec, "iec") if iec else ""
    with core.db.read() as s:
        rows = s.exec(_scope(select(t.BrcWatch), actor.location_code, iec)
                      .where(t.BrcWatch.recovery_paise.is_not(None))
                      .order_by(t.BrcWatch.due_on, t.BrcWatch.sb_no)
                      .offset(offset).limit(limit)).all()
        return list(_views(s, rows, core.today()))


def record_recovery(core: Core, actor: Actor, iec: str, order_no: str, order_date: date,
                    sbs: Sequence[tuple[int, date]]) -> EntryView:
    """Option 1 with the order / challan number and date by which drawback was recovered:
    those SBs leave the pending list (EXP-BRC-5). Only SBs whose recovery was started."""
    ENTRY.check(actor, "recovery")
    iec = _fmt(formats.iec, iec, "iec")
    order_no = _text(order_no, "order_no")
    _not_future(core, order_date, "order_date")
    sbs = _sb_list(sbs)
    with core.db.write() as s:
        _registered_iec(s, iec)
        watches = [_watched(s, actor, no, iec, sb_date=d, rule="EXP-BRC-5") for no, d in sbs]
        for w in watches:
            WATCH.check(actor, "recovered", w)
        entry = _new_entry(s, core, actor, iec=iec, option=1, kind=EntryKind.RECOVERY,
                           doc_no=order_no, doc_date=order_date, sbs_cleared=len(watches))
        for w in watches:
            _clear(s, core, actor, w, entry, "recovered")
        total = sum(w.recovery_paise for w in watches)
        transition(s, core, actor, entry, ENTRY["recovery"], action="option_1_recovery",
                   reason=f"order/challan {order_no} of {order_date:%d.%m.%Y}: ₹"
                          f"{from_paise(total)} recovered on SB "
                          + ", ".join(str(w.sb_no) for w in watches))
        return _entry_view(s, entry)


# ---- enquiry ----


def show(core: Core, sb_no: int) -> WatchView:
    """One SB's realisation: due date, ageing, how it left the list, recovery."""
    with core.db.read() as s:
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == sb_no)).first()
        if sb is None:
            raise NotFound(f"Shipping Bill {sb_no} not found")
        w = s.exec(select(t.BrcWatch).where(t.BrcWatch.sb_id == sb.id)).first()
        if w is None:
            why = ("has no Let Export Order yet" if sb.leo_at is None
                   else "claims no drawback: its realisation is not watched")
            raise NotFound(f"SB {sb_no} {why}")
        return _views(s, [w], core.today())[0]


def entry(core: Core, entry_no: int) -> EntryView:
    with core.db.read() as s:
        e = s.get(t.BrcEntry, entry_no)
        if e is None:
            raise NotFound(f"BRC entry {entry_no} not found")
        return _entry_view(s, e)

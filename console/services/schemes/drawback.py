"""The drawback branch: claims after export, brand rates, supplementary claims and the daily
scroll to the designated bank (EXP-DBK-1, -3, -4, -5, -6).

Life of a claim (``console.acts.drawback``: ``DBK`` the original claim, ``DBKSUP`` a
supplementary one; audit kind ``DBK``, reference the claim id):

- **original**: opened when the EGM closes a drawback SB (no separate claim is filed,
  EXP-DBK-3) → ``queued`` ⇄ ``query`` (a deficiency takes it out of the queue; the reply keyed
  at the service centre puts it back) → ``sanctioned`` by the drawback officer, strictly
  first come first served → ``scrolled`` in the day's scroll (EXP-DBK-5). Brand-rate letters
  (EXP-DBK-4) and the exporter's application for a supplementary claim (EXP-DBK-6) are keyed
  against it.
- **supplementary** (EXP-DBK-6): ``requested`` (on the exporter's application, keyed at the
  service centre once the original claim is paid) → the AC/DC (DBK) permits → ``queued`` →
  the DBK appraiser processes it → ``submitted`` → the AC/DC sanctions → ``sanctioned`` →
  ``scrolled``. Never above the entitlement less what was paid or is pending.

Decisions where the notice is silent (003 §19.6): a claim answered after a query rejoins the
queue at its original place (its place is fixed by the export, the query only suspends it);
a claim sanctioned after the day's scroll was generated would miss every scroll, so once a
day's scroll is closed no more claims are sanctioned that day; the designated bank is the
AD code in parameter ``EXP-DBK-5.designated_ad`` for the location (effective-dated). A
brand-rate letter is keyed against the SB's claim, so after the export (the letter is
applied for after export).

Concurrency: every act holds its claim's row lock (the act tables' loaders). The day's
scroll and the day's sanctions are kept apart by the location's row in the port directory:
generating the scroll holds it exclusively (``FOR NO KEY UPDATE``), a sanction shares it
(``FOR SHARE``), so two officers generating the same day's scroll are served one after the
other (the second is refused: the day is closed), and no claim is sanctioned into a day
whose scroll is being generated. SQLite serialises writers anyway (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

import db.tables as t
from console.acts.drawback import DBK, DBKSUP, PAID, PENDING, SCROLL, TABLES, C, ClaimKind
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor, Role
from console.rules.drawback import PROVISIONAL
from console.rules.params import parameter
from console.services.exports.worklists import WorkPage, WorkRow
from db.sequences import next_number

if TYPE_CHECKING:
    from console.progress import Progress

KIND = "DBK"


@dataclass(frozen=True)
class ClaimView:
    id: int
    sb_no: int
    sb_date: date | None
    iec: str
    exporter_name: str
    kind: str
    state: str
    amount: object  # Decimal
    reason: str
    queued_at: datetime
    query_text: str
    reply_text: str
    sanctioned_by: str
    sanctioned_at: datetime | None
    account_no: str
    ifsc: str
    scroll_no: int | None
    version: int
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)


@dataclass(frozen=True)
class ScrollLine:
    claim_id: int
    sb_no: int
    sb_date: date | None
    iec: str
    exporter_name: str
    kind: str
    account_no: str
    ifsc: str
    bank: str
    amount: object  # Decimal


@dataclass(frozen=True)
class ScrollView:
    scroll_no: int
    scroll_date: date
    location_code: str
    location_name: str
    bank_ad_code: str
    bank_name: str
    bank_branch: str
    bank_ifsc: str
    lines: tuple[ScrollLine, ...]
    total: object  # Decimal
    generated_by: str
    generated_at: datetime


# ---- reading ----


def _claim(s: Session, claim_id: int) -> t.DrawbackClaim:
    claim = s.get(t.DrawbackClaim, claim_id)
    if claim is None:
        raise NotFound(f"drawback claim {claim_id} not found")
    return claim


def _take(s: Session, actor: Actor, act: str, claim_id: int,
          expected_version: int | None) -> t.DrawbackClaim:
    """``act`` on claim ``claim_id`` through the table of its kind (an original claim's or a
    supplementary claim's; the kind never changes, so it is read first without a lock)."""
    kind = s.exec(select(t.DrawbackClaim.kind).where(t.DrawbackClaim.id == claim_id)).first()
    if kind is None:
        raise NotFound(f"drawback claim {claim_id} not found")
    return TABLES[ClaimKind(kind)].take(s, actor, act, claim_id,
                                        expected_version=expected_version)


def claim_view(s: Session, c: t.DrawbackClaim, actor: Actor | None = None) -> ClaimView:
    """The claim; with ``actor``, the acts its table opens to that officer now."""
    sb = s.get(t.ShippingBill, c.sb_id)
    exporter = s.get(t.Iec, sb.iec)
    account = s.get(t.BankAccount, c.bank_account_id or sb.bank_account_id or 0)
    scroll = s.get(t.DrawbackScroll, c.scroll_id) if c.scroll_id else None
    return ClaimView(c.id, c.sb_no, sb.sb_date, sb.iec, exporter.name if exporter else "",
                     c.kind, c.state, from_paise(c.amount_paise), c.reason, c.queued_at,
                     c.query_text, c.reply_text, c.sanctioned_by, c.sanctioned_at,
                     account.account_no if account else "", account.ifsc if account else "",
                     scroll.scroll_no if scroll else None, c.version, _acts(actor, c))


def _acts(actor: Actor | None, c: t.DrawbackClaim) -> tuple[str, ...]:
    if actor is None:
        return ()
    table = DBK if c.kind == ClaimKind.ORIGINAL else DBKSUP
    return tuple(f"{table.kind}.{n}" for n in table.open_to(actor, c))


def get_claim(core: Core, claim_id: int) -> ClaimView:
    with core.db.read() as s:
        return claim_view(s, _claim(s, claim_id))


def claims_of(core: Core, sb_no: int) -> list[ClaimView]:
    with core.db.read() as s:
        rows = s.exec(select(t.DrawbackClaim).where(t.DrawbackClaim.sb_no == sb_no)
                      .order_by(t.DrawbackClaim.id)).all()
        return [claim_view(s, c) for c in rows]


def queue(core: Core, actor: Actor, *, states: tuple[str, ...] = (C.QUEUED,),
          limit: int = 50) -> list[ClaimView]:
    """Claims at the officer's location, first come first served (EXP-DBK-3)."""
    with core.db.read() as s:
        rows = s.exec(select(t.DrawbackClaim).where(
            t.DrawbackClaim.location_code == actor.location_code,
            t.DrawbackClaim.state.in_(states))
            .order_by(t.DrawbackClaim.queued_at, t.DrawbackClaim.id).limit(limit)).all()
        return [claim_view(s, c, actor) for c in rows]


@dataclass(frozen=True)
class DrawbackItemView:
    """An SB item claiming drawback: what it is entitled to, at the All Industry Rate or at
    the brand rate of its letter (EXP-DBK-2, EXP-DBK-4)."""

    sl: int
    description: str
    serial: str
    amount: object  # Decimal: the letter's amount where keyed, else the AIR amount
    letter_no: str  # "" until the brand-rate letter is keyed


def claim_items(core: Core, claim_id: int) -> list[DrawbackItemView]:
    """The drawback items of the claim's SB, for keying a brand-rate letter (EXP-DBK-4)."""
    with core.db.read() as s:
        sb = s.get(t.ShippingBill, _claim(s, claim_id).sb_id)
        letters = _letters(s, sb)
        return [DrawbackItemView(i.sl, i.description, i.dbk_serial,
                                 from_paise(letters[i.sl].amount_paise if i.sl in letters
                                            else i.dbk_paise),
                                 letters[i.sl].letter_no if i.sl in letters else "")
                for i in _items(s, sb) if i.dbk_serial]


# ---- entitlement ----


def _items(s: Session, sb: t.ShippingBill) -> list[t.SbItem]:
    return list(s.exec(select(t.SbItem).where(t.SbItem.sb_id == sb.id)
                       .order_by(t.SbItem.sl)))


def _letters(s: Session, sb: t.ShippingBill) -> dict[int, t.BrandRateLetter]:
    return {r.item_sl: r for r in s.exec(select(t.BrandRateLetter)
                                         .where(t.BrandRateLetter.sb_id == sb.id))}


def entitlement_paise(s: Session, sb: t.ShippingBill) -> int:
    """What the SB is entitled to: each item at its brand rate where a letter is keyed, else
    at the All Industry Rate computed on filing (EXP-DBK-2, EXP-DBK-4)."""
    letters = _letters(s, sb)
    return sum(letters[i.sl].amount_paise if i.sl in letters else i.dbk_paise
               for i in _items(s, sb))


def _claimed_paise(s: Session, sb: t.ShippingBill, exclude: int | None = None) -> int:
    """Paid, sanctioned or pending on the SB (everything but refused claims)."""
    q = select(func.coalesce(func.sum(t.DrawbackClaim.amount_paise), 0)).where(
        t.DrawbackClaim.sb_id == sb.id, t.DrawbackClaim.state.in_((*PENDING, *PAID)))
    if exclude is not None:
        q = q.where(t.DrawbackClaim.id != exclude)
    return int(s.exec(q).one())


def claims_drawback(s: Session, sb: t.ShippingBill) -> bool:
    return any(i.dbk_serial for i in _items(s, sb))


# ---- opening claims on export ----


def open_claims(s: Session, core: Core, actor: Actor, sbs: list[t.ShippingBill]) -> int:
    """Called by the EGM in its transaction: every drawback SB it closes joins the queue
    (EXP-DBK-3, ``DBK.open``). Returns how many claims were opened."""
    opened = 0
    for sb in sbs:
        if not claims_drawback(s, sb):
            continue
        claim = t.DrawbackClaim(sb_id=sb.id, sb_no=sb.sb_no, location_code=sb.location_code,
                                kind=ClaimKind.ORIGINAL, state=C.QUEUED,
                                amount_paise=entitlement_paise(s, sb), queued_at=core.now(),
                                bank_account_id=sb.bank_account_id,
                                requested_by=actor.username)
        s.add(claim)
        s.flush()
        transition(s, core, actor, claim, DBK["open"], action="queued",
                   reason=f"SB {sb.sb_no} exported")
        opened += 1
    return opened


# ---- deficiency queries (EXP-DBK-3) ----


def raise_deficiency(core: Core, actor: Actor, claim_id: int, text: str, *,
                     expected_version: int | None = None) -> ClaimView:
    """The drawback officer takes a claim out of the queue with a deficiency query."""
    if not text.strip():
        raise InvalidInput("text", "state the deficiency", "EXP-DBK-3")
    with core.db.write() as s:
        claim = _take(s, actor, "deficiency", claim_id, expected_version)
        claim.query_text, claim.query_by, claim.query_at = text.strip()[:500], \
            actor.username, core.now()
        claim.reply_text, claim.replied_by, claim.replied_at = "", "", None
        transition(s, core, actor, claim, TABLES[ClaimKind(claim.kind)]["deficiency"],
                   reason=text.strip()[:300])
        return claim_view(s, claim)


def reply_deficiency(core: Core, actor: Actor, claim_id: int, text: str, *,
                     expected_version: int | None = None) -> ClaimView:
    """The reply is keyed at the service centre; the claim rejoins the queue at its place."""
    if not text.strip():
        raise InvalidInput("text", "the reply is empty", "EXP-DBK-3")
    with core.db.write() as s:
        claim = _take(s, actor, "reply", claim_id, expected_version)
        claim.reply_text, claim.replied_by, claim.replied_at = text.strip()[:500], \
            actor.username, core.now()
        transition(s, core, actor, claim, TABLES[ClaimKind(claim.kind)]["reply"],
                   action="deficiency_reply", reason=text.strip()[:300])
        return claim_view(s, claim)


# ---- brand rate (EXP-DBK-4) ----


def key_brand_rate(core: Core, actor: Actor, sb_no: int, item_sl: int, letter_no: str,
                   letter_date: date, amount: object, *,
                   expected_version: int | None = None) -> ClaimView | None:
    """Key the brand-rate letter for one item, against the SB's drawback claim: the amount
    it fixes replaces the All Industry Rate for that item; a claim still in the queue (or
    under query) takes the new entitlement, and is returned; a claim already sanctioned or
    paid keeps its amount (more due is a supplementary claim, EXP-DBK-6): None."""
    paise = to_paise(amount)
    if paise <= 0:
        raise InvalidInput("amount", "the brand rate amount must be more than zero",
                           "EXP-DBK-4")
    if not letter_no.strip():
        raise InvalidInput("letter_no", "the letter number is required", "EXP-DBK-4")
    if letter_date > core.today():
        raise InvalidInput("letter_date", f"{letter_date:%d.%m.%Y} is in the future",
                           "EXP-DBK-4")
    with core.db.write() as s:
        claim = DBK.take(s, actor, "brand_rate", sb_no, by="sb",
                         expected_version=expected_version)
        sb = s.get(t.ShippingBill, claim.sb_id)
        item = next((i for i in _items(s, sb) if i.sl == item_sl), None)
        if item is None:
            raise InvalidInput("item_sl", f"SB {sb_no} has no item {item_sl}", "EXP-DBK-4")
        if not item.dbk_serial:
            raise RuleViolation("EXP-DBK-4", f"item {item_sl} of SB {sb_no} claims no drawback")
        if item_sl in _letters(s, sb):
            raise RuleViolation("EXP-DBK-4", f"the brand rate of item {item_sl} of SB {sb_no} "
                                "is already keyed")
        s.add(t.BrandRateLetter(sb_id=sb.id, item_sl=item_sl, letter_no=letter_no.strip()[:40],
                                letter_date=letter_date, amount_paise=paise,
                                keyed_by=actor.username, keyed_at=core.now()))
        s.flush()
        why = (f"SB {sb_no} item {item_sl}: letter {letter_no.strip()} of "
               f"{letter_date:%d.%m.%Y}, Rs {from_paise(paise)}")
        reopened = claim.state in (C.QUEUED, C.QUERY)
        if reopened:
            claim.amount_paise = entitlement_paise(s, sb)
            why += f"; entitlement now Rs {from_paise(claim.amount_paise)}"
        transition(s, core, actor, claim, DBK["brand_rate"], reason=why[:500])
        return claim_view(s, claim) if reopened else None


# ---- sanction (EXP-DBK-1, -3, -4, -5) ----


def _scroll_closed(s: Session, location: str, day: date) -> t.DrawbackScroll | None:
    return s.exec(select(t.DrawbackScroll).where(t.DrawbackScroll.location_code == location,
                                                 t.DrawbackScroll.scroll_date == day)).first()


def _hold_day(s: Session, location: str, *, exclusive: bool) -> None:
    """The location's day of sanctions and scroll (see the module docstring): its row in the
    port directory, shared by sanctions, held alone by the scroll."""
    q = select(t.Port.code).where(t.Port.code == location)
    s.exec(q.with_for_update(key_share=True) if exclusive
           else q.with_for_update(read=True)).first()


def _payable(s: Session, core: Core, claim: t.DrawbackClaim, sb: t.ShippingBill) -> None:
    """What every sanction checks: the account, the brand rates, the day's scroll."""
    account = s.get(t.BankAccount, sb.bank_account_id or 0)
    if account is None or not account.active or account.iec != sb.iec:
        raise RuleViolation("EXP-DBK-1", f"SB {sb.sb_no}: exporter {sb.iec} has no registered "
                            "bank account for drawback; drawback is paid only by credit to the "
                            "registered account, never by cheque")
    letters = _letters(s, sb)
    held = [i.sl for i in _items(s, sb) if i.dbk_serial == PROVISIONAL and i.sl not in letters]
    if held:
        raise RuleViolation("EXP-DBK-4", f"SB {sb.sb_no}: item(s) {', '.join(map(str, held))} "
                            f"claim provisional drawback under {PROVISIONAL}: sanctioned only "
                            "after the brand-rate letter is keyed")
    _hold_day(s, claim.location_code, exclusive=False)
    if _scroll_closed(s, claim.location_code, core.today()):
        raise RuleViolation("EXP-DBK-5", f"the scroll of {core.today():%d.%m.%Y} is closed: "
                            "sanction this claim tomorrow, for the next scroll")
    if claim.amount_paise <= 0:
        raise RuleViolation("EXP-DBK-2", f"claim {claim.id} has nothing to pay")
    claim.bank_account_id = account.id


def sanction(core: Core, actor: Actor, claim_id: int, *,
             expected_version: int | None = None) -> ClaimView:
    """Original claims: the drawback officer, strictly in queue order (EXP-DBK-3).
    Supplementary claims: the AC/DC, once the DBK appraiser has submitted them (EXP-DBK-6)."""
    with core.db.write() as s:
        claim = _take(s, actor, "sanction", claim_id, expected_version)
        if claim.kind == ClaimKind.ORIGINAL:
            _first_in_queue(s, claim)
        _payable(s, core, claim, s.get(t.ShippingBill, claim.sb_id))
        claim.sanctioned_by, claim.sanctioned_at = actor.username, core.now()
        transition(s, core, actor, claim, TABLES[ClaimKind(claim.kind)]["sanction"],
                   reason=f"Rs {from_paise(claim.amount_paise)}")
        return claim_view(s, claim)


def _first_in_queue(s: Session, claim: t.DrawbackClaim) -> None:
    head = s.exec(select(t.DrawbackClaim).where(
        t.DrawbackClaim.location_code == claim.location_code,
        t.DrawbackClaim.state == C.QUEUED)
        .order_by(t.DrawbackClaim.queued_at, t.DrawbackClaim.id)).first()
    if head is not None and head.id != claim.id:
        raise RuleViolation("EXP-DBK-3", f"claims are processed first come, first served: "
                            f"claim {head.id} (SB {head.sb_no}) is ahead of claim {claim.id}")


# ---- supplementary claims (EXP-DBK-6) ----


def request_supplementary(core: Core, actor: Actor, sb_no: int, amount: object,
                          reason: str) -> ClaimView:
    """On the exporter's application, keyed at the service centre against the SB's paid
    original claim: less than the entitlement was paid."""
    paise = to_paise(amount)
    if paise <= 0:
        raise InvalidInput("amount", "a supplementary claim is for more than zero",
                           "EXP-DBK-6")
    if not reason.strip():
        raise InvalidInput("reason", "say why more is due", "EXP-DBK-6")
    with core.db.write() as s:
        original = DBK.take(s, actor, "request_supplementary", sb_no, by="sb")
        sb = s.get(t.ShippingBill, original.sb_id)
        room = entitlement_paise(s, sb) - _claimed_paise(s, sb)
        if paise > room:
            raise RuleViolation("EXP-DBK-6", f"SB {sb_no}: Rs {from_paise(paise)} claimed, but "
                                f"the entitlement less what was paid or is pending is "
                                f"Rs {from_paise(max(room, 0))}")
        claim = t.DrawbackClaim(sb_id=sb.id, sb_no=sb_no, location_code=sb.location_code,
                                kind=ClaimKind.SUPPLEMENTARY, state=C.REQUESTED,
                                amount_paise=paise, reason=reason.strip()[:300],
                                queued_at=core.now(), bank_account_id=sb.bank_account_id,
                                requested_by=actor.username)
        s.add(claim)
        s.flush()
        why = f"SB {sb_no}: Rs {from_paise(paise)}: {reason.strip()}"[:300]
        transition(s, core, actor, original, DBK["request_supplementary"],
                   reason=f"supplementary claim {claim.id}: {why}"[:300])
        transition(s, core, actor, claim, DBKSUP["open"], action="supplementary_request",
                   reason=why)
        return claim_view(s, claim)


def permit_supplementary(core: Core, actor: Actor, claim_id: int, *, refuse: str = "",
                         expected_version: int | None = None) -> ClaimView:
    """The AC/DC (DBK) allows the claim to be processed (it joins the queue), or refuses it
    with reasons."""
    with core.db.write() as s:
        claim = DBKSUP.take(s, actor, "permit", claim_id, expected_version=expected_version)
        claim.permitted_by = actor.username
        to = C.REFUSED if refuse.strip() else C.QUEUED
        if to == C.QUEUED:
            claim.queued_at = core.now()
        transition(s, core, actor, claim, DBKSUP["permit"], to=to,
                   action="supplementary_" + ("refused" if to == C.REFUSED else "permitted"),
                   reason=refuse.strip()[:300])
        return claim_view(s, claim)


def process_supplementary(core: Core, actor: Actor, claim_id: int, *,
                          expected_version: int | None = None) -> ClaimView:
    """The DBK appraiser processes a permitted supplementary claim in its turn and submits
    it to the AC/DC."""
    with core.db.write() as s:
        claim = DBKSUP.take(s, actor, "process", claim_id, expected_version=expected_version)
        _first_in_queue(s, claim)
        sb = s.get(t.ShippingBill, claim.sb_id)
        room = entitlement_paise(s, sb) - _claimed_paise(s, sb, exclude=claim.id)
        if claim.amount_paise > room:
            raise RuleViolation("EXP-DBK-6", f"claim {claim_id}: Rs "
                                f"{from_paise(claim.amount_paise)} is above the entitlement "
                                f"left, Rs {from_paise(max(room, 0))}")
        claim.processed_by = actor.username
        transition(s, core, actor, claim, DBKSUP["process"], action="supplementary_processed")
        return claim_view(s, claim)


# ---- the daily scroll (EXP-DBK-5) ----


def designated_bank(s: Session, location: str, on: date) -> t.AdCode:
    code = f"{int(parameter(s, 'EXP-DBK-5.designated_ad', on, location)):07d}"
    bank = s.get(t.AdCode, code)
    if bank is None:
        raise RuleViolation("EXP-DBK-5", f"designated bank AD code {code} for {location} is "
                            "not in the AD directory")
    return bank


def _closed(closed: t.DrawbackScroll, day: date) -> RuleViolation:
    return RuleViolation("EXP-DBK-5", f"the scroll of {day:%d.%m.%Y} was generated (no. "
                         f"{closed.scroll_no} by {closed.generated_by}): the day is closed")


def generate_scroll(core: Core, actor: Actor, on: date | None = None,
                    progress: Progress | None = None) -> ScrollView:
    """Every claim sanctioned at the location up to the day and not yet in a scroll, in one
    scroll for the designated bank; the day's scroll is then closed (EXP-DBK-5). A claim in
    a scroll is never in another: it is paid once. Two officers generating the same day's
    scroll: the first generates it, the second is refused (the day is closed).
    ``progress(claims done, claims)`` as each claim goes into the scroll."""
    SCROLL.check(actor, "generate")
    day = on or core.today()
    if day > core.today():
        raise InvalidInput("on", f"{day:%d.%m.%Y} has not come yet", "EXP-DBK-5")
    with core.db.write() as s:
        _hold_day(s, actor.location_code, exclusive=True)
        closed = _scroll_closed(s, actor.location_code, day)
        if closed is not None:
            raise _closed(closed, day)
        claims = s.exec(select(t.DrawbackClaim).where(
            t.DrawbackClaim.location_code == actor.location_code,
            t.DrawbackClaim.state == C.SANCTIONED,
            t.DrawbackClaim.sanctioned_at < datetime.combine(day, datetime.max.time()))
            .order_by(t.DrawbackClaim.sanctioned_at, t.DrawbackClaim.id)
            .with_for_update()).all()
        if not claims:
            raise RuleViolation("EXP-DBK-5", f"no claim sanctioned by {day:%d.%m.%Y} is "
                                "waiting for a scroll")
        bank = designated_bank(s, actor.location_code, day)
        scroll = t.DrawbackScroll(scroll_no=next_number(s, "SCROLL"), scroll_date=day,
                                  location_code=actor.location_code, bank_ad_code=bank.code,
                                  claims=len(claims),
                                  total_paise=sum(c.amount_paise for c in claims),
                                  generated_by=actor.username, generated_at=core.now())
        s.add(scroll)
        try:
            s.flush()
        except IntegrityError:  # the day's scroll made meanwhile (the lock above prevents it)
            raise RuleViolation("EXP-DBK-5", f"the scroll of {day:%d.%m.%Y} was generated by "
                                "another officer just now: the day is closed") from None
        total = from_paise(scroll.total_paise)
        transition(s, core, actor, scroll, SCROLL["generate"],
                   reason=f"{len(claims)} claim(s), Rs {total}, bank {bank.code}")
        for done, c in enumerate(claims, start=1):
            c.scroll_id = scroll.id
            transition(s, core, actor, c, TABLES[ClaimKind(c.kind)]["scroll"],
                       reason=f"scroll {scroll.scroll_no} of {day:%d.%m.%Y}")
            if progress:
                progress(done, len(claims))
        return _scroll_view(s, scroll)


def _scroll_view(s: Session, scroll: t.DrawbackScroll) -> ScrollView:
    bank = s.get(t.AdCode, scroll.bank_ad_code)
    port = s.get(t.Port, scroll.location_code)
    lines = []
    for c in s.exec(select(t.DrawbackClaim).where(t.DrawbackClaim.scroll_id == scroll.id)
                    .order_by(t.DrawbackClaim.sanctioned_at, t.DrawbackClaim.id)):
        sb = s.get(t.ShippingBill, c.sb_id)
        exporter = s.get(t.Iec, sb.iec)
        account = s.get(t.BankAccount, c.bank_account_id)
        lines.append(ScrollLine(c.id, c.sb_no, sb.sb_date, sb.iec,
                                exporter.name if exporter else "", c.kind, account.account_no,
                                account.ifsc, account.bank, from_paise(c.amount_paise)))
    return ScrollView(scroll.scroll_no, scroll.scroll_date, scroll.location_code,
                      port.name if port else "", scroll.bank_ad_code,
                      bank.bank if bank else "", bank.branch if bank else "",
                      bank.ifsc if bank else "", tuple(lines), from_paise(scroll.total_paise),
                      scroll.generated_by, scroll.generated_at)


def get_scroll(core: Core, scroll_no: int) -> ScrollView:
    with core.db.read() as s:
        scroll = s.exec(select(t.DrawbackScroll)
                        .where(t.DrawbackScroll.scroll_no == scroll_no)).first()
        if scroll is None:
            raise NotFound(f"drawback scroll {scroll_no} not found")
        return _scroll_view(s, scroll)


BANK_FILE_COLUMNS = ("scroll_no", "scroll_date", "port", "line", "account_no", "ifsc", "iec",
                     "exporter", "sb_no", "sb_date", "claim", "amount")


def bank_file(scroll: ScrollView) -> str:
    """The scroll as the designated bank's file: one CSV line per credit, amounts in rupees
    with two decimals, a last line with the count and total for the bank to check."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(BANK_FILE_COLUMNS)
    for n, x in enumerate(scroll.lines, 1):
        w.writerow((scroll.scroll_no, f"{scroll.scroll_date:%d.%m.%Y}", scroll.location_code,
                    n, x.account_no, x.ifsc, x.iec, x.exporter_name, x.sb_no,
                    f"{x.sb_date:%d.%m.%Y}" if x.sb_date else "", x.kind, f"{x.amount:.2f}"))
    w.writerow((scroll.scroll_no, f"{scroll.scroll_date:%d.%m.%Y}", scroll.location_code,
                "TOTAL", "", "", "", f"{len(scroll.lines)} credits", "", "", "",
                f"{scroll.total:.2f}"))
    return out.getvalue()


# ---- the drawback branch's home worklist ----

# who the queue waits for: the roles the sanction row names (the AC/DC, whose rank may
# sanction too, works the claims from the drawback screen, F8)
STAGES_FOR: dict[Role, tuple[str, ...]] = {r: (C.QUEUED,) for r in DBK["sanction"].roles}
TITLES: dict[Role, str] = {
    r: "Drawback claims in the queue, first come first served (EXP-DBK-3)"
    for r in STAGES_FOR}


def worklist(core: Core, actor: Actor, offset: int = 0, limit: int = 50,
             state: str | None = None, search: str = "") -> WorkPage:
    """The queue as the home worklist shows it: one row per claim (kind ``DBK``, ref the SB
    number), oldest first; ``search`` matches the SB number or the start of an IEC."""
    states = (state,) if state else (C.QUEUED,)
    text = search.strip().upper()
    with core.db.read() as s:
        q = select(t.DrawbackClaim).where(
            t.DrawbackClaim.location_code == actor.location_code,
            t.DrawbackClaim.state.in_(states))
        claims = [c for c in s.exec(q.order_by(t.DrawbackClaim.queued_at,
                                               t.DrawbackClaim.id)).all()]
        views = [claim_view(s, c) for c in claims]
    views = [v for v in views if not text or str(v.sb_no) == text or v.iec.startswith(text)]
    rows = [WorkRow("DBK", str(v.sb_no), v.state, v.iec, v.queued_at,
                    f"{v.kind} claim ₹{v.amount} · {v.exporter_name}") for v in views]
    return WorkPage(TITLES.get(actor.role, "Drawback claims"), rows[offset:offset + limit],
                    len(rows), offset)

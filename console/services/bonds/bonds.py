"""The bond section (004 §13–§22): bonds, undertakings and bank guarantees (BG) from the
assessing officer's decision to closure, debits and credits for EDI and manual BEs,
certificates, EOU options, provisional assessment and SVB deposits, and the bond register
(BND-1..BND-14).

Life of a bond: the assessing officer (``APR``) asks for it (``request_bond`` for a
continuity bond, ``specify_bond`` on a BE for a specific one) → the AC/DC approves
(``approve_bond``, ``approve_specification``) → the bond clerk (``BND``) receives the
documents and keys their storage location; the system gives the registration number
(``register_bond``, BND-3, BND-4) → debits against BEs (``debit_bond``, ``debit_manual_be``)
and credits with a reason (``credit_bond``) → ``close_bond`` once every debit is credited
(BND-10). Bills of Entry call ``record_filing`` when keyed (BND-6, BND-12, BND-14) and
``release_check`` before goods registration and Out of Charge (BND-7).

Decisions where the notice is silent:

* Who: the assessing officer specifies and requests bonds, the AC/DC (or higher) approves,
  the bond section registers, debits, credits and closes (roles.md); enhancement of a
  registered bond changes the security and is the AC/DC's act (BND-1: "the AC/DC in charge
  runs it"); the operator records deposit payments, as he does duty (IMP-PAY-1).
* When the bond is specified: at assessment — on second check while the BE is with the
  appraiser (before or after accepting the self-assessment, before payment), on first check
  once the goods are examined and before assessment. The goods of a first-check BE are
  registered before assessment (IMP-APR-2), so for them BND-7 holds back only the Out of
  Charge.
* Amount: the bond value to debit defaults to the duty assessed on the BE; for a ``PD``
  bond that is the provisional duty total the system shows to help fix the amount
  (BND-13). The appraiser may key another amount and a BG amount.
* A warehousing (W) BE needs a warehousing (``WH``) bond (Customs Act s.59) specified and
  debited before its goods are registered and given Out of Charge; its duty is not paid
  then (it is collected on the ex-bond BE, WH-5), so BND-7's "duty paid" does not apply.
* Continuity bonds are debited only while registered, within validity and with balance for
  both the bond value and the BG (BND-10); the same holds for a specific bond, whose whole
  amount is debited against its one BE.
* A credit names the BE of an earlier debit and never exceeds what is still debited for
  that BE on the bond. Closure: every debit credited back ("all items closed"), the bond
  file reference keyed; bonds with an export obligation (``EU``, ``RE``, ``EO``) also state
  how the obligation was verified (BND-10). A bond asked for but never registered is
  cancelled by the AC/DC.
* Certificates (BND-11) are numbered from the bond register's serial (they are "registered
  like bonds"). An EOU BE with option ``C`` needs a registered certificate attached before
  its goods are registered and given Out of Charge; option ``N`` needs an ``EO`` bond
  specified and debited (BND-12); ``Y`` needs nothing more.
* Deposits: a cash deposit (BND-13) gets its challan number when the appraiser specifies
  it; the SVB deposit (BND-14) when the appraiser generates it at 1 % or 5 % of the
  assessable value (effective-dated parameters). Both must be paid before goods
  registration and Out of Charge, like the duty.
* The bond register (MIS) flags bonds with open debits whose validity ends within
  ``remind_within`` days (reminders) or has ended (recovery notices) (BND-1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func
from sqlmodel import Session, select

import db.tables as t
from console import audit, formats
from console.acts.be import BE, B, BeType
from console.acts.bond import BOND, CERT, BondKind, BondState, CertDoc
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, rupees, to_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.imports.be_common import load_be
from db.sequences import next_number

KIND = "BOND"
BOND_TYPES = {"EU": "end-use", "UT": "undertaking", "RE": "re-export",  # BND-5
              "PD": "provisional duty", "EO": "EOU", "WH": "warehousing"}
OBLIGATION_TYPES = ("EU", "RE", "EO")  # closed only after the obligation is verified
EOU_OPTIONS = {"Y": "bond executed with Central Excise, procurement certificate issued",
               "C": "certificate", "N": "none"}  # BND-12
CREDIT_REASONS = {  # BND-9
    "a": "assessment finalised, no recovery",
    "b": "assessment finalised, differential duty paid separately",
    "c": "end-use certificate submitted",
    "d": "re-warehousing certificate submitted",
    "e": "test results confirm the declaration",
    "f": "other",
}
BOND_STATES = tuple(BondState)


# ---- views ----


@dataclass(frozen=True)
class LedgerLineView:
    be_no: int
    be_date: date
    doc_type: str  # EDI, manual
    debit: Decimal
    bg_debit: Decimal
    credit: Decimal
    bg_credit: Decimal
    on: date
    credit_reason: str
    reason_text: str
    officer: str


@dataclass(frozen=True)
class BondView:
    id: int
    bond_no: int | None
    location_code: str
    iec: str
    bond_type: str
    bond_type_label: str
    kind: str
    be_no: int | None  # a specific bond's BE
    amount: Decimal
    bg_amount: Decimal
    balance: Decimal
    bg_balance: Decimal
    bg_ref: str
    surety: str
    valid_to: date
    storage_location: str
    state: str
    requested_by: str
    approved_by: str
    registered_by: str
    registered_at: datetime | None
    closed_by: str
    close_note: str
    open_debits: int  # BEs debited and not yet credited back
    lines: tuple[LedgerLineView, ...]
    version: int


@dataclass(frozen=True)
class BeBondView:
    """A BE's bond, certificate and deposits, with what still holds it back (BND-7)."""

    be_no: int | None
    be_type: str
    iec: str
    declared_bond_no: int | None
    eou_option: str
    valuation_provisional: bool
    provisional_duty: Decimal  # the duty assessed, to help fix the amount (BND-13)
    bond_type: str
    bond_no: int | None
    bond_request: int | None  # the bond's id, before it has a number
    bond_kind: str
    bond_state: str
    debit: Decimal
    bg_debit: Decimal
    specified_by: str
    approved_by: str
    debited_on: date | None
    cash_deposit: Decimal
    cash_challan_no: int | None
    cash_paid: bool
    svb_pct: Decimal | None
    svb_deposit: Decimal
    svb_challan_no: int | None
    svb_paid: bool
    certificate_reg_no: int | None
    outstanding: tuple[str, ...]  # what holds back goods registration / Out of Charge


@dataclass(frozen=True)
class CertificateView:
    reg_no: int
    iec: str
    issuer: str
    cert_ref: str
    cert_date: date
    be_no: int | None
    registered_by: str


@dataclass(frozen=True)
class RegisterRow:
    """One line of the bond register (MIS, BND-1)."""

    bond_no: int | None
    request: int
    iec: str
    bond_type: str
    kind: str
    amount: Decimal
    balance: Decimal
    bg_balance: Decimal
    valid_to: date
    state: str
    open_debits: int
    remark: str  # reminder / recovery


# ---- small helpers ----


def _money(value: Decimal | str | int | None, field: str, rule: str, *,
           positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0").strip())
    except InvalidOperation:
        raise InvalidInput(field, f"{value!r} is not an amount", rule) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise InvalidInput(field, "an amount above zero" if positive else "not below zero", rule)
    if amount != rupees(amount):
        raise InvalidInput(field, "rupees and paise, at most two decimals", rule)
    return amount


def _text(value: str, field: str, rule: str, limit: int = 80) -> str:
    v = (value or "").strip()
    if not v:
        raise InvalidInput(field, "required", rule)
    if len(v) > limit:
        raise InvalidInput(field, f"at most {limit} characters", rule)
    return v


def _bond_type(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in BOND_TYPES:
        raise InvalidInput("bond_type", "one of " + ", ".join(
            f"{k} ({v})" for k, v in BOND_TYPES.items()), "BND-5")
    return code


def _ref(bond: t.Bond) -> str:
    return BOND.ref(bond)


def _be_bond(s: Session, be: t.BillOfEntry, *, create: bool = False) -> t.BeBond | None:
    bb = s.exec(select(t.BeBond).where(t.BeBond.be_id == be.id)).first()
    if bb is None and create:
        bb = t.BeBond(be_id=be.id)
        s.add(bb)
    return bb


def _open_by_be(s: Session, bond_id: int) -> dict[tuple[int, date], tuple[int, int]]:
    """What is still debited on the bond per BE: (bond value, BG) in paise."""
    rows = s.exec(select(t.BondLedger.be_no, t.BondLedger.be_date,
                         func.sum(t.BondLedger.debit_paise - t.BondLedger.credit_paise),
                         func.sum(t.BondLedger.bg_debit_paise - t.BondLedger.bg_credit_paise))
                  .where(t.BondLedger.bond_id == bond_id)
                  .group_by(t.BondLedger.be_no, t.BondLedger.be_date)).all()
    return {(no, on): (int(v), int(bg)) for no, on, v, bg in rows if v or bg}


def bond_view(s: Session, bond: t.Bond) -> BondView:
    s.flush()
    lines = s.exec(select(t.BondLedger).where(t.BondLedger.bond_id == bond.id)
                   .order_by(t.BondLedger.id)).all()
    be_no = s.get(t.BillOfEntry, bond.be_id).be_no if bond.be_id else None
    p = from_paise
    return BondView(
        bond.id, bond.bond_no, bond.location_code, bond.iec, bond.bond_type,
        BOND_TYPES[bond.bond_type], bond.kind, be_no, p(bond.amount_paise),
        p(bond.bg_amount_paise), p(bond.balance_paise), p(bond.bg_balance_paise), bond.bg_ref,
        bond.surety, bond.valid_to, bond.storage_location, bond.state, bond.requested_by,
        bond.approved_by, bond.registered_by, bond.registered_at, bond.closed_by,
        bond.close_note, len(_open_by_be(s, bond.id)),
        tuple(LedgerLineView(x.be_no, x.be_date, x.doc_type, p(x.debit_paise),
                             p(x.bg_debit_paise), p(x.credit_paise), p(x.bg_credit_paise),
                             x.on, x.credit_reason, x.reason_text, x.officer) for x in lines),
        bond.version)


def _holds(s: Session, be: t.BillOfEntry, bb: t.BeBond | None,
           act: str) -> list[tuple[str, str]]:
    """What holds back goods registration (``act`` "register") or Out of Charge ("ooc")
    of the BE: (rule, message) pairs, in the order they are to be done."""
    if act == "register" and be.assessed_at is None:
        return []  # first check: registered before assessment (IMP-APR-2)
    out: list[tuple[str, str]] = []
    if be.be_type == BeType.WAREHOUSING and (bb is None or not bb.bond_type):
        out.append(("BND-7", "a warehousing BE needs a warehousing (WH) bond (s.59): the "
                             "assessing officer specifies it"))
    if bb is None:
        return out
    if bb.eou_option == "N" and not bb.bond_type:
        out.append(("BND-12", "EOU option N: the assessing officer specifies the EO bond"))
    if bb.eou_option == "C" and s.exec(select(t.BondCertificate.id).where(
            t.BondCertificate.be_id == be.id)).first() is None:
        out.append(("BND-12", "EOU option C: the certificate is registered and attached "
                              "(BND-11)"))
    if bb.bond_type:
        if be.paid_at is None and be.be_type != BeType.WAREHOUSING:
            out.append(("BND-7", "the duty is not paid"))
        if bb.approved_at is None:
            out.append(("BND-7", f"the {bb.bond_type} bond specified awaits the AC/DC's "
                                 "approval"))
        elif bb.ledger_id is None:
            out.append(("BND-7", f"the {bb.bond_type} bond specified is not debited"))
    if bb.cash_deposit_paise and bb.cash_paid_at is None:
        out.append(("BND-13", f"the cash deposit (challan {bb.cash_challan_no}) is not paid"))
    if bb.valuation_provisional and bb.svb_challan_no is None:
        out.append(("BND-14", "valuation declared PROVISIONAL: the appraiser generates the "
                              "SVB deposit challan"))
    elif bb.svb_challan_no and bb.svb_paid_at is None:
        out.append(("BND-14", f"the SVB deposit (challan {bb.svb_challan_no}) is not paid"))
    return out


def be_bond_view(s: Session, be: t.BillOfEntry) -> BeBondView:
    s.flush()
    bb = _be_bond(s, be) or t.BeBond(be_id=be.id)
    bond = s.get(t.Bond, bb.bond_id) if bb.bond_id else None
    debit = s.get(t.BondLedger, bb.ledger_id) if bb.ledger_id else None
    cert = s.exec(select(t.BondCertificate).where(t.BondCertificate.be_id == be.id)).first()
    holds = _holds(s, be, bb if bb.id else None, "ooc")
    p = from_paise
    return BeBondView(
        be.be_no, be.be_type, be.iec, bb.declared_bond_no, bb.eou_option,
        bb.valuation_provisional, p(be.duty_paise), bb.bond_type,
        bond.bond_no if bond else None, bond.id if bond else None,
        bond.kind if bond else "", bond.state if bond else "", p(bb.debit_paise),
        p(bb.bg_debit_paise), bb.specified_by, bb.approved_by, debit.on if debit else None,
        p(bb.cash_deposit_paise), bb.cash_challan_no, bb.cash_paid_at is not None, bb.svb_pct,
        p(bb.svb_deposit_paise), bb.svb_challan_no, bb.svb_paid_at is not None,
        cert.reg_no if cert else None, tuple(f"{msg} ({rule})" for rule, msg in holds))


def get_bond(core: Core, bond_no: int) -> BondView:
    with core.db.read() as s:
        return bond_view(s, BOND.load(s, bond_no, by="no", lock=False))


def get_request(core: Core, bond_id: int) -> BondView:
    with core.db.read() as s:
        return bond_view(s, BOND.load(s, bond_id, lock=False))


def get_be_bond(core: Core, be_no: int) -> BeBondView:
    with core.db.read() as s:
        return be_bond_view(s, load_be(s, be_no, lock=False))


# ---- hooks of the BE life cycle ----


def record_filing(s: Session, data: dict, be: t.BillOfEntry) -> None:
    """Called by ``file_be``: a continuity bond declared with its type and number (BND-6),
    the EOU option (BND-12) and 'PROVISIONAL' in the valuation declaration (BND-14)."""
    declared, option = data.get("bond"), str(data.get("eou_option") or "").strip().upper()
    provisional = bool(data.get("valuation_provisional"))
    if not (declared or option or provisional):
        return
    if option and option not in EOU_OPTIONS:
        raise InvalidInput("eou_option", "Y (bond executed, certificate issued), C "
                           "(certificate) or N (none)", "BND-12")
    bb = _be_bond(s, be, create=True)
    bb.eou_option, bb.valuation_provisional = option, provisional
    if declared:
        if not isinstance(declared, dict):
            raise InvalidInput("bond", 'the continuity bond: {"type": "EU", "number": 100001}',
                               "BND-6")
        bond_type = _bond_type(str(declared.get("type") or ""))
        try:
            number = int(declared.get("number") or 0)
        except (TypeError, ValueError):
            raise InvalidInput("bond.number", "the bond registration number", "BND-6") from None
        bond = s.exec(select(t.Bond).where(t.Bond.bond_no == number)).first()
        if (bond is None or bond.kind != BondKind.CONTINUITY
                or bond.state != BondState.REGISTERED or bond.location_code != be.location_code):
            raise RuleViolation("BND-6", f"bond {number} is not a continuity bond registered "
                                f"at {be.location_code}")
        if bond.iec != be.iec or bond.bond_type != bond_type:
            raise RuleViolation("BND-6", f"bond {number} is a {bond.bond_type} bond of IEC "
                                f"{bond.iec}, not a {bond_type} bond of {be.iec}")
        bb.declared_bond_no = number
    s.add(bb)


def release_check(s: Session, be: t.BillOfEntry, act: str) -> None:
    """BND-7 (and BND-12, BND-13, BND-14): a BE needing a bond is not registered for
    examination (``act`` "register") nor given Out of Charge ("ooc") until the duty is paid
    and the bond specified has been debited, and its deposits paid."""
    holds = _holds(s, be, _be_bond(s, be), act)
    if holds:
        rule, msg = holds[0]
        what = "its goods registered" if act == "register" else "Out of Charge"
        raise RuleViolation(rule, f"BE {be.be_no} cannot be given {what}: {msg}")


# ---- the assessing officer and the AC/DC (BND-2, BND-6, BND-12, BND-13, BND-14) ----


def request_bond(core: Core, actor: Actor, iec: str, bond_type: str, amount: Decimal | str,
                 valid_to: date, *, bg_amount: Decimal | str = "0", bg_ref: str = "",
                 surety: str = "") -> BondView:
    """The assessing officer decides a continuity (revolving) bond is needed, its type and
    amount; the AC/DC approves it next (BND-2)."""
    asked = BOND.check(actor, "request")
    code = _bond_type(bond_type)
    value = _money(amount, "amount", "BND-2", positive=True)
    bg = _money(bg_amount, "bg_amount", "BND-2")
    if valid_to <= core.today():
        raise InvalidInput("valid_to", f"{valid_to:%d.%m.%Y} is not after today", "BND-10")
    try:
        iec = formats.iec(iec)
    except ValueError as err:
        raise InvalidInput("iec", str(err), "BND-2") from None
    with core.db.write() as s:
        if s.get(t.Iec, iec) is None:
            raise RuleViolation("IMP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
        bond = t.Bond(location_code=actor.location_code, iec=iec, bond_type=code,
                      kind=BondKind.CONTINUITY, amount_paise=to_paise(value),
                      bg_amount_paise=to_paise(bg), balance_paise=to_paise(value),
                      bg_balance_paise=to_paise(bg), bg_ref=bg_ref.strip()[:80],
                      surety=surety.strip()[:150], valid_to=valid_to,
                      state=BondState.REQUESTED, requested_by=actor.username,
                      requested_at=core.now())
        s.add(bond)
        s.flush()
        transition(s, core, actor, bond, asked,
                   reason=f"continuity {code} bond Rs {value}, BG Rs {bg}, IEC {iec}")
        return bond_view(s, bond)


def specify_bond(core: Core, actor: Actor, be_no: int, bond_type: str, *,
                 amount: Decimal | str | None = None, bg_amount: Decimal | str = "0",
                 bond_no: int | None = None, valid_to: date | None = None, bg_ref: str = "",
                 cash_deposit: Decimal | str = "0",
                 expected_version: int | None = None) -> BeBondView:
    """The assessing officer specifies that the BE needs a bond, its type and the bond value
    and BG to debit (BND-2, BND-6): against the continuity bond ``bond_no`` (by default the
    one declared at filing), or else a specific bond valid to ``valid_to`` is asked for. The
    amount defaults to the duty assessed, the provisional duty total for a PD bond
    (BND-13); a cash deposit gets its own challan (BND-13). An EOU BE with option N takes
    an EO bond (BND-12); a warehousing BE a WH bond."""
    code = _bond_type(bond_type)
    bg = _money(bg_amount, "bg_amount", "BND-2")
    deposit = _money(cash_deposit, "cash_deposit", "BND-13")
    with core.db.write() as s:
        be = BE.take(s, actor, "bond_specify", be_no, expected_version=expected_version)
        if be.state == B.EXAMINED and (not be.first_check or be.assessed_at is not None):
            raise RuleViolation("BND-2", f"BE {be_no} is {be.state.replace('_', ' ')}: the "
                                "bond is specified at assessment, before payment")
        bb = _be_bond(s, be, create=True)
        if bb.ledger_id is not None:
            raise RuleViolation("BND-7", f"BE {be_no}: the bond specified is already debited")
        if bb.eou_option == "N" and code != "EO":
            raise InvalidInput("bond_type", "EOU option N: the bond is an EO bond", "BND-12")
        if be.be_type == BeType.WAREHOUSING and code != "WH":
            raise InvalidInput("bond_type", "a warehousing BE takes a WH bond", "BND-5")
        value = (_money(amount, "amount", "BND-2", positive=True) if amount not in (None, "")
                 else from_paise(be.duty_paise))
        if value <= 0:
            raise InvalidInput("amount", "no duty is assessed: key the bond amount", "BND-13")
        number = bond_no or bb.declared_bond_no
        old = (s.exec(select(t.Bond).where(t.Bond.id == bb.bond_id).with_for_update()).one()
               if bb.bond_id else None)
        if number:  # a continuity bond (BND-6)
            bond = s.exec(select(t.Bond).where(t.Bond.bond_no == number)).first()
            if (bond is None or bond.kind != BondKind.CONTINUITY
                    or bond.state != BondState.REGISTERED
                    or bond.iec != be.iec or bond.bond_type != code
                    or bond.location_code != be.location_code):
                raise RuleViolation("BND-6", f"bond {number} is not a registered continuity "
                                    f"{code} bond of IEC {be.iec} at {be.location_code}")
            what = f"continuity bond {number}"
        else:  # a specific bond for this BE
            if valid_to is None or valid_to <= core.today():
                raise InvalidInput("valid_to", "a specific bond's validity, after today",
                                   "BND-2")
            bond = t.Bond(location_code=be.location_code, iec=be.iec, bond_type=code,
                          kind=BondKind.SPECIFIC, be_id=be.id, amount_paise=to_paise(value),
                          bg_amount_paise=to_paise(bg), balance_paise=to_paise(value),
                          bg_balance_paise=to_paise(bg), bg_ref=bg_ref.strip()[:80],
                          valid_to=valid_to, state=BondState.REQUESTED,
                          requested_by=actor.username, requested_at=core.now())
            s.add(bond)
            s.flush()
            transition(s, core, actor, bond, BOND["request_specific"], action="request",
                       reason=f"specific {code} bond for BE {be_no}")
            what = f"specific bond request R{bond.id}"
        if old is not None and old.id != bond.id and old.kind == BondKind.SPECIFIC \
                and old.state in BOND["respecified"].from_:
            transition(s, core, actor, old, BOND["respecified"], action="cancel",
                       reason=f"BE {be_no} re-specified")
        bb.bond_type, bb.bond_id = code, bond.id
        bb.debit_paise, bb.bg_debit_paise = to_paise(value), to_paise(bg)
        bb.specified_by, bb.specified_at = actor.username, core.now()
        bb.approved_by, bb.approved_at = "", None
        if deposit != from_paise(bb.cash_deposit_paise):
            if bb.cash_paid_at is not None:
                raise RuleViolation("BND-13", f"BE {be_no}: the cash deposit is already paid")
            bb.cash_deposit_paise = to_paise(deposit)
            bb.cash_challan_no = next_number(s, "CHALLAN") if deposit else None
        s.add(bb)
        why = f"{code} bond needed: {what}, debit Rs {value}, BG Rs {bg}"
        if deposit:
            why += f"; cash deposit Rs {deposit} (challan {bb.cash_challan_no})"
        transition(s, core, actor, be, BE["bond_specify"], action="bond_specified", reason=why)
        return be_bond_view(s, be)


def approve_specification(core: Core, actor: Actor, be_no: int, *,
                          expected_version: int | None = None) -> BeBondView:
    """The AC/DC approves the bond the assessing officer specified on the BE; a specific
    bond asked for is approved with it (BND-2)."""
    with core.db.write() as s:
        be = BE.take(s, actor, "bond_approve", be_no, expected_version=expected_version)
        bb = _be_bond(s, be)
        if bb is None or not bb.bond_type:
            raise RuleViolation("BND-2", f"BE {be_no}: no bond is specified")
        if bb.approved_at is not None:
            raise RuleViolation("BND-2", f"BE {be_no}: the bond is already approved by "
                                f"{bb.approved_by}")
        bond = s.exec(select(t.Bond).where(t.Bond.id == bb.bond_id).with_for_update()).one()
        if bond.kind == BondKind.SPECIFIC and bond.state == BondState.REQUESTED:
            bond.approved_by, bond.approved_at = actor.username, core.now()
            transition(s, core, actor, bond, BOND["approve_specific"], action="approve",
                       reason=f"for BE {be_no}")
        bb.approved_by, bb.approved_at = actor.username, core.now()
        s.add(bb)
        transition(s, core, actor, be, BE["bond_approve"], action="bond_approved",
                   reason=f"{bb.bond_type} bond, debit Rs {from_paise(bb.debit_paise)}")
        return be_bond_view(s, be)


def approve_bond(core: Core, actor: Actor, bond_id: int, *,
                 expected_version: int | None = None) -> BondView:
    """The AC/DC approves a continuity bond asked for by the assessing officer (BND-2)."""
    with core.db.write() as s:
        bond = BOND.take(s, actor, "approve", bond_id, expected_version=expected_version)
        if bond.kind == BondKind.SPECIFIC:
            raise RuleViolation("BND-2", f"bond request R{bond_id} is for one BE: approve the "
                                "specification on the BE")
        bond.approved_by, bond.approved_at = actor.username, core.now()
        transition(s, core, actor, bond, BOND["approve"])
        return bond_view(s, bond)


def cancel_bond(core: Core, actor: Actor, bond_id: int, reason: str, *,
                expected_version: int | None = None) -> BondView:
    """The AC/DC cancels a bond asked for or approved but never registered."""
    why = _text(reason, "reason", "BND-10", 200)
    with core.db.write() as s:
        bond = BOND.take(s, actor, "cancel", bond_id, expected_version=expected_version)
        transition(s, core, actor, bond, BOND["cancel"], reason=why)
        return bond_view(s, bond)


# ---- the bond section (BND-3, BND-4, BND-8..BND-11) ----


def register_bond(core: Core, actor: Actor, bond_id: int, storage_location: str, *,
                  expected_version: int | None = None) -> BondView:
    """The bond clerk receives the documents of an approved bond and keys their storage
    location; the system gives the registration number, one serial for all types from
    100001, never restarted (BND-3, BND-4)."""
    where = _text(storage_location, "storage_location", "BND-3")
    with core.db.write() as s:
        bond = BOND.take(s, actor, "register", bond_id, expected_version=expected_version)
        bond.bond_no = next_number(s, "BOND")
        bond.storage_location = where
        bond.registered_by, bond.registered_at = actor.username, core.now()
        transition(s, core, actor, bond, BOND["register"],
                   reason=f"request R{bond_id}; documents at {where}")
        return bond_view(s, bond)


def _debit(s: Session, core: Core, actor: Actor, bond: t.Bond, be_no: int, be_date: date,
           doc_type: str, value: int, bg: int, act: str) -> t.BondLedger:
    """BND-10: only a registered bond (its act, ``act``, was taken), within its validity,
    with balance."""
    today = core.today()
    if today > bond.valid_to:
        raise RuleViolation("BND-10", f"bond {bond.bond_no} was valid to "
                            f"{bond.valid_to:%d.%m.%Y}: not debited")
    if value > bond.balance_paise or bg > bond.bg_balance_paise:
        raise RuleViolation("BND-10", f"bond {bond.bond_no}: the debit (Rs {from_paise(value)}, "
                            f"BG Rs {from_paise(bg)}) exceeds the balance (Rs "
                            f"{from_paise(bond.balance_paise)}, BG Rs "
                            f"{from_paise(bond.bg_balance_paise)})")
    line = t.BondLedger(bond_id=bond.id, be_no=be_no, be_date=be_date, doc_type=doc_type,
                        debit_paise=value, bg_debit_paise=bg, on=today,
                        officer=actor.username, at=core.now())
    s.add(line)
    bond.balance_paise -= value
    bond.bg_balance_paise -= bg
    transition(s, core, actor, bond, BOND[act], action="debit",
               reason=f"{doc_type} BE {be_no} of {be_date:%d.%m.%Y}: Rs {from_paise(value)}, "
                      f"BG Rs {from_paise(bg)}")
    s.flush()
    return line


def debit_bond(core: Core, actor: Actor, bond_no: int, be_no: int) -> BondView:
    """The bond section debits the bond the assessing officer specified on an EDI BE, with
    the amounts he fixed, once the AC/DC approved (BND-6, BND-7, BND-8, BND-10)."""
    with core.db.write() as s:
        bond = BOND.take(s, actor, "debit", bond_no, by="no")
        be = load_be(s, be_no)
        BE.check(actor, "bond_debited", be)  # not out of charge
        if be.location_code != bond.location_code:
            raise RuleViolation("BND-6", f"BE {be_no} is at {be.location_code}, bond {bond_no} "
                                f"at {bond.location_code}")
        bb = _be_bond(s, be)
        if bb is None or not bb.bond_type:
            raise RuleViolation("BND-7", f"BE {be_no}: the assessing officer has specified no "
                                "bond")
        if bb.approved_at is None:
            raise RuleViolation("BND-2", f"BE {be_no}: the bond specified awaits the AC/DC's "
                                "approval")
        if bb.bond_id != bond.id:
            raise RuleViolation("BND-6", f"BE {be_no} specifies another bond, not {bond_no}")
        if bb.ledger_id is not None:
            raise RuleViolation("BND-7", f"BE {be_no}: bond {bond_no} is already debited")
        line = _debit(s, core, actor, bond, be_no, be.be_date, "EDI", bb.debit_paise,
                      bb.bg_debit_paise, "debit")
        bb.ledger_id = line.id
        s.add(bb)
        transition(s, core, actor, be, BE["bond_debited"],
                   reason=f"bond {bond_no}: Rs {from_paise(bb.debit_paise)}, BG Rs "
                          f"{from_paise(bb.bg_debit_paise)}")
        return bond_view(s, bond)


def debit_manual_be(core: Core, actor: Actor, bond_no: int, be_no: int, be_date: date,
                    amount: Decimal | str, bg_amount: Decimal | str = "0") -> BondView:
    """A manual BE (not in the system) debited by its number and date, with the amounts the
    assessing officer fixed on it (BND-1, BND-8, BND-10)."""
    value = _money(amount, "amount", "BND-8")
    bg = _money(bg_amount, "bg_amount", "BND-8")
    if not value and not bg:
        raise InvalidInput("amount", "the bond value or the BG to debit", "BND-8")
    if be_date > core.today():
        raise InvalidInput("be_date", f"{be_date:%d.%m.%Y} is in the future", "BND-8")
    with core.db.write() as s:
        bond = BOND.take(s, actor, "debit_manual", bond_no, by="no")
        _debit(s, core, actor, bond, be_no, be_date, "manual", to_paise(value), to_paise(bg),
               "debit_manual")
        return bond_view(s, bond)


def credit_bond(core: Core, actor: Actor, bond_no: int, be_no: int, be_date: date,
                amount: Decimal | str, reason: str, *, bg_amount: Decimal | str = "0",
                text: str = "") -> BondView:
    """A credit against a BE debited on the bond, with its reason (BND-9): (a) assessment
    finalised, no recovery; (b) finalised, differential duty paid separately; (c) end-use
    certificate; (d) re-warehousing certificate; (e) test results confirm the declaration;
    (f) other, stated. Never more than is still debited for that BE (BND-8)."""
    code = (reason or "").strip().lower()
    if code not in CREDIT_REASONS:
        raise InvalidInput("reason", "one of " + "; ".join(
            f"{k}: {v}" for k, v in CREDIT_REASONS.items()), "BND-9")
    stated = (text or "").strip()
    if code == "f" and not stated:
        raise InvalidInput("text", "reason (f) other: state it", "BND-9")
    value = _money(amount, "amount", "BND-9")
    bg = _money(bg_amount, "bg_amount", "BND-9")
    if not value and not bg:
        raise InvalidInput("amount", "the bond value or the BG to credit", "BND-9")
    with core.db.write() as s:
        bond = BOND.take(s, actor, "credit", bond_no, by="no")
        debited = s.exec(select(t.BondLedger).where(
            t.BondLedger.bond_id == bond.id, t.BondLedger.be_no == be_no,
            t.BondLedger.be_date == be_date, t.BondLedger.debit_paise
            + t.BondLedger.bg_debit_paise > 0)).first()
        if debited is None:
            raise RuleViolation("BND-8", f"bond {bond_no} has no debit for BE {be_no} of "
                                f"{be_date:%d.%m.%Y}")
        open_value, open_bg = _open_by_be(s, bond.id).get((be_no, be_date), (0, 0))
        if to_paise(value) > open_value or to_paise(bg) > open_bg:
            raise RuleViolation("BND-9", f"BE {be_no}: Rs {from_paise(open_value)} and BG Rs "
                                f"{from_paise(open_bg)} are still debited; the credit (Rs "
                                f"{value}, BG Rs {bg}) exceeds them")
        s.add(t.BondLedger(bond_id=bond.id, be_no=be_no, be_date=be_date,
                           doc_type=debited.doc_type, credit_paise=to_paise(value),
                           bg_credit_paise=to_paise(bg), on=core.today(), credit_reason=code,
                           reason_text=stated[:200], officer=actor.username, at=core.now()))
        bond.balance_paise += to_paise(value)
        bond.bg_balance_paise += to_paise(bg)
        transition(s, core, actor, bond, BOND["credit"],
                   reason=f"BE {be_no}: Rs {value}, BG Rs {bg}; ({code}) {CREDIT_REASONS[code]}"
                          + (f": {stated}" if stated else ""))
        return bond_view(s, bond)


def enhance_bond(core: Core, actor: Actor, bond_no: int, add_amount: Decimal | str,
                 reason: str, *, add_bg: Decimal | str = "0",
                 valid_to: date | None = None) -> BondView:
    """The AC/DC in charge enhances a registered bond (a further bond or BG executed), and
    may extend its validity (BND-1)."""
    value = _money(add_amount, "add_amount", "BND-1")
    bg = _money(add_bg, "add_bg", "BND-1")
    why = _text(reason, "reason", "BND-1", 200)
    with core.db.write() as s:
        bond = BOND.take(s, actor, "enhance", bond_no, by="no")
        if not value and not bg and (valid_to is None or valid_to <= bond.valid_to):
            raise InvalidInput("add_amount", "an amount, a BG or a later validity", "BND-1")
        if valid_to is not None and valid_to < bond.valid_to:
            raise InvalidInput("valid_to", "an enhancement does not shorten the validity",
                               "BND-1")
        bond.amount_paise += to_paise(value)
        bond.balance_paise += to_paise(value)
        bond.bg_amount_paise += to_paise(bg)
        bond.bg_balance_paise += to_paise(bg)
        bond.valid_to = valid_to or bond.valid_to
        transition(s, core, actor, bond, BOND["enhance"],
                   reason=f"+Rs {value}, +BG Rs {bg}, valid to {bond.valid_to:%d.%m.%Y}: {why}")
        return bond_view(s, bond)


def close_bond(core: Core, actor: Actor, bond_no: int, file_ref: str, *,
               obligation: str = "") -> BondView:
    """Closure once every debit is credited back (all items closed), the documents kept in
    the bond file; a bond with an export obligation (EU, RE, EO) states how it was verified
    (BND-10)."""
    kept = _text(file_ref, "file_ref", "BND-10")
    with core.db.write() as s:
        bond = BOND.take(s, actor, "close", bond_no, by="no")
        open_ = _open_by_be(s, bond.id)
        if open_:
            listed = ", ".join(str(no) for no, _ in sorted(open_))
            raise RuleViolation("BND-10", f"bond {bond_no} still has debits not credited "
                                f"back (BE {listed})")
        verified = (obligation or "").strip()
        if bond.bond_type in OBLIGATION_TYPES and not verified:
            raise InvalidInput("obligation", f"a {bond.bond_type} bond is closed after "
                               "verifying the export obligation: how it was verified", "BND-10")
        bond.closed_by, bond.closed_at = actor.username, core.now()
        bond.close_note = (f"bond file {kept}" + (f"; obligation: {verified}"
                                                   if verified else ""))[:300]
        transition(s, core, actor, bond, BOND["close"], reason=bond.close_note)
        return bond_view(s, bond)


def register_certificate(core: Core, actor: Actor, iec: str, issuer: str, cert_ref: str,
                         cert_date: date) -> CertificateView:
    """A Central Excise / GST certificate for a concessional-rate import is registered like
    a bond and given a registration number (BND-11)."""
    made = CERT.check(actor, "register")
    by = _text(issuer, "issuer", "BND-11")
    ref = _text(cert_ref, "cert_ref", "BND-11", 60)
    if cert_date > core.today():
        raise InvalidInput("cert_date", f"{cert_date:%d.%m.%Y} is in the future", "BND-11")
    try:
        iec = formats.iec(iec)
    except ValueError as err:
        raise InvalidInput("iec", str(err), "BND-11") from None
    with core.db.write() as s:
        if s.get(t.Iec, iec) is None:
            raise RuleViolation("IMP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
        if s.exec(select(t.BondCertificate.reg_no).where(
                t.BondCertificate.issuer == by, t.BondCertificate.cert_ref == ref)).first():
            raise RuleViolation("BND-11", f"certificate {ref} of {by} is already registered")
        cert = t.BondCertificate(reg_no=next_number(s, "BOND"), location_code=actor.location_code,
                                 iec=iec, issuer=by, cert_ref=ref, cert_date=cert_date,
                                 registered_by=actor.username, registered_at=core.now())
        s.add(cert)
        transition(s, core, actor, CertDoc(cert), made,
                   reason=f"{by} {ref} of {cert_date:%d.%m.%Y}, IEC {iec}")
        return CertificateView(cert.reg_no, iec, by, ref, cert_date, None, actor.username)


def attach_certificate(core: Core, actor: Actor, reg_no: int, be_no: int) -> CertificateView:
    """A registered certificate serves one BE only (BND-11)."""
    with core.db.write() as s:
        d = CERT.take(s, actor, "attach", reg_no)
        cert = d.cert
        be = load_be(s, be_no)
        BE.check(actor, "certificate", be)  # not out of charge
        if be.location_code != cert.location_code:
            raise RuleViolation("BND-11", f"BE {be_no} is at {be.location_code}, certificate "
                                f"{reg_no} at {cert.location_code}")
        if s.exec(select(t.BondCertificate.reg_no).where(
                t.BondCertificate.be_id == be.id)).first():
            raise RuleViolation("BND-11", f"BE {be_no} already has a certificate")
        if cert.iec != be.iec:
            raise RuleViolation("BND-11", f"certificate {reg_no} is of IEC {cert.iec}, BE "
                                f"{be_no} of {be.iec}")
        d.for_be, cert.used_by, cert.used_at = be.id, actor.username, core.now()
        transition(s, core, actor, d, CERT["attach"], reason=f"BE {be_no}")
        s.add(cert)
        transition(s, core, actor, be, BE["certificate"],
                   reason=f"certificate {reg_no} ({cert.issuer} {cert.cert_ref})")
        return CertificateView(cert.reg_no, cert.iec, cert.issuer, cert.cert_ref,
                               cert.cert_date, be_no, cert.registered_by)


# ---- deposits (BND-13, BND-14) ----


def svb_deposit_challan(core: Core, actor: Actor, be_no: int, pct: Decimal | str, *,
                        expected_version: int | None = None) -> BeBondView:
    """Special Valuation Branch provisional case: on a BE whose valuation declaration says
    'PROVISIONAL', the appraiser generates the challan of the provisional revenue deposit,
    1 % or 5 % of the assessable value (effective-dated), separate from the duty (BND-14)."""
    try:
        rate = Decimal(str(pct).strip())
    except InvalidOperation:
        raise InvalidInput("pct", f"{pct!r} is not a percentage", "BND-14") from None
    with core.db.write() as s:
        be = BE.take(s, actor, "svb_deposit", be_no, expected_version=expected_version)
        bb = _be_bond(s, be)
        if bb is None or not bb.valuation_provisional:
            raise RuleViolation("BND-14", f"BE {be_no}: the valuation declaration is not "
                                "marked PROVISIONAL")
        if bb.svb_paid_at is not None:
            raise RuleViolation("BND-14", f"BE {be_no}: the SVB deposit is already paid")
        on = core.today()
        allowed = (parameter(s, "BND-14.deposit_pct_low", on, be.location_code),
                   parameter(s, "BND-14.deposit_pct_high", on, be.location_code))
        if rate not in allowed:
            raise InvalidInput("pct", f"{allowed[0]} or {allowed[1]} (% of assessable value)",
                               "BND-14")
        deposit = rupees(from_paise(be.assessable_paise) * rate / 100)
        bb.svb_pct, bb.svb_deposit_paise = rate, to_paise(deposit)
        bb.svb_challan_no = next_number(s, "CHALLAN")
        s.add(bb)
        transition(s, core, actor, be, BE["svb_deposit"],
                   reason=f"SVB provisional deposit {rate}% of Rs "
                          f"{from_paise(be.assessable_paise)} = Rs {deposit}, challan "
                          f"{bb.svb_challan_no}")
        return be_bond_view(s, be)


def pay_deposit(core: Core, actor: Actor, be_no: int, kind: str, *,
                expected_version: int | None = None) -> BeBondView:
    """The operator records payment of the cash deposit (``kind`` "cash", BND-13) or the SVB
    provisional deposit ("svb", BND-14) on its own challan."""
    rule = {"cash": "BND-13", "svb": "BND-14"}.get(kind)
    if rule is None:
        raise InvalidInput("kind", "cash (BND-13) or svb (BND-14)")
    with core.db.write() as s:
        be = BE.take(s, actor, "deposit_paid", be_no, expected_version=expected_version)
        bb = _be_bond(s, be)
        challan = (bb.cash_challan_no if kind == "cash" else bb.svb_challan_no) if bb else None
        if challan is None:
            raise RuleViolation(rule, f"BE {be_no}: no {kind} deposit challan")
        paid_at = bb.cash_paid_at if kind == "cash" else bb.svb_paid_at
        if paid_at is not None:
            raise RuleViolation(rule, f"BE {be_no}: challan {challan} is already paid")
        amount = from_paise(bb.cash_deposit_paise if kind == "cash" else bb.svb_deposit_paise)
        if kind == "cash":
            bb.cash_paid_at = core.now()
        else:
            bb.svb_paid_at = core.now()
        s.add(bb)
        transition(s, core, actor, be, BE["deposit_paid"], action=f"{kind}_deposit_paid",
                   reason=f"challan {challan}: Rs {amount}")
        return be_bond_view(s, be)


# ---- the register (MIS, BND-1) ----


def bond_register(core: Core, actor: Actor, *, as_of: date | None = None, iec: str = "",
                  states: Sequence[str] = (BondState.REGISTERED,),
                  remind_within: int = 30) -> tuple[RegisterRow, ...]:
    """The bond register of the officer's location for the bond section and the AC/DC in
    charge: balance, validity and open debits of each bond; bonds with open debits whose
    validity ends within ``remind_within`` days are flagged for a reminder, those past it
    for a recovery notice (BND-1, BND-10)."""
    BOND.check(actor, "mis", location=actor.location_code)
    day = as_of or core.today()
    with core.db.read() as s:
        q = select(t.Bond).where(t.Bond.location_code == actor.location_code,
                                 t.Bond.state.in_(list(states)))
        if iec:
            q = q.where(t.Bond.iec == iec)
        rows = []
        for bond in s.exec(q.order_by(t.Bond.valid_to, t.Bond.id)):
            open_ = len(_open_by_be(s, bond.id))
            left = (bond.valid_to - day).days
            remark = ""
            if open_ and left < 0:
                remark = f"recovery: expired {-left} days ago with {open_} open debit(s)"
            elif open_ and left <= remind_within:
                remark = f"reminder: expires in {left} days with {open_} open debit(s)"
            rows.append(RegisterRow(bond.bond_no, bond.id, bond.iec, bond.bond_type, bond.kind,
                                    from_paise(bond.amount_paise),
                                    from_paise(bond.balance_paise),
                                    from_paise(bond.bg_balance_paise), bond.valid_to,
                                    bond.state, open_, remark))
        return tuple(rows)


# ---- the bond section on screen: the register with the acts open, the running ledger ----


@dataclass(frozen=True)
class DueDebit:
    """An EDI BE whose bond, specified by the assessing officer on this bond and approved
    by the AC/DC, is still to be debited (BND-6, BND-7)."""

    be_no: int
    be_date: date
    iec: str
    be_state: str
    amount: Decimal
    bg_amount: Decimal
    approved_by: str
    approved_at: datetime | None


@dataclass(frozen=True)
class OpenDebit:
    """What is still debited on a bond for one BE: what a credit may give back (BND-9)."""

    be_no: int
    be_date: date
    doc_type: str
    amount: Decimal
    bg_amount: Decimal


@dataclass(frozen=True)
class BondHere:
    """A bond of the officer's location for the bond register screen: the bond, the acts
    open to the officer on it now (``BOND.x``: the table's ``open_to`` less what the bond's
    own facts rule out), the BEs due for a debit on it and the debits still open."""

    bond: BondView
    acts: tuple[str, ...]
    due: tuple[DueDebit, ...]
    open_debits: tuple[OpenDebit, ...]
    days_left: int  # to the end of the validity (negative: expired)


def _due_on(s: Session, bond_ids: Sequence[int]) -> dict[int, list[DueDebit]]:
    """The EDI BEs due for a debit on each bond: the specification approved, not debited,
    the BE not out of charge (BND-7)."""
    out: dict[int, list[DueDebit]] = {}
    if not bond_ids:
        return out
    be = t.BillOfEntry
    rows = s.exec(select(t.BeBond, be).join(be, be.id == t.BeBond.be_id).where(
        t.BeBond.bond_id.in_(list(bond_ids)), t.BeBond.approved_at.is_not(None),
        t.BeBond.ledger_id.is_(None), be.state.in_(list(BE["bond_debited"].from_)))
        .order_by(t.BeBond.approved_at, be.be_no)).all()
    for bb, b in rows:
        out.setdefault(bb.bond_id, []).append(DueDebit(
            b.be_no, b.be_date, b.iec, b.state, from_paise(bb.debit_paise),
            from_paise(bb.bg_debit_paise), bb.approved_by, bb.approved_at))
    return out


def _ruled_out(bond: t.Bond, due: Sequence[DueDebit], open_: Sequence[OpenDebit],
               today: date) -> set[str]:
    """Acts the table allows on the bond's state that its facts rule out: a specific bond
    is approved with its BE's specification (BND-2); a debit needs a BE due, balance and
    validity (BND-7, BND-10); a credit needs a debit still open (BND-9); closure, every
    debit credited back (BND-10)."""
    out = set()
    if bond.kind == BondKind.SPECIFIC:
        out.add("approve")
    live = today <= bond.valid_to and (bond.balance_paise > 0 or bond.bg_balance_paise > 0)
    if not live or not due:
        out.add("debit")
    if not live:
        out.add("debit_manual")
    if not open_:
        out.add("credit")
    else:
        out.add("close")
    return out


_ORDER = {BondState.REQUESTED: 0, BondState.APPROVED: 1, BondState.REGISTERED: 2}


def _register_order(b: t.Bond) -> tuple[int, int]:
    """Asked for, then approved (oldest first: they wait); registered by number; closed
    and cancelled last, newest first."""
    rank = _ORDER.get(b.state, 3)
    if rank < 2:
        return rank, b.id
    return (2, b.bond_no or 0) if rank == 2 else (3, -(b.bond_no or 0) or -b.id)


def bonds_here(core: Core, actor: Actor, *, states: Sequence[str] = (),
               limit: int = 500) -> tuple[BondHere, ...]:
    """The bond register of the officer's location for the screen (BND-1): bonds asked for
    and approved first (oldest first: they wait), then registered ones by number, then
    closed and cancelled ones (newest first); ``states`` narrows it. Each carries the acts
    open to the officer, the BEs due for a debit and the debits still open."""
    today = core.today()
    with core.db.read() as s:
        q = select(t.Bond).where(t.Bond.location_code == actor.location_code)
        if states:
            q = q.where(t.Bond.state.in_(list(states)))
        bonds = list(s.exec(q))
        bonds.sort(key=_register_order)
        bonds = bonds[:limit]
        due = _due_on(s, [b.id for b in bonds])
        return tuple(_here(s, actor, b, due.get(b.id, ()), today) for b in bonds)


def _here(s: Session, actor: Actor, bond: t.Bond, due: Sequence[DueDebit],
          today: date) -> BondHere:
    view = bond_view(s, bond)
    kinds = {(x.be_no, x.be_date): x.doc_type for x in view.lines}
    open_ = tuple(OpenDebit(no, on, kinds.get((no, on), ""), from_paise(v), from_paise(bg))
                  for (no, on), (v, bg) in sorted(_open_by_be(s, bond.id).items()))
    ruled = _ruled_out(bond, due, open_, today)
    acts = tuple(f"BOND.{a}" for a in BOND.open_to(actor, bond) if a not in ruled)
    return BondHere(view, acts, tuple(due), open_, (bond.valid_to - today).days)


def bond_here(core: Core, actor: Actor, bond_id: int) -> BondHere:
    """One bond of the register (by its id, registered or not) as ``bonds_here`` gives it."""
    today = core.today()
    with core.db.read() as s:
        bond = BOND.load(s, bond_id, lock=False)
        return _here(s, actor, bond, _due_on(s, [bond.id]).get(bond.id, ()), today)


@dataclass(frozen=True)
class RunningLine:
    """A line of a bond's running ledger (BND-8) with the balances after it: a debit or a
    credit (with its reason, BND-9), or an enhancement by the AC/DC (BND-1), which raises
    the bond and the balance without a BE."""

    kind: str  # debit, credit, enhancement
    on: date
    be_no: int | None
    be_date: date | None
    doc_type: str  # EDI, manual ("" for an enhancement)
    debit: Decimal
    bg_debit: Decimal
    credit: Decimal
    bg_credit: Decimal
    balance: Decimal  # after this line
    bg_balance: Decimal
    reason: str  # a..f for a credit
    reason_text: str  # the reason in words (and what was stated for (f)); an enhancement's
    officer: str


# enhance_bond's audit reason: "+Rs 10000, +BG Rs 1000, valid to 20.11.2027: further bond"
_ENHANCED = re.compile(r"^\+Rs (?P<value>\d+(?:\.\d+)?), \+BG Rs (?P<bg>\d+(?:\.\d+)?), "
                       r"valid to [\d.]+: (?P<why>.*)$", re.S)


def _running(s: Session, bond: t.Bond) -> tuple[RunningLine, ...]:
    lines = list(s.exec(select(t.BondLedger).where(t.BondLedger.bond_id == bond.id)
                        .order_by(t.BondLedger.id)))
    acts = [r for r in audit.history(s, KIND, bond.bond_no) if r.action in (
        "debit", "credit", "enhance")] if bond.bond_no else []
    # (ledger line, None) or (the enhancement's audit record, (value, BG) added)
    events: list[tuple[t.BondLedger | t.AuditRecord, tuple[int, int] | None]] = []
    pending = iter(lines)
    for r in acts:  # the trail gives the order: a ledger line per debit or credit, in turn
        if r.action == "enhance":
            m = _ENHANCED.match(r.reason or "")
            if m:
                events.append((r, (to_paise(Decimal(m["value"])), to_paise(Decimal(m["bg"])))))
        elif (line := next(pending, None)) is not None:
            events.append((line, None))
    events.extend((x, None) for x in pending)
    value = bond.amount_paise - sum(e[1][0] for e in events if e[1])
    bg = bond.bg_amount_paise - sum(e[1][1] for e in events if e[1])
    out = []
    p = from_paise
    for row, raised in events:
        if isinstance(row, t.AuditRecord) and raised is not None:
            value, bg = value + raised[0], bg + raised[1]
            m = _ENHANCED.match(row.reason)
            out.append(RunningLine("enhancement", row.at.date(), None, None, "", p(0), p(0),
                                   p(raised[0]), p(raised[1]), p(value), p(bg), "",
                                   m["why"] if m else "", row.officer))
            continue
        x = row
        value += x.credit_paise - x.debit_paise
        bg += x.bg_credit_paise - x.bg_debit_paise
        why = CREDIT_REASONS.get(x.credit_reason, "") if x.credit_reason else ""
        if x.reason_text:
            why = f"{why}: {x.reason_text}" if why else x.reason_text
        out.append(RunningLine("credit" if x.credit_paise or x.bg_credit_paise else "debit",
                               x.on, x.be_no, x.be_date, x.doc_type, p(x.debit_paise),
                               p(x.bg_debit_paise), p(x.credit_paise), p(x.bg_credit_paise),
                               p(value), p(bg), x.credit_reason, why, x.officer))
    return tuple(out)


def ledger_lines(core: Core, bond_no: int) -> tuple[RunningLine, ...]:
    """The running ledger of a registered bond, oldest first, each line with the balance
    and BG balance after it (BND-8): debits and credits (BND-9) and the enhancements of
    the AC/DC (BND-1), in the order they were made; the last balance is the bond's."""
    with core.db.read() as s:
        return _running(s, BOND.load(s, bond_no, by="no", lock=False))


# ---- certificates on screen (BND-11) ----


@dataclass(frozen=True)
class CertificateHere:
    """A certificate of the officer's location, its state in words and the acts open to
    the officer on it (``CERT.x``)."""

    cert: CertificateView
    state: str
    acts: tuple[str, ...]


def certificates_here(core: Core, actor: Actor, *,
                      limit: int = 500) -> tuple[CertificateHere, ...]:
    """The certificates registered at the officer's location, newest first (BND-11)."""
    with core.db.read() as s:
        rows = s.exec(select(t.BondCertificate, t.BillOfEntry.be_no)
                      .join(t.BillOfEntry, t.BillOfEntry.id == t.BondCertificate.be_id,
                            isouter=True)
                      .where(t.BondCertificate.location_code == actor.location_code)
                      .order_by(t.BondCertificate.reg_no.desc()).limit(limit)).all()
        out = []
        for cert, be_no in rows:
            doc = CertDoc(cert)
            out.append(CertificateHere(
                CertificateView(cert.reg_no, cert.iec, cert.issuer, cert.cert_ref,
                                cert.cert_date, be_no, cert.registered_by),
                doc.state, tuple(f"CERT.{a}" for a in CERT.open_to(actor, doc))))
        return tuple(out)

"""Telegraphic Release Advice (IMP-TRA-1, IMP-TRA-2): part of a licence registered in the
system, released for imports at a location that does not run ICES.

IMP-TRA-1: a TRA is only for a non-ICES location (the non-ICES directory; a code of the port
directory runs ICES, where the licence is quoted directly) and only from the system. The
registration clerk keys Annexure D (``key_tra``) and prints a checklist for the holder to
sign (``print_checklist``), correcting it if need be (``correct_tra``); the appraiser
verifies the details from the original licence (``issue_tra``) and the system gives the TRA
number and three copies. The signed checklist and the office copy stay with the appraiser.

IMP-TRA-2: an issued TRA is never amended; a further quantity or value needs a fresh TRA;
an unused TRA keyed back (``recredit_tra``) re-credits the licence.

Decisions: Annexure D here is the licence number, the port of use and, per Part-C line, the
quantity (where the licence gives one) and the value (Rs) released. An issued TRA debits the
licence like a BE (``licences.import_debits``), so the balance is checked when it is keyed and
again when it is issued; one keyed back no longer counts. A licence registered at a port is
released only by that port. The registration clerk keys an unused TRA back, with the
reason (for instance the port of use's endorsement that it was not used).

Who may take which act, in which state, is the TRA's act table (``console.acts.tra``); every
act reads the TRA holding its row lock, and the issue holds the licence's, so two appraisers
issuing against one licence are served one after the other, each within the balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

import db.tables as t
from console import formats
from console.acts.licence import LicenceSource
from console.acts.tra import TRA, WITH_NUMBER, T
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor, Role
from console.services.schemes.licences import check_import_debit, find_licence, import_debits
from db.sequences import next_number

KIND = TRA.audit_kind
COPIES = ("Original: for the Customs at the port of use",
          "Duplicate: for the licence holder",
          "Office copy: retained by the Appraiser with the signed checklist")


@dataclass(frozen=True)
class TraLineView:
    sl: int
    licence_sl: int
    description: str
    quantity: Decimal | None
    uqc: str
    value: Decimal


@dataclass(frozen=True)
class TraView:
    id: int
    tra_no: int | None
    tra_date: date | None
    licence_no: str
    licence_kind: str
    iec: str
    holder_name: str
    location_code: str
    port_of_use: str
    port_of_use_name: str
    state: str
    checklist_round: int
    lines: tuple[TraLineView, ...]
    keyed_by: str
    verified_by: str
    verified_at: datetime | None
    verification: str
    recredited_by: str
    recredited_at: datetime | None
    recredit_reason: str
    copies: tuple[str, ...]  # the three copies, once issued
    version: int


def tra_view(s: Session, tra: t.Tra) -> TraView:
    s.flush()
    lic = s.get(t.Licence, tra.licence_id)
    holder = s.get(t.Iec, lic.iec)
    place = s.get(t.NonIcesLocation, tra.port_of_use)
    parts = {x.sl: x for x in s.exec(select(t.LicenceLine).where(
        t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C"))}
    lines = s.exec(select(t.TraLine).where(t.TraLine.tra_id == tra.id)
                   .order_by(t.TraLine.sl)).all()
    return TraView(
        tra.id, tra.tra_no, tra.tra_date, lic.licence_no, lic.kind, lic.iec,
        holder.name if holder else "", tra.location_code, tra.port_of_use,
        place.name if place else "", tra.state, tra.checklist_round,
        tuple(TraLineView(x.sl, x.licence_sl, parts[x.licence_sl].description, x.quantity,
                          parts[x.licence_sl].uqc, from_paise(x.value_paise)) for x in lines),
        tra.keyed_by, tra.verified_by, tra.verified_at, tra.verification, tra.recredited_by,
        tra.recredited_at, tra.recredit_reason,
        COPIES if tra.state in WITH_NUMBER else (), tra.version)


@dataclass(frozen=True)
class TraPartCView:
    """The Part-C line of the licence a TRA line releases from: what the licence gives and
    what is left of it now, every submitted BE and issued TRA counted (IMP-LIC-2)."""

    sl: int
    quantity: Decimal | None
    value: Decimal | None
    balance_quantity: Decimal | None
    balance_value: Decimal | None


@dataclass(frozen=True)
class TraFacts:
    """What the printed checklist and TRA show beyond ``TraView`` (documents.md)."""

    location_name: str  # the issuing ICES location
    keyed_at: datetime
    licence_issued_on: date
    licence_valid_to: date
    licence_source: str  # dgft (online) or port (registered at ``licence_port``)
    licence_port: str
    registration_no: str
    part_c: tuple[TraPartCView, ...]  # the lines this TRA releases from, by serial


def tra_facts(s: Session, tra: t.Tra) -> TraFacts:
    """The print's facts of ``tra``: the issuing location, the licence's dates and
    registration, and its Part-C lines released from. The balances are as of now: on the
    checklist (before issue) what is left to release; an issued TRA is already in them."""
    lic = s.get(t.Licence, tra.licence_id)
    port = s.get(t.Port, tra.location_code)
    wanted = {x.licence_sl for x in s.exec(select(t.TraLine).where(t.TraLine.tra_id == tra.id))}
    debits = import_debits(s, lic)
    part_c = []
    for x in s.exec(select(t.LicenceLine).where(
            t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C",
            t.LicenceLine.sl.in_(wanted)).order_by(t.LicenceLine.sl)):
        mine = [d for d in debits if d.licence_sl == x.sl]
        value = None if x.value_paise is None else from_paise(x.value_paise)
        part_c.append(TraPartCView(
            x.sl, x.quantity, value,
            None if x.quantity is None
            else x.quantity - sum((d.quantity or 0 for d in mine), Decimal(0)),
            None if value is None else value - sum((d.value for d in mine), Decimal(0))))
    return TraFacts(port.name if port else "", tra.keyed_at, lic.issued_on, lic.valid_to,
                    lic.source, lic.port_code, lic.registration_no, tuple(part_c))


def get_tra(core: Core, tra_no: int) -> TraView:
    with core.db.read() as s:
        return tra_view(s, TRA.load(s, tra_no, by="no", lock=False))


def list_tras(core: Core, licence_no: str) -> list[TraView]:
    with core.db.read() as s:
        lic = find_licence(s, licence_no)
        if lic is None:
            raise NotFound(f"licence {licence_no} not found")
        return [tra_view(s, x) for x in s.exec(select(t.Tra).where(
            t.Tra.licence_id == lic.id).order_by(t.Tra.id))]


#: what waits for each role at its location: the clerk's requests until issue (to print
#: the checklist, to correct), the appraiser's with a printed checklist (to issue)
WAITING_FOR = {Role.CLK: (T.KEYED, T.CHECKLIST_PRINTED), Role.APR: (T.CHECKLIST_PRINTED,)}


def tras_here(core: Core, actor: Actor, *, licence_no: str = "", waiting: bool = False,
              limit: int = 200) -> list[TraView]:
    """The TRAs and TRA requests of the officer's location: of one licence (``licence_no``)
    and/or only those waiting for the officer's role (``WAITING_FOR``, oldest first);
    otherwise every one, newest first."""
    with core.db.read() as s:
        q = select(t.Tra).where(t.Tra.location_code == actor.location_code)
        if licence_no.strip():
            lic = find_licence(s, licence_no)
            if lic is None:
                raise NotFound(f"licence {licence_no.strip().upper()} not found")
            q = q.where(t.Tra.licence_id == lic.id)
        if waiting:
            q = q.where(t.Tra.state.in_(WAITING_FOR.get(actor.role, ())))
        q = q.order_by(t.Tra.id if waiting else t.Tra.id.desc()).limit(limit)
        return [tra_view(s, x) for x in s.exec(q)]


def _number(raw: dict, key: str, path: str) -> Decimal | None:
    if raw.get(key) in (None, ""):
        return None
    try:
        value = Decimal(str(raw[key]).strip())
    except InvalidOperation:
        raise InvalidInput(path, f"{raw[key]!r} is not a number", "IMP-TRA-1") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(path, "above zero", "IMP-TRA-1")
    return value


def _read(s: Session, data: dict, location: str, on: date
          ) -> tuple[t.Licence, str, list[dict]]:
    """Annexure D: the licence, the non-ICES port of use and the Part-C lines released,
    within the licence's balance."""
    number = str(data.get("licence_no") or "").strip().upper()
    lic = find_licence(s, number, lock=True) if number else None
    if lic is None:
        raise InvalidInput("licence_no", f"licence {number or '-'} is not registered in the "
                           "system: a TRA is only generated from the system", "IMP-TRA-1")
    if lic.source == LicenceSource.PORT and lic.port_code != location:
        raise InvalidInput("licence_no", f"licence {lic.licence_no} is registered at "
                           f"{lic.port_code}: the TRA is issued there", "IMP-TRA-1")
    if not lic.issued_on <= on <= lic.valid_to:
        raise InvalidInput("licence_no", f"licence {lic.licence_no} is valid "
                           f"{lic.issued_on:%d.%m.%Y} to {lic.valid_to:%d.%m.%Y}", "IMP-TRA-1")
    try:
        port = formats.port_code(str(data.get("port_of_use") or ""))
    except ValueError as e:
        raise InvalidInput("port_of_use", str(e), "IMP-TRA-1") from None
    if s.get(t.Port, port) is not None:
        raise RuleViolation("IMP-TRA-1", f"{port} runs ICES: no TRA is issued for it; the "
                            "licence is quoted there directly")
    if s.get(t.NonIcesLocation, port) is None:
        raise InvalidInput("port_of_use", f"{port} is not in the directory of non-ICES "
                           "locations", "IMP-TRA-1")
    parts = {x.sl: x for x in s.exec(select(t.LicenceLine).where(
        t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C"))}
    lines: list[dict] = []
    for n, raw in enumerate(data.get("items") or [], 1):
        p = f"items[{n}]"
        try:
            sl = int(str(raw.get("licence_sl") or "").strip())
        except ValueError:
            raise InvalidInput(f"{p}.licence_sl", "the Part-C serial", "IMP-TRA-1") from None
        line = parts.get(sl)
        if line is None:
            raise InvalidInput(f"{p}.licence_sl", f"licence {lic.licence_no} has no Part-C "
                               f"item {sl}", "IMP-TRA-1")
        if any(x["licence_sl"] == sl for x in lines):
            raise InvalidInput(f"{p}.licence_sl", f"Part-C item {sl} is given twice",
                               "IMP-TRA-1")
        quantity = _number(raw, "quantity", f"{p}.quantity")
        if line.quantity is not None and quantity is None:
            raise InvalidInput(f"{p}.quantity", f"the quantity released, in {line.uqc}",
                               "IMP-TRA-1")
        value = _number(raw, "value", f"{p}.value")
        if value is None:
            raise InvalidInput(f"{p}.value", "the value released (Rs)", "IMP-TRA-1")
        lines.append({"sl": n, "licence_sl": sl,
                      "quantity": quantity if line.quantity is not None else None,
                      "value_paise": to_paise(value)})
    if not lines:
        raise InvalidInput("items", "at least one Part-C item released", "IMP-TRA-1")
    _within_balance(s, lic, lines)
    return lic, port, lines


def _within_balance(s: Session, lic: t.Licence, lines: list[dict]) -> None:
    check_import_debit(s, lic, {x["licence_sl"]: (x["quantity"], x["value_paise"])
                                for x in lines}, rule="IMP-LIC-2")


def key_tra(core: Core, actor: Actor, data: dict) -> TraView:
    """The registration clerk keys Annexure D (IMP-TRA-1)."""
    TRA.check(actor, "key")
    with core.db.write() as s:
        lic, port, lines = _read(s, data, actor.location_code, core.today())
        tra = t.Tra(licence_id=lic.id, location_code=actor.location_code, port_of_use=port,
                    state=T.KEYED, keyed_by=actor.username, keyed_at=core.now())
        s.add(tra)
        s.flush()
        for x in lines:
            s.add(t.TraLine(tra_id=tra.id, **x))
        transition(s, core, actor, tra, TRA["key"], reason=f"licence {lic.licence_no} for {port}")
        return tra_view(s, tra)


def checklist_round(s: Session, core: Core, actor: Actor, tra: t.Tra) -> None:
    """A new checklist round of ``tra``, in the caller's transaction (``TRA.checklist``)."""
    tra.checklist_round += 1
    transition(s, core, actor, tra, TRA["checklist"], reason=f"round {tra.checklist_round}")


def print_checklist(core: Core, actor: Actor, tra_id: int, *,
                    expected_version: int | None = None) -> TraView:
    """A checklist round for the licence holder to check and sign (IMP-TRA-1)."""
    with core.db.write() as s:
        tra = TRA.take(s, actor, "checklist", tra_id, expected_version=expected_version)
        checklist_round(s, core, actor, tra)
        return tra_view(s, tra)


def correct_tra(core: Core, actor: Actor, tra_id: int, data: dict, *,
                expected_version: int | None = None) -> TraView:
    """The clerk corrects Annexure D before issue; the checklist is printed again. An
    issued TRA is never amended (IMP-TRA-2)."""
    with core.db.write() as s:
        tra = TRA.take(s, actor, "correct", tra_id, expected_version=expected_version)
        printed = tra.state == T.CHECKLIST_PRINTED
        lic, port, lines = _read(s, data, tra.location_code, core.today())
        for old in s.exec(select(t.TraLine).where(t.TraLine.tra_id == tra.id)):
            s.delete(old)
        s.flush()
        tra.licence_id, tra.port_of_use = lic.id, port
        for x in lines:
            s.add(t.TraLine(tra_id=tra.id, **x))
        transition(s, core, actor, tra, TRA["correct"],
                   reason="checklist corrections" if printed
                   else "corrections before the checklist")
        return tra_view(s, tra)


def issue_tra(core: Core, actor: Actor, tra_id: int, verification: str, *,
              expected_version: int | None = None) -> TraView:
    """The appraiser verifies the details from the original licence against the signed
    checklist; the system gives the TRA number and three copies (IMP-TRA-1). Not the
    officer who keyed it (nobody approves their own request)."""
    if not verification.strip():
        raise InvalidInput("verification", "what was verified from the original licence",
                           "IMP-TRA-1")
    with core.db.write() as s:
        tra = TRA.take(s, actor, "issue", tra_id, expected_version=expected_version)
        lic = s.exec(select(t.Licence).where(t.Licence.id == tra.licence_id)
                     .with_for_update()).one()
        lines = s.exec(select(t.TraLine).where(t.TraLine.tra_id == tra.id)).all()
        _within_balance(s, lic, [{"licence_sl": x.licence_sl, "quantity": x.quantity,
                                  "value_paise": x.value_paise} for x in lines])
        tra.tra_no, tra.tra_date = next_number(s, "TRA"), core.today()
        tra.verified_by, tra.verified_at = actor.username, core.now()
        tra.verification = verification.strip()[:300]
        transition(s, core, actor, tra, TRA["issue"],
                   reason=f"TRA {tra.tra_no}: {tra.verification}")
        return tra_view(s, tra)


def recredit_tra(core: Core, actor: Actor, tra_no: int, reason: str, *,
                 expected_version: int | None = None) -> TraView:
    """An unused TRA keyed back: the licence is re-credited with what it released
    (IMP-TRA-2)."""
    if not reason.strip():
        raise InvalidInput("reason", "why the TRA comes back unused", "IMP-TRA-2")
    with core.db.write() as s:
        tra = TRA.take(s, actor, "recredit", tra_no, by="no",
                       expected_version=expected_version)
        tra.recredited_by, tra.recredited_at = actor.username, core.now()
        tra.recredit_reason = reason.strip()[:300]
        transition(s, core, actor, tra, TRA["recredit"], reason=reason.strip()[:500])
        return tra_view(s, tra)

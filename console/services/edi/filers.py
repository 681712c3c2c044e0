"""The registry of ICEGATE filers (EDI-2, roles.md): an ICEGATE id tied to a broker's
licence code, an importer's or exporter's IEC, or a carrier's code. The system manager adds
and disables filers (``console.acts.edi.FILER``); a message from an id not registered, or
disabled, is refused. ``edi_actor`` is the party a filer acts as: ``ICEGATE:<id>``, with the
operator's role for declarations and query replies and the carrier's for manifests, at the
custom house the message names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

import db.tables as t
from console import formats
from console.acts.edi import ENTITLED, FILER, FilerKind, load_filer
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.roles import Actor, Role

PREFIX = "ICEGATE:"  # an EDI actor's username: ICEGATE:<id> (the audit trail's officer)
TERMINAL = "ICEGATE"
ID_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9._-]{2,29}")


@dataclass(frozen=True)
class FilerView:
    icegate_id: str
    kind: str
    code: str
    name: str
    state: str
    registered_at: datetime
    registered_by: str
    disabled_at: datetime | None = None
    disabled_by: str = ""
    disabled_reason: str = ""
    entitled: tuple[str, ...] = ()  # the kinds of message it may send (SB, BE, RPL, ...)
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)


def filer_view(f: t.EdiFiler, actor: Actor | None = None) -> FilerView:
    acts = () if actor is None else tuple(f"{FILER.kind}.{n}" for n in FILER.open_to(actor, f))
    return FilerView(f.icegate_id, f.kind, f.code, f.name, FILER.state_of(f), f.registered_at,
                     f.registered_by, f.disabled_at, f.disabled_by, f.disabled_reason,
                     tuple(sorted(ENTITLED.get(f.kind, ()))), acts)


def icegate_id(value: str) -> str:
    """An ICEGATE id as registered: 3 to 30 upper-case letters, digits, '.', '_' or '-'."""
    v = str(value or "").strip().upper()
    if not ID_PATTERN.fullmatch(v):
        raise InvalidInput("icegate_id", f"{v!r}: 3 to 30 letters, digits, '.', '_' or '-'",
                           "EDI-2")
    return v


def _kind(value: str) -> FilerKind:
    try:
        return FilerKind(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("kind", f"{value!r}: one of {', '.join(FilerKind)}", "EDI-2") from None


def _code(s: Session, kind: FilerKind, value: str) -> str:
    """The broker licence code, IEC or carrier code, as the registries know it (EDI-2: a
    filer is a broker or importer/exporter known to the registries, or a carrier)."""
    try:
        if kind == FilerKind.BROKER:
            code = formats.broker_code(value)
            broker = s.get(t.Broker, code)
            if broker is None or not broker.verified:
                raise RuleViolation("EXP-REG-2", f"broker {code} is not a verified broker in "
                                    "the directory")
        elif kind == FilerKind.TRADER:
            code = formats.iec(value)
            iec = s.get(t.Iec, code)
            if iec is None or not iec.active:
                raise RuleViolation("EXP-REG-1", f"IEC {code} is not registered (DGFT feed)")
        else:
            code = str(value or "").strip().upper()
            if s.get(t.Carrier, code) is None:
                raise RuleViolation("EXP-REG-3", f"carrier {code!r} is not registered in the "
                                    "central directory")
    except ValueError as err:
        raise InvalidInput("code", str(err), "EDI-2") from None
    return code


def add_filer(core: Core, actor: Actor, icegate: str, kind: str, code: str, name: str = ""
              ) -> FilerView:
    """Register an ICEGATE id for a broker, an importer or exporter, or a carrier (EDI-2)."""
    add = FILER.check(actor, "add")
    filer_id, filer_kind = icegate_id(icegate), _kind(kind)
    with core.db.write() as s:
        tied = _code(s, filer_kind, code)
        if s.get(t.EdiFiler, filer_id) is not None:
            raise RuleViolation("EDI-2", f"ICEGATE id {filer_id} is already registered")
        name = (name or "").strip() or _party_name(s, filer_kind, tied)
        f = t.EdiFiler(icegate_id=filer_id, kind=filer_kind, code=tied, name=name[:150],
                       active=True, registered_at=core.now(), registered_by=actor.username)
        s.add(f)
        transition(s, core, actor, f, add, reason=f"{filer_kind} {tied}")
        return filer_view(f, actor)


def _party_name(s: Session, kind: FilerKind, code: str) -> str:
    table = {FilerKind.BROKER: t.Broker, FilerKind.TRADER: t.Iec,
             FilerKind.CARRIER: t.Carrier}[kind]
    row = s.get(table, code)
    return row.name if row is not None else code


def disable_filer(core: Core, actor: Actor, icegate: str, reason: str) -> FilerView:
    """Disable a filer: its messages are refused from now on (EDI-2); what it filed stays."""
    if not reason.strip():
        raise InvalidInput("reason", "say why the filer is disabled", "EDI-2")
    with core.db.write() as s:
        f = FILER.take(s, actor, "disable", icegate_id(icegate))
        f.disabled_at, f.disabled_by = core.now(), actor.username
        f.disabled_reason = reason.strip()[:200]
        transition(s, core, actor, f, FILER["disable"], reason=f.disabled_reason)
        return filer_view(f, actor)


def list_filers(core: Core, actor: Actor | None = None, *, kind: str = "",
                active_only: bool = False) -> list[FilerView]:
    """Every registered filer, by ICEGATE id."""
    with core.db.read() as s:
        q = select(t.EdiFiler).order_by(t.EdiFiler.icegate_id)
        if kind:
            q = q.where(t.EdiFiler.kind == _kind(kind))
        if active_only:
            q = q.where(t.EdiFiler.active)
        return [filer_view(f, actor) for f in s.exec(q)]


def get_filer(core: Core, icegate: str, actor: Actor | None = None) -> FilerView:
    with core.db.read() as s:
        return filer_view(load_filer(s, icegate_id(icegate), lock=False), actor)


def edi_actor(filer: t.EdiFiler | FilerView, custom_house: str) -> Actor:
    """The party a filer acts as at ``custom_house`` (console.acts.edi): the operator's role
    for a broker or trader (SB, BE, query replies), the carrier's for a carrier."""
    role = Role.CAR if filer.kind == FilerKind.CARRIER else Role.OPR
    return Actor(f"{PREFIX}{filer.icegate_id}", filer.name, role, custom_house, TERMINAL)


def sender_of(username: str) -> str:
    """The ICEGATE id in an EDI actor's username ("" for an officer)."""
    return username[len(PREFIX):] if username.startswith(PREFIX) else ""


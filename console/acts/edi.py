"""Remote filing through ICEGATE (edi.md, roles.md): the registered filers and the log of
the messages they send.

* ``FILER``: the registry of ICEGATE filers (EDI-2). A filer is an account that acts on the
  system through messages, like an officer's account, so the location's **system manager**
  adds and disables it (roles.md: "manage users and roles"); the IEC, broker licence or
  carrier code it is tied to must already be in the registries the clerk keeps (the IEC
  active, the broker verified, the carrier registered), which the service checks. A filer
  files (``FILER.file``) only while active: a consequence of the system receiving its
  message, checked for the filer's state.
* ``EDI``: the message log. The system receives every message (``EDI.receive``, the
  mailbox) and acts on the filer's behalf with the counter's own services: the filer is the
  acting party (``ICEGATE:<id>``, the operator's role for SB, BE and query replies, the
  carrier's for IGM and EGM), and every act it takes is checked by its table as an
  operator's or a carrier's would be. The service centre or the system manager sends a
  message's reply again (``EDI.resend``) when the filer lost it (EDI-4: the same reply).

A fresh SB or BE received is submitted at once (EDI-3): ``SB.submit_remote`` and
``BE.submit_remote`` lead from the draft straight to submission, with no checklist round.
They are consequences of ``FILER.file`` (no officer takes them, and neither does the system
on its own account: only a filing received from a registered, active filer leads to them).
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act, loader
from console.errors import NotFound
from console.roles import Role


class FilerState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class FilerKind(StrEnum):
    """What a filer's ICEGATE id is tied to (EDI-2)."""

    BROKER = "broker"  # a customs broker's licence code: files SB, BE, replies for any IEC
    TRADER = "trader"  # an importer's or exporter's IEC: files its own SB, BE, replies
    CARRIER = "carrier"  # a carrier's code: files IGM and EGM


#: the document kinds (``Filing.kind``) each kind of filer may send (EDI-2)
ENTITLED: dict[str, frozenset[str]] = {
    FilerKind.BROKER: frozenset({"SB", "BE", "RPL"}),
    FilerKind.TRADER: frozenset({"SB", "BE", "RPL"}),
    FilerKind.CARRIER: frozenset({"IGM", "EGM"}),
}


def load_filer(session: Session, icegate_id: str, *, lock: bool = True) -> t.EdiFiler:
    """The filer by ICEGATE id, holding its row lock."""
    q = select(t.EdiFiler).where(t.EdiFiler.icegate_id == str(icegate_id).strip().upper())
    row = session.exec(q.with_for_update() if lock else q).first()
    if row is None:
        raise NotFound(f"ICEGATE filer {icegate_id!r} is not registered")
    return row


F = FilerState

FILER = ActTable("FILER", "ICEGATE filer", FilerState, [
    act("add", "register ICEGATE filers", "EDI-2", roles={Role.SYS}, to=F.ACTIVE,
        fn="edi.filers.add_filer"),
    act("disable", "disable ICEGATE filers", "EDI-2", roles={Role.SYS}, from_={F.ACTIVE},
        to=F.DISABLED, confirm=True, fn="edi.filers.disable_filer"),
    act("file", "file a declaration or manifest through ICEGATE", "EDI-2", from_={F.ACTIVE},
        refuse={F.DISABLED: ("EDI-2", "the filer is disabled: its messages are refused")},
        via="EDI.receive"),
], load=load_filer, ref=lambda f: f.icegate_id,
   state=lambda f: F.ACTIVE if f.active else F.DISABLED,
   set_state=lambda f, state: setattr(f, "active", state == F.ACTIVE))


class MessageResult(StrEnum):
    """What became of a message received (the log's ``result``)."""

    OK = "ok"  # filed: its .ack (or the act it asked for) done
    NAK = "nak"  # refused: nothing changed (EDI-1)
    DUP = "dup"  # the same filing again: answered with the first one's reply (EDI-4)


M = MessageResult

EDI = ActTable("EDI", "EDI message", MessageResult, [
    act("receive", "receive a message through ICEGATE", "EDI-1", to=tuple(M), person=False,
        fn="edi.inbound.receive"),
    act("resend", "send a message's reply again", "EDI-4", roles={Role.OPR, Role.SYS},
        from_=tuple(M), fn="edi.mailbox.resend"),
], load=loader("EdiMessage", "EDI message"), ref=lambda m: str(m.id),
   state=lambda m: m.result, set_state=lambda m, state: setattr(m, "result", state))

"""Officer accounts (roles.md): the location's system manager adds and disables the officers
posted there and resets their passwords; every officer changes their own password; a
supervisor (or the system manager) keeps the duty roster that names examiners
(EXP-ARR-2). Logging in and out are not acts on an account (``admin.officers.login``).

A row has no state column: ``disabled`` says whether the account is closed. An account
locked after wrong passwords is still active (a reset unlocks it).
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act
from console.errors import NotFound
from console.roles import Role


class OfficerState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


O = OfficerState  # noqa: E741


def load(session: Session, username: str, *, lock: bool = True) -> t.Officer:
    """The officer's account by username, holding its row lock."""
    q = select(t.Officer).where(t.Officer.username == str(username).strip().lower())
    row = session.exec(q.with_for_update() if lock else q).first()
    if row is None:
        raise NotFound(f"officer {username!r} not found")
    return row


OFFICER = ActTable("OFFICER", "officer", OfficerState, [
    act("add", "add officers", "roles.md", roles={Role.SYS}, to=O.ACTIVE,
        fn="admin.officers.add_officer"),
    act("disable", "disable officers", "roles.md", roles={Role.SYS}, from_={O.ACTIVE},
        to=O.DISABLED, confirm=True, fn="admin.officers.disable_officer"),
    act("duty", "set duty rosters", "EXP-ARR-2", roles={Role.SYS, Role.APR}, rank=Role.ACDC,
        from_={O.ACTIVE}, fn="admin.officers.set_on_duty"),
    act("password", "change their own password", "roles.md", roles=set(Role),
        from_={O.ACTIVE}, assigned="username", fn="admin.officers.change_password"),
    act("reset_password", "reset another officer's password", "roles.md", roles={Role.SYS},
        from_={O.ACTIVE}, not_by="username", fn="admin.officers.reset_password"),
], load=load, ref=lambda o: o.username,
   state=lambda o: O.DISABLED if o.disabled else O.ACTIVE,
   set_state=lambda o, state: setattr(o, "disabled", state == O.DISABLED))

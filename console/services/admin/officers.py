"""Officer accounts: add, list, change password, disable, duty, log in (roles.md).

Every act on an account is taken through ``console.acts.officer.OFFICER`` (who, where,
the account's state); logging in and out are not acts on an account.

Passwords are hashed with Argon2id (memory-hard) and never stored or logged in
clear. Five wrong passwords in a row lock the account for 15 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import select

import db.tables as t
from console import audit
from console.acts.officer import OFFICER
from console.core import Core
from console.errors import AuthError, InvalidInput
from console.lifecycle import transition
from console.roles import Actor, Role

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8

_hasher = PasswordHasher()


@dataclass(frozen=True)
class OfficerView:
    username: str
    name: str
    role: str
    location_code: str
    disabled: bool
    locked_until: datetime | None
    on_duty: bool
    state: str = ""  # the account's state in the OFFICER table (active, disabled)
    locked: bool = False  # locked now after wrong passwords (a reset unlocks it)
    acts: tuple[str, ...] = ()  # what the officer reading it may do to it now (KIND.act)


def _view(o: t.Officer, actor: Actor | None = None, now: datetime | None = None
          ) -> OfficerView:
    """The account; with ``actor``, the acts the OFFICER table opens to that officer on it
    now; with ``now``, whether it is locked at that moment."""
    acts = () if actor is None else tuple(f"{OFFICER.kind}.{n}"
                                          for n in OFFICER.open_to(actor, o))
    return OfficerView(o.username, o.name, o.role, o.location_code, o.disabled,
                       o.locked_until, o.on_duty, OFFICER.state_of(o),
                       bool(now and o.locked_until and o.locked_until > now), acts)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD} characters")


def _role(value: str) -> Role:
    try:
        return Role(value.upper())
    except ValueError:
        codes = ", ".join(r.value for r in Role)
        raise InvalidInput("role", f"{value!r} is not a role; one of {codes}") from None


def add_officer(
    core: Core, actor: Actor | None, username: str, name: str, role: str,
    location_code: str, password: str,
) -> OfficerView:
    """Create an account at the system manager's own location. ``actor`` None is the
    installer (first account, `ices users add` on a database with no system manager yet)."""
    who = actor or Actor("INSTALL", "installer", Role.SYS, location_code, "install")
    OFFICER.check(who, "add")
    username = username.strip().lower()
    if not username.isidentifier() or len(username) > 40:
        raise InvalidInput("username", "letters, digits and _ only, at most 40")
    role_code = _role(role)
    _check_password(password)
    with core.db.write() as s:
        if s.get(t.Port, location_code) is None:
            raise InvalidInput("location", f"{location_code!r} is not in the port directory",
                               "EXP-REG-7")
        OFFICER.check(who, "add", location=location_code)
        if s.exec(select(t.Officer).where(t.Officer.username == username)).first():
            raise InvalidInput("username", f"{username!r} already exists")
        officer = t.Officer(
            username=username, name=name, role=role_code.value, location_code=location_code,
            password_hash=_hasher.hash(password), created_at=core.now(),
        )
        s.add(officer)
        transition(s, core, who, officer, OFFICER["add"],
                   reason=f"role {role_code.value} at {location_code}")
        return _view(officer)


def list_officers(core: Core) -> list[OfficerView]:
    with core.db.read() as s:
        return [_view(o) for o in s.exec(select(t.Officer).order_by(t.Officer.username))]


def officers_here(core: Core, actor: Actor) -> list[OfficerView]:
    """The officers posted at ``actor``'s location (the system manager manages only
    those, roles.md), by username, each with the acts open to ``actor`` on it."""
    now = core.now()
    with core.db.read() as s:
        rows = s.exec(select(t.Officer).where(t.Officer.location_code == actor.location_code)
                      .order_by(t.Officer.username))
        return [_view(o, actor, now) for o in rows]


def my_account(core: Core, actor: Actor) -> OfficerView:
    """The officer's own account, with the acts open to them on it (their own password)."""
    with core.db.read() as s:
        return _view(OFFICER.load(s, actor.username, lock=False), actor, core.now())


def set_password(core: Core, actor: Actor, username: str, password: str) -> None:
    """An officer changes their own password; the system manager resets another's."""
    if actor.username == username.strip().lower():
        change_password(core, actor, username, password)
    else:
        reset_password(core, actor, username, password)


def change_password(core: Core, actor: Actor, username: str, password: str) -> None:
    """An officer changes their own password (only their own)."""
    _new_password(core, actor, username, password, "password")


def reset_password(core: Core, actor: Actor, username: str, password: str) -> None:
    """The system manager resets another officer's password (and unlocks the account)."""
    _new_password(core, actor, username, password, "reset_password")


def _new_password(core: Core, actor: Actor, username: str, password: str, act: str) -> None:
    _check_password(password)
    with core.db.write() as s:
        officer = OFFICER.take(s, actor, act, username)
        officer.password_hash = _hasher.hash(password)
        officer.failed_logins, officer.locked_until = 0, None
        transition(s, core, actor, officer, OFFICER[act], action="password")


def disable_officer(core: Core, actor: Actor, username: str, reason: str) -> None:
    """Close an account (the officer left or was transferred): they may no longer log in."""
    with core.db.write() as s:
        officer = OFFICER.take(s, actor, "disable", username)
        transition(s, core, actor, officer, OFFICER["disable"], reason=reason)


def set_on_duty(core: Core, actor: Actor, username: str, on_duty: bool) -> None:
    """Mark an examiner on or off duty (who may be named for examination, EXP-ARR-2)."""
    with core.db.write() as s:
        officer = OFFICER.take(s, actor, "duty", username)
        before = "on duty" if officer.on_duty else "off duty"
        officer.on_duty = on_duty
        transition(s, core, actor, officer, OFFICER["duty"], action="duty",
                   reason=f"{before} -> {'on duty' if on_duty else 'off duty'}")


def login(core: Core, username: str, password: str, terminal: str = "local") -> Actor:
    """Check the password; count failures, lock after ``MAX_FAILURES``.

    The failure count is committed even though the login is refused.
    """
    now = core.now()
    error: AuthError | None = None
    with core.db.write() as s:
        officer = s.exec(
            select(t.Officer).where(t.Officer.username == username.strip().lower())
        ).first()
        if officer is None:
            _hasher.hash(password)  # same cost as a real check: no user enumeration by timing
            raise AuthError("unknown username or wrong password")
        if officer.disabled:
            raise AuthError(f"account {officer.username} is disabled; see the system manager")
        if officer.locked_until and officer.locked_until > now:
            raise AuthError(f"account {officer.username} is locked until "
                            f"{officer.locked_until:%H:%M} after {MAX_FAILURES} wrong passwords")
        try:
            _hasher.verify(officer.password_hash, password)
        except (VerificationError, InvalidHashError):
            officer.failed_logins += 1
            if officer.failed_logins >= MAX_FAILURES:
                officer.locked_until = now + LOCKOUT
                officer.failed_logins = 0
                audit.record(s, Actor(officer.username, officer.name, Role(officer.role),
                                      officer.location_code, terminal),
                             now, "OFFICER", officer.username, "lockout", "active", "locked",
                             f"{MAX_FAILURES} wrong passwords")
                error = AuthError(f"account {officer.username} is now locked for "
                                  f"{int(LOCKOUT.total_seconds() // 60)} minutes")
            else:
                left = MAX_FAILURES - officer.failed_logins
                error = AuthError(f"unknown username or wrong password ({left} tries left)")
            s.add(officer)
        else:
            officer.failed_logins, officer.locked_until = 0, None
            s.add(officer)
            actor = Actor(officer.username, officer.name, Role(officer.role),
                          officer.location_code, terminal)
            audit.record(s, actor, now, "OFFICER", officer.username, "login", "", "",
                         f"terminal {terminal}")
            return actor
    raise error


def logout(core: Core, actor: Actor) -> None:
    """Close the officer's session at the terminal: recorded, like the login."""
    with core.db.write() as s:
        audit.record(s, actor, core.now(), "OFFICER", actor.username, "logout", "", "",
                     f"terminal {actor.terminal}")

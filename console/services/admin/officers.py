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
from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.acts.officer import OFFICER
from console.clock import wall_now
from console.core import Core
from console.errors import AuthError, InvalidInput, PasswordChangeRequired
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
    now = wall_now()  # lockouts run on the wall clock
    with core.db.read() as s:
        rows = s.exec(select(t.Officer).where(t.Officer.location_code == actor.location_code)
                      .order_by(t.Officer.username))
        return [_view(o, actor, now) for o in rows]


def my_account(core: Core, actor: Actor) -> OfficerView:
    """The officer's own account, with the acts open to them on it (their own password)."""
    with core.db.read() as s:
        return _view(OFFICER.load(s, actor.username, lock=False), actor, wall_now())


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


# One message for every refused login, so that it never tells which usernames exist.
REFUSED = (f"unknown username or wrong password (after {MAX_FAILURES} wrong passwords in a "
           f"row an account is locked for {int(LOCKOUT.total_seconds() // 60)} minutes)")


def reset_by(s: Session, username: str) -> str:
    """Who reset ``username``'s password, if it has not been changed by its officer since
    (the audit trail's last password record names another officer); else ""."""
    last = s.exec(select(t.AuditRecord.officer).where(
        t.AuditRecord.doc_kind == "OFFICER", t.AuditRecord.doc_ref == username,
        t.AuditRecord.action == "password").order_by(t.AuditRecord.seq.desc())).first()
    return last if last and last != username else ""


def login(core: Core, username: str, password: str, terminal: str = "local", *,
          new_password: str | None = None) -> Actor:
    """Check the password; count failures, lock after ``MAX_FAILURES``.

    The failure count is committed even though the login is refused. Lockouts run on the
    wall clock, never a training database's clock (which a trainer may move). A password
    the system manager reset must be replaced first: without ``new_password`` the login
    is refused with ``PasswordChangeRequired``; with it, the new password is set (audited
    as the officer's own change) and the officer is logged in.
    """
    now, wall = core.now(), wall_now()
    error: AuthError | None = None
    with core.db.write() as s:
        officer = s.exec(
            select(t.Officer).where(t.Officer.username == username.strip().lower())
        ).first()
        if officer is None:
            _hasher.hash(password)  # same cost as a real check: no user enumeration by timing
            raise AuthError(REFUSED)
        if officer.locked_until and officer.locked_until > wall:
            _hasher.hash(password)
            raise AuthError(REFUSED)
        try:
            _hasher.verify(officer.password_hash, password)
        except (VerificationError, InvalidHashError):
            officer.failed_logins += 1
            if officer.failed_logins >= MAX_FAILURES:
                officer.locked_until = wall + LOCKOUT
                officer.failed_logins = 0
                audit.record(s, Actor(officer.username, officer.name, Role(officer.role),
                                      officer.location_code, terminal),
                             now, "OFFICER", officer.username, "lockout", "active", "locked",
                             f"{MAX_FAILURES} wrong passwords")
            error = AuthError(REFUSED)
            s.add(officer)
        else:
            if officer.disabled:  # said only to whoever knows the password
                raise AuthError(f"account {officer.username} is disabled; see the system "
                                "manager")
            actor = Actor(officer.username, officer.name, Role(officer.role),
                          officer.location_code, terminal)
            by = reset_by(s, officer.username)
            if by and new_password is None:
                raise PasswordChangeRequired(f"your password was reset by {by}: choose a new "
                                             "one")
            if by:
                _check_password(new_password or "")
                if new_password == password:
                    raise InvalidInput("new_password", "choose a password other than the one "
                                       "the system manager gave")
                officer.password_hash = _hasher.hash(new_password or "")
                transition(s, core, actor, officer, OFFICER["password"], action="password",
                           reason=f"new password after the reset by {by}")
            officer.failed_logins, officer.locked_until = 0, None
            s.add(officer)
            audit.record(s, actor, now, "OFFICER", officer.username, "login", "", "",
                         f"terminal {terminal}")
            return actor
    raise error


def logout(core: Core, actor: Actor) -> None:
    """Close the officer's session at the terminal: recorded, like the login."""
    with core.db.write() as s:
        audit.record(s, actor, core.now(), "OFFICER", actor.username, "logout", "", "",
                     f"terminal {actor.terminal}")

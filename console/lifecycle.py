"""Moving a document from one state to another: the one way every service does it.

Each document kind declares its states and an explicit table of allowed
transitions; ``transition`` checks the table and the version the officer saw,
changes the state, bumps the version and appends the audit record, all in the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol

from sqlmodel import Session

from console import audit
from console.core import Core
from console.errors import Conflict, RuleViolation
from console.roles import Actor


class Stateful(Protocol):
    state: str
    version: int


def check_version(doc: Stateful, expected_version: int | None, ref: str) -> None:
    """Refuse if another officer changed the document since this one loaded it."""
    if expected_version is not None and doc.version != expected_version:
        raise Conflict(
            f"{ref} was changed by another officer (version {doc.version}, you saw "
            f"{expected_version}); reload it and try again"
        )


def transition(
    session: Session,
    core: Core,
    actor: Actor,
    doc: Stateful,
    *,
    kind: str,
    ref: str | int,
    allowed: Mapping[str, Collection[str]],
    to_state: str,
    action: str,
    reason: str = "",
    rule: str = "",
    expected_version: int | None = None,
) -> None:
    check_version(doc, expected_version, f"{kind} {ref}")
    from_state = doc.state
    if to_state not in allowed.get(from_state, ()):
        raise RuleViolation(
            rule or "STATE",
            f"{kind} {ref} is {from_state.replace('_', ' ')}: cannot {action.replace('_', ' ')}",
        )
    doc.state = to_state
    doc.version += 1
    session.add(doc)
    audit.record(session, actor, core.now(), kind, ref, action, from_state, to_state, reason)


def note(session: Session, core: Core, actor: Actor, doc: Stateful, *, kind: str,
         ref: str | int, action: str, reason: str = "") -> None:
    """Record an act that changes a document without changing its state."""
    doc.version += 1
    session.add(doc)
    audit.record(session, actor, core.now(), kind, ref, action, doc.state, doc.state, reason)

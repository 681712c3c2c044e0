"""Recording an act on a document: the one way every service changes a document's state.

The act was allowed by its table (``ActTable.take`` / ``check``, ``console.acts``);
``transition`` moves the document to one of the states the act leads to (or keeps its
state, for an act that leads nowhere), bumps its version and appends the audit record
(who, when, from, to, why), all in the caller's transaction. When the transaction commits,
the record is chained with the hash of every document row the act left (``console.audit``),
so ``ices audit verify`` can tell a document changed outside an act.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from console import audit
from console.acts.base import Act
from console.core import Core
from console.errors import RuleViolation
from console.roles import Actor


def transition(session: Session, core: Core, actor: Actor, doc: Any, act: Act, *,
               to: str | None = None, reason: str = "", action: str = "",
               ref: str | int | None = None) -> None:
    """Record ``act`` on ``doc``: move it to ``to`` (where the act leads; the act's one
    target when it has one) or keep its state; bump the version; append the audit record.
    A consequence (``via``) or a system act is checked here for its from-state, since no
    officer's ``take`` checked it."""
    table = act.table
    from_state = "" if act.makes else (table.state_of(doc) if table else doc.state)
    if to is None and len(act.to) == 1:
        (to,) = act.to
    if to is not None and to not in act.to:
        raise RuleViolation(act.rule, f"{act.does} does not lead to {to}")
    if act.from_ and from_state not in act.from_ and table is not None:
        err = table.refusal(actor, act.name, doc)
        if err is not None:
            raise err
    if to is not None:  # (a state set to what it is would still mark the row changed)
        if table is not None:
            if table.state_of(doc) != to:
                table.set_state(doc, to)
        elif hasattr(doc, "state") and doc.state != to:
            doc.state = to
    if not act.makes and hasattr(doc, "version"):
        doc.version += 1
    if hasattr(doc, "__table__") and doc not in session:  # a row not yet in the session
        session.add(doc)  # (a wrapper's rows are in the session already)
    kind = table.audit_kind if table is not None else act.kind
    where = ref if ref is not None else (table.ref(doc) if table is not None else "")
    now_state = table.state_of(doc) if table is not None else getattr(doc, "state", "")
    audit.record(session, actor, core.now(), kind, where, action or act.name, from_state,
                 now_state or to or "", reason)

"""The shape of a chapter's cases for the act-table test.

A chapter module defines::

    def subjects(core, actors) -> list[Subject]   # a document of each kind, at HOME
    CALLS: dict[str, Call]                          # "KIND.act" -> call its service

A ``Call`` takes ``(core, actor, ref)``: ``ref`` is the subject's ``ref`` (``None`` for an
act that makes its document) and calls the act's service with arguments that would pass
its own input checks, so that only the act table (and the domain) can refuse. A subject
is put into a state by ``force`` (default: load it through its table, ``set_state``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.acts import tables
from console.core import Core
from console.roles import Actor

HOME, OTHER = "INVTZ4", "INIXZ1"

Call = Callable[[Core, Actor, Any], object]


@dataclass
class Subject:
    kind: str
    ref: Any
    by: str = ""  # the table loader's key, where not its default
    force: Callable[[Core, str], None] | None = None

    def load(self, session, lock: bool = False) -> Any:
        table = tables()[self.kind]
        if self.by:
            return table.load(session, self.ref, by=self.by, lock=lock)
        return table.load(session, self.ref, lock=lock)

    def put(self, core: Core, state: str) -> None:
        """Put the document in ``state`` (as if it had got there), keeping its version."""
        if self.force is not None:
            self.force(core, state)
            return
        table = tables()[self.kind]
        with core.db.write() as s:
            table.set_state(self.load(s, lock=True), state)

"""The running system: one database and one clock, handed to every service."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

import db.tables as t
from console.clock import Clock
from db.engine import Database


class Core:
    """What a service needs besides the actor: ``db`` for transactions, ``now()``."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.kind = self.setting("kind") or "uninitialised"
        self.clock = clock or Clock.for_kind(self.kind)

    @classmethod
    def open(cls, url: str | None = None, clock: Clock | None = None, name: str = "") -> Core:
        """``name``: the terminal (how a PostgreSQL server shows its connections)."""
        return cls(Database(url, name), clock)

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    @property
    def is_training(self) -> bool:
        return self.kind == "training"

    def setting(self, key: str) -> str | None:
        try:
            with self.db.read() as s:
                row = s.exec(select(t.Setting).where(t.Setting.key == key)).first()
                return row.value if row else None
        except Exception:  # table missing: database not initialised yet
            return None

    def banner(self) -> str:
        """The line every screen shows: which database, what kind, which clock."""
        label = "TRAINING" if self.is_training else self.kind.upper()
        note = f" · {self.clock.note}" if self.clock.note else ""
        return f"{label} database{note}"

"""Creating and upgrading a database: ``ices init`` (and ``ices demo``)."""

from __future__ import annotations

import db.tables as t
from console import audit  # noqa: F401  its session hooks record what the setup writes
from console.clock import Clock
from console.core import Core
from console.directories import ImportReport, load_reference
from console.errors import IcesError
from db.engine import Database
from db.migrate import upgrade
from db.sequences import ensure_series

KINDS = ("production", "training")


def initialise(url: str | None = None, training: bool = False,
               clock: Clock | None = None) -> tuple[Core, dict[str, ImportReport]]:
    """Create the schema or upgrade it in place (Alembic), then fill what is missing."""
    database = Database(url)
    upgrade(database.engine)
    return prepare(database, training, clock)


def prepare(database: Database, training: bool = False,
            clock: Clock | None = None) -> tuple[Core, dict[str, ImportReport]]:
    """On a database whose schema exists: settings, number series, audit head, reference.

    Idempotent: existing data, number series and the audit chain are kept. A
    database keeps the kind it was created with; a production database is
    never turned into a training one.
    """
    wanted = "training" if training else "production"
    with database.write() as s:
        kind = s.get(t.Setting, "kind")
        if kind is None:
            s.add(t.Setting(key="kind", value=wanted))
        elif training and kind.value != "training":
            raise IcesError(f"this is a {kind.value} database; it cannot become a training one")
        ensure_series(s)
        if s.get(t.AuditHead, 1) is None:
            s.add(t.AuditHead(id=1))
    core = Core(database, clock)
    with database.write() as s:
        reports = load_reference(s, core.now())
    return core, reports

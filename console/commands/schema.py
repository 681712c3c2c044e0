"""``ices db ...``: schema migrations, for developers."""

from __future__ import annotations

import typer

from console.commands import common

app = typer.Typer(no_args_is_help=True)


@app.command("revision")
def db_revision(message: str) -> None:
    """Autogenerate a migration from the tables against an up-to-date database."""
    from db import tables
    from db.engine import Database
    from db.migrate import revision, upgrade

    tables.load_all()  # compared against the database: every table, or Alembic drops some
    database = Database(common.State.url)
    upgrade(database.engine)
    revision(database.engine, message)

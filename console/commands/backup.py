"""``ices backup FILE`` and ``ices restore FILE``: a whole database, checked by the audit
chain (console/services/admin/backup.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, emit


def backup(file: Path = typer.Argument(..., help="The backup file to write (SQLite: a "
                                       "database file; PostgreSQL: a pg_dump archive)."),
           force: bool = typer.Option(False, "--force", help="Replace an existing file."),
           as_json: bool = JsonOpt) -> None:
    """Back up the database while terminals work (SQLite's online backup; pg_dump), then
    verify the copy's audit chain. Exit 1 if the copy does not verify."""
    from console.services.admin.backup import backup as take

    copy = take(file, common.State.url, force=force)
    emit(as_json, copy, copy.summary(f"backup {copy.file} ({copy.bytes:,} bytes) of "
                                     f"{copy.database}"))
    if not copy.ok:
        raise typer.Exit(1)


def restore(file: Path = typer.Argument(..., help="A file written by ices backup."),
            force: bool = typer.Option(False, "--force", help="Replace a database that "
                                       "holds records or officers; restore a backup that "
                                       "does not verify."),
            as_json: bool = JsonOpt) -> None:
    """Restore the database from a backup, then verify its audit chain. Refuses to replace
    a database that holds records unless --force."""
    from console.services.admin.backup import restore as put_back

    copy = put_back(file, common.State.url, force=force)
    done = (f"restored {copy.file} into {copy.database}"
            + (f", replacing a database of {copy.replaced} records"
               if copy.replaced is not None else ", an empty database")
            + ("; schema upgraded" if copy.upgraded else ""))
    emit(as_json, copy, copy.summary(done))
    if not copy.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)

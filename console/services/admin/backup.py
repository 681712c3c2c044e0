"""Backup and restore of a whole database, each checked by the audit chain (issue 18 item 6).

**Backup.** SQLite: the online backup API (``sqlite3.Connection.backup``) copies the
database in one step under a read transaction, so the copy is the database as committed
when the backup began, whatever the terminals write meanwhile (a plain file copy of a WAL
database is not). The copy is written to a hidden name beside ``file``, made a single
self-contained file (rollback journal, not WAL), created 0600 (it holds password hashes),
verified (``console.audit.verify``: the chain and every document row against it), then
renamed into place. PostgreSQL: ``pg_dump --format=custom`` of the current schema reads
a snapshot exported by our own repeatable-read transaction (``--snapshot``), and the
chain is verified in that transaction: exactly the data the dump holds.

**Restore.** The backup is verified first; a database that already holds records or
officers is replaced only with ``force``. SQLite: the backup API again, from the file into
the database; PostgreSQL: ``pg_restore --clean --if-exists --single-transaction``. The
restored schema is upgraded to this console's (Alembic, as ``ices init``), and the chain of
the restored database is verified.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from console import audit
from console.errors import Conflict, IcesError, InvalidInput, NotFound
from db.engine import default_url, shown_url


@dataclass
class Copy:
    """What a backup or restore wrote, and its chain's verdict."""

    file: str
    database: str
    records: int
    head_seq: int | None
    head_hash: str | None
    ok: bool
    problems: list[str] = field(default_factory=list)
    bytes: int = 0
    replaced: int | None = None  # restore: records of the database replaced (None: empty)
    upgraded: bool = False  # restore: the schema was brought up to this console's

    def summary(self, verb: str) -> str:
        head = (f"head record {self.head_seq} {self.head_hash}" if self.head_seq is not None
                else "head MISSING")
        lines = [f"{verb}: {self.records} records, "
                 + ("chain intact" if self.ok else "CHAIN DOES NOT VERIFY") + f"; {head}"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    return Path(u.database).resolve() if u.get_backend_name() == "sqlite" else None


def _verify_url(url: str) -> audit.Verification:
    engine = create_engine(url)
    try:
        with Session(engine) as s:
            return audit.verify(s)
    except DBAPIError as err:
        raise IcesError(f"cannot verify {shown_url(url)}: {err.orig}") from None
    finally:
        engine.dispose()


def _private_file(path: Path) -> None:
    """An empty file only its owner may read (the copy holds password hashes)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _result(file: Path, url: str, v: audit.Verification) -> Copy:
    return Copy(str(file), shown_url(url), v.records, v.head_seq, v.head_hash, v.ok,
                v.problems, file.stat().st_size if file.exists() else 0)


# ---- backup ----


def backup(file: Path, url: str | None = None, *, force: bool = False) -> Copy:
    """Copy the database at ``url`` to ``file`` while terminals may be writing; verify the
    copy's chain. ``file`` is replaced only with ``force``."""
    url = url or default_url()
    file = Path(file)
    if file.exists() and not force:
        raise Conflict(f"{file} exists: give another name, or --force to replace it")
    if not file.parent.is_dir():
        raise InvalidInput("FILE", f"no folder {file.parent}")
    tmp = file.with_name(f".{file.name}.partial")
    try:
        if _sqlite_path(url):
            v = _backup_sqlite(_sqlite_path(url), tmp)
        else:
            v = _backup_postgres(url, tmp)
        os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)
    return _result(file, url, v)


def _backup_sqlite(db: Path, tmp: Path) -> audit.Verification:
    if not db.exists():
        raise NotFound(f"no database at {db}")
    _private_file(tmp)
    with closing(sqlite3.connect(db, timeout=30)) as src, \
            closing(sqlite3.connect(tmp)) as dst:
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return _verify_url(f"sqlite:///{tmp}")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI for pg_dump/pg_restore, and its password in the environment (never on a
    command line others can read)."""
    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    dsn = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return dsn, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise IcesError(f"{name} not found: install the PostgreSQL client tools")
    return path


def _backup_postgres(url: str, tmp: Path) -> audit.Verification:
    dsn, env = _libpq(url)
    _private_file(tmp)
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn, conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            schema = conn.execute(text("SELECT current_schema()")).scalar()
            done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner",
                                   f"--snapshot={snapshot}", f"--schema={schema}",
                                   f"--file={tmp}", dsn], env=env, capture_output=True,
                                  text=True)
            if done.returncode:
                raise IcesError(f"pg_dump failed: {done.stderr.strip()}")
            with Session(bind=conn) as s:  # the very snapshot the dump holds
                return audit.verify(s)
    finally:
        engine.dispose()


# ---- restore ----


def holds(url: str) -> int | None:
    """How many audit records the database at ``url`` holds; None if it holds no records
    and no officers (nothing would be lost by replacing it)."""
    path = _sqlite_path(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            records = (conn.execute(text("SELECT count(*) FROM auditrecord")).scalar()
                       if "auditrecord" in names else 0)
            people = (conn.execute(text("SELECT count(*) FROM officer")).scalar()
                      if "officer" in names else 0)
    finally:
        engine.dispose()
    return records if records or people else None


def restore(file: Path, url: str | None = None, *, force: bool = False) -> Copy:
    """Replace the database at ``url`` by the backup ``file``; verify both. A database
    holding records or officers is replaced only with ``force``; a backup whose chain does
    not verify is refused (``force`` restores it anyway, for examination)."""
    url = url or default_url()
    file = Path(file)
    if not file.is_file():
        raise NotFound(f"no backup file {file}")
    path = _sqlite_path(url)
    if path is not None:
        if not _is_sqlite_file(file):
            raise InvalidInput("FILE", f"{file} is not a SQLite backup")
        before = _verify_url(f"sqlite:///{file.resolve()}")
        if not before.ok and not force:
            raise Conflict(f"the backup {file} does not verify ({before.problems[0]}); "
                           "nothing restored (--force restores it anyway)")
    replaced = holds(url)
    if replaced is not None and not force:
        raise Conflict(f"{shown_url(url)} holds {replaced} audit records: restoring would "
                       "replace them (--force to replace the database)")
    if path is not None:
        _restore_sqlite(file, path)
    else:
        _restore_postgres(file, url)
    upgraded = _upgrade(url)
    v = _verify_url(url)
    out = _result(file, url, v)
    out.replaced, out.upgraded = replaced, upgraded
    return out


def _is_sqlite_file(file: Path) -> bool:
    with open(file, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _restore_sqlite(file: Path, db: Path) -> None:
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        _private_file(db)
    with closing(sqlite3.connect(file)) as src, closing(sqlite3.connect(db, timeout=30)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")  # as the console opens it


def _restore_postgres(file: Path, url: str) -> None:
    dsn, env = _libpq(url)
    done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                           "--single-transaction", "--exit-on-error", f"--dbname={dsn}",
                           str(file)], env=env, capture_output=True, text=True)
    if done.returncode:
        raise IcesError(f"pg_restore failed, nothing restored: {done.stderr.strip()}")


def _upgrade(url: str) -> bool:
    """Bring the restored schema to this console's revision; True if it moved."""
    from alembic.runtime.migration import MigrationContext

    from db.migrate import upgrade

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            before = MigrationContext.configure(conn).get_current_revision()
        if before is None:  # a schema made without Alembic (tests): left as it is
            return False
        upgrade(engine)
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() != before
    finally:
        engine.dispose()

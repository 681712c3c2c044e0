"""Engine and sessions for SQLite (one terminal, embedded) and PostgreSQL (many terminals).

SQLite is opened in WAL mode with foreign keys on and a busy timeout. A write
session starts with ``BEGIN IMMEDIATE`` so two terminals never both read a
value and then both write it (number series, audit chain); reads start a
plain deferred transaction and never wait on writers.

A unit of work (``Database.unit``) makes several service calls one transaction: inside
``with db.unit():`` every ``write()`` and ``read()`` of the same thread joins the unit's
session; an inner block neither commits nor closes it, and an exception leaving the unit
rolls back everything done in it (EDI-1: a message is filed whole or not at all).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

import db.refcache  # noqa: F401  (registers the cache-invalidation events)

DEFAULT_FILE = "ices.db"
BUSY_TIMEOUT_MS = 30_000
# PostgreSQL, per terminal (bench/README.md, "Terminals on PostgreSQL"): a terminal runs
# one service call at a time, with a worker thread or two beside it; a connection not
# given within 10 s is an error, not a hang; connections are renewed every 30 minutes;
# a transaction left idle for a minute (a hung terminal) is ended by the server, so it
# frees the rows it locked (the audit chain's head).
PG_POOL = {"pool_size": 2, "max_overflow": 2, "pool_timeout": 10, "pool_recycle": 1800}
PG_IDLE_IN_TRANSACTION_MS = 60_000
APPLICATION_NAME = "ices"


def default_url() -> str:
    """``ICES_DATABASE_URL`` or a SQLite file in the working directory."""
    return os.environ.get("ICES_DATABASE_URL") or f"sqlite:///{Path(DEFAULT_FILE).resolve()}"


def _private_file(url: str) -> None:
    """A new SQLite database file is readable by its owner only (0600): it holds the
    officers' password hashes and every document. An existing file keeps its mode."""
    path = make_url(url).database
    if path and path != ":memory:" and not Path(path).exists():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def shown_url(url: str) -> str:
    """The database URL as it may be printed: any password masked."""
    return make_url(url).render_as_string(hide_password=True)


def _postgres_engine(url: str, name: str) -> Engine:
    """A terminal's pool; the server sees the terminal as ``application_name``
    (``pg_stat_activity``). Options the URL gives (a ``search_path``) are kept."""
    options = make_url(url).query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    options = " ".join(x for x in (
        options, f"-c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_MS}") if x)
    return create_engine(url, pool_pre_ping=True, **PG_POOL, connect_args={
        "application_name": name[:63], "options": options})  # 63: NAMEDATALEN - 1


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@event.listens_for(Session, "loaded_as_persistent")
def _keep_loaded(session: Session, instance: object) -> None:
    """Hold every row a write transaction loads until it ends.

    The session's identity map is weak: a row looked up in one helper (the exporter's IEC
    checked at keying) is dropped when the helper returns, and the next ``session.get``
    of it queries again. A write transaction is short, so keeping its rows costs little
    and saves the repeat lookups (three of the IEC per Shipping Bill filed)."""
    loaded = session.info.get("loaded")
    if loaded is not None:
        loaded.append(instance)


M = TypeVar("M", bound=SQLModel)
_IMMUTABLE = (str, int, float, bool, bytes, Decimal, date, type(None))
_DEFAULTS: dict[type, tuple[dict[str, Any], tuple[tuple[str, Any], ...]]] = {}


def _defaults(model: type[SQLModel]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """A table model's field defaults: those that are plain values, and the fields whose
    default is made afresh for each row (a factory, or a mutable value copied)."""
    found = _DEFAULTS.get(model)
    if found is None:
        static, fresh = {}, []
        for name, info in model.model_fields.items():
            if info.is_required():
                continue
            if info.default_factory is None and isinstance(info.default, _IMMUTABLE):
                static[name] = info.default
            else:
                fresh.append((name, info))
        found = _DEFAULTS[model] = (static, tuple(fresh))
    return found


def new_row(model: type[M], **values: Any) -> M:
    """``model(**values)``, a new row to add to a session, made as SQLAlchemy makes a row it
    loads: its fields (each given or its default) set at once, not one attribute event per
    column. SQLModel's constructor costs about 13 us a column (a Shipping Bill has 70).
    Only for table models, which SQLModel does not validate either."""
    unknown = values.keys() - model.model_fields.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)[0]!r}")
    static, fresh = _defaults(model)
    obj = inspect(model).class_manager.new_instance()
    fields = obj.__dict__
    fields.update(static)
    for name, info in fresh:
        if name not in values:
            fields[name] = info.get_default(call_default_factory=True)
    fields.update(values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    return obj


class Database:
    """One database: an engine and the two kinds of session the services use."""

    def __init__(self, url: str | None = None, name: str = "") -> None:
        """``name``: the terminal, as the server shows its connections (PostgreSQL's
        ``application_name``: "ices" and the terminal's name, else "ices")."""
        self.url = url or default_url()
        if self.url.startswith("sqlite"):
            _private_file(self.url)
            self.engine = _sqlite_engine(self.url)
        else:
            self.engine = _postgres_engine(
                self.url, f"{APPLICATION_NAME} {name}" if name else APPLICATION_NAME)
        self._write_engine = self.engine.execution_options(immediate=True)
        self._local = threading.local()  # the open unit's session, per thread

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that changes data: commits on success, rolls back on error.
        Inside a unit (``unit``): the unit's session, committed or rolled back with it."""
        outer = self.current_unit()
        if outer is not None:
            yield outer
            return
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            session.info["loaded"] = []  # see _keep_loaded
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction, ended (rolled back) on close; loaded rows stay usable.
        Inside a unit: the unit's session (a read sees what the unit wrote so far)."""
        outer = self.current_unit()
        if outer is not None:
            yield outer
            return
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One outer write transaction that every ``write()`` and ``read()`` inside it (in
        this thread) joins: committed when the block ends, rolled back as a whole when an
        exception leaves it. Row locks are taken as in ``write`` (the write lock at once on
        SQLite, ``FOR UPDATE`` rows held to the end on PostgreSQL). A unit inside a unit is
        the same unit. An error an inner block raises must leave the unit too: what that
        block wrote before failing is not undone on its own."""
        outer = self.current_unit()
        if outer is not None:
            yield outer
            return
        with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
            session.info["loaded"] = []  # see _keep_loaded
            self._local.session = session
            try:
                yield session
            finally:
                self._local.session = None

    def current_unit(self) -> Session | None:
        """The session of the unit open in this thread, if any."""
        return getattr(self._local, "session", None)

    def dispose(self) -> None:
        self.engine.dispose()

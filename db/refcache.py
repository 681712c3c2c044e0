"""Reference directories cached per database and process.

Tariff items, UQCs, ports, countries, currencies, scheme codes, AD codes, rule parameters,
exchange rates, drawback rates and RMS rules change only when a directory is imported (or a
supervisor edits a rule), yet filing one
Shipping Bill read them some 60 times. ``cached(session, name, key, load)`` keeps what
``load`` returned (a plain copy, never a live ORM row) in a per-database cache.

Invalidation: a generation number in ``Setting("reference_generation")``. Every flush that
adds, changes or deletes a row of a cached table bumps it in the same transaction (a session
event), and so does ``bump`` (for bulk statements, e.g. a directory import). A transaction
reads the generation once, on its first cached lookup, so another terminal's import is seen
by the next transaction here. Cost: one small SELECT per transaction instead of dozens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session, SQLModel

import db.tables as t

CACHED_TABLES: tuple[type[SQLModel], ...] = (
    t.TariffItem, t.Uqc, t.Port, t.Country, t.Currency, t.SchemeCode, t.AdCode,
    t.RuleParameter, t.ExchangeRate, t.DrawbackRate, t.DepbRate, t.RmsRule)
KEY = "reference_generation"
_MISSING = object()


class _Cache:
    def __init__(self) -> None:
        self.generation: str | None = None
        self.values: dict[tuple, Any] = {}
        self.lock = threading.Lock()


_caches: dict[str, _Cache] = {}
_guard = threading.Lock()


def _cache_for(session: Session) -> _Cache:
    cache = session.info.get("refcache")  # found once per session, not per lookup
    if cache is None:
        url = str(session.get_bind().url)
        with _guard:
            cache = session.info["refcache"] = _caches.setdefault(url, _Cache())
    return cache


def generation(session: Session) -> str:
    """The generation this transaction sees (read once per transaction)."""
    gen = session.info.get(KEY)
    if gen is None:
        row = session.execute(text("SELECT value FROM setting WHERE key = :k"),
                              {"k": KEY}).first()
        gen = row[0] if row else "0"
        session.info[KEY] = gen
    return gen


def cached(session: Session, name: str, key: tuple, load: Callable[[], Any]) -> Any:
    """``load()``'s value for ``(name, key)``, from the cache while no directory changed.
    ``load`` must return plain data (numbers, strings, tuples, copies), not ORM rows."""
    if session.info.get("refcache_dirty"):
        return load()  # this transaction changed a directory: read it as it now stands
    cache = _cache_for(session)
    gen = generation(session)
    with cache.lock:
        if cache.generation != gen:
            cache.generation, cache.values = gen, {}
        value = cache.values.get((name, key), _MISSING)
    if value is _MISSING:
        value = load()
        with cache.lock:
            if cache.generation == gen:
                cache.values[(name, key)] = value
    return value


def copy_of(row: SQLModel | None) -> SQLModel | None:
    """A detached, transient copy of a reference row, safe to share between sessions."""
    if row is None:
        return None
    return type(row).model_validate(row.model_dump())


def get(session: Session, table: type[SQLModel], key: Any) -> SQLModel | None:
    """``session.get(table, key)`` through the cache, as a read-only copy."""
    return cached(session, table.__name__, (key,), lambda: copy_of(session.get(table, key)))


def bump(session: Session) -> None:
    """A directory changed in this transaction: every process reloads its cache."""
    session.info["refcache_dirty"] = True
    row = session.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": KEY}).first()
    nxt = str(int(row[0]) + 1) if row else "1"
    if row:
        session.execute(text("UPDATE setting SET value = :v WHERE key = :k"),
                        {"v": nxt, "k": KEY})
    else:
        session.execute(text("INSERT INTO setting (key, value) VALUES (:k, :v)"),
                        {"k": KEY, "v": nxt})
    session.info[KEY] = None


@event.listens_for(Session, "before_flush")
def _watch(session: Session, flush_context, instances) -> None:  # noqa: ANN001
    if session.info.get("refcache_dirty"):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CACHED_TABLES):
            bump(session)
            return


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(KEY, None)
    session.info.pop("refcache_dirty", None)

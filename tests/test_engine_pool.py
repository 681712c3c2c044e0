"""A terminal's connections to PostgreSQL (issue 21, bench/README.md "Terminals on
PostgreSQL"): a small pool, a bounded wait for a connection, recycled connections, the
terminal's name on the server, and a transaction left idle ended by the server. SQLite
keeps its single-file engine."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.engine import PG_POOL, Database


def _settings(database: Database) -> dict[str, str]:
    with database.engine.connect() as conn:
        return {name: conn.execute(text(f"SHOW {name}")).scalar() for name in (
            "application_name", "idle_in_transaction_session_timeout", "search_path")}


@pytest.mark.postgres
def test_postgresql_terminal_pool_and_session_settings(pg_database):
    pool = pg_database.engine.pool
    assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (2, 2, 10, 1800)
    assert PG_POOL == {"pool_size": 2, "max_overflow": 2, "pool_timeout": 10,
                       "pool_recycle": 1800}
    assert pg_database.engine.pool._pre_ping
    plain = _settings(pg_database)
    assert plain["application_name"] == "ices"
    assert plain["idle_in_transaction_session_timeout"] == "1min"
    assert plain["search_path"].startswith("t_")  # the URL's own options are kept
    named = Database(pg_database.url, "console@desk-7")
    try:
        assert _settings(named) == {**plain, "application_name": "ices console@desk-7"}
        long = Database(pg_database.url, "x" * 100)
        try:
            assert _settings(long)["application_name"] == ("ices " + "x" * 100)[:63]
        finally:
            long.dispose()
    finally:
        named.dispose()


def test_sqlite_engine_is_unchanged(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'one.db'}", "console@desk-7")
    try:
        assert database.is_sqlite and database.engine.pool.__class__.__name__ == "QueuePool"
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        database.dispose()

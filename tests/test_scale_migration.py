"""The scale indexes (issue 21, migration f7a8b9c0d1e2) upgrade a populated database in
place: a database at the previous revision holding the demo's documents gains the
indexes, keeps every row, and its SB-by-EGM and period lookups use them. SQLite always;
PostgreSQL when ICES_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3

import sqlalchemy as sa
from alembic import command

from db.migrate import MIGRATIONS, config

PREVIOUS = "e6f7a8b9c0d1"
TABLES = ("shippingbill", "sbitem", "billofentry", "beitem", "auditrecord", "egm")


def _migration():
    (path,) = (MIGRATIONS / "versions").glob("f7a8b9c0d1e2_*.py")
    spec = importlib.util.spec_from_file_location("scale_indexes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counts(conn) -> dict[str, int]:
    return {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() for t in TABLES}


def _demo_rows(demo) -> dict[str, tuple[list[str], list[tuple]]]:
    src = sqlite3.connect(demo)
    out = {}
    for (table,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"):
        cols = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
        out[table] = (cols, src.execute(f'SELECT * FROM "{table}"').fetchall())
    src.close()
    return out


def _old_sqlite(templates, tmp_path):
    """A SQLite database at the previous revision holding the demo's rows."""
    demo = tmp_path / "demo.db"
    shutil.copy(templates["demo"], demo)
    old = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{old}")
    command.upgrade(config(engine), PREVIOUS)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql(f"ATTACH DATABASE '{demo}' AS demo")
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")]
        for table in tables:
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA main.table_info('{table}')")]
            names = ", ".join(f'"{c}"' for c in cols)
            conn.exec_driver_sql(f'INSERT INTO main."{table}" ({names}) '
                                 f'SELECT {names} FROM demo."{table}"')
    return old, engine


def test_scale_indexes_upgrade_a_populated_sqlite_database_in_place(templates, tmp_path):
    from console.services.admin.setup import initialise

    old, engine = _old_sqlite(templates, tmp_path)
    with engine.connect() as conn:
        before = _counts(conn)
        names = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert before["shippingbill"] > 10 and before["egm"] >= 1
    assert not names & {n for n, _, _ in _migration().INDEXES}
    command.upgrade(config(engine), "f7a8b9c0d1e2")
    with engine.connect() as conn:
        assert _counts(conn) == before
        have = {r[0]: r[1] for r in conn.exec_driver_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")}
        for name, table, _ in _migration().INDEXES:
            assert have.get(name) == table, name
        plans = {
            "ix_sb_egm": "SELECT sb_no FROM shippingbill WHERE egm_id = 1",
            "ix_sb_location_leo": "SELECT sb_no FROM shippingbill WHERE location_code = "
                                  "'INVTZ4' AND leo_at >= '2026-10-01' AND leo_at < '2026-11-01'",
            "ix_be_location_ooc": "SELECT be_no FROM billofentry WHERE location_code = "
                                  "'INVTZ4' AND ooc_at >= '2026-10-01' AND ooc_at < '2026-11-01'",
        }
        for name, sql in plans.items():
            plan = " ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert name in plan, (name, plan)
    engine.dispose()
    core, _ = initialise(f"sqlite:///{old}")  # on to the newest revision, as `ices init`
    with core.db.engine.connect() as conn:
        assert _counts(conn) == before
    core.db.dispose()


def test_scale_indexes_are_analysed_where_the_others_were(templates, tmp_path):
    """On a SQLite database that was ANALYZEd, the upgrade gives the new indexes their
    figures too: without them SQLite guesses an index is very selective and may prefer it
    to the worklist's own (bench/bench_scale.py at 10M SBs)."""
    _, engine = _old_sqlite(templates, tmp_path)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    command.upgrade(config(engine), "f7a8b9c0d1e2")
    with engine.connect() as conn:
        stats = {r[0] for r in conn.exec_driver_sql("SELECT idx FROM sqlite_stat1")}
    engine.dispose()
    assert {n for n, _, _ in _migration().INDEXES} <= stats


def test_scale_indexes_upgrade_a_populated_postgresql_database_in_place(pg_database, templates):
    engine = pg_database.engine
    command.upgrade(config(engine), PREVIOUS)
    rows = _demo_rows(templates["demo"])
    with engine.begin() as conn:
        conn.exec_driver_sql("SET session_replication_role = replica")  # rows in any order
        have = set(sa.inspect(conn).get_table_names())
        for table, (cols, values) in rows.items():
            if table not in have or not values:
                continue
            known = {c["name"]: c for c in sa.inspect(conn).get_columns(table)}
            keep = [i for i, c in enumerate(cols) if c in known]
            bools = {i for i in keep if isinstance(known[cols[i]]["type"], sa.Boolean)}
            names = ", ".join(f'"{cols[i]}"' for i in keep)
            marks = ", ".join(["%s"] * len(keep))
            conn.exec_driver_sql(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                [tuple(bool(r[i]) if i in bools and r[i] is not None else r[i] for i in keep)
                 for r in values])
    with engine.connect() as conn:
        before = _counts(conn)
    assert before["shippingbill"] > 10
    command.upgrade(config(engine), "f7a8b9c0d1e2")
    with engine.connect() as conn:
        assert _counts(conn) == before
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
        have = {r[0]: r[1] for r in conn.exec_driver_sql(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = %s", (schema,))}
        for name, table, _ in _migration().INDEXES:
            assert have.get(name) == table, name
        conn.exec_driver_sql("SET enable_seqscan = off")  # a demo's few rows: force the choice
        plan = " ".join(r[0] for r in conn.exec_driver_sql(
            "EXPLAIN SELECT sb_no FROM shippingbill WHERE egm_id = 1"))
        assert "ix_sb_egm" in plan, plan

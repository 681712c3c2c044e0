"""Alembic migrations: a fresh database upgraded to head has exactly the tables the
code declares, and `ices init` on an existing database keeps its data."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

import db.tables as t
from console.services.admin.setup import initialise


def test_migrations_create_the_declared_schema(tmp_path):
    core, reports = initialise(f"sqlite:///{tmp_path / 'm.db'}")
    with core.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == [], "tables changed without a migration: run `ices db revision`"
    assert reports["tariff"].loaded >= 300


def test_init_upgrades_in_place_without_losing_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    core, _ = initialise(url)
    from console.services.admin.officers import add_officer

    add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    core.db.dispose()
    again, reports = initialise(url)
    with again.db.read() as s:
        assert s.exec(select(t.Officer.username)).all() == ["sys1"]
        assert s.get(t.Setting, "kind").value == "production"
    assert reports == {}  # reference tables already full: nothing reloaded


def test_demo_runs_on_postgresql_through_the_migrations(pg_database):
    """The same code on PostgreSQL: Alembic creates the schema, the demo files SBs in every
    state, and the audit chain verifies."""
    from console import audit
    from console.demo import build_demo

    summary = build_demo(pg_database.url)
    assert "apr1" in summary["officers"]
    with pg_database.read() as s:
        states = set(s.exec(select(t.ShippingBill.state)))
        result = audit.verify(s)
    assert {"let_export", "exported", "awaiting_assessment"} <= states
    assert result.ok, result.problems

"""Shared fixtures: throwaway databases built from cached templates.

``core``: an initialised, empty training database (reference data loaded) with a
FixedClock. ``demo_core``: the same with ``ices demo`` data. Templates are built
once per test session (per xdist worker) and copied per test.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import db.tables  # noqa: F401
from console.clock import FixedClock
from console.core import Core
from console.roles import Actor
from console.services.admin.officers import login
from db.engine import Database

DEMO_PASSWORD = "ices-demo"

# Argon2id at its cheapest parameters for test databases: a production hash costs
# ~0.16 s to verify, and the ``actors`` fixture logs in every demo officer (~4 s a
# test). The parameters travel inside each hash, so verification stays the real
# Argon2id check (test_foundation asserts the $argon2id$ form).
from argon2 import PasswordHasher, profiles  # noqa: E402

import console.services.admin.officers as _officers  # noqa: E402

_officers._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
# A working Monday morning: 2 November 2026, 11:00 IST.
T0 = datetime(2026, 11, 2, 11, 0)


def _build(path: Path, demo: bool) -> None:
    from console.services.admin.setup import prepare

    database = Database(f"sqlite:///{path}")
    db.tables.create_all(database.engine)
    core, reports = prepare(database, training=True, clock=FixedClock(T0))
    bad = {k: r.errors[:3] for k, r in reports.items() if r.errors}
    assert not bad, f"reference data rejected rows: {bad}"
    if demo:
        from console.demo import SECTIONS

        ctx = {"core": core}
        for section in SECTIONS:
            section(core, ctx)
    database.dispose()


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("templates")
    out = {}
    for name, demo in (("empty", False), ("demo", True)):
        path = root / f"{name}.db"
        _build(path, demo)
        out[name] = path
    return out


def _copy(src: Path, dst: Path, clock: FixedClock) -> Core:
    shutil.copy(src, dst)
    return Core(Database(f"sqlite:///{dst}"), clock)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def core(templates, tmp_path, clock) -> Core:
    c = _copy(templates["empty"], tmp_path / "ices.db", clock)
    yield c
    c.db.dispose()


@pytest.fixture
def demo_core(templates, tmp_path, clock) -> Core:
    c = _copy(templates["demo"], tmp_path / "ices.db", clock)
    yield c
    c.db.dispose()


@pytest.fixture
def actors(demo_core) -> dict[str, Actor]:
    """Every demo officer logged in, by username (apr1, acdc1, opr1, ...)."""
    from console.demo.base import OFFICERS

    return {u: login(demo_core, u, DEMO_PASSWORD, "test") for u, *_ in OFFICERS}


def postgres_url() -> str | None:
    return os.environ.get("ICES_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def prints_folder(tmp_path, monkeypatch) -> Path:
    """Where the screens write their prints (``screens.prints.PRINTS``): the test's own
    folder, never ``prints/`` in the checkout."""
    folder = tmp_path / "prints"
    monkeypatch.setattr("screens.prints.PRINTS", folder)
    return folder


@pytest.fixture(scope="session")
def run_tag(worker_id, testrun_uid) -> str:
    """A name part of this run's worker alone (``r1a2b3c_gw0``): two copies of the suite
    on one PostgreSQL server (a second checkout, CI beside a developer) never share a
    schema, database or role."""
    return f"r{testrun_uid[:6]}_{worker_id}".replace("-", "_").lower()


@pytest.fixture
def pg_database(run_tag) -> Database:
    """A clean schema of its own on the PostgreSQL server (skipped when none is set),
    dropped again after the test."""
    url = postgres_url()
    if not url:
        pytest.skip("ICES_TEST_POSTGRES_URL not set: no PostgreSQL server for this run")
    from sqlalchemy import create_engine, text

    schema = f"t_{run_tag}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    database = Database(f"{url}{sep}options=-csearch_path%3D{schema}")
    yield database
    database.dispose()
    try:  # a connection a test left open must not hang the run: the schema stays then
        with admin.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    except Exception as e:  # noqa: BLE001 - cleanup only
        warnings.warn(f"schema {schema} left on the test server: {e}", stacklevel=1)
    admin.dispose()


@pytest.fixture
def cli(templates, tmp_path, monkeypatch):
    """``cli("sb", "show", 1000001, "--user", "apr1")``: run ``ices`` with ``--json`` on a copy
    of the demo database, return the parsed output (``ok=False``: expect a refusal).
    ``cli.core`` reads the same database; ``cli.tmp`` is the test's directory."""
    from console.cli import app

    path = tmp_path / "cli.db"
    shutil.copy(templates["demo"], path)
    url = f"sqlite:///{path}"
    for k, v in {"ICES_DATABASE_URL": url, "ICES_PASSWORD": "ices-demo",
                 "ICES_CLOCK": T0.isoformat(timespec="minutes")}.items():
        monkeypatch.setenv(k, v)
    runner = CliRunner()
    core = Core(Database(url), FixedClock(T0))

    def ices(*args: str, ok: bool = True):
        result = runner.invoke(app, [*map(str, args), "--json"], catch_exceptions=True)
        if ok:
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            assert result.exit_code == 0, result.output
            return json.loads(result.output)
        assert result.exit_code != 0
        return result

    ices.core = core
    ices.tmp = tmp_path
    yield ices
    core.db.dispose()

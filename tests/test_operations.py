"""docs/operations.md is run, not just read: every ``sh`` and ``sql`` block in it, in order,
on scratch databases and directories (issue 21). SQLite always; PostgreSQL when
ICES_TEST_POSTGRES_URL names a server (skipped, saying so, otherwise). A block the guide
marks ``covered TEST...`` (a server, the console itself) names the tests that run it, and
those must exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "operations.md"
BIN = Path(sys.executable).parent
PASSWORD = "ops-guide-pass-1"
BLOCK = re.compile(r"(?:<!-- ops-test: (?P<mark>[^>]*?) -->\s*\n)?```(?P<lang>\w*)\n"
                   r"(?P<body>.*?)\n```", re.S)
KINDS = {"any", "sqlite", "postgres", "postgres-statements", "covered", "settings"}


@dataclass(frozen=True)
class Block:
    kind: str
    args: tuple[str, ...]
    lang: str
    body: str
    line: int


def blocks() -> list[Block]:
    text = GUIDE.read_text()
    out = []
    for m in BLOCK.finditer(text):
        mark = (m["mark"] or "").split()
        out.append(Block(mark[0] if mark else "", tuple(mark[1:]), m["lang"], m["body"],
                         text.count("\n", 0, m.start("body")) + 1))
    return out


def test_every_command_block_says_how_it_is_tested():
    """A ``sh`` or ``sql`` block with no ``ops-test`` mark would go untested."""
    found = blocks()
    assert len(found) > 15
    for b in found:
        if b.lang in ("sh", "sql"):
            assert b.kind in KINDS, f"docs/operations.md line {b.line}: no ops-test mark"
        else:
            assert not b.kind, f"line {b.line}: a {b.lang} block is configuration, not run"


def test_covered_commands_name_tests_that_exist():
    """``ices run`` and ``ices serve`` are run by the console's and the server's own tests;
    each test the guide names exists."""
    covered = [b for b in blocks() if b.kind == "covered"]
    assert {"run", "serve"} <= {w for b in covered for w in b.body.split()}
    for b in covered:
        assert b.args, f"line {b.line}: covered by which test?"
        for ref in b.args:
            path, _, name = ref.partition("::")
            source = (ROOT / path).read_text()
            assert re.search(rf"^(async )?def {re.escape(name)}\(", source, re.M), ref


def _settings() -> set[str]:
    (block,) = [b for b in blocks() if b.kind == "settings"]
    return {m.group(1) for m in re.finditer(r"\b([A-Z][A-Z_]+)=", block.body)}


def _environment(tmp: Path, values: dict[str, str]) -> dict[str, str]:
    assert set(values) == _settings(), "the test sets exactly the guide's settings"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ICES_", "PG")) or k == "ICES_TEST_POSTGRES_URL"}
    env.update(values)
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(tmp),
               ICES_NEW_PASSWORD=PASSWORD, ICES_PASSWORD=PASSWORD)
    return env


def _run(block: Block, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    if block.lang == "sql":
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", env["ICES_DB"],
               "-c", block.body]
    else:
        cmd = ["bash", "-euo", "pipefail", "-c", block.body]
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"docs/operations.md line {block.line} exited {done.returncode}:\n{block.body}\n"
        f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
    return done


def _guide(kinds: set[str], env: dict[str, str], cwd: Path) -> list[Block]:
    ran = []
    for b in blocks():
        if b.kind in kinds and b.lang in ("sh", "sql"):
            _run(b, env, cwd)
            ran.append(b)
    return ran


def test_the_guide_runs_on_sqlite(tmp_path):
    """Install, officers, the training database, backup, anchor, restore into a scratch
    database and over production, verification against the anchor, upgrade: on SQLite
    files."""
    env = _environment(tmp_path, {
        "PGHOST": "", "PGPORT": "", "PGUSER": "", "ICES_ROLE": "",
        "ICES_DB": "", "ICES_TRAINING_DB": "", "ICES_CHECK_DB": "",
        "ICES_DATABASE_URL": f"sqlite:///{tmp_path / 'ices.db'}",
        "ICES_TRAINING_URL": f"sqlite:///{tmp_path / 'training.db'}",
        "ICES_CHECK_URL": f"sqlite:///{tmp_path / 'restore-check.db'}",
        "ICES_BACKUPS": str(tmp_path / "backups"), "ICES_ANCHORS": str(tmp_path / "anchor"),
    })
    ran = _guide({"any", "sqlite"}, env, tmp_path)
    assert len(ran) >= 9
    assert (tmp_path / "restore-check.db").exists()
    assert len(list((tmp_path / "backups").iterdir())) == 2  # nightly, before the upgrade
    assert len(list((tmp_path / "anchor").iterdir())) == 1
    out = subprocess.run([BIN / "ices", "audit", "verify"], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture
def pg_server(run_tag):
    """The test server's connection settings, and scratch names for this worker's
    databases and role (dropped before and after)."""
    url = os.environ.get("ICES_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ICES_TEST_POSTGRES_URL not set: no PostgreSQL server for this run")
    if not shutil.which("psql") or not shutil.which("createdb"):
        pytest.skip("the PostgreSQL client programs (psql, createdb) are not installed")
    from sqlalchemy.engine import make_url

    u = make_url(url)
    tag = f"ops_{run_tag}"
    names = {"role": f"{tag}_ices", "db": f"{tag}_ices", "training": f"{tag}_training",
             "check": f"{tag}_check"}
    server = {"PGHOST": u.host or "127.0.0.1", "PGPORT": str(u.port or 5432),
              "PGUSER": u.username or "postgres"}

    def clean():
        env = {**os.environ, **server}
        if u.password:
            env["PGPASSWORD"] = u.password
        for db in (names["db"], names["training"], names["check"]):
            subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                            f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'],
                           env=env, capture_output=True, check=True)
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c",
                        f'DROP ROLE IF EXISTS "{names["role"]}"'],
                       env=env, capture_output=True, check=True)

    clean()
    yield server, names, u
    clean()


def test_the_guide_runs_on_postgresql(pg_server, tmp_path):
    """The same on a PostgreSQL server: the role and databases made with createuser and
    createdb, the schema by ``ices init``, backups by pg_dump, the restore check in a
    scratch database, and the watching queries (pg_stat_activity, pg_locks,
    pg_stat_database, sizes; pg_stat_statements when the server preloads it)."""
    server, names, u = pg_server
    host_port = f"{server['PGHOST']}:{server['PGPORT']}"

    def url(db):
        return f"postgresql+psycopg://{names['role']}@{host_port}/{db}"

    env = _environment(tmp_path, {
        **server, "ICES_ROLE": names["role"], "ICES_DB": names["db"],
        "ICES_TRAINING_DB": names["training"], "ICES_CHECK_DB": names["check"],
        "ICES_DATABASE_URL": url(names["db"]), "ICES_TRAINING_URL": url(names["training"]),
        "ICES_CHECK_URL": url(names["check"]),
        "ICES_BACKUPS": str(tmp_path / "backups"), "ICES_ANCHORS": str(tmp_path / "anchor"),
    })
    if u.password:
        env["PGPASSWORD"] = u.password
    kinds = {"any", "postgres"}
    preload = subprocess.run(["psql", "-X", "-At", "-d", "postgres", "-c",
                              "SHOW shared_preload_libraries"], env=env,
                             capture_output=True, text=True, check=True).stdout
    if "pg_stat_statements" in preload:
        kinds.add("postgres-statements")
    ran = _guide(kinds, env, tmp_path)
    assert sum(b.lang == "sql" for b in ran) >= 4
    assert len(list((tmp_path / "backups").iterdir())) == 2
    if "postgres-statements" not in kinds:
        pytest.skip("ran every other block; the pg_stat_statements block needs "
                    "shared_preload_libraries = 'pg_stat_statements' on the server")

"""Foundation: number series, audit chain, clock, officers, import hygiene."""

from __future__ import annotations

import ast
import multiprocessing as mp
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

import db.tables as t
from console import audit
from console.clock import Clock
from console.core import Core
from console.errors import AuthError, InvalidInput, NotPermitted, RuleViolation
from console.roles import Role
from console.services.admin import officers
from db.engine import Database
from db.sequences import next_number

ROOT = Path(__file__).resolve().parent.parent


# ---- number series ----


def _allocate(url: str, series: str, count: int, out) -> None:
    database = Database(url)
    got = []
    for _ in range(count):
        with database.write() as s:
            got.append(next_number(s, series))
    out.put(got)
    database.dispose()


def _allocate_in_processes(url: str, processes: int = 4, each: int = 50) -> list[int]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_allocate, args=(url, "SB", each, out)) for _ in range(processes)]
    for p in procs:
        p.start()
    numbers = [n for _ in procs for n in out.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return numbers


def test_exp_fil_3_sb_numbers_unique_across_terminals_sqlite(core):
    """EXP-FIL-3: four terminals (processes) allocating at once never share an SB number."""
    numbers = _allocate_in_processes(core.db.url)
    assert len(numbers) == 200
    assert len(set(numbers)) == 200
    assert sorted(numbers) == list(range(1000001, 1000201))


@pytest.mark.postgres
def test_exp_fil_3_sb_numbers_unique_across_terminals_postgres(pg_database):
    """EXP-FIL-3 on PostgreSQL: the same guarantee with row locks."""
    from console.services.admin.setup import prepare

    t.create_all(pg_database.engine)
    prepare(pg_database, training=True)
    numbers = _allocate_in_processes(pg_database.url)
    assert len(set(numbers)) == len(numbers) == 200


def test_bond_series_starts_at_100001_and_is_shared(core):
    """BND-4: one running serial for all bond types, from 100001."""
    with core.db.write() as s:
        assert next_number(s, "BOND") == 100001
        assert next_number(s, "BOND") == 100002


def test_rolled_back_filing_returns_its_number(core):
    with pytest.raises(RuntimeError), core.db.write() as s:
        next_number(s, "BE")
        raise RuntimeError("refused")
    with core.db.write() as s:
        assert next_number(s, "BE") == 3000001


# ---- audit chain ----


def _some_records(core, actors_n: int = 5) -> None:
    sysm = officers.add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    actor = officers.login(core, sysm.username, "password123")
    for i in range(actors_n):
        officers.add_officer(core, actor, f"apr{i}", f"A {i}", "APR", "INVTZ4", "password123")


def test_audit_chain_verifies(core):
    _some_records(core)
    with core.db.read() as s:
        result = audit.verify(s)
    assert result.ok, result.problems
    # the settings ices init wrote (the system's record), sys1 added, its login, 5 officers
    assert result.records == 8


def test_audit_detects_edited_record(core):
    _some_records(core)
    with core.db.write() as s:
        s.execute(text("UPDATE auditrecord SET reason = 'nothing to see' WHERE seq = 3"))
    with core.db.read() as s:
        result = audit.verify(s)
    assert not result.ok
    assert any("record 3: contents altered" in p for p in result.problems)


def test_audit_detects_deleted_records(core):
    _some_records(core)
    with core.db.write() as s:
        s.execute(text("DELETE FROM auditrecord WHERE seq IN (2, 8)"))
    with core.db.read() as s:
        problems = audit.verify(s).problems
    assert any("record 2: missing" in p for p in problems)
    assert any("deleted from the end" in p for p in problems)


def test_cli_audit_verify_exits_nonzero_on_tampering(core):
    from typer.testing import CliRunner

    from console.cli import app

    _some_records(core)
    runner = CliRunner()
    ok = runner.invoke(app, ["--db", core.db.url, "audit", "verify", "--json"])
    assert ok.exit_code == 0, ok.output
    assert '"ok": true' in ok.output
    with core.db.write() as s:
        s.execute(text("UPDATE auditrecord SET officer = 'someone' WHERE seq = 2"))
    bad = runner.invoke(app, ["--db", core.db.url, "audit", "verify"])
    assert bad.exit_code == 1
    assert "TAMPERED" in bad.output


# ---- officers ----


def test_passwords_hashed_with_argon2_never_in_clear(core):
    officers.add_officer(core, None, "opr1", "Op", "OPR", "INVTZ4", "secret-pass-1")
    with core.db.read() as s:
        row = s.exec(select(t.Officer)).one()
        dump = " ".join(str(r) for r in s.execute(text("SELECT * FROM auditrecord")).all())
    assert row.password_hash.startswith("$argon2id$")
    assert "secret-pass-1" not in row.password_hash
    assert "secret-pass-1" not in dump


def test_login_lockout_after_five_failures_on_the_wall_clock(core, clock):
    """Five wrong passwords lock the account for 15 minutes of real time (issue 18 item 5):
    moving a training database's clock a day ahead does not let the officer back in; the
    refusal says the same for an unknown user as for a wrong password or a locked account,
    so it never tells which usernames exist."""
    import time_machine

    from console.clock import wall_now

    officers.add_officer(core, None, "apr1", "Ap", "APR", "INVTZ4", "right-pass-1")
    refusals = set()
    for _ in range(5):
        with pytest.raises(AuthError) as err:
            officers.login(core, "apr1", "wrong")
        refusals.add(str(err.value))
    with pytest.raises(AuthError) as err:
        officers.login(core, "nobody", "wrong")
    refusals.add(str(err.value))
    clock.advance(minutes=24 * 60)  # the training clock a day ahead
    with pytest.raises(AuthError) as err:
        officers.login(core, "apr1", "right-pass-1")
    refusals.add(str(err.value))
    assert refusals == {officers.REFUSED}
    with time_machine.travel(wall_now().astimezone() + timedelta(minutes=16), tick=False):
        assert officers.login(core, "apr1", "right-pass-1").role is Role.APR


def test_a_reset_password_is_replaced_at_the_next_login(core):
    """Issue 18 item 7: the system manager resets an officer's password; the officer must
    choose a new one at the next login before acting, and the trail shows who reset whom
    and the officer's own change."""
    from console.errors import InvalidInput, PasswordChangeRequired

    officers.add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    officers.add_officer(core, None, "exm1", "Ex", "EXM", "INVTZ4", "password123")
    sysm = officers.login(core, "sys1", "password123")
    officers.reset_password(core, sysm, "exm1", "given-by-sys1")
    with pytest.raises(PasswordChangeRequired, match="reset by sys1"):
        officers.login(core, "exm1", "given-by-sys1")
    with pytest.raises(InvalidInput):  # the given one again is no new password
        officers.login(core, "exm1", "given-by-sys1", new_password="given-by-sys1")
    assert officers.login(core, "exm1", "given-by-sys1", new_password="only-exm1-knows")
    assert officers.login(core, "exm1", "only-exm1-knows").username == "exm1"
    with pytest.raises(AuthError):  # sys1's password no longer works
        officers.login(core, "exm1", "given-by-sys1")
    with core.db.read() as s:
        trail = [(r.officer, r.reason) for r in s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_ref == "exm1", t.AuditRecord.action == "password")
            .order_by(t.AuditRecord.seq))]
    assert [who for who, _ in trail] == ["sys1", "exm1"]
    assert "reset by sys1" in trail[1][1]


def test_disabled_officer_cannot_log_in(core):
    officers.add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    officers.add_officer(core, None, "exm1", "Ex", "EXM", "INVTZ4", "password123")
    sysm = officers.login(core, "sys1", "password123")
    officers.disable_officer(core, sysm, "exm1", "transferred")
    with pytest.raises(AuthError, match="disabled"):
        officers.login(core, "exm1", "password123")


def test_only_system_manager_adds_officers(core):
    officers.add_officer(core, None, "opr1", "Op", "OPR", "INVTZ4", "password123")
    opr = officers.login(core, "opr1", "password123")
    with pytest.raises(NotPermitted, match="needs SYS"):
        officers.add_officer(core, opr, "x1", "X", "APR", "INVTZ4", "password123")
    with core.db.read() as s:
        assert len(s.exec(select(t.Officer)).all()) == 1


def _posted(core):
    """A system manager and an examiner at Visakhapatnam, a system manager at Port Blair."""
    officers.add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    officers.add_officer(core, None, "sys9", "Sys PB", "SYS", "INIXZ1", "password123")
    sysm = officers.login(core, "sys1", "password123")
    officers.add_officer(core, sysm, "exm1", "Ex", "EXM", "INVTZ4", "password123")
    return sysm, officers.login(core, "sys9", "password123")


def test_system_manager_manages_only_the_officers_posted_at_their_location(core):
    """roles.md: the location's system manager; every officer acts only where posted."""
    sysm, blair = _posted(core)
    with pytest.raises(NotPermitted, match="INVTZ4") as err:
        officers.add_officer(core, blair, "apr5", "A", "APR", "INVTZ4", "password123")
    assert (err.value.act, err.value.check) == ("OFFICER.add", "location")
    for act, call in (("disable", lambda: officers.disable_officer(core, blair, "exm1", "x")),
                      ("reset_password", lambda: officers.set_password(core, blair, "exm1",
                                                                       "password456"))):
        with pytest.raises(NotPermitted) as err:
            call()
        assert (err.value.act, err.value.check) == (f"OFFICER.{act}", "location")
    assert officers.login(core, "exm1", "password123").username == "exm1"
    officers.add_officer(core, blair, "apr9", "A", "APR", "INIXZ1", "password123")


def test_own_password_changed_by_the_officer_and_reset_by_the_system_manager(core):
    """roles.md: an officer changes only their own password; the system manager resets
    another's (unlocking the account), not their own through a reset."""
    sysm, _ = _posted(core)
    exm = officers.login(core, "exm1", "password123")
    officers.set_password(core, exm, "exm1", "password456")
    assert officers.login(core, "exm1", "password456").username == "exm1"
    with pytest.raises(NotPermitted) as err:
        officers.change_password(core, exm, "sys1", "password789")
    assert (err.value.act, err.value.check) == ("OFFICER.password", "assigned")
    with pytest.raises(NotPermitted) as err:
        officers.set_password(core, exm, "sys1", "password789")
    assert (err.value.act, err.value.check) == ("OFFICER.reset_password", "role")
    with pytest.raises(NotPermitted) as err:
        officers.reset_password(core, sysm, "sys1", "password789")
    assert (err.value.act, err.value.check) == ("OFFICER.reset_password", "self")
    officers.set_password(core, sysm, "exm1", "password789")
    assert officers.login(core, "exm1", "password789",  # a reset is replaced at once
                          new_password="password000").username == "exm1"
    with core.db.read() as s:
        trail = [(r.action, r.officer) for r in audit.history(s, "OFFICER", "exm1")]
    assert trail[-5:] == [("password", "exm1"), ("login", "exm1"), ("password", "sys1"),
                          ("password", "exm1"), ("login", "exm1")]


def test_a_disabled_account_is_not_disabled_again_nor_put_on_duty(core):
    """A disabled account refuses the acts on an active one (its state, not who acts)."""
    sysm, _ = _posted(core)
    officers.disable_officer(core, sysm, "exm1", "transferred")
    with pytest.raises(RuleViolation) as err:
        officers.disable_officer(core, sysm, "exm1", "again")
    assert (err.value.act, err.value.check) == ("OFFICER.disable", "state")
    with pytest.raises(RuleViolation) as err:
        officers.set_on_duty(core, sysm, "exm1", True)
    assert (err.value.act, err.value.check) == ("OFFICER.duty", "state")


def test_duty_roster_kept_by_a_supervisor_or_the_system_manager(core):
    """EXP-ARR-2: who is on duty decides which examiner is named; an examiner does not put
    themself off duty."""
    sysm, _ = _posted(core)
    exm = officers.login(core, "exm1", "password123")
    with pytest.raises(NotPermitted) as err:
        officers.set_on_duty(core, exm, "exm1", False)
    assert (err.value.act, err.value.check) == ("OFFICER.duty", "role")
    officers.set_on_duty(core, sysm, "exm1", False)
    assert [o.on_duty for o in officers.list_officers(core) if o.username == "exm1"] == [False]


@pytest.mark.parametrize(("field", "args"), [
    ("role", ("x1", "X", "BOSS", "INVTZ4", "password123")),
    ("location", ("x1", "X", "APR", "INXXX9", "password123")),
    ("password", ("x1", "X", "APR", "INVTZ4", "short")),
    ("username", ("bad name", "X", "APR", "INVTZ4", "password123")),
])
def test_bad_officer_input_names_the_field(core, field, args):
    with pytest.raises(InvalidInput) as err:
        officers.add_officer(core, None, *args)
    assert err.value.field == field
    with core.db.read() as s:
        assert s.exec(select(t.Officer)).first() is None


# ---- clock ----


def test_training_database_honours_ices_clock(core, monkeypatch):
    monkeypatch.setenv("ICES_CLOCK", "2020-09-06T23:50")
    c = Core(core.db)
    assert c.is_training
    assert abs((c.now() - datetime(2020, 9, 6, 23, 50)).total_seconds()) < 60
    assert "TRAINING" in c.banner()


def test_production_database_ignores_ices_clock(monkeypatch):
    monkeypatch.setenv("ICES_CLOCK", "2020-09-06T23:50")
    clock = Clock.for_kind("production")
    assert clock.now().year >= 2026
    assert "ignored" in clock.note


# ---- the core stays free of UI and printing ----


def test_core_never_imports_textual_or_reportlab():
    """The domain core (console/, but for cli.py and app.py) imports no UI or printing. The
    CLI's commands (console/commands/, wired in cli.py) may print a report through
    printing/ as cli.py does, never import the UI."""
    banned = {"textual", "reportlab", "screens", "printing"}
    offenders = []
    for path in (ROOT / "console").rglob("*.py"):
        if path.name in {"cli.py", "app.py"}:
            continue
        refused = banned - {"printing"} if path.parent.name == "commands" else banned
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in refused]
    assert offenders == []


def test_importing_services_loads_no_textual():
    code = ("import sys, console.services.admin.officers, console.directories, console.demo;"
            "print(any(m.split('.')[0] in ('textual','reportlab') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_a_new_sqlite_database_is_private_and_its_url_never_shows_a_password(tmp_path):
    """Issue 18 item 5: the database file holds password hashes, so a new one is created
    0600; a PostgreSQL URL's password is masked wherever the console prints it."""
    import stat

    from db.engine import Database, shown_url

    path = tmp_path / "new" / "ices.db"
    Database(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    shown = shown_url("postgresql+psycopg://ices:s3cret@db.host:5432/ices")
    assert "s3cret" not in shown and "db.host" in shown

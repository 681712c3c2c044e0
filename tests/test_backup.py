"""Backup and restore (issue 18 item 6): ``ices backup FILE`` copies a database while
terminals work and verifies the copy's audit chain; ``ices restore FILE`` puts a backup
back, refusing to replace a database that holds records unless told to, and verifies it.

The test under load: four processes file Shipping Bills into one database; backups are
taken while they file; each copy holds every SB (and every record) committed before the
backup began, and its chain and documents verify. Waits are on the processes' reports
(a queue), never on sleeps.
"""

from __future__ import annotations

import multiprocessing as mp
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from console import audit
from console.errors import Conflict, NotFound
from console.services.admin.backup import backup, holds, restore

FILERS = 4
COPIES = 3


def _file_until_stopped(url: str, k: int, stop, out) -> None:
    """One terminal: opr1 files SBs (draft, checklist, submit) until told to stop,
    reporting each SB number once it is committed."""
    try:
        from console.clock import FixedClock
        from console.core import Core
        from console.services.admin.officers import login
        from db.engine import Database
        from tests.conftest import DEMO_PASSWORD, T0
        from tests.sb_support import IEC_COCONUT, declaration
        from tests.sb_support import file as file_sb

        core = Core(Database(url), FixedClock(T0))
        opr = login(core, "opr1", DEMO_PASSWORD, f"filer-{k}")
        data = declaration(core, IEC_COCONUT, "08")
        while not stop.is_set():
            sb = file_sb(core, {"opr1": opr}, data)
            out.put((k, sb.sb_no))
        core.db.dispose()
    except Exception as exc:  # reported to the test, which fails on it
        out.put((k, f"error: {exc!r}"))
    finally:
        out.put((k, None))


def _committed(url: str) -> tuple[int, str, set[int]]:
    """What is committed now: the chain head and the SB numbers."""
    engine = create_engine(url)
    with engine.connect() as conn:
        seq, h = conn.execute(text("SELECT seq, hash FROM audithead")).one()
        sbs = {r[0] for r in conn.execute(text(
            "SELECT sb_no FROM shippingbill WHERE sb_no IS NOT NULL"))}
    engine.dispose()
    return seq, h, sbs


def _record_hash(url: str, seq: int) -> str | None:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT hash FROM auditrecord WHERE seq = :s"),
                             {"s": seq}).scalar()
    engine.dispose()
    return found


def _copy_url(copy: Path) -> str:
    return f"sqlite:///{copy}"


def _under_load(url: str, take, read_back) -> list[dict]:
    """Four filers running; ``COPIES`` backups taken while they file (``take(i)`` returns
    the copy's report, ``read_back(copy)`` its committed state). Returns one summary per
    copy; asserts each holds everything committed before it began."""
    ctx = mp.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_file_until_stopped, args=(url, k, stop, out))
             for k in range(FILERS)]
    for p in procs:
        p.start()
    filed: dict[int, list] = {k: [] for k in range(FILERS)}
    done: set[int] = set()
    copies = []

    def wait_for(condition) -> None:
        while not condition():
            k, sb_no = out.get(timeout=300)
            if sb_no is None:
                done.add(k)
                assert len(done) < FILERS or condition(), "the filers stopped early"
            else:
                assert not str(sb_no).startswith("error"), sb_no
                filed[k].append(sb_no)

    try:
        wait_for(lambda: all(filed[k] for k in range(FILERS)))  # all four are filing
        for i in range(COPIES):
            before = sum(map(len, filed.values()))
            seq, h, sbs = _committed(url)
            report = take(i)
            copy_seq, copy_sbs = read_back(report)
            assert report.ok, report.problems
            assert sbs <= copy_sbs, f"copy {i} misses SBs {sorted(sbs - copy_sbs)}"
            assert copy_seq >= seq
            copies.append({"sbs_before": len(sbs), "sbs_in_copy": len(copy_sbs),
                           "records_before": seq, "records_in_copy": copy_seq,
                           "anchor": (seq, h)})
            wait_for(lambda before=before: sum(map(len, filed.values())) >= before + 4)
    finally:
        stop.set()
        wait_for(lambda: len(done) == FILERS)
        for p in procs:
            p.join(timeout=120)
    assert sum(map(len, filed.values())) >= FILERS + COPIES * 4
    return copies


def test_backup_under_load_holds_every_act_committed_before_it_began(demo_core, tmp_path):
    """Issue 18 item 6 on SQLite: three backups while four terminals file; each copy is
    complete, verifies (chain and documents), and keeps the records it shares with the
    source unchanged; a restore of the last gives a database that verifies."""
    url = demo_core.db.url
    demo_core.db.dispose()

    def take(i: int):
        return backup(tmp_path / f"copy{i}.db", url)

    def read_back(report):
        seq, _h, sbs = _committed(_copy_url(Path(report.file)))
        return seq, sbs

    copies = _under_load(url, take, read_back)
    for i, c in enumerate(copies):
        seq, h = c["anchor"]
        assert _record_hash(_copy_url(tmp_path / f"copy{i}.db"), seq) == h
        assert stat.S_IMODE((tmp_path / f"copy{i}.db").stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".copy*"))  # no partial file left behind
    with Session(create_engine(url)) as s:
        assert audit.verify(s).ok  # four writers at once left a whole chain
    restored = restore(tmp_path / f"copy{COPIES - 1}.db",
                       _copy_url(tmp_path / "restored.db"))
    assert restored.ok and restored.replaced is None
    assert restored.records == copies[-1]["records_in_copy"]
    print(f"\nbackups under load (4 filers): {copies}")


def test_restore_refuses_to_replace_a_database_that_holds_records(demo_core, tmp_path):
    """A restore over a working database is refused unless forced, and says so; forced, it
    replaces the database with the backup, which verifies."""
    url = demo_core.db.url
    first = backup(tmp_path / "b.db", url)
    records_before = first.records
    from console.services.admin.officers import login
    from tests.conftest import DEMO_PASSWORD

    login(demo_core, "apr1", DEMO_PASSWORD, "t")  # the database moves on
    demo_core.db.dispose()
    assert holds(url) == records_before + 1
    with pytest.raises(Conflict, match="holds .* audit records"):
        restore(tmp_path / "b.db", url)
    done = restore(tmp_path / "b.db", url, force=True)
    assert done.ok and done.replaced == records_before + 1
    assert done.records == records_before and done.head_hash == first.head_hash


def test_backup_refuses_to_overwrite_and_restore_checks_its_file(demo_core, tmp_path):
    url = demo_core.db.url
    backup(tmp_path / "b.db", url)
    with pytest.raises(Conflict, match="exists"):
        backup(tmp_path / "b.db", url)
    assert backup(tmp_path / "b.db", url, force=True).ok
    with pytest.raises(NotFound):
        restore(tmp_path / "none.db", _copy_url(tmp_path / "new.db"))
    (tmp_path / "junk.db").write_bytes(b"not a database at all")
    from console.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not a SQLite backup"):
        restore(tmp_path / "junk.db", _copy_url(tmp_path / "new.db"))


def test_a_backup_of_a_tampered_database_says_so_and_is_not_restored_unforced(
        demo_core, tmp_path):
    """The copy is faithful, so it carries the tampering and its verdict; restore refuses
    a backup that does not verify (forced, it restores it for examination)."""
    with demo_core.db.engine.begin() as conn:
        conn.execute(text("UPDATE shippingbill SET state = 'let_export' WHERE sb_no = 1000003"))
    report = backup(tmp_path / "t.db", demo_core.db.url)
    assert not report.ok and any("SB 1000003" in p for p in report.problems)
    target = _copy_url(tmp_path / "new.db")
    with pytest.raises(Conflict, match="does not verify"):
        restore(tmp_path / "t.db", target)
    assert not restore(tmp_path / "t.db", target, force=True).ok


def test_cli_backup_and_restore_say_what_they_did(cli, tmp_path):
    out = cli("backup", tmp_path / "c.db")
    assert out["ok"] and out["records"] > 300 and len(out["head_hash"]) == 64
    refused = cli("restore", tmp_path / "c.db", ok=False)
    assert "holds" in str(refused.exception) or "holds" in refused.output
    target = f"sqlite:///{tmp_path / 'fresh.db'}"
    from typer.testing import CliRunner

    from console.cli import app

    result = CliRunner().invoke(app, ["--db", target, "restore", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert "restored" in result.output and "an empty database" in result.output
    assert "chain intact" in result.output
    assert (tmp_path / "fresh.db").exists()


def test_backup_and_restore_on_postgresql_under_load(pg_database, tmp_path):
    """The same on PostgreSQL: pg_dump reads the snapshot the chain was verified in; the
    dump holds every SB committed before it began; restored (forced, over the working
    schema), the database verifies."""
    from console.demo import build_demo

    url = pg_database.url
    build_demo(url)
    pg_database.dispose()

    def take(i: int):
        return backup(tmp_path / f"copy{i}.dump", url)

    def read_back_pg(report):
        return report.head_seq, _dump_sbs(Path(report.file))

    copies = _under_load(url, take, read_back_pg)
    assert len(copies) == COPIES
    with pytest.raises(Conflict):
        restore(tmp_path / "copy0.dump", url)
    done = restore(tmp_path / f"copy{COPIES - 1}.dump", url, force=True)
    assert done.ok, done.problems
    assert done.records == copies[-1]["records_in_copy"]


def _dump_sbs(dump: Path) -> set[int]:
    """The SB numbers a pg_dump archive holds (its data, read with pg_restore)."""
    import subprocess

    sql = subprocess.run(["pg_restore", "--data-only", "--table=shippingbill", "-f", "-",
                          str(dump)], capture_output=True, text=True, check=True).stdout
    lines = sql.split("COPY ", 1)[1].split("\n")
    cols = lines[0].split("(", 1)[1].split(")", 1)[0].split(", ")
    at = cols.index("sb_no")
    out = set()
    for line in lines[1:]:
        if line == "\\.":
            break
        value = line.split("\t")[at]
        if value != "\\N":
            out.add(int(value))
    return out


"""Tamper evidence (issue 18 item 4): every way an attacker with write access to the
database was seen to (or could) change the record, each detected by ``audit.verify``.

Each case tampers with the demo database in SQL, as someone with the database's password
or file would, inside a transaction; ``verify`` runs in that transaction and the
transaction is rolled back, so one demo database serves every case. On SQLite each case
is its own test; on PostgreSQL (``ICES_TEST_POSTGRES_URL``) one test runs every case on
one demo database built through the migrations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

import db.tables as t
from console import audit
from console.audit import TrailBroken
from console.services.admin import officers
from tests.conftest import DEMO_PASSWORD
from tests.sb_support import IEC_COCONUT, declaration, file

ROOT = Path(__file__).resolve().parent.parent
ZEROS = "0" * 64


class Db:
    """A connection in a transaction that the case may tamper with."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"

    def run(self, *statements: str, **params) -> None:
        for sql in statements:
            self.conn.execute(text(sql), params)

    def one(self, sql: str, **params):
        return self.conn.execute(text(sql), params).scalar()

    def no_fk_checks(self) -> None:
        """Let the case delete a document without its dependants (rolled back anyway)."""
        if self.pg:
            self.run("SET LOCAL session_replication_role = replica")
        else:
            self.run("PRAGMA defer_foreign_keys = ON")

    def head(self) -> dict:
        seq, h = self.conn.execute(text("SELECT seq, hash FROM audithead")).one()
        return {"seq": seq, "hash": h}

    def move_head_to_last(self) -> None:
        seq, h = self.conn.execute(text(
            "SELECT seq, hash FROM auditrecord ORDER BY seq DESC LIMIT 1")).one()
        self.run("UPDATE audithead SET seq = :s, hash = :h", s=seq, h=h)

    def rewrite_chain(self) -> None:
        """What an attacker who has this code does after editing rows: recompute every
        row hash, every record's row hash and hash, and the head, so the chain verifies."""
        current = {}
        for name, table in audit.covered().items():
            cols = [c.name for c in table.primary_key.columns]
            for row in self.conn.execute(table.select()):
                m = row._mapping
                current[audit._key(name, (m[c] for c in cols))] = audit.row_digest(name, row)
        prev = ZEROS
        table = t.AuditRecord.__table__
        for r in self.conn.execute(table.select().order_by(table.c.seq)).mappings().all():
            rec = SimpleNamespace(**r)
            if rec.rows:
                rec.rows = "\n".join(
                    f"{k} {current.get(k, '-') if h != '-' else '-'}"
                    for k, _, h in (line.rpartition(" ") for line in rec.rows.split("\n")))
            if rec.row_hash is not None:
                rec.row_hash = audit._sha(rec.rows or "")
            rec.prev_hash = prev
            rec.hash = prev = audit._digest(rec)
            self.run("UPDATE auditrecord SET rows = :rows, row_hash = :rh, prev_hash = :p, "
                     "hash = :h WHERE seq = :s", rows=rec.rows, rh=rec.row_hash,
                     p=rec.prev_hash, h=rec.hash, s=rec.seq)
        self.move_head_to_last()


def _sb_id(db: Db, sb_no: int) -> int:
    return db.one("SELECT id FROM shippingbill WHERE sb_no = :n", n=sb_no)


# ---- the cases: each tampers and returns what the report must say (a fragment) ----


def record_edited(db: Db):
    db.run("UPDATE auditrecord SET reason = 'nothing to see' WHERE seq = 50")
    return "record 50: contents altered"


def record_officer_changed(db: Db):
    db.run("UPDATE auditrecord SET officer = 'acdc1' WHERE seq = 120")
    return "record 120: contents altered"


def record_deleted_in_the_middle(db: Db):
    db.run("DELETE FROM auditrecord WHERE seq = 60")
    return "record 60: missing"


def records_renumbered_over_a_gap(db: Db):
    db.run("DELETE FROM auditrecord WHERE seq = 60",  # in two steps: seq is unique
           "UPDATE auditrecord SET seq = -seq WHERE seq > 60",
           "UPDATE auditrecord SET seq = -seq - 1 WHERE seq < 0")
    db.move_head_to_last()
    return "link to the previous record is broken"


def last_records_deleted(db: Db):
    db.run("DELETE FROM auditrecord WHERE seq > (SELECT max(seq) - 3 FROM auditrecord)")
    return "records deleted from the end"


def last_records_deleted_and_head_moved(db: Db):
    """The issue's two statements: the chain itself is whole again; the documents those
    acts wrote are not what the chain now says."""
    db.run("DELETE FROM auditrecord WHERE seq > (SELECT max(seq) - 5 FROM auditrecord)")
    db.move_head_to_last()
    return {": changed since record", ": not written by any recorded act"}


def head_deleted(db: Db):
    db.run("DELETE FROM audithead")
    return "the chain head is missing"


def head_hash_rewritten(db: Db):
    db.run("UPDATE audithead SET hash = :h", h="f" * 64)
    return "the head was rewritten"


def head_moved_back_one(db: Db):
    db.run("UPDATE audithead SET seq = seq - 1, hash = (SELECT hash FROM auditrecord WHERE "
           "seq = (SELECT max(seq) - 1 FROM auditrecord))")
    return "records beyond the head"


def trail_emptied(db: Db):
    db.run("DELETE FROM auditrecord", f"UPDATE audithead SET seq = 0, hash = '{ZEROS}'")
    return "not written by any recorded act"


def trail_and_head_emptied(db: Db):
    db.run("DELETE FROM auditrecord", "DELETE FROM audithead")
    return ["not written by any recorded act", "the chain head is missing"]


def record_rows_listing_edited(db: Db):
    seq = db.one("SELECT max(seq) FROM auditrecord WHERE rows LIKE 'shippingbill:%'")
    db.run("UPDATE auditrecord SET rows = replace(rows, 'shippingbill:', 'shippingbil:') "
           "WHERE seq = :s", s=seq)
    return f"record {seq}: its row hashes were altered"


def record_row_hash_cleared(db: Db):
    """Pretending a record predates row hashing, to hide the rows it wrote."""
    seq = db.one("SELECT max(seq) FROM auditrecord WHERE rows <> ''")
    db.run("UPDATE auditrecord SET row_hash = NULL, rows = NULL WHERE seq = :s", s=seq)
    return f"record {seq}: contents altered"


def sb_state_set_to_let_export(db: Db):
    db.run("UPDATE shippingbill SET state = 'let_export' WHERE sb_no = 1000003")
    return "SB 1000003 (shippingbill:"


def sb_deleted(db: Db):
    db.no_fk_checks()
    sb = _sb_id(db, 1000002)
    db.run("DELETE FROM sbitem WHERE sb_id = :i", "DELETE FROM sbinvoice WHERE sb_id = :i",
           "DELETE FROM shippingbill WHERE id = :i", i=sb)
    return f"shippingbill:{sb}: deleted"


def sb_deleted_with_everything_that_names_it(db: Db):
    db.no_fk_checks()
    sb = _sb_id(db, 1000011)
    for name, table in audit.covered().items():
        if "sb_id" in table.c:
            db.run(f"DELETE FROM {name} WHERE sb_id = :i", i=sb)
    db.run("DELETE FROM shippingbill WHERE id = :i", i=sb)
    return f"shippingbill:{sb}: deleted"


def sb_number_changed(db: Db):
    db.run("UPDATE shippingbill SET sb_no = 1999999 WHERE sb_no = 1000005")
    return "SB 1999999 (shippingbill:"


def sb_item_quantity_changed(db: Db):
    item = db.one("SELECT min(id) FROM sbitem WHERE sb_id = :i", i=_sb_id(db, 1000004))
    db.run("UPDATE sbitem SET quantity = '1' WHERE id = :i", i=item)
    return f"sbitem:{item}: changed since record"


def sb_item_added(db: Db):
    db.run("INSERT INTO sbitem SELECT * FROM sbitem WHERE id = (SELECT min(id) FROM sbitem)"
           .replace("SELECT *", "SELECT " + _cols_with_new_id(db, "sbitem")))
    return "not written by any recorded act"


def drawback_claim_amount_times_100(db: Db):
    db.run("UPDATE drawbackclaim SET amount_paise = amount_paise * 100 WHERE sb_no = 1000012")
    return "drawback claim 1 on SB 1000012 (drawbackclaim:1): changed since record"


def drawback_item_amount_times_100(db: Db):
    db.run("UPDATE sbitem SET dbk_paise = dbk_paise * 100 WHERE dbk_paise > 0")
    return "sbitem:"


def officer_role_set_to_com(db: Db):
    db.run("UPDATE officer SET role = 'COM' WHERE username = 'opr1'")
    return "officer opr1 (COM) (officer:"


def officer_password_hash_copied(db: Db):
    db.run("UPDATE officer SET password_hash = (SELECT password_hash FROM officer WHERE "
           "username = 'exm2') WHERE username = 'acdc1'")
    return "officer acdc1 (ACDC) (officer:"


def officer_inserted(db: Db):
    db.run("INSERT INTO officer (username, name, role, location_code, password_hash, "
           "failed_logins, disabled, on_duty, created_at) SELECT 'ghost', 'Ghost', 'COM', "
           "location_code, password_hash, 0, :f, :t, created_at FROM officer WHERE "
           "username = 'sys1'", f=False, t=True)
    return "officer ghost (COM)"


def officer_disabled(db: Db):
    db.run("UPDATE officer SET disabled = :t WHERE username = 'apr2'", t=True)
    return "officer apr2 (APR)"


def be_let_out_of_charge(db: Db):
    db.run("UPDATE billofentry SET state = 'out_of_charge' WHERE be_no = 3000005")
    return "BE 3000005 (billofentry:"


def be_duty_halved(db: Db):
    db.run("UPDATE billofentry SET duty_paise = duty_paise / 2 WHERE be_no = 3000001")
    return "BE 3000001 (billofentry:"


def csb_state(db: Db):
    db.run("UPDATE couriershippingbill SET state = 'exported' WHERE csb_no = 2000001")
    return "CSB 2000001 (couriershippingbill:"


def bond_balance_restored(db: Db):
    db.run("UPDATE bond SET balance_paise = amount_paise WHERE bond_no = 100001")
    return "bond 100001 (bond:"


def bond_ledger_debit_deleted(db: Db):
    led = db.one("SELECT max(id) FROM bondledger")
    db.run("DELETE FROM bondledger WHERE id = :i", i=led)
    return f"bondledger:{led}: deleted"


def print_log_deleted(db: Db):
    """A print removed from the log, so that a reprint needs no permission."""
    p = db.one("SELECT max(id) FROM printlog")
    db.run("DELETE FROM printlog WHERE id = :i", i=p)
    return f"printlog:{p}: deleted"


def database_kind_changed(db: Db):
    """A training database honours ICES_CLOCK; a production one does not."""
    db.run("UPDATE setting SET value = 'production' WHERE key = 'kind'")
    return "setting kind (setting:kind): changed"


def rows_edited_and_chain_rewritten_against_an_anchor(db: Db):
    """The whole chain recomputed with this code after an edit: only a head kept outside
    the database shows it."""
    anchor = db.head()
    db.run("UPDATE shippingbill SET state = 'let_export' WHERE sb_no = 1000003")
    db.rewrite_chain()
    return anchor, f"record {anchor['seq']} is not the one anchored"


def records_without_rows_cut_against_an_anchor(db: Db):
    """The last records were logins (they write no document row): cut with the head moved,
    only a kept anchor shows it."""
    anchor = db.head()
    db.run("DELETE FROM auditrecord WHERE seq > :s", s=anchor["seq"] - 2)
    db.move_head_to_last()
    return anchor, "records deleted since the anchor was kept"


def _cols_with_new_id(db: Db, table: str) -> str:
    cols = [c.name for c in audit.covered()[table].columns]
    new = {"id": "(SELECT max(id) + 1 FROM sbitem)", "sl": "sl + 100"}
    return ", ".join(new.get(c, c) for c in cols)


CASES: dict[str, Callable] = {f.__name__: f for f in (
    record_edited, record_officer_changed, record_deleted_in_the_middle,
    records_renumbered_over_a_gap, last_records_deleted, last_records_deleted_and_head_moved,
    head_deleted, head_hash_rewritten, head_moved_back_one, trail_emptied,
    trail_and_head_emptied, record_rows_listing_edited, record_row_hash_cleared,
    sb_state_set_to_let_export, sb_deleted, sb_deleted_with_everything_that_names_it,
    sb_number_changed, sb_item_quantity_changed, sb_item_added,
    drawback_claim_amount_times_100, drawback_item_amount_times_100,
    officer_role_set_to_com, officer_password_hash_copied, officer_inserted,
    officer_disabled, be_let_out_of_charge, be_duty_halved, csb_state,
    bond_balance_restored, bond_ledger_debit_deleted, print_log_deleted,
    database_kind_changed, rows_edited_and_chain_rewritten_against_an_anchor,
    records_without_rows_cut_against_an_anchor,
)}


def _logins(core) -> None:
    """The demo's last acts, then two logins (records that write no document row)."""
    for who in ("apr1", "exm1"):
        officers.login(core, who, DEMO_PASSWORD, "tamper")


def detects(core, name: str) -> list[str]:
    """Tamper (case ``name``) in a transaction, verify in it, roll back: the problems."""
    with core.db.engine.connect() as conn:
        trans = conn.begin()
        try:
            with Session(bind=conn) as s:
                assert audit.verify(s).ok, "the database verifies before the case"
            db = Db(conn)
            out = CASES[name](db)
            anchor, expected = out if isinstance(out, tuple) else (None, out)
            with Session(bind=conn) as s:
                result = audit.verify(s, anchor)
        finally:
            trans.rollback()
    if isinstance(expected, set):  # any of these
        assert any(f in p for f in expected for p in result.problems), result.problems
    for fragment in [expected] if isinstance(expected, str) else expected:
        if not isinstance(expected, set):
            assert any(fragment in p for p in result.problems), (fragment, result.problems)
    assert not result.ok
    if anchor:  # without the anchor these two go unseen: the limit the README states
        with core.db.engine.connect() as conn, conn.begin() as trans:
            CASES[name](Db(conn))
            with Session(bind=conn) as s:
                assert audit.verify(s).ok
            trans.rollback()
    return result.problems


@pytest.mark.parametrize("name", list(CASES))
def test_audit_verify_detects_every_tampering(demo_core, name):
    """Issue 18 item 4: each case in CASES is reported by ``verify``."""
    _logins(demo_core)
    detects(demo_core, name)


def test_audit_verify_detects_every_tampering_on_postgresql(pg_database):
    """The same cases on PostgreSQL: the demo built through the migrations, each case
    tampered in a transaction and rolled back."""
    from console.core import Core
    from console.demo import build_demo

    build_demo(pg_database.url)
    core = Core.open(pg_database.url)
    _logins(core)
    caught = [name for name in CASES if detects(core, name)]
    assert caught == list(CASES)


def test_the_last_acts_cut_with_the_head_moved_show_in_the_documents(demo_core, actors):
    """The issue's two statements after an SB was filed: delete its records, move the head
    to the record before them. The chain is whole again; the SB is not on it."""
    with demo_core.db.read() as s:
        before = audit.head(s)[0]
    sb = file(demo_core, actors, declaration(demo_core, IEC_COCONUT, "08"))
    _commit(demo_core, f"DELETE FROM auditrecord WHERE seq > {before}",
            f"UPDATE audithead SET seq = {before}, hash = (SELECT hash FROM auditrecord "
            f"WHERE seq = {before})")
    with demo_core.db.read() as s:
        result = audit.verify(s)
    assert any(p.startswith(f"SB {sb.sb_no} (shippingbill:") and "not written by any "
               "recorded act" in p for p in result.problems), result.problems
    assert any(p.startswith("sbitem:") for p in result.problems)


# ---- a missing or cut head: a clear refusal, never a crash ----


def _commit(core, *statements: str) -> None:
    with core.db.engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


def test_audit_1_a_missing_head_refuses_every_act_with_a_clear_error(demo_core):
    """After the head row is deleted, an act (here a login) is refused with AUDIT-1 and
    says why; reads still work; nothing is written."""
    _commit(demo_core, "DELETE FROM audithead")
    with pytest.raises(TrailBroken, match="head is missing"):
        officers.login(demo_core, "apr1", DEMO_PASSWORD, "t")
    assert officers.list_officers(demo_core)
    with demo_core.db.read() as s:
        result = audit.verify(s)
    assert "the chain head is missing" in result.summary()
    assert "head: MISSING" in result.summary()


def test_audit_1_a_head_behind_its_last_record_refuses_acts(demo_core):
    _commit(demo_core, "UPDATE audithead SET seq = seq - 1")
    with pytest.raises(TrailBroken, match="behind its last record"):
        officers.login(demo_core, "apr1", DEMO_PASSWORD, "t")


def _ices(core, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ICES_DATABASE_URL": core.db.url, "ICES_PASSWORD": DEMO_PASSWORD,
           "ICES_CLOCK": "2026-11-02T11:00"}
    return subprocess.run([sys.executable, "-m", "console.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_without_a_head_says_so_and_never_shows_a_traceback(demo_core):
    """The issue's crash: after ``DELETE FROM audithead`` every command ended in
    NoResultFound. Now an act is refused with a message and verify names the cut."""
    _commit(demo_core, "DELETE FROM audithead")
    act = _ices(demo_core, "users", "duty", "exm2", "--off", "--user", "sys1")
    assert act.returncode != 0
    assert "Traceback" not in act.stderr + act.stdout
    assert "head is missing" in act.stderr + act.stdout
    check = _ices(demo_core, "audit", "verify")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "the chain head is missing" in check.stdout


# ---- rows written by the console are always on the chain ----


def test_every_act_leaves_its_rows_on_the_chain(demo_core, actors):
    """Acts of several kinds (a filing's bulk-inserted items, a login, an officer's duty)
    and a transaction with no act that writes a document row: the chain still verifies,
    and the row written outside an act is on a record of its own (the system's)."""
    from console.services.exports import filing

    # items inserted in bulk, then corrected: deleted in bulk and inserted again
    draft = filing.create_draft(demo_core, actors["opr1"],
                                declaration(demo_core, IEC_COCONUT, "08", items=3))
    filing.update_draft(demo_core, actors["opr1"], draft.job_no,
                        declaration(demo_core, IEC_COCONUT, "08", items=2))
    filing.print_checklist(demo_core, actors["opr1"], draft.job_no)
    sb = filing.submit_sb(demo_core, actors["opr1"], draft.job_no)
    officers.set_on_duty(demo_core, actors["sys1"], "exm2", False)
    with demo_core.db.write() as s:  # a print logged without an act (prints.py does this)
        s.add(t.PrintLog(doc_kind="SB", doc_ref=str(sb.sb_no), copy_name="test",
                         printed_by="opr1", printed_at=demo_core.now()))
    with demo_core.db.read() as s:
        result = audit.verify(s)
        last = s.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq.desc())).first()
        filed = s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_ref.in_([str(sb.sb_no), f"J{sb.job_no}"]),
            t.AuditRecord.rows != "")).all()
    assert result.ok, result.problems
    assert result.rows_unchecked == 0 and result.predating == 0
    assert (last.officer, last.action) == ("SYSTEM", "rows_written")
    assert last.rows.startswith("printlog:")
    assert any("sbitem:" in r.rows for r in filed)
    assert any(line.startswith("sbitem:") and line.endswith(" -")
               for r in filed for line in r.rows.split("\n"))  # the corrected items


def test_a_refused_act_leaves_no_record_and_the_chain_verifies(demo_core, actors):
    from console.errors import IcesError
    from console.services.exports import leo

    with pytest.raises(IcesError):
        leo.give_let_export_order(demo_core, actors["opr1"], 1000003)
    with demo_core.db.read() as s:
        assert audit.verify(s).ok


# ---- the anchor: the head kept outside the database ----


def test_anchor_written_by_the_cli_and_checked_after_the_chain_grew_and_after_a_rewrite(
        cli, tmp_path):
    """``ices audit anchor FILE`` keeps the head; ``verify --anchor FILE`` accepts a chain
    that grew since, and refuses one rewritten or cut below it."""
    anchor = tmp_path / "head.json"
    out = cli("audit", "anchor", anchor)
    kept = json.loads(anchor.read_text())
    assert out["seq"] == kept["seq"] and len(kept["hash"]) == 64
    cli("users", "duty", "exm2", "--off", "--user", "sys1")  # the chain grows
    grown = cli("audit", "verify", "--anchor", anchor)
    assert grown["ok"] and grown["head"]["seq"] > kept["seq"]
    with cli.core.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM auditrecord WHERE seq >= :s"), {"s": kept["seq"] - 1})
        Db(conn).move_head_to_last()
    cut = cli("audit", "verify", "--anchor", anchor, ok=False)
    assert cut.exit_code == 1 and "records deleted since the anchor" in cut.output
    refused = cli("audit", "anchor", tmp_path / "again.json", ok=False)
    assert refused.exit_code == 1 and not (tmp_path / "again.json").exists()


def test_cli_verify_prints_the_head_to_keep(cli):
    out = cli("audit", "verify")
    with cli.core.db.read() as s:
        head = audit.head(s)
    assert out["ok"] and (out["head"]["seq"], out["head"]["hash"]) == head
    assert out["rows_checked"] > 100 and out["records_before_row_hashing"] == 0


def test_cli_verify_bad_anchor_file_is_a_usage_error(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert cli("audit", "verify", "--anchor", bad, ok=False).exit_code == 2
    assert cli("audit", "verify", "--anchor", tmp_path / "none.json", ok=False).exit_code == 2


# ---- a database from before row hashing ----


def test_migration_d4e5f6a7b8c9_upgrades_a_populated_database_in_place(tmp_path):
    """A database whose records predate row hashing: the migration keeps every record and
    its hash; verify passes and counts them; new acts carry row hashes."""
    from alembic import command

    from console.services.admin.setup import initialise
    from db.migrate import config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    core, _ = initialise(url)
    sysm = officers.add_officer(core, None, "sys1", "Sys", "SYS", "INVTZ4", "password123")
    actor = officers.login(core, sysm.username, "password123")
    for i in range(3):
        officers.add_officer(core, actor, f"apr{i}", f"A {i}", "APR", "INVTZ4", "password1")
    command.downgrade(config(core.db.engine), "c2d3c1a2a7e0")
    with core.db.engine.begin() as conn:  # the chain as the console before it wrote it
        prev = ZEROS
        table = t.AuditRecord.__table__
        old_cols = [c for c in table.c if c.name not in ("row_hash", "rows")]
        for r in conn.execute(select(*old_cols).order_by(table.c.seq)).mappings().all():
            rec = SimpleNamespace(**r, row_hash=None)
            rec.prev_hash = prev
            rec.hash = prev = audit._digest(rec)
            conn.execute(text("UPDATE auditrecord SET prev_hash = :p, hash = :h WHERE "
                              "seq = :s"), {"p": rec.prev_hash, "h": rec.hash, "s": rec.seq})
        conn.execute(text("UPDATE audithead SET hash = :h"), {"h": prev})
        old = conn.execute(text("SELECT seq, hash FROM auditrecord ORDER BY seq")).all()
    core.db.dispose()
    core, _ = initialise(url)  # ices init: upgrades in place
    with core.db.read() as s:
        result = audit.verify(s)
        kept = s.exec(select(t.AuditRecord.seq, t.AuditRecord.hash,
                             t.AuditRecord.row_hash).order_by(t.AuditRecord.seq)).all()
    assert result.ok, result.problems
    assert [(a, b) for a, b, _ in kept] == [tuple(r) for r in old]
    assert all(rh is None for *_, rh in kept)
    assert result.predating == len(old) == 6 and result.rows_unchecked >= 4
    assert "6 records predate row hashing" in result.summary()
    officers.set_on_duty(core, actor, "apr1", False)
    with core.db.read() as s:
        after = audit.verify(s)
        last = s.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq.desc())).first()
    assert after.ok and after.predating == 6 and last.row_hash and "officer:" in last.rows
    core.db.dispose()

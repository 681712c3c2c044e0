"""A print is recorded only with its file (issue 18 item 2): the PDF is written to a
temporary name beside its target inside the print's transaction, and takes its name once
the print is logged; a file that cannot be written logs nothing, so the exporter's copies
can be printed again without a reprint permission. ``--out`` never overwrites a file unless
told to (``--force``). The drawback scroll closes the day only with its files written."""

from __future__ import annotations

from sqlmodel import func, select

import db.tables as t


def _unprinted_leo_sb(core) -> int:
    with core.db.read() as s:
        printed = select(t.PrintLog.doc_ref).where(t.PrintLog.doc_kind == "SB")
        return next(n for n in s.exec(select(t.ShippingBill.sb_no).where(
            t.ShippingBill.state == "let_export").order_by(t.ShippingBill.sb_no))
            if str(n) not in set(s.exec(printed)))


def _logged(core, sb_no: int) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(t.PrintLog).where(
            t.PrintLog.doc_kind == "SB", t.PrintLog.doc_ref == str(sb_no))).one()


def test_exp_prt_4_a_copy_that_cannot_be_written_is_not_logged_and_prints_again(cli):
    sb_no = _unprinted_leo_sb(cli.core)
    assert sb_no and _logged(cli.core, sb_no) == 0
    bad = cli.tmp / "no-such-folder" / "sb.pdf"
    refused = cli("print", "sb", sb_no, "--out", bad, "--user", "apr1", ok=False)
    assert "no such folder" in str(refused.exception).lower() or "no folder" in str(
        refused.exception)
    assert _logged(cli.core, sb_no) == 0 and not bad.exists()
    good = cli.tmp / "sb.pdf"
    done = cli("print", "sb", sb_no, "--out", good, "--user", "apr1")
    assert good.read_bytes().startswith(b"%PDF") and done["reprint"] is False
    assert _logged(cli.core, sb_no) == len(done["copies"])
    assert not list(cli.tmp.glob(".*.tmp"))  # no temporary file left behind


def test_out_never_overwrites_a_file_unless_forced(cli):
    sb_no = _unprinted_leo_sb(cli.core)
    kept = cli.tmp / "kept.pdf"
    kept.write_bytes(b"the officer's own file")
    cli("print", "sb", sb_no, "--out", kept, "--user", "apr1", ok=False)
    assert kept.read_bytes() == b"the officer's own file" and _logged(cli.core, sb_no) == 0
    done = cli("print", "sb", sb_no, "--out", kept, "--force", "--user", "apr1")
    assert kept.read_bytes().startswith(b"%PDF") and done["reprint"] is False


def test_exp_dbk_5_the_scroll_into_a_bad_folder_leaves_the_day_open(cli):
    queued = cli("dbk", "queue", "--user", "dbk1")
    cli("dbk", "sanction", queued[0]["id"], "--user", "dbk1")
    blocker = cli.tmp / "a-file"
    blocker.write_text("not a folder")
    cli("dbk", "scroll", "--out", blocker / "scrolls", "--user", "dbk1", ok=False)
    with cli.core.db.read() as s:
        assert s.exec(select(func.count()).select_from(t.DrawbackScroll)).one() == 0
    done = cli("dbk", "scroll", "--out", cli.tmp / "scrolls", "--user", "dbk1")
    assert (cli.tmp / "scrolls" / f"dbk-scroll-{done['scroll_no']}.pdf").exists()

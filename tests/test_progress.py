"""Progress on long work (issue 19 item 4): the bar (console/progress.py) is drawn on a
terminal only, never with --json or into a pipe; the services that loop report
``(done, total)`` to it."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from console.progress import progress_bar

ROOT = Path(__file__).resolve().parent.parent


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_a_bar_is_drawn_on_a_terminal_and_counts_its_updates():
    out = Terminal()
    with progress_bar("importing iec", stream=out) as bar:
        for done in range(1, 4):
            bar(done, 3)
    assert bar.drawn and bar.updates == 3 and (bar.done, bar.total) == (3, 3)
    shown = plain(out.getvalue())
    assert "importing iec" in shown and "3/3" in shown


def test_quiet_with_json_and_when_not_a_terminal():
    for out, quiet in ((Terminal(), True), (io.StringIO(), False)):
        with progress_bar("importing iec", quiet=quiet, stream=out) as bar:
            bar(1, 2)
            bar(2, 2)
        assert not bar.drawn and bar.updates == 2  # counted, not drawn
        assert out.getvalue() == ""


def test_rich_is_loaded_only_when_a_bar_is_drawn():
    code = ("import sys, io; from console.progress import progress_bar\n"
            "with progress_bar('x', stream=io.StringIO()) as bar: bar(1, 1)\n"
            "import console.services.courier.filing, console.services.schemes.drawback\n"
            "import console.services.admin.registries, console.demo\n"
            "print('rich.progress' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_directory_import_reports_every_row(demo_core, actors, tmp_path):
    from console.services.admin.registries import import_directory

    feed = tmp_path / "dgft.csv"
    feed.write_text("iec,name,address,status\n"
                    "AAACR5055K,Reliance Exports,Mumbai,active\n"
                    "ABC,Too Short,Nowhere,active\n"
                    "AAACT2727Q,Tata Exports,Pune,active\n")
    seen: list[tuple[int, int]] = []
    report = import_directory(demo_core, actors["clk1"], "iec", feed,
                              progress=lambda *a: seen.append(a))
    assert (report.loaded, len(report.errors)) == (2, 1)
    assert seen == [(1, 3), (2, 3), (3, 3)]  # bad rows count as done too


def test_courier_bulk_filing_reports_each_chunk(demo_core, actors, tmp_path):
    from console.services.courier import filing
    from tests.test_courier import _row, _write

    rows = [_row(demo_core, f"PG{i}") for i in range(5)]
    seen: list[tuple[int, int]] = []
    path = _write(tmp_path / "bulk.csv", rows)
    report = filing.file_bulk(demo_core, actors["opr1"], path, chunk=2,
                              progress=lambda *a: seen.append(a))
    assert len(report.filed) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]
    seen.clear()  # rows given as a list: their number is known too
    filing.file_bulk(demo_core, actors["opr1"], rows[:3], chunk=2,
                     progress=lambda *a: seen.append(a))
    assert seen == [(2, 3), (3, 3)]


def test_the_scroll_reports_each_claim(demo_core, actors, clock):
    from console.services.schemes import drawback as dbk
    from tests.test_drawback import _claim, _clear_queue, _exported

    _clear_queue(demo_core, actors)
    for _ in range(2):
        dbk.sanction(demo_core, actors["dbk1"], _claim(demo_core, _exported(demo_core, actors)).id)
        clock.advance(minutes=5)
    seen: list[tuple[int, int]] = []
    scroll = dbk.generate_scroll(demo_core, actors["dbk1"], progress=lambda *a: seen.append(a))
    assert len(scroll.lines) == 2 and seen == [(1, 2), (2, 2)]


def test_demo_reports_each_section(core, monkeypatch):
    import console.demo as demo
    import console.services.admin.setup as setup

    def officers(core, ctx):
        ctx["officers"] = ["apr1"]

    monkeypatch.setattr(setup, "initialise", lambda url, training: (core, {}))
    monkeypatch.setattr(demo, "SECTIONS", [officers, lambda core, ctx: None])
    seen: list[tuple[int, int]] = []
    summary = demo.build_demo(core.db.url, progress=lambda *a: seen.append(a))
    assert summary["officers"] == ["apr1"]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]  # the database, then each section


def test_the_cli_draws_no_bar_with_json(cli, monkeypatch):
    """With --json the command prints its JSON and nothing else (stdout and stderr), even
    on a terminal."""
    import console.progress
    from tests.test_courier import _row, _write

    monkeypatch.setattr(console.progress, "shows_on", lambda stream: True)
    feed = cli.tmp / "feed.csv"
    feed.write_text("iec,name,address,status\nAAACR5055K,Reliance Exports,Mumbai,active\n")
    # ``cli`` adds --json and parses the whole output as JSON
    assert cli("directory", "import", "iec", feed, "--user", "clk1")["loaded"] == 1
    bulk = _write(cli.tmp / "bulk.csv", [_row(cli.core, "PJ1"), _row(cli.core, "PJ2")])
    assert len(cli("csb", "bulk", bulk, "--user", "opr1")["filed"]) == 2


def test_the_cli_draws_the_bar_on_a_terminal(cli, monkeypatch):
    """Without --json, on a terminal: the bar (on stderr), then the command's summary."""
    from typer.testing import CliRunner

    import console.progress
    from console.cli import app

    monkeypatch.setattr(console.progress, "shows_on", lambda stream: True)
    feed = cli.tmp / "feed.csv"
    feed.write_text("iec,name,address,status\nAAACR5055K,Reliance Exports,Mumbai,active\n"
                    "AAACT2727Q,Tata Exports,Pune,active\n")
    result = CliRunner().invoke(app, ["directory", "import", "iec", str(feed), "--user",
                                      "clk1"])
    assert result.exit_code == 0, result.output
    assert "importing iec" in plain(result.stderr) and "2/2" in plain(result.stderr)
    assert result.stdout.strip() == "iec: 2 loaded, 0 rejected"

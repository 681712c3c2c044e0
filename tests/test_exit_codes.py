"""Exit codes (issue 18 item 3): every outcome of an ``ices`` command has its own status,
documented in the README, and ``--json`` carries the same kind in its error object. The
command runs through ``console.cli.main`` as the installed ``ices`` does."""

from __future__ import annotations

import json
import shutil

import pytest

from console.errors import ExitCode


@pytest.fixture
def ices(templates, tmp_path, monkeypatch, capsys):
    """``ices("sb", "show", "1")`` -> (exit status, stdout, stderr) on a demo copy."""
    from console.cli import main
    from console.commands import common

    path = tmp_path / "exit.db"
    shutil.copy(templates["demo"], path)
    monkeypatch.setenv("ICES_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ICES_PASSWORD", "ices-demo")
    monkeypatch.delenv("ICES_DEBUG", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        common.State._core = None
        monkeypatch.setattr("sys.argv", ["ices", *map(str, args)])
        with pytest.raises(SystemExit) as done:
            main()
        out, err = capsys.readouterr()
        return int(done.value.code or 0), out, err

    run.tmp = tmp_path
    return run


def _kind(out: str) -> str:
    return json.loads(out)["kind"]


def test_each_outcome_has_its_exit_status_and_json_kind(ices):
    sb = "1000001"
    assert ices("sb", "show", sb, "--json")[0] == ExitCode.DONE
    code, out, _ = ices("sb", "show", "9999999", "--json")
    assert (code, _kind(out)) == (ExitCode.NOT_FOUND_OR_NOT_PERMITTED,
                                  "not_found_or_not_permitted")
    code, out, _ = ices("sb", "assess", sb, "--user", "opr1", "--json")
    assert (code, _kind(out)) == (ExitCode.NOT_FOUND_OR_NOT_PERMITTED,
                                  "not_found_or_not_permitted")
    assert json.loads(out)["exception"] == "NotPermitted" and json.loads(out)["rule"]
    code, out, err = ices("sb", "show", sb, "--no-such-option", "--json")
    assert (code, _kind(out)) == (ExitCode.USAGE, "usage")
    code, out, err = ices("sb", "show", "abc")
    assert code == ExitCode.USAGE and "Usage:" in err and not out
    bad = ices.tmp / "bad.json"
    bad.write_text('{"iec": "AABCS5678K", "items": 5}')
    code, out, _ = ices("sb", "new", "--file", bad, "--user", "opr1", "--json")
    assert (code, _kind(out)) == (ExitCode.BAD_INPUT, "bad_input")


def test_a_rule_refusal_is_refused_not_bad_input(ices):
    """A document in the wrong state for the act: the rule refuses it (exit 3)."""
    done = ices("sb", "show", "1000001", "--json")
    state = json.loads(done[1])["state"]
    assert state != "draft"
    code, out, err = ices("sb", "submit", "1", "--user", "opr1")  # job 1 is long submitted
    assert code == ExitCode.REFUSED and err.startswith("refused:"), err


def test_rejected_rows_of_a_file_are_bad_input(ices):
    csv = ices.tmp / "iec.csv"
    csv.write_text("code,name\nNOT-AN-IEC,Nobody\n")
    code, _, err = ices("directory", "import", "iec", csv, "--user", "clk1")
    assert code == ExitCode.BAD_INPUT, err


def test_an_internal_fault_is_70_with_its_type_and_no_traceback(ices, monkeypatch):
    from console.services.exports import sb_common

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a fault of ours")

    monkeypatch.setattr(sb_common, "get_sb", broken)
    monkeypatch.setattr("console.commands.sb.get_sb", broken, raising=False)
    code, out, err = ices("sb", "show", "1000001", "--json")
    assert (code, _kind(out)) == (ExitCode.INTERNAL, "internal")
    assert "ZeroDivisionError" in json.loads(out)["error"] and "Traceback" not in err

"""End to end through ``ices``: one SB of each route from keying to EGM, JSON out."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from console.cli import app
from console.clock import FixedClock
from console.core import Core
from console.errors import NotFound, NotPermitted, RuleViolation
from db.engine import Database
from tests.conftest import T0
from tests.sb_support import IEC_HANDLOOM, IEC_MARINE, IEC_PHARMA, IEC_STEEL, declaration


@pytest.fixture
def cli(templates, tmp_path, monkeypatch):
    path = tmp_path / "cli.db"
    shutil.copy(templates["demo"], path)
    url = f"sqlite:///{path}"
    env = {"ICES_DATABASE_URL": url, "ICES_PASSWORD": "ices-demo",
           "ICES_CLOCK": T0.isoformat(timespec="minutes")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    runner = CliRunner()
    core = Core(Database(url), FixedClock(T0))

    def ices(*args: str):
        result = runner.invoke(app, [*map(str, args), "--json"], catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    ices.core = core
    ices.tmp = tmp_path
    yield ices
    core.db.dispose()


CASES = {
    "facilitated": (IEC_MARINE, "09", {"avoid": "03"}),
    "assessment": (IEC_MARINE, "03", {}),
    "examination": (IEC_HANDLOOM, "52", {}),
    "assessment_and_examination": (IEC_PHARMA, "3004", {}),
    "acdc": (IEC_STEEL, "72", {"quantity": "1000", "unit_price": "200"}),
}


def test_cli_every_route_from_keying_to_egm(cli):
    """EXP-FIL-2/3, EXP-RMS-1/2/5, EXP-ASM-1/5, EXP-QRY-1, EXP-ARR-1/2, EXP-EXM-1,
    EXP-LEO-1/3, EXP-STF-1, EXP-EGM-1 through the command line."""
    done = {}
    for name, (iec, prefix, kw) in CASES.items():
        path = cli.tmp / f"{name}.json"
        path.write_text(json.dumps(declaration(cli.core, iec, prefix, **kw)))
        job = cli("sb", "new", "--file", path, "--user", "opr1")["job_no"]
        assert cli("sb", "checklist", job, "--user", "opr1")["checklist_round"] == 1
        sb = cli("sb", "submit", job, "--user", "opr1")
        n = sb["sb_no"]
        route = "examination" if name == "acdc" else name
        assert sb["route"] == route, (name, sb["rms_note"])
        if name == "assessment":
            cli("sb", "query", "raise", n, "-p", "MPEDA certificate?", "-p", "Species?",
                "--user", "apr1")
            assert cli("sb", "query", "approve", n, "--user", "acdc1")["state"] == "query_pending"
            cli("sb", "query", "reply", n, "--text", "Certificate 4411", "--user", "opr1")
            sb = cli("sb", "query", "close", n, "--user", "acdc1")
            assert sb["state"] == "awaiting_assessment"
        if sb["state"] == "awaiting_assessment":
            sb = cli("sb", "assess", n, "--user", "apr1")
        if name == "acdc":
            assert (sb["state"], sb["acdc_rule"]) == ("awaiting_acdc", "EXP-ASM-1.i")
            cli("sb", "admit", n, "--user", "cus1")
            with pytest.raises(RuleViolation):  # EXP-ASM-5
                cli("sb", "register-goods", n, "--packages", sb["packages"], "--user", "exm1")
            sb = cli("sb", "clear", n, "--user", "acdc1")
        for ccr in sb["ccrs"]:
            cli("sb", "ccr", n, ccr["code"], "--complied", "--user", "apr1")
        if sb["cess_challan_no"]:
            cli("sb", "pay-cess", n, "--user", "opr1")
        if not sb["admitted_at"]:
            cli("sb", "admit", n, "--user", "cus1")
        sb = cli("sb", "register-goods", n, "--packages", sb["packages"], "--user", "exm1")
        if route in ("facilitated", "assessment"):  # no examination on these routes
            assert sb["state"] == "goods_registered" and sb["goods"]["examiner"] == ""
        else:
            assert sb["state"] == "under_examination"
            sb = cli("sb", "examine", n, "--report", "as declared", "--representative",
                     "R. Babu, ID 4471", "--user", sb["goods"]["examiner"])
            assert sb["state"] == "examined"
        sb = cli("sb", "leo", n, "--expected-version", sb["version"], "--user", "apr2")
        assert sb["state"] == "let_export" and sb["brc_due_date"] == "2028-02-02"
        cli("sb", "stuffing", n, "--container", "AIAU1234567", "--seal", "S9", "--user", "exm1")
        done[name] = n
    manifest = cli("egm", "file", "--carrier", "AI", "--voyage", "AI-9721",
                   *[x for n in done.values() for x in ("--sb", n)], "--user", "car1")
    assert sorted(manifest["sb_nos"]) == sorted(done.values())
    for n in done.values():
        shown = cli("sb", "show", n)
        assert shown["state"] == "exported" and shown["egm"]["egm_no"] == manifest["egm_no"]
    history = cli("sb", "enquiry", done["assessment"], "--user", "cus1")["history"]
    actions = [h["action"] for h in history]
    assert actions[:4] == ["key", "checklist", "submit", "route"] and actions[-1] == "egm"


def test_cli_refusals_worklist_and_rms(cli):
    with pytest.raises(NotFound):
        cli("sb", "show", 9999999)
    path = cli.tmp / "x.json"
    path.write_text(json.dumps(declaration(cli.core, IEC_HANDLOOM, "52")))
    with pytest.raises(NotPermitted):
        cli("sb", "new", "--file", path, "--user", "apr1")
    page = cli("sb", "worklist", "--user", "acdc1")
    assert page["total"] >= 1 and page["rows"]
    rules = cli("rms", "list")
    added = cli("rms", "add", "--name", "Test rule", "--route", "examination", "--iec",
                IEC_HANDLOOM, "--priority", "1", "--user", "acdc1")
    assert added["id"] not in [r["id"] for r in rules]
    assert cli("rms", "disable", added["id"], "--reason", "trial", "--user", "acdc1")["active"] \
        is False

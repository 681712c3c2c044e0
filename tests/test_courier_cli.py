"""``ices csb``: the courier commands are thin adapters over the services (CSB-1..6)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from console.cli import app
from console.services.courier import filing

ENV = {"ICES_PASSWORD": "ices-demo", "ICES_CLOCK": "2026-11-02T11:00"}


@pytest.fixture
def ices(demo_core):
    runner = CliRunner()

    def run(*args: str, ok: bool = True):
        result = runner.invoke(app, ["--db", demo_core.db.url, "csb", *args], env=ENV)
        if ok:
            assert result.exit_code == 0, (result.output, result.exception)
        return result

    return run


def _json(result):
    return json.loads(result.output)


def test_csb_cli_file_xray_auto_leo_show_and_report(ices, demo_core):
    """CSB-1, CSB-2, CSB-6 through the CLI."""
    from sqlmodel import select

    import db.tables as t

    with demo_core.db.read() as s:
        item = s.exec(select(t.TariffItem.item).where(t.TariffItem.item.startswith("62"),
                                                       t.TariffItem.export_duty_rate == 0)
                      ).first()
    if item is None:
        pytest.skip("the tariff has no chapter 62 item")
    filed = _json(ices("file", "--courier", "BDEX", "--hawb", "CLI0001", "--form", "IV",
                       "--consignee", "Ravi Menon", "--country", "US", "--value", "9000",
                       "--description", "cotton shirts", "--weight", "0.8", "--tariff", item,
                       "--iec", "AAPCA1234F", "--user", "opr1", "--json"))
    assert filed["route"] == "facilitated"
    out = ices("xray", str(filed["csb_no"]), "--user", "cus1")
    assert "Auto-LEO (CSB-2" in out.output
    shown = _json(ices("show", "CLI0001", "--history", "--json"))
    assert shown["leo_by"] == "SYSTEM" and shown["autoleo_rule"] == "CSB-2"
    assert [h["action"] for h in shown["history"]][-1] == "auto_leo"
    report = _json(ices("report", "--user", "apr1", "--json"))
    today = [r for r in report if r["day"] == "2026-11-02"][0]
    assert today["auto_leo"] >= 1
    again = ices("xray", str(filed["csb_no"]), "--user", "cus1", ok=False)
    assert again.exit_code != 0 and "already has Let Export Order" in str(again.exception)


def test_csb_cli_bulk_reports_bad_lines_and_exits_bad_input(ices, tmp_path):
    path = tmp_path / "bulk.csv"
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(filing.BULK_COLUMNS))
        w.writeheader()
        w.writerow({"courier": "BDEX", "hawb": "CLB1", "form": "III", "consignee_name": "A",
                    "consignee_country": "GB", "value": "0", "description": "documents",
                    "gross_weight_kg": "0.2", "consignor_name": "K. Suresh",
                    "consignor_address": "Vizag", "consignor_kyc": "PAN:ABCPE1234F"})
        w.writerow({"courier": "BDEX", "hawb": "CLB2", "form": "X"})
    result = ices("bulk", str(path), "--user", "opr1", ok=False)
    assert result.exit_code == 4  # ExitCode.BAD_INPUT: rows rejected
    assert "1 filed" in result.output and "line 3:" in result.output
    queue = _json(ices("worklist", "--user", "cus1", "--json"))
    assert queue["queue"] == "xray" and queue["total"] >= 1

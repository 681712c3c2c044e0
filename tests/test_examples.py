"""fixtures/examples/: the example declarations the README documents file cleanly on the
demo database through the CLI, as an operator or a script would key them."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"


def test_exp_fil_1_the_example_sb_files_checklists_and_submits(cli):
    """EXP-FIL-1..3: sb.json keys as a draft, its checklist prints, it is submitted and
    routed (an SB number, a route)."""
    keyed = cli("sb", "new", "--file", EXAMPLES / "sb.json", "--user", "opr1")
    assert keyed["state"] == "draft" and keyed["items"][0]["tariff_item"] == "03033300"
    cli("sb", "checklist", keyed["job_no"], "--user", "opr1")
    done = cli("sb", "submit", keyed["job_no"], "--user", "opr1")
    assert done["sb_no"] and done["route"] and done["drawback"] != "0.00"

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


def test_imp_be_1_the_example_be_files_on_a_free_demo_line_and_submits(cli):
    """IMP-BE-1..4: be.json keys a BE against the demo's free IGM line 098-FREE-5 (IGM
    20002), its checklist round is recorded and it is submitted: a BE number, duty
    assessed on the declared value with freight and insurance."""
    keyed = cli("be", "new", EXAMPLES / "be.json", "--user", "opr1")
    assert keyed["state"] == "draft" and keyed["bl_no"] == "098-FREE-5"
    cli("be", "checklist", keyed["job_no"], "--user", "opr1")
    done = cli("be", "submit", keyed["job_no"], "--user", "opr1")
    assert done["be_no"] and done["state"] in {"second_check", "first_check"}
    assert done["duty"] != "0.00"

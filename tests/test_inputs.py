"""Numbers that are not numbers (issue 17 item 8): a count is a whole positive number or a
refusal naming the field; a number is finite, in digits, with a sane number of decimals;
text is never a boolean or a list. Each refusal names the field path and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.errors import InvalidInput
from console.services.exports import filing
from console.services.imports import bills_of_entry as bes
from console.services.imports import manifests
from tests.sb_support import snapshot

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"


def _sb() -> dict:
    return json.loads((EXAMPLES / "sb.json").read_text())


@pytest.mark.parametrize("bad, field", [
    ({"packages": "1e-400"}, "packages"),  # was stored as 0 packages
    ({"packages": 1.5}, "packages"),  # was stored as 1
    ({"packages": True}, "packages"),
    ({"packages": "12345678901234567890"}, "packages"),
    ({"branch_sl": "abc"}, "branch_sl"),  # was a traceback
    ({"marks": True}, "marks"),  # was stored as the text "True"
    ({"marks": ["A", "B"]}, "marks"),
    ({"recipient_name": "Atlantic\x00Seafood"}, "recipient_name"),  # NUL
    ({"sdf_declared": ["yes"]}, "sdf_declared"),
    ({"invoices": ["str"]}, "invoices"),  # was a traceback
    ({"items": 5}, "items"),  # was a traceback
    ({"gross_weight_kg": "1e30"}, "gross_weight_kg"),
])
def test_exp_fil_1_sb_counts_numbers_and_text_are_what_they_say(demo_core, actors, bad,
                                                                 field):
    """EXP-FIL-1: each bad value is refused naming its field; nothing is written."""
    before = snapshot(demo_core)
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], {**_sb(), **bad})
    assert err.value.field == field
    assert snapshot(demo_core) == before


@pytest.mark.parametrize("bad, field", [
    ({"quantity": "1e30"}, "items[1].quantity"),
    ({"quantity": "1e-400"}, "items[1].quantity"),
    ({"quantity": True}, "items[1].quantity"),
    ({"invoice_sl": "first"}, "items[1].invoice_sl"),
])
def test_exp_fil_1_sb_item_numbers(demo_core, actors, bad, field):
    data = _sb()
    data["items"] = [{**data["items"][0], **bad}]
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert err.value.field == field


def test_imp_be_1_be_and_igm_numbers(demo_core, actors):
    """IMP-BE-1, IMP-IGM-1: the BE's and the IGM's counts and numbers."""
    be = json.loads((EXAMPLES / "be.json").read_text())
    for bad, field in (({"igm_no": "20002x"}, "igm_no"), ({"invoice_value": [1]},
                                                          "invoice_value"),
                       ({"first_check": "perhaps"}, "first_check"), ({"items": "x"}, "items")):
        with pytest.raises(InvalidInput) as err:
            bes.file_be(demo_core, actors["opr1"], {**be, **bad})
        assert err.value.field == field, bad
    line = {"bl_no": "AWB-N1", "importer_name": "Andhra Pharma", "packages": 10,
            "gross_weight_kg": "100", "description": "paint"}
    for bad, field in (({"packages": 2.5}, "lines[1].packages"),
                       ({"packages": "1e-400"}, "lines[1].packages"),
                       ({"gross_weight_kg": "1e30"}, "lines[1].gross_weight_kg"),
                       ({"description": False}, "lines[1].description")):
        with pytest.raises(InvalidInput) as err:
            manifests.file_igm(demo_core, actors["car1"], "AI", demo_core.today(),
                               [{**line, **bad}])
        assert err.value.field == field, bad

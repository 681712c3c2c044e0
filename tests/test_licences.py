"""Scheme licences: DGFT's online licences, port registration (EXP-REG-9) and the Annexure
D details of each SB item (EXP-LIC-1). The demo has Andhra Pharma's Advance Authorisation
0310099887 from DGFT (export items 1-2, Part-C C1-C3) and an older licence 0310012345
registered at Visakhapatnam as INVTZ4/1."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted
from console.services import filing, licences
from tests.sb_support import IEC_MARINE, IEC_PHARMA, declaration, snapshot


def _data(core, number: str = "0310099887", export_sl: str = "1",
          inputs: str = "C1/M, C3/N, cess:12", scheme: str = "03", iec: str = IEC_PHARMA):
    data = declaration(core, iec, "30", avoid="3004")
    data["items"][0].update(scheme_code=scheme, licence_no=number, licence_item_sl=export_sl,
                            licence_inputs=inputs)
    return data


def test_exp_reg_9_dgft_licence_needs_no_registration_an_old_one_is_registered(demo_core,
                                                                                actors):
    """EXP-REG-9: DGFT's licence is on record as received online, with no registration
    number; the older licence registered by the designated officer has INVTZ4/1, which
    scheme code 17 quotes; a licence on record neither way is refused."""
    dgft = licences.get_licence(demo_core, "0310099887")
    assert (dgft.source, dgft.registration_no, dgft.export_items[0][0]) == ("dgft", "", 1)
    old = licences.get_licence(demo_core, "0310012345")
    assert (old.source, old.port_code, old.registration_no) == ("port", "INVTZ4", "INVTZ4/1")
    assert licences.get_licence(demo_core, "INVTZ4/1").licence_no == "0310012345"
    view = filing.create_draft(demo_core, actors["opr1"],
                               _data(demo_core, "INVTZ4/1", inputs="C1/M", scheme="17"))
    assert view.items[0].licence_no == "INVTZ4/1"
    before = snapshot(demo_core)
    for number, scheme, words in (("0310099887", "17", "registration number"),
                                  ("0399999999", "03", "not on record")):
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"],
                                _data(demo_core, number, scheme=scheme))
        assert (err.value.rule, err.value.field) == ("EXP-REG-9", "items[1].licence_no")
        assert words in err.value.message
    assert snapshot(demo_core) == before
    with pytest.raises(NotPermitted):
        licences.register_at_port(demo_core, actors["opr1"], {})
    reg = licences.register_at_port(demo_core, actors["clk1"], {
        "licence_no": "0310055555", "kind": "epcg", "iec": IEC_MARINE,
        "issued_on": "2025-01-01", "valid_to": "2031-12-31", "export_obligation": "1000000",
        "export_items": ["Frozen shrimps"], "part_c": []})
    assert reg.registration_no == "INVTZ4/2"  # the port's running series


def test_exp_lic_1_annexure_d_checked_item_by_item(demo_core, actors):
    """EXP-LIC-1: the export item's serial in the licence, the Part-C inputs used, inputs
    not in Part-C by description, each N (indigenous) or M (imported), the cess schedule
    serial; the licence must be the exporter's. Every miss names the field; nothing is
    written."""
    ok = filing.create_draft(demo_core, actors["opr1"], _data(
        demo_core, inputs="C1/M, C2/N, aluminium foil not in Part-C/N, cess:12"))
    assert ok.items[0].licence_inputs.startswith("C1/M")
    before = snapshot(demo_core)
    for kw, field, words in (
            ({"export_sl": "3"}, "licence_item_sl", "no export item 3"),
            ({"inputs": "C7/M"}, "licence_inputs", "no Part-C input C7"),
            ({"inputs": "C1"}, "licence_inputs", "then /N or /M"),
            ({"inputs": "cess:12"}, "licence_inputs", "list the inputs used"),
            ({"iec": IEC_MARINE}, "licence_no", f"not {IEC_MARINE}")):
        data = _data(demo_core, **kw)
        if "iec" in kw:
            data = _data(demo_core, iec=IEC_PHARMA)
            data["iec"] = IEC_MARINE
            with demo_core.db.read() as s:
                ad = s.exec(select(t.AdRegistration.ad_code).where(
                    t.AdRegistration.iec == IEC_MARINE,
                    t.AdRegistration.port_code == "INVTZ4")).first()
            data["ad_code"] = ad
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"], data)
        assert (err.value.rule, err.value.field) == ("EXP-LIC-1", f"items[1].{field}"), kw
        assert words in err.value.message
    assert snapshot(demo_core) == before


def test_exp_lic_1_licence_valid_on_the_sb_date(demo_core, actors):
    """EXP-LIC-1: a licence past its validity is refused on the SB."""
    with demo_core.db.write() as s:
        lic = s.exec(select(t.Licence).where(t.Licence.licence_no == "0310099887")).one()
        lic.valid_to = demo_core.today().replace(year=demo_core.today().year - 1)
        s.add(lic)
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], _data(demo_core))
    assert err.value.rule == "EXP-LIC-1" and "is valid" in err.value.message


def test_exp_reg_9_cli_register_and_show(cli):
    """EXP-REG-9 by CLI: register an older licence, quote its number back."""
    path = cli.tmp / "lic.json"
    path.write_text(json.dumps({"licence_no": "0310077777", "kind": "epcg", "iec": IEC_MARINE,
                                "issued_on": "2025-04-01", "valid_to": "2030-03-31",
                                "export_items": ["Frozen fish fillets"], "part_c": []}))
    done = cli("licence", "register", str(path), "--user", "clk1")
    assert done["registration_no"].startswith("INVTZ4/") and done["source"] == "port"
    assert cli("licence", "show", done["registration_no"])["licence_no"] == "0310077777"

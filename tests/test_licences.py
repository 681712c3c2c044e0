"""Scheme licences: DGFT's online licences, port registration (EXP-REG-9) and the Annexure
D details of each SB item (EXP-LIC-1), and what SBs contribute towards a licence's export
obligation. The demo has Andhra Pharma's Advance Authorisation 0310099887 from DGFT (export
items 1-2, Part-C C1-C3), an older licence 0310012345 registered at Visakhapatnam as
INVTZ4/1, and Sagar Marine's EPCG licence 0330044556 with one SB at Let Export."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.demo.schemes import EPCG
from console.errors import InvalidInput, NotPermitted
from console.services.exports import cancellations, filing, leo
from console.services.schemes import licences
from tests.sb_support import (
    IEC_MARINE,
    IEC_PHARMA,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)


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
    assert (dgft.source, dgft.registration_no, dgft.export_items[0].sl) == ("dgft", "", 1)
    old = licences.get_licence(demo_core, "0310012345")
    assert (old.source, old.port_code, old.registration_no) == ("port", "INVTZ4", "INVTZ4/1")
    assert licences.get_licence(demo_core, "INVTZ4/1").licence_no == "0310012345"
    view = filing.create_draft(demo_core, actors["opr1"],
                               _data(demo_core, " invtz4/1", inputs="C1/M", scheme="17"))
    assert view.items[0].licence_no == "INVTZ4/1"  # kept as on record
    before = snapshot(demo_core)
    for number, scheme, words in (("0310099887", "17", "registration number"),
                                  ("0399999999", "03", "not on record")):
        with pytest.raises(InvalidInput) as err:
            filing.create_draft(demo_core, actors["opr1"],
                                _data(demo_core, number, scheme=scheme))
        assert (err.value.rule, err.value.field) == ("EXP-REG-9", "items[1].licence_no")
        assert words in err.value.message
    assert snapshot(demo_core) == before
    for who in ("opr1", "apr1"):  # roles.md: the registration clerk registers licences
        with pytest.raises(NotPermitted) as refused:
            licences.register_at_port(demo_core, actors[who], {})
        assert (refused.value.act, refused.value.check) == ("LICENCE.register", "role")
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
                                "export_obligation": "900000",
                                "export_items": [{"description": "Frozen fish fillets",
                                                  "quantity": "4000", "uqc": "KGS"}],
                                "part_c": []}))
    done = cli("licence", "register", str(path), "--user", "clk1")
    assert done["registration_no"].startswith("INVTZ4/") and done["source"] == "port"
    shown = cli("licence", "show", done["registration_no"])
    assert shown["licence_no"] == "0310077777" and shown["balance"] == "900000.00"
    assert shown["export_items"][0]["quantity"] == "4000"
    mine = cli("licence", "list", "--iec", IEC_MARINE)
    assert {x["licence_no"] for x in mine} == {EPCG, "0310077777"}
    assert cli("licence", "register", str(path), "--user", "clk1", ok=False).exit_code != 0


def _epcg(core, quantity: str = "300", inputs: str = ""):
    data = declaration(core, IEC_MARINE, "03", quantity=quantity, scheme="epcg")
    data["items"][0].update(licence_no=EPCG, licence_item_sl="1", licence_inputs=inputs)
    return data


def test_exp_reg_9_licence_items_quantities_values_and_refusals(demo_core, actors):
    """EXP-REG-9: a licence is registered with its export items and Part-C inputs, each with
    quantity, unit and value where the licence gives them, and (EPCG) its export obligation;
    malformed lines, an unknown unit, an EPCG licence without obligation, a bad IEC: refused,
    naming the field, nothing written."""
    good = {"licence_no": "0330099001", "kind": "advance", "iec": IEC_PHARMA,
            "issued_on": "2026-01-01", "valid_to": "2027-12-31", "export_obligation": "500000",
            "export_items": [{"description": "Amoxicillin capsules", "quantity": "1200.5",
                              "uqc": "kgs", "value": "500000"}],
            "part_c": [{"sl": 4, "description": "Amoxicillin trihydrate", "quantity": "900",
                        "uqc": "KGS", "value": "250000.50"}, "Gelatin capsules, empty"]}
    before = snapshot(demo_core)
    for change, field, rule in (
            ({"export_items": [{"description": "x", "quantity": "abc", "uqc": "KGS"}]},
             "export_items[1].quantity", "EXP-REG-9"),
            ({"export_items": [{"description": "x", "quantity": "-5", "uqc": "KGS"}]},
             "export_items[1].quantity", "EXP-REG-9"),
            ({"export_items": [{"description": "x", "quantity": "5"}]},
             "export_items[1].uqc", "EXP-REG-7"),
            ({"export_items": [{"description": "x", "quantity": "5", "uqc": "ZZZ"}]},
             "export_items[1].uqc", "EXP-REG-7"),
            ({"part_c": ["a", {"sl": 1, "description": "b"}]}, "part_c[2].sl", "EXP-LIC-1"),
            ({"export_items": [{"description": " "}]}, "export_items[1].description",
             "EXP-LIC-1"),
            ({"kind": "epcg", "export_obligation": ""}, "export_obligation", "EXP-REG-9"),
            ({"iec": "12AB"}, "iec", "EXP-REG-1")):
        with pytest.raises(InvalidInput) as err:
            licences.register_at_port(demo_core, actors["clk1"], {**good, **change})
        assert (err.value.field, err.value.rule) == (field, rule), change
    assert snapshot(demo_core) == before
    with demo_core.db.read() as s:
        assert s.exec(select(t.Licence).where(t.Licence.licence_no == "0330099001")).first() \
            is None
    view = licences.register_at_port(demo_core, actors["clk1"], good)
    (item,) = view.export_items
    assert (item.quantity, item.uqc, item.value) == (Decimal("1200.5"), "KGS",
                                                     Decimal("500000.00"))
    assert [(c.sl, c.value) for c in view.part_c] == [(2, None), (4, Decimal("250000.50"))]
    assert (view.export_obligation, view.fulfilled, view.balance) == (
        Decimal("500000.00"), Decimal(0), Decimal("500000.00"))


def test_exp_reg_9_port_registered_licence_only_at_its_port(demo_core, actors):
    """EXP-REG-9: a licence registered at another port is refused on an SB here (it would
    need a TRA); DGFT's online licences are good at every port."""
    with demo_core.db.write() as s:
        lic = s.exec(select(t.Licence).where(t.Licence.licence_no == "0310012345")).one()
        lic.port_code = "INMAA4"
        s.add(lic)
    before = snapshot(demo_core)
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"],
                            _data(demo_core, "INVTZ4/1", inputs="C1/M", scheme="17"))
    assert err.value.rule == "EXP-REG-9" and "registered at INMAA4, not INVTZ4" in \
        err.value.message
    assert snapshot(demo_core) == before


def test_exp_lic_1_epcg_exports_count_towards_the_obligation(demo_core, actors):
    """EXP-LIC-1 / EXP-REG-9: Sagar Marine's EPCG licence 0330044556 has an obligation of
    Rs 60,00,000 FOB; the demo SB under it exported 200 kg at USD 10 = USD 2,000 x 87.10 =
    Rs 1,74,200.00. A new SB of 300 kg (USD 3,000 x 87.10 = Rs 2,61,300.00) counts only from
    its Let Export: fulfilled Rs 4,35,500.00, balance Rs 55,64,500.00, 500 kg against export
    item 1. An EPCG item needs no Part-C inputs. Withdrawn after LEO (shut out) it no longer
    counts."""
    lic = licences.get_licence(demo_core, EPCG)
    assert (lic.fulfilled, lic.balance) == (Decimal("174200.00"), Decimal("5825800.00"))
    (demo,) = lic.exports
    assert (demo.quantity, demo.uqc, demo.fob, demo.export_sl) == (
        Decimal(200), "KGS", Decimal("174200.00"), "1")
    sb = file(demo_core, actors, _epcg(demo_core))
    assert sb.items[0].licence_inputs == ""
    assert licences.get_licence(demo_core, EPCG).fulfilled == Decimal("174200.00")
    sb = registered(demo_core, actors, assessed(demo_core, actors, sb))
    if sb.state == "under_examination":
        sb = examined(demo_core, actors, sb)
    sb = leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    lic = licences.get_licence(demo_core, EPCG)
    assert (lic.fulfilled, lic.balance) == (Decimal("435500.00"), Decimal("5564500.00"))
    assert [e.sb_no for e in lic.exports] == [demo.sb_no, sb.sb_no]
    (item,) = lic.export_items
    assert (item.exported_quantity, item.exported_fob) == (Decimal(500), Decimal("435500.00"))
    req = cancellations.request_cancellation(demo_core, actors["opr1"], sb.sb_no, "shut_out",
                                             "vessel missed; goods back to the warehouse")
    cancellations.permit_cancellation(demo_core, actors["acdc1"], req.id,
                                      "goods seen at the CFS, not loaded")
    assert licences.get_licence(demo_core, EPCG).fulfilled == Decimal("174200.00")


def test_exp_lic_1_advance_item_must_list_inputs_epcg_need_not(demo_core, actors):
    """EXP-LIC-1: an Advance Authorisation item without inputs is refused; an EPCG item
    (capital goods, no Part-C) is accepted without them, and with them if given."""
    with pytest.raises(InvalidInput) as err:
        filing.create_draft(demo_core, actors["opr1"], _data(demo_core, inputs=""))
    assert (err.value.field, err.value.rule) == ("items[1].licence_inputs", "EXP-LIC-1")
    view = filing.create_draft(demo_core, actors["opr1"],
                               _epcg(demo_core, inputs="ice glazing water/N"))
    assert view.items[0].licence_no == EPCG

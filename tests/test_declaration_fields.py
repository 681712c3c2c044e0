"""What the EDI messages carry and the counter now keys too (issue 16): terms of invoice,
nature of transaction and the CTX registration on the BE; containers and seals on both; the
GSTIN type and state of origin on the SB; state and district of origin and IGST per SB item.

Each field is checked at the boundary (an ``InvalidInput`` naming the field's path and the
rule, nothing written), stored, shown on the SB/BE view, and read back as the dict the
services take (``filing.draft_data``, ``bills_of_entry.keyed_declaration``), so a
declaration keyed, read back and keyed again is the same. The migration c1e0d1f1e201
upgrades a populated database built at b7c1d2e3f4a5 in place.
"""

from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import func, select
from textual.widgets import Input

import db.tables as t
from console.errors import InvalidInput
from console.formats import gstin_check_character
from console.services.admin.officers import login
from console.services.exports import amendments as amd
from console.services.exports import filing
from console.services.exports.sb_common import get_draft, get_sb
from console.services.imports import bills_of_entry as bes
from db.migrate import config
from db.tables.exports import SbContainer
from db.tables.imports import BeContainer
from screens.sb_entry import ItemForm, SbEntryScreen
from tests.app_support import PASSWORD, SIZE, errors, log_in, make_app, pilot_test, settle
from tests.sb_support import file

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"
GSTIN = "27AAPCA1234F1Z" + gstin_check_character("27AAPCA1234F1Z")  # Maharashtra
CONTAINERS = [  # ISO 6346 check digits: CSQU305438-3, MSKU123456-5
    {"container_no": "CSQU3054383", "seal_no": "SL-0042", "seal_type": "RFID", "size": "20"},
    {"container_no": "msku 123456 5", "seal_no": "", "size": "45G0"}]  # spaces dropped


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text())


def sb_declared() -> dict:
    """sb.json with the fields of issue 16: two containers, the state of origin, the item's
    origin and IGST paid on it."""
    data = example("sb.json")
    data.update(gstin_type="PAN", state_of_origin="27", containers=copy.deepcopy(CONTAINERS))
    data["items"][0].update(state_of_origin="27", district_of_origin="487", igst_status="p",
                            taxable_value="85000", igst_amount="4250.50")
    return data


def be_declared() -> dict:
    """be.json with the fields of issue 16, as an operator might type them."""
    data = example("be.json")
    data.update(terms_of_invoice="c&f", nature_of_transaction="s", gstin=GSTIN.lower(),
                containers=[{"container_no": "CSQU3054383", "seal_no": "SL42", "size": "20",
                             "fcl_lcl": "f"}])
    return data


def count(core, table) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(table)).one()


# ---- the Shipping Bill ----


def test_sb_declared_fields_are_stored_shown_and_read_back(demo_core, actors):
    """The SB keeps its containers, GSTIN type and state of origin, and each item's origin
    and IGST; the view shows them; ``draft_data`` gives them back so that keying it again
    changes nothing (the round trip of EDI-7 at the service boundary)."""
    view = filing.create_draft(demo_core, actors["opr1"], sb_declared())
    assert (view.gstin_type, view.state_of_origin, view.edi_sender) == ("PAN", "27", "")
    assert [(c.container_no, c.seal_no, c.seal_type, c.size) for c in view.containers] == [
        ("CSQU3054383", "SL-0042", "RFID", "20"), ("MSKU1234565", "", "", "45G0")]
    item = view.items[0]
    assert (item.state_of_origin, item.district_of_origin, item.igst_status, item.end_use) == (
        "27", "487", "P", "GNX100")
    assert (item.taxable_value, item.igst_amount) == (Decimal("85000"), Decimal("4250.50"))
    data = filing.draft_data(demo_core, view.job_no)
    assert data["containers"][1] == {"container_no": "MSKU1234565", "seal_no": "",
                                     "seal_type": "", "size": "45G0"}
    assert data["items"][0]["igst_status"] == "P"
    again = filing.update_draft(demo_core, actors["opr1"], view.job_no, data)
    assert filing.draft_data(demo_core, view.job_no) == data
    assert (again.containers, again.items[0]) == (view.containers, view.items[0])


def test_sb_without_the_new_fields_reads_as_before(demo_core, actors):
    """A declaration that keys none of them: empty, and its items read back without them
    (the amendment diff knows the older item fields only)."""
    view = filing.create_draft(demo_core, actors["opr1"], example("sb.json"))
    assert (view.gstin_type, view.state_of_origin, view.containers) == ("", "", ())
    data = filing.draft_data(demo_core, view.job_no)
    assert data["containers"] == [] and "igst_status" not in data["items"][0]


def test_sb_gstin_gives_the_type_gsn(demo_core, actors):
    """A GSTIN keyed without its type is of type GSN; a GSN type needs the GSTIN."""
    data = example("sb.json")
    with demo_core.db.read() as s:
        gstin = s.exec(select(t.Gstin.gstin).where(t.Gstin.iec == data["iec"],
                                                   t.Gstin.verified)).first()
    assert gstin, "the demo exporter has a verified GSTIN"
    view = filing.create_draft(demo_core, actors["opr1"], {**data, "gstin": gstin})
    assert (view.gstin, view.gstin_type) == (gstin, "GSN")
    with pytest.raises(InvalidInput) as e:
        filing.create_draft(demo_core, actors["opr1"], {**data, "gstin_type": "GSN"})
    assert (e.value.field, e.value.rule) == ("gstin", "EXP-FIL-8")


SB_REFUSALS = [
    ({"gstin_type": "VAT"}, "gstin_type", "EXP-FIL-8", "one of GSN, PAN, OTH"),
    ({"state_of_origin": "40"}, "state_of_origin", "EXP-FIL-8", "GST state code"),
    ({"containers": [{"container_no": "CSQU3054384"}]}, "containers[1].container_no",
     "EXP-FIL-1", "expected 3"),
    ({"containers": [{"container_no": "CSQ3054383"}]}, "containers[1].container_no",
     "EXP-FIL-1", "ISO 6346"),
    ({"containers": [{"container_no": "CSQU3054383"}, {"container_no": "csqu3054383"}]},
     "containers[2].container_no", "EXP-FIL-1", "declared twice"),
    ({"containers": [{"container_no": "CSQU3054383", "seal_type": "RFID-E-SEAL"}]},
     "containers[1].seal_type", "EXP-FIL-1", "at most 10"),
    ({"containers": [{"container_no": "CSQU3054383", "size": "7"}]}, "containers[1].size",
     "EXP-FIL-1", "22G1"),
    ({"containers": [{"container_no": "CSQU3054383", "colour": "red"}]},
     "containers[1].colour", "EXP-FIL-1", "not a container field"),
    ({"containers": "CSQU3054383"}, "containers", "EXP-FIL-1", "a list"),
    ({"item": {"igst_status": "PAID"}}, "items[1].igst_status", "EXP-FIL-8", "LUT, P"),
    ({"item": {"igst_status": "P", "igst_amount": "10"}}, "items[1].taxable_value",
     "EXP-FIL-8", "IGST is paid"),
    ({"item": {"igst_status": "P", "taxable_value": "0", "igst_amount": "0"}},
     "items[1].taxable_value", "EXP-FIL-8", "above zero"),
    ({"item": {"igst_status": "LUT", "igst_amount": "10"}}, "items[1].igst_amount",
     "EXP-FIL-8", "only with IGST status P"),
    ({"item": {"igst_status": "P", "taxable_value": "10.005", "igst_amount": "1"}},
     "items[1].taxable_value", "EXP-FIL-8", "paise"),
    ({"item": {"district_of_origin": "PUNE"}}, "items[1].district_of_origin", "EXP-FIL-8",
     "district code"),
    ({"item": {"state_of_origin": "0"}}, "items[1].state_of_origin", "EXP-FIL-8",
     "GST state code"),
]


@pytest.mark.parametrize(("change", "field", "rule", "says"), SB_REFUSALS,
                         ids=[r[1] + ":" + r[3] for r in SB_REFUSALS])
def test_sb_bad_declared_fields_are_refused_naming_the_field(demo_core, actors, change, field,
                                                             rule, says):
    data = example("sb.json")
    data["items"][0].update(change.pop("item", {}))
    data.update(change)
    before = count(demo_core, t.ShippingBill)
    with pytest.raises(InvalidInput) as e:
        filing.create_draft(demo_core, actors["opr1"], data)
    assert (e.value.field, e.value.rule) == (field, rule), str(e.value)
    assert says in str(e.value)
    assert count(demo_core, t.ShippingBill) == before


def test_sb_fields_survive_submission_and_an_amendment(demo_core, actors):
    """Submission (re-valued at the SB date) and an approved amendment of another field
    rewrite the items and containers from the declaration: the declared fields stay."""
    sb = file(demo_core, actors, sb_declared())
    req = amd.request_amendment(demo_core, actors["opr1"], sb.sb_no, {"marks": "NEW MARKS"},
                                "marks corrected")
    amd.permit_amendment(demo_core, actors["acdc1"], req.id)
    amd.approve_in_system(demo_core, actors["acdc2"], req.id)
    after = get_sb(demo_core, sb.sb_no)
    assert after.marks == "NEW MARKS"
    assert after.containers == sb.containers and len(after.containers) == 2
    assert after.items[0].igst_status == "P" and after.items[0].district_of_origin == "487"
    assert after.state_of_origin == "27"


# ---- the Bill of Entry ----


def test_be_declared_fields_are_stored_shown_and_read_back(demo_core, actors):
    """Terms of invoice (C&F read as CF), nature of transaction, the CTX registration (a
    GSTIN: tax type G and its state 27 follow from it) and the containers (F: FCL) are kept
    as read; the keyed declaration holds them so, and keying it again changes nothing."""
    view = bes.file_be(demo_core, actors["opr1"], be_declared())
    assert (view.terms_of_invoice, view.nature_of_transaction) == ("CF", "S")
    assert (view.gstin, view.tax_type, view.gst_state_code) == (GSTIN, "G", "27")
    assert [(c.container_no, c.seal_no, c.size, c.fcl_lcl) for c in view.containers] == [
        ("CSQU3054383", "SL42", "20", "FCL")]
    keyed = bes.keyed_declaration(demo_core, view.job_no)
    assert {k: keyed[k] for k in bes.DECLARED} == {
        "terms_of_invoice": "CF", "nature_of_transaction": "S", "gstin": GSTIN,
        "gst_state_code": "27", "tax_type": "G"}
    assert keyed["containers"] == [{"container_no": "CSQU3054383", "seal_no": "SL42",
                                    "size": "20", "fcl_lcl": "FCL"}]
    again = bes.correct_be(demo_core, actors["opr1"], view.job_no, keyed)
    assert bes.keyed_declaration(demo_core, view.job_no) == keyed
    assert again.containers == view.containers and again.gstin == GSTIN
    assert count(demo_core, BeContainer) == 1  # the correction replaced, not added


def test_be_other_registration_and_no_fields(demo_core, actors):
    """A PAN (tax type I) names its state; a BE keying none of the fields keeps them empty
    and its keying as typed (no keys added)."""
    data = {**example("be.json"), "tax_type": "I", "gstin": "AAPCA1234F",
            "gst_state_code": "7"}
    view = bes.file_be(demo_core, actors["opr1"], data)
    assert (view.tax_type, view.gstin, view.gst_state_code) == ("I", "AAPCA1234F", "07")
    bes.correct_be(demo_core, actors["opr1"], view.job_no, example("be.json"))
    plain = bes.get_job(demo_core, view.job_no)
    assert (plain.tax_type, plain.gstin, plain.terms_of_invoice, plain.containers) == (
        "", "", "FOB", ())  # the example keys its terms of invoice (IMP-DUT-7), nothing else
    assert bes.keyed_declaration(demo_core, view.job_no) == example("be.json")


BE_REFUSALS = [
    ({"terms_of_invoice": "EXW"}, "terms_of_invoice", "one of FOB, CF, CI, CIF"),
    ({"nature_of_transaction": "Z"}, "nature_of_transaction", "one of S, C"),
    ({"tax_type": "Q", "gstin": "X1"}, "tax_type", "one of G, V"),
    ({"gstin": GSTIN[:-1] + ("A" if GSTIN[-1] != "A" else "B")}, "gstin", "check character"),
    ({"gstin": GSTIN, "gst_state_code": "29"}, "gst_state_code", "registered in state 27"),
    ({"tax_type": "I"}, "gstin", "required"),
    ({"tax_type": "I", "gstin": "AAPCA1234F"}, "gst_state_code", "required"),
    ({"gst_state_code": "27"}, "tax_type", "required"),
    ({"tax_type": "T", "gstin": "TIN-12"}, "gstin", "letters and digits"),
    ({"gst_state_code": "AB", "tax_type": "I", "gstin": "X"}, "gst_state_code",
     "GST state code"),
    ({"containers": [{"container_no": "CSQU3054383", "seal_no": "SEAL-NUMBER-12"}]},
     "containers[1].seal_no", "at most 10"),
    ({"containers": [{"container_no": "CSQU3054383", "fcl_lcl": "X"}]},
     "containers[1].fcl_lcl", "one of FCL, LCL"),
    ({"containers": [{"container_no": "CSQU3054384"}]}, "containers[1].container_no",
     "check digit"),
]


@pytest.mark.parametrize(("change", "field", "says"), BE_REFUSALS,
                         ids=[f"{r[1]}:{r[2]}" for r in BE_REFUSALS])
def test_be_bad_declared_fields_are_refused_naming_the_field(demo_core, actors, change, field,
                                                             says):
    before = count(demo_core, t.BillOfEntry)
    with pytest.raises(InvalidInput) as e:
        bes.file_be(demo_core, actors["opr1"], {**example("be.json"), **change})
    assert e.value.field == field, str(e.value)
    assert e.value.rule in ("IMP-BE-1", "EXP-REG-8") and says in str(e.value)
    assert count(demo_core, t.BillOfEntry) == before


def test_be_declared_fields_survive_submission(demo_core, actors):
    view = bes.file_be(demo_core, actors["opr1"], be_declared())
    bes.print_checklist(demo_core, actors["opr1"], view.job_no)
    done = bes.submit_be(demo_core, actors["opr1"], view.job_no)
    be = bes.get_be(demo_core, done.be_no)
    assert (be.terms_of_invoice, be.tax_type, len(be.containers)) == ("CF", "G", 1)


# ---- the migration ----


def test_migration_c1e0d1f1e201_upgrades_a_populated_database_in_place(templates, tmp_path):
    """A database at b7c1d2e3f4a5 holding the demo's documents (every row the demo has, in
    the columns that revision knows) is upgraded in place: the rows stay, the new columns
    are empty, the container tables exist and are empty; the code then reads it."""
    from console.services.admin.setup import initialise

    demo = tmp_path / "demo.db"
    shutil.copy(templates["demo"], demo)
    old = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{old}")
    command.upgrade(config(engine), "b7c1d2e3f4a5")
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql(f"ATTACH DATABASE '{demo}' AS demo")
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")]
        for table in tables:
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA main.table_info('{table}')")]
            names = ", ".join(f'"{c}"' for c in cols)
            conn.exec_driver_sql(f'INSERT INTO main."{table}" ({names}) '
                                 f'SELECT {names} FROM demo."{table}"')
    with engine.connect() as conn:
        before = {tbl: conn.exec_driver_sql(f'SELECT count(*) FROM "{tbl}"').scalar()
                  for tbl in ("shippingbill", "sbitem", "billofentry", "beitem", "auditrecord")}
    assert before["shippingbill"] > 10 and before["billofentry"] > 3
    command.upgrade(config(engine), "c1e0d1f1e201")
    with engine.connect() as conn:
        after = {tbl: conn.exec_driver_sql(f'SELECT count(*) FROM "{tbl}"').scalar()
                 for tbl in before}
        assert after == before
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM shippingbill WHERE edi_sender != '' OR gstin_type != '' "
            "OR state_of_origin != ''").scalar() == 0
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sbitem WHERE igst_status != '' OR taxable_value IS NOT NULL"
        ).scalar() == 0
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM billofentry WHERE terms_of_invoice != '' OR gstin != '' "
            "OR tax_type != '' OR edi_sender != ''").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM sbcontainer").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM becontainer").scalar() == 0
        sb_no = conn.exec_driver_sql(
            "SELECT max(sb_no) FROM shippingbill WHERE sb_no IS NOT NULL").scalar()
    engine.dispose()
    core, _ = initialise(f"sqlite:///{old}")  # on to the newest revision, as `ices init`
    sb = get_sb(core, sb_no)
    assert sb.containers == () and sb.edi_sender == "" and sb.items[0].igst_status == ""
    assert count(core, SbContainer) == 0


# ---- the entry forms ----


@pilot_test
async def test_the_be_form_keys_the_declared_fields(demo_core):
    """The BE form keys terms of invoice, nature of transaction, the CTX registration and
    the containers in one line ("number/seal/size/FCL; ..."); saved, the inputs show what
    the service read (C&F: CF; the state from the GSTIN)."""
    from tests.test_be_entry_screen import file_igm, key_head, key_items, open_entry

    core = demo_core
    igm_no = file_igm(core)
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot)
        await key_head(pilot, igm_no)
        assert entry.focused is entry.query_one("#h-terms_of_invoice")
        await pilot.press(*"c&f", "enter", *"s", "enter")
        await key_items(pilot)
        for name, value in (("gstin", GSTIN.lower()),
                            ("containers", "csqu3054383/SL42/20/f; MSKU1234565//40/LCL")):
            entry.query_one(f"#h-{name}", Input).value = value
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is not None, errors(app)
        assert not errors(app), errors(app)
        shown = {n: entry.query_one(f"#h-{n}", Input).value
                 for n in ("terms_of_invoice", "tax_type", "gst_state_code", "containers")}
        assert shown == {"terms_of_invoice": "CF", "tax_type": "G", "gst_state_code": "27",
                         "containers": "CSQU3054383/SL42/20/FCL; MSKU1234565//40/LCL"}
        assert not entry.unsaved
        job = entry.view.job_no
        entry.query_one("#h-containers", Input).value = "CSQU3054384/S1/20/FCL"
        await pilot.press("f2")
        await settle(pilot)
        assert "Containers 1 container no" in str(entry.query_one("#entry-error").render())
        assert entry.focused is entry.query_one("#h-containers")
        assert entry.query_one("#h-containers", Input).has_class("-invalid")
    be = bes.get_job(core, job)
    assert [c.fcl_lcl for c in be.containers] == ["FCL", "LCL"]
    assert be.nature_of_transaction == "S"


@pilot_test
async def test_the_sb_form_keys_the_declared_fields(demo_core):
    """The SB form keys the state of origin, the GSTIN type and the containers below the
    invoice, and an item's IGST and origin on its item form; a resumed draft shows them."""
    from tests.test_app_sb import key_declaration

    core = demo_core
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        await pilot.press("f2")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, SbEntryScreen)
        await key_declaration(pilot, core)
        for name, value in (("state_of_origin", "36"), ("gstin_type", "pan"),
                            ("containers", "CSQU3054383/SL-9/RFID/40")):
            entry.query_one(f"#h-{name}", Input).value = value
        entry.query_one("#entry-items").focus()
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        for name, value in (("igst_status", "p"), ("taxable_value", "85000"),
                            ("igst_amount", "4250"), ("state_of_origin", "36"),
                            ("district_of_origin", "536")):
            form.query_one(f"#i-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is entry
        await pilot.press("f2")
        await settle(pilot)
        assert entry.view is not None, errors(app)
        job = entry.view.job_no
    view = get_draft(core, job)
    assert (view.state_of_origin, view.gstin_type) == ("36", "PAN")
    assert [(c.container_no, c.seal_type, c.size) for c in view.containers] == [
        ("CSQU3054383", "RFID", "40")]
    assert (view.items[0].igst_status, view.items[0].district_of_origin) == ("P", "536")
    app = make_app(core)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "opr1")
        app.push_screen(SbEntryScreen(login(core, "opr1", PASSWORD, "test"), job_no=job))
        await settle(pilot)
        entry = app.screen
        assert entry.query_one("#h-containers", Input).value == "CSQU3054383/SL-9/RFID/40"
        assert entry.query_one("#h-gstin_type", Input).value == "PAN"
        assert not entry.unsaved

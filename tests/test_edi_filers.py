"""The registry of ICEGATE filers (EDI-2; roles.md): the system manager registers an
ICEGATE id tied to a broker's licence, an importer's or exporter's IEC, or a carrier's code
already in the registries, and disables it; the filer then acts as ``ICEGATE:<id>``."""

from __future__ import annotations

import pytest
from sqlmodel import select

import db.tables as t
from console.acts.edi import FILER, FilerState
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.roles import Role
from console.services.edi import filers


def test_edi_2_system_manager_registers_filers_tied_to_the_registries(demo_core, actors):
    sys1 = actors["sys1"]
    broker = filers.add_filer(demo_core, sys1, "vizag.cb-02", "broker", "aaecv1122hch001")
    assert (broker.icegate_id, broker.kind, broker.code, broker.state) == (
        "VIZAG.CB-02", "broker", "AAECV1122HCH001", FilerState.ACTIVE)
    assert broker.name == "Vizag Customs Brokers Pvt Ltd"  # the registry's name
    assert broker.entitled == ("BE", "RPL", "SB")
    assert broker.acts == ("FILER.disable",)
    trader = filers.add_filer(demo_core, sys1, "ANDHRA01", "trader", "AAPCA1234F",
                              "Andhra Pharma (remote desk)")
    assert (trader.code, trader.name) == ("AAPCA1234F", "Andhra Pharma (remote desk)")
    carrier = filers.add_filer(demo_core, sys1, "INDIGO01", "carrier", "6e")
    assert (carrier.code, carrier.entitled) == ("6E", ("EGM", "IGM"))
    ids = [f.icegate_id for f in filers.list_filers(demo_core, kind="carrier")]
    assert "INDIGO01" in ids and "ANDHRA01" not in ids
    with demo_core.db.read() as s:
        rec = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_kind == "FILER",
                                                 t.AuditRecord.doc_ref == "INDIGO01")).one()
    assert (rec.officer, rec.action, rec.to_state, rec.reason) == (
        "sys1", "add", "active", "carrier 6E")


@pytest.mark.parametrize(("args", "error", "rule"), [
    (("NEWID01", "trader", "ZZZCZ9999Z"), RuleViolation, "EXP-REG-1"),  # no such IEC
    (("NEWID01", "trader", "12345"), InvalidInput, "EDI-2"),  # not an IEC at all
    (("NEWID01", "broker", "AAECV1122HCH999"), RuleViolation, "EXP-REG-2"),  # not a broker
    (("NEWID01", "carrier", "ZZ"), RuleViolation, "EXP-REG-3"),  # not a carrier
    (("NEWID01", "agent", "AI"), InvalidInput, "EDI-2"),  # no such kind
    (("no spaces here", "carrier", "AI"), InvalidInput, "EDI-2"),
    (("VCBPL0001", "carrier", "AI"), RuleViolation, "EDI-2"),  # a demo filer's id
])
def test_edi_2_a_filer_is_refused_unless_known_to_the_registries(demo_core, actors, args,
                                                                  error, rule):
    before = filers.list_filers(demo_core)
    with pytest.raises(error) as err:
        filers.add_filer(demo_core, actors["sys1"], *args)
    assert err.value.rule == rule
    assert filers.list_filers(demo_core) == before


def test_edi_2_only_the_system_manager_registers_and_disables(demo_core, actors):
    for who in ("opr1", "clk1", "acdc1"):
        with pytest.raises(NotPermitted):
            filers.add_filer(demo_core, actors[who], "NEWID01", "carrier", "AI")
        with pytest.raises(NotPermitted):
            filers.disable_filer(demo_core, actors[who], "AICARGO01", "no")
    assert FILER.open_to(actors["sys1"]) == ("add",)
    assert FILER.open_to(actors["opr1"]) == ()


def test_edi_2_a_disabled_filer_stays_on_record_and_files_no_more(demo_core, actors):
    sys1 = actors["sys1"]
    with pytest.raises(InvalidInput):
        filers.disable_filer(demo_core, sys1, "AICARGO01", "  ")
    view = filers.disable_filer(demo_core, sys1, "aicargo01", "agency withdrawn")
    assert (view.state, view.disabled_by, view.disabled_reason, view.acts) == (
        "disabled", "sys1", "agency withdrawn", ())
    with pytest.raises(RuleViolation) as err:
        filers.disable_filer(demo_core, sys1, "AICARGO01", "again")
    assert err.value.check == "state"
    with demo_core.db.read() as s:
        filer = FILER.load(s, "AICARGO01", lock=False)
        refusal = FILER.refusal(actors["sys1"], "file", filer)
    assert refusal is not None and refusal.rule == "EDI-2" and "disabled" in str(refusal)
    assert [f.icegate_id for f in filers.list_filers(demo_core, active_only=True)] == [
        "VCBPL0001", "VSFLLP0001"]


def test_a_filer_acts_as_icegate_id_with_the_operators_or_the_carriers_role(demo_core):
    broker = filers.get_filer(demo_core, "VCBPL0001")
    carrier = filers.get_filer(demo_core, "AICARGO01")
    a = filers.edi_actor(broker, "INVTZ4")
    assert (a.username, a.role, a.location_code, a.terminal) == (
        "ICEGATE:VCBPL0001", Role.OPR, "INVTZ4", "ICEGATE")
    assert filers.edi_actor(carrier, "INIXZ1").role == Role.CAR
    assert filers.sender_of(a.username) == "VCBPL0001" and filers.sender_of("opr1") == ""

"""Remote filing through the mailbox (edi.md, EDI-1..7; issue 16): the unit of work that
makes a message all or nothing, messages in and replies out end to end with the samples of
``fixtures/examples/edi/``, notices, duplicates, bad files, and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console import audit as audit_trail
from console.edi import codec
from console.errors import IcesError, RuleViolation
from console.services.edi import mailbox
from console.services.exports import amendments, filing, leo
from console.services.exports.sb_common import get_sb
from console.services.imports import be_amendments, manifests
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from tests.conftest import T0
from tests.sb_support import assessed, examined, registered

ROOT = Path(__file__).resolve().parent.parent
SB_JSON = json.loads((ROOT / "fixtures" / "examples" / "sb.json").read_text())


def _fingerprint(core) -> dict:
    """What a filing changes: documents, number series, the audit trail."""
    with core.db.read() as s:
        return {
            "sbs": s.exec(select(func.count()).select_from(t.ShippingBill)).one(),
            "series": dict(s.exec(select(t.NumberSeries.name, t.NumberSeries.next_value)).all()),
            "audit": s.exec(select(t.AuditHead.seq)).one(),
            "records": s.exec(select(func.count()).select_from(t.AuditRecord)).one(),
        }


# ---- the unit of work (db/engine.py; EDI-1) ----


def _unit_all_or_nothing(core, opr) -> None:
    before = _fingerprint(core)
    # a refusal at submission: the draft keyed in the same unit goes too, and its job number
    with pytest.raises(RuleViolation) as err, core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        with core.db.read() as s:  # a read inside the unit sees the unit's own draft
            assert s.exec(select(t.ShippingBill).where(
                t.ShippingBill.job_no == draft.job_no)).one()
        filing.submit_sb(core, opr, draft.job_no)  # no checklist round: refused
    assert err.value.rule == "EXP-FIL-2"
    assert _fingerprint(core) == before

    # a refusal after the SB number was taken: the number is given back with the rest
    class Refused(IcesError):
        pass

    with pytest.raises(Refused), core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        filing.print_checklist(core, opr, draft.job_no)
        sb = filing.submit_sb(core, opr, draft.job_no)
        assert sb.sb_no == before["series"]["SB"]
        raise Refused("the next step refused")
    assert _fingerprint(core) == before

    # the same calls, not refused: one transaction, all of it kept
    with core.db.unit():
        draft = filing.create_draft(core, opr, SB_JSON)
        filing.print_checklist(core, opr, draft.job_no)
        sb = filing.submit_sb(core, opr, draft.job_no)
    after = _fingerprint(core)
    assert after["sbs"] == before["sbs"] + 1
    assert after["series"]["SB"] == before["series"]["SB"] + 1
    assert after["audit"] > before["audit"]
    with core.db.read() as s:
        from console import audit

        assert audit.verify(s).ok
        assert s.exec(select(t.ShippingBill.sb_no).where(
            t.ShippingBill.job_no == draft.job_no)).one() == sb.sb_no


def test_unit_of_work_is_all_or_nothing_on_sqlite(demo_core, actors):
    """EDI-1 rests on it: inside ``db.unit()`` every write and read joins one transaction;
    a refusal anywhere leaves no draft, no number taken, no audit record."""
    _unit_all_or_nothing(demo_core, actors["opr1"])


def test_unit_of_work_nests_and_leaves_other_threads_alone(demo_core, actors):
    """A unit inside a unit is the same unit; another thread's writes are its own."""
    import threading

    db = demo_core.db
    with db.unit() as outer:
        with db.unit() as inner, db.write() as w, db.read() as r:
            assert outer is inner is w is r
        seen = []
        thread = threading.Thread(target=lambda: seen.append(db.current_unit()))
        thread.start()
        thread.join()
        assert seen == [None]
    assert db.current_unit() is None


def test_unit_of_work_is_all_or_nothing_on_postgresql(pg_database, clock):
    """The same on PostgreSQL (row locks held to the end of the unit)."""
    from console.core import Core
    from console.demo import base
    from console.services.admin.setup import prepare
    from db.migrate import upgrade

    upgrade(pg_database.engine)
    core, _ = prepare(pg_database, training=True, clock=clock)
    core = Core(pg_database, clock)
    ctx: dict = {"core": core}
    base.build(core, ctx)
    _unit_all_or_nothing(core, ctx["actors"]["opr1"])


# ---- the mailbox, end to end with the samples of fixtures/examples/edi ----

SAMPLES = ROOT / "fixtures" / "examples" / "edi"
BROKER, TRADER, CARRIER = "VCBPL0001", "VSFLLP0001", "AICARGO01"  # the demo's filers
SAMPLE_SB, SAMPLE_BE = 1000021, 3000013  # what the samples get first on the demo
DAY = T0.date()


class Box:
    """An inbox and an outbox in the test's directory, and the mailbox run on them."""

    def __init__(self, core, root: Path) -> None:
        self.core, self.inbox, self.outbox = core, root / "inbox", root / "outbox"
        self.inbox.mkdir()

    def drop(self, name: str, data: bytes | None = None) -> None:
        (self.inbox / name).write_bytes(data if data is not None
                                        else (SAMPLES / name).read_bytes())

    def run(self) -> mailbox.Summary:
        return mailbox.process(self.core, self.inbox, self.outbox)

    def reply(self, name: str) -> codec.Message:
        return codec.decode((self.outbox / name).read_bytes())

    def record(self, name: str, segment: str) -> dict:
        (row,) = self.reply(name).records[segment]
        return row


@pytest.fixture
def box(demo_core, tmp_path) -> Box:
    return Box(demo_core, tmp_path)


def _audit(core, kind: str, ref) -> list[tuple[str, str, str]]:
    with core.db.read() as s:
        return [(r.officer, r.action, r.to_state) for r in audit_trail.history(s, kind, ref)]


def test_edi_3_an_sb_file_is_filed_at_once_and_its_leo_goes_back(box, actors):
    """EDI-3: the sample SB (broker VCBPL0001 for Sagar Marine) is keyed and submitted at once,
    numbered and routed with no checklist round; its .ack carries the number, the date and
    the filer's job; the sender is on the SB and on every record it made (EDI-2); the
    counter takes it to Let Export and the LEO notice goes to the broker; the carrier's EGM
    file closes it and the EGM notice follows (EXP-EGM-1)."""
    box.drop("1012026.sb")
    summary = box.run()
    assert (summary.received, summary.filed, summary.failed) == (1, 1, [])
    assert summary.replies == ["1012026.ack"] and summary.notices == []
    assert not list(mailbox.waiting(box.inbox))
    assert (box.inbox / "done" / "1012026.sb").exists()
    ack = box.reply("1012026.ack")
    assert (ack.envelope.message, ack.envelope.sender, ack.envelope.receiver) == (
        "CHCAI02", "INVTZ4", BROKER)
    row = box.record("1012026.ack", "ACK")
    assert (row["error_code"], row["doc_no"], row["doc_date"], row["job_no"], row["job_date"],
            row["custom_house"]) == ("00", SAMPLE_SB, DAY, 101, DAY, "INVTZ4")

    sb = get_sb(box.core, SAMPLE_SB)
    assert sb.state in ("awaiting_assessment", "facilitated", "assessed")
    with box.core.db.read() as s:
        row_sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == SAMPLE_SB)).one()
        assert (row_sb.edi_sender, row_sb.created_by, row_sb.checklist_round,
                row_sb.broker_code) == (BROKER, f"ICEGATE:{BROKER}", 0, "AAECV1122HCH001")
        # EDI-6: a remote filer pays no data entry, the final print for remote users (Rs 20)
        assert row_sb.service_charge_paise == 20_00
    trail = _audit(box.core, "SB", SAMPLE_SB)
    assert trail[0][:2] == (f"ICEGATE:{BROKER}", "submit_remote")
    assert "checklist" not in [a for _o, a, _s in trail]
    with box.core.db.read() as s:
        keyed = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_ref == f"J{sb.job_no}")
                       ).all()
        submitted = s.exec(select(t.AuditRecord).where(
            t.AuditRecord.doc_ref == str(SAMPLE_SB), t.AuditRecord.action == "submit_remote")
        ).one()
    assert [(r.officer, r.action) for r in keyed] == [(f"ICEGATE:{BROKER}", "key")]
    assert "1012026.sb" in submitted.reason and BROKER in submitted.reason

    sb = registered(box.core, actors, assessed(box.core, actors, sb))
    if sb.state == "under_examination":
        sb = examined(box.core, actors, sb)
    leo.give_let_export_order(box.core, actors["apr1"], SAMPLE_SB)
    summary = box.run()
    assert (summary.received, summary.notices) == (0, ["1012026.leo"])
    notice = box.reply("1012026.leo")
    assert (notice.envelope.message, notice.envelope.receiver) == ("CHLEO01", BROKER)
    row = box.record("1012026.leo", "NOTICE")
    assert (row["doc_no"], row["doc_date"], row["custom_house"]) == (SAMPLE_SB, DAY, "INVTZ4")
    assert box.run().notices == []  # the cursor moved: each notice once

    box.drop("1052026.egm")  # the carrier's EGM closing the sample SB
    summary = box.run()
    assert summary.filed == 1 and summary.notices == ["1012026.egn"]
    egm_no = box.record("1052026.ack", "ACK")["doc_no"]
    assert get_sb(box.core, SAMPLE_SB).state == "exported"
    row = box.record("1012026.egn", "NOTICE")
    assert (row["doc_no"], box.reply("1012026.egn").envelope.receiver) == (SAMPLE_SB, BROKER)
    assert row["reference"] == str(egm_no)
    assert _audit(box.core, "EGM", egm_no)[0][0] == f"ICEGATE:{CARRIER}"


def test_edi_3_a_be_file_to_out_of_charge_with_its_query_challan_and_notice(box, actors):
    """EDI-3: the sample BE (Vizag Steel's own) is self-assessed at once and acked; the
    appraiser's query, once the group AC/DC approves it, goes out as a .qry (EDI-6); the
    importer's .rpl is keyed as the service centre keys a reply; the assessment sends a
    .chl with the duty to pay; paid, registered, examined and given Out of Charge, the BE's
    OOC notice goes out. Every reply checked field by field."""
    box.drop("1022026.be")
    assert box.run().filed == 1
    row = box.record("1022026.ack", "ACK")
    assert (row["error_code"], row["doc_no"], row["doc_date"], row["job_no"]) == (
        "00", SAMPLE_BE, DAY, 102)
    assert box.reply("1022026.ack").envelope.receiver == TRADER
    be = bes.get_be(box.core, SAMPLE_BE)
    assert be.state == "second_check" and be.iec == "AAFCV9876Q"
    assert _audit(box.core, "BE", SAMPLE_BE)[0][:2] == (f"ICEGATE:{TRADER}", "submit_remote")

    clr.raise_query(box.core, actors["apr1"], SAMPLE_BE, "Produce the mill test certificate")
    assert box.run().notices == []  # a query raised takes effect only on approval
    clr.approve_query(box.core, actors["acdc1"], SAMPLE_BE)
    assert box.run().notices == ["1022026.qry"]
    qry = box.reply("1022026.qry")
    assert (qry.envelope.message, qry.envelope.receiver) == ("CHCAI05", TRADER)
    row = box.record("1022026.qry", "QUERY")
    assert (row["doc_no"], row["doc_date"], row["query_no"], row["query_text"]) == (
        SAMPLE_BE, DAY, 1, "PRODUCE THE MILL TEST CERTIFICATE")

    from console.edi import messages

    wrong = messages.reply_message({"query_no": 2, "text": "certificate attached"},
                                   sender=TRADER, receiver="INVTZ4", custom_house="INVTZ4",
                                   doc_no=SAMPLE_BE, doc_date=DAY, control_no="110", at=T0)
    box.drop("1102026.rpl", codec.encode(wrong))  # no query 2: refused, nothing keyed
    assert box.run().refused == 1
    assert box.record("1102026.nak", "ACK")["error_code"] == "415"  # IMP-APR-1
    assert bes.get_be(box.core, SAMPLE_BE).state == "query_pending"
    box.drop("1042026.rpl")
    assert box.run().filed == 1
    assert box.record("1042026.ack", "ACK")["doc_no"] == SAMPLE_BE
    assert bes.get_be(box.core, SAMPLE_BE).state == "second_check"
    assert _audit(box.core, "BE", SAMPLE_BE)[-1][:2] == (f"ICEGATE:{TRADER}", "query_reply")

    be = clr.assess(box.core, actors["apr1"], SAMPLE_BE)
    assert box.run().notices == ["1022026.chl"]
    row = box.record("1022026.chl", "CHALLAN")
    assert (row["be_no"], row["be_date"], row["challan_no"], row["duty"]) == (
        SAMPLE_BE, DAY, str(SAMPLE_BE), be.duty + be.late_charge)

    clr.pay_duty(box.core, actors["opr1"], SAMPLE_BE, "online")
    manifests.grant_entry_inwards(box.core, actors["apr1"], 20002)
    clr.register_goods(box.core, actors["exm1"], SAMPLE_BE)
    clr.examine(box.core, actors["exm1"], SAMPLE_BE, "welded steel tubes as declared")
    clr.give_out_of_charge(box.core, actors["apr1"], SAMPLE_BE)
    assert box.run().notices == ["1022026.ooc"]
    row = box.record("1022026.ooc", "NOTICE")
    assert (row["doc_no"], row["doc_date"], box.reply("1022026.ooc").envelope.message) == (
        SAMPLE_BE, DAY, "CHOOC01")


def test_edi_5_amendments_are_the_counters_amendment_requests(box, actors):
    """EDI-5: the sample amendments of the sample SB and BE become amendment requests,
    made by the filer, waiting for the officers exactly as requests keyed at the service
    centre; the .ack carries the request's number."""
    for name in ("1012026.sb", "1022026.be"):
        box.drop(name)
    assert box.run().filed == 2
    box.drop("1062026.sbamd")
    box.drop("1072026.beamd")
    summary = box.run()
    assert summary.filed == 2, summary.messages
    sb_req = box.record("1062026.ack", "ACK")
    be_req = box.record("1072026.ack", "ACK")
    assert (sb_req["doc_no"], be_req["doc_no"]) == (SAMPLE_SB, SAMPLE_BE)
    (req,) = amendments.list_requests(box.core, SAMPLE_SB)
    assert (req.id, req.requested_by) == (sb_req["amendment_no"], f"ICEGATE:{BROKER}")
    (breq,) = be_amendments.list_requests(box.core, SAMPLE_BE)
    assert (breq.id, breq.requested_by) == (be_req["amendment_no"], f"ICEGATE:{TRADER}")


def test_edi_3_an_igm_file_is_the_carriers_igm(box):
    """IMP-IGM-1 through ICEGATE: the carrier's SACHI01 files an IGM with its lines."""
    box.drop("1032026.igm")
    assert box.run().filed == 1
    igm_no = box.record("1032026.ack", "ACK")["doc_no"]
    igm = manifests.get_igm(box.core, igm_no)
    assert (igm.carrier_code, igm.voyage, [x.bl_no for x in igm.lines]) == (
        "AI", "AI-212-EDI", ["098-EDI-1", "098-EDI-2"])
    assert igm.arrival_date == date(2026, 11, 3)


# ---- refusals: a .nak naming the code and the segment, and nothing changed (EDI-1) ----


def _state(core) -> dict:
    """Everything a filing could change: not the message log, its record of the receipt
    in the audit trail, or the control numbers of the replies."""
    from tests.sb_support import snapshot

    out = snapshot(core)
    out["series"] = tuple(x for x in out["series"] if x[0] != "EDI")
    with core.db.read() as s:
        out["AuditRecord"] = s.exec(select(func.count()).select_from(t.AuditRecord).where(
            t.AuditRecord.doc_kind.not_in(("EDI", "ROWS")))).one()
        for table in (t.BillOfEntry, t.BeItem, t.Igm, t.AmendmentRequest, t.BeAmendment):
            out[table.__name__] = s.exec(select(func.count()).select_from(table)).one()
    return out


def _sb_message(data: dict, *, sender: str = BROKER, custom_house: str = "INVTZ4",
                job_no: int = 501) -> bytes:
    from console.edi import messages

    msg = messages.sb_message(data, sender=sender, receiver=custom_house,
                              custom_house=custom_house, job_no=job_no, job_date=DAY,
                              control_no=str(job_no), at=T0)
    return codec.encode(msg)


def _damaged() -> dict[str, bytes]:
    raw = (SAMPLES / "1012026.sb").read_bytes()
    lines = raw.split(b"\r\n")
    item = next(i for i, x in enumerate(lines) if x.startswith(b"<TABLE>ITEM")) + 1
    return {
        "truncated": raw[: len(raw) // 2],
        "field_count": b"\r\n".join(lines[:item] + [lines[item] + b"\x1dX"]
                                    + lines[item + 1:]),
        "trec": raw.replace(b"TREC\x1d101", b"TREC\x1d102"),
        "non_ascii": raw.replace(b"SOLE", "SÔLE".encode()),
        "unknown_segment": raw.replace(b"<TABLE>DBK", b"<TABLE>XYZ"),
        "lower_case": raw.replace(b"SOLE", b"sole"),
    }


@pytest.mark.parametrize("damage", sorted(_damaged()))
def test_edi_1_a_damaged_file_gets_a_nak_with_the_codecs_code_and_nothing_changes(
        box, damage):
    bad = _damaged()[damage]
    with pytest.raises(codec.EdiError) as err:
        codec.decode(bad)
    before = _state(box.core)
    box.drop("2012026.sb", bad)
    summary = box.run()
    assert (summary.refused, summary.replies) == (1, ["2012026.nak"])
    assert (box.inbox / "rejected" / "2012026.sb").exists()
    row = box.record("2012026.nak", "ACK")
    assert (row["error_code"], row["segment"] or "") == (err.value.code, err.value.segment)
    assert row["error_code"].startswith("1")  # the file itself (EDI-1)
    assert _state(box.core) == before
    (logged,) = mailbox.message_log(box.core)
    assert (logged.result, logged.errors[0].split(":")[0]) == ("nak", err.value.code)


def _disable_broker(core, actors) -> None:
    from console.services.edi import filers

    filers.disable_filer(core, actors["sys1"], BROKER, "licence suspended")


SB_DATA = json.loads((ROOT / "fixtures" / "examples" / "sb.json").read_text())
REFUSED = {  # what is wrong -> (message bytes, the code, the segment)
    "unknown sender": (lambda: _sb_message(SB_DATA, sender="NOBODY0001"), "201", "HREC"),
    "filer disabled": (lambda: _sb_message(SB_DATA), "202", "HREC"),
    "carrier files an SB": (lambda: _sb_message(SB_DATA, sender=CARRIER), "203", "HREC"),
    "trader files for another IEC": (lambda: _sb_message(SB_DATA, sender=TRADER), "203", "SB"),
    "another custom house": (lambda: _sb_message(SB_DATA, custom_house="INBOM4"), "204",
                             "SB"),
    "IEC not registered": (lambda: _sb_message({**SB_DATA, "iec": "ZZZCZ9999Z"}), "301",
                           "SB"),
    "unknown tariff item": (lambda: _sb_message(
        {**SB_DATA, "items": [{**SB_DATA["items"][0], "tariff_item": "99999999"}]}), "307",
        "ITEM"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_edi_1_2_what_the_counter_or_the_registry_refuses_is_a_nak_and_nothing_changes(
        box, actors, case):
    """EDI-1, EDI-2: an unknown or disabled sender, a filer not entitled to what it sends,
    a custom house not served here, a declaration the counter would refuse: a .nak with
    the code (docs/edi-errors.md) and the segment, nothing filed, nothing numbered."""
    make, code, segment = REFUSED[case]
    if case == "filer disabled":
        _disable_broker(box.core, actors)
    before = _state(box.core)
    box.drop("5012026.sb", make())
    summary = box.run()
    assert summary.refused == 1, summary.messages
    row = box.record("5012026.nak", "ACK")
    assert (row["error_code"], row["segment"]) == (code, segment), summary.messages
    assert _state(box.core) == before


def test_edi_4_the_same_filing_twice_is_answered_twice_and_filed_once(box):
    """EDI-4: the sample SB sent again (and again after the inbox lost track of it, under a
    new control number) gets the first .ack again; one SB is filed. The same job number
    with other content is refused (205), and a refused file sent again is refused again."""
    first = (SAMPLES / "1012026.sb").read_bytes()
    box.drop("1012026.sb")
    box.drop("1012026-again.sb", first)
    summary = box.run()
    assert (summary.filed, summary.repeated) == (1, 1)
    ack = (box.outbox / "1012026.ack").read_bytes()
    assert (box.outbox / "1012026-again.ack").read_bytes() == ack
    before = _state(box.core)
    resent = first.replace(b"\x1d101\x1d20261102\x1d1000", b"\x1d101\x1d20261102\x1d1130")
    resent = resent.replace(b"TREC\x1d101", b"TREC\x1d101")
    assert resent != first
    box.drop("1012026.sb", resent)  # the gateway delivers it once more
    assert box.run().repeated == 1
    assert (box.outbox / "1012026.ack").read_bytes() == ack
    assert (box.inbox / "done" / "1012026.1.sb").exists()
    other = _sb_message({**SB_DATA, "marks": "OTHER MARKS"}, job_no=101)
    box.drop("1012026-other.sb", other)
    assert box.run().refused == 1
    assert box.record("1012026-other.nak", "ACK")["error_code"] == "205"
    bad = _damaged()["truncated"]
    box.drop("9.sb", bad)
    box.drop("9-again.sb", bad)
    summary = box.run()
    assert [m["result"] for m in summary.messages] == ["nak", "dup"]
    assert (box.outbox / "9.nak").read_bytes() == (box.outbox / "9-again.nak").read_bytes()
    assert _state(box.core) == before
    results = [m.result for m in mailbox.message_log(box.core)]
    assert results.count("ok") == 1 and results.count("dup") == 3


# ---- the CLI: process, watch, log, resend, export (EDI-7), filers ----


def test_cli_process_log_resend_and_watch(cli):
    inbox, outbox = cli.tmp / "in", cli.tmp / "out"
    inbox.mkdir()
    (inbox / "1012026.sb").write_bytes((SAMPLES / "1012026.sb").read_bytes())
    (inbox / "bad.sb").write_bytes(b"HREC\x1dZZ")
    done = cli("edi", "process", inbox, outbox)
    assert (done["received"], done["filed"], done["refused"]) == (2, 1, 1)
    assert {m["file"]: m["result"] for m in done["messages"]} == {"1012026.sb": "ok",
                                                                  "bad.sb": "nak"}
    assert sorted(p.name for p in outbox.iterdir()) == ["1012026.ack", "bad.nak"]
    log = cli("edi", "log")
    assert [(m["file_name"], m["result"], m["doc_no"]) for m in log] == [
        ("bad.sb", "nak", None), ("1012026.sb", "ok", SAMPLE_SB)]
    assert cli("edi", "log", "--result", "ok")[0]["sender"] == BROKER
    (outbox / "1012026.ack").unlink()  # the broker lost it
    refused = cli("edi", "resend", log[1]["id"], "--user", "clk1", ok=False)
    assert refused.exit_code != 0
    assert cli("edi", "resend", log[1]["id"], "--user", "opr1")["reply"] == "1012026.ack"
    (inbox / "1022026.be").write_bytes((SAMPLES / "1022026.be").read_bytes())
    rounds = cli("edi", "watch", inbox, outbox, "--interval", "0", "--rounds", "2")
    assert rounds["filed"] == 1 and rounds["notices"] == ["1012026.ack"]
    assert (outbox / "1012026.ack").exists() and (outbox / "1022026.ack").exists()
    with cli.core.db.read() as s:
        trail = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_kind == "EDI",
                                                   t.AuditRecord.action == "resend")).one()
    assert (trail.officer, trail.doc_ref) == ("opr1", str(log[1]["id"]))


def test_edi_7_export_reads_back_as_the_same_declaration(cli):
    """EDI-7: an SB keyed at the counter and a BE filed through ICEGATE, written out in their
    message formats, read back as their declarations."""
    from console.edi import messages
    from console.services.exports import amendments as amd
    from console.services.imports import be_amendments as beamd

    keyed = cli("sb", "new", "--file", ROOT / "fixtures" / "examples" / "sb.json",
                "--user", "opr1")
    cli("sb", "checklist", keyed["job_no"], "--user", "opr1")
    sb_no = cli("sb", "submit", keyed["job_no"], "--user", "opr1")["sb_no"]
    inbox = cli.tmp / "in"
    inbox.mkdir()
    (inbox / "1022026.be").write_bytes((SAMPLES / "1022026.be").read_bytes())
    be_no = cli("edi", "process", inbox, cli.tmp / "out")["messages"][0]["doc_no"]
    for kind, number, form in (("sb", sb_no, amd.amendment_form),
                               ("be", be_no, beamd.amendment_form)):
        out = cli.tmp / f"{kind}.msg"
        done = cli("edi", "export", kind, number, "--out", out)
        assert (done["kind"], done["number"], done["file"]) == (kind.upper(), number, str(out))
        filing = messages.read_filing(codec.decode(out.read_bytes()))
        _view, data = form(cli.core, number)
        assert filing.kind == kind.upper()
        assert filing.data == messages.canonical(kind.upper(), data)
    refused = cli("edi", "export", "igm", 1, ok=False)
    assert refused.exit_code != 0


def test_cli_filers(cli):
    added = cli("edi", "filer", "add", "INDIGO01", "carrier", "6E", "--user", "sys1")
    assert (added["icegate_id"], added["state"]) == ("INDIGO01", "active")
    assert "INDIGO01" in [f["icegate_id"] for f in cli("edi", "filer", "list", "--kind",
                                                         "carrier")]
    cli("edi", "filer", "disable", "INDIGO01", "--reason", "agency ended", "--user", "sys1")
    assert "INDIGO01" not in [f["icegate_id"] for f in cli("edi", "filer", "list",
                                                             "--active")]
    assert cli("edi", "filer", "add", "X123", "carrier", "AI", "--user", "opr1",
               ok=False).exit_code != 0


def test_edi_1_a_run_that_stopped_half_way_is_finished_by_the_next(box, monkeypatch):
    """A run takes a file by renaming it into inbox/.work/. If it stopped after the filing
    was committed, the next run finds the file there, answers it from the log (EDI-4) and
    files nothing twice; a fault of the console (not of the message) puts the file back in
    the inbox, reported, with nothing filed; a file another run took first is left alone."""
    from console.services.edi import inbound

    work = box.inbox / mailbox.WORK
    work.mkdir()
    data = (SAMPLES / "1012026.sb").read_bytes()
    inbound.receive(box.core, "1012026.sb", data)  # filed; then the run stopped
    (work / "1012026.sb").write_bytes(data)
    before = _state(box.core)
    summary = box.run()
    assert (summary.repeated, summary.replies) == (1, ["1012026.ack"])
    assert box.record("1012026.ack", "ACK")["doc_no"] == SAMPLE_SB
    assert (box.inbox / "done" / "1012026.sb").exists() and not list(work.iterdir())
    assert _state(box.core) == before

    def broken(*_args, **_kw):
        raise OSError("database unreachable")

    monkeypatch.setattr(mailbox, "receive", broken)
    box.drop("1022026.be")
    summary = box.run()
    assert summary.received == 0 and summary.failed == [
        "1022026.be: OSError: database unreachable"]
    assert (box.inbox / "1022026.be").exists() and _state(box.core) == before
    assert mailbox._claim(box.inbox / "gone.sb", work) is None

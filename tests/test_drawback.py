"""The drawback branch: claims after EGM, first come first served, deficiencies, brand
rates, the daily scroll and its bank file, supplementary claims (EXP-DBK-1, -3..-6).

Worked figures: the demo's desiccated coconut (08011100) is in the drawback schedule at
1.2 % of FOB with no cap; 300 kg at USD 10 = USD 3,000 at the demo rate 87.10 = FOB
Rs 2,61,300.00, drawback 1.2 % = Rs 3,135.60.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.services.exports import egm, examination, leo
from console.services.schemes import drawback as dbk
from tests.sb_support import (
    IEC_COCONUT,
    assessed,
    declaration,
    examined,
    file,
    registered,
    snapshot,
)


def _exported(core, a, *, quantity: str = "300", serial: str = "") -> int:
    """A drawback SB of desiccated coconut through LEO and the EGM."""
    data = declaration(core, IEC_COCONUT, "08", drawback=True, quantity=quantity)
    if serial:
        data["items"][0]["dbk_serial"] = serial
    sb = registered(core, a, assessed(core, a, file(core, a, data)))
    if sb.state == "under_examination":
        sb = examined(core, a, sb)
    leo.give_let_export_order(core, a["apr1"], sb.sb_no)
    egm.file_egm(core, a["car1"], "AI", [sb.sb_no], voyage="AI-101")
    return sb.sb_no


def _claim(core, sb_no: int) -> dbk.ClaimView:
    (claim,) = dbk.claims_of(core, sb_no)
    return claim


def _clear_queue(core, a) -> None:
    """Take the demo's own claims out of the queue (a deficiency each), so a test's claims
    are the whole queue."""
    for c in dbk.queue(core, a["dbk1"], limit=1000):
        dbk.raise_deficiency(core, a["dbk1"], c.id, "demo claim parked by the test")


def _state(core) -> dict:
    out = snapshot(core)
    with core.db.read() as s:
        out["claims"] = tuple(s.exec(select(t.DrawbackClaim.id, t.DrawbackClaim.state,
                                            t.DrawbackClaim.amount_paise,
                                            t.DrawbackClaim.scroll_id)).all())
        out["scrolls"] = tuple(s.exec(select(t.DrawbackScroll.id)).all())
    return out


def test_exp_dbk_3_the_egm_opens_the_claim_and_the_queue_is_first_come_first_served(
        demo_core, actors, clock):
    """EXP-DBK-3: no claim is filed; the EGM puts each drawback SB in the queue, and claims
    are sanctioned in the order they came: 1.2 % of Rs 2,61,300 = Rs 3,135.60."""
    _clear_queue(demo_core, actors)
    first = _exported(demo_core, actors)
    clock.advance(minutes=5)
    second = _exported(demo_core, actors)
    queue = dbk.queue(demo_core, actors["dbk1"])
    assert [c.sb_no for c in queue] == [first, second]
    assert queue[0].amount == Decimal("3135.60") and queue[0].kind == "original"
    before = _state(demo_core)
    with pytest.raises(RuleViolation) as err:
        dbk.sanction(demo_core, actors["dbk1"], queue[1].id)
    assert err.value.rule == "EXP-DBK-3" and f"claim {queue[0].id}" in err.value.message
    assert _state(demo_core) == before
    with pytest.raises(NotPermitted):
        dbk.sanction(demo_core, actors["apr1"], queue[0].id)
    done = dbk.sanction(demo_core, actors["dbk1"], queue[0].id)
    assert (done.state, done.sanctioned_by) == ("sanctioned", "dbk1")
    assert dbk.sanction(demo_core, actors["dbk1"], queue[1].id).state == "sanctioned"


def test_exp_dbk_3_a_deficiency_takes_the_claim_out_until_the_reply(demo_core, actors, clock):
    """EXP-DBK-3: a claim under query leaves the queue; the reply keyed at the service centre
    puts it back at its own place, ahead of claims that came after it."""
    _clear_queue(demo_core, actors)
    sbs = []
    for _ in range(3):
        sbs.append(_exported(demo_core, actors))
        clock.advance(minutes=5)
    one, two, three = (_claim(demo_core, n) for n in sbs)
    with pytest.raises(InvalidInput):
        dbk.raise_deficiency(demo_core, actors["dbk1"], one.id, "  ")
    q = dbk.raise_deficiency(demo_core, actors["dbk1"], one.id, "invoice copy illegible")
    assert q.state == "query"
    assert [c.id for c in dbk.queue(demo_core, actors["dbk1"])] == [two.id, three.id]
    with pytest.raises(RuleViolation):  # out of the queue: nothing to sanction
        dbk.sanction(demo_core, actors["dbk1"], one.id)
    dbk.sanction(demo_core, actors["dbk1"], two.id)
    with pytest.raises(NotPermitted):  # replies are keyed at the service centre
        dbk.reply_deficiency(demo_core, actors["dbk1"], one.id, "copy attached")
    back = dbk.reply_deficiency(demo_core, actors["opr1"], one.id, "legible copy attached")
    assert (back.state, back.reply_text) == ("queued", "legible copy attached")
    assert [c.id for c in dbk.queue(demo_core, actors["dbk1"])] == [one.id, three.id]


def test_exp_dbk_1_paid_only_to_the_registered_account(demo_core, actors):
    """EXP-DBK-1: with the exporter's account closed there is nothing to credit: no sanction,
    no cheque; nothing changes."""
    _clear_queue(demo_core, actors)
    claim = _claim(demo_core, _exported(demo_core, actors))
    with demo_core.db.write() as s:
        for acct in s.exec(select(t.BankAccount).where(t.BankAccount.iec == IEC_COCONUT)):
            acct.active = False
            s.add(acct)
    before = _state(demo_core)
    with pytest.raises(RuleViolation) as err:
        dbk.sanction(demo_core, actors["dbk1"], claim.id)
    assert err.value.rule == "EXP-DBK-1" and "never by cheque" in err.value.message
    assert _state(demo_core) == before


def test_exp_dbk_4_provisional_98_01_waits_for_the_brand_rate_letter(demo_core, actors):
    """EXP-DBK-4: an item under 98.01 carries nothing until the letter is keyed; the claim is
    not sanctioned before; the letter's Rs 5,000.00 becomes the claim."""
    _clear_queue(demo_core, actors)
    sb_no = _exported(demo_core, actors, serial="98.01")
    claim = _claim(demo_core, sb_no)
    assert claim.amount == Decimal("0.00")
    with pytest.raises(RuleViolation) as err:
        dbk.sanction(demo_core, actors["dbk1"], claim.id)
    assert err.value.rule == "EXP-DBK-4"
    with pytest.raises(InvalidInput) as bad:
        dbk.key_brand_rate(demo_core, actors["dbk1"], sb_no, 1, "BR/9", date(2026, 11, 1), "0")
    assert bad.value.field == "amount"
    with pytest.raises(InvalidInput) as bad:
        dbk.key_brand_rate(demo_core, actors["dbk1"], sb_no, 1, "BR/9", date(2026, 12, 1),
                           "5000")
    assert bad.value.field == "letter_date"
    keyed = dbk.key_brand_rate(demo_core, actors["dbk1"], sb_no, 1, "BR/2026/17",
                               date(2026, 10, 30), "5000")
    assert keyed.amount == Decimal("5000.00")
    with pytest.raises(RuleViolation):  # one letter per item
        dbk.key_brand_rate(demo_core, actors["dbk1"], sb_no, 1, "BR/2026/18",
                           date(2026, 10, 30), "6000")
    assert dbk.sanction(demo_core, actors["dbk1"], claim.id).amount == Decimal("5000.00")


def test_exp_dbk_5_the_days_scroll_and_the_bank_file(demo_core, actors, clock):
    """EXP-DBK-5: the day's sanctioned claims in one scroll to the designated bank (SBI
    Visakhapatnam for INVTZ4), Rs 3,135.60 + Rs 3,135.60 = Rs 6,271.20; the day is then
    closed; a claim is never in two scrolls."""
    _clear_queue(demo_core, actors)
    claims = []
    for _ in range(2):
        claims.append(_claim(demo_core, _exported(demo_core, actors)))
        clock.advance(minutes=5)
    for c in claims:
        dbk.sanction(demo_core, actors["dbk1"], c.id)
    late = _claim(demo_core, _exported(demo_core, actors))
    scroll = dbk.generate_scroll(demo_core, actors["dbk1"])
    assert scroll.scroll_date == clock.now().date() and scroll.bank_ad_code == "9900010"
    assert [x.claim_id for x in scroll.lines] == [c.id for c in claims]
    assert scroll.total == Decimal("6271.20")
    assert all(x.ifsc and x.account_no for x in scroll.lines)
    rows = list(csv.reader(io.StringIO(dbk.bank_file(scroll))))
    assert rows[0] == list(dbk.BANK_FILE_COLUMNS)
    assert [r[-1] for r in rows[1:]] == ["3135.60", "3135.60", "6271.20"]
    assert rows[1][4:7] == [scroll.lines[0].account_no, scroll.lines[0].ifsc, IEC_COCONUT]
    assert {dbk.get_claim(demo_core, c.id).state for c in claims} == {"scrolled"}
    before = _state(demo_core)
    with pytest.raises(RuleViolation) as err:
        dbk.generate_scroll(demo_core, actors["dbk1"])
    assert err.value.rule == "EXP-DBK-5" and "closed" in err.value.message
    with pytest.raises(RuleViolation) as err:  # the day is closed: sanction tomorrow
        dbk.sanction(demo_core, actors["dbk1"], late.id)
    assert err.value.rule == "EXP-DBK-5"
    assert _state(demo_core) == before
    clock.advance(days=1)
    dbk.sanction(demo_core, actors["dbk1"], late.id)
    with pytest.raises(InvalidInput):
        dbk.generate_scroll(demo_core, actors["dbk1"], clock.now().date() + timedelta(days=1))
    nxt = dbk.generate_scroll(demo_core, actors["dbk1"])
    assert [x.claim_id for x in nxt.lines] == [late.id]  # the earlier two are not paid again
    assert nxt.scroll_no == scroll.scroll_no + 1 and nxt.total == Decimal("3135.60")
    with pytest.raises(RuleViolation):
        clock.advance(days=1)
        dbk.generate_scroll(demo_core, actors["dbk1"])  # nothing sanctioned: no scroll


def test_exp_dbk_6_supplementary_claim_up_to_the_entitlement(demo_core, actors, clock):
    """EXP-DBK-6: paid Rs 3,135.60 at the All Industry Rate; the brand rate later fixed for
    the item is Rs 4,000.00, so Rs 864.40 more is due and not a paisa above. The AC/DC (DBK)
    permits, the DBK appraiser processes and submits, the AC/DC sanctions, the next scroll
    pays it."""
    _clear_queue(demo_core, actors)
    sb_no = _exported(demo_core, actors)
    original = _claim(demo_core, sb_no)
    with pytest.raises(RuleViolation):  # not paid yet: no supplementary claim
        dbk.request_supplementary(demo_core, actors["opr1"], sb_no, "10", "rate revised")
    dbk.sanction(demo_core, actors["dbk1"], original.id)
    dbk.generate_scroll(demo_core, actors["dbk1"])
    clock.advance(days=1)  # today's scroll is closed: the rest happens the next day
    dbk.key_brand_rate(demo_core, actors["dbk1"], sb_no, 1, "BR/2026/40", date(2026, 11, 1),
                       "4000")
    before = _state(demo_core)
    with pytest.raises(RuleViolation) as err:
        dbk.request_supplementary(demo_core, actors["opr1"], sb_no, "864.41", "brand rate")
    assert err.value.rule == "EXP-DBK-6" and "864.40" in err.value.message
    assert _state(demo_core) == before
    with pytest.raises(NotPermitted) as refused:  # the trade's application: the operator keys it
        dbk.request_supplementary(demo_core, actors["dbk1"], sb_no, "864.40", "brand rate")
    assert (refused.value.act, refused.value.check) == ("DBK.request_supplementary", "role")
    sup = dbk.request_supplementary(demo_core, actors["opr1"], sb_no, "864.40",
                                    "brand rate letter BR/2026/40")
    assert (sup.kind, sup.state) == ("supplementary", "requested")
    with pytest.raises(RuleViolation):  # the entitlement left is now pending
        dbk.request_supplementary(demo_core, actors["opr1"], sb_no, "1", "more")
    with pytest.raises(NotPermitted):
        dbk.permit_supplementary(demo_core, actors["dbk1"], sup.id)
    with pytest.raises(RuleViolation):  # the AC/DC permits before it is processed
        dbk.process_supplementary(demo_core, actors["dbk1"], sup.id)
    dbk.permit_supplementary(demo_core, actors["acdc1"], sup.id)
    with pytest.raises(RuleViolation):  # processed and submitted before the sanction
        dbk.sanction(demo_core, actors["acdc1"], sup.id)
    assert dbk.process_supplementary(demo_core, actors["dbk1"], sup.id).state == "submitted"
    with pytest.raises(NotPermitted):  # the DBK appraiser does not sanction it himself
        dbk.sanction(demo_core, actors["dbk1"], sup.id)
    assert dbk.sanction(demo_core, actors["acdc1"], sup.id).state == "sanctioned"
    scroll = dbk.generate_scroll(demo_core, actors["dbk1"])
    assert [(x.claim_id, x.kind, x.amount) for x in scroll.lines] == [
        (sup.id, "supplementary", Decimal("864.40"))]


def test_exp_dbk_3_only_at_the_claims_port_and_as_the_officer_saw_it(demo_core, actors):
    """roles.md: an officer acts only where posted: a Port Blair drawback officer does not
    sanction a Visakhapatnam claim; a claim changed since the officer saw it is refused
    (reload). Nothing changes; then the officer who saw it as it is sanctions it."""
    from console.errors import Conflict
    from console.roles import Actor, Role

    _clear_queue(demo_core, actors)
    claim = _claim(demo_core, _exported(demo_core, actors))
    blair = Actor("dbk9", "Port Blair DBK", Role.DBK, "INIXZ1", "test")
    before = _state(demo_core)
    with pytest.raises(NotPermitted) as err:
        dbk.sanction(demo_core, blair, claim.id)
    assert (err.value.act, err.value.check) == ("DBK.sanction", "location")
    with pytest.raises(Conflict) as err:
        dbk.sanction(demo_core, actors["dbk1"], claim.id, expected_version=claim.version + 1)
    assert err.value.check == "version"
    assert _state(demo_core) == before
    done = dbk.sanction(demo_core, actors["dbk1"], claim.id, expected_version=claim.version)
    assert done.version == claim.version + 1


def test_exp_dbk_3_other_sbs_open_no_claim(demo_core, actors):
    """EXP-DBK-3: an SB claiming no drawback is exported without a claim."""
    from tests.sb_support import IEC_MARINE

    sb = file(demo_core, actors, declaration(demo_core, IEC_MARINE, "09", avoid="03"))
    sb = registered(demo_core, actors, assessed(demo_core, actors, sb))
    if sb.state == "under_examination":
        examination.enter_examination_report(demo_core, actors[sb.goods.examiner], sb.sb_no,
                                             "as declared")
    leo.give_let_export_order(demo_core, actors["apr1"], sb.sb_no)
    egm.file_egm(demo_core, actors["car1"], "AI", [sb.sb_no])
    assert dbk.claims_of(demo_core, sb.sb_no) == []


def test_exp_dbk_5_cli_scroll_writes_the_pdf_and_the_bank_file(cli):
    """EXP-DBK-5 by CLI: the demo's two exported drawback SBs are queued, sanctioned in turn
    and scrolled; the PDF names the designated bank, the CSV adds up; again: refused."""
    from tests.pdf_support import pages

    queue = cli("dbk", "queue", "--user", "dbk1")
    assert len(queue) >= 2 and all(c["state"] == "queued" for c in queue)
    for c in queue:
        assert cli("dbk", "sanction", c["id"], "--user", "dbk1")["state"] == "sanctioned"
    out = cli("dbk", "scroll", "--out", str(cli.tmp), "--user", "dbk1")
    total = sum(Decimal(c["amount"]) for c in queue)
    assert out["claims"] == len(queue) and Decimal(out["total"]) == total
    text = "\n".join(pages((cli.tmp / f"dbk-scroll-{out['scroll_no']}.pdf").read_bytes()))
    assert "DRAWBACK SCROLL" in text and "State Bank of India, Visakhapatnam" in text
    assert f"{total:,.2f}".replace(",", "") in text.replace(",", "")
    rows = list(csv.reader((cli.tmp / f"dbk-scroll-{out['scroll_no']}.csv").open()))
    assert sum(Decimal(r[-1]) for r in rows[1:-1]) == Decimal(rows[-1][-1]) == total
    refused = cli("dbk", "scroll", "--out", str(cli.tmp), "--user", "dbk1", ok=False)
    assert refused.exception.rule == "EXP-DBK-5"


def _at_once(*calls) -> list:
    """Run ``calls`` in threads released together; each one's result or refusal."""
    import threading

    gate = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i: int, call) -> None:
        gate.wait()
        try:
            out[i] = call()
        except Exception as err:  # noqa: BLE001
            out[i] = err

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    return out


@pytest.mark.postgres
def test_exp_dbk_3_exp_dbk_5_two_officers_at_once_postgres(pg_database, monkeypatch):
    """EXP-DBK-3, EXP-DBK-5 on PostgreSQL, two terminals at once (each act is slowed down
    while it holds its locks, so the two overlap): two drawback officers sanctioning the same
    claim: one sanctions it, the other is refused by its state (it is no longer queued); two
    generating the day's scroll: one generates it, the other is refused, the day closed."""
    import time

    from console.core import Core
    from console.demo import build_demo
    from console.roles import Actor, Role

    build_demo(pg_database.url)
    core = Core(pg_database)
    one, two = (Actor("dbk1", "D. Officer", Role.DBK, "INVTZ4", f"terminal {n}")
                for n in (1, 2))
    head = dbk.queue(core, one)[0]
    payable = dbk._payable

    def slow_payable(*args):
        payable(*args)
        time.sleep(0.5)

    monkeypatch.setattr(dbk, "_payable", slow_payable)
    results = _at_once(lambda: dbk.sanction(core, one, head.id),
                       lambda: dbk.sanction(core, two, head.id))
    done = [r for r in results if isinstance(r, dbk.ClaimView)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(done) == 1 and len(refused) == 1, results
    assert refused[0].check == "state" and "sanctioned" in refused[0].message
    with core.db.read() as s:
        actions = s.exec(select(t.AuditRecord.action).where(
            t.AuditRecord.doc_kind == "DBK", t.AuditRecord.doc_ref == str(head.id))).all()
    assert list(actions).count("sanction") == 1

    bank = dbk.designated_bank

    def slow_bank(*args):
        time.sleep(0.5)
        return bank(*args)

    monkeypatch.setattr(dbk, "designated_bank", slow_bank)
    results = _at_once(lambda: dbk.generate_scroll(core, one),
                       lambda: dbk.generate_scroll(core, two))
    made = [r for r in results if isinstance(r, dbk.ScrollView)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].rule == "EXP-DBK-5" and "the day is closed" in refused[0].message
    assert [x.claim_id for x in made[0].lines] == [head.id]
    with core.db.read() as s:
        assert len(s.exec(select(t.DrawbackScroll.id)).all()) == 1

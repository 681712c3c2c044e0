"""Realisation of export proceeds (003 §24): AD declarations (EXP-BRC-1), the pendency list
with ageing (EXP-BRC-3), the three BRC entry options (EXP-BRC-4) and recovery (EXP-BRC-5).

SBs are filed and let for export through the services on past dates (the FixedClock is
moved back for each, then returned to 2 Nov 2026 11:00), so that some are overdue:

* LEO 10.06.2025 → due 10.03.2026 (9 months) → 237 days overdue (181–365)
* LEO 15.01.2025 → due 15.10.2025 → 383 days overdue (over 365)
* LEO 20.11.2025 → due 20.02.2027 (15 months from 13.11.2025) → not yet due
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

import db.tables as t
from console.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolation
from console.services.exports import leo
from console.services.schemes import brc
from tests import sb_support
from tests.conftest import T0
from tests.sb_support import IEC_HANDLOOM, IEC_MARINE, declaration

JUN = datetime(2025, 6, 10, 11, 0)
JAN = datetime(2025, 1, 15, 11, 0)
NOV = datetime(2025, 11, 20, 11, 0)


def leo_sb(core, a, clock, when: datetime, iec: str = IEC_MARINE, prefix: str = "03",
           quantity: str = "40", drawback: bool = True):
    """File an SB on ``when`` and take it to LEO the same day; the clock goes back to T0."""
    clock.set(when)
    try:
        data = declaration(core, iec, prefix, quantity=quantity, drawback=drawback)
        data["invoices"][0]["invoice_date"] = (when.date() - timedelta(days=3)).isoformat()
        sb = sb_support.assessed(core, a, sb_support.file(core, a, data))
        sb = sb_support.registered(core, a, sb)
        if sb.state == "under_examination":
            sb = sb_support.examined(core, a, sb)
        return leo.give_let_export_order(core, a["apr2"], sb.sb_no)
    finally:
        clock.set(T0)


def snapshot(core) -> dict:
    """sb_support.snapshot plus every BRC row: to prove a refusal changed nothing."""
    out = sb_support.snapshot(core)
    with core.db.read() as s:
        out["watch"] = tuple(s.exec(select(
            t.BrcWatch.sb_no, t.BrcWatch.pending, t.BrcWatch.cleared_how,
            t.BrcWatch.entry_id, t.BrcWatch.recovery_paise).order_by(t.BrcWatch.sb_no)).all())
        out["entries"] = len(s.exec(select(t.BrcEntry.id)).all())
        out["declarations"] = len(s.exec(select(t.BrcAdDeclaration.id)).all())
    return out


def ad_of(core, iec: str) -> str:
    with core.db.read() as s:
        return s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == iec, t.AdRegistration.port_code == "INVTZ4")).first()


def declare(core, a, iec: str = IEC_MARINE) -> str:
    ad = ad_of(core, iec)
    brc.declare_ads(core, a["dbk1"], iec, [ad], letter_ref=f"DECL/{iec[-4:]}",
                    letter_date=date(2024, 4, 1))
    return ad


def pending_nos(core, a, iec: str | None = None, **kw) -> list[int]:
    return [r.sb_no for r in brc.pendency(core, a["acdc1"], iec, **kw).rows]


# ---- EXP-BRC-1 ----


def test_exp_brc_1_ad_declaration_then_intimation(demo_core, actors, clock):
    """EXP-BRC-1: a drawback exporter declares at the port the ADs it will realise through;
    a later AD is an intimation. The AD must be in RBI's directory and the exporter's
    account with it registered here (EXP-REG-4); a BRC naming an undeclared AD is refused."""
    a = actors
    sb = leo_sb(demo_core, a, clock, JUN)
    with pytest.raises(RuleViolation) as err:  # nothing declared yet
        brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad_of(demo_core, IEC_MARINE), "B1",
                       date(2026, 1, 5), [(sb.sb_no, sb.sb_date)])
    assert err.value.rule == "EXP-BRC-1" and "not declared" in str(err.value)
    first = declare(demo_core, a)
    with demo_core.db.read() as s:
        other = next(c for c in s.exec(select(t.AdCode.code)).all() if c != first)
    snap = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:  # account not registered at INVTZ4
        brc.declare_ads(demo_core, a["dbk1"], IEC_MARINE, [other], letter_ref="L2",
                        letter_date=date(2025, 1, 2))
    assert err.value.rule == "EXP-REG-4" and "not registered" in str(err.value)
    with pytest.raises(RuleViolation, match="not in RBI"):
        brc.declare_ads(demo_core, a["dbk1"], IEC_MARINE, ["9999999"], letter_ref="L2",
                        letter_date=date(2025, 1, 2))
    with pytest.raises(InvalidInput, match="already declared"):
        brc.declare_ads(demo_core, a["acdc1"], IEC_MARINE, [first], letter_ref="L2",
                        letter_date=date(2025, 1, 2))
    with pytest.raises(NotPermitted):
        brc.declare_ads(demo_core, a["opr1"], IEC_MARINE, [first], letter_ref="L2",
                        letter_date=date(2025, 1, 2))
    assert snapshot(demo_core) == snap
    from console.services.admin.registries import register_ad

    register_ad(demo_core, a["clk1"], IEC_MARINE, other, "INVTZ4")
    added = brc.declare_ads(demo_core, a["dbk1"], IEC_MARINE, [other], letter_ref="L2",
                            letter_date=date(2025, 1, 2))
    assert [(d.ad_code, d.kind) for d in added] == [(other, "intimation")]
    listed = brc.ad_declarations(demo_core, IEC_MARINE, "INVTZ4")
    assert [(d.ad_code, d.kind) for d in listed] == [(first, "declaration"),
                                                    (other, "intimation")]
    assert listed[0].bank  # from RBI's directory
    entry = brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, first, "B1", date(2026, 1, 5),
                           [(sb.sb_no, sb.sb_date)])
    assert entry.cleared == (sb.sb_no,)


# ---- the watch and the pendency list (EXP-BRC-2/3) ----


def test_exp_brc_3_pendency_for_port_and_iec_with_ageing(demo_core, actors, clock):
    """EXP-BRC-3: drawback SBs whose BRC was not furnished by the due date are listed for
    the port or one IEC, most overdue first, with ageing buckets; SBs not yet due are
    counted but listed only on request; an SB without drawback is not watched."""
    a = actors
    jun = leo_sb(demo_core, a, clock, JUN)
    jan = leo_sb(demo_core, a, clock, JAN)
    nov = leo_sb(demo_core, a, clock, NOV)
    handloom = leo_sb(demo_core, a, clock, JUN, IEC_HANDLOOM, "52", "70")
    free = leo_sb(demo_core, a, clock, JUN, drawback=False)
    assert (jun.brc_due_date, jan.brc_due_date, nov.brc_due_date) == (
        date(2026, 3, 10), date(2025, 10, 15), date(2027, 2, 20))
    mine = brc.pendency(demo_core, a["acdc1"], IEC_MARINE)
    assert [r.sb_no for r in mine.rows] == [jan.sb_no, jun.sb_no]  # most overdue first
    assert [(r.days_overdue, r.bucket) for r in mine.rows] == [(383, "over 365"),
                                                             (237, "181-365")]
    counts = dict(mine.buckets)
    # the demo's own drawback SB of this exporter got LEO today: not yet due
    assert counts["over 365"] == 1 and counts["181-365"] == 1 and counts["not yet due"] >= 2
    assert mine.total == 2 and mine.rows[0].exporter_name == "Sagar Marine Foods Ltd"
    assert mine.rows[0].drawback > 0
    everything = brc.pendency(demo_core, a["dbk1"], IEC_MARINE, include_not_due=True)
    assert nov.sb_no in [r.sb_no for r in everything.rows]
    assert everything.total == sum(n for _b, n in everything.buckets)
    port = pending_nos(demo_core, a)
    assert set(port) >= {jan.sb_no, jun.sb_no, handloom.sb_no}
    assert free.sb_no not in pending_nos(demo_core, a, include_not_due=True)
    with pytest.raises(NotFound, match="not watched"):
        brc.show(demo_core, free.sb_no)
    # paged: one row per page
    page2 = brc.pendency(demo_core, a["acdc1"], IEC_MARINE, offset=1, limit=1)
    assert [r.sb_no for r in page2.rows] == [jun.sb_no] and page2.total == 2
    with pytest.raises(NotPermitted):
        brc.pendency(demo_core, a["apr1"])


def test_exp_brc_3_sb_cancelled_after_leo_leaves_the_watch(demo_core, actors, clock):
    """EXP-BRC-3: an SB cancelled after LEO (EXP-CAN-1) was never exported: nothing is to
    be realised, and it leaves the pendency list."""
    from console.services.exports import cancellations

    a = actors
    sb = leo_sb(demo_core, a, clock, JUN)
    assert sb.sb_no in pending_nos(demo_core, a)
    req = cancellations.request_cancellation(demo_core, a["opr1"], sb.sb_no, "cancellation",
                                             "buyer cancelled the order")
    cancellations.permit_cancellation(demo_core, a["acdc1"], req.id, "goods still in the shed")
    assert sb.sb_no not in pending_nos(demo_core, a)
    assert brc.show(demo_core, sb.sb_no).cleared_how == "withdrawn"


# ---- EXP-BRC-4 option 1 ----


def test_exp_brc_4_option_1_brc_for_specific_sbs(demo_core, actors, clock):
    """EXP-BRC-4 option 1: a BRC naming SB numbers and dates; those SBs leave the pending
    list. Refused, changing nothing: a wrong SB date, an SB of another exporter, an SB
    realised through another AD, an SB already cleared."""
    a = actors
    ad = declare(demo_core, a)
    one, two = leo_sb(demo_core, a, clock, JUN), leo_sb(demo_core, a, clock, JAN)
    other = leo_sb(demo_core, a, clock, JUN, IEC_HANDLOOM, "52", "70")
    snap = snapshot(demo_core)
    bad = [
        ([(one.sb_no, one.sb_date + timedelta(days=1))], InvalidInput, "is dated"),
        ([(one.sb_no, one.sb_date), (other.sb_no, other.sb_date)], RuleViolation,
         f"SB {other.sb_no} is of exporter {IEC_HANDLOOM}, not {IEC_MARINE}"),
        ([(one.sb_no, one.sb_date), (one.sb_no, one.sb_date)], InvalidInput, "twice"),
        ([(9999999, one.sb_date)], NotFound, "not found"),
    ]
    for sbs, exc, text in bad:
        with pytest.raises(exc, match=text):
            brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad, "BRC/77", date(2026, 1, 5),
                           sbs)
    with pytest.raises(InvalidInput, match="future"):
        brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad, "BRC/77", date(2026, 12, 5),
                       [(one.sb_no, one.sb_date)])
    assert snapshot(demo_core) == snap
    assert set(pending_nos(demo_core, a, IEC_MARINE)) == {one.sb_no, two.sb_no}

    entry = brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad, "BRC/77",
                           date(2026, 1, 5), [(one.sb_no, one.sb_date), (two.sb_no, two.sb_date)])
    assert (entry.option, entry.kind, entry.cleared) == (1, "brc", tuple(sorted(
        (one.sb_no, two.sb_no))))
    assert pending_nos(demo_core, a, IEC_MARINE) == []
    status = brc.show(demo_core, one.sb_no)
    assert (status.pending, status.cleared_how, status.entry_no) == (False, "brc", entry.entry_no)
    with pytest.raises(RuleViolation, match="already left the pending list by a BRC"):
        brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad, "BRC/78", date(2026, 1, 6),
                       [(one.sb_no, one.sb_date)])
    assert brc.entry(demo_core, entry.entry_no).doc_no == "BRC/77"


def test_exp_brc_4_option_1_other_ad_refused(demo_core, actors, clock):
    """EXP-BRC-4: certificates are filed AD-wise: a BRC from a declared AD cannot cover an
    SB realised through another AD."""
    a = actors
    sb = leo_sb(demo_core, a, clock, JUN)
    mine = declare(demo_core, a)
    with demo_core.db.read() as s:
        other = next(c for c in s.exec(select(t.AdCode.code)).all() if c != mine)
    from console.services.admin.registries import register_ad

    register_ad(demo_core, a["clk1"], IEC_MARINE, other, "INVTZ4")
    brc.declare_ads(demo_core, a["dbk1"], IEC_MARINE, [other], letter_ref="L2",
                    letter_date=date(2025, 1, 2))
    snap = snapshot(demo_core)
    with pytest.raises(RuleViolation, match=f"realises through AD {mine}, not AD {other}"):
        brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, other, "B9", date(2026, 1, 5),
                       [(sb.sb_no, sb.sb_date)])
    assert snapshot(demo_core) == snap and sb.sb_no in pending_nos(demo_core, a)


# ---- EXP-BRC-4 options 2 and 3 ----


def test_exp_brc_4_option_2_negative_statement_for_a_period(demo_core, actors, clock):
    """EXP-BRC-4 option 2: a negative statement for a six-month period (Jan–Jun 2025): the
    SBs of the period are shown, and on approval all of them leave the list; SBs of other
    periods stay. A statement dated inside the period, or an approval of a list that has
    changed since it was shown, is refused."""
    a = actors
    ad = declare(demo_core, a)
    jan, jun = leo_sb(demo_core, a, clock, JAN), leo_sb(demo_core, a, clock, JUN)
    nov = leo_sb(demo_core, a, clock, NOV)
    shown = brc.period_sbs(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1))
    assert (shown.period_from, shown.period_to) == (date(2025, 1, 1), date(2025, 6, 30))
    assert [w.sb_no for w in shown.sbs] == [jan.sb_no, jun.sb_no]
    snap = snapshot(demo_core)
    with pytest.raises(RuleViolation, match="dated after the period ends"):
        brc.approve_nil_statement(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1),
                                  "CA/2025/1", date(2025, 6, 30))
    with pytest.raises(Conflict):
        brc.approve_nil_statement(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1),
                                  "CA/2025/1", date(2025, 7, 20), shown=[jan.sb_no])
    with pytest.raises(InvalidInput, match="first day of a month"):
        brc.period_sbs(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 2))
    assert snapshot(demo_core) == snap
    entry = brc.approve_nil_statement(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1),
                                      "CA/2025/1", date(2025, 7, 20),
                                      shown=[w.sb_no for w in shown.sbs])
    assert (entry.option, entry.cleared) == (2, (jan.sb_no, jun.sb_no))
    left = pending_nos(demo_core, a, IEC_MARINE, include_not_due=True)
    assert jan.sb_no not in left and jun.sb_no not in left and nov.sb_no in left
    with pytest.raises(RuleViolation, match="nothing to approve"):
        brc.approve_nil_statement(demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1),
                                  "CA/2025/2", date(2025, 7, 21))


def test_exp_brc_4_option_3_statement_listing_sbs_not_realised(demo_core, actors, clock):
    """EXP-BRC-4 option 3: the statement lists the SBs of the period not realised; the
    officer keys those and every other SB of the period leaves the list. Bad input — an SB
    outside the period, an SB of another exporter — is refused and nothing changes."""
    a = actors
    ad = declare(demo_core, a)
    jan, jun = leo_sb(demo_core, a, clock, JAN), leo_sb(demo_core, a, clock, JUN)
    mar = leo_sb(demo_core, a, clock, datetime(2025, 3, 3, 11, 0))
    nov = leo_sb(demo_core, a, clock, NOV)
    handloom = leo_sb(demo_core, a, clock, JUN, IEC_HANDLOOM, "52", "70")
    args = (demo_core, a["dbk1"], IEC_MARINE, ad, date(2025, 1, 1), "CA/2025/3",
            date(2025, 8, 1))
    snap = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        brc.declare_not_realised(*args, [jun.sb_no, nov.sb_no])
    assert err.value.rule == "EXP-BRC-4"
    assert (f"SB {nov.sb_no} was let for export on 20.11.2025, outside the period "
            "01.01.2025–30.06.2025") in str(err.value)
    with pytest.raises(RuleViolation, match=f"SB {handloom.sb_no} is of exporter {IEC_HANDLOOM}"):
        brc.declare_not_realised(*args, [handloom.sb_no])
    with pytest.raises(InvalidInput, match="option 2"):
        brc.declare_not_realised(*args, [])
    assert snapshot(demo_core) == snap

    entry = brc.declare_not_realised(*args, [jun.sb_no])
    assert (entry.option, entry.not_realised, entry.cleared) == (
        3, (jun.sb_no,), (jan.sb_no, mar.sb_no))
    left = pending_nos(demo_core, a, IEC_MARINE, include_not_due=True)
    assert jun.sb_no in left and nov.sb_no in left
    assert jan.sb_no not in left and mar.sb_no not in left
    assert handloom.sb_no in pending_nos(demo_core, a, IEC_HANDLOOM)


# ---- EXP-BRC-5: recovery ----


def test_exp_brc_5_recovery_started_then_recorded_by_challan(demo_core, actors, clock):
    """EXP-BRC-5 (with EXP-BRC-3): the AC/DC starts recovery of an overdue SB; the amount is
    the SB's drawback plus ROSL. Worked example (SB of 10.06.2025: 40 kg of fish at
    USD 10 = USD 400 × ₹85.05 (rate of 06.06.2025) = FOB ₹34,020.00; serial 030301A,
    1.8 % of FOB, no cap: 34,020.00 × 0.018 = ₹612.36; no ROSL)
    → recover ₹612.36 + ₹0.00 = ₹612.36. Option 1 with the
    challan number and date removes the SB from the list. Recording a recovery never
    started, or starting one on an SB not yet due, is refused."""
    a = actors
    sb = leo_sb(demo_core, a, clock, JUN)
    nov = leo_sb(demo_core, a, clock, NOV)
    assert (sb.fob_inr, sb.drawback, sb.rosl) == (Decimal("34020.00"), Decimal("612.36"),
                                                  Decimal("0.00"))
    snap = snapshot(demo_core)
    with pytest.raises(RuleViolation, match="was never started"):
        brc.record_recovery(demo_core, a["acdc1"], IEC_MARINE, "CH/501", date(2026, 10, 1),
                            [(sb.sb_no, sb.sb_date)])
    with pytest.raises(RuleViolation, match="not overdue"):
        brc.start_recovery(demo_core, a["acdc1"], [nov.sb_no])
    with pytest.raises(NotPermitted):
        brc.start_recovery(demo_core, a["dbk1"], [sb.sb_no])
    assert snapshot(demo_core) == snap

    started = brc.start_recovery(demo_core, a["acdc1"], [sb.sb_no])
    assert [(w.sb_no, w.recovery) for w in started] == [(sb.sb_no, Decimal("612.36"))]
    assert [w.sb_no for w in brc.under_recovery(demo_core, a["acdc1"], IEC_MARINE)] == [
        sb.sb_no]
    with pytest.raises(RuleViolation, match="recovery was started already") as err:
        brc.start_recovery(demo_core, a["acdc1"], [sb.sb_no])
    assert (err.value.act, err.value.check) == ("BRCWATCH.start_recovery", "state")
    assert f"{brc.show(demo_core, sb.sb_no).recovery_started_at:%d.%m.%Y}" == "02.11.2026"
    entry = brc.record_recovery(demo_core, a["dbk1"], IEC_MARINE, "CH/501",
                                date(2026, 10, 30), [(sb.sb_no, sb.sb_date)])
    assert (entry.option, entry.kind, entry.cleared) == (1, "recovery", (sb.sb_no,))
    assert sb.sb_no not in pending_nos(demo_core, a)
    assert brc.show(demo_core, sb.sb_no).cleared_how == "recovered"
    assert brc.under_recovery(demo_core, a["acdc1"], IEC_MARINE) == []


def test_exp_brc_5_brc_after_recovery_started_withdraws_it(demo_core, actors, clock):
    """EXP-BRC-5: recovery started for every overdue SB of an IEC; a BRC keyed later for one
    of them removes it from the list and withdraws its recovery; the other stays under
    recovery."""
    a = actors
    ad = declare(demo_core, a)
    jan, jun = leo_sb(demo_core, a, clock, JAN), leo_sb(demo_core, a, clock, JUN)
    started = brc.start_recovery(demo_core, a["acdc1"], iec=IEC_MARINE)
    assert [w.sb_no for w in started] == [jan.sb_no, jun.sb_no]
    with pytest.raises(RuleViolation, match="no overdue SB awaits recovery"):
        brc.start_recovery(demo_core, a["acdc1"], iec=IEC_MARINE)
    entry = brc.record_brc(demo_core, a["dbk1"], IEC_MARINE, ad, "BRC/90", date(2026, 11, 1),
                           [(jun.sb_no, jun.sb_date)])
    assert entry.recovery_withdrawn == (jun.sb_no,)
    assert [w.sb_no for w in brc.under_recovery(demo_core, a["acdc1"], IEC_MARINE)] == [
        jan.sb_no]
    assert pending_nos(demo_core, a, IEC_MARINE) == [jan.sb_no]


def test_brc_only_this_port(demo_core, actors, clock):
    """EXP-BRC-3: the pendency list is the officer's port's; Port Blair sees none of
    Visakhapatnam's SBs, nor may its AC/DC start their recovery (roles.md: every officer
    acts only where posted)."""
    a = actors
    sb = leo_sb(demo_core, a, clock, JUN)
    from console.roles import Actor, Role

    blair = Actor("acdc9", "Port Blair AC", Role.ACDC, "INIXZ1", "test")
    assert brc.pendency(demo_core, blair).rows == ()
    assert brc.pendency(demo_core, a["acdc1"]).total >= 1
    snap = snapshot(demo_core)
    with pytest.raises(NotPermitted) as err:
        brc.start_recovery(demo_core, blair, [sb.sb_no])
    assert (err.value.act, err.value.check) == ("BRCWATCH.start_recovery", "location")
    assert snapshot(demo_core) == snap


# ---- ices brc ----


def test_exp_brc_4_cli_pendency_recovery_and_option_3(cli):
    """EXP-BRC-3, EXP-BRC-4, EXP-BRC-5 through ``ices brc`` on the demo: Coromandel
    Handlooms has two overdue SBs (one under recovery) and one realised by the demo BRC.
    Option 3 listing an SB outside the period is refused (exit non-zero, nothing changed);
    listing the pending one for its period clears nothing else and keeps it pending; the
    recovery is recorded with a challan and that SB leaves the list."""
    page = cli("brc", "pendency", "--iec", IEC_HANDLOOM, "--user", "acdc1")
    rows = page["rows"]
    assert page["total"] == 2 and [r["bucket"] for r in rows] == ["over 365", "181-365"]
    oldest, pending = rows
    assert oldest["recovery"] == oldest["drawback"] and pending["recovery"] is None
    listed = cli("brc", "recovery", "list", "--iec", IEC_HANDLOOM, "--user", "acdc1")
    assert [r["sb_no"] for r in listed] == [oldest["sb_no"]]
    ads = cli("brc", "ads", IEC_HANDLOOM)
    ad = ads[0]["ad_code"]
    leo_on = date.fromisoformat(pending["leo_on"])
    half = f"{leo_on.year}-{1 if leo_on.month <= 6 else 7:02d}"
    other_half = (f"{leo_on.year - 1}-07" if leo_on.month <= 6  # the half-year before
                  else f"{leo_on.year}-01")
    before = snapshot(cli.core)
    refused = cli("brc", "declare", IEC_HANDLOOM, str(pending["sb_no"]), "--ad", ad,
                  "--period", other_half, "--no", "CA/1", "--date", "2026-10-01",
                  "--user", "dbk1", ok=False)
    assert refused.exception.rule == "EXP-BRC-4" and "outside the period" in str(
        refused.exception)
    after_refusal = snapshot(cli.core)
    assert after_refusal.pop("AuditRecord") == before.pop("AuditRecord") + 1  # the login only
    assert after_refusal == before
    entry = cli("brc", "declare", IEC_HANDLOOM, str(pending["sb_no"]), "--ad", ad,
                "--period", half, "--no", "CA/1", "--date", "2026-10-01", "--user", "dbk1")
    assert entry["option"] == 3 and entry["not_realised"] == [pending["sb_no"]]
    assert cli("brc", "show", str(pending["sb_no"]))["pending"] is True
    done = cli("brc", "recovery", "record", IEC_HANDLOOM,
               f"{oldest['sb_no']}:{oldest['sb_date']}", "--order", "CH/2026/41",
               "--date", "2026-10-30", "--user", "acdc1")
    assert done["kind"] == "recovery" and done["cleared"] == [oldest["sb_no"]]
    after = cli("brc", "pendency", "--iec", IEC_HANDLOOM, "--user", "acdc1")
    assert [r["sb_no"] for r in after["rows"]] == [pending["sb_no"]]


# ---- issue 21: the pendency's buckets are counted only up to the page's window ----


def test_exp_brc_3_pendency_counted_up_to_a_cap_lists_the_same_rows(demo_core, actors, clock,
                                                                    monkeypatch):
    """EXP-BRC-3, issue 21: each ageing bucket is counted only up to the page's end rounded
    up to ``COUNT_CAP``; under the cap every count is exact (what a count of every pending
    SB gives), over it the bucket and the total say "N+", a capped total always has a next
    page, and paging on reaches every overdue SB in the same order as one page."""
    from screens.brc import BrcPendencyScreen

    a = actors
    for when in (JAN, JAN, JUN, NOV):
        leo_sb(demo_core, a, clock, when)
    acdc = a["acdc1"]
    exact = brc.pendency(demo_core, acdc, IEC_MARINE, limit=500)
    with demo_core.db.read() as s:
        watched = s.exec(select(t.BrcWatch.due_on).where(
            t.BrcWatch.location_code == "INVTZ4", t.BrcWatch.pending == True,  # noqa: E712
            t.BrcWatch.iec == IEC_MARINE)).all()
    counts = {label: 0 for label, _lo, _hi in brc.BUCKETS}
    for due in watched:
        counts[brc.bucket_of(brc.days_overdue(due, T0.date()))] += 1
    assert dict(exact.buckets) == counts and not exact.capped and not exact.total_capped
    assert exact.total == len(exact.rows) == 3 and counts["over 365"] == 2
    overdue = [r.sb_no for r in exact.rows]

    monkeypatch.setattr(brc, "COUNT_CAP", 1)
    first = brc.pendency(demo_core, acdc, IEC_MARINE, limit=1)
    assert [r.sb_no for r in first.rows] == overdue[:1]
    assert first.capped == ("not yet due", "over 365") and first.total_capped
    assert dict(first.buckets)["over 365"] == 1 and first.total == 2
    assert first.count_of("over 365", 1) == "1+" and first.total_shown == "2+"
    assert str(BrcPendencyScreen.status_text(first)).startswith(
        f"{IEC_MARINE}: 2+ SB(s) overdue as on 02.11.2026 · page 1/1+")
    seen, page = [], first
    while True:
        seen += [r.sb_no for r in page.rows]
        if not page.total_capped and page.offset + len(page.rows) >= page.total:
            break
        page = brc.pendency(demo_core, acdc, IEC_MARINE, offset=page.offset + 1, limit=1)
        assert page.rows
    assert seen == overdue and (page.total, page.total_capped) == (3, False)
    assert str(BrcPendencyScreen.status_text(page)).startswith(f"{IEC_MARINE}: 3 SB(s) ")

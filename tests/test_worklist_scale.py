"""The worklist's total is counted only up to a cap (worklists.COUNT_CAP, bench/worklist).

Lists of a few SBs on the demo database, with a cap of a few rows: the page says
"N+" once the list is longer than the count window, the window moves with the page,
and paging on past the cap still reaches every row in order.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

import db.tables as t
from console.roles import Role
from console.services.exports import worklists
from screens.home import HomeScreen
from tests.app_support import log_in, make_app, pilot_test, settle
from tests.conftest import T0

APR_STATES = worklists.SB_STATES_FOR[Role.APR]


def add_sbs(core, n: int, states: tuple[str, ...], location: str = "INVTZ4") -> None:
    """``n`` submitted SBs straight into the table, one minute apart, states in turn."""
    with core.db.write() as s:
        iec = s.exec(select(t.Iec.code).order_by(t.Iec.code)).first()
        top = max(s.exec(select(t.ShippingBill.job_no)).all() + [0])
        for i in range(n):
            at = T0 - timedelta(days=1, minutes=i)
            s.add(t.ShippingBill(
                job_no=top + 1 + i, sb_no=90_000_000 + top + i, sb_date=at.date(),
                location_code=location, state=states[i % len(states)], iec=iec,
                port_of_loading=location, country_of_destination="US", created_by="opr1",
                created_at=at, submitted_at=at))


def refs(page: worklists.WorkPage) -> list[tuple[str, str]]:
    return [(r.kind, r.ref) for r in page.rows]


def whole(core, actor, **kw) -> worklists.WorkPage:
    """The list in one page, counted exactly (cap far above it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(worklists, "COUNT_CAP", 10**9)
        page = worklists.for_officer(core, actor, limit=10_000, **kw)
    assert not page.total_capped and page.total == len(page.rows)
    return page


def walk(core, actor, limit: int) -> list[worklists.WorkPage]:
    """Every page, following "next page" as the home screen does."""
    pages = [worklists.for_officer(core, actor, limit=limit)]
    while pages[-1].total_capped or pages[-1].offset + len(pages[-1].rows) < pages[-1].total:
        pages.append(worklists.for_officer(core, actor, offset=pages[-1].offset + limit,
                                           limit=limit))
        assert pages[-1].rows, "a next page was promised but is empty"
        assert len(pages) < 100
    return pages


def test_total_is_counted_up_to_the_cap(demo_core, actors, monkeypatch):
    add_sbs(demo_core, 9, APR_STATES)
    apr = actors["apr1"]
    everything = whole(demo_core, apr)
    assert everything.total == 12  # the demo's 3 + 9

    monkeypatch.setattr(worklists, "COUNT_CAP", 5)
    first = worklists.for_officer(demo_core, apr, limit=2)
    assert (first.total, first.total_capped) == (5, True)
    assert refs(first) == refs(everything)[:2]  # the cap changes the count, not the rows

    # The window is the page's end rounded up to the cap: rows 5-6 count up to 10.
    third = worklists.for_officer(demo_core, apr, offset=4, limit=2)
    assert (third.total, third.total_capped) == (10, True)
    assert refs(third) == refs(everything)[4:6]

    # Past the second window the rest (12 < 15) is counted exactly.
    last = worklists.for_officer(demo_core, apr, offset=10, limit=2)
    assert (last.total, last.total_capped) == (12, False)
    assert refs(last) == refs(everything)[10:12]


def test_a_list_exactly_at_the_cap_is_not_capped(demo_core, actors, monkeypatch):
    apr = actors["apr1"]
    n = whole(demo_core, apr).total
    monkeypatch.setattr(worklists, "COUNT_CAP", n)
    page = worklists.for_officer(demo_core, apr, limit=1)
    assert (page.total, page.total_capped) == (n, False)
    monkeypatch.setattr(worklists, "COUNT_CAP", n - 1)
    page = worklists.for_officer(demo_core, apr, limit=1)
    assert (page.total, page.total_capped) == (n - 1, True)


def test_the_window_is_never_shorter_than_the_page(demo_core, actors, monkeypatch):
    """A page longer than the cap (``ices sb worklist --limit``) is counted to its end."""
    add_sbs(demo_core, 9, APR_STATES)
    apr = actors["apr1"]
    monkeypatch.setattr(worklists, "COUNT_CAP", 3)
    page = worklists.for_officer(demo_core, apr, limit=7)
    assert len(page.rows) == 7 and (page.total, page.total_capped) == (9, True)
    page = worklists.for_officer(demo_core, apr, limit=20)
    assert len(page.rows) == 12 and (page.total, page.total_capped) == (12, False)


def test_paging_past_the_cap_reaches_every_row(demo_core, actors, monkeypatch):
    add_sbs(demo_core, 10, APR_STATES)
    add_sbs(demo_core, 4, APR_STATES, location="INIXZ1")  # another port's: never listed
    apr = actors["apr1"]
    everything = whole(demo_core, apr)
    assert everything.total == 13
    monkeypatch.setattr(worklists, "COUNT_CAP", 4)
    pages = walk(demo_core, apr, limit=3)
    assert [r for p in pages for r in refs(p)] == refs(everything)
    assert [p.total_capped for p in pages] == [True] * 4 + [False]
    assert pages[-1].total == 13


def test_queries_first_are_counted_exactly(demo_core, actors, monkeypatch):
    """opr1's list: the demo's approved query to reply to, then drafts and checklists."""
    add_sbs(demo_core, 8, worklists.SB_STATES_FOR[Role.OPR])
    opr = actors["opr1"]
    everything = whole(demo_core, opr)
    kinds = [k for k, _ in refs(everything)]
    assert kinds[0] == "QUERY" and kinds.count("QUERY") == 1 and everything.total == 11
    monkeypatch.setattr(worklists, "COUNT_CAP", 4)
    first = worklists.for_officer(demo_core, opr, limit=2)
    assert (first.total, first.total_capped) == (4, True)  # 1 query + 3 SBs counted
    pages = walk(demo_core, opr, limit=2)
    assert [r for p in pages for r in refs(p)] == refs(everything)


def test_a_narrowed_list_is_counted_exactly_under_the_cap(demo_core, actors, monkeypatch):
    add_sbs(demo_core, 9, APR_STATES)
    monkeypatch.setattr(worklists, "COUNT_CAP", 5)
    page = worklists.for_officer(demo_core, actors["apr1"], limit=2, state="examined")
    assert (page.total, page.total_capped) == (4, False)  # the demo's 1 + 3
    assert {r.state for r in page.rows} == {"examined"}


def test_caption_says_more_than_when_capped():
    rows = [worklists.WorkRow("SB", str(n), "examined", "X", None, "") for n in range(50)]
    capped = worklists.WorkPage("t", rows, 1000, 0, total_capped=True)
    assert str(HomeScreen.status_text(capped)) == \
        "1–50 of 1,000+ · page 1/20+ · Enter opens · PgUp/PgDn pages · F5 reloads"
    exact = worklists.WorkPage("t", rows, 120, 0)
    assert str(HomeScreen.status_text(exact)) == \
        "1–50 of 120 · page 1/3 · Enter opens · PgUp/PgDn pages · F5 reloads"


def test_home_screen_pages_past_the_cap(demo_core, monkeypatch):
    import screens.home

    add_sbs(demo_core, 3, APR_STATES)  # 6 in apr1's list
    monkeypatch.setattr(screens.home, "PAGE", 2)
    monkeypatch.setattr(worklists, "COUNT_CAP", 2)
    run_home(demo_core)


@pilot_test
async def run_home(demo_core):
    app = make_app(demo_core)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "apr1")
        home = app.screen
        status = home.query_one("#worklist-status")
        assert home.work_page.total_capped
        assert " · 1–2 of 2+ · page 1/1+" in str(status.render())  # after the row's summary
        seen = [r.ref for r in home.work_page.rows]
        for _ in range(2):
            await pilot.press("pagedown", "pagedown")  # to the page's last row, then on
            await settle(pilot)
            seen += [r.ref for r in home.work_page.rows]
        page = home.work_page
        assert page.offset == 4 and not page.total_capped and page.total == 6
        assert str(status.render()).startswith("5–6 of 6 ")
        assert len(seen) == 6 == len(set(seen))
        assert home.check_action("page", (1,)) is None  # the end: no next page


def test_search_by_whole_iec_prefix_and_sb_number(demo_core, actors):
    """The search box takes an SB number, a whole IEC (matched exactly, by index) or the
    first characters of one; each finds the same SBs a plain filter of the list would."""
    apr = actors["apr1"]
    add_sbs(demo_core, 6, APR_STATES)
    whole = worklists.for_officer(demo_core, apr, limit=500).rows
    iec = whole[0].party
    mine = [r.ref for r in whole if r.party == iec]
    assert mine
    assert [r.ref for r in worklists.for_officer(demo_core, apr, search=iec.lower(),
                                                 limit=500).rows] == mine
    assert [r.ref for r in worklists.for_officer(demo_core, apr, search=iec[:6],
                                                 limit=500).rows] == [
        r.ref for r in whole if r.party.startswith(iec[:6])]
    one = whole[-1].ref
    assert [r.ref for r in worklists.for_officer(demo_core, apr, search=one).rows] == [one]


# ---- issue 21: each state's newest SBs come off the index on both stores ----


def add_every_state(core, location: str = "INVTZ4") -> None:
    """SBs in every state, as the services leave them: those being keyed have no
    ``submitted_at``, the others have it, several at the same minute (ties go by id)."""
    from console.acts.sb import KEYING, SbState

    with core.db.write() as s:
        iec = s.exec(select(t.Iec.code).order_by(t.Iec.code)).first()
        top = max(s.exec(select(t.ShippingBill.job_no)).all() + [0])
        n = 0
        for state in SbState:
            for i in range(4):
                n += 1
                at = None if state in KEYING else T0 - timedelta(hours=n // 3, minutes=i // 2)
                s.add(t.ShippingBill(
                    job_no=top + n, sb_no=None if at is None else 80_000_000 + top + n,
                    sb_date=at.date() if at else None, location_code=location, state=state,
                    iec=iec, port_of_loading=location, country_of_destination="US",
                    created_by="opr1", created_at=T0 - timedelta(days=1), submitted_at=at))


def newest_first(core, states) -> list[str]:
    """Every SB of the states at INVTZ4 newest first (unsubmitted last), sorted here."""
    sb = t.ShippingBill
    with core.db.read() as s:
        rows = s.exec(select(sb.id, sb.sb_no, sb.job_no, sb.submitted_at).where(
            sb.location_code == "INVTZ4", sb.state.in_(states))).all()
    rows.sort(key=lambda r: (r.submitted_at is not None, r.submitted_at or T0, r.id),
              reverse=True)
    return [str(r.sb_no or f"job {r.job_no}") for r in rows]


def same_order_on(core) -> None:
    """Each role's list holds the SBs of its states in the order of one sort over them
    all (``submitted_at`` newest first, nulls last, then id), on one page and page by page."""
    from console.roles import Actor

    add_every_state(core)
    for role in (Role.OPR, Role.APR, Role.CUS, Role.ACDC, Role.CAR):
        actor = Actor(f"{role.value.lower()}9", "Test", role, "INVTZ4", "test")
        want = newest_first(core, worklists.SB_STATES_FOR[role])
        assert len(want) >= 4
        got = [r.ref for r in whole(core, actor).rows if r.kind == "SB"]
        assert got == want, role
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(worklists, "COUNT_CAP", 3)
            paged = [r.ref for p in walk(core, actor, 3) for r in p.rows if r.kind == "SB"]
        assert paged == want, role


def test_submitted_at_is_set_exactly_on_submitted_sbs(demo_core):
    """What the worklist's per-state sort relies on: an SB being keyed has no
    ``submitted_at`` and every SB past submission has it, so a state's SBs are all null
    or all not (the submission sets it once; no act returns an SB to keying)."""
    from console.acts.sb import KEYING, SB

    sb = t.ShippingBill
    with demo_core.db.read() as s:
        states = {(r.state, r.submitted_at is None)
                  for r in s.exec(select(sb.state, sb.submitted_at)).all()}
    assert states and all((state in KEYING) == null for state, null in states), states
    assert set(KEYING) >= {st for act in SB if act.to & set(KEYING) for st in act.from_}


def test_worklists_same_rows_same_order_sqlite(demo_core):
    same_order_on(demo_core)


@pytest.mark.postgres
def test_worklists_same_rows_same_order_postgresql(pg_database):

    from console.clock import FixedClock
    from console.services.admin.setup import prepare

    t.create_all(pg_database.engine)
    core, _ = prepare(pg_database, training=True, clock=FixedClock(T0))
    with core.db.write() as s:
        if s.exec(select(t.Iec.code)).first() is None:
            s.add(t.Iec(code="ZZTEST0001", name="Test Exports", registered_at=T0))
    same_order_on(core)

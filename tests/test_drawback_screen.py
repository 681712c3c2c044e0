"""The drawback screen (screens/drawback.py): F8 from the drawback officer's home, F6 Lists
for the AC/DC and the service centre (EXP-DBK-3..6): the queue first come first served,
deficiencies and their replies, brand-rate letters, supplementary claims from the
exporter's application to the AC/DC's sanction, and the day's scroll."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable

from console.acts.drawback import C
from console.services.schemes import drawback as dbk
from screens.drawback import DrawbackScreen
from screens.forms import ConfirmScreen, FormScreen
from tests.app_support import SIZE, errors, log_in, make_app, pilot_test, quiet, settle
from tests.test_admin_screens import open_register
from tests.test_app_sb import form_fill, switch_user
from tests.test_drawback import _claim, _clear_queue, _exported

REGISTER = "Drawback claims and scroll"


async def _open(pilot, username: str = "dbk1") -> DrawbackScreen:
    """The drawback officer's F8 from home; the others' Lists."""
    await log_in(pilot, username)
    if username == "dbk1":
        await pilot.press("f8")
        await settle(pilot)
        screen = pilot.app.screen
    else:
        screen = await open_register(pilot, REGISTER)
    assert isinstance(screen, DrawbackScreen)
    return screen


async def _list(pilot, screen: DrawbackScreen, states: tuple[str, ...]) -> None:
    """F8 until the list of claims in ``states`` is shown."""
    for _ in range(len(screen.lists)):
        if screen.states == states:
            return
        await pilot.press("f8")
        await settle(pilot)
    assert screen.states == states, [x.states for x in screen.lists]


async def _select(pilot, screen: DrawbackScreen, claim_id: int) -> None:
    screen.query_one("#dbk-table", DataTable).move_cursor(
        row=[c.id for c in screen.rows].index(claim_id))
    await pilot.pause()


@pilot_test
async def test_exp_dbk_3_exp_dbk_5_sanction_query_and_scroll_on_the_screen(
        demo_core, tmp_path, monkeypatch):
    """EXP-DBK-3: S sanctions the head of the queue (asked first: it moves money), Q takes a
    claim out with a deficiency; EXP-DBK-5: G writes the day's scroll (PDF and bank file),
    asked first (the day is then closed)."""
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        table = screen.query_one("#dbk-table", DataTable)
        queued = [c.id for c in screen.rows]
        assert len(queued) >= 2 and table.row_count == len(queued)
        await pilot.press("s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # left undone
        await settle(pilot)
        assert [c.id for c in screen.rows] == queued
        await pilot.press("s")
        await pilot.press("enter")
        await settle(pilot)
        assert [c.id for c in screen.rows] == queued[1:]
        await pilot.press("q")
        await settle(pilot)
        await form_fill(pilot, text="shipping bill copy not legible")
        await settle(pilot)
        assert [c.id for c in screen.rows] == queued[2:]
        await pilot.press("f8")
        await settle(pilot)
        assert [c.query_text for c in screen.rows] == ["shipping bill copy not legible"]
        await pilot.press("g")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not errors(app), errors(app)
    written = sorted(p.name for p in (tmp_path / "scrolls").iterdir())
    assert written == ["dbk-scroll-1.csv", "dbk-scroll-1.pdf"]
    lines = (tmp_path / "scrolls" / "dbk-scroll-1.csv").read_text().splitlines()
    assert len(lines) == 3  # header, the one sanctioned claim, the total


@pilot_test
async def test_exp_dbk_3_the_service_centre_keys_the_reply_and_the_claim_rejoins_the_queue(
        demo_core, actors):
    """EXP-DBK-3: a claim under a deficiency query is listed to the service-centre operator
    (Lists), who keys the exporter's reply (R); the claim rejoins the queue at its place.
    The operator is offered no sanction, deficiency or scroll (the tables)."""
    head = dbk.queue(demo_core, actors["dbk1"])[0]
    dbk.raise_deficiency(demo_core, actors["dbk1"], head.id, "invoice copy missing")
    app = make_app(demo_core)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "opr1")
        assert screen.states == (C.QUERY,)  # the operator's first list: under query
        assert [c.id for c in screen.rows] == [head.id]
        assert set(screen.open_acts()) == {"DBK.reply"}
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen)
        assert "invoice copy missing" in app.screen.note
        await form_fill(pilot, text="invoice copy enclosed, attested")
        assert not errors(app), errors(app)
        assert screen.rows == []
    replied = dbk.get_claim(demo_core, head.id)
    assert (replied.state, replied.reply_text) == ("queued", "invoice copy enclosed, attested")
    assert dbk.queue(demo_core, actors["dbk1"])[0].id == head.id  # at its place


@pilot_test
async def test_exp_dbk_4_exp_dbk_6_brand_rate_then_supplementary_claim_through_the_screens(
        demo_core, actors, clock):
    """EXP-DBK-4: the drawback officer keys the brand-rate letter (B) of a paid claim's item
    (Rs 4,000.00 against Rs 3,135.60 paid); EXP-DBK-6: the service centre keys the
    exporter's application for the Rs 864.40 more (U), the AC/DC permits it (P), the DBK
    appraiser processes it in its turn (O), the AC/DC sanctions it (S, asked first)."""
    _clear_queue(demo_core, actors)
    sb_no = _exported(demo_core, actors)
    original = _claim(demo_core, sb_no)
    dbk.sanction(demo_core, actors["dbk1"], original.id)
    dbk.generate_scroll(demo_core, actors["dbk1"])
    clock.advance(days=1)
    app = make_app(demo_core)

    def others() -> list[str]:  # refusals other than the one the test provokes
        return [e for e in errors(app) if "864.40" not in e]

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        await _list(pilot, screen, (C.SCROLLED,))
        await _select(pilot, screen, original.id)
        await pilot.press("b")
        await settle(pilot)
        assert "item 1 (" in app.screen.note
        await form_fill(pilot, letter_no="BR/2026/40", letter_date="01.11.2026",
                        amount="4,000")
        assert not errors(app), errors(app)

        await switch_user(pilot, "opr1")
        screen = await open_register(pilot, REGISTER)
        await _list(pilot, screen, (C.SCROLLED,))
        await _select(pilot, screen, original.id)
        await pilot.press("u")
        await form_fill(pilot, amount="864.41", reason="brand rate letter BR/2026/40")
        assert "864.40" in errors(app)[-1]  # above the entitlement left: the form again
        assert isinstance(app.screen, FormScreen)
        await form_fill(pilot, amount="864.40")
        assert not others(), others()
        (sup,) = [c for c in dbk.claims_of(demo_core, sb_no) if c.kind == "supplementary"]
        assert (sup.state, sup.amount) == ("requested", Decimal("864.40"))

        await switch_user(pilot, "acdc1")
        screen = await open_register(pilot, REGISTER)
        await _list(pilot, screen, (C.REQUESTED,))
        assert [c.id for c in screen.rows] == [sup.id]
        await pilot.press("p")
        await form_fill(pilot, decision="permit")
        assert not others(), others()
        assert dbk.get_claim(demo_core, sup.id).state == "queued"

        await switch_user(pilot, "dbk1")
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert screen.rows[0].id == sup.id and screen.open_of("process") == ["DBKSUP.process"]
        await pilot.press("o")
        await settle(pilot)
        assert not others(), others()
        assert dbk.get_claim(demo_core, sup.id).state == "submitted"

        await switch_user(pilot, "acdc1")
        screen = await open_register(pilot, REGISTER)
        await _list(pilot, screen, (C.SUBMITTED,))
        await pilot.press("s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not others(), others()
    done = dbk.get_claim(demo_core, sup.id)
    assert (done.state, done.sanctioned_by) == ("sanctioned", "acdc1")
    assert dbk.claim_items(demo_core, original.id)[0].letter_no == "BR/2026/40"
    assert dbk.get_claim(demo_core, original.id).amount == Decimal("3135.60")  # paid: kept


def test_exp_dbk_6_lists_follow_the_acts_of_the_role(actors):
    """The lists each role is offered are those in whose states the tables give it an act:
    the drawback officer's queue, queries, sanctioned and paid (brand rate); the AC/DC's
    queue and supplementary claims; the service centre's queries and paid claims."""
    from screens.drawback import lists_for

    def states(username: str) -> list[str]:
        return [x.states[0] for x in lists_for(actors[username])]

    assert states("dbk1") == [C.QUEUED, C.QUERY, C.SANCTIONED, C.SCROLLED]
    assert states("acdc1") == [C.QUEUED, C.REQUESTED, C.SUBMITTED]
    assert states("opr1") == [C.QUERY, C.SCROLLED]


def test_snapshot_drawback_queue(demo_core, snap_compare):
    async def before(pilot) -> None:
        await _open(pilot)
        await quiet(pilot)

    assert snap_compare(make_app(demo_core), terminal_size=SIZE, run_before=before)

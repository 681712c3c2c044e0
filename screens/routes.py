"""Which screen a worklist row (or an SB or BE number) opens, for which role: one place.

The SB and BE screens and entry forms are kept between openings (``screens.keep``): each
is built once a login, then reopened on the next document (``IcesApp.kept``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screens.forms import Field, FormScreen

PREBUILD_AFTER = 0.5  # seconds after the worklist shows that the entry forms start building
PREBUILD_GAP = 0.2  # seconds between building one and the next

if TYPE_CHECKING:
    from console.roles import Actor
    from console.services.exports.worklists import WorkRow
    from screens.home import HomeScreen

def sb_screen(actor: Actor, sb_no: int, on_change, app=None):  # noqa: ANN001
    """The SB's screen with its acts (kept, given the app)."""
    from screens.sb import SbActsScreen

    if app is None:
        return SbActsScreen(actor, sb_no, on_change)
    return app.kept("sb", lambda: SbActsScreen(actor, sb_no, on_change),
                    lambda screen: screen.reopen(sb_no, on_change))


def be_screen(actor: Actor, be_no: int, on_change, app=None):  # noqa: ANN001
    """The BE's screen with its acts (kept, given the app)."""
    from screens.be import BeScreen

    if app is None:
        return BeScreen(actor, be_no, on_change)
    return app.kept("be", lambda: BeScreen(actor, be_no, on_change),
                    lambda screen: screen.reopen(be_no, on_change))


def prebuild(home: HomeScreen) -> None:
    """(idle, after login) Build the entry forms the officer may key on, one at a time, so
    that the first F2 or F11 opens them as fast as a second one."""
    from screens.be_entry import BeEntryScreen
    from screens.sb_entry import SbEntryScreen

    app, actor, acts = home.app, home.actor, home.open_acts()
    for name, act, make in (("sb_entry", "SB.key", lambda: SbEntryScreen(actor)),
                            ("be_entry", "BE.key", lambda: BeEntryScreen(actor))):
        if act in acts and name not in app._kept:
            app.prebuild(name, make)
            home.set_timer(PREBUILD_GAP, home.prebuild)  # the next one after a pause
            return


def sb_entry(app, actor: Actor, job_no: int | None = None, on_change=None,  # noqa: ANN001
             amend_sb_no: int | None = None):
    """The SB entry form (kept): a new SB, a draft by job number, or an amendment."""
    from screens.sb_entry import SbEntryScreen

    if amend_sb_no is not None:  # an amendment, rarer, on a form of its own
        return SbEntryScreen(actor, job_no, on_change, amend_sb_no)
    return app.kept("sb_entry", lambda: SbEntryScreen(actor, job_no, on_change, amend_sb_no),
                    lambda screen: screen.reopen(job_no, on_change, amend_sb_no))


def be_entry(app, actor: Actor, on_change=None, job_no: int | None = None,  # noqa: ANN001
             amend_be_no: int | None = None):
    """The BE entry form (kept): a new BE, a draft by job number, or an amendment."""
    from screens.be_entry import BeEntryScreen

    if amend_be_no is not None:  # an amendment, rarer, on a form of its own
        return BeEntryScreen(actor, on_change, job_no, amend_be_no)
    return app.kept("be_entry", lambda: BeEntryScreen(actor, on_change, job_no, amend_be_no),
                    lambda screen: screen.reopen(on_change, job_no, amend_be_no))


def open_document(screen, actor: Actor, kind: str, number: int, on_change) -> None:
    """An SB, BE or CSB by number, on the screen the home worklist opens it on (the
    pendency dashboard's lists)."""
    if kind == "SB":
        screen.app.push_screen(sb_screen(actor, number, on_change, screen.app))
    elif kind == "BE":
        screen.app.push_screen(be_screen(actor, number, on_change, screen.app))
    elif kind == "CSB":
        from screens.courier import CsbDetailScreen

        screen.app.push_screen(CsbDetailScreen(number), lambda _=None: on_change())
    else:
        screen.notify(f"{kind} {number}: no screen for it", severity="warning", markup=False)


def open_row(home: HomeScreen, row: WorkRow) -> None:
    ref = row.ref.strip()
    if home.source.kind == "BOND":  # a bond, or a BE whose bond waits: the bond register
        from screens.bonds import BondsScreen

        home.app.push_screen(BondsScreen(row.kind, ref), lambda _=None: home.load())
        return
    if home.source.kind == "DBK":  # a claim in the queue: the drawback screen
        from screens.drawback import DrawbackScreen

        home.app.push_screen(DrawbackScreen(), lambda _=None: home.load())
        return
    if row.kind == "BE" and ref.isdigit():
        home.app.push_screen(be_screen(home.actor, int(ref), home.refresh_after_act,
                                       home.app))
        return
    if ref.startswith("job "):
        if f"{row.kind}.correct" not in home.open_acts():
            home.notify(f"{ref} is a draft at the service centre", severity="warning")
            return
        if row.kind == "BE":
            home.app.push_screen(be_entry(home.app, home.actor, home.refresh_after_act,
                                          job_no=int(ref[4:])))
            return
        home.app.push_screen(sb_entry(home.app, home.actor, int(ref[4:]),
                                      home.refresh_after_act))
        return
    if not ref.isdigit():
        home.notify(f"{row.kind} {ref}: no screen for it", severity="warning", markup=False)
        return
    home.app.push_screen(sb_screen(home.actor, int(ref), home.refresh_after_act, home.app))


def new_sb(home: HomeScreen) -> None:
    home.app.push_screen(sb_entry(home.app, home.actor, None, home.refresh_after_act))


def new_be(home: HomeScreen) -> None:
    home.app.push_screen(be_entry(home.app, home.actor, home.refresh_after_act))


def ask_enquiry(home: HomeScreen) -> None:
    def go(data: dict | None) -> None:
        if data and data.get("sb_no"):
            home.app.push_screen(sb_screen(home.actor, int(data["sb_no"]),
                                           home.refresh_after_act, home.app))

    home.app.push_screen(FormScreen("Open a Shipping Bill",
                                    [Field("sb_no", "SB number", "int", required=True)],
                                    submit_label="open"), go)


def ask_be_enquiry(home: HomeScreen) -> None:
    def go(data: dict | None) -> None:
        if data and data.get("be_no"):
            home.app.push_screen(be_screen(home.actor, int(data["be_no"]),
                                           home.refresh_after_act, home.app))

    home.app.push_screen(FormScreen("Open a Bill of Entry",
                                    [Field("be_no", "BE number", "int", required=True)],
                                    submit_label="open"), go)

"""Which screen a worklist row (or an SB or BE number) opens, for which role: one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screens.forms import Field, FormScreen

if TYPE_CHECKING:
    from console.roles import Actor
    from console.services.exports.worklists import WorkRow
    from screens.home import HomeScreen

def sb_screen(actor: Actor, sb_no: int, on_change):
    from screens.sb import SbActsScreen

    return SbActsScreen(actor, sb_no, on_change)


def be_screen(actor: Actor, be_no: int, on_change):
    from screens.be import BeScreen

    return BeScreen(actor, be_no, on_change)


def open_document(screen, actor: Actor, kind: str, number: int, on_change) -> None:
    """An SB, BE or CSB by number, on the screen the home worklist opens it on (the
    pendency dashboard's lists)."""
    if kind == "SB":
        screen.app.push_screen(sb_screen(actor, number, on_change))
    elif kind == "BE":
        screen.app.push_screen(be_screen(actor, number, on_change))
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
        home.app.push_screen(be_screen(home.actor, int(ref), home.refresh_after_act))
        return
    if ref.startswith("job "):
        if f"{row.kind}.correct" not in home.open_acts():
            home.notify(f"{ref} is a draft at the service centre", severity="warning")
            return
        if row.kind == "BE":
            from screens.be_entry import BeEntryScreen

            home.app.push_screen(BeEntryScreen(home.actor, home.refresh_after_act,
                                               job_no=int(ref[4:])))
            return
        from screens.sb_entry import SbEntryScreen

        home.app.push_screen(SbEntryScreen(home.actor, int(ref[4:]), home.refresh_after_act))
        return
    if not ref.isdigit():
        home.notify(f"{row.kind} {ref}: no screen for it", severity="warning", markup=False)
        return
    home.app.push_screen(sb_screen(home.actor, int(ref), home.refresh_after_act))


def new_sb(home: HomeScreen) -> None:
    from screens.sb_entry import SbEntryScreen

    home.app.push_screen(SbEntryScreen(home.actor, None, home.refresh_after_act))


def new_be(home: HomeScreen) -> None:
    from screens.be_entry import BeEntryScreen

    home.app.push_screen(BeEntryScreen(home.actor, home.refresh_after_act))


def ask_enquiry(home: HomeScreen) -> None:
    def go(data: dict | None) -> None:
        if data and data.get("sb_no"):
            home.app.push_screen(sb_screen(home.actor, int(data["sb_no"]),
                                           home.refresh_after_act))

    home.app.push_screen(FormScreen("Open a Shipping Bill",
                                    [Field("sb_no", "SB number", "int", required=True)],
                                    submit_label="open"), go)


def ask_be_enquiry(home: HomeScreen) -> None:
    def go(data: dict | None) -> None:
        if data and data.get("be_no"):
            home.app.push_screen(be_screen(home.actor, int(data["be_no"]),
                                           home.refresh_after_act))

    home.app.push_screen(FormScreen("Open a Bill of Entry",
                                    [Field("be_no", "BE number", "int", required=True)],
                                    submit_label="open"), go)

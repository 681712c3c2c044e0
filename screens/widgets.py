"""Small widgets the screens share: the officer bar, labelled fields, code lookups."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from console.roles import ROLE_TITLES, Actor


def officer_line(actor: Actor | None) -> Text:
    if actor is None:
        return Text("Not logged in", style="italic")
    return Text.assemble((actor.name, "bold"), " · ", actor.role.value, " ",
                         ROLE_TITLES[actor.role], " · ", (actor.location_code, "bold"))


class OfficerBar(Static):
    """Top of every screen: what screen this is, which database and clock (core.banner()),
    who is logged in, at which location."""

    def __init__(self, banner: str, actor: Actor | None, title: str = "") -> None:
        super().__init__(id="officer-bar")
        self.banner, self.actor, self.title = banner, actor, title
        self.plain = ""

    def on_mount(self) -> None:
        self.update(self.grid())

    def set_title(self, title: str) -> None:
        self.title = title
        self.update(self.grid())

    def set_banner(self, banner: str) -> None:
        self.banner = banner
        self.update(self.grid())

    def grid(self) -> Group:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        left = Text("ICES 1.5", style="bold")
        if self.title:
            left.append(" · ")
            left.append(self.title)
        grid.add_row(left, Text(self.banner, style="bold reverse"))
        who = officer_line(self.actor)
        if self.actor is not None:
            who.append(f" · {self.actor.username}", style="dim")
        who.no_wrap, who.overflow = True, "ellipsis"
        self.plain = f"{left.plain}  {self.banner}\n{who.plain}"
        return Group(grid, who)

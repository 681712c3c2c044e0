"""The drawback branch's queue (EXP-DBK-3, -5): claims at the port, first come first served.

Keys: S sanctions the claim at the head of the queue (the service refuses any other);
Q raises a deficiency on the selected claim (it leaves the queue until the service centre
keys the reply); F8 shows the claims under query instead; G generates the day's scroll for
the designated bank and writes its PDF and bank file under ``scrolls/``; F5 reloads;
Esc goes back. Every act is a service call in a worker.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from console.acts.drawback import SCROLL, C
from console.core import Core
from console.money import fmt_inr, to_paise
from console.roles import Actor
from console.services.schemes import drawback as svc
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.widgets import OfficerBar

COLUMNS = (("id", "Claim", 6), ("sb", "SB", 8), ("iec", "IEC", 10), ("kind", "Kind", 8),
           ("amount", "Amount ₹", 12), ("queued", "Queued", 11), ("note", "Query / reply", None))
SCROLLS = Path("scrolls")


class DrawbackScreen(IcesScreen):
    """FCFS claims queue with sanction, deficiency and the daily scroll."""

    SCREEN_TITLE = "Drawback claims"
    AUTO_FOCUS = "#dbk-table"
    ACT_KEYS = (
        ActKey("s", "sanction", ("DBK.sanction", "DBKSUP.sanction"), "Sanction"),
        ActKey("q", "deficiency", ("DBK.deficiency", "DBKSUP.deficiency"), "Deficiency"),
        ActKey("g", "scroll", ("SCROLL.generate",), "Scroll"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f8", "toggle", "Queries", key_display="F8", id="dbk.toggle",
                tooltip="Show the claims under query, or the queue"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="dbk.refresh", show=False,
                tooltip="Reload"),  # off the footer to fit 80 columns; listed in F1 help
        Binding("escape", "back", "Back", id="dbk.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    DrawbackScreen #dbk-table { height: 1fr; margin: 0 1; }
    DrawbackScreen #dbk-status, DrawbackScreen #dbk-title { margin: 0 1; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="drawback")
        self._core, self._actor = core, actor
        self.states: tuple[str, ...] = (C.QUEUED,)
        self.rows: list[svc.ClaimView] = []

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Static("", id="dbk-title")
        table: DataTable = DataTable(id="dbk-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="dbk-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(svc.queue, self.core, self.actor, states=self.states, limit=200,
                         then=self.show_rows, busy=self.query_one("#dbk-table"))

    def show_rows(self, rows: list[svc.ClaimView]) -> None:
        self.rows = rows
        table = self.query_one("#dbk-table", DataTable)
        table.clear()
        for c in rows:
            note = c.reply_text or c.query_text
            table.add_row(str(c.id), str(c.sb_no), c.iec, c.kind,
                          Text(fmt_inr(to_paise(c.amount)), justify="right"),
                          f"{c.queued_at:%d.%m %H:%M}", Text(note), key=str(c.id))
        what = "Queue, first come first served" if self.states == (C.QUEUED,) \
            else "Claims under deficiency query (out of the queue)"
        self.query_one("#dbk-title", Static).update(Text(what, style="bold"))
        total = sum((c.amount for c in rows), start=Decimal(0))
        self.query_one("#dbk-status", Static).update(
            f"{len(rows)} claim(s) · ₹{fmt_inr(to_paise(total))}")
        self.refresh_bindings()

    def selected(self) -> svc.ClaimView | None:
        table = self.query_one("#dbk-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#dbk-table")
    def highlighted(self) -> None:
        self.refresh_bindings()  # the deficiency key follows the selected claim

    def open_acts(self) -> tuple[str, ...]:
        """The day's scroll (the table's), and what the claim at the head of the queue allows
        (first come, first served: only the head is sanctioned, EXP-DBK-3)."""
        made = tuple(f"SCROLL.{n}" for n in SCROLL.open_to(self.actor))
        if not self.rows or self.states != (C.QUEUED,):
            return made
        selected = self.selected()
        head = tuple(a for a in self.rows[0].acts if a.endswith(".sanction"))
        picked = tuple(a for a in (selected.acts if selected else ()) if a.endswith(".deficiency"))
        return made + head + picked

    def acted(self, message: str) -> None:
        self.notify(message, markup=False)
        self.load()

    def action_sanction(self) -> None:
        head = self.rows[0]
        self.run_service(svc.sanction, self.core, self.actor, head.id,
                         expected_version=head.version,
                         then=lambda c: self.acted(f"claim {c.id} (SB {c.sb_no}) sanctioned: "
                                                   f"₹{fmt_inr(to_paise(c.amount))}"))

    def action_deficiency(self) -> None:
        claim = self.selected()
        if claim is None:
            return

        def go(data: dict | None) -> None:
            if data:
                self.run_service(svc.raise_deficiency, self.core, self.actor, claim.id,
                                 data["text"], expected_version=claim.version,
                                 then=lambda c: self.acted(f"claim {c.id} out of the queue "
                                                           "under query"))

        self.app.push_screen(FormScreen(f"Deficiency on claim {claim.id} (SB {claim.sb_no})",
                                        [Field("text", "Deficiency", required=True)],
                                        submit_label="raise"), go)

    def action_scroll(self) -> None:
        self.run_service(svc.generate_scroll, self.core, self.actor, then=self.write_scroll)

    def write_scroll(self, scroll: svc.ScrollView) -> None:
        from printing.dbk_scroll import render_scroll

        SCROLLS.mkdir(exist_ok=True)
        stem = SCROLLS / f"dbk-scroll-{scroll.scroll_no}"
        stem.with_suffix(".pdf").write_bytes(render_scroll(scroll))
        stem.with_suffix(".csv").write_text(svc.bank_file(scroll), encoding="utf-8")
        self.acted(f"scroll {scroll.scroll_no}: {len(scroll.lines)} claims, "
                   f"₹{fmt_inr(to_paise(scroll.total))}; {stem}.pdf and .csv written")

    def action_toggle(self) -> None:
        self.states = (C.QUERY,) if self.states == (C.QUEUED,) else (C.QUEUED,)
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

"""BRC pendency (EXP-BRC-3) for the AC/DC (and the drawback branch): drawback SBs whose
BRC / negative statement was not furnished by the due date, for the whole port or one
IEC, most overdue first, with the count in every ageing bucket, paged.

Keys: type an IEC and Enter to narrow the list (empty: the whole port); F8 adds the SBs
not yet due; R starts recovery of drawback + ROSL on the selected SB (AC/DC; the service
checks the rank and that the SB is overdue); PgUp/PgDn pages; F5 reloads; Esc goes back.
The list comes from ``console.services.schemes.brc.pendency`` in a thread worker.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from console.core import Core
from console.money import fmt_inr, to_paise
from console.roles import Actor
from console.services.schemes import brc as svc
from screens.base import ActKey, IcesScreen
from screens.widgets import OfficerBar

PAGE = 50
COLUMNS = (("sb", "SB", 7), ("leo", "LEO", 10), ("due", "Due", 10), ("days", "Days", 5),
           ("iec", "IEC", 10), ("drawback", "Drawback ₹", 12), ("recovery", "Recovery", None))


def money(value) -> str:
    return fmt_inr(to_paise(value))


class BrcPendencyScreen(IcesScreen):
    """The pendency list with ageing; R starts recovery on the selected SB."""

    SCREEN_TITLE = "BRC pendency"
    AUTO_FOCUS = "#brc-table"
    ACT_KEYS = (ActKey("r", "recover", ("BRCWATCH.start_recovery",), "Start recovery"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f8", "toggle_not_due", "Not yet due", key_display="F8", id="brc.not_due",
                tooltip="Also list the SBs whose due date has not passed"),
        Binding("f3", "find", "IEC", key_display="F3", id="brc.find",
                tooltip="Narrow the list to one exporter (IEC)"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="brc.refresh",
                tooltip="Reload the list"),
        Binding("pageup", "page(-1)", "Prev page", id="brc.page_up", show=False,
                tooltip="Previous page"),
        Binding("pagedown", "page(1)", "Next page", id="brc.page_down", show=False,
                tooltip="Next page"),
        Binding("escape", "back", "Back", key_display="Esc", id="brc.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    BrcPendencyScreen #brc-iec { margin: 0 1; width: 30; }
    BrcPendencyScreen #brc-ageing { margin: 0 1; }
    BrcPendencyScreen #brc-table { height: 1fr; margin: 0 1; }
    BrcPendencyScreen #brc-status { margin: 0 1; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="brc-pendency")
        self._core, self._actor = core, actor
        self.include_not_due = False
        self.iec = ""
        self.page_offset = 0
        self.shown: svc.PendencyPage | None = None
        self.focus_table = False

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Input(id="brc-iec", placeholder="IEC (F3), Enter; empty: port", max_length=10,
                    compact=True)
        yield Static("", id="brc-ageing")
        table: DataTable = DataTable(id="brc-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="brc-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    # ---- loading ----

    def load(self, offset: int | None = None) -> None:
        if offset is not None:
            self.page_offset = max(0, offset)
        self.run_service(svc.pendency, self.core, self.actor, self.iec or None,
                         include_not_due=self.include_not_due, offset=self.page_offset, limit=PAGE,
                         then=self.show_page, busy=self.query_one("#brc-table"))

    def show_page(self, page: svc.PendencyPage) -> None:
        self.shown = page
        table = self.query_one("#brc-table", DataTable)
        table.clear()
        for r in page.rows:
            recovery = "" if r.recovery is None else f"₹{money(r.recovery)}"
            days = Text(str(r.days_overdue), style="bold" if r.days_overdue > 365 else "")
            table.add_row(Text(str(r.sb_no)), Text(f"{r.leo_on:%d.%m.%Y}"),
                          Text(f"{r.due_on:%d.%m.%Y}"), days, Text(r.iec),
                          Text(money(r.drawback + r.rosl), justify="right"), Text(recovery),
                          key=str(r.sb_no))
        ageing = Text("Ageing (days overdue): ", style="bold")
        ageing.append("  ".join(f"{label} {n}" for label, n in page.buckets))
        self.query_one("#brc-ageing", Static).update(ageing)
        self.query_one("#brc-status", Static).update(self.status_text(page))
        if self.focus_table:
            self.focus_table = False
            table.focus()
        self.refresh_bindings()

    @staticmethod
    def status_text(page: svc.PendencyPage) -> Text:
        scope = page.iec or f"port {page.location_code}"
        what = "outstanding" if page.include_not_due else "overdue"
        if not page.total:
            return Text(f"{scope}: nothing {what} as on {page.as_of:%d.%m.%Y}", style="italic")
        pages = (page.total + PAGE - 1) // PAGE
        return Text(f"{scope}: {page.total} SB(s) {what} as on {page.as_of:%d.%m.%Y} · page "
                    f"{page.offset // PAGE + 1}/{pages}")

    def selected(self) -> svc.WatchView | None:
        table = self.query_one("#brc-table", DataTable)
        if self.shown is None or not self.shown.rows or table.cursor_row < 0:
            return None
        return self.shown.rows[min(table.cursor_row, len(self.shown.rows) - 1)]

    # ---- actions ----

    def open_acts(self) -> tuple[str, ...]:
        row = self.selected()
        return row.acts if row is not None else ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and self.shown is not None:
            step = parameters[0] if parameters else 1
            if step == 1 and self.shown.offset + len(self.shown.rows) >= self.shown.total:
                return None
            if step == -1 and self.shown.offset == 0:
                return None
        return super().check_action(action, parameters)

    @on(DataTable.RowHighlighted, "#brc-table")
    def highlighted(self) -> None:
        self.refresh_bindings()

    @on(Input.Submitted, "#brc-iec")
    def iec_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.iec = event.value.strip().upper()
        self.focus_table = True  # once loaded: a loading widget does not take the focus
        self.load(0)

    def action_find(self) -> None:
        self.query_one("#brc-iec", Input).focus()

    def action_toggle_not_due(self) -> None:
        self.include_not_due = not self.include_not_due
        self.load(0)

    def action_refresh(self) -> None:
        self.load()

    def action_page(self, step: int) -> None:
        self.load(self.page_offset + step * PAGE)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_recover(self) -> None:
        row = self.selected()
        if row is None:
            return

        def done(started: list[svc.WatchView]) -> None:
            self.notify(f"SB {row.sb_no}: recovery of ₹{money(started[0].recovery)} started",
                        markup=False)
            self.load()

        self.run_service(svc.start_recovery, self.core, self.actor, [row.sb_no], then=done,
                         busy=self.query_one("#brc-table"))

"""The pendency dashboard (issue 19 item 3), for the AC/DC and above: what waits at each
stage now, or with each officer, in ageing buckets (under a day, 1–3 days, 3–7, over 7),
and a chart of the highlighted row's ageing.

Keys: the arrows move from cell to cell; Enter opens the documents behind the cell (a
bucket, or the whole row from its name or total), where Enter opens a document as the
home worklist does (``screens.routes``); F7 switches between stages and officers; F5
reloads; Esc goes back. The dashboard comes from ``console.services.admin.pendency
.pendency`` in a thread worker.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from console.acts.trs import PENDENCY
from console.core import Core
from console.roles import Actor
from console.services.admin import pendency as svc
from screens.base import ActKey, IcesScreen
from screens.trs import hbars, ticks
from screens.widgets import OfficerBar

SHORT_BUCKETS = ("<1 d", "1-3 d", "3-7 d", ">7 d")


class PendencyScreen(IcesScreen):
    """What waits now, by stage or by officer."""

    SCREEN_TITLE = "Pendency"
    AUTO_FOCUS = "#pend-table"
    ACT_KEYS = (ActKey("f5", "refresh", ("PENDENCY.view",), "Reload",
                       "Read what waits again, as of now"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f7", "switch", "Stages/officers", key_display="F7", id="pend.switch",
                tooltip="Rows by stage, or by the officer (or pool) it waits with"),
        Binding("escape", "back", "Back", key_display="Esc", id="pend.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    PendencyScreen #pend-head { margin: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    PendencyScreen #pend-table { height: 1fr; margin: 0 1; }
    PendencyScreen #pend-chart { height: 8; margin: 0 1; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="pendency")
        self._core, self._actor = core, actor
        self.by = "stage"
        self.shown: svc.Pendency | None = None

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Static("", id="pend-head")
        yield DataTable(id="pend-table", cursor_type="cell", zebra_stripes=True)
        yield PlotextPlot(id="pend-chart")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        self.chart()  # the chart's rows follow the size

    def open_acts(self) -> tuple[str, ...]:
        return tuple(f"PENDENCY.{n}" for n in PENDENCY.open_to(self.actor))

    # ---- loading and showing ----

    def load(self) -> None:
        self.run_service(svc.pendency, self.core, self.actor, then=self.show,
                         busy=self.query_one("#pend-table"))

    def rows(self) -> tuple[svc.PendencyRow, ...]:
        if self.shown is None:
            return ()
        return self.shown.by_stage if self.by == "stage" else self.shown.by_officer

    def show(self, p: svc.Pendency) -> None:
        self.shown = p
        head = Text(f"{p.location_code} · as on {p.as_of:%d.%m.%Y %H:%M} · ")
        head.append(f"{p.total} waiting", style="bold")
        head.append(" · by " + ("stage" if self.by == "stage" else "officer")
                    + " · Enter lists a cell's documents")
        self.query_one("#pend-head", Static).update(head)
        table = self.query_one("#pend-table", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Stage" if self.by == "stage" else "With", key="row")
        for n, label in enumerate(SHORT_BUCKETS):
            table.add_column(label, key=f"b{n}", width=5)
        table.add_column("Total", key="total", width=5)
        for r in self.rows():
            table.add_row(Text(r.label), *(Text(str(c) if c else "·", justify="right")
                                           for c in r.counts),
                          Text(str(r.total), justify="right", style="bold"), key=r.key)
        table.add_row(Text("all", style="bold"),
                      *(Text(str(c), justify="right", style="bold") for c in p.totals),
                      Text(str(p.total), justify="right", style="bold"), key="")
        if keep.row < table.row_count:
            table.cursor_coordinate = keep
        self.chart()

    def chart(self) -> None:
        """The highlighted row's documents by age."""
        p = self.shown
        if p is None:
            return
        table = self.query_one("#pend-table", DataTable)
        rows = self.rows()
        row = rows[table.cursor_row] if table.cursor_row < len(rows) else None
        counts = row.counts if row is not None else p.totals
        hbars(self.query_one("#pend-chart", PlotextPlot), list(p.buckets), list(counts),
              f"{row.label if row is not None else 'all'}: documents by days waiting",
              ticks(max(counts)))

    @on(DataTable.CellHighlighted, "#pend-table")
    def highlighted(self) -> None:
        self.chart()

    # ---- opening what is behind a cell ----

    @on(DataTable.CellSelected, "#pend-table")
    def selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if self.shown is None:
            return
        key = event.cell_key.row_key.value or ""
        column = event.cell_key.column_key.value or ""
        bucket = int(column[1:]) if column.startswith("b") else None
        if key:
            docs = self.shown.behind(self.by, key, bucket)
            label = next(r.label for r in self.rows() if r.key == key)
        else:
            docs = tuple(w for w in self.shown.documents if bucket is None or w.bucket == bucket)
            label = "all"
        when = self.shown.buckets[bucket] if bucket is not None else "any age"
        if not docs:
            self.notify(f"{label}, {when}: nothing waits", markup=False)
            return
        self.app.push_screen(PendingListScreen(self.actor, f"{label} · {when}", docs),
                             lambda _=None: self.load())

    # ---- actions ----

    def action_switch(self) -> None:
        self.by = "officer" if self.by == "stage" else "stage"
        if self.shown is not None:
            self.query_one("#pend-table", DataTable).cursor_coordinate = (0, 0)
            self.show(self.shown)

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


class PendingListScreen(IcesScreen):
    """The documents behind a cell of the dashboard, oldest first; Enter opens one."""

    SCREEN_TITLE = "Pendency: documents"
    AUTO_FOCUS = "#pend-docs"
    BINDINGS = [
        Binding("escape", "back", "Back", key_display="Esc", id="pendlist.back",
                tooltip="Back to the dashboard"),
    ]
    DEFAULT_CSS = """
    PendingListScreen #pend-docs-head { margin: 0 1; }
    PendingListScreen #pend-docs { height: 1fr; margin: 0 1; }
    """

    def __init__(self, actor: Actor, title: str, docs: tuple[svc.Waiting, ...]) -> None:
        super().__init__(id="pending-list")
        self.actor, self.title_text, self.docs = actor, title, docs
        self.changed = False

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text.assemble((self.title_text, "bold"), f" · {len(self.docs)} "
                                   "document(s), oldest first · Enter opens"),
                     id="pend-docs-head")
        table: DataTable = DataTable(id="pend-docs", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("doc", "Document", 11), ("stage", "Stage", 24),
                                  ("with", "With", 9), ("since", "Since", 16),
                                  ("days", "Days", 5), ("party", "Party", None)):
            table.add_column(label, key=key, width=width)
        for w in self.docs:
            table.add_row(Text(f"{w.kind} {w.number}"), Text(w.stage_label), Text(w.officer),
                          Text(f"{w.since:%d.%m.%Y %H:%M}"),
                          Text(f"{w.age_days:.1f}", justify="right"), Text(w.party),
                          key=f"{w.kind}:{w.number}")
        yield table
        yield from self.compose_footer()

    @on(DataTable.RowSelected, "#pend-docs")
    def open(self, event: DataTable.RowSelected) -> None:
        from screens.routes import open_document

        event.stop()
        kind, _, number = (event.row_key.value or "").partition(":")
        open_document(self, self.actor, kind, int(number), self.on_change)

    def on_change(self) -> None:
        self.changed = True

    def action_back(self) -> None:
        self.dismiss(self.changed)

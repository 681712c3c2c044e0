"""The officer's home: the role's worklist, newest first, paged, filterable.

One screen for every role; what it lists comes from the worklists of the documents that
wait for the role (``SOURCES``: Shipping Bills, Bills of Entry, bonds), and what Enter opens
depends on the document (``open_row``). A role with more than one list (an operator's SBs
and BEs, an AC/DC's approvals and bonds) cycles them with F10; F4 then opens a document of
the kind shown by number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static

from console.acts import acts_of
from console.roles import Actor, Role
from console.services.bonds import worklists as bond_worklists
from console.services.exports import worklists
from console.services.exports.worklists import WorkPage, WorkRow
from console.services.imports import be_worklists
from console.services.schemes import drawback
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.registers import REGISTERS, registers_for
from screens.widgets import WideTable

PAGE = worklists.PAGE
COLUMNS = (("ref", "Ref", 8), ("kind", "Kind", 5), ("state", "State", 19),
           ("party", "IEC", 10), ("at", "At", 11), ("summary", "Summary", None))


HINT = "Enter opens · PgUp/PgDn pages · F5 reloads"


def state_label(state: str) -> str:
    return state.replace("_", " ")


@dataclass(frozen=True)
class Source:
    """One list the home worklist shows: the documents of a kind that wait for a role."""

    kind: str
    for_officer: Callable[..., WorkPage]  # (core, actor, offset, limit, stage, search)
    titles: dict[Role, str]
    stages: Callable[[Role], list[tuple[str, str]]]  # (label, value) for the state filter
    hint: str

    def title(self, role: Role) -> str:
        return self.titles.get(role, "Worklist")


def _sb_stages(role: Role) -> list[tuple[str, str]]:
    return [(state_label(x), x) for x in worklists.SB_STATES_FOR.get(role, ())] + [
        (f"query {x}", f"query_{x}") for x in worklists.QUERY_STATES_FOR.get(role, ())]


SOURCES = (
    Source("SB", worklists.for_officer, worklists.TITLES, _sb_stages,
           "Find: SB number or IEC (F3)"),
    Source("BE", be_worklists.for_officer, be_worklists.TITLES,
           lambda role: [(be_worklists.STAGE_LABELS[x], x)
                         for x in be_worklists.STAGES_FOR.get(role, ())],
           "Find: BE number or IEC (F3)"),
    Source("DBK", drawback.worklist, drawback.TITLES,
           lambda role: [(state_label(x), x) for x in drawback.STAGES_FOR.get(role, ())],
           "Find: SB number or IEC (F3)"),
    Source("BOND", bond_worklists.for_officer, bond_worklists.TITLES,
           lambda role: [(bond_worklists.STAGE_LABELS[x], x)
                         for x in bond_worklists.STAGES_FOR.get(role, ())],
           "Find: bond or BE number, IEC (F3)"),
)


def sources_for(role: Role) -> tuple[Source, ...]:
    """The lists that wait for ``role``, in ``SOURCES`` order; a role none waits for sees
    the Shipping Bills (where an enquiry starts)."""
    return tuple(x for x in SOURCES if x.stages(role) or x.kind == "SB"
                 and role in worklists.TITLES) or SOURCES[:1]


class HomeScreen(IcesScreen):
    """Role home: worklist (DataTable keyed by document ref) with paging and a filter."""

    SCREEN_TITLE = "Home"
    AUTO_FOCUS = "#worklist"
    # what the officer's role may do from home: each key shown to those who may take its
    # acts (the act tables); the worklist below lists the documents that wait for them
    ACT_KEYS = (
        ActKey("f2", "new_sb", ("SB.key",), "New SB"),
        ActKey("f11", "new_be", ("BE.key",), "New BE"),
        ActKey("f6", "lists", tuple(a for r in REGISTERS for a in r.acts), "Lists",
               "The registers and lists of your work: bonds, manifests, couriers, BRC, "
               "registrations, officers, rules, your password"),
        ActKey("f7", "xray", ("CSB.xray",), "X-ray lane",
               "Record X-ray results of courier parcels (CSB-2/3)"),
        ActKey("f7", "tra", ("TRA.key", "TRA.issue"), "TRA",
               "Telegraphic Release Advices: key, checklist, issue, print, key back"),
        ActKey("f8", "drawback", ("DBK.sanction", "SCROLL.generate"), "DBK",
               "Drawback claims, first come first served; the day's scroll (EXP-DBK-3/5)"),
        ActKey("f9", "approvals", ("QUERY.approve", "AMD.permit", "AMD.approve_in_system",
                                   "CAN.permit", "EXAM.approve", "RECALL.approve"),
               "Approve", "Everything awaiting your approval, oldest first"),
        ActKey("f10", "switch", (*(f"BE.{a}" for a in be_worklists.STAGE_ACTS.values()),
                                 *(f"BOND.{a}" for acts in bond_worklists.STAGE_ACTS.values()
                                   for a in acts)),
               "Next", "The next list: Shipping Bills, Bills of Entry, bonds"),
    )
    BINDINGS = [
        # Enter is off the footer (the status line says it) to fit 80 columns
        Binding("enter", "open", "Open", id="home.open", priority=True, show=False,
                tooltip="Open the selected document"),
        Binding("f3", "find", "Find", key_display="F3", id="home.find",
                tooltip="Filter by SB number or IEC"),
        Binding("f4", "enquiry", "Enquiry", key_display="F4", id="home.enquiry",
                tooltip="Open any shipping bill by number"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="home.refresh", show=False,
                tooltip="Reload the worklist"),
        *(k.binding() for k in ACT_KEYS),
        Binding("pageup", "page(-1)", "Prev page", id="home.page_up", priority=True,
                show=False,
                key_display="PgUp", tooltip="Previous page of the worklist"),
        Binding("pagedown", "page(1)", "Next page", id="home.page_down", priority=True,
                show=False,
                key_display="PgDn", tooltip="Next page of the worklist"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__(id="home", classes=f"role-{actor.role.value.lower()}")
        self.actor = actor
        self.page_offset = 0
        self.work_page: WorkPage | None = None
        self._debounce: Timer | None = None
        self.sources = sources_for(actor.role)  # the lists F10 cycles
        self.source = self.sources[0]
        self._acts: frozenset[str] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        role = self.actor.role
        yield Static(Text(self.source.title(role)), id="worklist-title")
        with Horizontal(id="filter-row"):
            yield Input(placeholder=self.source.hint, id="filter", compact=True)
            yield Select(self.source.stages(role), prompt="All states",
                         id="state-filter", compact=True)
        table: DataTable = WideTable(id="worklist", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="worklist-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        from screens.routes import PREBUILD_AFTER

        self.load()
        self.set_timer(PREBUILD_AFTER, self.prebuild)

    def prebuild(self) -> None:
        """The entry forms built while the officer reads the worklist (screens/keep.py)."""
        from screens import routes

        if self.app.screen is self and self.is_attached:
            routes.prebuild(self)

    # ---- loading ----

    def load(self, offset: int | None = None, cursor_last: bool = False) -> None:
        if offset is not None:
            self.page_offset = max(0, offset)
        search = self.query_one("#filter", Input).value
        state = self.query_one("#state-filter", Select).value
        self.run_service(self.source.for_officer, self.ices.core, self.actor,
                         self.page_offset, PAGE,
                         state if isinstance(state, str) else None, search,
                         then=lambda page: self.show_page(page, cursor_last),
                         busy=self.query_one("#worklist"), lookup=True)

    def show_page(self, page: WorkPage, cursor_last: bool = False) -> None:
        self.work_page = page
        table = self.query_one("#worklist", DataTable)
        table.clear()
        for row in page.rows:
            table.add_row(*self.cells(row), key=f"{row.kind}:{row.ref}")
        if page.rows:
            table.move_cursor(row=len(page.rows) - 1 if cursor_last else 0)
        self.query_one("#worklist-status", Static).update(
            self.status_text(page, self.cut_summary()))

    @staticmethod
    def cells(row: WorkRow) -> tuple[Text, ...]:
        at = f"{row.at:%d.%m %H:%M}" if row.at else ""
        return (Text(row.ref), Text(row.kind), Text(state_label(row.state)), Text(row.party),
                Text(at), Text(row.summary))

    @staticmethod
    def status_text(page: WorkPage, summary: str = "") -> Text:
        """The page's place in the list, then the hint; or, where the table's column cuts
        it short (80 columns), the summary of the row under the cursor, then the place."""
        if not page.total:
            return Text("nothing waiting", style="italic")
        last = page.offset + len(page.rows)
        pages = (page.total + PAGE - 1) // PAGE
        if page.total_capped:  # counted only this far (worklists.COUNT_CAP)
            where = (f"{page.offset + 1:,}–{last:,} of {page.total:,}+ · page "
                     f"{page.offset // PAGE + 1}/{pages}+")
        else:
            where = (f"{page.offset + 1}–{last} of {page.total} · page "
                     f"{page.offset // PAGE + 1}/{pages}")
        if summary:  # first, and one line (a longer one ends in …): the table keeps its rows
            return Text.assemble((summary, "bold"), " · ", where)
        return Text(f"{where} · {HINT}")

    @on(DataTable.RowHighlighted, "#worklist")
    def row_highlighted(self) -> None:
        if self.work_page is not None:
            self.query_one("#worklist-status", Static).update(
                self.status_text(self.work_page, self.cut_summary()))

    def cut_summary(self) -> str:
        """The highlighted row's summary, where the Summary column is too narrow for it."""
        row = self.selected()
        table = self.query_one("#worklist", DataTable)
        column = table.columns.get("summary")  # type: ignore[call-overload]
        if row is None or column is None or len(row.summary) <= column.width:
            return ""
        return row.summary

    def selected(self) -> WorkRow | None:
        table = self.query_one("#worklist", DataTable)
        if self.work_page is None or not self.work_page.rows or table.cursor_row < 0:
            return None
        return self.work_page.rows[min(table.cursor_row, len(self.work_page.rows) - 1)]

    # ---- filter ----

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.3, lambda: self.load(0))

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self.load(0)
        self.query_one("#worklist").focus()

    @on(Select.Changed, "#state-filter")
    def state_changed(self) -> None:
        self.load(0)

    # ---- actions ----

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":  # Enter elsewhere (filter, state list) belongs to that widget
            return self.focused is not None and self.focused.id == "worklist"
        if action == "switch":
            return len(self.sources) > 1
        if self.act_key(action) is not None:
            return bool(self.open_of(action))
        if action == "page" and self.work_page is not None:
            step = parameters[0] if parameters else 1
            page = self.work_page
            if step == 1 and not page.total_capped and page.offset + len(page.rows) >= page.total:
                return None  # shown dimmed: no next page
            if step == -1 and page.offset == 0:
                return None
        return True

    def open_acts(self) -> frozenset[str]:
        if self._acts is None:  # the officer's, for the life of the screen
            self._acts = acts_of(self.actor)
        return self._acts

    def action_find(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_refresh(self) -> None:
        self.load()

    def action_page(self, step: int) -> None:
        """PageDown/PageUp move a screenful in the table, then to the next/previous page."""
        table = self.query_one("#worklist", DataTable)
        page = self.work_page
        if page is None:
            return
        if step > 0:
            at_end = table.cursor_row >= len(page.rows) - 1
            if at_end and (page.total_capped or page.offset + len(page.rows) < page.total):
                self.load(page.offset + PAGE)
            else:
                table.action_page_down()
        else:
            if table.cursor_row <= 0 and page.offset > 0:
                self.load(page.offset - PAGE, cursor_last=True)
            else:
                table.action_page_up()

    @on(DataTable.RowSelected, "#worklist")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.selected()
        if row is None:
            self.notify("nothing selected", severity="warning")
            return
        from screens import routes

        routes.open_row(self, row)

    def action_new_sb(self) -> None:
        from screens import routes

        routes.new_sb(self)

    def action_new_be(self) -> None:
        from screens import routes

        routes.new_be(self)

    def action_enquiry(self) -> None:
        from screens import routes

        if self.source.kind == "BE":
            routes.ask_be_enquiry(self)
        else:
            routes.ask_enquiry(self)

    def action_switch(self) -> None:
        """The next list (F10): title, filter and stages follow it."""
        self.source = self.sources[(self.sources.index(self.source) + 1) % len(self.sources)]
        role = self.actor.role
        self.query_one("#worklist-title", Static).update(Text(self.source.title(role)))
        self.query_one("#filter", Input).placeholder = self.source.hint
        self.query_one("#state-filter", Select).set_options(self.source.stages(role))
        self.load(0)

    def action_xray(self) -> None:
        from screens.courier import XrayScreen

        self.app.push_screen(XrayScreen())

    def action_tra(self) -> None:
        from screens.tra import TraScreen

        self.app.push_screen(TraScreen())

    def action_lists(self) -> None:
        """F6: the registers whose acts this officer may take; Enter opens one."""
        mine = registers_for(self.open_acts())

        def go(data: dict) -> None:
            register = mine[int(data["register"])]
            self.app.push_screen(register.open(), lambda _=None: self.load())

        self.ask(FormScreen("Open a register or list", [
            Field("register", "Register", "choice", required=True,
                  choices=[(r.label, str(n)) for n, r in enumerate(mine)], value="0")],
            submit_label="open"), go)

    def action_drawback(self) -> None:
        from screens.drawback import DrawbackScreen

        self.app.push_screen(DrawbackScreen(), lambda _=None: self.load())

    def action_approvals(self) -> None:
        from screens.approvals import ApprovalsScreen

        self.app.push_screen(ApprovalsScreen(self.actor), lambda _=None: self.load())

    def refresh_after_act(self) -> None:
        """Called when a pushed screen closes: the worklist may have changed."""
        self.load()

"""What awaits a supervisor (ACDC / ADC / COM): queries to approve, amendments to allow or
approve in the system, cancellations, examination of facilitated SBs, recalls — oldest
first with their age. The selected item shows its change side by side (before / after,
changed fields highlighted); A approves, R refuses with a reason. Services run in thread
workers (``run_service``); the rules are checked there, not here."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from console.roles import Actor
from console.services.exports import amendments, supervision
from console.services.exports.supervision import PendingItem
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen

COLUMNS = (("age", "Age", 4), ("key", "Ref", 9), ("sb", "SB", 8), ("what", "What", 16),
           ("stage", "Stage", 14), ("by", "By", 7), ("summary", "Summary", None))

# What the approving officer records, by kind (None: nothing to record).
APPROVE_TEXT = {
    "amendment": ("note", "Permission note", False),
    "freight_insurance": ("note", "Permission note", False),
    "cancellation": ("text", "Status of the goods as checked", True),
    "shut_out": ("text", "Status of the goods as checked", True),
    "back_to_town": ("text", "Status of the goods as checked", True),
    "short_shipment": ("text", "Status of the goods as checked", True),
    "exam_facilitated": ("text", "Departmental comment (reasons)", True),
    "recall": ("text", "Written approval (reference and text)", True),
}


def _value(v: object) -> str:
    return "" if v is None else str(v)


def change_table(rows: tuple[amendments.SideBySide, ...]) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    for name in ("Where", "Field", "Before", "After"):
        table.add_column(name, overflow="fold")
    for r in rows:
        style = "bold reverse" if r.changed else "dim"
        table.add_row(Text(r.where), Text(r.field), Text(_value(r.before)),
                      Text(_value(r.after), style=style), style=None if r.changed else "dim")
    return table


class ApprovalsScreen(IcesScreen):
    """The supervisor's approvals: list, detail, approve / refuse."""

    SCREEN_TITLE = "Awaiting my approval"
    AUTO_FOCUS = "#approvals"
    ACT_KEYS = (
        ActKey("a", "approve", ("QUERY.approve", "AMD.permit", "AMD.approve_in_system",
                                "CAN.permit", "EXAM.approve", "RECALL.approve"), "Approve"),
        ActKey("r", "reject", ("QUERY.withdraw", "AMD.reject", "CAN.reject", "EXAM.reject",
                               "RECALL.reject"), "Refuse"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="approvals.refresh",
                tooltip="Reload the list"),
        Binding("f8", "lower", "Lower ranks too", key_display="F8", id="approvals.lower",
                tooltip="Also list what a lower rank may decide"),
        Binding("escape", "back", "Back", id="approvals.back", tooltip="Back to home"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__(id="approvals-screen")
        self.actor = actor
        self.items: list[PendingItem] = []
        self.include_lower = False
        self.detail_rows: tuple[amendments.SideBySide, ...] = ()

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text("Oldest first. A approve · R refuse · F8 lower ranks too"),
                     id="approvals-title")
        table: DataTable = DataTable(id="approvals", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        with VerticalScroll(id="approval-detail-box"):
            yield Static("", id="approval-detail")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(supervision.awaiting_approval, self.ices.core, self.actor,
                         include_lower=self.include_lower, then=self.show_items,
                         busy=self.query_one("#approvals"))

    def show_items(self, items: list[PendingItem]) -> None:
        self.items = items
        table = self.query_one("#approvals", DataTable)
        table.clear()
        for i in items:
            table.add_row(Text(f"{i.age_days}d"), Text(i.key), Text(str(i.sb_no or "")),
                          Text(i.kind_label), Text(i.stage), Text(i.requested_by),
                          Text(i.summary), key=i.key)
        if not items:
            self.query_one("#approval-detail", Static).update(Text("nothing awaits you",
                                                                   style="italic"))
        self.refresh_bindings()

    def selected(self) -> PendingItem | None:
        table = self.query_one("#approvals", DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    @on(DataTable.RowHighlighted, "#approvals")
    def highlighted(self) -> None:
        item = self.selected()
        self.refresh_bindings()  # the keys follow what may be done to the selected item
        if item is None:
            return
        if item.key.startswith("REQ:"):
            request_id = int(item.key[4:])
            self.run_service(_detail, self.ices.core, request_id, then=self.show_detail,
                             lookup=True)
        else:
            self.show_detail((None, ()), item)

    def show_detail(self, found: tuple, item: PendingItem | None = None) -> None:
        request, rows = found
        self.detail_rows = rows
        item = item or self.selected()
        head = Text()
        if item is not None:
            head.append(f"{item.kind_label} · SB {item.sb_no} · {item.stage} · "
                        f"{item.required_rank} ({item.rule})\n", style="bold")
            head.append(f"asked by {item.requested_by} on {item.requested_at:%d.%m.%Y %H:%M} "
                        f"({item.age_days} day(s) ago): ")
            head.append(request.reason if request is not None else item.summary)
        detail = self.query_one("#approval-detail", Static)
        if rows:
            from rich.console import Group

            detail.update(Group(head, change_table(rows)))
        else:
            detail.update(head)

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        item = self.selected()
        return item.acts if item is not None else ()

    def action_refresh(self) -> None:
        self.load()

    def action_lower(self) -> None:
        self.include_lower = not self.include_lower
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _done(self, what: str) -> None:
        self.notify(what, markup=False)
        self.load()

    def action_approve(self) -> None:
        item = self.selected()
        if item is None:
            return
        title = f"Approve {item.kind_label} of SB {item.sb_no} ({item.stage})"

        def go(data: dict | None) -> None:
            if data is None:
                return
            self.run_service(supervision.approve, self.ices.core, self.actor, item.key,
                             str(data.get("text", "") or ""),
                             copies_surrendered=bool(data.get("copies", False)),
                             then=lambda _r: self._done(f"{item.key}: approved"),
                             busy=self.query_one("#approvals"))

        if item.kind == "query":
            self.app.push_screen(ConfirmScreen(title, item.summary), go)
            return
        if item.stage == "approval in system":
            fields = [Field("copies", "Printed SB copies surrendered (cancel them)", "bool")]
            note = "Applies the change, runs RMS again and charges the fee (EXP-AMD-2/4)."
        else:
            _name, label, required = APPROVE_TEXT.get(item.kind, ("text", "Note", False))
            fields = [Field("text", label, required=required)]
            note = item.summary
        self.app.push_screen(FormScreen(title, fields, note=note, submit_label="approve"), go)

    def action_reject(self) -> None:
        item = self.selected()
        if item is None:
            return

        def go(data: dict | None) -> None:
            if data is None:
                return
            self.run_service(supervision.reject, self.ices.core, self.actor, item.key,
                             data["reason"], then=lambda _r: self._done(f"{item.key}: refused"),
                             busy=self.query_one("#approvals"))

        self.app.push_screen(FormScreen(f"Refuse {item.kind_label} of SB {item.sb_no}",
                                        [Field("reason", "Reason", required=True)],
                                        submit_label="refuse"), go)


def _detail(core, request_id: int) -> tuple:
    """The request and its side-by-side change (run in a worker)."""
    return amendments.get_request(core, request_id), amendments.side_by_side(core, request_id)

"""What awaits a supervisor (ACDC / ADC / COM): queries to approve, amendments to allow or
approve in the system, cancellations, examination of facilitated SBs, recalls; on the BE
side, queries raised by the group's appraisers (IMP-APR-1), the importers' amendments
(IMP-AMD-1) and Out-of-Charge cancellations (IMP-AMD-2) — oldest first with their age.

The selected item shows what it is about: a query its points and any reply; an amendment
the fields it changes, before and after, highlighted, the fields it leaves alone folded
away (F shows them all). A approves (or takes the item's next step: the AC/DC's
acceptance of a BE amendment), R refuses with a reason; both keys are shown only while
the item's acts (its table's ``open_to``) allow them. Services run in thread workers
(``run_service``); the rules are checked there, not here."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from console.acts import find
from console.roles import Actor
from console.services.exports import amendments, supervision
from console.services.exports.supervision import PendingItem
from console.services.imports import be_amendments
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.widgets import WideTable

COLUMNS = (("age", "Age", 3), ("doc", "Document", 10), ("what", "What", 16),
           ("stage", "Stage", 17), ("by", "By", 6), ("summary", "Summary", 12))

# What the approving officer records on an SB request, by kind (None: nothing to record).
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
QUERY_KINDS = ("query", "be_query")
BE_REQUEST_KINDS = ("be_amendment", "ooc_cancellation")


def _value(v: object) -> str:
    return "" if v is None else str(v)


def change_table(rows: tuple, show_all: bool = False) -> Table | Text:
    """The fields a change touches, before and after, changed ones highlighted; with
    ``show_all`` also the fields it leaves alone (dim). ``rows``: ``SideBySide`` (an SB) or
    ``FieldRow`` (a BE), both with where, field, before, after, changed."""
    shown = [r for r in rows if show_all or r.changed]
    table = Table(expand=True, show_edge=False, pad_edge=False)
    for name in ("Where", "Field", "Before", "After"):
        table.add_column(name, overflow="fold")
    for r in shown:
        style = "bold reverse" if r.changed else "dim"
        table.add_row(Text(r.where), Text(r.field.replace("_", " ")), Text(_value(r.before)),
                      Text(_value(r.after), style=style), style=None if r.changed else "dim")
    return table


class ApprovalsScreen(IcesScreen):
    """The supervisor's approvals: list, detail, approve / refuse."""

    SCREEN_TITLE = "Awaiting my approval"
    AUTO_FOCUS = "#approvals"
    ACT_KEYS = (
        ActKey("a", "approve", ("QUERY.approve", "AMD.permit", "AMD.approve_in_system",
                                "CAN.permit", "EXAM.approve", "RECALL.approve",
                                "BE.query_approve", "BEAMD.approve", "BEAMD.accept",
                                "BEAMD.incorporate", "BEOOC.approve", "BEOOC.cancel"),
               "Approve"),
        ActKey("r", "reject", ("QUERY.withdraw", "AMD.reject", "CAN.reject", "EXAM.reject",
                               "RECALL.reject", "BE.query_decline", "BEAMD.reject",
                               "BEOOC.reject"), "Refuse"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f", "fields", "All fields", id="approvals.fields",
                tooltip="Show every field of the amendment, or only those it changes"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="approvals.refresh",
                show=False, tooltip="Reload the list"),
        Binding("f8", "lower", "Lower ranks", key_display="F8", id="approvals.lower",
                tooltip="Also list what a lower rank may decide"),
        Binding("escape", "back", "Back", id="approvals.back", tooltip="Back to home"),
    ]
    DEFAULT_CSS = """
    ApprovalsScreen #approvals-title { padding: 0 1; color: $text-muted; }
    ApprovalsScreen #approvals { height: 1fr; min-height: 4; }
    ApprovalsScreen #approval-detail-box { height: 2fr; border-top: solid $primary; }
    ApprovalsScreen #approval-detail { padding: 0 1; }
    """

    def __init__(self, actor: Actor) -> None:
        super().__init__(id="approvals-screen")
        self.actor = actor
        self.items: list[PendingItem] = []
        self.include_lower = False
        self.show_all = False
        self.shown_key = ""
        self.detail_rows: tuple = ()
        self.detail_head = Text()

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text("Oldest first. a approve · r refuse · f all fields · "
                          "F8 lower ranks too"), id="approvals-title")
        table: DataTable = WideTable(id="approvals", cursor_type="row", zebra_stripes=True)
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
            table.add_row(Text(f"{i.age_days}d"), Text(i.doc_ref), Text(i.kind_label),
                          Text(i.stage), Text(i.requested_by), Text(i.summary), key=i.key)
        if not items:
            self.detail_rows = ()
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
        if item.key != self.shown_key:  # another item: its unchanged fields folded again
            self.shown_key, self.show_all = item.key, False
        kind, _, ref = item.key.partition(":")
        if kind == "REQ":
            self.run_service(_detail, self.ices.core, int(ref),
                             then=lambda found: self.show_detail(found, item), lookup=True)
        elif kind == "BEREQ":
            self.run_service(_be_detail, self.ices.core, int(ref),
                             then=lambda found: self.show_detail(found, item), lookup=True)
        else:
            self.show_detail((None, ()), item)

    def show_detail(self, found: tuple, item: PendingItem) -> None:
        now = self.selected()
        if now is None or now.key != item.key:  # the cursor moved on meanwhile
            return
        request, rows = found
        head = Text()
        head.append(f"{item.kind_label} · {item.doc_ref} · {item.stage} · "
                    f"{item.required_rank} ({item.rule})\n", style="bold")
        head.append(f"asked by {item.requested_by} on {item.requested_at:%d.%m.%Y %H:%M} "
                    f"({item.age_days} day(s) ago)")
        if item.kind in QUERY_KINDS:
            head.append("\n").append(item.detail or item.summary)
        else:
            head.append(": ").append(request.reason if request is not None else item.summary)
        self.detail_head, self.detail_rows = head, rows
        self.show_rows()

    def show_rows(self) -> None:
        rows = self.detail_rows
        detail = self.query_one("#approval-detail", Static)
        if not rows:
            detail.update(self.detail_head)
            self.refresh_bindings()
            return
        parts: list = [self.detail_head, change_table(rows, self.show_all)]
        folded = sum(1 for r in rows if not r.changed)
        if folded and not self.show_all:
            parts.append(Text(f"{folded} field(s) unchanged, folded away: f shows them all",
                              style="dim italic"))
        detail.update(Group(*parts))
        self.refresh_bindings()

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        item = self.selected()
        return item.acts if item is not None else ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "fields":
            return any(not r.changed for r in self.detail_rows)
        return super().check_action(action, parameters)

    def action_fields(self) -> None:
        self.show_all = not self.show_all
        self.show_rows()

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

    def _approve(self, item: PendingItem, text: str = "", copies: bool = False) -> None:
        self.run_service(supervision.approve, self.ices.core, self.actor, item.key, text,
                         copies_surrendered=copies,
                         then=lambda _r: self._done(f"{item.doc_ref}: {item.kind_label} "
                                                    "approved"),
                         busy=self.query_one("#approvals"))

    def action_approve(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.kind in QUERY_KINDS:
            self.ask(ConfirmScreen(f"Approve the query on {item.doc_ref}",
                                   f"{item.detail}\n\nOn approval it takes effect: the "
                                   "query goes to the importer."),
                     lambda _d: self._approve(item))
            return
        if item.kind in BE_REQUEST_KINDS:
            act = find(self.open_of("approve")[0])
            note = self._be_note(item)
            if act.confirm:
                note += f"\n\nThis cannot be undone ({act.rule})."
            self.ask(ConfirmScreen(f"{act.does[:1].upper()}{act.does[1:]}: {item.doc_ref}",
                                   note), lambda _d: self._approve(item))
            return
        title = f"Approve {item.kind_label} of {item.doc_ref} ({item.stage})"
        if item.stage == "approval in system":
            fields = [Field("copies", "Printed SB copies surrendered (cancel them)", "bool")]
            note = "Applies the change, runs RMS again and charges the fee (EXP-AMD-2/4)."
        else:
            _name, label, required = APPROVE_TEXT.get(item.kind, ("text", "Note", False))
            fields = [Field("text", label, required=required)]
            note = item.summary
        self.ask(FormScreen(title, fields, note=note, submit_label="approve"),
                 lambda d: self._approve(item, str(d.get("text", "") or ""),
                                         bool(d.get("copies", False))))

    def _be_note(self, item: PendingItem) -> str:
        """What the dialog of a BE request says: the reason and the fields changed."""
        changed = [r for r in self.detail_rows if r.changed]
        lines = [f"Asked by {item.requested_by}: {item.summary}"]
        lines += [f"{r.where} {r.field}: {_value(r.before)} → {_value(r.after)}"
                  for r in changed]
        return "\n".join(lines)

    def action_reject(self) -> None:
        item = self.selected()
        if item is None:
            return
        verb = "Decline" if item.kind in QUERY_KINDS else "Refuse"

        def go(data: dict) -> None:
            self.run_service(supervision.reject, self.ices.core, self.actor, item.key,
                             data["reason"],
                             then=lambda _r: self._done(f"{item.doc_ref}: "
                                                        f"{item.kind_label} refused"),
                             busy=self.query_one("#approvals"))

        note = item.detail if item.kind in QUERY_KINDS else item.summary
        self.ask(FormScreen(f"{verb} the {item.kind_label} on {item.doc_ref}",
                            [Field("reason", "Reason", required=True, max_length=300)],
                            note=note, submit_label=verb.lower()), go)


def _detail(core, request_id: int) -> tuple:
    """An SB request and its side-by-side change (run in a worker)."""
    return amendments.get_request(core, request_id), amendments.side_by_side(core, request_id)


def _be_detail(core, request_id: int) -> tuple:
    """A BE request and its side-by-side change (run in a worker)."""
    return (be_amendments.get_request(core, request_id),
            be_amendments.side_by_side(core, request_id))

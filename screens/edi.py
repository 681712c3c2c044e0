"""Remote filing through ICEGATE on screen (edi.md; roles.md), opened from home (F6 Lists):

* ``EdiLogScreen``, the message log for the service centre and the system manager: every
  message received at the officer's location (and those no location could take), newest
  first: when, from whom, what, the result, the reply sent and the document it made; the
  detail line under it says why a message was refused. F7 sends a reply again
  (``EDI.resend``) for a filer that lost it.
* ``FilersScreen``, the registry of ICEGATE filers (EDI-2): the system manager registers an
  ICEGATE id tied to a broker, an importer or exporter, or a carrier (F2) and disables one
  (D).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from console.acts.edi import FILER, FilerKind, FilerState, MessageResult
from console.services.edi import filers, mailbox
from console.services.edi.filers import FilerView
from console.services.edi.mailbox import MessageView
from screens.base import ActKey
from screens.forms import Field, FormScreen
from screens.registry import RegisterScreen, keep_asking, table_of, when

RESULTS = {MessageResult.OK: "ok", MessageResult.NAK: "NAK", MessageResult.DUP: "copy"}
FILING_TYPES = {"F": "", "A": " amd"}


def message_row(v: MessageView) -> tuple[str, ...]:
    """(received, sender, type, result, reply, document) as the log shows them."""
    what = f"{v.kind or v.message or '?'}{FILING_TYPES.get(v.filing_type, '')}"
    return (f"{v.received_at:%d.%m %H:%M}", v.sender or "?", what,
            RESULTS.get(v.result, v.result), v.reply_name, v.document)


def message_detail(v: MessageView) -> Text:
    out = Text.assemble((f"#{v.id} {v.file_name}", "bold"))
    if v.job_no:
        out.append(f" · job {v.job_no}" + (f" of {when(v.job_date)}" if v.job_date else ""))
    if v.custom_house:
        out.append(f" · {v.custom_house}")
    if v.errors:
        out.append("\nrefused: " + ", ".join(v.errors), style="red")
    if v.detail:
        out.append(f"\n{v.detail}")
    return out


class EdiLogScreen(RegisterScreen):
    """The messages received through ICEGATE (see the module docstring)."""

    SCREEN_TITLE = "ICEGATE messages"
    AUTO_FOCUS = "#edi-table"
    TABLE = "edi-table"
    ACT_KEYS = (ActKey("f7", "resend", ("EDI.resend",), "Resend"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="edi.refresh",
                tooltip="Read the log again"),
        Binding("escape", "back", "Back", id="edi.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    EdiLogScreen #edi-table { height: 1fr; margin: 0 1; }
    EdiLogScreen #edi-title, EdiLogScreen #edi-detail, EdiLogScreen #edi-status {
        margin: 0 1;
    }
    EdiLogScreen #edi-detail { height: 4; }
    """
    COLUMNS = (("at", "Received", 11), ("sender", "Sender", 12), ("type", "Type", 7),
               ("result", "Result", 6), ("reply", "Reply", 16), ("doc", "Document", None))

    def __init__(self) -> None:
        super().__init__(id="edi-log")
        self.rows: list[MessageView] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"Messages received through ICEGATE at "
                          f"{self.ices.actor.location_code}", style="bold"), id="edi-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="edi-detail")
        yield Static("", id="edi-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(mailbox.message_log, self.ices.core, self.ices.actor,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list[MessageView]) -> None:
        self.rows = rows
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for v in rows:
            cells = [Text(x) for x in message_row(v)]
            if v.result == MessageResult.NAK:
                cells[3].stylize("bold red")
            table.add_row(*cells, key=str(v.id))
        counts = {r: sum(v.result == r for v in rows) for r in MessageResult}
        self.query_one("#edi-status", Static).update(Text(
            f"{len(rows)} message(s): {counts[MessageResult.OK]} filed, "
            f"{counts[MessageResult.NAK]} refused, {counts[MessageResult.DUP]} repeated",
            style="dim"))
        self.highlighted()

    def selected(self) -> MessageView | None:
        n = self.cursor_index(len(self.rows))
        return None if n is None else self.rows[n]

    @on(DataTable.RowHighlighted, "#edi-table")
    def highlighted(self) -> None:
        v = self.selected()
        self.query_one("#edi-detail", Static).update(message_detail(v) if v else Text(""))
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        row = self.selected()
        return row.acts if row else ()

    def action_refresh(self) -> None:
        self.load()

    def action_resend(self) -> None:
        row = self.selected()
        if row is None:
            return

        def done(name: str) -> None:
            self.notify(f"{name} will be written to the outbox at the next run",
                        markup=False)
            self.load()

        self.run_service(mailbox.resend, self.ices.core, self.ices.actor, row.id, then=done)


class FilersScreen(RegisterScreen):
    """The registered ICEGATE filers (see the module docstring)."""

    SCREEN_TITLE = "ICEGATE filers"
    AUTO_FOCUS = "#fil-table"
    TABLE = "fil-table"
    ACT_KEYS = (
        ActKey("f2", "new", ("FILER.add",), "New"),
        ActKey("d", "disable", ("FILER.disable",), "Disable"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="fil.refresh", show=False,
                tooltip="Read the list again"),
        Binding("escape", "back", "Back", id="fil.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    FilersScreen #fil-table { height: 1fr; margin: 0 1; }
    FilersScreen #fil-title, FilersScreen #fil-detail, FilersScreen #fil-status {
        margin: 0 1;
    }
    """
    COLUMNS = (("id", "ICEGATE id", 14), ("kind", "Kind", 7), ("code", "Code", 15),
               ("state", "State", 8), ("name", "Name", None))

    def __init__(self) -> None:
        super().__init__(id="edi-filers")
        self.rows: list[FilerView] = []
        self.cursor_to = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text("Filers registered to file through ICEGATE (EDI-2)", style="bold"),
                     id="fil-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="fil-detail")
        yield Static("", id="fil-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(filers.list_filers, self.ices.core, self.ices.actor,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list[FilerView]) -> None:
        self.rows = rows
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for v in rows:
            table.add_row(Text(v.icegate_id), Text(v.kind), Text(v.code),
                          Text(FILER.label(v.state)), Text(v.name), key=v.icegate_id)
        ids = [v.icegate_id for v in rows]
        if self.cursor_to in ids:
            table.move_cursor(row=ids.index(self.cursor_to))
        self.cursor_to = ""
        self.query_one("#fil-status", Static).update(Text(
            f"{len(rows)} filer(s), {sum(v.state == FilerState.ACTIVE for v in rows)} active",
            style="dim"))
        self.highlighted()

    def selected(self) -> FilerView | None:
        n = self.cursor_index(len(self.rows))
        return None if n is None else self.rows[n]

    @on(DataTable.RowHighlighted, "#fil-table")
    def highlighted(self) -> None:
        v = self.selected()
        detail = Text("")
        if v is not None:
            detail = Text.assemble((v.icegate_id, "bold"), f" files {', '.join(v.entitled)}"
                                   f" · registered {when(v.registered_at)} by "
                                   f"{v.registered_by}")
            if v.disabled_at:
                detail.append(f"\ndisabled {when(v.disabled_at)} by {v.disabled_by}: "
                              f"{v.disabled_reason}")
        self.query_one("#fil-detail", Static).update(detail)
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        made = tuple(f"FILER.{n}" for n in FILER.open_to(self.ices.actor))
        row = self.selected()
        return made + (row.acts if row else ())

    def acted(self, message: str, icegate_id: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.notify(message, markup=False)
            self.cursor_to = icegate_id
            self.load()

        return done

    def action_refresh(self) -> None:
        self.load()

    def action_new(self) -> None:
        core, actor = self.ices.core, self.ices.actor
        kinds = [("broker (licence code)", FilerKind.BROKER.value),
                 ("importer / exporter (IEC)", FilerKind.TRADER.value),
                 ("carrier (carrier code)", FilerKind.CARRIER.value)]
        keep_asking(self, "Register an ICEGATE filer", [
            Field("icegate_id", "ICEGATE id", required=True, max_length=30),
            Field("kind", "Tied to", "choice", required=True, choices=kinds,
                  value=kinds[0][1]),
            Field("code", "Code", required=True, max_length=15,
                  placeholder="broker licence, IEC or carrier code"),
            Field("name", "Name", max_length=150, placeholder="(the registry's)")],
            lambda d: filers.add_filer(core, actor, d["icegate_id"], d["kind"], d["code"],
                                       d["name"] or ""),
            lambda v: self.acted(f"{v.icegate_id} registered: {v.kind} {v.code}",
                                 v.icegate_id)(v),
            submit_label="register",
            note="The broker, IEC or carrier must be in the registries already (EDI-2).")

    def action_disable(self) -> None:
        row = self.selected()
        if row is None:
            return
        core, actor = self.ices.core, self.ices.actor

        def go(d: dict) -> None:
            self.confirm("FILER.disable", f"{row.icegate_id} ({row.name})", lambda: (
                self.run_service(filers.disable_filer, core, actor, row.icegate_id,
                                 d["reason"], then=self.acted(
                                     f"{row.icegate_id} disabled: its messages are refused",
                                     row.icegate_id))))

        self.ask(FormScreen(f"Disable {row.icegate_id} ({row.name})", [
            Field("reason", "Reason", required=True, max_length=200)],
            submit_label="disable"), go)

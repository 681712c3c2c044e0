"""Telegraphic Release Advices (IMP-TRA-1, IMP-TRA-2) for the registration clerk and the
appraiser: the TRAs and TRA requests of the location, F7 from their home.

The list shows what waits for the role (``tra.WAITING_FOR``: the clerk's requests not yet
issued, the appraiser's with a printed checklist); F8 switches to every TRA here, newest
first; a licence number typed in the box (F3) and Enter narrows either to that licence.

Clerk: F2 keys a request (Annexure D: licence, non-ICES port of use, Part-C lines), F9
prints the checklist for the holder to sign (the print records the checklist round), F7
corrects a request before issue, F4 keys back an unused TRA with the reason. Appraiser: F6
issues a request whose checklist is printed (what was verified from the original
licence), then F9 prints the three copies. AC/DC (from Lists): F11 permits a reprint of an
issued TRA's copies after a system failure or a misprint (EXP-PRT-4); the list starts with
every TRA here, since none waits for the AC/DC. F5 reloads, Esc goes back. Every act is a
service call in a worker; the services decide, ``check_action`` only dims what plainly
does not apply. PDFs are written under ``prints/``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from console.acts.tra import TRA
from console.errors import IcesError
from console.money import inr as rupees
from console.roles import Role
from console.services.imports import tra as svc
from console.services.imports import tra_documents
from console.services.printjobs import REPRINT_CAUSES
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.prints import print_to_file
from screens.registry import keep_asking

COLUMNS = (("no", "No.", 6), ("state", "State", 17), ("licence", "Licence", 10),
           ("port", "Port", 6), ("value", "Value ₹", 12), ("issued", "Issued", 10))
TITLES = {Role.CLK: "Requests not yet issued: checklist to print, corrections",
          Role.APR: "Requests with a printed checklist: to verify and issue"}
LINES_HELP = ("one Part-C item a line: serial quantity value ₹ (serial value where the "
              "licence gives no quantity)")



def number(v: svc.TraView) -> str:
    """The TRA number once issued; before that the request, R<id>."""
    return str(v.tra_no) if v.tra_no else f"R{v.id}"


def annexure_d(values: dict) -> dict:
    """The form's values as ``key_tra`` / ``correct_tra`` read them. Each Part-C line is
    "serial quantity value" or "serial value"; grouping commas are dropped. The service
    checks every figure and names the field it refuses (``items[n].value``)."""
    items = []
    for row in values["items"]:
        parts = row.replace(",", "").split()
        if len(parts) == 2:
            parts.insert(1, "")
        sl, quantity = (parts + ["", ""])[:2]
        items.append({"licence_sl": sl, "quantity": quantity, "value": " ".join(parts[2:])})
    return {"licence_no": values["licence_no"], "port_of_use": values["port_of_use"],
            "items": items}


def form_values(v: svc.TraView) -> dict:
    """A request's Annexure D as the form shows it (to correct it)."""
    return {"licence_no": v.licence_no, "port_of_use": v.port_of_use,
            "items": [" ".join(str(x) for x in (y.licence_sl, y.quantity, y.value)
                               if x is not None) for y in v.lines]}


def annexure_form(title: str, values: dict, note: str = "") -> FormScreen:
    return FormScreen(title, [
        Field("licence_no", "Licence no", required=True, max_length=20,
              value=values.get("licence_no")),
        Field("port_of_use", "Port of use", required=True, max_length=6,
              value=values.get("port_of_use"), placeholder="non-ICES, e.g. INKRW1"),
        Field("items", "Part-C lines", "lines", required=True,
              value="\n".join(values.get("items", ())), help=LINES_HELP),
    ], note=note, submit_label="key")


def details(v: svc.TraView) -> Text:
    """The selected TRA in a few lines under the list."""
    out = Text.assemble((number(v), "bold"), f" · {v.licence_kind.upper()} licence "
                        f"{v.licence_no} · {v.iec} {v.holder_name}\n"
                        f"for {v.port_of_use} {v.port_of_use_name} · keyed by {v.keyed_by}")
    for x in v.lines[:2]:
        quantity = f"{x.quantity} {x.uqc}, " if x.quantity is not None else ""
        out.append(f"\n  Part-C {x.licence_sl} {x.description}: {quantity}₹{rupees(x.value)}")
    if len(v.lines) > 2:
        out.append(f"\n  and {len(v.lines) - 2} more Part-C items")
    if v.recredit_reason:
        out.append(f"\nkeyed back by {v.recredited_by}: {v.recredit_reason}")
    elif v.verification:
        out.append(f"\nverified by {v.verified_by}: {v.verification}")
    out.no_wrap, out.overflow = True, "ellipsis"
    return out


class TraScreen(IcesScreen):
    """The TRA list and the acts of the clerk and the appraiser on it."""

    SCREEN_TITLE = "Telegraphic Release Advice"
    AUTO_FOCUS = "#tra-table"
    ACT_KEYS = (
        ActKey("f2", "new", ("TRA.key",), "New"),
        ActKey("f4", "key_back", ("TRA.recredit",), "Key back"),
        ActKey("f6", "issue", ("TRA.issue",), "Issue"),
        ActKey("f7", "correct", ("TRA.correct",), "Correct"),
        # the checklist print is the round (TRA.checklist is recorded by TRA.print_checklist)
        ActKey("f9", "print", ("TRA.checklist", "TRA.print_checklist", "TRA.print_copies"),
               "Print"),
        ActKey("f11", "reprint", ("TRA.reprint_permit",), "Reprint"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f3", "find", "Licence", key_display="F3", id="tra.find", show=False,
                tooltip="Narrow the list to one licence"),  # the box says F3; 80 columns
        Binding("f5", "refresh", "Refresh", key_display="F5", id="tra.refresh", show=False,
                tooltip="Reload the list"),
        Binding("f8", "waiting(False)", "All", key_display="F8", id="tra.all",
                tooltip="Every TRA here, newest first"),
        Binding("f8", "waiting(True)", "Waiting", key_display="F8", id="tra.waiting",
                tooltip="Only what waits for you"),
        Binding("escape", "back", "Back", key_display="Esc", id="tra.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    TraScreen #tra-licence { margin: 0 1; width: 50; }
    TraScreen #tra-table { height: 1fr; margin: 0 1; }
    TraScreen #tra-title, TraScreen #tra-detail, TraScreen #tra-status { margin: 0 1; }
    TraScreen #tra-detail { height: auto; max-height: 5; }
    """


    def __init__(self) -> None:
        super().__init__(id="tra")
        self.waiting = True
        self.licence = ""
        self.rows: list[svc.TraView] = []
        self.cursor_to: int | None = None  # the request acted on: the cursor goes back to it
        self.focus_table = False

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Input(id="tra-licence", max_length=20, compact=True,
                    placeholder="Licence no (F3) and Enter; empty: every licence")
        yield Static("", id="tra-title")
        table: DataTable = DataTable(id="tra-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="tra-detail")
        yield Static("", id="tra-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.waiting = bool(svc.WAITING_FOR.get(self.ices.actor.role))  # else: every TRA
        self.load()

    # ---- the list ----

    def load(self) -> None:
        self.run_service(svc.tras_here, self.ices.core, self.ices.actor, licence_no=self.licence,
                         waiting=self.waiting, then=self.show_rows,
                         busy=self.query_one("#tra-table"))

    def show_rows(self, rows: list[svc.TraView]) -> None:
        self.rows = rows
        table = self.query_one("#tra-table", DataTable)
        table.clear()
        for v in rows:
            table.add_row(number(v), v.state.replace("_", " "), v.licence_no, v.port_of_use,
                          Text(rupees(sum((x.value for x in v.lines), Decimal(0))),
                               justify="right"),
                          f"{v.tra_date:%d.%m.%Y}" if v.tra_date else "", key=str(v.id))
        ids = [v.id for v in rows]
        if self.cursor_to in ids:
            table.move_cursor(row=ids.index(self.cursor_to))
        self.cursor_to = None
        title = TITLES.get(self.ices.actor.role, "") if self.waiting \
            else "Every TRA and request here, newest first"
        if self.licence:
            title += f" · licence {self.licence}"
        self.query_one("#tra-title", Static).update(Text(title, style="bold"))
        self.query_one("#tra-status", Static).update(
            Text(f"{len(rows)} TRA(s) and request(s)" if rows
                 else "nothing waiting" if self.waiting else "none", style="dim"))
        if self.focus_table:
            self.focus_table = False
            table.focus()
        self.highlighted()

    def selected(self) -> svc.TraView | None:
        table = self.query_one("#tra-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#tra-table")
    def highlighted(self) -> None:
        row = self.selected()
        self.query_one("#tra-detail", Static).update(details(row) if row else "")
        self.refresh_bindings()

    @on(Input.Submitted, "#tra-licence")
    def licence_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.licence = event.value.strip().upper()
        self.focus_table = True  # once loaded: a loading widget does not take the focus
        self.load()

    def open_acts(self) -> tuple[str, ...]:
        """Keying a request (the table's), and what the selected row allows the officer."""
        actor, row = self.ices.actor, self.selected()
        made = tuple(f"TRA.{n}" for n in TRA.open_to(actor))
        return made + (tuple(f"TRA.{n}" for n in TRA.open_to(actor, row)) if row else ())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "waiting":  # F8: only for a role something waits for
            return bool(svc.WAITING_FOR.get(self.ices.actor.role)) \
                and parameters[0] != self.waiting
        return super().check_action(action, parameters)

    # ---- acts ----

    def acted(self, message: str, view: svc.TraView) -> None:
        self.notify(message, markup=False)
        self.cursor_to = view.id
        self.load()

    def action_new(self) -> None:
        self.ask(annexure_form("Key a TRA request (Annexure D)", {}), self.key)

    def action_correct(self) -> None:
        row = self.selected()
        if row is not None:
            self.ask(annexure_form(f"Correct TRA request R{row.id}", form_values(row)),
                     lambda values: self.key(values, row))

    def key(self, values: dict, request: svc.TraView | None = None) -> None:
        """Key a request (or correct ``request``) with the form's values. A refusal is shown
        and the form comes back with what was typed and the reason."""
        core, actor = self.ices.core, self.ices.actor

        def refused(err: IcesError) -> None:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            title = f"Correct TRA request R{request.id}" if request else \
                "Key a TRA request (Annexure D)"
            self.ask(annexure_form(title, values, note=f"Refused: {err}"),
                     lambda again: self.key(again, request))

        if request is None:
            self.run_service(svc.key_tra, core, actor, annexure_d(values), failed=refused,
                             then=lambda v: self.acted(f"TRA request R{v.id} keyed: F9 "
                                                       "prints the checklist", v))
        else:
            self.run_service(svc.correct_tra, core, actor, request.id, annexure_d(values),
                             failed=refused,
                             then=lambda v: self.acted(f"TRA request R{v.id} corrected: F9 "
                                                       "prints the checklist again", v))

    def action_issue(self) -> None:
        row = self.selected()
        if row is None:
            return
        total = rupees(sum((x.value for x in row.lines), Decimal(0)))
        self.ask(FormScreen(f"Issue TRA request R{row.id}", [
            Field("verification", "Verified", required=True, max_length=300,
                  placeholder="what the original licence showed")],
            note=f"Licence {row.licence_no} for {row.port_of_use} {row.port_of_use_name}: "
                 f"₹{total}. Verify against the original licence and the checklist the "
                 "holder signed.", submit_label="issue"),
            lambda d: self.run_service(svc.issue_tra, self.ices.core, self.ices.actor, row.id,
                                       d["verification"], expected_version=row.version,
                                       then=self.issued))

    def issued(self, view: svc.TraView) -> None:
        self.acted(f"TRA {view.tra_no} issued from request R{view.id}", view)
        self.ask(ConfirmScreen(f"TRA {view.tra_no} issued",
                               "Print its three copies now (PDF under prints/)?"),
                 lambda _: self.print_row(view))

    def action_key_back(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.ask(FormScreen(f"Key back TRA {row.tra_no}", [
            Field("reason", "Reason", required=True, max_length=300,
                  placeholder="e.g. returned unused by the port of use")],
            note="The licence is re-credited with what the TRA released; the TRA is no "
                 "longer valid (IMP-TRA-2).", submit_label="key back"),
            lambda d: self.run_service(
                svc.recredit_tra, self.ices.core, self.ices.actor, row.tra_no, d["reason"],
                then=lambda v: self.acted(f"TRA {v.tra_no} keyed back; licence "
                                          f"{v.licence_no} re-credited", v)))

    def action_print(self) -> None:
        row = self.selected()
        if row is not None:
            self.print_row(row)

    def print_row(self, row: svc.TraView) -> None:
        """A request's checklist, an issued TRA's three copies (reprints: EXP-PRT-4)."""
        kind, ref = ("tra", row.tra_no) if row.tra_no else ("tra_checklist", row.id)
        self.run_service(print_to_file, self.ices.core, self.ices.actor, kind, ref,
                         then=lambda path: self.printed(path, row))

    def printed(self, path: Path, row: svc.TraView) -> None:
        self.acted(f"printed: {path}", row)

    def action_reprint(self) -> None:
        """EXP-PRT-4: the AC/DC allows one reprint of the TRA's copies after a system
        failure or a misprint (the misprinted copy cancelled first)."""
        row = self.selected()
        if row is None or row.tra_no is None:
            return
        core, actor = self.ices.core, self.ices.actor
        copies = [("every copy printed", "")] + [(c, c) for c in tra_documents.TRA_COPIES]
        keep_asking(self, f"Permit a reprint of TRA {row.tra_no}", [
            Field("cause", "Cause", "choice", required=True,
                  choices=[(c.replace("_", " "), c) for c in REPRINT_CAUSES],
                  value=REPRINT_CAUSES[0]),
            Field("copy", "Copy", "choice", required=True, choices=copies, value=""),
            Field("cancelled", "The misprinted copy is cancelled", "bool"),
            Field("reason", "What happened", max_length=300)],
            lambda d: tra_documents.permit_tra_reprint(core, actor, row.tra_no, d["cause"],
                                                       d["cancelled"], copy=d["copy"] or "",
                                                       reason=d["reason"]),
            lambda p: self.acted(f"TRA {p.tra_no}: reprint permitted; "
                                 f"{', '.join(p.copies_cancelled)} cancelled, printed again "
                                 "marked REPRINT", row),
            submit_label="permit",
            note="Only after a system failure or a misprint; the printed copies are "
                 "cancelled in the print log (EXP-PRT-4).")

    # ---- moving about ----

    def action_waiting(self, waiting: bool) -> None:
        self.waiting = waiting
        self.load()

    def action_find(self) -> None:
        self.query_one("#tra-licence", Input).focus()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

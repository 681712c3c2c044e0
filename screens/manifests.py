"""The carriers' manifests at the officer's location, F6 "Lists" from home.

``IgmScreen``: the Import General Manifests filed here, newest first, and the lines of the
one selected (B/L or AWB, importer, packages, and the BE filed against each line, or
"free": a BE may be keyed against it, IMP-BE-1). F2 files an IGM with its lines (the
carrier, or the service centre keying one brought on paper, IMP-IGM-1); F6 grants entry
inwards (the appraiser or the AC/DC: the IGM goes to the custodian); F4 amends the
selected line: before entry inwards the carrier or the service centre, after it only the
AC/DC (IMP-IGM-2; the key is offered only to whom the IGM's act table allows).

``EgmScreen``: the Export General Manifests filed here, and the Shipping Bills with Let
Export that no EGM has closed yet; Space marks the SBs an EGM closes and F2 files it
(the carrier or the service centre, EXP-EGM-1, EXP-REG-3).

Tab moves between the two lists; F5 reloads; Esc goes back. Every act is a service call
in a worker; the services decide, the keys only follow the acts the views say are open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Static

from console.acts.egm import EGM
from console.acts.igm import IGM
from console.errors import IcesError, InvalidInput
from console.money import inr
from console.roles import Role
from console.services.exports import egm as egm_svc
from console.services.imports import manifests as igm_svc
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen

T = TypeVar("T")
LINES_HELP = ("one B/L (or AWB) a line: B/L no; importer; packages; kind; gross kg; "
              "description, e.g. 098-1234; Andhra Pharma; 10; DRM; 520; paint in drums")
LINE_PARTS = ("bl_no", "importer_name", "packages", "package_kind", "gross_weight_kg",
              "description")


def day(value: date | datetime | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def parse_day(text: str, field: str, rule: str) -> date:
    """A date keyed as 07.12.2026 (or 07/12/2026, 2026-12-07)."""
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(field, f"{text!r} is not a date: dd.mm.yyyy", rule)


def manifest_lines(rows: list[str]) -> list[dict]:
    """The form's lines as ``file_igm`` reads them: six parts split on ';' (missing ones
    blank: the service names the part it refuses, ``lines[n].description``)."""
    out = []
    for row in rows:  # a description may itself hold a ';': the sixth part is the rest
        parts = [p.strip() for p in row.split(";", len(LINE_PARTS) - 1)]
        parts += [""] * (len(LINE_PARTS) - len(parts))
        out.append(dict(zip(LINE_PARTS, parts, strict=True)))
    return out


def sb_numbers(rows: list[str]) -> list[int]:
    """SB numbers keyed one a line, or several separated by spaces or commas."""
    out = []
    for word in re.split(r"[\s,;]+", " ".join(rows)):
        if not word:
            continue
        if not word.isdigit():
            raise InvalidInput("sb_nos", f"{word!r} is not a Shipping Bill number", "EXP-EGM-1")
        out.append(int(word))
    return out


RANKS = {Role.ACDC: "AC/DC", Role.ADC: "ADC", Role.COM: "Commissioner"}


def rank_words(rank: str) -> str:
    """"ACDC" -> "AC/DC or higher" (roles.md: a higher rank may give a rank's approval)."""
    return f"{RANKS.get(Role(rank), rank)} or higher"


def at_cursor(screen: Screen, table_id: str, rows: Sequence[T]) -> T | None:
    """The row under the cursor of the table ``table_id`` shows (``rows``, in its order);
    None when there is none, or the screen's widgets are gone (it is being closed and its
    footer asks which keys to show)."""
    try:
        table = screen.query_one(table_id, DataTable)
    except NoMatches:
        return None
    return rows[table.cursor_row] if rows and 0 <= table.cursor_row < len(rows) else None


def first(choices: list[tuple[str, str]]) -> str | None:
    """A required choice starts on its first option (a Select must hold one)."""
    return choices[0][1] if choices else None


def carrier_choices(carriers: list[igm_svc.CarrierView]) -> list[tuple[str, str]]:
    return [(f"{c.code} {c.name}"[:40], c.code) for c in carriers]


def usual_carrier(carriers: list[igm_svc.CarrierView]) -> str | None:
    """The carrier the officer filed for last, else the first (a Select must hold one)."""
    return next((c.code for c in carriers if c.usual), None) or first(
        carrier_choices(carriers))


# ---------------------------------------------------------------- the IGM register


class IgmScreen(IcesScreen):
    """The IGMs at the location, their lines, and the carrier's and Customs' acts on them."""

    SCREEN_TITLE = "Import General Manifests"
    AUTO_FOCUS = "#igm-table"
    ACT_KEYS = (
        ActKey("f2", "file", ("IGM.file",), "File IGM"),
        ActKey("f4", "amend", ("IGM.amend_line",), "Amend line"),
        ActKey("f6", "entry_inwards", ("IGM.entry_inwards",), "Entry inwards"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "reload", "Reload", key_display="F5", id="igm.reload", show=False,
                tooltip="Read the IGMs again"),
        Binding("escape", "back", "Back", key_display="Esc", id="igm.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    IgmScreen #igm-table { height: 8; margin: 0 1; }
    IgmScreen #igm-lines { height: 1fr; margin: 0 1; }
    IgmScreen #igm-title, IgmScreen #igm-head, IgmScreen #igm-status { margin: 0 1; }
    IgmScreen #igm-head { height: 2; }
    """

    def __init__(self) -> None:
        super().__init__(id="igm-register")
        self.rows: list[igm_svc.IgmView] = []
        self.cursor_to: int | None = None  # the IGM acted on: the cursor goes back to it
        self.line_to: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static("", id="igm-title")
        table: DataTable = DataTable(id="igm-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("no", "IGM", 6), ("date", "Date", 10), ("carrier", "Carr", 4),
                                  ("voyage", "Voyage/flight", 13), ("arrival", "Arrival", 10),
                                  ("state", "State", 13), ("lines", "Lines", 5)):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="igm-head")
        lines: DataTable = DataTable(id="igm-lines", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("line", "Line", 4), ("bl", "B/L or AWB", 14),
                                  ("importer", "Importer", 18), ("pkgs", "Packages", 9),
                                  ("kg", "Gross kg", 8), ("be", "BE filed", 10)):
            lines.add_column(label, key=key, width=width)
        yield lines
        yield Static("", id="igm-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    # ---- the lists ----

    def load(self) -> None:
        self.run_service(igm_svc.igms_here, self.ices.core, self.ices.actor,
                         then=self.show_rows, busy=self.query_one("#igm-table"))

    def show_rows(self, rows: list[igm_svc.IgmView]) -> None:
        self.rows = rows
        table = self.query_one("#igm-table", DataTable)
        table.clear()
        for v in rows:
            table.add_row(str(v.igm_no), day(v.igm_date), v.carrier_code, Text(v.voyage),
                          day(v.arrival_date), IGM.label(v.state), str(len(v.lines)),
                          key=str(v.igm_no))
        numbers = [v.igm_no for v in rows]
        if self.cursor_to in numbers:
            table.move_cursor(row=numbers.index(self.cursor_to))
        self.cursor_to = None
        self.query_one("#igm-title", Static).update(Text(
            f"IGMs filed at {self.ices.actor.location_code}, newest first", style="bold"))
        self.highlighted()

    def selected(self) -> igm_svc.IgmView | None:
        return at_cursor(self, "#igm-table", self.rows)

    def selected_line(self) -> igm_svc.IgmLineView | None:
        igm = self.selected()
        return at_cursor(self, "#igm-lines", igm.lines) if igm else None

    @on(DataTable.RowHighlighted, "#igm-table")
    def highlighted(self) -> None:
        igm = self.selected()
        lines = self.query_one("#igm-lines", DataTable)
        lines.clear()
        head = self.query_one("#igm-head", Static)
        if igm is None:
            head.update("")
            self.line_highlighted()
            self.refresh_bindings()
            return
        for x in igm.lines:
            filed = (Text(str(x.be_no)) if x.be_no else Text(f"job {x.be_job_no}")
                     if x.be_job_no else Text("free", style="green"))
            lines.add_row(str(x.line_no), Text(x.bl_no), Text(x.importer_name),
                          Text(f"{x.packages} {x.package_kind}".strip()),
                          Text(f"{x.gross_weight_kg}", justify="right"), filed,
                          key=str(x.line_no))
        numbers = [x.line_no for x in igm.lines]
        if self.line_to in numbers:
            lines.move_cursor(row=numbers.index(self.line_to))
        self.line_to = None
        head.update(self.head(igm))
        self.line_highlighted()
        self.refresh_bindings()

    @staticmethod
    def head(igm: igm_svc.IgmView) -> Text:
        out = Text.assemble((f"IGM {igm.igm_no}", "bold"), " · ")
        out.append(f"{igm.carrier_code} {igm.carrier_name} {igm.voyage}".strip())
        out.append(f" · filed by {igm.filed_by}\n")
        if igm.entry_inwards_at:
            out.append(f"entry inwards {igm.entry_inwards_at:%d.%m.%Y} by "
                       f"{igm.entry_inwards_by}")
        else:
            out.append("before entry inwards")
        out.append(f" · amendments: {rank_words(igm.amend_rank)} (IMP-IGM-2)"
                   if igm.amend_rank else " · amendments need no approval (IMP-IGM-2)", "dim")
        out.no_wrap, out.overflow = True, "ellipsis"
        return out

    @on(DataTable.RowHighlighted, "#igm-lines")
    def line_highlighted(self) -> None:
        """The status line: how many lines are free here, and the selected line's goods."""
        free = sum(1 for v in self.rows for x in v.lines if x.free)
        said = (f"{len(self.rows)} IGM(s), {free} line(s) with no BE · Tab: IGMs ⇄ lines"
                if self.rows else "no IGM filed here")
        x = self.selected_line()
        if x is not None:
            said = f"line {x.line_no}: {x.description} · {said}"
        self.query_one("#igm-status", Static).update(Text(said, style="dim", no_wrap=True,
                                                          overflow="ellipsis"))

    @on(DataTable.RowSelected, "#igm-table")
    def to_lines(self) -> None:
        self.query_one("#igm-lines", DataTable).focus()

    def open_acts(self) -> tuple[str, ...]:
        """Filing an IGM (the table's), and what the selected IGM's view allows."""
        igm = self.selected()
        return (*(f"IGM.{n}" for n in IGM.open_to(self.ices.actor)),
                *(igm.acts if igm else ()))

    # ---- acts ----

    def acted(self, message: str, view: igm_svc.IgmView, line_no: int | None = None) -> None:
        self.notify(message, markup=False)
        self.cursor_to, self.line_to = view.igm_no, line_no
        self.load()

    def action_file(self) -> None:
        self.run_service(igm_svc.carriers, self.ices.core, self.ices.actor,
                         then=lambda found: self.ask_file(found, {}))

    def ask_file(self, carriers: list[igm_svc.CarrierView], values: dict, note: str = "") -> None:
        self.ask(FormScreen("File an Import General Manifest", [
            Field("carrier", "Carrier", "choice", required=True,
                  choices=carrier_choices(carriers),
                  value=values.get("carrier") or usual_carrier(carriers)),
            Field("voyage", "Voyage/flight", max_length=20, value=values.get("voyage")),
            Field("arrival", "Arrival date", required=True, max_length=10,
                  value=values.get("arrival") or day(self.ices.core.today()),
                  placeholder="dd.mm.yyyy"),
            Field("lines", "Lines", "lines", required=True,
                  value="\n".join(values.get("lines", ())), help=LINES_HELP),
        ], note=note or "Each line is a bill of lading (or air waybill) and its cargo "
                        "(IMP-IGM-1).", submit_label="file"),
            lambda d: self.file(carriers, d))

    def file(self, carriers: list[igm_svc.CarrierView], values: dict) -> None:
        def refused(err: IcesError) -> None:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            self.ask_file(carriers, values, note=f"Refused: {err}")

        try:
            arrival = parse_day(values["arrival"], "arrival_date", "IMP-IGM-1")
        except IcesError as err:
            refused(err)
            return
        self.run_service(igm_svc.file_igm, self.ices.core, self.ices.actor, values["carrier"],
                         arrival, manifest_lines(values["lines"]), voyage=values["voyage"],
                         failed=refused,
                         then=lambda v: self.acted(f"IGM {v.igm_no} filed: {len(v.lines)} "
                                                   "line(s)", v))

    def action_entry_inwards(self) -> None:
        igm = self.selected()
        if igm is None:
            return
        self.confirm("IGM.entry_inwards", f"IGM {igm.igm_no}", lambda: self.run_service(
            igm_svc.grant_entry_inwards, self.ices.core, self.ices.actor, igm.igm_no,
            expected_version=igm.version, busy=self.query_one("#igm-table"),
            then=lambda v: self.acted(f"IGM {v.igm_no}: entry inwards granted; sent to the "
                                      "custodian", v)))

    def action_amend(self) -> None:
        igm, line = self.selected(), self.selected_line()
        if igm is None or line is None:
            self.notify("choose the line to amend (Tab to the lines)", severity="warning")
            return
        self.ask_amend(igm, line, {})

    def ask_amend(self, igm: igm_svc.IgmView, line: igm_svc.IgmLineView, values: dict,
                  note: str = "") -> None:
        now = {"bl_no": line.bl_no, "importer_name": line.importer_name,
               "packages": str(line.packages), "package_kind": line.package_kind,
               "gross_weight_kg": str(line.gross_weight_kg), "description": line.description}
        said = (f"By the {rank_words(igm.amend_rank)}: after entry inwards the amendment is "
                "the AC (Import)'s approval (IMP-IGM-2)." if igm.amend_rank
                else "Before entry inwards: no approval needed (IMP-IGM-2).")
        self.ask(FormScreen(f"Amend line {line.line_no} of IGM {igm.igm_no}", [
            Field(f.name, f.label, f.kind, f.required, values.get(f.name, now.get(f.name)),
                  f.placeholder, max_length=f.max_length) for f in AMEND_FIELDS],
            note=note or said, submit_label="amend"),
            lambda d: self.amend(igm, line, now, d))

    def amend(self, igm: igm_svc.IgmView, line: igm_svc.IgmLineView, now: dict,
              values: dict) -> None:
        changes = {k: str(values[k]).strip() for k in now
                   if _differs(k, str(values[k]).strip(), now[k])}
        if not changes:
            self.notify(f"line {line.line_no}: nothing changed", severity="warning")
            return

        def refused(err: IcesError) -> None:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            self.ask_amend(igm, line, values, note=f"Refused: {err}")

        self.run_service(igm_svc.amend_line, self.ices.core, self.ices.actor, igm.igm_no,
                         line.line_no, changes, values["reason"], expected_version=igm.version,
                         failed=refused, busy=self.query_one("#igm-lines"),
                         then=lambda v: self.acted(f"IGM {v.igm_no} line {line.line_no} "
                                                   f"amended: {', '.join(changes)}", v,
                                                   line.line_no))

    # ---- moving about ----

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)


AMEND_FIELDS = (
    Field("bl_no", "B/L or AWB", required=True, max_length=30),
    Field("importer_name", "Importer", required=True, max_length=150),
    Field("packages", "Packages", "int", required=True),
    Field("package_kind", "Kind", max_length=3),
    Field("gross_weight_kg", "Gross kg", required=True, max_length=14),
    Field("description", "Description", required=True, max_length=300),
    Field("reason", "Reason", required=True, max_length=200, placeholder="why the line changes"),
)


def _differs(name: str, new: str, old: str) -> bool:
    """A field the officer changed (a weight of 520 is 520.000; codes ignore case)."""
    if name == "gross_weight_kg":
        try:
            return Decimal(new) != Decimal(old)
        except InvalidOperation:
            return True
    if name in ("bl_no", "package_kind"):
        return new.upper() != old.upper()
    return new != old


# ---------------------------------------------------------------- the EGM register


class EgmScreen(IcesScreen):
    """The EGMs filed at the location, and the SBs with Let Export awaiting one."""

    SCREEN_TITLE = "Export General Manifests"
    AUTO_FOCUS = "#egm-awaiting"
    ACT_KEYS = (ActKey("f2", "file", ("EGM.file",), "File EGM"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("space", "mark", "Mark SB", key_display="Space", id="egm.mark",
                tooltip="Mark (or unmark) the selected SB for the EGM filed next"),
        Binding("f5", "reload", "Reload", key_display="F5", id="egm.reload", show=False,
                tooltip="Read the EGMs and SBs again"),
        Binding("escape", "back", "Back", key_display="Esc", id="egm.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    EgmScreen #egm-table { height: 7; margin: 0 1; }
    EgmScreen #egm-awaiting { height: 1fr; margin: 0 1; }
    EgmScreen .egm-title, EgmScreen #egm-status { margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="egm-register")
        self.register: egm_svc.EgmRegister | None = None
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static("", id="egm-title", classes="egm-title")
        table: DataTable = DataTable(id="egm-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("no", "EGM", 6), ("date", "Date", 10), ("carrier", "Carr", 4),
                                  ("voyage", "Voyage/flight", 13), ("sailed", "Sailed", 10),
                                  ("sbs", "Shipping Bills closed", 21)):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="egm-awaiting-title", classes="egm-title")
        awaiting: DataTable = DataTable(id="egm-awaiting", cursor_type="row",
                                        zebra_stripes=True)
        for key, label, width in (("mark", "", 1), ("sb", "SB", 7), ("leo", "LEO", 10),
                                  ("exporter", "Exporter", 33), ("pkgs", "Packages", 8),
                                  ("stuffed", "Stuffed", 7)):
            awaiting.add_column(label, key=key, width=width)
        yield awaiting
        yield Static("", id="egm-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(egm_svc.egm_register, self.ices.core, self.ices.actor,
                         then=self.show_register, busy=self.query_one("#egm-awaiting"))

    def show_register(self, register: egm_svc.EgmRegister) -> None:
        self.register = register
        waiting = {a.sb_no for a in register.awaiting}
        self.marked &= waiting
        table = self.query_one("#egm-table", DataTable)
        table.clear()
        for e in register.egms:
            table.add_row(str(e.egm_no), day(e.egm_date), e.carrier_code, Text(e.voyage),
                          day(e.sailed_on), Text(", ".join(map(str, e.sb_nos)), no_wrap=True,
                                                 overflow="ellipsis"), key=str(e.egm_no))
        where = self.ices.actor.location_code
        self.query_one("#egm-title", Static).update(Text(
            f"EGMs filed at {where}, newest first", style="bold"))
        self.query_one("#egm-awaiting-title", Static).update(Text(
            "Let Export given, awaiting an EGM (Space marks the SBs it closes)", style="bold"))
        self.show_awaiting()
        self.refresh_bindings()

    def show_awaiting(self) -> None:
        assert self.register is not None
        table = self.query_one("#egm-awaiting", DataTable)
        row = table.cursor_row
        table.clear()
        for a in self.register.awaiting:
            table.add_row(Text("✓" if a.sb_no in self.marked else "", style="bold green"),
                          str(a.sb_no), day(a.leo_at), Text(f"{a.iec} {a.exporter_name}"),
                          Text(f"{a.packages} {a.package_kind}".strip()),
                          "yes" if a.stuffed else "", key=str(a.sb_no))
        if self.register.awaiting:
            table.move_cursor(row=min(max(row, 0), len(self.register.awaiting) - 1))
        n = len(self.register.awaiting)
        self.query_one("#egm-status", Static).update(Text(
            f"{len(self.register.egms)} EGM(s) · {n} SB(s) awaiting an EGM"
            + (f" · {len(self.marked)} marked" if self.marked else ""), style="dim"))

    def selected_sb(self) -> egm_svc.AwaitingEgm | None:
        return at_cursor(self, "#egm-awaiting", self.register.awaiting if self.register else [])

    def open_acts(self) -> tuple[str, ...]:
        return self.register.acts if self.register else tuple(
            f"EGM.{n}" for n in EGM.open_to(self.ices.actor))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return bool(self.open_of("file")) and getattr(self.focused, "id", "") == \
                "egm-awaiting"
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # ---- acts ----

    def action_mark(self) -> None:
        sb = self.selected_sb()
        if sb is None:
            return
        self.marked ^= {sb.sb_no}
        self.show_awaiting()
        table = self.query_one("#egm-awaiting", DataTable)
        if table.cursor_row < table.row_count - 1 and sb.sb_no in self.marked:
            table.move_cursor(row=table.cursor_row + 1)

    def action_file(self) -> None:
        chosen = sorted(self.marked)
        if not chosen and (sb := self.selected_sb()) is not None:
            chosen = [sb.sb_no]
        self.run_service(igm_svc.carriers, self.ices.core, self.ices.actor,
                         then=lambda found: self.ask_file(found, {
                             "sb_nos": [str(n) for n in chosen]}))

    def ask_file(self, carriers: list[igm_svc.CarrierView], values: dict, note: str = "") -> None:
        self.ask(FormScreen("File an Export General Manifest", [
            Field("carrier", "Carrier", "choice", required=True,
                  choices=carrier_choices(carriers),
                  value=values.get("carrier") or usual_carrier(carriers)),
            Field("voyage", "Voyage/flight", max_length=20, value=values.get("voyage")),
            Field("sailed", "Sailing date", required=True, max_length=10,
                  value=values.get("sailed") or day(self.ices.core.today()),
                  placeholder="dd.mm.yyyy"),
            Field("sb_nos", "Shipping Bills", "lines", required=True,
                  value="\n".join(values.get("sb_nos", ())),
                  help="the SBs it closes, one a line (marked with Space on the list)"),
        ], note=note or "Every SB listed is closed as exported (EXP-EGM-1).",
            submit_label="file"), lambda d: self.file(carriers, d))

    def file(self, carriers: list[igm_svc.CarrierView], values: dict) -> None:
        def refused(err: IcesError) -> None:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            self.ask_file(carriers, values, note=f"Refused: {err}")

        try:
            sailed = parse_day(values["sailed"], "sailed_on", "EXP-EGM-1")
            numbers = sb_numbers(values["sb_nos"])
        except IcesError as err:
            refused(err)
            return
        self.run_service(egm_svc.file_egm, self.ices.core, self.ices.actor, values["carrier"],
                         numbers, voyage=values["voyage"], sailed_on=sailed, failed=refused,
                         busy=self.query_one("#egm-awaiting"), then=self.filed)

    def filed(self, view) -> None:  # noqa: ANN001 - sb_common.EgmView
        charge = f"; data-entry charge ₹{inr(view.charge)}" if view.charge else ""
        self.notify(f"EGM {view.egm_no} filed: SB {', '.join(map(str, view.sb_nos))} "
                    f"closed as exported{charge}", markup=False)
        self.marked -= set(view.sb_nos)
        self.load()

    # ---- moving about ----

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

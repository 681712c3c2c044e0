"""Courier Shipping Bills at the courier terminal (courier.md, CSB-1..6).

``CsbScreen`` (F6 "Lists" from home): the CSBs waiting for the officer at the terminal
(the acts they wait for: the appraiser's assessment and LEO, the examiner's examination),
oldest first; ``a`` shows every CSB filed here instead, newest first (the service centre
sees that list at once). Service centre: F2 files a CSB, ``b`` files a courier's bulk
file (a CSV on this machine, by path) and shows the report row by row (CSB-1).
Appraiser: F6 assesses (with or without mandating examination, CSB-3/CSB-4), F10 gives
Let Export, after confirmation (CSB-4). Examiner: F8 enters the examination report
(CSB-4). Enter opens a CSB with its particulars and its history (``CsbDetailScreen``,
the same keys). Each key is shown only while the selected CSB's view says its act is
open to the officer.

``XrayScreen``: the custodian's X-ray lane for courier parcels (CUS): one barcode-style
input.

Scan (or type) the CSB number — or the parcel's HAWB label — and press Enter to record
it **cleared**, or F8 to record it **flagged**. The input empties and keeps the focus
for the next parcel; the last results are listed newest first, with what followed:
Auto-LEO by the rule in force (CSB-2, CSB-3), or the officer route (CSB-4). Refusals
(unknown label, CSB not filed, already LEO'd or X-rayed) are listed in red and shown
as an error notification.

Each scan is recorded by ``console.services.courier.clearance.record_xray`` in a thread worker,
which never touches a widget: it posts ``XrayDone`` / ``XrayRefused`` back to the
screen. Scans are not exclusive: a fast scanner never loses a parcel.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from console.acts.csb import CSB, CsbState, XrayResult
from console.core import Core
from console.errors import IcesError, InvalidInput
from console.money import inr
from console.roles import Actor
from console.services.courier import clearance, csb_common, filing, registry, worklists
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.manifests import at_cursor
from screens.sb import pairs, when
from screens.widgets import IcesFooter, OfficerBar

KEEP = 30  # results listed


@dataclass(frozen=True)
class LaneResult:
    seq: int
    at: datetime
    code: str
    result: str  # cleared / flagged / refused
    csb_no: int | None
    outcome: str
    ok: bool


class XrayDone(Message):
    def __init__(self, code: str, view: csb_common.CsbView) -> None:
        super().__init__()
        self.code, self.view = code, view


class XrayRefused(Message):
    def __init__(self, code: str, result: str, error: Exception) -> None:
        super().__init__()
        self.code, self.result, self.error = code, result, error


def outcome_of(view: csb_common.CsbView) -> str:
    if view.auto_leo:
        return f"Auto-LEO {view.autoleo_rule} ({view.autoleo_circular})"
    return f"awaits {view.awaiting}"


class XrayScreen(IcesScreen):
    """X-ray lane: Enter = cleared, F8 = flagged, Escape = back."""

    SCREEN_TITLE = "Courier X-ray lane"
    AUTO_FOCUS = "#scan"
    BINDINGS = [
        Binding("f8", "flag", "Flagged", id="xray.flag", priority=True,
                tooltip="Record the scanned parcel as flagged by X-ray (goes for examination)"),
        Binding("escape", "back", "Back", id="xray.back",
                tooltip="Leave the X-ray lane"),
    ]
    DEFAULT_CSS = """
    XrayScreen #scan { margin: 1 1 0 1; }
    XrayScreen #lane-help { margin: 0 1; color: $text-muted; }
    XrayScreen #lane-results { height: 1fr; margin: 1 1 0 1; }
    XrayScreen #lane-status { margin: 0 1; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="xray-lane")
        self._core, self._actor = core, actor
        self.results: deque[LaneResult] = deque(maxlen=KEEP)
        self.counts = {"cleared": 0, "flagged": 0, "auto_leo": 0, "refused": 0}
        self.seq = 0

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Input(id="scan", placeholder="Scan or type the CSB number (or HAWB)",
                    max_length=20, compact=True)
        yield Static(Text("Enter: X-ray cleared    F8: flagged    Esc: back"), id="lane-help")
        table: DataTable = DataTable(id="lane-results", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("at", "Time", 8), ("code", "Scanned", 12),
                                  ("result", "X-ray", 8), ("outcome", "Outcome", None)):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="lane-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.show_status()

    # ---- scanning ----

    @on(Input.Submitted, "#scan")
    def scanned(self, event: Input.Submitted) -> None:
        event.stop()
        self.record(XrayResult.CLEARED)

    def action_flag(self) -> None:
        self.record(XrayResult.FLAGGED)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def record(self, result: XrayResult) -> None:
        scan = self.query_one("#scan", Input)
        code = scan.value.strip()
        scan.value = ""
        scan.focus()
        if not code:
            self.notify("scan or type a CSB number first", severity="warning")
            return
        self.xray(code, result.value)

    @work(thread=True, exit_on_error=False, group="xray")
    def xray(self, code: str, result: str) -> None:
        try:
            view = clearance.record_xray(self.core, self.actor, code, result)
        except IcesError as err:
            self.post_message(XrayRefused(code, result, err))
            return
        except Exception as err:  # a bug: show it, and let the worker end in ERROR
            self.post_message(XrayRefused(code, result, err))
            raise
        self.post_message(XrayDone(code, view))

    # ---- results (UI thread) ----

    @on(XrayDone)
    def done(self, message: XrayDone) -> None:
        v = message.view
        self.counts[v.xray_result] += 1
        if v.auto_leo:
            self.counts["auto_leo"] += 1
        self.add(LaneResult(self._next(), self.core.now(), message.code, v.xray_result, v.csb_no,
                            outcome_of(v), True))

    @on(XrayRefused)
    def refused(self, message: XrayRefused) -> None:
        self.counts["refused"] += 1
        text = str(message.error) if isinstance(message.error, IcesError) else (
            f"{type(message.error).__name__}: {message.error}")
        self.add(LaneResult(self._next(), self.core.now(), message.code, "refused", None,
                            text, False))
        self.notify(text, title=f"{message.code}: not recorded", severity="error",
                    markup=False)

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def add(self, r: LaneResult) -> None:
        self.results.appendleft(r)
        table = self.query_one("#lane-results", DataTable)
        table.clear()
        for row in self.results:
            style = "" if row.ok else "bold red"
            table.add_row(Text(f"{row.at:%H:%M:%S}"), Text(row.code, style=style),
                          Text(row.result, style=style), Text(row.outcome, style=style),
                          key=str(row.seq))
        self.show_status()

    def show_status(self) -> None:
        c = self.counts
        self.query_one("#lane-status", Static).update(Text(
            f"cleared {c['cleared']} · flagged {c['flagged']} · Auto-LEO {c['auto_leo']} · "
            f"refused {c['refused']}"))


# ---------------------------------------------------------------- Courier Shipping Bills

FORM_CHOICES = [(f"CSB-{k} {v}"[:40], k) for k, v in filing.FORMS.items()]


def file_fields(couriers: list, values: dict) -> list[Field]:
    """The CSB as the courier declares it (``filing.CsbInput``), keyed at the service
    centre."""
    v = values.get
    return [
        Field("courier", "Courier", "choice", required=True,
              value=v("courier") or (couriers[0].code if couriers else None),
              choices=[(f"{c.code} {c.name}"[:40], c.code) for c in couriers]),
        Field("hawb", "HAWB", required=True, max_length=20, value=v("hawb")),
        Field("form", "Form", "choice", required=True, choices=FORM_CHOICES,
              value=v("form") or "V"),
        Field("consignor_iec", "Exporter IEC", max_length=10, value=v("consignor_iec"),
              help="CSB-V needs the IEC; without one give the sender's name, address, KYC"),
        Field("consignor_name", "Sender", max_length=150, value=v("consignor_name")),
        Field("consignor_address", "Sender address", max_length=300,
              value=v("consignor_address")),
        Field("consignor_kyc", "Sender KYC", max_length=60, value=v("consignor_kyc"),
              placeholder="e.g. PASSPORT:K1234567"),
        Field("consignee_name", "Consignee", required=True, max_length=150,
              value=v("consignee_name")),
        Field("consignee_address", "Consignee addr.", max_length=300,
              value=v("consignee_address")),
        Field("consignee_country", "Country", required=True, max_length=2,
              value=v("consignee_country"), placeholder="ISO code, e.g. US"),
        Field("description", "Goods", required=True, max_length=300, value=v("description")),
        Field("tariff_item", "Tariff item", max_length=10, value=v("tariff_item"),
              placeholder="8 digits (not for documents, CSB-III)"),
        Field("currency", "Currency", max_length=3, value=v("currency") or "INR"),
        Field("value", "Value", required=True, max_length=16, value=v("value")),
        Field("packages", "Packages", "int", required=True, value=v("packages") or 1),
        Field("gross_weight_kg", "Gross kg", required=True, max_length=12,
              value=v("gross_weight_kg")),
    ]


def bulk_file(core: Core, actor: Actor, path: str) -> filing.BulkReport:
    """File the CSV at ``path`` (run in a worker): a path that names no file is refused
    before anything is read."""
    where = Path(path.strip()).expanduser()
    if not where.is_file():
        raise InvalidInput("path", f"{where} is not a file on this machine", "CSB-1")
    return filing.file_bulk(core, actor, where)


def bulk_lines(report: filing.BulkReport) -> Text:
    """The bulk file's report, row by row: filed, filed before, refused with the reason."""
    out = Text()
    rows = sorted([(line, f"CSB {no} filed (HAWB {hawb})", "") for line, no, hawb in report.filed]
                  + [(line, f"already filed as CSB {no} (HAWB {hawb})", "dim")
                     for line, no, hawb in report.already_filed]
                  + [(line, f"refused: {why}", "red") for line, why in report.errors])
    for line, said, style in rows:
        out.append(f"line {line:>4}  ", "bold").append(said + "\n", style)
    return out or Text("the file has no rows", style="italic")


class BulkReportScreen(FormScreen):
    """A bulk file's report, scrollable; Enter (or Esc) closes it."""

    BINDINGS = [Binding("enter", "submit", "Close", id="bulk.close", key_display="⏎",
                        tooltip="Close the report")]
    DEFAULT_CSS = """
    BulkReportScreen .form-body { max-height: 14; }
    """

    def __init__(self, report: filing.BulkReport) -> None:
        super().__init__(f"Bulk file {report.source}", [], note=(
            f"{len(report.filed)} filed · {len(report.already_filed)} filed before · "
            f"{len(report.errors)} refused (nothing was written for them)"),
            submit_label="close")
        self.report = report

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.form_title, style="bold"), classes="form-title")
            yield Static(Text(self.note), classes="form-note")
            with VerticalScroll(classes="form-body", id="bulk-report"):
                yield Static(bulk_lines(self.report))
            yield Static("", id="form-error", classes="error")
            yield Static(Text("Enter or Esc close", style="dim"), classes="form-keys")
        yield IcesFooter()


def csb_particulars(v: csb_common.CsbView) -> object:
    consignor = f"{v.consignor_iec} {v.consignor_name}".strip()
    return pairs([
        ("Courier", f"{v.courier_code} HAWB {v.hawb_no}"), ("Form", f"CSB-{v.form}"),
        ("Exporter", consignor), ("Consignee", f"{v.consignee_name} ({v.consignee_country})"),
        ("Goods", v.description), ("Tariff", v.tariff_item),
        ("Packages", v.packages), ("Gross kg", v.gross_weight_kg),
        ("Value", f"{v.value_fc} {v.currency}" if v.currency != "INR" else ""),
        ("Value ₹", inr(v.value_inr)),
        ("RMS", f"{v.route.replace('_', ' ')}: {v.rms_note}" if v.rms_note
         else v.route.replace("_", " ")),
        ("Assessed", f"{when(v.assessed_at)} {v.assessed_by}".strip()),
        ("Exam", "" if v.exam_mandated is None else
         "mandated" if v.exam_mandated else "not mandated"),
        ("X-ray", f"{v.xray_result} {when(v.xray_at)} {v.xray_by}".strip()),
        ("Examined", f"{when(v.examined_at)} {v.examined_by}".strip()),
        ("Report", v.exam_report),
        ("LEO", f"{when(v.leo_at)} {v.leo_by}".strip()),
        ("Auto-LEO", f"{v.autoleo_rule} ({v.autoleo_circular})" if v.autoleo_rule else ""),
    ])


def summary(v: csb_common.CsbView) -> Text:
    """The selected CSB in two lines under the list: who sends what to whom, and what it
    waits for (or how it was let export)."""
    done = v.awaiting.removeprefix("nothing: ")
    out = Text.assemble((f"CSB {v.csb_no}", "bold"), f" · {v.courier_code} {v.hawb_no} · "
                        f"{v.consignor_name} → {v.consignee_name} ({v.consignee_country})\n"
                        f"{v.description} · {v.packages} pkg {v.gross_weight_kg} kg · ",
                        (done if done != v.awaiting else f"awaits {v.awaiting}", "bold"))
    out.no_wrap, out.overflow = True, "ellipsis"
    return out


def said(v: csb_common.CsbView, done: str) -> str:
    """What an act did, and where the CSB stands now (the system's Auto-LEO included)."""
    now = CSB.label(v.state)
    return f"CSB {v.csb_no}: {done}" + ("" if now == done else f"; now {now}") + (
        f" by Auto-LEO {v.autoleo_rule}" if v.auto_leo else "")


class CsbActs:
    """The officer's acts on one CSB (a mixin for the CSB list and the CSB's own screen):
    the same keys on both, each shown only while the CSB's view says its act is open."""

    ACT_KEYS = (
        ActKey("f6", "assess", ("CSB.assess",), "Assess"),
        ActKey("f8", "examine", ("CSB.examine",), "Examine"),
        ActKey("f10", "leo", ("CSB.leo",), "Let Export"),
    )

    def current(self) -> csb_common.CsbView | None:
        raise NotImplementedError

    def csb_acted(self, message: str, view: csb_common.CsbView) -> None:
        raise NotImplementedError

    def take(self, fn: Callable[..., csb_common.CsbView], done: str, v: csb_common.CsbView,
             **kwargs: object) -> None:
        self.run_service(  # type: ignore[attr-defined]
            fn, self.ices.core, self.ices.actor, v.csb_no,  # type: ignore[attr-defined]
            expected_version=v.version, **kwargs,
            then=lambda out: self.csb_acted(said(out, done), out))

    def action_assess(self) -> None:
        v = self.current()
        if v is None:
            return
        by_rms = v.state == CsbState.ASSESSMENT_AND_EXAMINATION
        self.ask(FormScreen(f"Assess CSB {v.csb_no} ({v.description})"[:70], [  # type: ignore
            Field("exam", "Mandate examination", "bool", value=by_rms),
            Field("remarks", "Remarks", max_length=500)],
            note=("RMS requires examination: it follows the assessment (CSB-4)." if by_rms
                  else "Without an examination mandate an X-ray-cleared parcel gets Auto-LEO "
                       "where the rule in force allows (CSB-3); with one it goes for "
                       "examination (CSB-4)."), submit_label="assess"),
            lambda d: self.take(clearance.assess, "assessed", v, exam_mandated=d["exam"],
                                remarks=d["remarks"]))

    def action_examine(self) -> None:
        v = self.current()
        if v is None:
            return
        self.ask(FormScreen(f"Examination report, CSB {v.csb_no}", [  # type: ignore
            Field("report", "Report", "lines", required=True,
                  help="what was opened and found; against the declaration")],
            note=f"{v.packages} package(s), {v.gross_weight_kg} kg: {v.description}",
            submit_label="enter"),
            lambda d: self.take(clearance.record_examination, "examination report entered",
                                v, report="\n".join(d["report"])))

    def action_leo(self) -> None:
        v = self.current()
        if v is None:
            return
        self.confirm("CSB.leo", f"CSB {v.csb_no} (HAWB {v.hawb_no})",  # type: ignore
                     lambda: self.take(clearance.give_leo, "Let Export given", v),
                     note=f"X-ray {v.xray_result}" + (", examined" if v.examined_by else "")
                     + ". The Let Export Order cannot be undone (CSB-4).")


class CsbScreen(CsbActs, IcesScreen):
    """The CSBs waiting for the officer at the courier terminal, and their acts."""

    SCREEN_TITLE = "Courier Shipping Bills"
    AUTO_FOCUS = "#csb-table"
    ACT_KEYS = (
        ActKey("f2", "file", ("CSB.file",), "File CSB"),
        ActKey("b", "bulk", ("CSB.bulk_file",), "Bulk file"),
        *CsbActs.ACT_KEYS,
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("enter", "open", "Details", key_display="⏎", id="csb.open",
                tooltip="The selected CSB: its particulars and history"),
        Binding("a", "everything(True)", "All", id="csb.all",
                tooltip="Every CSB filed here, newest first"),
        Binding("a", "everything(False)", "Waiting", id="csb.waiting",
                tooltip="Only the CSBs waiting for you"),
        Binding("f3", "find", "Find", key_display="F3", id="csb.find", show=False,
                tooltip="Open a CSB by its number or HAWB"),
        Binding("f5", "reload", "Reload", key_display="F5", id="csb.reload", show=False,
                tooltip="Read the list again"),
        Binding("escape", "back", "Back", key_display="Esc", id="csb.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    CsbScreen #csb-table { height: 1fr; margin: 0 1; }
    CsbScreen #csb-title, CsbScreen #csb-detail, CsbScreen #csb-status { margin: 0 1; }
    CsbScreen #csb-detail { height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self) -> None:
        super().__init__(id="csb-list")
        self.everything: bool | None = None  # None: the officer's queues, if any
        self.page: worklists.CsbWorklist | None = None
        self.cursor_to: int | None = None

    @property
    def rows(self) -> list[csb_common.CsbView]:
        return self.page.rows if self.page else []

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static("", id="csb-title")
        table: DataTable = DataTable(id="csb-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("no", "CSB", 7), ("hawb", "HAWB", 10), ("form", "Form", 4),
                                  ("courier", "Cour.", 5), ("value", "Value ₹", 11),
                                  ("state", "State", 26)):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="csb-detail")
        yield Static("", id="csb-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        if not worklists.queues_for(self.ices.actor):
            self.everything = True  # nothing waits for the role: what was filed here
        self.load()

    # ---- the list ----

    def load(self) -> None:
        self.run_service(worklists.waiting_here, self.ices.core, self.ices.actor,
                         everything=bool(self.everything), then=self.show_page,
                         busy=self.query_one("#csb-table"))

    def show_page(self, page: worklists.CsbWorklist) -> None:
        self.page = page
        table = self.query_one("#csb-table", DataTable)
        table.clear()
        for v in page.rows:
            table.add_row(str(v.csb_no), Text(v.hawb_no), v.form, v.courier_code,
                          Text(inr(v.value_inr), justify="right"),
                          v.state.replace("_", " "), key=str(v.csb_no))
        numbers = [v.csb_no for v in page.rows]
        if self.cursor_to in numbers:
            table.move_cursor(row=numbers.index(self.cursor_to))
        self.cursor_to = None
        self.query_one("#csb-title", Static).update(Text(page.title, style="bold"))
        shown = f"{len(page.rows)} of {page.total}" if page.total > len(page.rows) \
            else f"{page.total}"
        self.query_one("#csb-status", Static).update(Text(
            f"{shown} CSB(s) · Enter: particulars and history" if page.total
            else "nothing waiting for you here" if not self.everything else "no CSB filed here",
            style="dim"))
        self.highlighted()

    def current(self) -> csb_common.CsbView | None:
        return at_cursor(self, "#csb-table", self.rows)

    @on(DataTable.RowHighlighted, "#csb-table")
    def highlighted(self) -> None:
        v = self.current()
        self.query_one("#csb-detail", Static).update(summary(v) if v else "")
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#csb-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def open_acts(self) -> tuple[str, ...]:
        """Filing (the table's acts that make a CSB), and what the selected CSB allows."""
        v = self.current()
        return (*(f"CSB.{n}" for n in CSB.open_to(self.ices.actor)), *(v.acts if v else ()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "everything":
            return bool(worklists.queues_for(self.ices.actor)) and \
                parameters[0] != bool(self.everything)
        if action == "open":
            return self.current() is not None
        return super().check_action(action, parameters)

    # ---- acts ----

    def csb_acted(self, message: str, view: csb_common.CsbView) -> None:
        self.notify(message, markup=False)
        self.cursor_to = view.csb_no
        self.load()

    def action_file(self) -> None:
        self.run_service(registry.list_couriers, self.ices.core, self.ices.actor.location_code,
                         then=lambda found: self.ask_file(found, {}))

    def ask_file(self, couriers: list, values: dict, note: str = "") -> None:
        self.ask(FormScreen("File a Courier Shipping Bill", file_fields(couriers, values),
                            note=note or "Numbered and interdicted by RMS at once (CSB-1).",
                            submit_label="file"),
                 lambda d: self.file(couriers, d))

    def file(self, couriers: list, values: dict) -> None:
        def refused(err: IcesError) -> None:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            self.ask_file(couriers, values, note=f"Refused: {err}")

        data = filing.CsbInput(**{k: str(v) for k, v in values.items() if v is not None})
        self.run_service(filing.file_csb, self.ices.core, self.ices.actor, data, failed=refused,
                         busy=self.query_one("#csb-table"),
                         then=lambda v: self.filed(v))

    def filed(self, v: csb_common.CsbView) -> None:
        self.everything = True  # show it among what was filed here
        self.csb_acted(f"CSB {v.csb_no} filed: RMS {v.route.replace('_', ' ')}", v)

    def action_bulk(self) -> None:
        self.ask(FormScreen("File a courier's bulk file", [
            Field("path", "CSV file", required=True, max_length=300,
                  placeholder="path on this machine, e.g. /data/bdex-0712.csv")],
            note="Header: " + ", ".join(filing.REQUIRED_COLUMNS) + " (and optional columns). "
                 "Good rows are filed and routed by RMS; bad rows are listed with the "
                 "reason and change nothing; rows filed before are not filed again.",
            submit_label="file"),
            lambda d: self.run_service(bulk_file, self.ices.core, self.ices.actor, d["path"],
                                       busy=self.query_one("#csb-table"),
                                       then=self.bulk_filed))

    def bulk_filed(self, report: filing.BulkReport) -> None:
        self.everything = True
        self.load()
        self.app.push_screen(BulkReportScreen(report))

    # ---- moving about ----

    def action_open(self) -> None:
        v = self.current()
        if v is not None:
            self.app.push_screen(CsbDetailScreen(v.csb_no), lambda _=None: self.load())

    def action_find(self) -> None:
        self.ask(FormScreen("Open a CSB", [Field("ref", "CSB no or HAWB", required=True,
                                                 max_length=20)], submit_label="open"),
                 lambda d: self.run_service(csb_common.show, self.ices.core, d["ref"],
                                            then=lambda v: self.app.push_screen(
                                                CsbDetailScreen(v.csb_no),
                                                lambda _=None: self.load())))

    def action_everything(self, everything: bool) -> None:
        self.everything = everything
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)


class CsbDetailScreen(CsbActs, IcesScreen):
    """One CSB: its particulars and its history (who did what, the system's Auto-LEO with
    its rule and circular, CSB-6), with the acts open to the officer on it. The page
    scrolls (arrows, PgUp/PgDn): the history is listed whole, every reason in full."""

    SCREEN_TITLE = "Courier Shipping Bill"
    AUTO_FOCUS = "#csbd-body"
    BINDINGS = [
        *(k.binding() for k in CsbActs.ACT_KEYS),
        Binding("f5", "reload", "Reload", key_display="F5", id="csbd.reload", show=False,
                tooltip="Read the CSB again"),
        Binding("escape", "back", "Back", key_display="Esc", id="csbd.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    CsbDetailScreen #csbd-head { margin: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    CsbDetailScreen #csbd-body { height: 1fr; padding: 0 1; }
    CsbDetailScreen #csbd-history-title { margin-top: 1; }
    """

    def __init__(self, csb_no: int) -> None:
        super().__init__(classes="csb-detail")
        self.csb_no = csb_no
        self.info: csb_common.CsbDetail | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"CSB {self.csb_no}", style="bold"), id="csbd-head")
        with VerticalScroll(id="csbd-body"):
            yield Static("", id="csbd-particulars")
            yield Static(Text("History", style="bold"), id="csbd-history-title")
            yield Static("", id="csbd-history")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.run_service(csb_common.detail, self.ices.core, self.csb_no, self.ices.actor,
                         then=self.show, busy=self.query_one("#csbd-body"))

    def show(self, info: csb_common.CsbDetail) -> None:
        self.info = info
        v = info.csb
        head = Text.assemble((f"CSB {v.csb_no}", "bold"), f" of {when(v.csb_date)} · ",
                             (CSB.label(v.state), "bold"))
        if not v.awaiting.startswith("nothing"):
            head.append(f" · awaits {v.awaiting}")
        self.query_one("#csbd-head", Static).update(head)
        self.query_one("#csbd-particulars", Static).update(csb_particulars(v))
        self.query_one("#csbd-history", Static).update(history_table(info.history))
        self.refresh_bindings()

    def current(self) -> csb_common.CsbView | None:
        return self.info.csb if self.info else None

    def open_acts(self) -> tuple[str, ...]:
        return self.info.csb.acts if self.info else ()

    def csb_acted(self, message: str, view: csb_common.CsbView) -> None:
        self.notify(message, markup=False)
        self.action_reload()

    def action_back(self) -> None:
        self.dismiss(None)


def history_table(records: list) -> Table:
    """The CSB's audit records, oldest first: when, who (SYSTEM for Auto-LEO, CSB-6), what,
    the state it led to, and why, in full."""
    table = Table(box=None, padding=(0, 1, 0, 0), expand=True, show_edge=False)
    for label, kw in (("At", {"no_wrap": True}), ("By", {"no_wrap": True}),
                      ("Action", {"no_wrap": True}), ("Led to", {"ratio": 1}),
                      ("Reason", {"ratio": 2})):
        table.add_column(label, header_style="bold", **kw)
    for h in records:
        table.add_row(f"{h.at:%d.%m %H:%M}", Text(h.officer), h.action.replace("_", " "),
                      CSB.label(h.to_state) if h.to_state else "", Text(h.reason or ""))
    return table

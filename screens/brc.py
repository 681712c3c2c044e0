"""BRC pendency (EXP-BRC-3) for the AC/DC (and the drawback branch): drawback SBs whose
BRC / negative statement was not furnished by the due date, for the whole port or one
IEC, most overdue first, with the count in every ageing bucket, paged; and the BRC entry
module (EXP-BRC-1, -4, -5) on the same screen.

Keys: type an IEC and Enter to narrow the list (empty: the whole port); F8 adds the SBs
not yet due; R starts recovery of drawback + ROSL on the selected SB (AC/DC; asked first:
it cannot be undone; the service checks the rank and that the SB is overdue); E keys an
entry, chosen among those open to the officer (``BRC`` and ``BRCAD`` tables): option 1
BRCs for specific SBs, option 2 a negative statement for a period (its pending SBs shown
first, approved as shown), option 3 a negative statement listing the SBs not realised,
option 1 with the recovery order / challan, and the exporter's AD declarations; the
selected SB fills what it can. PgUp/PgDn pages; F5 reloads; Esc goes back. The list comes
from ``console.services.schemes.brc.pendency`` in a thread worker.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from console.acts import find
from console.acts.brc import DECLARATION, ENTRY
from console.core import Core
from console.errors import IcesError, InvalidInput
from console.money import inr as money
from console.roles import Actor
from console.services.schemes import brc as svc
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.registry import DATE_HELP, day, keep_asking
from screens.widgets import OfficerBar

PAGE = 50
COLUMNS = (("sb", "SB", 7), ("leo", "LEO", 10), ("due", "Due", 10), ("days", "Days", 5),
           ("iec", "IEC", 10), ("drawback", "Drawback ₹", 12), ("recovery", "Recovery", None))


ENTRY_ACTS = ("BRC.brc", "BRC.nil_statement", "BRC.not_realised", "BRC.recovery",
              "BRCAD.declare")
SBS_HELP = "one SB a line: number and date (1000015 15.02.2025)"



def sb_lines(rows: list[str], field: str = "sbs") -> list[tuple[int, object]]:
    """"SB date" lines as the entries take them: (number, date)."""
    out = []
    for n, row in enumerate(rows, 1):
        parts = row.replace(",", " ").split()
        if len(parts) != 2 or not parts[0].isdigit():
            raise InvalidInput(f"{field}[{n}]", f"{row!r}: an SB number and its date",
                               "EXP-BRC-4")
        out.append((int(parts[0]), day(parts[1], f"{field}[{n}].date")))
    return out


def sb_numbers(rows: list[str], field: str = "not_realised") -> list[int]:
    numbers = [x for row in rows for x in row.replace(",", " ").split()]
    bad = [x for x in numbers if not x.isdigit()]
    if bad:
        raise InvalidInput(field, f"{bad[0]!r} is not an SB number", "EXP-BRC-4")
    return [int(x) for x in numbers]


def entry_said(e: svc.EntryView) -> str:
    said = f"entry {e.entry_no} (option {e.option}, {e.kind_label}): "
    said += f"{len(e.cleared)} SB(s) left the pending list"
    if e.not_realised:
        said += f"; not realised: {', '.join(map(str, e.not_realised))}"
    if e.recovery_withdrawn:
        said += f"; recovery withdrawn on {', '.join(map(str, e.recovery_withdrawn))}"
    return said


class BrcPendencyScreen(IcesScreen):
    """The pendency list with ageing; R starts recovery on the selected SB."""

    SCREEN_TITLE = "BRC pendency"
    AUTO_FOCUS = "#brc-table"
    ACT_KEYS = (ActKey("r", "recover", ("BRCWATCH.start_recovery",), "Start recovery"),
                ActKey("e", "entry", ENTRY_ACTS, "Entry"))
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f8", "toggle_not_due", "Not yet due", key_display="F8", id="brc.not_due",
                tooltip="Also list the SBs whose due date has not passed"),
        Binding("f3", "find", "IEC", key_display="F3", id="brc.find",
                tooltip="Narrow the list to one exporter (IEC)"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="brc.refresh", show=False,
                tooltip="Reload the list"),  # off the footer to fit 80 columns; in F1 help
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
        ageing.append("  ".join(f"{label} {page.count_of(label, n)}"
                                for label, n in page.buckets))
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
        pages = f"{(page.total + PAGE - 1) // PAGE}{'+' if page.total_capped else ''}"
        return Text(f"{scope}: {page.total_shown} SB(s) {what} as on {page.as_of:%d.%m.%Y} · "
                    f"page {page.offset // PAGE + 1}/{pages}")

    def selected(self) -> svc.WatchView | None:
        table = self.query_one("#brc-table", DataTable)
        if self.shown is None or not self.shown.rows or table.cursor_row < 0:
            return None
        return self.shown.rows[min(table.cursor_row, len(self.shown.rows) - 1)]

    # ---- actions ----

    def open_acts(self) -> tuple[str, ...]:
        """The entries and declarations the officer may key (the tables'), and what the
        selected SB's watch allows."""
        row = self.selected()
        made = tuple(f"{table.kind}.{n}" for table in (ENTRY, DECLARATION)
                     for n in table.open_to(self.actor))
        return made + (row.acts if row is not None else ())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and self.shown is not None:
            step = parameters[0] if parameters else 1
            if step == 1 and not self.shown.total_capped \
                    and self.shown.offset + len(self.shown.rows) >= self.shown.total:
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

        self.confirm("BRCWATCH.start_recovery", f"SB {row.sb_no} of {row.iec}, "
                     f"₹{money(row.drawback + row.rosl)} (drawback + ROSL), "
                     f"{row.days_overdue} days overdue",
                     lambda: self.run_service(svc.start_recovery, self.core, self.actor,
                                              [row.sb_no], then=done,
                                              busy=self.query_one("#brc-table")))

    # ---- the BRC entry module (EXP-BRC-1, -4, -5) ----

    def action_entry(self) -> None:
        acts = self.open_of("entry")
        if len(acts) == 1:
            self.key_entry(acts[0])
            return
        choices = [(f"{find(a).does[:1].upper()}{find(a).does[1:]}", a) for a in acts]
        self.ask(FormScreen("Key an entry", [
            Field("act", "Entry", "choice", required=True, choices=choices,
                  value=choices[0][1])], submit_label="key"),
            lambda d: self.key_entry(d["act"]))

    def key_entry(self, act: str) -> None:
        {"BRC.brc": self.key_brc, "BRC.nil_statement": self.key_nil_statement,
         "BRC.not_realised": self.key_not_realised, "BRC.recovery": self.key_recovery,
         "BRCAD.declare": self.key_declaration}[act]()

    def entered(self, e: svc.EntryView) -> None:
        self.notify(entry_said(e), markup=False)
        self.load()

    def _row_sbs(self, under_recovery: bool = False) -> str | None:
        row = self.selected()
        if row is None or (under_recovery and row.recovery is None):
            return None
        return f"{row.sb_no} {row.sb_date:%d.%m.%Y}"

    def key_brc(self) -> None:
        core, actor, row = self.core, self.actor, self.selected()
        keep_asking(self, "BRC for specific SBs (option 1, EXP-BRC-4)", [
            Field("iec", "IEC", required=True, max_length=10, value=row and row.iec),
            Field("ad_code", "AD code", required=True, max_length=7,
                  value=row and row.ad_code, help="the AD the exporter declared here"),
            Field("brc_no", "BRC no", required=True, max_length=60),
            Field("brc_date", "BRC date", required=True, placeholder=DATE_HELP),
            Field("sbs", "SBs", "lines", required=True, value=self._row_sbs(),
                  help=SBS_HELP)],
            lambda d: svc.record_brc(core, actor, d["iec"], d["ad_code"], d["brc_no"],
                                     day(d["brc_date"], "brc_date"), sb_lines(d["sbs"])),
            self.entered, submit_label="key",
            note="The SBs leave the pending list; an SB under recovery too, and its "
                 "recovery is withdrawn (EXP-BRC-5).")

    def _statement_fields(self) -> list[Field]:
        row = self.selected()
        return [
            Field("iec", "IEC", required=True, max_length=10, value=row and row.iec),
            Field("ad_code", "AD code", required=True, max_length=7, value=row and row.ad_code),
            Field("period_from", "Period from", required=True, placeholder=DATE_HELP,
                  help="the first day of a month: the exports of six months from it"),
            Field("statement_no", "Statement no", required=True, max_length=60),
            Field("statement_date", "Statement date", required=True, placeholder=DATE_HELP)]

    def key_nil_statement(self) -> None:
        """Option 2: the period's pending SBs are shown, then approved as shown."""
        core, actor = self.core, self.actor

        def call(d: dict) -> tuple[dict, svc.PeriodView]:
            return d, svc.period_sbs(core, actor, d["iec"], d["ad_code"],
                                     day(d["period_from"], "period_from"))

        keep_asking(self, "Negative statement for a period (option 2, EXP-BRC-4)",
                    self._statement_fields(), call, lambda shown: self.approve_nil(*shown),
                    submit_label="show the SBs")

    def approve_nil(self, d: dict, period: svc.PeriodView) -> None:
        if not period.sbs:
            self.notify(f"no SB of {period.iec} through AD {period.ad_code} is pending for "
                        f"{period.period_from:%d.%m.%Y}–{period.period_to:%d.%m.%Y}",
                        severity="warning", markup=False)
            return
        listed = ", ".join(str(w.sb_no) for w in period.sbs[:12])
        if len(period.sbs) > 12:
            listed += f" and {len(period.sbs) - 12} more"
        shown = [w.sb_no for w in period.sbs]

        def approve(_d: object) -> None:
            self.run_service(svc.approve_nil_statement, self.core, self.actor, d["iec"],
                             d["ad_code"], period.period_from, d["statement_no"],
                             day(d["statement_date"], "statement_date"), shown=shown,
                             then=self.entered)

        try:
            day(d["statement_date"], "statement_date")
        except IcesError as err:
            self.notify(str(err), title="Refused", severity="error", markup=False)
            return
        self.ask(ConfirmScreen(
            f"Approve statement {d['statement_no']}: {len(shown)} SB(s) of {period.iec} "
            f"leave the pending list?",
            f"AD {period.ad_code}, exports of {period.period_from:%d.%m.%Y}–"
            f"{period.period_to:%d.%m.%Y}: SB {listed} (EXP-BRC-4)."), approve)

    def key_not_realised(self) -> None:
        core, actor, row = self.core, self.actor, self.selected()
        keep_asking(self, "Statement of the SBs not realised (option 3, EXP-BRC-4)", [
            *self._statement_fields(),
            Field("not_realised", "Not realised", "lines", required=True,
                  value=str(row.sb_no) if row else None,
                  help="the SB numbers the statement lists as not realised")],
            lambda d: svc.declare_not_realised(
                core, actor, d["iec"], d["ad_code"], day(d["period_from"], "period_from"),
                d["statement_no"], day(d["statement_date"], "statement_date"),
                sb_numbers(d["not_realised"])),
            self.entered, submit_label="key",
            note="Every other SB of the period through that AD leaves the pending list.")

    def key_recovery(self) -> None:
        core, actor, row = self.core, self.actor, self.selected()
        keep_asking(self, "Drawback recovered: order / challan (option 1, EXP-BRC-5)", [
            Field("iec", "IEC", required=True, max_length=10, value=row and row.iec),
            Field("order_no", "Order / challan", required=True, max_length=60),
            Field("order_date", "Its date", required=True, placeholder=DATE_HELP),
            Field("sbs", "SBs", "lines", required=True, value=self._row_sbs(True),
                  help=SBS_HELP)],
            lambda d: svc.record_recovery(core, actor, d["iec"], d["order_no"],
                                          day(d["order_date"], "order_date"),
                                          sb_lines(d["sbs"])),
            self.entered, submit_label="key",
            note="Only SBs whose recovery was started leave the list this way.")

    def key_declaration(self) -> None:
        core, actor, row = self.core, self.actor, self.selected()

        def done(declared: list[svc.AdDeclarationView]) -> None:
            kind = declared[0].kind if declared else ""
            self.notify(f"{len(declared)} AD(s) of {declared[0].iec if declared else ''} "
                        f"recorded at {actor.location_code} ({kind})", markup=False)
            self.load()

        keep_asking(self, f"ADs declared by a drawback exporter at {actor.location_code} "
                    "(EXP-BRC-1)", [
                        Field("iec", "IEC", required=True, max_length=10,
                              value=row and row.iec),
                        Field("ad_codes", "AD codes", "lines", required=True,
                              help="one a line; each registered for the exporter here"),
                        Field("letter_ref", "Letter ref", required=True, max_length=60),
                        Field("letter_date", "Letter date", required=True,
                              placeholder=DATE_HELP)],
                    lambda d: svc.declare_ads(core, actor, d["iec"], d["ad_codes"],
                                              letter_ref=d["letter_ref"],
                                              letter_date=day(d["letter_date"], "letter_date")),
                    done, submit_label="record",
                    note="The first declaration at this port, or an intimation of a new AD.")

"""One Shipping Bill on screen: every particular, route and CCRs, queries, goods and
examination, history from the audit trail; and the acts the officer may do on it.

``SbScreen`` shows; ``SbActsScreen`` adds the acts: one keymap for every role, each key
shown only while the SB's view says one of its acts is open to the officer (the act
tables, ``console.acts``). Each act asks in a modal form, calls its service in a worker
with the version the officer saw, and shows the result; the services decide.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from console.acts.sb import CcrStatus
from console.roles import Actor, Role
from console.services.exports import assessment, enquiry, examination, leo, queries
from console.services.exports.enquiry import SbEnquiry
from console.services.exports.sb_common import SbView
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.prints import print_to_file
from screens.widgets import IcesFooter, StyledOnce


def money(value: Decimal | None) -> str:
    return "" if value is None else f"₹{value:,.2f}"


def when(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:%d.%m.%Y %H:%M}" if hasattr(value, "hour") else f"{value:%d.%m.%Y}"


def pairs(rows: list[tuple[str, Any]]) -> Table:
    """Label/value pairs in two columns; values are user data, so plain ``Text``."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", no_wrap=True, width=12)
    grid.add_column(ratio=1)
    grid.add_column(style="bold", no_wrap=True, width=12)
    grid.add_column(ratio=1)
    rows = [(k, v) for k, v in rows if v not in (None, "")]
    for i in range(0, len(rows), 2):
        left = rows[i]
        right = rows[i + 1] if i + 1 < len(rows) else ("", "")
        grid.add_row(left[0], Text(str(left[1])), right[0], Text(str(right[1])))
    return grid


def particulars(sb: SbView) -> Table:
    return pairs([
        ("Exporter", f"{sb.iec} {sb.exporter_name}"), ("Broker", sb.broker_code),
        ("Loading", sb.port_of_loading),
        ("Destination", f"{sb.country_of_destination} {sb.country_name} "
                        f"{sb.port_of_destination}".strip()),
        ("Contract", sb.nature_of_contract), ("Category", sb.category),
        ("AD code", sb.ad_code), ("GSTIN", sb.gstin), ("GST", sb.gst_invoice_type),
        ("Buyer", sb.recipient_name), ("Delivery", sb.place_of_delivery),
        ("Packages", f"{sb.packages} {sb.package_kind}"),
        ("Gross kg", sb.gross_weight_kg), ("Net kg", sb.net_weight_kg),
        ("Marks", sb.marks), ("FOB", money(sb.fob_inr)),
        ("Drawback", money(sb.drawback)), ("Cess", money(sb.cess) if sb.cess else ""),
        ("Charges", money(sb.service_charge)), ("Job no", sb.job_no),
        ("Created", f"{when(sb.created_at)} {sb.created_by}"),
        ("Submitted", when(sb.submitted_at)),
        ("LEO", f"{when(sb.leo_at)} {sb.leo_by_name or sb.leo_by}".strip()),
        ("BRC due", when(sb.brc_due_date)), ("Version", sb.version),
    ])


def route_lines(sb: SbView, blockers: tuple[str, ...]) -> Text:
    out = Text()
    out.append("Route: ", "bold").append(sb.route.replace("_", " ") or "not routed")
    if sb.rms_note:
        out.append(f" ({sb.rms_note})")
    if sb.acdc_rule:
        out.append("\nAC/DC must clear: ", "bold").append(sb.acdc_rule)
        if sb.acdc_cleared_by:
            out.append(f" — cleared by {sb.acdc_cleared_by} {when(sb.acdc_cleared_at)}")
    if sb.assessed_by:
        out.append("\nAssessed: ", "bold").append(f"{sb.assessed_by} {when(sb.assessed_at)}")
        if sb.provisional:
            out.append(" (provisional)")
    if sb.exam_instructions:
        out.append("\nInstructions: ", "bold").append(sb.exam_instructions)
    if sb.samples_ordered:
        out.append("\nSamples ordered: ", "bold").append(sb.samples_ordered)
    out.append("\nExamination: ", "bold").append("required" if sb.needs_examination else "no")
    if blockers:
        out.append("\nBefore LEO: ", "bold")
        out.append("; ".join(blockers), "yellow")
    return out


def query_lines(sb: SbView) -> Text:
    out = Text()
    if not sb.queries:
        return Text("no queries", style="italic")
    for q in sb.queries:
        out.append(f"Query {q.sl} — {q.state}", "bold")
        out.append(f" · raised by {q.raised_by} {when(q.raised_at)}")
        if q.approved_by:
            out.append(f" · approved by {q.approved_by}")
        for n, p in enumerate(q.points, 1):
            out.append(f"\n  {n}. ").append(p)
        if q.reply:
            out.append("\n  Reply: ", "bold").append(q.reply)
        out.append("\n")
    return out


def goods_lines(sb: SbView) -> Text:
    out = Text()
    g = sb.goods
    if sb.admitted_at:
        out.append("Admitted: ", "bold").append(f"{sb.admitted_by} {when(sb.admitted_at)}\n")
    if g is None:
        out.append("Goods not registered", style="italic")
        return out
    out.append("Goods registered: ", "bold").append(
        f"{g.packages_received} package(s) {when(g.registered_at)} by {g.registered_by}")
    if g.vehicle_no or g.shed:
        out.append(f" · vehicle {g.vehicle_no} · shed {g.shed}")
    if g.examiner:
        out.append("\nExaminer: ", "bold").append(f"{g.examiner} {g.examiner_name}")
        out.append(" · packages to open: ").append(
            ", ".join(str(p) for p in g.packages_to_examine))
    if g.instructions:
        out.append("\nInstructions: ", "bold").append(g.instructions)
    e = sb.examination
    if e is not None:
        out.append("\nExamined: ", "bold").append(f"{e.examiner} {when(e.examined_at)}")
        out.append("\nReport: ", "bold").append(e.report)
        if e.variation:
            out.append("\nVariation: ", "bold").append(e.variation_note, "yellow")
        if e.seal_intact is not None:
            out.append("\nSeal: ", "bold").append("intact" if e.seal_intact else "NOT intact")
    for x in sb.samples:
        out.append(f"\nSample memo {x.memo_no}: ", "bold").append(
            f"{x.description} → {x.agency}")
    return out


def rows_table(table_id: str, columns: tuple[tuple[str, int], ...]) -> DataTable:
    """An empty DataTable of rows with these (label, width) columns."""
    out: DataTable = DataTable(id=table_id, cursor_type="row")
    for label, width in columns:
        out.add_column(label, width=width)
    return out


TABS = (("tab-main", "Particulars"), ("tab-items", "Items"), ("tab-route", "Route"),
        ("tab-queries", "Queries"), ("tab-goods", "Goods"), ("tab-history", "History"),
        ("tab-versions", "Versions"))
STATIC_OF = {"tab-main": "sb-particulars", "tab-queries": "sb-queries", "tab-goods": "sb-goods"}


class SbScreen(StyledOnce, IcesScreen):
    """Read-only view of one SB; subclasses add acts."""

    SCREEN_TITLE = "Shipping Bill"
    BINDINGS = [
        Binding("escape", "back", "Back", id="sb.back", tooltip="Back to the worklist"),
        Binding("f5", "reload", "Reload", key_display="F5", id="sb.reload",
                tooltip="Read the SB again"),
    ]

    def __init__(self, actor: Actor, sb_no: int, on_change: Callable[[], None] | None = None
                 ) -> None:
        super().__init__(classes="sb-screen")
        self.actor, self.sb_no, self.on_change = actor, sb_no, on_change
        self.info: SbEnquiry | None = None
        self._built: set[str] = set()  # tabs whose widgets are mounted
        self._building: set[str] = set()

    @property
    def sb(self) -> SbView | None:
        return self.info.sb if self.info else None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"Shipping Bill {self.sb_no}", style="bold"), id="sb-head")
        first = self.first_tab()
        self._built = {first}
        with TabbedContent(id="sb-tabs", initial=first):
            for pane_id, title in TABS:
                # Only the tab shown is built now; the others when first shown (tab_shown).
                yield TabPane(title, *(self.pane_content(pane_id) if pane_id == first else ()),
                              id=pane_id)
        yield from self.compose_footer()

    def compose_footer(self) -> ComposeResult:
        yield IcesFooter()

    def first_tab(self) -> str:
        return "tab-main"

    @staticmethod
    def pane_content(pane_id: str) -> list[Widget]:
        """The widgets of one tab, empty until ``fill`` shows the SB on them."""
        if pane_id == "tab-items":
            return [rows_table("sb-items", (("Sl", 3), ("CTH", 8), ("Description", 22),
                                            ("Qty", 9), ("UQC", 3), ("FOB ₹", 12), ("Sch", 3),
                                            ("DBK ₹", 10)))]
        if pane_id == "tab-route":
            ccrs = rows_table("sb-ccrs", (("CCR", 8), ("Status", 14),
                                          ("Comment / description", 40)))
            return [VerticalScroll(Static("", id="sb-route"), ccrs)]
        if pane_id == "tab-history":
            return [rows_table("sb-history", (("At", 11), ("Officer", 7), ("Action", 16),
                                              ("To", 18), ("Reason", 30)))]
        if pane_id == "tab-versions":
            return [rows_table("sb-versions", (("Ver", 3), ("Kept", 11), ("By", 7),
                                               ("Field", 20), ("Before", 14), ("After", 14)))]
        return [VerticalScroll(Static("", id=STATIC_OF[pane_id]))]

    def on_mount(self) -> None:
        self.action_reload()

    @on(TabbedContent.TabActivated, "#sb-tabs")
    async def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        if pane_id in self._built or pane_id in self._building:
            return
        self._building.add(pane_id)
        await event.pane.mount_all(self.pane_content(pane_id))
        self._building.discard(pane_id)
        self._built.add(pane_id)
        if self.info is not None:
            self.fill(pane_id, self.info)

    def action_reload(self) -> None:
        self.run_service(enquiry.enquire, self.ices.core, self.actor, self.sb_no,
                         then=self.show, busy=self.query_one("#sb-tabs"))

    def show(self, info: SbEnquiry) -> None:
        self.info = info
        sb = info.sb
        head = Text.assemble((f"SB {sb.sb_no}", "bold"),
                             f" of {when(sb.sb_date)} · " if sb.sb_date else " · ",
                             (sb.state_label, "bold"))
        if info.waiting_with:
            head.append(f" · with {info.waiting_with}", "dim")
        self.query_one("#sb-head", Static).update(head)
        for pane_id, _ in TABS:
            if pane_id in self._built:
                self.fill(pane_id, info)
        self.refresh_bindings()

    def fill(self, pane_id: str, info: SbEnquiry) -> None:
        """Show ``info`` on one tab (built)."""
        sb = info.sb
        if pane_id == "tab-main":
            self.query_one("#sb-particulars", Static).update(particulars(sb))
        elif pane_id == "tab-items":
            items = self.query_one("#sb-items", DataTable)
            items.clear()
            for i in sb.items:
                items.add_row(str(i.sl), i.tariff_item, Text(i.description), f"{i.quantity}",
                              i.uqc, f"{i.fob_inr:,.2f}", i.scheme_code,
                              f"{i.drawback:,.2f}", key=str(i.sl))
        elif pane_id == "tab-route":
            self.query_one("#sb-route", Static).update(route_lines(sb, info.leo_blockers))
            ccrs = self.query_one("#sb-ccrs", DataTable)
            ccrs.clear()
            for c in sb.ccrs:
                ccrs.add_row(c.code, c.status.replace("_", " "),
                             Text(c.comment or c.description), key=c.code)
        elif pane_id == "tab-queries":
            self.query_one("#sb-queries", Static).update(query_lines(sb))
        elif pane_id == "tab-goods":
            self.query_one("#sb-goods", Static).update(goods_lines(sb))
        elif pane_id == "tab-history":
            hist = self.query_one("#sb-history", DataTable)
            hist.clear()
            for n, h in enumerate(info.history):
                hist.add_row(f"{h.at:%d.%m %H:%M}", h.officer, h.action,
                             (h.to_state or "").replace("_", " "), Text(h.reason or ""),
                             key=str(n))
        elif pane_id == "tab-versions":
            self.show_versions(info)

    def show_versions(self, info: SbEnquiry) -> None:
        """Every version kept on amendment (EXP-AMD-2), each change before → after."""
        table = self.query_one("#sb-versions", DataTable)
        table.clear()
        for v in info.versions:
            kept = (f"{v.version_no}", f"{v.taken_at:%d.%m %H:%M}", v.taken_by)
            if not v.differences:
                table.add_row(*kept, Text(v.label, style="italic"), "", "",
                              key=f"{v.version_no}")
            for n, (what, before, after) in enumerate(v.differences):
                table.add_row(*(kept if n == 0 else ("", "", "")), what, Text(str(before)),
                              Text(str(after), style="bold"), key=f"{v.version_no}.{n}")
        if not info.versions:
            table.add_row("", "", "", Text("never amended", style="dim"), "", "", key="none")

    def action_back(self) -> None:
        self.dismiss(None)

    # ---- acts ----

    def act(self, fn: Callable[..., SbView], done: str, *args: Any, **kwargs: Any) -> None:
        """Run an act on this SB (with the version shown) and show the result."""
        version = self.sb.version if self.sb else None
        if "expected_version" in inspect.signature(fn).parameters:
            kwargs.setdefault("expected_version", version)

        def after(view: SbView) -> None:
            self.notify(f"SB {self.sb_no}: {done} — now {view.state_label}", markup=False)
            if self.on_change:
                self.on_change()
            self.action_reload()

        self.run_service(fn, self.ices.core, self.actor, self.sb_no, *args, then=after,
                         busy=self.query_one("#sb-tabs"), **kwargs)


PRINT_KINDS = {  # print act -> the document kind ``prints.print_document`` takes
    "SB.print_checklist": ("checklist", "Checklist"), "SB.print_copies": ("sb", "SB copies"),
    "SB.print_leo_certificate": ("leo_certificate", "LEO certificate"),
    "SB.print_exam_order": ("exam_order", "Examination order"),
    "SB.print_test_memo": ("test_memo", "Test memo"), "SB.print_query": ("query", "Query"),
    "SB.print_cess_challan": ("cess_challan", "Cess challan"),
    "SB.print_charge_receipt": ("charge_receipt", "Service charge receipt"),
    "SB.print_certificate": ("certificate", "Certificate (EXP-CAN-1)"),
}


class SbActsScreen(SbScreen):
    """The SB with the acts the officer may take on it now (its view's ``acts``): one
    keymap for every role, each key shown only while one of its acts is open."""

    ACT_KEYS = (
        ActKey("f2", "print", tuple(PRINT_KINDS), "Print"),
        ActKey("f3", "query", ("SB.query_raise", "QUERY.approve", "QUERY.withdraw",
                               "QUERY.close", "QUERY.reply"), "Query"),
        ActKey("f6", "assess", ("SB.assess", "SB.acdc_clear", "SB.decide_variation",
                                "SB.refer_variation"), "Assess"),
        ActKey("f7", "goods", ("SB.admit", "SB.register_goods"), "Goods"),
        ActKey("f8", "report", ("SB.examination_report",), "Report"),
        ActKey("f9", "samples", ("SB.samples",), "Samples"),
        ActKey("f10", "leo", ("SB.leo",), "Let Export"),
        ActKey("f11", "ccr", ("SB.ccr",), "CCR"),
    )
    BINDINGS = [k.binding() for k in ACT_KEYS]

    def __init__(self, actor: Actor, sb_no: int, on_change: Callable[[], None] | None = None
                 ) -> None:
        super().__init__(actor, sb_no, on_change)
        self.SCREEN_TITLE = FIRST_TAB.get(actor.role, ("SB enquiry", ""))[0]

    def first_tab(self) -> str:
        return FIRST_TAB.get(self.actor.role, ("", "tab-main"))[1]

    def open_acts(self) -> tuple[str, ...]:
        return self.info.acts if self.info else ()

    # ---- F6: assess, clear, refer or decide a variation ----

    def action_assess(self) -> None:
        which = self.open_of("assess")[0]
        orders = [Field("instructions", "Exam orders", max_length=500,
                        help="special examination instructions, if any (EXP-ASM-4)"),
                  Field("samples", "Samples", max_length=200)]
        if which == "SB.assess":
            self.ask(FormScreen(f"Assess SB {self.sb_no}",
                                [*orders, Field("provisional", "Provisional assessment",
                                                "bool")]),
                     lambda d: self.act(assessment.assess, "assessed",
                                        instructions=d["instructions"], samples=d["samples"],
                                        provisional=d["provisional"]))
        elif which == "SB.acdc_clear":
            self.ask(FormScreen(f"Clear SB {self.sb_no} (AC/DC)", orders,
                                note=f"Rule: {self.sb.acdc_rule}" if self.sb else ""),
                     lambda d: self.act(assessment.clear_by_acdc, "cleared",
                                        instructions=d["instructions"], samples=d["samples"]))
        elif which == "SB.decide_variation":
            exam = self.sb.examination if self.sb else None
            self.ask(FormScreen(f"Decide the variation on SB {self.sb_no} (EXP-LEO-2)", [
                Field("view", "Department's view", "lines", required=True),
                Field("agrees", "The exporter agrees", "bool", value=True)],
                note=f"Variation: {exam.variation_note}" if exam else ""),
                lambda d: self.act(examination.decide_variation, "variation decided",
                                   exporter_agrees=d["agrees"], view="\n".join(d["view"])))
        else:
            self.ask(FormScreen(f"Mark a variation on SB {self.sb_no} to the AC/DC", [
                Field("note", "Variation", "lines", required=True)]),
                lambda d: self.act(examination.mark_variation, "variation referred",
                                   "\n".join(d["note"])))

    # ---- F3: the query ----

    def action_query(self) -> None:
        acts = self.open_of("query")
        q = self.sb.open_query if self.sb else None
        said = "\n".join(f"{n}. {p}" for n, p in enumerate(q.points, 1)) if q else ""
        if q and q.reply:
            said += f"\nReply: {q.reply}"
        if "SB.query_raise" in acts:
            self.ask(FormScreen(f"Raise a query on SB {self.sb_no}",
                                [Field("points", "Points", "lines", required=True,
                                       help="one point per line; all points in one query "
                                            "(EXP-QRY-2)")]),
                     lambda d: self.act(queries.raise_query, "query raised (needs AC/DC "
                                        "approval)", d["points"]))
        elif "QUERY.reply" in acts:
            self.ask(FormScreen(f"Reply to the query on SB {self.sb_no}",
                                [Field("reply", "Reply", "lines", required=True)], note=said),
                     lambda d: self.act(queries.reply_query, "reply keyed",
                                        "\n".join(d["reply"])))
        elif "QUERY.approve" in acts:
            self.ask(FormScreen(f"Query on SB {self.sb_no}: approve or decline", [
                Field("approve", "Approve (untick: decline, it never takes effect)", "bool",
                      value=True),
                Field("reason", "Reason to decline", max_length=200)], note=said),
                self._approve_or_withdraw)
        elif "QUERY.close" in acts:
            self.ask(FormScreen(f"Close the query on SB {self.sb_no}",
                                [Field("satisfied", "Reply accepted", "bool", value=True),
                                 Field("remarks", "Remarks", max_length=200)], note=said),
                     lambda d: self.act(queries.close_query, "query decided",
                                        satisfied=d["satisfied"], remarks=d["remarks"]))

    def _approve_or_withdraw(self, d: dict) -> None:
        if d["approve"]:
            self.act(queries.approve_query, "query approved")
        else:
            self.act(queries.withdraw_query, "query declined",
                     d["reason"] or "not approved")

    # ---- F7: the goods arrive ----

    def action_goods(self) -> None:
        if "SB.admit" in self.open_of("goods"):
            self.ask(ConfirmScreen(f"Admit the goods of SB {self.sb_no}",
                                   f"{self.sb.packages} {self.sb.package_kind} declared."
                                   if self.sb else ""),
                     lambda d: self.act(examination.admit_goods, "goods admitted"))
            return
        declared = self.sb.packages if self.sb else 0
        self.ask(FormScreen(f"Register goods of SB {self.sb_no} (Annexure C)", [
            Field("packages", "Packages received", "int", required=True, value=declared),
            Field("vehicle", "Vehicle no", max_length=20),
            Field("shed", "Shed", max_length=40)],
            note=f"Declared: {declared} {self.sb.package_kind if self.sb else ''}"),
            lambda d: self.act(examination.register_goods, "goods registered", d["packages"],
                               vehicle_no=d["vehicle"], shed=d["shed"]))

    # ---- F8, F9: examination ----

    def action_samples(self) -> None:
        self.ask(FormScreen(f"Draw samples from SB {self.sb_no}", [
            Field("description", "Description", required=True, max_length=200),
            Field("agency", "Testing agency", required=True, max_length=100),
            Field("purpose", "Purpose", value="test", max_length=20)]),
            lambda d: self.act(examination.draw_samples, "samples drawn", d["description"],
                               d["agency"], purpose=d["purpose"] or "test"))

    def action_report(self) -> None:
        g = self.sb.goods if self.sb else None
        fields = [Field("report", "Report", "lines", required=True),
                  Field("packages", "Packages opened",
                        value=", ".join(str(p) for p in g.packages_to_examine) if g else ""),
                  Field("variation", "Variation found", "bool"),
                  Field("variation_note", "Variation", max_length=500),
                  Field("representative", "Exporter's rep.", max_length=100)]
        if self.sb and self.sb.category == "eou":
            fields.insert(1, Field("seal", "Seal intact (EOU)", "bool", value=True))
        self.ask(FormScreen(f"Examination report, SB {self.sb_no}", fields),
                 lambda d: self.act(examination.enter_examination_report, "report entered",
                                    "\n".join(d["report"]), packages_examined=d["packages"],
                                    variation=d["variation"], variation_note=d["variation_note"],
                                    seal_intact=d.get("seal"),
                                    representative=d["representative"]))

    # ---- F10, F11: Let Export, CCRs ----

    def action_leo(self) -> None:
        blockers = self.info.leo_blockers if self.info else ()
        note = ("Still open: " + "; ".join(blockers)) if blockers else "Nothing stands in the way."
        self.ask(ConfirmScreen(f"Let Export Order for SB {self.sb_no}", note),
                 lambda d: self.act(leo.give_let_export_order, "Let Export given"))

    def action_ccr(self) -> None:
        pending = [(f"{c.code} {c.description}"[:40], c.code) for c in self.sb.ccrs
                   if c.status == CcrStatus.PENDING] if self.sb else []
        self.ask(FormScreen(f"CCR on SB {self.sb_no}", [
            Field("code", "CCR", "choice", required=True, choices=pending,
                  value=pending[0][1] if pending else None),
            Field("complied", "Complied (untick: not applicable)", "bool", value=True),
            Field("comment", "Comment", max_length=500,
                  help="required when not applicable: the reasons (EXP-RMS-2)")]),
            lambda d: self.act(assessment.decide_ccr, "CCR recorded", d["code"],
                               complied=d["complied"], comment=d["comment"]))

    # ---- F2: print ----

    def action_print(self) -> None:
        choices = [(PRINT_KINDS[a][1], PRINT_KINDS[a][0]) for a in self.open_of("print")]
        fields = [Field("kind", "Document", "choice", required=True, choices=choices,
                        value=choices[0][1])]
        if "SB.print_leo_certificate" in self.open_of("print"):
            fields.append(Field("reason", "Loss reported", max_length=200,
                                help="for a LEO certificate: who lost which copy, when "
                                     "(EXP-PRT-3)"))
        self.ask(FormScreen(f"Print for SB {self.sb_no}", fields, submit_label="print"),
                 self._print)

    def _print(self, d: dict) -> None:
        ref: int | str = self.sb_no
        if d["kind"] == "test_memo" and self.sb and self.sb.samples:
            ref = self.sb.samples[-1].memo_no
        self.run_service(print_to_file, self.ices.core, self.actor, d["kind"], ref,
                         reason=d.get("reason") or "", then=self._printed,
                         busy=self.query_one("#sb-tabs"))

    def _printed(self, path: Path) -> None:
        self.notify(f"printed: {path}", markup=False)
        self.action_reload()


# The officer bar's title and the tab an SB opens on, by role.
FIRST_TAB = {
    Role.APR: ("Assessment", "tab-route"), Role.ACDC: ("Assessment", "tab-route"),
    Role.ADC: ("Assessment", "tab-route"), Role.COM: ("Assessment", "tab-route"),
    Role.EXM: ("Examination", "tab-goods"),
}

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
from textual.widgets._footer import FooterKey  # the Footer's key widget (not exported)

from console.acts.sb import CcrStatus
from console.money import inr
from console.roles import Actor, Role
from console.services.exports import (
    assessment,
    cancellations,
    documents,
    egm,
    enquiry,
    examination,
    leo,
    queries,
    supervision,
)
from console.services.exports.amendments import RequestView
from console.services.exports.enquiry import SbEnquiry
from console.services.exports.sb_common import SbView
from console.services.schemes import depb
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.keep import Kept, clear_tables
from screens.prints import print_to_file
from screens.widgets import IcesFooter, StyledOnce


def money(value: Decimal | None) -> str:
    return "" if value is None else f"₹{inr(value)}"


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


class SbScreen(Kept, StyledOnce, IcesScreen):
    """Read-only view of one SB; subclasses add acts."""

    SCREEN_TITLE = "Shipping Bill"
    BINDINGS = [
        Binding("escape", "back", "Back", id="sb.back", tooltip="Back to the worklist"),
        Binding("f5", "reload", "Reload", key_display="F5", id="sb.reload", show=False,
                tooltip="Read the SB again (each act reads it again itself)"),
    ]

    def __init__(self, actor: Actor, sb_no: int, on_change: Callable[[], None] | None = None
                 ) -> None:
        super().__init__(classes="sb-screen")
        self.actor, self.sb_no, self.on_change = actor, sb_no, on_change
        self.info: SbEnquiry | None = None
        self.load_failed = False
        self._built: set[str] = set()  # tabs whose widgets are mounted
        self._building: set[str] = set()

    @property
    def sb(self) -> SbView | None:
        return self.info.sb if self.info else None

    @property
    def holds_keys(self) -> bool:
        """Until the SB is first shown, its acts (and so its keys) are not known: what is
        typed meanwhile waits (console/app.py)."""
        return self.info is None and not self.load_failed

    def on_service_failed(self, message: object) -> None:
        if getattr(message, "opening", 0) == self.opening:
            self.load_failed = self.info is None

    def reopen(self, sb_no: int, on_change: Callable[[], None] | None = None) -> None:
        """(kept, screens/keep.py) Another SB on this screen: nothing of the last one shown
        (its tabs blank, its acts closed until the new one is read), the first tab up."""
        self.reopened()
        self.sb_no, self.on_change = sb_no, on_change
        self.info, self.load_failed = None, False
        self.query_one("#sb-head", Static).update(self.head_loading())
        for pane_id, static_id in (*STATIC_OF.items(), ("tab-route", "sb-route")):
            if pane_id in self._built:
                self.query_one(f"#{static_id}", Static).update("")
        clear_tables(self)
        for scroll in self.query_one("#sb-tabs").query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        self.query_one("#sb-tabs", TabbedContent).active = self.first_tab()
        self.action_reload()

    def head_loading(self) -> Text:
        return Text(f"Shipping Bill {self.sb_no}", style="bold")

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_loading(), id="sb-head")
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
                              i.uqc, inr(i.fob_inr), i.scheme_code,
                              inr(i.drawback), key=str(i.sl))
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

    def act(self, fn: Callable[..., Any], done: str, *args: Any, **kwargs: Any) -> None:
        """Run an act on this SB (with the version shown) and show the result (an act taken
        without a form: ``confirm`` asks first where its row says so)."""
        version = self.sb.version if self.sb else None
        if "expected_version" in inspect.signature(fn).parameters:
            kwargs.setdefault("expected_version", version)
        self.run_service(fn, self.ices.core, self.actor, self.sb_no, *args,
                         then=lambda result: self.acted(done, result),
                         busy=self.query_one("#sb-tabs"), **kwargs)

    def act_in(self, form: FormScreen, done: str,
               call: Callable[[dict], tuple[Callable[..., Any], tuple, dict]]) -> None:
        """Ask ``form``; its values make the act's call, ``call(values)`` = (service, args,
        kwargs), run by the form in its worker with the version shown. A refusal keeps the
        form open as typed, the field it names marked (issue 15)."""
        core, actor, sb_no = self.ices.core, self.actor, self.sb_no
        version = self.sb.version if self.sb else None

        def save(values: dict) -> Any:  # in the form's worker: values only, no widgets
            fn, args, kwargs = call(values)
            if "expected_version" in inspect.signature(fn).parameters:
                kwargs.setdefault("expected_version", version)
            return fn(core, actor, sb_no, *args, **kwargs)

        form.save = save
        self.ask(form, lambda result: self.acted(done, result))

    def acted(self, done: str, result: Any) -> None:
        said = f"SB {self.sb_no}: {done}"
        if isinstance(result, SbView):
            said += f" — now {result.state_label}"
        elif isinstance(result, RequestView):
            who = RANK_WORDS.get(result.required_rank, result.required_rank)
            said += f" — request {result.id} waits for {who}"
        self.notify(said, markup=False)
        self.changed_here()

    def changed_here(self) -> None:
        if self.on_change:
            self.on_change()
        self.action_reload()


PRINT_KINDS = {  # print act -> the document kind ``prints.print_document`` takes
    "SB.print_checklist": ("checklist", "Checklist"), "SB.print_copies": ("sb", "SB copies"),
    "SB.print_leo_certificate": ("leo_certificate", "LEO certificate"),
    "SB.print_exam_order": ("exam_order", "Examination order"),
    "SB.print_test_memo": ("test_memo", "Test memo"), "SB.print_query": ("query", "Query"),
    "SB.print_cess_challan": ("cess_challan", "Cess challan"),
    "SB.print_charge_receipt": ("charge_receipt", "Service charge receipt"),
    "SB.print_certificate": ("certificate", "Certificate (EXP-CAN-1)"),
}
REQUESTS = {  # F4: the requests, by act
    "SB.request_amendment": "Amendment (exporter's application, EXP-AMD-2/3)",
    "SB.request_cancellation": "Cancellation, shut-out, back to town or short shipment "
                               "(EXP-CAN-1)",
    "SB.request_exam": "Examination of this RMS-facilitated SB (EXP-RMS-3)",
    "SB.request_recall": "Recall for re-assessment (EXP-RMS-4)",
}
CANCEL_KINDS = [("Cancellation", "cancellation"), ("Shut out", "shut_out"),
                ("Back to town", "back_to_town"), ("Short shipment", "short_shipment")]
DEPB_ACTS = {"SB.depb_change": "Change group, item or value for credit (EXP-DEPB-2)",
             "SB.depb_accept": "Key the lower value the exporter accepts (EXP-DEPB-3)",
             "SB.depb_final": "Finalise the provisional assessment (EXP-DEPB-4)"}
REPRINT_CAUSES = [("System failure", "system_failure"), ("Misprint", "misprint")]
RANK_WORDS = {"ACDC": "the AC/DC", "ADC": "an Additional/Joint Commissioner",
              "COM": "the Commissioner"}


def lines(values: dict, name: str) -> str:
    return "\n".join(values.get(name) or [])


class SbFooter(IcesFooter):
    """The footer of the SB's acts: where the letter keys of the secondary acts would not
    fit the terminal's width, they are left out of it and "m More" lists them (each letter
    still works, and F1 help lists it)."""

    def compose(self) -> ComposeResult:
        screen = self.screen
        folded = screen.folded_letters() if isinstance(screen, SbActsScreen) else set()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in folded:
                continue
            yield widget


class SbActsScreen(SbScreen):
    """The SB with the acts the officer may take on it now (its view's ``acts``): one
    keymap for every role, each key shown only while one of its acts is open. Secondary
    acts take a lower-case letter, shown only while open: i examination orders, c cess
    paid, s stuffing report, d DEPB, r reprint permission; where they would not fit the
    footer, "m More" lists them (``SbFooter``)."""

    ACT_KEYS = (
        ActKey("f2", "print", tuple(PRINT_KINDS), "Print"),
        ActKey("f3", "query", ("SB.query_raise", "QUERY.approve", "QUERY.withdraw",
                               "QUERY.close", "QUERY.reply"), "Query"),
        ActKey("f4", "requests", tuple(REQUESTS), "Request"),
        # one key, labelled by the act it takes here (never "Assess" for the AC/DC's decision)
        ActKey("f6", "assess", ("SB.assess",), "Assess"),
        ActKey("f6", "clear", ("SB.acdc_clear",), "Clear"),
        ActKey("f6", "decide", ("SB.decide_variation",), "Decide variation"),
        ActKey("f6", "refer", ("SB.refer_variation",), "Refer variation"),
        ActKey("f7", "goods", ("SB.admit", "SB.register_goods"), "Goods"),
        ActKey("f8", "report", ("SB.examination_report",), "Report"),
        ActKey("f9", "samples", ("SB.samples",), "Samples"),
        ActKey("f10", "leo", ("SB.leo",), "LEO"),
        ActKey("f11", "ccr", ("SB.ccr",), "CCR"),
        ActKey("i", "instructions", ("SB.instructions",), "Orders"),
        ActKey("c", "cess", ("SB.cess_paid",), "Cess paid"),
        ActKey("s", "stuffing", ("SB.stuffing",), "Stuffing"),
        ActKey("d", "depb", tuple(DEPB_ACTS), "DEPB"),
        ActKey("r", "reprint", ("SB.reprint_permit",), "Reprint"),
    )
    BINDINGS = [*(k.binding() for k in ACT_KEYS),
                Binding("m", "more", "More", id="sb.more",
                        tooltip="The other acts open on this SB (their letter keys)")]
    APP_KEYS = (("F1", "Help"), ("F12", "Log out"))  # the app's keys in every footer

    def __init__(self, actor: Actor, sb_no: int, on_change: Callable[[], None] | None = None
                 ) -> None:
        super().__init__(actor, sb_no, on_change)
        self.SCREEN_TITLE = FIRST_TAB.get(actor.role, ("SB enquiry", ""))[0]

    def first_tab(self) -> str:
        return FIRST_TAB.get(self.actor.role, ("", "tab-main"))[1]

    def open_acts(self) -> tuple[str, ...]:
        return self.info.acts if self.info else ()

    # ---- the letters of the secondary acts, or "m More" where they do not fit ----

    def open_letters(self) -> list[ActKey]:
        return [k for k in self.ACT_KEYS if not k.key.startswith("f") and self.open_of(k.action)]

    def folded_letters(self) -> set[str]:
        """The actions of the letter keys left out of the footer: all of them where the
        footer with them would be wider than the terminal."""
        letters = self.open_letters()
        if not letters:
            return set()
        shown = [("Esc", "Back"), *self.APP_KEYS,
                 *((k.key.upper() if k.key.startswith("f") else k.key, k.label)
                   for k in self.ACT_KEYS if self.open_of(k.action))]
        width = sum(len(key) + len(label) + 2 for key, label in shown)
        return {k.action for k in letters} if width > self.app.size.width else set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return bool(self.folded_letters())
        return super().check_action(action, parameters)

    def compose_footer(self) -> ComposeResult:
        yield SbFooter()

    def action_more(self) -> None:
        letters = self.open_letters()
        self.choose(f"Other acts on SB {self.sb_no}",
                    {k.action: f"{k.key} {k.label}: {k.binding().tooltip}"[:60]
                     for k in letters},
                    lambda action: getattr(self, f"action_{action}")())

    def choose(self, title: str, acts: dict[str, str], then: Callable[[str], None]) -> None:
        """One of several open acts behind a key: straight on if only one is open."""
        if len(acts) == 1:
            then(next(iter(acts)))
            return
        choices = [(label, act) for act, label in acts.items()]
        self.ask(FormScreen(title, [Field("which", "Which", "choice", required=True,
                                          choices=choices, value=choices[0][1])],
                            submit_label="go on"), lambda d: then(d["which"]))

    # ---- F6: assess, clear, refer or decide a variation ----

    def action_clear(self) -> None:
        self.action_assess("SB.acdc_clear")

    def action_decide(self) -> None:
        self.action_assess("SB.decide_variation")

    def action_refer(self) -> None:
        self.action_assess("SB.refer_variation")

    def action_assess(self, which: str = "SB.assess") -> None:
        orders = [Field("instructions", "Exam orders", max_length=500,
                        help="special examination instructions, if any (EXP-ASM-4)"),
                  Field("samples", "Samples", max_length=200)]
        if which == "SB.assess":
            self.act_in(FormScreen(f"Assess SB {self.sb_no}",
                                   [*orders, Field("provisional", "Provisional assessment",
                                                   "bool")]), "assessed",
                        lambda d: (assessment.assess, (), dict(
                            instructions=d["instructions"], samples=d["samples"],
                            provisional=d["provisional"])))
        elif which == "SB.acdc_clear":
            self.act_in(FormScreen(f"Clear SB {self.sb_no} (AC/DC)", orders,
                                   note=f"Rule: {self.sb.acdc_rule}" if self.sb else ""),
                        "cleared", lambda d: (assessment.clear_by_acdc, (), dict(
                            instructions=d["instructions"], samples=d["samples"])))
        elif which == "SB.decide_variation":
            exam = self.sb.examination if self.sb else None
            self.act_in(FormScreen(f"Decide the variation on SB {self.sb_no} (EXP-LEO-2)", [
                Field("view", "Department's view", "lines", required=True),
                Field("agrees", "The exporter agrees", "bool", value=True)],
                note=f"Variation: {exam.variation_note}" if exam else ""),
                "variation decided", lambda d: (examination.decide_variation, (), dict(
                    exporter_agrees=d["agrees"], view=lines(d, "view"))))
        else:
            self.act_in(FormScreen(f"Mark a variation on SB {self.sb_no} to the AC/DC", [
                Field("note", "Variation", "lines", required=True)]),
                "variation referred",
                lambda d: (examination.mark_variation, (lines(d, "note"),), {}))

    # ---- F3: the query ----

    def action_query(self) -> None:
        acts = self.open_of("query")
        q = self.sb.open_query if self.sb else None
        said = "\n".join(f"{n}. {p}" for n, p in enumerate(q.points, 1)) if q else ""
        if q and q.reply:
            said += f"\nReply: {q.reply}"
        if "SB.query_raise" in acts:
            self.act_in(FormScreen(f"Raise a query on SB {self.sb_no}",
                                   [Field("points", "Points", "lines", required=True,
                                          help="one point per line; all points in one query "
                                               "(EXP-QRY-2)")]),
                        "query raised (needs AC/DC approval)",
                        lambda d: (queries.raise_query, (d["points"],), {}))
        elif "QUERY.reply" in acts:
            self.act_in(FormScreen(f"Reply to the query on SB {self.sb_no}",
                                   [Field("reply", "Reply", "lines", required=True)], note=said),
                        "reply keyed", lambda d: (queries.reply_query, (lines(d, "reply"),), {}))
        elif "QUERY.approve" in acts:
            self.act_in(FormScreen(f"Query on SB {self.sb_no}: approve or decline", [
                Field("approve", "Approve (untick: decline, it never takes effect)", "bool",
                      value=True),
                Field("reason", "Reason to decline", max_length=200)], note=said),
                "query decided", lambda d: (queries.approve_query, (), {}) if d["approve"]
                else (queries.withdraw_query, (d["reason"] or "not approved",), {}))
        elif "QUERY.close" in acts:
            self.act_in(FormScreen(f"Close the query on SB {self.sb_no}",
                                   [Field("satisfied", "Reply accepted", "bool", value=True),
                                    Field("remarks", "Remarks", max_length=200)], note=said),
                        "query decided", lambda d: (queries.close_query, (), dict(
                            satisfied=d["satisfied"], remarks=d["remarks"])))

    # ---- F4: the requests (the exporter's, keyed by the service centre; the officer's) ----

    def action_requests(self) -> None:
        self.choose(f"A request on SB {self.sb_no}",
                    {a: REQUESTS[a] for a in self.open_of("requests")}, self.request)

    def request(self, act_id: str) -> None:
        n = self.sb_no
        if act_id == "SB.request_amendment":
            from screens.routes import sb_entry

            self.app.push_screen(sb_entry(self.app, self.actor, on_change=self.changed_here,
                                          amend_sb_no=n))
        elif act_id == "SB.request_cancellation":
            sb = self.sb
            kind = ("short_shipment" if sb and sb.leo_at else "shut_out" if sb and sb.goods
                    else "back_to_town" if sb and sb.admitted_at else "cancellation")
            self.act_in(FormScreen(f"SB {n}: the exporter's application (EXP-CAN-1)", [
                Field("kind", "Application for", "choice", required=True,
                      choices=CANCEL_KINDS, value=kind),
                Field("reason", "Exporter's reason", "lines", required=True)],
                note="The AC/DC checks the goods' status and permits; the SB is then "
                     "cancelled or closed in the system."), "application keyed",
                lambda d: (cancellations.request_cancellation, (d["kind"], lines(d, "reason")),
                           {}))
        elif act_id == "SB.request_exam":
            self.act_in(FormScreen(f"Ask to examine SB {n} (RMS-facilitated)", [
                Field("reasons", "Reasons", "lines", required=True)],
                note="An Additional/Joint Commissioner or the Commissioner approves; the "
                     "reasons go into the departmental comments (EXP-RMS-3)."),
                "examination asked",
                lambda d: (supervision.request_exam_facilitated, (lines(d, "reasons"),), {}))
        elif act_id == "SB.request_recall":
            self.act_in(FormScreen(f"Recommend recalling SB {n} for re-assessment", [
                Field("reasons", "Reasons", "lines", required=True)],
                note="Exceptional: the AC/DC records the written approval (EXP-RMS-4)."),
                "recall recommended",
                lambda d: (supervision.request_recall, (lines(d, "reasons"),), {}))

    # ---- F7: the goods arrive ----

    def action_goods(self) -> None:
        if "SB.admit" in self.open_of("goods"):
            self.confirm("SB.admit", f"SB {self.sb_no}",
                         lambda: self.act(examination.admit_goods, "goods admitted"))
            return
        declared = self.sb.packages if self.sb else 0
        self.act_in(FormScreen(f"Register goods of SB {self.sb_no} (Annexure C)", [
            Field("packages", "Packages received", "int", required=True, value=declared,
                  aka=("packages_received",)),
            Field("vehicle", "Vehicle no", max_length=20, aka=("vehicle_no",)),
            Field("shed", "Shed", max_length=40)],
            note=f"Declared: {declared} {self.sb.package_kind if self.sb else ''}"),
            "goods registered", lambda d: (examination.register_goods, (d["packages"],),
                                           dict(vehicle_no=d["vehicle"], shed=d["shed"])))

    # ---- F8, F9: examination ----

    def action_samples(self) -> None:
        self.act_in(FormScreen(f"Draw samples from SB {self.sb_no}", [
            Field("description", "Description", required=True, max_length=200),
            Field("agency", "Testing agency", required=True, max_length=100),
            Field("purpose", "Purpose", value="test", max_length=20)]), "samples drawn",
            lambda d: (examination.draw_samples, (d["description"], d["agency"]),
                       dict(purpose=d["purpose"] or "test")))

    def action_report(self) -> None:
        g = self.sb.goods if self.sb else None
        fields = [Field("report", "Report", "lines", required=True),
                  Field("packages", "Packages opened", aka=("packages_examined",),
                        value=", ".join(str(p) for p in g.packages_to_examine) if g else ""),
                  Field("variation", "Variation found", "bool"),
                  Field("variation_note", "Variation", max_length=500),
                  Field("representative", "Exporter's rep.", max_length=100)]
        if self.sb and self.sb.category == "eou":
            fields.insert(1, Field("seal", "Seal intact (EOU)", "bool", value=True,
                                   aka=("seal_intact",)))
        self.act_in(FormScreen(f"Examination report, SB {self.sb_no}", fields),
                    "report entered", lambda d: (examination.enter_examination_report,
                                                 (lines(d, "report"),), dict(
                        packages_examined=d["packages"], variation=d["variation"],
                        variation_note=d["variation_note"], seal_intact=d.get("seal"),
                        representative=d["representative"])))

    # ---- F10, F11: Let Export, CCRs ----

    def action_leo(self) -> None:
        blockers = self.info.leo_blockers if self.info else ()
        note = ("Still open: " + "; ".join(blockers)) if blockers else "Nothing stands in the way."
        self.confirm("SB.leo", f"SB {self.sb_no}",
                     lambda: self.act(leo.give_let_export_order, "Let Export given"), note=note)

    def action_ccr(self) -> None:
        pending = [(f"{c.code} {c.description}"[:40], c.code) for c in self.sb.ccrs
                   if c.status == CcrStatus.PENDING] if self.sb else []
        self.act_in(FormScreen(f"CCR on SB {self.sb_no}", [
            Field("code", "CCR", "choice", required=True, choices=pending,
                  value=pending[0][1] if pending else None),
            Field("complied", "Complied (untick: not applicable)", "bool", value=True),
            Field("comment", "Comment", max_length=500,
                  help="required when not applicable: the reasons (EXP-RMS-2)")]),
            "CCR recorded", lambda d: (assessment.decide_ccr, (d["code"],), dict(
                complied=d["complied"], comment=d["comment"])))

    # ---- i, c, s: examination orders, cess, stuffing ----

    def action_instructions(self) -> None:
        sb = self.sb
        self.act_in(FormScreen(f"Examination orders for SB {self.sb_no} (EXP-ASM-4)", [
            Field("instructions", "Exam orders", max_length=500,
                  value=sb.exam_instructions if sb else ""),
            Field("samples", "Samples", max_length=200,
                  value=sb.samples_ordered if sb else "")],
            note="They reach the examining officer with the examination order."),
            "examination orders given", lambda d: (assessment.give_instructions, (), dict(
                instructions=d["instructions"], samples=d["samples"])))

    def action_cess(self) -> None:
        sb = self.sb
        note = (f"Challan {sb.cess_challan_no}: {money(sb.cess)} deposited at the designated "
                "bank (EXP-CES-1). This cannot be undone." if sb else "")
        self.confirm("SB.cess_paid", f"SB {self.sb_no}",
                     lambda: self.act(leo.pay_cess, "cess paid"), note=note)

    def action_stuffing(self) -> None:
        self.act_in(FormScreen(f"Stuffing report, SB {self.sb_no} (EXP-STF-1)", [
            Field("container", "Container no", required=True, max_length=11,
                  aka=("container_no",), placeholder="e.g. MSCU1234565"),
            Field("seal", "Seal no", required=True, max_length=20, aka=("seal_no",))],
            note="Entered the day the container is stuffed and sealed."),
            "stuffing report entered", lambda d: (egm.enter_stuffing_report, (), dict(
                container_no=d["container"], seal_no=d["seal"])))

    # ---- d: DEPB (EXP-DEPB-2..4) ----

    def action_depb(self) -> None:
        self.choose(f"DEPB on SB {self.sb_no}", {a: DEPB_ACTS[a] for a in self.open_of("depb")},
                    self.depb)

    def depb(self, act_id: str) -> None:
        items = [(f"{i.sl} {i.depb_group}/{i.depb_item} at {i.depb_rate}% · "
                  f"{i.description}"[:44], str(i.sl))
                 for i in (self.sb.items if self.sb else ()) if i.depb_group]
        item = Field("item", "DEPB item", "choice", required=True, choices=items,
                     value=items[0][1] if items else None, aka=("item_sl",))
        n = self.sb_no
        if act_id == "SB.depb_change":
            self.act_in(FormScreen(f"Change DEPB particulars, SB {n} (EXP-DEPB-2)", [
                item, Field("group", "Group code", max_length=3),
                Field("depb_item", "Item no", max_length=10, aka=("item",)),
                Field("value", "Value for credit ₹", aka=("value_for_credit",)),
                Field("reason", "Reason", required=True, max_length=300)],
                note="Blank: unchanged. The change shows on the printout; DGFT credits at "
                     "the value Customs approved."), "DEPB particulars changed",
                lambda d: (depb.change_particulars, (int(d["item"]), d["reason"]), dict(
                    group=d["group"] or None, item=d["depb_item"] or None,
                    value_for_credit=d["value"] or None)))
        elif act_id == "SB.depb_accept":
            self.act_in(FormScreen(f"Value the exporter accepts, SB {n} (EXP-DEPB-3)", [
                item, Field("value", "Accepted value", required=True, aka=("value_fc",),
                            help="in the invoice currency; at LEO it becomes the value for "
                                 "credit at that day's rate")]), "accepted value keyed",
                lambda d: (depb.accept_lower_value, (int(d["item"]), d["value"]), {}))
        else:
            self.act_in(FormScreen(f"Finalise the DEPB assessment, SB {n} (EXP-DEPB-4)", [
                Field("market", "Market value ₹", aka=("market_value",),
                      help="from the market enquiry; below twice the credit, the EP copy "
                           "says so"),
                Field("reason", "Remarks", max_length=300)]), "DEPB assessment finalised",
                lambda d: (depb.finalise, (), dict(market_value=d["market"] or None,
                                                   reason=d["reason"])))

    # ---- r: the AC/DC's reprint permission (EXP-PRT-4) ----

    def action_reprint(self) -> None:
        printed = sorted({p.copy_name for p in (self.info.prints if self.info else ())
                          if p.doc_kind == "SB" and not p.cancelled and p.copy_name})
        self.act_in(FormScreen(f"Permit a reprint of SB {self.sb_no} (EXP-PRT-4)", [
            Field("cause", "Cause", "choice", required=True, choices=REPRINT_CAUSES,
                  value="system_failure"),
            Field("cancelled", "The misprinted copy is cancelled", "bool",
                  aka=("misprint_cancelled",)),
            Field("copy", "Copy", "choice", choices=[(c, c) for c in printed]),
            Field("reason", "Reason", max_length=300)],
            note="Printed copies are cancelled in the print log; the next print of them is "
                 "marked REPRINT. Blank copy: every copy."), "reprint permitted",
            lambda d: (documents.permit_reprint, (d["cause"], d["cancelled"]), dict(
                copy=d["copy"] or "", reason=d["reason"])))

    # ---- F2: print ----

    def action_print(self) -> None:
        choices = [(PRINT_KINDS[a][1], PRINT_KINDS[a][0]) for a in self.open_of("print")]
        fields = [Field("kind", "Document", "choice", required=True, choices=choices,
                        value=choices[0][1])]
        if "SB.print_leo_certificate" in self.open_of("print"):
            fields.append(Field("reason", "Loss reported", max_length=200,
                                help="for a LEO certificate: who lost which copy, when "
                                     "(EXP-PRT-3)"))
        memo = self.sb.samples[-1].memo_no if self.sb and self.sb.samples else None
        core, actor, sb_no = self.ices.core, self.actor, self.sb_no

        def save(d: dict) -> Path:  # in the form's worker
            ref = memo if d["kind"] == "test_memo" and memo else sb_no
            return print_to_file(core, actor, d["kind"], ref, reason=d.get("reason") or "")

        self.ask(FormScreen(f"Print for SB {self.sb_no}", fields, submit_label="print",
                            save=save), self._printed)

    def _printed(self, path: Path) -> None:
        self.notify(f"printed: {path}", markup=False)
        self.action_reload()


# The officer bar's title and the tab an SB opens on, by role.
FIRST_TAB = {
    Role.APR: ("Assessment", "tab-route"), Role.ACDC: ("Assessment", "tab-route"),
    Role.ADC: ("Assessment", "tab-route"), Role.COM: ("Assessment", "tab-route"),
    Role.EXM: ("Examination", "tab-goods"),
}

"""One Bill of Entry on screen: header, particulars and duty, items with duty by head,
history from the audit trail, documents printed; and the acts of the logged-in role.

Service centre: F2 records the duty paid, online or in cash (IMP-PAY-1). Appraiser: F6
assess (IMP-APR-1/2), F10 Out of Charge (IMP-OOC-1), F9 print the BE copies or the duty
challan. Examiner: F7 register the goods (IMP-EXM-1), F8 enter the
examination report. Each act asks in a modal form and calls its service in a worker with
the version shown; the services decide, ``check_action`` only hides what plainly does not
apply. Printed PDFs are written under ``prints/``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from console.roles import Actor
from console.services.bonds import warehousing
from console.services.imports import be_clearance as clr
from console.services.imports import be_enquiry
from console.services.imports.be_enquiry import BeEnquiry
from console.services.imports.bills_of_entry import BeView
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.prints import print_to_file
from screens.sb import money, pairs, when

PRINT_KINDS = {"BE.print_be": ("be", "Bill of Entry copies"),
               "BE.print_duty_challan": ("duty_challan", "Duty challan"),
               "BE.print_be_checklist": ("be_checklist", "Checklist")}




def particulars(info: BeEnquiry) -> Any:
    be, f = info.be, info.facts
    return pairs([
        ("Importer", f"{be.iec} {f.importer_name}"), ("Type", f"{be.be_type} {f.be_type_label}"),
        ("IGM / line", f"{be.igm_no} / {f.line_no}"), ("BL", be.bl_no),
        ("Carrier", f"{f.carrier} {f.voyage}".strip()), ("Arrival", when(f.arrival_date)),
        ("Packages", f"{f.packages} {f.package_kind}".strip()),
        ("Gross kg", f.gross_weight_kg), ("Invoice", f"{be.invoice_value_fc} {be.currency}"),
        ("Rate", f"{be.exchange_rate} / {f.rate_units}"),
        ("Assessable", money(be.assessable)), ("BCD", money(be.bcd)),
        ("SWS", money(be.sws)), ("IGST taxable", money(be.igst_taxable)),
        ("IGST", money(be.igst)), ("ADD", money(be.add) if be.add else ""),
        ("Duty", money(be.duty)),
        ("HSS seller", f"{be.hss_seller_iec} {be.hss_seller_name}".strip()),
        ("Late charge", money(be.late_charge) if be.late_charge else ""),
        ("Check", "first" if be.first_check else "second"),
        ("Assessed", f"{when(f.assessed_at)} {f.assessed_by}".strip()),
        ("Paid", f"{when(be.paid_at)} challan {be.challan_no} {f.payment_mode}"
         if be.paid_at else ""),
        ("Registered", f"{when(f.registered_at)} {f.registered_by}".strip()),
        ("Examined", f"{when(f.examined_at)} {f.examined_by}".strip()),
        ("Report", f.exam_report),
        ("OOC", f"{when(f.ooc_at)} {f.ooc_by}".strip()),
        ("Job no", be.job_no), ("Version", be.version),
    ])


class BeScreen(IcesScreen):
    """A Bill of Entry and the acts of the officer's role on it."""

    SCREEN_TITLE = "Bill of Entry"
    # the same act has the same key on the SB and BE screens (screens/sb.py)
    ACT_KEYS = (
        ActKey("f2", "print", tuple(PRINT_KINDS), "Print"),
        ActKey("f4", "pay", ("BE.pay",), "Pay duty"),
        ActKey("f6", "assess", ("BE.assess",), "Assess"),
        ActKey("f7", "register", ("BE.register_goods",), "Register goods"),
        ActKey("f8", "examine", ("BE.examine",), "Examine"),
        ActKey("f9", "check_ex_bond", ("BE.ex_bond_check",), "Ex-bond check"),
        ActKey("f10", "ooc", ("BE.ooc",), "Out of Charge"),
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="be.back", tooltip="Back to the worklist"),
        Binding("f5", "reload", "Reload", key_display="F5", id="be.reload",
                tooltip="Read the BE again"),
        *(k.binding() for k in ACT_KEYS),
    ]
    DEFAULT_CSS = """
    BeScreen #be-head { padding: 0 1; height: auto; }
    BeScreen #be-tabs { height: 1fr; }
    BeScreen #be-tabs TabPane { padding: 0 1; }
    """

    def __init__(self, actor: Actor, be_no: int,
                 on_change: Callable[[], None] | None = None) -> None:
        super().__init__(classes="be-screen")
        self.actor, self.be_no, self.on_change = actor, be_no, on_change
        self.info: BeEnquiry | None = None

    @property
    def be(self) -> BeView | None:
        return self.info.be if self.info else None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"Bill of Entry {self.be_no}", style="bold"), id="be-head")
        with TabbedContent(id="be-tabs"):
            with TabPane("Particulars", id="tab-main"), VerticalScroll():
                yield Static("", id="be-particulars")
            with TabPane("Items", id="tab-items"):
                items: DataTable = DataTable(id="be-items", cursor_type="row")
                for label, width in (("Sl", 3), ("CTH", 8), ("Description", 16),
                                     ("Qty", 9), ("Assessable ₹", 12), ("BCD ₹", 10),
                                     ("SWS ₹", 9), ("IGST ₹", 10)):
                    items.add_column(label, width=width)
                yield items
            with TabPane("History", id="tab-history"):
                hist: DataTable = DataTable(id="be-history", cursor_type="row")
                for label, width in (("At", 11), ("Officer", 7), ("Action", 11),
                                     ("To", 14), ("Reason", 30)):
                    hist.add_column(label, width=width)
                yield hist
            with TabPane("Prints", id="tab-prints"):
                prints: DataTable = DataTable(id="be-prints", cursor_type="row")
                for label, width in (("At", 11), ("By", 7), ("Document", 13),
                                     ("Copy", 36)):
                    prints.add_column(label, width=width)
                yield prints
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.run_service(be_enquiry.enquire, self.ices.core, self.actor, self.be_no,
                         then=self.show, busy=self.query_one("#be-tabs"))

    def show(self, info: BeEnquiry) -> None:
        self.info = info
        be = info.be
        head = Text.assemble((f"BE {be.be_no}", "bold"), f" of {when(be.be_date)} · ",
                             (be.state.replace("_", " "), "bold"))
        head.append(f" · with {info.waiting_with}", "dim")
        self.query_one("#be-head", Static).update(head)
        self.query_one("#be-particulars", Static).update(particulars(info))
        items = self.query_one("#be-items", DataTable)
        items.clear()
        for i in be.items:
            items.add_row(str(i.sl), i.tariff_item, Text(i.description),
                          f"{i.quantity} {i.uqc}", f"{i.assessable:,.2f}", f"{i.bcd:,.2f}",
                          f"{i.sws:,.2f}", f"{i.igst:,.2f}", key=str(i.sl))
        hist = self.query_one("#be-history", DataTable)
        hist.clear()
        for n, h in enumerate(info.history):
            hist.add_row(f"{h.at:%d.%m %H:%M}", h.officer, h.action,
                         (h.to_state or "").replace("_", " "), Text(h.reason or ""), key=str(n))
        prints = self.query_one("#be-prints", DataTable)
        prints.clear()
        for n, p in enumerate(info.prints):
            prints.add_row(f"{p.printed_at:%d.%m %H:%M}", p.printed_by,
                           p.doc_kind.lower().replace("_", " "), Text(p.copy_name), key=str(n))
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss(None)

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        return self.info.acts if self.info else ()

    def act(self, fn: Callable[..., BeView], done: str, *args: Any) -> None:
        """Run an act on this BE (with the version shown) and show the result."""
        kwargs = {}
        if "expected_version" in inspect.signature(fn).parameters and self.be:
            kwargs["expected_version"] = self.be.version

        def after(view: BeView) -> None:
            self.notify(f"BE {self.be_no}: {done} — now {view.state.replace('_', ' ')}",
                        markup=False)
            if self.on_change:
                self.on_change()
            self.action_reload()

        self.run_service(fn, self.ices.core, self.actor, self.be_no, *args, then=after,
                         busy=self.query_one("#be-tabs"), **kwargs)

    def action_assess(self) -> None:
        be = self.be
        note = f"Duty {money(be.duty)} as self-assessed." if be else ""
        self.ask(ConfirmScreen(f"Assess BE {self.be_no}", note),
                 lambda d: self.act(clr.assess, "assessed"))

    def action_pay(self) -> None:
        due = f"{money(self.be.amount_due)} due." if self.be else ""
        self.ask(FormScreen(f"Duty paid, BE {self.be_no}", [
            Field("mode", "Paid", "choice", required=True, value="online",
                  choices=[("online (e-payment)", "online"), ("in cash", "cash")],
                  help=f"{due} Above the IMP-PAY-1 limit only online.")],
            submit_label="paid"),
            lambda d: self.act(clr.pay_duty, "duty paid", d["mode"]))

    def action_register(self) -> None:
        f = self.info.facts if self.info else None
        self.ask(ConfirmScreen(f"Register the goods of BE {self.be_no}",
                               f"{f.packages} {f.package_kind} on the IGM line." if f else ""),
                 lambda d: self.act(clr.register_goods, "goods registered"))

    def action_examine(self) -> None:
        self.ask(FormScreen(f"Examination report, BE {self.be_no}",
                            [Field("report", "Report", "lines", required=True)]),
                 lambda d: self.act(clr.examine, "report entered", "\n".join(d["report"])))

    def action_ooc(self) -> None:
        self.ask(ConfirmScreen(f"Out of Charge for BE {self.be_no}",
                               "Examined and the duty paid: section 47 complied with."),
                 lambda d: self.act(clr.give_out_of_charge, "Out of Charge given"))

    def action_check_ex_bond(self) -> None:
        self.ask(FormScreen(f"Ex-bond check, BE {self.be_no}", [
            Field("receipt", "Charges receipt", required=True, max_length=80,
                  placeholder="warehouse keeper's receipt, or nil")],
            submit_label="checked"),
            lambda d: self.act(warehousing.check_ex_bond, "checked against the bond "
                               "register", d["receipt"]))

    def action_print(self) -> None:
        choices = [(PRINT_KINDS[a][1], PRINT_KINDS[a][0]) for a in self.open_of("print")]

        def go(data: dict) -> None:
            ref = self.be.job_no if data["kind"] == "be_checklist" and self.be else self.be_no
            self.run_service(print_to_file, self.ices.core, self.actor, data["kind"], ref,
                             then=self.printed)

        self.ask(FormScreen(f"Print BE {self.be_no}", [
            Field("kind", "Document", "choice", required=True, choices=choices,
                  value=choices[0][1])], submit_label="print"), go)

    def printed(self, path: Path) -> None:
        self.notify(f"printed: {path}", markup=False)
        self.action_reload()

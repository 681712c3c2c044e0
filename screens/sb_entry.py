"""Annexure A at the service centre: key a Shipping Bill, save it as a draft, print the
checklist, correct it, submit it. The form only collects; ``filing`` checks and saves.

Codes are completed from the directories as they are typed (suggesters filled by a
worker on mount); the tariff item is looked up by code or words (``ItemForm``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)

from console.acts.sb import SB, S
from console.directories import search_codes
from console.roles import Actor
from console.services.exports import filing
from console.services.exports.sb_common import SbView, get_draft
from screens.base import ActKey, IcesModal, IcesScreen
from screens.forms import Field, FormScreen, TariffLookup
from screens.widgets import IcesFooter, StyledOnce, compact

CONTRACTS = [("FOB", "FOB"), ("CIF", "CIF"), ("C&F", "CF"), ("C&I", "CI")]
GST_TYPES = [("LUT (no IGST)", "LUT"), ("IGST paid", "IGST_PAID"), ("Bond", "BOND")]

# (name, label, required, width class) — header fields of Annexure A, in keying order.
HEADER: list[tuple[str, str, bool]] = [
    ("iec", "Exporter IEC", True), ("branch_sl", "Branch sl", False),
    ("broker_code", "Broker", False), ("port_of_loading", "Port loading", False),
    ("country_of_destination", "Dest. country", True), ("port_of_destination", "Dest. port", False),
    ("ad_code", "AD code", False), ("gstin", "GSTIN", False),
    ("recipient_name", "Buyer", True), ("recipient_address", "Buyer address", True),
    ("place_of_delivery", "Delivery at", True), ("incoterms_place", "Incoterms pl.", False),
    ("packages", "Packages", True), ("package_kind", "Pkg kind", True),
    ("gross_weight_kg", "Gross kg", True), ("net_weight_kg", "Net kg", True),
    ("marks", "Marks & nos", False),
]
FLAGS = [("sdf_declared", "SDF (Annex B)"), ("nfei", "NFEI"), ("rosl_declared", "RoSL"),
         ("third_party_remittance", "3rd-party pay"), ("free_trade_sample", "Free sample")]
INVOICE = [("invoice_no", "Invoice no", True), ("invoice_date", "Date (Y-M-D)", True),
           ("currency", "Currency", True), ("invoice_value", "Value", True),
           ("freight", "Freight", False), ("insurance", "Insurance", False),
           ("commission", "Commission", False), ("discount", "Discount", False)]
SUGGEST = {"iec": "iec", "broker_code": "broker", "port_of_loading": "port",
           "country_of_destination": "country", "currency": "currency"}


def load_codes(core) -> dict[str, list[str]]:
    """Code lists for the suggesters (one worker call)."""
    kinds = set(SUGGEST.values()) | {"uqc", "scheme"}
    return {k: [c for c, _ in search_codes(core, k, "", limit=5000)] for k in kinds}


def text(value: Any) -> str:
    return "" if value is None else str(value)


def two_columns(pairs: list[tuple[str, Widget]]) -> Iterator[Widget]:
    """Label/field pairs for an ``entry-grid``, two pairs to a row in keying order. The
    labels of each column are one Static spanning its rows (not a Label per field: fewer
    widgets to mount); the fields keep their order, so Tab and Enter go row by row."""
    fields = [field for _, field in pairs]
    yield label_column([label for label, _ in pairs[0::2]])
    yield fields[0]
    if len(pairs) > 1:
        yield label_column([label for label, _ in pairs[1::2]])
    yield from fields[1:]


def label_column(labels: list[str]) -> Static:
    column = Static("\n".join(labels), classes="entry-label")
    column.styles.row_span = len(labels)
    return column


SCHEME = ("depb_group", "depb_item", "depb_rate", "licence_no", "licence_item_sl",
          "licence_inputs")


class ItemForm(TariffLookup, StyledOnce, IcesModal[dict]):
    """One item: tariff lookup by code or words as you type, quantity, UQC, price, scheme."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="item.submit", key_display="^S",
                tooltip="Check the item and put it on the SB"),
        Binding("escape", "cancel", "Cancel", id="item.cancel", tooltip="Close; nothing kept"),
    ]

    def __init__(self, item: dict | None, codes: dict[str, list[str]], invoices: int = 1) -> None:
        super().__init__(classes="form-modal item-form")
        self.item = dict(item or {})
        self.codes = codes
        self.invoices = invoices

    def compose(self) -> ComposeResult:
        it = self.item
        with Vertical(classes="form-box"):
            yield Static(Text("Item" + (f" {it['sl']}" if it.get("sl") else " (new)"),
                              style="bold"), classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Tariff item *", classes="form-label")
                yield compact(Input, text(it.get("tariff_item")), id="i-tariff_item",
                              placeholder="8 digits, or words to search", max_length=60)
            yield OptionList(id="item-hits", classes="lookup")
            with VerticalScroll(classes="form-body"):
                yield from self.compose_rows(it)
            yield Static("", id="item-error", classes="error")
            yield Static(Text("Code or words, then ↓ to pick · Ctrl+S done · Esc cancel",
                              style="dim"), classes="form-keys")
        yield IcesFooter()

    def compose_rows(self, it: dict) -> ComposeResult:
        for name, label, req, kw in (
                    ("description", "Description", True, {}),
                    ("quantity", "Quantity", True, {}),
                    ("uqc", "UQC", True, {"suggester": SuggestFromList(
                        self.codes.get("uqc", []), case_sensitive=False)}),
                    ("unit_price", "Unit price", True, {}),
                    ("scheme_code", "Scheme code", True, {"suggester": SuggestFromList(
                        self.codes.get("scheme", []))}),
                    ("dbk_serial", "DBK serial", False, {}),
                    ("end_use", "End use", True, {}),
                    ("invoice_sl", "Invoice sl", False, {}),
                    # scheme items: DEPB (EXP-DEPB-1) and Annexure D licences (EXP-LIC-1)
                    ("depb_group", "DEPB group", False, {}),
                    ("depb_item", "DEPB item no", False, {}),
                    ("depb_rate", "DEPB rate %", False, {}),
                    ("licence_no", "Licence no", False, {}),
                    ("licence_item_sl", "Licence item sl", False, {}),
                    ("licence_inputs", "Part-C inputs", False, {})):
            with Horizontal(classes="form-row"):
                yield Label(label + (" *" if req else ""), classes="form-label")
                yield compact(Input, text(it.get(name)), id=f"i-{name}", **kw)

    def on_mount(self) -> None:
        self.query_one("#item-hits").display = False
        self.query_one("#i-tariff_item").focus()

    @on(OptionList.OptionSelected, "#item-hits")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick_tariff(event.option.id or "")

    def action_submit(self) -> None:
        data = {name: self.query_one(f"#i-{name}", Input).value.strip()
                for name in ("tariff_item", "description", "quantity", "uqc", "unit_price",
                             "scheme_code", "dbk_serial", "end_use", "invoice_sl", *SCHEME)}
        problems = [n for n in ("tariff_item", "description", "quantity", "uqc", "unit_price",
                                "scheme_code", "end_use") if not data[n]]
        for n in ("quantity", "unit_price"):
            try:
                if data[n] and Decimal(data[n]) <= 0:
                    problems.append(f"{n} must be positive")
            except InvalidOperation:
                problems.append(f"{n} is not a number")
        if problems:
            self.query_one("#item-error", Static).update(
                Text("required or wrong: " + ", ".join(problems)))
            return
        data["uqc"] = data["uqc"].upper()
        data["invoice_sl"] = int(data["invoice_sl"] or 1)
        for name in SCHEME:  # optional: only what was keyed goes on the declaration
            if not data[name]:
                del data[name]
        self.dismiss(data)


class SbEntryScreen(StyledOnce, IcesScreen):
    """The operator's Annexure A form: a new SB, or a draft resumed by job number."""

    SCREEN_TITLE = "Shipping Bill entry (Annexure A)"
    AUTO_FOCUS = "#h-iec"
    ACT_KEYS = (
        ActKey("f2", "save", ("SB.key", "SB.correct"), "Save"),
        ActKey("f7", "checklist", ("SB.checklist",), "Checklist"),
        ActKey("f10", "submit", ("SB.submit",), "Submit"),
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="entry.back", tooltip="Back to the worklist"),
        *(k.binding() for k in ACT_KEYS),
        Binding("f6", "add_item", "Add item", key_display="F6", id="entry.add_item",
                tooltip="Add an item (tariff lookup)"),
        Binding("delete", "remove_item", "Remove item", id="entry.remove_item", show=False,
                tooltip="Remove the selected item"),
    ]

    def __init__(self, actor: Actor, job_no: int | None = None, on_change=None) -> None:
        super().__init__(classes="entry-screen")
        self.actor, self.job_no, self.on_change = actor, job_no, on_change
        self.view: SbView | None = None
        self.items: list[dict] = []
        self.codes: dict[str, list[str]] = {}
        self.dirty = False
        self.saved_data: dict = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_text(), id="entry-head")
        with VerticalScroll(id="entry-body"):
            yield Static(Text("Exporter, buyer, movement", style="bold"), classes="section")
            with Grid(classes="entry-grid label-columns"):
                header: list[tuple[str, Widget]] = [
                    (label + (" *" if required else ""), compact(
                        Input, self.actor.location_code if name == "port_of_loading" else "",
                        id=f"h-{name}")) for name, label, required in HEADER]
                header.append(("Contract", compact(Select, CONTRACTS, value="FOB",
                                                   allow_blank=False,
                                                   id="h-nature_of_contract")))
                header.append(("GST invoice", compact(Select, GST_TYPES, value="LUT",
                                                      allow_blank=False,
                                                      id="h-gst_invoice_type")))
                yield from two_columns(header)
            with Horizontal(classes="flags"):
                for name, label in FLAGS:
                    yield compact(Checkbox, label, id=f"h-{name}",
                                  value=name == "sdf_declared")
            yield Static(Text("Invoice", style="bold"), classes="section")
            with Grid(classes="entry-grid label-columns"):
                yield from two_columns([(label + (" *" if required else ""),
                                         compact(Input, "", id=f"v-{name}"))
                                        for name, label, required in INVOICE])
            yield Static(Text("Items (F6 add · Enter edit · Del remove)", style="bold"),
                         classes="section")
            table: DataTable = DataTable(id="entry-items", cursor_type="row")
            for label, width in (("Sl", 3), ("Tariff", 8), ("Description", 20), ("Qty", 9),
                                 ("UQC", 3), ("Price", 9), ("Value", 11), ("Sch", 3),
                                 ("DBK sl", 9)):
                table.add_column(label, width=width)
            yield table
            yield Static("", id="entry-total")
        yield Static("", id="entry-error", classes="error")
        yield from self.compose_footer()

    def compose_footer(self) -> ComposeResult:
        yield IcesFooter()

    def head_text(self) -> Text:
        if self.view is None:
            return Text("New shipping bill · F2 saves a draft", style="bold")
        v = self.view
        return Text.assemble((f"Job {v.job_no}", "bold"), " · ", (v.state_label, "bold"),
                             f" · checklist round {v.checklist_round}" if v.checklist_round
                             else "", " · unsaved changes" if self.dirty else "")

    def on_mount(self) -> None:
        self.run_service(load_codes, self.ices.core, then=self.got_codes)
        if self.job_no is not None:
            self.run_service(self.resume, self.job_no, then=self.resumed,
                             busy=self.query_one("#entry-body"))

    def resume(self, job_no: int) -> tuple[SbView, dict]:
        """(worker) the draft and its declaration."""
        core = self.ices.core
        return get_draft(core, job_no), filing.draft_data(core, job_no)

    def got_codes(self, codes: dict[str, list[str]]) -> None:
        self.codes = codes
        for name, kind in SUGGEST.items():
            prefix = "v" if name == "currency" else "h"
            self.query_one(f"#{prefix}-{name}", Input).suggester = SuggestFromList(
                codes.get(kind, []), case_sensitive=False)

    def resumed(self, result: tuple[SbView, dict]) -> None:
        view, data = result
        self.fill(data)
        self.saved(view, quiet=True)

    # ---- the form <-> the declaration dict ----

    def fill(self, data: dict) -> None:
        for name, _, _ in HEADER:
            self.query_one(f"#h-{name}", Input).value = text(data.get(name))
        for name in ("nature_of_contract", "gst_invoice_type"):
            if data.get(name):
                self.query_one(f"#h-{name}", Select).value = data[name]
        for name, _ in FLAGS:
            self.query_one(f"#h-{name}", Checkbox).value = bool(data.get(name))
        invoice = (data.get("invoices") or [{}])[0]
        for name, _, _ in INVOICE:
            value = invoice.get(name)
            self.query_one(f"#v-{name}", Input).value = "" if value in (None, 0) and \
                name in ("freight", "insurance", "commission", "discount") else text(value)
        self.items = [dict(i) for i in data.get("items") or []]
        self.show_items()

    def declaration(self) -> dict:
        data: dict[str, Any] = {}
        for name, _, _ in HEADER:
            data[name] = self.query_one(f"#h-{name}", Input).value.strip()
        for name in ("nature_of_contract", "gst_invoice_type"):
            data[name] = self.query_one(f"#h-{name}", Select).value
        for name, _ in FLAGS:
            data[name] = self.query_one(f"#h-{name}", Checkbox).value
        data["iec"] = data["iec"].upper()
        data["country_of_destination"] = data["country_of_destination"].upper()
        invoice = {name: self.query_one(f"#v-{name}", Input).value.strip()
                   for name, _, _ in INVOICE}
        invoice["currency"] = invoice["currency"].upper()
        data["invoices"] = [invoice]
        data["items"] = [{k: v for k, v in i.items() if k != "sl"} for i in self.items]
        return data

    def show_items(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        table.clear()
        total = Decimal(0)
        for n, i in enumerate(self.items, 1):
            i["sl"] = n
            try:
                value = Decimal(str(i["quantity"])) * Decimal(str(i["unit_price"]))
            except (InvalidOperation, KeyError):
                value = Decimal(0)
            total += value
            table.add_row(str(n), text(i.get("tariff_item")), Text(text(i.get("description"))),
                          text(i.get("quantity")), text(i.get("uqc")), text(i.get("unit_price")),
                          f"{value:,.2f}", text(i.get("scheme_code")), text(i.get("dbk_serial")),
                          key=str(n))
        self.query_one("#entry-total", Static).update(Text(
            f"{len(self.items)} item(s) · items total {total:,.2f} (must equal the invoice "
            "value)", style="dim"))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        if self.view is None or not self.is_mounted:
            return
        dirty = self.declaration() != self.saved_data
        if dirty != self.dirty:
            self.dirty = dirty
            self.query_one("#entry-head", Static).update(self.head_text())

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        """The acts the table opens on the draft as saved (a new form: keying one)."""
        return tuple(f"SB.{n}" for n in SB.open_to(self.actor, self.view))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_item":
            return bool(self.items) and self.focused is self.query_one("#entry-items")
        return super().check_action(action, parameters)

    def show_error(self, err: Exception) -> None:
        self.query_one("#entry-error", Static).update(Text(str(err)))
        self.notify(str(err), title="Refused", severity="error", markup=False)

    def action_save(self) -> None:
        self.query_one("#entry-error", Static).update("")
        data = self.declaration()
        core = self.ices.core
        if self.view is None:
            self.run_service(filing.create_draft, core, self.actor, data, then=self.saved,
                             failed=self.show_error, busy=self.query_one("#entry-body"))
        elif self.view.state == S.CHECKLIST_PRINTED:
            self.app.push_screen(FormScreen(
                "Correction after the checklist (EXP-FIL-2)",
                [Field("endorsement", "Endorsed by", required=True, max_length=200,
                       help="who marked and signed the correction on the checklist"),
                 Field("customer", "Exporter's own change (charged)", "bool")]),
                lambda d: d and self.update(data, d["endorsement"], d["customer"]))
        else:
            self.update(data)

    def update(self, data: dict, endorsement: str = "", customer: bool = False) -> None:
        assert self.view is not None
        self.run_service(filing.update_draft, self.ices.core, self.actor, self.view.job_no,
                         data, endorsement=endorsement, customer_correction=customer,
                         expected_version=self.view.version, then=self.saved,
                         failed=self.show_error, busy=self.query_one("#entry-body"))

    def saved(self, view: SbView, quiet: bool = False) -> None:
        self.view, self.job_no, self.dirty = view, view.job_no, False
        self.saved_data = self.declaration()
        self.query_one("#entry-head", Static).update(self.head_text())
        self.query_one("#entry-error", Static).update(
            Text("; ".join(view.warnings), style="yellow") if view.warnings else "")
        self.refresh_bindings()
        if not quiet:
            self.notify(f"job {view.job_no} saved ({view.state_label})", markup=False)
            if self.on_change:
                self.on_change()

    def action_checklist(self) -> None:
        if self.dirty:
            self.notify("save the changes first (F2)", severity="warning")
            return
        assert self.view is not None
        self.run_service(filing.print_checklist, self.ices.core, self.actor, self.view.job_no,
                         expected_version=self.view.version, then=self.saved,
                         failed=self.show_error, busy=self.query_one("#entry-body"))

    def action_submit(self) -> None:
        if self.dirty:
            self.notify("save the changes first (F2)", severity="warning")
            return
        assert self.view is not None
        self.run_service(filing.submit_sb, self.ices.core, self.actor, self.view.job_no,
                         expected_version=self.view.version, then=self.submitted,
                         failed=self.show_error, busy=self.query_one("#entry-body"))

    def submitted(self, view: SbView) -> None:
        self.notify(f"SB {view.sb_no} submitted: {view.route.replace('_', ' ')} — "
                    f"{view.state_label}", title="Submitted", markup=False, timeout=10)
        if self.on_change:
            self.on_change()
        self.dismiss(view.sb_no)

    def action_back(self) -> None:
        if self.dirty:
            self.notify("unsaved changes: F2 saves; Esc again leaves without saving",
                        severity="warning")
            self.saved_data = self.declaration()
            self.dirty = False
            return
        self.dismiss(None)

    # ---- items ----

    def action_add_item(self) -> None:
        self.edit_item(None)

    def edit_item(self, index: int | None) -> None:
        item = self.items[index] if index is not None else None

        def done(data: dict | None) -> None:
            if data is None:
                return
            if index is None:
                self.items.append(data)
            else:
                self.items[index] = data
            self.show_items()
            self.changed()

        self.app.push_screen(ItemForm(item, self.codes), done)

    @on(DataTable.RowSelected, "#entry-items")
    def item_selected(self, event: DataTable.RowSelected) -> None:
        self.edit_item(event.cursor_row)

    def action_remove_item(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        if 0 <= table.cursor_row < len(self.items):
            del self.items[table.cursor_row]
            self.show_items()
            self.changed()

"""Annexure A at the service centre: key a Shipping Bill, save it as a draft, print the
checklist, correct it, submit it. The form only collects; ``filing`` checks and saves.

The same form keys the exporter's amendment of a submitted SB (``amend_sb_no``, issue 15,
EXP-AMD-2/3): it loads the SB as it stands; the operator changes fields, items and the
invoice; F2 asks for the exporter's reason, shows what changes, who must allow it and the
fee the approval will charge (charges.md), and files the request
(``amendments.request_amendment``, the change as its diff).

Coded fields are looked up as they are typed (``forms.CodeLookup``: ↓ lists the hits,
Enter picks); the tariff item by code or words (``ItemForm``). Nothing typed is lost: a
refusal keeps the form as typed, marks the field it names and puts the cursor there (an
item's field: its item form opens on it); Esc with unsaved changes asks first, and the
form says it has ``unsaved`` work (Ctrl+Q and F12 ask too).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
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
from console.errors import InvalidInput
from console.money import inr
from console.roles import Actor
from console.services.exports import amendments, filing
from console.services.exports.amendments import AmendmentPreview, RequestView
from console.services.exports.sb_common import SbView, get_draft
from console.services.printjobs import PrintJob
from screens.base import ActKey, IcesModal, IcesScreen
from screens.forms import (
    CodeLookup,
    ConfirmScreen,
    EntryFormState,
    Field,
    FormScreen,
    TariffLookup,
    containers_of,
    containers_text,
    mark_field,
    refusal_text,
    text,
    unmark_field,
)
from screens.keep import Fields, Kept
from screens.prints import print_job
from screens.widgets import IcesFooter, OfficerBar, StyledOnce, compact

CONTRACTS = [("FOB", "FOB"), ("CIF", "CIF"), ("C&F", "CF"), ("C&I", "CI")]
GST_TYPES = [("LUT (no IGST)", "LUT"), ("IGST paid", "IGST_PAID"), ("Bond", "BOND")]

# (name, label, required) — header fields of Annexure A, in keying order.
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
# What the CACHE01 message carries and the counter keys too (issue 16), below the invoice:
# the GST state the goods come from, the GSTIN's type, and the containers and seals in one
# line, "number/seal/seal type/size", the containers separated by ";"
ORIGIN: list[tuple[str, str, bool]] = [
    ("state_of_origin", "State origin", False), ("gstin_type", "GSTIN type", False)]
ORIGIN_HINTS = {"state_of_origin": "GST state, 2 digits", "gstin_type": "GSN, PAN or OTH"}
CONTAINER_KEYS = ("container_no", "seal_no", "seal_type", "size")
CONTAINER_HINT = "no/seal/seal type/size; no/seal/seal type/size"
FLAGS = [("sdf_declared", "SDF (Annex B)"), ("nfei", "NFEI"), ("rosl_declared", "RoSL"),
         ("third_party_remittance", "3rd-party pay"), ("free_trade_sample", "Free sample")]
INVOICE = [("invoice_no", "Invoice no", True), ("invoice_date", "Date (Y-M-D)", True),
           ("currency", "Currency", True), ("invoice_value", "Value", True),
           ("freight", "Freight", False), ("insurance", "Insurance", False),
           ("commission", "Commission", False), ("discount", "Discount", False)]
LABELS = {n: label for n, label, _ in HEADER + INVOICE + ORIGIN} | dict(FLAGS) | {
    "nature_of_contract": "Contract", "gst_invoice_type": "GST invoice",
    "containers": "Containers"}
# coded fields looked up as typed (forms.CodeLookup): input id -> code kind
LOOKUPS = {"h-iec": "iec", "h-broker_code": "broker", "h-port_of_loading": "port",
           "h-country_of_destination": "country", "h-port_of_destination": "port",
           "h-ad_code": "ad", "h-package_kind": "package", "v-currency": "currency"}
ITEM_LOOKUPS = {"i-uqc": "uqc", "i-scheme_code": "scheme", "i-dbk_serial": "dbk"}
RANK_WORDS = {"ACDC": "AC/DC", "ADC": "Additional/Joint Commissioner", "COM": "Commissioner"}




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


def refused_field(field: str) -> tuple[str, int | None, str]:
    """A refusal's field as (part, serial, name): ``items[2].quantity`` and
    ``items.2.quantity`` -> ("items", 2, "quantity"); ``ad_code`` -> ("", None, "ad_code")."""
    for part in ("items", "invoices", "containers"):
        if field == part or field.startswith((f"{part}[", f"{part}.")):
            rest = field[len(part):].lstrip("[.")
            number, _, sub = rest.replace("]", "", 1).partition(".")
            return part, int(number) if number.isdigit() else None, sub
    return "", None, field


SCHEME = ("depb_group", "depb_item", "depb_rate", "licence_no", "licence_item_sl",
          "licence_inputs")
DECLARED = ("igst_status", "taxable_value", "igst_amount", "state_of_origin",
            "district_of_origin")
ITEM_HINTS = {"igst_status": "LUT, or P (IGST paid)", "taxable_value": "rupees, if P",
              "igst_amount": "rupees, if P", "state_of_origin": "GST state code",
              "district_of_origin": "district code"}
ITEM_FIELDS = (("description", "Description", True), ("quantity", "Quantity", True),
               ("uqc", "UQC", True), ("unit_price", "Unit price", True),
               ("scheme_code", "Scheme code", True), ("dbk_serial", "DBK serial", False),
               ("end_use", "End use", True), ("invoice_sl", "Invoice sl", False),
               # IGST and origin (CACHE01 ITEM, SW_INFO_TYPE; issue 16)
               ("igst_status", "IGST status", False), ("taxable_value", "Taxable value", False),
               ("igst_amount", "IGST amount", False), ("state_of_origin", "State origin", False),
               ("district_of_origin", "District origin", False),
               # scheme items: DEPB (EXP-DEPB-1) and Annexure D licences (EXP-LIC-1)
               ("depb_group", "DEPB group", False), ("depb_item", "DEPB item no", False),
               ("depb_rate", "DEPB rate %", False), ("licence_no", "Licence no", False),
               ("licence_item_sl", "Licence item sl", False),
               ("licence_inputs", "Part-C inputs", False))
ITEM_LABELS = {"tariff_item": "Tariff item"} | {n: label for n, label, _ in ITEM_FIELDS}


class ItemForm(TariffLookup, CodeLookup, StyledOnce, IcesModal[dict]):
    """One item: tariff lookup by code or words as you type, quantity, UQC, price, scheme
    (UQC, scheme code and drawback serial looked up as typed). ``mark``: (field, why) of a
    refusal that named this item's field: it is marked and has the cursor."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="item.submit", key_display="^S",
                tooltip="Check the item and put it on the SB"),
        Binding("escape", "cancel", "Cancel", id="item.cancel", tooltip="Close; nothing kept"),
    ]
    LOOKUPS = ITEM_LOOKUPS

    def __init__(self, item: dict | None, codes: dict | None = None, invoices: int = 1,
                 mark: tuple[str, str] | None = None, locked: bool = False) -> None:
        super().__init__(classes="form-modal item-form")
        self.item = dict(item or {})
        self.locked = locked  # amending: the fields of issue 16 are not amended here
        self.invoices = invoices
        self.mark = mark
        self.first_values: dict[str, str] | None = None
        self.marked_value: str | None = None  # the refused field's value when marked

    @property
    def unsaved_title(self) -> str:
        return "Item" + (f" {self.item['sl']}" if self.item.get("sl") else " (new)")

    @property
    def unsaved(self) -> bool:
        try:
            return self.first_values is not None and self.is_mounted and \
                self.typed() != self.first_values
        except NoMatches:  # the form is being taken down
            return False

    def compose(self) -> ComposeResult:
        it = self.item
        with Vertical(classes="form-box"):
            yield Static(Text(self.unsaved_title, style="bold"), classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Tariff item *", classes="form-label", id="il-tariff_item")
                yield compact(Input, text(it.get("tariff_item")), id="i-tariff_item",
                              placeholder="8 digits, or words to search", max_length=60,
                              validate_on=[])
            yield OptionList(id="item-hits", classes="lookup")
            with VerticalScroll(classes="form-body", can_focus=False):  # Tab: field to field
                for name, label, req in ITEM_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label + (" *" if req else ""), classes="form-label",
                                    id=f"il-{name}")
                        yield compact(Input, text(it.get(name)), id=f"i-{name}",
                                      placeholder=ITEM_HINTS.get(name, ""), validate_on=[],
                                      # the amendment diff knows the older fields only
                                      disabled=self.locked and name in DECLARED)
            yield Static("", id="item-error", classes="error")
            yield Static(Text("Code or words, then ↓ to pick · Ctrl+S done · Esc cancel",
                              style="dim"), classes="form-keys")
        yield from self.compose_hits()
        yield IcesFooter()

    def on_mount(self) -> None:
        self.query_one("#item-hits").display = False
        self.first_values = self.typed()
        if self.mark and self.mark[0] in ITEM_LABELS:
            name, why = self.mark
            widget = self.query_one(f"#i-{name}", Input)
            self.marked_value = widget.value
            mark_field(self.query_one(f"#il-{name}"), widget)
            self.query_one("#item-error", Static).update(Text(why))
            self.set_focus(widget)
        else:
            self.set_focus(self.query_one("#i-tariff_item"))

    def typed(self) -> dict[str, str]:
        return {name: self.query_one(f"#i-{name}", Input).value.strip()
                for name in ITEM_LABELS}

    @on(Input.Changed)
    def unmark(self, event: Input.Changed) -> None:
        """Typing in the marked field takes its mark off (not the change of it mounting)."""
        if event.input.has_class("-invalid") and event.value != self.marked_value:
            name = (event.input.id or "").removeprefix("i-")
            unmark_field(self.query_one(f"#il-{name}"), event.input)

    @on(OptionList.OptionSelected, "#item-hits")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick_tariff(event.option.id or "")

    def action_submit(self) -> None:
        data = self.typed()
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
        for name in SCHEME + DECLARED:  # optional: only what was keyed goes on it
            if not data[name]:
                del data[name]
        if "igst_status" in data:
            data["igst_status"] = data["igst_status"].upper()
        self.dismiss(data)


class SbEntryScreen(EntryFormState, CodeLookup, Kept, StyledOnce, IcesScreen):
    """The operator's Annexure A form: a new SB, a draft resumed by job number, or (with
    ``amend_sb_no``) the exporter's amendment of a submitted SB keyed on it."""

    SCREEN_TITLE = "Shipping Bill entry (Annexure A)"
    AUTO_FOCUS = "#h-iec"
    DEFAULT_CSS = """
    SbEntryScreen Input.-invalid { background-tint: $error 35%; }
    """
    ACT_KEYS = (
        ActKey("f2", "save", ("SB.key", "SB.correct", "SB.request_amendment"), "Save"),
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
    LOOKUPS = LOOKUPS

    def __init__(self, actor: Actor, job_no: int | None = None, on_change=None,
                 amend_sb_no: int | None = None) -> None:
        super().__init__(classes="entry-screen")
        self.actor = actor
        self.start(job_no, on_change, amend_sb_no)

    def start(self, job_no: int | None, on_change, amend_sb_no: int | None) -> None:
        """What the form holds of one document, as a fresh form holds it."""
        self.job_no, self.on_change = job_no, on_change
        self.amend_sb_no = amend_sb_no
        self.view: SbView | None = None
        self.items: list[dict] = []
        self.dirty = False
        self.saved_data: dict | None = None  # the form as last saved (or loaded)
        self.original: dict | None = None  # amendment: the declaration as it stands
        self.reason = ""  # amendment: the exporter's reason, kept across refusals
        self.refusal = ""  # what the last refusal said
        self.preview: AmendmentPreview | None = None  # amendment: as last read
        self.loading_document = job_no is not None or amend_sb_no is not None
        self.SCREEN_TITLE = (f"Amendment of SB {amend_sb_no} (Annexure A)"
                             if amend_sb_no is not None else type(self).SCREEN_TITLE)

    def reopen(self, job_no: int | None = None, on_change=None,
               amend_sb_no: int | None = None) -> None:
        """(kept, screens/keep.py) The form as a fresh one for the next document: every
        field as composed, no items, no marks, no message; then the draft or the SB to
        amend loads as on a first opening."""
        self.reopened()
        self.start(job_no, on_change, amend_sb_no)
        self.close_hits()
        self._looking = None
        self.fields.restore()
        self.lock_fields()
        self.show_items()
        self.query_one(OfficerBar).set_title(self.SCREEN_TITLE)
        self.query_one("#entry-head", Static).update(self.head_text())
        self.query_one("#entry-error", Static).update("")
        self.query_one("#entry-body", VerticalScroll).scroll_home(animate=False,
                                                                   immediate=True)
        self.begin()
        self.refresh_bindings()

    def lock_fields(self) -> None:
        """Amending: what the exporter may not amend takes no typing (EXP-AMD-2); the
        fields of issue 16 are not in the amendment's diff."""
        for name in ("iec", *(n for n, _, _ in ORIGIN), "containers"):
            self.query_one(f"#h-{name}", Input).disabled = self.amending

    @property
    def amending(self) -> bool:
        return self.amend_sb_no is not None

    @property
    def unsaved_title(self) -> str:
        if self.amending:
            return f"the amendment of SB {self.amend_sb_no}"
        return f"job {self.job_no}" if self.job_no else "a new Shipping Bill"

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_text(), id="entry-head")
        with VerticalScroll(id="entry-body", can_focus=False):  # Tab: field to field
            yield Static(Text("Exporter, buyer, movement", style="bold"), classes="section")
            with Grid(classes="entry-grid label-columns"):
                header: list[tuple[str, Widget]] = [
                    (label + (" *" if required else ""), compact(
                        Input, self.actor.location_code if name == "port_of_loading" else "",
                        id=f"h-{name}",
                        # the exporter is never changed by amendment (EXP-AMD-2)
                        disabled=self.amending and name == "iec",
                        validate_on=[]))  # the service checks; -invalid marks its refusals
                    for name, label, required in HEADER]
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
                                         compact(Input, "", id=f"v-{name}", validate_on=[]))
                                        for name, label, required in INVOICE])
            yield Static(Text("Origin, GST, containers", style="bold"), classes="section")
            with Grid(classes="entry-grid label-columns"):
                yield from two_columns([(label, compact(
                    Input, "", id=f"h-{name}", placeholder=ORIGIN_HINTS[name], validate_on=[],
                    disabled=self.amending))  # the amendment diff knows the older fields
                    for name, label, _ in ORIGIN])
            with Grid(classes="entry-grid"):
                yield Label("Containers", classes="entry-label")
                line = compact(Input, "", id="h-containers", placeholder=CONTAINER_HINT,
                               validate_on=[], disabled=self.amending)
                line.styles.column_span = 3
                yield line
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
        yield from self.compose_hits()
        yield from self.compose_footer()

    def compose_footer(self) -> ComposeResult:
        yield IcesFooter()

    def head_text(self) -> Text:
        if self.amending:
            if self.view is None:
                return Text(f"Amendment of SB {self.amend_sb_no} · loading", style="bold")
            v = self.view
            return Text.assemble((f"Amendment of SB {v.sb_no}", "bold"), " · ",
                                 v.state_label, " · F2 files the exporter's request",
                                 (" · changed" if self.dirty else "", "yellow"))
        if self.view is None:
            return Text("New shipping bill · F2 saves a draft", style="bold")
        v = self.view
        return Text.assemble((f"Job {v.job_no}", "bold"), " · ", (v.state_label, "bold"),
                             f" · checklist round {v.checklist_round}" if v.checklist_round
                             else "", " · unsaved changes" if self.dirty else "")

    def on_mount(self) -> None:
        self.fields = Fields(self)  # as composed: what a reopening puts back
        self.begin()

    def begin(self) -> None:
        """Load the draft, or the SB to amend; a new form is saved as it stands."""
        body = self.query_one("#entry-body")
        if self.job_no is not None:
            self.run_service(self.resume, self.job_no, then=self.resumed, busy=body)
        elif self.amending:
            self.run_service(amendments.amendment_form, self.ices.core, self.amend_sb_no,
                             then=self.amend_loaded, failed=self.load_refused, busy=body)
        else:
            self.saved_data = self.declaration()

    def resume(self, job_no: int) -> tuple[SbView, dict]:
        """(worker) the draft and its declaration."""
        core = self.ices.core
        return get_draft(core, job_no), filing.draft_data(core, job_no)

    def resumed(self, result: tuple[SbView, dict]) -> None:
        view, data = result
        self.loading_document = False
        self.fill(data)
        self.saved(view, quiet=True)

    def amend_loaded(self, result: tuple[SbView, dict]) -> None:
        """The SB as it stands, on the form: the items keep their serials (``orig_sl``)."""
        self.view, self.original = result
        self.loading_document = False
        self.fill(self.original)
        for n, item in enumerate(self.items, start=1):
            item["orig_sl"] = n
        self.saved_data = self.declaration()
        self.dirty = False
        self.query_one("#entry-head", Static).update(self.head_text())
        self.refresh_bindings()
        if self.focused is None:  # the IEC (the first field) is not amendable
            self.set_focus(self.query_one("#h-branch_sl"))

    def load_refused(self, err: Exception) -> None:
        self.show_error(err)

    # ---- the form <-> the declaration dict ----

    def fill(self, data: dict) -> None:
        """Show ``data`` (quietly: no lookups, no change marks while it goes in)."""
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for name, _, _ in HEADER + ORIGIN:
                self.query_one(f"#h-{name}", Input).value = text(data.get(name))
            self.query_one("#h-containers", Input).value = containers_text(
                data.get("containers"), CONTAINER_KEYS)
            for name in ("nature_of_contract", "gst_invoice_type"):
                if data.get(name):
                    self.query_one(f"#h-{name}", Select).value = data[name]
            for name, _ in FLAGS:
                self.query_one(f"#h-{name}", Checkbox).value = bool(data.get(name))
            invoice = (data.get("invoices") or [{}])[0]
            for name, _, _ in INVOICE:
                value = invoice.get(name)
                blank = name in ("freight", "insurance", "commission", "discount") and \
                    value in (None, 0, "0", "0.00")
                self.query_one(f"#v-{name}", Input).value = "" if blank else text(value)
        self.items = [dict(i) for i in data.get("items") or []]
        self.show_items()

    def declaration(self) -> dict:
        data: dict[str, Any] = {}
        for name, _, _ in HEADER + ORIGIN:
            data[name] = self.query_one(f"#h-{name}", Input).value.strip()
        data["gstin_type"] = data["gstin_type"].upper()
        data["containers"] = containers_of(self.query_one("#h-containers", Input).value,
                                           CONTAINER_KEYS)
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
        data["items"] = [{k: v for k, v in i.items() if k not in ("sl", "orig_sl")}
                         for i in self.items]
        return data

    def amended_declaration(self) -> dict:
        """The form as the amendment's "after": every invoice the SB has (the form keys the
        first), and each item with the serial it was loaded from (``sl``; none if added)."""
        assert self.original is not None
        data = self.declaration()
        data["invoices"] = [{**(self.original.get("invoices") or [{}])[0],
                             **data["invoices"][0]},
                            *(self.original.get("invoices") or [])[1:]]
        data["items"] = [{**{k: v for k, v in i.items() if k not in ("sl", "orig_sl")},
                          "sl": i.get("orig_sl")} for i in self.items]
        return data

    def show_items(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        if table.row_count:
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
    def changed(self, event: Any = None) -> None:
        widget = getattr(event, "input", None) or getattr(event, "control", None)
        if widget is not None and widget.has_class("-invalid"):
            widget.remove_class("-invalid")
        if self.saved_data is None or not self.is_attached:
            return
        dirty = self.unsaved
        if dirty != self.dirty:
            self.dirty = dirty
            self.query_one("#entry-head", Static).update(self.head_text())

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def lookup_context(self, kind: str) -> dict[str, str]:
        if kind != "ad":
            return {}
        return {"iec": self.query_one("#h-iec", Input).value.strip(),
                "port": self.query_one("#h-port_of_loading", Input).value.strip()
                or self.actor.location_code}

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        """The acts the table opens on the draft as saved (a new form: keying one); amending,
        keying the exporter's request only."""
        if self.amending:
            if self.view is None:
                return ()
            return tuple(f"SB.{n}" for n in SB.open_to(self.actor, self.view)
                         if n == "request_amendment")
        return tuple(f"SB.{n}" for n in SB.open_to(self.actor, self.view))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_item":
            return bool(self.items) and self.focused is self.query_one("#entry-items")
        if action == "add_item" and self.amending:
            return self.view is not None
        return super().check_action(action, parameters)

    # ---- refusals: said, the field marked, the cursor on it ----

    def show_error(self, err: Exception) -> None:
        label = self.mark(err.field) if isinstance(err, InvalidInput) else ""
        message = self.refusal = refusal_text(err, label)
        self.query_one("#entry-error", Static).update(Text(message))
        self.notify(message, title="Refused", severity="error", markup=False)

    def clear_marks(self) -> None:
        self.query_one("#entry-error", Static).update("")
        self.query(".-invalid").remove_class("-invalid")

    def mark(self, field: str) -> str:
        """Mark the field a refusal names and put the cursor there (an item's field: its
        item form opens on it, marked); return the field's label."""
        part, number, name = refused_field(field)
        if part == "containers":  # the one line keys them all
            part, name, field = "", "containers", \
                f"Containers {number or ''} {name.replace('_', ' ')}".strip()
        if part == "items":
            if number is not None and 0 < number <= len(self.items):
                table = self.query_one("#entry-items", DataTable)
                table.move_cursor(row=number - 1)
                self.set_focus(table)
                if name in ITEM_LABELS:
                    self.call_after_refresh(self.edit_item, number - 1, field)
                return f"Item {number}" + (f" {ITEM_LABELS.get(name, name)}" if name else "")
            self.set_focus(self.query_one("#entry-items"))
            return "Items"
        prefix = "v" if part == "invoices" else "h"
        widgets = list(self.query(f"#{prefix}-{name}"))
        if widgets:
            mark_field(None, widgets[0])
            self.set_focus(widgets[0])
            self.query_one("#entry-body", VerticalScroll).scroll_to_widget(widgets[0])
        if name == "containers":
            return field
        return (f"Invoice {number or 1} " if part == "invoices" else "") + \
            LABELS.get(name, name)

    # ---- F2: save (a draft), or file the amendment ----

    def action_save(self) -> None:
        self.clear_marks()
        if self.amending:
            self.file_amendment()
            return
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
        with self.prevent(Input.Changed):  # as the service read them (a GSTIN: type GSN)
            for name, _, _ in ORIGIN:
                self.query_one(f"#h-{name}", Input).value = getattr(view, name)
            self.query_one("#h-containers", Input).value = containers_text(
                [vars(c) for c in view.containers], CONTAINER_KEYS)
        self.saved_data = self.declaration()
        self.query_one("#entry-head", Static).update(self.head_text())
        self.query_one("#entry-error", Static).update(
            Text("; ".join(view.warnings), style="yellow") if view.warnings else "")
        self.refresh_bindings()
        if not quiet:
            self.notify(f"job {view.job_no} saved ({view.state_label})", markup=False)
            if self.on_change:
                self.on_change()

    def file_amendment(self) -> None:
        """The change against the SB as it stands; its preview (kind, who allows, the fee)
        is read first, then the exporter's reason asked and the request filed."""
        if self.view is None or self.original is None:
            return
        changes = amendments.changes_between(self.original, self.amended_declaration())
        if not changes:
            self.query_one("#entry-error", Static).update(Text(
                "nothing differs from the SB as it stands: change what the exporter asks, "
                "then F2", style="yellow"))
            return
        self.run_service(amendments.preview_amendment, self.ices.core, self.view.sb_no,
                         changes, then=lambda preview: self.ask_reason(preview, changes),
                         failed=self.show_error, busy=self.query_one("#entry-body"))

    def ask_reason(self, preview: AmendmentPreview, changes: dict) -> None:
        core, actor, sb_no = self.ices.core, self.actor, preview.sb_no
        self.preview = preview
        said = [f"{c.where} {c.field.replace('_', ' ')}: {text(c.before) or '—'} → "
                f"{text(c.after) or '—'}" if c.action == "change"
                else f"{c.where} {'added' if c.action == 'add' else 'removed'}"
                for c in preview.changes if c.action == "change" or c.field == "tariff_item"]
        shown = "; ".join(said[:4]) + (f"; and {len(said) - 4} more" if len(said) > 4 else "")
        note = (f"{preview.kind_label.capitalize()} ({preview.rule}): {shown}.\n"
                f"Allowed by {preview.allowed_by.split(': ')[-1]}. "
                f"Fee ₹{inr(preview.fee)} on approval: {preview.fee_basis}.")
        form = FormScreen(
            f"Amendment of SB {sb_no}: the exporter's application",
            [Field("reason", "Reason", "lines", required=True, value=self.reason,
                   help="the exporter's, as their application says it")],
            note=note, submit_label="file the request",
            save=lambda d: amendments.request_amendment(
                core, actor, sb_no, changes, "\n".join(d["reason"]), kind=preview.kind))

        def elsewhere(err: Exception) -> bool:
            """A refusal of the change itself: back on the form, the field marked."""
            self.reason = "\n".join(form.values()[0]["reason"])
            self.show_error(err)
            return True

        form.refused = elsewhere
        self.ask(form, self.amendment_filed)

    def amendment_filed(self, req: RequestView) -> None:
        self.saved_data = self.declaration()  # filed: nothing unsaved
        who = RANK_WORDS.get(req.required_rank, req.required_rank)
        fee = self.preview.fee if self.preview else 0
        fee_said = f"; fee ₹{inr(fee)} on approval" if fee else ""
        self.notify(f"SB {req.sb_no}: request {req.id} ({req.kind_label}) keyed — waits for "
                    f"the {who}'s permission{fee_said}", title="Amendment filed", markup=False,
                    timeout=10)
        if self.on_change:
            self.on_change()
        self.dismiss(req.id)

    # ---- F7, F10: checklist and submission ----

    def action_checklist(self) -> None:
        if self.dirty:
            self.notify("save the changes first (F2)", severity="warning")
            return
        assert self.view is not None
        self.run_service(print_job, self.ices.core, self.actor, "checklist",
                         f"J{self.view.job_no}", expected_version=self.view.version,
                         then=self.checklist_printed, failed=self.show_error,
                         busy=self.query_one("#entry-body"))

    def checklist_printed(self, result: tuple[Path, PrintJob]) -> None:
        """The round recorded and its PDF written (as the BE form prints its checklist)."""
        path, job = result
        self.saved(job.view, quiet=True)
        if self.on_change:
            self.on_change()
        self.notify(f"checklist printed: {path} — the exporter signs it, then F10",
                    markup=False)

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
        """Back; with unsaved changes, ask first (Enter discards them, Esc stays)."""
        if not self.unsaved:
            self.dismiss(None)
            return
        what = ("the changes to the amendment are not filed" if self.amending
                else "the changes are not saved")
        self.app.push_screen(ConfirmScreen(
            f"Leave the form? {what[:1].upper()}{what[1:]}",
            "Enter leaves and discards what is typed; Esc goes back to the form (F2 "
            + ("files the request)." if self.amending else "saves).")),
            lambda done: self.dismiss(None) if done is not None else None)

    # ---- items ----

    def action_add_item(self) -> None:
        self.edit_item(None)

    def edit_item(self, index: int | None, refused: str = "") -> None:
        item = self.items[index] if index is not None else None
        mark = (refused_field(refused)[2], self.refusal) if refused else None

        def done(data: dict | None) -> None:
            if data is None:
                return
            if index is None:
                self.items.append(data)
            else:
                if item is not None and "orig_sl" in item:
                    data["orig_sl"] = item["orig_sl"]  # the SB's item it amends
                self.items[index] = data
            self.show_items()
            self.changed()
            table = self.query_one("#entry-items", DataTable)
            table.move_cursor(row=len(self.items) - 1 if index is None else index)
            self.set_focus(table)

        self.app.push_screen(ItemForm(item, mark=mark, locked=self.amending), done)

    @on(DataTable.RowSelected, "#entry-items")
    def item_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.items):
            self.edit_item(event.cursor_row)

    def action_remove_item(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        if 0 <= table.cursor_row < len(self.items):
            del self.items[table.cursor_row]
            self.show_items()
            self.changed()


"""Annexure C at the service centre: key a Bill of Entry against an IGM line, save it as a
draft, print the checklist for the importer, submit it (IMP-BE-1..5). The form only
collects; ``bills_of_entry`` checks and saves.

The type decides the form (IMP-BE-5). H (home consumption) and W (warehousing, with the
warehouse code of WH-1) carry the importer, the IGM line, the invoice, and items keyed with
a tariff lookup by code or words. X (ex-bond, WH-3) names the warehousing BE by number and
date and clears quantities of its items, picked from its warehouse ledger.

A refusal changes nothing: an ``InvalidInput`` marks its field (label and input in red, the
cursor on it; for an item, its row) and the status line says why, with the rule; any other
refusal (a ``RuleViolation``) is said in the status line with its rule. A saved draft stays
editable (F2 saves the correction, ``correct_be``); F7 prints the checklist round for the
importer (IMP-BE-2; a PDF under ``prints/``); after it, a correction asks who endorsed it on
the checklist and returns the BE to draft for a new round. F10 submits the signed checklist
for the BE number and self-assessment (IMP-BE-3/4). The operator's BE list (F10 on the home
screen) reopens a draft here, filled from the Annexure C as keyed.

The same form keys the importer's amendment of a submitted BE (``amend_be_no``, IMP-AMD-1,
issue 15): it loads the BE as it stands; the operator changes what may be amended (the
invoice value, freight, insurance, the high-sea sale, the items in place); F2 asks for the
importer's reason, shows each change and the service centre's amendment charge
(charges.md), and files the request (``be_amendments.request_amendment``).

Coded fields are looked up as typed (``forms.CodeLookup``: IEC, currency, UQC, country of
origin). Nothing typed is lost: Esc with unsaved changes asks first, the form says it has
``unsaved`` work (Ctrl+Q and F12 ask too), and a refused item field opens its item form
on it, marked.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import (
    Checkbox,
    DataTable,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from console.acts.be import BE, B
from console.errors import InvalidInput
from console.money import inr
from console.roles import Actor
from console.services.bonds import warehousing
from console.services.bonds.warehousing import WarehouseView
from console.services.imports import be_amendments
from console.services.imports import bills_of_entry as bes
from console.services.imports.be_amendments import BeAmendmentPreview, BeAmendmentView
from console.services.imports.bills_of_entry import BeView
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
from screens.widgets import FieldInput, OfficerBar

BE_TYPES = [(f"{code} {label}", code) for code, label in bes.BE_TYPES.items()]
# (name, label, required, the types that carry it): Annexure C's head, in keying order
HEADER: list[tuple[str, str, bool, str]] = [
    ("iec", "Importer IEC", True, "HW"), ("igm_no", "IGM no", True, "HW"),
    ("bl_no", "B/L no", True, "HW"), ("currency", "Currency", True, "HW"),
    ("invoice_value", "Invoice value", True, "HW"), ("freight", "Freight", False, "HW"),
    ("insurance", "Insurance", False, "HW"),
    # what the invoice value includes and the nature of the transaction (issue 16)
    ("terms_of_invoice", "Terms of inv.", False, "HW"),
    ("nature_of_transaction", "Nature of txn", False, "HW"),
    ("warehouse_code", "Warehouse", False, "W"),  # WH-1; blank: the port's default
    ("bank_rate", "Bank rate", False, "HW"),  # un-notified currency only (IMP-REG-3)
    ("bank_certificate", "Bank cert.", False, "HW"),
    ("wh_be_no", "W BE no", True, "X"), ("wh_be_date", "W BE date", True, "X"),  # WH-3
    # a continuity bond declared (BND-6) and the EOU option (BND-12)
    ("bond_type", "Bond type", False, "HW"), ("bond_no", "Bond no", False, "HW"),
    ("eou_option", "EOU option", False, "HW"),
    # a high-sea sale (IMP-DUT-6): the seller and the charges, a rate or a value
    ("hss_seller_iec", "HSS seller", False, "HW"), ("hss_charge_rate", "HSS charge %", False,
                                                    "HW"),
    ("hss_charge_value", "HSS charge", False, "HW"),
    # the CTX registration (issue 16): tax type (G GSTIN...), its number, the GST state
    ("tax_type", "Tax type", False, "HWX"), ("gstin", "GSTIN/tax no", False, "HWX"),
    ("gst_state_code", "GST state", False, "HWX"),
]
PLACEHOLDERS = {"wh_be_date": "YYYY-MM-DD", "terms_of_invoice": "FOB CF CI CIF",
                "nature_of_transaction": "S sale, C, H, F...", "tax_type": "G GSTIN, I PAN...",
                "gst_state_code": "2 digits"}
# Containers and seals (CACHI01 CONTAINER; H and W) in one line of the form:
# "number/seal/size/FCL or LCL", the containers separated by ";"
CONTAINER_KEYS = ("container_no", "seal_no", "size", "fcl_lcl")
CONTAINER_HINT = "no/seal/size/FCL; no/seal/size/LCL"


# Annexure C's nested parts, keyed in flat inputs: {input: (part, key)}
NESTED = {"bond_type": ("bond", "type"), "bond_no": ("bond", "number"),
          "hss_seller_iec": ("high_sea_sale", "seller_iec"),
          "hss_charge_rate": ("high_sea_sale", "charge_rate"),
          "hss_charge_value": ("high_sea_sale", "charge_value")}
# a field the service names -> the input that keys it
INPUT_OF = {f"{part}.{key}": name for name, (part, key) in NESTED.items()} | {
    "bond": "bond_no", "high_sea_sale": "hss_seller_iec"}
LABELS = {name: label for name, label, _, _ in HEADER} | {
    "be_type": "BE type", "items": "Items", "first_check": "First check",
    "containers": "Containers"}
ITEM = [("tariff_item", "Tariff item", True), ("description", "Description", True),
        ("quantity", "Quantity", True), ("uqc", "UQC", True), ("value", "Value", True),
        # claims (be_duty.ITEM_CLAIMS): country of origin and anti-dumping duty (IMP-DUT-5),
        # a tariff value (IMP-DUT-4), an exemption under a licence (IMP-LIC-2)
        ("origin_country", "Origin", False), ("add_notification", "ADD notifn", False),
        ("add_item_sl", "ADD item sl", False), ("add_producer_sl", "ADD producer", False),
        ("tv_notification", "TV notifn", False), ("tv_sl", "TV sl", False),
        ("tv_quantity", "TV quantity", False), ("licence_no", "Licence no", False),
        ("licence_sl", "Licence sl", False)]
X_ITEM = [("wh_sl", "W BE item", True), ("quantity", "Quantity", True)]
ITEM_LABELS = {name: label for name, label, _ in ITEM + X_ITEM}
COLUMNS = {"HW": (("Sl", 3), ("Tariff", 8), ("Description", 24), ("Qty", 10), ("UQC", 4),
                  ("Value", 12)),
           "X": (("Sl", 3), ("W sl", 4), ("Tariff", 8), ("Description", 24), ("Qty", 10),
                 ("UQC", 4))}
# coded fields looked up as typed (forms.CodeLookup): input id -> code kind
LOOKUPS = {"h-iec": "iec", "h-currency": "currency", "h-hss_seller_iec": "iec"}
ITEM_LOOKUPS = {"i-uqc": "uqc", "i-origin_country": "country"}
# what an amendment may change (IMP-AMD-1): these head inputs and the items in place
AMENDABLE = ("invoice_value", "freight", "insurance", "hss_seller_iec", "hss_charge_rate",
             "hss_charge_value")


def draft(core, job_no: int) -> tuple[BeView, dict]:
    """(worker) a saved BE and its Annexure C as keyed."""
    return bes.get_job(core, job_no), bes.keyed_declaration(core, job_no)



def group(be_type: str) -> str:
    """``HW`` or ``X``: which items and columns the type takes."""
    return "X" if be_type == "X" else "HW"


def amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


class BeItemForm(TariffLookup, CodeLookup, IcesModal[dict]):
    """One item. H/W: tariff item looked up by code or words as you type, description,
    quantity, UQC, value (UQC and country of origin looked up as typed). X: an item of the
    warehousing BE (its ledger listed) and the quantity to clear. ``mark``: (field, why) of
    a refusal that named this item's field: marked, with the cursor on it. ``fixed``: an
    amended item keeps its place (the tariff lookup still helps)."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="be_item.submit", key_display="^S",
                tooltip="Check the item and put it on the BE"),
        Binding("escape", "cancel", "Cancel", id="be_item.cancel",
                tooltip="Close; nothing kept"),
    ]
    SUBMIT_ON = "i-value"  # the claims below it are reached with Tab
    LOOKUPS = ITEM_LOOKUPS

    def __init__(self, item: dict | None, kind: str, uqcs: list[str] | None = None,
                 wh_be_no: int | None = None, mark: tuple[str, str] | None = None) -> None:
        super().__init__(classes="form-modal item-form")
        self.item, self.kind, self.wh_be_no = dict(item or {}), kind, wh_be_no
        self.mark = mark
        self.ledger: dict[str, tuple[str, str, str]] = {}  # sl -> tariff, description, uqc
        self.first = "i-wh_sl" if kind == "X" else "i-tariff_item"
        self.first_values: dict[str, str] | None = None
        self.marked_value: str | None = None  # the refused field's value when marked

    @property
    def fields(self) -> list[tuple[str, str, bool]]:
        return X_ITEM if self.kind == "X" else ITEM

    def typed(self) -> dict[str, str]:
        return {name: self.query_one(f"#i-{name}", Input).value.strip()
                for name, _, _ in self.fields}

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
        fields = X_ITEM if self.kind == "X" else ITEM
        with Vertical(classes="form-box"):
            yield Static(Text("Item" + (f" {it['sl']}" if it.get("sl") else " (new)"),
                              style="bold"), classes="form-title")
            yield from self.rows(fields[:1])
            yield OptionList(id="item-hits", classes="lookup")
            yield from self.rows(fields[1:5])
            if len(fields) > 5:  # the claims, scrolled below the item itself
                yield Static(Text("Claims (blank if none)", style="dim"))
                with VerticalScroll(classes="item-claims", can_focus=False):
                    yield from self.rows(fields[5:])
            yield Static("", id="item-error", classes="error")
            hint = ("Code or words, ↓ to pick · Tab: claims" if self.kind != "X"
                    else "↓ picks an item of the W BE")
            yield Static(Text(f"{hint} · Ctrl+S done · Esc cancel", style="dim"),
                         classes="form-keys")
        yield from self.compose_hits()
        yield Footer(compact=True)

    def rows(self, fields: list[tuple[str, str, bool]]) -> ComposeResult:
        it = self.item
        for name, label, required in fields:
            with Horizontal(classes="form-row"):
                yield Label(label + (" *" if required else ""), classes="form-label",
                            id=f"il-{name}")
                kw: dict[str, Any] = {}
                if name == "tariff_item":
                    kw["placeholder"] = "8 digits, or words to search"
                if name == "wh_sl":
                    kw["placeholder"] = "item no of the W BE; ↓ lists them"
                yield FieldInput(text(it.get(name)), id=f"i-{name}", compact=True,
                                 max_length=300, validate_on=[], **kw)

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
            self.set_focus(self.query_one(f"#{self.first}"))
        if self.kind == "X" and self.wh_be_no:
            self.run_service(warehousing.get_warehouse, self.ices.core, self.wh_be_no,
                             then=self.show_ledger, failed=self.show_error)

    def show_error(self, err: Exception) -> None:
        self.query_one("#item-error", Static).update(Text(str(err)))

    def show_ledger(self, wh: WarehouseView) -> None:
        """X: the W BE's goods in the warehouse, with what is left of each (WH-2/3)."""
        self.ledger = {str(x.item_sl): (x.tariff_item, x.description, x.uqc) for x in wh.lines}
        box = self.query_one("#item-hits", OptionList)
        box.clear_options()
        box.add_options([Option(Text.assemble((str(x.item_sl), "bold"), " ", x.tariff_item,
                                              " ", x.description[:34],
                                              f" · left {x.balance} {x.uqc}"),
                                id=str(x.item_sl)) for x in wh.lines])
        box.display = bool(wh.lines)

    @on(Input.Changed)
    def unmark(self, event: Input.Changed) -> None:
        """Typing in the marked field takes its mark off (not the change of it mounting)."""
        if event.input.has_class("-invalid") and event.value != self.marked_value:
            name = (event.input.id or "").removeprefix("i-")
            unmark_field(next(iter(self.query(f"#il-{name}")), None), event.input)

    @on(OptionList.OptionSelected, "#item-hits")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.kind == "X":
            self.query_one("#i-wh_sl", Input).value = event.option.id or ""
            self.set_focus(self.query_one("#i-quantity"))
        else:
            self.pick_tariff(event.option.id or "")

    def action_submit(self) -> None:
        fields = X_ITEM if self.kind == "X" else ITEM
        data = {name: self.query_one(f"#i-{name}", Input).value.strip()
                for name, _, _ in fields}
        problems = [label for name, label, required in fields if required and not data[name]]
        for name in ("quantity", "value"):
            if data.get(name):
                number = amount(data[name])
                if number is None or not number.is_finite():
                    problems.append(f"{ITEM_LABELS[name]} is not a number")
                elif number <= 0:
                    problems.append(f"{ITEM_LABELS[name]} must be above zero")
        if problems:
            self.query_one("#item-error", Static).update(
                Text("required or wrong: " + ", ".join(problems)))
            return
        if self.kind == "X":  # what the ledger says of it, for the table only
            tariff, description, uqc = self.ledger.get(data["wh_sl"], ("", "", ""))
            data.update(tariff_item=tariff, description=description, uqc=uqc)
        else:
            data["uqc"] = data["uqc"].upper()
        self.dismiss(data)


class BeEntryScreen(EntryFormState, CodeLookup, Kept, IcesScreen):
    """The operator's Annexure C form: a new Bill of Entry, keyed, saved, checked, submitted;
    or (with ``amend_be_no``) the importer's amendment of a submitted BE keyed on it."""

    SCREEN_TITLE = "Bill of Entry entry (Annexure C)"
    AUTO_FOCUS = "#h-iec"
    ACT_KEYS = (
        ActKey("f2", "save", ("BE.key", "BE.correct", "BE.request_amendment"), "Save"),
        ActKey("f7", "checklist", ("BE.checklist", "BE.print_be_checklist"), "Checklist"),
        ActKey("f10", "submit", ("BE.submit",), "Submit"),
    )
    BINDINGS = [
        Binding("escape", "back", "Back", id="be_entry.back", tooltip="Back to the worklist"),
        *(k.binding() for k in ACT_KEYS),
        Binding("f6", "add_item", "Add item", key_display="F6", id="be_entry.add_item",
                tooltip="Add an item (tariff lookup; X: an item of the W BE)"),
        Binding("delete", "remove_item", "Remove item", id="be_entry.remove_item", show=False,
                tooltip="Remove the selected item"),
    ]
    LOOKUPS = LOOKUPS

    def __init__(self, actor: Actor, on_change=None, job_no: int | None = None,
                 amend_be_no: int | None = None) -> None:
        super().__init__(classes="entry-screen")
        self.actor = actor
        self.columns = ""  # the item columns shown: HW or X
        self.start(on_change, job_no, amend_be_no)

    def start(self, on_change, job_no: int | None, amend_be_no: int | None) -> None:
        """What the form holds of one document, as a fresh form holds it."""
        self.on_change, self.job_no = on_change, job_no
        self.amend_be_no = amend_be_no
        self.view: BeView | None = None
        self.items: list[dict] = []
        self.printed: Path | None = None
        self.saved_data: dict | None = None  # the form as last saved (or loaded)
        self.original: dict | None = None  # amendment: the Annexure C as it stands
        self.reason = ""  # amendment: the importer's reason, kept across refusals
        self.refusal = ""  # what the last refusal said
        self.loading_document = job_no is not None or amend_be_no is not None
        self.SCREEN_TITLE = (f"Amendment of BE {amend_be_no} (Annexure C)"
                             if amend_be_no is not None else type(self).SCREEN_TITLE)

    def reopen(self, on_change=None, job_no: int | None = None,
               amend_be_no: int | None = None) -> None:
        """(kept, screens/keep.py) The form as a fresh one for the next document: every
        field as composed, no items, no marks, no message; then the draft or the BE to
        amend loads as on a first opening."""
        self.reopened()
        self.start(on_change, job_no, amend_be_no)
        self.close_hits()
        self._looking = None
        self.clear_marks()
        self.fields.restore()
        self.lock_fields()
        self.query_one(OfficerBar).set_title(self.SCREEN_TITLE)
        self.query_one("#items-section", Static).update(self.items_title())
        self.query_one("#entry-head", Static).update(self.head_text())
        self.query_one("#entry-body", VerticalScroll).scroll_home(animate=False,
                                                                   immediate=True)
        self.begin()
        self.refresh_bindings()

    def lock_fields(self) -> None:
        """Amending: only what may be amended takes typing (IMP-AMD-1)."""
        for widget in (self.query_one("#h-be_type", Select),
                       self.query_one("#h-first_check", Checkbox),
                       self.query_one("#h-containers", Input)):
            widget.disabled = self.amending
        for name, _, _, _ in HEADER:
            self.query_one(f"#h-{name}", Input).disabled = (self.amending
                                                            and name not in AMENDABLE)

    def items_title(self) -> Text:
        return Text("Items (Enter edits in place)" if self.amending else
                    "Items (F6 add · Enter edit · Del remove)", style="bold")

    @property
    def amending(self) -> bool:
        return self.amend_be_no is not None

    @property
    def unsaved_title(self) -> str:
        if self.amending:
            return f"the amendment of BE {self.amend_be_no}"
        return f"BE job {self.job_no}" if self.job_no else "a new Bill of Entry"

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_text(), id="entry-head")
        with VerticalScroll(id="entry-body", can_focus=False):  # Tab: field to field
            yield Static("", classes="section", id="head-section")
            with Grid(classes="entry-grid"):
                yield Label("BE type *", classes="entry-label", id="l-be_type")
                yield Select(BE_TYPES, value="H", allow_blank=False, id="h-be_type",
                             compact=True, disabled=self.amending)
                yield Label("Examination", classes="entry-label", id="l-first_check")
                yield Checkbox("first check", id="h-first_check", compact=True,
                               disabled=self.amending)
                for name, label, required, _ in HEADER:
                    yield Label(label + (" *" if required else ""), classes="entry-label",
                                id=f"l-{name}")
                    # validate_on=[]: the service checks; -invalid marks its refusals only
                    yield FieldInput("", id=f"h-{name}", compact=True, max_length=80,
                                     placeholder=PLACEHOLDERS.get(name, ""), validate_on=[],
                                     disabled=self.amending and name not in AMENDABLE)
            with Grid(classes="entry-grid", id="containers-grid"):
                yield Label("Containers", classes="entry-label", id="l-containers")
                line = FieldInput("", id="h-containers", compact=True, max_length=600,
                                  placeholder=CONTAINER_HINT, validate_on=[],
                                  disabled=self.amending)
                line.styles.column_span = 3
                yield line
            yield Static(self.items_title(), classes="section", id="items-section")
            yield DataTable(id="entry-items", cursor_type="row")
            yield Static("", id="entry-total")
        yield Static("", id="entry-error", classes="error")
        yield from self.compose_hits()
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.fields = Fields(self)  # as composed: what a reopening puts back
        self.begin()

    def begin(self) -> None:
        """Show the type's fields; load the draft, or the BE to amend; a new form is saved
        as it stands."""
        self.show_type()
        self.show_items()
        body = self.query_one("#entry-body")
        if self.job_no is not None:
            self.run_service(draft, self.ices.core, self.job_no, then=self.resumed,
                             failed=self.refused, busy=body)
        elif self.amending:
            self.run_service(be_amendments.amendment_form, self.ices.core, self.amend_be_no,
                             then=self.amend_loaded, failed=self.refused, busy=body)
        else:
            self.saved_data = self.declaration()

    def fill(self, view: BeView, data: dict) -> None:
        """Show Annexure C ``data`` (quietly: no lookups, no marks while it goes in)."""
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one("#h-be_type", Select).value = data.get("be_type") or view.be_type
            self.query_one("#h-first_check", Checkbox).value = bool(data.get("first_check"))
            for name, _, _, _ in HEADER:
                part, key = NESTED.get(name, ("", name))
                source = (data.get(part) or {}) if part else data
                self.query_one(f"#h-{name}", Input).value = text(source.get(key))
            self.query_one("#h-containers", Input).value = containers_text(
                data.get("containers"), CONTAINER_KEYS)
        self.items = [dict(i) for i in data.get("items") or []]
        self.show_type()
        self.show_items()

    def resumed(self, result: tuple[BeView, dict]) -> None:
        view, data = result
        self.loading_document = False
        self.fill(view, data)
        self.saved(view, quiet=True)

    def amend_loaded(self, result: tuple[BeView, dict]) -> None:
        """The BE as it stands, on the form; only what may be amended takes typing."""
        self.view, self.original = result
        self.loading_document = False
        self.fill(*result)
        self.saved_data = self.declaration()
        self.show_view()
        self.set_focus(self.query_one("#h-invoice_value"))

    def head_text(self) -> Text:
        if self.amending:
            if self.view is None:
                return Text(f"Amendment of BE {self.amend_be_no} · loading", style="bold")
            v = self.view
            return Text.assemble((f"Amendment of BE {v.be_no}", "bold"), " · ",
                                 v.state.replace("_", " "), " · F2 files the importer's request",
                                 (" · what may be amended takes typing", "dim"))
        if self.view is None:
            if self.job_no is not None:
                return Text(f"Job {self.job_no} · loading", style="bold")
            return Text("New Bill of Entry · F2 saves a draft", style="bold")
        v = self.view
        head = Text.assemble((f"Job {v.job_no}", "bold"), " · ",
                             (v.state.replace("_", " "), "bold"),
                             f" · IGM {v.igm_no} B/L {v.bl_no}")
        head.append(" · F7 prints the checklist" if v.state == B.DRAFT
                    else " · F10 submits · F2 saves a correction", "dim")
        return head

    @property
    def editable(self) -> bool:
        """A new BE, or a draft or printed checklist (corrected by ``correct_be``)."""
        return self.view is None or "BE.correct" in self.open_acts()

    # ---- the form <-> Annexure C ----

    @property
    def be_type(self) -> str:
        value = self.query_one("#h-be_type", Select).value
        return value if isinstance(value, str) else "H"

    def show_type(self) -> None:
        kind = self.be_type
        for name, _, _, types in HEADER:
            shown = kind in types
            self.query_one(f"#l-{name}").display = shown
            self.query_one(f"#h-{name}").display = shown
        self.query_one("#containers-grid").display = kind != "X"
        self.query_one("#head-section", Static).update(Text(
            "The warehousing BE it clears (WH-3)" if kind == "X"
            else "Importer, IGM line, invoice", style="bold"))

    @on(Select.Changed, "#h-be_type")
    def type_changed(self) -> None:
        self.show_type()
        if self.items and self.columns != group(self.be_type):
            self.items = []
            self.notify("items cleared: an X BE clears items of its warehousing BE, an H or "
                        "W BE declares its own", severity="warning")
        self.show_items()

    def declaration(self) -> dict:
        kind = self.be_type
        data: dict[str, Any] = {"be_type": kind,
                                "first_check": self.query_one("#h-first_check", Checkbox).value}
        for name, _, _, types in HEADER:
            if kind in types:
                data[name] = self.query_one(f"#h-{name}", Input).value.strip()
        if kind != "X":
            containers = containers_of(self.query_one("#h-containers", Input).value,
                                       CONTAINER_KEYS)
            if containers:
                data["containers"] = containers
        for name in ("iec", "currency", "bl_no", "warehouse_code", "bond_type", "eou_option",
                     "hss_seller_iec", "terms_of_invoice", "nature_of_transaction", "tax_type",
                     "gstin"):
            if name in data:
                data[name] = data[name].upper()
        for name, (part, key) in NESTED.items():
            value = data.pop(name, "")
            if value:
                data.setdefault(part, {})[key] = value
        if not data.get("eou_option"):
            data.pop("eou_option", None)
        keys = ("wh_sl", "quantity") if kind == "X" else [n for n, _, _ in ITEM]
        data["items"] = [{k: i.get(k, "") for k in keys} for i in self.items]
        return data

    def show_items(self) -> None:
        kind = group(self.be_type)
        table = self.query_one("#entry-items", DataTable)
        if self.columns != kind:
            self.columns = kind
            table.clear(columns=True)
            for label, width in COLUMNS[kind]:
                table.add_column(label, width=width)
        if table.row_count:
            table.clear()
        total = Decimal(0)
        for n, i in enumerate(self.items, 1):
            i["sl"] = n
            described = (text(i.get("tariff_item")), Text(text(i.get("description"))),
                         text(i.get("quantity")), text(i.get("uqc")))
            if kind == "X":
                table.add_row(str(n), text(i.get("wh_sl")), *described, key=str(n))
            else:
                total += amount(i.get("value")) or 0
                table.add_row(str(n), *described, text(i.get("value")), key=str(n))
        summary = f"{len(self.items)} item(s)"
        if kind == "X":
            summary += " of the warehousing BE, at its values and rate (WH-3)"
        else:
            summary += f" · items total {total:,.2f} (must equal the invoice value)"
        self.query_one("#entry-total", Static).update(Text(summary, style="dim"))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        if event.input.has_class("-invalid"):
            name = (event.input.id or "").removeprefix("h-")
            unmark_field(next(iter(self.query(f"#l-{name}")), None), event.input)

    # ---- refusals ----

    def clear_marks(self) -> None:
        self.query_one("#entry-error", Static).update("")
        for label in self.query(".entry-label.-error"):
            unmark_field(label)
        self.query("Input").remove_class("-invalid")

    def refused(self, err: Exception) -> None:
        """Say why in the status line (with the rule); an ``InvalidInput`` also marks its
        field, and the cursor goes there (an item's field: its item form opens on it)."""
        label = self.mark(err.field) if isinstance(err, InvalidInput) else ""
        message = self.refusal = refusal_text(err, label)
        self.query_one("#entry-error", Static).update(Text(message))
        self.notify(message, title="Refused", severity="error", markup=False)

    def mark(self, field: str) -> str:
        """Mark the field a refusal names; return its label."""
        field = INPUT_OF.get(field, field)
        if field.startswith("containers["):  # containers[2].seal_no: the one line keys all
            number, _, sub = field[len("containers["):].partition("]")
            return f"{self.mark('containers')} {number} " + sub.lstrip(".").replace("_", " ")
        if field in LABELS and field not in ("items", "first_check"):
            widget = self.query_one(f"#h-{field}")
            mark_field(self.query_one(f"#l-{field}"), widget)
            if widget.display and not widget.disabled:
                self.set_focus(widget)
            return LABELS[field]
        if field.startswith(("items[", "items.")):
            number, _, sub = field[len("items["):].partition("]") if field.startswith(
                "items[") else field[len("items."):].partition(".")
            sub = sub.lstrip(".")
            table = self.query_one("#entry-items", DataTable)
            if number.isdigit() and 0 < int(number) <= table.row_count:
                table.move_cursor(row=int(number) - 1)
                self.set_focus(table)
                if sub in ITEM_LABELS:
                    self.call_after_refresh(self.edit_item, int(number) - 1, sub)
            return f"Item {number}" + (f" {ITEM_LABELS.get(sub, sub)}" if sub else "")
        return LABELS.get(field, field)

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        """The acts the table opens on the BE as saved (a new form: keying one); amending,
        keying the importer's request only."""
        if self.amending:
            if self.view is None:
                return ()
            return tuple(f"BE.{n}" for n in BE.open_to(self.actor, self.view)
                         if n == "request_amendment")
        return tuple(f"BE.{n}" for n in BE.open_to(self.actor, self.view))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "add_item") and self.view is None and self.job_no is not None:
            return False  # a job still loading
        if action in ("add_item", "remove_item") and self.amending:
            return False  # an amendment changes the items in place (IMP-AMD-1)
        if action == "add_item":
            return self.editable
        if action == "remove_item":
            return (self.editable and bool(self.items)
                    and self.focused is self.query_one("#entry-items"))
        return super().check_action(action, parameters)

    def action_save(self) -> None:
        self.clear_marks()
        if self.amending:
            self.file_amendment()
            return
        data = self.declaration()
        if self.view is None:
            self.run_service(bes.file_be, self.ices.core, self.actor, data, then=self.saved,
                             failed=self.refused, busy=self.query_one("#entry-body"))
        elif self.view.state == B.CHECKLIST_PRINTED:
            self.app.push_screen(FormScreen(
                "Correction after the checklist (IMP-BE-2)",
                [Field("endorsement", "Endorsed by", required=True, max_length=200,
                       help="who marked and signed the correction on the checklist")]),
                lambda d: d and self.correct(data, d["endorsement"]))
        else:
            self.correct(data)

    def correct(self, data: dict, endorsement: str = "") -> None:
        assert self.view is not None
        self.run_service(bes.correct_be, self.ices.core, self.actor, self.view.job_no, data,
                         endorsement=endorsement, expected_version=self.view.version,
                         then=self.saved, failed=self.refused,
                         busy=self.query_one("#entry-body"))

    def saved(self, view: BeView, quiet: bool = False) -> None:
        """Saved: the inputs show what the service read; the items its values."""
        first = self.view is None
        self.view, self.job_no = view, view.job_no
        if view.be_type != "X":  # as the service read them
            with self.prevent(Input.Changed):
                for name, value in (("iec", view.iec), ("igm_no", view.igm_no),
                                    ("bl_no", view.bl_no), ("currency", view.currency),
                                    ("invoice_value", view.invoice_value_fc)):
                    self.query_one(f"#h-{name}", Input).value = text(value)
                self.query_one("#h-containers", Input).value = containers_text(
                    [vars(c) for c in view.containers], CONTAINER_KEYS)
        with self.prevent(Input.Changed):  # the declared fields as read (C&F -> CF...)
            for name in bes.DECLARED:
                self.query_one(f"#h-{name}", Input).value = getattr(view, name)
        for item, saved in zip(self.items, view.items, strict=False):
            item.update(tariff_item=saved.tariff_item, description=saved.description,
                        quantity=saved.quantity, uqc=saved.uqc, value=saved.value_fc)
        self.show_items()
        self.saved_data = self.declaration()
        if first and not quiet:
            self.set_focus(self.query_one("#entry-items"))
        self.show_view()
        if not quiet:
            self.notify(f"job {view.job_no} saved ({view.state.replace('_', ' ')}): F7 prints "
                        "the checklist", markup=False)
            if self.on_change:
                self.on_change()

    def show_view(self) -> None:
        self.query_one("#entry-head", Static).update(self.head_text())
        self.refresh_bindings()

    # ---- F2 amending: the importer's request (IMP-AMD-1) ----

    def file_amendment(self) -> None:
        """The change against the BE as it stands; its preview (each change, the charge)
        is read first, then the importer's reason asked and the request filed."""
        if self.view is None or self.original is None or self.view.be_no is None:
            return
        changes = be_amendments.changes_between(self.original, self.declaration())
        if not changes:
            self.query_one("#entry-error", Static).update(Text(
                "nothing differs from the BE as it stands: change what the importer asks, "
                "then F2", style="yellow"))
            return
        self.run_service(be_amendments.preview_amendment, self.ices.core, self.view.be_no,
                         changes, then=lambda preview: self.ask_reason(preview, changes),
                         failed=self.refused, busy=self.query_one("#entry-body"))

    def ask_reason(self, preview: BeAmendmentPreview, changes: dict) -> None:
        core, actor, be_no = self.ices.core, self.actor, preview.be_no
        said = [f"{'BE' if c.part == 'be' else f'item {c.sl}'} "
                f"{c.field.removesuffix('_fc').replace('_', ' ')}: {text(c.before) or '—'} → "
                f"{text(c.after) or '—'}" for c in preview.changes]
        shown = "; ".join(said[:4]) + (f"; and {len(said) - 4} more" if len(said) > 4 else "")
        note = (f"Amendment ({preview.rule}): {shown}.\nApproved by the group AC/DC, accepted "
                f"by the group appraiser and the AC/DC; the BE is then re-assessed. "
                f"Charge ₹{inr(preview.fee)}: {preview.fee_basis}.")
        form = FormScreen(
            f"Amendment of BE {be_no}: the importer's application",
            [Field("reason", "Reason", "lines", required=True, value=self.reason,
                   help="the importer's, as their application says it")],
            note=note, submit_label="file the request",
            save=lambda d: be_amendments.request_amendment(core, actor, be_no, changes,
                                                           "\n".join(d["reason"])))

        def elsewhere(err: Exception) -> bool:
            """A refusal of the change itself: back on the form, the field marked."""
            self.reason = "\n".join(form.values()[0]["reason"])
            self.refused(err)
            return True

        form.refused = elsewhere
        self.ask(form, self.amendment_filed)

    def amendment_filed(self, req: BeAmendmentView) -> None:
        self.saved_data = self.declaration()  # filed: nothing unsaved
        self.notify(f"BE {req.be_no}: request {req.id} keyed — waits for the group AC/DC's "
                    "approval", title="Amendment filed", markup=False, timeout=10)
        if self.on_change:
            self.on_change()
        self.dismiss(req.id)

    # ---- F7, F10 ----

    def action_checklist(self) -> None:
        assert self.view is not None
        self.query_one("#entry-error", Static).update("")
        self.run_service(print_job, self.ices.core, self.actor, "be_checklist",
                         self.view.job_no, then=self.checklist_printed,
                         failed=self.refused, busy=self.query_one("#entry-body"))

    def checklist_printed(self, result: tuple[Path, PrintJob]) -> None:
        self.printed, job = result
        if isinstance(job.view, BeView):
            self.view = job.view
        self.show_view()
        self.notify(f"checklist printed: {self.printed} — the importer signs it, then F10",
                    markup=False)

    def action_submit(self) -> None:
        assert self.view is not None
        self.query_one("#entry-error", Static).update("")
        self.run_service(bes.submit_be, self.ices.core, self.actor, self.view.job_no,
                         then=self.submitted, failed=self.refused,
                         busy=self.query_one("#entry-body"))

    def submitted(self, view: BeView) -> None:
        late = f" + late charge ₹{inr(view.late_charge)}" if view.late_charge else ""
        check = "first check" if view.first_check else "second check"
        self.notify(f"BE {view.be_no} of {view.be_date:%d.%m.%Y}: self-assessed, duty "
                    f"₹{inr(view.duty)}{late} — {check}", title="Submitted", markup=False,
                    timeout=10)
        if self.on_change:
            self.on_change()
        self.dismiss(view.be_no)

    def action_back(self) -> None:
        """Back; with unsaved changes, ask first (Enter discards them, Esc stays). A saved
        draft not yet submitted stays in the operator's BE list."""
        if not self.unsaved:
            if self.view is not None and not self.amending and self.view.be_no is None:
                self.notify(f"job {self.view.job_no} is not submitted and stays a draft (in "
                            "your BE list, F10 on the home screen)", markup=False)
            self.dismiss(None)
            return
        what = ("the changes to the amendment are not filed" if self.amending
                else "what is typed is not saved")
        self.app.push_screen(ConfirmScreen(
            f"Leave the form? {what[:1].upper()}{what[1:]}",
            "Enter leaves and discards what is typed; Esc goes back to the form (F2 "
            + ("files the request)." if self.amending else "saves).")),
            lambda done: self.dismiss(None) if done is not None else None)

    # ---- items ----

    def action_add_item(self) -> None:
        self.edit_item(None)

    def edit_item(self, index: int | None, refused: str = "") -> None:
        if not (self.editable or self.amending):
            return
        if self.amending and index is None:
            return
        item = self.items[index] if index is not None else None
        kind = group(self.be_type)
        wh_be_no = self.query_one("#h-wh_be_no", Input).value.strip()
        mark = (refused, self.refusal) if refused else None

        def done(data: dict | None) -> None:
            if data is None:
                return
            if index is None:
                self.items.append(data)
            else:
                self.items[index] = {**(item or {}), **data}  # an X item keeps its ledger's
            self.show_items()
            table = self.query_one("#entry-items", DataTable)
            table.move_cursor(row=len(self.items) - 1 if index is None else index)

        self.app.push_screen(BeItemForm(item, kind, None,
                                        int(wh_be_no) if wh_be_no.isdigit() else None,
                                        mark=mark), done)

    @on(DataTable.RowSelected, "#entry-items")
    def item_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.items):
            self.edit_item(event.cursor_row)

    def action_remove_item(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        if 0 <= table.cursor_row < len(self.items):
            del self.items[table.cursor_row]
            self.show_items()

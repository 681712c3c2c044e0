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
from textual.suggester import SuggestFromList
from textual.widget import Widget
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
from console.directories import search_codes
from console.errors import InvalidInput
from console.roles import Actor
from console.services.bonds import warehousing
from console.services.bonds.warehousing import WarehouseView
from console.services.imports import bills_of_entry as bes
from console.services.imports.bills_of_entry import BeView
from console.services.printjobs import PrintJob
from screens.base import ActKey, IcesModal, IcesScreen
from screens.forms import Field, FormScreen, TariffLookup
from screens.prints import print_job

BE_TYPES = [(f"{code}  {label}", code) for code, label in bes.BE_TYPES.items()]
# (name, label, required, the types that carry it): Annexure C's head, in keying order
HEADER: list[tuple[str, str, bool, str]] = [
    ("iec", "Importer IEC", True, "HW"), ("igm_no", "IGM no", True, "HW"),
    ("bl_no", "B/L no", True, "HW"), ("currency", "Currency", True, "HW"),
    ("invoice_value", "Invoice value", True, "HW"), ("freight", "Freight", False, "HW"),
    ("insurance", "Insurance", False, "HW"),
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
]
# Annexure C's nested parts, keyed in flat inputs: {input: (part, key)}
NESTED = {"bond_type": ("bond", "type"), "bond_no": ("bond", "number"),
          "hss_seller_iec": ("high_sea_sale", "seller_iec"),
          "hss_charge_rate": ("high_sea_sale", "charge_rate"),
          "hss_charge_value": ("high_sea_sale", "charge_value")}
# a field the service names -> the input that keys it
INPUT_OF = {f"{part}.{key}": name for name, (part, key) in NESTED.items()} | {
    "bond": "bond_no", "high_sea_sale": "hss_seller_iec"}
LABELS = {name: label for name, label, _, _ in HEADER} | {
    "be_type": "BE type", "items": "Items", "first_check": "First check"}
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
SUGGEST = {"iec": "iec", "currency": "currency", "hss_seller_iec": "iec"}


def draft(core, job_no: int) -> tuple[BeView, dict]:
    """(worker) a saved BE and its Annexure C as keyed."""
    return bes.get_job(core, job_no), bes.keyed_declaration(core, job_no)


def load_codes(core) -> dict[str, list[str]]:
    """Code lists for the suggesters (one worker call)."""
    return {k: [c for c, _ in search_codes(core, k, "", limit=5000)]
            for k in ("iec", "currency", "uqc")}


def text(value: Any) -> str:
    return "" if value is None else str(value)


def group(be_type: str) -> str:
    """``HW`` or ``X``: which items and columns the type takes."""
    return "X" if be_type == "X" else "HW"


def amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


class BeItemForm(TariffLookup, IcesModal[dict]):
    """One item. H/W: tariff item looked up by code or words as you type, description,
    quantity, UQC, value. X: an item of the warehousing BE (its ledger listed) and the
    quantity to clear."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="be_item.submit", key_display="^S",
                tooltip="Check the item and put it on the BE"),
        Binding("escape", "cancel", "Cancel", id="be_item.cancel",
                tooltip="Close; nothing kept"),
    ]
    SUBMIT_ON = "i-value"  # the claims below it are reached with Tab

    def __init__(self, item: dict | None, kind: str, uqcs: list[str],
                 wh_be_no: int | None = None) -> None:
        super().__init__(classes="form-modal item-form")
        self.item, self.kind, self.uqcs, self.wh_be_no = dict(item or {}), kind, uqcs, wh_be_no
        self.ledger: dict[str, tuple[str, str, str]] = {}  # sl -> tariff, description, uqc
        self.first = "i-wh_sl" if kind == "X" else "i-tariff_item"

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
                with VerticalScroll(classes="item-claims"):
                    yield from self.rows(fields[5:])
            yield Static("", id="item-error", classes="error")
            hint = ("Code or words, ↓ to pick · Tab: claims" if self.kind != "X"
                    else "↓ picks an item of the W BE")
            yield Static(Text(f"{hint} · Ctrl+S done · Esc cancel", style="dim"),
                         classes="form-keys")
        yield Footer(compact=True)

    def rows(self, fields: list[tuple[str, str, bool]]) -> ComposeResult:
        it = self.item
        for name, label, required in fields:
            with Horizontal(classes="form-row"):
                yield Label(label + (" *" if required else ""), classes="form-label")
                kw: dict[str, Any] = {}
                if name == "uqc":
                    kw["suggester"] = SuggestFromList(self.uqcs, case_sensitive=False)
                if name == "tariff_item":
                    kw["placeholder"] = "8 digits, or words to search"
                if name == "wh_sl":
                    kw["placeholder"] = "item no of the W BE; ↓ lists them"
                yield Input(text(it.get(name)), id=f"i-{name}", compact=True,
                            max_length=300, **kw)

    def on_mount(self) -> None:
        self.query_one("#item-hits").display = False
        self.query_one(f"#{self.first}").focus()
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

    @on(OptionList.OptionSelected, "#item-hits")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.kind == "X":
            self.query_one("#i-wh_sl", Input).value = event.option.id or ""
            self.query_one("#i-quantity").focus()
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


class BeEntryScreen(IcesScreen):
    """The operator's Annexure C form: a new Bill of Entry, keyed, saved, checked, submitted."""

    SCREEN_TITLE = "Bill of Entry entry (Annexure C)"
    AUTO_FOCUS = "#h-iec"
    ACT_KEYS = (
        ActKey("f2", "save", ("BE.key", "BE.correct"), "Save"),
        ActKey("f7", "checklist", ("BE.print_be_checklist",), "Checklist"),
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
    def __init__(self, actor: Actor, on_change=None, job_no: int | None = None) -> None:
        super().__init__(classes="entry-screen")
        self.actor, self.on_change, self.job_no = actor, on_change, job_no
        self.view: BeView | None = None
        self.items: list[dict] = []
        self.uqcs: list[str] = []
        self.printed: Path | None = None
        self.columns = ""  # the item columns shown: HW or X
        self.warned = False  # Esc once more leaves

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_text(), id="entry-head")
        with VerticalScroll(id="entry-body"):
            yield Static("", classes="section", id="head-section")
            with Grid(classes="entry-grid"):
                yield Label("BE type *", classes="entry-label", id="l-be_type")
                yield Select(BE_TYPES, value="H", allow_blank=False, id="h-be_type",
                             compact=True)
                yield Label("Examination", classes="entry-label", id="l-first_check")
                yield Checkbox("first check", id="h-first_check", compact=True)
                for name, label, required, _ in HEADER:
                    yield Label(label + (" *" if required else ""), classes="entry-label",
                                id=f"l-{name}")
                    placeholder = "YYYY-MM-DD" if name == "wh_be_date" else ""
                    # validate_on=[]: the service checks; -invalid marks its refusals only
                    yield Input("", id=f"h-{name}", compact=True, max_length=80,
                                placeholder=placeholder, validate_on=[])
            yield Static(Text("Items (F6 add · Enter edit · Del remove)", style="bold"),
                         classes="section", id="items-section")
            yield DataTable(id="entry-items", cursor_type="row")
            yield Static("", id="entry-total")
        yield Static("", id="entry-error", classes="error")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.show_type()
        self.show_items()
        self.run_service(load_codes, self.ices.core, then=self.got_codes)
        if self.job_no is not None:
            self.run_service(draft, self.ices.core, self.job_no, then=self.resumed,
                             failed=self.refused, busy=self.query_one("#entry-body"))

    def resumed(self, result: tuple[BeView, dict]) -> None:
        view, data = result
        self.query_one("#h-be_type", Select).value = data.get("be_type") or view.be_type
        self.query_one("#h-first_check", Checkbox).value = bool(data.get("first_check"))
        for name, _, _, _ in HEADER:
            part, key = NESTED.get(name, ("", name))
            source = (data.get(part) or {}) if part else data
            self.query_one(f"#h-{name}", Input).value = text(source.get(key))
        self.items = [dict(i) for i in data.get("items") or []]
        self.show_type()
        self.show_items()
        self.saved(view, quiet=True)

    def got_codes(self, codes: dict[str, list[str]]) -> None:
        self.uqcs = codes.get("uqc", [])
        for name, kind in SUGGEST.items():
            self.query_one(f"#h-{name}", Input).suggester = SuggestFromList(
                codes.get(kind, []), case_sensitive=False)

    def head_text(self) -> Text:
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
        for name in ("iec", "currency", "bl_no", "warehouse_code", "bond_type", "eou_option",
                     "hss_seller_iec"):
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
        self.warned = False
        if event.input.has_class("-invalid"):
            event.input.remove_class("-invalid")
            name = (event.input.id or "").removeprefix("h-")
            for label in self.query(f"#l-{name}"):
                self.unmark(label)

    # ---- refusals ----

    def clear_marks(self) -> None:
        self.query_one("#entry-error", Static).update("")
        for label in self.query(".entry-label.-error"):
            self.unmark(label)
        self.query("Input").remove_class("-invalid")

    @staticmethod
    def unmark(label: Widget) -> None:
        label.remove_class("-error")
        for rule in ("color", "auto_color", "text_style"):
            label.styles.clear_rule(rule)

    def refused(self, err: Exception) -> None:
        """Say why in the status line (with the rule); an ``InvalidInput`` also marks its
        field, and the cursor goes there."""
        message = str(err)
        if isinstance(err, InvalidInput):
            label = self.mark(err.field)
            why = err.message.removeprefix(f"{err.field}: ")
            message = f"{label}: {why}" + (f" ({err.rule})" if err.rule else "")
        self.query_one("#entry-error", Static).update(Text(message))
        self.notify(message, title="Refused", severity="error", markup=False)

    def mark(self, field: str) -> str:
        """Mark the field a refusal names; return its label."""
        field = INPUT_OF.get(field, field)
        if field in LABELS and field not in ("items", "first_check"):
            label = self.query_one(f"#l-{field}")  # red over ices.tcss's muted labels
            label.add_class("-error")
            label.styles.color = self.app.current_theme.error or "red"
            label.styles.auto_color = False  # $text-muted is an auto colour
            label.styles.text_style = "bold"
            widget = self.query_one(f"#h-{field}")
            widget.add_class("-invalid")
            if widget.display:
                widget.focus()
            return LABELS[field]
        if field.startswith("items["):
            number, _, sub = field[len("items["):].partition("]")
            sub = sub.lstrip(".")
            table = self.query_one("#entry-items", DataTable)
            if number.isdigit() and 0 < int(number) <= table.row_count:
                table.move_cursor(row=int(number) - 1)
                table.focus()
            return f"Item {number}" + (f" {ITEM_LABELS.get(sub, sub)}" if sub else "")
        return LABELS.get(field, field)

    # ---- acts ----

    def open_acts(self) -> tuple[str, ...]:
        """The acts the table opens on the BE as saved (a new form: keying one)."""
        return tuple(f"BE.{n}" for n in BE.open_to(self.actor, self.view))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "add_item") and self.view is None and self.job_no is not None:
            return False  # a job still loading
        if action == "add_item":
            return self.editable
        if action == "remove_item":
            return (self.editable and bool(self.items)
                    and self.focused is self.query_one("#entry-items"))
        return super().check_action(action, parameters)

    def action_save(self) -> None:
        self.clear_marks()
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
            for name, value in (("iec", view.iec), ("igm_no", view.igm_no), ("bl_no", view.bl_no),
                                ("currency", view.currency),
                                ("invoice_value", view.invoice_value_fc)):
                self.query_one(f"#h-{name}", Input).value = text(value)
        for item, saved in zip(self.items, view.items, strict=False):
            item.update(tariff_item=saved.tariff_item, description=saved.description,
                        quantity=saved.quantity, uqc=saved.uqc, value=saved.value_fc)
        self.show_items()
        if first and not quiet:
            self.query_one("#entry-items").focus()
        self.show_view()
        if not quiet:
            self.notify(f"job {view.job_no} saved ({view.state.replace('_', ' ')}): F7 prints "
                        "the checklist", markup=False)
            if self.on_change:
                self.on_change()

    def show_view(self) -> None:
        self.query_one("#entry-head", Static).update(self.head_text())
        self.refresh_bindings()

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
        late = f" + late charge ₹{view.late_charge:,.2f}" if view.late_charge else ""
        check = "first check" if view.first_check else "second check"
        self.notify(f"BE {view.be_no} of {view.be_date:%d.%m.%Y}: self-assessed, duty "
                    f"₹{view.duty:,.2f}{late} — {check}", title="Submitted", markup=False,
                    timeout=10)
        if self.on_change:
            self.on_change()
        self.dismiss(view.be_no)

    def action_back(self) -> None:
        unsaved = self.view is None and (self.items or any(
            i.value.strip() for i in self.query("#entry-body Input").results(Input)))
        if not self.warned and (unsaved or self.view is not None):
            self.warned = True
            if unsaved:
                self.notify("nothing saved: F2 saves; Esc again leaves without saving",
                            severity="warning")
            else:
                assert self.view is not None
                self.notify(f"job {self.view.job_no} is not submitted and stays a draft "
                            "(in your BE list, F10 on the home screen); Esc again leaves",
                            severity="warning", markup=False)
            return
        self.dismiss(None)

    # ---- items ----

    def action_add_item(self) -> None:
        self.edit_item(None)

    def edit_item(self, index: int | None) -> None:
        if not self.editable:
            return
        item = self.items[index] if index is not None else None
        kind = group(self.be_type)
        wh_be_no = self.query_one("#h-wh_be_no", Input).value.strip()

        def done(data: dict | None) -> None:
            if data is None:
                return
            if index is None:
                self.items.append(data)
            else:
                self.items[index] = data
            self.warned = False
            self.show_items()

        self.app.push_screen(BeItemForm(item, kind, self.uqcs,
                                        int(wh_be_no) if wh_be_no.isdigit() else None), done)

    @on(DataTable.RowSelected, "#entry-items")
    def item_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.items):
            self.edit_item(event.cursor_row)

    def action_remove_item(self) -> None:
        table = self.query_one("#entry-items", DataTable)
        if 0 <= table.cursor_row < len(self.items):
            del self.items[table.cursor_row]
            self.show_items()

"""Modal forms: typed fields, inline errors on submit, Escape cancels, Ctrl+S submits.

``FormScreen(title, fields)`` dismisses with a ``dict`` of cleaned values (or ``None``);
the caller runs the service with it in a worker (posting's model: the form never saves).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.validation import Integer, Length, Validator
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from console.directories import search_tariff
from screens.base import IcesModal
from screens.widgets import IcesFooter, StyledOnce, compact


@dataclass
class Field:
    """One form field. ``kind``: text, int, lines (one entry per line), bool, choice."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    value: Any = None
    placeholder: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    max_length: int = 0
    help: str = ""

    def validators(self) -> list[Validator]:
        out: list[Validator] = []
        if self.required:
            out.append(Length(minimum=1, failure_description=f"{self.label}: required"))
        if self.kind == "int":
            out.append(Integer(minimum=0, failure_description=f"{self.label}: a whole number"))
        return out


class FormScreen(StyledOnce, IcesModal[dict]):
    """A small modal form built from ``Field``s; the first field has the cursor, so an
    officer types at once (the scrolling body is never focused first)."""

    AUTO_FOCUS = "Input, TextArea, Select, Checkbox"

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="form.submit", key_display="^S",
                tooltip="Check the fields and go ahead"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close; nothing done"),
    ]

    def __init__(self, title: str, fields: list[Field], note: str = "",
                 submit_label: str = "Done") -> None:
        super().__init__(classes="form-modal")
        self.form_title, self.fields, self.note = title, fields, note
        self.submit_label = submit_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.form_title, style="bold"), classes="form-title")
            if self.note:
                yield Static(Text(self.note), classes="form-note")
            with VerticalScroll(classes="form-body"):
                for f in self.fields:
                    yield from self.compose_field(f)
            yield Static("", id="form-error", classes="error")
            yield Static(Text(f"Ctrl+S {self.submit_label} · Esc cancel", style="dim"),
                         classes="form-keys")
        yield IcesFooter()

    def compose_field(self, f: Field) -> ComposeResult:
        fid = f"f-{f.name}"
        if f.kind == "bool":
            yield compact(Checkbox, f.label, value=bool(f.value), id=fid)
            return
        with Horizontal(classes="form-row"):
            yield Label(f.label + (" *" if f.required else ""), classes="form-label")
            if f.kind == "lines":
                area = TextArea(str(f.value or ""), id=fid, classes="form-lines",
                                soft_wrap=True, show_line_numbers=False)
                yield area
            elif f.kind == "choice":
                yield compact(Select, f.choices,
                              value=f.value if f.value is not None else Select.BLANK, id=fid,
                              allow_blank=not f.required)
            else:
                yield compact(Input, str(f.value) if f.value is not None else "", id=fid,
                              placeholder=f.placeholder, max_length=f.max_length or 0,
                              validators=f.validators(), validate_on=["submitted"],
                              type="integer" if f.kind == "int" else "text")
        if f.help:
            yield Static(Text(f.help, style="dim"), classes="form-help")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        idx = inputs.index(event.input) if event.input in inputs else -1
        if 0 <= idx < len(inputs) - 1:
            inputs[idx + 1].focus()
        else:
            self.action_submit()

    def values(self) -> tuple[dict[str, Any], list[str]]:
        data: dict[str, Any] = {}
        problems: list[str] = []
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if isinstance(widget, Checkbox):
                data[f.name] = widget.value
            elif isinstance(widget, TextArea):
                lines = [x.strip() for x in widget.text.splitlines() if x.strip()]
                if f.required and not lines:
                    problems.append(f"{f.label}: required")
                data[f.name] = lines
            elif isinstance(widget, Select):
                value = widget.value
                data[f.name] = None if value is Select.BLANK else value
                if f.required and data[f.name] is None:
                    problems.append(f"{f.label}: choose one")
            elif isinstance(widget, Input):
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    problems.extend(result.failure_descriptions)
                text = widget.value.strip()
                data[f.name] = int(text) if f.kind == "int" and text else text
        return data, problems

    def action_submit(self) -> None:
        data, problems = self.values()
        error = self.query_one("#form-error", Static)
        if problems:
            error.update(Text("; ".join(problems)))
            return
        error.update("")
        self.dismiss(data)


class ConfirmScreen(FormScreen):
    """Yes/no: Ctrl+S (or Enter) goes ahead."""

    BINDINGS = [Binding("enter", "submit", "Go ahead", id="confirm.yes", key_display="⏎",
                        tooltip="Do it")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__(title, [], note=note, submit_label="go ahead")


class TariffLookup:
    """The SB and BE item forms' tariff lookup (a mixin for an ``IcesModal``): what is typed
    in ``#i-tariff_item``, a code or words, is searched as it is typed and the hits listed
    in ``#item-hits``; ↓ (or Enter) moves to them; picking one fills the code, and the
    description and UQC where they are empty (each form routes its pick to ``pick_tariff``).
    Enter moves to the next input, and on the last one (or on ``SUBMIT_ON``) puts the item
    on; ↓ on the first input (``first``) moves to the hits."""

    SUBMIT_ON = ""  # the input whose Enter puts the item on; blank: the last one
    first = "i-tariff_item"

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "i-tariff_item":
            self.look_up(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "i-tariff_item" and not self.tariff_done() and self.to_hits():
            return
        inputs = list(self.query(Input))
        idx = inputs.index(event.input)
        if idx < len(inputs) - 1 and event.input.id != self.SUBMIT_ON:
            inputs[idx + 1].focus()
        else:
            self.action_submit()

    def on_key(self, event) -> None:  # noqa: ANN001
        if event.key == "down" and self.focused is self.query_one(f"#{self.first}") \
                and self.to_hits():
            event.stop()

    def tariff_done(self) -> bool:
        """A whole tariff item keyed (or too little to look up): no list of hits."""
        value = self.query_one("#i-tariff_item", Input).value.strip()
        return len(value) < 2 or (value.isdigit() and len(value) == 8)

    def look_up(self, value: str) -> None:
        if self.tariff_done():
            self.query_one("#item-hits").display = False
            return
        self.run_service(search_tariff, self.ices.core, value.strip(), 8,
                         then=self.show_hits, lookup=True)

    def show_hits(self, hits: list) -> None:
        if self.tariff_done():  # a lookup answered after the code was keyed in full
            return
        box = self.query_one("#item-hits", OptionList)
        box.clear_options()
        box.add_options([Option(Text.assemble((h.item, "bold"), " ", h.description[:56],
                                              f" [{h.uqc}]"),
                                id=f"{h.item}|{h.uqc}|{h.description[:300]}") for h in hits])
        box.display = bool(hits)

    def to_hits(self) -> bool:
        hits = self.query_one("#item-hits", OptionList)
        if not hits.display or not hits.option_count:
            return False
        hits.focus()
        hits.highlighted = 0
        return True

    def pick_tariff(self, option_id: str) -> None:
        item, uqc, description = (option_id or "||").split("|", 2)
        self.query_one("#i-tariff_item", Input).value = item
        for name, value in (("description", description), ("uqc", uqc)):
            if not self.query_one(f"#i-{name}", Input).value:
                self.query_one(f"#i-{name}", Input).value = value
        self.query_one("#item-hits").display = False
        self.query_one("#i-description", Input).focus()

"""Modal forms: typed fields, inline errors on submit, Escape cancels, Ctrl+S submits.

``FormScreen(title, fields)`` dismisses with a ``dict`` of cleaned values (or ``None``);
the caller runs the service with it in a worker (posting's model: the form never saves).
Given ``save=`` (a service call of the values, run in a worker) the form stays open until
the service takes it: a refusal is said in the form with everything typed kept, and the
field it names (``InvalidInput.field``) is marked and has the cursor (issue 15).

Coded fields are looked up as they are typed (``CodeLookup``: port, country, currency, AD
code, package kind, UQC, scheme code, drawback serial, IEC, broker): the hits are listed
under the field, ↓ goes to them, Enter picks one; the tariff item is looked up by code or
words (``TariffLookup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.geometry import Offset
from textual.validation import Integer, Length, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from console.directories import search_tariff
from console.errors import InvalidInput
from screens.base import IcesModal
from screens.widgets import IcesFooter, StyledOnce, compact


@dataclass
class Field:
    """One form field. ``kind``: text, int, lines (one entry per line), bool, choice.
    ``lookup``: a code kind looked up as typed (``CodeLookup``); ``aka``: the names the
    services give the field in their refusals, where they differ from ``name``."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    value: Any = None
    placeholder: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    max_length: int = 0
    help: str = ""
    lookup: str = ""
    aka: tuple[str, ...] = ()

    def validators(self) -> list[Validator]:
        out: list[Validator] = []
        if self.required:
            out.append(Length(minimum=1, failure_description=f"{self.label}: required"))
        if self.kind == "int":
            out.append(Integer(minimum=0, failure_description=f"{self.label}: a whole number"))
        return out


# ---- marking the field a refusal names ----


def mark_field(label: Widget | None, widget: Widget | None) -> None:
    """Mark a field refused: its label in red (over ices.tcss's muted labels), its input
    ``-invalid``."""
    if label is not None:
        label.add_class("-error")
        label.styles.color = label.app.current_theme.error or "red"
        label.styles.auto_color = False  # $text-muted is an auto colour
        label.styles.text_style = "bold"
    if widget is not None:
        widget.add_class("-invalid")


def unmark_field(label: Widget | None, widget: Widget | None = None) -> None:
    if label is not None:
        label.remove_class("-error")
        for rule in ("color", "auto_color", "text_style"):
            label.styles.clear_rule(rule)
    if widget is not None:
        widget.remove_class("-invalid")


def refusal_text(err: Exception, label: str = "") -> str:
    """What a refusal says, with its rule; an ``InvalidInput`` named by the field's label."""
    if isinstance(err, InvalidInput) and label:
        why = err.message.removeprefix(f"{err.field}: ")
        said = why if why.lower().startswith(label.lower()) else f"{label}: {why}"
        return said + (f" ({err.rule})" if err.rule else "")
    return str(err)


# ---- codes looked up as they are typed ----


class CodeHits(OptionList):
    """The hits of a code lookup, shown under the field being typed (over the form)."""

    DEFAULT_CSS = """
    CodeHits {
        overlay: screen;
        constrain: inside inside;
        display: none;
        width: 56;
        height: auto;
        max-height: 10;
        border: round $accent;
        background: $surface;
        padding: 0;
    }
    """
    BINDINGS = [Binding("escape", "close", "Close the list", show=False),
                Binding("tab", "leave", "Next field", show=False)]

    def action_close(self) -> None:
        self.screen.close_hits(back=True)  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        self.screen.close_hits(back=True)  # type: ignore[attr-defined]
        self.screen.focus_next()

    def key_up(self, event: events.Key) -> None:
        if self.highlighted in (None, 0):  # above the first hit: back to the field
            event.stop()
            self.screen.close_hits(back=True)  # type: ignore[attr-defined]


def hit_text(code: str, name: str) -> Text:
    out = Text.assemble((code, "bold"), " ", name)
    out.no_wrap, out.overflow = True, "ellipsis"
    return out


class CodeLookup:
    """Mixin for a screen or modal: the inputs ``lookup_kind`` names are looked up as they
    are typed (``amendments.code_hits``, in a worker; a newer lookup cancels the older);
    the hits show under the field (``#code-hits``, composed by ``compose_hits``); ↓ moves to
    them, Enter picks one (the code goes in the field, the cursor to the next field); Esc
    or ↑ on the first goes back. Enter in the field moves on with what is typed."""

    LOOKUPS: ClassVar[dict[str, str]] = {}  # input id -> code kind
    _looking: Input | None = None

    def compose_hits(self) -> ComposeResult:
        yield CodeHits(id="code-hits")

    def lookup_kind(self, widget: Widget | None) -> str:
        return self.LOOKUPS.get(getattr(widget, "id", "") or "", "")

    def lookup_context(self, kind: str) -> dict[str, str]:
        """More to narrow a lookup by (the AD codes of the IEC keyed, at its port)."""
        return {}

    def on_input_changed(self, event: Input.Changed) -> None:
        kind = self.lookup_kind(event.input)
        if not kind or event.input is not self.focused:  # type: ignore[attr-defined]
            return
        text = event.value.strip()
        if not text:
            self.close_hits()
            return
        from console.services.exports.amendments import code_hits

        self._looking = event.input
        # not an exclusive worker: each answer is shown only if the field still holds what
        # it was asked for (a cancelled worker would break waiting on the app's workers)
        self.run_service(code_hits, self.ices.core, kind, text, 8,  # type: ignore[attr-defined]
                         then=lambda hits, field=event.input, typed=text:
                         self.show_code_hits(field, typed, hits),
                         **self.lookup_context(kind))

    def show_code_hits(self, field: Input, typed: str, hits: list[tuple[str, str]]) -> None:
        box = self.query_one("#code-hits", CodeHits)  # type: ignore[attr-defined]
        if field is not self.focused or field.value.strip() != typed:  # type: ignore
            return  # moved on, or typed more (a newer lookup answers)
        if not hits or (len(hits) == 1 and hits[0][0].upper() == typed.upper()):
            self.close_hits()  # nothing, or exactly what is typed
            return
        box.clear_options()
        box.add_options([Option(hit_text(code, name), id=code) for code, name in hits])
        region = field.region
        height = min(len(hits), 8) + 2
        below = region.bottom
        screen_height = self.screen.size.height  # type: ignore[attr-defined]
        y = below if below + height <= screen_height - 1 else max(0, region.y - height)
        box.absolute_offset = Offset(region.x, y)
        box.display = True
        box.refresh(layout=True)

    def close_hits(self, back: bool = False) -> None:
        box = self.query_one("#code-hits", CodeHits)  # type: ignore[attr-defined]
        was = box.has_focus
        box.display = False
        if (back or was) and self._looking is not None and self._looking.is_attached:
            self.set_focus(self._looking)  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        if event.key not in ("down", "escape") or not self.lookup_kind(self.focused):  # type: ignore
            return
        box = self.query_one("#code-hits", CodeHits)  # type: ignore[attr-defined]
        if event.key == "escape" and box.display:  # the list closes; the form stays
            event.stop()
            event.prevent_default()
            box.display = False
        elif box.display and box.option_count:
            event.stop()
            event.prevent_default()
            self._looking = self.focused  # type: ignore[attr-defined]
            self.set_focus(box)  # type: ignore[attr-defined]
            box.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "code-hits":
            return
        event.stop()
        field = self._looking
        self.close_hits()
        if field is None or not field.is_attached:
            return
        field.value = event.option.id or ""
        field.cursor_position = len(field.value)
        self.set_focus(field)  # type: ignore[attr-defined]
        self.focus_next()  # type: ignore[attr-defined]
        self.code_picked(field)

    def code_picked(self, field: Input) -> None:
        """A code was picked into ``field`` (the cursor has moved on)."""

    def on_screen_suspend(self) -> None:
        for box in self.query("#code-hits"):  # type: ignore[attr-defined]
            box.display = False

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        box = self.query_one("#code-hits", CodeHits)  # type: ignore[attr-defined]
        if box.display and event.widget is not box and event.widget is not self._looking:
            box.display = False


# ---- the modal form ----


class FormScreen(CodeLookup, StyledOnce, IcesModal[dict]):
    """A small modal form built from ``Field``s; the first field has the cursor, so an
    officer types at once (the scrolling body is never focused first).

    ``save(values)``: the service call, run in a worker when the form is submitted; the
    form closes with what it returns, or stays with the refusal (``refused(err)`` returning
    True closes it instead, for a refusal about something not on the form)."""

    AUTO_FOCUS = "Input, TextArea, Select, Checkbox"

    BINDINGS = [
        Binding("ctrl+s", "submit", "Done", id="form.submit", key_display="^S",
                tooltip="Check the fields and go ahead"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close; nothing done"),
    ]

    def __init__(self, title: str, fields: list[Field], note: str = "",
                 submit_label: str = "Done", *, save: Callable[[dict], Any] | None = None,
                 refused: Callable[[Exception], bool] | None = None) -> None:
        super().__init__(classes="form-modal")
        self.form_title, self.fields, self.note = title, fields, note
        self.submit_label = submit_label
        self.save, self.refused = save, refused
        self.first_values: dict[str, Any] | None = None
        self.saving = False

    @property
    def unsaved_title(self) -> str:
        return self.form_title

    @property
    def unsaved(self) -> bool:
        """Something typed that the form has not yet handed on."""
        if self.first_values is None or not self.is_mounted:
            return False
        try:
            return self.values()[0] != self.first_values
        except NoMatches:  # the form is being taken down
            return False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.form_title, style="bold"), classes="form-title")
            if self.note:
                yield Static(Text(self.note), classes="form-note")
            with VerticalScroll(classes="form-body", can_focus=False):  # Tab goes field to field
                for f in self.fields:
                    yield from self.compose_field(f)
            yield Static("", id="form-error", classes="error")
            yield Static(Text(f"Ctrl+S {self.submit_label} · Esc cancel"
                              + (" · ↓ lists codes" if self.lookups() else ""), style="dim"),
                         classes="form-keys")
        yield from self.compose_hits()
        yield IcesFooter()

    def on_mount(self) -> None:
        self.first_values = self.values()[0]

    def lookups(self) -> dict[str, str]:
        return {f"f-{f.name}": f.lookup for f in self.fields if f.lookup}

    def lookup_kind(self, widget: Widget | None) -> str:
        return self.lookups().get(getattr(widget, "id", "") or "", "")

    def compose_field(self, f: Field) -> ComposeResult:
        fid = f"f-{f.name}"
        if f.kind == "bool":
            yield compact(Checkbox, f.label, value=bool(f.value), id=fid)
            return
        with Horizontal(classes="form-row"):
            yield Label(f.label + (" *" if f.required else ""), classes="form-label",
                        id=f"l-{f.name}")
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
            self.set_focus(inputs[idx + 1])
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
        if self.saving:
            return
        data, problems = self.values()
        error = self.query_one("#form-error", Static)
        self.clear_marks()
        if problems:
            error.update(Text("; ".join(problems)))
            return
        error.update("")
        if self.save is None:
            self.dismiss(data)
            return
        self.saving = True
        self.run_service(self.save, data, then=lambda result: self.saved(result, data),
                         failed=self.refused_here, busy=self.query_one(".form-box"))

    def saved(self, result: Any, data: dict) -> None:
        self.saving = False
        self.dismiss(result if result is not None else data)

    def on_service_failed(self, message: object) -> None:
        self.saving = False  # refused or broken: the form is still here, as typed

    # ---- a refusal: said here, its field marked ----

    def field_for(self, name: str) -> Field | None:
        """The field a service's name (``value_for_credit``, ``items[2].quantity``) means."""
        for f in self.fields:
            if name == f.name or name in f.aka:
                return f
        root = name.split("[", 1)[0].split(".", 1)[0]
        return next((f for f in self.fields if root and (root == f.name or root in f.aka)),
                    None)

    def refused_here(self, err: Exception) -> None:
        target = self.field_for(err.field) if isinstance(err, InvalidInput) else None
        if target is None and self.refused is not None and self.refused(err):
            self.dismiss(None)
            return
        message = refusal_text(err, target.label if target else "")
        self.query_one("#form-error", Static).update(Text(message))
        if target is not None:
            widget = self.query_one(f"#f-{target.name}")
            labels = list(self.query(f"#l-{target.name}"))
            mark_field(labels[0] if labels else None, widget)
            self.set_focus(widget)
        self.notify(message, title="Refused", severity="error", markup=False)

    def clear_marks(self) -> None:
        for label in list(self.query(".form-label.-error")):
            unmark_field(label)
        self.query(".-invalid").remove_class("-invalid")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_class("-invalid"):
            name = (event.input.id or "").removeprefix("f-")
            unmark_field(next(iter(self.query(f"#l-{name}")), None), event.input)


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
    description and UQC where they are empty (each form routes its pick to ``pick_tariff``),
    and the cursor goes on to the quantity. Enter moves to the next input, and on the last
    one (or on ``SUBMIT_ON``) puts the item on; ↓ on the first input (``first``) moves to
    the hits."""

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
            self.set_focus(inputs[idx + 1])
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
                         then=lambda hits, typed=value.strip(): self.show_hits(hits, typed))

    def show_hits(self, hits: list, typed: str | None = None) -> None:
        if self.tariff_done():  # a lookup answered after the code was keyed in full
            return
        if typed is not None and \
                self.query_one("#i-tariff_item", Input).value.strip() != typed:
            return  # typed on since: the newer lookup answers
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
        """Fill the code (and the description and UQC where empty); the cursor goes to the
        quantity, the next thing to key (not into the description just filled)."""
        item, uqc, description = (option_id or "||").split("|", 2)
        self.query_one("#i-tariff_item", Input).value = item
        for name, value in (("description", description), ("uqc", uqc)):
            if not self.query_one(f"#i-{name}", Input).value:
                self.query_one(f"#i-{name}", Input).value = value
        self.query_one("#item-hits").display = False
        self.set_focus(self.query_one("#i-quantity", Input))


def text(value: Any) -> str:
    """A value as a form field shows it ("" for none)."""
    return "" if value is None else str(value)


def containers_text(containers: Any, keys: tuple[str, ...]) -> str:
    """A declaration's containers as an entry form's one line shows them: each container's
    ``keys`` joined by "/", containers by "; "."""
    if not isinstance(containers, list):
        return ""
    return "; ".join("/".join(text(c.get(k)) for k in keys).rstrip("/")
                     for c in containers if isinstance(c, dict))


def containers_of(line: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """An entry form's containers line as the declaration's ``containers`` (the service
    checks them)."""
    out = []
    for part in line.replace(",", ";").split(";"):
        if part.strip():
            values = [v.strip().upper() for v in part.split("/")]
            out.append({k: v for k, v in zip(keys, values, strict=False) if v})
    return out


class EntryFormState:
    """What the SB and BE entry forms share about typed work (issue 15): keys typed while
    the draft (or the document to amend) loads wait for it (``holds_keys``), a failed load
    lets them go, and what is typed and not saved is ``unsaved`` (asked about on leaving).
    The form keeps ``loading_document``, ``saved_data`` and ``declaration()``."""

    loading_document: bool  # not ``loading``: a Widget's loading covers the screen
    saved_data: dict | None

    def declaration(self) -> dict:
        raise NotImplementedError

    @property
    def holds_keys(self) -> bool:
        """A draft or the document to amend still loading: what is typed meanwhile waits (it
        would go into fields the load then fills)."""
        return self.loading_document

    def on_service_failed(self, message: object) -> None:
        if getattr(message, "opening", 0) == self.opening:  # type: ignore[attr-defined]
            self.loading_document = False

    @property
    def unsaved(self) -> bool:
        """Typed and not saved (nor, amending, filed as a request)."""
        if self.saved_data is None or not self.is_mounted:  # type: ignore[attr-defined]
            return False
        try:
            return self.declaration() != self.saved_data
        except NoMatches:  # the screen is being taken down
            return False

"""The registration clerk's registers (exports.md EXP-REG-1..9; roles.md), opened from home
(F6 Lists): an exporter's registrations (``ExporterScreen``), scheme licences
(``LicenceScreen``), authorised couriers at the courier terminal (``CourierScreen``) and the
reference directories (``DirectoryScreen``).

Each screen lists what is on record and offers the acts of ``console.acts.directory``,
``console.acts.licence`` and ``console.acts.courier`` that are open to the officer: a key is
shown only while one of its acts is. Every act asks in a form and runs its service in a
worker; a refusal is shown and the form comes back with what was typed (``keep_asking``).

What the registers' forms share lives here too: dates and rupees as typed
(``day``, ``rupees_in``), a refused form asked again (``keep_asking``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from console.acts.courier import COURIER
from console.acts.directory import DIRECTORY, EXPORTER, IecState
from console.acts.licence import LICENCE, LicenceSource
from console.directories import KINDS, ImportReport, search_codes
from console.errors import IcesError, InvalidInput
from console.money import inr as rupees
from console.services.admin import registries
from console.services.admin.registries import ExporterView
from console.services.courier import registry as couriers
from console.services.schemes import licences
from console.services.schemes.licences import LicenceView
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen

# ---- what the registers' forms share ----

DATE_HELP = "DD.MM.YYYY"
_DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def day(text: str, field: str, *, required: bool = True) -> date | None:
    """A date as an officer types it (21.03.2026, 21/03/2026 or 2026-03-21); an
    ``InvalidInput`` naming ``field`` otherwise."""
    text = (text or "").strip()
    if not text:
        if required:
            raise InvalidInput(field, f"required, {DATE_HELP}")
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(field, f"{text!r} is not a date ({DATE_HELP})")


def rupees_in(text: str, field: str, *, required: bool = True) -> Decimal | None:
    """Rupees as typed (grouping commas and a ₹ allowed), to the paise by the service."""
    text = (text or "").replace(",", "").replace("₹", "").strip()
    if not text:
        if required:
            raise InvalidInput(field, "required, in rupees")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field, f"{text!r} is not an amount in rupees") from None
    if not value.is_finite():
        raise InvalidInput(field, f"{text!r} is not an amount in rupees")
    return value


def plainly(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a service whose code checks (``console.formats``) raise ``ValueError`` for a
    malformed code: shown as a refusal, like the service's own."""
    try:
        return fn(*args, **kwargs)
    except ValueError as err:
        raise IcesError(str(err)) from None


def _as_typed(f: Field, value: Any) -> Any:
    if f.kind == "password":
        return None  # never put back on screen
    if f.kind == "lines":
        return "\n".join(value or ())
    return value


def keep_asking(screen: IcesScreen, title: str, fields: list[Field],
                call: Callable[[dict], Any], done: Callable[[Any], None], *, note: str = "",
                submit_label: str = "Done", form: type[FormScreen] = FormScreen,
                busy: Widget | None = None, _refused: str = "") -> None:
    """Ask ``fields``; ``call(values)`` runs in a worker (it reads what was typed and calls
    the service); ``done(result)`` runs on the UI thread. A refusal is shown, and the form
    comes back with what was typed and why (nothing was written)."""
    shown = f"{note}\nRefused: {_refused}".strip() if _refused else note

    def go(values: dict) -> None:
        def refused(err: IcesError) -> None:
            screen.notify(str(err), title="Refused", severity="error", markup=False)
            again = [replace(f, value=_as_typed(f, values.get(f.name))) for f in fields]
            keep_asking(screen, title, again, call, done, note=note,
                        submit_label=submit_label, form=form, busy=busy, _refused=str(err))

        screen.run_service(call, values, then=done, failed=refused, busy=busy)

    screen.ask(form(title, fields, note=shown, submit_label=submit_label), go)


def when(value: date | datetime | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""



def table_of(table_id: str, columns: tuple[tuple[str, str, int | None], ...]) -> DataTable:
    table: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
    for key, label, width in columns:
        table.add_column(label, key=key, width=width)
    return table


class RegisterScreen(IcesScreen):
    """A register: a table of rows with a detail line under it; Esc goes back."""

    TABLE = ""  # the DataTable's id

    def cursor_index(self, count: int) -> int | None:
        table = self.query_one(f"#{self.TABLE}", DataTable)
        if not count or not 0 <= table.cursor_row < count:
            return None
        return table.cursor_row

    def action_back(self) -> None:
        self.dismiss(None)


# ---- an exporter's registrations (EXP-REG-1, -4, -5, -8) ----


def registration_rows(v: ExporterView) -> list[tuple[str, str, str, str, str]]:
    """(what, detail, port, registered on, by) for every registration of the IEC."""
    rows = [("AD account", f"{a.ad_code} {a.bank} {a.branch}".strip(), a.port_code,
             when(a.registered_at), a.registered_by) for a in v.ad_accounts]
    rows += [("Bank account", f"{b.ifsc} {b.account_no} {b.bank}".strip()
              + ("" if b.active else " (closed)"), "", when(b.registered_at),
              b.registered_by) for b in v.bank_accounts]
    rows += [("GSTIN", g.gstin + (" verified" if g.verified else ""), "",
              when(g.registered_at), g.registered_by) for g in v.gstins]
    return rows


class ExporterScreen(RegisterScreen):
    """One exporter's IEC and what is registered for it; F6/F7/F8 register an AD account
    at this port, the drawback / IGST-refund bank account, a GSTIN."""

    SCREEN_TITLE = "Exporters' registrations"
    AUTO_FOCUS = "#exp-iec"
    TABLE = "exp-table"
    ACT_KEYS = (
        ActKey("f6", "ad", ("EXPORTER.register_ad",), "AD account"),
        ActKey("f7", "bank", ("EXPORTER.register_bank_account",), "Bank account"),
        ActKey("f8", "gstin", ("EXPORTER.register_gstin",), "GSTIN"),
    )
    BINDINGS = [
        Binding("f3", "find", "IEC", key_display="F3", id="exp.find",
                tooltip="Type an IEC or a name; Enter opens it"),
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="exp.refresh", show=False,
                tooltip="Read the registrations again"),
        Binding("escape", "back", "Back", id="exp.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    ExporterScreen #exp-iec { margin: 0 1; width: 60; }
    ExporterScreen #exp-hits { margin: 0 1; width: 60; height: auto; max-height: 6;
                               display: none; }
    ExporterScreen #exp-head, ExporterScreen #exp-status { margin: 0 1; }
    ExporterScreen #exp-head { height: auto; max-height: 3; }
    ExporterScreen #exp-table { height: 1fr; margin: 0 1; }
    """
    COLUMNS = (("what", "Registration", 12), ("detail", "Detail", 34), ("port", "Port", 6),
               ("on", "On", 10), ("by", "By", 6))

    def __init__(self) -> None:
        super().__init__(id="exporters")
        self.view: ExporterView | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Input(id="exp-iec", max_length=40, compact=True,
                    placeholder="IEC or exporter's name (F3), Enter")
        yield OptionList(id="exp-hits", compact=True)
        yield Static(Text("Type an IEC or a name and press Enter.", style="dim"),
                     id="exp-head")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="exp-status")
        yield from self.compose_footer()

    # ---- finding the IEC ----

    @on(Input.Changed, "#exp-iec")
    def typed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if len(text) < 2 or (self.view and text.upper() == self.view.iec):
            self.query_one("#exp-hits").display = False
            return
        self.run_service(search_codes, self.ices.core, "iec", text, 6, then=self.show_hits,
                         lookup=True)

    def show_hits(self, hits: list[tuple[str, str]]) -> None:
        typed = self.query_one("#exp-iec", Input).value.strip().upper()
        if self.view and typed == self.view.iec:  # answered after the IEC was opened
            return
        box = self.query_one("#exp-hits", OptionList)
        box.clear_options()
        box.add_options([Option(Text.assemble((code, "bold"), " ", name), id=code)
                         for code, name in hits])
        box.display = bool(hits) and self.query_one("#exp-iec", Input).has_focus

    def on_key(self, event) -> None:  # noqa: ANN001
        hits = self.query_one("#exp-hits", OptionList)
        if event.key == "down" and self.focused is self.query_one("#exp-iec") \
                and hits.display and hits.option_count:
            event.stop()
            hits.focus()
            hits.highlighted = 0

    @on(Input.Submitted, "#exp-iec")
    def entered(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip().upper()
        hits = self.query_one("#exp-hits", OptionList)
        if len(text) != 10 and hits.display and hits.option_count:
            text = hits.get_option_at_index(0).id or text
        if text:
            self.open_iec(text)

    @on(OptionList.OptionSelected, "#exp-hits")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_iec(event.option.id or "")

    def open_iec(self, iec: str) -> None:
        self.query_one("#exp-hits").display = False
        self.query_one("#exp-iec", Input).value = iec
        self.run_service(registries.exporter, self.ices.core, self.ices.actor, iec,
                         then=self.show, busy=self.query_one(f"#{self.TABLE}"))

    # ---- the registrations ----

    def show(self, view: ExporterView) -> None:
        self.view = view
        self.query_one("#exp-hits").display = False
        cancelled = view.state == IecState.CANCELLED
        head = Text.assemble((view.iec, "bold"), " ", (view.name, "bold"), " · ",
                             ("cancelled in DGFT's feed: nothing more is registered (EXP-REG-1)",
                              "bold red") if cancelled else EXPORTER.label(view.state))
        if view.address:
            head.append(f"\n{view.address}")
        self.query_one("#exp-head", Static).update(head)
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for n, row in enumerate(registration_rows(view)):
            table.add_row(*(Text(x) for x in row), key=str(n))
        self.query_one("#exp-status", Static).update(Text(
            f"{len(view.ad_accounts)} AD account(s), "
            f"{sum(b.active for b in view.bank_accounts)} bank account in use, "
            f"{len(view.gstins)} GSTIN(s)", style="dim"))
        table.focus()
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        return self.view.acts if self.view else ()

    def action_find(self) -> None:
        self.query_one("#exp-iec", Input).focus()

    def action_refresh(self) -> None:
        if self.view:
            self.open_iec(self.view.iec)

    def registered(self, what: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.notify(f"{self.view.iec if self.view else ''}: {what} registered",
                        markup=False)
            self.action_refresh()

        return done

    def action_ad(self) -> None:
        if self.view is None:
            return
        core, actor, iec = self.ices.core, self.ices.actor, self.view.iec
        keep_asking(self, f"Register an AD account of {iec}", [
            Field("ad_code", "AD code", required=True, max_length=7,
                  placeholder="7 digits, in RBI's AD directory")],
            lambda d: plainly(registries.register_ad, core, actor, iec, d["ad_code"],
                              actor.location_code),
            self.registered("AD account"), submit_label="register",
            note=f"At {actor.location_code}, where you are posted (EXP-REG-4).")

    def action_bank(self) -> None:
        if self.view is None:
            return
        core, actor, iec = self.ices.core, self.ices.actor, self.view.iec
        keep_asking(self, f"Register the bank account of {iec}", [
            Field("ifsc", "IFSC", required=True, max_length=11),
            Field("account_no", "Account no", required=True, max_length=18),
            Field("bank", "Bank, branch", max_length=100)],
            lambda d: plainly(registries.register_bank_account, core, actor, iec, d["ifsc"],
                              d["account_no"], d["bank"]),
            self.registered("bank account"), submit_label="register",
            note="One account for drawback and IGST refund; a changed account is "
                 "registered afresh and the old one closed (EXP-REG-5, EXP-REG-8).")

    def action_gstin(self) -> None:
        if self.view is None:
            return
        core, actor, iec = self.ices.core, self.ices.actor, self.view.iec
        keep_asking(self, f"Register a GSTIN of {iec}", [
            Field("gstin", "GSTIN", required=True, max_length=15)],
            lambda d: plainly(registries.register_gstin, core, actor, iec, d["gstin"]),
            self.registered("GSTIN"), submit_label="register",
            note="Checked and verified for IGST refund (EXP-REG-8).")


# ---- scheme licences (EXP-REG-9) ----

LINES_HELP = "one a line: description; quantity UQC; value ₹ (quantity and value optional)"
SOURCES = {"LICENCE.receive": ("transmitted online by DGFT", LicenceSource.DGFT),
           "LICENCE.register": ("older licence, registered at this port", LicenceSource.PORT)}


def licence_lines(rows: list[str]) -> list[dict]:
    """The form's lines as ``licences`` reads them: "description; quantity UQC; value"."""
    out = []
    for row in rows:
        parts = [p.strip() for p in row.split(";")]
        item: dict[str, str] = {"description": parts[0]}
        if len(parts) > 1 and parts[1]:
            quantity, _, uqc = parts[1].partition(" ")
            item["quantity"], item["uqc"] = quantity.replace(",", ""), uqc.strip()
        if len(parts) > 2 and parts[2]:
            item["value"] = parts[2].replace(",", "").replace("₹", "").strip()
        out.append(item)
    return out


def licence_data(d: dict) -> dict:
    obligation = rupees_in(d["export_obligation"], "export_obligation", required=False)
    return {"licence_no": d["licence_no"], "kind": d["kind"], "iec": d["iec"],
            "issued_on": day(d["issued_on"], "issued_on").isoformat(),
            "valid_to": day(d["valid_to"], "valid_to").isoformat(),
            "export_obligation": "" if obligation is None else str(obligation),
            "export_items": licence_lines(d["export_items"]),
            "part_c": licence_lines(d["part_c"])}


def licence_details(v: LicenceView) -> Text:
    out = Text.assemble((v.licence_no, "bold"), f" · {v.kind.upper()} of {v.iec} · ",
                        f"valid {when(v.issued_on)} to {when(v.valid_to)}")
    if v.export_obligation:
        out.append(f"\nobligation ₹{rupees(v.export_obligation)}, fulfilled "
                   f"₹{rupees(v.fulfilled)}, balance ₹{rupees(v.balance)}")
    for x in v.export_items[:1]:
        out.append(f"\n  export {x.sl} {x.description}")
    for x in v.part_c[:2]:
        left = f": balance {x.balance_quantity} {x.uqc}" if x.balance_quantity is not None \
            else ""
        out.append(f"\n  Part-C {x.sl} {x.description}{left}")
    if len(v.part_c) > 2:
        out.append(f"\n  and {len(v.part_c) - 2} more Part-C items")
    return out


class LicenceScreen(RegisterScreen):
    """The licences on record (or of one exporter): DGFT's, and older ones registered at
    the port with the registration number the exporter quotes in Annexure D; F2 puts a new
    one on record (received from DGFT, or registered here)."""

    SCREEN_TITLE = "Scheme licences"
    AUTO_FOCUS = "#lic-table"
    TABLE = "lic-table"
    ACT_KEYS = (ActKey("f2", "new", ("LICENCE.receive", "LICENCE.register"), "New"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f3", "find", "IEC", key_display="F3", id="lic.find",
                tooltip="Narrow the list to one exporter (IEC)"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="lic.refresh", show=False,
                tooltip="Read the list again"),
        Binding("escape", "back", "Back", id="lic.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    LicenceScreen #lic-iec { margin: 0 1; width: 50; }
    LicenceScreen #lic-table { height: 1fr; margin: 0 1; }
    LicenceScreen #lic-detail, LicenceScreen #lic-status { margin: 0 1; }
    LicenceScreen #lic-detail { height: auto; max-height: 5; text-wrap: nowrap;
                                text-overflow: ellipsis; }
    """
    COLUMNS = (("no", "Licence", 14), ("kind", "Kind", 7), ("iec", "IEC", 10),
               ("source", "Registered", 11), ("valid", "Valid to", 10),
               ("balance", "Balance ₹", 12))

    def __init__(self) -> None:
        super().__init__(id="licences")
        self.iec = ""
        self.rows: list[LicenceView] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Input(id="lic-iec", max_length=10, compact=True,
                    placeholder="IEC (F3) and Enter; empty: every exporter")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="lic-detail")
        yield Static("", id="lic-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(licences.list_licences, self.ices.core, self.iec or None,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list[LicenceView]) -> None:
        self.rows = rows
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for v in rows:
            source = v.registration_no if v.source == LicenceSource.PORT else "DGFT online"
            table.add_row(Text(v.licence_no), Text(v.kind), Text(v.iec), Text(source),
                          Text(when(v.valid_to)),
                          Text(rupees(v.balance), justify="right") if v.export_obligation
                          else Text(""), key=v.licence_no)
        scope = f"exporter {self.iec}" if self.iec else "every exporter"
        self.query_one("#lic-status", Static).update(
            Text(f"{len(rows)} licence(s) on record, {scope}", style="dim"))
        self.highlighted()

    def selected(self) -> LicenceView | None:
        n = self.cursor_index(len(self.rows))
        return None if n is None else self.rows[n]

    @on(DataTable.RowHighlighted, "#lic-table")
    def highlighted(self) -> None:
        row = self.selected()
        self.query_one("#lic-detail", Static).update(licence_details(row) if row else "")

    @on(Input.Submitted, "#lic-iec")
    def iec_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.iec = event.value.strip().upper()
        self.query_one(f"#{self.TABLE}").focus()
        self.load()

    def open_acts(self) -> tuple[str, ...]:
        return tuple(f"LICENCE.{n}" for n in LICENCE.open_to(self.ices.actor))

    def action_find(self) -> None:
        self.query_one("#lic-iec", Input).focus()

    def action_refresh(self) -> None:
        self.load()

    def action_new(self) -> None:
        core, actor = self.ices.core, self.ices.actor
        sources = [(SOURCES[a][0], a) for a in self.open_of("new")]
        fields = [
            Field("source", "Source", "choice", required=True, choices=sources,
                  value=sources[-1][1]),
            Field("licence_no", "Licence no", required=True, max_length=20),
            Field("kind", "Kind", "choice", required=True,
                  choices=[(k.upper(), k) for k in licences.KINDS], value=licences.KINDS[0]),
            Field("iec", "IEC", required=True, max_length=10, value=self.iec or None),
            Field("issued_on", "Issued on", required=True, placeholder=DATE_HELP),
            Field("valid_to", "Valid to", required=True, placeholder=DATE_HELP),
            Field("export_obligation", "Obligation ₹", placeholder="FOB; EPCG only"),
            Field("export_items", "Export items", "lines", required=True, help=LINES_HELP),
            Field("part_c", "Part-C inputs", "lines", help=LINES_HELP)]

        def call(d: dict) -> LicenceView:
            service = {LicenceSource.DGFT: licences.receive_from_dgft,
                       LicenceSource.PORT: licences.register_at_port}[SOURCES[d["source"]][1]]
            return service(core, actor, licence_data(d))

        def done(v: LicenceView) -> None:
            reg = f", registration no {v.registration_no}" if v.registration_no else ""
            self.notify(f"licence {v.licence_no} on record{reg}", markup=False)
            self.load()

        keep_asking(self, "Put a scheme licence on record (EXP-REG-9)", fields, call, done,
                    submit_label="put on record",
                    note="DGFT's online licences need no registration; an older one is "
                         "registered here and given the number quoted in Annexure D.")


# ---- authorised couriers (courier.md, CSB-1) ----


class CourierScreen(RegisterScreen):
    """The couriers authorised to file at this courier terminal; F2 registers one."""

    SCREEN_TITLE = "Authorised couriers"
    AUTO_FOCUS = "#cou-table"
    TABLE = "cou-table"
    ACT_KEYS = (ActKey("f2", "new", ("COURIER.register",), "Register"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="cou.refresh",
                tooltip="Read the list again"),
        Binding("escape", "back", "Back", id="cou.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    CourierScreen #cou-table { height: 1fr; margin: 0 1; }
    CourierScreen #cou-title, CourierScreen #cou-status { margin: 0 1; }
    """
    COLUMNS = (("code", "Code", 6), ("name", "Name", 28), ("licence", "Registration", 14),
               ("from", "From", 10), ("to", "To", 10))

    def __init__(self) -> None:
        super().__init__(id="couriers")
        self.count = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"Couriers authorised at {self.ices.actor.location_code} "
                          "(Courier Regulations)", style="bold"), id="cou-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="cou-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(couriers.list_couriers, self.ices.core, self.ices.actor.location_code,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list) -> None:
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for c in rows:
            table.add_row(Text(c.code), Text(c.name), Text(c.licence_no),
                          Text(when(c.valid_from)), Text(when(c.valid_to)), key=c.code)
        self.count = len(rows)
        self.query_one("#cou-status", Static).update(Text(f"{len(rows)} courier(s)",
                                                          style="dim"))

    def open_acts(self) -> tuple[str, ...]:
        actor = self.ices.actor
        return tuple(f"COURIER.{n}" for n in COURIER.open_to(actor,
                                                              location=actor.location_code))

    def action_refresh(self) -> None:
        self.load()

    def action_new(self) -> None:
        core, actor = self.ices.core, self.ices.actor

        def call(d: dict) -> str:
            row = couriers.register_courier(
                core, actor, d["code"], d["name"], d["licence_no"],
                valid_from=day(d["valid_from"], "valid_from", required=False),
                valid_to=day(d["valid_to"], "valid_to", required=False))
            return row.code

        def done(code: str) -> None:
            self.notify(f"courier {code} registered at {actor.location_code}", markup=False)
            self.load()

        keep_asking(self, f"Register an authorised courier at {actor.location_code}", [
            Field("code", "Code", required=True, max_length=10,
                  placeholder="2 to 10 letters or digits"),
            Field("name", "Name", required=True, max_length=150),
            Field("licence_no", "Registration", required=True, max_length=40,
                  placeholder="under the Courier Regulations"),
            Field("valid_from", "Valid from", placeholder=f"{DATE_HELP}; empty: today"),
            Field("valid_to", "Valid to", placeholder=f"{DATE_HELP}; empty: open")],
            call, done, submit_label="register")


# ---- reference directories (EXP-REG-7) ----


def import_file(core, actor, kind: str, path: str) -> ImportReport:  # noqa: ANN001
    """``registries.import_directory`` with the file as typed: a file that cannot be read
    is refused like a bad value (nothing is loaded)."""
    file = Path(path.strip()).expanduser()
    if not file.is_file():
        raise InvalidInput("path", f"{path.strip()!r} is not a file here")
    try:
        return registries.import_directory(core, actor, kind, file)
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput("path", f"{file} cannot be read as CSV: {err}") from None


class DirectoryScreen(RegisterScreen):
    """Import a reference directory (or a registry feed) from a CSV file: good rows go in,
    bad rows are listed by line with the field and the rule and change nothing."""

    SCREEN_TITLE = "Reference directories"
    AUTO_FOCUS = "#dir-table"
    TABLE = "dir-table"
    ACT_KEYS = (ActKey("f2", "load", ("DIRECTORY.import",), "Import"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("escape", "back", "Back", id="dir.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    DirectoryScreen #dir-table { height: 1fr; margin: 0 1; }
    DirectoryScreen #dir-title, DirectoryScreen #dir-status { margin: 0 1; }
    """
    COLUMNS = (("line", "Line", 6), ("problem", "Rejected because", None))

    def __init__(self) -> None:
        super().__init__(id="directories")
        self.report: ImportReport | None = None
        self.last = {"kind": None, "path": ""}

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text("F2 imports a directory from a CSV file; its report shows here.\n"
                          "Directories: " + ", ".join(KINDS), style="dim"), id="dir-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="dir-status")
        yield from self.compose_footer()

    def open_acts(self) -> tuple[str, ...]:
        return tuple(f"DIRECTORY.{n}" for n in DIRECTORY.open_to(self.ices.actor))

    def action_load(self) -> None:
        core, actor = self.ices.core, self.ices.actor

        def call(d: dict) -> tuple[dict, ImportReport]:
            return d, import_file(core, actor, d["kind"], d["path"])

        keep_asking(self, "Import a reference directory (EXP-REG-7)", [
            Field("kind", "Directory", "choice", required=True,
                  choices=[(k, k) for k in KINDS],
                  value=self.last["kind"] or next(iter(KINDS))),
            Field("path", "CSV file", required=True, value=self.last["path"] or None,
                  placeholder="path of the file on this computer")],
            call, lambda done: self.show_report(*done), submit_label="import",
            note="Rows are checked one by one; a fixed file can be sent again (rows are "
                 "updated in place).")

    def show_report(self, typed: dict, report: ImportReport) -> None:
        self.report, self.last = report, {"kind": typed["kind"], "path": typed["path"]}
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for n, (line, problem) in enumerate(report.errors):
            table.add_row(Text(str(line)), Text(problem), key=str(n))
        title = Text.assemble((f"{report.kind}", "bold"),
                              f" from {self.last['path']}: {report.loaded} row(s) loaded, "
                              f"{len(report.errors)} rejected")
        self.query_one("#dir-title", Static).update(title)
        self.query_one("#dir-status", Static).update(Text(
            "every row loaded" if report.ok else "the rejected rows changed nothing; fix "
            "them and import the file again", style="dim"))
        self.notify(f"{report.kind}: {report.loaded} loaded, {len(report.errors)} rejected",
                    markup=False, severity="information" if report.ok else "warning")

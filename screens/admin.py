"""The system manager's and the supervisors' registers (roles.md), opened from home (F6
Lists): the officers posted at the location (``OfficersScreen``), the RMS risk rules
(``RulesScreen``, EXP-RMS-1) and every officer's own password (``PasswordScreen``).

Who may do what is the act tables' (``console.acts.officer``, ``console.acts.rms``): each
row of a list carries the acts open to the officer on it, and a key is shown only while
one of its acts is open for the selected row. Passwords are typed twice, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from console.acts.officer import OFFICER, OfficerState
from console.acts.rms import RULE, RuleState
from console.errors import IcesError
from console.money import inr
from console.roles import ROLE_TITLES, Role
from console.rules import rms
from console.services.admin import officers
from console.services.admin.officers import MIN_PASSWORD, OfficerView
from console.services.exports import routing
from console.services.exports.routing import RmsRuleView
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.registry import DATE_HELP, RegisterScreen, day, keep_asking, rupees_in, table_of
from screens.widgets import compact

PASSWORD_HELP = f"at least {MIN_PASSWORD} characters; typed twice, never shown"


class PasswordForm(FormScreen):
    """A ``FormScreen`` whose ``password`` fields are masked and read as typed; the two
    named in ``TWICE`` must match before it is done."""

    TWICE = ("password", "again")

    def compose_field(self, f: Field) -> ComposeResult:
        if f.kind != "password":
            yield from super().compose_field(f)
            return
        with Horizontal(classes="form-row"):
            yield Label(f.label + (" *" if f.required else ""), classes="form-label")
            yield compact(Input, id=f"f-{f.name}", password=True, max_length=f.max_length or 0,
                          validators=f.validators(), validate_on=["submitted"])
        if f.help:
            yield Static(Text(f.help, style="dim"), classes="form-help")

    def values(self) -> tuple[dict[str, Any], list[str]]:
        data, problems = super().values()
        for f in self.fields:
            if f.kind == "password":  # as typed: a space is part of a password
                data[f.name] = self.query_one(f"#f-{f.name}", Input).value
        first, second = self.TWICE
        if first in data and second in data and data[first] != data[second]:
            problems.append("the two passwords are not the same")
        return data, problems


def password_fields() -> list[Field]:
    return [Field("password", "New password", "password", required=True, help=PASSWORD_HELP),
            Field("again", "Again", "password", required=True)]


# ---- the officers posted at the location ----


def officer_status(v: OfficerView) -> str:
    if v.state == OfficerState.DISABLED:
        return OFFICER.label(v.state)
    return "locked" if v.locked else OFFICER.label(v.state)


class OfficersScreen(RegisterScreen):
    """The officers posted here with role, status and duty. F2 adds an officer (system
    manager); on the selected officer D disables the account, U puts them on or off duty
    (the duty roster, EXP-ARR-2), P resets their password (and unlocks the account)."""

    SCREEN_TITLE = "Officers"
    AUTO_FOCUS = "#off-table"
    TABLE = "off-table"
    ACT_KEYS = (
        ActKey("f2", "new", ("OFFICER.add",), "New"),
        ActKey("d", "disable", ("OFFICER.disable",), "Disable"),
        ActKey("u", "duty(False)", ("OFFICER.duty",), "Off duty"),
        ActKey("u", "duty(True)", ("OFFICER.duty",), "On duty"),
        ActKey("p", "reset", ("OFFICER.reset_password",), "Password"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="off.refresh", show=False,
                tooltip="Read the list again"),
        Binding("escape", "back", "Back", id="off.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    OfficersScreen #off-table { height: 1fr; margin: 0 1; }
    OfficersScreen #off-title, OfficersScreen #off-detail, OfficersScreen #off-status {
        margin: 0 1;
    }
    """
    COLUMNS = (("user", "Username", 9), ("role", "Role", 5), ("status", "Status", 9),
               ("duty", "Duty", 4), ("name", "Name", None))

    def __init__(self) -> None:
        super().__init__(id="officers")
        self.rows: list[OfficerView] = []
        self.cursor_to = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(Text(f"Officers posted at {self.ices.actor.location_code}",
                          style="bold"), id="off-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="off-detail")
        yield Static("", id="off-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(officers.officers_here, self.ices.core, self.ices.actor,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list[OfficerView]) -> None:
        self.rows = rows
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for v in rows:
            table.add_row(Text(v.username), Text(v.role), Text(officer_status(v)),
                          Text("on" if v.on_duty else "off"), Text(v.name), key=v.username)
        names = [v.username for v in rows]
        if self.cursor_to in names:
            table.move_cursor(row=names.index(self.cursor_to))
        self.cursor_to = ""
        self.query_one("#off-status", Static).update(Text(
            f"{len(rows)} officer(s), {sum(v.on_duty for v in rows if not v.disabled)} "
            "on duty", style="dim"))
        self.highlighted()

    def selected(self) -> OfficerView | None:
        n = self.cursor_index(len(self.rows))
        return None if n is None else self.rows[n]

    @on(DataTable.RowHighlighted, "#off-table")
    def highlighted(self) -> None:
        v = self.selected()
        detail = Text("")
        if v is not None:
            detail = Text.assemble((v.username, "bold"), f" · {ROLE_TITLES[Role(v.role)]} · "
                                   f"{v.location_code}")
            if v.locked and v.locked_until:
                detail.append(f" · locked until {v.locked_until:%H:%M} (P unlocks it)")
        self.query_one("#off-detail", Static).update(detail)
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        made = tuple(f"OFFICER.{n}" for n in OFFICER.open_to(self.ices.actor))
        row = self.selected()
        return made + (row.acts if row else ())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "duty":  # one key: off duty for one on duty, and back
            row = self.selected()
            return bool(self.open_of("duty(False)")) and row is not None \
                and row.on_duty != parameters[0]
        return super().check_action(action, parameters)

    def act_key(self, action: str) -> ActKey | None:
        if action == "duty":
            action = "duty(False)"
        return super().act_key(action)

    def acted(self, message: str, username: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.notify(message, markup=False)
            self.cursor_to = username
            self.load()

        return done

    def action_refresh(self) -> None:
        self.load()

    def action_new(self) -> None:
        core, actor = self.ices.core, self.ices.actor
        roles = [(f"{r.value} {ROLE_TITLES[r]}", r.value) for r in Role]
        keep_asking(self, f"Add an officer at {actor.location_code}", [
            Field("username", "Username", required=True, max_length=40,
                  placeholder="letters, digits and _"),
            Field("name", "Name", required=True, max_length=100),
            Field("role", "Role", "choice", required=True, choices=roles, value=roles[0][1]),
            *password_fields()],
            lambda d: officers.add_officer(core, actor, d["username"], d["name"], d["role"],
                                           actor.location_code, d["password"]),
            lambda v: self.acted(f"officer {v.username} added ({v.role} at "
                                 f"{v.location_code})", v.username)(v),
            form=PasswordForm, submit_label="add")

    def action_disable(self) -> None:
        row = self.selected()
        if row is None:
            return
        core, actor = self.ices.core, self.ices.actor

        def go(d: dict) -> None:
            self.confirm("OFFICER.disable", f"{row.username} ({row.name})", lambda: (
                self.run_service(officers.disable_officer, core, actor, row.username,
                                 d["reason"], then=self.acted(f"{row.username} disabled: may "
                                                              "no longer log in",
                                                              row.username))))

        self.ask(FormScreen(f"Disable {row.username} ({row.name})", [
            Field("reason", "Reason", required=True, max_length=200,
                  placeholder="e.g. transferred to another custom house")],
            note="The officer may no longer log in.", submit_label="disable"), go)

    def action_duty(self, on_duty: bool) -> None:
        row = self.selected()
        if row is None:
            return
        now = "on duty" if on_duty else "off duty"
        self.confirm("OFFICER.duty", f"{row.username} {now}", lambda: self.run_service(
            officers.set_on_duty, self.ices.core, self.ices.actor, row.username, on_duty,
            then=self.acted(f"{row.username} is {now}", row.username)))

    def action_reset(self) -> None:
        row = self.selected()
        if row is None:
            return
        core, actor = self.ices.core, self.ices.actor
        keep_asking(self, f"Reset the password of {row.username} ({row.name})",
                    password_fields(),
                    lambda d: officers.reset_password(core, actor, row.username,
                                                      d["password"]),
                    self.acted(f"password of {row.username} reset; the account is unlocked",
                               row.username),
                    form=PasswordForm, submit_label="reset",
                    note="Give the new password to the officer in person.")


# ---- the RMS risk rules (EXP-RMS-1) ----

ROUTE_WORDS = {"assessment_and_examination": "assess + examine"}
DOCUMENTS = ("SB", "CSB")


def criteria(v: RmsRuleView) -> str:
    said = [f"{name} {value}" for name, value in (
        ("IEC", v.iec), ("tariff", v.tariff_prefix), ("country", v.country),
        ("scheme", v.scheme_code)) if value]
    if v.value_from is not None or v.value_to is not None:
        low = "" if v.value_from is None else f"₹{inr(v.value_from)}"
        high = "" if v.value_to is None else f"₹{inr(v.value_to)}"
        said.append(f"value {low}–{high}")
    return ", ".join(said) or "every declaration"


def rule_values(d: dict) -> dict:
    """The form's values as ``routing`` takes them (the form's strings read here)."""
    try:
        priority = int(str(d["priority"]).strip() or "100")
    except ValueError:
        priority = -1
    if priority < 0:
        raise IcesError(f"priority: {d['priority']!r} is not a whole number")
    return {"name": d["name"].strip(), "priority": priority, "route": d["route"],
            "iec": d["iec"], "tariff_prefix": d["tariff_prefix"].strip(),
            "country": d["country"], "scheme_code": d["scheme_code"].strip(),
            "value_from": rupees_in(d["value_from"], "value_from", required=False),
            "value_to": rupees_in(d["value_to"], "value_to", required=False),
            "ccrs": d["ccrs"].strip().upper(),
            "effective_from": day(d["effective_from"], "effective_from"),
            "effective_to": day(d["effective_to"], "effective_to", required=False)}


def _shown(value: Decimal | date | None) -> str:
    if value is None:
        return ""
    return f"{value:%d.%m.%Y}" if isinstance(value, date) else str(value)


class RulesScreen(RegisterScreen):
    """The RMS rules of Shipping Bills (F8: of Courier Shipping Bills), in the order RMS
    tries them; F2 adds a rule, E edits the selected one, D disables it (AC/DC or higher:
    the RMS table). The rules are national: one RMS for every custom house."""

    SCREEN_TITLE = "RMS risk rules"
    AUTO_FOCUS = "#rms-table"
    TABLE = "rms-table"
    ACT_KEYS = (
        ActKey("f2", "new", ("RMS.add",), "New"),
        ActKey("e", "edit", ("RMS.edit",), "Edit"),
        ActKey("d", "disable", ("RMS.disable",), "Disable"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f8", "document", "SB / CSB", key_display="F8", id="rms.document",
                tooltip="The rules of Shipping Bills, or of Courier Shipping Bills"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="rms.refresh", show=False,
                tooltip="Read the rules again"),
        Binding("escape", "back", "Back", id="rms.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    RulesScreen #rms-table { height: 1fr; margin: 0 1; }
    RulesScreen #rms-title, RulesScreen #rms-detail, RulesScreen #rms-status { margin: 0 1; }
    RulesScreen #rms-detail { height: auto; max-height: 3; text-wrap: nowrap;
                              text-overflow: ellipsis; }
    """
    COLUMNS = (("pri", "Pri", 4), ("name", "Rule", 33), ("route", "Route", 16),
               ("ccrs", "CCR", 7), ("state", "State", 8))

    def __init__(self) -> None:
        super().__init__(id="rms-rules")
        self.document = DOCUMENTS[0]
        self.rows: list[RmsRuleView] = []
        self.cursor_to: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static("", id="rms-title")
        yield table_of(self.TABLE, self.COLUMNS)
        yield Static("", id="rms-detail")
        yield Static("", id="rms-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(routing.rms_rules, self.ices.core, self.ices.actor, self.document,
                         then=self.show_rows, busy=self.query_one(f"#{self.TABLE}"))

    def show_rows(self, rows: list[RmsRuleView]) -> None:
        self.rows = rows
        table = self.query_one(f"#{self.TABLE}", DataTable)
        table.clear()
        for v in rows:
            dim = "" if v.state == RuleState.ACTIVE else "dim"
            table.add_row(Text(str(v.priority), style=dim), Text(v.name, style=dim),
                          Text(ROUTE_WORDS.get(v.route, v.route.replace("_", " ")), style=dim),
                          Text(v.ccrs, style=dim), Text(RULE.label(v.state), style=dim),
                          key=str(v.id))
        ids = [v.id for v in rows]
        if self.cursor_to in ids:
            table.move_cursor(row=ids.index(self.cursor_to))
        self.cursor_to = None
        what = "Shipping Bills" if self.document == "SB" else "Courier Shipping Bills"
        self.query_one("#rms-title", Static).update(Text(
            f"RMS rules of {what}, tried in order; none matching: random selection",
            style="bold"))
        self.query_one("#rms-status", Static).update(Text(
            f"{sum(v.state == RuleState.ACTIVE for v in rows)} active, "
            f"{sum(v.state != RuleState.ACTIVE for v in rows)} disabled", style="dim"))
        self.highlighted()

    def selected(self) -> RmsRuleView | None:
        n = self.cursor_index(len(self.rows))
        return None if n is None else self.rows[n]

    @on(DataTable.RowHighlighted, "#rms-table")
    def highlighted(self) -> None:
        v = self.selected()
        detail = Text("")
        if v is not None:
            to = f" to {v.effective_to:%d.%m.%Y}" if v.effective_to else ""
            detail = Text.assemble(("When: ", "bold"), criteria(v), "\n",
                                   f"in force from {v.effective_from:%d.%m.%Y}{to} · "
                                   f"by {v.created_by or 'the reference data'}")
        self.query_one("#rms-detail", Static).update(detail)
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        made = tuple(f"RMS.{n}" for n in RULE.open_to(self.ices.actor))
        row = self.selected()
        return made + (row.acts if row else ())

    def action_document(self) -> None:
        self.document = DOCUMENTS[(DOCUMENTS.index(self.document) + 1) % len(DOCUMENTS)]
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def fields(self, v: RmsRuleView | None) -> list[Field]:
        routes = rms.SB_ROUTES if self.document == "SB" else rms.CSB_ROUTES
        today = self.ices.core.today()
        return [
            Field("name", "Rule", required=True, max_length=150, value=v and v.name),
            Field("priority", "Priority", "int", required=True,
                  value=v.priority if v else 100, help="lowest tried first"),
            Field("route", "Route", "choice", required=True,
                  choices=[(ROUTE_WORDS.get(r, r.replace("_", " ")), r) for r in routes],
                  value=v.route if v else routes[-1]),
            Field("iec", "IEC", max_length=10, value=v and v.iec),
            Field("tariff_prefix", "Tariff", max_length=8, value=v and v.tariff_prefix,
                  placeholder="chapter, heading or item"),
            Field("country", "Country", max_length=2, value=v and v.country),
            Field("scheme_code", "Scheme code", max_length=2, value=v and v.scheme_code),
            Field("value_from", "Value from ₹", value=_shown(v.value_from if v else None)),
            Field("value_to", "Value to ₹", value=_shown(v.value_to if v else None)),
            Field("ccrs", "CCRs", max_length=60, value=v and v.ccrs,
                  placeholder="e.g. DC-NOC (EXP-RMS-2)"),
            Field("effective_from", "In force from", required=True,
                  value=_shown(v.effective_from if v else today), placeholder=DATE_HELP),
            Field("effective_to", "In force to", value=_shown(v.effective_to if v else None),
                  placeholder=DATE_HELP)]

    def saved(self, verb: str) -> Callable[[RmsRuleView], None]:
        def done(v: RmsRuleView) -> None:
            self.notify(f"RMS rule {v.id} {verb}: {v.name}", markup=False)
            self.cursor_to = v.id
            self.load()

        return done

    def action_new(self) -> None:
        core, actor, document = self.ices.core, self.ices.actor, self.document
        keep_asking(self, f"Add an RMS rule for {document}s (EXP-RMS-1)", self.fields(None),
                    lambda d: routing.add_rms_rule(core, actor, document=document,
                                                   **rule_values(d)),
                    self.saved("added"), submit_label="add",
                    note="A declaration matching every criterion given takes the route; "
                         "empty criteria match anything.")

    def action_edit(self) -> None:
        v = self.selected()
        if v is None:
            return
        core, actor = self.ices.core, self.ices.actor
        before = rule_values({f.name: "" if f.value is None else str(f.value)
                              for f in self.fields(v)})

        def call(d: dict) -> RmsRuleView:
            changes = {k: x for k, x in rule_values(d).items() if before.get(k) != x}
            if not changes:
                raise IcesError("nothing was changed")
            return routing.edit_rms_rule(core, actor, v.id, **changes)

        keep_asking(self, f"Edit RMS rule {v.id}", self.fields(v), call, self.saved("edited"),
                    submit_label="save")

    def action_disable(self) -> None:
        v = self.selected()
        if v is None:
            return
        core, actor = self.ices.core, self.ices.actor
        self.ask(FormScreen(f"Disable RMS rule {v.id}: {v.name}", [
            Field("reason", "Reason", required=True, max_length=200)],
            note="Declarations are no longer routed by it; it stays on record.",
            submit_label="disable"),
            lambda d: self.confirm("RMS.disable", f"rule {v.id}", lambda: self.run_service(
                routing.deactivate_rms_rule, core, actor, v.id, d["reason"],
                then=self.saved("disabled"))))


# ---- one's own password ----


class PasswordScreen(IcesScreen):
    """Any officer changes their own password: typed twice; Ctrl+S changes it."""

    SCREEN_TITLE = "My password"
    AUTO_FOCUS = "#pw-new"
    ACT_KEYS = (ActKey("ctrl+s", "change", ("OFFICER.password",), "Change"),)
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("escape", "back", "Back", id="pw.back", tooltip="Back; nothing changed"),
    ]
    DEFAULT_CSS = """
    PasswordScreen #pw-box { margin: 1 2; height: auto; width: 64; padding: 1 2;
                             border: round $accent; }
    PasswordScreen .pw-row { height: 1; margin-bottom: 1; }
    PasswordScreen .pw-row Label { width: 16; }
    PasswordScreen .pw-row Input { width: 1fr; }
    PasswordScreen #pw-help { margin-bottom: 1; }
    PasswordScreen #pw-error { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__(id="password")
        self.account: OfficerView | None = None

    def compose(self) -> ComposeResult:
        actor = self.ices.actor
        yield from self.compose_bar()
        with Vertical(id="pw-box"):
            yield Static(Text.assemble(("Change your password", "bold"), "\n",
                                       f"{actor.username} · {actor.name}"), id="pw-head")
            yield Static(Text(PASSWORD_HELP.capitalize() + ".", style="dim"), id="pw-help")
            with Horizontal(classes="pw-row"):
                yield Label("New password")
                yield compact(Input, id="pw-new", password=True, placeholder="new password")
            with Horizontal(classes="pw-row"):
                yield Label("Again")
                yield compact(Input, id="pw-again", password=True,
                              placeholder="the same again; Enter changes it")
            yield Static("", id="pw-error", classes="error")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.run_service(officers.my_account, self.ices.core, self.ices.actor,
                         then=self.loaded)

    def loaded(self, account: OfficerView) -> None:
        self.account = account
        self.refresh_bindings()

    def open_acts(self) -> tuple[str, ...]:
        return self.account.acts if self.account else ()

    @on(Input.Submitted, "#pw-new")
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#pw-again", Input).focus()

    @on(Input.Submitted, "#pw-again")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.open_of("change"):
            self.action_change()

    def action_change(self) -> None:
        new = self.query_one("#pw-new", Input).value
        again = self.query_one("#pw-again", Input).value
        error = self.query_one("#pw-error", Static)
        if not new:
            error.update("type the new password")
            return
        if new != again:
            error.update("the two passwords are not the same: type them again")
            for widget in self.query(Input):
                widget.value = ""
            self.query_one("#pw-new", Input).focus()
            return
        error.update("")
        self.run_service(officers.change_password, self.ices.core, self.ices.actor,
                         self.ices.actor.username, new, then=self.changed,
                         failed=self.refused)

    def refused(self, err: IcesError) -> None:
        self.query_one("#pw-error", Static).update(Text(str(err)))
        self.notify(str(err), title="Refused", severity="error", markup=False)

    def changed(self, _result: None) -> None:
        self.notify("your password is changed; use it at your next log in", markup=False)
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)

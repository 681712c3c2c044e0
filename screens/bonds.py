"""The bond section on screen (bonds-warehousing.md, BND-1..BND-14, WH-1..WH-5): the bond
register of the officer's location with the running ledger of the selected bond, the
certificates, and the warehouse ledgers. Opened from home, F6 Lists.

Tabs (F8 moves to the next; the tab titles may also be clicked):

* Bonds: every bond here (asked for and approved first, then registered by number, then
  closed and cancelled) with its balances, validity and state; under it the selected
  bond's particulars and its running ledger, each line with the balance after it (BND-8),
  the highlighted line's BG, officer and reason beneath.
* Certificates: Central Excise / GST certificates registered here and the BE each serves
  (BND-11).
* Warehouse: each warehousing (W) BE here given Out of Charge, with its order, period and
  WH bond, and its quantity ledger per item: cleared ex-bond, balance, and the interest on
  the duty of the balance due to date (WH-2, WH-3, WH-5). Read-only: the BE's own acts are
  on the BE screen.

Keys follow the acts the selected row's view says are open to the officer (the BOND and
CERT tables): the appraiser ``n`` requests a continuity bond (BND-2); the AC/DC ``F6``
approves and ``F4`` cancels a request, ``e`` enhances a registered bond (BND-1); the bond
clerk ``F7`` registers an approved bond with its storage location (BND-3, BND-4) or, on the
Certificates tab, a certificate (BND-11), ``d`` debits a bond for a BE due or a manual BE
(BND-7, BND-8, BND-10), ``c`` credits it with its reason (BND-9), ``x`` closes it (BND-10)
and ``a`` attaches a certificate to a BE (BND-11). F5 reloads, Esc goes back. Every act is
a service call in a worker with the version the officer saw; the services decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from console.acts.bond import BOND, CERT, UNREGISTERED, BondState
from console.core import Core
from console.errors import IcesError, InvalidInput
from console.money import inr as rs
from console.roles import Actor
from console.services.bonds import bonds as svc
from console.services.bonds import warehousing as wh
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen

TABS = ("bonds", "certs", "warehouse")
TAB_TITLES = {"bonds": "Bonds", "certs": "Certificates", "warehouse": "Warehouse"}
BOND_COLUMNS = (("no", "Bond", 6), ("type", "Type", 4), ("iec", "IEC", 10),
                ("balance", "Balance ₹", 11), ("bg", "BG bal ₹", 10),
                ("valid", "Valid to", 10), ("state", "State", 10))
LEDGER_COLUMNS = (("on", "On", 8), ("be", "BE", 7), ("be_date", "BE date", 8),
                  ("doc", "Doc", 7), ("debit", "Debit ₹", 11), ("credit", "Credit ₹", 11),
                  ("balance", "Balance ₹", 11))
CERT_COLUMNS = (("no", "Reg no", 6), ("iec", "IEC", 10), ("issuer", "Issuer", 14),
                ("ref", "Reference", 16), ("dated", "Dated", 10), ("state", "State", 10))
WH_COLUMNS = (("be", "W BE", 7), ("iec", "IEC", 10), ("code", "Whouse", 8),
              ("ordered", "Ordered", 10), ("period", "Period to", 10), ("bond", "Bond", 6),
              ("interest", "Interest ₹", 10))
STOCK_COLUMNS = (("sl", "Sl", 2), ("tariff", "Tariff", 8), ("desc", "Description", 15),
                 ("qty", "Quantity", 8), ("cleared", "Cleared", 8), ("balance", "Balance", 8),
                 ("uqc", "UQC", 3), ("interest", "Interest ₹", 10))
FIRST = {"bonds": "#bond-table", "certs": "#cert-table", "warehouse": "#wh-table"}
DATE_HELP = "DD.MM.YYYY (or YYYY-MM-DD)"


# ---- small helpers ----



def num(value: Decimal | str) -> Text:
    return Text(value if isinstance(value, str) else rs(value), justify="right")


def qty(value: Decimal) -> Text:
    return Text(f"{value.normalize():f}", justify="right")


def dmy(day: date | None, short: bool = False) -> str:
    if day is None:
        return ""
    return f"{day:%d.%m.%y}" if short else f"{day:%d.%m.%Y}"


def day_of(value: str, field: str, rule: str) -> date:
    """A date keyed as DD.MM.YYYY or YYYY-MM-DD."""
    text = (value or "").strip()
    try:
        if "." in text:
            d, m, y = text.split(".")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a date: {DATE_HELP}", rule) from None


def number(bond: svc.BondView) -> str:
    """The registration number, or the request R<id> before it (BND-3)."""
    return str(bond.bond_no) if bond.bond_no else f"R{bond.id}"


def plural(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def bond_detail(h: svc.BondHere) -> Text:
    """The selected bond's particulars in three lines under the register: what the columns
    leave out (kind, amount, BG, storage, who acted)."""
    b = h.bond
    kind = f"specific bond for BE {b.be_no}" if b.be_no else f"{b.kind} bond"
    bg = f", BG ₹{rs(b.bg_amount)}" if b.bg_amount else ""
    out = Text.assemble((number(b), "bold"), f" {b.bond_type} {b.bond_type_label} {kind}: "
                        f"₹{rs(b.amount)}{bg}\n")
    left = (f"expired {-h.days_left} days ago" if h.days_left < 0
            else f"{plural(h.days_left, 'day')} left")
    facts = [f"valid to {dmy(b.valid_to)}, {left}"]
    if b.state == BondState.REGISTERED:
        facts += [plural(len(h.open_debits), "open debit"),
                  f"{plural(len(h.due), 'BE')} due for debit" if h.due else ""]
    facts += [f"BG {b.bg_ref}" if b.bg_ref else "", f"surety {b.surety}" if b.surety else ""]
    out.append(" · ".join(x for x in facts if x) + "\n")
    if b.state in UNREGISTERED:
        out.append(f"asked by {b.requested_by}" + (
            f" · approved by {b.approved_by}: the bond clerk registers it" if b.approved_by
            else " · awaiting the AC/DC's approval"))
    else:
        done = [f"documents at {b.storage_location}" if b.storage_location else "",
                f"registered by {b.registered_by}" if b.registered_by else "", b.close_note]
        out.append(" · ".join(x for x in done if x))
    return out


def ledger_detail(x: svc.RunningLine) -> Text:
    """The highlighted ledger line: what the columns leave out (BG, officer, reason)."""
    if x.kind == "enhancement":
        return Text(f"enhanced by {x.officer} on {dmy(x.on)}: BG +₹{rs(x.bg_credit)}, BG "
                    f"balance ₹{rs(x.bg_balance)} · {x.reason_text}")
    bg = x.bg_credit if x.kind == "credit" else x.bg_debit
    out = Text(f"{x.kind} by {x.officer} on {dmy(x.on)} · BG ₹{rs(bg)}, BG balance "
               f"₹{rs(x.bg_balance)}")
    if x.reason:
        out.append(f" · ({x.reason}) {x.reason_text}")
    return out


def cert_detail(c: svc.CertificateHere) -> Text:
    v = c.cert
    out = Text.assemble((str(v.reg_no), "bold"), f" · {v.issuer} · {v.cert_ref} of "
                        f"{dmy(v.cert_date)}\nIEC {v.iec} · registered by {v.registered_by} · ")
    out.append(f"serves BE {v.be_no}: one certificate, one BE" if v.be_no
               else "not attached: it may serve one BE of its importer")
    return out


def wh_detail(w: wh.WarehousedView) -> Text:
    out = Text.assemble((f"W BE {w.be_no}", "bold"), f" of {dmy(w.be_date)} · "
                        f"{w.warehouse_code} · ordered {dmy(w.ordered_on)} ({plural(w.days, 'day')}"
                        f") · period to {dmy(w.period_to)}")
    if w.extended_by:
        out.append(f", extended by {w.extended_by}")
    out.append(f"\ninterest {w.interest_rate}% a year: {plural(w.interest_days, 'day')} past "
               f"the free days, ₹{rs(w.interest_due)} to date on the balance")
    return out


def register_data(core: Core, actor: Actor) -> tuple:
    """What the screen shows, read in one worker."""
    return (svc.bonds_here(core, actor), svc.certificates_here(core, actor),
            wh.warehouses_here(core, actor))


def _table(table_id: str, columns: tuple) -> DataTable:
    table: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
    for key, label, width in columns:
        numeric = label.endswith("₹") or key in ("qty", "cleared", "balance")
        table.add_column(Text(label, justify="right") if numeric else label, key=key,
                         width=width)
    return table


class BondsScreen(IcesScreen):
    """The bond register, certificates and warehouse ledgers of the officer's location.

    Built with no arguments (home's F6 Lists); ``kind`` and ``ref`` (a worklist row:
    ``BOND`` and a bond number or ``R<id>``, or ``BE`` and a BE whose debit is due) open it
    on that bond, with the debit of that BE asked at once."""

    SCREEN_TITLE = "Bond register"
    AUTO_FOCUS = "#bond-table"
    ACT_KEYS = (
        ActKey("n", "request", ("BOND.request",), "Request"),
        ActKey("f6", "approve", ("BOND.approve",), "Approve"),
        ActKey("f4", "cancel", ("BOND.cancel",), "Cancel"),
        ActKey("f7", "register", ("BOND.register", "CERT.register"), "Register"),
        ActKey("d", "debit", ("BOND.debit", "BOND.debit_manual"), "Debit"),
        ActKey("c", "credit", ("BOND.credit",), "Credit"),
        ActKey("e", "enhance", ("BOND.enhance",), "Enhance"),
        ActKey("x", "close", ("BOND.close",), "Close"),
        ActKey("a", "attach", ("CERT.attach",), "Attach"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        *(Binding("f8", f"view('{tab}')", TAB_TITLES[tab], key_display="F8",
                  id=f"bonds.view_{tab}", tooltip=f"The {TAB_TITLES[tab].lower()} tab")
          for tab in TABS),
        Binding("f5", "refresh", "Reload", key_display="F5", id="bonds.refresh", show=False,
                tooltip="Reload the register"),  # off the footer for 80 columns; F1 lists it
        Binding("escape", "back", "Back", key_display="Esc", id="bonds.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    BondsScreen #bond-tabs { height: 1fr; }
    BondsScreen #bond-tabs TabPane { padding: 0 1; }
    BondsScreen #bond-table { height: 8; }
    BondsScreen #ledger-table, BondsScreen #stock-table { height: 1fr; }
    BondsScreen #cert-table, BondsScreen #wh-table { height: 1fr; max-height: 10; }
    BondsScreen .detail { height: auto; max-height: 3; text-wrap: nowrap; text-overflow: ellipsis; }
    BondsScreen DataTable { scrollbar-size-vertical: 1; }
    """

    def __init__(self, kind: str = "", ref: str = "") -> None:
        super().__init__(id="bonds")
        self.bonds: tuple[svc.BondHere, ...] = ()
        self.certs: tuple[svc.CertificateHere, ...] = ()
        self.stores: tuple[wh.WarehousedView, ...] = ()
        self.ledger: tuple[svc.RunningLine, ...] = ()
        self.tab = "bonds"
        self.cursor_to: int | None = None  # the bond acted on: the cursor goes back to it
        self.cert_to: int | None = None
        self.opening = (kind.upper(), ref.strip().upper())  # a worklist row to open on

    # ---- layout ----

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        with TabbedContent(id="bond-tabs", initial="tab-bonds"):
            with TabPane(TAB_TITLES["bonds"], id="tab-bonds"):
                yield _table("bond-table", BOND_COLUMNS)
                yield Static("", id="bond-detail", classes="detail")
                yield _table("ledger-table", LEDGER_COLUMNS)
                yield Static("", id="ledger-detail", classes="detail")
            with TabPane(TAB_TITLES["certs"], id="tab-certs"):
                yield _table("cert-table", CERT_COLUMNS)
                yield Static("", id="cert-detail", classes="detail")
            with TabPane(TAB_TITLES["warehouse"], id="tab-warehouse"):
                yield _table("wh-table", WH_COLUMNS)
                yield Static("", id="wh-detail", classes="detail")
                yield _table("stock-table", STOCK_COLUMNS)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.load()

    # ---- loading ----

    def load(self) -> None:
        self.run_service(register_data, self.ices.core, self.ices.actor, then=self.show,
                         busy=self.query_one("#bond-tabs"))

    def show(self, data: tuple) -> None:
        self.bonds, self.certs, self.stores = data
        self.show_bonds()
        self.show_certs()
        self.show_stores()
        if self.focused is None:  # the list lost the cursor while it was loading
            self.query_one(FIRST[self.tab]).focus()
        kind, ref = self.opening
        if kind:
            self.opening = ("", "")
            self.open_on(kind, ref)
        self.refresh_bindings()

    def show_bonds(self) -> None:
        table = self.query_one("#bond-table", DataTable)
        table.clear()
        for h in self.bonds:
            b = h.bond
            table.add_row(number(b), b.bond_type, b.iec, num(b.balance),
                          num(b.bg_balance) if b.bg_amount else num("—"), dmy(b.valid_to),
                          BOND.label(b.state), key=str(b.id))
        ids = [h.bond.id for h in self.bonds]
        if self.cursor_to in ids:
            table.move_cursor(row=ids.index(self.cursor_to))
        self.cursor_to = None
        self.bond_highlighted()

    def show_certs(self) -> None:
        table = self.query_one("#cert-table", DataTable)
        table.clear()
        for c in self.certs:
            v = c.cert
            table.add_row(str(v.reg_no), v.iec, Text(v.issuer), Text(v.cert_ref),
                          dmy(v.cert_date), CERT.label(c.state), key=str(v.reg_no))
        regs = [c.cert.reg_no for c in self.certs]
        if self.cert_to in regs:
            table.move_cursor(row=regs.index(self.cert_to))
        self.cert_to = None
        self.cert_highlighted()

    def show_stores(self) -> None:
        table = self.query_one("#wh-table", DataTable)
        table.clear()
        for w in self.stores:
            table.add_row(str(w.be_no), w.iec, w.warehouse_code, dmy(w.ordered_on),
                          dmy(w.period_to), str(w.bond_no or ""), num(w.interest_due),
                          key=str(w.be_no))
        self.store_highlighted()

    def open_on(self, kind: str, ref: str) -> None:
        """Open on a worklist row: its bond selected; a BE due for debit asked at once."""
        table = self.query_one("#bond-table", DataTable)
        for n, h in enumerate(self.bonds):
            due = [d for d in h.due if str(d.be_no) == ref] if kind == "BE" else []
            if number(h.bond) == ref or due:
                table.move_cursor(row=n)
                self.bond_highlighted()
                if due and "BOND.debit" in h.acts:
                    self.debit_be(h, due[0])
                return

    # ---- selection ----

    def selected(self) -> svc.BondHere | None:
        table = self.query_one("#bond-table", DataTable)
        if not self.bonds or not 0 <= table.cursor_row < len(self.bonds):
            return None
        return self.bonds[table.cursor_row]

    def selected_cert(self) -> svc.CertificateHere | None:
        table = self.query_one("#cert-table", DataTable)
        if not self.certs or not 0 <= table.cursor_row < len(self.certs):
            return None
        return self.certs[table.cursor_row]

    def selected_store(self) -> wh.WarehousedView | None:
        table = self.query_one("#wh-table", DataTable)
        if not self.stores or not 0 <= table.cursor_row < len(self.stores):
            return None
        return self.stores[table.cursor_row]

    @on(DataTable.RowHighlighted, "#bond-table")
    def bond_highlighted(self) -> None:
        h = self.selected()
        self.query_one("#bond-detail", Static).update(
            bond_detail(h) if h else Text("No bonds here yet", style="italic"))
        self.show_ledger((), None)
        if h is not None and h.bond.bond_no:
            no = h.bond.bond_no
            self.run_service(svc.ledger_lines, self.ices.core, no, lookup=True,
                             then=lambda lines: self.show_ledger(lines, no))
        elif h is not None:
            self.query_one("#ledger-detail", Static).update(
                Text("not registered: no ledger yet", style="italic"))
        self.refresh_bindings()

    def show_ledger(self, lines: tuple[svc.RunningLine, ...], bond_no: int | None) -> None:
        h = self.selected()
        if bond_no is not None and (h is None or h.bond.bond_no != bond_no):
            return  # an older bond's ledger answered after the cursor moved on
        self.ledger = lines
        table = self.query_one("#ledger-table", DataTable)
        table.clear()
        for n, x in enumerate(lines):
            doc = "enhance" if x.kind == "enhancement" else x.doc_type
            table.add_row(dmy(x.on, True), str(x.be_no or ""), dmy(x.be_date, True), doc,
                          num(x.debit) if x.debit else "", num(x.credit) if x.credit else "",
                          num(x.balance), key=str(n))
        if lines:
            table.move_cursor(row=len(lines) - 1)  # the newest line, its balance the bond's
        self.ledger_highlighted()

    @on(DataTable.RowHighlighted, "#ledger-table")
    def ledger_highlighted(self) -> None:
        table = self.query_one("#ledger-table", DataTable)
        row = table.cursor_row
        detail = self.query_one("#ledger-detail", Static)
        if self.ledger and 0 <= row < len(self.ledger):
            detail.update(ledger_detail(self.ledger[row]))
        else:
            h = self.selected()
            detail.update(Text("no debits or credits yet", style="italic")
                          if h is not None and h.bond.bond_no else "")

    @on(DataTable.RowHighlighted, "#cert-table")
    def cert_highlighted(self) -> None:
        c = self.selected_cert()
        self.query_one("#cert-detail", Static).update(
            cert_detail(c) if c else Text("No certificates registered here", style="italic"))
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#wh-table")
    def store_highlighted(self) -> None:
        w = self.selected_store()
        self.query_one("#wh-detail", Static).update(
            wh_detail(w) if w else Text("No warehoused goods here", style="italic"))
        table = self.query_one("#stock-table", DataTable)
        table.clear()
        for x in w.lines if w else ():
            table.add_row(str(x.item_sl), x.tariff_item, Text(x.description), qty(x.quantity),
                          qty(x.cleared), qty(x.balance), x.uqc, num(x.interest_due),
                          key=str(x.item_sl))

    @on(TabbedContent.TabActivated, "#bond-tabs")
    def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.tab = (event.pane.id or "tab-bonds").removeprefix("tab-")
        # the tab's list has the cursor, now and when a form closes (a focus given back to
        # a list on another tab would switch the tabs)
        self.AUTO_FOCUS = FIRST[self.tab]
        self.query_one(FIRST[self.tab]).focus()
        self.refresh_bindings()

    # ---- which keys ----

    def open_acts(self) -> tuple[str, ...]:
        """On the Bonds tab: asking for a bond (the table's) and what the selected bond's
        view allows; on Certificates: registering one and what the selected one allows."""
        actor = self.ices.actor
        if self.tab == "bonds":
            h = self.selected()
            return tuple(f"BOND.{a}" for a in BOND.open_to(actor)) + (h.acts if h else ())
        if self.tab == "certs":
            c = self.selected_cert()
            return tuple(f"CERT.{a}" for a in CERT.open_to(actor)) + (c.acts if c else ())
        return ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "view":
            return parameters[0] == TABS[(TABS.index(self.tab) + 1) % len(TABS)]
        return super().check_action(action, parameters)

    # ---- taking an act ----

    def acted(self, message: str, bond_id: int | None = None,
              cert: int | None = None) -> None:
        self.notify(message, markup=False)
        self.cursor_to, self.cert_to = bond_id, cert
        self.load()

    def act_form(self, title: str, fields: list[Field], go: Callable[[dict], tuple],
                 note: str = "", submit: str = "Done") -> None:
        """Ask ``fields``; ``go(values)`` gives (service, args, kwargs, message(view)) to run.
        A refusal (of a keyed date here, or of the service) is shown and the form comes
        back with what was typed and why."""

        def run(values: dict) -> None:
            def refused(err: Exception) -> None:
                self.notify(str(err), title="Refused", severity="error", markup=False)
                again = [replace(f, value=values.get(f.name, f.value)) for f in fields]
                self.act_form(title, again, go, note=f"Refused: {err}", submit=submit)

            try:
                fn, args, kwargs, said = go(values)
            except IcesError as err:
                refused(err)
                return
            self.run_service(fn, self.ices.core, self.ices.actor, *args, **kwargs,
                             failed=refused, then=said)

        self.ask(FormScreen(title, fields, note=note, submit_label=submit), run)

    def take(self, act_id: str, what: str, fn: Callable[..., Any], *args: Any,
             then: Callable[[Any], None], **kwargs: Any) -> None:
        """An act taken without a form: asked first where its row says so."""
        self.confirm(act_id, what, lambda: self.run_service(
            fn, self.ices.core, self.ices.actor, *args, then=then, **kwargs))

    # the appraiser (BND-2)

    def action_request(self) -> None:
        types = [(f"{k} {v}", k) for k, v in svc.BOND_TYPES.items()]

        def go(v: dict) -> tuple:
            valid = day_of(v["valid_to"], "valid_to", "BND-10")
            return (svc.request_bond, (v["iec"], v["bond_type"], v["amount"], valid),
                    {"bg_amount": v["bg_amount"] or "0", "bg_ref": v["bg_ref"],
                     "surety": v["surety"]},
                    lambda b: self.acted(f"continuity bond requested as R{b.id}: the AC/DC "
                                         "approves it next (BND-2)", b.id))

        self.act_form("Request a continuity bond (BND-2)", [
            Field("iec", "IEC", required=True, max_length=10),
            Field("bond_type", "Type", "choice", required=True, choices=types, value="EU"),
            Field("amount", "Amount ₹", required=True, max_length=16),
            Field("valid_to", "Valid to", required=True, placeholder=DATE_HELP, max_length=10),
            Field("bg_amount", "BG ₹", max_length=16, placeholder="0"),
            Field("bg_ref", "BG bank, no.", max_length=80),
            Field("surety", "Surety", max_length=150)], go, submit="request")

    # the AC/DC (BND-1, BND-2, BND-10)

    def action_approve(self) -> None:
        h = self.selected()
        if h is None:
            return
        b = h.bond
        self.take("BOND.approve", f"the {b.bond_type} continuity bond R{b.id} of IEC {b.iec} "
                  f"for ₹{rs(b.amount)}", svc.approve_bond, b.id, expected_version=b.version,
                  then=lambda v: self.acted(f"bond R{v.id} approved: the bond clerk registers "
                                            "it (BND-3)", v.id))

    def action_cancel(self) -> None:
        h = self.selected()
        if h is None:
            return
        b = h.bond
        self.act_form(f"Cancel bond request R{b.id} ({b.bond_type}, IEC {b.iec})", [
            Field("reason", "Reason", required=True, max_length=200)],
            lambda v: (svc.cancel_bond, (b.id, v["reason"]),
                       {"expected_version": b.version},
                       lambda x: self.acted(f"bond request R{x.id} cancelled", x.id)),
            note="A bond asked for and never registered is cancelled; this cannot be undone "
                 "(BND-10).", submit="cancel it")

    def action_enhance(self) -> None:
        h = self.selected()
        if h is None:
            return
        b = h.bond

        def go(v: dict) -> tuple:
            valid = day_of(v["valid_to"], "valid_to", "BND-1") if v["valid_to"] else None
            return (svc.enhance_bond, (b.bond_no, v["add_amount"] or "0", v["reason"]),
                    {"add_bg": v["add_bg"] or "0", "valid_to": valid},
                    lambda x: self.acted(f"bond {x.bond_no} enhanced: ₹{rs(x.amount)}, "
                                         f"balance ₹{rs(x.balance)}, valid to "
                                         f"{dmy(x.valid_to)}", x.id))

        self.act_form(f"Enhance bond {b.bond_no} ({b.bond_type}, IEC {b.iec})", [
            Field("add_amount", "Add ₹", max_length=16, placeholder="0"),
            Field("add_bg", "Add to BG ₹", max_length=16, placeholder="0"),
            Field("valid_to", "Valid to", max_length=10,
                  placeholder=f"{dmy(b.valid_to)} (later to extend)"),
            Field("reason", "Reason", required=True, max_length=200,
                  placeholder="e.g. further bond executed")], go,
            note=f"Now ₹{rs(b.amount)}, balance ₹{rs(b.balance)}; BG ₹{rs(b.bg_amount)}, "
                 f"balance ₹{rs(b.bg_balance)} (BND-1).", submit="enhance")

    # the bond clerk (BND-3, BND-7..BND-11)

    def action_register(self) -> None:
        if self.tab == "certs":
            self.register_certificate()
            return
        h = self.selected()
        if h is None:
            return
        b = h.bond
        self.act_form(f"Register bond R{b.id}: {b.bond_type} {b.kind}, IEC {b.iec}, "
                      f"₹{rs(b.amount)}", [
                          Field("storage", "Storage", required=True, max_length=80,
                                placeholder="where the documents are kept")],
                      lambda v: (svc.register_bond, (b.id, v["storage"]),
                                 {"expected_version": b.version},
                                 lambda x: self.acted(
                                     f"bond registered as {x.bond_no}: endorse the number on "
                                     "the originals and tell the importer (BND-3)", x.id)),
                      note="The documents received: key where they are kept; the system "
                           "gives the registration number (BND-3, BND-4).", submit="register")

    def action_debit(self) -> None:
        h = self.selected()
        if h is None:
            return
        acts = self.open_of("debit")
        edi = list(h.due) if "BOND.debit" in acts else []
        manual = "BOND.debit_manual" in acts
        if len(edi) == 1 and not manual:
            self.debit_be(h, edi[0])
            return
        if not edi:
            self.debit_manual(h)
            return
        choices = [(f"BE {d.be_no}: ₹{rs(d.amount)}, BG ₹{rs(d.bg_amount)}", str(d.be_no))
                   for d in edi]
        if manual:
            choices.append(("a manual BE (not in the system)", "manual"))

        def go(v: dict) -> None:
            if v["be"] == "manual":
                self.debit_manual(h)
            else:
                self.debit_be(h, next(d for d in edi if str(d.be_no) == v["be"]))

        self.ask(FormScreen(f"Debit bond {h.bond.bond_no}", [
            Field("be", "For", "choice", required=True, choices=choices, value=choices[0][1])],
            note=f"Balance ₹{rs(h.bond.balance)}, BG ₹{rs(h.bond.bg_balance)}. BEs due: the "
                 "bond the appraiser specified, approved by the AC/DC (BND-7).",
            submit_label="go on"), go)

    def debit_be(self, h: svc.BondHere, d: svc.DueDebit) -> None:
        b = h.bond
        self.take("BOND.debit", f"bond {b.bond_no} for BE {d.be_no} of {dmy(d.be_date)}, "
                  f"₹{rs(d.amount)} and BG ₹{rs(d.bg_amount)}", svc.debit_bond, b.bond_no,
                  d.be_no, then=lambda x: self.acted(
                      f"bond {x.bond_no} debited for BE {d.be_no}: balance ₹{rs(x.balance)}, "
                      f"BG ₹{rs(x.bg_balance)} (BND-8)", x.id))

    def debit_manual(self, h: svc.BondHere) -> None:
        b = h.bond

        def go(v: dict) -> tuple:
            on = day_of(v["be_date"], "be_date", "BND-8")
            return (svc.debit_manual_be, (b.bond_no, v["be_no"], on, v["amount"] or "0",
                                          v["bg_amount"] or "0"), {},
                    lambda x: self.acted(f"bond {x.bond_no} debited for manual BE "
                                         f"{v['be_no']}: balance ₹{rs(x.balance)}", x.id))

        self.act_form(f"Debit bond {b.bond_no} for a manual BE", [
            Field("be_no", "BE no", "int", required=True),
            Field("be_date", "BE date", required=True, placeholder=DATE_HELP, max_length=10),
            Field("amount", "Amount ₹", max_length=16, placeholder="as the appraiser fixed"),
            Field("bg_amount", "BG ₹", max_length=16, placeholder="0")], go,
            note=f"Balance ₹{rs(b.balance)}, BG ₹{rs(b.bg_balance)}, valid to "
                 f"{dmy(b.valid_to)}. A debit cannot be undone: a credit gives it back "
                 "(BND-8, BND-10).", submit="debit")

    def action_credit(self) -> None:
        h = self.selected()
        if h is None or not h.open_debits:
            return
        if len(h.open_debits) == 1:
            self.credit(h, h.open_debits[0])
            return
        choices = [(f"BE {d.be_no} ({d.doc_type}): ₹{rs(d.amount)}, BG ₹{rs(d.bg_amount)}",
                    str(n)) for n, d in enumerate(h.open_debits)]
        self.ask(FormScreen(f"Credit bond {h.bond.bond_no}: which debit", [
            Field("debit", "For", "choice", required=True, choices=choices, value="0")],
            note="What is still debited for each BE (BND-9).", submit_label="go on"),
            lambda v: self.credit(h, h.open_debits[int(v["debit"])]))

    def credit(self, h: svc.BondHere, d: svc.OpenDebit) -> None:
        b = h.bond
        reasons = [(f"({k}) {v}", k) for k, v in svc.CREDIT_REASONS.items()]
        self.act_form(f"Credit bond {b.bond_no}: BE {d.be_no} of {dmy(d.be_date)}", [
            # no reason chosen yet: the service asks for one (BND-9); forms.py's blank
            # choice is not a value Textual 8's Select accepts, so the blank is an option
            Field("reason", "Reason", "choice", choices=[("choose (a)..(f)", ""), *reasons],
                  value=""),
            Field("text", "Stated", max_length=200, placeholder="required for (f) other"),
            Field("amount", "Amount ₹", max_length=16, value=str(d.amount)),
            Field("bg_amount", "BG ₹", max_length=16, value=str(d.bg_amount))],
            lambda v: (svc.credit_bond, (b.bond_no, d.be_no, d.be_date, v["amount"] or "0",
                                         v["reason"] or ""),
                       {"bg_amount": v["bg_amount"] or "0", "text": v["text"]},
                       lambda x: self.acted(f"bond {x.bond_no} credited for BE {d.be_no} "
                                            f"({v['reason']}): balance ₹{rs(x.balance)}",
                                            x.id)),
            note=f"Still debited: ₹{rs(d.amount)}, BG ₹{rs(d.bg_amount)}. A credit records its "
                 "reason and cannot be undone (BND-9).", submit="credit")

    def action_close(self) -> None:
        h = self.selected()
        if h is None:
            return
        b = h.bond
        fields = [Field("file_ref", "Bond file", required=True, max_length=80)]
        if b.bond_type in svc.OBLIGATION_TYPES:
            fields.append(Field("obligation", "Obligation", required=True, max_length=200,
                                placeholder="how the export obligation was verified"))
        self.act_form(f"Close bond {b.bond_no} ({b.bond_type}, IEC {b.iec})", fields,
                      lambda v: (svc.close_bond, (b.bond_no, v["file_ref"]),
                                 {"obligation": v.get("obligation", "")},
                                 lambda x: self.acted(f"bond {x.bond_no} closed", x.id)),
                      note="Every debit is credited back; the documents are kept in the bond "
                           "file. Closure cannot be undone (BND-10).", submit="close it")

    def register_certificate(self) -> None:
        def go(v: dict) -> tuple:
            on = day_of(v["cert_date"], "cert_date", "BND-11")
            return (svc.register_certificate, (v["iec"], v["issuer"], v["cert_ref"], on), {},
                    lambda c: self.acted(f"certificate registered as {c.reg_no} (BND-11)",
                                         cert=c.reg_no))

        self.act_form("Register a certificate (BND-11)", [
            Field("iec", "IEC", required=True, max_length=10),
            Field("issuer", "Issued by", required=True, max_length=80,
                  placeholder="Central Excise / GST authority"),
            Field("cert_ref", "Reference", required=True, max_length=60),
            Field("cert_date", "Dated", required=True, placeholder=DATE_HELP, max_length=10)],
            go, note="Registered like a bond: the system gives its number; it serves one BE "
                     "(BND-11).", submit="register")

    def action_attach(self) -> None:
        c = self.selected_cert()
        if c is None:
            return
        v = c.cert
        self.act_form(f"Attach certificate {v.reg_no} ({v.issuer} {v.cert_ref})", [
            Field("be_no", "BE no", "int", required=True)],
            lambda x: (svc.attach_certificate, (v.reg_no, x["be_no"]), {},
                       lambda r: self.acted(f"certificate {r.reg_no} attached to BE {r.be_no}",
                                            cert=r.reg_no)),
            note=f"A BE of IEC {v.iec} here, not out of charge; one certificate serves one BE "
                 "and cannot be moved (BND-11).", submit="attach")

    # ---- moving about ----

    def action_view(self, tab: str) -> None:
        self.query_one("#bond-tabs", TabbedContent).active = f"tab-{tab}"

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

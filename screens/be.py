"""One Bill of Entry on screen: header, particulars and duty (with its query, open request,
bond and deposits), items with duty by head, history from the audit trail, documents
printed; and the acts the officer may take on it now.

One keymap for every role, each key shown only while the BE's view (``BeEnquiry.acts``:
the act tables less what the BE's own facts rule out) says one of its acts is open; the
same act has the same key as on the SB screen:

* F2 print (the BE copies, the duty challan, the checklist);
* F3 the query (IMP-APR-1): the appraiser raises it, the group AC/DC approves or declines
  it, the service centre keys the reply; each dialog shows the query and any reply;
* F4 requests: the importer's amendment keyed at the service centre (the entry form in
  amendment mode), its acceptance by the group appraiser (IMP-AMD-1), an officer's request
  to cancel the Out of Charge (IMP-AMD-2);
* F6 assess (IMP-APR-1/2); F7 goods: registered by the examiner (IMP-EXM-1), delivered by
  the custodian (IMP-AMD-2); F8 the examination report; F9 the ex-bond check (WH-4);
* F10 clearance: Out of Charge (IMP-OOC-1), compliance verified before payment
  (IMP-CCV-1), the System Manager's cancellation of the Out of Charge on the approval in
  force (IMP-AMD-2);
* letter keys for the secondary acts, shown only while open: p pay (the duty, IMP-PAY-1;
  a cash or SVB deposit, BND-13/14; interest on an ex-bond BE, WH-5), b the bond (specified
  by the appraiser, approved by the AC/DC, BND-2/6/12), v the SVB deposit challan
  (BND-14), h the high-sea-sale charges (IMP-DUT-6), w the Commissioner's extension of
  the warehousing period (WH-5).

Each act asks in a modal form (or a confirmation) and calls its service in a worker with
the version shown; the services decide. Printed PDFs are written under ``prints/``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.validation import Function
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from console.acts import find
from console.acts.be import BeType
from console.acts.be_request import BEAMD, BeRequestKind
from console.money import inr
from console.roles import Actor
from console.services.bonds import bonds, warehousing
from console.services.exports import supervision
from console.services.imports import be_amendments, be_ccv, be_enquiry, high_sea_sales
from console.services.imports import be_clearance as clr
from console.services.imports.be_amendments import BeAmendmentView, field_label
from console.services.imports.be_enquiry import BeEnquiry
from console.services.imports.bills_of_entry import BeView
from screens.base import ActKey, IcesScreen
from screens.forms import ConfirmScreen, Field, FormScreen
from screens.keep import Kept, clear_tables
from screens.prints import print_to_file
from screens.sb import money, pairs, when

PRINT_KINDS = {"BE.print_be": ("be", "Bill of Entry copies"),
               "BE.print_duty_challan": ("duty_challan", "Duty challan"),
               "BE.print_be_checklist": ("be_checklist", "Checklist")}
# a request open on the BE: its next step (approve, accept, incorporate) or turning it down
REQUEST_ACTS = ("BEAMD.approve", "BEAMD.accept", "BEAMD.incorporate", "BEAMD.reject",
                "BEOOC.approve", "BEOOC.reject")
REQUEST_DONE = {"BEAMD.approve": "amendment approved", "BEAMD.accept": "amendment accepted",
                "BEAMD.incorporate": "amendment incorporated, the BE re-assessed",
                "BEOOC.approve": "Out of Charge cancellation approved"}
DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str) -> date | None:
    """A date as an officer keys it (31.12.2026, 31-12-2026, 2026-12-31), or None."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class WholeNumberField(Field):
    """A whole number that may be left blank (checked on submit; the form returns text)."""

    def validators(self):  # noqa: ANN201
        out = super().validators()
        out.append(Function(lambda v: not v.strip() or v.strip().isdigit(),
                            f"{self.label}: a whole number"))
        return out


class DateField(Field):
    """A date keyed as DD.MM.YYYY (checked on submit; the form returns the text)."""

    def validators(self):  # noqa: ANN201
        out = super().validators()
        out.append(Function(lambda v: not v.strip() or parse_date(v) is not None,
                            f"{self.label}: a date, DD.MM.YYYY"))
        return out


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
        ("HSS charges", hss_said(be) if be.hss_seller_iec else ""),
        ("Late charge", money(be.late_charge) if be.late_charge else ""),
        ("Check", "first" if be.first_check else "second"),
        ("Assessed", f"{when(f.assessed_at)} {f.assessed_by}".strip()),
        ("Paid", (f"{when(be.paid_at)} challan {be.challan_no} {f.payment_mode}"
                  if be.challan_no else f"{when(be.paid_at)} nil duty, no challan")
         if be.paid_at else ""),
        ("Due", money(be.amount_due) if be.amount_due and be.duty_paid else ""),
        ("Registered", f"{when(f.registered_at)} {f.registered_by}".strip()),
        ("Examined", f"{when(f.examined_at)} {f.examined_by}".strip()),
        ("Report", f.exam_report),
        ("CCV", when(be.ccv_at)),
        ("OOC", f"{when(f.ooc_at)} {f.ooc_by}".strip()),
        ("Delivered", when(be.delivered_at)),
        ("Interest due", money(info.interest_due) if info.interest_due else ""),
        ("Job no", be.job_no), ("Version", be.version),
    ])


def hss_said(be: BeView) -> str:
    if be.hss_charge_rate is not None:
        return f"{be.hss_charge_rate}% of CIF ({money(be.hss_charges)})"
    return f"{be.hss_charge_value_fc} {be.currency} ({money(be.hss_charges)})"


def request_said(info: BeEnquiry) -> str:
    """The open request: what, where it stands, who asked why, the fields it changes."""
    r = info.request
    if r is None:
        return ""
    what = ("Amendment" if r.kind == BeRequestKind.AMENDMENT
            else "Out of Charge cancellation")
    out = (f"{what} request {r.id}, {BEAMD.label(r.state)}: asked by "
           f"{r.requested_by} {when(r.requested_at)}: {r.reason}")
    if r.approved_by:
        out += f"\napproved by {r.approved_by} {when(r.approved_at)}"
    if r.accepted_by:
        out += f"; accepted by {r.accepted_by} {when(r.accepted_at)}"
    out += "".join(f"\n  {'item ' + str(c.sl) + ' ' if c.sl else ''}{field_label(c.field)}: "
                   f"{'' if c.before is None else c.before} → "
                   f"{'' if c.after is None else c.after}" for c in r.changes)
    return out


def bond_said(info: BeEnquiry) -> str:
    b = info.facts.bond
    if b is None or not (b.bond_type or b.cash_challan_no or b.svb_challan_no
                         or b.declared_bond_no):
        return ""
    parts = []
    if b.bond_type:
        which = f"bond {b.bond_no}" if b.bond_no else "bond asked for"
        parts.append(f"{b.bond_type} {which}, debit {money(b.debit)}, BG {money(b.bg_debit)}; "
                     f"specified by {b.specified_by}"
                     + (f", approved by {b.approved_by}" if b.approved_by else
                        ", awaiting the AC/DC"))
    elif b.declared_bond_no:
        parts.append(f"continuity bond {b.declared_bond_no} declared")
    if b.cash_challan_no:
        parts.append(f"cash deposit {money(b.cash_deposit)} challan {b.cash_challan_no} "
                     + ("paid" if b.cash_paid else "unpaid"))
    if b.svb_challan_no:
        parts.append(f"SVB deposit {money(b.svb_deposit)} challan {b.svb_challan_no} "
                     + ("paid" if b.svb_paid else "unpaid"))
    if b.outstanding:
        parts.append("still to do: " + "; ".join(b.outstanding))
    return "\n".join(parts)


def notes(info: BeEnquiry) -> Text:
    """The query, the open request and the bond, below the particulars."""
    out = Text()
    for title, said in (("Query", info.query.said() if info.query else ""),
                        ("Request", request_said(info)), ("Bond", bond_said(info))):
        if said:
            out.append(f"\n{title}: ", "bold").append(said)
    return out


class BeScreen(Kept, IcesScreen):
    """A Bill of Entry and the acts the officer may take on it now."""

    SCREEN_TITLE = "Bill of Entry"
    # the same act has the same key on the SB and BE screens (screens/sb.py)
    ACT_KEYS = (
        ActKey("f2", "print", tuple(PRINT_KINDS), "Print"),
        ActKey("f3", "query", ("BE.query", "BE.query_approve", "BE.query_decline",
                               "BE.query_reply"), "Query"),
        ActKey("f4", "amend", ("BE.request_amendment",), "Amend"),
        ActKey("f4", "ask_cancel_ooc", ("BE.request_ooc_cancellation",), "Ask to cancel OOC"),
        ActKey("f4", "request", REQUEST_ACTS, "Request"),
        ActKey("f6", "assess", ("BE.assess",), "Assess"),
        ActKey("f7", "register", ("BE.register_goods",), "Register goods"),
        ActKey("f7", "deliver", ("BE.deliver",), "Deliver"),
        ActKey("f8", "examine", ("BE.examine",), "Examine"),
        ActKey("f9", "check_ex_bond", ("BE.ex_bond_check",), "Ex-bond check"),
        ActKey("f10", "ooc", ("BE.ooc",), "Out of Charge"),
        ActKey("f10", "ccv", ("BE.ccv",), "Verify (CCV)"),
        ActKey("f10", "cancel_ooc", ("BEOOC.cancel",), "Cancel OOC"),
        ActKey("p", "pay", ("BE.pay", "BE.deposit_paid", "BE.interest_paid"), "Pay"),
        ActKey("b", "bond", ("BE.bond_specify", "BE.bond_approve"), "Bond"),
        ActKey("v", "svb", ("BE.svb_deposit",), "SVB"),
        ActKey("h", "hss", ("BE.hss_charges",), "HSS"),
        ActKey("w", "extend", ("BE.extend_warehousing",), "Extend period"),
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
        self.load_failed = False

    @property
    def be(self) -> BeView | None:
        return self.info.be if self.info else None

    @property
    def holds_keys(self) -> bool:
        """Until the BE is first shown, its acts (and so its keys) are not known: what is
        typed meanwhile waits (console/app.py), as on the SB's screen."""
        return self.info is None and not self.load_failed

    def on_service_failed(self, message: object) -> None:
        if getattr(message, "opening", 0) == self.opening:
            self.load_failed = self.info is None

    def reopen(self, be_no: int, on_change: Callable[[], None] | None = None) -> None:
        """(kept, screens/keep.py) Another BE on this screen: nothing of the last one shown
        (its tabs blank, its acts closed until the new one is read), the first tab up."""
        self.reopened()
        self.be_no, self.on_change = be_no, on_change
        self.info, self.load_failed = None, False
        self.query_one("#be-head", Static).update(self.head_loading())
        self.query_one("#be-particulars", Static).update("")
        clear_tables(self)
        for scroll in self.query_one("#be-tabs").query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        self.query_one("#be-tabs", TabbedContent).active = "tab-main"
        self.action_reload()

    def head_loading(self) -> Text:
        return Text(f"Bill of Entry {self.be_no}", style="bold")

    def compose(self) -> ComposeResult:
        yield from self.compose_bar()
        yield Static(self.head_loading(), id="be-head")
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
        said = notes(info)
        self.query_one("#be-particulars", Static).update(
            Group(particulars(info), said) if said else particulars(info))
        items = self.query_one("#be-items", DataTable)
        items.clear()
        for i in be.items:
            items.add_row(str(i.sl), i.tariff_item, Text(i.description),
                          f"{i.quantity} {i.uqc}", inr(i.assessable), inr(i.bcd),
                          inr(i.sws), inr(i.igst), key=str(i.sl))
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

    def act(self, fn: Callable[..., Any], done: str, *args: Any, ref: int | None = None,
            **kwargs: Any) -> None:
        """Run an act on this BE (``ref``: on its request instead) with the version shown,
        then say so and read the BE again."""
        if (ref is None and self.be and "expected_version" not in kwargs
                and "expected_version" in inspect.signature(fn).parameters):
            kwargs["expected_version"] = self.be.version

        def after(result: Any) -> None:
            said = f"BE {self.be_no}: {done}"
            if isinstance(result, BeView):
                said += f" — now {result.state.replace('_', ' ')}"
            self.notify(said, markup=False)
            if self.on_change:
                self.on_change()
            self.action_reload()

        self.run_service(fn, self.ices.core, self.actor, self.be_no if ref is None else ref,
                         *args, then=after, busy=self.query_one("#be-tabs"), **kwargs)

    def said_query(self) -> str:
        q = self.info.query if self.info else None
        return q.said() if q else ""

    # ---- F3: the query (IMP-APR-1) ----

    def action_query(self) -> None:
        acts = self.open_of("query")
        if "BE.query" in acts:
            self.ask(FormScreen(f"Raise a query on BE {self.be_no}", [
                Field("text", "Query", "lines", required=True,
                      help="all points in one query; it takes effect when the group AC/DC "
                           "approves it (IMP-APR-1)")]),
                lambda d: self.act(clr.raise_query, "query raised, awaiting the group AC/DC",
                                   "\n".join(d["text"])))
        elif "BE.query_reply" in acts:
            self.ask(FormScreen(f"Reply to the query on BE {self.be_no}",
                                [Field("reply", "Reply", "lines", required=True)],
                                note=self.said_query()),
                     lambda d: self.act(clr.reply_query, "reply keyed", "\n".join(d["reply"])))
        elif acts:
            self.ask(FormScreen(f"Query on BE {self.be_no}: approve or decline", [
                Field("approve", "Approve (untick: decline, it never takes effect)", "bool",
                      value=True),
                Field("reason", "Reason to decline", max_length=300)],
                note=self.said_query()), self._approve_or_decline)

    def _approve_or_decline(self, d: dict) -> None:
        if d["approve"]:
            self.act(clr.approve_query, "query approved: it goes to the importer")
        else:
            self.act(clr.decline_query, "query declined", d["reason"])

    # ---- F4: requests (IMP-AMD-1/2) ----

    def action_amend(self) -> None:
        """The importer's amendment, keyed on the entry form in amendment mode."""
        from screens.routes import be_entry

        self.app.push_screen(be_entry(self.app, self.actor, self.on_change,
                                      amend_be_no=self.be_no),
                             lambda _=None: self.action_reload())

    def action_request(self) -> None:
        """The open request's next step (the AC/DC's approval or acceptance, the group
        appraiser's acceptance), or turning it down, with the request and its change shown."""
        r = self.info.request if self.info else None
        acts = self.open_of("request")
        if r is None or not acts:
            return
        step = next((find(a) for a in acts if not a.endswith(".reject")), None)
        note = request_said(self.info)
        if step is None:
            self.ask(FormScreen(f"Turn down request {r.id} on BE {self.be_no}", [
                Field("reason", "Reason", required=True, max_length=300)], note=note,
                submit_label="turn down"), lambda d: self._turn_down(r, d["reason"]))
            return
        if step.confirm:
            note += f"\nThis cannot be undone ({step.rule})."
        fields = [Field("go", f"{step.does[:1].upper()}{step.does[1:]}", "bool", value=True)]
        if len(acts) > 1:
            fields.append(Field("reason", "If not, why", max_length=300,
                                help="untick the box above to turn the request down"))
        self.ask(FormScreen(f"Request {r.id} on BE {self.be_no}", fields, note=note),
                 lambda d: self._decide(r, step.id, d))

    def _decide(self, r: BeAmendmentView, act_id: str, d: dict) -> None:
        if d["go"]:
            self.act(supervision.approve_be_request, REQUEST_DONE[act_id], ref=r.id,
                     expected_version=r.version)
        else:
            self._turn_down(r, d.get("reason") or "")

    def _turn_down(self, r: BeAmendmentView, reason: str) -> None:
        self.act(be_amendments.reject_request, f"request {r.id} turned down", reason,
                 ref=r.id, expected_version=r.version)

    def action_ask_cancel_ooc(self) -> None:
        self.ask(FormScreen(f"Ask to cancel the Out of Charge of BE {self.be_no}", [
            Field("reason", "Amendment warranted", "lines", required=True,
                  help="before delivery only; the AC/DC approves, the System Manager "
                       "cancels it (IMP-AMD-2)")], submit_label="ask"),
            lambda d: self.act(be_amendments.request_ooc_cancellation,
                               "Out of Charge cancellation asked for", "\n".join(d["reason"])))

    # ---- F6 to F9: assessment, goods, examination, ex-bond check ----

    def action_assess(self) -> None:
        be = self.be
        note = f"Duty {money(be.duty)} as self-assessed." if be else ""
        self.ask(ConfirmScreen(f"Assess BE {self.be_no}", note),
                 lambda d: self.act(clr.assess, "assessed"))

    def action_register(self) -> None:
        f = self.info.facts if self.info else None
        self.ask(ConfirmScreen(f"Register the goods of BE {self.be_no}",
                               f"{f.packages} {f.package_kind} on the IGM line." if f else ""),
                 lambda d: self.act(clr.register_goods, "goods registered"))

    def action_deliver(self) -> None:
        f = self.info.facts if self.info else None
        self.ask(ConfirmScreen(f"Deliver the goods of BE {self.be_no}",
                               (f"{f.packages} {f.package_kind}, Out of Charge "
                                f"{when(f.ooc_at)}. " if f else "")
                               + "Once delivered the Out of Charge cannot be cancelled "
                                 "(IMP-AMD-2)."),
                 lambda d: self.act(be_amendments.record_delivery, "goods delivered"))

    def action_examine(self) -> None:
        self.ask(FormScreen(f"Examination report, BE {self.be_no}",
                            [Field("report", "Report", "lines", required=True)]),
                 lambda d: self.act(clr.examine, "report entered", "\n".join(d["report"])))

    def action_check_ex_bond(self) -> None:
        self.ask(FormScreen(f"Ex-bond check, BE {self.be_no}", [
            Field("receipt", "Charges receipt", required=True, max_length=80,
                  placeholder="warehouse keeper's receipt, or nil")],
            submit_label="checked"),
            lambda d: self.act(warehousing.check_ex_bond, "checked against the bond "
                               "register", d["receipt"]))

    # ---- F10: clearance ----

    def _certificate_fields(self) -> list[Field]:
        """A BE at a bank-certified rate: the certificate produced (IMP-REG-3)."""
        be = self.be
        if be is None or be.rate_source != "bank":
            return []
        return [Field("certificate", "Bank certificate", required=True, max_length=80,
                      help=f"the bank's certificate {be.rate_certificate} produced (IMP-REG-3)")]

    def _clear(self, fn: Callable[..., Any], done: str, title: str, note: str,
               submit: str) -> None:
        """Out of Charge or CCV: a confirmation, or a form for the bank certificate."""
        fields = self._certificate_fields()
        self.ask(FormScreen(title, fields, note=note, submit_label=submit)
                 if fields else ConfirmScreen(title, note),
                 lambda d: self.act(fn, done, bank_certificate=d.get("certificate") or ""))

    def action_ooc(self) -> None:
        self._clear(clr.give_out_of_charge, "Out of Charge given",
                    f"Out of Charge for BE {self.be_no}",
                    "Examined and the duty paid: section 47 complied with.", "give")

    def action_ccv(self) -> None:
        self._clear(be_ccv.verify_compliance, "compliance verified",
                    f"Verify compliance of BE {self.be_no} (CCV)",
                    "Goods registered and examined, the duty payment in process: sections "
                    "17/18 and 47 verified, Out of Charge on payment (IMP-CCV-1).", "verify")

    def action_cancel_ooc(self) -> None:
        r = self.info.request if self.info else None
        if r is None:
            return
        self.confirm("BEOOC.cancel", f"BE {self.be_no} (request {r.id}, approved by "
                     f"{r.approved_by})",
                     lambda: self.act(be_amendments.cancel_out_of_charge,
                                      "Out of Charge cancelled", ref=r.id,
                                      expected_version=r.version),
                     note=f"Asked by {r.requested_by}: {r.reason}\nThe BE can then be "
                          "amended (IMP-AMD-2). This cannot be undone.")

    # ---- letter keys: payments, bond, SVB, high-sea sale, warehousing period ----

    def action_pay(self) -> None:
        acts, info = self.open_of("pay"), self.info
        if info is None:
            return
        bond = info.facts.bond
        choices: list[tuple[str, str]] = []
        nil = info.be.amount_due <= 0  # recorded without a challan (be_clearance.pay_duty)
        if "BE.pay" in acts:
            choices.append(("nil duty (no challan)" if nil else
                            f"duty {money(info.be.amount_due)}", "duty"))
        if "BE.deposit_paid" in acts and bond is not None:
            if bond.cash_challan_no and not bond.cash_paid:
                choices.append((f"cash deposit {money(bond.cash_deposit)}, challan "
                                f"{bond.cash_challan_no}", "cash"))
            if bond.svb_challan_no and not bond.svb_paid:
                choices.append((f"SVB deposit {money(bond.svb_deposit)}, challan "
                                f"{bond.svb_challan_no}", "svb"))
        if "BE.interest_paid" in acts:
            choices.append((f"interest {money(info.interest_due)} (WH-5)", "interest"))
        if not choices:
            return
        fields = [Field("what", "Paid", "choice", required=True, choices=choices,
                        value=choices[0][1])]
        if "BE.pay" in acts and not nil:
            fields.append(Field("mode", "Duty paid", "choice", required=True, value="online",
                                choices=[("online (e-payment)", "online"), ("in cash", "cash")],
                                help="above the IMP-PAY-1 limit only online"))
        self.ask(FormScreen(f"Payment on BE {self.be_no}", fields,
                            note="Recorded on its challan; cannot be undone.",
                            submit_label="paid"), self._paid)

    def _paid(self, d: dict) -> None:
        what = d["what"]
        if what == "duty":
            self.act(clr.pay_duty, "duty paid", d.get("mode") or "online")
        elif what == "interest":
            self.act(warehousing.pay_interest, "interest paid")
        else:
            self.act(bonds.pay_deposit, f"{what if what == 'cash' else 'SVB'} deposit paid",
                     what)

    def action_bond(self) -> None:
        info = self.info
        if info is None:
            return
        b = info.facts.bond
        if "BE.bond_approve" in self.open_of("bond") and b is not None:
            self.ask(ConfirmScreen(f"Approve the bond on BE {self.be_no} (BND-2)",
                                   bond_said(info)),
                     lambda _d: self.act(bonds.approve_specification, "bond approved"))
            return
        # a choice always has a value on the form: "" until one is chosen (BND-5 refuses it)
        types = [("(choose)", ""), *((f"{code} {label}", code)
                                     for code, label in bonds.BOND_TYPES.items())]
        self.ask(FormScreen(f"Bond needed on BE {self.be_no} (BND-2)", [
            Field("bond_type", "Bond type", "choice", choices=types,
                  value=(b.bond_type if b and b.bond_type else
                         "WH" if info.be.be_type == BeType.WAREHOUSING else "")),
            WholeNumberField("bond_no", "Continuity bond", max_length=10,
                  value=(b.bond_no or b.declared_bond_no) if b else None,
                  help="its number (BND-6); blank: a specific bond for this BE"),
            DateField("valid_to", "Valid to", placeholder="DD.MM.YYYY",
                      help="a specific bond's validity"),
            Field("amount", "Bond amount ₹", placeholder=f"{info.be.duty}",
                  help="blank: the duty assessed (a PD bond: the provisional duty, BND-13)"),
            Field("bg_amount", "BG amount ₹", value="0"),
            Field("bg_ref", "BG reference", max_length=80),
            Field("cash_deposit", "Cash deposit ₹", value="0",
                  help="its own challan (BND-13)")]), self._specify)

    def _specify(self, d: dict) -> None:
        self.act(bonds.specify_bond, "bond specified, awaiting the AC/DC", d["bond_type"] or "",
                 amount=d["amount"] or None, bg_amount=d["bg_amount"] or "0",
                 bond_no=int(d["bond_no"]) if d["bond_no"] else None,
                 valid_to=parse_date(d["valid_to"] or ""),
                 bg_ref=d["bg_ref"], cash_deposit=d["cash_deposit"] or "0")

    def action_svb(self) -> None:
        assessable = money(self.be.assessable) if self.be else ""
        self.ask(FormScreen(f"SVB provisional deposit, BE {self.be_no} (BND-14)", [
            Field("pct", "Per cent", required=True, max_length=5,
                  help=f"of the assessable value {assessable}, at a rate the SVB fixes")],
            note="The valuation is provisional: the deposit gets its own challan.",
            submit_label="challan"),
            lambda d: self.act(bonds.svb_deposit_challan, "SVB deposit challan generated",
                               d["pct"]))

    def action_hss(self) -> None:
        be = self.be
        if be is None:
            return
        self.ask(FormScreen(f"High-sea-sale charges, BE {self.be_no} (IMP-DUT-6)", [
            Field("rate", "Rate % of CIF", value=be.hss_charge_rate, max_length=8),
            Field("value", f"or value {be.currency}", value=be.hss_charge_value_fc,
                  max_length=16, help="one of the two"),
            Field("reason", "Reason", required=True, max_length=300,
                  help="told to the importer on the BE")],
            note=f"Now {hss_said(be)}; the duty is computed again.", submit_label="change"),
            lambda d: self.act(high_sea_sales.change_charges, "high-sea-sale charges changed",
                               charge_rate=d["rate"] or None, charge_value=d["value"] or None,
                               reason=d["reason"]))

    def action_extend(self) -> None:
        self.run_service(warehousing.get_warehouse, self.ices.core, self.be_no,
                         then=self._extend, busy=self.query_one("#be-tabs"))

    def _extend(self, wh: warehousing.WarehouseView) -> None:
        self.ask(FormScreen(f"Extend the warehousing period, BE {self.be_no} (WH-5)", [
            DateField("until", "Until", required=True, placeholder="DD.MM.YYYY"),
            Field("reason", "Sufficient cause", required=True, max_length=200)],
            note=f"Warehouse {wh.warehouse_code}, ordered {when(wh.ordered_on)}, period to "
                 f"{when(wh.period_to)}" + (f" (extended by {wh.extended_by})"
                                           if wh.extended_by else ""),
            submit_label="extend"),
            lambda d: self.act(warehousing.extend_period, "warehousing period extended",
                               parse_date(d["until"]), d["reason"]))

    # ---- F2: print ----

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

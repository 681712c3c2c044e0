"""The drawback branch's claims at the port (EXP-DBK-3..6), F8 from the drawback officer's
home and from Lists (F6) for the AC/DC and the service centre.

The screen shows one list of claims at a time, those in the states some act of the
officer's starts from (the ``DBK`` and ``DBKSUP`` tables): the drawback officer's queue
(first come, first served), the claims under a deficiency query, sanctioned and paid; the
AC/DC's queue, supplementary claims requested and submitted; the service centre's claims
under query (to key the reply) and paid (to key an application for a supplementary claim).
F8 moves to the next list.

Keys, each shown only while its act is open (the claim's view carries them): S sanctions
(the head of the queue for an original claim, first come first served; a submitted
supplementary claim), O processes the supplementary claim at the head of the queue, Q
raises a deficiency (the claim leaves the queue), R keys the reply to it (the claim
rejoins the queue at its place), B keys a brand-rate letter for an item, U keys the
exporter's application for a supplementary claim on a paid claim, P permits or refuses a
supplementary claim (AC/DC), G generates the day's scroll for the designated bank and
writes its PDF and bank file under ``scrolls/``. Sanction and the scroll ask first (they
move money). F5 reloads; Esc goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from console.acts import find
from console.acts.drawback import DBK, DBKSUP, SCROLL, STATE_LABELS, C, ClaimKind
from console.core import Core
from console.errors import InvalidInput
from console.money import inr as money
from console.roles import Actor
from console.services.schemes import drawback as svc
from screens.base import ActKey, IcesScreen
from screens.forms import Field, FormScreen
from screens.registry import DATE_HELP, day, keep_asking, rupees_in
from screens.widgets import OfficerBar

COLUMNS = (("id", "Claim", 6), ("sb", "SB", 8), ("iec", "IEC", 10), ("kind", "Kind", 6),
           ("amount", "Amount ₹", 12), ("queued", "Queued", 11), ("note", "Query / reply", None))
SCROLLS = Path("scrolls")
#: acts on the claim at the head of the queue only: first come, first served (EXP-DBK-3)
IN_TURN = ("DBK.sanction", "DBKSUP.process")


@dataclass(frozen=True)
class ClaimList:
    title: str
    states: tuple[str, ...]


LISTS = (
    ClaimList("Queue, first come first served", (C.QUEUED,)),
    ClaimList("Claims under deficiency query (out of the queue)", (C.QUERY,)),
    ClaimList("Supplementary claims requested, for the AC/DC", (C.REQUESTED,)),
    ClaimList("Supplementary claims processed, for the AC/DC's sanction", (C.SUBMITTED,)),
    ClaimList("Sanctioned, awaiting the day's scroll", (C.SANCTIONED,)),
    ClaimList("Paid in a scroll", (C.SCROLLED,)),
)


def lists_for(actor: Actor) -> tuple[ClaimList, ...]:
    """The lists in whose states some act of ``actor``'s role starts (the tables)."""
    def mine(states: tuple[str, ...]) -> bool:
        return any(a.person and set(a.from_) & set(states)
                   and table.refusal(actor, a.name) is None
                   for table in (DBK, DBKSUP) for a in table)

    return tuple(x for x in LISTS if mine(x.states)) or LISTS[:1]



KIND_SHORT = {ClaimKind.ORIGINAL: "orig.", ClaimKind.SUPPLEMENTARY: "suppl."}


def details(c: svc.ClaimView) -> Text:
    table = DBK if c.kind == ClaimKind.ORIGINAL else DBKSUP
    out = Text.assemble((f"Claim {c.id}", "bold"), f" · {c.kind} · SB {c.sb_no}"
                        + (f" of {c.sb_date:%d.%m.%Y}" if c.sb_date else "")
                        + f" · ₹{money(c.amount)} · {table.label(c.state)}\n"
                        f"{c.iec} {c.exporter_name}")
    if c.reason:
        out.append(f" · {c.reason}")
    if c.query_text:
        out.append("\nQuery: ", "bold").append(c.query_text)
    if c.reply_text:
        out.append("\nReply: ", "bold").append(c.reply_text)
    if c.sanctioned_by:
        out.append(f"\nsanctioned by {c.sanctioned_by}"
                   + (f", scroll {c.scroll_no}" if c.scroll_no else ""))
    return out


class DrawbackScreen(IcesScreen):
    """Lists of the port's claims with the acts of the drawback branch, the AC/DC and the
    service centre on them, and the day's scroll."""

    SCREEN_TITLE = "Drawback claims"
    AUTO_FOCUS = "#dbk-table"
    ACT_KEYS = (
        ActKey("s", "sanction", ("DBK.sanction", "DBKSUP.sanction"), "Sanction"),
        ActKey("o", "process", ("DBKSUP.process",), "Process"),
        ActKey("q", "deficiency", ("DBK.deficiency", "DBKSUP.deficiency"), "Query"),
        ActKey("r", "reply", ("DBK.reply", "DBKSUP.reply"), "Reply"),
        ActKey("b", "brand_rate", ("DBK.brand_rate",), "Brand rate"),
        ActKey("u", "supplementary", ("DBK.request_supplementary",), "Supplementary"),
        ActKey("p", "permit", ("DBKSUP.permit",), "Permit"),
        ActKey("g", "scroll", ("SCROLL.generate",), "Scroll"),
    )
    BINDINGS = [
        *(k.binding() for k in ACT_KEYS),
        Binding("f8", "next_list", "List", key_display="F8", id="dbk.toggle",
                tooltip="The next list of claims (queue, under query, ...)"),
        Binding("f5", "refresh", "Refresh", key_display="F5", id="dbk.refresh", show=False,
                tooltip="Reload"),  # off the footer to fit 80 columns; listed in F1 help
        Binding("escape", "back", "Back", id="dbk.back", tooltip="Back"),
    ]
    DEFAULT_CSS = """
    DrawbackScreen #dbk-table { height: 1fr; margin: 0 1; }
    DrawbackScreen #dbk-status, DrawbackScreen #dbk-title, DrawbackScreen #dbk-detail {
        margin: 0 1;
    }
    DrawbackScreen #dbk-detail { height: auto; max-height: 4; text-wrap: nowrap;
                                 text-overflow: ellipsis; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="drawback")
        self._core, self._actor = core, actor
        self.lists: tuple[ClaimList, ...] = ()
        self.shown: ClaimList = LISTS[0]
        self.rows: list[svc.ClaimView] = []
        self.cursor_to: int | None = None

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    @property
    def states(self) -> tuple[str, ...]:
        return self.shown.states

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Static("", id="dbk-title")
        table: DataTable = DataTable(id="dbk-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="dbk-detail")
        yield Static("", id="dbk-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.lists = lists_for(self.actor)
        self.shown = self.lists[0]
        self.load()

    def load(self) -> None:
        self.run_service(svc.queue, self.core, self.actor, states=self.states, limit=200,
                         then=self.show_rows, busy=self.query_one("#dbk-table"))

    def show_rows(self, rows: list[svc.ClaimView]) -> None:
        self.rows = rows
        table = self.query_one("#dbk-table", DataTable)
        table.clear()
        for c in rows:
            note = c.reply_text or c.query_text or c.reason
            table.add_row(str(c.id), str(c.sb_no), c.iec,
                          KIND_SHORT.get(ClaimKind(c.kind), c.kind),
                          Text(money(c.amount), justify="right"),
                          f"{c.queued_at:%d.%m %H:%M}", Text(note), key=str(c.id))
        ids = [c.id for c in rows]
        if self.cursor_to in ids:
            table.move_cursor(row=ids.index(self.cursor_to))
        self.cursor_to = None
        title = Text(self.shown.title, style="bold")
        if len(self.lists) > 1:
            following = self.lists[(self.lists.index(self.shown) + 1) % len(self.lists)]
            title.append(f" · F8: {following.title.split(',')[0].split(' (')[0].lower()}",
                         style="dim")
        title.no_wrap, title.overflow = True, "ellipsis"
        self.query_one("#dbk-title", Static).update(title)
        total = sum((c.amount for c in rows), start=Decimal(0))
        self.query_one("#dbk-status", Static).update(
            f"{len(rows)} claim(s) · ₹{money(total)}")
        self.highlighted()

    def selected(self) -> svc.ClaimView | None:
        table = self.query_one("#dbk-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#dbk-table")
    def highlighted(self) -> None:
        claim = self.selected()
        self.query_one("#dbk-detail", Static).update(details(claim) if claim else "")
        self.refresh_bindings()  # the keys follow the selected claim

    def open_acts(self) -> tuple[str, ...]:
        """The day's scroll (the table's); what the claim at the head of the queue allows in
        turn (first come, first served: only the head is sanctioned or processed,
        EXP-DBK-3); the rest of what the selected claim allows."""
        made = tuple(f"SCROLL.{n}" for n in SCROLL.open_to(self.actor))
        if not self.rows:
            return made
        selected = self.selected()
        head = tuple(a for a in self.rows[0].acts if a in IN_TURN)
        picked = tuple(a for a in (selected.acts if selected else ()) if a not in IN_TURN)
        return made + head + picked

    def claim_for(self, action: str) -> svc.ClaimView | None:
        """The claim a key acts on: the head of the queue for an act taken in turn."""
        acts = self.open_of(action)
        if acts and acts[0] in IN_TURN:
            return self.rows[0]
        return self.selected()

    def acted(self, message: Callable[[svc.ClaimView], str], claim_id: int | None = None
              ) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            self.notify(message(result), markup=False)
            self.cursor_to = claim_id
            self.load()

        return done

    # ---- the acts ----

    def action_sanction(self) -> None:
        claim = self.claim_for("sanction")
        if claim is None:
            return
        act = self.open_of("sanction")[0]
        self.confirm(act, f"claim {claim.id} (SB {claim.sb_no}), ₹{money(claim.amount)} to "
                     f"{claim.iec}", lambda: self.run_service(
                         svc.sanction, self.core, self.actor, claim.id,
                         expected_version=claim.version,
                         then=self.acted(lambda c: f"claim {c.id} (SB {c.sb_no}) sanctioned: "
                                                   f"₹{money(c.amount)}")),
                     note="Paid in the day's scroll to the registered account; a sanction "
                          f"is not undone ({find(act).rule}).")

    def action_process(self) -> None:
        claim = self.claim_for("process")
        if claim is None:
            return
        self.confirm("DBKSUP.process", f"supplementary claim {claim.id}", lambda: (
            self.run_service(svc.process_supplementary, self.core, self.actor, claim.id,
                             expected_version=claim.version,
                             then=self.acted(lambda c: f"supplementary claim {c.id} processed "
                                                       "and submitted to the AC/DC"))))

    def action_deficiency(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        self.ask(FormScreen(f"Deficiency on claim {claim.id} (SB {claim.sb_no})",
                            [Field("text", "Deficiency", required=True, max_length=500)],
                            note="The claim leaves the queue until the reply is keyed "
                                 "(EXP-DBK-3).", submit_label="raise"),
                 lambda d: self.run_service(
                     svc.raise_deficiency, self.core, self.actor, claim.id, d["text"],
                     expected_version=claim.version,
                     then=self.acted(lambda c: f"claim {c.id} out of the queue under query")))

    def action_reply(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        keep_asking(self, f"Reply to the deficiency on claim {claim.id} (SB {claim.sb_no})",
                    [Field("text", "Reply", required=True, max_length=500)],
                    lambda d: svc.reply_deficiency(self.core, self.actor, claim.id, d["text"],
                                                   expected_version=claim.version),
                    self.acted(lambda c: f"reply keyed: claim {c.id} rejoins the queue at "
                                         "its place"),
                    note=f"Query: {claim.query_text}", submit_label="key")

    def action_brand_rate(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        self.run_service(svc.claim_items, self.core, claim.id,
                         then=lambda items: self.ask_brand_rate(claim, items))

    def ask_brand_rate(self, claim: svc.ClaimView, items: list[svc.DrawbackItemView]) -> None:
        core, actor = self.core, self.actor
        open_items = [x for x in items if not x.letter_no]
        said = "; ".join(f"item {x.sl} ({x.serial}) ₹{money(x.amount)}"
                         + (f" letter {x.letter_no}" if x.letter_no else "") for x in items)

        def call(d: dict) -> svc.ClaimView | None:
            return svc.key_brand_rate(core, actor, claim.sb_no, int(d["item_sl"] or 0),
                                      d["letter_no"], day(d["letter_date"], "letter_date"),
                                      rupees_in(d["amount"], "amount"),
                                      expected_version=claim.version)

        keep_asking(self, f"Brand-rate letter for SB {claim.sb_no} (claim {claim.id})", [
            Field("item_sl", "Item", "int", required=True,
                  value=open_items[0].sl if open_items else None),
            Field("letter_no", "Letter no", required=True, max_length=40),
            Field("letter_date", "Letter date", required=True, placeholder=DATE_HELP),
            Field("amount", "Amount ₹", required=True, placeholder="the brand rate fixed")],
            call, self.acted(lambda c: f"brand rate keyed: claim {c.id} is now "
                             f"₹{money(c.amount)}" if c else "brand rate keyed; the claim "
                             "keeps its amount: more due is a supplementary claim",
                             claim.id),
            note=f"Drawback items (EXP-DBK-4): {said}.", submit_label="key")

    def action_supplementary(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        core, actor = self.core, self.actor
        keep_asking(self, f"Supplementary claim on SB {claim.sb_no} (paid claim {claim.id})", [
            Field("amount", "Amount ₹", required=True, placeholder="more due, in rupees"),
            Field("reason", "Why more is due", required=True, max_length=300)],
            lambda d: svc.request_supplementary(core, actor, claim.sb_no,
                                                rupees_in(d["amount"], "amount"),
                                                d["reason"]),
            self.acted(lambda c: f"supplementary claim {c.id} keyed: ₹{money(c.amount)}, "
                                 "for the AC/DC (DBK)"),
            note="The exporter's application; at most the entitlement less what was paid "
                 "or is pending (EXP-DBK-6).", submit_label="key")

    def action_permit(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        core, actor = self.core, self.actor

        def call(d: dict) -> svc.ClaimView:
            refuse = d["reason"] if d["decision"] == "refuse" else ""
            if d["decision"] == "refuse" and not refuse.strip():
                raise InvalidInput("reason", "say why the claim is refused", "EXP-DBK-6")
            return svc.permit_supplementary(core, actor, claim.id, refuse=refuse,
                                            expected_version=claim.version)

        keep_asking(self, f"Supplementary claim {claim.id} on SB {claim.sb_no}: "
                    f"₹{money(claim.amount)}", [
                        Field("decision", "Decision", "choice", required=True,
                              choices=[("Permit: the DBK appraiser processes it", "permit"),
                                       ("Refuse it", "refuse")], value="permit"),
                        Field("reason", "Reasons", max_length=300,
                              help="required to refuse")],
                    call, self.acted(lambda c: f"supplementary claim {c.id}: "
                                     f"{STATE_LABELS[c.state]}"),
                    note=f"Why more is due: {claim.reason}", submit_label="decide")

    def action_scroll(self) -> None:
        today = self.core.today()
        self.confirm("SCROLL.generate", f"the scroll of {today:%d.%m.%Y} for the claims "
                     "sanctioned so far", lambda: self.run_service(
                         svc.generate_scroll, self.core, self.actor, then=self.write_scroll),
                     note="The day is then closed: no more sanctions today (EXP-DBK-5).")

    def write_scroll(self, scroll: svc.ScrollView) -> None:
        from printing.dbk_scroll import render_scroll

        SCROLLS.mkdir(exist_ok=True)
        stem = SCROLLS / f"dbk-scroll-{scroll.scroll_no}"
        stem.with_suffix(".pdf").write_bytes(render_scroll(scroll))
        stem.with_suffix(".csv").write_text(svc.bank_file(scroll), encoding="utf-8")
        self.notify(f"scroll {scroll.scroll_no}: {len(scroll.lines)} claims, "
                    f"₹{money(scroll.total)}; {stem}.pdf and .csv written", markup=False)
        self.load()

    # ---- moving about ----

    def action_next_list(self) -> None:
        self.shown = self.lists[(self.lists.index(self.shown) + 1) % len(self.lists)]
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

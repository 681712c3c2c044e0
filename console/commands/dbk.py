"""``ices dbk``: the drawback branch (EXP-DBK-1, -3..-6). Thin: one service call each.

``ices dbk scroll`` writes the scroll's PDF through ``printing/`` (the commands may print;
the services never import ReportLab).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput
from console.services.schemes import drawback as svc

app = typer.Typer(no_args_is_help=True)

COLUMNS = ["id", "sb_no", "iec", "kind", "state", "amount", "queued_at", "scroll_no"]


def _list(as_json: bool, rows: list[svc.ClaimView]) -> None:
    emit(as_json, rows, table([common.plain(r) for r in rows], COLUMNS))


def _one(as_json: bool, view: svc.ClaimView, what: str) -> None:
    emit(as_json, view, f"claim {view.id} (SB {view.sb_no}, {view.kind}) {what}: "
         f"{view.state}, Rs {view.amount}")


@app.command("queue")
def queue(state: list[str] = typer.Option(["queued"], "--state",
                                          help="queued, query, requested, submitted, "
                                          "sanctioned, scrolled (repeatable)."),
          limit: int = typer.Option(50, help="How many."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Claims at your location, first come first served (EXP-DBK-3)."""
    _list(as_json, svc.queue(common.core(), common.actor(user), states=tuple(state),
                             limit=limit))


@app.command("show")
def show(sb_no: int = typer.Argument(..., help="Shipping Bill number."),
         as_json: bool = JsonOpt) -> None:
    """The drawback claims on one SB."""
    _list(as_json, svc.claims_of(common.core(), sb_no))


@act_command(app, "query", "DBK.deficiency", "DBKSUP.deficiency")
def query(claim: int, text: str = typer.Option(..., "--text", help="The deficiency."),
          expected_version: int = typer.Option(None, "--version"),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Take a claim out of the queue with a deficiency query (EXP-DBK-3)."""
    _one(as_json, svc.raise_deficiency(common.core(), common.actor(user), claim, text,
                                       expected_version=expected_version), "queried")


@act_command(app, "reply", "DBK.reply", "DBKSUP.reply")
def reply(claim: int, text: str = typer.Option(..., "--text", help="The reply."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Service centre: key the reply; the claim rejoins the queue at its place."""
    _one(as_json, svc.reply_deficiency(common.core(), common.actor(user), claim, text),
         "answered")


@act_command(app, "brand-rate", "DBK.brand_rate")
def brand_rate(sb_no: int, item: int = typer.Option(..., help="Item serial on the SB."),
               letter: str = typer.Option(..., help="Brand-rate letter number."),
               letter_date: str = typer.Option(..., "--date", help="Letter date, YYYY-MM-DD."),
               amount: str = typer.Option(..., help="Drawback fixed for the item, rupees."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key a brand-rate letter (EXP-DBK-4)."""
    view = svc.key_brand_rate(common.core(), common.actor(user), sb_no, item, letter,
                              date.fromisoformat(letter_date), amount)
    emit(as_json, {"sb_no": sb_no, "item": item, "claim": view},
         f"brand rate keyed for SB {sb_no} item {item}"
         + (f"; claim {view.id} now Rs {view.amount}" if view else ""))


@act_command(app, "sanction", "DBK.sanction", "DBKSUP.sanction")
def sanction(claim: int, expected_version: int = typer.Option(None, "--version"),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Sanction a claim: original by the drawback officer in queue order; supplementary by
    the AC/DC once submitted."""
    _one(as_json, svc.sanction(common.core(), common.actor(user), claim,
                               expected_version=expected_version), "sanctioned")


@act_command(app, "supplementary", "DBK.request_supplementary")
def supplementary(sb_no: int, amount: str = typer.Option(..., help="Rupees more claimed."),
                  reason: str = typer.Option(..., help="Why more is due."),
                  user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Request a supplementary claim (EXP-DBK-6)."""
    _one(as_json, svc.request_supplementary(common.core(), common.actor(user), sb_no, amount,
                                            reason), "requested")


@act_command(app, "permit", "DBKSUP.permit")
def permit(claim: int, refuse: str = typer.Option("", help="Refuse, with reasons."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC (DBK): allow a supplementary claim to be processed, or refuse it."""
    _one(as_json, svc.permit_supplementary(common.core(), common.actor(user), claim,
                                           refuse=refuse), "decided")


@act_command(app, "process", "DBKSUP.process")
def process(claim: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """DBK appraiser: process a permitted supplementary claim and submit it to the AC/DC."""
    _one(as_json, svc.process_supplementary(common.core(), common.actor(user), claim),
         "submitted")


@act_command(app, "scroll", "SCROLL.generate")
def dbk_scroll(on: str = typer.Option(None, "--date", help="The day (default today), "
                                      "YYYY-MM-DD."),
               number: int = typer.Option(None, "--number", help="Print an existing scroll "
                                          "again instead of generating one."),
               out: Path = typer.Option(Path("."), "--out", help="Directory for the PDF and "
                                        "the bank file."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Generate the day's drawback scroll (EXP-DBK-5): PDF and bank file (CSV)."""
    from console.progress import progress_bar
    from console.services import prints
    from printing.dbk_scroll import render_scroll

    core = common.core()
    actor = common.actor(user) if number is None else None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InvalidInput("out", f"cannot make the folder {out}: {err.strerror}") from None
    # the day is closed only with its files written (issue 18): one step
    with prints.delivering(core, overwrite=number is not None) as files:
        if actor is None:
            scroll = svc.get_scroll(core, number)
        else:
            with progress_bar("claims into the scroll", quiet=as_json) as bar:
                scroll = svc.generate_scroll(core, actor, date.fromisoformat(on)
                                             if on else None, progress=bar)
        stem = out / f"dbk-scroll-{scroll.scroll_no}"
        pdf, csv_file = stem.with_suffix(".pdf"), stem.with_suffix(".csv")
        files.write(pdf, render_scroll(scroll))
        files.write(csv_file, svc.bank_file(scroll).encode("utf-8"))
    emit(as_json, {"scroll_no": scroll.scroll_no, "date": scroll.scroll_date,
                   "claims": len(scroll.lines), "total": scroll.total, "pdf": str(pdf),
                   "bank_file": str(csv_file)},
         f"scroll {scroll.scroll_no} of {scroll.scroll_date:%d.%m.%Y}: {len(scroll.lines)} "
         f"claims, Rs {scroll.total}; {pdf}, {csv_file}")

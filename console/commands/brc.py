"""``ices brc``: realisation of export proceeds (EXP-BRC-1, -3, -4, -5). Thin: one service
call each, acting as the ``--user`` officer at his port."""

from __future__ import annotations

from datetime import date

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput
from console.services.schemes import brc as svc

app = typer.Typer(no_args_is_help=True)
recovery_app = typer.Typer(help="Recovery of drawback on SBs not realised in time "
                           "(EXP-BRC-3, EXP-BRC-5).", no_args_is_help=True)
app.add_typer(recovery_app, name="recovery")

COLUMNS = ["sb_no", "sb_date", "iec", "ad_code", "leo_on", "due_on", "days_overdue", "bucket",
           "drawback", "rosl", "recovery"]
SbsArg = typer.Argument(..., help="SB numbers with their dates: 1000123:2025-06-10 ...")


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r}: expected YYYY-MM-DD") from None


def _period(value: str) -> date:
    """``2025-01`` or ``2025-01-01``: the first day of the statement's period."""
    return _day(value if len(value) > 7 else f"{value}-01", "period")


def _sbs(values: list[str]) -> list[tuple[int, date]]:
    out = []
    for v in values:
        no, sep, day = v.partition(":")
        if not sep or not no.isdigit():
            raise InvalidInput("sbs", f"{v!r}: expected SB_NO:YYYY-MM-DD")
        out.append((int(no), _day(day, "sb_date")))
    return out


def _rows(rows) -> str:
    return table([common.plain(r) for r in rows], COLUMNS)


def _entry(as_json: bool, e: svc.EntryView) -> None:
    text = (f"entry {e.entry_no} (option {e.option}, {e.kind_label} {e.doc_no} of "
            f"{e.doc_date:%d.%m.%Y}): {len(e.cleared)} SB(s) left the pending list"
            + (f": {', '.join(map(str, e.cleared))}" if e.cleared else ""))
    if e.not_realised:
        text += f"\nstill pending (not realised): {', '.join(map(str, e.not_realised))}"
    if e.recovery_withdrawn:
        text += f"\nrecovery withdrawn: {', '.join(map(str, e.recovery_withdrawn))}"
    emit(as_json, e, text)


@act_command(app, "declare-ad", "BRCAD.declare")
def declare_ad(iec: str, ad_codes: list[str] = typer.Argument(..., help="AD codes."),
               letter: str = typer.Option(..., "--letter", help="The exporter's letter ref."),
               letter_date: str = typer.Option(..., "--date", help="Its date, YYYY-MM-DD."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Record the exporter's declaration (or intimation of a new AD) at your port
    (EXP-BRC-1)."""
    rows = svc.declare_ads(common.core(), common.actor(user), iec, ad_codes, letter_ref=letter,
                           letter_date=_day(letter_date, "date"))
    emit(as_json, rows, "\n".join(f"{r.kind}: {r.iec} realises through AD {r.ad_code} "
                                  f"({r.bank}) at {r.port_code}" for r in rows))


@app.command("ads")
def ads(iec: str, as_json: bool = JsonOpt) -> None:
    """The ADs an exporter declared, by port (EXP-BRC-1)."""
    rows = svc.ad_declarations(common.core(), iec)
    emit(as_json, rows, table([common.plain(r) for r in rows],
                              ["port_code", "ad_code", "bank", "kind", "letter_ref",
                               "letter_date"]))


@act_command(app, "record", "BRC.brc")
def record(iec: str, sbs: list[str] = SbsArg,
           ad: str = typer.Option(..., "--ad", help="AD code of the BRC."),
           brc_no: str = typer.Option(..., "--brc", help="BRC number."),
           brc_date: str = typer.Option(..., "--date", help="BRC date, YYYY-MM-DD."),
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Option 1: a BRC for the SBs named with their dates (EXP-BRC-4)."""
    _entry(as_json, svc.record_brc(common.core(), common.actor(user), iec, ad, brc_no,
                                   _day(brc_date, "date"), _sbs(sbs)))


@act_command(app, "statement", "BRC.nil_statement")
def statement(iec: str, ad: str = typer.Option(..., "--ad", help="AD code."),
              period: str = typer.Option(..., "--period", help="First month, YYYY-MM."),
              number: str = typer.Option("", "--no", help="Statement reference."),
              on: str = typer.Option("", "--date", help="Statement date, YYYY-MM-DD."),
              approve: bool = typer.Option(False, "--approve",
                                           help="Approve: the SBs shown leave the list."),
              expect: str = typer.Option("", "--expect", help="With --approve: the SB "
                                         "numbers you were shown, comma-separated."),
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Option 2: a negative statement (nothing pending) for a six-month period. Without
    --approve, shows the period's pending SBs (EXP-BRC-4)."""
    core, actor = common.core(), common.actor(user)
    if not approve:
        view = svc.period_sbs(core, actor, iec, ad, _period(period))
        emit(as_json, view, f"{view.iec} via AD {view.ad_code}, exports of "
             f"{view.period_from:%d.%m.%Y}–{view.period_to:%d.%m.%Y}: {len(view.sbs)} "
             f"pending\n{_rows(view.sbs)}")
        return
    shown = [int(n) for n in expect.split(",") if n.strip()] if expect else None
    _entry(as_json, svc.approve_nil_statement(core, actor, iec, ad, _period(period), number,
                                              _day(on, "date"), shown=shown))


@act_command(app, "declare", "BRC.not_realised")
def declare(iec: str, pending: list[int] = typer.Argument(..., help="SB numbers NOT "
                                                          "realised."),
            ad: str = typer.Option(..., "--ad", help="AD code."),
            period: str = typer.Option(..., "--period", help="First month, YYYY-MM."),
            number: str = typer.Option(..., "--no", help="Statement reference."),
            on: str = typer.Option(..., "--date", help="Statement date, YYYY-MM-DD."),
            user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Option 3: a negative statement listing the SBs not realised; every other SB of the
    period leaves the list (EXP-BRC-4)."""
    _entry(as_json, svc.declare_not_realised(common.core(), common.actor(user), iec, ad,
                                             _period(period), number, _day(on, "date"),
                                             pending))


@app.command("pendency")
def pendency(iec: str = typer.Option(None, "--iec", help="One exporter (default: the port)."),
             include_not_due: bool = typer.Option(False, "--all",
                                                  help="Include SBs not yet due."),
             page: int = typer.Option(1, "--page", min=1),
             size: int = typer.Option(svc.PAGE, "--size", min=1, max=500),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Drawback SBs whose BRC was not furnished by the due date, with ageing (EXP-BRC-3)."""
    p = svc.pendency(common.core(), common.actor(user), iec, include_not_due=include_not_due,
                     offset=(page - 1) * size, limit=size)
    ageing = "  ".join(f"{label}: {p.count_of(label, n)}" for label, n in p.buckets)
    emit(as_json, p, f"BRC pendency at {p.location_code}{' for ' + p.iec if p.iec else ''} "
         f"as on {p.as_of:%d.%m.%Y}: {p.total_shown} SB(s); page {page}\n"
         f"ageing (days overdue): {ageing}\n{_rows(p.rows)}")


@app.command("show")
def show(sb_no: int, as_json: bool = JsonOpt) -> None:
    """One SB's realisation: due date, ageing, how it left the list, recovery."""
    w = svc.show(common.core(), sb_no)
    emit(as_json, w)


@app.command("entry")
def entry(entry_no: int, as_json: bool = JsonOpt) -> None:
    """One BRC entry and the SBs it cleared."""
    _entry(as_json, svc.entry(common.core(), entry_no))


@act_command(recovery_app, "run", "BRCWATCH.start_recovery")
def recovery_run(sb_nos: list[int] = typer.Argument(None, help="SBs (default: every overdue "
                                                    "SB not yet under recovery)."),
                 iec: str = typer.Option(None, "--iec", help="One exporter."),
                 user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: start recovery of drawback + ROSL on overdue SBs (EXP-BRC-3)."""
    rows = svc.start_recovery(common.core(), common.actor(user), sb_nos or (), iec=iec)
    total = sum(r.recovery for r in rows)
    emit(as_json, rows, f"recovery started on {len(rows)} SB(s), Rs {total}\n{_rows(rows)}")


@recovery_app.command("list")
def recovery_list(iec: str = typer.Option(None, "--iec", help="One exporter."),
                  user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """SBs under recovery, not yet recovered or realised."""
    rows = svc.under_recovery(common.core(), common.actor(user), iec)
    emit(as_json, rows, _rows(rows))


@act_command(recovery_app, "record", "BRC.recovery")
def recovery_record(iec: str, sbs: list[str] = SbsArg,
                    order: str = typer.Option(..., "--order", help="Order / challan number."),
                    on: str = typer.Option(..., "--date", help="Its date, YYYY-MM-DD."),
                    user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Option 1 with the order / challan: drawback recovered, the SBs leave the list
    (EXP-BRC-5)."""
    _entry(as_json, svc.record_recovery(common.core(), common.actor(user), iec, order,
                                        _day(on, "date"), _sbs(sbs)))

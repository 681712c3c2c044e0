"""``ices trs`` (the Time Release Study) and ``ices pendency`` (what waits now): the
supervisors' views of issue 19, one service call each, as the ``--user`` officer at his
port (``TRS.view``, ``PENDENCY.view``: the AC/DC and above)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import InvalidInput

if TYPE_CHECKING:  # the services are imported when a command runs
    from console.services.admin import pendency as pend
    from console.services.admin import trs as svc

#: the highest ``--bucket``: the last of ``pendency.BUCKETS`` (under a day, 1-3 days, 3-7
#: days, over 7 days), as the option's help names them (tests/test_cli_lazy.py checks it)
LAST_BUCKET = 3


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r}: expected YYYY-MM-DD") from None


def _h(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def study_text(study: svc.Study) -> str:
    """The study for a terminal: per flow, its stages, routes and distribution."""
    lines = [f"Time Release Study, {study.location_code} {study.location_name} "
             f"({study.category_label}), released {study.date_from:%d.%m.%Y} to "
             f"{study.date_to:%d.%m.%Y}"]
    for f in study.flows:
        r = f.overall
        lines += ["", f"{f.title}: {r.documents} released ({f.start} to {f.release})"]
        if not r.documents:
            continue
        stages = [{"stage": st.label, "docs": st.figures.n, "average_h": _h(st.figures.mean),
                   "median_h": _h(st.figures.median), "p90_h": _h(st.figures.p90),
                   "before_arrival": st.before_start or ""} for st in r.stages]
        lines.append(table(stages, list(stages[0])))
        routes = [{"route": x.label, "docs": x.documents, "average_h": _h(x.release.mean),
                   "median_h": _h(x.release.median), "p90_h": _h(x.release.p90),
                   "within_target": "-" if x.within_target is None else x.within_target,
                   "share": "-" if x.share is None else f"{x.share:.2f}%"}
                  for x in (*f.routes, r)]
        lines += ["", table(routes, list(routes[0]))]
        lines.append("release times: " + ", ".join(f"{b.label} {b.count}"
                                                    for b in r.distribution))
        if r.departure is not None and r.departure.n:
            lines.append(f"to departure (EGM): {r.departure.n} docs, average "
                         f"{_h(r.departure.mean)} h, median {_h(r.departure.median)} h")
        if f.target is not None:
            national = (f"; national (NTRS) {f.target.national_pct:.2f}%"
                        if f.target.national_pct is not None else "")
            lines.append(f"target {f.target.hours:g} h: {r.within_target} of {r.documents} "
                         f"({r.share:.2f}%){national} [{f.target.key}: {f.target.source}]")
        else:
            lines.append("no target published for this flow at this port category")
        if f.left_out:
            lines.append(f"left out: {f.left_out} ({f.left_out_why})")
    return "\n".join(lines)


def study_csv(study: svc.Study) -> str:
    from console.services.admin import trs as svc

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=svc.CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(svc.rows(study))
    return buf.getvalue()


def trs(date_from: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
        date_to: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (included)."),
        location: str = typer.Option(None, "--location", help="Port code (default: where "
                                     "you are posted)."),
        as_csv: bool = typer.Option(False, "--csv", help="Print CSV: one row per flow, route "
                                    "and stage."),
        pdf: Path = typer.Option(None, "--pdf", help="Write the report as a PDF file."),
        force: bool = typer.Option(False, "--force", help="Overwrite the PDF file."),
        user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """The Time Release Study (WCO method, as CBIC's NTRS): hours from arrival to release
    of the documents released in the period, by stage and route, with the share released
    within the port category's target."""
    from console.services.admin import trs as svc

    if sum((as_json, as_csv, pdf is not None)) > 1:
        raise typer.BadParameter("choose one of --json, --csv, --pdf")
    if pdf is not None and pdf.exists() and not force:
        raise InvalidInput("pdf", f"{pdf} exists: name another file, or --force")
    study = svc.time_release_study(common.core(), common.actor(user),
                                   _day(date_from, "from"), _day(date_to, "to"),
                                   location=location)
    if as_csv:
        typer.echo(study_csv(study), nl=False)
        return
    if pdf is not None:
        from printing.trs import render  # the CLI prints; the services never import ReportLab

        try:
            pdf.write_bytes(render(study))
        except OSError as err:
            raise InvalidInput("pdf", f"cannot write {pdf}: {err.strerror}") from None
        typer.echo(f"{pdf}: Time Release Study of {study.location_code}, "
                   f"{study.date_from:%d.%m.%Y} to {study.date_to:%d.%m.%Y}")
        return
    emit(as_json, study, study_text(study))


def pendency_text(p: pend.Pendency, by: str) -> str:
    rows = p.by_stage if by == "stage" else p.by_officer
    head = "stage" if by == "stage" else "with"
    shown = [{head: r.label, **dict(zip(p.buckets, r.counts, strict=True)), "total": r.total,
              "waits for": r.waits_for} for r in rows]
    return (f"Pendency at {p.location_code} {p.location_name} as on {p.as_of:%d.%m.%Y %H:%M}: "
            f"{p.total} documents\n"
            + (table(shown, list(shown[0])) if shown else "nothing waits"))


def pendency(by: str = typer.Option("stage", "--by", help="stage or officer."),
             key: str = typer.Option(None, "--list", help="List the documents behind a row "
                                     "(a stage key such as SB.awaiting_assessment, or an "
                                     "officer as shown)."),
             bucket: int = typer.Option(None, "--bucket", min=0, max=LAST_BUCKET,
                                        help="With --list: only one ageing bucket (0 under a "
                                        "day, 1 1-3 days, 2 3-7 days, 3 over 7 days)."),
             location: str = typer.Option(None, "--location", help="Port code (default: "
                                          "where you are posted)."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """What waits at each stage now, by stage or by officer, in ageing buckets; --list
    shows the documents behind a row (or one of its cells, with --bucket)."""
    from console.services.admin import pendency as pend

    if by not in ("stage", "officer"):
        raise typer.BadParameter("stage or officer", param_hint="--by")
    p = pend.pendency(common.core(), common.actor(user), location=location)
    if key is None:
        emit(as_json, p, pendency_text(p, by))
        return
    docs = p.behind(by, key, bucket)
    rows = [{"kind": w.kind, "number": w.number, "stage": w.stage_label, "with": w.officer,
             "party": w.party, "since": f"{w.since:%d.%m.%Y %H:%M}", "days": w.age_days}
            for w in docs]
    emit(as_json, docs, table(rows, ["kind", "number", "stage", "with", "party", "since",
                                     "days"]))


def register(app: typer.Typer) -> None:
    """``ices trs`` and ``ices pendency``, each declared with its act (its help says who)."""
    act_command(app, "trs", "TRS.view")(trs)
    act_command(app, "pendency", "PENDENCY.view")(pendency)

"""``ices directory ...``: the reference directories (ports, tariff, currencies, ...)."""

from __future__ import annotations

from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import ExitCode

app = typer.Typer(no_args_is_help=True)


@act_command(app, "import", "DIRECTORY.import")
def directory_import(kind: str, file: Path, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Load a CSV into a directory; bad rows are reported by line and change nothing."""
    from console.progress import progress_bar
    from console.services.admin.registries import import_directory

    core, actor = common.core(), common.actor(user)
    with progress_bar(f"importing {kind}", quiet=as_json) as bar:
        report = import_directory(core, actor, kind, file, progress=bar)
    emit(as_json, {"kind": kind, "loaded": report.loaded, "errors": report.errors},
         f"{kind}: {report.loaded} loaded, {len(report.errors)} rejected" + "".join(
             f"\n  line {line}: {msg}" for line, msg in report.errors))
    if report.errors:
        raise typer.Exit(ExitCode.BAD_INPUT)


@app.command("search")
def directory_search(kind: str, text: str = typer.Argument(""), as_json: bool = JsonOpt) -> None:
    """Look up codes: port, country, currency, uqc, scheme, iec, broker, carrier, tariff."""
    from console.directories import search_codes, search_tariff

    if kind == "tariff":
        rows = [{"code": r.item, "name": r.description, "bcd": r.bcd_rate, "igst": r.igst_rate}
                for r in search_tariff(common.core(), text)]
    else:
        rows = [{"code": c, "name": n} for c, n in search_codes(common.core(), kind, text)]
    emit(as_json, rows, table(rows, list(rows[0]) if rows else ["code", "name"]))

"""The ``ices`` command: every act a person can do on a screen, for scripts (``--json``).

Only this module and ``console/app.py`` may import Textual or ReportLab.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import typer

from console.commands import acts as acts_commands
from console.commands import amend as amend_commands
from console.commands import audit as audit_commands
from console.commands import backup as backup_commands
from console.commands import bonds as bond_commands
from console.commands import brc as brc_commands
from console.commands import common
from console.commands import csb as csb_commands
from console.commands import dbk as dbk_commands
from console.commands import depb as depb_commands
from console.commands import edi as edi_commands
from console.commands import imports as import_commands
from console.commands import licences as licence_commands
from console.commands import prints as print_commands
from console.commands import registries as registry_commands
from console.commands import sb as sb_commands
from console.commands import serve as serve_commands
from console.commands import tra as tra_commands
from console.commands import trs as trs_commands
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table
from console.errors import ExitCode, IcesError, InvalidInput, exit_code
from console.services.admin import officers
from db.engine import shown_url

app = typer.Typer(help="ICES 1.5 officer console.", no_args_is_help=True,
                  pretty_exceptions_enable=False, context_settings={"help_option_names":
                                                                    ["-h", "--help"]})
users = typer.Typer(help="Officer accounts.", no_args_is_help=True)
directory = typer.Typer(help="Reference directories and registries.", no_args_is_help=True)
app.command("acts")(acts_commands.acts)
app.add_typer(users, name="users")
app.add_typer(audit_commands.app, name="audit")
backup_commands.register(app)
app.add_typer(directory, name="directory")
app.add_typer(registry_commands.app, name="registry")
app.add_typer(sb_commands.sb_app, name="sb")
app.add_typer(sb_commands.egm_app, name="egm")
app.add_typer(sb_commands.rms_app, name="rms")
app.add_typer(csb_commands.app, name="csb")
app.add_typer(amend_commands.amend_app, name="amend")
app.add_typer(brc_commands.app, name="brc")
app.add_typer(amend_commands.cancel_app, name="cancel")
app.add_typer(amend_commands.supervise_app, name="supervise")
app.add_typer(print_commands.reprint_app, name="reprint")
app.add_typer(dbk_commands.app, name="dbk")
app.add_typer(licence_commands.app, name="licence")
app.add_typer(import_commands.igm_app, name="igm")
app.add_typer(import_commands.be_app, name="be")
app.add_typer(bond_commands.app, name="bond")
app.add_typer(bond_commands.warehouse_app, name="warehouse")
app.add_typer(tra_commands.app, name="tra")
app.add_typer(depb_commands.app, name="depb")
app.add_typer(edi_commands.app, name="edi")
trs_commands.register(app)
dbcmd = typer.Typer(help="Schema migrations (developers).", no_args_is_help=True)
app.add_typer(dbcmd, name="db")


@app.callback()
def _main(db: str = typer.Option(None, "--db", envvar="ICES_DATABASE_URL",
                                 help="Database URL (default: sqlite file ices.db here).")) -> None:
    common.State.url = db
    common.reset()


@app.command()
def init(training: bool = typer.Option(False, "--training", help="A training database: "
                                       "honours ICES_CLOCK."),
         as_json: bool = JsonOpt) -> None:
    """Create the database or upgrade it in place; load reference directories."""
    from console.services.admin.setup import initialise

    core, reports = initialise(common.State.url, training=training)
    out = {name: {"loaded": r.loaded, "errors": r.errors} for name, r in reports.items()}
    emit(as_json, {"database": shown_url(core.db.url), "kind": core.kind, "loaded": out},
         f"{core.kind} database ready: {shown_url(core.db.url)}\n" + "\n".join(
             f"  {n}: {v['loaded']} loaded, {len(v['errors'])} rejected" for n, v in out.items()))


@app.command()
def demo(as_json: bool = JsonOpt) -> None:
    """Create (or top up) a training database with demo officers, parties and documents."""
    from console.demo import build_demo
    from console.progress import progress_bar

    with progress_bar("building the demo database", quiet=as_json) as bar:
        summary = build_demo(common.State.url, progress=bar)
    emit(as_json, summary, "demo data ready; officers (password 'ices-demo'): "
         + ", ".join(summary["officers"]))


@app.command()
def run(terminal: str = typer.Option("", help="Terminal name shown in the audit trail.")) -> None:
    """Open the console (Textual). A plain ``ices run`` is started by ``console/entry.py``
    without this command tree; this path serves the other spellings."""
    from console.launch import build_app

    build_app(common.State.url, terminal).run()


app.command("serve")(serve_commands.serve)


# ---- users ----


@act_command(users, "add", "OFFICER.add")
def users_add(username: str, name: str = typer.Option(..., help="Full name."),
              role: str = typer.Option(..., help="Role code, e.g. APR."),
              location: str = typer.Option(..., help="Port code, e.g. INVTZ4."),
              user: str = typer.Option(None, "--user", "-u", help="Acting system manager "
                                       "(omit only for the first account)."),
              as_json: bool = JsonOpt) -> None:
    """Add an officer; the new password is read from ICES_NEW_PASSWORD or prompted."""
    import os

    acting = common.actor(user) if user else None
    if acting is None and any(o.role == "SYS" and not o.disabled
                              for o in officers.list_officers(common.core())):
        raise typer.BadParameter("a system manager exists: act as one with --user",
                                 param_hint="--user")
    password = os.environ.get("ICES_NEW_PASSWORD") or typer.prompt(
        "new password", hide_input=True, confirmation_prompt=True)
    view = officers.add_officer(common.core(), acting, username, name, role, location, password)
    emit(as_json, view, f"added {view.username} ({view.role}) at {view.location_code}")


@users.command("list")
def users_list(as_json: bool = JsonOpt) -> None:
    """List officers."""
    rows = officers.list_officers(common.core())
    emit(as_json, rows, table([common.plain(r) for r in rows],
                              ["username", "name", "role", "location_code", "disabled"]))


@act_command(users, "passwd", "OFFICER.password", "OFFICER.reset_password")
def users_passwd(username: str, user: str = UserOpt) -> None:
    """Change a password (your own, or anyone's as system manager); new one from
    ICES_NEW_PASSWORD or prompted."""
    import os

    acting = common.actor(user)
    password = os.environ.get("ICES_NEW_PASSWORD") or typer.prompt(
        "new password", hide_input=True, confirmation_prompt=True)
    officers.set_password(common.core(), acting, username, password)
    typer.echo(f"password changed for {username}")


@act_command(users, "duty", "OFFICER.duty")
def users_duty(username: str, on: bool = typer.Option(True, "--on/--off", help="On duty (may "
                                                      "be named to examine) or off."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Put an officer on or off duty (the examiners named for examination, EXP-ARR-2)."""
    from console.services.admin.officers import set_on_duty

    set_on_duty(common.core(), common.actor(user), username, on)
    emit(as_json, {"username": username, "on_duty": on},
         f"{username} {'on' if on else 'off'} duty")


@act_command(users, "disable", "OFFICER.disable")
def users_disable(username: str, reason: str = typer.Option(..., help="Why."),
                  user: str = UserOpt) -> None:
    """Disable an account."""
    officers.disable_officer(common.core(), common.actor(user), username, reason)
    typer.echo(f"{username} disabled")


# ---- printing ----

# every document a person prints (documents.md): the print acts of the act tables
PRINT_ACTS = ("SB.print_checklist", "SB.print_copies", "SB.print_leo_certificate",
              "SB.print_exam_order", "SB.print_test_memo", "SB.print_query",
              "SB.print_cess_challan", "SB.print_charge_receipt", "SB.print_certificate",
              "BE.print_be_checklist", "BE.print_be", "BE.print_duty_challan",
              "TRA.print_checklist", "TRA.print_copies")


@act_command(app, "print", *PRINT_ACTS)
def print_cmd(kind: str = typer.Argument(..., help="checklist, sb, leo_certificate, "
                                         "exam_order, test_memo, query, cess_challan, "
                                         "charge_receipt, certificate; Bills of Entry: "
                                         "be_checklist, be, duty_challan; TRA: "
                                         "tra_checklist, tra."),
              ref: str = typer.Argument(..., help="SB number (checklist: also J<job>; "
                                        "test_memo: memo number; query: SB or SB/sl); "
                                        "BE number (be_checklist: job number); "
                                        "tra_checklist: R<request>; tra: TRA number."),
              copy: str = typer.Option(None, "--copy", help="One named copy only."),
              reason: str = typer.Option("", "--reason", help="leo_certificate: the loss "
                                         "reported."),
              out: Path = typer.Option(None, "--out", help="PDF file (default "
                                       "./KIND-REF.pdf)."),
              force: bool = typer.Option(False, "--force", help="Overwrite the file."),
              user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Print a document to PDF; the print is checked and every copy logged (documents.md),
    in one step with writing the file: a file that cannot be written logs nothing."""
    import printing
    from console.services import prints

    core, actor = common.core(), common.actor(user)
    with prints.delivering(core, overwrite=force) as files:
        job = prints.print_document(core, actor, kind, ref, copy=copy, reason=reason)
        path = out or Path(f"{kind}-{job.ref.replace('/', '-')}.pdf")
        files.write(path, printing.render(job))
    emit(as_json, {"file": str(path), "kind": kind, "number": job.number,
                   "copies": list(job.copies), "reprint": job.reprint},
         f"{path}: {job.title.lower()} {job.number}, {', '.join(job.copies)}"
         + (" (REPRINT)" if job.reprint else ""))


@act_command(dbk_commands.app, "scroll", "SCROLL.generate")
def dbk_scroll(on: str = typer.Option(None, "--date", help="The day (default today), "
                                      "YYYY-MM-DD."),
               number: int = typer.Option(None, "--number", help="Print an existing scroll "
                                          "again instead of generating one."),
               out: Path = typer.Option(Path("."), "--out", help="Directory for the PDF and "
                                        "the bank file."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Generate the day's drawback scroll (EXP-DBK-5): PDF and bank file (CSV)."""
    from datetime import date as date_

    from console.progress import progress_bar
    from console.services import prints
    from console.services.schemes import drawback
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
            scroll = drawback.get_scroll(core, number)
        else:
            with progress_bar("claims into the scroll", quiet=as_json) as bar:
                scroll = drawback.generate_scroll(core, actor, date_.fromisoformat(on)
                                                  if on else None, progress=bar)
        stem = out / f"dbk-scroll-{scroll.scroll_no}"
        pdf, csv_file = stem.with_suffix(".pdf"), stem.with_suffix(".csv")
        files.write(pdf, render_scroll(scroll))
        files.write(csv_file, drawback.bank_file(scroll).encode("utf-8"))
    emit(as_json, {"scroll_no": scroll.scroll_no, "date": scroll.scroll_date,
                   "claims": len(scroll.lines), "total": scroll.total, "pdf": str(pdf),
                   "bank_file": str(csv_file)},
         f"scroll {scroll.scroll_no} of {scroll.scroll_date:%d.%m.%Y}: {len(scroll.lines)} "
         f"claims, Rs {scroll.total}; {pdf}, {csv_file}")


# ---- directories ----


@act_command(directory, "import", "DIRECTORY.import")
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


@directory.command("search")
def directory_search(kind: str, text: str = typer.Argument(""), as_json: bool = JsonOpt) -> None:
    """Look up codes: port, country, currency, uqc, scheme, iec, broker, carrier, tariff."""
    from console.directories import search_codes, search_tariff

    if kind == "tariff":
        rows = [{"code": r.item, "name": r.description, "bcd": r.bcd_rate, "igst": r.igst_rate}
                for r in search_tariff(common.core(), text)]
    else:
        rows = [{"code": c, "name": n} for c, n in search_codes(common.core(), kind, text)]
    emit(as_json, rows, table(rows, list(rows[0]) if rows else ["code", "name"]))


@dbcmd.command("revision")
def db_revision(message: str) -> None:
    """Autogenerate a migration from the tables against an up-to-date database."""
    from db.engine import Database
    from db.migrate import revision, upgrade

    database = Database(common.State.url)
    upgrade(database.engine)
    revision(database.engine, message)


def fail(kind: ExitCode, message: str, rule: str = "", exception: str = "") -> NoReturn:
    """Say why the command did nothing (stderr, or a JSON error object on stdout with
    ``--json``) and exit with ``kind``'s status."""
    if "--json" in sys.argv:
        import json

        print(json.dumps({"error": message, "rule": rule, "kind": kind.name.lower(),
                          "exception": exception}))
    else:
        said = "refused" if exception else kind.name.lower().replace("_", " ")
        print(f"{said}: {message}" + (f" ({rule})" if rule else ""), file=sys.stderr)
    sys.exit(kind)


def main() -> None:
    """Entry point: every outcome has its exit status (``ExitCode``): a refusal prints its
    message and rule, a usage error Click's message, an internal fault its type (and a
    traceback only with ICES_DEBUG=1)."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        fail(ExitCode.USAGE, "aborted")
    except typer.TyperException as err:  # Click's: a usage error (2), a file unreadable (1)
        usage = getattr(err, "exit_code", 1) == 2
        if usage and "--json" not in sys.argv:
            ctx = getattr(err, "ctx", None)
            if ctx is not None:
                typer.echo(ctx.get_usage(), err=True)
        message = err.format_message() if hasattr(err, "format_message") else str(err)
        fail(ExitCode.USAGE if usage else ExitCode.BAD_INPUT, message)
    except IcesError as err:
        fail(exit_code(err), err.message, err.rule, err.__class__.__name__)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as err:  # a fault of ours: never a bare traceback for the user
        if os.environ.get("ICES_DEBUG"):
            raise
        fail(ExitCode.INTERNAL, f"{err.__class__.__name__}: {err}; nothing was changed by "
             "the failed step; run again with ICES_DEBUG=1 for the traceback")
    sys.exit(code if isinstance(code, int) else ExitCode.DONE)


if __name__ == "__main__":
    main()

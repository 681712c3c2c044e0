"""The ``ices`` command: every act a person can do on a screen, for scripts (``--json``).

Only this module and ``console/app.py`` may import Textual or ReportLab.

An ``ices`` command imports only what it uses: the command groups (``GROUPS``) are loaded
by name, the one on the command line and no other (``LazyGroup``); a command imports its
services when it runs; the table modules load as they are named (``db/tables``). ``ices
--help`` lists every group from ``GROUPS`` without importing one. ``bench/bench_cli.py``
measures what a command costs against ``import sqlmodel``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup
from typer.main import get_group_from_info
from typer.models import TyperInfo

from console.commands import acts as acts_commands
from console.commands import backup as backup_commands
from console.commands import common
from console.commands import prints as print_commands
from console.commands import serve as serve_commands
from console.commands import trs as trs_commands
from console.commands.common import JsonOpt, emit
from console.errors import ExitCode, IcesError, exit_code

#: the command groups, in the order ``ices --help`` lists them: name -> (its Typer app, as
#: ``module:attribute``; its help). A group's module is imported only when it is used.
GROUPS: dict[str, tuple[str, str]] = {
    "users": ("console.commands.users:app", "Officer accounts."),
    "audit": ("console.commands.audit:app", "The audit trail."),
    "directory": ("console.commands.directory:app", "Reference directories and registries."),
    "registry": ("console.commands.registries:app",
                 "Exporters' registrations: AD accounts, bank accounts, GSTINs."),
    "sb": ("console.commands.sb:sb_app", "Shipping Bills: file, assess, examine, let export."),
    "egm": ("console.commands.sb:egm_app", "Export General Manifests."),
    "rms": ("console.commands.sb:rms_app", "RMS risk rules (AC/DC or higher)."),
    "csb": ("console.commands.csb:app", "Courier Shipping Bills (ECCS): file, X-ray, assess, "
            "LEO."),
    "amend": ("console.commands.amend:amend_app", "Amendments of a submitted SB "
              "(EXP-AMD-1..4)."),
    "brc": ("console.commands.brc:app", "BRC: AD declarations, BRC entry (options 1-3), "
            "pendency list with ageing, recovery of drawback."),
    "cancel": ("console.commands.amend:cancel_app", "Cancellation, shut out, back to town, "
               "short shipment (EXP-CAN-1)."),
    "supervise": ("console.commands.amend:supervise_app", "Facilitated SBs (EXP-RMS-3/4) and "
                  "what awaits approval."),
    "reprint": ("console.commands.prints:reprint_app", "Reprints of Shipping Bill copies "
                "(EXP-PRT-4)."),
    "dbk": ("console.commands.dbk:app", "Drawback branch: claims queue, deficiencies, brand "
            "rates, sanction, supplementary claims, the daily scroll."),
    "licence": ("console.commands.licences:app", "Scheme licences: DGFT's online ones, port "
                "registration (EXP-REG-9)."),
    "igm": ("console.commands.imports:igm_app", "Import General Manifests (IMP-IGM)."),
    "be": ("console.commands.imports:be_app", "Bills of Entry: file, assess, pay, examine, "
           "Out of Charge."),
    "bond": ("console.commands.bonds:app", "Bonds, undertakings, BGs and certificates "
             "(BND-1..14)."),
    "warehouse": ("console.commands.bonds:warehouse_app", "Warehouse ledger and ex-bond "
                  "clearance (WH-1..5)."),
    "tra": ("console.commands.tra:app", "Telegraphic Release Advices (IMP-TRA-1, IMP-TRA-2)."),
    "depb": ("console.commands.depb:app", "DEPB: rates by group/item, Customs' changes, "
             "provisional assessments finalised (EXP-DEPB-1..4)."),
    "edi": ("console.commands.edi:app", "Remote filing through ICEGATE: mailbox, message log, "
            "export, filers."),
    "db": ("console.commands.schema:app", "Schema migrations (developers)."),
}


def group(name: str) -> TyperGroup:
    """The Click group of ``GROUPS[name]``, its module imported now, built as
    ``app.add_typer(sub_app, name=name, help=...)`` would build it."""
    where, help_text = GROUPS[name]
    module, _, attribute = where.partition(":")
    sub_app = getattr(importlib.import_module(module), attribute)
    built = get_group_from_info(
        TyperInfo(sub_app, name=name, help=help_text),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands)
    _one_line_summaries(built)
    return built


def _one_line_summaries(command: _click.Command) -> None:
    """A command's line in its group's list is its help's first paragraph as one line: in
    Rich's markup the docstring's own line breaks would stay and ragged the list."""
    for sub in getattr(command, "commands", {}).values():
        if sub.short_help is None and sub.help:
            sub.short_help = " ".join(sub.help.split("\n\n")[0].split())
        _one_line_summaries(sub)


class LazyGroup(TyperGroup):
    """``ices``: its own commands, then ``GROUPS``, each built the first time it is named.
    Its help lists the groups from ``GROUPS`` without building them."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        _one_line_summaries(self)
        self.loaded: dict[str, _click.Command] = {}
        self.listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [*self.commands, *(n for n in GROUPS if n not in self.commands)]

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name in self.commands or cmd_name not in GROUPS:
            return self.commands.get(cmd_name)
        if cmd_name not in self.loaded:
            if self.listing:  # a line of the help: the name and its help are enough
                return TyperCommand(cmd_name, help=GROUPS[cmd_name][1])
            self.loaded[cmd_name] = group(cmd_name)
        return self.loaded[cmd_name]

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


def load_all_commands() -> None:
    """Import every command module (and so register every ``act_command``)."""
    for name in GROUPS:
        group(name)


app = typer.Typer(cls=LazyGroup, help="ICES 1.5 officer console.", no_args_is_help=True,
                  pretty_exceptions_enable=False, context_settings={"help_option_names":
                                                                    ["-h", "--help"]})
app.command("acts")(acts_commands.acts)
backup_commands.register(app)
trs_commands.register(app)


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
    from db.engine import shown_url

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
print_commands.register(app)


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

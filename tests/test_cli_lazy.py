"""The ``ices`` command loads only what it runs (issue 20): the command groups by name, the
table modules as they are named; its help and its tree are the same as when everything was
imported up front."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer.main
from typer import _click
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent

# ``ices --help`` as it listed its commands when every group was imported at start-up
EVERY_COMMAND = [
    "acts", "backup", "restore", "trs", "pendency", "init", "demo", "run", "serve", "print",
    "users", "audit", "directory", "registry", "sb", "egm", "rms", "csb", "amend", "brc",
    "cancel", "supervise", "reprint", "dbk", "licence", "igm", "be", "bond", "warehouse",
    "tra", "depb", "edi", "db",
]


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return out.stdout.strip()


def test_the_lazy_group_lists_every_command_the_eager_one_did():
    from console.cli import GROUPS, app, group

    root = typer.main.get_command(app)
    ctx = _click.Context(root)
    assert root.list_commands(ctx) == EVERY_COMMAND
    help_text = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    for name in EVERY_COMMAND:
        assert f"│ {name} " in help_text, name
    for name, (_, said) in GROUPS.items():
        built = root.get_command(ctx, name)
        assert built.help == said and built.name == name
        assert built.list_commands(_click.Context(built)), f"{name}: no commands"
        assert group(name).help == said


def test_help_imports_no_command_group_no_service_and_no_table():
    loaded = _run("import contextlib, io, sys\n"
                  "sys.argv = ['ices', '--help']\n"
                  "from console.cli import main\n"
                  "with contextlib.redirect_stdout(io.StringIO()):\n"
                  "    try:\n        main()\n    except SystemExit:\n        pass\n"
                  "print(sorted(m for m in sys.modules if m.startswith(('console.services', "
                  "'db.', 'sqlalchemy', 'sqlmodel', 'console.commands.sb'))))")
    assert loaded == "[]"


def test_a_group_imports_its_module_only_when_named():
    out = _run("import sys\n"
               "from typer.testing import CliRunner\n"
               "from console.cli import app\n"
               "r = CliRunner().invoke(app, ['be', '--help'])\n"
               "assert r.exit_code == 0, r.output\n"
               "mods = set(sys.modules)\n"
               "print('console.commands.imports' in mods, 'console.commands.sb' in mods,\n"
               "      any(m.startswith(('console.services', 'db.tables.')) for m in mods))")
    assert out == "True False False"


def test_every_act_command_is_reached_through_the_tree():
    """``ACT_COMMANDS`` (every command module imported) names only commands the tree
    builds, and the tree has a command for each."""
    from console.cli import app
    from console.commands.common import ACT_COMMANDS

    callbacks = set()

    def walk(cmd: _click.Command) -> None:
        if hasattr(cmd, "list_commands"):
            ctx = _click.Context(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name))
        elif cmd.callback is not None:
            fn = getattr(cmd.callback, "__wrapped__", cmd.callback)
            callbacks.add(f"{fn.__module__}:{fn.__name__}")

    walk(typer.main.get_command(app))
    assert set(ACT_COMMANDS) <= callbacks


def test_figures_written_in_the_commands_match_the_services():
    """Written in the command modules so that their help imports no service."""
    from console.commands import sb, trs
    from console.services.admin import pendency
    from console.services.exports import worklists

    assert sb.PAGE == worklists.PAGE
    assert len(pendency.BUCKETS) - 1 == trs.LAST_BUCKET


def test_a_table_module_loads_with_the_tables_its_foreign_keys_name():
    """``db.tables`` loads a module when one of its tables is named; before the mappers are
    configured, the modules of every table their foreign keys point at load too, so that a
    flush can sort them. Each module alone, in a fresh process."""
    from db.tables import MODULES

    for module, names in MODULES.items():
        out = _run("import db.tables as t\n"
                   "from sqlalchemy.orm import configure_mappers\n"
                   "from sqlmodel import SQLModel\n"
                   f"t.{names[0]}\n"
                   "configure_mappers()\n"
                   "tables = SQLModel.metadata.tables\n"
                   "missing = {fk.target_fullname for tb in tables.values() for fk in "
                   "tb.foreign_keys if fk.target_fullname.split('.')[0] not in tables}\n"
                   "from sqlalchemy.sql.util import sort_tables\n"
                   "sort_tables(tables.values())\n"
                   "print(sorted(missing))")
        assert out == "[]", module


def test_the_audit_trail_covers_every_table_however_the_tables_were_loaded():
    """``console.audit`` loads no table to be imported (a read command loads only the
    tables it touches, issue 20); the tables whose rows it hashes, asked for, are every
    table but the ones it names as uncovered, each of which exists."""
    out = _run("import db.tables as t\n"
               "t.ShippingBill\n"
               "from console import audit\n"
               "from sqlmodel import SQLModel\n"
               "before = len(SQLModel.metadata.tables)\n"
               "t.AuditRecord\n"
               "alone = len(SQLModel.metadata.tables) - before\n"
               "covered = set(audit.covered())\n"
               "every = set(SQLModel.metadata.tables)\n"
               "print(alone <= 5, covered == every - audit.UNCOVERED,"
               " audit.UNCOVERED <= every)")
    assert out == "True True True"

"""The ``ices`` command.

A plain ``ices [--db URL] run [--terminal NAME]`` opens the console straight away
(``console/launch.py``) without importing the command-line tree: its ~20 command groups
pull in every service, SQLAlchemy and the table models, about 0.8 s on a 2-core machine
before the login screen could show. Everything else, ``--help`` included, goes to the
Typer app in ``console/cli.py``.
"""

from __future__ import annotations

import os
import sys


def console_args(argv: list[str]) -> tuple[str | None, str] | None:
    """(database URL, terminal name) when ``argv`` asks just to run the console; None when
    it asks for anything else, so that Typer parses it."""
    url, args = os.environ.get("ICES_DATABASE_URL") or None, list(argv)
    if args and args[0] == "--db" and len(args) > 1:
        url, args = args[1], args[2:]
    elif args and args[0].startswith("--db="):
        url, args = args[0].removeprefix("--db="), args[1:]
    if args[:1] != ["run"]:
        return None
    rest = args[1:]
    if not rest:
        return url, ""
    if len(rest) == 2 and rest[0] == "--terminal":
        return url, rest[1]
    if len(rest) == 1 and rest[0].startswith("--terminal="):
        return url, rest[0].removeprefix("--terminal=")
    return None


def main() -> None:
    parsed = console_args(sys.argv[1:])
    if parsed is None:
        from console.cli import main as cli_main

        cli_main()
        return
    from console.launch import build_app

    build_app(parsed[0], parsed[1]).run()

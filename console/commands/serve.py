"""``ices serve``: the officer console in a browser, through textual-serve.

Each browser tab that opens the page starts its own ``ices run`` process (its own
session, its own login) on the same database; closing the tab ends it. The database URL
travels to those processes in ``ICES_DATABASE_URL``, not on their command line, so a
password in it shows neither in ``ps`` nor on the page.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys

import typer

from console.commands import common
from console.errors import NotFound

WILDCARDS = {"0.0.0.0", "::", ""}


def console_command(terminal: str) -> str:
    """The shell command each browser session runs: this Python's ``ices run``."""
    return shlex.join([sys.executable, "-m", "console", "run", "--terminal", terminal])


def public_url(host: str, port: int, given: str | None) -> str:
    """The address browsers are told to open the session's websocket at: ``given``, else
    this host (its name when listening on every interface)."""
    if given:
        return given.rstrip("/")
    shown = socket.gethostname() if host in WILDCARDS else host
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def serve(host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on "
                                   "(0.0.0.0 for every one)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
          url: str = typer.Option(None, "--public-url", help="The address browsers reach "
                                  "the console at, when not http://HOST:PORT (behind a "
                                  "proxy: https://... for TLS).")) -> None:
    """Serve the console to browsers (textual-serve): every tab is its own session with
    its own login, on this database. Plain HTTP: beyond this machine, put it behind a TLS
    proxy and give --public-url."""
    from db.engine import default_url, shown_url

    database = common.State.url or default_url()
    core = common.core()
    kind = core.kind
    core.db.dispose()
    if kind == "uninitialised":
        raise NotFound(f"{shown_url(database)} is not an ICES database: run `ices init` "
                       "(or `ices demo` for a training one) first")
    os.environ["ICES_DATABASE_URL"] = database  # the sessions' database (not in argv)
    from textual_serve.server import Server

    server = Server(console_command(f"web@{socket.gethostname()}"), host=host, port=port,
                    title="ICES 1.5", public_url=public_url(host, port, url))
    typer.echo(f"{kind} database {shown_url(database)}", err=True)
    server.serve()

"""What every CLI command shares: the database, the acting officer, output."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand

if TYPE_CHECKING:
    from console.core import Core
    from console.roles import Actor

UserOpt = typer.Option(..., "--user", "-u", help="Acting officer; password from ICES_PASSWORD "
                       "or a prompt.", envvar="ICES_USER")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of text.")


class State:
    url: str | None = None
    _core: Core | None = None


def core() -> Core:
    if State._core is None:
        from console.core import Core

        State._core = Core.open(State.url)
        if State._core.clock.note and State._core.kind != "training":
            typer.echo(f"note: {State._core.clock.note}", err=True)
    return State._core


def reset() -> None:
    State._core = None


def actor(username: str) -> Actor:
    """Log in as ``username`` (password from ICES_PASSWORD or a prompt)."""
    from console.services.admin.officers import login

    password = os.environ.get("ICES_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise typer.BadParameter("set ICES_PASSWORD or run from a terminal",
                                     param_hint="--user")
        password = typer.prompt(f"password for {username}", hide_input=True)
    # after a reset by the system manager, the new password (PasswordChangeRequired)
    return login(core(), username, password, terminal=f"cli@{socket.gethostname()}",
                 new_password=os.environ.get("ICES_NEW_PASSWORD"))


def plain(obj: Any) -> Any:
    """Dataclasses, Decimals, dates, enums and rows made JSON-ready."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if hasattr(obj, "model_dump"):
        return plain(obj.model_dump())
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [plain(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    return obj


def emit(as_json: bool, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON, or ``text`` (default: a key: value listing)."""
    if as_json:
        typer.echo(json.dumps(plain(data), ensure_ascii=False, indent=1))
    elif text is not None:
        typer.echo(text)
    else:
        d = plain(data)
        if isinstance(d, dict):
            width = max((len(k) for k in d), default=0)
            for k, v in d.items():
                typer.echo(f"{k:<{width}}  {v}")
        else:
            typer.echo(d)


def table(rows: list[dict], columns: list[str]) -> str:
    """A fixed-width text table for human output."""
    if not rows:
        return "(none)"
    cells = [[str(plain(r.get(c, ""))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def who_may(*act_ids: str) -> str:
    """The help's last paragraph for a command that takes ``act_ids``: who may take each,
    when, and its rule, from the act tables (``ices acts`` prints them all)."""
    from console.acts import find

    lines = []
    for act in map(find, act_ids):
        states = [str(s) for s in act.table.states] if act.table else []
        left_out = [s for s in states if s not in act.from_]
        if not act.from_:
            when = "any time"
        elif not left_out:
            when = "in any state"
        elif len(left_out) < len(act.from_):
            when = "any state but " + " or ".join(s.replace("_", " ") for s in left_out)
        else:
            when = " or ".join(s.replace("_", " ") for s in sorted(act.from_))
        lines.append(f"{act.does[:1].upper()}{act.does[1:]} ({act.rule}): {act.who_text()}, "
                     f"posted where the document is; when it is {when}."
                     .replace("when it is any time", "any time")
                     .replace("when it is in any state", "in any state"))
    return "\n\n".join(lines)


class ActCommand(TyperCommand):
    """A command that takes acts: its epilog, ``who_may(*act_ids)``, is read from the act
    tables only when its help is shown (not for every ``ices`` that declares it)."""

    act_ids: tuple[str, ...] = ()

    @property
    def epilog(self) -> str:
        return who_may(*self.act_ids)

    @epilog.setter
    def epilog(self, _value: str | None) -> None:  # Click's __init__ sets one: ours is derived
        pass


def act_command(app: typer.Typer, name: str, *act_ids: str, **kw: Any
                ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@act_command(sb_app, "leo", "SB.leo")``: a command that takes those acts; its help
    ends with who may take them (``who_may``), and ``ACT_COMMANDS`` maps it to them."""
    cls = type("ActCommand", (ActCommand,), {"act_ids": act_ids})

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _ACT_COMMANDS[f"{fn.__module__}:{fn.__name__}"] = act_ids
        return app.command(name, cls=cls, **kw)(fn)
    return register


#: ``<command module>:<function>`` -> the acts its command takes, as the command modules
#: are imported (``ices`` imports only the group named on its command line)
_ACT_COMMANDS: dict[str, tuple[str, ...]] = {}


def __getattr__(name: str) -> Any:
    """``ACT_COMMANDS``: every command's acts, the command modules all imported first."""
    if name == "ACT_COMMANDS":
        from console.cli import load_all_commands

        load_all_commands()
        return _ACT_COMMANDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

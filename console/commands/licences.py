"""``ices licence``: scheme licences quoted in Annexure D (EXP-REG-9, EXP-LIC-1)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, emit
from console.services import licences as svc

app = typer.Typer(help="Scheme licences: DGFT's online ones, port registration (EXP-REG-9).",
                  no_args_is_help=True)
FileArg = typer.Argument(..., help="JSON: licence_no, kind, iec, issued_on, valid_to, "
                         "export_obligation, export_items [..], part_c [..].")


def _show(as_json: bool, v: svc.LicenceView) -> None:
    emit(as_json, v, f"licence {v.licence_no} ({v.kind}, {v.source}) of {v.iec}, valid to "
         f"{v.valid_to:%d.%m.%Y}" + (f"; registration {v.registration_no}"
                                     if v.registration_no else ""))


@app.command("dgft")
def dgft(path: Path = FileArg, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Load a licence transmitted online by DGFT (no registration at the port)."""
    _show(as_json, svc.receive_from_dgft(common.core(), common.actor(user),
                                         json.loads(path.read_text())))


@app.command("register")
def register(path: Path = FileArg, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Designated officer: register an older licence; prints its registration number."""
    _show(as_json, svc.register_at_port(common.core(), common.actor(user),
                                        json.loads(path.read_text())))


@app.command("show")
def show(number: str = typer.Argument(..., help="Licence or registration number."),
         as_json: bool = JsonOpt) -> None:
    """A licence with its export items and Part-C inputs."""
    _show(as_json, svc.get_licence(common.core(), number))

"""``ices licence``: scheme licences quoted in Annexure D (EXP-REG-9, EXP-LIC-1)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit
from console.money import inr as _rs
from console.services.schemes import licences as svc

app = typer.Typer(no_args_is_help=True)
FileArg = typer.Argument(..., help="JSON: licence_no, kind, iec, issued_on, valid_to, "
                         "export_obligation (Rs), export_items and part_c: descriptions or "
                         "{description, quantity, uqc, value}.")



def _line(x: svc.LicenceLineView) -> str:
    out = f"  {x.sl:>3} {x.description}"
    if x.quantity is not None:
        out += f"; {x.quantity} {x.uqc}"
    if x.value is not None:
        out += f"; Rs {_rs(x.value)}"
    if x.exported_fob is not None:
        out += f"; exported {x.exported_quantity} {x.uqc}, FOB Rs {_rs(x.exported_fob)}"
    if x.debited_value:  # imports (IMP-LIC-2)
        out += (f"; imported Rs {_rs(x.debited_value)}, duty forgone Rs "
                f"{_rs(x.duty_forgone)}; balance "
                + (f"{x.balance_quantity} {x.uqc}, " if x.balance_quantity is not None else "")
                + (f"Rs {_rs(x.balance_value)}" if x.balance_value is not None else "-"))
    return out


def _text(v: svc.LicenceView) -> str:
    lines = [f"licence {v.licence_no} ({v.kind}, {v.source}) of {v.iec}, valid "
             f"{v.issued_on:%d.%m.%Y} to {v.valid_to:%d.%m.%Y}"
             + (f"; registration {v.registration_no} at {v.port_code}"
                if v.registration_no else ""),
             f"export obligation Rs {_rs(v.export_obligation)}: fulfilled Rs "
             f"{_rs(v.fulfilled)}, balance Rs {_rs(v.balance)}",
             "export items:", *map(_line, v.export_items)]
    if v.part_c:
        lines += ["Part-C inputs:", *map(_line, v.part_c)]
    lines += [f"  SB {e.sb_no} item {e.item_sl} -> export item {e.export_sl}: {e.quantity} "
              f"{e.uqc}, FOB Rs {_rs(e.fob)} ({e.state})" for e in v.exports]
    lines += [f"  {d.doc} {d.number} item {d.item_sl} -> Part-C {d.licence_sl}: "
              + (f"{d.quantity}, " if d.quantity is not None else "")
              + f"Rs {_rs(d.value)}, duty forgone Rs {_rs(d.duty_forgone)}" for d in v.imports]
    return "\n".join(lines)


def _show(as_json: bool, v: svc.LicenceView) -> None:
    emit(as_json, v, _text(v))


@act_command(app, "dgft", "LICENCE.receive")
def dgft(path: Path = FileArg, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Load a licence transmitted online by DGFT (no registration at the port)."""
    _show(as_json, svc.receive_from_dgft(common.core(), common.actor(user),
                                         json.loads(path.read_text())))


@act_command(app, "register", "LICENCE.register")
def register(path: Path = FileArg, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Designated officer: register an older licence; prints its registration number."""
    _show(as_json, svc.register_at_port(common.core(), common.actor(user),
                                        json.loads(path.read_text())))


@app.command("show")
def show(number: str = typer.Argument(..., help="Licence or registration number."),
         as_json: bool = JsonOpt) -> None:
    """A licence with its export items and Part-C inputs."""
    _show(as_json, svc.get_licence(common.core(), number))


@app.command("list")
def list_(iec: str = typer.Option("", "--iec", help="One exporter's licences."),
          as_json: bool = JsonOpt) -> None:
    """Licences on record with their export obligation, fulfilled and balance (FOB, Rs)."""
    rows = svc.list_licences(common.core(), iec or None)
    emit(as_json, rows, "\n".join(
        f"{v.licence_no:<20} {v.kind:<8} {v.iec} to {v.valid_to:%d.%m.%Y}  obligation "
        f"{_rs(v.export_obligation)} fulfilled {_rs(v.fulfilled)} balance "
        f"{_rs(v.balance)}" for v in rows) or "no licences")

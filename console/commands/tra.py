"""``ices tra``: Telegraphic Release Advices for non-ICES locations (IMP-TRA-1, IMP-TRA-2).
Thin: one service call each. Annexure D is a JSON file: ``licence_no``, ``port_of_use`` and
``items`` (each ``licence_sl``, ``quantity``, ``value`` in rupees).

Printing is ``ices print tra_checklist R<request>`` (the checklist, registration clerk) and
``ices print tra TRA_NO`` (the three copies, appraiser), in ``console/cli.py``: only that
module may import ReportLab. ``ices tra reprint-permit``: the AC/DC's permission to print
TRA copies again (EXP-PRT-4)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit
from console.services.imports import tra as svc
from console.services.imports import tra_documents

app = typer.Typer(no_args_is_help=True)
AnnexureD = typer.Argument(..., help="Annexure D as JSON: licence_no, port_of_use, items "
                           "(licence_sl, quantity, value).")


def _show(as_json: bool, v: svc.TraView) -> None:
    head = f"TRA {v.tra_no}" if v.tra_no else f"TRA request {v.id}"
    lines = [f"{head} ({v.state.replace('_', ' ')}): licence {v.licence_no} of {v.iec} for "
             f"{v.port_of_use} {v.port_of_use_name}"]
    lines += [f"  {x.sl}. Part-C {x.licence_sl} {x.description}: "
              + (f"{x.quantity} {x.uqc}, " if x.quantity is not None else "")
              + f"Rs {x.value}" for x in v.lines]
    lines += [f"  copy: {c}" for c in v.copies]
    emit(as_json, v, "\n".join(lines))


@act_command(app, "key", "TRA.key")
def key(path: Path = AnnexureD, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Registration clerk: key Annexure D (IMP-TRA-1)."""
    _show(as_json, svc.key_tra(common.core(), common.actor(user), json.loads(path.read_text())))


@act_command(app, "checklist", "TRA.checklist")
def checklist(request: int, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Registration clerk: a checklist round for the licence holder to sign."""
    _show(as_json, svc.print_checklist(common.core(), common.actor(user), request))


@act_command(app, "correct", "TRA.correct")
def correct(request: int, path: Path = AnnexureD, user: str = UserOpt,
            as_json: bool = JsonOpt) -> None:
    """Registration clerk: correct Annexure D before issue (never after, IMP-TRA-2)."""
    _show(as_json, svc.correct_tra(common.core(), common.actor(user), request,
                                   json.loads(path.read_text())))


@act_command(app, "issue", "TRA.issue")
def issue(request: int, verification: str = typer.Option(
        ..., help="What was verified from the original licence."),
          user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Appraiser: verify from the original licence; TRA number and three copies."""
    _show(as_json, svc.issue_tra(common.core(), common.actor(user), request, verification))


@act_command(app, "recredit", "TRA.recredit")
def recredit(tra_no: int, reason: str = typer.Option(..., help="Why it comes back unused."),
             user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Registration clerk: key back an unused TRA; the licence is re-credited (IMP-TRA-2)."""
    _show(as_json, svc.recredit_tra(common.core(), common.actor(user), tra_no, reason))


@app.command("show")
def show(tra_no: int, as_json: bool = JsonOpt) -> None:
    """One TRA with its lines and copies."""
    _show(as_json, svc.get_tra(common.core(), tra_no))


@app.command("list")
def list_(licence: str = typer.Argument(..., help="Licence number."),
          as_json: bool = JsonOpt) -> None:
    """The TRAs of a licence."""
    rows = svc.list_tras(common.core(), licence)
    emit(as_json, rows, "\n".join(
        f"{v.tra_no or '-':>6} {v.state:<17} {v.port_of_use} "
        f"{', '.join(f'{x.licence_sl}: Rs {x.value}' for x in v.lines)}" for v in rows)
         or "no TRAs")


@act_command(app, "reprint-permit", "TRA.reprint_permit")
def reprint_permit(tra_no: int = typer.Argument(..., help="TRA number."),
                   cause: str = typer.Option(..., "--cause",
                                             help="system_failure or misprint."),
                   cancelled: bool = typer.Option(False, "--misprint-cancelled",
                                                  help="The misprinted copy has been "
                                                  "cancelled (required for a misprint)."),
                   copy: str = typer.Option("", "--copy", help="One copy: Original, "
                                            "Duplicate or \"Office copy\" (default: all)."),
                   reason: str = typer.Option("", "--reason", help="What happened."),
                   user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: allow one reprint of TRA copies (EXP-PRT-4); the printed copies are cancelled
    in the print log and the next print (ices print tra TRA_NO) is marked REPRINT."""
    done = tra_documents.permit_tra_reprint(common.core(), common.actor(user), tra_no, cause,
                                        cancelled, copy=copy, reason=reason)
    emit(as_json, done, f"reprint of TRA {tra_no} permitted ({cause}); cancelled: "
         f"{', '.join(done.copies_cancelled)}")

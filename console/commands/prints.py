"""``ices reprint ...``: the AC/DC's permission to reprint SB copies (EXP-PRT-4).

Printing itself is ``ices print KIND REF`` (in ``console/cli.py``: only that module may
import ReportLab).
"""

from __future__ import annotations

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit
from console.services.exports import documents

reprint_app = typer.Typer(help="Reprints of Shipping Bill copies (EXP-PRT-4).",
                          no_args_is_help=True)


@act_command(reprint_app, "permit", "SB.reprint_permit")
def reprint_permit(sb_no: int = typer.Argument(..., help="Shipping Bill number."),
                   cause: str = typer.Option(..., "--cause",
                                             help="system_failure or misprint."),
                   cancelled: bool = typer.Option(False, "--misprint-cancelled",
                                                  help="The misprinted copy has been "
                                                  "cancelled (required for a misprint)."),
                   copy: str = typer.Option("", "--copy", help="One copy, e.g. "
                                            "\"Exporter's copy\" (default: the whole set)."),
                   reason: str = typer.Option("", "--reason", help="What happened."),
                   user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """AC/DC: allow one reprint; the printed copies are cancelled in the print log."""
    done = documents.permit_reprint(common.core(), common.actor(user), sb_no, cause,
                                    cancelled, copy=copy, reason=reason)
    emit(as_json, done, f"reprint of SB {sb_no} permitted ({cause}); cancelled: "
         f"{', '.join(done.copies_cancelled)}")

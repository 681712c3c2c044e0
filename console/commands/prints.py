"""``ices print KIND REF``: a document to PDF through ``printing/`` (the commands may print;
the services never import ReportLab); ``ices reprint ...``: the AC/DC's permission to
reprint SB copies (EXP-PRT-4)."""

from __future__ import annotations

from pathlib import Path

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit

reprint_app = typer.Typer(no_args_is_help=True)

# every document a person prints (documents.md): the print acts of the act tables
PRINT_ACTS = ("SB.print_checklist", "SB.print_copies", "SB.print_leo_certificate",
              "SB.print_exam_order", "SB.print_test_memo", "SB.print_query",
              "SB.print_cess_challan", "SB.print_charge_receipt", "SB.print_certificate",
              "BE.print_be_checklist", "BE.print_be", "BE.print_duty_challan",
              "TRA.print_checklist", "TRA.print_copies")


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


def register(app: typer.Typer) -> None:
    """``ices print``, declared with every print act (its help says who may print what)."""
    act_command(app, "print", *PRINT_ACTS)(print_cmd)


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
    from console.services.exports import documents

    done = documents.permit_reprint(common.core(), common.actor(user), sb_no, cause,
                                    cancelled, copy=copy, reason=reason)
    emit(as_json, done, f"reprint of SB {sb_no} permitted ({cause}); cancelled: "
         f"{', '.join(done.copies_cancelled)}")

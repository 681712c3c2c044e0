"""The SB checklist (documents.md; EXP-FIL-2/3, EXP-PRT-7): every keyed field, the item
table, the declarations (SDF, ROSL, drawback), the correction round, signature lines and,
after submission, the SB number it is endorsed with. Input: ``PrintJob`` of kind
``checklist``."""

from __future__ import annotations

from console.services.printjobs import PrintJob
from printing.base import boxed, build, fields, section, signatures, stamp, text
from printing.sb_parts import declarations, header, invoices, items, particulars


def _body(job: PrintJob) -> list:
    v = job.view
    submitted = bool(v.sb_no)
    status = [("Correction round", " - ".join((str(v.checklist_round), *job.notes))),
              ("Status", v.state_label),
              ("SB number", f"{v.sb_no} (submitted {stamp(v.submitted_at)})" if submitted
               else "allotted on submission"),
              ("Keyed by", f"{job.officer(v.created_by)} at {stamp(v.created_at)}")]
    out = [section("Checklist"), fields(status)]
    if submitted:
        out.append(text(f"Endorsed with Shipping Bill No. {v.sb_no}: this checklist is used "
                        "to bring the goods into the port. No SB copy exists until Let Export "
                        "(EXP-FIL-3)."))
    out += [*particulars(v), *invoices(v), *items(v), *declarations(v)]
    if not submitted:
        out += [section("Corrections"),
                boxed(["Corrections marked and signed here are keyed and a new checklist is "
                       "printed (EXP-FIL-2).", "Exporter / broker: mark each correction "
                       "against the field, sign it, and return the checklist."])]
    out.append(signatures(
        ["Exporter / customs broker: checked and found correct",
         "Name and ID card no. of the signatory", "Service centre operator"],
        ["", "", job.officer(job.printed_by)]))
    return out


def render(job: PrintJob) -> bytes:
    return build(header(job, banner="" if job.view.sb_no else "CHECKLIST - NOT A SHIPPING BILL",
                        number_label="SB No." if job.view.sb_no else ""),
                 _body(job))

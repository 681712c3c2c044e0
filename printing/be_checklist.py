"""The Bill of Entry checklist (documents.md; IMP-BE-2 as EXP-FIL-2): every keyed field of
Annexure C with the IGM line and bill of lading, the items, the duty as self-assessed once
submitted, the correction round, signature lines and, after submission, the BE number it
is endorsed with. Input: ``PrintJob`` of kind ``be_checklist``."""

from __future__ import annotations

from console.services.printjobs import PrintJob
from printing.base import boxed, build, fields, section, signatures, stamp, text
from printing.be_parts import (
    bond,
    duty_summary,
    facts,
    header,
    high_sea_sale,
    items,
    particulars,
)


def _body(job: PrintJob) -> list:
    v, f = job.view, facts(job)
    submitted = bool(v.be_no)
    status = [("Correction round", " - ".join((str(f.checklist_round), *job.notes))),
              ("Status", v.state.replace("_", " ")),
              ("BE number", f"{v.be_no} of {v.be_date:%d.%m.%Y} (self-assessed, IMP-BE-4)"
               if submitted else "allotted on submission (IMP-BE-3)"),
              ("Keyed by", f"{job.officer(f.keyed_by)} at {stamp(f.keyed_at)}")]
    out = [section("Checklist"), fields(status), *particulars(job), *high_sea_sale(v), *bond(job),
           *items(v, duty=submitted)]
    if submitted:
        out += duty_summary(job, "Duty as self-assessed")
    else:
        out += [text("Duty is computed on submission, at the exchange rate in force on that "
                     "date (IMP-DUT-1)."),
                section("Corrections"),
                boxed(["Corrections marked and signed here are keyed and a new checklist is "
                       "printed (IMP-BE-2).", "Importer / broker: mark each correction "
                       "against the field, sign it, and return the checklist."])]
    out.append(signatures(
        ["Importer / broker: checked and found correct",
         "Name and ID card no. of the signatory", "Service centre operator"],
        ["", "", job.officer(job.printed_by)]))
    return out


def render(job: PrintJob) -> bytes:
    submitted = bool(job.view.be_no)
    return build(header(job, banner="" if submitted else "CHECKLIST - NOT A BILL OF ENTRY",
                        number_label="BE No." if submitted else ""),
                 _body(job))

"""The Bill of Entry (documents.md; IMP-DUT-3, IMP-APR-1/2, IMP-OOC-1).

One PDF holds the copies asked for, each starting on a new page and named in the header:
the assessed copy (on assessment) and, after Out of Charge, the final BE: the importer's
and exchange-control copies. Every copy: port code, BE number and date, the particulars
and IGM line, the high-sea sale (IMP-DUT-6), duty by item and head (BCD, SWS, IGST, ADD
where levied) with the items' claims, the IGST taxable value and the IGST, the assessment,
the payment, the examination and the Out of Charge (officer and time).
Input: ``PrintJob`` of kind ``be``.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.imports.be_documents import PURPOSE
from console.services.printjobs import PrintJob
from printing.base import build, fields, section, signatures, stamp
from printing.be_parts import (
    bond,
    duty_summary,
    facts,
    header,
    high_sea_sale,
    items,
    particulars,
)


def _acts(job: PrintJob) -> list:
    v, f, who = job.view, facts(job), job.officer
    check = "first check, on the examination report (IMP-APR-2)" if v.first_check \
        else "second check, before examination (IMP-APR-1)"
    paid = (f"challan {v.challan_no}, {f.payment_mode or '-'}, at {stamp(v.paid_at)}"
            if v.paid_at else "not paid")
    registered = (f"by {who(f.registered_by)} at {stamp(f.registered_at)}"
                  if f.registered_at else "not registered")
    examined = (f"by {who(f.examined_by)} at {stamp(f.examined_at)}" if f.examined_at
                else "not examined")
    ooc = (f"given by {who(f.ooc_by)} at {stamp(f.ooc_at)} - section 47 complied with"
           if f.ooc_at else "not given")
    pairs = [("Assessed", f"by {who(f.assessed_by)} at {stamp(f.assessed_at)}; {check}"),
             ("Duty paid", paid), ("Goods registered", registered), ("Examined", examined)]
    if f.exam_report:
        pairs.append(("Examination report", f.exam_report))
    pairs.append(("Out of Charge", ooc))
    return [section("Assessment, payment, examination, Out of Charge"),
            fields(pairs, columns=1, label_w=34 * mm),
            signatures(["Appraiser (assessment)", "Examining officer",
                        "Shed Appraiser / Superintendent (Out of Charge)"],
                       [who(f.assessed_by), who(f.examined_by), who(f.ooc_by)])]


def _story(job: PrintJob) -> list:
    return [*particulars(job), *high_sea_sale(job.view), *bond(job), *items(job.view),
            *duty_summary(job, "Duty (IMP-DUT-3)"), *_acts(job)]


def render(job: PrintJob) -> bytes:
    """All copies of ``job`` in one PDF."""
    return build(header(job), _story(job),
                 [(name, PURPOSE.get(name, "")) for name in job.copies])

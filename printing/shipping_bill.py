"""The Shipping Bill printed on Let Export (documents.md; EXP-PRT-1..7).

All the copies of one print in one PDF, each starting on a new page and named in the
header: Customs, Exporter's, EP (for DGFT) and Exchange Control (for the bank) copies, and
the DEPB copy for DEPB; a provisionally assessed DEPB SB has no EP copy and NOT VALID FOR
DEPB on every page (EXP-PRT-2). Every copy: all particulars, the items with FOB, drawback,
ROSL and (DEPB) the value for credit (EXP-PRT-5/7), route and assessment, the examination
report with its three signatures (EXP-PRT-1), the Let Export Order (officer and time) and
the BRC due date (EXP-PRT-6), signed by the Appraiser / Shed Superintendent. A DEPB SB's
notes (Customs' changes, EXP-DEPB-2; the market-value note, EXP-DEPB-4; the EP copy held,
EXP-PRT-2) print in a DEPB section under the items.
Input: ``PrintJob`` of kind ``sb``.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from console.services.exports.documents import NOT_VALID_FOR_DEPB
from console.services.printjobs import PrintJob
from printing.base import (
    banner,
    build,
    day,
    fields,
    section,
    signature_rows,
    stamp,
    strong,
    text,
)
from printing.sb_parts import declarations, header, invoices, items, particulars, route

PURPOSE = {
    "Customs copy": "retained by Customs",
    "Exporter's copy": "for the exporter",
    "EP copy": "export promotion copy, for DGFT",
    "Exchange Control copy": "for the AD bank (export proceeds)",
    "DEPB copy": "for registration of the DEPB licence",
}


def _examination(job: PrintJob) -> list:
    v, who = job.view, job.officer
    g, e = v.goods, v.examination
    pairs = [("Goods registered",
              f"{g.packages_received} packages at shed {g.shed or '-'}, vehicle "
              f"{g.vehicle_no or '-'}, by {who(g.registered_by)} at {stamp(g.registered_at)}"
              if g else "-")]
    if g and g.packages_to_examine:
        pairs.append(("Packages ordered", f"{len(g.packages_to_examine)}: "
                      + ", ".join(map(str, g.packages_to_examine))))
    if e:
        outcome = e.variation_note if e.variation else "none"
        if e.variation and e.variation_outcome:
            outcome += f" - AC/DC: {e.acdc_view} ({e.variation_outcome})"
        pairs += [("Examined by", f"{who(e.examiner)} at {stamp(e.examined_at)}"),
                  ("Packages examined", e.packages_examined or "-"),
                  ("Report", e.report),
                  ("Variation", outcome)]
        if e.seal_intact is not None:
            pairs.append(("EOU seal", "intact" if e.seal_intact else "NOT intact"))
        pairs.append(("Representative", e.representative or "-"))
    else:
        pairs.append(("Examination", "not required by the route"))
    if v.samples:
        pairs.append(("Samples", "; ".join(f"memo {x.memo_no}: {x.description}"
                                           for x in v.samples)))
    return [section("Examination report"), fields(pairs, columns=1)]


def _leo(job: PrintJob) -> list:
    v, who = job.view, job.officer
    pairs = [("Let Export Order", f"given by {who(v.leo_by)} at {stamp(v.leo_at)}"),
             ("BRC due date", f"{day(v.brc_due_date)} - export proceeds to be realised by "
              "this date (EXP-PRT-6)"),
             ("Merchant overtime", "payable (examined outside office hours)" if v.mot_due
              else "not payable")]
    if v.stuffing:
        pairs.append(("Stuffing", f"container {v.stuffing.container_no or '-'} seal "
                      f"{v.stuffing.seal_no or '-'} at {stamp(v.stuffing.stuffed_at)}"))
    if v.egm:
        pairs.append(("EGM", f"{v.egm.egm_no} of {day(v.egm.egm_date)}, {v.egm.carrier_name} "
                      f"{v.egm.voyage}, sailed {day(v.egm.sailed_on)}"))
    e, g = v.goods and v.examination, v.goods
    examiner = e.examiner if e else (g.examiner if g else "")
    # one row of signatures closes every copy: the examination report's three (EXP-PRT-1)
    # and the Let Export's; kept with the Let Export so no copy ends on a lone signature
    return [KeepTogether([
        section("Let Export"), fields(pairs, columns=2),
        *signature_rows(["Appraiser (exam. report)", "Examining officer",
                         "Exporter's rep. (name, ID no.)", "Appraiser / Supdt. (seal)"],
                        [who(v.leo_by), who(examiner),
                         e.representative if e and e.representative else "", who(v.leo_by)],
                        per_row=4)])]


def _story(job: PrintJob) -> list:
    v = job.view
    out = [banner(NOT_VALID_FOR_DEPB)] if job.not_valid_for_depb else []
    out += [*particulars(v), *invoices(v), *items(v)]
    if v.is_depb and job.notes:  # beside the items they qualify (EXP-DEPB-2/4, EXP-PRT-2)
        out += [section("DEPB"), *(strong(note) for note in job.notes)]
    out += [*declarations(v), *route(v, job.officer), *_examination(job), *_leo(job)]
    if not v.is_depb:
        out += [text(note) for note in job.notes]
    return out


def render(job: PrintJob) -> bytes:
    """All copies of ``job`` in one PDF."""
    banner_text = NOT_VALID_FOR_DEPB if job.not_valid_for_depb else ""
    return build(header(job, banner=banner_text, number_label="SB No."), _story(job),
                 [(name, PURPOSE.get(name, "")) for name in job.copies])

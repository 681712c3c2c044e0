"""The test memo for samples drawn at examination, in three copies (EXP-EXM-2): the
original goes with the first sample to the testing agency, the duplicate stays with
Customs with the second sample, the triplicate goes to the exporter.
Input: ``PrintJob`` of kind ``test_memo``."""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.exports.documents import MEMO_KEEPERS
from console.services.printjobs import PrintJob
from printing.base import build, day, fields, grid, section, signatures, stamp, text
from printing.sb_parts import header


def _body(job: PrintJob) -> list:
    v, who = job.view, job.officer
    first = job.samples[0]
    items = "; ".join(f"{i.tariff_item} {i.description}" for i in v.items)
    out = [fields([("Test memo no.", job.memo_no), ("Shipping Bill", f"{v.sb_no} of "
                                                                   f"{day(v.sb_date)}"),
                   ("Testing agency", first.agency), ("Purpose", first.purpose),
                   ("Drawn by", who(first.drawn_by)), ("Drawn at", stamp(first.drawn_at)),
                   ("Goods", items), ("Packages", f"{v.packages} {v.package_kind}, marks "
                                                  f"{v.marks}")]),
           section("Samples"),
           grid(["No.", "Description", "Kept by"],
                [(n, x.description, "testing agency" if n == 1 else "Customs")
                 for n, x in enumerate(job.samples, 1)], [12 * mm, 140 * mm, 34 * mm]),
           section("For the testing agency"),
           text("Please test the sample and report: (i) the description and composition of "
                "the goods; (ii) whether they conform to the description declared; (iii) any "
                "other remark. Return this original with the test report."),
           signatures(["Examining officer", "Exporter's / broker's representative "
                       "(name and ID card no.)", "Received by the testing agency"],
                      [who(first.drawn_by), "", "date:"])]
    return out


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.samples[0].drawn_at.date(), number_label="Memo No."),
                 _body(job), [(name, MEMO_KEEPERS.get(name, "")) for name in job.copies])

"""The examination order given on goods registration (EXP-ARR-2, EXP-ASM-4): the examining
officer named by the system, the packages to examine (count and serial numbers), the
special instructions and samples ordered, and the CCRs. Input: ``PrintJob`` ``exam_order``."""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.printjobs import PrintJob
from printing.base import build, fields, grid, section, signatures, stamp, strong, text
from printing.sb_parts import header


def _body(job: PrintJob) -> list:
    v, who = job.view, job.officer
    g = v.goods
    serials = ", ".join(map(str, g.packages_to_examine))
    out = [section("Order"), fields([
        ("Examining officer", who(g.examiner)),
        ("Goods registered", f"{stamp(g.registered_at)} by {who(g.registered_by)}"),
        ("Packages received", f"{g.packages_received} {v.package_kind}"),
        ("Shed / vehicle", f"{g.shed or '-'} / {g.vehicle_no or '-'}"),
        ("Packages to examine", f"{len(g.packages_to_examine)} of {g.packages_received}"),
        ("RMS route", v.route.replace("_", " ")),
    ]), strong(f"Open and examine packages nos.: {serials or 'none'}"),
        section("Special instructions (EXP-ASM-4)"),
        text(g.instructions or v.exam_instructions or "none")]
    if v.samples_ordered:
        out.append(text(f"Samples to be drawn: {v.samples_ordered} (test memo in three "
                        "copies, EXP-EXM-2)"))
    out.append(section("Compulsory compliance requirements (CCRs)"))
    if v.ccrs:
        out.append(grid(["Code", "Requirement", "Status", "Comment"],
                        [(c.code, c.description, c.status.replace("_", " "), c.comment)
                         for c in v.ccrs], [22 * mm, 90 * mm, 24 * mm, 50 * mm]))
    else:
        out.append(text("none"))
    out += [section("Goods declared"),
            grid(["Sl", "RITC", "Description", "Quantity"],
                 [(i.sl, i.tariff_item, i.description, f"{i.quantity} {i.uqc}")
                  for i in v.items], [8 * mm, 18 * mm, 130 * mm, 30 * mm]),
            fields([("Marks & numbers", v.marks),
                    ("Gross / net weight", f"{v.gross_weight_kg} / {v.net_weight_kg} kg")]),
            text("The examination report is entered in the system by the examining officer "
                 "named above (EXP-EXM-1)."),
            signatures(["Examining officer", "Shed Appraiser"], [who(g.examiner), ""])]
    return out


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.view.goods.registered_at.date(), number_label="SB No."),
                 _body(job))

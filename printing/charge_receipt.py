"""The service-centre charge receipt (charges.md): one line per charge, and the total.
Input: ``PrintJob`` of kind ``charge_receipt``."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm

from console.services.printjobs import PrintJob
from printing.base import WIDTH, amount, build, day, fields, grid, in_words, signatures, text
from printing.sb_parts import header


def _body(job: PrintJob) -> list:
    v = job.view
    total = sum((x.amount for x in job.charges), Decimal(0))
    rows = [(n, x.item, amount(x.amount)) for n, x in enumerate(job.charges, 1)]
    rows.append(("", "Total", amount(total)))
    return [
        fields([("Shipping Bill", f"{v.sb_no} of {day(v.sb_date)}"), ("Job no.", v.job_no),
                ("Items", len(v.items)), ("Checklist rounds", v.checklist_round)]),
        grid(["No.", "Charge", "Rs."], rows, [12 * mm, WIDTH - 42 * mm, 30 * mm],
             numeric=(2,), total=True),
        text(f"Received {in_words(total)}."),
        text("Tariff of the location in force on the SB date (service tax, where due, "
             "extra)."),
        signatures(["Service centre operator"], [job.officer(job.printed_by)]),
    ]


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.printed_at.date(), number_label="Receipt for SB"),
                 _body(job))

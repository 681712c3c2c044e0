"""The export cess challan (EXP-CES-1): cess by item from the 8-digit tariff schedule, the
total in figures and words, for deposit at the designated bank.
Input: ``PrintJob`` of kind ``cess_challan``."""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.printjobs import PrintJob
from printing.base import (
    amount,
    build,
    day,
    fc,
    fields,
    grid,
    in_words,
    rs,
    section,
    signatures,
    stamp,
    strong,
    text,
)
from printing.sb_parts import header


def _body(job: PrintJob) -> list:
    v = job.view
    rates = dict(job.cess_rates)
    rows = [(i.sl, i.tariff_item, i.description, amount(i.fob_inr),
             f"{fc(rates.get(i.sl))}%", amount(i.cess)) for i in v.items]
    rows.append(("", "", "Total", amount(v.fob_inr), "", amount(v.cess)))
    paid = f"PAID on {stamp(v.cess_paid_at)}" if v.cess_paid_at else "UNPAID"
    return [
        fields([("Challan no.", v.cess_challan_no), ("Shipping Bill", f"{v.sb_no} of "
                                                                      f"{day(v.sb_date)}"),
                ("Exporter", f"IEC {v.iec} {v.exporter_name}"), ("Status", paid),
                ("Head of account", "Export cess (Customs)"),
                ("Deposit at", f"the bank designated for customs receipts at "
                               f"{v.location_name}")]),
        section("Cess by item (rates of the tariff schedule)"),
        grid(["Sl", "RITC", "Description", "FOB (Rs.)", "Cess rate", "Cess (Rs.)"], rows,
             [8 * mm, 18 * mm, 88 * mm, 28 * mm, 16 * mm, 28 * mm], numeric=(3, 4, 5),
             total=True),
        strong(f"Amount payable: {rs(v.cess)}"),
        text(in_words(v.cess)),
        text("Let Export is given only after the cess is paid (EXP-LEO-3)."),
        signatures(["Depositor (name and signature)", "Bank: received (cashier, seal, date)",
                    "Customs: checked"], ["", "", ""]),
    ]


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.printed_at.date(), number_label="Challan No."),
                 _body(job))

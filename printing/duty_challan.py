"""The import duty challan (documents.md; IMP-PAY-1): the duty heads as assessed, the late
filing charge where levied (IMP-BE-6), the amount in figures and words, and the note that
an amount above the IMP-PAY-1 threshold (in force on the BE date) must be paid online.
After an amendment of a paid BE the differential duty challan: the duty as re-assessed,
what was paid, the difference due (IMP-AMD-1). The challan number is allotted on payment;
before it the challan bears the BE number. Input: ``PrintJob`` of kind ``duty_challan``."""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.printjobs import PrintJob
from printing.base import (
    amount,
    build,
    day,
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
from printing.be_parts import facts, header


def _body(job: PrintJob) -> list:
    v, f = job.view, facts(job)
    paid = (f"PAID on {stamp(v.paid_at)} ({f.payment_mode})" if v.paid_at else "UNPAID")
    rows = [("Basic customs duty (BCD)", f"assessable value {rs(v.assessable)}",
             amount(v.bcd)),
            ("Social welfare surcharge (SWS)", "on BCD", amount(v.sws)),
            *([("Anti-dumping duty (ADD)", "IMP-DUT-5", amount(v.add))] if v.add else []),
            ("Integrated tax (IGST)", f"IGST taxable value {rs(v.igst_taxable)}",
             amount(v.igst))]
    if v.late_charge:
        rows.append(("Late filing charge (IMP-BE-6)", "", amount(v.late_charge)))
    rows.append(("Total", "", amount(f.payable)))
    due = v.amount_due
    out = [
        fields([("Challan no.", v.challan_no if v.paid_at else "allotted on payment"),
                ("Bill of Entry", f"{v.be_no} of {day(v.be_date)}"),
                ("Importer", f"IEC {v.iec} {f.importer_name}"), ("Status", paid),
                ("Port", f"{v.location_code} {f.location_name}"),
                ("Head of account", "Customs duty (imports)")]),
        section("Duty by head"),
        grid(["Head", "On", "Amount (Rs.)"], rows, [70 * mm, 80 * mm, 36 * mm],
             numeric=(2,), total=True),
    ]
    if v.paid_at:
        out += [strong(f"Paid: {rs(v.duty_paid)}"), text(in_words(v.duty_paid))]
    else:
        if v.duty_paid:
            out += [text(f"Paid before the amendment: {rs(v.duty_paid)}. The BE was amended "
                         "and re-assessed: the difference is due (IMP-AMD-1)."),
                    strong(f"Differential duty payable: {rs(due)}")]
        else:
            out.append(strong(f"Amount payable: {rs(due)}"))
        out.append(text(in_words(due)))
        if f.online_above is not None and due > f.online_above:
            out.append(strong(f"Above {rs(f.online_above)} the duty must be paid online "
                              "(e-payment) (IMP-PAY-1)."))
        elif f.online_above is not None:
            out.append(text(f"Up to {rs(f.online_above)} the duty may be paid online or in "
                            "cash at the designated bank (IMP-PAY-1)."))
    out += [text("The duty is paid before the goods are presented for examination and "
                 "delivery (IMP-PAY-1)."),
            signatures(["Depositor (name and signature)",
                        "Bank: received (cashier, seal, date)", "Customs: checked"],
                       ["", "", ""])]
    return out


def render(job: PrintJob) -> bytes:
    label = "Challan No." if job.view.paid_at else "BE No."
    return build(header(job, number_label=label), _body(job))

"""Certificate that Let Export was given in the system, issued when an SB is lost: a lost
SB is never printed again (EXP-PRT-3). Input: ``PrintJob`` of kind ``leo_certificate``."""

from __future__ import annotations

from console.services.printjobs import PrintJob
from printing.base import build, day, fields, rs, section, signatures, stamp, text
from printing.sb_parts import header


def _body(job: PrintJob) -> list:
    v, who = job.view, job.officer
    items = "; ".join(f"{i.description} ({i.quantity} {i.uqc})" for i in v.items)
    pairs = [("Shipping Bill", f"{v.sb_no} of {day(v.sb_date)}"),
             ("Exporter", f"IEC {v.iec} {v.exporter_name}"),
             ("Customs broker", f"{v.broker_code} {v.broker_name}".strip() or "-"),
             ("Goods", items), ("Packages", f"{v.packages} {v.package_kind}, marks {v.marks}"),
             ("FOB value", rs(v.fob_inr)),
             ("Destination", f"{v.country_name} ({v.port_of_destination})"),
             ("Let Export Order", f"{stamp(v.leo_at)} by {who(v.leo_by)}"),
             ("BRC due date", day(v.brc_due_date)),
             ("Present state", v.state_label)]
    if v.egm:
        pairs.append(("EGM", f"{v.egm.egm_no} of {day(v.egm.egm_date)}"))
    return [
        text(f"Certified that Let Export Order for Shipping Bill No. {v.sb_no} dated "
             f"{day(v.sb_date)} was given in the Indian Customs EDI System at "
             f"{v.location_code} {v.location_name} on {stamp(v.leo_at)} by "
             f"{who(v.leo_by)}, for the goods described below."),
        section("Particulars as recorded in the system"), fields(pairs, columns=1),
        section("Loss reported"), text(job.reason),
        text("The Shipping Bill reported lost is not printed again (EXP-PRT-3); this "
             "certificate is issued in its place."),
        signatures(["Issued by (signature and seal)"],
                   [f"{job.officer(job.printed_by)}, {stamp(job.printed_at)}"]),
    ]


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.printed_at.date(), number_label="Certificate No."),
                 _body(job))

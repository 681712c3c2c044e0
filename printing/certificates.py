"""Short-shipment, shut-out, cancellation and back-to-town certificates (EXP-CAN-1).

Input: a ``PrintJob`` of kind ``certificate`` (its ``certificate`` is the permitted
request's ``CertificateView``); drawn in the common frame of ``printing.base``.
"""

from __future__ import annotations

from console.services.printjobs import PrintJob
from printing.base import build, day, fields, rs, section, signatures, stamp, text
from printing.sb_parts import header

BODY = {
    "cancellation": "The above Shipping Bill stands CANCELLED in the system on the "
                    "exporter's application.",
    "shut_out": "The goods covered by the above Shipping Bill were SHUT OUT and not "
                "shipped.",
    "back_to_town": "The goods covered by the above Shipping Bill were permitted to be "
                    "taken BACK TO TOWN.",
    "short_shipment": "The goods covered by the above Shipping Bill were SHORT SHIPPED; the "
                      "Shipping Bill has been modified in the system to the goods shipped.",
}


def _body(job: PrintJob) -> list:
    c, v = job.certificate, job.view
    assert c is not None, "a certificate job carries its certificate"
    return [
        section("Particulars"),
        fields([("Certificate no.", c.certificate_no), ("Issued", stamp(c.issued_at)),
                ("Shipping Bill", f"{c.sb_no} of {day(c.sb_date)}"),
                ("Exporter", f"IEC {c.iec} {c.exporter_name}"),
                ("Customs broker", c.broker_code or "-"),
                ("Packages", f"{c.packages} {c.package_kind}, marks {v.marks}"),
                ("FOB value", rs(c.fob_inr)), ("Requested by", job.officer(c.requested_by)),
                ("Exporter's application", c.reason),
                ("Goods as checked", c.status_check)], columns=1),
        text(BODY[c.kind]),
        signatures(["Assistant / Deputy Commissioner of Customs"],
                   [job.officer(c.permitted_by)]),
    ]


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.certificate.issued_at.date(),
                        number_label="Certificate No."), _body(job))

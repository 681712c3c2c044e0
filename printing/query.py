"""A query on a Shipping Bill, printed once the AC/DC has approved it (EXP-QRY-1): the
points, the officer who raised it and the AC/DC who approved it, and the service centre's
reply once keyed. Input: ``PrintJob`` of kind ``query``."""

from __future__ import annotations

from reportlab.lib.units import mm

from console.services.printjobs import PrintJob
from printing.base import (
    WIDTH,
    build,
    day,
    fields,
    grid,
    rs,
    section,
    signatures,
    spacer,
    stamp,
    text,
)
from printing.sb_parts import header

STATE = {"approved": "in force: awaiting the exporter's reply",
         "replied": "reply keyed: with the AC/DC", "closed": "closed: reply accepted"}


def _body(job: PrintJob) -> list:
    v, q, who = job.view, job.query, job.officer
    out = [fields([("Shipping Bill", f"{v.sb_no} of {day(v.sb_date)}"),
                   ("Query no.", q.sl),
                   ("Raised by", f"{who(q.raised_by)} at {stamp(q.raised_at)}"),
                   ("Approved by", f"{who(q.approved_by)} (AC/DC) at {stamp(q.approved_at)}"),
                   ("Status", STATE.get(q.state, q.state)),
                   ("FOB value", rs(v.fob_inr))]),
           section("Points of the query"),
           grid(["No.", "Point"], [(n, point) for n, point in enumerate(q.points, 1)],
                [12 * mm, WIDTH - 12 * mm]), spacer(),
           text("Reply all points together at the service centre. The Shipping Bill remains "
                "pending and is not printed until the reply satisfies the AC/DC (EXP-QRY-1).")]
    out.append(section("Reply (keyed at the service centre)"))
    if q.reply:
        out += [fields([("Keyed by", f"{who(q.replied_by)} at {stamp(q.replied_at)}")],
                       columns=1), text(q.reply)]
    else:
        out.append(text("not yet received"))
    if q.closed_by:
        out.append(fields([("Closed by", f"{who(q.closed_by)} at {stamp(q.closed_at)}")],
                          columns=1))
    out.append(signatures(["Appraiser / Superintendent", "Assistant / Deputy Commissioner"],
                          [who(q.raised_by), who(q.approved_by)]))
    return out


def render(job: PrintJob) -> bytes:
    return build(header(job, on=job.query.approved_at, number_label="Query No."),
                 _body(job))

"""Any SB or BE written out in its message format (EDI-7): ``ices edi export sb|be NUMBER``.

The declaration is the dict the counter files it from (``amendments.amendment_form`` for an
SB, ``be_amendments.amendment_form`` for a BE: as it stands now, amendments included), put
into a CACHE01 or CACHI01 message by ``console.edi.messages``; reading the file back
(``messages.read_filing``) gives the same declaration. The message is addressed from the
document's filer (its ``edi_sender``, or the custom house for one keyed at the counter) to
the custom house, carrying the document's number and date, so it reads as the filing of that
document.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

import db.tables as t
from console.acts.edi import MessageResult
from console.core import Core
from console.edi import codec, messages
from console.errors import InvalidInput
from console.services.exports import amendments
from console.services.imports import be_amendments

KINDS = ("sb", "be")


@dataclass(frozen=True)
class Export:
    kind: str  # SB or BE
    number: int
    file_name: str
    data: bytes


def export_document(core: Core, kind: str, number: int) -> Export:
    """The SB or BE ``number`` as its message (EDI-7)."""
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise InvalidInput("kind", f"{kind!r}: sb or be", "EDI-7")
    if kind == "sb":
        view, data = amendments.amendment_form(core, number)
        doc_date, job_no = view.sb_date, view.job_no
        build = messages.sb_message
    else:
        view, data = be_amendments.amendment_form(core, number)
        doc_date, job_no = view.be_date, view.job_no
        build = messages.be_message
    with core.db.read() as s:
        table = t.ShippingBill if kind == "sb" else t.BillOfEntry
        column = table.sb_no if kind == "sb" else table.be_no
        sender = s.exec(select(table.edi_sender).where(column == number)).one()
        m = t.EdiMessage
        first = s.exec(select(m).where(m.doc_kind == kind.upper(), m.doc_no == number,
                                       m.result == MessageResult.OK, m.filing_type == "F")
                       .order_by(m.id)).first()
    if first is not None:  # filed through ICEGATE: its filer's job number and date
        job_no, job_date = first.job_no, first.job_date
    else:
        job_date = doc_date
    location = view.location_code
    number_kw = {"sb_no": number, "sb_date": doc_date} if kind == "sb" else \
        {"be_no": number, "be_date": doc_date}
    msg = build(data, sender=sender or location, receiver=location, custom_house=location,
                job_no=job_no, job_date=job_date, control_no=str(number), at=core.now(),
                **number_kw)
    name = f"{job_no}{job_date.year}.{kind}" if job_date else f"{number}.{kind}"
    return Export(kind.upper(), number, name, codec.encode(msg))

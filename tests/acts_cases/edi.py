"""The remote-filing acts (edi.md, roles.md): the registry of ICEGATE filers (EDI-2) and a
message's reply sent again (EDI-4)."""

from __future__ import annotations

from itertools import count

import db.tables as t
from console.services.edi import filers, mailbox
from tests.acts_cases.base import HOME, Subject

IEC = "AAPCA1234F"  # a demo exporter
_n = count(1)


def subjects(core, a) -> list[Subject]:
    """A trader registered as an ICEGATE filer, and a message received at home."""
    filers.add_filer(core, a["sys1"], "ACTSFILER", "trader", IEC)
    with core.db.write() as s:
        m = t.EdiMessage(received_at=core.now(), file_name="12026.sb", sha256="0" * 64,
                         sender="ACTSFILER", message="CACHE01", kind="SB", filing_type="F",
                         custom_house=HOME, location_code=HOME, result="ok",
                         reply_name="12026.ack", reply=b"HREC")
        s.add(m)
        s.flush()
        message_id = m.id
    return [Subject("FILER", "ACTSFILER"), Subject("EDI", message_id)]


CALLS = {
    "FILER.add": lambda core, actor, ref: filers.add_filer(
        core, actor, f"NEWFILER{next(_n)}", "trader", IEC),
    "FILER.disable": lambda core, actor, ref: filers.disable_filer(core, actor, ref,
                                                                   "licence suspended"),
    "EDI.resend": lambda core, actor, ref: mailbox.resend(core, actor, ref),
}

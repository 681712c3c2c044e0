"""The Telegraphic Release Advice and its checklist (documents.md; IMP-TRA-1, IMP-TRA-2).

``tra_checklist``: Annexure D as keyed by the registration clerk, for the licence holder to
check and sign before the appraiser verifies it against the original licence: the licence,
the non-ICES port of use and, per Part-C line, what the licence gives, what is left of it
now and the quantity and value to be released; the correction round, a box for
corrections, signature lines. It is not a TRA: it has no TRA number and says so.

``tra``: on issue, the system gives the TRA number and three copies (IMP-TRA-1), one PDF
holding the copies asked for, each starting on a new page and named in the header.

Decision on the three copies (the spec says "3" and that "the signed checklist and office
copy stay with the Appraiser"; the names come from ``console.services.imports.tra.COPIES``):

- **Original**, for the Customs at the port of use: the TRA is for a location that does
  not run ICES, so the release has to reach it on paper; the original is the one that
  authorises clearance there, and carries a box for that port's endorsement (the Bills of
  Entry cleared against it, or "not used", which is what lets an unused TRA be keyed back
  to re-credit the licence, IMP-TRA-2);
- **Duplicate**, for the licence holder, who presents it with the goods;
- **Office copy**, kept by the appraiser with the signed checklist.

Every copy: the licence (number, scheme, holder, dates, how it is registered), the port
of use, the quantity and value released per Part-C line with the total in words, who keyed,
verified and issued it and what was verified, and the IMP-TRA-2 note that it is never
amended. The licence's balance is printed on the checklist only: after issue it moves with
later debits, and a TRA reprinted later must say what it said the first time.

Built only from the ``PrintJob`` of ``console.services.exports.documents`` (``TraView`` and
``TraFacts`` from ``console.services.imports.tra``), never from database rows.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph

from console.services.imports.tra import TraFacts, TraView
from console.services.imports.tra_documents import TRA_PURPOSE
from console.services.printjobs import PrintJob
from printing.base import (
    HEAD,
    Header,
    amount,
    boxed,
    build,
    day,
    esc,
    fc,
    fields,
    grid,
    in_words,
    rs,
    section,
    signatures,
    spacer,
    stamp,
    strong,
    text,
)

CHECKLIST_BANNER = "CHECKLIST - NOT A TRA"
# the lines' heading: kept with the first rows, not with the whole of a long table (which
# would leave the rest of the page empty), as ``be_parts._lead``
_LEAD = ParagraphStyle("tra_lead", parent=HEAD, keepWithNext=0)


def _facts(job: PrintJob) -> TraFacts:
    assert job.tra is not None, f"{job.kind}: a TRA print job carries its facts"
    return job.tra


def _header(job: PrintJob) -> Header:
    v: TraView = job.view
    f = _facts(job)
    checklist = job.kind == "tra_checklist"
    return Header(job.title, v.location_code, f.location_name, job.number,
                  f.keyed_at.date() if checklist else v.tra_date, v.iec, v.holder_name, "",
                  banner=CHECKLIST_BANNER if checklist else "", reprint=job.reprint,
                  printed=f"printed {stamp(job.printed_at)} by {job.printed_by}",
                  number_label="Request No." if checklist else "TRA No.",
                  parties=(f"Licence holder: IEC {v.iec}  {v.holder_name}",
                           f"Port of use: {v.port_of_use}  {v.port_of_use_name} "
                           "(non-ICES location)"))


def _licence(job: PrintJob) -> list:
    v: TraView = job.view
    f = _facts(job)
    registered = ("online from DGFT" if f.licence_source == "dgft" else
                  f"at {f.licence_port}, registration no. {f.registration_no or '-'}")
    return [section("Licence"), fields([
        ("Licence no.", v.licence_no), ("Scheme", v.licence_kind.upper()),
        ("Licence holder", f"IEC {v.iec} {v.holder_name}"), ("Registered", registered),
        ("Issued on", day(f.licence_issued_on)), ("Valid to", day(f.licence_valid_to)),
    ]), section("Release"), fields([
        ("Port of use", f"{v.port_of_use} {v.port_of_use_name}"),
        ("ICES", "the port of use does not run ICES (IMP-TRA-1)"),
        ("Issuing location", f"{v.location_code} {f.location_name}"),
        ("TRA no. / date", f"{v.tra_no} / {day(v.tra_date)}" if v.tra_no
         else "given on issue (IMP-TRA-1)"),
    ])]


def _qty(quantity: Decimal | None, uqc: str) -> str:
    return "-" if quantity is None else f"{fc(quantity)} {uqc}"


def _gives(quantity: Decimal | None, uqc: str, value: Decimal | None) -> str:
    return "; ".join(x for x in (_qty(quantity, uqc) if quantity is not None else "",
                                 rs(value) if value is not None else "") if x) or "-"


def _released(job: PrintJob) -> list:
    """Per Part-C line: what the licence gives, (checklist) what is left of it now, and the
    quantity and value released; the total value in figures and words."""
    v: TraView = job.view
    part_c = {x.sl: x for x in _facts(job).part_c}
    checklist = job.kind == "tra_checklist"
    head = ["Sl", "Part-C", "Description", "Licence gives",
            *(["Balance now (before this TRA)"] if checklist else []),
            "Quantity released", "Value released (Rs.)"]
    widths = ([8, 13, 50, 38, 38, 19, 20] if checklist else [8, 13, 76, 40, 24, 25])
    rows = []
    for x in v.lines:
        c = part_c.get(x.licence_sl)
        rows.append((x.sl, x.licence_sl, x.description,
                     _gives(c.quantity, x.uqc, c.value) if c else "-",
                     *([_gives(c.balance_quantity, x.uqc, c.balance_value) if c else "-"]
                       if checklist else []),
                     _qty(x.quantity, x.uqc), amount(x.value)))
    total = sum((x.value for x in v.lines), Decimal(0))
    n = len(v.lines)
    rows.append(("", "", f"Total ({n} line{'' if n == 1 else 's'})", "",
                 *([""] if checklist else []), "", amount(total)))
    out = [CondPageBreak(30 * mm), Paragraph(esc("Quantity and value released"), _LEAD),
           grid(head, rows, [w * mm for w in widths], numeric=(len(head) - 2, len(head) - 1),
                total=True),
           strong(f"Value released: {rs(total)}"), text(in_words(total))]
    if checklist:
        out.append(text("Balance now: what is left of the licence's Part-C line, every "
                        "submitted Bill of Entry and issued TRA counted (IMP-LIC-2); the "
                        "balance is checked again when the TRA is issued."))
    return out


def _checklist(job: PrintJob) -> list:
    v: TraView = job.view
    f = _facts(job)
    status = [("Correction round", " - ".join((str(v.checklist_round), *job.notes))),
              ("Status", v.state.replace("_", " ")),
              ("Keyed by", job.officer(v.keyed_by)), ("Keyed at", stamp(f.keyed_at))]
    return [section("Checklist (Annexure D)"), fields(status), *_licence(job),
            *_released(job),
            section("Corrections"),
            boxed(["Corrections marked and signed here are keyed by the registration clerk "
                   "and a new checklist is printed (IMP-TRA-1).",
                   "Licence holder: mark each correction against the line, sign it, and "
                   "return the checklist."]),
            spacer(),
            text("The appraiser verifies these particulars from the original licence; the "
                 "system then gives the TRA number and three copies: the original for the "
                 "Customs at the port of use, the duplicate for the licence holder, the "
                 "office copy kept by the appraiser with this checklist, signed."),
            signatures(["Licence holder: checked and found correct",
                        "Name and ID card no. of the signatory", "Registration clerk"],
                       ["", "", job.officer(job.printed_by)])]


def _tra(job: PrintJob) -> list:
    v: TraView = job.view
    f = _facts(job)
    who = job.officer
    issue = [("Annexure D keyed", f"by {who(v.keyed_by)} at {stamp(f.keyed_at)}"),
             ("Checklist", f"round {v.checklist_round}, signed by the licence holder"),
             ("Verified and issued", f"by {who(v.verified_by)} at {stamp(v.verified_at)}"),
             ("Verified", v.verification)]
    return [*_licence(job), *_released(job),
            section("Issue (IMP-TRA-1)"), fields(issue, columns=1, label_w=34 * mm),
            spacer(),
            text(f"Released for imports at {v.port_of_use} {v.port_of_use_name} only. This "
                 "TRA is never amended (IMP-TRA-2): a further quantity or value needs a fresh "
                 "TRA. A TRA not used comes back endorsed by the Customs at the port of use "
                 "and is keyed back to re-credit the licence."),
            spacer(),
            boxed(["Customs at the port of use: endorsement",
                   "Bill(s) of Entry no. and date, quantity and value cleared against this "
                   "TRA, or \"not used\"; signature, name and seal."], height=20 * mm),
            signatures(["Appraiser: verified and issued (signature and seal)",
                        "Licence holder: received"], [who(v.verified_by), ""])]


def render(job: PrintJob) -> bytes:
    """The checklist (``tra_checklist``) or the copies of the TRA asked for (``tra``)."""
    if job.kind == "tra_checklist":
        return build(_header(job), _checklist(job))
    return build(_header(job), _tra(job),
                 [(name, TRA_PURPOSE.get(name, "")) for name in job.copies])

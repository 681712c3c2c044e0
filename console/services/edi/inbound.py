"""Messages in (edi.md EDI-1..5; roles.md): one message received through ICEGATE becomes
the counter's own acts, taken on the filer's behalf, and one reply.

``receive(core, name, data)``:

1. the bytes are decoded whole (``console.edi.codec``) and read as a filing
   (``console.edi.messages``); a damaged file is refused with the codec's error code;
2. the sender must be a registered, active ICEGATE filer (EDI-2, ``FILER.file``), entitled
   to what it sends (a broker or an importer/exporter files SB, BE and query replies, an
   importer/exporter only its own; a carrier files IGM and EGM, its own), at a custom house
   this console serves;
3. the same filing again (sender, message, job number, job date, type) is answered with the
   first one's reply and changes nothing (EDI-4);
4. the filing is taken by the counter's service functions, acting as the filer
   (``filers.edi_actor``): a fresh SB or BE is keyed and submitted at once, taking its
   number, with no checklist round (EDI-3, ``SB.submit_remote``, ``BE.submit_remote``);
   an amendment is the counter's amendment request (EDI-5); a reply to a query is keyed as
   the service centre keys one; an IGM or EGM is filed as the carrier files it;
5. all of it is one unit of work with the log entry and the ``.ack``: any refusal rolls it
   all back and the message gets a ``.nak`` naming the error code and the segment
   (EDI-1); the ``.nak`` and the log entry are then written alone.

The sender is on the document (``edi_sender``) and on every audit record of what it did
(the acting party ``ICEGATE:<id>``; the submission's record names the message too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, select

import db.tables as t
from console.acts.be import BE, B
from console.acts.edi import EDI, ENTITLED, FILER, FilerKind, MessageResult, load_filer
from console.acts.sb import SB
from console.core import Core
from console.edi import codec, messages
from console.edi.errors import code_for, code_of
from console.errors import IcesError, InvalidInput, NotFound, NotPermitted, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor, system_actor
from console.rules.params import parameter
from console.services.edi.filers import edi_actor
from console.services.exports import amendments, filing, queries
from console.services.exports import egm as egms
from console.services.exports.routing import route_sb
from console.services.imports import be_amendments, be_clearance, be_duty, bills_of_entry, manifests
from console.services.imports.bills_of_entry import late_charge
from db import refcache
from db.engine import new_row
from db.sequences import next_number

M = MessageResult
REPLY_SERIES = "EDI"  # control numbers of the replies and notices sent
# the accepted filings, written out so that the partial unique index on them is used
ACCEPTED = text(f"edimessage.result = '{MessageResult.OK.value}'")


@dataclass(frozen=True)
class Reply:
    """What became of one message: the log entry, and the reply to send."""

    message_id: int
    result: str  # ok, nak, dup (MessageResult)
    accepted: bool  # the filing stands (an ok, or a copy of one)
    name: str  # the reply's file name
    data: bytes  # the reply's bytes (.ack or .nak)
    errors: tuple[tuple[str, str], ...] = ()  # (code, segment) of a refusal
    detail: str = ""
    sender: str = ""
    kind: str = ""  # SB, BE, IGM, EGM, RPL
    doc_kind: str = ""
    doc_no: int | None = None
    doc_date: date | None = None


@dataclass
class _Done:
    """What a filing made or acted on, for the .ack and the log."""

    doc_kind: str
    doc_no: int | None
    doc_date: date | None
    group: str = ""
    note: str = ""
    amendment_no: int | None = None  # the amendment request an amendment made
    amendment_date: date | None = None


@dataclass
class _Refused(Exception):
    """A refusal before the counter's services: its error code and segment."""

    code: str
    segment: str
    detail: str
    errors: list[tuple[str, str]] = field(default_factory=list)


# ---- where a refusal is ----


def segment_of(kind: str, err: Exception) -> str:
    """The segment a service refusal is about: the one carrying the field it names."""
    return messages.segment_for(kind, getattr(err, "field", "") or "")


def body_digest(data: bytes) -> str:
    """The SHA-256 of a message's records, its envelope (the HREC and TREC lines) left out:
    the same filing sent again under a new control number or time digests the same."""
    lines = data.replace(b"\r\n", b"\n").rstrip(b"\n").split(b"\n")
    body = [x for x in lines if not x.startswith((b"HREC", b"TREC"))]
    return hashlib.sha256(b"\n".join(body)).hexdigest()


# ---- receiving ----


def receive(core: Core, name: str, data: bytes) -> Reply:
    """One message in, one reply out (see the module docstring). Never raises for what a
    filer sent; a fault of the console itself (the database gone) is raised, the message
    left unprocessed."""
    sha = hashlib.sha256(data).hexdigest()
    EDI.check(system_actor(""), "receive")
    try:
        msg = codec.decode(data)
        f = messages.read_filing(msg)
    except codec.EdiError as err:  # the file itself: the same bytes are refused the same way
        return _unreadable(core, name, data, sha, err)
    try:
        with core.db.unit() as s:
            copy = _first_copy(s, msg, f, body_digest(data))
            if copy is not None:
                return _duplicate(s, core, name, data, sha, msg, f, copy)
            filer, actor = _sender(s, msg, f)
            handler = HANDLERS.get((f.kind, f.type))
            if handler is None:
                raise _Refused(code_for(RuleViolation("EDI-1", "")), _first_segment(msg),
                               f"{f.kind} of type {f.type} is not taken here")
            done = handler(core, filer, actor, f, msg, name)
            return _log_ok(s, core, name, data, sha, msg, f, done)
    except _Refused as err:
        return _nak(core, name, data, sha, msg.envelope, f,
                    err.errors or [(err.code, err.segment)], err.detail)
    except (IcesError, codec.EdiError) as err:
        return _nak(core, name, data, sha, msg.envelope, f,
                    [(code_for(err), getattr(err, "segment", "") or segment_of(f.kind, err))],
                    str(err))
    except ValueError as err:  # a code the registries' format checks refuse
        refusal = InvalidInput("declaration", str(err))
        return _nak(core, name, data, sha, msg.envelope, f, [(code_for(refusal), "")],
                    str(refusal))


def _sender(s: Session, msg: codec.Message, f: messages.Filing) -> tuple[t.EdiFiler, Actor]:
    """The registered, active filer entitled to send this, at a custom house served."""
    sender = msg.envelope.sender
    try:
        filer = load_filer(s, sender)
    except NotFound:
        raise _Refused(code_of("unknown_sender"), "HREC",
                       f"{sender} is not a registered ICEGATE filer (EDI-2)") from None
    refusal = FILER.refusal(system_actor(""), "file", filer)
    if refusal is not None:
        raise _Refused(code_of("filer_disabled"), "HREC", str(refusal))
    if f.kind not in ENTITLED.get(filer.kind, ()):
        raise _Refused(code_of("not_entitled"), "HREC",
                       f"{sender} is a {filer.kind}: it may not file {f.kind} (EDI-2)")
    if f.custom_house not in served(s):
        raise _Refused(code_of("other_custom_house"), _first_segment(msg),
                       f"custom house {f.custom_house} is not served here")
    return filer, edi_actor(filer, f.custom_house)


def served(s: Session) -> frozenset[str]:
    """The custom houses this console serves: where its officers are posted."""
    return frozenset(s.exec(select(t.Officer.location_code).where(
        t.Officer.disabled == False).distinct()))  # noqa: E712


def _first_segment(msg: codec.Message) -> str:
    return next(iter(msg.records), "")


# ---- EDI-4: the same filing twice ----


def _first_copy(s: Session, msg: codec.Message, f: messages.Filing, body: str
                ) -> t.EdiMessage | None:
    """The message this one repeats (EDI-4): the accepted filing with the same sender,
    message, job number, job date and type, when it carries the same records (the same job
    number reused for other content is refused, ``duplicate``)."""
    m = t.EdiMessage
    first = s.exec(select(m).where(
        ACCEPTED, m.sender == msg.envelope.sender, m.message == msg.envelope.message,
        m.job_no == f.job_no, m.job_date == f.job_date, m.filing_type == f.type)).first()
    if first is not None:
        if first.body_sha256 != body:
            raise _Refused(code_of("duplicate"), _first_segment(msg),
                           f"job {f.job_no} of {f.job_date:%d.%m.%Y} was filed before as "
                           f"message {first.id} ({first.file_name}) with other content: a new "
                           "filing takes a new job number (EDI-4)")
        return first
    return None


def _unreadable(core: Core, name: str, data: bytes, sha: str, err: codec.EdiError) -> Reply:
    """A file that cannot be read as a filing gets a .nak with the codec's code; the very
    same bytes sent again get that .nak again (EDI-4), logged as a copy. (A filing the
    counter refused is taken afresh when sent again: what refused it may have changed.)"""
    m = t.EdiMessage
    with core.db.write() as s:
        first = s.exec(select(m).where(m.sha256 == sha, m.result == M.NAK, m.kind == "")
                       .order_by(m.id)).first()
        if first is not None:
            row = _row(core, name, data, sha, err.envelope, None, result=M.DUP,
                       duplicate_of=first.id, errors=first.errors,
                       detail=f"the same file as message {first.id} ({first.file_name}): "
                       "refused again (EDI-4)",
                       reply_name=reply_name(name, messages.NAK_SUFFIX), reply=first.reply)
            _received(s, core, row)
            return _reply(row, accepted=False)
    return _nak(core, name, data, sha, err.envelope, None, [(err.code, err.segment)],
                str(err))


def _duplicate(s: Session, core: Core, name: str, data: bytes, sha: str, msg: codec.Message,
               f: messages.Filing, first: t.EdiMessage) -> Reply:
    row = _row(core, name, data, sha, msg.envelope, f, result=M.DUP, duplicate_of=first.id,
               errors=first.errors, detail=f"the same filing as message {first.id} "
               f"({first.file_name}): answered again, processed once (EDI-4)",
               reply_name=reply_name(name, "." + first.reply_name.rsplit(".", 1)[-1]),
               reply=first.reply, doc_kind=first.doc_kind,
               doc_no=first.doc_no, doc_date=first.doc_date,
               location_code=first.location_code)
    _received(s, core, row)
    return _reply(row, accepted=first.result == M.OK)


# ---- the log and the replies ----


def _row(core: Core, name: str, data: bytes, sha: str, env: codec.Envelope | None,
         f: messages.Filing | None, **kw: Any) -> t.EdiMessage:
    return new_row(t.EdiMessage,
        received_at=core.now(), file_name=name[:200], sha256=sha,
        body_sha256=body_digest(data), size=len(data),
        sender=(env.sender if env else "")[:30], message=(env.message if env else "")[:10],
        control_no=(env.control_no if env else "")[:20], kind=f.kind if f else "",
        filing_type=f.type if f else "", custom_house=f.custom_house if f else "",
        job_no=f.job_no if f else None, job_date=f.job_date if f else None, **kw)


def _received(s: Session, core: Core, row: t.EdiMessage) -> None:
    """The log entry, recorded as the system's act of receiving the message (EDI.receive) on
    the EDI trail: from whom, what, and what became of it."""
    s.add(row)
    s.flush()
    what = f"{row.file_name} from {row.sender or 'an unreadable sender'}"
    if row.doc_no:
        what += f": {row.doc_kind} {row.doc_no}"
    elif row.errors:
        what += f": refused {row.errors}"
    transition(s, core, system_actor(row.location_code), row, EDI["receive"], to=row.result,
               reason=what[:500])


def _reply(row: t.EdiMessage, *, accepted: bool,
           errors: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(row.id, row.result, accepted, row.reply_name, row.reply,
                 tuple(errors or _split(row.errors)), row.detail, row.sender, row.kind,
                 row.doc_kind, row.doc_no, row.doc_date)


def _split(errors: str) -> list[tuple[str, str]]:
    out = []
    for part in filter(None, errors.split("|")):
        code, _, segment = part.partition(":")
        out.append((code, segment))
    return out


def reply_name(name: str, suffix: str) -> str:
    """The reply's file name: the message's own name with the reply's suffix
    (``1234562026.sb`` -> ``1234562026.ack``)."""
    stem = name.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return f"{stem or 'message'}{suffix}"


def control_no(s: Session) -> str:
    """The next control number of the messages this console sends (a series of its own,
    created on first use)."""
    try:
        return str(next_number(s, REPLY_SERIES))
    except KeyError:
        s.execute(text("INSERT INTO numberseries (name, next_value) VALUES (:n, 1) "
                       "ON CONFLICT (name) DO NOTHING"), {"n": REPLY_SERIES})
        return str(next_number(s, REPLY_SERIES))


def _log_ok(s: Session, core: Core, name: str, data: bytes, sha: str, msg: codec.Message,
            f: messages.Filing, done: _Done) -> Reply:
    ack = messages.ack(f, doc_no=done.doc_no, doc_date=done.doc_date, group=done.group,
                       at=core.now(), control_no=control_no(s),
                       amendment_no=done.amendment_no, amendment_date=done.amendment_date)
    row = _row(core, name, data, sha, msg.envelope, f, result=M.OK, detail=done.note[:2000],
               reply_name=reply_name(name, messages.reply_suffix(ack)),
               reply=codec.encode(ack), doc_kind=done.doc_kind, doc_no=done.doc_no,
               doc_date=done.doc_date, location_code=f.custom_house)
    _received(s, core, row)
    return _reply(row, accepted=True)


def _nak(core: Core, name: str, data: bytes, sha: str, env: codec.Envelope | None,
         f: messages.Filing | None, errors: list[tuple[str, str]], detail: str) -> Reply:
    """The refusal, written alone: nothing the message asked for was done (EDI-1)."""
    with core.db.write() as s:
        where = f.custom_house if f is not None and f.custom_house in served(s) else ""
        nak = messages.nak(f if f is not None else env, errors=errors, at=core.now(),
                           control_no=control_no(s), custom_house=where)
        row = _row(core, name, data, sha, env, f, result=M.NAK,
                   errors="|".join(f"{c}:{seg}" for c, seg in errors)[:2000],
                   detail=detail[:2000], reply_name=reply_name(name, messages.NAK_SUFFIX),
                   reply=codec.encode(nak), location_code=where)
        _received(s, core, row)
        return _reply(row, accepted=False, errors=errors)


# ---- the filings, by kind and type ----


def _entitled(filer: t.EdiFiler, doc: Any, what: str) -> None:
    """A filer acts on a document it filed, or (an importer/exporter) one of its own IEC, or
    (a broker) one it is the broker of (EDI-2)."""
    if getattr(doc, "edi_sender", "") == filer.icegate_id:
        return
    if filer.kind == FilerKind.TRADER and getattr(doc, "iec", "") == filer.code:
        return
    if filer.kind == FilerKind.BROKER and getattr(doc, "broker_code", "") == filer.code:
        return
    raise NotPermitted(f"{filer.icegate_id} did not file {what} and is not its importer, "
                       "exporter or broker", "EDI-2")


def _own_party(filer: t.EdiFiler, data: dict, kind: str) -> dict:
    """A trader files for its own IEC; a broker as itself; a carrier as itself."""
    data = dict(data)
    if filer.kind == FilerKind.TRADER:
        if str(data.get("iec") or "").strip().upper() != filer.code:
            raise NotPermitted(f"{filer.icegate_id} files for IEC {filer.code} only, not "
                               f"{data.get('iec')}", "EDI-2")
    elif filer.kind == FilerKind.BROKER and kind == "SB":
        said = str(data.get("broker_code") or "").strip().upper()
        if said and said != filer.code:
            raise NotPermitted(f"{filer.icegate_id} is broker {filer.code}, not {said}",
                               "EDI-2")
        data["broker_code"] = filer.code
    elif filer.kind == FilerKind.CARRIER:
        said = str(data.get("carrier_code") or "").strip().upper()
        if said and said != filer.code:
            raise NotPermitted(f"{filer.icegate_id} is carrier {filer.code}, not {said}",
                               "EDI-2")
        data["carrier_code"] = filer.code
    return data


def _note(f: messages.Filing, msg: codec.Message, name: str) -> str:
    return (f"filed through ICEGATE by {msg.envelope.sender}: {msg.envelope.message} {name} "
            f"(control {msg.envelope.control_no}, job {f.job_no} of {f.job_date:%d.%m.%Y})")


def remote_sb_charges(s: Session, location: str, on: date) -> Decimal:
    """The service charges of a remote filer's SB (charges.md, EDI-6): no data entry (the
    service centre keyed nothing), the final print for remote-filing users where the
    location's tariff has one."""
    try:
        return parameter(s, "charge.remote_final_print", on, location)
    except RuleViolation:
        return Decimal(0)


def submit_sb_remote(s: Session, core: Core, actor: Actor, job_no: int, note: str, *,
                     sb: t.ShippingBill | None = None, items: list | None = None
                     ) -> t.ShippingBill:
    """EDI-3: the SB just keyed from the filer's message takes its number and is routed,
    with no checklist round (``SB.submit_remote``), in the caller's unit of work. Its values
    are those computed at keying, the same day and in the same transaction (EXP-REG-6).
    ``sb``, ``items``: the draft and its items as keyed in this transaction (its rows are
    this transaction's)."""
    if sb is None:
        sb = SB.take(s, actor, "submit_remote", job_no, by="job")
    else:
        SB.check(actor, "submit_remote", sb)
    today = core.today()
    if sb.edi_sender != actor.username.removeprefix("ICEGATE:") or sb.valued_on != today:
        raise RuleViolation("EDI-3", f"job {job_no} was not keyed from this filer's message "
                            "today: it is submitted at the service centre")
    sb.sb_no = next_number(s, "SB")
    sb.sb_date, sb.submitted_at = today, core.now()
    sb.service_charge_paise = to_paise(remote_sb_charges(s, sb.location_code, today))
    transition(s, core, actor, sb, SB["submit_remote"], reason=f"from J{job_no}; {note}"[:500])
    route_sb(s, core, sb, items)
    return sb


def submit_be_remote(s: Session, core: Core, actor: Actor, job_no: int, note: str
                     ) -> t.BillOfEntry:
    """EDI-3: the BE just keyed from the filer's message takes its number and is
    self-assessed at once (004 §3.3), with no checklist round (``BE.submit_remote``): duty at
    the rate in force today (IMP-DUT-1/2), the late charge of IMP-BE-6."""
    be = BE.take(s, actor, "submit_remote", job_no, by="job")
    if be.edi_sender != actor.username.removeprefix("ICEGATE:"):
        raise RuleViolation("EDI-3", f"job {job_no} was not keyed from this filer's message: "
                            "it is submitted at the service centre")
    today = core.today()
    line = s.get(t.IgmLine, be.igm_line_id)
    igm = s.get(t.Igm, line.igm_id)
    ahead = parameter(s, "IMP-BE-6.advance_days", today, be.location_code)
    if (igm.arrival_date - today).days > ahead:
        raise RuleViolation("IMP-BE-6", f"arrival {igm.arrival_date:%d.%m.%Y}: a BE is filed "
                            f"at most {ahead} days before arrival")
    ex_bond = be.be_type == "X"
    rate, units = (be_duty.rate_on_filing(s, be, today) if not ex_bond
                   else (be.exchange_rate, be.rate_units))  # WH-3: the W BE's rate
    be_duty.compute_duty(s, be, rate, units, today)
    port = refcache.get(s, t.Port, be.location_code)
    charge = Decimal(0) if ex_bond else late_charge(s, igm.arrival_date, today,
                                                    port.kind == "air", be.location_code)
    be.late_charge_paise = to_paise(charge)
    be.be_no, be.be_date = next_number(s, "BE"), today
    why = f"self-assessed; duty Rs {from_paise(be.duty_paise)}"
    if charge:
        why += f"; late charge Rs {charge}"
    transition(s, core, actor, be, BE["submit_remote"],
               to=B.FIRST_CHECK if be.first_check else B.SECOND_CHECK,
               reason=f"{why}; {note}"[:500])
    return be


def _sb_fresh(core, filer, actor, f, msg, name) -> _Done:
    data = _own_party(filer, f.data, "SB")
    with core.db.write() as s, s.no_autoflush:  # the unit's: keyed and submitted, no view
        sb, _, rows = filing.key_draft(s, core, actor, data, edi_sender=filer.icegate_id)
        sb = submit_sb_remote(s, core, actor, sb.job_no, _note(f, msg, name), sb=sb,
                              items=rows.items)
        return _Done("SB", sb.sb_no, sb.sb_date, note=f"SB {sb.sb_no} route {sb.route}")


def _be_fresh(core, filer, actor, f, msg, name) -> _Done:
    data = _own_party(filer, f.data, "BE")
    draft = bills_of_entry.file_be(core, actor, data)
    with core.db.write() as s:
        be = BE.load(s, draft.job_no, by="job")
        be.edi_sender = filer.icegate_id
        be = submit_be_remote(s, core, actor, draft.job_no, _note(f, msg, name))
        return _Done("BE", be.be_no, be.be_date,
                     note=f"BE {be.be_no} {'first' if be.first_check else 'second'} check")


def _doc_no(f: messages.Filing) -> int:
    if not f.doc_no:
        raise InvalidInput("doc_no", "an amendment or a reply names its document", "EDI-5")
    return int(f.doc_no)


def _sb_amend(core, filer, actor, f, msg, name) -> _Done:
    sb_no = _doc_no(f)
    with core.db.read() as s:
        _entitled(filer, SB.load(s, sb_no, lock=False), f"SB {sb_no}")
    changes, reason = f.data.get("changes") or {}, str(f.data.get("reason") or "")
    req = amendments.request_amendment(
        core, actor, sb_no, changes, reason or "amendment filed through ICEGATE",
        kind=f.data.get("kind") or amendments.amendment_kind(changes))
    with core.db.read() as s:
        sb = SB.load(s, sb_no, lock=False)
        return _Done("SB", sb_no, sb.sb_date, note=f"amendment request {req.id}",
                     amendment_no=req.id, amendment_date=core.today())


def _be_amend(core, filer, actor, f, msg, name) -> _Done:
    be_no = _doc_no(f)
    with core.db.read() as s:
        _entitled(filer, BE.load(s, be_no, lock=False), f"BE {be_no}")
    req = be_amendments.request_amendment(core, actor, be_no, f.data.get("changes") or {},
                                          str(f.data.get("reason") or "")
                                          or "amendment filed through ICEGATE")
    with core.db.read() as s:
        be = BE.load(s, be_no, lock=False)
        return _Done("BE", be_no, be.be_date, note=f"amendment request {req.id}",
                     amendment_no=req.id, amendment_date=core.today())


def _reply_to_query(core, filer, actor, f, msg, name) -> _Done:
    """CACHI06: the filer's reply to a query on its SB or BE, keyed as the service centre
    keys one (EXP-QRY-1, IMP-APR-1)."""
    no = _doc_no(f)
    said = str(f.data.get("text") or f.data.get("reply") or "").strip()
    kind = str(f.data.get("doc_kind") or "").upper()
    with core.db.read() as s:
        be = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == no)).first() \
            if kind in ("", "BE") else None
        sb = s.exec(select(t.ShippingBill).where(t.ShippingBill.sb_no == no)).first() \
            if be is None and kind in ("", "SB") else None
        if be is None and sb is None:
            raise NotFound(f"no SB or BE {no} to reply about")
        doc = be if be is not None else sb
        _entitled(filer, doc, f"{'BE' if be is not None else 'SB'} {no}")
        asked = f.data.get("query_no")
        current = _query_no(s, "BE" if be is not None else "SB", doc)
        if asked is not None and current and int(asked) != current:
            raise InvalidInput("query_no", f"query {asked} is not the latest query on "
                               f"{'BE' if be is not None else 'SB'} {no} (query {current})",
                               "IMP-APR-1" if be is not None else "EXP-QRY-1")
    if be is not None:
        view = be_clearance.reply_query(core, actor, no, said)
        return _Done("BE", no, view.be_date, note=f"reply to query {f.data.get('query_no')}")
    view = queries.reply_query(core, actor, no, said)
    return _Done("SB", no, view.sb_date, note=f"reply to query {f.data.get('query_no')}")


def _query_no(s: Session, kind: str, doc: Any) -> int:
    """The number of the latest query raised on the document (as its .qry said it): an
    SB's query serial; a BE's count of queries raised (IMP-APR-1 keeps no query rows)."""
    if kind == "SB":
        return s.exec(select(func.max(t.SbQuery.sl)).where(t.SbQuery.sb_id == doc.id)
                      ).one() or 0
    return s.exec(select(func.count()).select_from(t.AuditRecord).where(
        t.AuditRecord.doc_kind == "BE", t.AuditRecord.doc_ref == str(doc.be_no),
        t.AuditRecord.action == "query")).one()


def _day(value: Any) -> date | None:
    """A date as the messages give it (ISO text) or as a date."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("date", f"{value!r} is not a date") from None


def _igm(core, filer, actor, f, msg, name) -> _Done:
    data = _own_party(filer, f.data, "IGM")
    view = manifests.file_igm(core, actor, data["carrier_code"], _day(data["arrival_date"]),
                              list(data.get("lines") or []), voyage=data.get("voyage") or "")
    return _Done("IGM", view.igm_no, view.igm_date, note=f"IGM {view.igm_no}")


def _egm(core, filer, actor, f, msg, name) -> _Done:
    data = _own_party(filer, f.data, "EGM")
    view = egms.file_egm(core, actor, data["carrier_code"], [int(n) for n in data["sb_nos"]],
                         voyage=data.get("voyage") or "",
                         sailed_on=_day(data.get("sailed_on")))
    return _Done("EGM", view.egm_no, view.egm_date, note=f"EGM {view.egm_no}")


HANDLERS = {
    ("SB", "F"): _sb_fresh,
    ("BE", "F"): _be_fresh,
    ("SB", "A"): _sb_amend,
    ("BE", "A"): _be_amend,
    ("RPL", "F"): _reply_to_query,
    ("IGM", "F"): _igm,
    ("EGM", "F"): _egm,
}

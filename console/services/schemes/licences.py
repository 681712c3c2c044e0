"""Scheme licences quoted in Annexure D: DGFT's online licences, port registration of older
ones (EXP-REG-9), and the Annexure D check of each SB item (EXP-LIC-1).

Annexure D per item (EXP-LIC-1), as keyed on the SB item:

- ``licence_no``: the DGFT licence number, or the port registration number of a licence
  registered at the port (scheme code 17 must quote the registration number);
- ``licence_item_sl``: the serial number of the export item in the licence;
- ``licence_inputs``: the inputs used, comma-separated, each ending ``/N`` (indigenous) or
  ``/M`` (imported): a Part-C serial (``C3/M``) or, for an input not in Part-C, its
  description (``copper wire/N``); optionally ``cess:<serial>``, the cess schedule serial.

Decisions: a licence must belong to the SB's exporter and be valid on the SB date; a
port-registered licence is quoted at the port that registered it; DGFT's licences are valid
at every port (they arrive online, EXP-REG-9). An EPCG licence imports capital goods and has
no Part-C inputs, so its Annexure D lines need not list inputs (they may); every other
licence lists the inputs used. An EPCG licence carries its export obligation (FOB, rupees).

What an SB contributes towards the obligation is read from the SB items themselves, not
copied into a ledger: every item quoting the licence (by number or port registration
number) of an SB of the licence's exporter that has Let Export and was not withdrawn
afterwards (cancelled, shut out, back to town) counts with its FOB and quantity; a short
shipped SB counts as modified to what was shipped. An amendment or withdrawal after LEO
therefore changes the fulfilment without a second record to keep in step. Exports beyond a
licence item's quantity are not refused (over-fulfilment is the exporter's affair); the
licence shows them.

Imports (IMP-LIC-1, IMP-LIC-2, IMP-TRA-1, IMP-TRA-2). DES/EPCG licences arrive online from
DGFT; the licence number is the registration number (a BE quotes the licence number, no port
registration). A partly used licence is registered for its balance only: DGFT's
``used_quantity``/``used_value`` of a Part-C line are taken off before it is recorded. The
Part-C lines are what imports debit: an Advance/DES licence's inputs, an EPCG licence's
capital goods (decision: kept as its Part-C lines). The debits are read, like the exports,
from the documents themselves: every item of a submitted BE of the licence's holder that
quotes the licence (with its quantity in the line's unit, its assessable value and the duty
forgone), and every line of an issued TRA (one keyed back no longer counts). The balance of
a line is its quantity and value less those debits; a debit beyond it is refused
(IMP-LIC-2). An amended BE is re-assessed with its own earlier debits left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

import db.tables as t
from console import formats
from console.acts.licence import LICENCE, LicenceKind, LicenceSource
from console.acts.sb import S
from console.acts.tra import TraState
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor
from console.rules.duty import convert_quantity
from db.sequences import next_number

KINDS = tuple(k.value for k in LicenceKind)
# scheme categories that quote a licence
ANNEXURE_D = (LicenceKind.ADVANCE, LicenceKind.EPCG, LicenceKind.DFIA, LicenceKind.DFRC)
PORT_REGISTERED_SCHEME = "17"  # EXP-REG-9
_INPUT = re.compile(r"^(?:C(?P<sl>\d+)|(?P<text>[^/]{2,}))/(?P<origin>[NM])$", re.I)
# SBs whose exports count towards a licence: Let Export given and not withdrawn afterwards
COUNTED = (S.LET_EXPORT, S.EXPORTED, S.SHORT_SHIPPED)


@dataclass(frozen=True)
class LicenceLineView:
    """An export item (with what was exported against it) or a Part-C input."""

    sl: int
    description: str
    quantity: Decimal | None
    uqc: str
    value: Decimal | None
    exported_quantity: Decimal | None = None  # in ``uqc``; export items only
    exported_fob: Decimal | None = None
    # Part-C lines: what imports debited (IMP-LIC-2) and what is left
    debited_quantity: Decimal | None = None
    debited_value: Decimal | None = None
    duty_forgone: Decimal | None = None
    balance_quantity: Decimal | None = None
    balance_value: Decimal | None = None


@dataclass(frozen=True)
class LicenceDebitView:
    """One import debit: a BE item or a TRA line against a Part-C line (IMP-LIC-2)."""

    doc: str  # BE or TRA
    number: int
    doc_date: date | None
    item_sl: int
    licence_sl: int
    quantity: Decimal | None  # in the line's unit
    value: Decimal
    duty_forgone: Decimal


@dataclass(frozen=True)
class LicenceExportView:
    """One SB item's contribution towards the licence (at Let Export)."""

    sb_no: int
    sb_date: date | None
    state: str
    item_sl: int
    export_sl: str
    quantity: Decimal
    uqc: str
    fob: Decimal


@dataclass(frozen=True)
class LicenceView:
    licence_no: str
    kind: str
    iec: str
    issued_on: date
    valid_to: date
    source: str
    port_code: str
    registration_no: str
    export_obligation: Decimal
    export_items: tuple[LicenceLineView, ...]
    part_c: tuple[LicenceLineView, ...]
    exports: tuple[LicenceExportView, ...]
    fulfilled: Decimal  # FOB of the exports counted so far
    balance: Decimal  # obligation not yet fulfilled (never below 0)
    imports: tuple[LicenceDebitView, ...] = ()  # debits by BEs and TRAs (IMP-LIC-2)


def _exports(s: Session, lic: t.Licence) -> list[LicenceExportView]:
    numbers = [n for n in (lic.licence_no, lic.registration_no) if n]
    rows = s.exec(select(t.SbItem, t.ShippingBill)
                  .join(t.ShippingBill, t.ShippingBill.id == t.SbItem.sb_id)
                  .where(t.SbItem.licence_no.in_(numbers), t.ShippingBill.iec == lic.iec,
                         t.ShippingBill.leo_at.is_not(None),
                         t.ShippingBill.state.in_([str(x) for x in COUNTED]))
                  .order_by(t.ShippingBill.sb_no, t.SbItem.sl)).all()
    return [LicenceExportView(sb.sb_no, sb.sb_date, sb.state, it.sl, it.licence_item_sl,
                              it.quantity, it.uqc, from_paise(it.fob_inr_paise))
            for it, sb in rows]


def import_debits(s: Session, lic: t.Licence) -> list[LicenceDebitView]:
    """What BEs and TRAs have debited from the licence's Part-C lines (IMP-LIC-2)."""
    numbers = [n for n in (lic.licence_no, lic.registration_no) if n]
    units = {x.sl: x.uqc for x in s.exec(select(t.LicenceLine).where(
        t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C"))}
    out = []
    for it, be in s.exec(select(t.BeItem, t.BillOfEntry)
                         .join(t.BillOfEntry, t.BillOfEntry.id == t.BeItem.be_id)
                         .where(t.BeItem.licence_no.in_(numbers), t.BillOfEntry.iec == lic.iec,
                                t.BillOfEntry.be_no.is_not(None))
                         .order_by(t.BillOfEntry.be_no, t.BeItem.sl)):
        uqc = units.get(it.licence_sl, "")
        quantity = convert_quantity(it.quantity, it.uqc, uqc) if uqc else None
        out.append(LicenceDebitView("BE", be.be_no, be.be_date, it.sl, it.licence_sl or 0,
                                    quantity, from_paise(it.assessable_paise),
                                    from_paise(it.duty_forgone_paise)))
    for line, tra in s.exec(select(t.TraLine, t.Tra).join(t.Tra, t.Tra.id == t.TraLine.tra_id)
                            .where(t.Tra.licence_id == lic.id, t.Tra.state == TraState.ISSUED)
                            .order_by(t.Tra.tra_no, t.TraLine.sl)):
        out.append(LicenceDebitView("TRA", tra.tra_no, tra.tra_date, line.sl, line.licence_sl,
                                    line.quantity, from_paise(line.value_paise), Decimal(0)))
    return out


def check_import_debit(s: Session, lic: t.Licence, wanted: dict[int, tuple[Decimal | None, int]],
                       *, rule: str, leave_out: tuple[str, int] | None = None) -> None:
    """Refuse a debit beyond the balance of a Part-C line. ``wanted``: serial → (quantity in
    the line's unit, value in paise); ``leave_out``: the document being re-assessed
    (``("BE", be_no)``), whose earlier debits do not count."""
    lines = {x.sl: x for x in s.exec(select(t.LicenceLine).where(
        t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C"))}
    done = [d for d in import_debits(s, lic) if (d.doc, d.number) != leave_out]
    for sl, (quantity, value_paise) in sorted(wanted.items()):
        line = lines.get(sl)
        if line is None:
            raise RuleViolation(rule, f"licence {lic.licence_no} has no Part-C item {sl}")
        mine = [d for d in done if d.licence_sl == sl]
        if line.quantity is not None and quantity is not None:
            left = line.quantity - sum((d.quantity or 0 for d in mine), Decimal(0))
            if quantity > left:
                raise RuleViolation(rule, f"licence {lic.licence_no} item {sl}: {quantity} "
                                    f"{line.uqc} is beyond the balance of {left} {line.uqc}")
        if line.value_paise is not None:
            left_paise = line.value_paise - sum(to_paise(d.value) for d in mine)
            if value_paise > left_paise:
                raise RuleViolation(rule, f"licence {lic.licence_no} item {sl}: value Rs "
                                    f"{from_paise(value_paise)} is beyond the balance of Rs "
                                    f"{from_paise(left_paise)}")


def find_licence(s: Session, number: str, *, lock: bool = False) -> t.Licence | None:
    """A licence by its number or port registration number."""
    number = number.strip().upper()
    q = select(t.Licence).where((t.Licence.licence_no == number)
                                | (t.Licence.registration_no == number))
    return s.exec(q.with_for_update() if lock else q).first()


def _view(s: Session, lic: t.Licence) -> LicenceView:
    lines = s.exec(select(t.LicenceLine).where(t.LicenceLine.licence_id == lic.id)
                   .order_by(t.LicenceLine.part, t.LicenceLine.sl)).all()
    exports = _exports(s, lic)
    imports = import_debits(s, lic)

    def line(x: t.LicenceLine) -> LicenceLineView:
        value = None if x.value_paise is None else from_paise(x.value_paise)
        if x.part != "E":
            mine = [d for d in imports if d.licence_sl == x.sl]
            qty = sum((d.quantity or 0 for d in mine), Decimal(0))
            debited = sum((d.value for d in mine), Decimal(0))
            return LicenceLineView(
                x.sl, x.description, x.quantity, x.uqc, value,
                debited_quantity=qty if x.quantity is not None else None,
                debited_value=debited,
                duty_forgone=sum((d.duty_forgone for d in mine), Decimal(0)),
                balance_quantity=None if x.quantity is None else x.quantity - qty,
                balance_value=None if value is None else value - debited)
        mine = [e for e in exports if e.export_sl.strip() == str(x.sl)]
        return LicenceLineView(
            x.sl, x.description, x.quantity, x.uqc, value,
            sum((e.quantity for e in mine if e.uqc == x.uqc), Decimal(0)),
            sum((e.fob for e in mine), Decimal(0)))

    obligation = from_paise(lic.export_obligation_paise)
    fulfilled = sum((e.fob for e in exports), Decimal(0))
    return LicenceView(lic.licence_no, lic.kind, lic.iec, lic.issued_on, lic.valid_to,
                       lic.source, lic.port_code, lic.registration_no, obligation,
                       tuple(line(x) for x in lines if x.part == "E"),
                       tuple(line(x) for x in lines if x.part == "C"),
                       tuple(exports), fulfilled, max(obligation - fulfilled, Decimal(0)),
                       tuple(imports))


def _number(raw: dict, name: str, field: str) -> Decimal | None:
    if raw.get(name) in (None, ""):
        return None
    try:
        value = Decimal(str(raw[name]))
    except InvalidOperation:
        raise InvalidInput(field, f"{raw[name]!r} is not a number", "EXP-REG-9") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(field, "above 0", "EXP-REG-9")
    return value


def _lines(data: dict, key: str) -> list[dict]:
    """The licence's export items or Part-C inputs: each a description, or a dict with
    ``description`` and optionally ``sl``, ``quantity`` with its ``uqc``, ``value`` (Rs)."""
    out: list[dict] = []
    for n, raw in enumerate(data.get(key) or [], 1):
        raw = raw if isinstance(raw, dict) else {"description": raw}
        p = f"{key}[{n}]"
        text = str(raw.get("description") or "").strip()
        if not text:
            raise InvalidInput(f"{p}.description", "required", "EXP-LIC-1")
        try:
            sl = int(raw.get("sl") or n)
        except ValueError:
            raise InvalidInput(f"{p}.sl", "a serial number", "EXP-LIC-1") from None
        if sl < 1 or any(x["sl"] == sl for x in out):
            raise InvalidInput(f"{p}.sl", f"serial {sl} is not a new serial above 0",
                               "EXP-LIC-1")
        quantity = _number(raw, "quantity", f"{p}.quantity")
        uqc = str(raw.get("uqc") or "").strip().upper()
        if quantity is not None and not uqc:
            raise InvalidInput(f"{p}.uqc", "a quantity needs its unit (UQC)", "EXP-REG-7")
        value = _number(raw, "value", f"{p}.value")
        if key == "part_c":  # a partly used licence is registered for its balance (IMP-LIC-1)
            quantity = _balance(raw, "quantity", quantity, p)
            value = _balance(raw, "value", value, p)
        out.append({"sl": sl, "description": text[:200], "quantity": quantity, "uqc": uqc,
                    "value_paise": None if value is None else to_paise(value)})
    return out


def _balance(raw: dict, name: str, given: Decimal | None, p: str) -> Decimal | None:
    """``given`` less DGFT's ``used_<name>`` of a partly used licence (IMP-LIC-1)."""
    if raw.get(f"used_{name}") in (None, ""):
        return given
    try:
        used = Decimal(str(raw[f"used_{name}"]))
    except InvalidOperation:
        raise InvalidInput(f"{p}.used_{name}", "not a number", "IMP-LIC-1") from None
    if given is None or not used.is_finite() or not 0 <= used <= given:
        raise InvalidInput(f"{p}.used_{name}", f"the part used, from 0 to the {name} the "
                           "licence gives", "IMP-LIC-1")
    return given - used


def _iec(value: object) -> str:
    try:
        return formats.iec(str(value or ""))
    except ValueError as e:
        raise InvalidInput("iec", str(e), "EXP-REG-1") from None


def _add(core: Core, actor: Actor, data: dict, source: LicenceSource) -> LicenceView:
    act = LICENCE["receive" if source == LicenceSource.DGFT else "register"]
    LICENCE.check(actor, act.name)
    number = str(data.get("licence_no") or "").strip().upper()
    if not re.fullmatch(r"[0-9A-Z/-]{6,20}", number):
        raise InvalidInput("licence_no", "6 to 20 letters, digits, / or -", "EXP-REG-9")
    kind = str(data.get("kind") or "").strip().lower()
    if kind not in KINDS:
        raise InvalidInput("kind", f"one of {', '.join(KINDS)}", "EXP-REG-9")
    iec = _iec(data.get("iec"))
    try:
        issued = date.fromisoformat(str(data.get("issued_on")))
        valid = date.fromisoformat(str(data.get("valid_to")))
    except ValueError:
        raise InvalidInput("issued_on", "issued_on and valid_to as YYYY-MM-DD",
                           "EXP-REG-9") from None
    if valid < issued:
        raise InvalidInput("valid_to", "before the issue date", "EXP-REG-9")
    exports, inputs = _lines(data, "export_items"), _lines(data, "part_c")
    if not exports:
        raise InvalidInput("export_items", "a licence lists at least one export item",
                           "EXP-LIC-1")
    obligation = _number(data, "export_obligation", "export_obligation")
    if kind == LicenceKind.EPCG and obligation is None:
        raise InvalidInput("export_obligation", "an EPCG licence carries its export "
                           "obligation (FOB, Rs)", "EXP-REG-9")
    with core.db.write() as s:
        if s.get(t.Iec, iec) is None:
            raise RuleViolation("EXP-REG-1", f"IEC {iec} is not registered")
        for key, rows in (("export_items", exports), ("part_c", inputs)):
            for n, row in enumerate(rows, 1):
                if row["uqc"] and s.get(t.Uqc, row["uqc"]) is None:
                    raise InvalidInput(f"{key}[{n}].uqc", f"UQC {row['uqc']} is not in the "
                                       "directory", "EXP-REG-7")
        if s.exec(select(t.Licence).where(t.Licence.licence_no == number)).first():
            raise RuleViolation("EXP-REG-9", f"licence {number} is already on record")
        reg = ""
        if source == LicenceSource.PORT:
            reg = f"{actor.location_code}/{next_number(s, 'LICREG')}"
        lic = t.Licence(licence_no=number, kind=kind, iec=iec, issued_on=issued, valid_to=valid,
                        source=source,
                        port_code=actor.location_code if source == LicenceSource.PORT else "",
                        registration_no=reg,
                        export_obligation_paise=to_paise(obligation or 0),
                        registered_by=actor.username, registered_at=core.now())
        s.add(lic)
        try:
            s.flush()
        except IntegrityError:  # put on record by another officer meanwhile
            raise RuleViolation("EXP-REG-9", f"licence {number} is already on record") from None
        for part, rows in (("E", exports), ("C", inputs)):
            for row in rows:
                s.add(t.LicenceLine(licence_id=lic.id, part=part, **row))
        partly = [str(n) for n, raw in enumerate(data.get("part_c") or [], 1)
                  if isinstance(raw, dict) and (raw.get("used_quantity") or raw.get("used_value"))]
        transition(s, core, actor, lic, act,
                   action="dgft_received" if source == LicenceSource.DGFT else "registered",
                   reason=f"{kind} of {iec}" + (f", registration {reg}" if reg else "")
                   + (f"; partly used: Part-C {', '.join(partly)} registered for the balance"
                      if partly else ""))
        s.flush()
        return _view(s, lic)


def receive_from_dgft(core: Core, actor: Actor, data: dict) -> LicenceView:
    """A DES/EPCG/Advance licence transmitted online by DGFT: on record, no registration at
    the port (EXP-REG-9)."""
    return _add(core, actor, data, LicenceSource.DGFT)


def register_at_port(core: Core, actor: Actor, data: dict) -> LicenceView:
    """An older licence (or one under scheme code 17) registered by the designated officer
    (the registration clerk, roles.md), who gives the registration number the exporter
    quotes in Annexure D (EXP-REG-9)."""
    return _add(core, actor, data, LicenceSource.PORT)


def get_licence(core: Core, number: str) -> LicenceView:
    with core.db.read() as s:
        lic = _find(s, number)
        if lic is None:
            raise InvalidInput("licence_no", f"licence {number} is not on record", "EXP-REG-9")
        return _view(s, lic)


def list_licences(core: Core, iec: str | None = None) -> list[LicenceView]:
    """The licences on record, of one exporter if ``iec`` is given, with their fulfilment."""
    with core.db.read() as s:
        query = select(t.Licence).order_by(t.Licence.iec, t.Licence.licence_no)
        if iec:
            query = query.where(t.Licence.iec == _iec(iec))
        return [_view(s, lic) for lic in s.exec(query)]


def _find(s: Session, number: str) -> t.Licence | None:
    return find_licence(s, number)


def check_annexure_d(s: Session, iec: str, location: str, on: date, items: list[dict]) -> None:
    """Filing: each item under a licence scheme quotes a licence on record, of this exporter,
    valid on ``on``, with its export item and inputs as Annexure D gives them."""
    for it in items:
        code, cat = it["scheme_code"], it["scheme_category"]
        if cat not in ANNEXURE_D and code != PORT_REGISTERED_SCHEME:
            continue
        p = f"items[{it['sl']}]"
        if not it["licence_no"]:
            raise InvalidInput(f"{p}.licence_no", f"scheme {code} needs the licence details "
                               "of Annexure D", "EXP-LIC-1")
        it["licence_no"] = it["licence_no"].strip().upper()  # as the licence is on record
        lic = _find(s, it["licence_no"])
        if lic is None:
            raise InvalidInput(f"{p}.licence_no", f"licence {it['licence_no']} is not on "
                               "record: DGFT's online licences need no registration; an older "
                               "one is registered at the port first", "EXP-REG-9")
        if code == PORT_REGISTERED_SCHEME and (
                lic.source != LicenceSource.PORT or it["licence_no"] != lic.registration_no):
            raise InvalidInput(f"{p}.licence_no", "scheme code 17 quotes the port registration "
                               "number of the licence", "EXP-REG-9")
        if lic.source == LicenceSource.PORT and lic.port_code != location:
            raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is registered at "
                               f"{lic.port_code}, not {location}", "EXP-REG-9")
        if lic.iec != iec:
            raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is of IEC "
                               f"{lic.iec}, not {iec}", "EXP-LIC-1")
        if not lic.issued_on <= on <= lic.valid_to:
            raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is valid "
                               f"{lic.issued_on:%d.%m.%Y} to {lic.valid_to:%d.%m.%Y}",
                               "EXP-LIC-1")
        _check_lines(s, lic, it, p)


def _check_lines(s: Session, lic: t.Licence, it: dict, p: str) -> None:
    lines = s.exec(select(t.LicenceLine).where(t.LicenceLine.licence_id == lic.id)).all()
    exports = {x.sl for x in lines if x.part == "E"}
    part_c = {x.sl for x in lines if x.part == "C"}
    try:
        export_sl = int(it["licence_item_sl"])
    except ValueError:
        raise InvalidInput(f"{p}.licence_item_sl", "the export item's serial number in the "
                           "licence", "EXP-LIC-1") from None
    if export_sl not in exports:
        raise InvalidInput(f"{p}.licence_item_sl", f"licence {lic.licence_no} has no export "
                           f"item {export_sl}", "EXP-LIC-1")
    entries = [x.strip() for x in it["licence_inputs"].split(",") if x.strip()]
    used = [x for x in entries if not x.lower().startswith("cess:")]
    if not used and lic.kind != LicenceKind.EPCG:  # EPCG: capital goods, no Part-C inputs
        raise InvalidInput(f"{p}.licence_inputs", "list the inputs used, each /N (indigenous) "
                           "or /M (imported)", "EXP-LIC-1")
    for entry in used:
        m = _INPUT.match(entry)
        if m is None:
            raise InvalidInput(f"{p}.licence_inputs", f"{entry!r}: a Part-C serial (C3/M) or "
                               "an input's description, then /N or /M", "EXP-LIC-1")
        if m["sl"] and int(m["sl"]) not in part_c:
            raise InvalidInput(f"{p}.licence_inputs", f"licence {lic.licence_no} has no Part-C "
                               f"input C{m['sl']}", "EXP-LIC-1")

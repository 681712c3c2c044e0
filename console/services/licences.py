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
at every port (they arrive online, EXP-REG-9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

import db.tables as t
from console import audit, formats
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.money import from_paise, to_paise
from console.roles import Actor, Role, require
from db.sequences import next_number

KINDS = ("advance", "epcg", "des", "dfia", "dfrc")
ANNEXURE_D = ("advance", "epcg", "dfia", "dfrc")  # scheme categories that quote a licence
PORT_REGISTERED_SCHEME = "17"  # EXP-REG-9
_INPUT = re.compile(r"^(?:C(?P<sl>\d+)|(?P<text>[^/]{2,}))/(?P<origin>[NM])$", re.I)


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
    export_obligation: object  # Decimal
    export_items: tuple[tuple[int, str], ...]
    part_c: tuple[tuple[int, str], ...]


def _view(s: Session, lic: t.Licence) -> LicenceView:
    lines = s.exec(select(t.LicenceLine).where(t.LicenceLine.licence_id == lic.id)
                   .order_by(t.LicenceLine.part, t.LicenceLine.sl)).all()
    return LicenceView(lic.licence_no, lic.kind, lic.iec, lic.issued_on, lic.valid_to,
                       lic.source, lic.port_code, lic.registration_no,
                       from_paise(lic.export_obligation_paise),
                       tuple((x.sl, x.description) for x in lines if x.part == "E"),
                       tuple((x.sl, x.description) for x in lines if x.part == "C"))


def _lines(data: dict, key: str) -> list[tuple[int, str]]:
    out = []
    for n, raw in enumerate(data.get(key) or [], 1):
        text = str(raw.get("description") if isinstance(raw, dict) else raw).strip()
        sl = int(raw.get("sl") or n) if isinstance(raw, dict) else n
        if not text:
            raise InvalidInput(f"{key}[{n}].description", "required", "EXP-LIC-1")
        out.append((sl, text[:200]))
    return out


def _add(core: Core, actor: Actor, data: dict, source: str) -> LicenceView:
    number = str(data.get("licence_no") or "").strip().upper()
    if not re.fullmatch(r"[0-9A-Z/-]{6,20}", number):
        raise InvalidInput("licence_no", "6 to 20 letters, digits, / or -", "EXP-REG-9")
    kind = str(data.get("kind") or "").strip().lower()
    if kind not in KINDS:
        raise InvalidInput("kind", f"one of {', '.join(KINDS)}", "EXP-REG-9")
    iec = formats.iec(str(data.get("iec") or ""))
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
    with core.db.write() as s:
        if s.get(t.Iec, iec) is None:
            raise RuleViolation("EXP-REG-1", f"IEC {iec} is not registered")
        if s.exec(select(t.Licence).where(t.Licence.licence_no == number)).first():
            raise RuleViolation("EXP-REG-9", f"licence {number} is already on record")
        reg = ""
        if source == "port":
            reg = f"{actor.location_code}/{next_number(s, 'LICREG')}"
        lic = t.Licence(licence_no=number, kind=kind, iec=iec, issued_on=issued, valid_to=valid,
                        source=source, port_code=actor.location_code if source == "port" else "",
                        registration_no=reg,
                        export_obligation_paise=to_paise(data.get("export_obligation") or 0),
                        registered_by=actor.username, registered_at=core.now())
        s.add(lic)
        s.flush()
        for part, rows in (("E", exports), ("C", inputs)):
            for sl, text in rows:
                s.add(t.LicenceLine(licence_id=lic.id, part=part, sl=sl, description=text))
        audit.record(s, actor, core.now(), "LICENCE", number,
                     "dgft_received" if source == "dgft" else "registered", "", "active",
                     f"{kind} of {iec}" + (f", registration {reg}" if reg else ""))
        s.flush()
        return _view(s, lic)


def receive_from_dgft(core: Core, actor: Actor, data: dict) -> LicenceView:
    """A DES/EPCG/Advance licence transmitted online by DGFT: on record, no registration at
    the port (EXP-REG-9)."""
    require(actor, Role.SYS, Role.CLK, act="load DGFT licences")
    return _add(core, actor, data, "dgft")


def register_at_port(core: Core, actor: Actor, data: dict) -> LicenceView:
    """An older licence (or one under scheme code 17) registered by the designated officer,
    who gives the registration number the exporter quotes in Annexure D (EXP-REG-9)."""
    require(actor, Role.CLK, Role.APR, act="register licences")
    return _add(core, actor, data, "port")


def get_licence(core: Core, number: str) -> LicenceView:
    with core.db.read() as s:
        lic = _find(s, number)
        if lic is None:
            raise InvalidInput("licence_no", f"licence {number} is not on record", "EXP-REG-9")
        return _view(s, lic)


def _find(s: Session, number: str) -> t.Licence | None:
    number = number.strip().upper()
    return s.exec(select(t.Licence).where((t.Licence.licence_no == number)
                                          | (t.Licence.registration_no == number))).first()


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
        lic = _find(s, it["licence_no"])
        if lic is None:
            raise InvalidInput(f"{p}.licence_no", f"licence {it['licence_no']} is not on "
                               "record: DGFT's online licences need no registration; an older "
                               "one is registered at the port first", "EXP-REG-9")
        if code == PORT_REGISTERED_SCHEME and (
                lic.source != "port" or it["licence_no"].strip().upper() != lic.registration_no):
            raise InvalidInput(f"{p}.licence_no", "scheme code 17 quotes the port registration "
                               "number of the licence", "EXP-REG-9")
        if lic.source == "port" and lic.port_code != location:
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
    if not used:
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

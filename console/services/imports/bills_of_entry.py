"""The Bill of Entry from the service centre to self-assessment: Annexure C against an IGM
line, checklist rounds, the national number, duty, the late-filing charge
(IMP-BE-1..6, IMP-DUT-1/2, IMP-REG-1/3).

States (imports.md): draft → checklist_printed → second_check (assess, then examine) or
first_check (examine, then assess) → … → out_of_charge (``be_clearance``).

Decisions: the BE is "presented" when it is submitted, so its exchange rate is the import
rate in force on the submission date (IMP-DUT-1); a BE is due by the end of the day before
arrival at a sea port or ICD and by the end of the arrival day at an air port, and the late
charge counts whole days after that (IMP-BE-6; amounts are effective-dated parameters).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete
from sqlmodel import Session, select

import db.tables as t
from console import formats, inputs
from console.acts.be import BE, B, BeType
from console.core import Core
from console.errors import InvalidInput, RuleViolation
from console.lifecycle import transition
from console.money import from_paise, to_paise
from console.roles import Actor
from console.rules.params import parameter
from console.services.imports import be_duty
from console.services.imports.be_common import load_be, load_job
from db import refcache
from db.sequences import next_number
from db.tables.imports import BeContainer  # not (yet) re-exported by db.tables

BE_TYPES = {BeType.HOME: "home consumption", BeType.WAREHOUSING: "warehousing",
            BeType.EX_BOND: "ex-bond"}  # IMP-BE-5
# What the CACHI01 message carries (BE message exchange v2.23) and the form keys (issue 16).
# Terms of invoice: what the invoice value includes (IMP-DUT-7 adds what it lacks).
TERMS_OF_INVOICE = ("FOB", "CF", "CI", "CIF")
NATURES_OF_TRANSACTION = {"S": "sale", "C": "consignment", "H": "hire", "F": "free of cost",
                          "R": "rent", "P": "replacement", "G": "gift", "M": "sample",
                          "O": "others"}
# CTX commercial tax type: the registration the importer declares (G: a GSTIN)
TAX_TYPES = {"G": "GSTIN", "V": "VAT", "C": "CST", "S": "service tax", "A": "Aadhaar",
             "P": "passport", "I": "income-tax PAN", "T": "TIN", "O": "GST government",
             "D": "GST diplomat", "N": "GST non-resident taxpayer"}
# the keys of Annexure C these are keyed under, as ``_read`` returns them
DECLARED = ("terms_of_invoice", "nature_of_transaction", "gstin", "gst_state_code",
            "tax_type")


@dataclass(frozen=True)
class BeItemView:
    sl: int
    tariff_item: str
    description: str
    quantity: Decimal
    uqc: str
    value_fc: Decimal
    assessable: Decimal
    bcd_rate: Decimal
    bcd: Decimal
    sws: Decimal
    igst_rate: Decimal
    igst: Decimal
    # claims (be_duty): origin; tariff value (IMP-DUT-4); anti-dumping duty (IMP-DUT-5);
    # licence debit with the duty forgone (IMP-LIC-2)
    origin_country: str = ""
    tv_notification: str = ""
    tv_sl: str = ""
    tv_quantity: Decimal | None = None
    add_notification: str = ""
    add_item_sl: int | None = None
    add_producer_sl: int | None = None
    add: Decimal = Decimal(0)
    licence_no: str = ""
    licence_sl: int | None = None
    duty_forgone: Decimal = Decimal(0)
    # the SWS rate applied and the exemption notification that set it (IMP-DUT-2)
    sws_rate: Decimal = Decimal(0)
    sws_notification: str = ""


@dataclass(frozen=True)
class BeContainerView:
    """A container declared on the BE with its seal (CACHI01 CONTAINER)."""

    container_no: str
    seal_no: str
    size: str
    fcl_lcl: str


@dataclass(frozen=True)
class BeView:
    job_no: int
    be_no: int | None
    be_date: date | None
    location_code: str
    be_type: str
    iec: str
    igm_no: int
    bl_no: str
    state: str
    currency: str
    exchange_rate: Decimal
    invoice_value_fc: Decimal
    assessable: Decimal
    bcd: Decimal
    sws: Decimal
    igst_taxable: Decimal  # AV + BCD + SWS (IMP-DUT-2/3)
    igst: Decimal
    duty: Decimal
    late_charge: Decimal
    first_check: bool
    challan_no: int | None
    paid_at: datetime | None
    ooc_at: datetime | None
    items: tuple[BeItemView, ...]
    version: int
    # import rules (be_duty, be_amendments, be_ccv)
    rate_source: str = "notified"  # or bank: certificate produced at OOC (IMP-REG-3)
    rate_certificate: str = ""
    add: Decimal = Decimal(0)  # anti-dumping duty (IMP-DUT-5), part of ``duty``
    duty_forgone: Decimal = Decimal(0)  # under licences (IMP-LIC-2)
    hss_seller_iec: str = ""  # high-sea sale (IMP-DUT-6): print on the BE copies
    hss_seller_name: str = ""
    hss_charge_rate: Decimal | None = None
    hss_charge_value_fc: Decimal | None = None
    hss_charges: Decimal = Decimal(0)  # in rupees, within the assessable value
    duty_paid: Decimal = Decimal(0)  # duty and charges paid so far
    amount_due: Decimal = Decimal(0)  # duty + late charge - paid: after an amendment of a
    # paid BE, the differential duty (IMP-AMD-1); below 0, paid in excess
    amendments: int = 0
    ccv_at: datetime | None = None  # compliance verified before payment (IMP-CCV-1)
    delivered_at: datetime | None = None
    # what the CACHI01 message carries (issue 16): terms of invoice, nature of transaction,
    # the CTX registration (GST state code, tax type, number), the containers declared;
    # the ICEGATE filer of a remote filing
    terms_of_invoice: str = ""
    nature_of_transaction: str = ""
    gstin: str = ""
    gst_state_code: str = ""
    tax_type: str = ""
    containers: tuple[BeContainerView, ...] = ()
    edi_sender: str = ""
    # how the transaction value was built from the terms of invoice (IMP-DUT-7)
    valuation: tuple[str, ...] = ()


def be_view(s: Session, be: t.BillOfEntry) -> BeView:
    s.flush()
    line = s.get(t.IgmLine, be.igm_line_id)
    igm = s.get(t.Igm, line.igm_id)
    items = s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id)
                   .order_by(t.BeItem.sl)).all()
    seller = s.get(t.Iec, be.hss_seller_iec) if be.hss_seller_iec else None
    p = from_paise
    return BeView(
        be.job_no, be.be_no, be.be_date, be.location_code, be.be_type, be.iec, igm.igm_no,
        line.bl_no, be.state, be.currency, be.exchange_rate, be.invoice_value_fc,
        p(be.assessable_paise), p(be.bcd_paise), p(be.sws_paise),
        p(be.assessable_paise + be.bcd_paise + be.sws_paise + be.add_paise), p(be.igst_paise),
        p(be.duty_paise), p(be.late_charge_paise), be.first_check, be.challan_no, be.paid_at,
        be.ooc_at,
        tuple(BeItemView(i.sl, i.tariff_item, i.description, i.quantity, i.uqc, i.value_fc,
                         p(i.assessable_paise), i.bcd_rate, p(i.bcd_paise), p(i.sws_paise),
                         i.igst_rate, p(i.igst_paise), i.origin_country, i.tv_notification,
                         i.tv_sl, i.tv_quantity, i.add_notification, i.add_item_sl,
                         i.add_producer_sl, p(i.add_paise), i.licence_no, i.licence_sl,
                         p(i.duty_forgone_paise), i.sws_rate or Decimal(0),
                         i.sws_notification) for i in items),
        be.version, rate_source=be.rate_source, rate_certificate=be.rate_certificate,
        add=p(be.add_paise), duty_forgone=p(be.duty_forgone_paise),
        hss_seller_iec=be.hss_seller_iec, hss_seller_name=seller.name if seller else "",
        hss_charge_rate=be.hss_charge_rate, hss_charge_value_fc=be.hss_charge_value_fc,
        hss_charges=p(be.hss_charges_paise), duty_paid=p(be.duty_paid_paise),
        amount_due=p(be.duty_paise + be.late_charge_paise - be.duty_paid_paise),
        amendments=be.amendments, ccv_at=be.ccv_at, delivered_at=be.delivered_at,
        terms_of_invoice=be.terms_of_invoice, nature_of_transaction=be.nature_of_transaction,
        gstin=be.gstin, gst_state_code=be.gst_state_code, tax_type=be.tax_type,
        containers=tuple(BeContainerView(c.container_no, c.seal_no, c.size, c.fcl_lcl)
                         for c in s.exec(select(BeContainer).where(BeContainer.be_id == be.id)
                                         .order_by(BeContainer.sl))),
        edi_sender=be.edi_sender,
        valuation=be_duty.valuation(s, be, be.be_date or igm.igm_date).lines(be.currency))


def get_be(core: Core, be_no: int) -> BeView:
    with core.db.read() as s:
        return be_view(s, load_be(s, be_no, lock=False))


# ---- Annexure C ----


def _dec(raw: dict, key: str, path: str, *, positive: bool = True) -> Decimal:
    value = raw.get(key)
    if inputs.blank(value):
        if positive:
            raise InvalidInput(path, "must be above zero", "IMP-BE-1")
        return Decimal(0)
    return inputs.number(value, path, "IMP-BE-1", positive=positive)


def _yes(value: object, path: str) -> bool:
    """A yes/no field: a boolean, or yes/no written out."""
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().upper()
    if isinstance(value, str | int) and word in ("", "0", "1", "Y", "N", "YES", "NO", "TRUE",
                                                  "FALSE"):
        return word in ("1", "Y", "YES", "TRUE")
    raise InvalidInput(path, f"{value!r}: yes or no", "IMP-BE-1")


def _fmt(fn, value: object, path: str, rule: str) -> str:
    """A format check from ``console.formats``, its complaint re-raised against ``path``."""
    try:
        return fn(str(value or "").strip())
    except ValueError as exc:
        raise InvalidInput(path, str(exc), rule) from None


def _read(s: Session, data: dict, location: str, own_id: int | None = None
          ) -> tuple[dict, list[dict], t.IgmLine]:
    be_type = str(data.get("be_type") or "").strip().upper()
    if be_type not in BE_TYPES:
        raise InvalidInput("be_type", "H (home consumption), W (warehousing) or X (ex-bond)",
                           "IMP-BE-5")
    iec = _fmt(formats.iec, data.get("iec"), "iec", "IMP-REG-1")
    importer = s.get(t.Iec, iec)
    if importer is None or not importer.active:
        raise RuleViolation("IMP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
    try:
        igm_no = inputs.count(data.get("igm_no") or 0, "igm_no", "IMP-BE-1", minimum=0)
    except ValueError:
        raise InvalidInput("igm_no", "the IGM number", "IMP-BE-1") from None
    bl_no = str(data.get("bl_no") or "").strip().upper()
    igm = s.exec(select(t.Igm).where(t.Igm.igm_no == igm_no,
                                     t.Igm.location_code == location)).first()
    line = s.exec(select(t.IgmLine).where(t.IgmLine.igm_id == igm.id,
                                          t.IgmLine.bl_no == bl_no)).first() if igm else None
    if line is None:
        raise InvalidInput("bl_no", f"IGM {igm_no} at {location} has no line with bill of "
                           f"lading {bl_no or '-'}", "IMP-BE-1")
    taken = s.exec(select(t.BillOfEntry.job_no).where(
        t.BillOfEntry.igm_line_id == line.id, t.BillOfEntry.be_type != BeType.EX_BOND,
        t.BillOfEntry.id != (own_id or 0))).first()
    if taken is not None:
        raise RuleViolation("IMP-BE-1", f"IGM {igm_no} line {line.line_no} ({bl_no}) already "
                            f"has a declaration (job {taken}): one declaration per line")
    currency = _fmt(formats.currency, data.get("currency"), "currency", "IMP-REG-3")
    if refcache.get(s, t.Currency, currency) is None:
        raise InvalidInput("currency", f"{currency} is not in the currency directory",
                           "IMP-REG-3")
    head = {"be_type": be_type, "iec": iec, "currency": currency,
            "invoice_value_fc": _dec(data, "invoice_value", "invoice_value"),
            "freight_fc": _dec(data, "freight", "freight", positive=False),
            "insurance_fc": _dec(data, "insurance", "insurance", positive=False),
            "first_check": _yes(data.get("first_check"), "first_check")}
    items = []
    for n, raw in enumerate(inputs.rows(data.get("items"), "items", "IMP-BE-1"), 1):
        p = f"items[{n}]"
        tariff = _fmt(formats.tariff_item, raw.get("tariff_item"), f"{p}.tariff_item",
                      "IMP-DUT-1")
        if refcache.get(s, t.TariffItem, tariff) is None:
            raise InvalidInput(f"{p}.tariff_item", f"{tariff} is not in the tariff",
                               "IMP-DUT-1")
        uqc = str(raw.get("uqc") or "").strip().upper()
        if refcache.get(s, t.Uqc, uqc) is None:
            raise InvalidInput(f"{p}.uqc", f"{uqc!r} is not a UQC", "IMP-DUT-1")
        description = str(raw.get("description") or "").strip()
        if not description:
            raise InvalidInput(f"{p}.description", "required", "IMP-BE-1")
        items.append({"sl": n, "tariff_item": tariff, "description": description[:300],
                      "quantity": _dec(raw, "quantity", f"{p}.quantity"), "uqc": uqc,
                      "value_fc": _dec(raw, "value", f"{p}.value")})
    if not items:
        raise InvalidInput("items", "at least one item", "IMP-BE-1")
    total = sum((i["value_fc"] for i in items), Decimal(0))
    if total != head["invoice_value_fc"]:
        raise InvalidInput("invoice_value", f"{head['invoice_value_fc']} differs from the sum "
                           f"of the items ({total})", "IMP-BE-1")
    return head, items, line


def _choice(value: object, allowed, path: str) -> str:
    v = "" if value is None else str(value).strip().upper()
    if v and v not in allowed:
        raise InvalidInput(path, f"{v!r}: one of {', '.join(allowed)}", "IMP-BE-1")
    return v


def read_declared(data: dict) -> dict:
    """Terms of invoice, nature of transaction and the CTX registration, checked (CACHI01
    INVOICE and CTX). A registration of tax type G is a GSTIN (check character verified)
    whose first two digits are the GST state code; a GSTIN given without a type is of type
    G. Any part of the CTX needs the other two."""
    from console.services.exports.filing import gst_state_code

    terms = str(data.get("terms_of_invoice") or "").strip().upper().replace("&", "")
    head = {"terms_of_invoice": _choice(terms.replace(" ", ""), TERMS_OF_INVOICE,
                                        "terms_of_invoice"),
            "nature_of_transaction": _choice(data.get("nature_of_transaction"),
                                             NATURES_OF_TRANSACTION, "nature_of_transaction"),
            "tax_type": _choice(data.get("tax_type"), TAX_TYPES, "tax_type")}
    number = str(data.get("gstin") or "").strip().upper()
    state = gst_state_code(data.get("gst_state_code"), "gst_state_code", "IMP-BE-1")
    if number and not head["tax_type"]:
        head["tax_type"] = "G"
    kind = head["tax_type"]
    if kind == "G":
        number = _fmt(formats.gstin, number, "gstin", "EXP-REG-8")
        state = state or number[:2]
        if state != number[:2]:
            raise InvalidInput("gst_state_code", f"{state}: the GSTIN {number} is registered "
                               f"in state {number[:2]}", "IMP-BE-1")
    elif number and not (len(number) <= 20 and number.isascii() and number.isalnum()):
        raise InvalidInput("gstin", f"{number!r}: the {TAX_TYPES[kind]} number, at most 20 "
                           "letters and digits", "IMP-BE-1")
    if kind and not number:
        raise InvalidInput("gstin", f"required: the {TAX_TYPES[kind]} number of tax type "
                           f"{kind}", "IMP-BE-1")
    if kind and not state:
        raise InvalidInput("gst_state_code", "required with the commercial tax registration",
                           "IMP-BE-1")
    if state and not kind:
        raise InvalidInput("tax_type", "required with the GST state code: the registration's "
                           "tax type and number", "IMP-BE-1")
    head.update(gstin=number, gst_state_code=state)
    return head


def read_be_containers(data: dict) -> list[dict[str, str]]:
    """The containers and seals (CACHI01 CONTAINER: seal numbers of up to 10 characters)."""
    from console.services.exports.filing import read_containers

    return read_containers(data.get("containers"), "containers", "IMP-BE-1", seal_limit=10,
                           extra=("fcl_lcl",))


# The BillOfEntry fields Annexure C sets (``_read``, ``be_duty.read_head``,
# ``warehousing.read_ex_bond``): a correction resets them before applying the new keying.
KEYED = ("be_type", "iec", "currency", "exchange_rate", "rate_units", "invoice_value_fc",
         "freight_fc", "insurance_fc", "first_check", "rate_source", "rate_date",
         "rate_certificate", "hss_seller_iec", "hss_charge_rate", "hss_charge_value_fc")


def _read_annexure(s: Session, core: Core, actor: Actor, data: dict, own_id: int | None = None
                   ) -> tuple[dict, list[dict], t.IgmLine]:
    """Annexure C checked: the BE's fields, its items and its IGM line (``own_id``: the
    draft being corrected, which may keep its line)."""
    from console.services.bonds import warehousing

    if warehousing.is_ex_bond(data):  # WH-3: the details come from the W BE named
        head, items, line = warehousing.read_ex_bond(s, data, actor.location_code)
    else:
        head, items, line = _read(s, data, actor.location_code, own_id)
        head.update(be_duty.read_head(s, data, head["currency"], head["iec"], core.today()))
        be_duty.read_items(s, inputs.rows(data.get("items"), "items", "IMP-BE-1"), items,
                           head["iec"], actor.location_code, core.today())
    head = {**read_declared(data), **head}  # an X BE keeps its W BE's terms (WH-3)
    read_be_containers(data)  # refused here, before anything is written
    return head, items, line


def _write_annexure(s: Session, be: t.BillOfEntry, data: dict, items: list[dict]) -> None:
    """The items, the containers, the warehouse and bond particulars, and the keying itself
    (the declared fields of issue 16 as read: the keying round-trips)."""
    from console.services.bonds import bonds, warehousing

    containers = read_be_containers(data)
    keyed = dict(data)
    for key in DECLARED:
        if key in keyed or getattr(be, key):
            keyed[key] = getattr(be, key)
    if "containers" in keyed:
        keyed["containers"] = containers
    be.keyed = json.dumps(keyed, default=str, ensure_ascii=False)
    s.add(be)
    s.flush()
    for it in items:
        s.add(t.BeItem(be_id=be.id, **it))
    for n, c in enumerate(containers, start=1):
        s.add(BeContainer(be_id=be.id, sl=n, **c))
    warehousing.record_filing(s, data, be)  # WH-1, WH-3
    bonds.record_filing(s, data, be)  # BND-6, BND-12, BND-14


def _clear_annexure(s: Session, be: t.BillOfEntry) -> None:
    """What ``_write_annexure`` wrote for a draft (a draft has no ledger, bond or duty yet)."""
    s.flush()
    ex_bonds = select(t.ExBond.id).where(t.ExBond.be_id == be.id)
    s.execute(delete(t.ExBondItem).where(t.ExBondItem.ex_bond_id.in_(ex_bonds)))
    for table in (t.ExBond, t.Warehousing, t.BeBond, t.BeItem, BeContainer):
        s.execute(delete(table).where(table.be_id == be.id))
    fields = t.BillOfEntry.model_fields
    for name in KEYED:  # the required ones are always keyed afresh
        if not fields[name].is_required():
            setattr(be, name, fields[name].default)


def file_be(core: Core, actor: Actor, data: dict) -> BeView:
    """The operator keys Annexure C with the invoice and packing list; accepted only against
    an IGM line with the same IGM number and bill of lading, one declaration per line
    (IMP-BE-1). A draft, numbered by job."""
    key = BE.check(actor, "key")
    with core.db.write() as s:
        head, items, line = _read_annexure(s, core, actor, data)
        be = t.BillOfEntry(job_no=next_number(s, "JOB"), location_code=actor.location_code,
                           igm_line_id=line.id, state=B.DRAFT, created_by=actor.username,
                           created_at=core.now(), **head)
        _write_annexure(s, be, data, items)
        transition(s, core, actor, be, key, reason=f"IGM line {line.line_no} ({line.bl_no})")
        return be_view(s, be)


def correct_be(core: Core, actor: Actor, job_no: int, data: dict, *, endorsement: str = "",
               expected_version: int | None = None) -> BeView:
    """Re-key a draft's Annexure C (IMP-BE-2, as EXP-FIL-2 for SBs). After a checklist is
    printed only corrections marked and signed on it are keyed: ``endorsement`` records
    them and the BE returns to draft for a new checklist round."""
    with core.db.write() as s:
        be = BE.take(s, actor, "correct", job_no, expected_version=expected_version, by="job")
        printed = be.state == B.CHECKLIST_PRINTED
        if printed and not endorsement.strip():
            raise RuleViolation("IMP-BE-2", "the checklist is printed: key only corrections "
                                "marked and signed on it, and record that endorsement")
        head, items, line = _read_annexure(s, core, actor, data, own_id=be.id)
        # after a checklist the BE returns to draft for a new round; a draft is edited
        transition(s, core, actor, be, BE["correct"], action="correct" if printed else "edit",
                   reason=endorsement.strip()[:500])
        _clear_annexure(s, be)
        for key, value in head.items():
            setattr(be, key, value)
        be.igm_line_id = line.id
        _write_annexure(s, be, data, items)
        return be_view(s, be)


def get_job(core: Core, job_no: int) -> BeView:
    """A BE by its job number (a draft has no BE number yet)."""
    with core.db.read() as s:
        return be_view(s, load_job(s, job_no, lock=False))


def keyed_declaration(core: Core, job_no: int) -> dict:
    """A BE's Annexure C as keyed, the dict ``file_be`` and ``correct_be`` take (to edit)."""
    with core.db.read() as s:
        return json.loads(load_job(s, job_no, lock=False).keyed or "{}")


def print_checklist(core: Core, actor: Actor, job_no: int, *,
                    expected_version: int | None = None) -> BeView:
    """A checklist round (IMP-BE-2, as EXP-FIL-2): the importer checks it; corrections make a
    new round; submission needs a printed, unchanged checklist."""
    with core.db.write() as s:
        be = BE.take(s, actor, "checklist", job_no, expected_version=expected_version,
                     by="job")
        be.checklist_round += 1
        transition(s, core, actor, be, BE["checklist"], reason=f"round {be.checklist_round}")
        return be_view(s, be)


def late_charge(s: Session, arrival: date, filed: date, air: bool, location: str) -> Decimal:
    """IMP-BE-6: ₹5,000 a day for the first three days late, ₹10,000 a day after."""
    due = arrival if air else arrival - timedelta(days=1)
    late = max(0, (filed - due).days)
    first = parameter(s, "IMP-BE-6.charge_first3_per_day", filed, location)
    after = parameter(s, "IMP-BE-6.charge_after_per_day", filed, location)
    return first * min(late, 3) + after * max(0, late - 3)


def submit_be(core: Core, actor: Actor, job_no: int, *, waive_late_charge: str = "",
              expected_version: int | None = None) -> BeView:
    """The BE number from the national series; with the date it is the BE number; the BE is
    then deemed filed and self-assessed (IMP-BE-3/4). Duty is computed at the rate in force
    on the submission date (IMP-DUT-1/2); a late BE carries the charge of IMP-BE-6."""
    today = core.today()
    with core.db.write() as s:
        be = BE.take(s, actor, "submit", job_no, expected_version=expected_version, by="job")
        line = s.get(t.IgmLine, be.igm_line_id)
        igm = s.get(t.Igm, line.igm_id)
        ahead = parameter(s, "IMP-BE-6.advance_days", today, be.location_code)
        if (igm.arrival_date - today).days > ahead:
            raise RuleViolation("IMP-BE-6", f"arrival {igm.arrival_date:%d.%m.%Y}: a BE is "
                                f"filed at most {ahead} days before arrival")
        ex_bond = be.be_type == BeType.EX_BOND
        rate, units = (be_duty.rate_on_filing(s, be, today) if not ex_bond  # IMP-DUT-1
                       else (be.exchange_rate, be.rate_units))  # WH-3: the W BE's rate
        _compute_duty(s, be, rate, units, today)
        port = refcache.get(s, t.Port, be.location_code)
        charge = late_charge(s, igm.arrival_date, today, port.kind == "air", be.location_code)
        if (charge and waive_late_charge.strip()) or ex_bond:  # X: WH-3
            charge = Decimal(0)
        be.late_charge_paise = to_paise(charge)
        be.be_no, be.be_date = next_number(s, "BE"), today
        to = B.FIRST_CHECK if be.first_check else B.SECOND_CHECK
        why = f"self-assessed; duty Rs {from_paise(be.duty_paise)}"
        if waive_late_charge.strip():
            why += f"; late charge waived: {waive_late_charge.strip()}"
        elif charge:
            why += f"; late charge Rs {charge}"
        transition(s, core, actor, be, BE["submit"], to=to, reason=why)
        return be_view(s, be)


def _compute_duty(s: Session, be: t.BillOfEntry, rate: Decimal, units: int, on: date) -> None:
    """Duty item by item (IMP-DUT-1/2/4/5/6, IMP-LIC-2): ``be_duty.compute_duty``."""
    be_duty.compute_duty(s, be, rate, units, on)

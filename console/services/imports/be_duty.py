"""What a Bill of Entry claims beyond its items' values, and the duty computed from it
(IMP-REG-3, IMP-DUT-1, IMP-DUT-2, IMP-DUT-4, IMP-DUT-5, IMP-DUT-6, IMP-LIC-1, IMP-LIC-2).
``bills_of_entry`` calls ``read_head`` and ``read_items`` while keying Annexure C and
``compute_duty`` on submission; amendments (``be_amendments``) and the appraiser's change
of the high-sea-sale charges call ``compute_duty`` again, on the BE date.

Annexure C, beyond ``bills_of_entry``:

- head: ``bank_rate`` and ``bank_certificate`` (an un-notified currency, IMP-REG-3);
  ``high_sea_sale``: ``{"seller_iec", "charge_rate"}`` (% of CIF) or
  ``{"seller_iec", "charge_value"}`` (invoice currency) (IMP-DUT-6);
- each item: ``origin_country`` (ISO 3166 alpha-2); ``tv_notification``, ``tv_sl`` and
  optionally ``tv_quantity`` in the tariff value's unit (IMP-DUT-4); ``add_notification``,
  ``add_item_sl``, ``add_producer_sl`` (IMP-DUT-5); ``licence_no`` and ``licence_sl``, the
  Part-C serial (IMP-LIC-2).

Decisions where the notice is silent:

- IMP-REG-3: the bank certificate is for the date the BE is filed, i.e. submitted (the
  number and date are given then, IMP-BE-3): keyed on one day, submitted on another, it is
  refused until a certificate for the submission date is keyed.
- IMP-DUT-4: the tariff value in force on the BE date applies; an item whose tariff item
  has a tariff value in force must declare it (the invoice value is not its AV). The
  declared quantity in the tariff value's unit must agree with the item's quantity where
  the units convert (mass); it is derived from it when not declared.
- IMP-DUT-5: the importer's notification and serials must name a row for the item's tariff
  item and its country of origin, in force on the BE date. An item with a country of origin
  that an anti-dumping row in force covers must declare it. The country of export is not
  keyed on the BE, so it is not checked.
- IMP-DUT-6: only the charges, not the seller, may be changed by the appraiser, and only
  while the BE is with him for assessment; after that it is an amendment (IMP-AMD-1).
- IMP-LIC-2: an item under a licence pays no BCD, SWS or IGST; those are its duty forgone,
  debited with its quantity and assessable value. Anti-dumping duty is still paid.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_
from sqlmodel import Session, select

import db.tables as t
from console import formats
from console.errors import InvalidInput, RuleViolation
from console.money import from_paise, to_paise
from console.rules.duty import (
    CifValue,
    anti_dumping_duty,
    cif_value,
    convert_quantity,
    high_sea_charges,
    item_duty,
    tariff_value_assessable,
)
from console.rules.params import exchange_rate, parameter
from db import refcache

ITEM_CLAIMS = ("origin_country", "tv_notification", "tv_sl", "tv_quantity", "add_notification",
               "add_item_sl", "add_producer_sl", "licence_no", "licence_sl")


def _text(raw: dict, key: str) -> str:
    return str(raw.get(key) or "").strip()


def _number(raw: dict, key: str, path: str, rule: str) -> Decimal | None:
    if raw.get(key) in (None, ""):
        return None
    try:
        value = Decimal(str(raw[key]).strip())
    except InvalidOperation:
        raise InvalidInput(path, f"{raw[key]!r} is not a number", rule) from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(path, "a number, not below zero", rule)
    return value


def _serial(raw: dict, key: str, path: str, rule: str) -> int:
    try:
        value = int(str(raw.get(key) or "").strip())
    except ValueError:
        raise InvalidInput(path, "a serial number", rule) from None
    if value < 1:
        raise InvalidInput(path, "a serial number above 0", rule)
    return value


def _in_force(table, on: date):
    return (table.effective_from <= on,
            or_(table.effective_to.is_(None), table.effective_to >= on))


def notified(s: Session, currency: str, on: date) -> bool:
    try:
        exchange_rate(s, currency, on, kind="import")
    except InvalidInput:
        return False
    return True


# ---- Annexure C: the head ----


def read_head(s: Session, data: dict, currency: str, iec: str, on: date) -> dict:
    """The bank-certified rate of an un-notified currency (IMP-REG-3) and the high-sea sale
    (IMP-DUT-6), as BillOfEntry fields."""
    out: dict = {}
    bank = _number(data, "bank_rate", "bank_rate", "IMP-REG-3")
    if notified(s, currency, on):
        if bank is not None:
            raise InvalidInput("bank_rate", f"{currency} has a notified rate: a bank-certified "
                               "rate is only for un-notified currencies", "IMP-REG-3")
    else:
        if not bank:
            raise InvalidInput("bank_rate", f"{currency} has no notified rate on "
                               f"{on:%d.%m.%Y}: key the bank-certified rate for the filing "
                               "date", "IMP-REG-3")
        certificate = _text(data, "bank_certificate")
        if not certificate:
            raise InvalidInput("bank_certificate", "the bank's certificate (bank, number) of "
                               "the rate", "IMP-REG-3")
        out.update(rate_source="bank", exchange_rate=bank, rate_units=1, rate_date=on,
                   rate_certificate=certificate[:80])
    hss = data.get("high_sea_sale")
    if hss:
        out.update(high_sea_sale(s, hss if isinstance(hss, dict) else {}, iec))
    return out


def high_sea_sale(s: Session, raw: dict, iec: str) -> dict:
    """The seller's registered IEC and the charges, as BillOfEntry fields (IMP-DUT-6)."""
    try:
        seller = formats.iec(_text(raw, "seller_iec"))
    except ValueError as e:
        raise InvalidInput("high_sea_sale.seller_iec", str(e), "IMP-DUT-6") from None
    row = s.get(t.Iec, seller)
    if row is None or not row.active:
        raise RuleViolation("IMP-REG-1", f"the seller's IEC {seller} is not registered "
                            "(DGFT feed)")
    if seller == iec:
        raise InvalidInput("high_sea_sale.seller_iec", "the seller is not the importer",
                           "IMP-DUT-6")
    rate, value = charges(raw, "high_sea_sale")
    return {"hss_seller_iec": seller, "hss_charge_rate": rate, "hss_charge_value_fc": value}


def charges(raw: dict, path: str) -> tuple[Decimal | None, Decimal | None]:
    """The high-sea-sale charges: a rate (% of CIF) or a value, exactly one (IMP-DUT-6)."""
    rate = _number(raw, "charge_rate", f"{path}.charge_rate", "IMP-DUT-6")
    value = _number(raw, "charge_value", f"{path}.charge_value", "IMP-DUT-6")
    if (rate is None) == (value is None):
        raise InvalidInput(f"{path}.charge_rate", "the charges as a rate (% of CIF) or a "
                           "value, one of them", "IMP-DUT-6")
    if rate is not None and rate > 100:
        raise InvalidInput(f"{path}.charge_rate", "a percentage of CIF, at most 100",
                           "IMP-DUT-6")
    return rate, value


# ---- Annexure C: the items ----


def read_items(s: Session, raw_items: list[dict], items: list[dict], iec: str, location: str,
               on: date) -> None:
    """Add each item's claims (origin, tariff value, anti-dumping, licence) to ``items``,
    checked against the directories as far as they do not depend on the BE date."""
    for raw, it in zip(raw_items, items, strict=True):
        it.update(read_item(s, raw, it, iec, location, on))


def read_item(s: Session, raw: dict, it: dict, iec: str, location: str, on: date) -> dict:
    """One item's claims; ``it`` holds its tariff item, quantity and UQC."""
    p = f"items[{it['sl']}]"
    out: dict = {k: None if k in ("tv_quantity", "add_item_sl", "add_producer_sl",
                                  "licence_sl") else "" for k in ITEM_CLAIMS}
    origin = _text(raw, "origin_country").upper()
    if origin:
        if refcache.get(s, t.Country, origin) is None:
            raise InvalidInput(f"{p}.origin_country", f"{origin!r} is not in the country "
                               "directory", "IMP-DUT-5")
        out["origin_country"] = origin
    if _text(raw, "tv_notification") or _text(raw, "tv_sl"):
        out.update(_tariff_value_claim(s, raw, it, p))
    if _text(raw, "add_notification"):
        out.update(_anti_dumping_claim(s, raw, it, origin, p))
    if _text(raw, "licence_no"):
        out.update(_licence_claim(s, raw, it, iec, location, on, p))
    return out


def _tariff_value_claim(s: Session, raw: dict, it: dict, p: str) -> dict:
    notification, sl = _text(raw, "tv_notification"), _text(raw, "tv_sl").upper()
    rows = s.exec(select(t.TariffValue).where(t.TariffValue.notification == notification,
                                              t.TariffValue.sl == sl)).all()
    if not rows:
        raise InvalidInput(f"{p}.tv_sl", f"no tariff value {notification} S.No. {sl or '-'}",
                           "IMP-DUT-4")
    row = rows[0]
    if not it["tariff_item"].startswith(row.tariff_item):
        raise InvalidInput(f"{p}.tv_sl", f"tariff value {notification} S.No. {sl} is for "
                           f"{row.tariff_item}, not {it['tariff_item']}", "IMP-DUT-4")
    declared = _number(raw, "tv_quantity", f"{p}.tv_quantity", "IMP-DUT-4")
    converted = convert_quantity(it["quantity"], it["uqc"], row.uqc)
    if declared is None and converted is None:
        raise InvalidInput(f"{p}.tv_quantity", f"the quantity in {row.uqc}, the unit of the "
                           "tariff value", "IMP-DUT-4")
    if declared is not None and converted is not None and declared != converted:
        raise InvalidInput(f"{p}.tv_quantity", f"{declared} {row.uqc} differs from the item's "
                           f"{it['quantity']} {it['uqc']}", "IMP-DUT-4")
    return {"tv_notification": notification, "tv_sl": sl,
            "tv_quantity": declared if declared is not None else converted}


def _anti_dumping_claim(s: Session, raw: dict, it: dict, origin: str, p: str) -> dict:
    notification = _text(raw, "add_notification")
    item_sl = _serial(raw, "add_item_sl", f"{p}.add_item_sl", "IMP-DUT-5")
    producer_sl = _serial(raw, "add_producer_sl", f"{p}.add_producer_sl", "IMP-DUT-5")
    row = s.exec(select(t.AntiDumpingDuty).where(
        t.AntiDumpingDuty.notification == notification, t.AntiDumpingDuty.item_sl == item_sl,
        t.AntiDumpingDuty.producer_sl == producer_sl)).first()
    if row is None:
        raise InvalidInput(f"{p}.add_producer_sl", f"no anti-dumping entry {notification} item "
                           f"{item_sl} producer/exporter {producer_sl}", "IMP-DUT-5")
    if not it["tariff_item"].startswith(row.tariff_item):
        raise InvalidInput(f"{p}.add_item_sl", f"{notification} item {item_sl} is for "
                           f"{row.tariff_item}, not {it['tariff_item']}", "IMP-DUT-5")
    if origin != row.origin_country:
        raise InvalidInput(f"{p}.origin_country", f"{notification} item {item_sl} producer/"
                           f"exporter {producer_sl} is for goods from {row.origin_country}, "
                           f"not {origin or '-'}", "IMP-DUT-5")
    if row.amount is not None and convert_quantity(it["quantity"], it["uqc"], row.uqc) is None:
        raise InvalidInput(f"{p}.uqc", f"the duty is per {row.uqc}: give the quantity in a "
                           "unit that converts to it", "IMP-DUT-5")
    return {"add_notification": notification, "add_item_sl": item_sl,
            "add_producer_sl": producer_sl}


def _licence_claim(s: Session, raw: dict, it: dict, iec: str, location: str, on: date,
                   p: str) -> dict:
    from console.services.schemes.licences import find_licence  # not for reading a BE

    number = _text(raw, "licence_no").upper()
    lic = find_licence(s, number)
    if lic is None:
        raise InvalidInput(f"{p}.licence_no", f"licence {number} is not on record: DGFT's "
                           "DES/EPCG licences arrive online", "IMP-LIC-1")
    if lic.iec != iec:
        raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is of IEC {lic.iec}, "
                           f"not {iec}", "IMP-LIC-2")
    if lic.source == "port" and lic.port_code != location:
        raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is registered at "
                           f"{lic.port_code}, not {location}", "IMP-LIC-1")
    if not lic.issued_on <= on <= lic.valid_to:
        raise InvalidInput(f"{p}.licence_no", f"licence {lic.licence_no} is valid "
                           f"{lic.issued_on:%d.%m.%Y} to {lic.valid_to:%d.%m.%Y}", "IMP-LIC-2")
    sl = _serial(raw, "licence_sl", f"{p}.licence_sl", "IMP-LIC-2")
    line = s.exec(select(t.LicenceLine).where(t.LicenceLine.licence_id == lic.id,
                                              t.LicenceLine.part == "C",
                                              t.LicenceLine.sl == sl)).first()
    if line is None:
        raise InvalidInput(f"{p}.licence_sl", f"licence {lic.licence_no} has no Part-C item "
                           f"{sl}", "IMP-LIC-2")
    if line.quantity is not None and convert_quantity(it["quantity"], it["uqc"],
                                                      line.uqc) is None:
        raise InvalidInput(f"{p}.uqc", f"licence item {sl} is in {line.uqc}: give the quantity "
                           "in a unit that converts to it", "IMP-LIC-2")
    return {"licence_no": number, "licence_sl": sl}


# ---- duty ----


def rate_on_filing(s: Session, be: t.BillOfEntry, on: date) -> tuple[Decimal, int]:
    """The rate for a BE filed (submitted) on ``on``: the notified import rate in force
    (IMP-DUT-1), or the bank-certified rate keyed for that very date (IMP-REG-3)."""
    if be.rate_source != "bank":
        return exchange_rate(s, be.currency, on, kind="import")
    if be.rate_date != on:
        raise RuleViolation("IMP-REG-3", f"the bank certificate {be.rate_certificate} is for "
                            f"{be.rate_date:%d.%m.%Y}, the BE is filed on {on:%d.%m.%Y}: key "
                            "the certified rate for the filing date")
    return be.exchange_rate, be.rate_units


def rate_certificate(be: t.BillOfEntry, produced: str) -> str:
    """At Out of Charge a BE at a bank-certified rate needs the certificate produced
    (IMP-REG-3): ``produced`` is its reference as the officer saw it. Returns the note for
    the audit trail."""
    if be.rate_source != "bank":
        return ""
    if not produced.strip():
        raise RuleViolation("IMP-REG-3", f"BE {be.be_no} is at a bank-certified rate: the "
                            f"bank's certificate ({be.rate_certificate}) is produced at Out of "
                            "Charge")
    return f"; bank certificate produced: {produced.strip()[:80]}"


def _rate_for(s: Session, be: t.BillOfEntry, currency: str, rate: Decimal, units: int,
              on: date) -> tuple[Decimal, int]:
    """Rupees per units of ``currency`` on the BE date: the BE's own rate for its currency
    (notified or bank-certified), 1 for rupees, else the notified import rate."""
    if currency == be.currency:
        return rate, units
    if currency == "INR":
        return Decimal(1), 1
    return exchange_rate(s, currency, on, kind="import")


def _tariff_value(s: Session, item: t.BeItem, on: date) -> t.TariffValue:
    row = s.exec(select(t.TariffValue).where(
        t.TariffValue.notification == item.tv_notification, t.TariffValue.sl == item.tv_sl,
        *_in_force(t.TariffValue, on)).order_by(t.TariffValue.effective_from.desc())).first()
    if row is None:
        raise RuleViolation("IMP-DUT-4", f"item {item.sl}: tariff value {item.tv_notification} "
                            f"S.No. {item.tv_sl} is not in force on {on:%d.%m.%Y}")
    return row


def sws_rate(s: Session, tariff_item: str, on: date, general: Decimal) -> tuple[Decimal, str]:
    """IMP-DUT-2: the SWS rate an item pays on ``on`` and the notification that sets it:
    the row of the SWS exemption directory with the longest prefix of the item in force
    (a whole exemption is 0; Notification 12/2018-Cus exempts what exceeds 3 %), else the
    general rate and no notification. An exemption never raises the rate."""
    rows = s.exec(select(t.SwsExemption).where(
        t.SwsExemption.tariff_item.in_([tariff_item[:n] for n in range(2, 9)]),
        *_in_force(t.SwsExemption, on))).all()
    if not rows:
        return general, ""
    row = max(rows, key=lambda r: (len(r.tariff_item), r.effective_from))
    if row.sws_pct >= general:
        return general, ""
    return row.sws_pct, f"{row.notification} Sl. {row.sl}"


def _undeclared(s: Session, item: t.BeItem, on: date) -> None:
    """An item must declare a tariff value (IMP-DUT-4), or an anti-dumping duty for its
    country of origin (IMP-DUT-5), that is in force for it."""
    if not item.tv_notification:
        for row in s.exec(select(t.TariffValue).where(*_in_force(t.TariffValue, on))):
            if item.tariff_item.startswith(row.tariff_item):
                raise RuleViolation("IMP-DUT-4", f"item {item.sl}: {item.tariff_item} has a "
                                    f"tariff value ({row.notification} S.No. {row.sl}): "
                                    "declare it; the invoice value is not the assessable value")
    if item.origin_country and not item.add_notification:
        for row in s.exec(select(t.AntiDumpingDuty).where(
                t.AntiDumpingDuty.origin_country == item.origin_country,
                *_in_force(t.AntiDumpingDuty, on))):
            if item.tariff_item.startswith(row.tariff_item):
                raise RuleViolation("IMP-DUT-5", f"item {item.sl}: {item.tariff_item} from "
                                    f"{item.origin_country} bears anti-dumping duty "
                                    f"({row.notification} item {row.item_sl}): declare the "
                                    "notification and the producer/exporter serial")


def _anti_dumping(s: Session, be: t.BillOfEntry, item: t.BeItem, av: Decimal,
                  duties: Decimal, rate: Decimal, units: int, on: date) -> Decimal:
    if not item.add_notification:
        return Decimal(0)
    row = s.exec(select(t.AntiDumpingDuty).where(
        t.AntiDumpingDuty.notification == item.add_notification,
        t.AntiDumpingDuty.item_sl == item.add_item_sl,
        t.AntiDumpingDuty.producer_sl == item.add_producer_sl,
        *_in_force(t.AntiDumpingDuty, on))).first()
    if row is None:
        raise RuleViolation("IMP-DUT-5", f"item {item.sl}: anti-dumping {item.add_notification} "
                            f"item {item.add_item_sl} producer/exporter {item.add_producer_sl} "
                            f"is not in force on {on:%d.%m.%Y}")
    if row.rate_pct is not None:
        return anti_dumping_duty(av, duties, rate_pct=row.rate_pct)
    add_rate, add_units = _rate_for(s, be, row.currency, rate, units, on)
    return anti_dumping_duty(av, duties, amount=row.amount, quantity=convert_quantity(
        item.quantity, item.uqc, row.uqc), rate=add_rate, units=add_units)


def valuation(s: Session, be: t.BillOfEntry, on: date) -> CifValue:
    """IMP-DUT-7: the BE's CIF value, from its terms of invoice, the freight and insurance
    declared and the rule's percentages in force on ``on`` (``rules.duty.cif_value``)."""
    line = s.get(t.IgmLine, be.igm_line_id)
    igm = s.get(t.Igm, line.igm_id) if line else None
    port = refcache.get(s, t.Port, igm.location_code) if igm else None
    at = be.location_code

    def pct(key: str) -> Decimal:
        return parameter(s, f"IMP-DUT-7.{key}", on, at)

    return cif_value(be.terms_of_invoice, be.invoice_value_fc, be.freight_fc,
                     be.insurance_fc, freight_pct=pct("freight_pct"),
                     insurance_pct=pct("insurance_pct"),
                     air=bool(port and port.kind == "air"), air_cap_pct=pct("air_freight_cap_pct"))


def compute_duty(s: Session, be: t.BillOfEntry, rate: Decimal, units: int, on: date) -> None:
    """Per item: the AV (its share of CIF plus any high-sea-sale charges, or its tariff
    value), BCD, SWS, anti-dumping duty and IGST; an item under a licence forgoes BCD, SWS
    and IGST and debits the licence, refused beyond its balance. All at ``rate`` rupees per
    ``units`` and the directories in force on ``on``, the BE date."""
    sws_pct = parameter(s, "IMP-DUT-2.sws_pct", on, be.location_code)
    cif_fc = valuation(s, be, on).cif
    hss_fc = (high_sea_charges(cif_fc, rate_pct=be.hss_charge_rate,
                               value_fc=be.hss_charge_value_fc)
              if be.hss_seller_iec else Decimal(0))
    total_paise = to_paise((cif_fc + hss_fc) * rate / units)
    items = s.exec(select(t.BeItem).where(t.BeItem.be_id == be.id).order_by(t.BeItem.sl)).all()
    done = 0
    totals = dict(av=0, bcd=0, sws=0, add=0, igst=0, forgone=0)
    debits: dict[str, dict[int, list]] = {}
    for n, item in enumerate(items):
        share = total_paise - done if n == len(items) - 1 else to_paise(
            from_paise(total_paise) * item.value_fc / be.invoice_value_fc)
        done += share
        _undeclared(s, item, on)
        av = from_paise(share)
        if item.tv_notification:  # IMP-DUT-4: the tariff value is the AV
            tv = _tariff_value(s, item, on)
            tv_rate, tv_units = _rate_for(s, be, tv.currency, rate, units, on)
            av = tariff_value_assessable(tv.value, tv.per_quantity, item.tv_quantity, tv_rate,
                                         tv_units)
        tariff = refcache.get(s, t.TariffItem, item.tariff_item)
        item.sws_rate, item.sws_notification = sws_rate(s, item.tariff_item, on, sws_pct)
        plain = item_duty(av, tariff.bcd_rate, tariff.igst_rate, item.sws_rate)
        add = _anti_dumping(s, be, item, plain.assessable, plain.bcd + plain.sws, rate, units,
                            on)
        d = item_duty(av, tariff.bcd_rate, tariff.igst_rate, item.sws_rate, add)
        item.assessable_paise = to_paise(d.assessable)
        item.bcd_rate, item.igst_rate = tariff.bcd_rate, tariff.igst_rate
        item.add_paise = to_paise(d.add)
        if item.licence_no:  # IMP-LIC-2: exempt under the licence, which is debited
            item.duty_forgone_paise = to_paise(d.bcd + d.sws + d.igst)
            item.bcd_paise = item.sws_paise = item.igst_paise = 0
            debits.setdefault(item.licence_no, {}).setdefault(item.licence_sl, []).append(item)
        else:
            item.duty_forgone_paise = 0
            item.bcd_paise, item.sws_paise, item.igst_paise = (
                to_paise(d.bcd), to_paise(d.sws), to_paise(d.igst))
        s.add(item)
        for k, v in (("av", item.assessable_paise), ("bcd", item.bcd_paise),
                     ("sws", item.sws_paise), ("add", item.add_paise),
                     ("igst", item.igst_paise), ("forgone", item.duty_forgone_paise)):
            totals[k] += v
    _debit_licences(s, be, debits, on)
    be.exchange_rate, be.rate_units = rate, units
    be.hss_charges_paise = to_paise(hss_fc * rate / units)
    be.assessable_paise, be.bcd_paise = totals["av"], totals["bcd"]
    be.sws_paise, be.igst_paise, be.add_paise = totals["sws"], totals["igst"], totals["add"]
    be.duty_forgone_paise = totals["forgone"]
    be.duty_paise = totals["bcd"] + totals["sws"] + totals["add"] + totals["igst"]


def _debit_licences(s: Session, be: t.BillOfEntry, debits: dict[str, dict[int, list]],
                    on: date) -> None:
    """IMP-LIC-2: the items' quantities and values against each Part-C line's balance,
    leaving out this BE's own earlier debits (a re-assessment)."""
    from console.services.schemes.licences import check_import_debit, find_licence

    for number, by_line in debits.items():
        lic = find_licence(s, number, lock=True)
        if lic is None or not lic.issued_on <= on <= lic.valid_to:
            raise RuleViolation("IMP-LIC-2", f"licence {number} is not valid on {on:%d.%m.%Y}")
        units = {x.sl: x.uqc for x in s.exec(select(t.LicenceLine).where(
            t.LicenceLine.licence_id == lic.id, t.LicenceLine.part == "C"))}
        wanted = {}
        for sl, items in by_line.items():
            uqc = units.get(sl, "")
            quantity = sum((convert_quantity(i.quantity, i.uqc, uqc) or 0 for i in items),
                           Decimal(0)) if uqc else None
            wanted[sl] = (quantity, sum(i.assessable_paise for i in items))
        check_import_debit(s, lic, wanted, rule="IMP-LIC-2",
                           leave_out=("BE", be.be_no) if be.be_no else None)

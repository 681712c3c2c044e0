"""Blocks of a Shipping Bill shared by the checklist, the SB copies, the examination order
and the certificates: header, particulars, invoices, items, declarations, route."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm

from console.services.exports.sb_common import SbView
from console.services.printjobs import PrintJob
from printing.base import (
    WIDTH,
    Header,
    amount,
    day,
    fc,
    fields,
    grid,
    rs,
    section,
    stamp,
    yes,
)


def header(job: PrintJob, *, banner: str = "", on=None, number_label: str = "No.") -> Header:  # noqa: ANN001
    v = job.view
    return Header(job.title, v.location_code, v.location_name, job.number,
                  on or v.sb_date or v.created_at.date(), v.iec, v.exporter_name,
                  v.broker_code, v.broker_name, banner, job.reprint,
                  f"printed {stamp(job.printed_at)} by {job.printed_by}", number_label)


def particulars(v: SbView) -> list:
    consignee = ", ".join(x for x in (v.recipient_name, v.recipient_address) if x)
    return [section("Particulars"), fields([
        ("SB no. / date", f"{v.sb_no or 'on submission'} / {day(v.sb_date)}"),
        ("Job no.", v.job_no),
        ("Exporter", f"{v.iec} {v.exporter_name} (branch {v.branch_sl})"),
        ("Address", v.exporter_address),
        ("Customs broker", f"{v.broker_code} {v.broker_name}".strip()),
        ("Category", v.category.upper()),
        ("Port of loading", v.port_of_loading),
        ("Destination", f"{v.country_of_destination} {v.country_name}, {v.port_of_destination}"),
        ("Nature of contract", v.nature_of_contract), ("Incoterms place", v.incoterms_place),
        ("Consignee", consignee), ("Place of delivery", v.place_of_delivery),
        ("AD code / bank", f"{v.ad_code} {v.ad_bank}".strip()),
        ("Account / IFSC", f"{v.bank_account} {v.bank_ifsc}".strip()),
        ("GSTIN / invoice", f"{v.gstin or '-'} / {v.gst_invoice_type}"),
        ("Third-party remit.", yes(v.third_party_remittance)),
        ("NFEI / free sample", f"{yes(v.nfei)} / {yes(v.free_trade_sample)}"),
        ("Packages", f"{v.packages} {v.package_kind}"),
        ("Marks & numbers", v.marks),
        ("Gross / net weight", f"{fc(v.gross_weight_kg)} / {fc(v.net_weight_kg)} kg"),
    ])]


def invoices(v: SbView) -> list:
    w = WIDTH / 100
    rows = [(i.sl, i.invoice_no, day(i.invoice_date), i.currency,
             f"{fc(i.exchange_rate)}/{i.rate_units} {i.rate_source}", fc(i.invoice_value_fc),
             f"{fc(i.freight_fc)} / {fc(i.insurance_fc)}",
             f"{fc(i.commission_fc)} / {fc(i.discount_fc)}", amount(i.fob_inr))
            for i in v.invoices]
    return [section("Invoices"), grid(
        ["Sl", "Invoice no.", "Date", "Cur.", "Exch. rate / units", "Invoice value (FC)",
         "Freight / insurance", "Commission / discount", "FOB (Rs.)"], rows,
        [4 * w, 18 * w, 9 * w, 5 * w, 16 * w, 12 * w, 12 * w, 12 * w, 12 * w],
        numeric=(5, 6, 7, 8))]


def items(v: SbView, *, depb: bool | None = None) -> list:
    """Item lines: FOB value, drawback and ROSL per item (EXP-PRT-5, EXP-PRT-7); for DEPB the
    DEPB group/item/rate and the value accepted for credit (EXP-PRT-5). Totals at SB level."""
    depb = v.is_depb if depb is None else depb
    head = ["Sl", "Inv", "RITC", "Description", "Quantity", "Value (FC)", "FOB (Rs.)",
            "Sch.", "DBK sl.", "Drawback (Rs.)", "ROSL (Rs.)"]
    widths = [6, 6, 14, 52, 18, 17, 19, 8, 13, 17, 16]
    if depb:
        head += ["DEPB grp / item / rate", "DEPB credit value (Rs.)"]
        widths = [6, 5, 13, 28, 16, 15, 17, 7, 12, 15, 14, 18, 20]
    rows = []
    for i in v.items:
        row = [i.sl, i.invoice_sl, i.tariff_item, i.description, f"{fc(i.quantity)} {i.uqc}",
               fc(i.value_fc), amount(i.fob_inr), i.scheme_code, i.dbk_serial or "-",
               amount(i.drawback) if i.dbk_serial else "-", amount(i.rosl)]
        if depb:
            rate = "-" if i.depb_rate is None else f"{fc(i.depb_rate)}%"
            row += [f"{i.depb_group}/{i.depb_item}/{rate}" if i.depb_group else "-",
                    amount(i.depb_value_for_credit)]
        rows.append(row)
    total = ["", "", "", f"Total ({len(v.items)} items)", "", "", amount(v.fob_inr), "", "",
             amount(v.drawback), amount(v.rosl)]
    if depb:
        credit = sum((i.depb_value_for_credit or Decimal(0) for i in v.items), Decimal(0))
        total += ["", amount(credit)]
    numeric = (5, 6, 9, 10) + ((12,) if depb else ())
    return [section("Items"), grid(head, [*rows, total], [x * mm for x in widths],
                                   numeric=numeric, total=True)]


def declarations(v: SbView) -> list:
    """SDF, ROSL (EXP-PRT-7) and drawback declarations, with the SB-level amounts."""
    dbk = any(i.dbk_serial for i in v.items)
    return [section("Declarations and SB totals"), fields([
        ("SDF (FEMA)", "declared by the exporter" if v.sdf_declared else "NOT declared"),
        ("ROSL", ("declared" if v.rosl_declared else "not declared")
         + f"; ROSL amount {rs(v.rosl)}"),
        ("Drawback", f"claimed: {rs(v.drawback)}" if dbk else "not claimed"),
        ("Export cess", rs(v.cess)),
        ("FOB value", rs(v.fob_inr)),
        ("Service charge", rs(v.service_charge)),
    ])]


def route(v: SbView, who) -> list:  # noqa: ANN001 - who: username -> printable name
    acdc = (f"{v.acdc_rule}: cleared by {who(v.acdc_cleared_by)} at {stamp(v.acdc_cleared_at)}"
            if v.acdc_cleared_by else (f"{v.acdc_rule}: pending" if v.acdc_rule else
                                       "not required"))
    if v.assessed_by:
        assessed = f"{who(v.assessed_by)} at {stamp(v.assessed_at)}"
    else:
        assessed = "facilitated / waived by RMS"
    ccrs = "; ".join(f"{c.code} {c.status.replace('_', ' ')}"
                     + (f" ({c.comment})" if c.comment else "") for c in v.ccrs)
    return [section("Route and assessment"), fields([
        ("RMS route", v.route.replace("_", " ") or "-"),
        ("RMS rule / note", f"{v.rms_rule_id or '-'} {v.rms_note}".strip()),
        ("Assessed by", assessed),
        ("Assessment", "PROVISIONAL" if v.provisional else "final"),
        ("AC/DC clearance", acdc),
        ("CCRs", ccrs or "none"),
        ("Export cess", f"{rs(v.cess)}; challan {v.cess_challan_no or '-'}, "
         + (f"paid {stamp(v.cess_paid_at)}" if v.cess_paid_at else "unpaid") if v.cess
         else "nil"),
        ("Exam instructions", "; ".join(x for x in (v.exam_instructions, v.samples_ordered
                                                    and f"samples: {v.samples_ordered}") if x)
         or "none"),
    ])]

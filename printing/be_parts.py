"""Blocks of a Bill of Entry shared by its checklist, its copies and the duty challan:
header, particulars, items with duty by head, the items' claims (origin, tariff value,
anti-dumping, licence), the high-sea sale, the duty summary (IMP-DUT-1..6, IMP-LIC-2)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from console.services.imports.be_enquiry import BeFacts
from console.services.imports.bills_of_entry import BeView
from console.services.printjobs import PrintJob
from printing.base import HEAD, Header, amount, day, esc, fc, fields, grid, rs, section, stamp

# ``_lead``'s heading: not kept with the whole of its table
_HEAD = ParagraphStyle("be_head", parent=HEAD, keepWithNext=0)


def facts(job: PrintJob) -> BeFacts:
    assert job.be is not None, f"{job.kind}: a Bill of Entry print job carries its facts"
    return job.be


def header(job: PrintJob, *, banner: str = "", number_label: str = "BE No.") -> Header:
    v: BeView = job.view
    f = facts(job)
    importer = f"Importer: IEC {v.iec}  {f.importer_name}"
    igm = f"IGM {v.igm_no} of {day(f.igm_date)}, line {f.line_no}, BL {v.bl_no}"
    return Header(job.title, v.location_code, f.location_name, job.number,
                  v.be_date or f.keyed_at.date(), v.iec, f.importer_name, "",
                  banner=banner, printed=f"printed {stamp(job.printed_at)} by "
                  f"{job.printed_by}", number_label=number_label, parties=(importer, igm))


def particulars(job: PrintJob) -> list:
    """Every keyed field of Annexure C, with the IGM line it is filed against (IMP-BE-1)."""
    v: BeView = job.view
    f = facts(job)
    rate = (f"{fc(v.exchange_rate)} per {f.rate_units} {v.currency}" if v.be_no
            else "at the rate in force on submission (IMP-DUT-1)")
    if v.rate_source == "bank":
        rate = (f"{fc(v.exchange_rate)} per {f.rate_units} {v.currency}, bank-certified: "
                f"{v.rate_certificate} (IMP-REG-3)")
    return [section("Particulars"), fields([
        ("BE no. / date", f"{v.be_no or 'on submission'} / {day(v.be_date)}"),
        ("Job no.", v.job_no),
        ("Port", f"{v.location_code} {f.location_name}"),
        ("BE type", f"{v.be_type} ({f.be_type_label})"),
        ("Importer", f"{v.iec} {f.importer_name}"),
        ("Address", f.importer_address),
        ("IGM no. / date", f"{v.igm_no} / {day(f.igm_date)}"),
        ("IGM line / BL", f"{f.line_no} / {v.bl_no}"),
        ("Carrier / voyage", f"{f.carrier} {f.voyage}".strip()),
        ("Arrival", day(f.arrival_date)),
        ("Packages", f"{f.packages} {f.package_kind}".strip()),
        ("Gross weight", f"{fc(f.gross_weight_kg)} kg"),
        ("Cargo (IGM)", f.cargo),
        ("Check", "first check (examine, then assess)" if v.first_check
         else "second check (assess, then examine)"),
        ("Currency", v.currency), ("Exchange rate", rate),
        ("Invoice value", f"{fc(v.invoice_value_fc)} {v.currency}"),
        ("Terms of invoice", v.terms_of_invoice or "not declared: read as FOB"),
        ("Transaction value", "; ".join(v.valuation)),
    ])]


def _lead(title: str, table: Table) -> list[Flowable]:
    """A heading and a table that may run over pages: the table starts under its heading
    where there is room for a few lines, else both go to the next page (a heading kept
    with the whole of a long table would leave the rest of the page empty)."""
    return [CondPageBreak(30 * mm), Paragraph(esc(title), _HEAD), table]


def _total(v: BeView) -> str:
    n = len(v.items)
    return f"Total ({n} item{'' if n == 1 else 's'})"


def items(v: BeView, *, duty: bool = True) -> list:
    """Item lines; with ``duty`` the assessable value and the duty by head (BCD, SWS, IGST,
    and anti-dumping duty where levied) per item, totals from the BE (IMP-DUT-1/2/5)."""
    if not duty:
        rows = [(i.sl, i.tariff_item, i.description, f"{fc(i.quantity)} {i.uqc}",
                 fc(i.value_fc)) for i in v.items]
        rows.append(("", "", _total(v), "", fc(v.invoice_value_fc)))
        return [*_lead("Items", grid(
            ["Sl", "CTH", "Description", "Quantity", f"Value ({v.currency})"], rows,
            [8 * mm, 18 * mm, 106 * mm, 26 * mm, 28 * mm], numeric=(3, 4), total=True)),
            *claims(v)]
    add = bool(v.add)  # an ADD column only where anti-dumping duty is levied
    head = ["Sl", "CTH", "Description", "Quantity", f"Value ({v.currency})",
            "Assessable value (Rs.)", "BCD %", "BCD (Rs.)", "SWS (Rs.)",
            *(["ADD (Rs.)"] if add else []), "IGST %", "IGST (Rs.)", "Duty (Rs.)"]
    widths = [5, 13, 22 if add else 40, 15, 13, 19, 8, 16, 14, *([18] if add else []), 8,
              17, 18]
    rows = [(i.sl, i.tariff_item, i.description, f"{fc(i.quantity)} {i.uqc}", fc(i.value_fc),
             amount(i.assessable), fc(i.bcd_rate), amount(i.bcd), amount(i.sws),
             *([amount(i.add)] if add else []), fc(i.igst_rate), amount(i.igst),
             amount(i.bcd + i.sws + i.add + i.igst)) for i in v.items]
    rows.append(("", "", _total(v), "", fc(v.invoice_value_fc), amount(v.assessable), "",
                 amount(v.bcd), amount(v.sws), *([amount(v.add)] if add else []), "",
                 amount(v.igst), amount(v.duty)))
    return [*_lead("Items and duty by head",
                   grid(head, rows, [w * mm for w in widths],
                        numeric=tuple(range(4, len(head))), total=True)),
            *claims(v), *sws_exemptions(v)]


def claims(v: BeView) -> list:
    """What the items claim beyond their value: country of origin, tariff value
    (IMP-DUT-4), anti-dumping notification and serials (IMP-DUT-5), licence and Part-C
    serial with the duty forgone debited (IMP-LIC-2). Only items that claim something."""
    rows = []
    for i in v.items:
        tv = " ".join(x for x in (i.tv_notification, f"S.No. {i.tv_sl}" if i.tv_sl else "",
                                  f"qty {fc(i.tv_quantity)}" if i.tv_quantity else "") if x)
        add = (f"{i.add_notification} item {i.add_item_sl} producer {i.add_producer_sl}"
               if i.add_notification else "")
        licence = f"{i.licence_no} Part-C {i.licence_sl}" if i.licence_no else ""
        if i.origin_country or tv or add or licence:
            rows.append((i.sl, i.origin_country or "-", tv or "-", add or "-", licence or "-",
                         amount(i.duty_forgone) if licence else "-"))
    if not rows:
        return []
    return _lead("Claims by item", grid(
        ["Sl", "Origin", "Tariff value (IMP-DUT-4)", "Anti-dumping (IMP-DUT-5)",
         "Licence debit (IMP-LIC-2)", "Duty forgone (Rs.)"], rows,
        [8 * mm, 14 * mm, 38 * mm, 50 * mm, 46 * mm, 30 * mm], numeric=(5,)))


def high_sea_sale(v: BeView) -> list:
    """IMP-DUT-6: the seller and the charges, on the assessed, importer's and
    exchange-control copies."""
    if not v.hss_seller_iec:
        return []
    basis = (f"{fc(v.hss_charge_rate)}% of CIF" if v.hss_charge_rate is not None
             else f"{fc(v.hss_charge_value_fc)} {v.currency}")
    return [section("High-sea sale (IMP-DUT-6)"), fields([
        ("Seller", f"IEC {v.hss_seller_iec} {v.hss_seller_name}".strip()),
        ("Charges", f"{basis}: {rs(v.hss_charges)}, in the assessable value" if v.be_no
         else f"{basis}, added to the assessable value on submission")])]


def bond(job: PrintJob) -> list:
    """BND-6: the continuity bond declared (and the EOU option, BND-12; 'PROVISIONAL',
    BND-14) on the checklist; BND-7: the bond specified and its debit, with any deposits,
    on the BE copies."""
    b = facts(job).bond
    if b is None:
        return []
    pairs = []
    if b.declared_bond_no:
        pairs.append(("Continuity bond declared", f"No. {b.declared_bond_no} (BND-6)"))
    if b.eou_option:
        pairs.append(("EOU option", f"{b.eou_option} (BND-12)"))
    if b.valuation_provisional:
        pairs.append(("Valuation", "PROVISIONAL (BND-14)"))
    if b.bond_type:
        debit = f"{rs(b.debit)}" + (f", BG {rs(b.bg_debit)}" if b.bg_debit else "")
        if b.debited_on:
            pairs.append(("Bond debited", f"{b.bond_type} bond No. {b.bond_no} ({b.bond_kind}) "
                          f"on {b.debited_on:%d.%m.%Y}: {debit} (BND-7)"))
        else:
            pairs.append(("Bond specified", f"{b.bond_type} bond, {debit}: not yet debited "
                          "(BND-7)"))
    if b.cash_deposit:
        pairs.append(("Cash deposit", f"{rs(b.cash_deposit)}, "
                      f"{'paid' if b.cash_paid else 'not paid'} (BND-13)"))
    if b.svb_deposit:
        pairs.append(("SVB deposit", f"{rs(b.svb_deposit)} ({fc(b.svb_pct)}%), "
                      f"{'paid' if b.svb_paid else 'not paid'} (BND-14)"))
    if b.certificate_reg_no:
        pairs.append(("Certificate", f"registration No. {b.certificate_reg_no} (BND-11)"))
    return [section("Bond"), fields(pairs)] if pairs else []


def duty_summary(job: PrintJob, title: str = "Duty") -> list:
    """Duty by head, the IGST taxable value (AV + BCD + SWS, IMP-DUT-2/3), the late charge
    (IMP-BE-6) and the amount payable."""
    v: BeView = job.view
    pairs = [("Assessable value", rs(v.assessable)), ("IGST taxable value", rs(v.igst_taxable)),
             ("Basic customs duty", rs(v.bcd)), ("IGST", rs(v.igst)),
             ("Social welfare surcharge", rs(v.sws)), ("Total duty", rs(v.duty))]
    if v.add:
        pairs.append(("Anti-dumping duty", f"{rs(v.add)} (IMP-DUT-5)"))
    if v.duty_forgone:
        pairs.append(("Duty forgone", f"{rs(v.duty_forgone)} under licence (IMP-LIC-2)"))
    pairs += [("Late filing charge", f"{rs(v.late_charge)} (IMP-BE-6)" if v.late_charge
               else "none"),
              ("Duty and charges", rs(facts(job).payable))]
    if v.duty_paid:
        pairs += [("Paid", rs(v.duty_paid)),
                  ("Differential due" if v.amendments else "Amount due",
                   f"{rs(v.amount_due)} (IMP-AMD-1)" if v.amendments else rs(v.amount_due))]
    return [section(title), fields(pairs, label_w=34 * mm)]


def sws_exemptions(v: BeView) -> list:
    """Items whose SWS an exemption notification lowers (IMP-DUT-2): the rate paid and the
    notification, so the copy shows why their SWS is not the general rate."""
    rows = [(i.sl, i.tariff_item, f"{fc(i.sws_rate)} %", i.sws_notification)
            for i in v.items if i.sws_notification]
    if not rows:
        return []
    return _lead("SWS exemptions", grid(
        ["Sl", "CTH", "SWS rate", "Notification"], rows,
        [8 * mm, 18 * mm, 20 * mm, 60 * mm], numeric=(2,)))

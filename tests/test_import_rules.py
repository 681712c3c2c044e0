"""Import rules beyond the basic Bill of Entry: IEC feed (IMP-REG-1), un-notified currencies
(IMP-REG-3), tariff values (IMP-DUT-4), anti-dumping duty (IMP-DUT-5), high-sea sales
(IMP-DUT-6), amendments (IMP-AMD-1, IMP-AMD-2), compliance verification (IMP-CCV-1),
licences (IMP-LIC-1, IMP-LIC-2) and Telegraphic Release Advices (IMP-TRA-1, IMP-TRA-2).

The clock stands at 2 Nov 2026, when the USD import rate is 88.90 (a projected placeholder
of ``exchange_rates.csv``); SWS is 10 % of BCD. Paint 32089090 pays BCD 10 %, IGST 18 %.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

import db.tables as t
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.roles import system_actor
from console.rules.duty import (
    anti_dumping_duty,
    cif_value,
    item_duty,
    tariff_value_assessable,
)
from console.services.admin.registries import import_directory
from console.services.imports import be_amendments as amd
from console.services.imports import be_ccv as ccv
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import high_sea_sales as hss
from console.services.imports import manifests, tra
from console.services.schemes import licences
from tests.sb_support import IEC_MARINE, IEC_PHARMA

PAINT = {"tariff_item": "32089090", "description": "Paint, non-aqueous", "quantity": "500",
         "uqc": "KGS", "value": "1000"}
LICENCE = "0311199887"


def _igm(core, a, lines: int = 3, *, arrival_days: int = 1):
    """An IGM granted entry inwards (its goods arrived, IMP-IGM-2)."""
    igm = manifests.file_igm(core, a["car1"], "AI", core.today() + timedelta(
        days=arrival_days), [
        {"bl_no": f"AWB-{n}", "importer_name": "Andhra Pharma Exports", "packages": 5,
         "package_kind": "BOX", "gross_weight_kg": "100", "description": "cargo"}
        for n in range(1, lines + 1)], voyage="AI-204")
    return manifests.grant_entry_inwards(core, a["apr1"], igm.igm_no)


def _data(igm, bl: str = "AWB-1", items=None, iec: str = IEC_PHARMA, **head) -> dict:
    items = items or [dict(PAINT)]
    total = sum(Decimal(i["value"]) for i in items)
    data = {"be_type": "H", "iec": iec, "igm_no": igm.igm_no, "bl_no": bl, "currency": "USD",
            "terms_of_invoice": "CIF", "invoice_value": str(total), "items": items}
    data.update(head)
    return data


def _draft(core, a, igm, **kw) -> bes.BeView:
    be = bes.file_be(core, a["opr1"], _data(igm, **kw))
    return bes.print_checklist(core, a["opr1"], be.job_no)


def _submitted(core, a, igm=None, **kw) -> bes.BeView:
    igm = igm or _igm(core, a)
    return bes.submit_be(core, a["opr1"], _draft(core, a, igm, **kw).job_no)


def _out_of_charge(core, a, igm=None, **kw) -> bes.BeView:
    be = _submitted(core, a, igm, **kw)
    clr.assess(core, a["apr1"], be.be_no)
    clr.pay_duty(core, a["opr1"], be.be_no, "online")
    clr.register_goods(core, a["exm1"], be.be_no)
    clr.examine(core, a["exm1"], be.be_no, "as declared")
    return clr.give_out_of_charge(core, a["apr2"], be.be_no)


def snapshot(core) -> dict:
    """Row counts, BE states and duty, licence lines, series and the audit head: to prove a
    refusal changed nothing."""
    with core.db.read() as s:
        out = {tbl.__name__: s.exec(select(func.count()).select_from(tbl)).one()
               for tbl in (t.BillOfEntry, t.BeItem, t.BeAmendment, t.Tra, t.TraLine,
                           t.Licence, t.LicenceLine, t.Iec, t.AuditRecord)}
        out["be"] = tuple(s.exec(select(t.BillOfEntry.state, t.BillOfEntry.version,
                                        t.BillOfEntry.duty_paise, t.BillOfEntry.be_no)
                                 .order_by(t.BillOfEntry.id)).all())
        out["requests"] = tuple(s.exec(select(t.BeAmendment.state, t.BeAmendment.version)
                                       .order_by(t.BeAmendment.id)).all())
        out["tra"] = tuple(s.exec(select(t.Tra.state, t.Tra.version).order_by(t.Tra.id)).all())
        out["series"] = tuple(s.exec(select(t.NumberSeries.name, t.NumberSeries.next_value)
                                     .order_by(t.NumberSeries.name)).all())
        return out


def _licence(core, a, number: str = LICENCE, *, quantity: str = "1000", value: str = "500000",
             used_quantity: str = "", used_value: str = "", iec: str = IEC_PHARMA):
    today = core.today()
    return licences.receive_from_dgft(core, a["sys1"], {
        "licence_no": number, "kind": "des", "iec": iec,
        "issued_on": today.replace(year=today.year - 1).isoformat(),
        "valid_to": today.replace(year=today.year + 1).isoformat(),
        "export_items": [{"description": "Paints", "quantity": "9000", "uqc": "KGS"}],
        "part_c": [{"description": "Paint, non-aqueous", "quantity": quantity, "uqc": "KGS",
                    "value": value, "used_quantity": used_quantity, "used_value": used_value},
                   {"description": "Thinner"}]})


# ---- registrations ----


def test_imp_reg_1_dgft_iec_feed_registers_importers_automatically(demo_core, actors,
                                                                    tmp_path):
    """IMP-REG-1: an importer not in DGFT's feed cannot file a BE (nothing is written); the
    daily feed, loaded by the system itself with no clerk, registers the IEC and the BE is
    accepted; a later feed cancelling the IEC stops further BEs."""
    igm = _igm(demo_core, actors)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, iec="AAACR5055K"))
    assert err.value.rule == "IMP-REG-1" and snapshot(demo_core) == before
    feed = tmp_path / "dgft-iec.csv"
    feed.write_text("iec,name,address,status\nAAACR5055K,Reliance Imports,Mumbai,active\n")
    report = import_directory(demo_core, system_actor("INVTZ4"), "iec", feed)
    assert report.loaded == 1 and report.ok
    with demo_core.db.read() as s:
        last = s.exec(select(t.AuditRecord).order_by(t.AuditRecord.seq.desc())).first()
    assert (last.officer, last.doc_kind, last.doc_ref) == ("SYSTEM", "DIRECTORY", "iec")
    be = bes.file_be(demo_core, actors["opr1"], _data(igm, iec="AAACR5055K"))
    assert be.iec == "AAACR5055K"
    feed.write_text("iec,name,address,status\nAAACR5055K,Reliance Imports,Mumbai,cancelled\n")
    import_directory(demo_core, system_actor("INVTZ4"), "iec", feed)
    with pytest.raises(RuleViolation) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-2", iec="AAACR5055K"))
    assert err.value.rule == "IMP-REG-1"


def _unnotified(core) -> str:
    with core.db.read() as s:
        notified = set(s.exec(select(t.ExchangeRate.currency)).all())
    return next(c for c in ("NPR", "MVR", "BTN", "MUR", "LKR", "KES") if c not in notified)


def test_imp_reg_3_bank_rate_for_an_unnotified_currency(demo_core, actors, clock):
    """IMP-REG-3: an un-notified currency needs the bank-certified rate for the filing date,
    and a notified one refuses it. NPR 1,00,000 at 0.625: AV Rs 62,500.00; BCD 10 %
    Rs 6,250.00; SWS Rs 625.00; IGST 18 % of 69,375.00 = Rs 12,487.50; duty Rs 19,362.50.
    Keyed on one day and submitted on the next, the certificate is for the wrong date and
    submission is refused; the certificate is produced at Out of Charge."""
    npr = _unnotified(demo_core)
    igm = _igm(demo_core, actors)
    item = {**PAINT, "value": "100000"}
    with pytest.raises(InvalidInput) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, items=[item], currency=npr))
    assert (err.value.field, err.value.rule) == ("bank_rate", "IMP-REG-3")
    with pytest.raises(InvalidInput) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, bank_rate="80",
                                                     bank_certificate="SBI/1"))
    assert (err.value.field, err.value.rule) == ("bank_rate", "IMP-REG-3")
    be = _submitted(demo_core, actors, igm, items=[item], currency=npr, bank_rate="0.625",
                    bank_certificate="SBI Visakhapatnam FX/2026/118")
    assert (be.rate_source, be.exchange_rate) == ("bank", Decimal("0.625"))
    assert (be.assessable, be.bcd, be.sws, be.igst) == (
        Decimal("62500.00"), Decimal("6250.00"), Decimal("625.00"), Decimal("12487.50"))
    assert be.duty == Decimal("19362.50")
    late = _draft(demo_core, actors, igm, bl="AWB-2", items=[item], currency=npr,
                  bank_rate="0.625", bank_certificate="SBI/119")
    clock.advance(days=1)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], late.job_no)
    assert err.value.rule == "IMP-REG-3" and snapshot(demo_core) == before
    clr.assess(demo_core, actors["apr1"], be.be_no)
    clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    clr.register_goods(demo_core, actors["exm1"], be.be_no)
    clr.examine(demo_core, actors["exm1"], be.be_no, "as declared")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        clr.give_out_of_charge(demo_core, actors["apr2"], be.be_no)
    assert err.value.rule == "IMP-REG-3" and snapshot(demo_core) == before
    done = clr.give_out_of_charge(demo_core, actors["apr2"], be.be_no,
                                  bank_certificate="SBI Visakhapatnam FX/2026/118")
    assert done.state == "out_of_charge"
    with demo_core.db.read() as s:
        ooc = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_ref == str(be.be_no),
                                                 t.AuditRecord.action == "ooc")).one()
    assert "FX/2026/118" in ooc.reason


# ---- duty ----


def test_imp_dut_1_imp_dut_2_imp_dut_5_pure_duty_with_anti_dumping():
    """IMP-DUT-1, IMP-DUT-2, IMP-DUT-5 (pure): AV Rs 1,000; BCD 10 % = 100.00; SWS 10 % of
    BCD = 10.00; ADD Rs 50 joins the IGST base: 18 % of (1,000 + 100 + 10 + 50 = 1,160) =
    208.80; total 368.80. An ad valorem ADD of 20 % is on the landed value AV + BCD + SWS
    (IMP-DUT-7): 20 % of 1,110 = 222.00. A tariff value of USD 1,290 per 10 g for 100 g at 88.90 is
    12,900 × 88.90 = Rs 11,46,810.00 (IMP-DUT-4)."""
    d = item_duty(Decimal(1000), Decimal(10), Decimal(18), Decimal(10), Decimal(50))
    assert (d.bcd, d.sws, d.add, d.igst_base, d.igst, d.total) == (
        Decimal("100.00"), Decimal("10.00"), Decimal("50.00"), Decimal("1160.00"),
        Decimal("208.80"), Decimal("368.80"))
    assert anti_dumping_duty(Decimal(1000), Decimal(110), rate_pct=Decimal(20)) == Decimal(
        "222.00")
    assert tariff_value_assessable(Decimal(1290), Decimal(10), Decimal(100),
                                   Decimal("88.90")) == Decimal("1146810.00")


def test_imp_dut_7_freight_and_insurance_added_by_the_terms_of_invoice_pure():
    """IMP-DUT-7 (pure; the published example): an FOB invoice of 1,000 declaring neither
    freight nor insurance: freight 20 % of FOB = 200, insurance 1.125 % = 11.25, CIF
    1,211.25; BCD 10 % = 121.13 (121.125 rounded up), SWS 10 % of it = 12.11, IGST 18 % of
    1,344.49 = 242.01; duty 375.25 (leaving them out gave 309.80: 100 + 10 + 199.80, 17 %
    short). A C&F invoice of 1,200 with freight 200 declared: FOB 1,000, insurance 11.25
    added, CIF 1,211.25; a C&F invoice of 1,200 without the freight: FOB 1,200 / 1.20 =
    1,000, the same. C&I of 1,011.25 declaring insurance 11.25: freight 200 added. A CIF
    invoice is the CIF value. Air freight declared at 300 on FOB 1,000 counts 200 (20 %)."""
    rates = {"freight_pct": Decimal(20), "insurance_pct": Decimal("1.125")}
    fob = cif_value("FOB", Decimal(1000), Decimal(0), Decimal(0), **rates)
    assert (fob.freight, fob.insurance, fob.cif) == (Decimal(200), Decimal("11.25"),
                                                     Decimal("1211.25"))
    d = item_duty(fob.cif, Decimal(10), Decimal(18), Decimal(10))
    assert (d.bcd, d.sws, d.igst_base, d.igst, d.total) == (
        Decimal("121.13"), Decimal("12.11"), Decimal("1344.49"), Decimal("242.01"),
        Decimal("375.25"))
    short = item_duty(Decimal(1000), Decimal(10), Decimal(18), Decimal(10))
    assert short.total == Decimal("309.80")
    for terms, invoice, freight, insurance in (("CF", 1200, 200, 0), ("CF", 1200, 0, 0),
                                               ("CI", "1011.25", 0, "11.25"),
                                               ("CIF", "1211.25", 200, "11.25")):
        v = cif_value(terms, Decimal(invoice), Decimal(freight), Decimal(insurance), **rates)
        assert (v.fob.quantize(Decimal("0.01")), v.cif.quantize(Decimal("0.01"))) == (
            Decimal("1000.00"), Decimal("1211.25")), terms
    air = cif_value("FOB", Decimal(1000), Decimal(300), Decimal(0), air=True,
                    air_cap_pct=Decimal(20), **rates)
    assert air.cif == Decimal("1211.25") and "capped" in air.freight_basis


def test_imp_dut_7_a_be_on_fob_terms_adds_what_the_invoice_leaves_out(demo_core, actors):
    """IMP-DUT-7 on a BE: paint 32089090, FOB invoice USD 1,000 declaring neither freight
    nor insurance, at 88.90: CIF USD 1,211.25 = Rs 1,07,680.13 (…0.125 rounded up) is the
    assessable value, not Rs 88,900.00; the BE says how it was built, and its checklist
    prints it."""
    import printing
    from console.services import prints
    from tests.pdf_support import pages

    be = _submitted(demo_core, actors, terms_of_invoice="FOB")
    assert be.assessable == Decimal("107680.13")
    assert "freight USD 200.00 (20% of FOB, not declared)" in be.valuation
    assert "CIF USD 1,211.25 (IMP-DUT-7)" in be.valuation
    cif = _submitted(demo_core, actors, _igm(demo_core, actors, lines=1))
    assert cif.assessable == Decimal("88900.00")  # a CIF invoice already holds both
    job = prints.print_document(demo_core, actors["opr1"], "be_checklist", be.job_no)
    text = " ".join(pages(printing.render(job)))
    assert "20% of FOB, not declared" in text and "1,211.25" in text


def test_imp_dut_4_tariff_value_is_the_assessable_value(demo_core, actors, clock):
    """IMP-DUT-4: gold bars 71081200 (BCD 5 %, IGST 3 %), 0.1 kg, invoiced at USD 5,000
    with USD 100 freight, both ignored; tariff value 36/2001-Cus(NT) T2/1 on 2 Nov 2026:
    USD 1,290 per 10 g. 100 g: AV = 1,290 × 10 × 88.90 = Rs 11,46,810.00; BCD 5 % =
    57,340.50; SWS 3 % of BCD (Notification 12/2018-Cus Sl. 4 exempts gold from SWS above
    3 %, IMP-DUT-2) = 1,720.22 (1,720.215 rounded); IGST 3 % of 12,05,870.72 = 36,176.12
    (36,176.1216 rounded); duty Rs 95,236.84. Filed on 20 Oct 2026 the value then in force
    (USD 1,250) applies: AV = 12,500 × 88.90 = Rs 11,11,250.00. Undeclared, a wrong serial, or a
    quantity that disagrees are refused; nothing changes."""
    igm = _igm(demo_core, actors, lines=4)
    gold = {"tariff_item": "71081200", "description": "Gold bars 995", "quantity": "0.1",
            "uqc": "KGS", "value": "5000", "tv_notification": "36/2001-Cus(NT)",
            "tv_sl": "T2/1"}
    be = _submitted(demo_core, actors, igm, items=[gold], freight="100")
    (item,) = be.items
    assert (item.tv_sl, item.tv_quantity) == ("T2/1", Decimal("100.0"))
    assert (be.assessable, be.bcd, be.sws, be.igst, be.duty) == (
        Decimal("1146810.00"), Decimal("57340.50"), Decimal("1720.22"), Decimal("36176.12"),
        Decimal("95236.84"))
    assert (item.sws_rate, item.sws_notification) == (Decimal(3), "12/2018-Cus Sl. 4")
    import printing
    from console.services import prints
    from tests.pdf_support import pages

    job = prints.print_document(demo_core, actors["opr1"], "be_checklist", be.job_no)
    text = " ".join(pages(printing.render(job)))
    assert "SWS exemptions" in text and "12/2018-Cus Sl. 4" in text
    for bad, field in (({"tv_sl": "T2/2"}, "items[1].tv_sl"),
                       ({"tv_quantity": "90"}, "items[1].tv_quantity")):
        with pytest.raises(InvalidInput) as err:
            bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-2",
                                                         items=[{**gold, **bad}]))
        assert (err.value.field, err.value.rule) == (field, "IMP-DUT-4")
    plain = {k: v for k, v in gold.items() if not k.startswith("tv_")}
    draft = _draft(demo_core, actors, igm, bl="AWB-2", items=[plain])
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], draft.job_no)
    assert err.value.rule == "IMP-DUT-4" and snapshot(demo_core) == before
    clock.set(clock.now().replace(month=10, day=20))
    earlier = _submitted(demo_core, actors, _igm(demo_core, actors, lines=1), items=[gold])
    assert earlier.assessable == Decimal("1111250.00")


def test_imp_dut_5_anti_dumping_duty_by_notification_and_serials(demo_core, actors):
    """IMP-DUT-5: aluminium sheets 76061200 (BCD 7.5 %, IGST 18 %) from China, 2,000 kg,
    USD 6,000; D1/2026-Cus(ADD) item 1, producer/exporter 1: USD 618 per tonne. AV =
    6,000 × 88.90 = Rs 5,33,400.00; BCD 40,005.00; SWS 4,000.50; ADD 618 × 2 × 88.90 =
    1,09,880.40; IGST 18 % of (5,33,400 + 40,005 + 4,000.50 + 1,09,880.40 = 6,87,285.90) =
    1,23,711.46 (…462 rounded); duty Rs 2,77,597.36.
    Vitamin C 29362700 from China, USD 1,000, D2/2026 at 20 % of the landed value (AV with
    BCD and SWS, IMP-DUT-7): AV 88,900.00; BCD 6,667.50; SWS 666.75; ADD 20 % of 96,234.25 =
    19,246.85; IGST 18 % of 1,15,481.10 = 20,786.60 (…598 rounded); duty Rs 47,367.70.
    The serials must be for the goods and their country; goods from China under an
    anti-dumping entry must declare it."""
    igm = _igm(demo_core, actors, lines=4)
    alu = {"tariff_item": "76061200", "description": "Aluminium alloy sheets",
           "quantity": "2000", "uqc": "KGS", "value": "6000", "origin_country": "CN",
           "add_notification": "D1/2026-Cus(ADD)", "add_item_sl": "1", "add_producer_sl": "1"}
    be = _submitted(demo_core, actors, igm, items=[alu])
    (item,) = be.items
    assert (item.add_notification, item.add_item_sl, item.add_producer_sl) == (
        "D1/2026-Cus(ADD)", 1, 1)
    assert (be.assessable, be.bcd, be.sws, be.add, be.igst) == (
        Decimal("533400.00"), Decimal("40005.00"), Decimal("4000.50"), Decimal("109880.40"),
        Decimal("123711.46"))
    assert be.igst_taxable == Decimal("687285.90") and be.duty == Decimal("277597.36")
    vitc = {"tariff_item": "29362700", "description": "Ascorbic acid", "quantity": "100",
            "uqc": "KGS", "value": "1000", "origin_country": "CN",
            "add_notification": "D2/2026-Cus(ADD)", "add_item_sl": "1", "add_producer_sl": "1"}
    v = _submitted(demo_core, actors, igm, bl="AWB-2", items=[vitc])
    assert (v.add, v.igst, v.duty) == (Decimal("19246.85"), Decimal("20786.60"),
                                       Decimal("47367.70"))
    before = snapshot(demo_core)
    for bad, field in (({"origin_country": "TH"}, "items[1].origin_country"),
                       ({"add_producer_sl": "9"}, "items[1].add_producer_sl"),
                       ({"tariff_item": "73181500"}, "items[1].add_item_sl")):
        with pytest.raises(InvalidInput) as err:
            bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-3",
                                                         items=[{**alu, **bad}]))
        assert (err.value.field, err.value.rule) == (field, "IMP-DUT-5")
    assert snapshot(demo_core) == before
    undeclared = {k: v for k, v in alu.items() if not k.startswith("add_")}
    draft = _draft(demo_core, actors, igm, bl="AWB-3", items=[undeclared])
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], draft.job_no)
    assert err.value.rule == "IMP-DUT-5" and snapshot(demo_core) == before


def test_imp_dut_5_directory_rows_are_checked_on_import(demo_core, actors, tmp_path):
    """IMP-DUT-5, IMP-DUT-4, IMP-TRA-1: the directories load from CSV like the others; a
    row with both a rate and an amount, an unknown country, or a non-ICES location that is
    in the port directory is reported by line and nothing of it is written."""
    f = tmp_path / "add.csv"
    f.write_text("notification,item_sl,producer_sl,tariff_item,description,origin_country,"
                 "export_country,producer,exporter,rate_pct,amount,currency,uqc,"
                 "effective_from,effective_to,source\n"
                 "X1/2026,1,1,7606,sheets,CN,,,,10,500,USD,TON,2026-01-01,,test\n"
                 "X1/2026,1,2,7606,sheets,ZZ,,,,10,,,,2026-01-01,,test\n"
                 "X1/2026,1,3,7606,sheets,VN,,,,10,,,,2026-01-01,,test\n")
    report = import_directory(demo_core, actors["clk1"], "anti_dumping", f)
    assert report.loaded == 1 and [line for line, _ in report.errors] == [2, 3]
    g = tmp_path / "places.csv"
    g.write_text("code,name,source\nINVTZ1,Visakhapatnam Sea Port,test\n")
    report = import_directory(demo_core, actors["clk1"], "non_ices_locations", g)
    assert report.loaded == 0 and "ICES location" in report.errors[0][1]
    with demo_core.db.read() as s:
        assert s.exec(select(func.count()).select_from(t.TariffValue)).one() == 3


def test_imp_dut_6_high_sea_sale_charges_and_seller_changed_by_the_appraiser(demo_core,
                                                                             actors):
    """IMP-DUT-6: bought on the high seas from Sagar Marine (its IEC), charges 2 % of CIF:
    USD 1,000 + 20 = 1,020 × 88.90 = AV Rs 90,678.00 (charges Rs 1,778.00); BCD 9,067.80;
    SWS 906.78; IGST 18 % of 1,00,652.58 = 18,117.46; duty Rs 28,092.04. The appraiser
    changes the charges to USD 10: AV 1,010 × 88.90 = Rs 89,789.00; BCD 8,978.90; SWS
    897.89; IGST 18 % of 99,665.79 = 17,939.84; duty Rs 27,816.63. Only the appraiser, only
    while assessing; the seller must be registered and not the importer."""
    igm = _igm(demo_core, actors)
    for bad, err_type, rule in (({"seller_iec": "AAACR5055K", "charge_rate": "2"},
                                 RuleViolation, "IMP-REG-1"),
                                ({"seller_iec": IEC_PHARMA, "charge_rate": "2"},
                                 InvalidInput, "IMP-DUT-6"),
                                ({"seller_iec": IEC_MARINE, "charge_rate": "2",
                                  "charge_value": "5"}, InvalidInput, "IMP-DUT-6")):
        with pytest.raises(err_type) as err:
            bes.file_be(demo_core, actors["opr1"], _data(igm, high_sea_sale=bad))
        assert err.value.rule == rule
    be = _submitted(demo_core, actors, igm,
                    high_sea_sale={"seller_iec": IEC_MARINE, "charge_rate": "2"})
    assert (be.hss_seller_iec, be.hss_seller_name) == (IEC_MARINE, "Sagar Marine Foods Ltd")
    assert (be.hss_charge_rate, be.hss_charges) == (Decimal("2"), Decimal("1778.00"))
    assert (be.assessable, be.bcd, be.sws, be.igst, be.duty) == (
        Decimal("90678.00"), Decimal("9067.80"), Decimal("906.78"), Decimal("18117.46"),
        Decimal("28092.04"))
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        hss.change_charges(demo_core, actors["opr1"], be.be_no, charge_value="10",
                           reason="x")
    assert snapshot(demo_core) == before
    be = hss.change_charges(demo_core, actors["apr1"], be.be_no, charge_value="10",
                            reason="seller's invoice shows USD 10 over CIF")
    assert (be.hss_charge_rate, be.hss_charge_value_fc, be.hss_charges) == (
        None, Decimal("10"), Decimal("889.00"))
    assert (be.assessable, be.bcd, be.sws, be.igst, be.duty) == (
        Decimal("89789.00"), Decimal("8978.90"), Decimal("897.89"), Decimal("17939.84"),
        Decimal("27816.63"))
    clr.assess(demo_core, actors["apr1"], be.be_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        hss.change_charges(demo_core, actors["apr1"], be.be_no, charge_rate="1", reason="y")
    assert err.value.rule == "IMP-DUT-6" and snapshot(demo_core) == before


# ---- licences ----


def test_imp_lic_1_dgft_licence_partly_used_registered_for_its_balance(demo_core, actors):
    """IMP-LIC-1: DGFT sends a DES licence online, partly used (400 of 1,000 kg, Rs 2,00,000
    of Rs 5,00,000): it is registered for the balance only, 600 kg and Rs 3,00,000. Its
    number is its registration number: a BE quotes it with no port registration. A used part
    beyond what the licence gives is refused and nothing is written."""
    lic = _licence(demo_core, actors, used_quantity="400", used_value="200000")
    c1 = lic.part_c[0]
    assert (c1.quantity, c1.value, c1.balance_quantity) == (Decimal("600"), Decimal("300000"),
                                                            Decimal("600"))
    assert (lic.source, lic.registration_no) == ("dgft", "")
    before = snapshot(demo_core)
    with pytest.raises(InvalidInput) as err:
        _licence(demo_core, actors, "0311199888", used_quantity="1200")
    assert (err.value.field, err.value.rule) == ("part_c[1].used_quantity", "IMP-LIC-1")
    assert snapshot(demo_core) == before
    igm = _igm(demo_core, actors)
    be = _submitted(demo_core, actors, igm, items=[{**PAINT, "licence_no": LICENCE,
                                                    "licence_sl": "1"}])
    assert be.items[0].licence_no == LICENCE
    with demo_core.db.read() as s:
        rec = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_kind == "LICENCE",
                                                 t.AuditRecord.doc_ref == LICENCE)).one()
    assert "registered for the balance" in rec.reason


def test_imp_lic_2_assessment_debits_the_licence_item_by_item(demo_core, actors):
    """IMP-LIC-2: paint 500 kg, USD 1,000 under Part-C 1 of the licence pays no BCD, SWS or
    IGST; its duty forgone is what it would have paid (test_imports' worked example:
    8,890.00 + 889.00 + 17,762.22 = Rs 27,541.22), debited with 500 kg and its AV Rs 88,900
    against 1,000 kg and Rs 5,00,000; the second item, not under the licence, pays duty.
    The BE (and the checklist printed from it after submission) shows the debits. A second
    BE for 600 kg is beyond the 500 kg left and is refused; a licence of another importer
    is refused; nothing changes."""
    _licence(demo_core, actors)
    igm = _igm(demo_core, actors)
    thinner = {**PAINT, "description": "Paint, other", "value": "500", "quantity": "100"}
    be = _submitted(demo_core, actors, igm, items=[
        {**PAINT, "licence_no": LICENCE, "licence_sl": "1"}, thinner])
    under, free = be.items
    assert (under.licence_no, under.licence_sl, under.duty_forgone) == (
        LICENCE, 1, Decimal("27541.22"))
    assert (under.bcd, under.sws, under.igst) == (Decimal(0), Decimal(0), Decimal(0))
    assert free.duty_forgone == 0 and free.bcd == Decimal("4445.00")
    assert be.duty_forgone == Decimal("27541.22")
    view = licences.get_licence(demo_core, LICENCE)
    (debit,) = view.imports
    assert (debit.doc, debit.number, debit.item_sl, debit.licence_sl) == ("BE", be.be_no, 1, 1)
    assert (debit.quantity, debit.value, debit.duty_forgone) == (
        Decimal("500"), Decimal("88900.00"), Decimal("27541.22"))
    c1 = view.part_c[0]
    assert (c1.balance_quantity, c1.balance_value) == (Decimal("500"), Decimal("411100.00"))
    draft = _draft(demo_core, actors, igm, bl="AWB-2", items=[
        {**PAINT, "quantity": "600", "licence_no": LICENCE, "licence_sl": "1"}])
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        bes.submit_be(demo_core, actors["opr1"], draft.job_no)
    assert err.value.rule == "IMP-LIC-2" and "beyond the balance" in err.value.message
    assert snapshot(demo_core) == before
    assert licences.get_licence(demo_core, LICENCE).part_c[0].balance_quantity == 500
    _licence(demo_core, actors, "0311199889", iec=IEC_MARINE)
    with pytest.raises(InvalidInput) as err:
        bes.file_be(demo_core, actors["opr1"], _data(igm, bl="AWB-3", items=[
            {**PAINT, "licence_no": "0311199889", "licence_sl": "1"}]))
    assert (err.value.field, err.value.rule) == ("items[1].licence_no", "IMP-LIC-2")


def test_imp_lic_2_imp_amd_1_reassessment_debits_the_licence_afresh(demo_core, actors):
    """IMP-LIC-2, IMP-AMD-1: an amended BE is re-assessed with its own earlier debit left
    out: 500 kg amended to 900 kg fits the 1,000 kg licence (balance 100 kg after); a
    further amendment to 1,100 kg is refused at incorporation and nothing changes."""
    _licence(demo_core, actors)
    be = _submitted(demo_core, actors, items=[{**PAINT, "licence_no": LICENCE,
                                               "licence_sl": "1"}])

    def amend(quantity: str) -> int:
        req = amd.request_amendment(demo_core, actors["opr1"], be.be_no,
                                    {"items": {"1": {"quantity": quantity}}}, "recount")
        amd.approve_amendment(demo_core, actors["acdc1"], req.id)
        amd.accept_amendment(demo_core, actors["apr1"], req.id)
        return req.id

    amd.incorporate_amendment(demo_core, actors["acdc1"], amend("900"))
    c1 = licences.get_licence(demo_core, LICENCE).part_c[0]
    assert c1.balance_quantity == Decimal("100")
    req = amend("1100")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.incorporate_amendment(demo_core, actors["acdc1"], req)
    assert err.value.rule == "IMP-LIC-2" and snapshot(demo_core) == before


# ---- amendments ----


def test_imp_amd_1_amendment_approved_accepted_then_reassessed_with_differential(demo_core,
                                                                               actors):
    """IMP-AMD-1: a paid BE (Rs 27,541.22) is found under-invoiced: USD 1,100, not 1,000.
    The operator keys it; the group AC/DC approves; it takes effect only when the group
    appraiser and the AC/DC have accepted it. Re-assessed: AV 1,100 × 88.90 = Rs 97,790.00;
    BCD 9,779.00; SWS 977.90; IGST 18 % of 1,08,546.90 = 19,538.44; duty Rs 30,295.34. The
    differential, 30,295.34 − 27,541.22 = Rs 2,754.12, is what the next challan collects
    (below Rs 10,000, so cash will do). Wrong roles are refused, and so is an amendment
    once the goods are examined."""
    be = _submitted(demo_core, actors)
    clr.assess(demo_core, actors["apr1"], be.be_no)
    paid = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    changes = {"invoice_value": "1100", "items": {"1": {"value": "1100"}}}
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        amd.request_amendment(demo_core, actors["apr1"], be.be_no, changes, "x")
    with pytest.raises(InvalidInput) as err:
        amd.request_amendment(demo_core, actors["opr1"], be.be_no,
                              {"items": {"1": {"value": "1100"}}}, "sum differs")
    assert err.value.rule == "IMP-BE-1"
    assert snapshot(demo_core) == before
    req = amd.request_amendment(demo_core, actors["opr1"], be.be_no, changes,
                                "supplier's revised invoice")
    assert {(c.field, c.before, c.after) for c in req.changes} == {
        ("invoice_value_fc", "1000", "1100"), ("value_fc", "1000", "1100")}
    for who, act in (("apr1", amd.approve_amendment), ("opr1", amd.approve_amendment)):
        with pytest.raises(NotPermitted):
            act(demo_core, actors[who], req.id)
    amd.approve_amendment(demo_core, actors["acdc1"], req.id)
    with pytest.raises(NotPermitted):
        amd.incorporate_amendment(demo_core, actors["apr1"], req.id)
    with pytest.raises(RuleViolation):  # the appraiser's acceptance comes first
        amd.incorporate_amendment(demo_core, actors["acdc1"], req.id)
    amd.accept_amendment(demo_core, actors["apr1"], req.id)
    assert bes.get_be(demo_core, be.be_no).duty == Decimal("27541.22")  # not yet in effect
    new = amd.incorporate_amendment(demo_core, actors["acdc1"], req.id)
    assert (new.state, new.invoice_value_fc, new.amendments) == ("second_check",
                                                                Decimal("1100"), 1)
    assert (new.assessable, new.bcd, new.sws, new.igst, new.duty) == (
        Decimal("97790.00"), Decimal("9779.00"), Decimal("977.90"), Decimal("19538.44"),
        Decimal("30295.34"))
    assert (new.duty_paid, new.amount_due, new.paid_at) == (Decimal("27541.22"),
                                                           Decimal("2754.12"), None)
    assert amd.get_request(demo_core, req.id).state == "incorporated"
    clr.assess(demo_core, actors["apr1"], be.be_no)
    done = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "cash")
    assert done.challan_no != paid.challan_no and done.amount_due == 0
    assert done.duty_paid == Decimal("30295.34")
    with demo_core.db.read() as s:
        pay = s.exec(select(t.AuditRecord).where(t.AuditRecord.doc_ref == str(be.be_no),
                                                 t.AuditRecord.action == "pay")
                     .order_by(t.AuditRecord.seq.desc())).first()
    assert pay.reason.startswith("differential duty challan") and "2754.12" in pay.reason
    clr.register_goods(demo_core, actors["exm1"], be.be_no)
    clr.examine(demo_core, actors["exm1"], be.be_no, "as declared")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.request_amendment(demo_core, actors["opr1"], be.be_no, {"freight": "10"}, "late")
    assert err.value.rule == "IMP-AMD-1" and snapshot(demo_core) == before


def test_imp_amd_2_no_amendment_after_ooc_the_system_manager_cancels_it(demo_core, actors):
    """IMP-AMD-2: after Out of Charge no amendment is keyed. Before delivery the AC/DC's
    approval lets the System Manager cancel the OOC; nobody approves their own request; the
    BE (an FOB invoice of USD 1,000 with freight 30 and insurance 10 declared, IMP-DUT-7:
    AV 1,040 × 88.90 = Rs 92,456.00, duty Rs 28,642.87) is then amended (freight USD 80:
    AV 1,090 × 88.90 = Rs 96,901.00; BCD 9,690.10; SWS 969.01; IGST 18 % of 1,07,560.11 =
    19,360.82; duty Rs 30,019.93, differential Rs 1,377.06), re-assessed, the differential
    paid, and Out of Charge given again. Once the goods are delivered the OOC stands."""
    igm = _igm(demo_core, actors)
    be = _out_of_charge(demo_core, actors, igm, terms_of_invoice="FOB", freight="30",
                        insurance="10")
    assert be.duty == Decimal("28642.87")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.request_amendment(demo_core, actors["opr1"], be.be_no, {"freight": "50"}, "x")
    assert err.value.rule == "IMP-AMD-2" and snapshot(demo_core) == before
    with pytest.raises(NotPermitted):
        amd.request_ooc_cancellation(demo_core, actors["exm1"], be.be_no, "x")
    req = amd.request_ooc_cancellation(demo_core, actors["acdc1"], be.be_no,
                                       "freight left out of the assessable value")
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):  # own request
        amd.approve_ooc_cancellation(demo_core, actors["acdc1"], req.id)
    with pytest.raises(RuleViolation) as err:  # no approval in force yet
        amd.cancel_out_of_charge(demo_core, actors["sys1"], req.id)
    assert err.value.rule == "IMP-AMD-2"
    assert snapshot(demo_core) == before
    amd.approve_ooc_cancellation(demo_core, actors["acdc2"], req.id)
    with pytest.raises(NotPermitted):
        amd.cancel_out_of_charge(demo_core, actors["apr1"], req.id)
    cancelled = amd.cancel_out_of_charge(demo_core, actors["sys1"], req.id)
    assert (cancelled.state, cancelled.ooc_at) == ("ooc_cancelled", None)
    change = amd.request_amendment(demo_core, actors["opr1"], be.be_no, {"freight": "80"},
                                   "freight")
    amd.approve_amendment(demo_core, actors["acdc1"], change.id)
    amd.accept_amendment(demo_core, actors["apr1"], change.id)
    new = amd.incorporate_amendment(demo_core, actors["acdc2"], change.id)
    assert (new.state, new.duty, new.amount_due) == ("second_check", Decimal("30019.93"),
                                                    Decimal("1377.06"))
    clr.assess(demo_core, actors["apr1"], be.be_no)
    clr.pay_duty(demo_core, actors["opr1"], be.be_no, "cash")
    again = clr.give_out_of_charge(demo_core, actors["apr2"], be.be_no)
    assert again.state == "out_of_charge" and again.amount_due == 0
    amd.record_delivery(demo_core, actors["cus1"], be.be_no)
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        amd.request_ooc_cancellation(demo_core, actors["acdc1"], be.be_no, "too late")
    assert err.value.rule == "IMP-AMD-2" and "delivered" in err.value.message
    assert snapshot(demo_core) == before
    # approved, but the goods left before the System Manager acted: the OOC stands
    other = _out_of_charge(demo_core, actors, igm, bl="AWB-2")
    late = amd.request_ooc_cancellation(demo_core, actors["apr1"], other.be_no, "x")
    amd.approve_ooc_cancellation(demo_core, actors["acdc1"], late.id)
    amd.record_delivery(demo_core, actors["cus1"], other.be_no)
    with pytest.raises(RuleViolation) as err:
        amd.cancel_out_of_charge(demo_core, actors["sys1"], late.id)
    assert err.value.rule == "IMP-AMD-2"
    assert bes.get_be(demo_core, other.be_no).state == "out_of_charge"


# ---- compliance verification ----


def test_imp_ccv_1_goods_verified_while_payment_in_process_ooc_on_payment(demo_core, actors):
    """IMP-CCV-1: once assessed, the goods are registered and examined while the duty is
    unpaid; the shed appraiser verifies compliance; Out of Charge is refused until payment
    and follows it at once, in his name. Without the verification the paid goods wait for
    the usual Out of Charge. Verification is the appraiser's, and only of unpaid,
    examined goods."""
    igm = _igm(demo_core, actors)
    be = _submitted(demo_core, actors, igm)
    clr.assess(demo_core, actors["apr1"], be.be_no)
    clr.register_goods(demo_core, actors["exm1"], be.be_no)
    with pytest.raises(RuleViolation) as err:
        ccv.verify_compliance(demo_core, actors["apr2"], be.be_no)
    assert err.value.rule == "IMP-CCV-1"
    clr.examine(demo_core, actors["exm1"], be.be_no, "as declared")
    with pytest.raises(RuleViolation) as err:
        clr.give_out_of_charge(demo_core, actors["apr2"], be.be_no)
    assert err.value.rule == "IMP-OOC-1"
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        ccv.verify_compliance(demo_core, actors["exm1"], be.be_no)
    assert snapshot(demo_core) == before
    verified = ccv.verify_compliance(demo_core, actors["apr2"], be.be_no)
    assert verified.ccv_at == demo_core.now() and verified.state == "examined"
    done = clr.pay_duty(demo_core, actors["opr1"], be.be_no, "online")
    assert (done.state, done.ooc_at) == ("out_of_charge", demo_core.now())
    with demo_core.db.read() as s:
        row = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == be.be_no)).one()
    assert row.ooc_by == "apr2"
    other = _submitted(demo_core, actors, igm, bl="AWB-2")
    clr.assess(demo_core, actors["apr1"], other.be_no)
    clr.register_goods(demo_core, actors["exm1"], other.be_no)
    clr.examine(demo_core, actors["exm1"], other.be_no, "as declared")
    waiting = clr.pay_duty(demo_core, actors["opr1"], other.be_no, "online")
    assert waiting.state == "examined" and waiting.paid_at is not None
    with pytest.raises(RuleViolation) as err:
        ccv.verify_compliance(demo_core, actors["apr2"], other.be_no)
    assert err.value.rule == "IMP-CCV-1"
    assert clr.give_out_of_charge(demo_core, actors["apr2"],
                                  other.be_no).state == "out_of_charge"


# ---- Telegraphic Release Advice ----


def _annexure_d(quantity: str = "300", value: str = "150000", port: str = "INKRW1") -> dict:
    return {"licence_no": LICENCE, "port_of_use": port,
            "items": [{"licence_sl": 1, "quantity": quantity, "value": value}]}


def test_imp_tra_1_only_for_a_non_ices_location_keyed_checked_verified(demo_core, actors):
    """IMP-TRA-1: the registration clerk keys Annexure D for Karwar (non-ICES), prints the
    checklist; the appraiser verifies from the original licence and the system gives the
    TRA number and three copies; the licence is debited 300 kg / Rs 1,50,000 of 1,000 kg /
    Rs 5,00,000. Refused, with nothing written: another role, an ICES location, an unknown
    location, more than the balance, issue before the checklist, the clerk issuing."""
    _licence(demo_core, actors)
    before = snapshot(demo_core)
    with pytest.raises(NotPermitted):
        tra.key_tra(demo_core, actors["opr1"], _annexure_d())
    with pytest.raises(RuleViolation) as err:
        tra.key_tra(demo_core, actors["clk1"], _annexure_d(port="INVTZ1"))
    assert err.value.rule == "IMP-TRA-1" and "runs ICES" in err.value.message
    with pytest.raises(InvalidInput) as err:
        tra.key_tra(demo_core, actors["clk1"], _annexure_d(port="INZZZ1"))
    assert (err.value.field, err.value.rule) == ("port_of_use", "IMP-TRA-1")
    with pytest.raises(RuleViolation) as err:
        tra.key_tra(demo_core, actors["clk1"], _annexure_d(quantity="1001"))
    assert err.value.rule == "IMP-LIC-2"
    assert snapshot(demo_core) == before
    req = tra.key_tra(demo_core, actors["clk1"], _annexure_d())
    assert (req.state, req.tra_no, req.copies) == ("keyed", None, ())
    with pytest.raises(RuleViolation):
        tra.issue_tra(demo_core, actors["apr1"], req.id, "seen")
    tra.print_checklist(demo_core, actors["clk1"], req.id)
    with pytest.raises(NotPermitted):
        tra.issue_tra(demo_core, actors["clk1"], req.id, "seen")
    issued = tra.issue_tra(demo_core, actors["apr1"], req.id,
                           "original licence 0311199887 seen, balance endorsed")
    assert issued.state == "issued" and issued.tra_no >= 1001
    assert issued.tra_date == demo_core.today() and len(issued.copies) == 3
    assert issued.port_of_use_name == "Karwar Port"
    c1 = licences.get_licence(demo_core, LICENCE).part_c[0]
    assert (c1.balance_quantity, c1.balance_value) == (Decimal("700"), Decimal("350000.00"))


def test_imp_tra_2_never_amended_fresh_tra_for_more_unused_keyed_back(demo_core, actors):
    """IMP-TRA-2: before issue the clerk corrects Annexure D; an issued TRA is never amended
    (nothing changes); a further 200 kg needs a fresh TRA; the unused first TRA keyed back
    re-credits the licence (balance 1,000 − 300 − 200 + 300 = 800 kg); it cannot be keyed
    back twice."""
    _licence(demo_core, actors)
    req = tra.key_tra(demo_core, actors["clk1"], _annexure_d(quantity="250"))
    tra.print_checklist(demo_core, actors["clk1"], req.id)
    corrected = tra.correct_tra(demo_core, actors["clk1"], req.id, _annexure_d())
    assert (corrected.state, corrected.lines[0].quantity) == ("keyed", Decimal("300"))
    tra.print_checklist(demo_core, actors["clk1"], req.id)
    first = tra.issue_tra(demo_core, actors["apr1"], req.id, "original seen")
    before = snapshot(demo_core)
    with pytest.raises(RuleViolation) as err:
        tra.correct_tra(demo_core, actors["clk1"], req.id, _annexure_d(quantity="400"))
    assert err.value.rule == "IMP-TRA-2"
    with pytest.raises(RuleViolation) as err:
        tra.issue_tra(demo_core, actors["apr1"], req.id, "again")
    assert err.value.rule == "IMP-TRA-2"
    assert snapshot(demo_core) == before
    fresh = tra.key_tra(demo_core, actors["clk1"], _annexure_d(quantity="200", value="100000"))
    tra.print_checklist(demo_core, actors["clk1"], fresh.id)
    second = tra.issue_tra(demo_core, actors["apr1"], fresh.id, "original seen")
    assert second.tra_no == first.tra_no + 1
    assert licences.get_licence(demo_core, LICENCE).part_c[0].balance_quantity == 500
    back = tra.recredit_tra(demo_core, actors["clk1"], first.tra_no,
                            "returned unused by Karwar Customs")
    assert back.state == "recredited"
    assert licences.get_licence(demo_core, LICENCE).part_c[0].balance_quantity == 800
    with pytest.raises(RuleViolation) as err:
        tra.recredit_tra(demo_core, actors["clk1"], first.tra_no, "again")
    assert err.value.rule == "IMP-TRA-2"


# ---- CLI and demo ----


def test_imp_tra_1_imp_amd_1_cli(cli):
    """IMP-TRA-1, IMP-TRA-2 and IMP-AMD-1 by CLI: a TRA keyed, checked and issued for the
    demo's DES licence; an amendment keyed and approved."""
    path = cli.tmp / "annexure_d.json"
    path.write_text(json.dumps({"licence_no": "0311122334", "port_of_use": "INBED1",
                                "items": [{"licence_sl": 1, "quantity": "100",
                                           "value": "10000"}]}))
    req = cli("tra", "key", str(path), "--user", "clk1")
    cli("tra", "checklist", req["id"], "--user", "clk1")
    issued = cli("tra", "issue", req["id"], "--verification", "original seen", "--user", "apr1")
    assert issued["state"] == "issued" and len(issued["copies"]) == 3
    assert cli("tra", "show", issued["tra_no"])["port_of_use"] == "INBED1"
    refused = cli("tra", "correct", req["id"], str(path), "--user", "clk1", ok=False)
    assert refused.exception.rule == "IMP-TRA-2"
    with cli.core.db.read() as s:
        be_no = s.exec(select(t.BillOfEntry.be_no).where(
            t.BillOfEntry.state == "second_check", t.BillOfEntry.hss_seller_iec != "")).first()
    amendment = cli("be", "amend", be_no, "--changes", '{"insurance": "5"}', "--reason",
                    "insurance certificate", "--user", "opr1")
    assert cli("be", "amend-approve", amendment["id"], "--user", "acdc1")["state"] == "approved"


def test_imp_dut_6_imp_amd_1_imp_tra_1_demo_has_the_import_rules(demo_core):
    """IMP-DUT-6, IMP-AMD-1, IMP-DUT-5, IMP-LIC-2, IMP-TRA-1: the demo has a high-sea-sale BE
    waiting for the appraiser, an amended BE re-assessed with a differential due, an
    anti-dumping BE, a BE debiting the partly used DES licence, and an issued TRA."""
    with demo_core.db.read() as s:
        rows = s.exec(select(t.BillOfEntry)).all()
        assert any(b.hss_seller_iec and b.state == "second_check" for b in rows)
        amended = [b for b in rows if b.amendments]
        assert amended and amended[0].state == "assessed"
        assert amended[0].duty_paise > amended[0].duty_paid_paise > 0
        assert any(b.add_paise for b in rows) and any(b.duty_forgone_paise for b in rows)
        assert s.exec(select(t.Tra).where(t.Tra.state == "issued")).first() is not None
    lic = licences.get_licence(demo_core, "0311122334")
    assert lic.part_c[0].quantity == Decimal("4000")  # 5,000 kg less 1,000 used
    assert {d.doc for d in lic.imports} == {"BE", "TRA"}

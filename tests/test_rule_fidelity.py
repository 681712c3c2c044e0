"""Reference data checked against public sources (issue 17): the tariff directory.

The rows of ``fixtures/reference/tariff.csv`` were checked against the HSN master the GST
portal publishes (``HSN_SAC.xlsx``, whose 8-digit codes and descriptions are the tariff
items of the Customs Tariff's First Schedule); fixtures/README.md names the source.
"""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

import db.tables as t
from console.rules.duty import item_duty


def _tariff(core) -> dict[str, t.TariffItem]:
    with core.db.read() as s:
        rows = {r.item: r for r in s.exec(select(t.TariffItem))}
        s.expunge_all()
    return rows


def test_exp_reg_7_tariff_items_carry_the_customs_tariff_description(core):
    """EXP-REG-7: the tariff directory says what each item is as the Customs Tariff does.

    Worked examples from the tariff (CBIC's First Schedule, as in the GST portal's HSN
    master): 0307 43 10 is cuttle fish and 0307 43 20 squid (they were the other way
    round); white cement is 2523 21 00 (2523 29 30 is Portland pozzolana cement); the
    iron ore lumps and fines of 62 % Fe or more are 2601 11 12 and 2601 11 31 (2601 11 11
    is lumps of 60-62 % and 2601 11 21 lumps below 55 %); black pepper garbled is
    0904 11 30 and ungarbled 0904 11 40; 5201 00 25 is cotton of staple length exceeding
    32.0 mm (not 28 mm) and Bengal deshi cotton is 5201 00 11."""
    tariff = _tariff(core)

    def says(item: str, *words: str) -> None:
        assert item in tariff, f"{item} is not in the tariff directory"
        text = tariff[item].description.lower()
        assert all(w.lower() in text for w in words), (item, tariff[item].description)

    says("03074310", "cuttle fish")
    says("03074320", "squid")
    says("25232100", "white cement")
    pozzolana = tariff.get("25232930")
    assert pozzolana is None or "white" not in pozzolana.description.lower()
    says("26011112", "lumps", "62%")
    says("26011131", "fines", "62%")
    says("09041130", "garbled")
    assert "ungarbled" not in tariff["09041130"].description.lower()
    says("09041140", "ungarbled")
    says("52010025", "32.0 mm")
    says("52010011", "bengal deshi")


def test_exp_reg_7_no_tariff_item_the_customs_tariff_does_not_have(core):
    """EXP-REG-7: every row is a tariff item of the Customs Tariff. These eight-digit codes
    were invented (a heading or subheading padded with zeros, or a subdivision the tariff
    does not make) and are not in the tariff; their goods now carry the real items, e.g.
    fresh bananas 0803 90 10 (not 0803 00 10), caustic soda flakes 2815 11 10 (not
    2815 11 00), sailboards 9506 21 00 (not 9506 21 90)."""
    invented = {"08030010", "09061100", "23069010", "28112100", "28151100", "30024100",
                "40011000", "40114000", "41015000", "44123100", "48101900", "50072099",
                "52093200", "53031000", "53109000", "61103090", "62044200", "64041100",
                "72193400", "73079900", "82055900", "84212100", "94042100", "95062190",
                "97011000", "52010020"}
    tariff = _tariff(core)
    assert not invented & set(tariff)
    assert {"08039010", "28151110", "95062100", "97019100"} <= set(tariff)


def test_imp_dut_2_goods_outside_gst_bear_no_igst(core):
    """IMP-DUT-2: IGST is levied on imports of goods under GST; high-speed diesel (2710 19 44)
    and beer (2203 00 00, alcoholic liquor for human consumption) are outside GST, so
    their IGST rate is nil.

    Worked example, 10 kl of HSD at an assessable value of Rs 10,00,000: BCD 2.5 % =
    Rs 25,000; SWS 10 % of BCD = Rs 2,500; IGST nil; duty Rs 27,500. At the 18 % the
    directory carried, IGST would have added 18 % of (10,00,000 + 25,000 + 2,500) =
    Rs 1,84,950."""
    tariff = _tariff(core)
    hsd, beer = tariff["27101944"], tariff["22030000"]
    assert (hsd.igst_rate, beer.igst_rate) == (Decimal(0), Decimal(0))
    d = item_duty(Decimal("1000000"), hsd.bcd_rate, hsd.igst_rate, Decimal("10"))
    assert (d.bcd, d.sws, d.igst, d.total) == (
        Decimal("25000.00"), Decimal("2500.00"), Decimal("0.00"), Decimal("27500.00"))


def test_imp_dut_2_sws_exemptions_by_tariff_item_and_date(core):
    """IMP-DUT-2 with Notifications 11/2018-Cus and 12/2018-Cus (fixtures/README.md): the
    SWS an item pays is set by the exemption directory's longest prefix in force on the BE
    date, else the general 10 %.

    Worked example, basmati rice 1006 30 20 at an assessable value of Rs 1,00,000 with BCD
    70 %: BCD Rs 70,000; SWS nil (11/2018 Sl. 1 names heading 1006), where the general
    rate would add Rs 7,000; IGST 5 % of 1,70,000 = Rs 8,500. Gold bars 7108 12 00 pay 3 %
    (12/2018 Sl. 4), gold jewellery 7113 19 10 the general 10 %, and on 1 Feb 2018, before
    the notifications, rice paid 10 % too."""
    from datetime import date

    from console.services.imports.be_duty import sws_rate

    ten = Decimal(10)
    with core.db.read() as s:
        on = date(2026, 11, 2)
        assert sws_rate(s, "10063020", on, ten) == (Decimal(0), "11/2018-Cus Sl. 1")
        assert sws_rate(s, "71081200", on, ten) == (Decimal(3), "12/2018-Cus Sl. 4")
        assert sws_rate(s, "71131910", on, ten) == (ten, "")
        assert sws_rate(s, "10063020", date(2018, 2, 1), ten) == (ten, "")
        assert sws_rate(s, "71081200", on, Decimal(2)) == (Decimal(2), "")  # never raised
    d = item_duty(Decimal("100000"), Decimal(70), Decimal(5), Decimal(0))
    assert (d.bcd, d.sws, d.igst) == (Decimal("70000.00"), Decimal("0.00"), Decimal("8500.00"))

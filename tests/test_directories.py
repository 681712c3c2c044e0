"""Reference directories and registries (EXP-REG-*)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

import db.tables as t
from console.directories import registrations, search_codes, search_tariff
from console.errors import InvalidInput, NotPermitted, RuleViolation
from console.rules.params import exchange_rate, parameter
from console.services.admin.registries import (
    import_directory,
    register_ad,
    register_bank_account,
    register_gstin,
)


def _count(core, table) -> int:
    with core.db.read() as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_reference_directories_loaded(core):
    """EXP-REG-7: currency, country, port, UQC, scheme and tariff directories exist."""
    assert _count(core, t.Currency) > 150
    assert _count(core, t.Country) > 240
    assert _count(core, t.TariffItem) >= 300
    assert _count(core, t.Port) >= 50
    with core.db.read() as s:
        assert s.get(t.Port, "INVTZ4") is not None
        assert s.get(t.Port, "INIXZ1") is not None
        assert s.get(t.SchemeCode, "06").category == "depb"
        assert s.get(t.Uqc, "KGS") is not None
        chapters = {i[:2] for i in s.exec(select(t.TariffItem.item))}
    assert len(chapters) >= 40


def test_exp_reg_6_rate_in_force_on_the_filing_date(core):
    """EXP-REG-6: the notified rate is the one whose period covers the date."""
    with core.db.read() as s:
        rows = s.exec(select(t.ExchangeRate).where(t.ExchangeRate.currency == "USD")
                      .order_by(t.ExchangeRate.effective_from)).all()
        first, last = rows[0], rows[-1]
        assert exchange_rate(s, "USD", first.effective_from)[0] == first.export_rate
        assert exchange_rate(s, "USD", last.effective_from)[0] == last.export_rate
        with pytest.raises(InvalidInput, match="bank-certified") as err:
            exchange_rate(s, "XAF", date(2026, 11, 2))
    assert err.value.rule == "EXP-REG-6"


def test_effective_dated_parameter_takes_the_event_date(core):
    """EXP-BRC-2: 9 months before 13.11.2025, 15 months from that date."""
    with core.db.read() as s:
        assert parameter(s, "EXP-BRC-2.months", date(2025, 11, 12)) == 9
        assert parameter(s, "EXP-BRC-2.months", date(2025, 11, 13)) == 15
        assert parameter(s, "charge.sb_entry_first5", date(2013, 6, 1), "INVTZ4") == 60


def test_directory_import_reports_bad_rows_and_keeps_good(demo_core, actors, tmp_path):
    """EXP-REG-1: the DGFT IEC feed loads valid IECs; bad rows are reported by line."""
    feed = tmp_path / "dgft.csv"
    feed.write_text(
        "iec,name,address,status\n"
        "AAACR5055K,Reliance Exports,Mumbai,active\n"
        "ABC,Too Short,Nowhere,active\n"
        "0305012345,Old Numeric Exporter,Chennai,active\n"
        "AAACT2727Q,,Missing Name,active\n"
    )
    before = _count(demo_core, t.Iec)
    report = import_directory(demo_core, actors["clk1"], "iec", feed)
    assert report.loaded == 2
    assert [line for line, _ in report.errors] == [3, 5]
    assert "IEC" in report.errors[0][1] or "iec" in report.errors[0][1]
    assert _count(demo_core, t.Iec) == before + 2
    # re-sending the fixed file updates in place: no duplicates
    feed.write_text("iec,name,address,status\nAAACR5055K,Reliance Exports Ltd,Mumbai,active\n")
    assert import_directory(demo_core, actors["clk1"], "iec", feed).loaded == 1
    assert _count(demo_core, t.Iec) == before + 2


def test_directory_import_needs_a_clerk(demo_core, actors, tmp_path):
    feed = tmp_path / "f.csv"
    feed.write_text("iec,name\nAAACR5055K,X\n")
    with pytest.raises(NotPermitted) as err:
        import_directory(demo_core, actors["apr1"], "iec", feed)
    assert (err.value.act, err.value.check) == ("DIRECTORY.import", "role")


def test_exchange_rate_import_refuses_unknown_currency(demo_core, actors, tmp_path):
    """EXP-REG-7: an unknown currency code is refused, since it would convert wrongly."""
    f = tmp_path / "rates.csv"
    f.write_text("currency,units,import_rate,export_rate,effective_from,effective_to\n"
                 "XYZ,1,1,1,2026-11-01,2026-11-15\n"
                 "USD,1,84.10,82.40,2027-01-01,2027-01-15\n")
    report = import_directory(demo_core, actors["sys1"], "exchange_rates", f)
    assert report.loaded == 1
    assert report.errors[0][0] == 2


def test_exp_reg_2_broker_code_validated(demo_core, actors, tmp_path):
    """EXP-REG-2: brokers are PAN-based; a malformed code is refused."""
    f = tmp_path / "brokers.csv"
    f.write_text("code,name,verified\nAAECV1122HCH002,Good Broker,Y\nBADCODE,Bad Broker,Y\n")
    report = import_directory(demo_core, actors["clk1"], "brokers", f)
    assert report.loaded == 1 and report.errors[0][0] == 3


def test_exp_reg_4_ad_code_must_be_in_rbi_directory(demo_core, actors):
    """EXP-REG-4: a local officer cannot add an AD code that is not in RBI's directory."""
    with pytest.raises(RuleViolation) as err:
        register_ad(demo_core, actors["clk1"], "AAPCA1234F", "9999999", "INVTZ4")
    assert err.value.rule == "EXP-REG-4"
    with demo_core.db.read() as s:
        code = s.exec(select(t.AdCode.code).order_by(t.AdCode.code.desc())).first()
    register_ad(demo_core, actors["clk1"], "AAPCA1234F", code, "INVTZ4")
    assert (code, "INVTZ4") in registrations(demo_core, "AAPCA1234F")["ad"]


def test_exp_reg_5_changed_bank_account_registered_afresh(demo_core, actors):
    """EXP-REG-5 / EXP-REG-8: one active account for drawback and IGST refund."""
    register_bank_account(demo_core, actors["clk1"], "AAPCA1234F", "HDFC0001234", "50100012345678")
    assert registrations(demo_core, "AAPCA1234F")["bank_account"] == ("HDFC0001234",
                                                                      "50100012345678")
    with demo_core.db.read() as s:
        rows = s.exec(select(t.BankAccount).where(t.BankAccount.iec == "AAPCA1234F")).all()
    assert [r.active for r in rows].count(True) == 1


@pytest.mark.parametrize(("ifsc", "account"), [("HDFC1234567", "501000123"),
                                               ("HDFC0001234", "12AB")])
def test_bad_bank_details_refused(demo_core, actors, ifsc, account):
    with pytest.raises((InvalidInput, ValueError)):
        register_bank_account(demo_core, actors["clk1"], "AAPCA1234F", ifsc, account)
    assert registrations(demo_core, "AAPCA1234F")["bank_account"][0] == "SBIN0000952"


def test_exp_reg_8_gstin_check_character(demo_core, actors):
    """EXP-REG-8: a GSTIN with a wrong check character is refused; a right one registered."""
    with pytest.raises((InvalidInput, ValueError)):
        register_gstin(demo_core, actors["clk1"], "AAFCV9876Q", "37AAFCV9876Q2ZA")
    register_gstin(demo_core, actors["clk1"], "AAFCV9876Q", "37AAFCV9876Q2Z" + _gst_check(
        "37AAFCV9876Q2Z"))
    assert len(registrations(demo_core, "AAFCV9876Q")["gstin"]) == 2


def _gst_check(base: str) -> str:
    from stdnum import luhn

    return luhn.calc_check_digit(base, alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_unregistered_iec_cannot_be_given_accounts(demo_core, actors):
    """EXP-REG-1: only a registered IEC gets AD, bank or GSTIN registrations."""
    with pytest.raises(RuleViolation) as err:
        register_bank_account(demo_core, actors["clk1"], "AAACZ9999Z", "HDFC0001234", "501000123")
    assert err.value.rule == "EXP-REG-1"


def test_registrations_by_the_clerk_where_posted_and_on_the_iec_trail(demo_core, actors):
    """roles.md, EXP-REG-8: the registration clerk registers (not the system manager); an AD
    account is registered at a port by the clerk posted there (Port Blair's by Port
    Blair's); the records go on the IEC's trail."""
    from console import audit

    with demo_core.db.read() as s:
        code = s.exec(select(t.AdCode.code).order_by(t.AdCode.code.desc())).first()
    with pytest.raises(NotPermitted, match="needs CLK") as err:
        register_bank_account(demo_core, actors["sys1"], "AAPCA1234F", "HDFC0001234",
                              "50100012345678")
    assert (err.value.act, err.value.check) == ("EXPORTER.register_bank_account", "role")
    with pytest.raises(NotPermitted, match="INIXZ1") as err:
        register_ad(demo_core, actors["clk1"], "AAPCA1234F", code, "INIXZ1")
    assert (err.value.act, err.value.check) == ("EXPORTER.register_ad", "location")
    assert (code, "INIXZ1") not in registrations(demo_core, "AAPCA1234F")["ad"]
    register_ad(demo_core, actors["clk9"], "AAPCA1234F", code, "INIXZ1")
    assert (code, "INIXZ1") in registrations(demo_core, "AAPCA1234F")["ad"]
    with demo_core.db.read() as s:
        rec = audit.history(s, "IEC", "AAPCA1234F")[-1]
    assert (rec.action, rec.officer, rec.reason) == ("register_ad", "clk9", code)


def test_exp_reg_1_a_cancelled_iec_gets_no_registrations(demo_core, actors, tmp_path):
    """EXP-REG-1: an IEC that DGFT's feed cancelled is not registered: no AD account, bank
    account or GSTIN is registered for it; nothing changes."""
    feed = tmp_path / "dgft.csv"
    feed.write_text("iec,name,address,status\nAAPCA1234F,Andhra Pharma,APSEZ,cancelled\n")
    assert import_directory(demo_core, actors["clk1"], "iec", feed).loaded == 1
    before = registrations(demo_core, "AAPCA1234F")
    with pytest.raises(RuleViolation, match="cancelled") as err:
        register_bank_account(demo_core, actors["clk1"], "AAPCA1234F", "HDFC0001234",
                              "50100012345678")
    assert (err.value.rule, err.value.check) == ("EXP-REG-1", "state")
    assert registrations(demo_core, "AAPCA1234F") == before


def test_search_as_you_type(demo_core):
    assert all(r.item.startswith("03") for r in search_tariff(demo_core, "03"))
    assert search_tariff(demo_core, "03")
    assert [c for c, _ in search_codes(demo_core, "port", "INVTZ")] == ["INVTZ1", "INVTZ4"]
    assert ("INVTZ4", "Visakhapatnam Air Cargo Complex") in search_codes(demo_core, "port",
                                                                         "visakhapatnam air")
    assert any(c == "USD" for c, _ in search_codes(demo_core, "currency", "US"))
    assert Decimal(str(search_tariff(demo_core, "0")[0].igst_rate)) >= 0


def test_exp_reg_7_port_directory_holds_real_land_customs_stations(core):
    """EXP-REG-7: the port directory decides which well-formed codes exist. The land
    customs stations carry the codes of CBIC's location code list (fixtures/README.md):
    ``INRXLB`` LCS Raxaul, ``INPTPB`` LCS/ICP Petrapole, ``INATRB`` ICP Attari Road; the
    invented ``INRXL2`` and ``INPTL2`` exist nowhere and are not in the directory, so a
    declaration or TRA naming them is refused as an unknown location though well formed."""
    with core.db.read() as s:
        land = {p.code: p.name for p in s.exec(select(t.Port).where(t.Port.kind == "land"))}
    assert {"INRXLB", "INPTPB", "INATRB"} <= set(land)
    assert "Raxaul" in land["INRXLB"] and "Petrapole" in land["INPTPB"]
    assert not {"INRXL2", "INPTL2"} & set(land)

"""Identifier formats (spec formats.md): pure checks in console.formats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.in_ import gstin as stdnum_gstin

from console import formats

# ---- IEC (EXP-REG-1) ----


@pytest.mark.parametrize(("raw", "expected"), [
    ("0809013479", "0809013479"),      # older numeric IEC
    ("AAPCP4237J", "AAPCP4237J"),      # newer IEC = holder's PAN
    ("  aapcp4237j ", "AAPCP4237J"),   # stripped and upper-cased
])
def test_iec_valid(raw, expected):
    """EXP-REG-1: an IE Code is 10 characters, 10 digits or a PAN."""
    assert formats.iec(raw) == expected


@pytest.mark.parametrize("raw", ["ABC", "", None, "080901347", "08090134790", "AAPCP4237",
                                 "AAPC14237J", "AAPXP4237J", "AAPCP0000J", "0809O13479",
                                 "０８０９０１３４７９"])
def test_iec_invalid(raw):
    """EXP-REG-1: malformed IECs are refused with the field and the rule named."""
    with pytest.raises(ValueError, match=r"IEC .*EXP-REG-1"):
        formats.iec(raw)


def test_iec_message_names_field_and_rule():
    with pytest.raises(ValueError) as err:
        formats.iec("ABC")
    assert str(err.value) == ("IEC 'ABC': must be 10 characters — 10 digits or a PAN "
                              "(rule EXP-REG-1)")


# ---- PAN ----


@pytest.mark.parametrize("raw", ["AAPCP4237J", "ABCPE1234F", "aaacr5055k"])
def test_pan_valid(raw):
    assert formats.pan(raw) == raw.upper()


@pytest.mark.parametrize("raw", ["AAPCP4237", "AAPC14237J", "AAPXP4237J", "AAPCP0000J",
                                 "AAPCP4237JJ", ""])
def test_pan_invalid(raw):
    """The 4th letter must be a holder type (C, P, F, H, ...) and the serial not 0000."""
    with pytest.raises(ValueError, match="PAN"):
        formats.pan(raw)


# ---- GSTIN (EXP-REG-8) ----


@pytest.mark.parametrize("raw", [
    "27AAPFU0939F1ZV",   # Maharashtra, the GST portal's sample format
    "37AAPCA1234F1ZU",   # Andhra Pradesh (new code 37)
    "29AAGCB7383J1Z4",   # Karnataka
    "07AAACT2727Q1ZY",   # Delhi
    "33AADCP4321M2ZH",   # Tamil Nadu, second registration under the PAN
    " 27aapfu0939f1zv ",
])
def test_gstin_valid(raw):
    """EXP-REG-8: state code, PAN, entity character, Z and the check character."""
    assert formats.gstin(raw) == raw.strip().upper()
    assert stdnum_gstin.is_valid(raw.strip())  # agrees with python-stdnum for 01-37


@pytest.mark.parametrize("raw", ["38AAPCA1234F1ZS", "97AAACR5055K1Z0", "99AAACR5055K1ZW"])
def test_gstin_state_codes_stdnum_rejects(raw):
    """EXP-REG-8: 38 (Ladakh), 97 (Other Territory) and 99 (Centre Jurisdiction) are valid
    although python-stdnum rejects them; the check character is still verified."""
    assert not stdnum_gstin.is_valid(raw)
    assert formats.gstin(raw) == raw
    wrong = raw[:14] + ("A" if raw[14] != "A" else "B")
    with pytest.raises(ValueError, match="check character.*EXP-REG-8"):
        formats.gstin(wrong)


@pytest.mark.parametrize(("raw", "why"), [
    ("27AAPFU0939F1ZA", "check character"),
    ("27AAPFU0939F1Z", "15 characters"),
    ("27AAPFU0939F1YV", "state code, a PAN"),    # 14th character must be Z
    ("27AAPFU0939F0ZV", "state code, a PAN"),    # entity character 0 is not used
    ("27AAPXU0939F1ZV", "state code, a PAN"),    # PAN holder type X does not exist
    ("40AAPFU0939F1ZV", "unknown state code"),
    ("00AAPFU0939F1ZV", "unknown state code"),
    ("", "15 characters"),
])
def test_gstin_invalid(raw, why):
    """EXP-REG-8: a GSTIN with a wrong part or check character is refused."""
    with pytest.raises(ValueError, match=f"GSTIN .*{why}.*EXP-REG-8"):
        formats.gstin(raw)


def test_gstin_check_character_matches_stdnum():
    for base in ("27AAPFU0939F1Z", "01AAACR5055K1Z", "36ABCPE1234F9Z", "19AAACT2727QAZ"):
        full = base + formats.gstin_check_character(base)
        assert stdnum_gstin.is_valid(full), full


# ---- customs broker (EXP-REG-2) ----


@pytest.mark.parametrize("raw", ["AAECV1122HCH001", "aaecv1122hch002", "SELFSUBMITCH001"])
def test_broker_code_valid(raw):
    """EXP-REG-2: PAN-based broker code (PAN + CH + 3 digits), or the self-filing code."""
    assert formats.broker_code(raw) == raw.upper()


@pytest.mark.parametrize("raw", ["BADCODE", "AAECV1122HCX001", "AAECV1122HCH01",
                                 "AAECV1122HCH0011", "AAEXV1122HCH001", "SELFSUBMITCH002", ""])
def test_broker_code_invalid(raw):
    """EXP-REG-2: anything else is refused, naming the rule."""
    with pytest.raises(ValueError, match="broker code .*EXP-REG-2"):
        formats.broker_code(raw)


# ---- AD code (EXP-REG-4) ----


def test_ad_code_valid():
    """EXP-REG-4: the AD code in a shipping bill is 7 digits."""
    assert formats.ad_code(" 0510005 ") == "0510005"


@pytest.mark.parametrize("raw", ["051000", "05100051", "05100A5", "", "٠٥١٠٠٠٥"])
def test_ad_code_invalid(raw):
    """EXP-REG-4: not 7 ASCII digits → refused."""
    with pytest.raises(ValueError, match="AD code .*EXP-REG-4"):
        formats.ad_code(raw)


# ---- bank account: IFSC and account number (EXP-REG-5) ----


@pytest.mark.parametrize("raw", ["SBIN0000952", "HDFC0001234", "utib0000ABC"])
def test_ifsc_valid(raw):
    """EXP-REG-5: IFSC is 4 letters, 0, and 6 letters or digits."""
    assert formats.ifsc(raw) == raw.upper()


@pytest.mark.parametrize("raw", ["HDFC1234567", "HDF00001234", "HDFC000123", "HDFC00012345",
                                 "HDFC0-01234", ""])
def test_ifsc_invalid(raw):
    """EXP-REG-5: the fifth character must be 0; length 11."""
    with pytest.raises(ValueError, match="IFSC .*EXP-REG-5"):
        formats.ifsc(raw)


@pytest.mark.parametrize("raw", ["501000123", "50100012345678", "123456789012345678"])
def test_account_number_valid(raw):
    """EXP-REG-5: account numbers are 9 to 18 digits."""
    assert formats.account_number(raw) == raw


@pytest.mark.parametrize("raw", ["12345678", "1234567890123456789", "12AB", "5010 0012", ""])
def test_account_number_invalid(raw):
    with pytest.raises(ValueError, match="account number .*EXP-REG-5"):
        formats.account_number(raw)


# ---- port, country, currency, tariff item (EXP-REG-7) ----


@pytest.mark.parametrize("raw", ["INNSA1", "INBOM4", "INVTZ4", "INIXZ1", "intkd6"])
def test_port_code_valid(raw):
    """EXP-REG-7: location codes are IN + 3 letters + a digit for the kind of location."""
    assert formats.port_code(raw) == raw.upper()


@pytest.mark.parametrize("raw", ["INVTZ", "INVTZ44", "USNYC1", "INVT-4", "IN VTZ", "INVTZ_", ""])
def test_port_code_invalid(raw):
    """EXP-REG-7: a malformed port code is refused."""
    with pytest.raises(ValueError, match="port code .*EXP-REG-7"):
        formats.port_code(raw)


@pytest.mark.parametrize(("raw", "expected"), [("US", "US"), ("in", "IN"), (" ae ", "AE")])
def test_country_valid(raw, expected):
    """EXP-REG-7: countries are ISO 3166-1 alpha-2 codes."""
    assert formats.country(raw) == expected


@pytest.mark.parametrize("raw", ["XX", "USA", "U", "", "1A"])
def test_country_invalid(raw):
    with pytest.raises(ValueError, match="country .*EXP-REG-7"):
        formats.country(raw)


@pytest.mark.parametrize(("raw", "expected"), [("USD", "USD"), ("jpy", "JPY"), ("INR", "INR")])
def test_currency_valid(raw, expected):
    """EXP-REG-7: currencies are ISO 4217 alpha-3 codes."""
    assert formats.currency(raw) == expected


@pytest.mark.parametrize("raw", ["XYZ", "US", "USDD", "", "U$D"])
def test_currency_invalid(raw):
    """EXP-REG-7: an unknown currency would convert wrongly, so it is refused."""
    with pytest.raises(ValueError, match="currency .*EXP-REG-7"):
        formats.currency(raw)


@pytest.mark.parametrize("raw", ["61091000", " 03061720 ", "00000000"])
def test_tariff_item_valid(raw):
    """EXP-REG-7: a tariff item (CTH/RITC) is 8 digits."""
    assert formats.tariff_item(raw) == raw.strip()


@pytest.mark.parametrize("raw", ["6109100", "610910000", "6109.10.00", "6109 1000", ""])
def test_tariff_item_invalid(raw):
    with pytest.raises(ValueError, match="tariff item .*EXP-REG-7"):
        formats.tariff_item(raw)


# ---- warehouse code (WH-1), drawback serial (EXP-DBK-4, EXP-DBK-7) ----


@pytest.mark.parametrize("raw", ["WFD61001", "WFD60001", "vtz41002"])
def test_warehouse_code_valid(raw):
    assert formats.warehouse_code(raw) == raw.upper()


@pytest.mark.parametrize("raw", ["WFD6100", "WFD610011", "WF161001", "WFDAA001", "INWFD61"])
def test_warehouse_code_invalid(raw):
    with pytest.raises(ValueError, match="warehouse code .*WH-1"):
        formats.warehouse_code(raw)


@pytest.mark.parametrize("raw", ["610901A", "610902B", "711301C", "52050101D", "300490",
                                 "98.01", " 610901a "])
def test_drawback_serial_valid(raw):
    """EXP-DBK-4 / EXP-DBK-7: schedule item + A/B (C/D for Special Advance Authorisation),
    or 98.01 for provisional drawback."""
    assert formats.drawback_serial(raw) == raw.strip().upper()


@pytest.mark.parametrize("raw", ["610901E", "61A", "98.02", "9801.", "610901AB", "", "A610901"])
def test_drawback_serial_invalid(raw):
    with pytest.raises(ValueError, match="drawback serial .*EXP-DBK-7"):
        formats.drawback_serial(raw)


# ---- fuzz: any input validates or raises ValueError, never anything else ----

VALIDATORS = [formats.iec, formats.pan, formats.gstin, formats.broker_code, formats.ad_code,
              formats.ifsc, formats.account_number, formats.port_code, formats.country,
              formats.currency, formats.tariff_item, formats.warehouse_code,
              formats.drawback_serial]

_PRINTABLE = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
_SHAPED = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ. ", min_size=0, max_size=16)


@pytest.mark.parametrize("check", VALIDATORS, ids=lambda f: f.__name__)
@settings(max_examples=300, deadline=None)
@given(value=st.one_of(_PRINTABLE, _SHAPED))
def test_fuzz_only_value_error(check, value):
    """Every identifier check either returns a normalised string or raises ValueError."""
    try:
        out = check(value)
    except ValueError:
        return
    assert isinstance(out, str)
    assert out == out.strip().upper()
    assert check(out) == out  # idempotent


@settings(max_examples=300, deadline=None)
@given(state=st.sampled_from(["27", "38", "97", "99", "37", "01"]),
       pan=st.from_regex(r"[A-Z]{3}[CPFHT][A-Z][0-9]{3}[1-9][A-Z]", fullmatch=True),
       entity=st.sampled_from("123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_fuzz_gstin_with_computed_check_character(state, pan, entity):
    """EXP-REG-8: any well-formed GSTIN with the computed check character validates,
    and every other check character is refused."""
    base = f"{state}{pan}{entity}Z"
    good = base + formats.gstin_check_character(base)
    assert formats.gstin(good) == good
    for ch in "0A":
        if ch != good[-1]:
            with pytest.raises(ValueError):
                formats.gstin(base + ch)


def test_none_is_refused_not_crashed():
    for check in VALIDATORS:
        with pytest.raises(ValueError):
            check(None)


@pytest.mark.parametrize(("raw", "expected"), [
    ("INRXLB", "INRXLB"), ("INPTPB", "INPTPB"), ("inpntb", "INPNTB"), ("INATRB", "INATRB"),
    ("INAGT8", "INAGT8"), (" INNSA1 ", "INNSA1")])
def test_exp_reg_7_location_code_kind_may_be_a_letter_and_the_directory_decides(raw, expected):
    """EXP-REG-7 / formats.md: a location code is ``^IN[A-Z0-9]{4}$``: ``IN``, the 3-character
    place and 1 character for the kind of location, a digit at the sea ports, air cargo
    complexes and ICDs (``INNSA1``) but a letter at many land customs stations
    (``INRXLB`` Raxaul, ``INPTPB`` Petrapole, ``INPNTB`` Panitanki, ``INATRB`` Attari Road).
    The pattern only says the code is well formed; whether it exists is the port directory's
    call (``test_exp_reg_7_port_directory_holds_real_land_customs_stations``).

    Worked example: ``INRXLB`` = ``IN`` + ``RXL`` (Raxaul) + ``B``: 6 characters, all in
    A-Z0-9, so accepted; before, the rule ``IN`` + 3 letters + a digit refused it."""
    assert formats.port_code(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("RXLB1001", "RXLB1001"), ("rxlb0001", "RXLB0001")])
def test_wh_1_warehouse_at_a_land_station_takes_its_four_character_location(raw, expected):
    """WH-1: a warehouse code is the location's 4 characters, a type digit and a 3-digit
    serial; at Raxaul (``INRXLB``) the 4 characters are ``RXLB``, so its first public bonded
    warehouse is ``RXLB`` + ``1`` + ``001`` = ``RXLB1001``."""
    assert formats.warehouse_code(raw) == expected


# ---- issue 17 item 6: identifiers through python-stdnum ----


@pytest.mark.parametrize(("raw", "expected"), [
    ("0809-013-479", "0809013479"), (" 0809 013 479 ", "0809013479"),
    ("AAPCP 4237 J", "AAPCP4237J"), ("aapcp-4237-j", "AAPCP4237J")])
def test_exp_reg_1_iec_written_with_spaces_or_hyphens_is_normalised(raw, expected):
    """EXP-REG-1 / formats.md: spaces and hyphens are separators, removed first as
    python-stdnum's ``compact`` does: ``0809-013-479`` is the IEC ``0809013479``, and
    ``AAPCP 4237 J`` the PAN-based IEC ``AAPCP4237J``."""
    assert formats.iec(raw) == expected


@pytest.mark.parametrize("raw", ["0000000000", "00000-00000", "0000 000 000"])
def test_exp_reg_1_iec_0000000000_is_no_ones(raw):
    """EXP-REG-1 / formats.md: ``0000000000`` has the shape of an older numeric IEC (10
    digits) but was never issued to anyone; written with separators it is still refused."""
    with pytest.raises(ValueError, match=r"IEC .*0000000000.*EXP-REG-1"):
        formats.iec(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("27 AAPFU 0939 F1ZV", "27AAPFU0939F1ZV"), ("27-aapfu0939f-1zv", "27AAPFU0939F1ZV"),
    ("38 AAPCA1234F 1ZS", "38AAPCA1234F1ZS"), ("99-AAACR5055K-1ZW", "99AAACR5055K1ZW")])
def test_exp_reg_8_gstin_written_with_spaces_or_hyphens_is_normalised(raw, expected):
    """EXP-REG-8: a GSTIN keyed in groups (``27 AAPFU 0939 F1ZV``) is the GSTIN
    ``27AAPFU0939F1ZV``: state 27 (Maharashtra), PAN AAPFU0939F, entity 1, ``Z``, check
    character ``V`` (Luhn mod 36 over 0-9A-Z, python-stdnum). State codes python-stdnum does
    not know (38 Ladakh, 99 Centre Jurisdiction) are normalised and checked the same way."""
    assert formats.gstin(raw) == expected
    assert formats.gstin_check_character(expected[:14]) == expected[14]


@pytest.mark.parametrize(("raw", "expected"), [
    ("2341 2341 2346", "234123412346"), ("2341-2341-2346", "234123412346"),
    ("234123412346", "234123412346")])
def test_csb_kyc_aadhaar_number_verhoeff_checked(raw, expected):
    """CSB-KYC / formats.md: an Aadhaar number is 12 digits, not starting with 0 or 1,
    not a palindrome, the last digit the Verhoeff check digit of the first 11
    (python-stdnum ``in_.aadhaar``): for 2341 2341 234 the check digit is 6, so
    ``2341 2341 2346`` is well formed and ``2341 2341 2345`` is not."""
    assert formats.aadhaar(raw) == expected


@pytest.mark.parametrize("raw", ["2341 2341 2345", "1341 2341 2346", "23412341234",
                                 "2341234123466", "", "ABCD EFGH IJKL"])
def test_csb_kyc_aadhaar_number_refused_without_echoing_it(raw):
    """CSB-KYC: a malformed Aadhaar number is refused; the message shows at most its last
    4 digits (an Aadhaar number is not to be displayed in full)."""
    with pytest.raises(ValueError, match="Aadhaar") as err:
        formats.aadhaar(raw)
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) > 4:
        assert digits not in str(err.value).replace(" ", "").replace("-", "")


@pytest.mark.parametrize("raw", ["XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA",
                                 "XSU", "XUA", "BOV", "CLF", "USN", "CHE"])
def test_exp_reg_7_non_currency_iso_codes_refused(raw):
    """EXP-REG-7 / formats.md: ISO 4217 also codes things no invoice is paid in: ``XXX``
    (no currency), ``XTS`` (testing), the precious metals ``XAU``/``XAG``/``XPT``/``XPD``,
    the SDR ``XDR``, bond-market units ``XBA``…, ``XSU``, ``XUA`` and the fund codes
    (``BOV``, ``CLF``, ``USN``, ``CHE``…). None is a currency, so none is accepted."""
    with pytest.raises(ValueError, match="currency .*EXP-REG-7"):
        formats.currency(raw)


@pytest.mark.parametrize("raw", ["USD", "EUR", "JPY", "KRW", "AED", "XOF", "XAF", "XCD",
                                 "XPF", "INR"])
def test_exp_reg_7_iso_and_notified_currencies_accepted(raw):
    """EXP-REG-7: every notified currency (USD … KRW, per 100 units for JPY/KRW) and real
    ISO 4217 currencies whose code happens to start with X (CFA and CFP francs, East
    Caribbean dollar) are accepted."""
    assert formats.currency(raw) == raw

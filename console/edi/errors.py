"""The error codes a refusal (``.nak``, CHCAI02) names, one per kind of refusal, each with
the rule it enforces (edi.md EDI-1..7 or the counter's rule).

A ``.nak`` carries codes and the segment, no text: the code alone must tell the filer what
was wrong, so a refusal of the counter's services is coded by its rule (``code_for``:
InvalidInput and RuleViolation alike), and only a rule without a code of its own falls
back to the code of its exception's class. The table is published as ``docs/edi-errors.md``,
generated from it (``python -m console.edi.errors > docs/edi-errors.md``); a test fails
when the file is stale.

Codes: 1xx the file itself (EDI-1), 2xx the filer (EDI-2..4), 3xx export rules, 4xx import
rules, 5xx the counter's refusals by class, 6xx bonds and warehousing. ``00`` is not an
error: it is the code of an acknowledgement.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.errors import IcesError

ACCEPTED = "00"  # the error code of a .ack


@dataclass(frozen=True)
class ErrorCode:
    code: str
    meaning: str
    rule: str
    kind: str  # what refused: a codec kind, a filer kind, a rule id, or an exception class


class EdiError(Exception):
    """A message refused (EDI-1): its error code, the segment and line where it was found
    (line 1 is the HREC line; 0 when not in a line), what was wrong; and the envelope when
    the HREC line could be read, to address the ``.nak``."""

    def __init__(self, code: str, segment: str = "", line: int = 0, detail: str = "",
                 envelope: object = None) -> None:
        super().__init__(code, segment, line, detail)
        self.code = code
        self.segment = segment
        self.line = line
        self.detail = detail
        self.envelope = envelope

    def __str__(self) -> str:
        where = " ".join(x for x in (self.segment, f"line {self.line}" if self.line else "") if x)
        meaning = ERRORS[self.code].meaning if self.code in ERRORS else ""
        return f"{self.code} {meaning}" + (f" ({where})" if where else "") + (
            f": {self.detail}" if self.detail else "")


_ROWS: tuple[tuple[str, str, str, str], ...] = (
    # code, kind, rule, meaning
    ("101", "envelope", "EDI-1", "the HREC line is missing or malformed"),
    ("102", "control_number", "EDI-1", "the control number in TREC differs from the HREC's"),
    ("103", "unknown_message", "EDI-1", "the message id in HREC is not one the console reads"),
    ("104", "unknown_segment", "EDI-1", "a segment or tag the message's layout does not have"),
    ("105", "field_count", "EDI-1", "a record has another number of fields than its segment"),
    ("106", "field_type", "EDI-1",
     "a field is not of its type (a number, a date YYYYMMDD, a time HHMM, a flag Y or N)"),
    ("107", "field_width", "EDI-1",
     "a field is longer than its width, or a number has more digits or decimals than its "
     "scale"),
    ("108", "mandatory_field", "EDI-1", "a mandatory field is empty"),
    ("109", "mandatory_segment", "EDI-1", "a segment the message must carry is missing"),
    ("110", "non_ascii", "EDI-1",
     "a byte outside printable ASCII, other than the field separator (ASCII 29) and the "
     "line ends"),
    ("111", "lower_case", "EDI-1", "lower-case letters: the format is upper-case"),
    ("112", "truncated", "EDI-1",
     "the file ends before its end marker or its TREC line (truncated)"),
    ("113", "misplaced_line", "EDI-1",
     "a line out of place: a record before its segment, a tag in the wrong order, text "
     "after the end marker, or after TREC anything but the signature block"),
    ("114", "message_type", "EDI-1",
     "a record's message type is not the message's (F fresh, A amendment; S supplementary "
     "and D deletion are not accepted)"),
    ("115", "inconsistent", "EDI-1",
     "records disagree: custom house, job number or document number differ between "
     "records or from the HREC, or a serial number is repeated or names nothing"),
    ("116", "too_large", "EDI-1", "the file is larger than the mailbox accepts"),
    ("117", "not_a_filing", "EDI-1",
     "the message is not one a filer sends (a reply or a notice of Customs)"),
    ("118", "not_expressible", "EDI-7",
     "the declaration holds what its message cannot carry (a value cleared by an "
     "amendment, a key the layout has no place for)"),
    ("119", "internal", "EDI-1",
     "the reader failed unexpectedly: a defect of the console, reported as a refusal"),
    ("201", "unknown_sender", "EDI-2", "the sender in HREC is not a registered ICEGATE filer"),
    ("202", "filer_disabled", "EDI-2", "the sender's registration as a filer is disabled"),
    ("203", "not_entitled", "EDI-2",
     "the filer may not file this kind of message, or not for this party or document"),
    ("204", "other_custom_house", "EDI-1",
     "the custom house is not one this console serves"),
    ("205", "duplicate", "EDI-4",
     "the job number and date were used before for a different message"),
    ("206", "EDI-3", "EDI-3",
     "only the filer's own fresh filing is submitted at once (no checklist round)"),
    ("301", "EXP-REG-1", "EXP-REG-1", "the exporter's IE Code is not registered"),
    ("302", "EXP-REG-2", "EXP-REG-2", "the broker is not verified in the directory"),
    ("303", "EXP-REG-3", "EXP-REG-3", "the carrier is not in the central directory"),
    ("304", "EXP-REG-4", "EXP-REG-4",
     "the AD code is not registered for the exporter at this port"),
    ("305", "EXP-REG-5", "EXP-REG-5", "drawback claimed without a registered bank account"),
    ("306", "EXP-REG-6", "EXP-REG-6",
     "exchange rate: a bank-certified rate only for an un-notified currency, and for the "
     "day of filing"),
    ("307", "EXP-REG-7", "EXP-REG-7",
     "a code not in its directory (port, country, currency, tariff item, UQC, scheme)"),
    ("308", "EXP-REG-8", "EXP-REG-8", "the GSTIN is not registered and verified for the IEC"),
    ("309", "EXP-REG-9", "EXP-REG-9", "the licence is not on record at this port"),
    ("310", "EXP-FIL-1", "EXP-FIL-1",
     "the declaration is incomplete, or an invoice value differs from its items"),
    ("311", "EXP-FIL-7", "EXP-FIL-7",
     "scheme code: the drawback serial or the category's particulars are missing"),
    ("312", "EXP-FIL-8", "EXP-FIL-8", "the GST invoice particulars are missing or wrong"),
    ("313", "EXP-DBK-2", "EXP-DBK-2", "the drawback serial is not in the schedule in force"),
    ("314", "EXP-DEPB-1", "EXP-DEPB-1", "a DEPB item without a valid group and item number"),
    ("315", "EXP-LIC-1", "EXP-LIC-1", "the licence particulars (Annexure D) do not hold"),
    ("316", "EXP-AMD-2", "EXP-AMD-2",
     "the amendment cannot be made (field, state of the SB, or no reason given)"),
    ("317", "EXP-AMD-3", "EXP-AMD-3", "a freight or insurance change alters other fields"),
    ("318", "EXP-CAN-1", "EXP-CAN-1", "an SB keeps at least one item: apply to cancel it"),
    ("319", "EXP-QRY-1", "EXP-QRY-1", "no query in force on the SB to reply to"),
    ("320", "EXP-EGM-1", "EXP-EGM-1",
     "the EGM lists no SB, an SB twice, or one of another custom house or without Let "
     "Export"),
    ("321", "EXP-AMD-1", "EXP-AMD-1", "the SB has no number yet: it is not amended"),
    ("322", "EXP-QRY-2", "EXP-QRY-2", "a query is already open on the SB"),
    ("323", "EXP-STF-1", "EXP-STF-1", "the stuffing report is not in order"),
    ("401", "IMP-REG-1", "IMP-REG-1", "the importer's IE Code is not registered"),
    ("402", "IMP-REG-2", "IMP-REG-2", "the carrier is not registered to file an IGM"),
    ("403", "IMP-REG-3", "IMP-REG-3",
     "currency: unknown, or the bank-certified rate missing or not for an un-notified "
     "currency"),
    ("404", "IMP-BE-1", "IMP-BE-1",
     "no such IGM line here, the line already declared, or the items not adding up to the "
     "invoice value"),
    ("405", "IMP-BE-5", "IMP-BE-5", "the BE type is not H, W or X"),
    ("406", "IMP-BE-6", "IMP-BE-6", "filed earlier before arrival than allowed"),
    ("407", "IMP-DUT-1", "IMP-DUT-1", "a tariff item or UQC not in the directories"),
    ("408", "IMP-DUT-4", "IMP-DUT-4", "the tariff value claim does not hold"),
    ("409", "IMP-DUT-5", "IMP-DUT-5", "the origin or the anti-dumping claim does not hold"),
    ("410", "IMP-DUT-6", "IMP-DUT-6", "the high-sea sale particulars do not hold"),
    ("411", "IMP-LIC-1", "IMP-LIC-1", "the licence is not on record"),
    ("412", "IMP-LIC-2", "IMP-LIC-2", "the licence claim does not hold"),
    ("413", "IMP-AMD-1", "IMP-AMD-1",
     "the amendment cannot be made (after examination, a request open, or nothing changes)"),
    ("414", "IMP-AMD-2", "IMP-AMD-2", "no amendment after Out of Charge"),
    ("415", "IMP-APR-1", "IMP-APR-1", "no query in force on the BE to reply to"),
    ("416", "IMP-IGM-1", "IMP-IGM-1", "the IGM has no lines, or a line number repeats"),
    ("417", "IMP-IGM-2", "IMP-IGM-2", "the IGM line cannot be amended so"),
    ("500", "IcesError", "", "refused by the counter (no more specific code)"),
    ("501", "InvalidInput", "EDI-1",
     "a field's value is malformed or unknown (a rule without a code of its own)"),
    ("502", "RuleViolation", "", "refused by a rule of the counter without a code of its own"),
    ("503", "NotPermitted", "EDI-2", "the filer may not take this act on this document"),
    ("504", "NotFound", "EDI-5", "no such document: the number and date in the message"),
    ("505", "Conflict", "EDI-5", "the document changed meanwhile: send the message again"),
    ("601", "WH-1", "WH-1", "the warehouse code is not valid"),
    ("602", "WH-2", "WH-2", "the warehousing BE is not out of charge"),
    ("603", "WH-3", "WH-3",
     "the ex-bond BE's warehousing BE, items or quantities do not hold"),
    ("604", "BND-6", "BND-6", "the continuity bond declared is not registered for it"),
    ("605", "BND-12", "BND-12", "the EOU option is not Y, C or N"),
)

ERRORS: dict[str, ErrorCode] = {code: ErrorCode(code, meaning, rule, kind)
                                for code, kind, rule, meaning in _ROWS}
_BY_KIND: dict[str, str] = {e.kind: e.code for e in ERRORS.values()}
_RULE_ALIASES = {"EDI-2": "not_entitled"}  # a service refusal under EDI-2: not entitled


def code_of(kind: str) -> str:
    """The code of a kind of refusal (``"truncated"``, ``"unknown_sender"``, a rule id...)."""
    return _BY_KIND[kind]


def code_for(err: BaseException) -> str:
    """The code of any refusal: an EdiError's own; a refusal of the counter by its rule when
    the rule has a code, else by the class of the exception (InvalidInput, RuleViolation,
    NotPermitted, NotFound, Conflict, IcesError)."""
    if isinstance(err, EdiError):
        return err.code
    if isinstance(err, IcesError):
        rule = _RULE_ALIASES.get(err.rule, err.rule)
        if rule in _BY_KIND:
            return _BY_KIND[rule]
        for cls in type(err).__mro__:
            if cls.__name__ in _BY_KIND:
                return _BY_KIND[cls.__name__]
    return _BY_KIND["internal"]


def markdown() -> str:
    """``docs/edi-errors.md``: the table of codes, as published."""
    lines = [
        "# EDI error codes",
        "",
        "The codes a refusal (`.nak`, message CHCAI02) names, one per kind of refusal, with",
        "the rule it enforces (edi.md EDI-1..7 and the counter's rules). Code `00` is an",
        "acknowledgement. The `.nak` has one record per segment that failed, its codes",
        "joined by `|`. Generated from `console/edi/errors.py`",
        "(`python -m console.edi.errors > docs/edi-errors.md`); do not edit by hand.",
        "",
        "| code | meaning | rule |",
        "|---|---|---|",
    ]
    lines += [f"| {e.code} | {e.meaning} | {e.rule or '-'} |" for e in ERRORS.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")

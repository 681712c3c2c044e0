"""The Telegraphic Release Advice (imports.md IMP-TRA-1, IMP-TRA-2; documents.md).

The registration clerk keys Annexure D (``keyed``), prints a checklist round for the
licence holder to sign (``checklist_printed``; a correction returns it to ``keyed``); the
Appraiser verifies the original licence against the signed checklist and issues it: the
system gives the TRA number and three copies (``issued``). Nobody issues a TRA they keyed
themselves (roles.md: nobody approves their own request). An issued TRA is never amended; an
unused one is keyed back by the clerk and re-credits the licence (``recredited``), and is
not printed again. The copies print once each; a reprint needs the AC/DC's permission
(EXP-PRT-4), and the system manager prints only such a reprint after a system failure.

Audit trail: ``TRA`` under ``R<request id>``; a TRA is found by its request id (default) or,
once issued, by its number (``by="no"``).
"""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class TraState(StrEnum):
    KEYED = "keyed"
    CHECKLIST_PRINTED = "checklist_printed"
    ISSUED = "issued"
    RECREDITED = "recredited"


T = TraState

STATE_LABELS: dict[str, str] = {
    T.KEYED: "keyed (Annexure D)",
    T.CHECKLIST_PRINTED: "checklist printed, awaiting the appraiser",
    T.ISSUED: "issued",
    T.RECREDITED: "keyed back unused (licence re-credited)",
}

NOT_ISSUED = (T.KEYED, T.CHECKLIST_PRINTED)
WITH_NUMBER = (T.ISSUED, T.RECREDITED)  # the TRA number and three copies given

_NEVER_AMENDED = ("IMP-TRA-2", "a TRA is never amended once issued; a further quantity or "
                  "value needs a fresh TRA")
_AFTER_ISSUE = {s: _NEVER_AMENDED for s in WITH_NUMBER}
_KEYED_BACK = ("IMP-TRA-2", "it was keyed back unused and the licence re-credited: it is no "
               "longer valid and is not printed again")

TRA = ActTable("TRA", "TRA", TraState, [
    act("key", "key a TRA request (Annexure D)", "IMP-TRA-1", roles={Role.CLK}, to=T.KEYED,
        fn="imports.tra.key_tra"),
    act("correct", "correct a TRA request before issue", "IMP-TRA-1", roles={Role.CLK},
        from_=NOT_ISSUED, to=T.KEYED, refuse=_AFTER_ISSUE, fn="imports.tra.correct_tra"),
    act("checklist", "print a TRA checklist round", "IMP-TRA-1", roles={Role.CLK},
        from_=NOT_ISSUED, to=T.CHECKLIST_PRINTED, refuse=_AFTER_ISSUE,
        fn="imports.tra.print_checklist"),
    act("issue", "verify the original licence and issue the TRA", "IMP-TRA-1",
        roles={Role.APR}, from_={T.CHECKLIST_PRINTED}, to=T.ISSUED, not_by="keyed_by",
        confirm=True,
        refuse={T.KEYED: ("IMP-TRA-1", "it is issued on the checklist signed by the licence "
                          "holder: print the checklist first"),
                **{s: ("IMP-TRA-2", "a TRA is issued once") for s in WITH_NUMBER}},
        fn="imports.tra.issue_tra"),
    act("recredit", "key back an unused TRA", "IMP-TRA-2", roles={Role.CLK},
        from_={T.ISSUED}, to=T.RECREDITED, confirm=True, fn="imports.tra.recredit_tra"),
    # printing (documents.md)
    act("print_checklist", "print the TRA checklist", "IMP-TRA-1", roles={Role.CLK},
        from_=NOT_ISSUED,
        refuse={T.ISSUED: ("IMP-TRA-2", "the signed checklist stays with the appraiser and a "
                           "TRA is never amended once issued; print the TRA copies, or key a "
                           "fresh TRA for more"), T.RECREDITED: _KEYED_BACK},
        fn="imports.tra_documents.print_tra"),
    act("print_copies", "print the TRA copies", "IMP-TRA-1", roles={Role.APR, Role.SYS},
        from_={T.ISSUED},
        refuse={**{s: ("IMP-TRA-1", "the TRA and its three copies are given on issue, once "
                       "the appraiser has verified the signed checklist against the original "
                       "licence") for s in NOT_ISSUED}, T.RECREDITED: _KEYED_BACK},
        fn="imports.tra_documents.print_tra"),
    act("reprint_permit", "permit a reprint of TRA copies", "EXP-PRT-4", rank=Role.ACDC,
        from_={T.ISSUED}, refuse={T.RECREDITED: _KEYED_BACK},
        fn="imports.tra_documents.permit_tra_reprint"),
], load=loader("Tra", "TRA request", keys={"no": ("tra_no", "TRA")}),
   ref=lambda x: f"R{x.id}", labels=STATE_LABELS)

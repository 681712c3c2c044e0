"""The Bill of Entry (imports.md, bonds-warehousing.md): its states and every act taken on
it, including the acts the bond section and the warehouse take on a BE.

States (design, imports.md). A BE is keyed as a ``draft``; a printed checklist
(``checklist_printed``) is submitted, and the number makes it self-assessed on second
check (assess, then examine) or first check (examine, then assess). On second check the
appraiser may raise a query: it waits for the group AC/DC (``query_raised``) and takes
effect on his approval (``query_pending``) until the service centre keys the reply
(IMP-APR-1). An assessed BE is paid, its goods registered and examined, and given Out of
Charge; goods may be registered and examined while the payment is in process (IMP-CCV-1),
the BE then stays ``registered`` or ``examined`` when paid. An Out of Charge may be
cancelled before delivery (IMP-AMD-2, ``ooc_cancelled``).
"""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class BeState(StrEnum):
    DRAFT = "draft"
    CHECKLIST_PRINTED = "checklist_printed"
    SECOND_CHECK = "second_check"
    FIRST_CHECK = "first_check"
    QUERY_RAISED = "query_raised"
    QUERY_PENDING = "query_pending"
    ASSESSED = "assessed"
    PAID = "paid"
    REGISTERED = "registered"
    EXAMINED = "examined"
    OUT_OF_CHARGE = "out_of_charge"
    OOC_CANCELLED = "ooc_cancelled"


B = BeState


class BeType(StrEnum):
    """IMP-BE-5."""

    HOME = "H"
    WAREHOUSING = "W"
    EX_BOND = "X"


STATE_LABELS: dict[str, str] = {
    B.DRAFT: "draft (being keyed)",
    B.CHECKLIST_PRINTED: "checklist printed, awaiting the importer's signature",
    B.SECOND_CHECK: "self-assessed: with the appraiser (second check)",
    B.FIRST_CHECK: "self-assessed: goods to be examined first (first check)",
    B.QUERY_RAISED: "query raised: awaiting the group AC/DC's approval",
    B.QUERY_PENDING: "query pending with the importer",
    B.ASSESSED: "assessed: duty to pay",
    B.PAID: "duty paid",
    B.REGISTERED: "goods registered for examination",
    B.EXAMINED: "goods examined",
    B.OUT_OF_CHARGE: "out of charge",
    B.OOC_CANCELLED: "Out of Charge cancelled (to be amended)",
}

KEYING = (B.DRAFT, B.CHECKLIST_PRINTED)
SUBMITTED = tuple(s for s in B if s not in KEYING)
QUERY = (B.QUERY_RAISED, B.QUERY_PENDING)
# numbered and not out of charge: bonds, certificates and deposits are still dealt with
OPEN = tuple(s for s in SUBMITTED if s != B.OUT_OF_CHARGE)
# assessed at least once (a first-check BE registered or examined may not be yet: the
# services check ``assessed_at``)
ASSESSED_ON = (B.ASSESSED, B.PAID, B.REGISTERED, B.EXAMINED, B.OUT_OF_CHARGE,
               B.OOC_CANCELLED)
BEFORE_ASSESSMENT = (*KEYING, B.SECOND_CHECK, B.FIRST_CHECK, *QUERY)
# IMP-AMD-1: after submission and before examination (the services refuse a BE whose
# goods were examined), or once the Out of Charge is cancelled (IMP-AMD-2)
AMENDABLE = (B.SECOND_CHECK, B.FIRST_CHECK, B.ASSESSED, B.PAID, B.REGISTERED,
             B.OOC_CANCELLED)
AMENDED_TO = (B.SECOND_CHECK, B.FIRST_CHECK, B.EXAMINED)  # re-assessed (IMP-AMD-1)
# BND-2: the bond is specified at assessment, while the BE is with the appraiser
SPECIFY = (B.SECOND_CHECK, *QUERY, B.ASSESSED, B.EXAMINED)

_NOT_AMENDABLE = {
    B.OUT_OF_CHARGE: ("IMP-AMD-2", "no amendment after Out of Charge (before delivery the "
                      "System Manager may cancel it with approval)"),
    **{s: ("IMP-AMD-1", "a query is pending: answer it first") for s in QUERY},
    **{s: ("IMP-BE-2", "it has no BE number yet: corrections are keyed on the checklist")
       for s in KEYING},
}
_NOT_ASSESSED = {s: ("IMP-APR-1", "the assessed copy is given on assessment")
                 for s in BEFORE_ASSESSMENT}
_NO_CHALLAN = {s: ("IMP-PAY-1", "the duty challan is printed on assessment")
               for s in BEFORE_ASSESSMENT}

BE = ActTable("BE", "BE", BeState, [
    # the service centre (IMP-BE-1..4)
    act("key", "key a Bill of Entry", "IMP-BE-1", roles={Role.OPR}, to=B.DRAFT,
        fn="imports.bills_of_entry.file_be"),
    act("correct", "correct a Bill of Entry being keyed", "IMP-BE-2", roles={Role.OPR},
        from_=KEYING, to=B.DRAFT,
        refuse={s: ("IMP-AMD-1", "after submission changes are amendments")
                for s in SUBMITTED}, fn="imports.bills_of_entry.correct_be"),
    act("checklist", "print a checklist round", "IMP-BE-2", roles={Role.OPR},
        from_={B.DRAFT}, to=B.CHECKLIST_PRINTED, fn="imports.bills_of_entry.print_checklist"),
    act("submit", "submit the Bill of Entry", "IMP-BE-4", roles={Role.OPR},
        from_={B.CHECKLIST_PRINTED}, to={B.SECOND_CHECK, B.FIRST_CHECK}, confirm=True,
        refuse={B.DRAFT: ("IMP-BE-2", "print the checklist and have it signed first")},
        fn="imports.bills_of_entry.submit_be"),
    # filed through ICEGATE (EDI-3): submitted at once, no checklist round (console.acts.edi)
    act("submit_remote", "submit a Bill of Entry filed through ICEGATE", "EDI-3",
        from_={B.DRAFT}, to={B.SECOND_CHECK, B.FIRST_CHECK}, via="FILER.file"),
    # appraisement (IMP-APR-1/2, IMP-DUT-6)
    act("assess", "assess a Bill of Entry", "IMP-APR-1", roles={Role.APR},
        from_={B.SECOND_CHECK, B.EXAMINED}, to=B.ASSESSED,
        refuse={B.FIRST_CHECK: ("IMP-APR-2", "on first check the goods are examined before "
                                "assessment")}, fn="imports.be_clearance.assess"),
    act("query", "raise a query on a Bill of Entry", "IMP-APR-1", roles={Role.APR},
        from_={B.SECOND_CHECK}, to=B.QUERY_RAISED, fn="imports.be_clearance.raise_query"),
    act("query_approve", "approve a query on a Bill of Entry (group AC/DC)", "IMP-APR-1",
        rank=Role.ACDC, from_={B.QUERY_RAISED}, to=B.QUERY_PENDING,
        fn="imports.be_clearance.approve_query"),
    act("query_decline", "decline a query raised on a Bill of Entry (group AC/DC)",
        "IMP-APR-1", rank=Role.ACDC, from_={B.QUERY_RAISED}, to=B.SECOND_CHECK,
        fn="imports.be_clearance.decline_query"),
    act("query_reply", "key the importer's reply to a query", "IMP-APR-1", roles={Role.OPR},
        from_={B.QUERY_PENDING}, to=B.SECOND_CHECK, fn="imports.be_clearance.reply_query"),
    act("hss_charges", "change the high-sea-sale charges", "IMP-DUT-6", roles={Role.APR},
        from_={B.SECOND_CHECK, B.EXAMINED}, fn="imports.high_sea_sales.change_charges"),
    # payment, examination, Out of Charge (IMP-PAY-1, IMP-EXM-1, IMP-OOC-1, IMP-CCV-1)
    act("pay", "record the duty paid", "IMP-PAY-1", roles={Role.OPR},
        from_={B.ASSESSED, B.REGISTERED, B.EXAMINED},
        to={B.PAID, B.REGISTERED, B.EXAMINED}, confirm=True,
        fn="imports.be_clearance.pay_duty"),
    act("ccv_ooc", "give Out of Charge on payment, compliance verified", "IMP-CCV-1",
        from_={B.EXAMINED}, to=B.OUT_OF_CHARGE, via="BE.pay"),
    act("register_goods", "register imported goods for examination", "IMP-EXM-1",
        roles={Role.EXM}, from_={B.FIRST_CHECK, B.ASSESSED, B.PAID}, to=B.REGISTERED,
        refuse={s: ("IMP-EXM-1", "goods are registered once assessed")
                for s in (B.SECOND_CHECK, *QUERY)}, fn="imports.be_clearance.register_goods"),
    act("examine", "enter the examination report", "IMP-EXM-1", roles={Role.EXM},
        from_={B.REGISTERED}, to=B.EXAMINED, fn="imports.be_clearance.examine"),
    act("ccv", "verify compliance before payment (CCV)", "IMP-CCV-1", roles={Role.APR},
        from_={B.EXAMINED}, fn="imports.be_ccv.verify_compliance"),
    act("ooc", "give Out of Charge", "IMP-OOC-1", roles={Role.APR},
        from_={B.EXAMINED, B.PAID, B.OOC_CANCELLED}, to=B.OUT_OF_CHARGE, confirm=True,
        refuse={B.ASSESSED: ("IMP-OOC-1", "the duty assessed is paid and the goods examined "
                             "first")}, fn="imports.be_clearance.give_out_of_charge"),
    act("deliver", "deliver the goods against the Out of Charge", "IMP-AMD-2",
        roles={Role.CUS}, from_={B.OUT_OF_CHARGE}, fn="imports.be_amendments.record_delivery"),
    # amendments (IMP-AMD-1/2): the trade's through the service centre, the officers' own
    act("request_amendment", "key the importer's application for an amendment",
        "IMP-AMD-1", roles={Role.OPR}, from_=AMENDABLE, refuse=_NOT_AMENDABLE,
        fn="imports.be_amendments.request_amendment"),
    act("amend", "incorporate an accepted amendment and re-assess", "IMP-AMD-1",
        from_=AMENDABLE, to=AMENDED_TO, refuse=_NOT_AMENDABLE, via="BEAMD.incorporate"),
    act("request_ooc_cancellation", "ask for the Out of Charge to be cancelled",
        "IMP-AMD-2", roles={Role.APR}, rank=Role.ACDC, from_={B.OUT_OF_CHARGE},
        fn="imports.be_amendments.request_ooc_cancellation"),
    act("cancel_ooc", "cancel the Out of Charge", "IMP-AMD-2", from_={B.OUT_OF_CHARGE},
        to=B.OOC_CANCELLED, via="BEOOC.cancel"),
    # the bond on a BE (BND-2, BND-6, BND-7, BND-11..14)
    act("bond_specify", "specify the bond a Bill of Entry needs", "BND-2", roles={Role.APR},
        from_=SPECIFY, fn="bonds.bonds.specify_bond"),
    act("bond_approve", "approve the bond specified on a Bill of Entry", "BND-2",
        rank=Role.ACDC, from_=OPEN, fn="bonds.bonds.approve_specification"),
    act("bond_debited", "record the bond debited for the Bill of Entry", "BND-7",
        from_=OPEN, via="BOND.debit"),
    act("certificate", "attach a registered certificate to the Bill of Entry", "BND-11",
        from_=OPEN, via="CERT.attach"),
    act("svb_deposit", "generate the SVB provisional deposit challan", "BND-14",
        roles={Role.APR}, from_=OPEN, fn="bonds.bonds.svb_deposit_challan"),
    act("deposit_paid", "record a cash or SVB deposit paid", "BND-13", roles={Role.OPR},
        from_=OPEN, confirm=True, fn="bonds.bonds.pay_deposit"),
    # ex-bond and warehousing (WH-4, WH-5)
    act("ex_bond_check", "check an ex-bond Bill of Entry against the bond register", "WH-4",
        roles={Role.APR}, from_={B.EXAMINED, B.PAID}, fn="bonds.warehousing.check_ex_bond"),
    act("re_assess", "send an ex-bond Bill of Entry back for re-assessment", "WH-4",
        from_={B.EXAMINED, B.PAID}, to=B.ASSESSED, via="BE.ex_bond_check"),
    act("interest_paid", "record the interest on warehoused goods paid", "WH-5",
        roles={Role.OPR}, from_=OPEN, confirm=True, fn="bonds.warehousing.pay_interest"),
    act("extend_warehousing", "extend the warehousing period", "WH-5", rank=Role.COM,
        from_={B.OUT_OF_CHARGE}, fn="bonds.warehousing.extend_period"),
    # printing (documents.md)
    act("print_be_checklist", "print the Bill of Entry checklist", "IMP-BE-2",
        roles={Role.OPR}, from_=tuple(B), fn="imports.be_documents.print_be"),
    act("print_be", "print Bill of Entry copies", "IMP-DUT-3", roles={Role.APR},
        from_=ASSESSED_ON, refuse=_NOT_ASSESSED, fn="imports.be_documents.print_be"),
    act("print_duty_challan", "print the duty challan", "IMP-PAY-1",
        roles={Role.OPR, Role.APR}, from_=ASSESSED_ON, refuse=_NO_CHALLAN,
        fn="imports.be_documents.print_be"),
], load=loader("BillOfEntry", "BE", key="be_no", keys={"job": ("job_no", "BE job")}),
   ref=lambda be: str(be.be_no) if be.be_no else f"J{be.job_no}", labels=STATE_LABELS)

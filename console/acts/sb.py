"""The Shipping Bill (exports.md): its states and every act taken on it.

States (design, exports.md). After routing, an SB that needs no assessment is
``facilitated`` (route facilitated) or ``assessed`` (route examination only: RMS waived
the assessment, ``assessed_by`` stays empty). Goods may be registered only from
``assessed`` or ``facilitated``.
"""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class SbState(StrEnum):
    DRAFT = "draft"
    CHECKLIST_PRINTED = "checklist_printed"
    SUBMITTED = "submitted"
    AWAITING_ASSESSMENT = "awaiting_assessment"
    AWAITING_ACDC = "awaiting_acdc"
    FACILITATED = "facilitated"
    ASSESSED = "assessed"
    QUERY_PENDING = "query_pending"
    GOODS_REGISTERED = "goods_registered"
    UNDER_EXAMINATION = "under_examination"
    EXAMINED = "examined"
    REFERRED_ACDC = "referred_acdc"
    OFFLINE = "offline"
    LET_EXPORT = "let_export"
    EXPORTED = "exported"
    LAPSED = "lapsed"
    CANCELLED = "cancelled"
    SHUT_OUT = "shut_out"
    BACK_TO_TOWN = "back_to_town"
    SHORT_SHIPPED = "short_shipped"


S = SbState


class CcrStatus(StrEnum):
    """A compulsory compliance requirement attached by RMS (EXP-RMS-2)."""

    PENDING = "pending"
    COMPLIED = "complied"
    NOT_APPLICABLE = "not_applicable"


class VariationOutcome(StrEnum):
    """What the exporter said to the department's view of a variation (EXP-LEO-2)."""

    AGREED = "agreed"
    DISPUTED = "disputed"


STATE_LABELS: dict[str, str] = {
    S.DRAFT: "draft (being keyed)",
    S.CHECKLIST_PRINTED: "checklist printed, awaiting the exporter's confirmation",
    S.SUBMITTED: "submitted",
    S.AWAITING_ASSESSMENT: "awaiting assessment by the Appraiser",
    S.AWAITING_ACDC: "awaiting AC/DC clearance",
    S.FACILITATED: "facilitated by RMS: goods may be brought for registration",
    S.ASSESSED: "assessed: goods may be brought for registration",
    S.QUERY_PENDING: "query pending with the exporter",
    S.GOODS_REGISTERED: "goods registered at the shed",
    S.UNDER_EXAMINATION: "under examination",
    S.EXAMINED: "examined: awaiting Let Export",
    S.REFERRED_ACDC: "variation referred to the AC/DC",
    S.OFFLINE: "variation disputed: handled outside EDI",
    S.LET_EXPORT: "Let Export given: awaiting EGM",
    S.EXPORTED: "exported (EGM filed)",
    S.LAPSED: "lapsed (goods not registered in time)",
    S.CANCELLED: "cancelled",
    S.SHUT_OUT: "shut out",
    S.BACK_TO_TOWN: "back to town",
    S.SHORT_SHIPPED: "short shipped",
}

KEYING = (S.DRAFT, S.CHECKLIST_PRINTED)
WITHDRAWN = (S.CANCELLED, S.SHUT_OUT, S.BACK_TO_TOWN, S.SHORT_SHIPPED)  # EXP-CAN-1
# the goods have not been registered yet (EXP-FIL-5: the SB lapses after its validity)
BEFORE_REGISTRATION = (S.SUBMITTED, S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.QUERY_PENDING,
                       S.ASSESSED, S.FACILITATED)
BEFORE_GOODS = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.FACILITATED, S.ASSESSED)
REGISTERED = (S.GOODS_REGISTERED, S.UNDER_EXAMINATION, S.EXAMINED, S.REFERRED_ACDC)
# live: numbered, neither closed nor withdrawn (an amendment or a cancellation may be asked)
LIVE = (*BEFORE_REGISTRATION, *REGISTERED, S.LET_EXPORT)
SUBMITTED = tuple(s for s in S if s not in KEYING)
QUERYABLE = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.EXAMINED)  # EXP-QRY-1
ORDER_STATES = (S.AWAITING_ASSESSMENT, S.AWAITING_ACDC, S.ASSESSED, S.UNDER_EXAMINATION)
PRINTABLE = (S.LET_EXPORT, S.EXPORTED, S.SHORT_SHIPPED)  # SB copies (EXP-PRT-1)
AMENDABLE = (*LIVE, S.EXPORTED)  # EXP-AMD-2: after the EGM, the Commissioner
# DEPB particulars change until the SB is closed, and after it while assessed provisionally
DEPB_OPEN = tuple(s for s in SUBMITTED if s not in (S.CANCELLED, S.SHUT_OUT, S.BACK_TO_TOWN,
                                                   S.LAPSED, S.OFFLINE))

_LAPSED = ("EXP-FIL-5", "the SB has lapsed: file it again")
_AFTER_SUBMISSION = {s: ("EXP-AMD-1", "after submission changes are amendments")
                     for s in SUBMITTED}
_NOT_AMENDABLE = {
    S.LAPSED: _LAPSED,
    S.OFFLINE: ("EXP-LEO-2", "the SB is handled outside the EDI system: it cannot be amended"),
    **{s: ("EXP-CAN-1", f"the SB is {s.replace('_', ' ')}: it cannot be amended")
       for s in WITHDRAWN},
    **{s: ("EXP-AMD-1", "the SB has no number yet: corrections are made at the service "
           "centre on the checklist") for s in KEYING},
}

SB = ActTable("SB", "SB", SbState, [
    # filing at the service centre (EXP-FIL)
    act("key", "key a Shipping Bill", "EXP-FIL-1", roles={Role.OPR}, to=S.DRAFT,
        fn="exports.filing.create_draft"),
    act("correct", "correct a Shipping Bill being keyed", "EXP-FIL-2", roles={Role.OPR},
        from_=KEYING, to=S.DRAFT, refuse=_AFTER_SUBMISSION, queue=True,
        fn="exports.filing.update_draft"),
    act("checklist", "print a checklist round", "EXP-FIL-2", roles={Role.OPR},
        from_={S.DRAFT}, to=S.CHECKLIST_PRINTED, fn="exports.filing.print_checklist", queue=True),
    act("submit", "submit the Shipping Bill", "EXP-FIL-3", roles={Role.OPR},
        from_={S.CHECKLIST_PRINTED}, to=S.SUBMITTED, confirm=True,
        refuse={S.DRAFT: ("EXP-FIL-2", "print the checklist and have it confirmed before "
                          "submission")}, fn="exports.filing.submit_sb", queue=True),
    # filed through ICEGATE (EDI-3): submitted at once, no checklist round (console.acts.edi)
    act("submit_remote", "submit a Shipping Bill filed through ICEGATE", "EDI-3",
        from_={S.DRAFT}, to=S.SUBMITTED, via="FILER.file"),
    act("route", "route the Shipping Bill by RMS", "EXP-RMS-1", from_={S.SUBMITTED},
        to=BEFORE_GOODS, via="SB.submit"),
    act("lapse", "lapse a Shipping Bill", "EXP-FIL-5", from_=BEFORE_REGISTRATION,
        to=S.LAPSED, via="SB.lapse_overdue"),
    act("lapse_overdue", "lapse the Shipping Bills whose goods did not come in time",
        "EXP-FIL-5", roles={Role.SYS}, rank=Role.ACDC, fn="exports.filing.lapse_overdue"),
    # assessment (EXP-ASM, EXP-RMS)
    act("assess", "assess a Shipping Bill", "EXP-ASM-2", roles={Role.APR},
        from_={S.AWAITING_ASSESSMENT}, to={S.ASSESSED, S.AWAITING_ACDC},
        fn="exports.assessment.assess", queue=True),
    act("acdc_clear", "clear a Shipping Bill (AC/DC)", "EXP-ASM-1", rank=Role.ACDC,
        from_={S.AWAITING_ACDC}, to=S.ASSESSED, fn="exports.assessment.clear_by_acdc", queue=True),
    act("instructions", "give examination instructions or order samples", "EXP-ASM-4",
        roles={Role.APR}, rank=Role.ACDC, from_=ORDER_STATES,
        refuse={S.FACILITATED: ("EXP-RMS-3", "examining an RMS-facilitated SB needs the "
                                "prior approval of an Additional/Joint Commissioner")},
        fn="exports.assessment.give_instructions"),
    act("ccr", "decide a compulsory compliance requirement", "EXP-RMS-2", roles={Role.APR},
        rank=Role.ACDC, from_=(*BEFORE_REGISTRATION, *REGISTERED),
        fn="exports.assessment.decide_ccr"),
    act("query_raise", "raise a query", "EXP-QRY-1", roles={Role.APR}, from_=QUERYABLE,
        fn="exports.queries.raise_query"),
    act("query_pending", "hold the SB for the reply to its query", "EXP-QRY-1",
        from_=QUERYABLE, to=S.QUERY_PENDING, via="QUERY.approve"),
    act("query_closed", "return the SB to where it was before its query", "EXP-QRY-1",
        from_={S.QUERY_PENDING}, to=QUERYABLE, via="QUERY.close"),
    act("request_exam", "ask to examine an RMS-facilitated Shipping Bill", "EXP-RMS-3",
        roles={Role.APR, Role.EXM}, rank=Role.ACDC,
        from_={S.FACILITATED, S.GOODS_REGISTERED},
        fn="exports.supervision.request_exam_facilitated"),
    act("request_recall", "recommend recalling a facilitated Shipping Bill", "EXP-RMS-4",
        roles={Role.APR}, rank=Role.ACDC, from_={S.FACILITATED},
        fn="exports.supervision.request_recall"),
    act("recall", "recall the SB for re-assessment", "EXP-RMS-4", from_={S.FACILITATED},
        to=S.AWAITING_ASSESSMENT, via="RECALL.approve"),
    act("reroute", "route the amended SB again", "EXP-AMD-4", from_=BEFORE_GOODS,
        to=BEFORE_GOODS, via="AMD.approve_in_system"),
    act("rms_again", "run RMS again on the amended SB", "EXP-AMD-4", from_=AMENDABLE,
        via="AMD.approve_in_system"),
    # arrival, registration, examination (EXP-ARR, EXP-EXM)
    act("admit", "admit the goods against the checklist", "EXP-ARR-1", roles={Role.CUS},
        from_=BEFORE_REGISTRATION, fn="exports.examination.admit_goods", queue=True),
    act("register_goods", "register the goods at the shed", "EXP-ARR-2", roles={Role.EXM},
        from_={S.ASSESSED, S.FACILITATED}, to=S.GOODS_REGISTERED,
        refuse={S.LAPSED: _LAPSED,
                S.AWAITING_ACDC: ("EXP-ASM-5", "the SB needs AC/DC clearance before its "
                                  "goods may be registered")},
        fn="exports.examination.register_goods", queue=True),
    act("examination_order", "name the examining officer and the packages", "EXP-ARR-2",
        from_={S.GOODS_REGISTERED}, to=S.UNDER_EXAMINATION, via="SB.register_goods"),
    act("departmental_comment", "record the approval to examine a facilitated SB",
        "EXP-RMS-3", from_={S.FACILITATED, S.GOODS_REGISTERED}, via="EXAM.approve"),
    act("samples", "draw samples under a test memo", "EXP-EXM-2", roles={Role.EXM},
        from_={S.UNDER_EXAMINATION}, assigned="marked_to", fn="exports.examination.draw_samples"),
    act("examination_report", "enter the examination report", "EXP-EXM-1", roles={Role.EXM},
        from_={S.UNDER_EXAMINATION}, to=S.EXAMINED, assigned="marked_to",
        fn="exports.examination.enter_examination_report", queue=True),
    act("refer_variation", "mark a variation to the AC/DC", "EXP-LEO-2", roles={Role.APR},
        from_={S.EXAMINED}, to=S.REFERRED_ACDC, queue=True,
        fn="exports.examination.mark_variation"),
    act("decide_variation", "decide a variation (AC/DC)", "EXP-LEO-2", rank=Role.ACDC,
        from_={S.REFERRED_ACDC}, to={S.EXAMINED, S.OFFLINE}, confirm=True,
        fn="exports.examination.decide_variation", queue=True),
    # Let Export and after (EXP-LEO, EXP-CES, EXP-STF, EXP-EGM)
    act("leo", "give the Let Export Order", "EXP-LEO-3", roles={Role.APR},
        from_={S.GOODS_REGISTERED, S.EXAMINED}, to=S.LET_EXPORT, confirm=True,
        fn="exports.leo.give_let_export_order", queue=True),
    act("cess_paid", "record the export cess paid", "EXP-CES-1", roles={Role.OPR, Role.APR},
        from_=(*BEFORE_REGISTRATION, *REGISTERED), confirm=True, fn="exports.leo.pay_cess"),
    act("stuffing", "enter the stuffing report", "EXP-STF-1", roles={Role.EXM, Role.APR},
        from_={S.LET_EXPORT}, fn="exports.egm.enter_stuffing_report"),
    act("egm", "close the SB by the EGM", "EXP-EGM-1", from_={S.LET_EXPORT}, to=S.EXPORTED,
        via="EGM.file", queue=frozenset({Role.CAR})),
    # the trade's requests, keyed by the service centre (roles.md)
    act("request_amendment", "key the exporter's application for an amendment", "EXP-AMD-2",
        roles={Role.OPR}, from_=AMENDABLE, refuse=_NOT_AMENDABLE,
        fn="exports.amendments.request_amendment"),
    act("amend", "apply an approved amendment", "EXP-AMD-2", from_=AMENDABLE,
        refuse=_NOT_AMENDABLE, via="AMD.approve_in_system"),
    act("request_cancellation", "key the exporter's application for cancellation, "
        "shut-out, back-to-town or short shipment", "EXP-CAN-1", roles={Role.OPR},
        from_=LIVE, fn="exports.cancellations.request_cancellation"),
    act("withdraw", "cancel the SB, shut it out, send it back to town or close it short "
        "shipped", "EXP-CAN-1", from_=LIVE, to=WITHDRAWN, via="CAN.permit"),
    # DEPB (EXP-DEPB)
    act("depb_change", "change DEPB particulars", "EXP-DEPB-2", roles={Role.APR},
        rank=Role.ACDC, from_=DEPB_OPEN, fn="schemes.depb.change_particulars"),
    act("depb_accept", "key the DEPB value the exporter accepted", "EXP-DEPB-3",
        roles={Role.APR}, rank=Role.ACDC, from_=DEPB_OPEN,
        fn="schemes.depb.accept_lower_value"),
    act("depb_final", "finalise a provisional DEPB assessment", "EXP-DEPB-4",
        roles={Role.APR}, rank=Role.ACDC, from_=DEPB_OPEN, fn="schemes.depb.finalise"),
    # printing (documents.md)
    act("print_checklist", "print the checklist", "EXP-FIL-2", roles={Role.OPR},
        from_=(*KEYING, *BEFORE_REGISTRATION),
        refuse={**{s: ("EXP-FIL-3", "its goods are registered: the checklist has served")
                   for s in SUBMITTED},
                **{s: ("EXP-FIL-3", "it has Let Export: print the SB copies")
                   for s in PRINTABLE},
                **{s: ("EXP-FIL-3", "it is no longer live: no checklist")
                   for s in (S.LAPSED, S.CANCELLED, S.SHUT_OUT, S.BACK_TO_TOWN)}},
        fn="exports.documents.print_sb"),
    act("print_copies", "print the Shipping Bill copies", "EXP-PRT-1",
        roles={Role.APR, Role.SYS}, from_=PRINTABLE, fn="exports.documents.print_sb"),
    act("print_leo_certificate", "issue a certificate that LEO was given", "EXP-PRT-3",
        roles={Role.APR}, rank=Role.ACDC, from_=PRINTABLE, fn="exports.documents.print_sb"),
    act("print_exam_order", "print the examination order", "EXP-ARR-2",
        roles={Role.EXM, Role.APR}, from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("print_test_memo", "print a test memo", "EXP-EXM-2", roles={Role.EXM, Role.APR},
        from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("print_query", "print a query", "EXP-QRY-1", roles={Role.OPR, Role.APR},
        rank=Role.ACDC, from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("print_cess_challan", "print the cess challan", "EXP-CES-1",
        roles={Role.OPR, Role.APR}, from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("print_charge_receipt", "issue the service charge receipt", "EXP-FIL-6",
        roles={Role.OPR}, from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("print_certificate", "print a cancellation, shut-out, back-to-town or "
        "short-shipment certificate", "EXP-CAN-1", roles={Role.OPR, Role.APR}, rank=Role.ACDC,
        from_=SUBMITTED, fn="exports.documents.print_sb"),
    act("reprint_permit", "permit a reprint of SB copies", "EXP-PRT-4", rank=Role.ACDC,
        from_=PRINTABLE, fn="exports.documents.permit_reprint"),
], load=loader("ShippingBill", "Shipping Bill", key="sb_no",
               keys={"job": ("job_no", "job")}),
   ref=lambda sb: str(sb.sb_no) if sb.sb_no else f"J{sb.job_no}", labels=STATE_LABELS)

"""Drawback claims and the day's scroll (exports.md EXP-DBK-1, -3..-6).

A claim is a ``DrawbackClaim`` row; its ``kind`` decides its table:

* ``DBK`` the **original** claim, opened when the EGM closes a drawback SB (no separate
  claim is filed, EXP-DBK-3): ``queued`` ⇄ ``query`` (a deficiency takes it out of the
  queue; the reply keyed at the service centre puts it back) → ``sanctioned`` by the
  drawback officer, first come first served → ``scrolled`` in the day's scroll
  (EXP-DBK-5). The brand-rate letter of an item is keyed against it (EXP-DBK-4), and the
  exporter's application for a supplementary claim is keyed against it once it is paid
  (EXP-DBK-6).
* ``DBKSUP`` a **supplementary** claim (EXP-DBK-6): ``requested`` → the AC/DC (DBK)
  permits it (``queued``) or refuses it (``refused``) → the DBK appraiser processes it in
  its turn and submits it (``submitted``) → the AC/DC sanctions it → ``scrolled``.
* ``SCROLL`` the day's scroll to the designated bank (EXP-DBK-5): generating it closes the
  day and takes every sanctioned claim of the location into it (``scroll`` on each claim).

Who (roles.md): the drawback officer processes claims first come first served, raises
deficiency queries, processes supplementary claims and generates the day's scroll; the
AC/DC (DBK) approves drawback sanctions and supplementary claims, so an original claim is
sanctioned by the drawback officer or an AC/DC (or higher), a supplementary one by the
AC/DC (or higher) only, after the drawback officer has processed it; the service centre
keys the trade's papers: the reply to a deficiency and the exporter's application for a
supplementary claim (officers do not key the trade's requests).

Every claim's acts go on the ``DBK`` audit trail under the claim id.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act, loader
from console.errors import InvalidInput, NotFound
from console.roles import Role


class ClaimState(StrEnum):
    REQUESTED = "requested"  # supplementary: the exporter's application, keyed
    QUEUED = "queued"
    QUERY = "query"  # out of the queue under a deficiency query
    SUBMITTED = "submitted"  # supplementary: processed, with the AC/DC
    SANCTIONED = "sanctioned"
    SCROLLED = "scrolled"  # paid: in a scroll to the designated bank
    REFUSED = "refused"  # supplementary: refused by the AC/DC


C = ClaimState


class ClaimKind(StrEnum):
    ORIGINAL = "original"
    SUPPLEMENTARY = "supplementary"


class ScrollState(StrEnum):
    GENERATED = "generated"  # the day is closed


STATE_LABELS: dict[str, str] = {
    C.REQUESTED: "requested, awaiting the AC/DC (DBK)",
    C.QUEUED: "in the queue",
    C.QUERY: "out of the queue under a deficiency query",
    C.SUBMITTED: "processed and submitted to the AC/DC",
    C.SANCTIONED: "sanctioned, awaiting the day's scroll",
    C.SCROLLED: "paid in a scroll",
    C.REFUSED: "refused",
}

PENDING = (C.REQUESTED, C.QUEUED, C.QUERY, C.SUBMITTED, C.SANCTIONED)
PAID = (C.SCROLLED,)
ORIGINAL_STATES = (C.QUEUED, C.QUERY, C.SANCTIONED, C.SCROLLED)

_OUT_OF_QUEUE = ("EXP-DBK-3", "it is out of the queue until the reply to its deficiency "
                 "query is keyed")
_NOT_PAID = ("EXP-DBK-6", "a supplementary claim follows the original claim's payment")


def _claim_loader(kind: ClaimKind, what: str):
    """Claims of ``kind`` only, holding the row lock; ``by="sb"``: the SB's claim of that
    kind (the original claim of an SB is one)."""

    def load(session: Session, ref: int, *, by: str = "", lock: bool = True
             ) -> t.DrawbackClaim:
        q = select(t.DrawbackClaim)
        if by == "sb":
            q = q.where(t.DrawbackClaim.sb_no == ref, t.DrawbackClaim.kind == kind)
        else:
            q = q.where(t.DrawbackClaim.id == ref)
        claim = session.exec(q.with_for_update() if lock else q).first()
        if claim is None:
            raise NotFound(f"SB {ref} has no drawback claim: it is not exported, or it claims "
                           "no drawback" if by == "sb" else f"drawback claim {ref} not found")
        if claim.kind != kind:
            raise InvalidInput("claim", f"claim {ref} is {claim.kind}, not {what}",
                               "EXP-DBK-6")
        return claim

    return load


DBK = ActTable("DBK", "drawback claim", ClaimState, [
    act("open", "open the drawback claim of an exported SB", "EXP-DBK-3", to=C.QUEUED,
        via="EGM.file"),
    act("deficiency", "raise a drawback deficiency query", "EXP-DBK-3", roles={Role.DBK},
        from_={C.QUEUED}, to=C.QUERY, fn="schemes.drawback.raise_deficiency"),
    act("reply", "key the reply to a drawback deficiency", "EXP-DBK-3", roles={Role.OPR},
        from_={C.QUERY}, to=C.QUEUED, fn="schemes.drawback.reply_deficiency"),
    act("brand_rate", "key a brand-rate letter", "EXP-DBK-4", roles={Role.DBK},
        from_=ORIGINAL_STATES, fn="schemes.drawback.key_brand_rate"),
    act("sanction", "sanction drawback", "EXP-DBK-3", roles={Role.DBK}, rank=Role.ACDC,
        from_={C.QUEUED}, to=C.SANCTIONED, confirm=True, refuse={C.QUERY: _OUT_OF_QUEUE},
        fn="schemes.drawback.sanction"),
    act("request_supplementary", "key the exporter's application for supplementary "
        "drawback", "EXP-DBK-6", roles={Role.OPR}, from_=PAID,
        refuse={s: _NOT_PAID for s in ORIGINAL_STATES if s not in PAID},
        fn="schemes.drawback.request_supplementary"),
    act("scroll", "pay the claim in the day's scroll", "EXP-DBK-5", from_={C.SANCTIONED},
        to=C.SCROLLED, via="SCROLL.generate"),
], load=_claim_loader(ClaimKind.ORIGINAL, "an original claim"), labels=STATE_LABELS)

DBKSUP = ActTable("DBKSUP", "supplementary claim", ClaimState, [
    act("open", "open a supplementary drawback claim", "EXP-DBK-6", to=C.REQUESTED,
        via="DBK.request_supplementary"),
    act("permit", "approve or refuse a supplementary claim (AC/DC)", "EXP-DBK-6",
        rank=Role.ACDC, from_={C.REQUESTED}, to={C.QUEUED, C.REFUSED}, not_by="requested_by",
        fn="schemes.drawback.permit_supplementary"),
    act("deficiency", "raise a drawback deficiency query", "EXP-DBK-3", roles={Role.DBK},
        from_={C.QUEUED}, to=C.QUERY, fn="schemes.drawback.raise_deficiency"),
    act("reply", "key the reply to a drawback deficiency", "EXP-DBK-3", roles={Role.OPR},
        from_={C.QUERY}, to=C.QUEUED, fn="schemes.drawback.reply_deficiency"),
    act("process", "process a supplementary claim and submit it to the AC/DC", "EXP-DBK-6",
        roles={Role.DBK}, from_={C.QUEUED}, to=C.SUBMITTED,
        refuse={C.REQUESTED: ("EXP-DBK-6", "the AC/DC (DBK) permits it before it is "
                              "processed"), C.QUERY: _OUT_OF_QUEUE},
        fn="schemes.drawback.process_supplementary"),
    act("sanction", "sanction supplementary drawback", "EXP-DBK-6", rank=Role.ACDC,
        from_={C.SUBMITTED}, to=C.SANCTIONED, not_by="processed_by", confirm=True,
        refuse={s: ("EXP-DBK-6", "the DBK appraiser processes and submits it first")
                for s in (C.REQUESTED, C.QUEUED, C.QUERY)},
        fn="schemes.drawback.sanction"),
    act("scroll", "pay the claim in the day's scroll", "EXP-DBK-5", from_={C.SANCTIONED},
        to=C.SCROLLED, via="SCROLL.generate"),
], load=_claim_loader(ClaimKind.SUPPLEMENTARY, "a supplementary claim"), labels=STATE_LABELS,
   audit_kind="DBK")

TABLES = {ClaimKind.ORIGINAL: DBK, ClaimKind.SUPPLEMENTARY: DBKSUP}

SCROLL = ActTable("SCROLL", "drawback scroll", ScrollState, [
    act("generate", "generate the day's drawback scroll", "EXP-DBK-5", roles={Role.DBK},
        to=ScrollState.GENERATED, confirm=True, fn="schemes.drawback.generate_scroll"),
], load=loader("DrawbackScroll", "drawback scroll", key="scroll_no"),
   ref=lambda x: str(x.scroll_no), state=lambda x: ScrollState.GENERATED)

"""Schemes (exports.md EXP-DBK, EXP-BRC, EXP-REG-9; imports.md IMP-TRA): drawback claims and
the day's scroll, the realisation watch and the BRC entries, AD declarations, licences and
the Telegraphic Release Advice.

The subjects are the demo's own documents, taken on through the services: the head of the
drawback queue (sanctioned, so that the day's scroll has a claim to pay), a supplementary
claim on the other demo claim (its original forced to paid and a brand-rate letter keyed
first), Coromandel Handlooms' overdue pending SB on the realisation watch, and the demo's
issued TRA.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

import db.tables as t
from console.acts.drawback import DBK, C
from console.services import prints
from console.services.imports import tra, tra_documents
from console.services.schemes import brc, licences
from console.services.schemes import drawback as dbk
from tests.acts_cases.base import Subject
from tests.sb_support import IEC_HANDLOOM, IEC_MARINE

DES = "0311122334"  # the demo's DES licence (console/demo/imports.py)
ANNEXURE_D = {"licence_no": DES, "port_of_use": "INKRW1",
              "items": [{"licence_sl": 1, "quantity": "1", "value": "100"}]}


def _claims(core) -> list[t.DrawbackClaim]:
    with core.db.read() as s:
        return list(s.exec(select(t.DrawbackClaim).where(
            t.DrawbackClaim.location_code == "INVTZ4", t.DrawbackClaim.state == C.QUEUED)
            .order_by(t.DrawbackClaim.queued_at, t.DrawbackClaim.id)))


def _sb_of(core, claim_id: int) -> int:
    with core.db.read() as s:
        return s.get(t.DrawbackClaim, claim_id).sb_no


def _handloom(core) -> dict[str, t.BrcWatch]:
    """Coromandel Handlooms' overdue SBs on the watch (console/demo/brc.py), oldest first:
    under recovery, pending, realised by the demo BRC (whatever a case did to them since)."""
    with core.db.read() as s:
        rows = s.exec(select(t.BrcWatch).where(t.BrcWatch.iec == IEC_HANDLOOM,
                                               t.BrcWatch.due_on < core.today())
                      .order_by(t.BrcWatch.due_on)).all()
        return dict(zip(("recovery", "pending", "realised"), rows, strict=True))


def _ad(core, iec: str) -> str:
    with core.db.read() as s:
        return s.exec(select(t.AdRegistration.ad_code).where(
            t.AdRegistration.iec == iec, t.AdRegistration.port_code == "INVTZ4")).first()


def _half_year(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _tra_no(core, tra_id: int) -> int:
    with core.db.read() as s:
        return s.get(t.Tra, tra_id).tra_no


def subjects(core, a) -> list[Subject]:
    head, other = _claims(core)[:2]
    dbk.sanction(core, a["dbk1"], head.id)  # the day's scroll has a claim to pay
    with core.db.write() as s:  # the other claim paid, so a supplementary claim may follow
        DBK.set_state(DBK.load(s, other.id), C.SCROLLED)
    dbk.key_brand_rate(core, a["dbk1"], other.sb_no, 1, "BR/CASES/1", core.today(), "5000")
    sup = dbk.request_supplementary(core, a["opr1"], other.sb_no, "100", "brand rate fixed")
    with core.db.read() as s:
        issued = s.exec(select(t.Tra.id).where(t.Tra.location_code == "INVTZ4",
                                               t.Tra.tra_no.is_not(None))).first()
    return [
        Subject("DBK", head.id),
        Subject("DBKSUP", sup.id),
        Subject("BRCWATCH", _handloom(core)["pending"].sb_no),
        Subject("TRA", issued),
    ]


def _brc(core, actor, ref):
    w = _handloom(core)["pending"]
    return brc.record_brc(core, actor, IEC_HANDLOOM, w.ad_code, "BRC/CASES/1", core.today(),
                          [(w.sb_no, w.sb_date)])


def _nil(core, actor, ref):
    w = _handloom(core)["pending"]
    return brc.approve_nil_statement(core, actor, IEC_HANDLOOM, w.ad_code,
                                     _half_year(w.leo_on), "CA/CASES/2", core.today())


def _not_realised(core, actor, ref):
    w = _handloom(core)["pending"]
    return brc.declare_not_realised(core, actor, IEC_HANDLOOM, w.ad_code,
                                    _half_year(w.leo_on), "CA/CASES/3", core.today(),
                                    [w.sb_no])


def _recovery(core, actor, ref):
    w = _handloom(core)["recovery"]
    return brc.record_recovery(core, actor, IEC_HANDLOOM, "CH/CASES/4", core.today(),
                               [(w.sb_no, w.sb_date)])


def _licence(number: str) -> dict:
    return {"licence_no": number, "kind": "advance", "iec": IEC_MARINE,
            "issued_on": "2026-01-01", "valid_to": "2027-12-31",
            "export_items": ["Frozen shrimps"], "part_c": ["Shrimp feed"]}


CALLS = {
    "DBK.deficiency": lambda core, actor, ref: dbk.raise_deficiency(core, actor, ref,
                                                                    "invoice illegible"),
    "DBK.reply": lambda core, actor, ref: dbk.reply_deficiency(core, actor, ref,
                                                               "legible copy"),
    "DBK.brand_rate": lambda core, actor, ref: dbk.key_brand_rate(
        core, actor, _sb_of(core, ref), 1, "BR/CASES/2", core.today(), "2000"),
    "DBK.sanction": lambda core, actor, ref: dbk.sanction(core, actor, ref),
    "DBK.request_supplementary": lambda core, actor, ref: dbk.request_supplementary(
        core, actor, _sb_of(core, ref), "1", "more due"),
    "DBKSUP.permit": lambda core, actor, ref: dbk.permit_supplementary(core, actor, ref),
    "DBKSUP.deficiency": lambda core, actor, ref: dbk.raise_deficiency(core, actor, ref,
                                                                       "letter missing"),
    "DBKSUP.reply": lambda core, actor, ref: dbk.reply_deficiency(core, actor, ref,
                                                                  "letter attached"),
    "DBKSUP.process": lambda core, actor, ref: dbk.process_supplementary(core, actor, ref),
    "DBKSUP.sanction": lambda core, actor, ref: dbk.sanction(core, actor, ref),
    "SCROLL.generate": lambda core, actor, ref: dbk.generate_scroll(core, actor),
    "BRCWATCH.start_recovery": lambda core, actor, ref: brc.start_recovery(core, actor,
                                                                           [ref]),
    "BRC.brc": _brc,
    "BRC.nil_statement": _nil,
    "BRC.not_realised": _not_realised,
    "BRC.recovery": _recovery,
    "BRCAD.declare": lambda core, actor, ref: brc.declare_ads(
        core, actor, IEC_MARINE, [_ad(core, IEC_MARINE)], letter_ref="AD/CASES",
        letter_date=core.today()),
    "LICENCE.receive": lambda core, actor, ref: licences.receive_from_dgft(
        core, actor, _licence("0319900001")),
    "LICENCE.register": lambda core, actor, ref: licences.register_at_port(
        core, actor, _licence("0319900002")),
    "TRA.key": lambda core, actor, ref: tra.key_tra(core, actor, ANNEXURE_D),
    "TRA.correct": lambda core, actor, ref: tra.correct_tra(core, actor, ref, ANNEXURE_D),
    "TRA.checklist": lambda core, actor, ref: tra.print_checklist(core, actor, ref),
    "TRA.issue": lambda core, actor, ref: tra.issue_tra(core, actor, ref, "original seen"),
    "TRA.recredit": lambda core, actor, ref: tra.recredit_tra(core, actor,
                                                              _tra_no(core, ref), "unused"),
    "TRA.print_checklist": lambda core, actor, ref: prints.print_document(
        core, actor, "tra_checklist", f"R{ref}"),
    "TRA.print_copies": lambda core, actor, ref: prints.print_document(core, actor, "tra",
                                                                       f"R{ref}"),
    "TRA.reprint_permit": lambda core, actor, ref: tra_documents.permit_tra_reprint(
        core, actor, _tra_no(core, ref), "system_failure", False),
}

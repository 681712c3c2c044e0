"""Imports and bonds (imports.md, bonds-warehousing.md): the Bill of Entry, its requests,
the IGM, bonds and certificates, at Visakhapatnam (HOME)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import count

from sqlmodel import select

import db.tables as t
from console.acts.bond import CertState
from console.services import prints
from console.services.bonds import bonds, warehousing
from console.services.imports import be_amendments as amd
from console.services.imports import be_ccv as ccv
from console.services.imports import be_clearance as clr
from console.services.imports import bills_of_entry as bes
from console.services.imports import high_sea_sales as hss
from console.services.imports import manifests
from tests.acts_cases.base import Subject
from tests.sb_support import IEC_PHARMA

PAINT = {"tariff_item": "32089090", "description": "Paint, non-aqueous", "quantity": "500",
         "uqc": "KGS", "value": "1000"}
_n = count(1)
_CTX: dict = {}  # what ``subjects`` made: the IGM and its free line, the demo bond


def _line(bl: str) -> dict:
    return {"bl_no": bl, "importer_name": "Andhra Pharma Exports", "packages": 5,
            "package_kind": "DRM", "gross_weight_kg": "100", "description": "paint"}


def _declaration(bl: str) -> dict:
    return {"be_type": "H", "iec": IEC_PHARMA, "igm_no": _CTX["igm"], "bl_no": bl,
            "currency": "USD", "terms_of_invoice": "CIF", "invoice_value": "1000",
            "items": [dict(PAINT)]}


def _be_no(core, job: int) -> int:
    """The BE number of a job now (a forced checklist submitted again gives it a new one)."""
    with core.db.read() as s:
        return s.exec(select(t.BillOfEntry.be_no).where(t.BillOfEntry.job_no == job)).one()


def _bond_no(core, bond_id: int) -> int:
    with core.db.read() as s:
        return s.exec(select(t.Bond.bond_no).where(t.Bond.id == bond_id)).one()


def _request(core, be_no: int, kind: str, by: str, changes: list) -> int:
    with core.db.write() as s:
        be = s.exec(select(t.BillOfEntry).where(t.BillOfEntry.be_no == be_no)).one()
        req = t.BeAmendment(be_id=be.id, be_no=be_no, location_code=be.location_code,
                            kind=kind, changes=json.dumps(changes), reason="r",
                            be_state_at_request=be.state, requested_by=by,
                            requested_at=core.now(), duty_before_paise=be.duty_paise)
        s.add(req)
        s.flush()
        return req.id


def _cert_force(reg_no: int, be_id: int):
    """A certificate registered (free) or attached (to ``be_id``)."""
    def force(core, state: str) -> None:
        with core.db.write() as s:
            cert = s.exec(select(t.BondCertificate)
                          .where(t.BondCertificate.reg_no == reg_no)).one()
            attached = state == CertState.ATTACHED
            cert.be_id = be_id if attached else None
            cert.used_by, cert.used_at = ("bnd1", core.now()) if attached else ("", None)
            s.add(cert)
    return force


def subjects(core, a) -> list[Subject]:
    """An H BE assessed on a fresh IGM line (a second line left free to key), an amendment
    request on it, a request to cancel the demo BE's Out of Charge, the IGM, the demo's
    continuity EU bond and a certificate."""
    igm = manifests.file_igm(core, a["car1"], "AI", core.today(),
                             [_line("ACT-1"), _line("ACT-2")], voyage="AI-ACTS")
    _CTX.update(igm=igm.igm_no)
    be = bes.file_be(core, a["opr1"], _declaration("ACT-1"))
    bes.print_checklist(core, a["opr1"], be.job_no)
    be = clr.assess(core, a["apr1"], bes.submit_be(core, a["opr1"], be.job_no).be_no)
    _CTX.update(be_no=be.be_no)
    with core.db.read() as s:
        done = s.exec(select(t.BillOfEntry.be_no).where(
            t.BillOfEntry.state == "out_of_charge", t.BillOfEntry.location_code == "INVTZ4",
            t.BillOfEntry.be_type == "H")).first()
        bond_id = s.exec(select(t.Bond.id).where(t.Bond.bond_no == 100001)).one()
        be_id = s.exec(select(t.BillOfEntry.id).where(
            t.BillOfEntry.be_no == be.be_no)).one()
    cert = bonds.register_certificate(core, a["bnd1"], IEC_PHARMA, "CGST Range I",
                                      "ACTS/1", core.today())
    amendment = [{"part": "be", "sl": None, "field": "freight_fc", "before": "0",
                  "after": "10"}]
    return [
        Subject("BE", be.job_no, by="job"),
        Subject("BEAMD", _request(core, be.be_no, "amendment", "opr1", amendment)),
        Subject("BEOOC", _request(core, done, "ooc_cancellation", "apr1", [])),
        Subject("IGM", igm.igm_no),
        Subject("BOND", bond_id),
        Subject("CERT", cert.reg_no, force=_cert_force(cert.reg_no, be_id)),
    ]


def _on_be(fn, *args, **kw):
    """A call of ``fn(core, actor, be_no, *args)`` on the subject (a job number)."""
    return lambda core, actor, job: fn(core, actor, _be_no(core, job), *args, **kw)


def _print(kind: str):
    return lambda core, actor, job: prints.print_document(core, actor, kind,
                                                          _be_no(core, job))


def _on_bond(fn, *args, **kw):
    """A call of ``fn(core, actor, bond_no, *args)`` on the subject (a bond's id)."""
    return lambda core, actor, bond_id: fn(core, actor, _bond_no(core, bond_id), *args, **kw)


def _end_use_be(core, bond_id: int) -> tuple[int, date]:
    """The demo's BE debited on the subject bond (100001, numbered again if registered
    again)."""
    with core.db.read() as s:
        line = s.exec(select(t.BondLedger).where(t.BondLedger.bond_id == bond_id)).first()
        return line.be_no, line.be_date


CALLS = {
    "BE.key": lambda core, actor, ref: bes.file_be(core, actor, _declaration("ACT-2")),
    "BE.correct": lambda core, actor, job: bes.correct_be(
        core, actor, job, bes.keyed_declaration(core, job), endorsement="marked"),
    "BE.checklist": lambda core, actor, job: bes.print_checklist(core, actor, job),
    "BE.submit": lambda core, actor, job: bes.submit_be(core, actor, job),
    "BE.assess": _on_be(clr.assess),
    "BE.query": _on_be(clr.raise_query, "produce the test report"),
    "BE.query_approve": _on_be(clr.approve_query),
    "BE.query_decline": _on_be(clr.decline_query, "not needed"),
    "BE.query_reply": _on_be(clr.reply_query, "report attached"),
    "BE.hss_charges": _on_be(hss.change_charges, charge_rate="1", reason="seller's invoice"),
    "BE.pay": _on_be(clr.pay_duty, "online"),
    "BE.register_goods": _on_be(clr.register_goods),
    "BE.examine": _on_be(clr.examine, "as declared"),
    "BE.ccv": _on_be(ccv.verify_compliance),
    "BE.ooc": _on_be(clr.give_out_of_charge),
    "BE.deliver": _on_be(amd.record_delivery),
    "BE.request_amendment": _on_be(amd.request_amendment, {"freight": "10"}, "freight"),
    "BE.request_ooc_cancellation": _on_be(amd.request_ooc_cancellation, "to be amended"),
    "BE.bond_specify": lambda core, actor, job: bonds.specify_bond(
        core, actor, _be_no(core, job), "PD", valid_to=core.today() + timedelta(days=365)),
    "BE.bond_approve": _on_be(bonds.approve_specification),
    "BE.svb_deposit": _on_be(bonds.svb_deposit_challan, "1"),
    "BE.deposit_paid": _on_be(bonds.pay_deposit, "cash"),
    "BE.ex_bond_check": _on_be(warehousing.check_ex_bond, "nil"),
    "BE.interest_paid": _on_be(warehousing.pay_interest),
    "BE.extend_warehousing": lambda core, actor, job: warehousing.extend_period(
        core, actor, _be_no(core, job), core.today() + timedelta(days=400), "cause shown"),
    "BE.print_be_checklist": lambda core, actor, job: prints.print_document(
        core, actor, "be_checklist", job),
    "BE.print_be": _print("be"),
    "BE.print_duty_challan": _print("duty_challan"),
    "BEAMD.approve": lambda core, actor, ref: amd.approve_amendment(core, actor, ref),
    "BEAMD.accept": lambda core, actor, ref: amd.accept_amendment(core, actor, ref),
    "BEAMD.incorporate": lambda core, actor, ref: amd.incorporate_amendment(core, actor, ref),
    "BEAMD.reject": lambda core, actor, ref: amd.reject_request(core, actor, ref, "no"),
    "BEOOC.approve": lambda core, actor, ref: amd.approve_ooc_cancellation(core, actor, ref),
    "BEOOC.cancel": lambda core, actor, ref: amd.cancel_out_of_charge(core, actor, ref),
    "BEOOC.reject": lambda core, actor, ref: amd.reject_request(core, actor, ref, "no"),
    "IGM.file": lambda core, actor, ref: manifests.file_igm(
        core, actor, "AI", core.today(), [_line(f"ACT-F{next(_n)}")]),
    "IGM.entry_inwards": lambda core, actor, ref: manifests.grant_entry_inwards(
        core, actor, ref),
    "IGM.amend_line": lambda core, actor, ref: manifests.amend_line(
        core, actor, ref, 1, {"packages": 6}, "carrier's letter"),
    "BOND.request": lambda core, actor, ref: bonds.request_bond(
        core, actor, IEC_PHARMA, "EU", "1000", core.today() + timedelta(days=365)),
    "BOND.approve": lambda core, actor, ref: bonds.approve_bond(core, actor, ref),
    "BOND.cancel": lambda core, actor, ref: bonds.cancel_bond(core, actor, ref, "not needed"),
    "BOND.register": lambda core, actor, ref: bonds.register_bond(core, actor, ref,
                                                                  "almirah 1"),
    "BOND.debit": lambda core, actor, ref: bonds.debit_bond(
        core, actor, _bond_no(core, ref), _end_use_be(core, ref)[0]),
    "BOND.debit_manual": _on_bond(bonds.debit_manual_be, 4711, date(2026, 10, 30), "100"),
    "BOND.credit": lambda core, actor, ref: bonds.credit_bond(
        core, actor, _bond_no(core, ref), *_end_use_be(core, ref), "1", "a"),
    "BOND.enhance": _on_bond(bonds.enhance_bond, "1000", "further bond"),
    "BOND.close": _on_bond(bonds.close_bond, "BF/1/2026", obligation="verified"),
    "BOND.mis": lambda core, actor, ref: bonds.bond_register(core, actor),
    "CERT.register": lambda core, actor, ref: bonds.register_certificate(
        core, actor, IEC_PHARMA, "CGST Range I", f"ACTS/R{next(_n)}", core.today()),
    "CERT.attach": lambda core, actor, ref: bonds.attach_certificate(
        core, actor, ref, _CTX["be_no"]),
}

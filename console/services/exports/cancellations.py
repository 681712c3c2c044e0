"""Short shipment, shut out, cancellation and back to town (EXP-CAN-1).

The service centre keys the exporter's application; the AC/DC checks the goods'
status and records what was found; the SB is cancelled (or modified, for a short
shipment) in the system in the same act, before the permission is recorded, and a
certificate number is issued (series ``CERT``).

Status checks (design, from 003 §14):

* cancellation — any SB not yet exported (the goods may or may not have arrived);
* shut out — goods registered at the shed but not loaded;
* back to town — goods admitted into the docks, taken back;
* short shipment — after LEO, part of the goods not shipped; the SB may be modified
  to what was shipped (a diff like an amendment) and is then closed as short shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, select

import db.tables as t
from console.acts.sb import SB
from console.acts.sb_request import CAN
from console.core import Core
from console.errors import InvalidInput, NotFound, RuleViolation
from console.lifecycle import transition
from console.money import from_paise
from console.roles import Actor, Role
from console.services.exports import amendments as amd
from console.services.exports.sb_common import S, load_sb
from console.services.schemes import brc
from db.sequences import next_number

TARGET = {"cancellation": S.CANCELLED, "shut_out": S.SHUT_OUT,
          "back_to_town": S.BACK_TO_TOWN, "short_shipment": S.SHORT_SHIPPED}
CERT_SERIES, CERT_START = "CERT", 700001
CERTIFICATE_TITLES = {
    "cancellation": "Certificate of cancellation of Shipping Bill",
    "shut_out": "Shut-out certificate",
    "back_to_town": "Back-to-town certificate",
    "short_shipment": "Short-shipment certificate",
}


def status_problem(s, sb: t.ShippingBill, kind: str) -> str:
    """What the goods' status says against the application ('' when it fits)."""
    if sb.state not in SB["withdraw"].from_:
        return (f"SB {sb.sb_no} is {sb.state.replace('_', ' ')}: a "
                f"{amd.KIND_LABELS[kind]} is allowed only before the EGM, on a live SB")
    goods = s.exec(select(t.GoodsRegistration).where(t.GoodsRegistration.sb_id == sb.id)).first()
    if kind == "shut_out" and goods is None:
        return (f"the goods of SB {sb.sb_no} were never registered at the shed: apply for "
                "cancellation")
    if kind == "back_to_town" and not sb.admitted_at:
        return f"the goods of SB {sb.sb_no} are not in the docks: apply for cancellation"
    if kind == "short_shipment" and not sb.leo_at:
        return (f"SB {sb.sb_no} has no Let Export Order: before LEO the quantity is corrected "
                "by amendment")
    return ""


def request_cancellation(core: Core, actor: Actor, sb_no: int, kind: str, reason: str, *,
                         changes: dict | None = None) -> amd.RequestView:
    """Key the exporter's application (EXP-CAN-1). For a short shipment ``changes`` may give
    what was actually shipped (same form as an amendment)."""
    if kind not in TARGET:
        raise InvalidInput("kind", f"one of {', '.join(TARGET)}", "EXP-CAN-1")
    if not reason.strip():
        raise InvalidInput("reason", "record the exporter's application", "EXP-CAN-1")
    if changes and kind != "short_shipment":
        raise InvalidInput("changes", "only a short shipment modifies the SB", "EXP-CAN-1")
    with core.db.write() as s:
        sb = SB.take(s, actor, "request_cancellation", sb_no)  # goods checked on permit
        amd.check_open(s, sb, amd.CANCEL_KINDS, "EXP-CAN-1")
        rows = None
        if changes:
            data = amd.declaration_data(s, sb)
            rows = amd.diff_rows(data, changes, "amendment")
            amd.check_declaration(s, sb, amd.apply_rows(data, rows))
        req = amd.new_request(s, core, actor, sb, kind, reason=reason, rows=rows,
                              rank=Role.ACDC, rule="EXP-CAN-1", why="AC/DC permission",
                              act="request_cancellation")
        return amd.request_view(req)


def permit_cancellation(core: Core, actor: Actor, request_id: int, status_check: str, *,
                        expected_version: int | None = None) -> amd.RequestView:
    """The AC/DC checks the goods' status (``status_check``: what was found), the SB is
    cancelled or modified in the system, then the permission is recorded with a
    certificate number (EXP-CAN-1)."""
    if not status_check.strip():
        raise InvalidInput("status_check", "record the goods' status as checked", "EXP-CAN-1")
    with core.db.write() as s:
        request = CAN.take(s, actor, "permit", request_id, expected_version=expected_version)
        req, sb = request.req, request.sb
        problem = status_problem(s, sb, req.kind)
        if problem:
            raise RuleViolation("EXP-CAN-1", problem)
        rows = json.loads(req.changes)
        if rows:
            d = amd.check_declaration(s, sb, amd.apply_rows(amd.declaration_data(s, sb), rows))
            amd.version_before(s, core, actor, sb, f"before request {req.id}", req.id)
            amd.apply_declaration(s, sb, d)
        amd.ensure_series(s, CERT_SERIES, CERT_START)
        req.certificate_no = next_number(s, CERT_SERIES)
        transition(s, core, actor, sb, SB["withdraw"], to=TARGET[req.kind], action=req.kind,
                   reason=f"request {req.id}, certificate {req.certificate_no}: "
                          f"{status_check.strip()}"[:500])
        if rows:
            amd.take_version(s, core, actor, sb, f"after request {req.id} (short shipment)",
                             req.id)
        if req.kind != "short_shipment":  # withdrawn after LEO: nothing to realise
            brc.stop_watch(s, core, actor, sb)
        req.permission_by, req.permission_role = actor.username, actor.role.value
        req.permission_at, req.permission_note = core.now(), status_check.strip()
        req.route_after = sb.route
        amd.move_request(s, core, actor, request, "permit",
                         f"certificate {req.certificate_no}: {status_check.strip()}")
        return amd.request_view(req)


# ---- the certificate (printing/certificates.py prints it) ----


@dataclass(frozen=True)
class CertificateView:
    certificate_no: int
    title: str
    kind: str
    issued_at: datetime
    location_code: str
    location_name: str
    sb_no: int
    sb_date: date | None
    iec: str
    exporter_name: str
    broker_code: str
    packages: int
    package_kind: str
    fob_inr: Decimal
    reason: str
    status_check: str
    permitted_by: str
    permitted_by_name: str
    requested_by: str


def certificate(core: Core, request_id: int) -> CertificateView:
    with core.db.read() as s:
        req = amd.load_request(s, request_id, lock=False)
        if req.certificate_no is None:
            raise NotFound(f"request {request_id} has no certificate (not permitted yet)")
        return certificate_view(s, req)


def certificate_view(s: Session, req: t.AmendmentRequest) -> CertificateView:
    """The certificate of a permitted request (``certificate_no`` set)."""
    sb = load_sb(s, req.sb_no, lock=False)
    exporter = s.get(t.Iec, sb.iec)
    port = s.get(t.Port, sb.location_code)
    officer = s.exec(select(t.Officer).where(t.Officer.username == req.permission_by)).first()
    return CertificateView(
        req.certificate_no, CERTIFICATE_TITLES[req.kind], req.kind, req.permission_at,
        sb.location_code, port.name if port else "", sb.sb_no, sb.sb_date, sb.iec,
        exporter.name if exporter else "", sb.broker_code or "", sb.packages,
        sb.package_kind, from_paise(sb.fob_inr_paise), req.reason, req.permission_note,
        req.permission_by, officer.name if officer else "", req.requested_by)

"""Bonds, undertakings and bank guarantees in the central bond register, and the Central
Excise / GST certificates registered like them (bonds-warehousing.md, BND-1..BND-14).

A bond is asked for by the assessing officer (a continuity bond on its own, a specific bond
by specifying it on a BE: ``BE.bond_specify``), approved by the AC/DC (a specific bond with
the specification, ``BE.bond_approve``) and registered by the bond section, which keys the
storage location of the documents (BND-3); the bond section debits, credits and closes it;
the AC/DC in charge enhances it or cancels one never registered (BND-1, roles.md). A
certificate serves one BE (BND-11): its state is whether it is attached to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act, loader
from console.errors import NotFound
from console.roles import Role


class BondState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REGISTERED = "registered"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class BondKind(StrEnum):
    CONTINUITY = "continuity"  # revolving, debited by many BEs (BND-2, BND-6)
    SPECIFIC = "specific"  # for one BE


class CertState(StrEnum):
    REGISTERED = "registered"
    ATTACHED = "attached"  # serves its one BE (BND-11)


S = BondState
UNREGISTERED = (S.REQUESTED, S.APPROVED)
_NOT_LIVE = {s: ("BND-10", "it is not a registered bond") for s in S if s != S.REGISTERED}

BOND = ActTable("BOND", "bond", BondState, [
    act("request", "ask for a continuity bond", "BND-2", roles={Role.APR}, to=S.REQUESTED,
        fn="bonds.bonds.request_bond"),
    act("request_specific", "ask for a specific bond for a Bill of Entry", "BND-2",
        to=S.REQUESTED, via="BE.bond_specify"),
    act("approve", "approve a bond (AC/DC)", "BND-2", rank=Role.ACDC, from_={S.REQUESTED},
        to=S.APPROVED, not_by="requested_by", fn="bonds.bonds.approve_bond"),
    act("approve_specific", "approve a specific bond with its specification", "BND-2",
        from_={S.REQUESTED}, to=S.APPROVED, via="BE.bond_approve"),
    act("cancel", "cancel a bond asked for and never registered", "BND-10", rank=Role.ACDC,
        from_=UNREGISTERED, to=S.CANCELLED, fn="bonds.bonds.cancel_bond"),
    act("respecified", "cancel a specific bond the BE no longer needs", "BND-2",
        from_=UNREGISTERED, to=S.CANCELLED, via="BE.bond_specify"),
    act("register", "register a bond (storage location keyed)", "BND-3", roles={Role.BND},
        from_={S.APPROVED}, to=S.REGISTERED,
        refuse={S.REQUESTED: ("BND-3", "only an approved bond is registered")},
        fn="bonds.bonds.register_bond"),
    act("debit", "debit a bond for a Bill of Entry", "BND-10", roles={Role.BND},
        from_={S.REGISTERED}, confirm=True, fn="bonds.bonds.debit_bond"),
    act("debit_manual", "debit a bond for a manual Bill of Entry", "BND-10",
        roles={Role.BND}, from_={S.REGISTERED}, confirm=True, fn="bonds.bonds.debit_manual_be"),
    act("credit", "credit a bond", "BND-9", roles={Role.BND}, from_={S.REGISTERED},
        confirm=True, refuse=_NOT_LIVE, fn="bonds.bonds.credit_bond"),
    act("enhance", "enhance a bond (AC/DC in charge)", "BND-1", rank=Role.ACDC,
        from_={S.REGISTERED}, refuse=_NOT_LIVE, fn="bonds.bonds.enhance_bond"),
    act("close", "close a bond", "BND-10", roles={Role.BND}, from_={S.REGISTERED},
        to=S.CLOSED, confirm=True, fn="bonds.bonds.close_bond"),
    # the register (MIS) of the location: read by the section and the AC/DC running it
    act("mis", "read the bond register (reminders, recovery)", "BND-1", roles={Role.BND},
        rank=Role.ACDC, fn="bonds.bonds.bond_register"),
], load=loader("Bond", "bond request", keys={"no": ("bond_no", "bond")}),
   ref=lambda b: str(b.bond_no) if b.bond_no else f"R{b.id}")


@dataclass
class CertDoc:
    """A certificate for an act: its state is whether it serves a BE; ``for_be`` names the
    BE it is being attached to (set by the service, applied when the act moves it)."""

    cert: t.BondCertificate
    for_be: int | None = None

    @property
    def state(self) -> str:
        return CertState.ATTACHED if self.cert.be_id else CertState.REGISTERED

    @state.setter
    def state(self, value: str) -> None:
        if value == CertState.REGISTERED:
            self.cert.be_id, self.cert.used_by, self.cert.used_at = None, "", None
        else:
            self.cert.be_id = self.cert.be_id or self.for_be

    @property
    def location_code(self) -> str:
        return self.cert.location_code


def load_cert(session: Session, reg_no: int, *, lock: bool = True) -> CertDoc:
    q = select(t.BondCertificate).where(t.BondCertificate.reg_no == reg_no)
    cert = session.exec(q.with_for_update() if lock else q).first()
    if cert is None:
        raise NotFound(f"certificate {reg_no} not found")
    return CertDoc(cert)


CERT = ActTable("CERT", "certificate", CertState, [
    act("register", "register a certificate", "BND-11", roles={Role.BND},
        to=CertState.REGISTERED, fn="bonds.bonds.register_certificate"),
    act("attach", "attach a certificate to a Bill of Entry", "BND-11", roles={Role.BND},
        from_={CertState.REGISTERED}, to=CertState.ATTACHED,
        refuse={CertState.ATTACHED: ("BND-11", "one certificate serves one BE")},
        fn="bonds.bonds.attach_certificate"),
], load=load_cert, ref=lambda d: str(d.cert.reg_no), audit_kind="CERTIFICATE")

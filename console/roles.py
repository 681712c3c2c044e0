"""Roles, ranks and the acting officer (roles.md).

The service layer calls ``require`` for every act; the UI hiding a button is not a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.errors import NotPermitted


class Role(StrEnum):
    OPR = "OPR"  # service-centre operator
    CLK = "CLK"  # registration clerk
    APR = "APR"  # appraiser / superintendent
    EXM = "EXM"  # examining officer / inspector
    ACDC = "ACDC"  # assistant / deputy commissioner
    ADC = "ADC"  # additional / joint commissioner
    COM = "COM"  # commissioner
    BND = "BND"  # bond officer / clerk
    DBK = "DBK"  # drawback officer
    CUS = "CUS"  # custodian (and X-ray)
    CAR = "CAR"  # carrier
    SYS = "SYS"  # system manager


ROLE_TITLES: dict[Role, str] = {
    Role.OPR: "Service-centre operator",
    Role.CLK: "Registration clerk",
    Role.APR: "Appraiser / Superintendent",
    Role.EXM: "Examining officer",
    Role.ACDC: "Assistant / Deputy Commissioner",
    Role.ADC: "Additional / Joint Commissioner",
    Role.COM: "Commissioner",
    Role.BND: "Bond officer",
    Role.DBK: "Drawback officer",
    Role.CUS: "Custodian",
    Role.CAR: "Carrier",
    Role.SYS: "System manager",
}

# Supervisory ranks: an approval given to a rank may be given by a higher one (design).
RANK: dict[Role, int] = {Role.ACDC: 1, Role.ADC: 2, Role.COM: 3}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in officer at a location, from a terminal."""

    username: str
    name: str
    role: Role
    location_code: str
    terminal: str = "local"

    @property
    def is_system(self) -> bool:
        return self.username == "SYSTEM"


def system_actor(location_code: str) -> Actor:
    """The system itself, for automatic acts such as courier Auto-LEO (CSB-6)."""
    return Actor("SYSTEM", "ICES (automatic)", Role.SYS, location_code, "system")


def require(actor: Actor, *roles: Role, act: str = "this") -> None:
    """Refuse unless the actor holds one of ``roles``."""
    if actor.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise NotPermitted(f"{actor.username} ({actor.role.value}) may not {act}: needs {allowed}")


def require_rank(actor: Actor, minimum: Role, act: str = "approve this") -> None:
    """Refuse unless the actor is a supervisor of at least ``minimum`` rank."""
    if RANK.get(actor.role, 0) < RANK[minimum]:
        raise NotPermitted(
            f"{actor.username} ({actor.role.value}) may not {act}: needs {minimum.value} or higher"
        )


def not_own_request(actor: Actor, requested_by: str, act: str = "approve") -> None:
    """Nobody approves their own request (roles.md)."""
    if actor.username == requested_by:
        raise NotPermitted(f"{actor.username} may not {act} a request they made themselves")

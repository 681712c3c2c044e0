"""Roles, ranks and the acting officer (roles.md). Who may take which act is in the act
tables (``console.acts``), which every service checks; a screen hiding a key is not a
check."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

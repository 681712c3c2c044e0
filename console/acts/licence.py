"""Scheme licences (exports.md EXP-REG-9, EXP-LIC-1; imports.md IMP-LIC-1): DGFT's online
licences are received as they arrive (no registration at the port); an older licence (and
one quoted under scheme code 17) is registered at the port by the registration clerk, who
gives it the registration number the exporter quotes in Annexure D (roles.md: the
registration clerk registers licences). A licence has no state of its own once on record:
what it gives and what was exported or imported against it is read from the documents
(``console.services.schemes.licences``). Audit trail: ``LICENCE`` under the licence number.
"""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class LicenceState(StrEnum):
    ACTIVE = "active"  # on record


class LicenceSource(StrEnum):
    DGFT = "dgft"  # transmitted online by DGFT
    PORT = "port"  # registered at the port


class LicenceKind(StrEnum):
    ADVANCE = "advance"
    EPCG = "epcg"
    DES = "des"
    DFIA = "dfia"
    DFRC = "dfrc"


LICENCE = ActTable("LICENCE", "licence", LicenceState, [
    act("receive", "load a licence transmitted by DGFT", "EXP-REG-9",
        roles={Role.SYS, Role.CLK}, to=LicenceState.ACTIVE,
        fn="schemes.licences.receive_from_dgft"),
    act("register", "register a licence at the port", "EXP-REG-9", roles={Role.CLK},
        to=LicenceState.ACTIVE, fn="schemes.licences.register_at_port"),
], load=loader("Licence", "licence", key="licence_no"), ref=lambda x: x.licence_no,
   state=lambda x: LicenceState.ACTIVE, set_state=lambda x, state: None)

"""The Export General Manifest (EXP-EGM-1): filed by the carrier, or keyed by the service
centre on its behalf; it closes every SB it lists (``SB.egm``)."""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class EgmState(StrEnum):
    FILED = "filed"


EGM = ActTable("EGM", "EGM", EgmState, [
    act("file", "file an Export General Manifest", "EXP-EGM-1", roles={Role.CAR, Role.OPR},
        to=EgmState.FILED, fn="exports.egm.file_egm"),
], load=loader("Egm", "EGM", key="egm_no"), ref=lambda e: str(e.egm_no))

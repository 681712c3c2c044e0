"""The Import General Manifest (IMP-IGM-1/2, IMP-REG-2): filed by the carrier (or keyed by
the service centre from paper, roles.md); Customs grants entry inwards. Its lines are
amended freely by the carrier before entry inwards; after it only with the AC (Import)'s
approval, given by amending it himself (``rank_from``: the IGM asks for the AC/DC once
entry inwards is granted)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, Of, act
from console.errors import NotFound
from console.roles import Role


class IgmState(StrEnum):
    FILED = "filed"
    ENTRY_INWARDS = "entry_inwards"


G = IgmState


@dataclass
class IgmDoc:
    """An IGM for an act: its state, version and location, and the rank an amendment of
    its lines needs now (IMP-IGM-2)."""

    igm: t.Igm
    state = Of("igm")
    version = Of("igm")
    location_code = Of("igm")

    @property
    def rank_needed(self) -> str:
        return Role.ACDC.value if self.igm.state == G.ENTRY_INWARDS else ""

    @property
    def rule(self) -> str:
        return "IMP-IGM-2"


def load(session: Session, igm_no: int, *, lock: bool = True) -> IgmDoc:
    q = select(t.Igm).where(t.Igm.igm_no == igm_no)
    igm = session.exec(q.with_for_update() if lock else q).first()
    if igm is None:
        raise NotFound(f"IGM {igm_no} not found")
    return IgmDoc(igm)


IGM = ActTable("IGM", "IGM", IgmState, [
    act("file", "file an Import General Manifest", "IMP-IGM-1", roles={Role.CAR, Role.OPR},
        to=G.FILED, fn="imports.manifests.file_igm"),
    act("entry_inwards", "grant entry inwards", "IMP-IGM-2", roles={Role.APR}, rank=Role.ACDC,
        from_={G.FILED}, to=G.ENTRY_INWARDS,
        refuse={G.ENTRY_INWARDS: ("IMP-IGM-2", "entry inwards is granted once")},
        fn="imports.manifests.grant_entry_inwards"),
    act("amend_line", "amend an IGM line", "IMP-IGM-2", roles={Role.CAR, Role.OPR},
        rank=Role.ACDC, rank_from="rank_needed", from_={G.FILED, G.ENTRY_INWARDS},
        fn="imports.manifests.amend_line"),
], load=load, ref=lambda d: str(d.igm.igm_no))

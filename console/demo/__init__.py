"""``ices demo``: a training database with officers, parties, rules and documents in
every state, so each role's worklist has work right away.

Sections run in order, each through the same services the screens use; each
section is idempotent (skips what exists) so ``ices demo`` can be run again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from console.demo import amendments as amendments_demo
from console.demo import base
from console.demo import bonds as bonds_demo
from console.demo import brc as brc_demo
from console.demo import courier as courier_demo
from console.demo import edi as edi_demo
from console.demo import exports as exports_demo
from console.demo import imports as imports_demo
from console.demo import schemes as schemes_demo
from db.engine import shown_url

if TYPE_CHECKING:
    from console.progress import Progress

# Each section: build(core, ctx) -> None, adding to ctx (dict) what later sections need.
SECTIONS = [base.build]
SECTIONS.append(courier_demo.build)  # courier terminal (CSB-1..6)
SECTIONS.append(schemes_demo.build)  # scheme licences (EXP-REG-9, EXP-LIC-1)
SECTIONS.append(exports_demo.build)  # Shipping Bills in every state (EXP-*)
SECTIONS.append(amendments_demo.build)  # supervisors' approvals (EXP-AMD, EXP-CAN-1)
SECTIONS.append(brc_demo.build)  # realisation: BRC, pendency, recovery (EXP-BRC)
SECTIONS.append(imports_demo.build)  # IGM and Bills of Entry (IMP-*)
SECTIONS.append(imports_demo.build_rules)  # HSS, amendment, ADD, licence, TRA (IMP-*)
SECTIONS.append(schemes_demo.build_shipping_bills)  # DEPB and EPCG SBs (EXP-DEPB, EXP-LIC-1)
SECTIONS.append(bonds_demo.build)  # bond section, warehouse ledger, ex-bond (BND-*, WH-*)
SECTIONS.append(edi_demo.build)  # ICEGATE filers of the sample messages (EDI-2)


def build_demo(url: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """The database (created or upgraded, directories loaded), then each section;
    ``progress(done, total)`` after each of those steps."""
    from console.services.admin.setup import initialise

    steps = len(SECTIONS) + 1
    if progress:
        progress(0, steps)
    core, _ = initialise(url, training=True)
    if progress:
        progress(1, steps)
    ctx: dict[str, Any] = {"core": core}
    for done, section in enumerate(SECTIONS, start=2):
        section(core, ctx)
        if progress:
            progress(done, steps)
    return {"database": shown_url(core.db.url), "officers": sorted(ctx["officers"]),
            **{k: v for k, v in ctx.items() if k.startswith("count_")}}

"""Demo ICEGATE filers (EDI-2): the ids the sample messages of ``fixtures/examples/edi/``
are sent from (its README lists them), registered by the system manager: a broker, an
importer/exporter and a carrier of the demo's registries."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

import db.tables as t
from console.core import Core
from console.services.edi.filers import add_filer

# ICEGATE id, kind, broker licence code / IEC / carrier code (console/demo/base.py)
FILERS = [
    ("VCBPL0001", "broker", "AAECV1122HCH001"),  # Vizag Customs Brokers Pvt Ltd
    ("VSFLLP0001", "trader", "AAFCV9876Q"),  # Vizag Steel Fabricators LLP
    ("AICARGO01", "carrier", "AI"),  # Air India
]


def build(core: Core, ctx: dict[str, Any]) -> None:
    sys1 = ctx["actors"]["sys1"]
    with core.db.read() as s:
        have = set(s.exec(select(t.EdiFiler.icegate_id)))
    for icegate_id, kind, code in FILERS:
        if icegate_id not in have:
            add_filer(core, sys1, icegate_id, kind, code)
    ctx["edi_filers"] = [f[0] for f in FILERS]

"""Courier exports (courier.md): the Courier Shipping Bill and the courier registry."""

from __future__ import annotations

from itertools import count

from sqlmodel import select

import db.tables as t
from console.services.courier import clearance, filing, registry
from tests.acts_cases.base import Subject

_n = count(1)
_items: dict[str, str] = {}


def _item(core) -> str:
    """A duty-free tariff item of the demo's tariff (a courier may carry it)."""
    if "item" not in _items:
        with core.db.read() as s:
            _items["item"] = s.exec(select(t.TariffItem.item).where(
                t.TariffItem.item.startswith("62"), t.TariffItem.export_duty_rate == 0)
                .order_by(t.TariffItem.item)).first()
    return _items["item"]


def _row(core) -> dict:
    return {"courier": "BDEX", "hawb": f"ACT{next(_n):07d}", "form": "IV",
            "consignee_name": "Ravi Menon", "consignee_country": "US", "value": "9000",
            "description": "cotton shirts", "gross_weight_kg": "0.8",
            "consignor_iec": "AAPCA1234F", "tariff_item": _item(core)}


def _csb_force(csb_no: int):
    """The CSB in ``state``, not yet X-rayed (so that the X-ray may be recorded)."""
    def force(core, state: str) -> None:
        with core.db.write() as s:
            c = s.exec(select(t.CourierShippingBill)
                       .where(t.CourierShippingBill.csb_no == csb_no)).one()
            c.state, c.xray_result, c.xray_at, c.xray_by = state, "", None, ""
            s.add(c)
    return force


def subjects(core, a) -> list[Subject]:
    """A CSB filed at the home courier terminal, and a courier registered there."""
    csb = filing.file_csb(core, a["opr1"], filing.CsbInput(**_row(core)))
    return [Subject("CSB", csb.csb_no, force=_csb_force(csb.csb_no)),
            Subject("COURIER", "BDEX")]


CALLS = {
    "CSB.file": lambda core, actor, ref: filing.file_csb(core, actor,
                                                         filing.CsbInput(**_row(core))),
    "CSB.bulk_file": lambda core, actor, ref: filing.file_bulk(core, actor, [_row(core)]),
    "CSB.xray": lambda core, actor, ref: clearance.record_xray(core, actor, ref),
    "CSB.assess": lambda core, actor, ref: clearance.assess(core, actor, ref,
                                                            exam_mandated=False),
    "CSB.examine": lambda core, actor, ref: clearance.record_examination(core, actor, ref,
                                                                        "as declared"),
    "CSB.leo": lambda core, actor, ref: clearance.give_leo(core, actor, ref),
    "COURIER.register": lambda core, actor, ref: registry.register_courier(
        core, actor, f"TC{next(_n)}", "Test Couriers Ltd", "CR/TEST/1"),
}

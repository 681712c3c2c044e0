"""The authorised courier registry (courier.md): a courier is registered under the Courier
Regulations at the courier terminal where it may file, by that terminal's registration
clerk (roles.md: the registration clerk keeps the directory details). A row has no state
column: ``active`` says whether it may file."""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class CourierState(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


COURIER = ActTable("COURIER", "courier", CourierState, [
    act("register", "register an authorised courier", "CSB-1", roles={Role.CLK},
        to=CourierState.ACTIVE, fn="courier.registry.register_courier"),
], load=loader("Courier", "courier", key="code"), ref=lambda c: c.code,
   state=lambda c: CourierState.ACTIVE if c.active else CourierState.INACTIVE,
   set_state=lambda c, state: setattr(c, "active", state == CourierState.ACTIVE))

"""RMS risk rules (EXP-RMS-1/2, CSB-1): kept as data and edited by a supervisor. The rules
are national (one RMS for every custom house), so they carry no location."""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act, loader
from console.roles import Role


class RuleState(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


RULE = ActTable("RMS", "RMS rule", RuleState, [
    act("add", "add an RMS rule", "EXP-RMS-1", rank=Role.ACDC, to=RuleState.ACTIVE,
        fn="exports.routing.add_rms_rule"),
    act("edit", "edit an RMS rule", "EXP-RMS-1", rank=Role.ACDC,
        from_={RuleState.ACTIVE, RuleState.INACTIVE}, fn="exports.routing.edit_rms_rule"),
    act("disable", "disable an RMS rule", "EXP-RMS-1", rank=Role.ACDC,
        from_={RuleState.ACTIVE}, to=RuleState.INACTIVE,
        fn="exports.routing.deactivate_rms_rule"),
], load=loader("RmsRule", "RMS rule"),
   state=lambda r: RuleState.ACTIVE if r.active else RuleState.INACTIVE,
   set_state=lambda r, state: setattr(r, "active", state == RuleState.ACTIVE))

"""The reference directories and the registries the registration clerk keeps (exports.md
EXP-REG-1..8; roles.md).

* ``DIRECTORY``: importing a reference directory or a registry feed (``ices directory
  import``): the registration clerk, or the system manager who loads the reference data.
* ``EXPORTER``: what is registered for an exporter's IEC (EXP-REG-1: only an IEC that DGFT's
  feed registered, and not cancelled): the AD account at a port (EXP-REG-4), the drawback /
  IGST-refund bank account (EXP-REG-5, EXP-REG-8) and the GSTIN (EXP-REG-8), by the
  registration clerk (roles.md, EXP-REG-8). The IEC is national; the AD account is
  registered at a port, by the clerk posted there. The records go on the IEC's trail.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

import db.tables as t
from console.acts.base import ActTable, act
from console.errors import RuleViolation
from console.roles import Role


class DirectoryState(StrEnum):
    LOADED = "loaded"


DIRECTORY = ActTable("DIRECTORY", "directory", DirectoryState, [
    act("import", "import a directory", "EXP-REG-7", roles={Role.CLK, Role.SYS},
        fn="admin.registries.import_directory"),
], ref=lambda report: report.kind)


class IecState(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"  # in DGFT's feed


def load_iec(session: Session, iec: str, *, lock: bool = True) -> t.Iec:
    """The IEC, holding its row lock (one registration of an exporter at a time: a new bank
    account closes the old one, EXP-REG-5). An IEC DGFT never sent is not registered."""
    q = select(t.Iec).where(t.Iec.code == iec)
    row = session.exec(q.with_for_update() if lock else q).first()
    if row is None:
        raise RuleViolation("EXP-REG-1", f"IEC {iec} is not registered (DGFT feed)")
    return row


_CANCELLED = {IecState.CANCELLED: ("EXP-REG-1", "DGFT's feed cancelled it: it is not "
                                   "registered")}

EXPORTER = ActTable("EXPORTER", "IEC", IecState, [
    act("register_ad", "register AD accounts", "EXP-REG-4", roles={Role.CLK},
        from_={IecState.ACTIVE}, refuse=_CANCELLED, fn="admin.registries.register_ad"),
    act("register_bank_account", "register bank accounts", "EXP-REG-5", roles={Role.CLK},
        from_={IecState.ACTIVE}, refuse=_CANCELLED,
        fn="admin.registries.register_bank_account"),
    act("register_gstin", "register GSTINs", "EXP-REG-8", roles={Role.CLK},
        from_={IecState.ACTIVE}, refuse=_CANCELLED, fn="admin.registries.register_gstin"),
], load=load_iec, ref=lambda i: i.code, audit_kind="IEC",
   state=lambda i: IecState.ACTIVE if i.active else IecState.CANCELLED,
   set_state=lambda i, state: setattr(i, "active", state == IecState.ACTIVE))

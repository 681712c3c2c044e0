"""What the registration clerk keeps (exports.md EXP-REG-1..8; roles.md): a directory
imported (``ices directory import``), and for an exporter's IEC its AD account at a port,
its drawback / IGST-refund bank account and its GSTIN. The acts are in
``console.acts.directory``; the directories themselves (their parsers, the reference
loading and the look-ups) stay in ``console.directories``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import select

import db.tables as t
from console import formats
from console.acts.directory import DIRECTORY, EXPORTER
from console.core import Core
from console.directories import KINDS, ImportReport, load_rows
from console.errors import InvalidInput, RuleViolation
from console.inputs import csv_file
from console.lifecycle import transition
from console.roles import Actor

if TYPE_CHECKING:
    from console.progress import Progress


@dataclass(frozen=True)
class AdAccountView:
    """An exporter's account with an AD, registered at a port (EXP-REG-4)."""

    ad_code: str
    bank: str
    branch: str
    port_code: str
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class BankAccountView:
    """The drawback / IGST-refund account (EXP-REG-5, EXP-REG-8); a changed account is
    registered afresh and the old one closed (``active`` False)."""

    ifsc: str
    account_no: str
    bank: str
    active: bool
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class GstinView:
    gstin: str
    verified: bool
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class ExporterView:
    """What is registered for one IEC (EXP-REG-1, -4, -5, -8), with the acts
    (``EXPORTER.*``) open to the officer reading it."""

    iec: str
    name: str
    address: str
    state: str  # active, cancelled (DGFT's feed)
    ad_accounts: tuple[AdAccountView, ...]
    bank_accounts: tuple[BankAccountView, ...]  # the active one first, then closed ones
    gstins: tuple[GstinView, ...]
    acts: tuple[str, ...] = ()


def exporter(core: Core, actor: Actor, iec: str) -> ExporterView:
    """The registrations of IEC ``iec`` and the registrations ``actor`` may add to it."""
    try:
        iec = formats.iec(iec)
    except ValueError as err:
        raise InvalidInput("iec", str(err), "EXP-REG-1") from None
    with core.db.read() as s:
        row = EXPORTER.load(s, iec, lock=False)
        ads = s.exec(select(t.AdRegistration, t.AdCode)
                     .join(t.AdCode, t.AdCode.code == t.AdRegistration.ad_code)
                     .where(t.AdRegistration.iec == iec)
                     .order_by(t.AdRegistration.port_code, t.AdRegistration.ad_code)).all()
        accounts = s.exec(select(t.BankAccount).where(t.BankAccount.iec == iec)
                          .order_by(t.BankAccount.active.desc(), t.BankAccount.id.desc())).all()
        gstins = s.exec(select(t.Gstin).where(t.Gstin.iec == iec)
                        .order_by(t.Gstin.gstin)).all()
        return ExporterView(
            row.code, row.name, row.address, EXPORTER.state_of(row),
            tuple(AdAccountView(a.ad_code, ad.bank, ad.branch, a.port_code, a.registered_at,
                                a.registered_by) for a, ad in ads),
            tuple(BankAccountView(b.ifsc, b.account_no, b.bank, b.active, b.registered_at,
                                  b.registered_by) for b in accounts),
            tuple(GstinView(g.gstin, g.verified, g.registered_at, g.registered_by)
                  for g in gstins),
            tuple(f"{EXPORTER.kind}.{n}" for n in EXPORTER.open_to(actor, row)))


def import_directory(core: Core, actor: Actor, kind_name: str, path: Path,
                     progress: Progress | None = None) -> ImportReport:
    """``ices directory import KIND FILE``: good rows go in; bad rows are reported;
    ``progress(rows done, rows)`` as they go."""
    if kind_name not in KINDS:
        raise InvalidInput("kind", f"{kind_name!r}; one of {', '.join(KINDS)}")
    DIRECTORY.check(actor, "import")
    rows = csv_file(path)  # read whole (and its encoding checked) before any write
    with core.db.write() as s:
        report = load_rows(s, kind_name, rows, core.now(), progress=progress)
        transition(s, core, actor, report, DIRECTORY["import"], reason=(
            f"{Path(path).name}: {report.loaded} loaded, {len(report.errors)} rejected"))
    return report


def register_ad(core: Core, actor: Actor, iec: str, ad_code: str, port_code: str) -> None:
    """Register an exporter's AD account at a port (EXP-REG-4, EXP-BRC-1), by the clerk
    posted there. A local officer cannot add an AD code that is not in RBI's directory."""
    iec, ad_code = formats.iec(iec), formats.ad_code(ad_code)
    with core.db.write() as s:
        exporter = EXPORTER.take(s, actor, "register_ad", iec)
        if s.get(t.AdCode, ad_code) is None:
            raise RuleViolation("EXP-REG-4", f"AD code {ad_code} is not in RBI's AD directory")
        if s.get(t.Port, port_code) is None:
            raise InvalidInput("port", f"{port_code!r} is not in the port directory", "EXP-REG-7")
        EXPORTER.check(actor, "register_ad", exporter, location=port_code)
        if s.exec(select(t.AdRegistration).filter_by(iec=iec, ad_code=ad_code,
                                                     port_code=port_code)).first():
            raise InvalidInput("ad_code", f"{ad_code} is already registered for {iec}")
        s.add(t.AdRegistration(iec=iec, ad_code=ad_code, port_code=port_code,
                               registered_at=core.now(), registered_by=actor.username))
        transition(s, core, actor, exporter, EXPORTER["register_ad"], reason=ad_code)


def register_bank_account(core: Core, actor: Actor, iec: str, ifsc: str, account_no: str,
                          bank: str = "") -> int:
    """Register the drawback / IGST-refund account (EXP-REG-5, EXP-REG-8).

    One account serves both; a changed account is registered afresh and the
    old one closed.
    """
    iec, ifsc, account_no = formats.iec(iec), formats.ifsc(ifsc), formats.account_number(account_no)
    with core.db.write() as s:
        exporter = EXPORTER.take(s, actor, "register_bank_account", iec)
        for old in s.exec(select(t.BankAccount).filter_by(iec=iec, active=True)):
            old.active = False
            s.add(old)
        acct = t.BankAccount(iec=iec, ifsc=ifsc, account_no=account_no, bank=bank,
                             registered_at=core.now(), registered_by=actor.username)
        s.add(acct)
        s.flush()
        transition(s, core, actor, exporter, EXPORTER["register_bank_account"],
                   reason=f"{ifsc} …{account_no[-4:]}")
        return acct.id


def register_gstin(core: Core, actor: Actor, iec: str, gstin: str) -> None:
    """Register and verify an exporter's GSTIN for IGST refund (EXP-REG-8)."""
    iec, gstin = formats.iec(iec), formats.gstin(gstin)
    with core.db.write() as s:
        exporter = EXPORTER.take(s, actor, "register_gstin", iec)
        if s.get(t.Gstin, gstin):
            raise InvalidInput("gstin", f"{gstin} is already registered")
        s.add(t.Gstin(gstin=gstin, iec=iec, verified=True, registered_at=core.now(),
                      registered_by=actor.username))
        transition(s, core, actor, exporter, EXPORTER["register_gstin"], reason=gstin)

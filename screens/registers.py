"""The registers and lists an officer opens from home (F6): each one offered to the roles
whose acts it takes (the act tables), so a bond clerk sees the bond register and a carrier
the manifests, and nobody sees a list they could do nothing in."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen


@dataclass(frozen=True)
class Register:
    label: str
    acts: tuple[str, ...]
    screen: str  # "module:Class", a screen built with no arguments (the officer is the app's)

    def open(self) -> Screen:
        module, _, name = self.screen.partition(":")
        return getattr(import_module(module), name)()


REGISTERS = (
    Register("Bonds, certificates, warehouse ledgers",
             ("BOND.request", "BOND.approve", "BOND.cancel", "BOND.register", "BOND.debit",
              "BOND.debit_manual", "BOND.credit", "BOND.enhance", "BOND.close", "BOND.mis",
              "CERT.register", "CERT.attach"), "screens.bonds:BondsScreen"),
    Register("Import General Manifests (IGM)",
             ("IGM.file", "IGM.entry_inwards", "IGM.amend_line"), "screens.manifests:IgmScreen"),
    Register("Export General Manifests (EGM)", ("EGM.file",), "screens.manifests:EgmScreen"),
    Register("Courier Shipping Bills", ("CSB.file", "CSB.bulk_file", "CSB.assess",
                                        "CSB.examine", "CSB.leo"), "screens.courier:CsbScreen"),
    Register("X-ray lane", ("CSB.xray",), "screens.courier:XrayScreen"),
    Register("BRC pendency, entries and recovery",
             ("BRCWATCH.start_recovery", "BRC.brc", "BRC.nil_statement", "BRC.not_realised",
              "BRC.recovery", "BRCAD.declare"), "screens.brc:BrcPendencyScreen"),
    Register("Drawback claims and scroll",
             ("DBK.sanction", "DBK.deficiency", "DBK.reply", "DBK.brand_rate",
              "DBK.request_supplementary", "DBKSUP.permit", "DBKSUP.process",
              "DBKSUP.sanction", "DBKSUP.reply", "SCROLL.generate"),
             "screens.drawback:DrawbackScreen"),
    Register("Telegraphic Release Advices", ("TRA.key", "TRA.issue", "TRA.reprint_permit",
                                                     "TRA.print_copies"),
             "screens.tra:TraScreen"),
    Register("Exporters' registrations (AD, bank account, GSTIN)",
             ("EXPORTER.register_ad", "EXPORTER.register_bank_account",
              "EXPORTER.register_gstin"), "screens.registry:ExporterScreen"),
    Register("Scheme licences", ("LICENCE.receive", "LICENCE.register"),
             "screens.registry:LicenceScreen"),
    Register("Authorised couriers", ("COURIER.register",), "screens.registry:CourierScreen"),
    Register("Reference directories", ("DIRECTORY.import",), "screens.registry:DirectoryScreen"),
    Register("Officers", ("OFFICER.add", "OFFICER.disable", "OFFICER.duty",
                          "OFFICER.reset_password"), "screens.admin:OfficersScreen"),
    Register("RMS risk rules", ("RMS.add", "RMS.edit", "RMS.disable"),
             "screens.admin:RulesScreen"),
    Register("ICEGATE messages (remote filing)", ("EDI.resend",), "screens.edi:EdiLogScreen"),
    Register("ICEGATE filers", ("FILER.add", "FILER.disable"), "screens.edi:FilersScreen"),
    Register("Time Release Study", ("TRS.view",), "screens.trs:TrsScreen"),
    Register("Pendency dashboard", ("PENDENCY.view",), "screens.dashboard:PendencyScreen"),
    Register("My password", ("OFFICER.password",), "screens.admin:PasswordScreen"),
)


def registers_for(acts: frozenset[str]) -> list[Register]:
    """The registers whose acts the officer (``acts``: ``console.acts.acts_of``) may take."""
    return [r for r in REGISTERS if set(r.acts) & acts]

"""``ices registry``: what the registration clerk keeps for each IEC (EXP-REG-4/5/8)."""

from __future__ import annotations

import typer

from console import directories
from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit
from console.services.admin import registries

app = typer.Typer(no_args_is_help=True)


@app.command("show")
def show(iec: str, as_json: bool = JsonOpt) -> None:
    """Everything registered for one IEC."""
    emit(as_json, directories.registrations(common.core(), iec))


@act_command(app, "ad", "EXPORTER.register_ad")
def register_ad(iec: str, ad_code: str, port: str = typer.Option(..., help="Port code."),
                user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register an exporter's account with an Authorised Dealer at your port (EXP-REG-4)."""
    registries.register_ad(common.core(), common.actor(user), iec, ad_code, port)
    emit(as_json, {"iec": iec, "ad_code": ad_code, "port": port}, f"AD {ad_code} registered")


@act_command(app, "account", "EXPORTER.register_bank_account")
def register_account(iec: str, ifsc: str, account_no: str,
                     bank: str = typer.Option("", help="Bank and branch name."),
                     user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register the drawback / IGST-refund account; closes the previous one (EXP-REG-5)."""
    acct = registries.register_bank_account(common.core(), common.actor(user), iec, ifsc,
                                            account_no, bank)
    emit(as_json, {"iec": iec, "account_id": acct, "ifsc": ifsc}, f"account registered ({acct})")


@act_command(app, "gstin", "EXPORTER.register_gstin")
def register_gstin(iec: str, gstin: str, user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Register and verify a GSTIN for IGST refund (EXP-REG-8)."""
    registries.register_gstin(common.core(), common.actor(user), iec, gstin)
    emit(as_json, {"iec": iec, "gstin": gstin}, f"GSTIN {gstin} registered")

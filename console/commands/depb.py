"""``ices depb``: DEPB rates and the DEPB cell's acts on a Shipping Bill (EXP-DEPB-1..4)."""

from __future__ import annotations

from datetime import date

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit
from console.errors import InvalidInput
from console.services.exports.sb_common import SbView
from console.services.schemes import depb as svc

app = typer.Typer(no_args_is_help=True)
VersionOpt = typer.Option(None, "--expected-version",
                          help="Refuse if the SB changed since you saw this version.")


def _show(as_json: bool, v: SbView, done: str) -> None:
    lines = [f"SB {v.sb_no} {done}"] + [
        f"  item {i.sl}: DEPB {i.depb_group}/{i.depb_item} at {i.depb_rate}%, value for "
        f"credit Rs {i.depb_value_for_credit}" for i in v.items if i.depb_group]
    emit(as_json, v, "\n".join(lines))


@app.command("rate")
def rate(group: str, item: str,
         on: str = typer.Option("", help="Date (YYYY-MM-DD); default today."),
         as_json: bool = JsonOpt) -> None:
    """The DEPB rate for a group code and item number (EXP-DEPB-1)."""
    try:
        when = date.fromisoformat(on) if on else None
    except ValueError:
        raise InvalidInput("on", f"{on!r}: a date as YYYY-MM-DD", "EXP-DEPB-1") from None
    v = svc.get_rate(common.core(), group, item, when)
    emit(as_json, v, f"DEPB {v.group}/{v.item} {v.description}: {v.rate}% on {v.on:%d.%m.%Y}"
         + (f" ({v.share_pct}% of {v.share_of})" if v.share_of else ""))


@act_command(app, "change", "SB.depb_change")
def change(sb_no: int, item_sl: int, reason: str = typer.Option(..., help="Why (printed)."),
           group: str = typer.Option(None, help="New DEPB group code."),
           item: str = typer.Option(None, help="New DEPB item number."),
           value: str = typer.Option(None, "--value-for-credit", help="Rupees."),
           expected_version: int = VersionOpt, user: str = UserOpt,
           as_json: bool = JsonOpt) -> None:
    """Appraiser (DEPB cell), shed appraiser or AC/DC: change group, item or value for
    credit; shown on the SB copies (EXP-DEPB-2)."""
    v = svc.change_particulars(common.core(), common.actor(user), sb_no, item_sl, reason,
                               group=group, item=item, value_for_credit=value,
                               expected_version=expected_version)
    _show(as_json, v, "DEPB particulars changed")


@act_command(app, "accept", "SB.depb_accept")
def accept(sb_no: int, item_sl: int, value_fc: str, expected_version: int = VersionOpt,
           user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Key the lower value the exporter accepts (invoice currency); converted at the LEO
    date's rate (EXP-DEPB-3)."""
    v = svc.accept_lower_value(common.core(), common.actor(user), sb_no, item_sl, value_fc,
                               expected_version=expected_version)
    _show(as_json, v, f"item {item_sl}: exporter accepts {value_fc}")


@act_command(app, "finalise", "SB.depb_final")
def finalise(sb_no: int,
             market_value: str = typer.Option("", help="Market value found (Rs)."),
             reason: str = typer.Option("", help="E.g. the market enquiry report."),
             expected_version: int = VersionOpt, user: str = UserOpt,
             as_json: bool = JsonOpt) -> None:
    """Finalise a provisional DEPB assessment: releases the EP and DEPB copies, with the
    market-value note where due (EXP-DEPB-4, EXP-PRT-2)."""
    v = svc.finalise(common.core(), common.actor(user), sb_no, market_value=market_value,
                     reason=reason, expected_version=expected_version)
    _show(as_json, v, "assessed finally: EP and DEPB copies may be printed")

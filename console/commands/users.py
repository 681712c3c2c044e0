"""``ices users ...``: officer accounts (the system manager's, and each officer's own
password)."""

from __future__ import annotations

import os

import typer

from console.commands import common
from console.commands.common import JsonOpt, UserOpt, act_command, emit, table

app = typer.Typer(no_args_is_help=True)


@act_command(app, "add", "OFFICER.add")
def users_add(username: str, name: str = typer.Option(..., help="Full name."),
              role: str = typer.Option(..., help="Role code, e.g. APR."),
              location: str = typer.Option(..., help="Port code, e.g. INVTZ4."),
              user: str = typer.Option(None, "--user", "-u", help="Acting system manager "
                                       "(omit only for the first account)."),
              as_json: bool = JsonOpt) -> None:
    """Add an officer; the new password is read from ICES_NEW_PASSWORD or prompted."""
    from console.services.admin import officers

    acting = common.actor(user) if user else None
    if acting is None and any(o.role == "SYS" and not o.disabled
                              for o in officers.list_officers(common.core())):
        raise typer.BadParameter("a system manager exists: act as one with --user",
                                 param_hint="--user")
    password = os.environ.get("ICES_NEW_PASSWORD") or typer.prompt(
        "new password", hide_input=True, confirmation_prompt=True)
    view = officers.add_officer(common.core(), acting, username, name, role, location, password)
    emit(as_json, view, f"added {view.username} ({view.role}) at {view.location_code}")


@app.command("list")
def users_list(as_json: bool = JsonOpt) -> None:
    """List officers."""
    from console.services.admin import officers

    rows = officers.list_officers(common.core())
    emit(as_json, rows, table([common.plain(r) for r in rows],
                              ["username", "name", "role", "location_code", "disabled"]))


@act_command(app, "passwd", "OFFICER.password", "OFFICER.reset_password")
def users_passwd(username: str, user: str = UserOpt) -> None:
    """Change a password (your own, or anyone's as system manager); new one from
    ICES_NEW_PASSWORD or prompted."""
    from console.services.admin import officers

    acting = common.actor(user)
    password = os.environ.get("ICES_NEW_PASSWORD") or typer.prompt(
        "new password", hide_input=True, confirmation_prompt=True)
    officers.set_password(common.core(), acting, username, password)
    typer.echo(f"password changed for {username}")


@act_command(app, "duty", "OFFICER.duty")
def users_duty(username: str, on: bool = typer.Option(True, "--on/--off", help="On duty (may "
                                                      "be named to examine) or off."),
               user: str = UserOpt, as_json: bool = JsonOpt) -> None:
    """Put an officer on or off duty (the examiners named for examination, EXP-ARR-2)."""
    from console.services.admin.officers import set_on_duty

    set_on_duty(common.core(), common.actor(user), username, on)
    emit(as_json, {"username": username, "on_duty": on},
         f"{username} {'on' if on else 'off'} duty")


@act_command(app, "disable", "OFFICER.disable")
def users_disable(username: str, reason: str = typer.Option(..., help="Why."),
                  user: str = UserOpt) -> None:
    """Disable an account."""
    from console.services.admin import officers

    officers.disable_officer(common.core(), common.actor(user), username, reason)
    typer.echo(f"{username} disabled")

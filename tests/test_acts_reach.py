"""Every officer's work on screen (issue 15, roles.md): every act a person takes — each one
the CLI offers too — has a key on a screen that every role allowed to take it can reach;
the act tables say who, the screens' keymaps (ActKey) say where. Batch jobs (run from the
CLI or a schedule, not one document at a time) are the only exceptions, and say why."""

from __future__ import annotations

import importlib
import pkgutil
from importlib import import_module

import screens
from console.acts import tables
from console.roles import Actor, Role

# run as batches from the CLI (and a schedule), never one document at a time on a screen
BATCH = {
    "SB.lapse_overdue": "every SB past its validity lapses at once (ices sb lapse)",
    "BOND.mis": "the bond register's MIS report (ices bond list)",
}


def _screens() -> dict[str, type]:
    out = {}
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"screens.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and getattr(value, "ACT_KEYS", None) is not None \
                    and value.__module__ == module.__name__:
                out[f"{module.__name__}:{name}"] = value
    return out


def _keys(cls: type) -> set[str]:
    return {a for k in cls.ACT_KEYS for a in k.acts}


def reachable(role: Role, everything: dict[str, type]) -> set[str]:
    """The act keys a role reaches: its home's keys and the screens they open (entry forms,
    the lists of F6, approvals, drawback, TRA, X-ray), and any document's own screen (every
    officer opens an SB or BE by number, F4; a CSB or claim from its list)."""
    from console.acts import acts_of
    from screens.home import HomeScreen
    from screens.registers import registers_for

    actor = Actor("x", "x", role, "INVTZ4")
    mine = acts_of(actor)
    home = {a for k in HomeScreen.ACT_KEYS if set(k.acts) & mine for a in k.acts}
    opened = ["screens.sb:SbActsScreen", "screens.be:BeScreen"]
    for act, screen in (("SB.key", "screens.sb_entry:SbEntryScreen"),
                        ("BE.key", "screens.be_entry:BeEntryScreen"),
                        ("QUERY.approve", "screens.approvals:ApprovalsScreen")):
        if act in home:
            opened.append(screen)
    opened += [r.screen for r in registers_for(mine)]
    out = set(home)
    for name in opened:
        module, _, cls = name.partition(":")
        out |= _keys(getattr(import_module(module), cls))
    return out & mine


def test_every_person_act_is_on_a_screen_of_every_role_that_takes_it():
    """Issue 15: no officer's work is CLI-only. For every person's act and every role its
    row names, a screen that role reaches has a key for it."""
    everything = _screens()
    by_role = {role: reachable(role, everything) for role in Role}
    missing = sorted(f"{a.id} ({role.value})" for t in tables().values() for a in t
                     if a.person and a.id not in BATCH for role in a.who
                     if a.id not in by_role[role])
    assert not missing, "acts no screen of their role offers:\n" + "\n".join(missing)


def test_batch_exceptions_are_acts_with_a_cli_command():
    """The batch jobs left off the screens are real acts, each with its CLI command."""
    import console.cli  # noqa: F401  (registers every command)
    from console.commands.common import ACT_COMMANDS

    covered = {a for acts in ACT_COMMANDS.values() for a in acts}
    for act_id in BATCH:
        kind, _, name = act_id.partition(".")
        assert name in tables()[kind].acts and act_id in covered, act_id

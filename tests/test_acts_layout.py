"""Acts as data, in the layout of the code (roles.md; the act tables of console/acts):
states are enums, never string literals outside their enum; nothing but the tables says
who may act; every act row is well formed and reachable from its rule."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from console.acts import tables
from console.roles import Role

ROOT = Path(__file__).resolve().parent.parent
CODE = [p for d in ("console", "screens", "printing") for p in (ROOT / d).rglob("*.py")
        if "acts" not in p.relative_to(ROOT).parts[:2]]


def _state_values() -> set[str]:
    return {str(s) for table in tables().values() for s in table.states}


def test_states_are_enums_no_state_literal_outside_its_enum():
    """A document's state is compared with its enum's members, never a string literal
    (``sb.state == "examined"``), outside ``console/acts``."""
    values = _state_values()
    found = []
    for path in CODE:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            names = " ".join(ast.unparse(x) for x in sides)
            if "state" not in names and "stage" not in names:
                continue
            for side in sides:
                consts = [side] if isinstance(side, ast.Constant) else [
                    e for e in getattr(side, "elts", []) if isinstance(e, ast.Constant)]
                for c in consts:
                    if isinstance(c.value, str) and c.value in values:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {c.value!r}")
    assert not found, "state literals outside console/acts:\n" + "\n".join(found)


def test_who_may_act_is_written_only_in_the_tables():
    """No service checks a role by hand (``require``, ``require_rank``, ``not_own_request``
    live nowhere but the roles module), and no screen decides by the officer's role what
    to offer (``actor.role ==``): both read the act tables. (A service may still let a
    role change the outcome of an act it allows, e.g. the service-centre's EGM charge.)"""
    by_hand = re.compile(r"\brequire\(|\brequire_rank\(|\bnot_own_request\(")
    by_role = re.compile(r"\.role (==|!=|in|not in) ")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in CODE if p.name != "roles.py"
             for n, line in enumerate(p.read_text().splitlines(), 1)
             if (by_hand.search(line) or (p.parts[-2] == "screens" and by_role.search(line)))
             and not line.lstrip().startswith("#")]
    assert not found, "hand-written role checks:\n" + "\n".join(found)


def test_every_act_row_is_well_formed():
    """Every act names a rule of the spec, roles that exist, and (a person's act) the
    service that takes it; consequences name an act that exists."""
    from console.acts import find

    spec = " ".join(p.read_text() for p in (ROOT.parent / "shared" / "spec").glob("*.md"))
    for table in tables().values():
        for a in table:
            assert re.search(rf"\*\*{re.escape(a.rule)}\*\*", spec) or a.rule in spec, a.id
            assert a.who <= set(Role), a.id
            if a.person:
                assert a.who and a.fn, f"{a.id}: a person's act needs roles and a service"
            if a.via:
                find(a.via)


def test_every_person_act_has_a_cli_command_whose_help_says_who_may():
    """Anything a person can do, a script can do with the CLI: every act a person takes has
    an ``ices`` command declared with it, and its help ends with who may take it, when, and
    the rule (from the act tables, not written again)."""
    import typer.main
    from typer.testing import CliRunner

    import console.cli
    from console.commands.common import ACT_COMMANDS, who_may

    covered = {a for acts in ACT_COMMANDS.values() for a in acts}
    missing = [a.id for t in tables().values() for a in t if a.person and a.id not in covered]
    assert not missing, f"acts no command takes: {missing}"
    out = CliRunner().invoke(console.cli.app, ["sb", "leo", "--help"], terminal_width=200)
    assert "Give the Let Export Order (EXP-LEO-3): APR" in out.output
    assert who_may("SB.leo").startswith("Give the Let Export Order (EXP-LEO-3): APR, posted")
    assert typer.main.get_command(console.cli.app)  # the whole tree builds

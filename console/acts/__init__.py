"""The act tables of every document kind (``console/acts/<kind>.py``; the machinery is in
``base.py``). ``tables()`` finds them all: ``ices acts``, the screens' help and the tests
that walk every act read them from here."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from console.acts.base import Act, ActTable
from console.roles import Actor


@cache
def tables() -> dict[str, ActTable]:
    """Every act table, by kind, in the order of their modules."""
    out: dict[str, ActTable] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, ActTable) and value.kind not in out:
                out[value.kind] = value
    return out


def find(act_id: str) -> Act:
    """``KIND.name`` -> the act."""
    kind, _, name = act_id.partition(".")
    return tables()[kind][name]


def acts_of(actor: Actor) -> frozenset[str]:
    """Every act (``KIND.act``) ``actor``'s role and posting let them take somewhere: what a
    home screen offers to open (the documents decide the rest)."""
    return frozenset(a.id for table in tables().values() for a in table
                     if a.person and table.refusal(actor, a.name) is None)

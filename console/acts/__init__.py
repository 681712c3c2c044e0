"""The act tables of every document kind (``console/acts/<kind>.py``; the machinery is in
``base.py``). ``tables()`` finds them all: ``ices acts``, the screens' help and the tests
that walk every act read them from here."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from console.acts.base import Act, ActTable


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

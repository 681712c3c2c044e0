"""Opening the officer console: ``ices run`` and ``./run`` come here.

The login screen is shown first and the database opens behind it (``console/app.py``),
so the console is ready to type about as fast as a bare Textual app; see
``bench/bench_startup.py``. ``console/entry.py`` sends a plain ``ices run`` here without
loading the command-line tree and the services behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.app import IcesApp, default_terminal

if TYPE_CHECKING:
    from console.clock import Clock
    from console.core import Core


def build_app(url: str | None = None, terminal: str = "",
              clock: Clock | None = None) -> IcesApp:
    """The console on database ``url`` (default: $ICES_DATABASE_URL or ./ices.db)."""

    def open_core() -> Core:
        from console.core import Core

        core = Core.open(url, clock, name=terminal or default_terminal())
        if core.kind == "uninitialised":
            core.db.dispose()
            raise RuntimeError(f"{core.db.url} is not an ICES database: run `ices init` "
                               "(or `ices demo` for a training one) first")
        return core

    return IcesApp(open_core, terminal=terminal or None)

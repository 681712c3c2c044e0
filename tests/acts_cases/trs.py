"""The supervisors' views (issue 19): the Time Release Study and the pendency dashboard,
read at the officer's own location (``console.acts.trs``)."""

from __future__ import annotations

from datetime import date

from console.services.admin import pendency, trs


def subjects(core, actors) -> list:
    """Views make and move no document: nothing to put in a state."""
    return []


CALLS = {
    "TRS.view": lambda core, actor, ref: trs.time_release_study(
        core, actor, date(2026, 10, 1), date(2026, 10, 31)),
    "PENDENCY.view": lambda core, actor, ref: pendency.pendency(core, actor),
}

"""What the supervisors read off the trail (roles.md: the AC/DC and above supervise the
custom house): the Time Release Study and the pendency dashboard (issue 19).

Neither makes or moves a document; each is a view of the officer's own custom house (the
act table's location check: an officer posted at INVTZ4 reads INVTZ4's figures), open to the
AC/DC and every higher rank. ``TRS.view``: ``console.services.admin.trs.time_release_study``
(``ices trs``, the TRS screen); ``PENDENCY.view``: ``console.services.admin.pendency
.pendency`` (``ices pendency``, the dashboard).
"""

from __future__ import annotations

from enum import StrEnum

from console.acts.base import ActTable, act
from console.roles import Role


class ViewState(StrEnum):
    """A view has no life cycle: it is computed when asked."""

    COMPUTED = "computed"


TRS = ActTable("TRS", "Time Release Study", ViewState, [
    act("view", "read the Time Release Study", "roles.md", rank=Role.ACDC,
        fn="admin.trs.time_release_study"),
])

PENDENCY = ActTable("PENDENCY", "pendency dashboard", ViewState, [
    act("view", "read the pendency dashboard", "roles.md", rank=Role.ACDC,
        fn="admin.pendency.pendency"),
])

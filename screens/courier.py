"""The custodian's X-ray lane for courier parcels (CUS): one barcode-style input.

Scan (or type) the CSB number — or the parcel's HAWB label — and press Enter to record
it **cleared**, or F8 to record it **flagged**. The input empties and keeps the focus
for the next parcel; the last results are listed newest first, with what followed:
Auto-LEO by the rule in force (CSB-2, CSB-3), or the officer route (CSB-4). Refusals
(unknown label, CSB not filed, already LEO'd or X-rayed) are listed in red and shown
as an error notification.

Each scan is recorded by ``console.services.courier.clearance.record_xray`` in a thread worker,
which never touches a widget: it posts ``XrayDone`` / ``XrayRefused`` back to the
screen. Scans are not exclusive: a fast scanner never loses a parcel.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from console.acts.csb import XrayResult
from console.core import Core
from console.errors import IcesError
from console.roles import Actor
from console.services.courier import clearance, csb_common
from screens.base import IcesScreen
from screens.widgets import OfficerBar

KEEP = 30  # results listed


@dataclass(frozen=True)
class LaneResult:
    seq: int
    at: datetime
    code: str
    result: str  # cleared / flagged / refused
    csb_no: int | None
    outcome: str
    ok: bool


class XrayDone(Message):
    def __init__(self, code: str, view: csb_common.CsbView) -> None:
        super().__init__()
        self.code, self.view = code, view


class XrayRefused(Message):
    def __init__(self, code: str, result: str, error: Exception) -> None:
        super().__init__()
        self.code, self.result, self.error = code, result, error


def outcome_of(view: csb_common.CsbView) -> str:
    if view.auto_leo:
        return f"Auto-LEO {view.autoleo_rule} ({view.autoleo_circular})"
    return f"awaits {view.awaiting}"


class XrayScreen(IcesScreen):
    """X-ray lane: Enter = cleared, F8 = flagged, Escape = back."""

    SCREEN_TITLE = "Courier X-ray lane"
    AUTO_FOCUS = "#scan"
    BINDINGS = [
        Binding("f8", "flag", "Flagged", id="xray.flag", priority=True,
                tooltip="Record the scanned parcel as flagged by X-ray (goes for examination)"),
        Binding("escape", "back", "Back", id="xray.back",
                tooltip="Leave the X-ray lane"),
    ]
    DEFAULT_CSS = """
    XrayScreen #scan { margin: 1 1 0 1; }
    XrayScreen #lane-help { margin: 0 1; color: $text-muted; }
    XrayScreen #lane-results { height: 1fr; margin: 1 1 0 1; }
    XrayScreen #lane-status { margin: 0 1; }
    """

    def __init__(self, core: Core | None = None, actor: Actor | None = None) -> None:
        super().__init__(id="xray-lane")
        self._core, self._actor = core, actor
        self.results: deque[LaneResult] = deque(maxlen=KEEP)
        self.counts = {"cleared": 0, "flagged": 0, "auto_leo": 0, "refused": 0}
        self.seq = 0

    @property
    def core(self) -> Core:
        return self._core or self.app.core  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        return self._actor or self.app.actor  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.core.banner(), self.actor, self.SCREEN_TITLE)
        yield Input(id="scan", placeholder="Scan or type the CSB number (or HAWB)",
                    max_length=20, compact=True)
        yield Static(Text("Enter: X-ray cleared    F8: flagged    Esc: back"), id="lane-help")
        table: DataTable = DataTable(id="lane-results", cursor_type="row", zebra_stripes=True)
        for key, label, width in (("at", "Time", 8), ("code", "Scanned", 12),
                                  ("result", "X-ray", 8), ("outcome", "Outcome", None)):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="lane-status")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.show_status()

    # ---- scanning ----

    @on(Input.Submitted, "#scan")
    def scanned(self, event: Input.Submitted) -> None:
        event.stop()
        self.record(XrayResult.CLEARED)

    def action_flag(self) -> None:
        self.record(XrayResult.FLAGGED)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def record(self, result: XrayResult) -> None:
        scan = self.query_one("#scan", Input)
        code = scan.value.strip()
        scan.value = ""
        scan.focus()
        if not code:
            self.notify("scan or type a CSB number first", severity="warning")
            return
        self.xray(code, result.value)

    @work(thread=True, exit_on_error=False, group="xray")
    def xray(self, code: str, result: str) -> None:
        try:
            view = clearance.record_xray(self.core, self.actor, code, result)
        except IcesError as err:
            self.post_message(XrayRefused(code, result, err))
            return
        except Exception as err:  # a bug: show it, and let the worker end in ERROR
            self.post_message(XrayRefused(code, result, err))
            raise
        self.post_message(XrayDone(code, view))

    # ---- results (UI thread) ----

    @on(XrayDone)
    def done(self, message: XrayDone) -> None:
        v = message.view
        self.counts[v.xray_result] += 1
        if v.auto_leo:
            self.counts["auto_leo"] += 1
        self.add(LaneResult(self._next(), self.core.now(), message.code, v.xray_result, v.csb_no,
                            outcome_of(v), True))

    @on(XrayRefused)
    def refused(self, message: XrayRefused) -> None:
        self.counts["refused"] += 1
        text = str(message.error) if isinstance(message.error, IcesError) else (
            f"{type(message.error).__name__}: {message.error}")
        self.add(LaneResult(self._next(), self.core.now(), message.code, "refused", None,
                            text, False))
        self.notify(text, title=f"{message.code}: not recorded", severity="error",
                    markup=False)

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def add(self, r: LaneResult) -> None:
        self.results.appendleft(r)
        table = self.query_one("#lane-results", DataTable)
        table.clear()
        for row in self.results:
            style = "" if row.ok else "bold red"
            table.add_row(Text(f"{row.at:%H:%M:%S}"), Text(row.code, style=style),
                          Text(row.result, style=style), Text(row.outcome, style=style),
                          key=str(row.seq))
        self.show_status()

    def show_status(self) -> None:
        c = self.counts
        self.query_one("#lane-status", Static).update(Text(
            f"cleared {c['cleared']} · flagged {c['flagged']} · Auto-LEO {c['auto_leo']} · "
            f"refused {c['refused']}"))

"""The one clock every service reads.

Times are India Standard Time, stored naive (the custom house's wall clock).
A training database honours ``ICES_CLOCK=YYYY-MM-DDTHH:MM``: the clock starts
there and runs forward, so trainers and tests can replay events on past dates.
A production database ignores it and says so.
"""

from __future__ import annotations

import calendar
import os
from datetime import date, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def wall_now() -> datetime:
    return datetime.now(IST).replace(tzinfo=None, microsecond=0)


class Clock:
    """Real time, or (training) time shifted to start at a given instant."""

    def __init__(self, start: datetime | None = None, note: str = "") -> None:
        self._offset = (start - wall_now()) if start else timedelta(0)
        self.shifted = start is not None
        self.note = note

    def now(self) -> datetime:
        return wall_now() + self._offset

    def today(self) -> date:
        return self.now().date()

    @classmethod
    def for_kind(cls, kind: str) -> Clock:
        """The clock for a database of ``kind`` ('training' or 'production')."""
        raw = os.environ.get("ICES_CLOCK", "").strip()
        if not raw:
            return cls()
        if kind != "training":
            return cls(note="production database: ICES_CLOCK ignored")
        try:
            start = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise ValueError(f"ICES_CLOCK {raw!r}: expected YYYY-MM-DDTHH:MM") from exc
        return cls(start, note=f"training clock from {start:%d.%m.%Y %H:%M}")


class FixedClock(Clock):
    """A clock that stands still unless moved (tests)."""

    def __init__(self, at: datetime) -> None:
        super().__init__()
        self.at = at
        self.shifted = True
        self.note = "fixed clock"

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at += timedelta(**kwargs)

    def set(self, at: datetime) -> None:
        self.at = at


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

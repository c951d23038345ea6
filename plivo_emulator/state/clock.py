"""Wall-clock time for records: epoch seconds, the UTC date, and calendar-month arithmetic."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timezone


class Clock:
    """Reads the time through ``now`` (``time.time`` unless a test passes a fixed function)."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now

    def now(self) -> float:
        """Seconds since the epoch."""
        return self._now()

    def today(self) -> date:
        """Today's date in UTC (Plivo's ``added_on``/``renewal_date`` are plain dates)."""
        return datetime.fromtimestamp(self._now(), tz=timezone.utc).date()


def add_month(day: date) -> date:
    """The same day one calendar month later, clamped to the month's end (Jan 31 -> Feb 28/29)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")

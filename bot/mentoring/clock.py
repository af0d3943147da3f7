"""Time as the use cases see it: an injectable clock, and calendar months."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

# Now, as an aware datetime. Tests and `mentorbot tick --now` pass their own; None means the
# wall clock.
Clock = Callable[[], datetime]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))

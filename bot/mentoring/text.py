"""How dates and times read in every message: one style, "Mon, Jan 4, 2027".

Every user-facing module formats dates through here, so a member never sees "January 4, 2027"
in one message and "Mon Jan 4" in the next (tests/mentoring/test_text.py checks for strays).
"""

from __future__ import annotations

from datetime import date, datetime, time


def day(value: date) -> str:
    """ "Mon, Jan 4, 2027"."""
    return f"{value:%a}, {value:%b} {value.day}, {value.year}"


def clock_time(at: time) -> str:
    """ "9:00 AM"."""
    return f"{(at.hour - 1) % 12 + 1}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def moment(when: datetime) -> str:
    """ "Mon, Jan 4, 2027 at 9:00 AM CST", in the time zone `when` carries."""
    zone = when.tzname()
    return f"{day(when.date())} at {clock_time(when.time())}" + (f" {zone}" if zone else "")

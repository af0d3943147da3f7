"""A pair's calendar: check-in dates, the midpoint, the heads-up, the end. Pure date math.

Dates are calendar days; the instant something goes out is 10:00 on that day in the
recipient's own time zone (`send_instant`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.mentoring.checkins import texts as say
from bot.mentoring.clock import add_months

FIRST_CHECKIN_AFTER = timedelta(days=14)
HEADS_UP_BEFORE = timedelta(days=30)
# No regular check-in in the last week of a term: the closing survey asks the same and more.
QUIET_BEFORE_END = timedelta(days=7)
SEND_AT = time(10, 0)
STRUGGLING = "struggling"


def checkin_date(start: date, cadence: str, period: int) -> date:
    """The date of check-in number `period` (1, 2, ...) of a pair that started on `start`.

    Months are counted from the first check-in, not chained, so Jan 31 -> Feb 28 -> Mar 31.
    """
    first, n = start + FIRST_CHECKIN_AFTER, period - 1
    match cadence:
        case "weekly":
            return first + timedelta(weeks=n)
        case "biweekly":
            return first + timedelta(weeks=2 * n)
        case "monthly":
            return add_months(first, n)
        case "quarterly":
            return add_months(first, 3 * n)
    raise ValueError(f"unknown check-in cadence {cadence!r}")


def has_checkin(start: date, cadence: str, ends_on: date, period: int) -> bool:
    return checkin_date(start, cadence, period) <= ends_on - QUIET_BEFORE_END


def midpoint(start: date, ends_on: date) -> date:
    return start + timedelta(days=(ends_on - start).days // 2)


def midpoint_period(start: date, cadence: str, ends_on: date) -> int:
    """The check-in the mid-point review takes the place of: the first one on or after it."""
    middle, period = midpoint(start, ends_on), 1
    while checkin_date(start, cadence, period) < middle:
        period += 1
    return period


def heads_up(ends_on: date) -> date:
    return ends_on - HEADS_UP_BEFORE


def send_instant(day: date, zone: str) -> datetime:
    return datetime.combine(day, SEND_AT, ZoneInfo(zone)).astimezone(UTC)


def local_date(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


class PairState(Protocol):
    """What the coordinators' flags read from a pairing (storage.models.Pairing has it)."""

    mentor_id: str
    mentee_id: str
    last_met_on: date | None
    mentor_mood: str | None
    mentee_mood: str | None


def pair_flags(pair: PairState, today: date, contact_days: int) -> tuple[str, ...]:
    """What a coordinator should notice about an active pair, in words."""
    flags = []
    if pair.last_met_on is not None and (today - pair.last_met_on).days >= contact_days:
        flags.append(say.FLAG_NO_MEETING.format(days=(today - pair.last_met_on).days))
    for who, mood in ((pair.mentor_id, pair.mentor_mood), (pair.mentee_id, pair.mentee_mood)):
        if mood == STRUGGLING:
            flags.append(say.FLAG_STRUGGLING.format(who=who))
    return tuple(flags)

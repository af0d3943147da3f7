"""Sane ranges for what people type, kept in one place: dates, years and whole numbers.

Python's dates end at 9999-12-31 (a day added to it raises OverflowError), int() refuses
strings over 4,300 digits, and PostgreSQL's INTEGER stops at 2,147,483,647. Nothing a person
means in a mentoring program comes near those edges, so anything outside these ranges gets a
specific answer before it reaches arithmetic or the database.
"""

from __future__ import annotations

import re
from datetime import date

from bot.mentoring import messages as text

FIRST_YEAR = 2000
LAST_YEAR = 2099
FIRST_DATE = date(FIRST_YEAR, 1, 1)
LAST_DATE = date(LAST_YEAR, 12, 31)
# Whole numbers people type (years, capacity, counts) never need more digits than this;
# it stays well inside PostgreSQL's INTEGER.
MAX_DIGITS = 6
# Only ASCII digits: str.isdigit() also accepts "²", which int() then rejects.
_WHOLE = re.compile(r"[+-]?[0-9]+")


def date_problem(day: date) -> str | None:
    """Why `day` is outside the range any command accepts, or None when it is fine."""
    if day < FIRST_DATE:
        return text.DATE_TOO_EARLY.format(day=day.isoformat(), first=FIRST_YEAR)
    if day > LAST_DATE:
        return text.DATE_TOO_LATE.format(day=day.isoformat(), after=LAST_YEAR + 1)
    return None


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def whole_number(typed: str) -> int | None:
    """`typed` as a whole number of at most MAX_DIGITS digits; None when it isn't one."""
    cleaned = typed.strip()
    if not _WHOLE.fullmatch(cleaned) or len(cleaned.lstrip("+-")) > MAX_DIGITS:
        return None
    return int(cleaned)


def is_long_number(typed: str) -> bool:
    """Digits beyond any sane count (e.g. a 5,000-digit paste): answered as "too many"."""
    digits = re.match(r"[+-]?[0-9]+", typed.strip())
    return digits is not None and len(digits[0].lstrip("+-")) > MAX_DIGITS


def shorten(typed: str, limit: int = 30) -> str:
    """What a person typed, short enough to quote back to them."""
    cleaned = " ".join(typed.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"

"""What people type to log hours, read once for every platform: `/mentor log ...`, the log
form, and the periods of `/mentor hours` and the exports. Pure functions; no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.mentoring import bounds
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import Field, Form, Kind, Option, RawValues, check_values, text_of
from bot.mentoring.hours import texts as say
from bot.mentoring.hours.credits import Period, period_named, period_of
from bot.mentoring.text import day as date_text

FORM_KEY = "hours_log_form"
MIN_HOURS, MAX_HOURS = 0.25, 12.0
NOTE_LENGTH = 500
MEETING = "meeting"
ACTIVITIES = tuple(say.ACTIVITY_LABELS)
# The date (a DATE field) and the one person met (USERS with max_selected=1).
DATE_FIELD, WITH_FIELD = "date", "with"

# A mention as the core sees it: `<@U123>`; Slack escapes a typed @name as `<@U123|name>`.
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_HOURS = r"(?:h|hrs?|hours?)"
_MINUTES = r"(?:m|mins?|minutes?)"
DURATION = re.compile(
    rf"""
    (?:(?P<hours>\d{{1,4}}(?:[.,]\d+)?)\s*{_HOURS}\.?(?:\s*(?P<and_minutes>\d{{1,4}})\s*{_MINUTES})?
      | (?P<minutes>\d{{1,5}})\s*{_MINUTES}
      | (?P<clock_h>\d{{1,2}}):(?P<clock_m>[0-5]\d)
      | (?P<bare>\d{{1,4}}(?:[.,]\d+)?)
    )(?=\s|$)
    """,
    re.VERBOSE | re.IGNORECASE,
)


class HoursError(MembershipError):
    """The hours can't be logged as given; the message says why."""


@dataclass(frozen=True)
class LogRequest:
    hours: float
    with_user: str | None
    note: str | None


def read_duration(typed: str) -> tuple[float, str, str]:
    """The one way people write hours, wherever they type them (a command, a form, a check-in):
    1.5h, 1.5 hours, 90m, 1h30m, 1:30, 1.5 or 1,5 at the start of `typed`. Returns the value
    (not yet range-checked), the words that gave it, and the rest; HoursError if unreadable."""
    text = typed.strip()
    match = DURATION.match(text)
    if match is None:
        if bounds.is_long_number(text):  # e.g. a pasted 5,000-digit number
            raise HoursError(say.HOURS_WAY_TOO_MANY)
        raise HoursError(say.DURATION_UNREADABLE.format(typed=(text.split() or [""])[0][:20]))
    if match["hours"] is not None:
        value = float(match["hours"].replace(",", ".")) + int(match["and_minutes"] or 0) / 60
    elif match["minutes"] is not None:
        value = int(match["minutes"]) / 60
    elif match["clock_h"] is not None:
        value = int(match["clock_h"]) + int(match["clock_m"]) / 60
    else:
        value = float(match["bare"].replace(",", "."))
    return value, match[0], text[match.end() :].strip()


def parse_duration(typed: str) -> tuple[float, str]:
    """Hours to log at the start of `typed` (0.25-12, quarter hours) and the rest."""
    value, words, rest = read_duration(typed)
    return check_hours(value, words), rest


def check_hours(value: float, typed: str) -> float:
    """Quarter hours between 0.25 and 12, or a HoursError saying what's wrong."""
    if value < MIN_HOURS:
        raise HoursError(say.HOURS_TOO_FEW)
    if value > MAX_HOURS:
        raise HoursError(say.HOURS_TOO_MANY.format(typed=typed))
    if abs(value * 4 - round(value * 4)) > 1e-9:
        raise HoursError(say.HOURS_QUARTERS.format(typed=typed))
    return round(value * 4) / 4


def parse_log_argument(argument: str) -> LogRequest:
    """`1.5h [with @member] [note]`: the note keeps its case and spacing."""
    hours, rest = parse_duration(argument)
    with_user = None
    head, _, tail = rest.partition(" ")
    if head.lower() == "with":
        mention = MENTION.match(tail.strip())
        if mention is None:
            raise HoursError(say.WITH_NOT_A_MENTION.format(typed=tail.strip()[:40]))
        with_user, rest = mention[1], tail.strip()[mention.end() :].strip()
    if len(rest) > NOTE_LENGTH:
        raise HoursError(say.NOTE_TOO_LONG.format(limit=NOTE_LENGTH, length=len(rest)))
    return LogRequest(hours, with_user, rest or None)


def earliest_loggable(today: date, start_month: int) -> date:
    """Hours may be logged for the current credit period and the one before it."""
    current = period_of(today, start_month)
    return period_of(current.start - timedelta(days=1), start_month).start


def log_form(today: date, with_user: str | None, values: RawValues | None = None) -> Form:
    return Form(
        key=FORM_KEY,
        title=say.FORM_TITLE,
        submit=say.FORM_SUBMIT,
        intro=say.FORM_INTRO,
        fields=(
            Field(
                DATE_FIELD,
                say.DATE_LABEL,
                Kind.DATE,
                hint=say.DATE_HINT,
                required_message=say.DATE_REQUIRED,
            ),
            Field("hours", say.HOURS_LABEL, Kind.TEXT, max_length=12, hint=say.HOURS_HINT),
            Field(
                "activity",
                say.ACTIVITY_LABEL,
                Kind.SELECT,
                options=tuple(Option(k, v) for k, v in say.ACTIVITY_LABELS.items()),
            ),
            Field(
                WITH_FIELD,
                say.WITH_LABEL,
                Kind.USERS,
                required=False,
                max_selected=1,
                hint=say.WITH_HINT,
            ),
            Field(
                "note",
                say.NOTE_LABEL,
                Kind.LONG_TEXT,
                required=False,
                max_length=NOTE_LENGTH,
                hint=say.NOTE_HINT,
            ),
        ),
        initial=values
        or {
            DATE_FIELD: today.isoformat(),
            "activity": MEETING,
            WITH_FIELD: [with_user] if with_user else [],
        },
    )


@dataclass(frozen=True)
class FormEntry:
    day: date
    hours: float
    activity: str
    with_user: str | None
    note: str | None


def read_log_form(
    values: RawValues, today: date, earliest: date
) -> tuple[FormEntry | None, dict[str, str]]:
    """The form's answers, or errors by field (each field's own problem, all at once)."""
    errors = check_values(log_form(today, None), values)
    typed_day = text_of(values, DATE_FIELD)
    day: date | None = None
    if typed_day and DATE_FIELD not in errors:
        try:
            day = date.fromisoformat(typed_day)
        except ValueError:
            errors[DATE_FIELD] = say.DATE_UNREADABLE.format(typed=typed_day)
        else:
            if day > today:
                errors[DATE_FIELD] = say.DATE_IN_FUTURE.format(today=date_text(today))
            elif day < earliest:
                errors[DATE_FIELD] = say.DATE_TOO_OLD.format(earliest=date_text(earliest))
    hours = 0.0
    typed_hours = text_of(values, "hours") or ""
    if "hours" not in errors:
        try:
            hours, rest = parse_duration(typed_hours)
            if rest:
                raise HoursError(say.DURATION_UNREADABLE.format(typed=typed_hours))
        except HoursError as exc:
            errors["hours"] = str(exc).replace(say.LOG_USAGE, say.HOURS_HINT)
    chosen = values.get(WITH_FIELD)
    with_user = (chosen[0] if chosen else None) if isinstance(chosen, list) else chosen or None
    if errors or day is None:
        return None, errors
    activity = text_of(values, "activity") or MEETING
    return FormEntry(day, hours, activity, with_user, text_of(values, "note")), {}


# -- periods ---------------------------------------------------------------------------------


def member_period(argument: str | None, today: date, start_month: int) -> Period:
    """`/mentor hours [year]`: the named credit period, or the current one."""
    text = (argument or "").strip()
    if not text:
        return period_of(today, start_month)
    year = _named_year(text)
    if year is None:
        raise HoursError(say.PERIOD_UNREADABLE.format(typed=bounds.shorten(text, 40)))
    return period_named(year, start_month)


def _named_year(text: str) -> int | None:
    """`2027` or `FY2027`; None when it isn't a year, HoursError when it's out of range."""
    digits = text[2:] if text[:2].lower() == "fy" else text
    if bounds.is_long_number(digits) or re.fullmatch(r"[0-9]{1,4}", digits):
        year = bounds.whole_number(digits)
        if year is None or not bounds.year_in_range(year):
            shown = bounds.shorten(digits, 12)
            first, last = bounds.FIRST_YEAR, bounds.LAST_YEAR
            raise HoursError(say.YEAR_OUT_OF_RANGE.format(year=shown, first=first, last=last))
        return year
    return None


def coordinator_period(argument: str | None, today: date, start_month: int) -> Period:
    """`[year | YYYY-MM-DD YYYY-MM-DD]`: a credit period, or the days between two dates."""
    words = (argument or "").split()
    if not words:
        return period_of(today, start_month)
    if len(words) == 1:
        year = _named_year(words[0])
        if year is None:
            typed = bounds.shorten(words[0], 40)
            raise HoursError(say.ADMIN_PERIOD_UNREADABLE.format(typed=typed))
        return period_named(year, start_month)
    if len(words) != 2:
        raise HoursError(
            say.ADMIN_PERIOD_UNREADABLE.format(typed=bounds.shorten(argument or "", 60))
        )
    try:
        start, last = (date.fromisoformat(w) for w in words)
    except ValueError:
        typed = bounds.shorten(" ".join(words), 60)
        raise HoursError(say.ADMIN_PERIOD_UNREADABLE.format(typed=typed)) from None
    # Checked before any arithmetic: the day after 9999-12-31 doesn't exist.
    if problem := bounds.date_problem(start) or bounds.date_problem(last):
        raise HoursError(problem)
    if last < start:
        raise HoursError(say.ADMIN_PERIOD_BACKWARDS.format(start=start, end=last))
    return Period(start, last + timedelta(days=1))


def period_words(period: Period) -> str:
    """A credit period's label; any other range as its first and last day."""
    if period.start.day == 1 and period_of(period.start, period.start.month) == period:
        return period.label
    return f"{date_text(period.start)} to {date_text(period.last_day)}"


def period_slug(period: Period) -> str:
    if period.start.month == 1 and period == period_named(period.year):
        return str(period.year)
    return f"{period.start.isoformat()}-to-{period.last_day.isoformat()}"


def parse_override_argument(argument: str | None) -> tuple[str, str, bool]:
    """`@mentor @mentee on|off`."""
    words = (argument or "").split()
    people = [m[1] for w in words if (m := MENTION.fullmatch(w))]
    switch = [w.lower() for w in words if not MENTION.fullmatch(w)]
    if len(people) != 2 or switch not in (["on"], ["off"]):
        raise HoursError(say.CREDIT_USAGE)
    if people[0] == people[1]:
        raise HoursError(say.CREDIT_SAME_PERSON)
    return people[0], people[1], switch == ["on"]

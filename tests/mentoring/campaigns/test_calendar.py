"""The observance calendar: business days, nth weekdays, daylight saving, YAML and its errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.mentoring.campaigns.calendar import (
    CalendarError,
    Rule,
    dump_calendar,
    next_occurrence,
    occurrences,
    parse_calendar,
    shipped_calendar,
    shipped_holidays,
)

CHICAGO = "America/Chicago"
NINE = time(9, 0)


def _shipped(slug: str) -> Rule:
    return next(s.rule for s in shipped_calendar() if s.slug == slug)


def _in_year(rule: Rule, year: int, zone: str = CHICAGO) -> list[datetime]:
    start = datetime(year, 1, 1, tzinfo=ZoneInfo(zone))
    end = datetime(year, 12, 31, 23, 59, tzinfo=ZoneInfo(zone))
    return occurrences(rule, NINE, zone, start, end)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, date(2023, 1, 3)),  # Sun, Jan 1, observed Mon, Jan 2 -> Tue, Jan 3
        (2024, date(2024, 1, 2)),  # Mon, Jan 1 -> Tue, Jan 2
        (2026, date(2026, 1, 2)),  # Thu, Jan 1 -> Fri, Jan 2
        (2027, date(2027, 1, 4)),  # Fri, Jan 1, then the weekend -> Mon, Jan 4
        (2028, date(2028, 1, 3)),  # Sat, Jan 1 (observed Fri, Dec 31) -> Mon, Jan 3
        (2033, date(2033, 1, 3)),  # Sat again
    ],
)
def test_kickoff_is_the_first_business_day_of_january(year: int, expected: date) -> None:
    posts = _in_year(_shipped("mentoring-month-kickoff"), year)
    assert [p.date() for p in posts] == [expected]
    assert posts[0].astimezone(ZoneInfo(CHICAGO)).time() == NINE


def test_new_years_day_observed_on_friday_is_not_a_business_day() -> None:
    holidays = shipped_holidays()
    assert not holidays.is_business_day(date(2027, 12, 31))  # Jan 1 2028 is a Saturday
    assert not holidays.is_business_day(date(2023, 1, 2))  # Jan 1 2023 is a Sunday
    assert holidays.is_business_day(date(2027, 12, 30))
    assert holidays.next_business_day(date(2026, 11, 26)) == date(2026, 11, 27)  # Thanksgiving


@pytest.mark.parametrize(
    ("year", "day"), [(2023, 16), (2024, 15), (2025, 20), (2026, 19), (2027, 18), (2028, 17)]
)
def test_mlk_day_of_service_is_the_third_monday_of_january(year: int, day: int) -> None:
    posts = _in_year(_shipped("mlk-day-of-service"), year)
    assert [p.date() for p in posts] == [date(year, 1, day)]
    assert posts[0].weekday() == 0


def test_nine_local_follows_daylight_saving_in_the_program_time_zone() -> None:
    rule = Rule(cron=(("month", "3"), ("day", "*")))
    march = occurrences(
        rule,
        NINE,
        CHICAGO,
        datetime(2027, 3, 12, tzinfo=UTC),
        datetime(2027, 3, 16, tzinfo=UTC),
    )
    # US daylight saving starts Sunday March 14, 2027.
    assert [p.astimezone(UTC).hour for p in march] == [15, 15, 14, 14]
    assert {p.astimezone(ZoneInfo(CHICAGO)).time() for p in march} == {NINE}
    november = next_occurrence(
        Rule(once=date(2027, 11, 8)), NINE, CHICAGO, datetime(2027, 11, 1, tzinfo=UTC)
    )
    assert november is not None and november.astimezone(UTC).hour == 15


def test_a_once_rule_happens_once_and_not_after() -> None:
    rule = Rule(once=date(2027, 3, 1))
    start = datetime(2027, 1, 1, tzinfo=UTC)
    assert len(occurrences(rule, NINE, CHICAGO, start, datetime(2028, 1, 1, tzinfo=UTC))) == 1
    assert next_occurrence(rule, NINE, CHICAGO, datetime(2027, 3, 2, tzinfo=UTC)) is None


def test_last_weekday_and_monthly_rules() -> None:
    last_friday = Rule(cron=(("month", "5"), ("day", "last fri")))
    assert [p.date() for p in _in_year(last_friday, 2027)] == [date(2027, 5, 28)]
    monthly = Rule(cron=(("day", "15"),))
    assert len(_in_year(monthly, 2027)) == 12


def test_calendar_yaml_round_trips() -> None:
    shipped = list(shipped_calendar())
    assert [s.slug for s in shipped] == [
        "mentoring-month-kickoff",
        "i-am-a-mentor-day",
        "international-mentoring-day",
        "mlk-day-of-service",
        "thank-your-mentor-day",
    ]
    text = dump_calendar(shipped)
    assert parse_calendar(text) == shipped
    assert "business_day: next" in text and "time: 09:00" in text and "day: 3rd mon" in text
    assert parse_calendar(dump_calendar(parse_calendar(text))) == shipped


def test_unquoted_yaml_time_reads_as_the_time_it_looks_like() -> None:
    (spec,) = parse_calendar(
        "- {slug: a, name: A, date: 2027-03-01, time: 09:30, text: Hi, button: none}"
    )
    assert spec.time == time(9, 30) and spec.rule.once == date(2027, 3, 1)


def test_every_problem_is_named_with_its_entry_and_field() -> None:
    text = """
campaigns:
  - slug: good
    name: Good
    cron: {month: 2, day: 3rd mon}
    time: "10:00"
    text: Fine.
  - slug: bad-time
    name: Bad time
    cron: {month: 1, day: 3rd mun}
    time: "9am"
    text: Oops.
    button: maybe
  - slug: never
    name: Never
    cron: {month: 2, day: 30}
    time: "09:00"
    text: Never happens.
  - slug: Not A Slug
    date: 2027-02-30
    time: "09:00"
    text: ""
    hashtags: ["#ok", "not ok"]
    colour: blue
  - slug: good
    name: Again
    date: 2027-03-01
    time: "09:00"
    text: Duplicate slug.
"""
    with pytest.raises(CalendarError) as caught:
        parse_calendar(text)
    problems = caught.value.problems
    joined = "\n".join(problems)
    assert "entry 2 (bad-time), time: '9am' isn't a time of day" in joined
    assert 'entry 2 (bad-time), cron: Invalid weekday name "mun"' in joined
    assert "entry 2 (bad-time), button: 'maybe' should be join, thank_mentor or none" in joined
    assert "entry 3 (never), cron: that date never comes" in joined
    assert "entry 4 (Not A Slug), slug:" in joined
    assert "entry 4 (Not A Slug), name: is missing" in joined
    assert "entry 4 (Not A Slug), text: is missing" in joined
    assert "entry 4 (Not A Slug), date: '2027-02-30' isn't a date" in joined
    assert "entry 4 (Not A Slug), hashtags: 'not ok' isn't a hashtag" in joined
    assert "entry 4 (Not A Slug), colour: unknown field" in joined
    assert "slug 'good' appears more than once" in joined
    assert all("entry 1 " not in p for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not: [yaml", "This isn't valid YAML"),
        ("just a string", "Expected a list of campaigns"),
        ("- 42", "entry 1: expected a mapping"),
        ("- {slug: x, name: X, time: '09:00', text: T}", "give either `date: YYYY-MM-DD`"),
    ],
)
def test_malformed_files_say_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(CalendarError, match=expected):
        parse_calendar(text)

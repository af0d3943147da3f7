"""Out-of-range dates and numbers typed into commands and forms get an answer, never a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.mentoring import bounds
from bot.mentoring.awards.forms import cycle_form, parse_cycle
from bot.mentoring.campaigns.calendar import CalendarError, parse_calendar
from bot.mentoring.campaigns.form import campaign_form, parse_form
from bot.mentoring.forms import Field, Form, Kind, check_values
from bot.mentoring.hours.form import (
    HoursError,
    coordinator_period,
    member_period,
    parse_log_argument,
)

TODAY = date(2027, 1, 10)
HUGE = "9" * 5000  # past Python's 4,300-digit int() limit and every database column


@pytest.mark.parametrize(
    ("argument", "answer"),
    [
        ("2027-01-01 9999-12-31", "9999-12-31 is too far ahead: pick a date before 2100."),
        ("9999-12-31 9999-12-31", "9999-12-31 is too far ahead: pick a date before 2100."),
        ("0001-01-01 2027-01-01", "0001-01-01 is too long ago: pick a date in 2000 or later."),
        ("1901", "1901 is outside the years I keep: pick one from 2000 to 2099."),
        ("fy9999", "9999 is outside the years I keep: pick one from 2000 to 2099."),
        (HUGE, "is outside the years I keep: pick one from 2000 to 2099."),
    ],
)
def test_coordinator_export_ranges_out_of_bounds(argument: str, answer: str) -> None:
    with pytest.raises(HoursError) as caught:
        coordinator_period(argument, TODAY, 1)
    assert answer in str(caught.value) and len(str(caught.value)) < 120


def test_member_years_out_of_bounds_and_in_bounds() -> None:
    with pytest.raises(HoursError, match="outside the years"):
        member_period(HUGE, TODAY, 1)
    assert member_period("2099", TODAY, 1).year == 2099
    assert coordinator_period("2099-01-01 2099-12-31", TODAY, 1).last_day == date(2099, 12, 31)


@pytest.mark.parametrize("typed", [HUGE + "h", HUGE, HUGE + " with <@U0B> note", "123456789m"])
def test_log_with_a_huge_number_says_a_day_holds_less(typed: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_log_argument(typed)
    assert "more hours than a day holds" in str(caught.value)


def test_bounds_helpers() -> None:
    assert bounds.whole_number("42") == 42 and bounds.whole_number("²") is None
    assert bounds.whole_number(HUGE) is None and bounds.is_long_number(HUGE)
    assert len(bounds.shorten(HUGE)) == 30
    assert bounds.date_problem(date(2099, 12, 31)) is None


def test_integer_fields_answer_huge_and_odd_numbers() -> None:
    form = Form(
        "f", "F", "Save", (Field("cap", "Capacity", Kind.INTEGER, min_value=1, max_value=5),)
    )
    assert check_values(form, {"cap": HUGE}) == {
        "cap": "That number is too long. Please enter 5 or less."
    }
    assert "whole number" in check_values(form, {"cap": "²"})["cap"]  # isdigit() but not int()
    assert check_values(form, {"cap": "3"}) == {}


def test_award_cycle_dates_out_of_bounds_are_field_errors() -> None:
    values = {
        "name": "Outstanding Mentor 2027",
        "opens_on": "2027-01-11",
        "deadline": "2027-01-31",
        "announce_on": "9999-12-31",
    }
    dates, errors = parse_cycle(cycle_form("America/Chicago", TODAY), values, TODAY)
    assert dates is None
    assert errors == {"announce_on": "9999-12-31 is too far ahead: pick a date before 2100."}


def test_campaign_form_date_out_of_bounds_is_a_field_error() -> None:
    now = datetime(2027, 1, 10, 15, tzinfo=UTC)
    form = campaign_form("America/Chicago", None, now)
    values = {
        "name": "Far away",
        "repeat": "once",
        "date": "9999-12-31",
        "time": "09:00",
        "text": "Hello",
        "channel": "C0COMMUNITY",
    }
    spec, errors = parse_form(form, values, "America/Chicago", None, now)
    assert spec is None and errors["date"].startswith("9999-12-31 is too far ahead")


def test_campaign_yaml_date_out_of_bounds_is_listed() -> None:
    yaml_text = "- {slug: far, name: Far, date: 9999-12-31, time: '09:00', text: Hi}\n"
    with pytest.raises(CalendarError) as caught:
        parse_calendar(yaml_text)
    assert caught.value.problems == [
        "entry 1 (far), date: 9999-12-31 is too far ahead: pick a date before 2100"
    ]

"""Professional-development credit rules: periods, eligibility, the cap (pure; no database)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.mentoring.hours.credits import (
    OVER_CAP,
    SAME_ORG,
    CreditRules,
    LoggedHours,
    Period,
    allocate,
    earns_credit,
    period_named,
    period_of,
    same_organization,
    tally,
)

JULY = 7


def entry(
    day: date,
    hours: float,
    *,
    key: int = 0,
    same_org: bool = False,
    overridden: bool = False,
    with_user: str | None = "U0ANA",
) -> LoggedHours:
    return LoggedHours(key, day, hours, with_user, same_org, overridden)


# -- periods ---------------------------------------------------------------------------------


def test_calendar_year_boundary_dec_31_and_jan_1() -> None:
    assert period_of(date(2026, 12, 31)) == Period(date(2026, 1, 1), date(2027, 1, 1))
    assert period_of(date(2027, 1, 1)) == Period(date(2027, 1, 1), date(2028, 1, 1))
    assert period_of(date(2026, 12, 31)).label == "2026"
    assert period_of(date(2027, 1, 1)).label == "2027"
    assert date(2026, 12, 31) not in period_named(2027)
    assert date(2027, 1, 1) in period_named(2027)
    assert date(2027, 12, 31) in period_named(2027)
    assert date(2028, 1, 1) not in period_named(2027)


def test_fiscal_year_starting_in_july_is_named_by_the_year_it_ends_in() -> None:
    fy2027 = period_named(2027, JULY)
    assert fy2027 == Period(date(2026, 7, 1), date(2027, 7, 1))
    assert fy2027.label == "July 2026 – June 2027"
    assert fy2027.year == 2027 and fy2027.last_day == date(2027, 6, 30)
    assert period_of(date(2027, 6, 30), JULY) == fy2027
    assert period_of(date(2027, 7, 1), JULY) == period_named(2028, JULY)
    assert period_of(date(2026, 12, 31), JULY) == period_of(date(2027, 1, 1), JULY) == fy2027
    assert period_of(date(2026, 6, 30), JULY).label == "July 2025 – June 2026"


def test_leap_day_belongs_to_its_period() -> None:
    assert period_of(date(2028, 2, 29)).label == "2028"
    march = 3  # a period running March to February ends on Feb 29 in a leap year
    period = period_of(date(2028, 2, 29), march)
    assert period == Period(date(2027, 3, 1), date(2028, 3, 1))
    assert period.last_day == date(2028, 2, 29) and period.label == "March 2027 – February 2028"
    assert date(2028, 3, 1) not in period
    assert period_named(2029, march).last_day == date(2029, 2, 28)


def test_december_start_and_bad_start_month() -> None:
    period = period_of(date(2027, 1, 15), 12)
    assert period.label == "December 2026 – November 2027" and period.year == 2027
    with pytest.raises(ValueError):
        CreditRules(start_month=13)


# -- eligibility -----------------------------------------------------------------------------


def test_same_organization_ignores_case_and_spacing_and_unknown_is_never_same() -> None:
    assert same_organization("City of Boulder", "  city of  BOULDER ")
    assert not same_organization("City of Boulder", "Town of Lyons")
    assert not same_organization("", "")
    assert not same_organization(None, "City of Boulder")


def test_same_org_earns_nothing_unless_overridden() -> None:
    assert earns_credit(same_org=False, overridden=False)
    assert not earns_credit(same_org=True, overridden=False)
    assert earns_credit(same_org=True, overridden=True)
    colleague = entry(date(2027, 2, 1), 3, same_org=True)
    overridden = entry(date(2027, 2, 2), 2, same_org=True, overridden=True)
    credited = allocate([colleague, overridden], cap=20)
    assert [(c.credited, c.reason) for c in credited] == [(0.0, SAME_ORG), (2.0, None)]


# -- the cap ---------------------------------------------------------------------------------


def test_exactly_at_the_cap_counts_in_full() -> None:
    credited = allocate([entry(date(2027, 1, d), 5, key=d) for d in range(1, 5)], cap=20)
    assert [c.credited for c in credited] == [5, 5, 5, 5]
    assert all(c.reason is None for c in credited)


def test_over_the_cap_the_crossing_entry_counts_in_part_in_date_order() -> None:
    # Logged out of order: the cap is applied by date, then by logging order on one day.
    entries = [
        entry(date(2027, 3, 1), 4, key=3),
        entry(date(2027, 1, 5), 12, key=1),
        entry(date(2027, 2, 1), 6.5, key=2),
        entry(date(2027, 2, 1), 1, key=4),
    ]
    credited = allocate(entries, cap=20)
    assert [(c.entry.key, c.credited, c.reason) for c in credited] == [
        (1, 12, None),
        (2, 6.5, None),
        (4, 1, None),
        (3, 0.5, OVER_CAP),
    ]


def test_tally_wording_numbers_for_a_member() -> None:
    rules = CreditRules(requirement=40, cap=20)
    entries = [
        entry(date(2026, 12, 31), 8, key=1),  # last year: left out
        entry(date(2027, 1, 1), 10, key=2),
        entry(date(2027, 3, 1), 3, key=3, same_org=True, with_user="U0BEN"),
        entry(date(2027, 4, 1), 2.5, key=4),
        entry(date(2027, 5, 1), 9.75, key=5),
    ]
    result = tally(entries, rules, period_named(2027))
    assert result.logged == 25.25
    assert result.eligible == 22.25
    assert result.credited == 20 and result.over_cap == 2.25 and result.cap_left == 0
    assert result.requirement_left == 20
    assert result.same_org_by_person() == {"U0BEN": 3}


def test_tally_below_the_cap_and_empty() -> None:
    rules = CreditRules()
    half = tally([entry(date(2027, 6, 1), 12.5)], rules, period_named(2027))
    assert (half.credited, half.cap_left, half.requirement_left) == (12.5, 7.5, 27.5)
    assert half.over_cap == 0
    empty = tally([], rules, period_named(2027))
    assert (empty.logged, empty.credited, empty.same_org_by_person()) == (0, 0, {})


def test_a_zero_cap_credits_nothing_and_fiscal_tally_uses_its_period() -> None:
    rules = CreditRules(cap=0, start_month=JULY)
    result = tally(
        [entry(date(2026, 6, 30), 2, key=1), entry(date(2026, 7, 1), 2, key=2)],
        rules,
        period_named(2027, JULY),
    )
    assert [c.entry.key for c in result.entries] == [2]
    assert (result.credited, result.over_cap) == (0, 2)

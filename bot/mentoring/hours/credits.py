"""Professional-development credit rules, as pure functions (no database, no platform).

A program sets an annual requirement (default 40 hours), a cap on how many of those hours may
come from mentoring (default 20) and its credit period: the calendar year, or a fiscal year
starting on the first of another month. Hours spent with someone from your own organization
earn no credit, unless a coordinator overrides that for the pair.

A period is named by the year it ends in: with a July start, "2027" is July 2026 to June 2027.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_REQUIREMENT, DEFAULT_CAP, DEFAULT_START_MONTH = 40, 20, 1
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Why hours earned no credit (the messages module puts these in words).
SAME_ORG, OVER_CAP = "same_org", "over_cap"


@dataclass(frozen=True)
class CreditRules:
    requirement: float = DEFAULT_REQUIREMENT
    cap: float = DEFAULT_CAP  # the most hours mentoring may contribute per period
    start_month: int = DEFAULT_START_MONTH  # 1: calendar year

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise ValueError(f"start_month must be 1-12, not {self.start_month}")


@dataclass(frozen=True)
class Period:
    """A credit period: `start` inclusive, `end` exclusive (the next period's start)."""

    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def year(self) -> int:
        """The year the period ends in: its name."""
        return self.last_day.year

    @property
    def label(self) -> str:
        """E.g. "2027", or "July 2026 to June 2027" (with an en dash) for a fiscal year."""
        if self.start.month == 1:
            return str(self.start.year)
        last = self.last_day
        first = f"{MONTHS[self.start.month - 1]} {self.start.year}"
        return f"{first} – {MONTHS[last.month - 1]} {last.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def period_of(day: date, start_month: int = DEFAULT_START_MONTH) -> Period:
    """The credit period `day` falls in."""
    year = day.year if day.month >= start_month else day.year - 1
    return _starting(year, start_month)


def period_named(year: int, start_month: int = DEFAULT_START_MONTH) -> Period:
    """The credit period called `year` (the one that ends in that year)."""
    return _starting(year if start_month == 1 else year - 1, start_month)


def _starting(year: int, start_month: int) -> Period:
    return Period(date(year, start_month, 1), date(year + 1, start_month, 1))


def same_organization(a: str | None, b: str | None) -> bool:
    """Same organization, however it was capitalized or spaced; unknown is never the same."""
    first, second = _org_key(a), _org_key(b)
    return bool(first) and first == second


def _org_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def earns_credit(same_org: bool, overridden: bool) -> bool:
    """Mentoring someone from your own organization earns no credit, unless overridden."""
    return overridden or not same_org


@dataclass(frozen=True)
class LoggedHours:
    """One entry as the rules see it."""

    key: int  # orders entries logged on the same day
    day: date
    hours: float
    with_user: str | None
    same_org: bool
    overridden: bool = False


@dataclass(frozen=True)
class Credited:
    entry: LoggedHours
    credited: float  # 0 to entry.hours
    reason: str | None  # SAME_ORG or OVER_CAP when some or all of it earned nothing

    @property
    def eligible(self) -> bool:
        return self.reason != SAME_ORG


@dataclass(frozen=True)
class Tally:
    rules: CreditRules
    period: Period
    entries: tuple[Credited, ...]

    @property
    def logged(self) -> float:
        return sum(c.entry.hours for c in self.entries)

    @property
    def eligible(self) -> float:
        """Hours that may earn credit, before the cap."""
        return sum(c.entry.hours for c in self.entries if c.eligible)

    @property
    def credited(self) -> float:
        return sum(c.credited for c in self.entries)

    @property
    def over_cap(self) -> float:
        return self.eligible - self.credited

    @property
    def cap_left(self) -> float:
        return max(self.rules.cap - self.credited, 0.0)

    @property
    def requirement_left(self) -> float:
        return max(self.rules.requirement - self.credited, 0.0)

    def same_org_by_person(self) -> dict[str | None, float]:
        """Hours that earned nothing because of the same-organization rule, per person."""
        found: dict[str | None, float] = {}
        for c in self.entries:
            if c.reason == SAME_ORG:
                found[c.entry.with_user] = found.get(c.entry.with_user, 0.0) + c.entry.hours
        return found


def allocate(entries: Iterable[LoggedHours], cap: float) -> list[Credited]:
    """Credit entries in date order until the cap is reached: the entry that crosses it counts
    in part, later ones not at all (OVER_CAP); same-organization hours never count."""
    used = 0.0
    credited: list[Credited] = []
    for entry in sorted(entries, key=lambda e: (e.day, e.key)):
        if not earns_credit(entry.same_org, entry.overridden):
            credited.append(Credited(entry, 0.0, SAME_ORG))
            continue
        counted = max(min(entry.hours, cap - used), 0.0)
        used += counted
        credited.append(Credited(entry, counted, None if counted == entry.hours else OVER_CAP))
    return credited


def tally(entries: Iterable[LoggedHours], rules: CreditRules, period: Period) -> Tally:
    """One member's credit for `period`: entries outside it are left out."""
    inside = [e for e in entries if e.day in period]
    return Tally(rules, period, tuple(allocate(inside, rules.cap)))

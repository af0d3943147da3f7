"""The campaign calendar as data: parse and check entries, compute when they fall, YAML in and out.

A campaign's schedule (`Rule`) is either one date or APScheduler CronTrigger fields (month, day,
day_of_week), optionally moved off weekends and holidays to the next business day. Occurrences
are computed with APScheduler's time-zone-aware `CronTrigger` / `DateTrigger` in the program's
time zone, so "09:00" stays 09:00 local on both sides of a daylight-saving change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.mentoring import bounds

CRON_FIELDS = ("month", "day", "day_of_week")
ENTRY_FIELDS = (
    "slug",
    "name",
    "date",
    "cron",
    "business_day",
    "time",
    "channel",
    "enabled",
    "text",
    "hashtags",
    "button",
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
HASHTAG = re.compile(r"^#?([A-Za-z0-9_]{1,50})$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,31}$")
HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
NAME_LENGTH = 80  # a header holds 150 characters; names also go into list lines
TEXT_LENGTH = 2500  # a section holds 3000; the hashtags line shares the message
MAX_HASHTAGS = 10
# `business_day: next` never moves a post further than this (a long holiday weekend is 4 days).
MAX_SHIFT = timedelta(days=10)
# A rule that fires nowhere in this span (February 30th) is a mistake, not a schedule.
HORIZON = timedelta(days=5 * 366)


class ButtonKind(StrEnum):
    JOIN = "join"  # Become a mentor: opens the intake form
    THANK_MENTOR = "thank_mentor"


class _Loader(yaml.SafeLoader):
    """YAML as usual, except that dates stay text: a bad one (2027-02-30) is then reported
    against its entry instead of failing the whole file."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


class CalendarError(ValueError):
    """One or more entries are invalid; `problems` holds one plain sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Rule:
    """When a campaign posts: `once` on a date, or on every date matching `cron` fields."""

    once: date | None = None
    cron: tuple[tuple[str, str], ...] = ()  # CronTrigger fields, as ordered (name, value) pairs
    business_day: bool = False  # move a weekend or holiday to the next business day

    def to_json(self) -> dict[str, object]:
        if self.once is not None:
            return {"date": self.once.isoformat()}
        return {"cron": {k: int(v) if v.isdigit() else v for k, v in self.cron}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], business_day: bool = False) -> Rule:
        if "date" in data:
            return cls(once=date.fromisoformat(str(data["date"])), business_day=business_day)
        return cls(cron=_cron_pairs(data["cron"]), business_day=business_day)

    @property
    def cron_fields(self) -> dict[str, str]:
        return dict(self.cron)


@dataclass(frozen=True)
class CampaignSpec:
    """One calendar entry, checked: what the YAML file and the coordinator's modal describe."""

    slug: str
    name: str
    rule: Rule
    time: time
    text: str
    hashtags: tuple[str, ...] = ()
    button: ButtonKind | None = None
    channel: str | None = None  # None: the program's community channel
    enabled: bool = True


@dataclass(frozen=True)
class Holiday:
    name: str
    cron: tuple[tuple[str, str], ...]
    observed: bool = False  # Saturday -> the Friday before is off; Sunday -> the Monday after


@dataclass(frozen=True)
class Holidays:
    rules: tuple[Holiday, ...] = ()
    _years: dict[int, frozenset[date]] = field(default_factory=dict, compare=False, hash=False)

    def _dates(self, year: int) -> frozenset[date]:
        if year not in self._years:
            days: set[date] = set()
            for holiday in self.rules:
                for day in _cron_dates(holiday.cron, year):
                    days.add(day)
                    if holiday.observed and day.weekday() == 5:
                        days.add(day - timedelta(days=1))
                    elif holiday.observed and day.weekday() == 6:
                        days.add(day + timedelta(days=1))
            self._years[year] = frozenset(days)
        return self._years[year]

    def is_business_day(self, day: date) -> bool:
        # Next year's New Year's Day can be observed on this year's December 31st.
        return day.weekday() < 5 and not any(
            day in self._dates(y) for y in (day.year, day.year + 1)
        )

    def next_business_day(self, day: date) -> date:
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day


def _cron_pairs(raw: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        raise ValueError("cron must be a mapping of month, day, day_of_week")
    return tuple((str(k), str(v)) for k, v in raw.items())


def _cron_dates(cron: tuple[tuple[str, str], ...], year: int) -> Iterator[date]:
    trigger = CronTrigger(year=year, **dict(cron), timezone=UTC)
    fire = trigger.get_next_fire_time(None, datetime(year, 1, 1, tzinfo=UTC))
    while fire is not None and fire.year == year:
        yield fire.date()
        fire = trigger.get_next_fire_time(fire, fire + timedelta(days=1))


# -- when a rule falls ------------------------------------------------------------------------


def occurrences(
    rule: Rule,
    at: time,
    timezone: str,
    start: datetime,
    end: datetime,
    holidays: Holidays | None = None,
) -> list[datetime]:
    """Every post time of `rule` at local time `at` with start <= post time <= end."""
    zone = ZoneInfo(timezone)
    holidays = holidays if holidays is not None else shipped_holidays()
    found: list[datetime] = []
    for nominal in _nominal(rule, at, zone, start - MAX_SHIFT if rule.business_day else start):
        if nominal > end:
            break
        when = nominal
        if rule.business_day:
            local = nominal.astimezone(zone)
            moved = holidays.next_business_day(local.date())
            when = datetime.combine(moved, at, tzinfo=zone) if moved != local.date() else local
        if start <= when <= end:
            found.append(when)
    return found


def next_occurrence(
    rule: Rule, at: time, timezone: str, after: datetime, holidays: Holidays | None = None
) -> datetime | None:
    """The first post time at or after `after` within the next five years."""
    found = occurrences(rule, at, timezone, after, after + HORIZON, holidays)
    return found[0] if found else None


def _nominal(rule: Rule, at: time, zone: ZoneInfo, start: datetime) -> Iterator[datetime]:
    """Fire times before any business-day move, from `start` on, in order."""
    if rule.once is not None:
        trigger: CronTrigger | DateTrigger = DateTrigger(
            run_date=datetime.combine(rule.once, at), timezone=zone
        )
        fire = trigger.get_next_fire_time(None, start)
        if fire is not None and fire >= start:
            yield fire
        return
    trigger = CronTrigger(**rule.cron_fields, hour=at.hour, minute=at.minute, timezone=zone)
    previous: datetime | None = None
    probe = start
    while (fire := trigger.get_next_fire_time(previous, probe)) is not None:
        yield fire
        previous, probe = fire, fire + timedelta(minutes=1)


# -- checking entries -------------------------------------------------------------------------


def parse_entry(data: object, where: str) -> CampaignSpec:
    """A checked entry, or CalendarError naming `where` (e.g. "entry 3 (mlk-day)") and the field."""
    if not isinstance(data, Mapping):
        raise CalendarError([f"{where}: expected a mapping with slug, name, time, text..."])
    problems: list[str] = []

    def problem(name: str, sentence: str) -> None:
        problems.append(f"{where}, {name}: {sentence}")

    if unknown := [k for k in data if k not in ENTRY_FIELDS]:
        problem(str(unknown[0]), f"unknown field (expected {', '.join(ENTRY_FIELDS)})")

    slug = str(data.get("slug") or "").strip()
    if not SLUG.match(slug):
        problem("slug", f"{slug!r} should be lower-case letters, digits and dashes, e.g. mlk-day")
    name = _text(data.get("name"), NAME_LENGTH, "name", problem)
    text = _text(data.get("text"), TEXT_LENGTH, "text", problem)
    at = _time(data.get("time"), problem)
    rule = _rule(data, problem)
    hashtags = parse_hashtags(data.get("hashtags") or [], problem)
    button = _button(data.get("button"), problem)
    channel = data.get("channel")
    if channel is not None and not CHANNEL_ID.match(str(channel)):
        problem("channel", f"{channel!r} isn't a channel id (they look like C0123ABCD)")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        problem("enabled", f"{enabled!r} should be true or false")
    if problems:
        raise CalendarError(problems)
    assert rule is not None and at is not None
    return CampaignSpec(
        slug=slug,
        name=name,
        rule=rule,
        time=at,
        text=text,
        hashtags=hashtags,
        button=button,
        channel=str(channel) if channel is not None else None,
        enabled=bool(enabled),
    )


def _text(value: object, limit: int, name: str, problem: Any) -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        problem(name, "is missing")
    elif len(text) > limit:
        problem(name, f"is {len(text)} characters; keep it to {limit}")
    return text


def parse_time(value: object) -> time | None:
    if isinstance(value, int) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 09:00 as the base-60 number 540 (minutes).
        return time(value // 60, value % 60)
    match = HHMM.match(str(value).strip()) if isinstance(value, str) else None
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _time(value: object, problem: Any) -> time | None:
    at = parse_time(value)
    if at is None:
        problem("time", f'{value!r} isn\'t a time of day; write it as "HH:MM", e.g. "09:00"')
    return at


def check_rule(rule: Rule) -> str | None:
    """Why a rule can't be used (a plain sentence), or None."""
    if rule.once is not None:
        return None
    if not rule.cron:
        return "give a date or cron fields (month, day, day_of_week)"
    if unknown := [k for k, _ in rule.cron if k not in CRON_FIELDS]:
        return f"{unknown[0]!r} isn't a cron field here (use {', '.join(CRON_FIELDS)})"
    try:
        trigger = CronTrigger(**rule.cron_fields, timezone=UTC)
    except ValueError as exc:
        return f"{exc}"
    start = datetime(2024, 1, 1, tzinfo=UTC)
    fire = trigger.get_next_fire_time(None, start)
    if fire is None or fire > start + HORIZON:
        return "that date never comes (e.g. February 30th)"
    return None


def _rule(data: Mapping[str, Any], problem: Any) -> Rule | None:
    business = data.get("business_day")
    if business not in (None, False, "next"):
        problem("business_day", f"{business!r} should be `next` or left out")
    has_date, has_cron = data.get("date") is not None, data.get("cron") is not None
    if has_date == has_cron:
        problem("date", "give either `date: YYYY-MM-DD` (once) or `cron:` (a recurrence)")
        return None
    if has_date:
        raw = data["date"]
        try:
            once = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            problem("date", f"{raw!r} isn't a date; write it as YYYY-MM-DD")
            return None
        if why := bounds.date_problem(once):  # e.g. 9999-12-31: no day after it
            problem("date", why.rstrip("."))
            return None
        return Rule(once=once, business_day=business == "next")
    try:
        rule = Rule(cron=_cron_pairs(data["cron"]), business_day=business == "next")
    except ValueError as exc:
        problem("cron", str(exc))
        return None
    if why := check_rule(rule):
        problem("cron", why)
        return None
    return rule


def parse_hashtags(raw: object, problem: Any) -> tuple[str, ...]:
    items = raw.split() if isinstance(raw, str) else raw
    if not isinstance(items, list):
        problem("hashtags", 'should be a list, e.g. ["#MentoringMonth"]')
        return ()
    tags: list[str] = []
    for item in items:
        match = HASHTAG.match(str(item).strip())
        if match is None:
            problem("hashtags", f"{item!r} isn't a hashtag (letters, digits and _ only)")
            return ()
        tag = f"#{match.group(1)}"
        if tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
    if len(tags) > MAX_HASHTAGS:
        problem("hashtags", f"up to {MAX_HASHTAGS} hashtags, please (there are {len(tags)})")
    return tuple(tags)


def _button(value: object, problem: Any) -> ButtonKind | None:
    if value in (None, "none", False):
        return None
    try:
        return ButtonKind(str(value))
    except ValueError:
        problem("button", f"{value!r} should be join, thank_mentor or none")
        return None


# -- YAML -------------------------------------------------------------------------------------


def parse_calendar(text: str) -> list[CampaignSpec]:
    """Every entry of a calendar file, checked; CalendarError lists all problems at once."""
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise CalendarError([f"This isn't valid YAML: {exc}"]) from None
    entries = data.get("campaigns") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise CalendarError(["Expected a list of campaigns (or `campaigns:` holding one)."])
    specs: list[CampaignSpec] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        where = f"entry {number}" + (f" ({slug})" if slug else "")
        try:
            specs.append(parse_entry(entry, where))
        except CalendarError as exc:
            problems += exc.problems
    seen: set[str] = set()
    for spec in specs:
        if spec.slug in seen:
            problems.append(f"slug {spec.slug!r} appears more than once")
        seen.add(spec.slug)
    if problems:
        raise CalendarError(problems)
    return specs


def entry_data(spec: CampaignSpec) -> dict[str, object]:
    """A spec as a calendar entry (what parse_entry reads back)."""
    data: dict[str, object] = {"slug": spec.slug, "name": spec.name, **spec.rule.to_json()}
    if spec.rule.business_day:
        data["business_day"] = "next"
    data["time"] = spec.time.strftime("%H:%M")
    if spec.channel:
        data["channel"] = spec.channel
    if not spec.enabled:
        data["enabled"] = False
    data["text"] = spec.text
    data["hashtags"] = list(spec.hashtags)
    data["button"] = spec.button.value if spec.button else "none"
    return data


def dump_calendar(specs: Iterable[CampaignSpec]) -> str:
    return yaml.safe_dump(
        {"campaigns": [entry_data(s) for s in specs]},
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("bot.mentoring.campaigns").joinpath("data/observances.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def shipped_calendar() -> tuple[CampaignSpec, ...]:
    entries = {"campaigns": _shipped()["campaigns"]}
    return tuple(parse_calendar(yaml.safe_dump(entries, sort_keys=False)))


@cache
def shipped_holidays() -> Holidays:
    return Holidays(
        tuple(
            Holiday(h["name"], _cron_pairs(h["cron"]), bool(h.get("observed")))
            for h in _shipped()["holidays"]
        )
    )

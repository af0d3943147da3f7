"""A member's professional-development credit statement, as neutral data.

Built from the same `Tally` as `/mentor hours` (bot/mentoring/hours/credits.py), so the
statement's totals match the summary's by construction. statement_pdf.py renders it; nothing
here knows about PDFs or platforms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.mentoring.hours import texts as say
from bot.mentoring.hours.credits import Tally


@dataclass(frozen=True)
class StatementEntry:
    day: date
    hours: float
    activity: str  # in words, e.g. "Mentoring conversation"
    with_name: str  # "" for time on one's own
    with_organization: str
    credited: float
    why: str  # "counts", or why some or all of it earned nothing


@dataclass(frozen=True)
class Verification:
    coordinator: str  # their name (or id when no name is known)
    on: date


@dataclass(frozen=True)
class Statement:
    member: str
    organization: str
    program: str
    year: int  # the credit period's name
    period: str  # its label, e.g. "2027", or July 2026 to June 2027 for a fiscal year
    start: date
    last_day: date
    issued_on: date
    entries: tuple[StatementEntry, ...]
    logged: float
    same_org: float  # hours that earned nothing under the same-organization rule
    over_cap: float  # eligible hours beyond the cap
    credited: float  # the total: credit-eligible hours
    cap: float
    requirement: float
    verification: Verification | None

    @property
    def rule(self) -> str:
        return say.STATEMENT_RULE.format(
            cap=say.number(self.cap), requirement=say.number(self.requirement)
        )


def build_statement(
    credit: Tally,
    *,
    member: str,
    organization: str,
    program: str,
    activities: Mapping[int, str],  # entry key -> activity code
    people: Mapping[str, tuple[str, str]],  # user id -> (name, organization)
    issued_on: date,
    verification: Verification | None,
) -> Statement:
    cap = credit.rules.cap
    entries = []
    for c in credit.entries:
        with_user = c.entry.with_user
        name, org = people.get(with_user, (with_user, "")) if with_user else ("", "")
        code = activities.get(c.entry.key, "")
        why = say.STATEMENT_WHY[c.reason] if c.reason else say.STATEMENT_COUNTS
        entries.append(
            StatementEntry(
                day=c.entry.day,
                hours=c.entry.hours,
                activity=say.ACTIVITY_LABELS.get(code, code),
                with_name=name,
                with_organization=org,
                credited=c.credited,
                why=why.format(cap=say.number(cap)),
            )
        )
    return Statement(
        member=member,
        organization=organization,
        program=program,
        year=credit.period.year,
        period=credit.period.label,
        start=credit.period.start,
        last_day=credit.period.last_day,
        issued_on=issued_on,
        entries=tuple(entries),
        logged=credit.logged,
        same_org=credit.logged - credit.eligible,
        over_cap=credit.over_cap,
        credited=credit.credited,
        cap=cap,
        requirement=credit.rules.requirement,
        verification=verification,
    )

"""Applications exported from the web form (CSV) in, proposed pairs (CSV) out.

Application columns (header row required, extra columns ignored, UTF-8, optional BOM):

    id                 unique person id (e.g. a Slack user id or an e-mail address)
    role               mentor | mentee | both
    track              traditional | reverse | career
    organization       employer, e.g. "City of Springfield"; blank if unknown
    years_experience   whole years in the profession
    topics             topics separated by ";", e.g. "budgeting; public safety; HR"
    goals              free text: what the person wants from the program
    timezone           IANA name ("America/Chicago") or a UTC offset ("-05:00", "UTC+5:30")
    meeting_format     video | phone | in_person | chat | any
    meeting_frequency  weekly | biweekly | monthly | quarterly
    capacity           mentees a mentor can take, 1-5 (blank for mentees)
    do_not_pair        ids never to be paired with, separated by ";" (may be blank)
    status             active | paused | left (blank means active)

Output columns: mentee_id, mentor_id, score, reasons (joined by " | "), unmatched_reason,
detail. A proposed pair leaves unmatched_reason blank; an unmatched mentee leaves mentor_id and
score blank, so every mentee appears exactly once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.mentoring.bounds import shorten, whole_number
from bot.mentoring.matching.engine import match
from bot.mentoring.matching.models import (
    MAX_CAPACITY,
    MIN_CAPACITY,
    Candidate,
    CandidateStatus,
    Frequency,
    MatchResult,
    MatchRules,
    MeetingFormat,
    Role,
    Track,
)

CSV_COLUMNS = (
    "id",
    "role",
    "track",
    "organization",
    "years_experience",
    "topics",
    "goals",
    "timezone",
    "meeting_format",
    "meeting_frequency",
    "capacity",
    "do_not_pair",
    "status",
)
OUTPUT_COLUMNS = ("mentee_id", "mentor_id", "score", "reasons", "unmatched_reason", "detail")
MAX_YEARS = 60  # the intake form's limit too
# Columns holding one word from a fixed list, with what a blank cell means (None: required).
CHOICES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "role": (tuple(Role), None),
    "track": (tuple(Track), None),
    "meeting_format": (tuple(MeetingFormat), "any"),
    "meeting_frequency": (tuple(Frequency), "monthly"),
    "status": (tuple(CandidateStatus), "active"),
}
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def utc_offset_hours(timezone: str, at: datetime) -> float:
    """Current UTC offset of an IANA zone or an explicit offset, in hours."""
    text = timezone.strip()
    if text.upper() in ("", "UTC", "GMT", "Z"):
        return 0.0
    found = _OFFSET.match(text)
    if found:
        sign = -1.0 if found.group(1) == "-" else 1.0
        return sign * (int(found.group(2)) + int(found.group(3) or 0) / 60.0)
    try:
        offset = ZoneInfo(text).utcoffset(at)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {timezone!r}") from exc
    return offset.total_seconds() / 3600.0 if offset is not None else 0.0


def _split(cell: str) -> frozenset[str]:
    return frozenset(part.strip() for part in cell.split(";") if part.strip())


class ApplicationsError(ValueError):
    """The applications file can't be used; `problems` names every bad cell, in words."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        self.summary = (
            f"{path} has {count} problem{'s' if count != 1 else ''}; nothing was matched:"
        )
        super().__init__("\n".join([self.summary, *problems]))


def read_applications(path: str | Path, *, at: datetime | None = None) -> list[Candidate]:
    """Candidates from a web-form export; `at` fixes the moment time zones are evaluated
    (default: now), since daylight saving changes offsets. The whole file is checked first:
    ApplicationsError lists every bad cell ("row 14, meeting_format: ..."), so one pass over
    the spreadsheet fixes them all. Rows are numbered as a spreadsheet shows them (header 1)."""
    moment = at or datetime.now(UTC)
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CSV_COLUMNS if c != "status" and c not in (reader.fieldnames or ())]
        if missing:
            raise ApplicationsError(path, [f"missing columns: {', '.join(missing)}"])
        out: list[Candidate] = []
        problems: list[str] = []
        first_row: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            candidate, found = _candidate(row, moment)
            person = (row.get("id") or "").strip()
            if person in first_row:
                found.insert(0, ("id", f"{person!r} is already on row {first_row[person]}"))
            elif person:
                first_row[person] = number
            problems += [f"row {number}, {column}: {why}" for column, why in found]
            if candidate is not None and not found:
                out.append(candidate)
    if problems:
        raise ApplicationsError(path, problems)
    return out


def _candidate(
    row: dict[str, str | None], moment: datetime
) -> tuple[Candidate | None, list[tuple[str, str]]]:
    """One row as a candidate, or None and each bad cell as (column, why)."""
    found: list[tuple[str, str]] = []

    def problem(column: str, why: str) -> None:
        found.append((column, why))

    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    person = cell("id")
    if not person:
        problem("id", "is blank; every application needs an id")
    chosen: dict[str, str] = {}
    for column, (allowed, blank) in CHOICES.items():
        value = cell(column).lower() or blank
        if value is None:
            problem(column, f"is blank; use one of {', '.join(allowed)}")
        elif value not in allowed:
            problem(column, f"{shorten(cell(column))!r} isn't one of {', '.join(allowed)}")
        else:
            chosen[column] = value
    years = whole_number(cell("years_experience") or "0")
    if years is None or not 0 <= years <= MAX_YEARS:
        problem(
            "years_experience",
            f"{shorten(cell('years_experience'))!r} isn't a number of years from 0 to {MAX_YEARS}",
        )
    offset = None
    try:
        offset = utc_offset_hours(cell("timezone"), moment)
    except ValueError:
        problem(
            "timezone",
            f"{shorten(cell('timezone'))!r} isn't a time zone; use a name like America/Chicago "
            "or an offset like -05:00",
        )
    if offset is not None and not -14 <= offset <= 14:
        problem("timezone", f"{cell('timezone')!r} is beyond UTC-14/UTC+14")
        offset = None
    mentors = chosen.get("role") in (Role.MENTOR, Role.BOTH)
    capacity = whole_number(cell("capacity") or "0")
    if mentors and (capacity is None or not MIN_CAPACITY <= capacity <= MAX_CAPACITY):
        typed = repr(shorten(cell("capacity"))) if cell("capacity") else "blank"
        problem(
            "capacity",
            f"is {typed}; a mentor takes {MIN_CAPACITY} to {MAX_CAPACITY} mentees",
        )
    if found or years is None or offset is None:
        return None, found
    return Candidate(
        id=person,
        role=chosen["role"],
        track=chosen["track"],
        organization=cell("organization"),
        years_experience=years,
        topics=_split(cell("topics")),
        goals=cell("goals"),
        tz_offset_hours=offset,
        meeting_format=chosen["meeting_format"],
        meeting_frequency=chosen["meeting_frequency"],
        capacity=capacity or 0,
        do_not_pair=_split(cell("do_not_pair")),
        status=chosen["status"],
    ), found


def _offset_text(hours: float) -> str:
    sign = "-" if hours < 0 else "+"
    minutes = round(abs(hours) * 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def write_applications(candidates: Iterable[Candidate], path: str | Path) -> None:
    """The inverse of read_applications (time zones are written as fixed offsets)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for c in candidates:
            writer.writerow(
                {
                    "id": c.id,
                    "role": c.role.value,
                    "track": c.track.value,
                    "organization": c.organization,
                    "years_experience": c.years_experience,
                    "topics": "; ".join(sorted(c.topics)),
                    "goals": c.goals,
                    "timezone": _offset_text(c.tz_offset_hours),
                    "meeting_format": c.meeting_format.value,
                    "meeting_frequency": c.meeting_frequency.value,
                    "capacity": c.capacity if c.can_mentor else "",
                    "do_not_pair": "; ".join(sorted(c.do_not_pair)),
                    "status": c.status.value,
                }
            )


def write_proposals(result: MatchResult, path: str | Path) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        for p in result.proposals:
            writer.writerow(
                {
                    "mentee_id": p.mentee_id,
                    "mentor_id": p.mentor_id,
                    "score": f"{p.score:.4f}",
                    "reasons": " | ".join(p.reasons),
                    "unmatched_reason": "",
                    "detail": "",
                }
            )
        for u in result.unmatched:
            writer.writerow(
                {
                    "mentee_id": u.mentee_id,
                    "mentor_id": "",
                    "score": "",
                    "reasons": "",
                    "unmatched_reason": u.reason.value,
                    "detail": u.detail,
                }
            )


def match_csv(
    in_path: str | Path,
    out_path: str | Path,
    rules: MatchRules | None = None,
    *,
    at: datetime | None = None,
) -> MatchResult:
    """Read applications, match them, write one row per mentee; returns the result."""
    result = match(read_applications(in_path, at=at), rules)
    write_proposals(result, out_path)
    return result

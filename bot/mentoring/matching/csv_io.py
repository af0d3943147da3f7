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

from bot.mentoring.matching.engine import match
from bot.mentoring.matching.models import Candidate, MatchResult, MatchRules

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


def read_applications(path: str | Path, *, at: datetime | None = None) -> list[Candidate]:
    """Candidates from a web-form export; `at` fixes the moment time zones are evaluated
    (default: now), since daylight saving changes offsets."""
    moment = at or datetime.now(UTC)
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(CSV_COLUMNS) - {"status"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        out = []
        for line, row in enumerate(reader, start=2):
            try:
                out.append(_candidate(row, moment))
            except ValueError as exc:
                raise ValueError(f"{path}, line {line}: {exc}") from exc
    return out


def _candidate(row: dict[str, str], moment: datetime) -> Candidate:
    capacity = (row.get("capacity") or "").strip()
    return Candidate(
        id=row["id"].strip(),
        role=row["role"].strip().lower(),
        track=row["track"].strip().lower(),
        organization=row["organization"].strip(),
        years_experience=int(row["years_experience"] or 0),
        topics=_split(row["topics"]),
        goals=row["goals"].strip(),
        tz_offset_hours=utc_offset_hours(row["timezone"], moment),
        meeting_format=row["meeting_format"].strip().lower() or "any",
        meeting_frequency=row["meeting_frequency"].strip().lower() or "monthly",
        capacity=int(capacity) if capacity else 0,
        do_not_pair=_split(row.get("do_not_pair") or ""),
        status=(row.get("status") or "").strip().lower() or "active",
    )


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

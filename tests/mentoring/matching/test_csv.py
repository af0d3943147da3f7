"""The web-form CSV: reading, writing, and match_csv end to end on the sample file."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.mentoring.matching import match_csv, read_applications
from bot.mentoring.matching.csv_io import utc_offset_hours, write_applications

SAMPLE = Path(__file__).resolve().parents[3] / "bot/mentoring/matching/sample_applications.csv"
WINTER = datetime(2026, 1, 15, tzinfo=UTC)


def test_sample_round_trips(tmp_path: Path) -> None:
    people = read_applications(SAMPLE, at=WINTER)
    assert len(people) >= 20
    copy = tmp_path / "copy.csv"
    write_applications(people, copy)
    assert read_applications(copy, at=WINTER) == people


def test_time_zones() -> None:
    assert utc_offset_hours("America/Chicago", WINTER) == -6.0
    assert utc_offset_hours("America/Chicago", datetime(2026, 7, 1, tzinfo=UTC)) == -5.0
    assert utc_offset_hours("UTC+5:30", WINTER) == 5.5
    assert utc_offset_hours("-03:00", WINTER) == -3.0
    with pytest.raises(ValueError, match="unknown time zone"):
        utc_offset_hours("Mars/Olympus", WINTER)


def test_match_csv_lists_every_mentee_once(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    result = match_csv(SAMPLE, out, at=WINTER)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    mentees = [c.id for c in read_applications(SAMPLE, at=WINTER) if c.wants_mentor]
    assert sorted(r["mentee_id"] for r in rows) == sorted(mentees)
    paired = [r for r in rows if r["mentor_id"]]
    assert len(paired) == len(result.proposals) > 0
    assert all(r["reasons"] and 0 < float(r["score"]) <= 1 for r in paired)
    assert all(r["unmatched_reason"] for r in rows if not r["mentor_id"])


def test_bad_rows_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1].replace(",mentor,", ",boss,")]) + "\n")
    with pytest.raises(ValueError, match="row 2"):
        read_applications(bad, at=WINTER)

"""`mentorbot match applications.csv --out pairs.csv` on the shipped sample file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "bot/mentoring/matching/sample_applications.csv"


def test_sample_file_gives_every_mentee_one_row_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["match", str(SAMPLE), "--out", str(out)]) == 0
    with SAMPLE.open(encoding="utf-8-sig") as handle:
        applications = list(csv.DictReader(handle))
    mentees = {a["id"] for a in applications if a["role"] in ("mentee", "both")}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["mentee_id"] for r in rows} <= mentees
    assert len({r["mentee_id"] for r in rows}) == len(rows)  # nobody twice
    paired = [r for r in rows if r["mentor_id"]]
    assert paired and all(r["reasons"] and 0 < float(r["score"]) <= 1 for r in paired)
    assert all(r["detail"] for r in rows if not r["mentor_id"])  # unmatched, with why
    printed = capsys.readouterr().out
    assert f"{len(paired)} pair" in printed and str(out) in printed


def test_forbidding_same_organization_pairs(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["match", str(SAMPLE), "--out", str(out), "--same-org", "forbid"]) == 0
    with SAMPLE.open(encoding="utf-8-sig") as handle:
        org = {a["id"]: a["organization"].casefold() for a in csv.DictReader(handle)}
    for row in csv.DictReader(out.open(encoding="utf-8")):
        if row["mentor_id"]:
            assert org[row["mentor_id"]] != org[row["mentee_id"]]


def test_bad_files_get_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    header = SAMPLE.read_text(encoding="utf-8-sig").splitlines()[0]
    bad.write_text(header + "\nU1,mentr,traditional,City,3,a,b,UTC,video,monthly,,,\n")
    assert main(["match", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
    assert "row 2, role: 'mentr' isn't one of mentor, mentee, both" in capsys.readouterr().err


def test_every_bad_row_is_listed_at_once_by_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header, good = lines[0], lines[1:13]
    huge = "9" * 5000  # past int()'s 4,300-digit limit
    bad_rows = [
        "x1,mentee,traditional,City,3,a,b,UTC,hologram,monthly,,,",
        f"x2,mentor,career,Town,{huge},a,b,Mars/Olympus,video,monthly,9,,",
        ",mentee,traditional,City,3,a,b,UTC,video,hourly,,,",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([header, *good, *bad_rows]) + "\n")
    assert main(["match", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"{bad} has 6 problems; nothing was matched:"
    for problem in (
        "row 14, meeting_format: 'hologram' isn't one of video, phone, in_person, chat, any",
        "row 15, years_experience: '99999999999999999999999999999…' isn't a number of years",
        "row 15, timezone: 'Mars/Olympus' isn't a time zone",
        "row 15, capacity: is '9'; a mentor takes 1 to 5 mentees",
        "row 16, id: is blank",
        "row 16, meeting_frequency: 'hourly' isn't one of weekly, biweekly, monthly, quarterly",
    ):
        assert f"  - {problem}" in err
    assert "Traceback" not in err and not (tmp_path / "o.csv").exists()


def test_summary_counts_unmatched_by_reason_not_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = SAMPLE.read_text(encoding="utf-8-sig").splitlines()[0]
    rows = ["m1,mentor,traditional,City,20,budgeting,b,UTC,video,monthly,1,,"]
    rows += [f"e{i},mentee,traditional,Town,2,budgeting,b,UTC,video,monthly,,," for i in range(40)]
    rows += [f"c{i},mentee,career,Town,2,budgeting,b,UTC,video,monthly,,," for i in range(30)]
    rows += [
        f"p{i},mentee,traditional,Town,2,budgeting,b,UTC,video,monthly,,,paused" for i in range(5)
    ]
    applications = tmp_path / "apps.csv"
    applications.write_text("\n".join([header, *rows]) + "\n")
    out = tmp_path / "pairs.csv"
    assert main(["match", str(applications), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("1 pair proposed for 75 mentees, average fit ")
    assert "74 mentees unmatched:" in printed
    assert "    39  compatible mentors were full" in printed
    assert "    30  no mentor on their track" in printed
    assert "     5  paused or left" in printed
    assert f"Written to {out}" in printed
    assert len(printed.splitlines()) < 10 and "e17" not in printed

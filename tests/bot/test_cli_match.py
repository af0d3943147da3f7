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
    assert "line 2" in capsys.readouterr().err

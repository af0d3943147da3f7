"""`mentorbot campaigns export|import`: the calendar as YAML, round trip and bad input."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import Tenant
from storage.database import Database
from tests.bot.test_cli_tick import program_db  # noqa: F401  (fixture)


def campaigns(*args: str) -> int:
    return main(["--env-file", "/nonexistent", "campaigns", *args])


def test_export_then_import_round_trips(
    program_db: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "calendar.yaml"
    assert campaigns("export", "--out", str(out)) == 0
    assert "Wrote the campaign calendar of" in capsys.readouterr().out
    exported = out.read_text()
    assert "slug: mlk-day-of-service" in exported and "day: 3rd mon" in exported

    assert campaigns("import", str(out)) == 0
    assert "0 created, 5 updated." in capsys.readouterr().out
    assert campaigns("export") == 0
    assert capsys.readouterr().out == exported

    edited = exported.replace("time: 09:00", "time: '10:15'", 1) + (
        "- slug: mentor-awards\n"
        "  name: Outstanding Mentor Award nominations close\n"
        "  date: 2027-04-30\n"
        "  time: '12:00'\n"
        "  text: Nominate a mentor who made a difference.\n"
        "  hashtags: ['#MentorAward']\n"
    )
    out.write_text(edited)
    assert campaigns("import", str(out)) == 0
    assert "1 created, 5 updated." in capsys.readouterr().out
    assert campaigns("export") == 0
    again = capsys.readouterr().out
    assert "time: '10:15'" in again and "slug: mentor-awards" in again


def test_a_bad_entry_imports_nothing_and_names_every_problem(
    program_db: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert campaigns("export") == 0
    before = capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        before.replace("day: 3rd mon", "day: 3rd mun")
        + "- {slug: new-one, name: New, date: 2027-05-01, time: '25:00', text: Hi}\n"
    )
    assert campaigns("import", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"{bad} has 2 problems; nothing was imported:" in err
    assert "entry 4 (mlk-day-of-service), cron: Invalid weekday name" in err
    assert "entry 6 (new-one), time: '25:00' isn't a time of day" in err
    assert campaigns("export") == 0
    assert capsys.readouterr().out == before

    assert campaigns("import", str(tmp_path / "missing.yaml")) == 2
    assert "missing.yaml: No such file or directory." in capsys.readouterr().err


def test_workspace_is_required_when_there_are_several(
    program_db: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def second_program() -> None:
        db = Database(program_db)
        try:
            await Membership(db).program(Tenant("slack", "T0OTHER"))
        finally:
            await db.dispose()

    asyncio.run(second_program())
    assert campaigns("export") == 2
    assert "holds 2 programs; choose one with --workspace" in capsys.readouterr().err
    assert campaigns("export", "--workspace", "T0NOPE") == 2
    assert "No program for workspace 'T0NOPE'" in capsys.readouterr().err
    assert campaigns("export", "--workspace", "T0OTHER") == 0
    assert "slug: i-am-a-mentor-day" in capsys.readouterr().out

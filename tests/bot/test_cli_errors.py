"""Operators get one line naming the problem and the fix, exit code 2, never a traceback.

Each case runs the real CLI (`python -m bot ...`) as a subprocess, as an operator would.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.cli import _instant
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "bot/mentoring/matching/sample_applications.csv"
CLOSED_PORT_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/mentorbot"
DB_COMMANDS = [
    ["run"],
    ["tick", "--now", "2027-01-04T09:00:00-06:00"],
    ["db", "upgrade"],
    ["campaigns", "export"],
]


def mentorbot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "MENTORBOT_", "PORT", "DATABASE_URL", "LOG_LEVEL"))
    }
    clean.update(PYTHONPATH=str(ROOT), **env)
    clean.setdefault("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    return subprocess.run(
        [sys.executable, "-m", "bot", "--env-file", "/nonexistent", *args],
        cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def one_line_exit_2(result: subprocess.CompletedProcess[str], *phrases: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for phrase in phrases:
        assert phrase in lines[0]
    return lines[0]


@pytest.mark.parametrize("command", DB_COMMANDS, ids=" ".join)
def test_database_unreachable(tmp_path: Path, command: list[str]) -> None:
    result = mentorbot(tmp_path, *command, DATABASE_URL=CLOSED_PORT_URL)
    one_line_exit_2(result, "Can't reach PostgreSQL at 127.0.0.1:1", "DATABASE_URL")


def test_demo_with_an_unreachable_database(tmp_path: Path) -> None:
    result = mentorbot(tmp_path, "demo", "--database-url", CLOSED_PORT_URL)
    one_line_exit_2(result, "Can't reach PostgreSQL at 127.0.0.1:1")


@pytest.mark.skipif(PG_URL is None, reason="needs the PostgreSQL server of TEST_DATABASE_URL")
@pytest.mark.parametrize("command", DB_COMMANDS, ids=" ".join)
def test_postgresql_database_missing(tmp_path: Path, command: list[str]) -> None:
    assert PG_URL is not None
    url = make_url(PG_URL).set(database="mentorbot_no_such_database")
    result = mentorbot(tmp_path, *command, DATABASE_URL=url.render_as_string(False))
    one_line_exit_2(
        result, "'mentorbot_no_such_database' doesn't exist", "createdb mentorbot_no_such_database"
    )


@pytest.mark.parametrize("command", DB_COMMANDS, ids=" ".join)
def test_sqlite_folder_missing(tmp_path: Path, command: list[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'bot.db'}"
    result = mentorbot(tmp_path, *command, DATABASE_URL=url)
    one_line_exit_2(result, f"the folder {tmp_path / 'nowhere'} doesn't exist")
    assert not (tmp_path / "nowhere").exists()


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = mentorbot(tmp_path, "run", "--port", str(port))
    one_line_exit_2(result, f"Port {port} is already in use", "--port")


def test_unknown_log_level(tmp_path: Path) -> None:
    result = mentorbot(tmp_path, "tick", LOG_LEVEL="LOUD")
    one_line_exit_2(result, "LOG_LEVEL: unknown level 'LOUD'", "DEBUG, INFO, WARNING")


def test_app_token_without_bot_token_is_refused_not_the_twin(tmp_path: Path) -> None:
    result = mentorbot(tmp_path, "run", SLACK_APP_TOKEN="xapp-1-A1-1-abc")
    one_line_exit_2(result, "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN isn't")
    assert "xapp-1-A1-1-abc" not in result.stderr


def test_several_bad_variables_are_one_line(tmp_path: Path) -> None:
    result = mentorbot(tmp_path, "db", "upgrade", PORT="abc", MENTORBOT_TIMEZONE="Mars/Olympus")
    one_line_exit_2(result, "PORT:", "MENTORBOT_TIMEZONE:")


def test_tick_with_a_bare_date_shows_only_forms_it_accepts(tmp_path: Path) -> None:
    line = one_line_exit_2(mentorbot(tmp_path, "tick", "--now", "2027-01-17"), "is a day")
    examples = [w.rstrip(".,") for w in line.split() if w.startswith("2027-01-17T")]
    assert len(examples) == 2
    for example in examples:  # the hint's own examples are accepted
        assert _instant(example).tzinfo is not None


@pytest.mark.parametrize("typed", ["2027-01-17T09:00", "2027-01-17 09:00:00"])
def test_tick_hint_for_a_missing_offset_is_accepted(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as caught:
        _instant(typed)
    examples = [w.rstrip(".,") for w in str(caught.value).split() if w.startswith("2027-01-17T")]
    assert len(examples) == 2 and all(_instant(e).tzinfo is not None for e in examples)


def test_tick_far_future_instant_is_refused(tmp_path: Path) -> None:
    result = mentorbot(tmp_path, "tick", "--now", "9999-12-31T23:59:59+00:00")
    one_line_exit_2(result, "out of range", "2000 to 2099")


def test_usage_mistakes_are_one_line(tmp_path: Path) -> None:
    one_line_exit_2(mentorbot(tmp_path, "tik"), "invalid choice: 'tik'", "mentorbot --help")


def test_match_out_into_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "pairs.csv"
    result = mentorbot(tmp_path, "match", str(SAMPLE), "--out", str(out))
    one_line_exit_2(result, f"Can't write {out}", "doesn't exist", "--out")

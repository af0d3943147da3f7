"""A fresh database: `mentorbot tick` and `campaigns export` create the default program from the
environment (its workspace from Slack's auth.test, here the local twin's), so January's posts go
out even if nobody has used the bot in Slack yet."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.cli import main
from sandbox.local import COMMUNITY_CHANNEL, TEAM_ID
from storage.database import Database
from storage.models import Program


def programs(url: str) -> list[Program]:
    async def read() -> list[Program]:
        db = Database(url)
        try:
            async with db.transaction(all_tenants=True) as session:
                return list(await session.scalars(select(Program)))
        finally:
            await db.dispose()

    return asyncio.run(read())


@pytest.fixture
def fresh_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated, empty database; MENTORBOT_* set; no Slack tokens (the local twin)."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MENTORBOT_TIMEZONE", "America/Chicago")
    monkeypatch.setenv("MENTORBOT_COORDINATORS", "U0CASEY,U0DANA")
    monkeypatch.setenv("MENTORBOT_COMMUNITY_CHANNEL", COMMUNITY_CHANNEL)
    assert main(["--env-file", "/nonexistent", "db", "upgrade"]) == 0
    assert programs(database_url) == []
    return database_url


def tick(now: str) -> int:
    return main(["--env-file", "/nonexistent", "tick", "--now", now])


def test_tick_on_a_fresh_database_creates_the_program_and_january_posts_go_out(
    fresh_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tick("2027-01-02T12:00:00-06:00") == 0
    assert f"Created the default program for workspace {TEAM_ID}." in capsys.readouterr().out
    [program] = programs(fresh_db)
    assert (program.platform, program.workspace_id) == ("slack", TEAM_ID)
    assert program.timezone == "America/Chicago"
    assert program.coordinators == ["U0CASEY", "U0DANA"]
    assert program.community_channel == COMMUNITY_CHANNEL

    assert tick("2027-01-04T09:05:00-06:00") == 0  # the kickoff and I Am a Mentor Day
    out = capsys.readouterr().out
    assert "2 queued, 2 sent, 0 failed" in out and "Created" not in out
    assert len(programs(fresh_db)) == 1


def test_campaigns_export_on_a_fresh_database(
    fresh_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--env-file", "/nonexistent", "campaigns", "export"]) == 0
    assert "slug: mlk-day-of-service" in capsys.readouterr().out
    [program] = programs(fresh_db)
    assert program.workspace_id == TEAM_ID and program.timezone == "America/Chicago"


def test_the_very_first_tick_sends_a_post_that_fell_due_shortly_before_it(
    fresh_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing ran before: the calendar is created by this tick, five minutes after 9:00.
    assert tick("2027-01-04T09:05:00-06:00") == 0
    out = capsys.readouterr().out
    assert "Created the default program" in out
    assert "2 queued, 2 sent, 0 failed" in out  # the kickoff and I Am a Mentor Day

"""`mentorbot tick --now`: run what is due at an instant, once, as an operator would."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from sandbox.local import COMMUNITY_CHANNEL, TEAM_ID
from storage.database import Database
from storage.models import Delivery


def _delivery_states(url: str) -> dict[str, str]:
    async def read() -> dict[str, str]:
        db = Database(url)
        try:
            async with db.transaction(all_tenants=True) as session:
                rows = await session.execute(select(Delivery.key, Delivery.status))
                return {key: status for key, status in rows.all()}
        finally:
            await db.dispose()

    return asyncio.run(read())


@pytest.fixture
def program_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated database holding one program, and an environment with no Slack tokens."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)

    async def create() -> None:
        db = Database(database_url)
        bootstrap = Bootstrap(timezone="America/Chicago", community_channel=COMMUNITY_CHANNEL)
        try:
            await Membership(db, bootstrap).program(Tenant("slack", TEAM_ID))
        finally:
            await db.dispose()

    assert main(["--env-file", "/nonexistent", "db", "upgrade"]) == 0
    asyncio.run(create())
    return database_url


def tick(now: str) -> int:
    return main(["--env-file", "/nonexistent", "tick", "--now", now])


def test_tick_sends_what_is_due_and_skips_what_is_days_late(
    program_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tick("2027-01-02T12:00:00-06:00") == 0  # the program's calendar starts here
    assert "0 queued, 0 sent" in capsys.readouterr().out

    # 2027: New Year's Day is a Friday, so the kickoff shares Monday Jan 4 with I Am a Mentor Day.
    assert tick("2027-01-04T09:05:00-06:00") == 0
    out = capsys.readouterr().out
    assert "2 queued, 2 sent, 0 failed" in out and "local Slack twin" in out
    assert tick("2027-01-04T09:30:00-06:00") == 0  # running it again sends nothing twice
    assert "0 queued, 0 sent" in capsys.readouterr().out

    # Down over the weekend: Sunday's International Mentoring Day (Jan 17) is two days late and
    # Monday's MLK Day post (Jan 18, 9:00) a day late by Tuesday 10:00: both are reported, not sent.
    assert tick("2027-01-19T10:00:00-06:00") == 0
    out = capsys.readouterr().out
    assert "0 queued, 0 sent" in out and "Skipped, too late to send (2):" in out
    assert "International Mentoring Day" in out and "Martin Luther King Jr. Day" in out
    states = _delivery_states(program_db)
    assert sorted(states.values()) == ["sent", "sent", "skipped", "skipped"]

    assert tick("2027-01-19T10:05:00-06:00") == 0  # reported once, not on every tick
    assert "Skipped" not in capsys.readouterr().out


def test_tick_needs_an_instant_with_its_offset(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["tick", "--now", "2027-01-17T09:00:00"])
    assert exited.value.code == 2
    assert "has no UTC offset" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["tick", "--now", "next tuesday"])
    assert "isn't a date and time" in capsys.readouterr().err

"""The operator's commands, run as an operator would."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.app import MentorBot
from bot.cli import main
from bot.config import ConfigError, Settings
from storage.database import Database
from storage.migrate import is_up_to_date
from tests.conftest import PG_URL, reset_postgres

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_run_without_tokens_serves_the_local_twin(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_", "PORT"))
    }
    env.update(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--env-file", "/nonexistent", "run", "--port", str(port),
        cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    try:
        async with asyncio.timeout(30):
            lines = []
            while not any("local Slack twin" in line for line in lines):
                line = (await process.stderr.readline()).decode()
                assert line, f"mentorbot run exited early: {''.join(lines)}"
                lines.append(line)
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            assert response.status == 200
        assert (tmp_path / "bot.db").exists()  # the embedded database upgraded itself
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0


def test_db_upgrade_command(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["--env-file", "/nonexistent", "db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out

    async def check() -> bool:
        db = Database(database_url)
        try:
            return await is_up_to_date(db)
        finally:
            await db.dispose()

    assert asyncio.run(check())


@pytest.mark.skipif(PG_URL is None, reason="needs TEST_DATABASE_URL (always set under CI)")
async def test_run_refuses_an_unmigrated_shared_database() -> None:
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token="xoxb-1",
        slack_signing_secret="secret",
        database_url=PG_URL,
    )
    bot = MentorBot(settings)
    try:
        with pytest.raises(ConfigError, match="mentorbot db upgrade"):
            await bot.prepare_database()
    finally:
        await bot.db.dispose()

"""Shared fixtures: a migrated database per test, on SQLite and (when configured) PostgreSQL.

TEST_DATABASE_URL names the PostgreSQL server. When it is set, a server that cannot be reached
is an error, never a skip; under CI (CI=true) it must be set.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import Database
from storage.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL") or None  # empty means SQLite only


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() == "true" and not PG_URL:
        raise pytest.UsageError(
            "CI=true but TEST_DATABASE_URL is not set: the suite must run on PostgreSQL too."
        )


BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


async def reset_postgres(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await db.dispose()


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'mentorbot.db'}"
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await upgrade(database)
    yield database
    await database.dispose()


class MovableClock:
    """A clock tests move by hand; nothing waits on real time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))

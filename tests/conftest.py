"""Shared fixtures: a clean, migrated database per test, on SQLite and (when configured) PostgreSQL.

Migrations run once per session per backend, not per test (they were most of the suite's time):
- SQLite: one template file is migrated, then copied into each test's tmp_path (about a ms).
- PostgreSQL: the database named by TEST_DATABASE_URL is migrated once, then emptied before each
  test (DELETE children first, sequences restarted). TRUNCATE would be simpler but costs ~0.3 s
  per test here (it swaps every table's files); a few DELETEs on tiny tables take ~5 ms.
`database_url` still hands out an empty, unmigrated database, for tests of migrating itself.

TEST_DATABASE_URL names the PostgreSQL server. When it is set, a server that cannot be reached
is an error, never a skip; under CI (CI=true) it must be set.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.database import Database
from storage.migrate import alembic_config, upgrade
from tests.fakes import MovableClock

CONFIGURED_PG_URL = os.environ.get("TEST_DATABASE_URL") or None  # empty means SQLite only
# Parallel workers (pytest -n, pytest-xdist) each get their own database next to the configured
# one, named after it: <name>_gw0, <name>_gw1... created at start and dropped at the end.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def _worker_url(url: str | None) -> str | None:
    if url is None or WORKER is None:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(hide_password=False)


PG_URL = _worker_url(CONFIGURED_PG_URL)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() == "true" and not PG_URL:
        raise pytest.UsageError(
            "CI=true but TEST_DATABASE_URL is not set: the suite must run on PostgreSQL too."
        )
    if PG_URL != CONFIGURED_PG_URL:
        asyncio.run(_worker_database("CREATE"))


def pytest_unconfigure(config: pytest.Config) -> None:
    if PG_URL != CONFIGURED_PG_URL:
        asyncio.run(_worker_database("DROP"))


async def _worker_database(verb: str) -> None:
    """Create (fresh) or drop this worker's database, from the configured one."""
    assert CONFIGURED_PG_URL is not None and PG_URL is not None
    name = make_url(PG_URL).database
    conn = await asyncpg.connect(_asyncpg_dsn(CONFIGURED_PG_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if verb == "CREATE":
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


@cache
def head_revision() -> str:
    [head] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return head


async def reset_postgres(url: str) -> None:
    """Drop everything in `url`'s public schema: an empty, unmigrated database."""
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await db.dispose()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# Every table of public (but Alembic's) with the tables its foreign keys point at.
_TABLES_AND_PARENTS = """
SELECT c.relname, f.relname
FROM pg_class c
LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
LEFT JOIN pg_class f ON f.oid = k.confrelid
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
  AND c.relname <> 'alembic_version'
"""
_RESTART_SEQUENCES = """
SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
FROM pg_sequences WHERE schemaname = 'public';
"""
_migrated_this_session: set[str] = set()


async def clean_postgres(url: str) -> None:
    """Leave `url` migrated to head with no rows and ids starting at 1 again.

    Migrates at the first use in a session (an earlier session may have run other migrations
    under the same revision id), and again whenever a test left the schema elsewhere (tests of
    an unmigrated database drop it); otherwise only deletes rows.
    """
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        try:
            current = await conn.fetchval("SELECT version_num FROM alembic_version")
        except asyncpg.UndefinedTableError:
            current = None
        if url in _migrated_this_session and current == head_revision():
            await conn.execute(await _emptying_script(conn))
            return
    finally:
        await conn.close()
    await reset_postgres(url)
    database = Database(url)
    try:
        await upgrade(database)
    finally:
        await database.dispose()
    _migrated_this_session.add(url)


async def _emptying_script(conn: asyncpg.Connection) -> str:
    """DELETE every table, children before parents, and restart the sequences: one round trip."""
    parents: dict[str, set[str]] = {}
    for table, parent in await conn.fetch(_TABLES_AND_PARENTS):
        parents.setdefault(table, set())
        if parent is not None and parent != table:
            parents.setdefault(parent, set()).add(table)  # a parent waits for its children
    order = TopologicalSorter(parents).static_order()
    deletes = "".join(f'DELETE FROM "{table}";' for table in order)
    # A lock left behind by an earlier test's process fails this test instead of hanging.
    return f"SET lock_timeout = '10s'; BEGIN; {deletes} {_RESTART_SEQUENCES} COMMIT;"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def database_url(backend: str, tmp_path: Path) -> str:
    """An empty database nothing has migrated, for tests that migrate it themselves."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'mentorbot.db'}"
    assert PG_URL is not None
    await reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture(scope="session")
def sqlite_template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("migrated")


async def migrated_sqlite(template_dir: Path, target: Path) -> str:
    """Copy the session's migrated SQLite file to `target` (migrating it at the first call)."""
    template = template_dir / "template.db"
    if not template.exists():
        building = template_dir / "building.db"
        building.unlink(missing_ok=True)
        database = Database(f"sqlite+aiosqlite:///{building}")
        try:
            await upgrade(database)
        finally:
            await database.dispose()  # closes the file: nothing left in a journal
        building.rename(template)
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def migrated_url(backend: str, tmp_path: Path, sqlite_template_dir: Path) -> str:
    """A database at head with no rows (sequences restarted): SQLite copy or PostgreSQL."""
    if backend == "sqlite":
        return await migrated_sqlite(sqlite_template_dir, tmp_path / "mentorbot.db")
    assert PG_URL is not None
    await clean_postgres(PG_URL)
    return PG_URL


@pytest.fixture
async def db(migrated_url: str) -> AsyncIterator[Database]:
    database = Database(migrated_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))

"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

This is the suite's one real migration run per backend: every other test gets a copy of a
database migrated once per session (tests/conftest.py), so the tests below check that copy
(the last one runs after the others wrote rows).
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from storage import models  # noqa: F401  (registers the tables)
from storage.base import Base
from storage.database import Database
from storage.migrate import alembic_config, upgrade
from storage.models import Program
from tests.conftest import head_revision


async def test_migrations_build_the_models_schema_from_nothing_and_back(database_url: str) -> None:
    db = Database(database_url)
    config = alembic_config(database_url)

    def heads(connection: Connection) -> list[str]:
        return list(MigrationContext.configure(connection).get_current_heads())

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    def downgrade(connection: Connection) -> list[str]:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        return [t for t in inspect(connection).get_table_names() if t != "alembic_version"]

    try:
        await upgrade(db)  # from an empty database
        async with db.engine.connect() as conn:
            assert await conn.run_sync(heads) == [head_revision()]
            assert await conn.run_sync(diff) == []
        async with db.engine.begin() as conn:
            assert await conn.run_sync(downgrade) == []
        await upgrade(db)
        async with db.engine.connect() as conn:
            assert await conn.run_sync(heads) == [head_revision()]
            assert await conn.run_sync(diff) == []
    finally:
        await db.dispose()


@pytest.mark.parametrize("turn", [1, 2])
async def test_ids_start_at_one_in_every_test(db: Database, turn: int) -> None:
    """The second turn runs after the first wrote a row: emptying must restart the ids too."""
    program = Program(
        platform="slack",
        workspace_id=f"T{turn}",
        name="Mentoring",
        timezone="UTC",
        term_months=12,
        checkin_cadence="monthly",
    )
    async with db.transaction(all_tenants=True) as session:
        session.add(program)
    assert program.id == 1


async def test_each_test_gets_a_migrated_database_without_rows(db: Database) -> None:
    async with db.engine.connect() as conn:
        assert await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads()) == (
            head_revision(),
        )
        for table in Base.metadata.sorted_tables:
            assert await conn.scalar(select(func.count()).select_from(table)) == 0, table.name

"""Tenant scoping by construction: a unit of work bound to a tenant sees and writes only that
tenant's rows, even through a query that forgets to say so."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import aliased

from bot.mentoring.models import Tenant
from storage import repositories as repo
from storage.database import Database, OtherTenantsRow, UnscopedQuery
from storage.models import Member, Program

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ACME = Tenant("slack", "T_ACME")
GLOBEX = Tenant("slack", "T_GLOBEX")


def _program(tenant: Tenant) -> Program:
    return Program(
        platform=tenant.platform,
        workspace_id=tenant.workspace_id,
        slug="default",
        name=f"Program of {tenant.workspace_id}",
        timezone="UTC",
        term_months=6,
        checkin_cadence="monthly",
        coordinators=["U1"],
        topics=[],
        tracks=["traditional"],
        created_at=NOW,
        updated_at=NOW,
    )


async def _two_tenants(db: Database) -> dict[Tenant, int]:
    """The same user ids in two workspaces; returns each tenant's program id."""
    ids = {}
    for tenant in (ACME, GLOBEX):
        async with db.transaction(tenant) as session:
            program = _program(tenant)
            session.add(program)
            await session.flush()
            for user in ("U1", "U2"):
                session.add(
                    Member(program_id=program.id, user_id=user, status="applied", joined_at=NOW,
                           updated_at=NOW)
                )  # fmt: skip
            ids[tenant] = program.id
    return ids


async def test_an_unscoped_query_in_a_bound_unit_of_work_sees_only_its_tenant(db: Database) -> None:
    ids = await _two_tenants(db)
    async with db.transaction(ACME) as session:
        # No tenant anywhere in these statements: the unit of work adds it.
        programs = (await session.scalars(select(Program))).all()
        assert [p.workspace_id for p in programs] == ["T_ACME"]
        members = (await session.scalars(select(Member))).all()
        assert {(m.workspace_id, m.user_id) for m in members} == {
            ("T_ACME", "U1"),
            ("T_ACME", "U2"),
        }
        # Joins, aliases, aggregates and lookups by primary key are scoped too.
        other = aliased(Member)
        joined = await session.scalar(
            select(func.count()).select_from(Member).join(other, other.user_id == Member.user_id)
        )
        assert joined == 2
        assert await session.scalar(select(func.count(Program.id))) == 1
        assert await session.get(Program, ids[GLOBEX]) is None
    async with db.read(GLOBEX) as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 2
        assert await session.scalar(select(Program.name)) == "Program of T_GLOBEX"
    # Unbound: the scheduler's view across tenants
    async with db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 4


async def test_bulk_updates_and_deletes_touch_only_the_bound_tenant(db: Database) -> None:
    await _two_tenants(db)
    async with db.transaction(ACME) as session:
        await session.execute(update(Member).values(status="paused"))
        await session.execute(delete(Member).where(Member.user_id == "U2"))
    async with db.transaction(all_tenants=True) as session:
        rows = await session.execute(select(Member.workspace_id, Member.user_id, Member.status))
        assert sorted(rows.all()) == [
            ("T_ACME", "U1", "paused"),
            ("T_GLOBEX", "U1", "applied"),
            ("T_GLOBEX", "U2", "applied"),
        ]


async def test_writing_another_tenants_row_raises_and_commits_nothing(db: Database) -> None:
    ids = await _two_tenants(db)
    with pytest.raises(OtherTenantsRow):
        async with db.transaction(ACME) as session:
            session.add(
                Member(platform="slack", workspace_id="T_GLOBEX", program_id=ids[GLOBEX],
                       user_id="U9", status="applied", joined_at=NOW, updated_at=NOW)
            )  # fmt: skip
    with pytest.raises(OtherTenantsRow):
        async with db.transaction(ACME) as session:
            program = await session.scalar(select(Program))
            assert program is not None
            program.workspace_id = "T_GLOBEX"  # moving a row to another tenant
    with pytest.raises(OtherTenantsRow):
        async with db.transaction(ACME) as session:
            await repo.insert_if_absent(
                session, Member, platform="slack", workspace_id="T_GLOBEX",
                program_id=ids[GLOBEX], user_id="U9", status="applied", joined_at=NOW,
                updated_at=NOW,
            )  # fmt: skip
    async with db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 4
        assert (
            await session.scalar(
                select(func.count()).select_from(Program).where(Program.workspace_id == "T_GLOBEX")
            )
            == 1
        )


async def test_a_new_row_without_a_tenant_gets_the_bound_one(db: Database) -> None:
    ids = await _two_tenants(db)
    async with db.transaction(GLOBEX) as session:
        session.add(
            Member(program_id=ids[GLOBEX], user_id="U3", status="applied", joined_at=NOW,
                   updated_at=NOW)
        )  # fmt: skip
    async with db.read(GLOBEX) as session:
        assert await session.scalar(select(Member.workspace_id).where(Member.user_id == "U3")) == (
            "T_GLOBEX"
        )


async def test_an_unbound_unit_of_work_refuses_tenant_data_unless_it_opts_in(db: Database) -> None:
    """A use case that forgot its tenant (db.transaction()) fails instead of seeing everyone's."""
    await _two_tenants(db)
    sub = select(Member.id).where(Member.user_id == "U1").scalar_subquery()
    forgetful = [
        select(Member),
        select(func.count()).select_from(Member),  # no entity in the columns
        select(Program.name),  # columns only
        select(func.count()).where(Program.id.in_(select(Member.program_id))),  # a subquery
        update(Member).values(status="paused"),
        delete(Member).where(Member.id == sub),
    ]
    for statement in forgetful:
        with pytest.raises(UnscopedQuery):
            async with db.transaction() as session:
                await session.execute(statement)
    with pytest.raises(UnscopedQuery):
        async with db.read() as session:
            await session.get(Member, 1)
    with pytest.raises(ValueError):
        async with db.transaction(ACME, all_tenants=True):
            pass
    async with db.read(all_tenants=True) as session:  # nothing was changed or deleted
        rows = await session.execute(select(Member.workspace_id, Member.status))
        assert sorted(rows.all()) == [("T_ACME", "applied")] * 2 + [("T_GLOBEX", "applied")] * 2

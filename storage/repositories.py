"""Queries shared by features. Most name no tenant: they run in a unit of work bound to one
(storage/database.py), which scopes every query to it and refuses them when unbound."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base, TenantScoped
from storage.database import TenantKey, bound_tenant, check_tenant
from storage.models import ApplicationRow, Member, Program


async def insert_if_absent(session: AsyncSession, model: type[Base], **values: Any) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when this call created the row.

    Used for idempotency: two concurrent deliveries of the same Slack event race on the unique
    key and exactly one wins, with no error to handle on either side.
    """
    tenant = bound_tenant(session)
    if tenant is not None and issubclass(model, TenantScoped):
        # An INSERT statement bypasses the flush check: the row gets, or must carry, the tenant.
        values.setdefault("platform", tenant.platform)
        values.setdefault("workspace_id", tenant.workspace_id)
        check_tenant(tenant, model, values)
    dialect = session.bind.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_program(session: AsyncSession, tenant: TenantKey) -> Program | None:
    """The tenant's program. It names the tenant (unlike the queries of use cases): tests and
    tools also load a program in a unit of work that spans tenants."""
    return await session.scalar(
        select(Program).where(
            Program.platform == tenant.platform,
            Program.workspace_id == tenant.workspace_id,
            Program.slug == "default",
        )
    )


async def get_member(session: AsyncSession, program: Program, user_id: str) -> Member | None:
    return await session.scalar(
        select(Member).where(Member.program_id == program.id, Member.user_id == user_id)
    )


async def count_members(
    session: AsyncSession, program: Program
) -> list[tuple[str, str | None, str | None, int]]:
    """(status, role, track, count) rows for the program."""
    rows = await session.execute(
        select(Member.status, ApplicationRow.role, ApplicationRow.track, func.count())
        .outerjoin(ApplicationRow, ApplicationRow.member_id == Member.id)
        .where(Member.program_id == program.id)
        .group_by(Member.status, ApplicationRow.role, ApplicationRow.track)
    )
    return [(s, r, t, n) for s, r, t, n in rows.all()]

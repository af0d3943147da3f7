"""Scheduled jobs: plan what is due for every tenant, then let the dispatcher send it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.mentoring.models import Tenant
from bot.mentoring.schedule import Planner, PlanReport
from storage.database import Database
from storage.models import Program

log = logging.getLogger(__name__)


async def tenants(db: Database) -> list[Tenant]:
    async with db.transaction(all_tenants=True) as session:
        rows = await session.execute(select(Program.platform, Program.workspace_id).distinct())
        return [Tenant(platform, workspace) for platform, workspace in rows.all()]


async def plan_due(db: Database, planners: Sequence[Planner], now: datetime) -> PlanReport:
    """Run every planner for every tenant at `now`."""
    report = PlanReport()
    for tenant in await tenants(db):
        for planner in planners:
            report.add(await planner.plan(tenant, now))
    if report.enqueued or report.skipped:
        log.info(
            "planned due messages",
            extra={"enqueued": report.enqueued, "skipped": len(report.skipped)},
        )
    for line in report.skipped:
        log.warning("skipped a late message", extra={"detail": line})
    return report

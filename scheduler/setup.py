"""The process's scheduler: APScheduler's AsyncIOScheduler, started and stopped with the bot."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete

from bot.mentoring.schedule import PlanReport
from outbox import store as outbox
from storage.database import Database
from storage.models import ProcessedEvent

log = logging.getLogger(__name__)

# Slack stops retrying an event after about five minutes; a week of ids is a wide margin.
EVENT_ID_RETENTION = timedelta(days=7)


async def prune_processed_events(db: Database, now: datetime | None = None) -> int:
    cutoff = (now or datetime.now(UTC)) - EVENT_ID_RETENTION
    async with db.transaction(all_tenants=True) as session:
        result = await session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff)
        )
    removed = int(result.rowcount or 0)  # type: ignore[attr-defined]
    log.info("pruned processed event ids", extra={"removed": removed})
    return removed


class Plans(Protocol):
    async def plan(self, now: datetime | None = None) -> PlanReport: ...


async def plan_now(bot: Plans) -> PlanReport:
    return await bot.plan()


async def prune_outbox(db: Database) -> int:
    removed = await outbox.prune(db, datetime.now(UTC))
    log.info("pruned finished deliveries", extra={"removed": removed})
    return removed


def build_scheduler(db: Database, bot: Plans) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    # Every minute: find what has fallen due (campaign posts at each program's local time,
    # check-ins, nudges, term steps, reminders about unanswered matches) and enqueue it. Due
    # instants are computed in each program's and member's own time zone, so one UTC trigger
    # serves every zone; a missed minute is caught up by the next one (the planners look back
    # over a grace window).
    scheduler.add_job(
        plan_now,
        CronTrigger(minute="*", timezone=UTC),
        args=[bot],
        id="plan_due",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=300,
    )
    scheduler.add_job(
        prune_outbox,
        CronTrigger(hour=3, minute=37, timezone=UTC),
        args=[db],
        id="prune_outbox",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )
    scheduler.add_job(
        prune_processed_events,
        CronTrigger(hour=3, minute=17, timezone=UTC),
        args=[db],
        id="prune_processed_events",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler

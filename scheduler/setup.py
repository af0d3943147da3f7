"""The process's scheduler: APScheduler's AsyncIOScheduler, started and stopped with the bot."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete

from storage.database import Database
from storage.models import ProcessedEvent

log = logging.getLogger(__name__)

# Slack stops retrying an event after about five minutes; a week of ids is a wide margin.
EVENT_ID_RETENTION = timedelta(days=7)


async def prune_processed_events(db: Database, now: datetime | None = None) -> int:
    cutoff = (now or datetime.now(UTC)) - EVENT_ID_RETENTION
    async with db.transaction() as session:
        result = await session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff)
        )
    removed = int(result.rowcount or 0)  # type: ignore[attr-defined]
    log.info("pruned processed event ids", extra={"removed": removed})
    return removed


def build_scheduler(db: Database) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
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

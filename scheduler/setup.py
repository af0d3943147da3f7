"""The process's scheduler: APScheduler's AsyncIOScheduler, started and stopped with the bot."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete

from bot.mentoring.pairing import Pairings
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


async def chase_match_answers(pairings: Pairings) -> int:
    """Remind members who haven't answered a proposed match; then tell the coordinators."""
    sent = 0
    for tenant in await pairings.tenants():
        sent += await pairings.chase_answers(tenant)
    return sent


def build_scheduler(db: Database, pairings: Pairings) -> AsyncIOScheduler:
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
    scheduler.add_job(
        chase_match_answers,
        CronTrigger(minute=5, timezone=UTC),  # hourly: reminders are due in days, not minutes
        args=[pairings],
        id="chase_match_answers",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler

"""Messages the outbox gave up on (a deactivated person, a channel the bot was removed from),
for coordinators: recorded once by the dispatcher, never retried forever, never hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.models import Tenant
from storage.models import Delivery

RECENT = timedelta(days=30)
SHOWN = 5

# Delivery key prefix -> what the message was, in words a coordinator uses.
WHAT = {
    "campaign": "Campaign post",
    "checkin": "Check-in",
    "contact": "Keep-in-touch nudge",
    "term": "Term message",
    "pair": "Match message",
    "welcome": "Welcome DM",
}


@dataclass(frozen=True)
class Undelivered:
    what: str
    kind: str  # "dm" (target: a person) or "post" (target: a conversation)
    target: str
    reason: str  # the platform's reason, e.g. "not_in_channel"; the adapter puts it in words
    due_at: datetime


@dataclass(frozen=True)
class UndeliveredReport:
    total: int
    latest: tuple[Undelivered, ...]


async def undelivered(session: AsyncSession, tenant: Tenant, now: datetime) -> UndeliveredReport:
    """Failed deliveries of the tenant that fell due in the last RECENT, newest first."""
    recent_failures = (
        Delivery.platform == tenant.platform,
        Delivery.workspace_id == tenant.workspace_id,
        Delivery.status == "failed",
        Delivery.due_at >= now - RECENT,
    )
    total = await session.scalar(select(func.count()).where(*recent_failures)) or 0
    rows = await session.scalars(
        select(Delivery)
        .where(*recent_failures)
        .order_by(Delivery.due_at.desc(), Delivery.id.desc())
        .limit(SHOWN)
    )
    latest = tuple(
        Undelivered(
            what=WHAT.get(row.key.split(":", 1)[0], "Message"),
            kind=row.kind,
            target=row.target,
            reason=row.last_error or "unknown",
            due_at=row.due_at,
        )
        for row in rows
    )
    return UndeliveredReport(total=total, latest=latest)

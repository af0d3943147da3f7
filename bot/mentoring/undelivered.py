"""Messages the outbox gave up on (a deactivated person, a channel the bot was removed from),
for coordinators: recorded once by the dispatcher, never retried forever, never hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring import messages as say
from bot.mentoring.models import Tenant
from bot.mentoring.pairing.texts import count
from bot.mentoring.screens import Block, Context, Text
from bot.mentoring.text import day
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


def reason_in_words(reason: str) -> str:
    """The platform's reason for a failed delivery, as what the coordinator can do about it."""
    if reason.startswith("gave up after"):
        return say.UNDELIVERED_GAVE_UP
    return say.UNDELIVERED_REASONS.get(reason) or say.UNDELIVERED_OTHER.format(reason=reason)


def report_blocks(report: UndeliveredReport, timezone: str) -> tuple[Block, ...]:
    """The coordinator's Home: the latest failures in words, and how many more (none: nothing)."""
    if report.total == 0:
        return ()
    zone = ZoneInfo(timezone)
    lines = [say.UNDELIVERED_TITLE.format(count=count(report.total, "message"))]
    for item in report.latest:
        where = f"<@{item.target}>" if item.kind == "dm" else f"<#{item.target}>"
        when = day(item.due_at.astimezone(zone).date())
        reason = reason_in_words(item.reason)
        lines.append(
            say.UNDELIVERED_LINE.format(what=item.what, where=where, when=when, reason=reason)
        )
    blocks: list[Block] = [Text("\n".join(lines))]
    if report.total > len(report.latest):
        blocks.append(Context(say.UNDELIVERED_MORE.format(count=report.total - len(report.latest))))
    return tuple(blocks)

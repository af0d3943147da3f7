"""The delivery outbox (DESIGN §5): a message that must go out is a `deliveries` row first.

Jobs `enqueue` (insert-if-absent on the tenant's idempotency key, so a job that runs twice, or
in two processes, creates one row). The dispatcher (outbox/dispatcher.py) `claim`s due rows,
sends them and records the outcome with `mark_sent` / `mark_retry` / `mark_failed` / `release`.

Row life: pending -> claimed -> sent | failed, with claimed -> pending for a retry; `cancel`
turns a pending row into skipped. A claim is a lease: a claimed row whose lease has run out is
due again (the process that claimed it died), and comes back with `maybe_sent` set so the
dispatcher checks the platform before sending it a second time.

Outcome updates are fenced on (claimed_by, claimed_at): a worker whose lease expired and whose
row was claimed again by someone else cannot overwrite the newer claim's result.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryKind, Message, MessageRef
from outbox.message_json import from_json, to_json
from storage.database import Database
from storage.models import Delivery
from storage.repositories import insert_if_absent

DEFAULT_LEASE = timedelta(minutes=5)
# Finished rows are kept this long: their keys are what makes a late re-run of a job a no-op.
DEFAULT_RETENTION = timedelta(days=90)
# Slack message metadata that carries the delivery key, so a crashed send can be found again.
DELIVERY_EVENT_TYPE = "mentorbot_delivery"
_ERROR_LENGTH = 500  # deliveries.last_error


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


def _is_active() -> ColumnElement[bool]:
    # Literal values, not bound parameters: the partial index ix_deliveries_due is defined with
    # this exact predicate, and neither SQLite's planner nor a PostgreSQL generic plan for a
    # prepared statement (asyncpg) can match a partial index against a parameter.
    return Delivery.status.in_(
        [
            literal(DeliveryStatus.PENDING.value, literal_execute=True),
            literal(DeliveryStatus.CLAIMED.value, literal_execute=True),
        ]
    )


def due_query(now: datetime, limit: int) -> Any:
    """The "what is due" SELECT (ids in due order), served by ix_deliveries_due."""
    return (
        select(Delivery.id)
        .where(_is_active(), Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at)
        .limit(limit)
    )


def delivery_metadata(key: str) -> dict[str, Any]:
    return {"event_type": DELIVERY_EVENT_TYPE, "event_payload": {"key": key}}


def delivery_key(metadata: object) -> str | None:
    """The delivery key a message's metadata carries, if it is one of ours."""
    if not isinstance(metadata, dict) or metadata.get("event_type") != DELIVERY_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    key = payload.get("key") if isinstance(payload, dict) else None
    return key if isinstance(key, str) else None


async def enqueue(
    session: AsyncSession,
    tenant: Tenant,
    key: str,
    kind: DeliveryKind,
    target: str,
    message: Message,
    due_at: datetime,
) -> bool:
    """Add a delivery unless the tenant already has one with this key; True when this call did.

    Runs in the caller's unit of work, so the row commits with whatever decided to send it.
    """
    return await _insert(session, tenant, key, kind, target, message, due_at)


async def skip(
    session: AsyncSession,
    tenant: Tenant,
    key: str,
    kind: DeliveryKind,
    target: str,
    message: Message,
    due_at: datetime,
    reason: str,
) -> bool:
    """Record, once, a delivery that will not be sent (it would arrive too late), with why."""
    return await _insert(
        session, tenant, key, kind, target, message, due_at,
        status=DeliveryStatus.SKIPPED, last_error=reason[:_ERROR_LENGTH],
    )  # fmt: skip


async def _insert(
    session: AsyncSession,
    tenant: Tenant,
    key: str,
    kind: DeliveryKind,
    target: str,
    message: Message,
    due_at: datetime,
    status: DeliveryStatus = DeliveryStatus.PENDING,
    last_error: str | None = None,
) -> bool:
    return await insert_if_absent(
        session,
        Delivery,
        platform=tenant.platform,
        workspace_id=tenant.workspace_id,
        key=key,
        kind=DeliveryKind(kind).value,
        target=target,
        payload=to_json(message),
        status=status.value,
        due_at=due_at,
        next_attempt_at=due_at,
        attempts=0,
        maybe_sent=False,
        last_error=last_error,
    )


async def cancel(session: AsyncSession, tenant: Tenant, key: str) -> bool:
    """Skip a delivery that has not gone out yet (the pairing ended, the campaign was pulled)."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.platform == tenant.platform,
            Delivery.workspace_id == tenant.workspace_id,
            Delivery.key == key,
            Delivery.status == DeliveryStatus.PENDING.value,
        )
        .values(status=DeliveryStatus.SKIPPED.value)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def get_delivery(session: AsyncSession, tenant: Tenant, key: str) -> Delivery | None:
    return await session.scalar(
        select(Delivery).where(
            Delivery.platform == tenant.platform,
            Delivery.workspace_id == tenant.workspace_id,
            Delivery.key == key,
        )
    )


async def count_by_status(session: AsyncSession, tenant: Tenant) -> dict[str, int]:
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.platform == tenant.platform, Delivery.workspace_id == tenant.workspace_id)
        .group_by(Delivery.status)
    )
    return {status: count for status, count in rows.all()}


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds until `claimed_at + lease`."""

    id: int
    tenant: Tenant
    key: str
    kind: DeliveryKind
    target: str
    message: Message
    due_at: datetime
    attempts: int  # including this one
    maybe_sent: bool  # an earlier attempt may have reached the platform: look before sending
    claimed_at: datetime
    claimed_by: str


_CLAIMED_COLUMNS = (
    Delivery.id,
    Delivery.platform,
    Delivery.workspace_id,
    Delivery.key,
    Delivery.kind,
    Delivery.target,
    Delivery.payload,
    Delivery.due_at,
    Delivery.attempts,
    Delivery.maybe_sent,
    Delivery.claimed_at,
    Delivery.claimed_by,
)


async def claim(
    db: Database,
    worker_id: str,
    now: datetime,
    limit: int,
    lease: timedelta = DEFAULT_LEASE,
) -> list[Claimed]:
    """Atomically take up to `limit` due rows (pending, or claimed with an expired lease).

    PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, then UPDATE those rows, in one transaction:
    concurrent dispatchers lock disjoint rows and never wait on each other.
    SQLite: one UPDATE ... WHERE id IN (SELECT ...) RETURNING statement. SQLite has a single
    writer, and a statement's read and write happen under that one write lock, so two
    processes cannot take the same row. (A separate SELECT would not be safe there: the
    driver only opens the transaction at the first write.)

    The claimed rows span tenants; each is sent with its own tenant and never shown to another.
    """
    values: dict[str, Any] = {
        "status": DeliveryStatus.CLAIMED.value,
        "claimed_at": now,
        "claimed_by": worker_id,
        "attempts": Delivery.attempts + 1,
        "next_attempt_at": now + lease,
        # In SET, `status` is the old value: a row still claimed is an expired lease.
        "maybe_sent": or_(Delivery.maybe_sent, Delivery.status == DeliveryStatus.CLAIMED.value),
    }
    async with db.transaction(all_tenants=True) as session:
        if db.dialect == "postgresql":
            ids = list(
                await session.scalars(due_query(now, limit).with_for_update(skip_locked=True))
            )
            if not ids:
                return []
            where: ColumnElement[bool] = Delivery.id.in_(ids)
        else:
            where = Delivery.id.in_(due_query(now, limit).scalar_subquery())
        rows = await session.execute(
            update(Delivery)
            .where(where)
            .values(**values)
            .returning(*_CLAIMED_COLUMNS)
            .execution_options(synchronize_session=False)
        )
        claimed = [_claimed(row._mapping) for row in rows]
    # RETURNING has no order; hand rows out in the order they fell due.
    return sorted(claimed, key=lambda c: (c.due_at, c.id))


def _claimed(row: Any) -> Claimed:
    return Claimed(
        id=row["id"],
        tenant=Tenant(row["platform"], row["workspace_id"]),
        key=row["key"],
        kind=DeliveryKind(row["kind"]),
        target=row["target"],
        message=from_json(row["payload"]),
        due_at=row["due_at"],
        attempts=row["attempts"],
        maybe_sent=bool(row["maybe_sent"]),
        claimed_at=row["claimed_at"],
        claimed_by=row["claimed_by"],
    )


def _held(claimed: Claimed) -> ColumnElement[bool]:
    """Still ours: nobody re-claimed the row after our lease ran out."""
    return and_(
        Delivery.id == claimed.id,
        Delivery.status == DeliveryStatus.CLAIMED.value,
        Delivery.claimed_by == claimed.claimed_by,
        Delivery.claimed_at == claimed.claimed_at,
    )


async def _finish(db: Database, claimed: Claimed, **values: Any) -> bool:
    async with db.transaction(all_tenants=True) as session:
        result = await session.execute(
            update(Delivery)
            .where(_held(claimed))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_sent(db: Database, claimed: Claimed, ref: MessageRef, now: datetime) -> bool:
    """Record a confirmed send. False when the claim was lost (the row is someone else's now)."""
    return await _finish(
        db,
        claimed,
        status=DeliveryStatus.SENT.value,
        sent_at=now,
        sent_ref={"conversation_id": ref.conversation_id, "message_id": ref.message_id},
        maybe_sent=False,
    )


async def mark_retry(
    db: Database,
    claimed: Claimed,
    next_attempt_at: datetime,
    error: str,
    *,
    maybe_sent: bool = False,
    count_attempt: bool = True,
) -> bool:
    """Back to pending until `next_attempt_at`. `maybe_sent` when the outcome is unknown;
    `count_attempt=False` when the platform only asked us to slow down (HTTP 429)."""
    return await _finish(
        db,
        claimed,
        status=DeliveryStatus.PENDING.value,
        next_attempt_at=next_attempt_at,
        last_error=error[:_ERROR_LENGTH],
        maybe_sent=claimed.maybe_sent or maybe_sent,
        attempts=Delivery.attempts if count_attempt else Delivery.attempts - 1,
    )


async def mark_failed(db: Database, claimed: Claimed, error: str) -> bool:
    return await _finish(
        db, claimed, status=DeliveryStatus.FAILED.value, last_error=error[:_ERROR_LENGTH]
    )


async def release(db: Database, claimed: Claimed, now: datetime) -> bool:
    """Give an unsent claim back at once (not an attempt): another worker may take it now."""
    return await _finish(
        db,
        claimed,
        status=DeliveryStatus.PENDING.value,
        next_attempt_at=now,
        attempts=Delivery.attempts - 1,
    )


async def prune(db: Database, now: datetime, retention: timedelta = DEFAULT_RETENTION) -> int:
    """Delete finished deliveries that fell due before `now - retention` (a daily job)."""
    finished = [
        DeliveryStatus.SENT.value,
        DeliveryStatus.FAILED.value,
        DeliveryStatus.SKIPPED.value,
    ]
    async with db.transaction(all_tenants=True) as session:
        result = await session.execute(
            delete(Delivery)
            .where(Delivery.status.in_(finished), Delivery.due_at < now - retention)
            .execution_options(synchronize_session=False)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class SqlOutbox:
    """The core's Outbox port (bot/mentoring/ports.py) on the deliveries table.

    `wake` sets an event the long-running dispatcher loop waits on, so a message a person is
    waiting for (an invitation, a check-in reply) goes out at once instead of at the next poll.
    """

    def __init__(self) -> None:
        self._wake = asyncio.Event()

    async def enqueue(
        self, session: AsyncSession, tenant: Tenant, key: str, kind: DeliveryKind, target: str,
        message: Message, due_at: datetime,
    ) -> bool:  # fmt: skip
        return await enqueue(session, tenant, key, kind, target, message, due_at)

    async def skip(
        self, session: AsyncSession, tenant: Tenant, key: str, kind: DeliveryKind, target: str,
        message: Message, due_at: datetime, reason: str,
    ) -> bool:  # fmt: skip
        return await skip(session, tenant, key, kind, target, message, due_at, reason)

    async def cancel(self, session: AsyncSession, tenant: Tenant, key: str) -> bool:
        return await cancel(session, tenant, key)

    def wake(self) -> None:
        self._wake.set()

    async def wait(self, seconds: float) -> bool:
        """Until `wake` is called or `seconds` pass; True when woken."""
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            return False
        finally:
            self._wake.clear()
        return True

"""The outbox dispatcher: claim due deliveries, pace them, send them, record what happened.

Several dispatchers (one per bot process) can share one PostgreSQL database: `claim` hands each
row to one of them (outbox/store.py).

Failures:
- DeliveryError(permanent=True) (user gone, channel archived...): failed at once, no retry.
- DeliveryError with `retry_after` (HTTP 429): the workspace pauses for that long (Pacer), the
  row is due again then, and the attempt is not counted: being asked to slow down is not a
  failure of the message.
- Other DeliveryErrors: retried with exponential backoff and jitter, up to `max_attempts`.
- DeliveryError(unknown=True) (timeout, connection reset, HTTP 5xx), anything else, or a crash
  of this process: the platform may or may not have posted the message. The row is retried with
  `maybe_sent`, and before sending it again the dispatcher asks the messenger whether a message
  carrying the delivery key is already there.

OPEN_SPACE rows are durable steps, not messages: the dispatcher claims them the same way and
hands them to the SpaceSteps port (Pairings.open_space), which is idempotent, so a step whose
outcome is unknown is simply run again.

Crash safety and the residual window: a process that dies between a send and its record leaves
the row claimed; once the lease has run out another dispatcher claims it with `maybe_sent` and
finds the message by the key it carries in its metadata (`find_delivered`), so it records it
instead of sending it twice. A duplicate remains possible only when
(a) the messenger cannot look (no `find_delivered`): the row is sent again, at-least-once;
(b) the platform accepted the first send, but its history did not show it yet at lookup time;
(c) a worker stalls (GC pause, suspended VM) for more than the unused fifth of its lease
    (`lease_use`) between its last lease check and the send reaching the platform, while
    another worker re-claims, looks, finds nothing and sends. With a lease of minutes and
    sends of milliseconds, (c) needs a minute-long freeze at exactly that point.
A message is never lost: every row ends sent, failed (recorded, with the reason) or skipped.

Pacing is per process: with several dispatchers, give each a share of the workspace rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy.exc import SQLAlchemyError

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, MessageRef, Messenger, SpaceSteps
from outbox.pacing import Pacer
from outbox.store import (
    DEFAULT_LEASE,
    Claimed,
    DeliveryKind,
    claim,
    delivery_metadata,
    mark_failed,
    mark_retry,
    mark_sent,
    release,
)
from storage.base import utcnow
from storage.database import Database

log = logging.getLogger(__name__)


@runtime_checkable
class DeliveryLookup(Protocol):
    """Optional Messenger capability: find a message we sent that carries a delivery key."""

    async def find_delivered(
        self, tenant: Tenant, target: str, key: str, since: datetime
    ) -> MessageRef | None: ...


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)

    def backoff(self, attempts: int, rand: float) -> timedelta:
        """Delay after the `attempts`-th failure: base * 2^(n-1), capped, times [0.5, 1.0).

        Half fixed, half random ("equal jitter"): workers that failed together spread out, and
        no retry comes straight back.
        """
        exponent = max(0, attempts - 1)
        delay = min(self.max_delay, self.base_delay * (2**exponent))
        return delay * (0.5 + rand / 2)


@dataclass(frozen=True)
class DispatcherConfig:
    batch_size: int = 50
    concurrency: int = 8  # conversations sent to at once; one conversation is always in order
    lease: timedelta = DEFAULT_LEASE
    # A claim is only acted on during this share of its lease; later, it is handed back.
    lease_use: float = 0.8
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # find_delivered looks this far before due_at, for clocks that disagree between hosts.
    clock_skew: timedelta = timedelta(minutes=5)


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    found: int = 0  # already delivered by an earlier attempt; recorded, not sent again
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    released: int = 0
    lost_claims: int = 0  # finished after our lease ran out and another worker took over

    def add(self, other: DispatchReport) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Dispatcher:
    def __init__(
        self,
        db: Database,
        messenger: Messenger,
        *,
        pacer: Pacer | None = None,
        config: DispatcherConfig | None = None,
        worker_id: str | None = None,
        now: Callable[[], datetime] = utcnow,
        rand: Callable[[], float] = random.random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        steps: SpaceSteps | None = None,
    ) -> None:
        self.db = db
        self.messenger = messenger
        self.steps = steps
        self.pacer = pacer or Pacer()
        self.config = config or DispatcherConfig()
        self.worker_id = worker_id or default_worker_id()
        self._now = now
        self._rand = rand
        self._sleep = sleep

    async def run_once(self) -> DispatchReport:
        """Claim one batch of due deliveries and see each of them to an outcome."""
        report = DispatchReport()
        batch = await claim(
            self.db, self.worker_id, self._now(), self.config.batch_size, self.config.lease
        )
        report.claimed = len(batch)
        by_conversation: dict[tuple[Tenant, str], list[Claimed]] = {}
        for item in batch:
            by_conversation.setdefault((item.tenant, item.target), []).append(item)
        gate = asyncio.Semaphore(self.config.concurrency)

        async def send_in_order(items: list[Claimed]) -> None:
            async with gate:
                for item in items:
                    await self._deliver(item, report)

        async with asyncio.TaskGroup() as tasks:
            for items in by_conversation.values():
                tasks.create_task(send_in_order(items))
        return report

    async def drain(self, max_batches: int | None = None) -> DispatchReport:
        """Dispatch until nothing is due now (retries scheduled for later stay pending)."""
        total = DispatchReport()
        batches = 0
        while max_batches is None or batches < max_batches:
            report = await self.run_once()
            batches += 1
            total.add(report)
            if report.claimed == 0:
                break
        return total

    async def run_forever(
        self,
        poll_seconds: float = 5.0,
        *,
        wait: Callable[[float], Awaitable[object]] | None = None,
        lock: asyncio.Lock | None = None,
    ) -> None:
        """The process's one dispatcher loop: send due deliveries as they come.

        When nothing is due it waits up to `poll_seconds` (`wait`: e.g. the outbox's, which a
        new row wakes early). A database hiccup pauses the loop, never ends it. `lock` lets
        `mentorbot tick` hold the loop off while it plans and drains itself.
        """
        nap = wait or self._sleep
        while True:
            try:
                async with lock or contextlib.nullcontext():
                    report = await self.run_once()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("dispatcher could not reach the database", extra={"error": str(exc)})
                await self._sleep(poll_seconds)
                continue
            if report.claimed == 0:
                await nap(poll_seconds)

    # ----- one delivery ---------------------------------------------------------------------

    def _lease_ends(self, item: Claimed) -> datetime:
        return item.claimed_at + self.config.lease * self.config.lease_use

    async def _deliver(self, item: Claimed, report: DispatchReport) -> None:
        if item.kind is DeliveryKind.OPEN_SPACE:
            await self._run_step(item, report)
            return
        if item.maybe_sent and await self._already_delivered(item, report):
            return
        await self.pacer.wait(item.tenant, item.target)
        # Pacing can wait long on a busy channel: never send on a claim about to expire.
        if self._now() >= self._lease_ends(item):
            await release(self.db, item, self._now())
            report.released += 1
            return
        message = replace(item.message, metadata=delivery_metadata(item.key))
        try:
            if item.kind is DeliveryKind.DM:
                ref = await self.messenger.send_dm(item.tenant, item.target, message)
            else:
                ref = await self.messenger.post(item.tenant, item.target, message)
        except DeliveryError as exc:
            await self._refused(item, exc, report)
            return
        except Exception as exc:  # any other failure leaves the outcome unknown
            log.warning(
                "delivery outcome unknown, will look before retrying",
                extra={"key": item.key, "error": repr(exc)},
                exc_info=True,
            )
            await self._retry(item, f"unknown outcome: {exc!r}", report, maybe_sent=True)
            return
        await self._record_sent(item, ref, report, found=False)

    async def _run_step(self, item: Claimed, report: DispatchReport) -> None:
        if self.steps is None:  # a dispatcher built without the pairing use case: leave it
            await mark_retry(
                self.db, item, self._now() + self.config.lease, "no step runner here",
                count_attempt=False,
            )  # fmt: skip
            report.released += 1
            return
        await self.pacer.wait(item.tenant, item.target)
        if self._now() >= self._lease_ends(item):
            await release(self.db, item, self._now())
            report.released += 1
            return
        last = item.attempts >= self.config.retry.max_attempts
        try:
            ref = await self.steps.open_space(item.tenant, item.target, last_attempt=last)
        except DeliveryError as exc:
            await self._refused(item, exc, report)
            return
        except (SQLAlchemyError, OSError) as exc:  # the step is safe to run again
            log.warning("step failed, will run it again", extra={"key": item.key}, exc_info=True)
            await self._retry(item, f"step failed: {exc!r}", report)
            return
        await self._record_sent(item, ref, report, found=False)

    async def _already_delivered(self, item: Claimed, report: DispatchReport) -> bool:
        if not isinstance(self.messenger, DeliveryLookup):
            log.warning(
                "messenger cannot look for earlier sends; sending again (at least once)",
                extra={"key": item.key},
            )
            return False
        since = item.due_at - self.config.clock_skew
        try:
            ref = await self.messenger.find_delivered(item.tenant, item.target, item.key, since)
        except DeliveryError as exc:
            await self._refused(item, exc, report)
            return True
        except Exception as exc:  # cannot tell: try the lookup again later
            log.warning("lookup failed", extra={"key": item.key}, exc_info=True)
            await self._retry(item, f"lookup failed: {exc!r}", report, maybe_sent=True)
            return True
        if ref is None:
            return False
        await self._record_sent(item, ref, report, found=True)
        return True

    async def _record_sent(
        self, item: Claimed, ref: MessageRef, report: DispatchReport, *, found: bool
    ) -> None:
        if await mark_sent(self.db, item, ref, self._now()):
            if found:
                report.found += 1
            else:
                report.sent += 1
        else:
            # Our lease ran out first; whoever holds the row now will find this message.
            report.lost_claims += 1
            log.warning("sent after losing the claim", extra={"key": item.key})

    async def _refused(self, item: Claimed, exc: DeliveryError, report: DispatchReport) -> None:
        if exc.permanent:
            await mark_failed(self.db, item, exc.reason)
            report.failed += 1
            log.info("delivery failed for good", extra={"key": item.key, "error": exc.reason})
        elif exc.retry_after is not None:
            self.pacer.pause(item.tenant, exc.retry_after)
            # A little jitter so several workers do not all come back on the same instant.
            wait = timedelta(seconds=exc.retry_after * (1 + self._rand() / 10))
            error = f"rate limited: {exc.reason}"
            await mark_retry(self.db, item, self._now() + wait, error, count_attempt=False)
            report.rate_limited += 1
        else:  # an unknown outcome is looked up before the message is sent again
            await self._retry(item, exc.reason, report, maybe_sent=exc.unknown)

    async def _retry(
        self, item: Claimed, error: str, report: DispatchReport, *, maybe_sent: bool = False
    ) -> None:
        policy = self.config.retry
        if item.attempts >= policy.max_attempts:
            await mark_failed(self.db, item, f"gave up after {item.attempts} attempts: {error}")
            report.failed += 1
            return
        next_at = self._now() + policy.backoff(item.attempts, self._rand())
        await mark_retry(self.db, item, next_at, error, maybe_sent=maybe_sent)
        report.retried += 1

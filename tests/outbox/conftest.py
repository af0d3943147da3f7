"""Fixtures for the outbox: a fake clock that sleeping moves, and recording messengers."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.mentoring.models import Tenant
from bot.mentoring.ports import Message, MessageRef, SpaceKind
from outbox.store import delivery_key
from storage.database import Database
from tests.conftest import PG_URL, clean_postgres

TENANT = Tenant("slack", "T0TWIN")
START = datetime(2027, 1, 17, 14, 0, tzinfo=UTC)
_TURNS = 5  # event-loop turns a sleeper lets others take before it may move the clock


class FakeTime:
    """One fake time line for both the wall clock (datetimes) and the pacer's monotonic clock.

    `sleep` moves it forward, and nothing waits for real. Concurrent sleepers wake in the order
    of their targets, as they would in real time: each lets the other runnable tasks take their
    turn, and only the earliest sleeper moves the clock.
    """

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.elapsed = 0.0
        self._sleepers: list[tuple[float, int]] = []
        self._seq = itertools.count()

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds

    async def sleep(self, seconds: float) -> None:
        entry = (self.elapsed + max(0.0, seconds), next(self._seq))
        heapq.heappush(self._sleepers, entry)
        while True:
            for _ in range(_TURNS):
                await asyncio.sleep(0)
            if self._sleepers[0] == entry:
                break
        heapq.heappop(self._sleepers)
        self.elapsed = max(self.elapsed, entry[0])


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@dataclass
class Sent:
    how: str  # "dm" or "post"
    tenant: Tenant
    target: str
    message: Message
    at: float  # FakeTime.monotonic() when it was sent
    ref: MessageRef


@dataclass
class RecordingMessenger:
    """A Messenger that records sends; `fail[target]` queues exceptions to raise instead."""

    time: FakeTime
    sent: list[Sent] = field(default_factory=list)
    fail: dict[str, list[Exception]] = field(default_factory=dict)
    attempts: list[str] = field(default_factory=list)

    async def _send(self, how: str, tenant: Tenant, target: str, message: Message) -> MessageRef:
        self.attempts.append(target)
        queued = self.fail.get(target)
        if queued:
            raise queued.pop(0)
        ref = MessageRef(f"D-{target}" if how == "dm" else target, f"{len(self.sent) + 1}.000")
        self.sent.append(Sent(how, tenant, target, message, self.time.monotonic(), ref))
        return ref

    async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef:
        return await self._send("dm", tenant, user_id, message)

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        return await self._send("post", tenant, conversation_id, message)

    async def update(self, tenant: Tenant, ref: MessageRef, message: Message) -> None:
        raise NotImplementedError

    async def open_pair_space(
        self, tenant: Tenant, members: Sequence[str], kind: SpaceKind, name_hint: str
    ) -> str:
        raise NotImplementedError

    def delivered_keys(self) -> list[str | None]:
        return [delivery_key(s.message.metadata) for s in self.sent]


@dataclass
class LookupMessenger(RecordingMessenger):
    """Also answers find_delivered from what it has sent, as Slack's history would."""

    lookups: list[tuple[str, str, datetime]] = field(default_factory=list)

    async def find_delivered(
        self, tenant: Tenant, target: str, key: str, since: datetime
    ) -> MessageRef | None:
        self.lookups.append((target, key, since))
        for sent in self.sent:
            if sent.tenant == tenant and delivery_key(sent.message.metadata) == key:
                return sent.ref
        return None


@pytest.fixture
async def pg_db() -> AsyncIterator[Database]:
    """PostgreSQL only: skipped when TEST_DATABASE_URL is unset, an error when unreachable."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    await clean_postgres(PG_URL)
    database = Database(PG_URL)
    yield database
    await database.dispose()

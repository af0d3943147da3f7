"""The outbox on SQLite and PostgreSQL: enqueue, claim, send, retry, fail, leases, pacing."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, Message, MessageRef
from outbox.dispatcher import Dispatcher, DispatcherConfig, RetryPolicy
from outbox.pacing import Pacer
from outbox.store import (
    DeliveryKind,
    cancel,
    claim,
    count_by_status,
    delivery_metadata,
    due_query,
    enqueue,
    get_delivery,
    mark_sent,
    prune,
)
from storage.database import Database
from storage.models import Delivery
from tests.outbox.conftest import START, TENANT, FakeTime, LookupMessenger, RecordingMessenger

LEASE = timedelta(minutes=5)


def make_dispatcher(
    db: Database,
    messenger: RecordingMessenger,
    time: FakeTime,
    *,
    pacer: Pacer | None = None,
    worker_id: str = "w1",
    **config: Any,
) -> Dispatcher:
    return Dispatcher(
        db,
        messenger,
        pacer=pacer or Pacer(None, None, clock=time.monotonic, sleep=time.sleep),
        config=DispatcherConfig(**{"lease": LEASE, **config}),
        worker_id=worker_id,
        now=time.now,
        rand=lambda: 0.5,
        sleep=time.sleep,
    )


async def add(
    db: Database,
    key: str,
    target: str = "U1",
    kind: DeliveryKind = DeliveryKind.DM,
    due_at: datetime = START,
    tenant: Tenant = TENANT,
) -> bool:
    async with db.transaction(all_tenants=True) as session:
        return await enqueue(session, tenant, key, kind, target, Message(text=key), due_at)


async def row(db: Database, key: str, tenant: Tenant = TENANT) -> Delivery:
    async with db.transaction(all_tenants=True) as session:
        delivery = await get_delivery(session, tenant, key)
    assert delivery is not None
    return delivery


async def statuses(db: Database, tenant: Tenant = TENANT) -> dict[str, int]:
    async with db.transaction(all_tenants=True) as session:
        return await count_by_status(session, tenant)


# ----- enqueue --------------------------------------------------------------------------------


async def test_enqueue_is_idempotent_per_tenant(db: Database) -> None:
    async def checkin_job() -> bool:  # a cron job that may run twice (restart, two processes)
        return await add(db, "checkin:7:2027-01", target="U1")

    assert await checkin_job() is True
    assert await checkin_job() is False
    assert await add(db, "checkin:7:2027-01", tenant=Tenant("slack", "T0OTHER")) is True
    async with db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 2
    stored = await row(db, "checkin:7:2027-01")
    assert (stored.status, stored.attempts, stored.kind) == ("pending", 0, "dm")
    assert stored.payload["text"] == "checkin:7:2027-01"


async def test_enqueue_commits_with_the_callers_unit_of_work(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction(all_tenants=True) as session:
            await enqueue(session, TENANT, "k", DeliveryKind.DM, "U1", Message(text="x"), START)
            raise RuntimeError("the use case failed after enqueueing")
    assert await statuses(db) == {}


# ----- claim ----------------------------------------------------------------------------------


async def test_claim_takes_due_rows_in_due_order_and_holds_them(db: Database) -> None:
    await add(db, "later", due_at=START + timedelta(minutes=1))
    await add(db, "now", due_at=START)
    await add(db, "earlier", due_at=START - timedelta(hours=1))
    got = await claim(db, "w1", START, limit=10, lease=LEASE)
    assert [c.key for c in got] == ["earlier", "now"]
    assert all(c.attempts == 1 and not c.maybe_sent and c.claimed_by == "w1" for c in got)
    assert (await row(db, "now")).next_attempt_at == START + LEASE
    assert await claim(db, "w2", START, limit=10, lease=LEASE) == []  # held by w1


async def test_claim_respects_the_limit(db: Database) -> None:
    for n in range(5):
        await add(db, f"k{n}", target=f"U{n}", due_at=START - timedelta(seconds=10 - n))
    first = await claim(db, "w1", START, limit=2)
    second = await claim(db, "w2", START, limit=10)
    assert [c.key for c in first] == ["k0", "k1"]
    assert [c.key for c in second] == ["k2", "k3", "k4"]


async def test_a_lost_claim_cannot_overwrite_the_new_one(db: Database) -> None:
    await add(db, "k")
    (old,) = await claim(db, "w1", START, limit=1, lease=LEASE)
    (new,) = await claim(db, "w2", START + LEASE, limit=1, lease=LEASE)
    assert new.maybe_sent and new.attempts == 2
    assert await mark_sent(db, old, MessageRef("D1", "1.0"), START) is False
    assert await mark_sent(db, new, MessageRef("D1", "2.0"), START + LEASE) is True
    assert (await row(db, "k")).sent_ref == {"conversation_id": "D1", "message_id": "2.0"}


async def test_cancel_skips_a_pending_delivery(db: Database) -> None:
    await add(db, "k")
    async with db.transaction(all_tenants=True) as session:
        assert await cancel(session, TENANT, "k") is True
        assert await cancel(session, TENANT, "k") is False
    assert await claim(db, "w1", START, limit=10) == []
    assert (await row(db, "k")).status == "skipped"


async def test_due_query_is_served_by_the_partial_index(db: Database) -> None:
    sql = due_query(START, 50).compile(db.engine, compile_kwargs={"literal_binds": True})
    async with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            # On a tiny table PostgreSQL prefers a scan; forbid it to see the index is usable.
            await conn.execute(text("SET enable_seqscan = off"))
            plan = (await conn.execute(text(f"EXPLAIN {sql}"))).scalars().all()
        else:
            plan = [r[-1] for r in await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    assert "ix_deliveries_due" in " ".join(plan), plan


# ----- dispatching ------------------------------------------------------------------------


async def test_sends_dms_and_posts_with_the_key_in_metadata(
    db: Database, fake_time: FakeTime
) -> None:
    await add(db, "checkin:7:2027-01", target="U1", kind=DeliveryKind.DM)
    await add(db, "campaign:3:2027-01-17", target="C1", kind=DeliveryKind.POST)
    messenger = RecordingMessenger(fake_time)
    report = await make_dispatcher(db, messenger, fake_time).drain()
    assert (report.claimed, report.sent) == (2, 2)
    assert sorted((s.how, s.target) for s in messenger.sent) == [("dm", "U1"), ("post", "C1")]
    assert sorted(messenger.delivered_keys()) == ["campaign:3:2027-01-17", "checkin:7:2027-01"]
    stored = await row(db, "checkin:7:2027-01")
    assert stored.status == "sent" and stored.sent_at == START
    ref = next(s.ref for s in messenger.sent if s.target == "U1")
    assert stored.sent_ref == {"conversation_id": ref.conversation_id, "message_id": ref.message_id}
    assert await statuses(db) == {"sent": 2}


async def test_each_tenant_gets_its_own_delivery(db: Database, fake_time: FakeTime) -> None:
    other = Tenant("slack", "T0OTHER")
    await add(db, "welcome:U1", tenant=TENANT)
    await add(db, "welcome:U1", tenant=other)
    messenger = RecordingMessenger(fake_time)
    await make_dispatcher(db, messenger, fake_time).drain()
    assert sorted(s.tenant.workspace_id for s in messenger.sent) == ["T0OTHER", "T0TWIN"]


async def test_transient_failures_retry_with_exponential_backoff(
    db: Database, fake_time: FakeTime
) -> None:
    await add(db, "k", target="U1")
    messenger = RecordingMessenger(fake_time)
    messenger.fail["U1"] = [DeliveryError("internal_error", permanent=False)] * 2
    dispatcher = make_dispatcher(db, messenger, fake_time)

    assert (await dispatcher.drain()).retried == 1
    first = await row(db, "k")
    # base 30 s * 2^0, jitter factor 0.5 + 0.5/2 = 0.75
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "internal_error")
    assert first.next_attempt_at == START + timedelta(seconds=22.5)
    fake_time.advance(22.4)
    assert (await dispatcher.drain()).claimed == 0  # not yet
    fake_time.advance(0.1)
    assert (await dispatcher.drain()).retried == 1
    second = await row(db, "k")
    assert second.next_attempt_at == fake_time.now() + timedelta(seconds=45)  # 60 s * 0.75
    fake_time.advance(45)
    assert (await dispatcher.drain()).sent == 1
    done = await row(db, "k")
    assert (done.status, done.attempts) == ("sent", 3)
    assert len(messenger.sent) == 1


async def test_gives_up_after_max_attempts(db: Database, fake_time: FakeTime) -> None:
    await add(db, "k", target="U1")
    messenger = RecordingMessenger(fake_time)
    messenger.fail["U1"] = [DeliveryError("internal_error", permanent=False)] * 10
    policy = RetryPolicy(max_attempts=3, base_delay=timedelta(seconds=1))
    dispatcher = make_dispatcher(db, messenger, fake_time, retry=policy)
    for _ in range(5):
        await dispatcher.drain()
        fake_time.advance(3600)
    failed = await row(db, "k")
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.last_error == "gave up after 3 attempts: internal_error"
    assert len(messenger.attempts) == 3


async def test_permanent_failures_are_recorded_not_retried(
    db: Database, fake_time: FakeTime
) -> None:
    await add(db, "k", target="U1")
    messenger = RecordingMessenger(fake_time)
    messenger.fail["U1"] = [DeliveryError("user_not_found", permanent=True)]
    report = await make_dispatcher(db, messenger, fake_time).drain()
    assert (report.failed, report.retried) == (1, 0)
    failed = await row(db, "k")
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", 1, "user_not_found")
    fake_time.advance(86400)
    assert (await make_dispatcher(db, messenger, fake_time).drain()).claimed == 0


async def test_retry_after_pauses_the_workspace_and_does_not_count(
    db: Database, fake_time: FakeTime
) -> None:
    await add(db, "a", target="U1", due_at=START - timedelta(seconds=2))
    await add(db, "b", target="U2", due_at=START - timedelta(seconds=1))
    messenger = RecordingMessenger(fake_time)
    messenger.fail["U1"] = [DeliveryError("ratelimited", permanent=False, retry_after=30)]
    pacer = Pacer(600, 1.0, clock=fake_time.monotonic, sleep=fake_time.sleep)
    dispatcher = make_dispatcher(db, messenger, fake_time, pacer=pacer, concurrency=1)

    report = await dispatcher.run_once()
    assert (report.rate_limited, report.sent) == (1, 1)
    assert [(s.target, s.at) for s in messenger.sent] == [("U2", 30.0)]  # waited Retry-After
    limited = await row(db, "a")
    assert (limited.status, limited.attempts) == ("pending", 0)
    assert limited.next_attempt_at == START + timedelta(seconds=30 * 1.05)
    fake_time.advance(2)
    assert (await dispatcher.drain()).sent == 1
    assert (await row(db, "a")).attempts == 1


async def test_unknown_outcome_is_looked_up_before_sending_again(
    db: Database, fake_time: FakeTime
) -> None:
    class AnswerLost(LookupMessenger):
        async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef:
            await super().send_dm(tenant, user_id, message)
            raise TimeoutError("the platform posted it, but its answer never came")

    await add(db, "k", target="U1")
    messenger = AnswerLost(fake_time)
    dispatcher = make_dispatcher(db, messenger, fake_time)
    assert (await dispatcher.drain()).retried == 1
    assert (await row(db, "k")).maybe_sent is True
    fake_time.advance(3600)
    report = await dispatcher.drain()
    assert (report.found, report.sent) == (1, 0)
    assert len(messenger.sent) == 1
    assert messenger.lookups == [("U1", "k", START - timedelta(minutes=5))]
    assert (await row(db, "k")).status == "sent"


async def test_expired_claim_is_checked_then_sent_once(db: Database, fake_time: FakeTime) -> None:
    """A worker claimed two rows, sent one, and died before recording anything."""
    await add(db, "sent-before-crash", target="U1")
    await add(db, "never-sent", target="U2")
    messenger = LookupMessenger(fake_time)
    crashed = await claim(db, "dead-worker", START, limit=10, lease=LEASE)
    first = crashed[0]
    await messenger.send_dm(
        first.tenant, first.target, replace(first.message, metadata=delivery_metadata(first.key))
    )

    dispatcher = make_dispatcher(db, messenger, fake_time, worker_id="w2")
    assert (await dispatcher.drain()).claimed == 0  # the dead worker's lease still runs
    fake_time.advance(LEASE.total_seconds())
    report = await dispatcher.drain()
    assert (report.claimed, report.found, report.sent) == (2, 1, 1)
    # Each exactly once.
    assert sorted(messenger.delivered_keys()) == ["never-sent", "sent-before-crash"]
    recovered = await row(db, "sent-before-crash")
    assert (recovered.status, recovered.attempts, recovered.claimed_by) == ("sent", 2, "w2")
    assert recovered.sent_ref == {"conversation_id": "D-U1", "message_id": "1.000"}
    assert (await row(db, "never-sent")).status == "sent"


async def test_without_a_lookup_an_expired_claim_is_sent_again(
    db: Database, fake_time: FakeTime
) -> None:
    """The documented fallback: a messenger that cannot look gives at-least-once."""
    await add(db, "k", target="U1")
    messenger = RecordingMessenger(fake_time)
    (item,) = await claim(db, "dead-worker", START, limit=1, lease=LEASE)
    await messenger.send_dm(item.tenant, item.target, item.message)
    fake_time.advance(LEASE.total_seconds())
    assert (await make_dispatcher(db, messenger, fake_time).drain()).sent == 1
    assert len(messenger.sent) == 2


async def test_pacing_spaces_a_fan_out(db: Database, fake_time: FakeTime) -> None:
    for n in range(5):
        await add(db, f"dm{n}", target=f"U{n}", due_at=START - timedelta(seconds=5 - n))
    for n in range(3):
        await add(db, f"post{n}", target="C1", kind=DeliveryKind.POST)
    messenger = RecordingMessenger(fake_time)
    pacer = Pacer(
        60,
        1.0,
        workspace_burst=1,
        channel_margin=0.0,
        clock=fake_time.monotonic,
        sleep=fake_time.sleep,
    )
    report = await make_dispatcher(db, messenger, fake_time, pacer=pacer).drain()
    assert report.sent == 8
    times = sorted(s.at for s in messenger.sent)
    assert times == [float(n) for n in range(8)]  # 60/min for the workspace: one a second
    posts = [s.at for s in messenger.sent if s.target == "C1"]
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(posts))
    in_channel = [k for k in messenger.delivered_keys() if k and k.startswith("post")]
    assert in_channel == ["post0", "post1", "post2"]  # one conversation keeps its order


async def test_a_claim_near_its_lease_end_is_handed_back(db: Database, fake_time: FakeTime) -> None:
    for n in range(3):
        await add(db, f"post{n}", target="C1", kind=DeliveryKind.POST)
    messenger = RecordingMessenger(fake_time)
    pacer = Pacer(None, 1.0, clock=fake_time.monotonic, sleep=fake_time.sleep)
    dispatcher = make_dispatcher(
        db, messenger, fake_time, pacer=pacer, lease=timedelta(seconds=2), lease_use=0.8
    )
    report = await dispatcher.run_once()
    assert (report.sent, report.released) == (2, 1)  # the third would go at 2 s > 1.6 s
    released = await row(db, "post2")
    assert (released.status, released.attempts) == ("pending", 0)
    assert (await dispatcher.run_once()).sent == 1


def test_backoff_doubles_caps_and_jitters() -> None:
    policy = RetryPolicy(base_delay=timedelta(seconds=10), max_delay=timedelta(seconds=60))
    assert policy.backoff(1, 0.0) == timedelta(seconds=5)
    assert policy.backoff(1, 1.0) == timedelta(seconds=10)
    assert policy.backoff(3, 1.0) == timedelta(seconds=40)
    assert policy.backoff(10, 1.0) == timedelta(seconds=60)
    assert policy.backoff(10, 0.0) == timedelta(seconds=30)


async def test_prune_removes_only_old_finished_rows(db: Database, fake_time: FakeTime) -> None:
    old = START - timedelta(days=100)
    await add(db, "old-sent", target="U1", due_at=old)
    await add(db, "old-cancelled", target="U2", due_at=old)
    await add(db, "recent-sent", target="U3")
    async with db.transaction(all_tenants=True) as session:
        await cancel(session, TENANT, "old-cancelled")  # skipped counts as finished
    await add(db, "old-still-due", target="U4", due_at=old)
    await make_dispatcher(db, RecordingMessenger(fake_time), fake_time).drain()
    await add(db, "future", target="U5", due_at=START + timedelta(days=1))
    assert await prune(db, START, retention=timedelta(days=90)) == 3
    assert await statuses(db) == {"sent": 1, "pending": 1}

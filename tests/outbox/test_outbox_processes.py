"""Real processes against one database and the Slack twin: every message goes out exactly once.

- two dispatcher processes share one PostgreSQL outbox;
- a dispatcher is SIGKILLed in the middle of a fan-out and another one takes over.

The twin counts what it was sent: chat.postMessage calls that succeeded, per delivery key (the
key travels in the message metadata).
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select, text

from bot.mentoring.ports import Message
from handlers.slack.messenger import SlackMessenger
from outbox.dispatcher import Dispatcher
from outbox.pacing import Pacer
from outbox.store import DEFAULT_LEASE, DeliveryKind, claim, delivery_key, enqueue
from sandbox.slack_twin import SlackTwin
from storage.base import utcnow
from storage.database import Database
from storage.models import Delivery
from tests.outbox.conftest import TENANT

ROOT = Path(__file__).resolve().parents[2]
SECRET, TOKEN = "outbox-signing-secret", "xoxb-outbox-token"


@pytest.fixture
async def twin() -> AsyncIterator[SlackTwin]:
    async with SlackTwin(signing_secret=SECRET, bot_token=TOKEN, team_id=TENANT.workspace_id) as t:
        yield t


def users(count: int) -> list[str]:
    return [f"U{n:05d}" for n in range(count)]


async def fan_out(db: Database, twin: SlackTwin, count: int) -> list[str]:
    """A campaign DM to `count` people, enqueued as one job would."""
    people = users(count)
    for user in people:
        twin.add_user(user, user.lower())
    async with db.transaction(all_tenants=True) as session:
        for user in people:
            message = Message(text=f"Happy #ThankYourMentor Day, <@{user}>!")
            await enqueue(
                session, TENANT, f"campaign:9:{user}", DeliveryKind.DM, user, message, utcnow()
            )
    return [f"campaign:9:{user}" for user in people]


def delivered(twin: SlackTwin) -> Counter[str | None]:
    return Counter(
        delivery_key(call.args.get("metadata"))
        for call in twin.calls("chat.postMessage")
        if call.ok
    )


async def start_worker(db: Database, twin: SlackTwin, worker_id: str, *options: str) -> Any:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.outbox.outbox_worker",
        db.url,
        twin.api_url,
        TOKEN,
        worker_id,
        *options,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: Any) -> dict[str, int]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    report: dict[str, int] = json.loads(out.decode().strip().splitlines()[-1])
    return report


async def status_counts(db: Database) -> dict[str, int]:
    async with db.transaction(all_tenants=True) as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        return {status: count for status, count in rows.all()}


async def restart(db: Database, twin: SlackTwin) -> dict[str, int]:
    """A new dispatcher, started once the dead one's leases have run out.

    It looks for the deliveries whose outcome is unknown with SlackMessenger.find_delivered,
    through the twin's conversations.history, as it would in Slack.
    """
    dispatcher = Dispatcher(
        db,
        SlackMessenger(AsyncWebClient(base_url=twin.api_url, token=TOKEN)),
        pacer=Pacer(6000, 1.0),
        worker_id="restarted",
        now=lambda: utcnow() + DEFAULT_LEASE,  # as if restarted after the lease, without waiting
    )
    report = await dispatcher.drain()
    return vars(report)


@pytest.mark.postgres
async def test_two_processes_deliver_each_message_once(pg_db: Database, twin: SlackTwin) -> None:
    keys = await fan_out(pg_db, twin, 300)
    # 50/s each: the run lasts seconds, so both processes are claiming at the same time.
    options = ("--per-minute", "3000", "--batch-size", "10")
    first, second = [await start_worker(pg_db, twin, w, *options) for w in ("w-a", "w-b")]
    reports = await asyncio.gather(finish(first), finish(second))

    assert delivered(twin) == Counter(keys)  # every key once: none lost, none twice
    assert sum(r["sent"] for r in reports) == 300
    assert all(r["sent"] > 0 for r in reports), reports  # both really took part
    assert await status_counts(pg_db) == {"sent": 300}
    async with pg_db.transaction(all_tenants=True) as session:
        workers = await session.execute(
            select(Delivery.claimed_by, func.count()).group_by(Delivery.claimed_by)
        )
        by_worker = dict(workers.all())
    assert by_worker == {"w-a": reports[0]["sent"], "w-b": reports[1]["sent"]}


@pytest.mark.postgres
async def test_concurrent_claims_skip_locked_rows(pg_db: Database) -> None:
    """Two engines, two real transactions: the second claim skips what the first has locked."""
    async with pg_db.transaction(all_tenants=True) as session:
        for n in range(6):
            message = Message(text=str(n))
            await enqueue(session, TENANT, f"k{n}", DeliveryKind.DM, f"U{n}", message, utcnow())
    other = Database(pg_db.url)
    try:
        async with pg_db.engine.connect() as holder:
            await holder.execute(text("BEGIN"))
            locked = (
                await holder.execute(
                    text("SELECT key FROM deliveries ORDER BY next_attempt_at LIMIT 3 FOR UPDATE")
                )
            ).scalars()
            held = set(locked)
            got = await asyncio.wait_for(claim(other, "w2", utcnow(), limit=10), timeout=10)
            await holder.execute(text("ROLLBACK"))
    finally:
        await other.dispose()
    assert len(held) == 3
    assert {c.key for c in got} == {f"k{n}" for n in range(6)} - held  # no wait, no overlap


@pytest.mark.parametrize("kill", ["from-outside", "right-after-a-send"])
async def test_killed_mid_fan_out_then_restarted(db: Database, twin: SlackTwin, kill: str) -> None:
    keys = await fan_out(db, twin, 60)
    if kill == "from-outside":
        worker = await start_worker(db, twin, "doomed", "--per-minute", "1200")
        await twin.wait_for(lambda: sum(delivered(twin).values()) >= 20, timeout=60)
        worker.send_signal(signal.SIGKILL)
    else:
        worker = await start_worker(db, twin, "doomed", "--die-after-sends", "25")
    await asyncio.wait_for(worker.wait(), timeout=60)
    assert worker.returncode == -signal.SIGKILL

    before = delivered(twin)
    after_crash = await status_counts(db)
    assert 20 <= sum(before.values()) < 60
    assert after_crash.get("pending", 0) + after_crash.get("claimed", 0) > 0

    report = await restart(db, twin)

    assert delivered(twin) == Counter(keys)  # exactly once each, across the crash
    assert await status_counts(db) == {"sent": 60}
    if kill == "right-after-a-send":
        # The 25th message reached Slack but its row was never marked; so, perhaps, did a send
        # to another conversation that was in flight at that instant. Each is found, not resent.
        in_flight = sum(before.values()) - after_crash["sent"]
        assert report["found"] == in_flight >= 1, (report, after_crash)
        assert twin.calls("conversations.history"), "the restart looked before sending again"
        assert after_crash["sent"] <= 24
    assert report["sent"] + report["found"] + after_crash.get("sent", 0) == 60
    assert report["claimed"] == 60 - after_crash.get("sent", 0)

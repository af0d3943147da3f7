"""Starting a pair survives crashes, timeouts and replicas (issue #15): every accepted pair ends
with exactly one space and exactly one introduction.

- a real bot process (tests/outbox/pair_start_worker.py) is SIGKILLed between each step of
  starting a pair, then a restarted one finishes the job (SQLite and PostgreSQL);
- the twin times out, resets the connection or answers 503 at each Slack call of the flow,
  before or after the call took effect;
- two replicas on one PostgreSQL start the same pairs at once.

"One space" is counted in the twin: the channels named for the pair (`mentoring-<id>-…`) and
the group DMs holding its two members. "One introduction" is chat.postMessage calls that
succeeded with the pair's intro delivery key in their metadata.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, update

from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.pairing.use_cases import Pairings
from handlers.slack.messenger import SlackMessenger
from outbox.dispatcher import Dispatcher
from outbox.pacing import Pacer
from outbox.store import DEFAULT_LEASE, SqlOutbox, delivery_key
from sandbox.slack_twin import SlackTwin
from storage.base import utcnow
from storage.database import Database
from storage.models import Delivery, Pairing, Program
from tests.outbox.conftest import TENANT
from tests.outbox.pair_start_worker import COORDINATOR

ROOT = Path(__file__).resolve().parents[2]
SECRET, TOKEN = "pair-start-secret", "xoxb-pair-start"


@pytest.fixture
async def twin() -> AsyncIterator[SlackTwin]:
    async with SlackTwin(signing_secret=SECRET, bot_token=TOKEN, team_id=TENANT.workspace_id) as t:
        t.fault_timeout_seconds = 0.6  # answers this late; the bot's client waits 0.3 s
        yield t


async def accepted_by_mentors(db: Database, twin: SlackTwin, count: int, space: str) -> list[int]:
    """`count` pairs invited and accepted by their mentors; each mentee has yet to answer."""
    membership = Membership(db, Bootstrap(coordinators=(COORDINATOR,)))
    twin.add_user(COORDINATOR, "coord")
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, TENANT)
        program.pair_space = space
        rows = []
        for n in range(count):
            mentor, mentee = f"U1{n:04d}", f"U2{n:04d}"
            twin.add_user(mentor, f"mentor{n}")
            twin.add_user(mentee, f"mentee{n}")
            rows.append(
                Pairing(
                    platform=TENANT.platform,
                    workspace_id=TENANT.workspace_id,
                    program_id=program.id,
                    mentor_id=mentor,
                    mentee_id=mentee,
                    status="awaiting",
                    score=0.9,
                    reasons=["You share: budgeting"],
                    mentor_answer="accepted",
                    proposed_at=utcnow(),
                    invited_at=utcnow(),
                )
            )
        session.add_all(rows)
        await session.flush()
        return [p.id for p in rows]


async def start_worker(db: Database, twin: SlackTwin, worker_id: str, *options: str) -> Any:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.outbox.pair_start_worker", db.url, twin.api_url, TOKEN,
        worker_id, "--timeout", "0.3", *options, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(process: Any) -> dict[str, Any]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()[-3000:]
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result


def intros(twin: SlackTwin) -> Counter[str | None]:
    return Counter(
        delivery_key(call.args.get("metadata"))
        for call in twin.calls("chat.postMessage")
        # an answer lost after the post took effect ("…:after") still posted it
        if (call.ok or str(call.error).endswith(":after"))
        and str(delivery_key(call.args.get("metadata"))).endswith(":intro")
    )


async def assert_each_started_once(db: Database, twin: SlackTwin, ids: list[int]) -> None:
    async with db.transaction(all_tenants=True) as session:
        pairs = {p.id: p for p in await session.scalars(select(Pairing))}
        steps = Counter(
            status
            for status in await session.scalars(
                select(Delivery.status).where(Delivery.kind == "open_space")
            )
        )
    assert intros(twin) == Counter(f"pair:{i}:intro" for i in ids)  # one introduction each
    assert steps == {"sent": len(ids)}
    group_dms = twin.group_dms()
    for pairing_id in ids:
        pair = pairs[pairing_id]
        assert pair.status == "active" and pair.conversation_id, pair.status
        channels = twin.channels_named(f"mentoring-{pairing_id}")
        holding = [dm for dm, members in group_dms if {pair.mentor_id, pair.mentee_id} <= members]
        assert len(channels) + len(holding) == 1, (channels, holding)  # exactly one space
        space = channels[0]["id"] if channels else holding[0]
        assert pair.conversation_id == space
        assert {pair.mentor_id, pair.mentee_id} <= twin.channel_members(space)
        intro = [m for m in twin.channel_messages(space) if "Welcome" in str(m.get("text"))]
        assert len(intro) == 1


KILLS = [
    ("private_channel", "accepted"),
    ("private_channel", "created"),
    ("private_channel", "opened"),
    ("private_channel", "recorded"),
    ("private_channel", "introduced"),
    ("group_dm", "opened"),
]


@pytest.mark.parametrize(("space", "step"), KILLS)
async def test_killed_at_each_step_of_starting_a_pair_then_restarted(
    db: Database, twin: SlackTwin, space: str, step: str
) -> None:
    ids = await accepted_by_mentors(db, twin, 2, space)
    doomed = await start_worker(db, twin, "doomed", "--die-at", step)
    await asyncio.wait_for(doomed.wait(), timeout=60)
    assert doomed.returncode == -signal.SIGKILL, (await doomed.stderr.read()).decode()[-2000:]
    async with db.transaction(all_tenants=True) as session:
        statuses = set(await session.scalars(select(Pairing.status)))
    assert "active" not in statuses or step in ("recorded", "introduced")

    # The restarted bot, once the dead one's leases ran out (its clock is a lease ahead).
    clock = [utcnow() + DEFAULT_LEASE]
    pairings, dispatcher = bot_parts(db, twin, clock)
    async with db.transaction(all_tenants=True) as session:
        waiting = list(
            await session.execute(
                select(Pairing.id, Pairing.mentee_id).where(Pairing.status == "awaiting")
            )
        )
    for pairing_id, mentee in waiting:
        await pairings.answer(TENANT, mentee, pairing_id, accept=True)
    await dispatcher.drain()

    await assert_each_started_once(db, twin, ids)
    if step == "accepted":  # the first answer committed before the kill; the restart did one
        assert len(waiting) == 1
    if space == "private_channel":
        assert len(twin.calls("conversations.create")) == len(ids)  # never a second channel


def bot_parts(db: Database, twin: SlackTwin, clock: list[Any]) -> tuple[Pairings, Dispatcher]:
    client = AsyncWebClient(base_url=twin.api_url, token=TOKEN, timeout=0.3, retry_handlers=[])
    messenger = SlackMessenger(client)
    outbox = SqlOutbox()

    def now() -> Any:
        return clock[0]

    membership = Membership(db, Bootstrap(coordinators=(COORDINATOR,)), now, outbox)
    pairings = Pairings(db, membership, messenger, outbox, now)
    dispatcher = Dispatcher(
        db, messenger, pacer=Pacer(60000, None, workspace_burst=100), now=now, steps=pairings
    )
    return pairings, dispatcher


# Each Slack call of the flow fails once: a timeout or a reset after the call took effect (the
# caller can't know it did), or a 503 before it did.
FAULTS = [
    ("private_channel", "conversations.list", "5xx", False),
    ("private_channel", "users.info", "reset", False),
    ("private_channel", "conversations.create", "timeout", True),
    ("private_channel", "conversations.create", "reset", True),
    ("private_channel", "conversations.members", "5xx", False),
    ("private_channel", "conversations.invite", "reset", True),
    ("private_channel", "chat.postMessage", "timeout", True),
    ("group_dm", "conversations.open", "timeout", True),
    ("group_dm", "conversations.open", "5xx", False),
    ("group_dm", "chat.postMessage", "reset", True),
]


@pytest.mark.parametrize(("space", "method", "kind", "after"), FAULTS)
async def test_slack_failing_at_each_step_still_starts_each_pair_once(
    db: Database, twin: SlackTwin, space: str, method: str, kind: str, after: bool
) -> None:
    [pairing_id] = await accepted_by_mentors(db, twin, 1, space)
    clock = [utcnow()]
    pairings, dispatcher = bot_parts(db, twin, clock)
    twin.inject_fault(method, kind, after=after)  # type: ignore[arg-type]
    async with db.transaction(all_tenants=True) as session:
        mentee = await session.scalar(select(Pairing.mentee_id))
    await pairings.answer(TENANT, str(mentee), pairing_id, accept=True)
    for _ in range(4):  # each retry falls due after its backoff
        await dispatcher.drain()
        clock[0] += timedelta(minutes=10)

    assert any(call.error and call.error.startswith("fault:") for call in twin.calls(method))
    await assert_each_started_once(db, twin, [pairing_id])


@pytest.mark.postgres
async def test_two_replicas_starting_the_same_pairs_open_one_space_each(
    pg_db: Database, twin: SlackTwin
) -> None:
    ids = await accepted_by_mentors(pg_db, twin, 24, "private_channel")
    first, second = [await start_worker(pg_db, twin, w) for w in ("replica-a", "replica-b")]
    results = await asyncio.gather(finish(first), finish(second))

    await assert_each_started_once(pg_db, twin, ids)
    assert len(twin.calls("conversations.create")) == len(ids)
    assert sum(r["report"]["sent"] for r in results) == 2 * len(ids)  # 24 steps + 24 intros
    assert sum(r["answered"] for r in results) >= len(ids)


async def test_a_pair_left_active_without_a_space_before_0010_is_started_by_the_planner(
    db: Database, twin: SlackTwin
) -> None:
    """Pairs issue #15 lost are `starting` after migration 0010; the planner queues their step."""
    [pairing_id] = await accepted_by_mentors(db, twin, 1, "group_dm")
    # What migration 0010 leaves of a lost pair
    async with db.transaction(all_tenants=True) as session:
        await session.execute(update(Pairing).values(status="starting", mentee_answer="accepted"))
        await session.execute(update(Program).values(pair_space="group_dm"))
    clock = [utcnow()]
    pairings, dispatcher = bot_parts(db, twin, clock)
    assert (await pairings.plan(TENANT, clock[0])).enqueued == 1
    assert (await pairings.plan(TENANT, clock[0])).enqueued == 0  # queued once
    await dispatcher.drain()
    await assert_each_started_once(db, twin, [pairing_id])

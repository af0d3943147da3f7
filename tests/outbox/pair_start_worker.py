"""One bot process starting pairs against a database and a Slack twin; tests start it.

    python -m tests.outbox.pair_start_worker DATABASE_URL API_URL TOKEN WORKER_ID [options]

It answers "accept" for every mentee still to answer (the mentors accepted already), which
starts those pairs, then runs the dispatcher until nothing is due: it opens each pair's space
and posts each introduction. `--die-at STEP` makes the process SIGKILL itself the first time it
reaches STEP, the way a crash would stop it there:

- accepted: the acceptance (pair `starting`, space step queued) has committed; nothing sent
- created: Slack created the private channel; nobody invited, nothing recorded
- opened: the space is open (members in it); nothing recorded
- recorded: the pair is active and its introduction queued; the step not yet marked done
- introduced: Slack posted the introduction; its delivery not yet marked sent

`--late` runs as a replica restarted after the dead one's leases ran out (its clock is a lease
ahead). Prints {"answered": n, "report": DispatchReport} as JSON when done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import PairStatus, Tenant
from bot.mentoring.pairing.use_cases import Pairings
from bot.mentoring.ports import Message, MessageRef, PairSpace, SpaceKind
from handlers.slack.messenger import SlackMessenger
from outbox.dispatcher import Dispatcher
from outbox.pacing import Pacer
from outbox.store import DEFAULT_LEASE, DeliveryStatus, SqlOutbox
from storage.base import utcnow
from storage.database import Database
from storage.models import Delivery, Pairing

TENANT = Tenant("slack", "T0TWIN")
COORDINATOR = "U0COORD"
STEPS = ("accepted", "created", "opened", "recorded", "introduced")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class DyingMessenger(SlackMessenger):
    def __init__(self, client: AsyncWebClient, die_at: str | None) -> None:
        super().__init__(client)
        self.die_at = die_at

    async def _create_channel(self, name: str) -> dict[str, Any]:
        created = await super()._create_channel(name)
        if self.die_at == "created":
            die()
        return created

    async def open_pair_space(
        self, tenant: Tenant, members: Any, kind: SpaceKind, name_hint: str
    ) -> PairSpace:
        space = await super().open_pair_space(tenant, members, kind, name_hint)
        if self.die_at == "opened":
            die()
        return space

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        ref = await super().post(tenant, conversation_id, message)
        if self.die_at == "introduced":
            die()
        return ref


class DyingSteps:
    def __init__(self, pairings: Pairings, die_at: str | None) -> None:
        self._pairings = pairings
        self._die_at = die_at

    async def open_space(self, tenant: Tenant, target: str, *, last_attempt: bool) -> MessageRef:
        ref = await self._pairings.open_space(tenant, target, last_attempt=last_attempt)
        if self._die_at == "recorded":
            die()
        return ref


async def main(args: argparse.Namespace) -> None:
    db = Database(args.database_url)
    shift = [DEFAULT_LEASE if args.late else timedelta(0)]

    def now() -> datetime:
        return utcnow() + shift[0]

    client = AsyncWebClient(
        base_url=args.api_url, token=args.token, timeout=args.timeout, retry_handlers=[]
    )
    messenger = DyingMessenger(client, args.die_at)
    outbox = SqlOutbox()
    membership = Membership(db, Bootstrap(coordinators=(COORDINATOR,)), now, outbox)
    pairings = Pairings(db, membership, messenger, outbox, now)
    dispatcher = Dispatcher(
        db,
        messenger,
        pacer=Pacer(60000, None, workspace_burst=100),
        worker_id=args.worker_id,
        now=now,
        steps=DyingSteps(pairings, args.die_at),
    )
    answered = 0
    try:
        async with db.transaction(all_tenants=True) as session:
            waiting = list(
                await session.execute(
                    select(Pairing.id, Pairing.mentee_id)
                    .where(Pairing.status == PairStatus.AWAITING)
                    .order_by(Pairing.id)
                )
            )
        for pairing_id, mentee in waiting:
            await pairings.answer(TENANT, mentee, pairing_id, accept=True)
            answered += 1
            if args.die_at == "accepted":
                die()
        report = await dispatcher.drain()
        # A process that keeps running would send what a slow answer put off (a call past the
        # client's short timeout is "outcome unknown" and retried after a backoff): move this
        # process's clock to each retry, as time would, until nothing is left pending.
        for _ in range(5):
            async with db.read(all_tenants=True) as session:
                later = await session.scalar(
                    select(func.max(Delivery.next_attempt_at)).where(
                        Delivery.status == DeliveryStatus.PENDING.value
                    )
                )
            if later is None:
                break
            shift[0] += max(later - now(), timedelta(0)) + timedelta(seconds=1)
            retried = await dispatcher.drain()
            report.sent += retried.sent
    finally:
        await db.dispose()
    print(json.dumps({"answered": answered, "report": asdict(report)}), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("api_url")
    parser.add_argument("token")
    parser.add_argument("worker_id")
    parser.add_argument("--die-at", choices=STEPS)
    parser.add_argument("--late", action="store_true")
    parser.add_argument("--timeout", type=float, default=5.0)
    asyncio.run(main(parser.parse_args()))

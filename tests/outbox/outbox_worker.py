"""One outbox dispatcher process against a database and a Slack twin; tests start it.

    python -m tests.outbox.outbox_worker DATABASE_URL API_URL TOKEN WORKER_ID [options]

Prints the DispatchReport as JSON when the outbox is drained. `--die-after-sends N` makes the
process SIGKILL itself right after the N-th send is accepted and before it is recorded: the
worst moment for a crash, on purpose.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
from dataclasses import asdict

from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.ports import Message, MessageRef
from handlers.slack.messenger import SlackMessenger
from outbox.dispatcher import Dispatcher, DispatcherConfig
from outbox.pacing import Pacer
from storage.database import Database


class DiesAfterSends(SlackMessenger):
    def __init__(self, client: AsyncWebClient, sends: int) -> None:
        super().__init__(client)
        self._left = sends

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        ref = await super().post(tenant, conversation_id, message)
        self._left -= 1
        if self._left <= 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return ref


async def main(args: argparse.Namespace) -> None:
    db = Database(args.database_url)
    client = AsyncWebClient(base_url=args.api_url, token=args.token)
    messenger = (
        DiesAfterSends(client, args.die_after_sends)
        if args.die_after_sends
        else SlackMessenger(client)
    )
    dispatcher = Dispatcher(
        db,
        messenger,
        pacer=Pacer(args.per_minute, None, workspace_burst=1),
        config=DispatcherConfig(batch_size=args.batch_size, concurrency=args.concurrency),
        worker_id=args.worker_id,
    )
    try:
        report = await dispatcher.drain()
    finally:
        await db.dispose()
    print(json.dumps(asdict(report)), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("api_url")
    parser.add_argument("token")
    parser.add_argument("worker_id")
    parser.add_argument("--per-minute", type=float, default=6000.0)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--die-after-sends", type=int, default=0)
    asyncio.run(main(parser.parse_args()))

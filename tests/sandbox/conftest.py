"""Fixtures: a started SlackTwin with a few people, and a tiny real Bolt app served over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import SlackTwin
from tests.sandbox.samples import SECRET, TOKEN, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def twin(clock: FakeClock) -> AsyncIterator[SlackTwin]:
    async with SlackTwin(signing_secret=SECRET, bot_token=TOKEN, clock=clock) as twin:
        twin.add_user("U1", "alice", "Alice Archer")
        twin.add_user("U2", "bob", "Bob Baker", tz="Europe/Berlin")
        twin.add_user("U3", "carol")
        twin.add_channel("C1", "general", members=("U1", "U2", twin.bot_user_id))
        yield twin


@pytest.fixture
def client(twin: SlackTwin) -> AsyncWebClient:
    return AsyncWebClient(base_url=twin.api_url, token=TOKEN)


@pytest.fixture
async def bolt(twin: SlackTwin) -> AsyncIterator[AsyncApp]:
    """A real AsyncApp on 127.0.0.1:<random port>; tests register listeners on it."""
    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(base_url=twin.api_url, token=TOKEN))
    runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    twin.bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        yield app
    finally:
        await runner.cleanup()

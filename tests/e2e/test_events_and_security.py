"""Events are handled once; unsigned or stale requests change nothing."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import func, select

from storage.models import Member
from tests.e2e.conftest import BEN, CARA, COMMUNITY, Stack


async def test_newcomer_in_the_community_channel_gets_one_welcome(stack: Stack) -> None:
    twin = stack.twin
    await twin.user_joins_channel(CARA, COMMUNITY)
    await twin.wait_for(lambda: len(twin.dms(CARA)) == 1)
    welcome = twin.render(twin.dms(CARA)[0])
    assert "Welcome to the community" in welcome and "[Join the program]" in welcome
    event = {
        "type": "member_joined_channel",
        "user": CARA,
        "channel": COMMUNITY,
        "channel_type": "C",
        "team": twin.team_id,
    }
    # Slack's retry carries the same event_id: it must not send a second DM.
    first = twin.calls("chat.postMessage")
    await twin.send_event(event, event_id="Ev0RETRY", retry_num=None)
    await twin.send_event(event, event_id="Ev0RETRY", retry_num=1)
    assert len(twin.calls("chat.postMessage")) == len(first)
    assert len(twin.dms(CARA)) == 1
    # Nobody is enrolled by joining a channel.
    async with stack.bot.db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(Member)) == 0


async def test_bad_or_stale_signature_gets_401_and_changes_nothing(stack: Stack) -> None:
    twin = stack.twin
    body = urlencode(
        {
            "command": "/mentor",
            "text": "pause",
            "user_id": BEN,
            "team_id": twin.team_id,
            "channel_id": COMMUNITY,
            "response_url": f"{twin.api_url}none",
            "trigger_id": "1.2.3",
        }
    ).encode()
    forged = {**twin.sign(body, int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}
    stale = twin.sign(body, int(time.time()) - 10 * 60)
    for headers in (forged, stale):
        response = await twin.send_raw(
            body, {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        )
        assert response.status == 401
    assert twin.ephemerals(BEN) == []


async def test_health_endpoint(stack: Stack) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{stack.base_url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}


async def test_health_fails_once_the_dispatcher_has_stopped(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug that ends the outbox loop must not leave a bot that looks healthy but sends
    nothing: /healthz says so, and the log has the traceback."""

    async def broken() -> None:
        raise RuntimeError("a bug in the dispatcher")

    monkeypatch.setattr(stack.bot.dispatcher, "run_once", broken)
    stack.bot.outbox.wake()
    health: tuple[int, object] = (0, None)
    async with aiohttp.ClientSession() as http:
        for _ in range(100):  # the loop notices at its next turn, a few event-loop steps away
            async with http.get(f"{stack.base_url}/healthz") as response:
                health = (response.status, await response.json())
            if health[0] == 503:
                break
            await asyncio.sleep(0.01)
    assert health == (503, {"ok": False, "dispatcher": "stopped"})
    assert any("the dispatcher stopped" in r.message for r in caplog.records)

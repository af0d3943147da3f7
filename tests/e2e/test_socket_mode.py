"""The real bot in Socket Mode: it dials the twin's WebSocket and everything arrives over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web

from bot.app import MentorBot
from bot.config import Settings
from sandbox.slack_twin import SlackTwin
from storage.database import Database
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, COMMUNITY, COORD, MENTOR_ANSWER, TEAM, TOKEN

APP_TOKEN = "xapp-1-e2e-socket-token"


@dataclass
class SocketStack:
    twin: SlackTwin
    bot: MentorBot
    http_posts: list[str] = field(default_factory=list)  # anything that reached the Request URL
    port: int = 0


async def _tripwire(posts: list[str]) -> web.AppRunner:
    """A Request URL that records every POST: in Socket Mode nothing may arrive here."""

    async def record(request: web.Request) -> web.Response:
        posts.append(await request.text())
        return web.Response(status=500)

    app = web.Application()
    app.router.add_post("/slack/events", record)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


@pytest.fixture
async def socket_stack(db: Database, clock: MovableClock) -> AsyncIterator[SocketStack]:
    twin = SlackTwin(
        signing_secret="unused-in-socket-mode",
        bot_token=TOKEN,
        app_token=APP_TOKEN,
        team_id=TEAM,
        team_domain="acme",
    )
    await twin.start()
    twin.add_user(COORD, "casey", real_name="Casey Coordinator", tz="America/Chicago")
    twin.add_user(ANA, "ana", real_name="Ana Alvarez", tz="America/Denver")
    twin.add_channel(COMMUNITY, "mentoring-community", members=[twin.bot_user_id, COORD])
    posts: list[str] = []
    tripwire = await _tripwire(posts)
    twin.bot_url = f"http://127.0.0.1:{tripwire.addresses[0][1]}/slack/events"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=TOKEN,
        slack_app_token=APP_TOKEN,
        slack_api_url=twin.api_url,
        database_url=db.url,
        mentorbot_coordinators=[COORD],
        mentorbot_timezone="America/Chicago",
        mentorbot_community_channel=COMMUNITY,
    )
    bot = MentorBot(settings, clock=clock)
    try:
        port = await bot.start(host="127.0.0.1", port=0)
        await twin.wait_for(lambda: twin.socket_connections == 1)
        yield SocketStack(twin, bot, posts, port)
    finally:
        await bot.stop()
        await twin.stop()
        await tripwire.cleanup()


def _only_over_the_socket(stack: SocketStack) -> None:
    assert stack.http_posts == []
    assert stack.twin.deliveries("http") == []
    assert stack.twin.deliveries("socket"), "nothing was delivered at all"


async def test_the_bot_connects_with_its_app_token(socket_stack: SocketStack) -> None:
    twin = socket_stack.twin
    [opened] = twin.calls("apps.connections.open")
    assert opened.ok and str(opened.response["url"]).startswith("ws://127.0.0.1:")
    assert twin.over_socket and twin.socket_connections_opened == 1


async def test_commands_and_the_join_modal_work_over_the_socket(
    socket_stack: SocketStack,
) -> None:
    twin = socket_stack.twin
    response = await twin.send_command(ANA, "help")
    assert response.status == 200
    await twin.wait_for(lambda: len(twin.ephemerals(ANA)) == 1)
    assert "/mentor join" in twin.render(twin.ephemerals(ANA)[0])

    await twin.send_command(ANA, "join")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)

    # The ack payload carries response_action=errors, just as the HTTP body would.
    response = await twin.submit_view(ANA, {**MENTOR_ANSWER, "capacity": "0"})
    assert isinstance(response.body, dict) and response.body["response_action"] == "errors"
    assert twin.view_errors(ANA) == {
        "capacity": "As a mentor, tell us how many mentees you can take (1 to 5)."
    }
    assert twin.dms(ANA) == []

    response = await twin.submit_view(ANA, {"capacity": "2"})
    assert response.status == 200
    await twin.wait_for(lambda: twin.open_view(ANA) is None and len(twin.dms(ANA)) == 1)
    assert "Thanks for applying" in twin.dms(ANA)[0]["text"]
    await twin.wait_for(lambda: twin.home_view(ANA) is not None)  # the last follow-up

    kinds = [d.kind for d in twin.deliveries()]
    assert kinds == ["slash_commands", "slash_commands", "interactive", "interactive"]
    _only_over_the_socket(socket_stack)
    assert twin.protocol_errors == []


async def test_events_arrive_over_the_socket(socket_stack: SocketStack) -> None:
    twin = socket_stack.twin
    response = await twin.open_home(ANA)
    assert response.status == 200
    await twin.wait_for(lambda: twin.home_view(ANA) is not None)
    assert twin.calls("views.publish")[-1].args["user_id"] == ANA
    assert [d.kind for d in twin.deliveries()] == ["events_api"]
    _only_over_the_socket(socket_stack)


async def test_socket_mode_serves_no_unsigned_http_door(socket_stack: SocketStack) -> None:
    """Socket Mode skips signature checks, so the HTTP port must not accept Slack requests."""
    base = f"http://127.0.0.1:{socket_stack.port}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/slack/events", data={"command": "/mentor"}) as response:
            assert response.status == 404
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200

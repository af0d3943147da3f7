"""Socket Mode: apps.connections.open, the /link/ WebSocket, envelopes and acks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import Delivery, SlackTwin, TwinResponse
from sandbox.twin.socket_mode import command_envelope, event_envelope, interactive_envelope
from tests.sandbox.samples import TOKEN, home_view, signup_modal

APP_TOKEN = "xapp-twin-token"  # SlackTwin's default


async def _socket_url(twin: SlackTwin) -> str:
    response = await AsyncWebClient(base_url=twin.api_url).apps_connections_open(
        app_token=twin.app_token
    )
    return str(response["url"])


@asynccontextmanager
async def raw_socket(twin: SlackTwin) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A bare WebSocket client, past the hello, for checking the wire format by hand."""
    url = await _socket_url(twin)
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        hello = await ws.receive_json()
        assert hello["type"] == "hello"
        assert hello["connection_info"] == {"app_id": "A0TWIN"}
        await twin.wait_for(lambda: twin.socket_connections == 1)
        yield ws


@pytest.fixture
async def socket_bolt(twin: SlackTwin) -> AsyncIterator[AsyncApp]:
    """A real AsyncApp connected to the twin through slack_bolt's Socket Mode handler."""
    app = AsyncApp(
        client=AsyncWebClient(base_url=twin.api_url, token=TOKEN),
        signing_secret="",
        request_verification_enabled=False,
    )
    handler = AsyncSocketModeHandler(app, APP_TOKEN)
    await handler.connect_async()
    await twin.wait_for(lambda: twin.socket_connections == 1)
    try:
        yield app
    finally:
        await handler.close_async()
        await twin.wait_for(lambda: twin.socket_connections == 0)


# ----- envelopes --------------------------------------------------------------------------------


def test_envelopes_are_shaped_like_slacks() -> None:
    command = command_envelope({"command": "/mentor", "text": "help"})
    assert set(command) == {"envelope_id", "type", "payload", "accepts_response_payload"}
    assert command["type"] == "slash_commands" and command["accepts_response_payload"] is True
    assert command["payload"] == {"command": "/mentor", "text": "help"}

    submission = interactive_envelope({"type": "view_submission"})
    click = interactive_envelope({"type": "block_actions"})
    assert submission["type"] == click["type"] == "interactive"
    assert submission["accepts_response_payload"] is True
    assert click["accepts_response_payload"] is False
    assert submission["envelope_id"] != click["envelope_id"]

    first = event_envelope({"type": "event_callback"}, retry_reason="http_timeout")
    assert (first["retry_attempt"], first["retry_reason"]) == (0, "")
    assert first["accepts_response_payload"] is False
    retry = event_envelope({"type": "event_callback"}, retry_num=2, retry_reason="http_timeout")
    assert (retry["retry_attempt"], retry["retry_reason"]) == (2, "http_timeout")


# ----- connecting -------------------------------------------------------------------------------


async def test_connections_open_needs_the_app_token(twin: SlackTwin) -> None:
    url = await _socket_url(twin)
    assert url.startswith(f"ws://127.0.0.1:{twin.port}/link/?ticket=")
    api = AsyncWebClient(base_url=twin.api_url)
    with pytest.raises(SlackApiError) as bot_token:
        await api.apps_connections_open(app_token=TOKEN)
    assert bot_token.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as wrong:
        await api.apps_connections_open(app_token="xapp-wrong")
    assert wrong.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as app_token_for_bot_method:
        await AsyncWebClient(base_url=twin.api_url, token=APP_TOKEN).auth_test()
    assert app_token_for_bot_method.value.response["error"] == "not_allowed_token_type"


async def test_a_ticket_opens_one_connection(twin: SlackTwin) -> None:
    url = await _socket_url(twin)
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as ws:
            assert (await ws.receive_json())["type"] == "hello"
            with pytest.raises(aiohttp.WSServerHandshakeError) as reused:
                await session.ws_connect(url)
            assert reused.value.status == 401
        await twin.wait_for(lambda: twin.socket_connections == 0)
    assert twin.socket_connections_opened == 1


async def test_auto_delivery_switches_to_the_socket_once_connected(twin: SlackTwin) -> None:
    assert twin.delivery == "auto" and not twin.over_socket
    async with raw_socket(twin):
        assert twin.over_socket
    await twin.wait_for(lambda: twin.socket_connections == 0)
    assert twin.over_socket  # like an app with Socket Mode enabled: no falling back to HTTP
    twin.delivery = "http"
    assert not twin.over_socket


# ----- envelopes and acks on the wire -----------------------------------------------------------


async def test_the_ack_payload_is_the_answer(twin: SlackTwin) -> None:
    async with raw_socket(twin) as ws:
        sending = asyncio.create_task(twin.send_command("U1", "help"))
        sent = await ws.receive_json()
        assert sent["type"] == "slash_commands" and sent["accepts_response_payload"] is True
        assert sent["payload"]["text"] == "help" and sent["payload"]["user_id"] == "U1"
        await ws.send_json({"envelope_id": sent["envelope_id"], "payload": {"text": "Hi!"}})
        assert await sending == TwinResponse(200, {"text": "Hi!"}, {})
        assert [e["text"] for e in twin.ephemerals("U1")] == ["Hi!"]

        event = asyncio.create_task(twin.send_event({"type": "app_home_opened", "user": "U1"}))
        sent_event = await ws.receive_json()
        assert sent_event["type"] == "events_api"
        assert sent_event["payload"]["event"]["type"] == "app_home_opened"
        await ws.send_json({"envelope_id": sent_event["envelope_id"]})
        assert await event == TwinResponse(200, None, {})
    assert twin.deliveries() == [
        Delivery("socket", "slash_commands", sent["envelope_id"]),
        Delivery("socket", "events_api", sent_event["envelope_id"]),
    ]


async def test_no_ack_in_time_is_a_timeout(twin: SlackTwin) -> None:
    twin.ack_timeout_seconds = 0.2
    async with raw_socket(twin) as ws:
        with pytest.raises(AssertionError, match="operation_timeout"):
            await twin.send_command("U1", "help")
        late = await ws.receive_json()
        await ws.send_json({"envelope_id": late["envelope_id"], "payload": {"text": "late"}})
        assert twin.ephemerals("U1") == []  # a late ack is dropped, as by Slack
        assert await twin.send_event({"type": "app_home_opened", "user": "U1"}) == TwinResponse(
            0, None, {}
        )


async def test_socket_delivery_without_a_connection_fails_to_dispatch(twin: SlackTwin) -> None:
    twin.delivery = "socket"
    twin.ack_timeout_seconds = 0.1
    twin.strict = False
    response = await twin.send_command("U1", "help")
    assert response.status == 0
    assert twin.protocol_errors == ["/mentor: dispatch_failed (no Socket Mode connection is open)"]
    assert twin.transcript("U1")[-1].startswith('[error] /mentor failed with the error "dispatch')


async def test_stop_closes_the_socket_and_fails_what_is_in_flight(twin: SlackTwin) -> None:
    async with raw_socket(twin) as ws:
        sending = asyncio.create_task(twin.send_command("U1", "help"))
        await ws.receive_json()
        stopping = asyncio.create_task(twin.stop())
        closed = await ws.receive()
        await stopping
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert closed.data == aiohttp.WSCloseCode.GOING_AWAY
        with pytest.raises(AssertionError, match="dispatch_failed"):
            await sending


# ----- a real Bolt app over Socket Mode ---------------------------------------------------------


async def test_bolt_over_the_socket(twin: SlackTwin, socket_bolt: AsyncApp) -> None:
    @socket_bolt.command("/mentor")
    async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack("Opening the form")
        await client.views_open(trigger_id=body["trigger_id"], view=signup_modal())

    @socket_bolt.view("signup")
    async def on_submit(ack: Any) -> None:
        await ack(response_action="errors", errors={"goals": "Tell us a bit more"})

    @socket_bolt.event("app_home_opened")
    async def on_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.views_publish(user_id=event["user"], view=home_view())

    response = await twin.send_command("U1", "join")
    assert response.status == 200
    assert [e["text"] for e in twin.ephemerals("U1")] == ["Opening the form"]
    await twin.wait_for(lambda: twin.open_view("U1") is not None)
    response = await twin.submit_view("U1", {"goals": "grow", "topics": ["go"]})
    assert response.body == {"response_action": "errors", "errors": {"goals": "Tell us a bit more"}}
    assert twin.view_errors("U1") == {"goals": "Tell us a bit more"}
    await twin.open_home("U1")
    await twin.wait_for(lambda: twin.home_view("U1") is not None)
    assert twin.deliveries("http") == []


async def test_bolt_reconnects_when_asked(twin: SlackTwin, socket_bolt: AsyncApp) -> None:
    @socket_bolt.command("/mentor")
    async def on_command(ack: Any) -> None:
        await ack("still here")

    await twin.request_socket_reconnect()
    await twin.wait_for(lambda: twin.socket_connections_opened == 2)
    await twin.wait_for(lambda: twin.socket_connections == 1)
    assert len(twin.calls("apps.connections.open")) == 2
    assert (await twin.send_command("U1", "ping")).body == {"text": "still here"}

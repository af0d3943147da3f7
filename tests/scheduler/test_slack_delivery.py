"""What the outbox needs from SlackMessenger: Retry-After on a 429, the key in metadata."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.ports import DeliveryError, Message
from bot.sandbox.slack_twin import SlackTwin
from handlers.slack.messenger import SlackMessenger
from scheduler.outbox import delivery_key, delivery_metadata
from tests.scheduler.conftest import TENANT

TOKEN = "xoxb-delivery-token"


@pytest.fixture
async def twin() -> AsyncIterator[SlackTwin]:
    async with SlackTwin(signing_secret="s", bot_token=TOKEN, team_id=TENANT.workspace_id) as t:
        t.add_user("U1", "ana")
        yield t


def messenger(twin: SlackTwin) -> SlackMessenger:
    return SlackMessenger(AsyncWebClient(base_url=twin.api_url, token=TOKEN))


async def test_a_429_is_transient_and_carries_retry_after(twin: SlackTwin) -> None:
    twin.inject_429("chat.postMessage", times=1, retry_after=7)
    with pytest.raises(DeliveryError) as raised:
        await messenger(twin).send_dm(TENANT, "U1", Message(text="hello"))
    assert (raised.value.reason, raised.value.permanent) == ("ratelimited", False)
    assert raised.value.retry_after == 7.0


async def test_other_errors_have_no_retry_after(twin: SlackTwin) -> None:
    with pytest.raises(DeliveryError) as raised:
        await messenger(twin).post(TENANT, "C0GONE", Message(text="hello"))
    assert (raised.value.reason, raised.value.permanent) == ("channel_not_found", True)
    assert raised.value.retry_after is None


async def test_the_delivery_key_travels_in_message_metadata(twin: SlackTwin) -> None:
    message = Message(text="hello", metadata=delivery_metadata("checkin:7:2027-01"))
    ref = await messenger(twin).send_dm(TENANT, "U1", message)
    (stored,) = twin.channel_messages(ref.conversation_id)
    assert delivery_key(stored.get("metadata")) == "checkin:7:2027-01"
    assert stored["ts"] == ref.message_id


async def test_messages_without_metadata_send_none(twin: SlackTwin) -> None:
    await messenger(twin).send_dm(TENANT, "U1", Message(text="hello"))
    (call,) = twin.calls("chat.postMessage")
    assert "metadata" not in call.args

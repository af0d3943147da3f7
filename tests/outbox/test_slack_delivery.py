"""What the outbox needs from SlackMessenger: Retry-After on a 429, the key in metadata, and
finding a delivered message again by that key (find_delivered)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.ports import DeliveryError, Message
from handlers.slack.messenger import SlackMessenger
from outbox.store import delivery_key, delivery_metadata
from sandbox.slack_twin import SlackTwin
from tests.outbox.conftest import TENANT

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


# ----- find_delivered: the lookup the dispatcher makes before re-sending ----------------------


def since(ts: str, seconds: float = 0.0) -> datetime:
    return datetime.fromtimestamp(float(ts) + seconds, tz=UTC)


async def test_find_delivered_finds_the_dm_carrying_the_key(twin: SlackTwin) -> None:
    slack = messenger(twin)
    await slack.send_dm(TENANT, "U1", Message(text="other", metadata=delivery_metadata("k0")))
    ref = await slack.send_dm(TENANT, "U1", Message(text="hi", metadata=delivery_metadata("k1")))
    await slack.send_dm(TENANT, "U1", Message(text="plain"))

    found = await slack.find_delivered(TENANT, "U1", "k1", since(ref.message_id, -60))

    assert found == ref
    assert found is not None and found.conversation_id == twin.dm_channel_id("U1")
    (history,) = twin.calls("conversations.history")
    assert history.args["channel"] == twin.dm_channel_id("U1")
    assert history.args["oldest"] == f"{float(ref.message_id) - 60:.6f}"


async def test_find_delivered_in_a_channel(twin: SlackTwin) -> None:
    twin.add_channel("G1", "pair", members=("U1", twin.bot_user_id), is_private=True)
    slack = messenger(twin)
    ref = await slack.post(TENANT, "G1", Message(text="hi", metadata=delivery_metadata("k1")))
    assert await slack.find_delivered(TENANT, "G1", "k1", since(ref.message_id, -1)) == ref
    assert not twin.calls("conversations.open")  # a conversation id needs no opening


async def test_find_delivered_finds_nothing(twin: SlackTwin) -> None:
    slack = messenger(twin)
    ref = await slack.send_dm(TENANT, "U1", Message(text="hi", metadata=delivery_metadata("k1")))
    start = since(ref.message_id, -60)
    assert await slack.find_delivered(TENANT, "U1", "k2", start) is None
    # Sent before `since`: not looked at.
    assert await slack.find_delivered(TENANT, "U1", "k1", since(ref.message_id, 1)) is None
    # Nobody was ever sent anything: an empty DM, not an error.
    twin.add_user("W2", "bo")
    assert await slack.find_delivered(TENANT, "W2", "k1", start) is None


async def test_find_delivered_pages_through_history(twin: SlackTwin) -> None:
    slack = messenger(twin)
    ref = await slack.send_dm(TENANT, "U1", Message(text="hi", metadata=delivery_metadata("k1")))
    for n in range(450):  # newest first: k1 is on the third page of 200
        await slack.send_dm(TENANT, "U1", Message(text=str(n), metadata=delivery_metadata(f"x{n}")))

    assert await slack.find_delivered(TENANT, "U1", "k1", since(ref.message_id, -1)) == ref

    pages = twin.calls("conversations.history")
    assert len(pages) == 3
    assert [len(p.response["messages"]) for p in pages] == [200, 200, 51]
    # slack_sdk sends these form-encoded, as strings.
    assert all(str(p.args["limit"]) == "200" for p in pages)
    assert all(str(p.args["include_all_metadata"]) in ("1", "true", "True") for p in pages)
    assert "cursor" not in pages[0].args
    assert pages[1].args["cursor"] == pages[0].response["response_metadata"]["next_cursor"]


async def test_find_delivered_maps_slack_errors(twin: SlackTwin) -> None:
    twin.add_channel("G9", "secret", members=("U1",), is_private=True)
    slack = messenger(twin)
    start = datetime.now(UTC)
    with pytest.raises(DeliveryError) as raised:
        await slack.find_delivered(TENANT, "G9", "k1", start)
    assert (raised.value.reason, raised.value.permanent) == ("not_in_channel", True)
    with pytest.raises(DeliveryError) as raised:
        await slack.find_delivered(TENANT, "U404", "k1", start)
    assert (raised.value.reason, raised.value.permanent) == ("user_not_found", True)
    twin.inject_429("conversations.history", times=1, retry_after=3)
    with pytest.raises(DeliveryError) as raised:
        await slack.find_delivered(TENANT, "U1", "k1", start)
    assert (raised.value.reason, raised.value.permanent, raised.value.retry_after) == (
        "ratelimited",
        False,
        3.0,
    )

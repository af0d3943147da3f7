"""The twin's conversations.history, exercised with slack_sdk's real AsyncWebClient."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import SlackTwin


async def post(client: AsyncWebClient, channel: str, count: int, **extra: Any) -> list[str]:
    """Post `count` messages ("m0", "m1", ...); their ts, oldest first."""
    return [
        (await client.chat_postMessage(channel=channel, text=f"m{n}", **extra))["ts"]
        for n in range(count)
    ]


async def error_of(client: AsyncWebClient, **args: Any) -> str:
    with pytest.raises(SlackApiError) as info:
        await client.conversations_history(**args)
    return str(info.value.response["error"])


async def test_newest_first_with_defaults(client: AsyncWebClient) -> None:
    stamps = await post(client, "C1", 3)
    data = (await client.conversations_history(channel="C1")).data
    assert [m["ts"] for m in data["messages"]] == stamps[::-1]
    assert [m["text"] for m in data["messages"]] == ["m2", "m1", "m0"]
    assert data["has_more"] is False
    assert data["response_metadata"]["next_cursor"] == ""
    assert data["messages"][0]["bot_id"] == "B0BOT"


async def test_oldest_and_latest_are_exclusive_unless_inclusive(client: AsyncWebClient) -> None:
    stamps = await post(client, "C1", 5)

    async def texts(**args: Any) -> list[str]:
        data = (await client.conversations_history(channel="C1", **args)).data
        return [m["text"] for m in data["messages"]]

    assert await texts(oldest=stamps[1], latest=stamps[3]) == ["m2"]
    assert await texts(oldest=stamps[1], latest=stamps[3], inclusive=True) == ["m3", "m2", "m1"]
    assert await texts(oldest=stamps[3]) == ["m4"]
    assert await texts(latest=stamps[1]) == ["m0"]
    assert await texts(oldest=stamps[4]) == []


async def test_limit_and_cursor_page_through_everything(client: AsyncWebClient) -> None:
    stamps = await post(client, "C1", 7)
    first = (await client.conversations_history(channel="C1", limit=3)).data
    assert [m["text"] for m in first["messages"]] == ["m6", "m5", "m4"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    assert cursor
    # A message posted between pages does not shift the next page.
    await post(client, "C1", 1)
    second = (await client.conversations_history(channel="C1", limit=3, cursor=cursor)).data
    assert [m["text"] for m in second["messages"]] == ["m3", "m2", "m1"]
    assert second["has_more"] is True
    cursor = second["response_metadata"]["next_cursor"]
    third = (await client.conversations_history(channel="C1", limit=3, cursor=cursor)).data
    assert [m["ts"] for m in third["messages"]] == [stamps[0]]
    assert third["has_more"] is False
    assert third["response_metadata"]["next_cursor"] == ""


async def test_cursor_keeps_the_time_bounds(client: AsyncWebClient) -> None:
    stamps = await post(client, "C1", 6)
    seen: list[str] = []
    cursor = None
    while True:
        data = (
            await client.conversations_history(
                channel="C1", oldest=stamps[1], limit=2, cursor=cursor
            )
        ).data
        seen += [m["text"] for m in data["messages"]]
        cursor = data["response_metadata"]["next_cursor"]
        if not data["has_more"]:
            break
    assert seen == ["m5", "m4", "m3", "m2"]


async def test_limit_is_capped_at_999_and_defaults_to_100(
    client: AsyncWebClient, twin: SlackTwin
) -> None:
    await post(client, "C1", 101)
    default = (await client.conversations_history(channel="C1")).data
    assert len(default["messages"]) == 100
    assert default["has_more"] is True
    assert len((await client.conversations_history(channel="C1", limit=5000))["messages"]) == 101


async def test_metadata_only_with_include_all_metadata(client: AsyncWebClient) -> None:
    metadata = {"event_type": "mentorbot_delivery", "event_payload": {"key": "k1"}}
    await client.chat_postMessage(channel="C1", text="hi", metadata=metadata)
    plain = (await client.conversations_history(channel="C1")).data["messages"][0]
    assert "metadata" not in plain
    full = (await client.conversations_history(channel="C1", include_all_metadata=True)).data
    assert full["messages"][0]["metadata"] == metadata  # the plain read did not strip it


async def test_thread_replies_are_left_out(client: AsyncWebClient) -> None:
    parent = (await client.chat_postMessage(channel="C1", text="parent"))["ts"]
    await client.chat_postMessage(channel="C1", text="reply", thread_ts=parent)
    data = (await client.conversations_history(channel="C1")).data
    assert [m["text"] for m in data["messages"]] == ["parent"]


async def test_dm_history_by_conversation_id(client: AsyncWebClient, twin: SlackTwin) -> None:
    await client.chat_postMessage(channel="U1", text="hello")
    dm = (await client.conversations_open(users="U1"))["channel"]["id"]
    data = (await client.conversations_history(channel=dm)).data
    assert [m["text"] for m in data["messages"]] == ["hello"]
    # Like Slack, a user id is not a conversation id here.
    assert await error_of(client, channel="U1") == "channel_not_found"


async def test_errors(client: AsyncWebClient, twin: SlackTwin) -> None:
    twin.add_channel("G1", "secret", members=("U1",), is_private=True)
    twin.add_channel("C2", "random", members=("U1",))
    assert await error_of(client, channel="") == "channel_not_found"
    assert await error_of(client, channel="C404") == "channel_not_found"
    assert await error_of(client, channel="G1") == "not_in_channel"
    assert await error_of(client, channel="C2") == "not_in_channel"
    assert await error_of(client, channel="C1", oldest="yesterday") == "invalid_ts_oldest"
    assert await error_of(client, channel="C1", latest="nan") == "invalid_ts_latest"
    assert await error_of(client, channel="C1", cursor="bm9wZQ==") == "invalid_cursor"
    assert [c.ok for c in twin.calls("conversations.history")] == [False] * 7

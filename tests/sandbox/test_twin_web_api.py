"""The twin's Web API, exercised with slack_sdk's real AsyncWebClient over HTTP."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import SlackTwin
from tests.sandbox.samples import TOKEN, FakeClock

MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "signup",
    "title": {"type": "plain_text", "text": "Sign up"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "goals",
            "label": {"type": "plain_text", "text": "Goals"},
            "element": {"type": "plain_text_input", "action_id": "v"},
        }
    ],
}


def button(text: str, action_id: str = "go", value: str = "1") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": value,
    }


async def api_error(call: Any) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        await call
    return info.value


async def test_auth_test_identifies_the_bot(client: AsyncWebClient, twin: SlackTwin) -> None:
    data = (await client.auth_test()).data
    assert data["user_id"] == twin.bot_user_id == "U0BOT"
    assert data["bot_id"] == "B0BOT"
    assert data["team_id"] == "T0TWIN"


async def test_auth_is_required(twin: SlackTwin) -> None:
    wrong = AsyncWebClient(base_url=twin.api_url, token="xoxb-wrong")
    assert (await api_error(wrong.auth_test())).response["error"] == "invalid_auth"
    async with (
        aiohttp.ClientSession() as session,
        session.post(twin.api_url + "auth.test") as resp,
    ):
        assert (await resp.json())["error"] == "not_authed"
    assert [c.error for c in twin.calls("auth.test")] == ["invalid_auth", "not_authed"]


async def test_unknown_method(client: AsyncWebClient) -> None:
    err = await api_error(client.api_call("chat.scheduleTeleport", json={"x": 1}))
    assert err.response["error"] == "unknown_method"


async def test_users_info(client: AsyncWebClient) -> None:
    user = (await client.users_info(user="U2")).data["user"]
    assert user["name"] == "bob"
    assert user["real_name"] == user["profile"]["real_name"] == "Bob Baker"
    assert user["tz"] == "Europe/Berlin"
    assert user["tz_offset"] in (3600, 7200)
    assert user["is_bot"] is False
    err = await api_error(client.users_info(user="U404"))
    assert err.response["error"] == "user_not_found"


async def test_post_to_user_id_lands_in_the_dm(client: AsyncWebClient, twin: SlackTwin) -> None:
    posted = await client.chat_postMessage(
        channel="U1",
        text="Welcome!",
        metadata={"event_type": "welcome", "event_payload": {"n": 1}},
    )
    opened = await client.conversations_open(users="U1")
    assert posted["channel"] == opened["channel"]["id"] == twin.dm_channel_id("U1")
    assert posted["channel"].startswith("D")
    [message] = twin.dms("U1")
    assert message["text"] == "Welcome!"
    assert message["ts"] == posted["ts"]
    assert message["metadata"]["event_type"] == "welcome"
    assert twin.transcript("U1") == ["[DM] Welcome!"]
    assert twin.dms("U2") == []


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
async def test_post_message_errors(client: AsyncWebClient, twin: SlackTwin) -> None:
    twin.add_channel("G1", "secret", members=("U1",), is_private=True)

    async def error_of(**kwargs: Any) -> str:
        return str((await api_error(client.chat_postMessage(**kwargs))).response["error"])

    assert await error_of(channel="C1") == "no_text"
    assert await error_of(channel="C404", text="hi") == "channel_not_found"
    assert await error_of(channel="G1", text="hi") == "not_in_channel"
    assert await error_of(channel="C1", text="x" * 40_001) == "msg_too_long"
    assert await error_of(channel="C1", text="x", metadata={"event_payload": {}}) == (
        "invalid_metadata_format"
    )
    assert twin.channel_messages("C1") == []


@pytest.mark.parametrize(
    ("blocks", "fragment"),
    [
        ([{"type": "actions", "elements": [button("x" * 76)]}], "/blocks/0/elements/0/text/text"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}] * 51, "less than 51"),
        (MODAL["blocks"], "only allowed in modals"),
        (
            [
                {"type": "divider", "block_id": "same"},
                {"type": "divider", "block_id": "same"},
            ],
            "already exists",
        ),
        (
            [{"type": "actions", "elements": [button("A", "dup"), button("B", "dup")]}],
            "'dup' already exists in this block",
        ),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": ""}}], "more than 0"),
        ([{"type": "carousel_of_dreams"}], "unsupported block type"),
        (
            [
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": "pick"},
                    "accessory": {
                        "type": "static_select",
                        "action_id": "s",
                        "options": [{"text": {"type": "plain_text", "text": "A"}, "value": "a"}],
                        "initial_option": {
                            "text": {"type": "plain_text", "text": "B"},
                            "value": "b",
                        },
                    },
                }
            ],
            "initial_option must match",
        ),
    ],
)
async def test_invalid_blocks_are_rejected(
    client: AsyncWebClient, twin: SlackTwin, blocks: list[dict[str, Any]], fragment: str
) -> None:
    err = await api_error(client.chat_postMessage(channel="C1", text="t", blocks=blocks))
    assert err.response["error"] == "invalid_blocks"
    assert any(fragment in e for e in err.response["errors"]), err.response["errors"]
    assert twin.channel_messages("C1") == []


async def test_blocks_get_generated_ids(client: AsyncWebClient, twin: SlackTwin) -> None:
    blocks = [
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Go"}}],
        }
    ]
    await client.chat_postMessage(channel="C1", text="t", blocks=blocks)
    [stored] = twin.channel_messages("C1")
    assert stored["blocks"][0]["block_id"]
    assert stored["blocks"][0]["elements"][0]["action_id"]


async def test_post_ephemeral(client: AsyncWebClient, twin: SlackTwin) -> None:
    err = await api_error(client.chat_postEphemeral(channel="C1", user="U3", text="psst"))
    assert err.response["error"] == "user_not_in_channel"
    resp = await client.chat_postEphemeral(channel="C1", user="U1", text="psst")
    assert resp["message_ts"]
    assert [e["text"] for e in twin.ephemerals("U1")] == ["psst"]
    assert twin.ephemerals("U2") == []
    assert twin.channel_messages("C1") == []


async def test_chat_update(client: AsyncWebClient, twin: SlackTwin) -> None:
    posted = await client.chat_postMessage(channel="U1", text="v1")
    # Slack wants the D… id for updates; the user id is not a conversation.
    err = await api_error(client.chat_update(channel="U1", ts=posted["ts"], text="v2"))
    assert err.response["error"] == "channel_not_found"
    err = await api_error(client.chat_update(channel=posted["channel"], ts="1.0", text="v2"))
    assert err.response["error"] == "message_not_found"
    await client.chat_update(channel=posted["channel"], ts=posted["ts"], text="v2")
    assert [m["text"] for m in twin.dms("U1")] == ["v2"]
    assert twin.transcript("U1")[-1] == "[DM updated] v2"


async def test_conversations_open_ids_are_stable(client: AsyncWebClient) -> None:
    first = (await client.conversations_open(users="U1"))["channel"]["id"]
    again = await client.conversations_open(users="U1")
    assert again["channel"]["id"] == first and again["already_open"] is True
    group = (await client.conversations_open(users="U1,U2"))["channel"]["id"]
    same_group = (await client.conversations_open(users=["U2", "U1"]))["channel"]["id"]
    assert group == same_group and group.startswith("G") and group != first
    other = (await client.conversations_open(users="U1,U3"))["channel"]["id"]
    assert other != group
    err = await api_error(client.conversations_open(users=",".join(["U1"] * 9)))
    assert err.response["error"] == "too_many_users"
    err = await api_error(client.conversations_open(users="U404"))
    assert err.response["error"] == "user_not_found"


async def test_conversations_info_and_members(client: AsyncWebClient, twin: SlackTwin) -> None:
    info = (await client.conversations_info(channel="C1"))["channel"]
    assert info["name"] == "general" and info["is_member"] is True
    first = await client.conversations_members(channel="C1", limit=2)
    assert len(first["members"]) == 2
    cursor = first["response_metadata"]["next_cursor"]
    rest = await client.conversations_members(channel="C1", limit=2, cursor=cursor)
    assert set(first["members"]) | set(rest["members"]) == {"U1", "U2", "U0BOT"}
    assert rest["response_metadata"]["next_cursor"] == ""
    twin.add_channel("G9", "hidden", members=("U1",), is_private=True)
    err = await api_error(client.conversations_info(channel="G9"))
    assert err.response["error"] == "channel_not_found"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "invalid_name_required"),
        ("a" * 81, "invalid_name_maxlength"),
        ("Mentors", "invalid_name_specials"),
        ("mentor circle", "invalid_name_specials"),
        ("--", "invalid_name_punctuation"),
        ("general", "name_taken"),
    ],
)
async def test_conversations_create_name_rules(
    client: AsyncWebClient, name: str, error: str
) -> None:
    err = await api_error(client.conversations_create(name=name))
    assert err.response["error"] == error


async def test_create_and_invite(client: AsyncWebClient, twin: SlackTwin) -> None:
    created = (await client.conversations_create(name="pair-alice-bob", is_private=True))["channel"]
    assert created["is_private"] is True
    await client.conversations_invite(channel=created["id"], users="U1,U2")
    assert twin.channel_members(created["id"]) == {"U0BOT", "U1", "U2"}
    err = await api_error(client.conversations_invite(channel=created["id"], users="U1"))
    assert err.response["error"] == "already_in_channel"
    err = await api_error(client.conversations_invite(channel=created["id"], users="U404"))
    assert err.response["error"] == "user_not_found"


async def test_views_open_trigger_rules(
    client: AsyncWebClient, twin: SlackTwin, clock: FakeClock
) -> None:
    err = await api_error(client.views_open(trigger_id="made-up", view=MODAL))
    assert err.response["error"] == "invalid_trigger_id"
    trigger = twin.issue_trigger("U1")
    opened = await client.views_open(trigger_id=trigger, view=MODAL)
    assert opened["view"]["id"].startswith("V") and opened["view"]["hash"]
    assert twin.open_view("U1")["callback_id"] == "signup"
    err = await api_error(client.views_open(trigger_id=trigger, view=MODAL))
    assert err.response["error"] == "exchanged_trigger_id"
    late = twin.issue_trigger("U2")
    clock.advance(3.5)
    err = await api_error(client.views_open(trigger_id=late, view=MODAL))
    assert err.response["error"] == "expired_trigger_id"
    assert twin.open_view("U2") is None


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"title": {"type": "plain_text", "text": "x" * 25}}, "/view/title/text"),
        ({"submit": None}, "/view/submit"),
        ({"private_metadata": "m" * 3001}, "/view/private_metadata"),
        ({"close": {"type": "plain_text", "text": "c" * 25}}, "/view/close/text"),
        ({"blocks": [{"type": "divider"}] * 101}, "less than 101"),
    ],
)
async def test_invalid_views_are_rejected(
    client: AsyncWebClient, twin: SlackTwin, change: dict[str, Any], fragment: str
) -> None:
    view = {**MODAL, **change}
    view = {k: v for k, v in view.items() if v is not None}
    err = await api_error(client.views_open(trigger_id=twin.issue_trigger("U1"), view=view))
    assert err.response["error"] == "invalid_arguments"
    messages = err.response["response_metadata"]["messages"]
    assert any(fragment in m for m in messages), messages


async def test_views_update_push_and_publish(client: AsyncWebClient, twin: SlackTwin) -> None:
    view = {**MODAL, "external_id": "signup-U1"}
    opened = (await client.views_open(trigger_id=twin.issue_trigger("U1"), view=view))["view"]
    err = await api_error(client.views_update(view_id=opened["id"], hash="stale", view=view))
    assert err.response["error"] == "hash_conflict"
    renamed = {**view, "title": {"type": "plain_text", "text": "Step 2"}}
    updated = (await client.views_update(external_id="signup-U1", view=renamed))["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert twin.open_view("U1")["title"]["text"] == "Step 2"
    for _ in range(2):
        await client.views_push(trigger_id=twin.issue_trigger("U1"), view=MODAL)
    err = await api_error(client.views_push(trigger_id=twin.issue_trigger("U1"), view=MODAL))
    assert err.response["error"] == "push_limit_reached"
    err = await api_error(client.views_update(view_id="V404", view=MODAL))
    assert err.response["error"] == "not_found"

    home = {"type": "home", "blocks": [*MODAL["blocks"], {"type": "divider"}]}
    published = (await client.views_publish(user_id="U2", view=home))["view"]
    republished = (await client.views_publish(user_id="U2", view=home))["view"]
    assert published["id"] == republished["id"]
    assert twin.home_view("U2")["type"] == "home"
    err = await api_error(client.views_publish(user_id="U2", view=MODAL))
    assert err.response["error"] == "invalid_arguments"
    err = await api_error(client.views_publish(user_id="U404", view=home))
    assert err.response["error"] == "user_not_found"


async def test_form_encoded_requests_are_understood(twin: SlackTwin) -> None:
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}])
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            twin.api_url + "chat.postMessage",
            data={"channel": "C1", "blocks": blocks, "token": TOKEN},
        ) as resp,
    ):
        body = await resp.json()
    assert body["ok"] is True, body
    assert twin.channel_messages("C1")[0]["blocks"][0]["text"]["text"] == "*hi*"


async def test_rate_limit_answers_429_with_retry_after(
    client: AsyncWebClient, twin: SlackTwin, clock: FakeClock
) -> None:
    twin.set_rate_limit("chat.postMessage", per_minute=2)
    await client.chat_postMessage(channel="C1", text="1")
    await client.chat_postMessage(channel="C1", text="2")
    err = await api_error(client.chat_postMessage(channel="C1", text="3"))
    assert err.response.status_code == 429
    assert err.response["error"] == "ratelimited"
    assert int(err.response.headers["Retry-After"]) == 30
    clock.advance(30)
    await client.chat_postMessage(channel="C1", text="4")
    assert [m["text"] for m in twin.channel_messages("C1")] == ["1", "2", "4"]


async def test_injected_429_and_channel_rate(
    client: AsyncWebClient, twin: SlackTwin, clock: FakeClock
) -> None:
    twin.inject_429("users.info", times=1, retry_after=7)
    err = await api_error(client.users_info(user="U1"))
    assert (err.response.status_code, err.response.headers["Retry-After"]) == (429, "7")
    assert (await client.users_info(user="U1"))["ok"] is True

    twin.set_channel_rate(per_second=1.0)
    await client.chat_postMessage(channel="C1", text="a")
    await client.chat_postMessage(channel="U1", text="other channel is fine")
    err = await api_error(client.chat_postMessage(channel="C1", text="b"))
    assert err.response.status_code == 429
    clock.advance(1.0)
    await client.chat_postMessage(channel="C1", text="c")
    assert [c.ok for c in twin.calls("chat.postMessage")] == [True, True, False, True]

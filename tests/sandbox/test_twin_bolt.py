"""End to end: the twin drives a real slack_bolt AsyncApp over HTTP, and Bolt calls back."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox.slack_twin import SlackTwin
from tests.sandbox.samples import TOKEN, TOPICS, FakeClock, home_view, request_card, signup_modal


async def test_slash_command_reaches_bolt_and_ack_text_is_shown(
    twin: SlackTwin, bolt: AsyncApp
) -> None:
    seen: list[dict[str, Any]] = []

    @bolt.command("/mentor")
    async def on_command(ack: Any, command: dict[str, Any]) -> None:
        seen.append(command)
        await ack(f"You said {command['text']}")

    resp = await twin.send_command("U1", "help me")
    assert resp.status == 200
    [command] = seen
    assert command["user_id"] == "U1" and command["user_name"] == "alice"
    assert command["command"] == "/mentor" and command["text"] == "help me"
    assert command["channel_id"] == twin.dm_channel_id("U1")
    assert command["team_id"] == "T0TWIN" and command["is_enterprise_install"] == "false"
    assert command["response_url"].startswith(twin.api_url.removesuffix("api/") + "response/")
    assert command["trigger_id"]
    assert [e["text"] for e in twin.ephemerals("U1")] == ["You said help me"]
    assert twin.transcript("U1") == ["[ephemeral] You said help me"]
    assert twin.transcript("U1", include_actions=True) == [
        "[you] /mentor help me",
        "[ephemeral] You said help me",
    ]


async def test_respond_via_response_url(twin: SlackTwin, bolt: AsyncApp) -> None:
    @bolt.command("/mentor")
    async def on_command(ack: Any, respond: Any) -> None:
        await ack()
        await respond("Working on it")
        await respond(text="Posted for all", response_type="in_channel")

    await twin.send_command("U1", "list", channel_id="C1")
    await twin.wait_for(lambda: len(twin.channel_messages("C1")) == 1)
    assert [e["text"] for e in twin.ephemerals("U1")] == ["Working on it"]
    assert twin.ephemerals("U2") == []
    assert twin.channel_messages("C1")[0]["text"] == "Posted for all"
    assert "[#general] Posted for all" in twin.transcript("U2")
    assert [c.ok for c in twin.calls("response_url")] == [True, True]


async def test_home_click_opens_modal_and_errors_keep_typed_values(
    twin: SlackTwin, bolt: AsyncApp
) -> None:
    submissions: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []

    @bolt.event("app_home_opened")
    async def on_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.views_publish(user_id=event["user"], view=home_view())

    @bolt.action("open_signup")
    async def on_open(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        actions.append(body)
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=signup_modal())

    @bolt.view("signup")
    async def on_submit(ack: Any, view: dict[str, Any], body: dict[str, Any]) -> None:
        submissions.append(body)
        goals = view["state"]["values"]["goals"]["text"]["value"]
        if len(goals) < 10:
            await ack(response_action="errors", errors={"goals": "Tell us a bit more"})
        else:
            await ack()

    await twin.open_home("U1")
    await twin.wait_for(lambda: twin.home_view("U1") is not None)
    await twin.click("U1", "open_signup")
    [action_body] = actions
    assert action_body["type"] == "block_actions"
    assert action_body["container"] == {"type": "view", "view_id": twin.home_view("U1")["id"]}
    assert action_body["view"]["type"] == "home"
    assert action_body["actions"][0]["block_id"] == "home_actions"
    assert action_body["user"]["id"] == "U1" and action_body["team"]["id"] == "T0TWIN"
    assert "response_url" not in action_body
    await twin.wait_for(lambda: twin.open_view("U1") is not None)

    resp = await twin.submit_view("U1", {"goals": "grow", "topics": ["go", "Rust"], "mentor": "U2"})
    assert resp.body == {"response_action": "errors", "errors": {"goals": "Tell us a bit more"}}
    assert twin.view_errors("U1") == {"goals": "Tell us a bit more"}
    kept = twin.open_view("U1")["state"]["values"]
    assert kept["goals"]["text"]["value"] == "grow"
    assert [o["value"] for o in kept["topics"]["pick"]["selected_options"]] == ["go", "rs"]
    assert "[modal errors] Your goals: Tell us a bit more" in twin.transcript("U1")

    # Second try: only goals is retyped; the other fields keep what was picked before.
    await twin.submit_view("U1", {"goals": "become a staff engineer"})
    assert twin.open_view("U1") is None
    assert twin.transcript("U1")[-1] == "[modal closed]"
    final = submissions[-1]
    assert final["type"] == "view_submission"
    assert final["view"]["private_metadata"] == "cohort-7"
    assert final["view"]["callback_id"] == "signup"
    values = final["view"]["state"]["values"]
    assert values["goals"]["text"] == {
        "type": "plain_text_input",
        "value": "become a staff engineer",
    }
    assert values["topics"]["pick"]["type"] == "multi_static_select"
    assert values["topics"]["pick"]["selected_options"][1] == TOPICS[2]
    assert values["level"]["pick"] == {"type": "radio_buttons", "selected_option": None}
    assert values["mentor"]["user"] == {"type": "users_select", "selected_user": "U2"}


async def test_required_field_is_enforced_by_the_client(twin: SlackTwin, bolt: AsyncApp) -> None:
    called: list[str] = []

    @bolt.view("signup")
    async def on_submit(ack: Any) -> None:
        called.append("submitted")
        await ack()

    await AsyncWebClient(base_url=twin.api_url, token=TOKEN).views_open(
        trigger_id=twin.issue_trigger("U1"), view=signup_modal()
    )
    resp = await twin.submit_view("U1", {"topics": []})
    assert resp.status == 0
    assert twin.view_errors("U1") == {
        "goals": "Please complete this required field.",
        "topics": "Please complete this required field.",
    }
    assert called == []
    with pytest.raises(AssertionError, match="not one of the options"):
        await twin.submit_view("U1", {"topics": ["cobol"]})
    with pytest.raises(AssertionError, match="no input block 'nope'"):
        await twin.submit_view("U1", {"nope": "x"})


async def test_response_actions_update_push_and_clear(twin: SlackTwin, bolt: AsyncApp) -> None:
    step2 = {**signup_modal(callback_id="step2"), "title": {"type": "plain_text", "text": "Step 2"}}

    @bolt.command("/mentor")
    async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=signup_modal())

    @bolt.view("signup")
    async def on_signup(ack: Any) -> None:
        await ack(response_action="update", view=step2)

    @bolt.view("step2")
    async def on_step2(ack: Any, view: dict[str, Any]) -> None:
        if view["previous_view_id"] is None:
            await ack(response_action="push", view={**step2, "callback_id": "step2"})
        else:
            await ack(response_action="clear")

    await twin.send_command("U1", "join")
    await twin.wait_for(lambda: twin.open_view("U1") is not None)
    root_id = twin.open_view("U1")["id"]
    await twin.submit_view("U1", {"goals": "learn rust properly"})
    updated = twin.open_view("U1")
    assert updated["title"]["text"] == "Step 2" and updated["id"] == root_id
    # views.update keeps typed input when block_id/action_id stay the same, as Slack does.
    assert updated["state"]["values"]["goals"]["text"]["value"] == "learn rust properly"
    await twin.submit_view("U1")
    pushed = twin.open_view("U1")
    assert pushed["previous_view_id"] == root_id and pushed["root_view_id"] == root_id
    assert pushed["state"]["values"]["goals"]["text"]["value"] is None  # a new view starts empty
    resp = await twin.submit_view("U1", {"goals": "clear everything"})
    assert resp.body == {"response_action": "clear"}
    assert twin.open_view("U1") is None


async def test_errors_for_unknown_block_are_a_protocol_error(
    twin: SlackTwin, bolt: AsyncApp
) -> None:
    @bolt.view("signup")
    async def on_submit(ack: Any) -> None:
        await ack(response_action="errors", errors={"goal": "typo in block id"})

    await AsyncWebClient(base_url=twin.api_url, token=TOKEN).views_open(
        trigger_id=twin.issue_trigger("U1"), view=signup_modal()
    )
    with pytest.raises(AssertionError, match="unknown input block_ids \\['goal'\\]"):
        await twin.submit_view("U1", {"goals": "anything at all"})
    assert twin.view_errors("U1") == {}
    assert twin.open_view("U1") is not None  # Slack keeps the modal open
    assert twin.protocol_errors
    assert twin.transcript("U1")[-1].startswith("[error] We had some trouble connecting")


async def test_click_message_button_and_replace_via_respond(
    twin: SlackTwin, bolt: AsyncApp
) -> None:
    clicks: list[dict[str, Any]] = []

    @bolt.action("request_mentor")
    async def on_request(ack: Any, body: dict[str, Any], respond: Any) -> None:
        clicks.append(body)
        await ack()
        await respond(replace_original=True, text=f"Requested {body['actions'][0]['value']}")

    client = AsyncWebClient(base_url=twin.api_url, token=TOKEN)
    posted = await client.chat_postMessage(
        channel="U1", text="Mentors", blocks=[request_card("U2"), request_card("U3")]
    )
    with pytest.raises(AssertionError, match="several 'request_mentor'"):
        await twin.click("U1", "request_mentor")
    await twin.click("U1", "request_mentor", value="U3")
    body = clicks[0]
    assert body["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": posted["channel"],
        "is_ephemeral": False,
    }
    assert body["channel"]["id"] == posted["channel"]
    assert body["message"]["ts"] == posted["ts"]
    assert body["actions"][0]["block_id"] == "card-U3"
    assert body["actions"][0]["type"] == "button"
    await twin.wait_for(lambda: twin.dms("U1")[0]["text"] == "Requested U3")
    assert "blocks" not in twin.dms("U1")[0]  # the replacement had no buttons
    assert twin.transcript("U1")[-1] == "[DM updated] Requested U3"
    with pytest.raises(AssertionError, match="can't see an element with action_id 'nope'"):
        await twin.click("U1", "nope")


async def test_click_ephemeral_and_delete_original(twin: SlackTwin, bolt: AsyncApp) -> None:
    @bolt.command("/mentor")
    async def on_command(ack: Any) -> None:
        await ack(text="Pick one", blocks=[request_card("U2")])

    @bolt.action("request_mentor")
    async def on_request(ack: Any, body: dict[str, Any], respond: Any) -> None:
        assert body["container"]["is_ephemeral"] is True and "message" not in body
        await ack()
        await respond(delete_original=True)

    await twin.send_command("U1", "browse")
    assert len(twin.ephemerals("U1")) == 1
    await twin.click("U1", "request_mentor", surface="ephemeral")
    await twin.wait_for(lambda: twin.ephemerals("U1") == [])
    assert twin.transcript("U1")[-1] == "[ephemeral deleted]"


async def test_select_in_actions_block_sends_selected_option(
    twin: SlackTwin, bolt: AsyncApp
) -> None:
    picked: list[dict[str, Any]] = []

    @bolt.action("topic")
    async def on_pick(ack: Any, action: dict[str, Any]) -> None:
        picked.append(action)
        await ack()

    menu = {"type": "static_select", "action_id": "topic", "options": TOPICS}
    await AsyncWebClient(base_url=twin.api_url, token=TOKEN).views_publish(
        user_id="U1", view={"type": "home", "blocks": [{"type": "actions", "elements": [menu]}]}
    )
    await twin.click("U1", "topic", surface="home", value="go")
    assert picked[0]["selected_option"] == TOPICS[1]
    assert picked[0]["type"] == "static_select"
    block_id = twin.home_view("U1")["blocks"][0]["block_id"]
    assert (
        twin.home_view("U1")["state"]["values"][block_id]["topic"]["selected_option"]["value"]
        == "go"
    )


async def test_events_reach_listeners_with_retry_headers(twin: SlackTwin, bolt: AsyncApp) -> None:
    retries: list[str | None] = []

    @bolt.event("member_joined_channel")
    async def on_join(event: dict[str, Any], say: Any, request: AsyncBoltRequest) -> None:
        retries.append((request.headers.get("x-slack-retry-num") or [None])[0])
        await say(f"Welcome <@{event['user']}>!")

    resp = await twin.user_joins_channel("U3", "C1")
    assert resp is not None and resp.status == 200
    await twin.wait_for(lambda: len(twin.channel_messages("C1")) == 1)
    assert twin.channel_messages("C1")[0]["text"] == "Welcome <@U3>!"
    assert "[#general] Welcome @carol!" in twin.transcript("U3")
    assert "U3" in twin.channel_members("C1")

    event = {"type": "member_joined_channel", "user": "U3", "channel": "C1", "channel_type": "C"}
    await twin.send_event(event, event_id="Ev1", retry_num=1)
    await twin.wait_for(lambda: len(twin.channel_messages("C1")) == 2)
    assert retries == [None, "1"]

    twin.add_channel("C2", "no-bot-here", members=("U1",))
    assert await twin.user_joins_channel("U2", "C2") is None  # Slack would not tell the bot


async def test_dm_message_event(twin: SlackTwin, bolt: AsyncApp) -> None:
    @bolt.event("message")
    async def on_message(message: dict[str, Any], say: Any) -> None:
        if message.get("channel_type") == "im":
            await say(f"echo: {message['text']}")

    await twin.send_message("U1", "hello bot")
    await twin.wait_for(lambda: any(m.get("text") == "echo: hello bot" for m in twin.dms("U1")))
    assert twin.transcript("U1") == ["[DM] echo: hello bot"]
    assert twin.transcript("U1", include_actions=True) == [
        "[you] hello bot",
        "[DM] echo: hello bot",
    ]


async def test_signature_checks(twin: SlackTwin, bolt: AsyncApp) -> None:
    @bolt.command("/mentor")
    async def on_command(ack: Any) -> None:
        await ack()

    body = urlencode({"command": "/mentor", "text": "", "user_id": "U1", "team_id": "T0TWIN"})
    raw = body.encode()
    base = {"Content-Type": "application/x-www-form-urlencoded"}
    now = int(time.time())
    good = await twin.send_raw(raw, {**base, **twin.sign(raw, now)})
    assert good.status == 200
    forged = {**twin.sign(raw, now), "X-Slack-Signature": "v0=" + "0" * 64}
    assert (await twin.send_raw(raw, {**base, **forged})).status == 401
    stale = await twin.send_raw(raw, {**base, **twin.sign(raw, now - 6 * 60)})
    assert stale.status == 401
    tampered = await twin.send_raw(raw + b"&x=1", {**base, **twin.sign(raw, now)})
    assert tampered.status == 401


async def test_expired_trigger_surfaces_to_the_bot(
    twin: SlackTwin, bolt: AsyncApp, clock: FakeClock
) -> None:
    errors: list[str] = []

    @bolt.command("/mentor")
    async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        clock.advance(5)  # pretend the bot dawdled past Slack's 3 s trigger lifetime
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=signup_modal())
        except SlackApiError as exc:
            errors.append(str(exc.response["error"]))
            await client.chat_postEphemeral(channel=body["channel_id"], user="U1", text="retry")

    await twin.send_command("U1", "join")
    await twin.wait_for(lambda: bool(twin.ephemerals("U1")))
    assert errors == ["expired_trigger_id"]
    assert twin.open_view("U1") is None


async def test_non_2xx_and_slow_acks_are_protocol_errors(twin: SlackTwin, bolt: AsyncApp) -> None:
    @bolt.command("/slow")
    async def on_slow(ack: Any) -> None:
        await asyncio.sleep(0.3)
        await ack()

    with pytest.raises(AssertionError, match="/nothing: http_service_error"):
        await twin.send_command("U1", "x", command="/nothing")  # Bolt answers 404
    twin.ack_timeout_seconds = 0.1
    twin.strict = False
    resp = await twin.send_command("U1", "x", command="/slow")
    assert resp.status == 200
    assert twin.protocol_errors[-1] == "/slow: operation_timeout"
    assert twin.transcript("U1")[-1] == '[error] /slow failed with the error "operation_timeout"'


async def test_wait_for_times_out_with_context(twin: SlackTwin) -> None:
    with pytest.raises(TimeoutError, match=r"still false after 0\.05s"):
        await twin.wait_for(lambda: False, timeout=0.05)


async def test_wait_for_wakes_on_api_calls(twin: SlackTwin) -> None:
    client = AsyncWebClient(base_url=twin.api_url, token=TOKEN)
    waiter = asyncio.create_task(twin.wait_for(lambda: len(twin.dms("U2")) == 1, timeout=2))
    await asyncio.sleep(0)
    await client.chat_postMessage(channel="U2", text="hi")
    await waiter
    assert json.dumps(twin.dms("U2")[0]["text"]) == '"hi"'


async def test_click_inside_modal_then_update_and_close(twin: SlackTwin, bolt: AsyncApp) -> None:
    closed: list[dict[str, Any]] = []
    extra_block = {
        "type": "actions",
        "block_id": "more",
        "elements": [
            {
                "type": "button",
                "action_id": "add_goal",
                "text": {"type": "plain_text", "text": "Add a goal"},
            }
        ],
    }
    modal = signup_modal(notify_on_close=True)
    modal["blocks"].append(extra_block)

    @bolt.action("add_goal")
    async def on_add(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = body["view"]
        assert body["container"] == {"type": "view", "view_id": view["id"]}
        assert view["state"]["values"]["goals"]["text"]["value"] == "typed before clicking"
        grown = signup_modal(notify_on_close=True)
        grown["blocks"].insert(
            1,
            {
                "type": "input",
                "block_id": "goal_2",
                "optional": True,
                "label": {"type": "plain_text", "text": "Goal 2"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            },
        )
        await client.views_update(view_id=view["id"], hash=view["hash"], view=grown)

    @bolt.view_closed("signup")
    async def on_closed(ack: Any, body: dict[str, Any]) -> None:
        closed.append(body)
        await ack()

    client = AsyncWebClient(base_url=twin.api_url, token=TOKEN)
    await client.views_open(trigger_id=twin.issue_trigger("U1"), view=modal)
    twin.fill_view("U1", {"goals": "typed before clicking"})
    await twin.click("U1", "add_goal", surface="modal")
    await twin.wait_for(lambda: "goal_2" in twin.open_view("U1")["state"]["values"])
    values = twin.open_view("U1")["state"]["values"]
    assert values["goals"]["text"]["value"] == "typed before clicking"
    assert "Goal 2 (optional):" in twin.render(twin.open_view("U1"))

    await twin.close_view("U1")
    assert twin.open_view("U1") is None
    assert closed[0]["type"] == "view_closed"
    assert closed[0]["view"]["callback_id"] == "signup"

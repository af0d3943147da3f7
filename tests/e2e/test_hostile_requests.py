"""Hostile requests through the real HTTP endpoint.

Nothing acts on, answers or reads a request that isn't proven to come from Slack; a proven but
unreadable one gets 400, an oversized one 413, never 500. Each case checks that no Web API call
and no outbound HTTP request was made and that no row changed. Values outside any sane range
in proven requests get the button's or form's own answer.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from multidict import CIMultiDict
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

import storage.models  # noqa: F401  (every table registered on Base.metadata)
from bot.mentoring import messages as text
from bot.mentoring.campaigns import texts as campaign_messages
from bot.mentoring.campaigns.screens import PREVIEW as CAMPAIGN_PREVIEW
from bot.mentoring.checkins import texts as checkin_messages
from bot.mentoring.checkins.views import DETAILS_FORM, GREAT, MOOD_ACTIONS
from bot.mentoring.goals import texts as goal_messages
from bot.mentoring.goals.use_cases import OPEN_UPDATE
from bot.mentoring.membership import Membership
from handlers.slack.verified_endpoint import MAX_BODY_BYTES
from storage.base import Base
from tests.e2e.conftest import BEN, COMMUNITY, COORD, SECRET, Stack

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


@dataclass
class Hook:
    """A stand-in for any URL a request could name: counts and keeps what is posted to it."""

    url: str = ""
    posts: list[dict[str, Any]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.posts.append(json.loads(await request.text() or "{}"))
        self.arrived.set()
        return web.Response(text="ok")


@pytest.fixture
async def hook() -> AsyncIterator[Hook]:
    found = Hook()
    app = web.Application()
    app.router.add_post("/hook", found.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    found.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield found
    finally:
        await runner.cleanup()


def signed(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's headers for `body`; by slack_sdk where it can (UTF-8), else by the HMAC itself."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    try:
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
    except UnicodeDecodeError:
        digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
        signature = "v0=" + digest.hexdigest()
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


async def post(
    stack: Stack, body: bytes | Callable[[], AsyncIterator[bytes]], headers: dict[str, str]
) -> tuple[int, str]:
    data: Any = body if isinstance(body, bytes) else body()
    async with (
        aiohttp.ClientSession() as http,
        http.post(stack.twin.bot_url, data=data, headers=headers) as response,
    ):
        return response.status, await response.text()


async def row_counts(stack: Stack) -> dict[str, int]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return {
            table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


async def unchanged(stack: Stack, hook: Hook, send: Callable[[], Awaitable[int]]) -> int:
    """Run `send`; assert no Web API call, no outbound request and no row changed."""
    calls, rows = len(stack.twin.calls()), await row_counts(stack)
    status = await send()
    # Bolt's one-off auth.test (who the bot is) may come with the first proven request.
    assert [c.method for c in stack.twin.calls()[calls:] if c.method != "auth.test"] == []
    assert hook.posts == []
    assert await row_counts(stack) == rows
    return status


def command(hook: Hook, **fields: str) -> dict[str, str]:
    return {
        "command": "/mentor",
        "text": "help",
        "user_id": BEN,
        "team_id": "T0ACME",
        "channel_id": COMMUNITY,
        "response_url": hook.url,
        "trigger_id": "1.2.3",
        **fields,
    }


def click(user: str, action_id: str, value: str, response_url: str) -> bytes:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": "T0ACME"},
        "team": {"id": "T0ACME", "domain": "acme"},
        "api_app_id": "A0TWIN",
        "trigger_id": "1.2.3",
        "container": {"type": "message", "channel_id": COMMUNITY, "message_ts": "1.000001"},
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


# -- the exploit: unsigned requests naming where to post and whom to DM ---------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=é"},
    ],
    ids=["no-headers", "no-timestamp", "empty", "word", "float", "5000-digits", "non-ascii-sig"],
)
async def test_unproven_requests_get_401_and_nobody_is_posted_to_or_messaged(
    stack: Stack, hook: Hook, headers: dict[str, str]
) -> None:
    """Before the fix, a bad timestamp crashed Bolt's check and the error handler posted
    "Sorry, something went wrong" to the body's response_url, or DMed its user.id."""
    names_a_url = urlencode(command(hook)).encode()
    names_a_user = click(BEN, "anything", "1", "")  # no response_url: the DM path
    for body in (names_a_url, names_a_user):
        status = await unchanged(
            stack, hook, lambda b=body: _status(post(stack, b, {**FORM, **headers}))
        )
        assert status == 401


async def _status(sent: Awaitable[tuple[int, str]]) -> int:
    return (await sent)[0]


async def test_a_repeated_timestamp_header_is_refused(stack: Stack, hook: Hook) -> None:
    body = urlencode(command(hook)).encode()
    good = signed(body)
    # aiohttp's client sends a CIMultiDict's repeated headers as they are.
    headers = CIMultiDict({**FORM, **good})
    headers.add("X-Slack-Request-Timestamp", "x")
    status = await unchanged(stack, hook, lambda: _status(post(stack, body, headers)))  # type: ignore[arg-type]
    assert status == 401


# -- proven but unreadable: 400, and Bolt never sees it -------------------------------------

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"", FORM),
        (b"payload=%7B%7D\xff\xfe", FORM),
        (b"payload=null", FORM),
        (b"payload=%7Bnot+json", FORM),
        (b"payload=5", FORM),
        (b"payload=" + DEEP.encode(), FORM),
        (b'payload={"n":' + b"1" * 5000 + b"}", FORM),
        (b"[1, 2]", JSON),
        (b'{"type": "event_callback", ', JSON),
        (b'{"a": ' + DEEP.encode() + b"}", JSON),
        (b'{"team": 5, "type": "block_actions"}', JSON),
    ],
    ids=[
        "empty",
        "not-utf8",
        "payload-null",
        "payload-not-json",
        "payload-a-number",
        "payload-deep",
        "payload-huge-number",
        "json-array",
        "json-cut-short",
        "json-deep",
        "json-wrong-types",
    ],
)
async def test_proven_but_unreadable_requests_get_400(
    stack: Stack, hook: Hook, body: bytes, headers: dict[str, str]
) -> None:
    async def send() -> int:
        status, answer = await post(stack, body, {**headers, **signed(body)})
        assert "error" in json.loads(answer)
        return status

    assert await unchanged(stack, hook, send) == 400


async def test_an_oversized_body_gets_413_whether_or_not_it_says_its_length(
    stack: Stack, hook: Hook
) -> None:
    body = b"payload=" + b"a" * MAX_BODY_BYTES

    async def chunked() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(body), 256 * 1024):
            yield body[start : start + 256 * 1024]

    for data in (body, chunked):
        status = await unchanged(
            stack, hook, lambda d=data: _status(post(stack, d, {**FORM, **signed(body)}))
        )
        assert status == 413


# -- proven requests: answered only by Slack's word -----------------------------------------


async def test_a_proven_request_that_fails_is_still_answered(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error handler keeps answering real Slack requests, through their response_url."""

    async def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(stack.bot.services[Membership], "program", broken)
    twin = stack.twin
    twin.strict = False  # Slack shows its own "operation_timeout" too when the ack is a 500
    await twin.send_command(BEN, "help")
    await twin.wait_for(lambda: len(twin.ephemerals(BEN)) == 1)
    assert twin.render(twin.ephemerals(BEN)[0]) == text.SOMETHING_WENT_WRONG


async def test_a_command_without_user_id_is_answered_and_changes_nothing(
    stack: Stack, hook: Hook
) -> None:
    fields = command(hook)
    del fields["user_id"]
    body = urlencode(fields).encode()

    async def send() -> int:
        status, answer = await post(stack, body, {**FORM, **signed(body)})
        assert answer == text.UNKNOWN_SENDER  # shown to whoever typed it; no call to Slack
        return status

    assert await unchanged(stack, hook, send) == 200


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_home_opened", "tab": "home", "channel": "D0BEN"},
        {"type": "app_home_opened", "tab": "home", "user": {"id": BEN}},
        {"type": "member_joined_channel", "user": BEN, "channel_type": "C"},
        {"type": "member_joined_channel", "channel": COMMUNITY},
    ],
    ids=["home-no-user", "home-user-not-an-id", "joined-no-channel", "joined-no-user"],
)
async def test_events_without_user_or_channel_are_logged_and_ignored(
    stack: Stack, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:

    async def send() -> int:
        response = await stack.twin.send_event(event)
        for _ in range(200):  # Bolt runs the listener after the ack: wait for its log line
            if any("ignored" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.01)
        return response.status

    # Not even recorded as handled: no row at all.
    assert await unchanged(stack, Hook(), send) == 200
    assert any("ignored" in r.getMessage() for r in caplog.records)
    assert not any(r.levelname == "ERROR" for r in caplog.records)


HUGE_IDS = ["9" * 5000, "9" * 20, "2147483648", "²", "-1", "0", "1e3", " ", "true"]


@pytest.mark.parametrize("value", HUGE_IDS)
async def test_buttons_with_ids_out_of_any_range_get_the_buttons_own_answer(
    stack: Stack, hook: Hook, value: str
) -> None:
    """Before: int() refused 5,000 digits, "²" passed isdigit() and then failed int(), and 20
    digits overflowed the database; each ended in "something went wrong"."""
    answers = {
        MOOD_ACTIONS[GREAT]: checkin_messages.NOT_FOUND,
        CAMPAIGN_PREVIEW: campaign_messages.NOT_FOUND,
    }
    rows = await row_counts(stack)
    for action_id, expected in answers.items():
        hook.posts.clear()
        hook.arrived.clear()
        body = click(COORD, action_id, value, hook.url)
        status, _ = await post(stack, body, {**FORM, **signed(body)})
        assert status == 200
        await asyncio.wait_for(hook.arrived.wait(), 5)
        assert [p.get("text") for p in hook.posts] == [expected]
    # The goal buttons answer with a private message where the click happened.
    before = len(stack.twin.calls("chat.postEphemeral"))
    body = click(COORD, OPEN_UPDATE, value, hook.url)  # COORD is in the clicked channel
    status, _ = await post(stack, body, {**FORM, **signed(body)})
    assert status == 200
    twin = stack.twin
    await twin.wait_for(lambda: len(twin.calls("chat.postEphemeral")) > before)
    assert twin.calls("chat.postEphemeral")[-1].args["text"] == goal_messages.NOT_FOUND
    assert await row_counts(stack) == rows


@pytest.mark.parametrize(
    "metadata",
    [
        "[" * 1400 + "]" * 1400,  # under Slack's 3,000 characters, deeper than json can go
        '{"checkin": ' + "9" * 2900 + "}",
        '{"checkin": 99999999999999999999}',
        '{"checkin": true}',
        '{"checkin": "²"}',
        '{"checkin": 1.5}',
        "not json",
        "[]",
        "x" * 5000,
    ],
    ids=[
        "deep",
        "long-number",
        "20-digits",
        "true",
        "superscript",
        "float",
        "text",
        "list",
        "long",
    ],
)
async def test_modal_metadata_out_of_any_range_gets_an_inline_answer(
    stack: Stack, hook: Hook, metadata: str
) -> None:
    payload = {
        "type": "view_submission",
        "user": {"id": BEN, "team_id": "T0ACME"},
        "team": {"id": "T0ACME", "domain": "acme"},
        "api_app_id": "A0TWIN",
        "trigger_id": "1.2.3",
        "view": {
            "id": "V0HOSTILE",
            "type": "modal",
            "callback_id": DETAILS_FORM,
            "private_metadata": metadata,
            "state": {"values": {}},
        },
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()

    async def send() -> int:
        status, answer = await post(stack, body, {**FORM, **signed(body)})
        assert json.loads(answer) == {
            "response_action": "errors",
            "errors": {"met": checkin_messages.NOT_FOUND},
        }
        return status

    assert await unchanged(stack, hook, send) == 200

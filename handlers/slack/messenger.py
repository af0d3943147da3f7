"""The Messenger port for Slack: DMs, posts, updates and the pair's shared conversation;
and the FileSender port: files sent to one person in their DM.

Every Slack call goes through `_slack`: a refusal becomes a DeliveryError with Slack's code, and
a transport failure (timeout, connection reset, HTTP 5xx) becomes a DeliveryError whose outcome
is unknown (`unknown=True`): Slack may have done it, so the caller retries idempotently or looks
first. Nothing a network can throw escapes as a bare exception.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.mentoring.models import Tenant
from bot.mentoring.ports import (
    DeliveryError,
    FileToSend,
    Message,
    MessageRef,
    PairSpace,
    SpaceKind,
)
from handlers.slack.render import message_blocks
from outbox.store import delivery_key

# Errors that no retry will fix: the person, channel or permission is gone.
PERMANENT = {
    "user_not_found", "channel_not_found", "is_archived", "not_in_channel", "account_inactive",
    "user_disabled", "cannot_dm_bot", "missing_scope", "invalid_auth", "not_allowed_token_type",
    "msg_too_long", "invalid_blocks", "no_text", "too_many_users", "restricted_action",
}  # fmt: skip
# A private channel that cannot be made or filled: the pair meets in a group DM instead.
# name_taken: someone else's channel has the pair's name; restricted_action: only admins may
# create channels; the user_is_* codes: a guest account the bot may not invite.
CHANNEL_FALLBACK = {
    "name_taken", "restricted_action", "user_is_restricted", "user_is_ultra_restricted",
    "cant_invite", "ura_max_channels", "channel_archived",
}  # fmt: skip
HISTORY_PAGE = 200
CHANNEL_PAGE = 1000
# Transport failures: the request may or may not have reached Slack.
TRANSPORT_ERRORS = (TimeoutError, asyncio.TimeoutError, aiohttp.ClientError, OSError)


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    status = getattr(exc.response, "status_code", 200)
    if status >= 500:  # Slack's side broke mid-request: it may have acted on it
        return DeliveryError(f"http_{status}", permanent=False, unknown=True)
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    code = str(data.get("error", "unknown_error"))
    # aiohttp's headers are case-insensitive, a plain dict is not: look the header up either way.
    headers = exc.response.headers or {}
    raw = next((str(v) for k, v in headers.items() if str(k).lower() == "retry-after"), None)
    try:
        retry_after = float(raw) if raw is not None else None
    except ValueError:
        retry_after = None  # an HTTP-date Retry-After; Slack sends seconds, so ignore the odd one
    return DeliveryError(code, permanent=code in PERMANENT, retry_after=retry_after)


def channel_name(hint: str, names: Sequence[str]) -> str:
    """Slack channel names: lowercase letters, digits, - and _, at most 80 characters."""
    raw = "-".join([hint, *names]).lower()
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", raw).strip("-")
    return re.sub(r"-{2,}", "-", cleaned)[:72]


async def _slack(call: Callable[[], Awaitable[AsyncSlackResponse]]) -> AsyncSlackResponse:
    """One Slack Web API call, with every failure turned into a DeliveryError."""
    try:
        return await call()
    except SlackApiError as exc:
        raise _delivery_error(exc) from exc
    except SlackRequestError as exc:
        # slack_sdk raises this when an upload URL refuses the bytes; asking again may work.
        raise DeliveryError("upload_failed", permanent=False, unknown=True) from exc
    except TRANSPORT_ERRORS as exc:
        reason = "timeout" if isinstance(exc, TimeoutError) else "connection_error"
        raise DeliveryError(reason, permanent=False, unknown=True) from exc


class SlackMessenger:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef:
        return await self.post(tenant, user_id, message)

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        response = await _slack(
            lambda: self._client.chat_postMessage(
                channel=conversation_id,
                text=message.text,
                blocks=message_blocks(message),
                metadata=message.metadata,
            )
        )
        return MessageRef(str(response["channel"]), str(response["ts"]))

    async def update(self, tenant: Tenant, ref: MessageRef, message: Message) -> None:
        await _slack(
            lambda: self._client.chat_update(
                channel=ref.conversation_id,
                ts=ref.message_id,
                text=message.text,
                blocks=message_blocks(message),
            )
        )

    async def send_file(self, tenant: Tenant, user_id: str, file: FileToSend) -> MessageRef:
        """Upload `file` into the bot's DM with the person; the ref is (DM id, file id).

        files_upload_v2 shares into a conversation id, so the DM is opened first. Slack shares
        the file asynchronously and does not say with which message, hence the file id.
        """
        opened = await _slack(lambda: self._client.conversations_open(users=user_id))
        channel = str(opened["channel"]["id"])
        uploaded = await _slack(
            lambda: self._client.files_upload_v2(
                channel=channel,
                content=file.content,
                filename=file.filename,
                title=file.title,
                initial_comment=file.comment,
            )
        )
        return MessageRef(channel, str(uploaded["file"]["id"]))

    async def find_delivered(
        self, tenant: Tenant, target: str, key: str, since: datetime
    ) -> MessageRef | None:
        """The message carrying delivery `key` in its metadata, posted to `target` since `since`.

        `target` is a conversation id, or a user id (U…/W…) meaning the bot's DM with them.
        """
        channel = target
        if target.startswith(("U", "W")):
            opened = await _slack(lambda: self._client.conversations_open(users=target))
            channel = str(opened["channel"]["id"])
        cursor: str | None = None
        while True:
            args: dict[str, Any] = {"cursor": cursor} if cursor else {}
            page = await _slack(
                lambda args=args: self._client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp():.6f}",
                    include_all_metadata=True,
                    limit=HISTORY_PAGE,
                    **args,
                )
            )
            for message in page.get("messages") or []:
                if delivery_key(message.get("metadata")) == key:
                    return MessageRef(channel, str(message["ts"]))
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return None

    # -- the pair's space ----------------------------------------------------------------------

    async def open_pair_space(
        self, tenant: Tenant, members: Sequence[str], kind: SpaceKind, name_hint: str
    ) -> PairSpace:
        if kind is SpaceKind.PRIVATE_CHANNEL:
            return await self._private_channel(members, name_hint)
        return PairSpace(await self._group_dm(members), SpaceKind.GROUP_DM)

    async def _group_dm(self, members: Sequence[str]) -> str:
        # conversations.open is idempotent: the same people always get the same group DM.
        response = await _slack(lambda: self._client.conversations_open(users=",".join(members)))
        return str(response["channel"]["id"])

    async def _fallback(self, members: Sequence[str], reason: str) -> PairSpace:
        return PairSpace(await self._group_dm(members), SpaceKind.GROUP_DM, fallback=reason)

    async def _private_channel(self, members: Sequence[str], name_hint: str) -> PairSpace:
        """The pair's private channel, named `<name_hint>-<names>`; `name_hint` carries the
        pairing id, so a channel of ours starting with it is this pair's, whoever made it.

        Each step is safe to repeat: an earlier attempt's channel (even one whose creation
        timed out) is found by name before anything is created, and only members not yet in it
        are invited. A channel that cannot be filled is archived, never left behind, and the
        pair falls back to a group DM."""
        channel = await self._own_channel(name_hint)
        if channel is not None and channel.get("is_archived"):
            # An earlier attempt gave up on it (and archived it): the fallback stands.
            return await self._fallback(members, "channel_archived")
        if channel is None:
            names = [await self._user_name(user_id) for user_id in members]
            try:
                channel = await self._create_channel(channel_name(name_hint, names))
            except DeliveryError as exc:
                if exc.reason in CHANNEL_FALLBACK:
                    return await self._fallback(members, exc.reason)
                raise
        channel_id = str(channel["id"])
        present = await self._channel_members(channel_id)
        missing = [m for m in members if m not in present]
        if missing:
            try:
                await self._invite(channel_id, missing)
            except DeliveryError as exc:
                if exc.reason == "already_in_channel":  # a retried invite that had worked
                    return PairSpace(channel_id, SpaceKind.PRIVATE_CHANNEL)
                if exc.reason in CHANNEL_FALLBACK or exc.permanent:
                    await _slack(lambda: self._client.conversations_archive(channel=channel_id))
                    if exc.reason in CHANNEL_FALLBACK:
                        return await self._fallback(members, exc.reason)
                raise
        return PairSpace(channel_id, SpaceKind.PRIVATE_CHANNEL)

    async def _create_channel(self, name: str) -> dict[str, Any]:
        created = await _slack(
            lambda: self._client.conversations_create(name=name, is_private=True)
        )
        return dict(created["channel"])

    async def _invite(self, channel_id: str, users: Sequence[str]) -> None:
        await _slack(
            lambda: self._client.conversations_invite(channel=channel_id, users=",".join(users))
        )

    async def _user_name(self, user_id: str) -> str:
        profile = (await _slack(lambda: self._client.users_info(user=user_id))).get("user") or {}
        return str(profile.get("name") or user_id)

    async def _own_channel(self, name_hint: str) -> dict[str, Any] | None:
        """The bot's private channel named `name_hint` or `name_hint-…`, archived ones too."""
        prefix = channel_name(name_hint, [])
        cursor: str | None = None
        while True:
            args: dict[str, Any] = {"cursor": cursor} if cursor else {}
            page = await _slack(
                lambda args=args: self._client.conversations_list(
                    types="private_channel", exclude_archived=False, limit=CHANNEL_PAGE, **args
                )
            )
            for channel in page.get("channels") or []:
                name = str(channel.get("name") or "")
                if name == prefix or name.startswith(f"{prefix}-"):
                    return dict(channel)
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None

    async def _channel_members(self, channel_id: str) -> set[str]:
        members: set[str] = set()
        cursor: str | None = None
        while True:
            args: dict[str, Any] = {"cursor": cursor} if cursor else {}
            page = await _slack(
                lambda args=args: self._client.conversations_members(channel=channel_id, **args)
            )
            members.update(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return members

"""The Messenger port for Slack: DMs, posts, updates and the pair's shared conversation;
and the FileSender port: files sent to one person in their DM."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, FileToSend, Message, MessageRef, SpaceKind
from handlers.slack.blocks import message_blocks
from scheduler.outbox import delivery_key

# Errors that no retry will fix: the person, channel or permission is gone.
PERMANENT = {
    "user_not_found", "channel_not_found", "is_archived", "not_in_channel", "account_inactive",
    "user_disabled", "cannot_dm_bot", "missing_scope", "invalid_auth", "not_allowed_token_type",
    "msg_too_long", "invalid_blocks", "no_text", "too_many_users", "restricted_action",
}  # fmt: skip
NAME_TAKEN_TRIES = 20
HISTORY_PAGE = 200


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    code = str(exc.response.get("error", "unknown_error"))
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


class SlackMessenger:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef:
        return await self.post(tenant, user_id, message)

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        try:
            response = await self._client.chat_postMessage(
                channel=conversation_id,
                text=message.text,
                blocks=message_blocks(message),
                metadata=message.metadata,
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc
        return MessageRef(str(response["channel"]), str(response["ts"]))

    async def update(self, tenant: Tenant, ref: MessageRef, message: Message) -> None:
        try:
            await self._client.chat_update(
                channel=ref.conversation_id,
                ts=ref.message_id,
                text=message.text,
                blocks=message_blocks(message),
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc

    async def send_file(self, tenant: Tenant, user_id: str, file: FileToSend) -> MessageRef:
        """Upload `file` into the bot's DM with the person; the ref is (DM id, file id).

        files_upload_v2 shares into a conversation id, so the DM is opened first. Slack shares
        the file asynchronously and does not say with which message, hence the file id.
        """
        try:
            opened = await self._client.conversations_open(users=user_id)
            channel = str(opened["channel"]["id"])
            uploaded = await self._client.files_upload_v2(
                channel=channel,
                content=file.content,
                filename=file.filename,
                title=file.title,
                initial_comment=file.comment,
            )
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc
        except SlackRequestError as exc:
            # slack_sdk raises this when the upload URL refuses the bytes; asking again may work.
            raise DeliveryError("upload_failed", permanent=False) from exc
        return MessageRef(channel, str(uploaded["file"]["id"]))

    async def find_delivered(
        self, tenant: Tenant, target: str, key: str, since: datetime
    ) -> MessageRef | None:
        """The message carrying delivery `key` in its metadata, posted to `target` since `since`.

        `target` is a conversation id, or a user id (U…/W…) meaning the bot's DM with them.
        """
        try:
            channel = target
            if target.startswith(("U", "W")):
                opened = await self._client.conversations_open(users=target)
                channel = str(opened["channel"]["id"])
            cursor: str | None = None
            while True:
                args: dict[str, Any] = {"cursor": cursor} if cursor else {}
                page = await self._client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp():.6f}",
                    include_all_metadata=True,
                    limit=HISTORY_PAGE,
                    **args,
                )
                for message in page.get("messages") or []:
                    if delivery_key(message.get("metadata")) == key:
                        return MessageRef(channel, str(message["ts"]))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not page.get("has_more") or not cursor:
                    return None
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc

    async def open_pair_space(
        self, tenant: Tenant, members: Sequence[str], kind: SpaceKind, name_hint: str
    ) -> str:
        try:
            if kind is SpaceKind.GROUP_DM:
                response = await self._client.conversations_open(users=",".join(members))
                return str(response["channel"]["id"])
            return await self._private_channel(members, name_hint)
        except SlackApiError as exc:
            raise _delivery_error(exc) from exc

    async def _private_channel(self, members: Sequence[str], name_hint: str) -> str:
        names = []
        for user_id in members:
            profile = (await self._client.users_info(user=user_id)).get("user") or {}
            names.append(str(profile.get("name") or user_id))
        base = channel_name("mentoring", names)
        for attempt in range(1, NAME_TAKEN_TRIES + 1):
            name = base if attempt == 1 else f"{base}-{attempt}"
            try:
                created = await self._client.conversations_create(name=name, is_private=True)
                break
            except SlackApiError as exc:
                if exc.response.get("error") != "name_taken":
                    raise
        else:
            created = await self._client.conversations_create(name=name_hint, is_private=True)
        channel = str(created["channel"]["id"])
        await self._client.conversations_invite(channel=channel, users=",".join(members))
        return channel

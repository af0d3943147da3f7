"""The Slack Web API methods the bot uses, served at POST/GET /api/<method>, plus response_urls
and the file upload URLs that files.getUploadURLExternal hands out.

Errors follow Slack: HTTP 200 with {"ok": false, "error": "..."}; rate limits are HTTP 429 with a
Retry-After header. Each request is recorded as an ApiCall for tests to inspect.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import json
import mimetypes
import re
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from sandbox.twin.blockkit import (
    MAX_BLOCKS_TEXT,
    MAX_MESSAGE_TEXT,
    blocks_text_length,
    validate_blocks,
    validate_view,
)
from sandbox.twin.faults import Fault, Faults
from sandbox.twin.models import ApiCall, Channel, UploadedFile, User
from sandbox.twin.ratelimit import RateLimiter
from sandbox.twin.state import MAX_MODAL_STACK, Workspace

Args = dict[str, Any]
_JSON_ARGS = ("blocks", "attachments", "view", "metadata")
_CHANNEL_NAME = re.compile(r"^[a-z0-9_-]+$")
MAX_RESPONSE_URL_USES = 5
MAX_HISTORY_LIMIT = 999
MAX_ALT_TXT = 1000


class ApiError(Exception):
    """A Slack error answer: {"ok": false, "error": code, **extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


def _invalid_arguments(messages: list[str]) -> ApiError:
    return ApiError(
        "invalid_arguments",
        response_metadata={"messages": [f"[ERROR] {m}" for m in messages]},
    )


def _invalid_blocks(errors: list[str]) -> ApiError:
    return ApiError(
        "invalid_blocks",
        errors=errors,
        response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
    )


def _require(args: Args, key: str) -> str:
    value = args.get(key)
    if value is None or value == "":
        raise _invalid_arguments([f"missing required field: {key}"])
    return str(value)


def _truthy(value: object) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _split_ids(value: object) -> list[str]:
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


class WebApi:
    def __init__(
        self,
        workspace: Workspace,
        limiter: RateLimiter,
        bot_token: str,
        base_url: Callable[[], str],
        *,
        app_token: str | None = None,
        open_socket_url: Callable[[], str] | None = None,
    ) -> None:
        self.ws = workspace
        self.limiter = limiter
        self.faults = Faults()
        self.bot_token = bot_token
        self.app_token = app_token
        self._base_url = base_url  # for response_urls, known only once the server is bound
        self._open_socket_url = open_socket_url
        self.methods: dict[str, Callable[[Args], dict[str, Any]]] = {
            "auth.test": self.auth_test,
            "users.info": self.users_info,
            "chat.postMessage": self.chat_post_message,
            "chat.postEphemeral": self.chat_post_ephemeral,
            "chat.update": self.chat_update,
            "chat.delete": self.chat_delete,
            "conversations.open": self.conversations_open,
            "conversations.info": self.conversations_info,
            "conversations.members": self.conversations_members,
            "conversations.create": self.conversations_create,
            "conversations.invite": self.conversations_invite,
            "conversations.history": self.conversations_history,
            "conversations.list": self.conversations_list,
            "conversations.archive": self.conversations_archive,
            "views.open": self.views_open,
            "views.push": self.views_push,
            "views.update": self.views_update,
            "views.publish": self.views_publish,
            "files.getUploadURLExternal": self.files_get_upload_url_external,
            "files.completeUploadExternal": self.files_complete_upload_external,
        }
        # Methods that take the app-level (xapp-) token instead of the bot token.
        self.app_methods: dict[str, Callable[[Args], dict[str, Any]]] = {
            "apps.connections.open": self.apps_connections_open,
        }

    # ----- HTTP plumbing --------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            args, token = await self._read_args(request)
        except ApiError as exc:
            return self._answer(method, {}, exc.error, exc.extra)
        handler = self.methods.get(method) or self.app_methods.get(method)
        if handler is None:
            return self._answer(method, args, "unknown_method", {})
        if not token:
            return self._answer(method, args, "not_authed", {})
        auth_error = self._check_token(method, token)
        if auth_error is not None:
            return self._answer(method, args, auth_error, {})
        fault = self.faults.take(method)
        if fault is not None and not fault.after:
            return await self._fault(request, method, args, fault)
        try:
            retry_after = self.limiter.check_method(method)
            if retry_after is not None:
                raise RateLimited(retry_after)
            result = handler(args)
            if fault is not None:  # it happened, but the caller won't hear so
                return await self._fault(request, method, args, fault)
        except RateLimited as exc:
            return self._answer(
                method,
                args,
                "ratelimited",
                {},
                status=429,
                headers={"Retry-After": str(exc.retry_after)},
            )
        except ApiError as exc:
            return self._answer(method, args, exc.error, exc.extra)
        return self._answer(method, args, None, result)

    async def _fault(
        self, request: web.Request, method: str, args: Args, fault: Fault
    ) -> web.Response:
        """Answer like a broken network or an unwell Slack: the caller cannot tell whether
        the call took effect (it did when the fault was injected with `after=True`)."""
        error = f"fault:{fault.kind}" + (":after" if fault.after else "")
        self.ws.calls.append(ApiCall(method, args, False, error, 0, {}))
        self.ws.touch()
        if fault.kind == "5xx":
            return web.Response(status=503, text="upstream connect error")
        if fault.kind == "timeout":
            await asyncio.sleep(self.faults.timeout_seconds)  # longer than the client waits
            return web.Response(status=504, text="gateway timeout")
        # "reset": drop the connection; the answer below never reaches the caller.
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500, text="connection reset")

    def _check_token(self, method: str, token: str) -> str | None:
        expected = self.app_token if method in self.app_methods else self.bot_token
        if token == expected:
            return None
        # The workspace's other kind of token is real, just not accepted by this method.
        known = {self.bot_token, self.app_token} - {None}
        return "not_allowed_token_type" if token in known else "invalid_auth"

    async def _read_args(self, request: web.Request) -> tuple[Args, str | None]:
        args: Args = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except json.JSONDecodeError as exc:
                    raise ApiError("invalid_json") from exc
                if not isinstance(body, dict):
                    raise ApiError("invalid_json")
                args.update(body)
            else:
                form = await request.post()
                args.update({k: v for k, v in form.items() if isinstance(v, str)})
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
        form_token = args.pop("token", None)  # Slack also accepts token as an argument
        token = token or (str(form_token) if form_token else None)
        for key in _JSON_ARGS:  # form/query senders pass these as JSON strings
            if isinstance(args.get(key), str) and args[key]:
                try:
                    args[key] = json.loads(args[key])
                except json.JSONDecodeError as exc:
                    error = "invalid_blocks_format" if key == "blocks" else "invalid_arguments"
                    raise ApiError(error) from exc
        return args, token

    def _answer(
        self,
        method: str,
        args: Args,
        error: str | None,
        payload: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        body = (
            {"ok": True, **payload} if error is None else {"ok": False, "error": error, **payload}
        )
        self.ws.calls.append(ApiCall(method, args, error is None, error, status, body))
        self.ws.touch()
        return web.json_response(body, status=status, headers=headers)

    # ----- shared checks --------------------------------------------------------------------

    def _user(self, user_id: str) -> User:
        user = self.ws.users.get(user_id)
        if user is None:
            raise ApiError("user_not_found")
        return user

    def _visible_channel(self, ref: str, *, allow_user: bool) -> Channel:
        channel = self.ws.resolve_channel(ref, allow_user=allow_user)
        # Private conversations the bot is not in are invisible to it, as in Slack.
        if channel is None or (channel.is_im and self.ws.bot_user_id not in channel.members):
            raise ApiError("channel_not_found")
        return channel

    def _writable_channel(self, ref: str) -> Channel:
        channel = self._visible_channel(ref, allow_user=True)
        if channel.is_archived:
            raise ApiError("is_archived")
        joined = self.ws.bot_user_id in channel.members
        if not joined and not (channel.is_public and self.ws.chat_write_public):
            raise ApiError("not_in_channel")
        return channel

    def _message_content(self, args: Args, *, required: bool) -> dict[str, Any]:
        text, blocks = args.get("text"), args.get("blocks")
        if required and not text and not blocks and not args.get("attachments"):
            raise ApiError("no_text")
        if text is not None and len(str(text)) > MAX_MESSAGE_TEXT:
            raise ApiError("msg_too_long")
        content: dict[str, Any] = {}
        if text is not None:
            content["text"] = str(text)
        if blocks is not None:
            errors = validate_blocks(blocks, surface="message")
            if errors:
                raise _invalid_blocks(errors)
            if blocks_text_length(blocks) > MAX_BLOCKS_TEXT:
                raise ApiError("msg_blocks_too_long")
            content["blocks"] = blocks
        if args.get("attachments") is not None:
            content["attachments"] = args["attachments"]
        metadata = args.get("metadata")
        if metadata is not None:
            if not (
                isinstance(metadata, dict)
                and isinstance(metadata.get("event_type"), str)
                and isinstance(metadata.get("event_payload"), dict)
            ):
                raise ApiError("invalid_metadata_format")
            content["metadata"] = metadata
        return content

    def _bot_message(self, content: dict[str, Any], ts: str) -> dict[str, Any]:
        return {
            "type": "message",
            "user": self.ws.bot_user_id,
            "bot_id": self.ws.bot_id,
            "app_id": self.ws.app_id,
            "team": self.ws.team_id,
            "text": "",
            "ts": ts,
            **content,
        }

    def channel_object(self, channel: Channel) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "id": channel.id,
            "created": channel.created,
            "is_archived": channel.is_archived,
            "is_im": channel.is_im,
            "is_mpim": channel.is_mpim,
            "is_private": channel.is_private or channel.is_im or channel.is_mpim,
            "is_member": self.ws.bot_user_id in channel.members,
        }
        if channel.is_im:
            obj["user"] = channel.im_user
            return obj
        obj.update(
            name=channel.name,
            name_normalized=channel.name,
            is_channel=not channel.is_mpim,
            is_group=channel.is_private and not channel.is_mpim,
            is_general=False,
            num_members=len(channel.members),
            topic={"value": "", "creator": "", "last_set": 0},
            purpose={"value": "", "creator": "", "last_set": 0},
        )
        return obj

    def _view_arg(self, args: Args, kind: str) -> dict[str, Any]:
        view = args.get("view")
        if view is None:
            raise _invalid_arguments(["missing required field: view"])
        errors = validate_view(view)
        if not errors and view.get("type") != kind:
            errors = [f"must be {kind} [json-pointer:/view/type]"]
        if errors:
            raise _invalid_arguments(errors)
        return dict(view)

    def _use_trigger(self, args: Args) -> str:
        trigger_id = args.get("trigger_id") or args.get("interactivity_pointer")
        if not trigger_id:
            raise _invalid_arguments(["missing required field: trigger_id"])
        trigger, error = self.ws.check_trigger(str(trigger_id))
        if trigger is None:
            raise ApiError(error or "invalid_trigger_id")
        trigger.used = True
        return trigger.user_id

    # ----- methods --------------------------------------------------------------------------

    def auth_test(self, args: Args) -> dict[str, Any]:
        return {
            "url": f"https://{self.ws.team_domain}.slack.com/",
            "team": self.ws.team_domain,
            "user": self.ws.users[self.ws.bot_user_id].name,
            "team_id": self.ws.team_id,
            "user_id": self.ws.bot_user_id,
            "bot_id": self.ws.bot_id,
            "is_enterprise_install": False,
        }

    def users_info(self, args: Args) -> dict[str, Any]:
        user = self._user(_require(args, "user"))
        now = datetime.now(ZoneInfo(user.tz))
        offset = now.utcoffset()
        return {
            "user": {
                "id": user.id,
                "team_id": user.team_id,
                "name": user.name,
                "deleted": user.deleted,
                "real_name": user.real_name,
                "tz": user.tz,
                "tz_label": now.tzname() or user.tz,
                "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
                "is_bot": user.is_bot,
                "is_restricted": user.is_restricted,
                "is_admin": False,
                "is_owner": False,
                "is_app_user": False,
                "profile": {
                    "real_name": user.real_name,
                    "real_name_normalized": user.real_name,
                    "display_name": user.name,
                    "display_name_normalized": user.name,
                    "team": user.team_id,
                },
            }
        }

    def chat_post_message(self, args: Args) -> dict[str, Any]:
        channel = self._writable_channel(_require_channel(args))
        content = self._message_content(args, required=True)
        retry_after = self.limiter.check_channel(channel.id)
        if retry_after is not None:
            raise RateLimited(retry_after)
        if args.get("thread_ts"):
            content["thread_ts"] = str(args["thread_ts"])
        message = self._bot_message(content, self.ws.new_ts())
        self.ws.post_message(channel, message)
        return {"channel": channel.id, "ts": message["ts"], "message": message}

    def chat_post_ephemeral(self, args: Args) -> dict[str, Any]:
        channel = self._writable_channel(_require_channel(args))
        user = self._user(_require(args, "user"))
        in_channel = channel.im_user == user.id if channel.is_im else user.id in channel.members
        if not in_channel:
            raise ApiError("user_not_in_channel")
        content = self._message_content(args, required=True)
        ts = self.ws.new_ts()
        self.ws.add_ephemeral(user.id, channel.id, self._bot_message(content, ts))
        return {"message_ts": ts}

    def chat_update(self, args: Args) -> dict[str, Any]:
        # Slack wants the conversation id here; a user id is not resolved to the DM.
        channel = self._visible_channel(_require_channel(args), allow_user=False)
        stored = self.ws.find_message(channel.id, _require(args, "ts"))
        if stored is None:
            raise ApiError("message_not_found")
        if stored.message.get("bot_id") != self.ws.bot_id:
            raise ApiError("cant_update_message")
        content = self._message_content(args, required=False)
        if not content:
            raise ApiError("no_text")
        content["edited"] = {"user": self.ws.bot_user_id, "ts": self.ws.new_ts()}
        self.ws.update_message(stored, content)
        return {
            "channel": channel.id,
            "ts": stored.message["ts"],
            "text": stored.message.get("text", ""),
            "message": stored.message,
        }

    def chat_delete(self, args: Args) -> dict[str, Any]:
        channel = self._visible_channel(_require_channel(args), allow_user=False)
        stored = self.ws.find_message(channel.id, _require(args, "ts"))
        if stored is None:
            raise ApiError("message_not_found")
        if stored.message.get("bot_id") != self.ws.bot_id:
            raise ApiError("cant_delete_message")
        self.ws.delete_message(stored)
        return {"channel": channel.id, "ts": stored.message["ts"]}

    def conversations_open(self, args: Args) -> dict[str, Any]:
        if args.get("channel"):
            channel = self._visible_channel(str(args["channel"]), allow_user=False)
            return {"channel": {"id": channel.id}}
        user_ids = _split_ids(args.get("users"))
        if not user_ids:
            raise ApiError("users_list_not_supplied")
        if len(user_ids) > 8:
            raise ApiError("too_many_users")
        for user_id in user_ids:
            if self._user(user_id).deleted:
                raise ApiError("user_disabled")
        if len(user_ids) == 1:
            existed = self.ws.has_dm(user_ids[0])
            channel = self.ws.dm_channel(user_ids[0])
        else:
            channel, existed = self.ws.mpim_channel(user_ids)
        result: dict[str, Any] = {
            "channel": self.channel_object(channel)
            if _truthy(args.get("return_im"))
            else {"id": channel.id}
        }
        if existed:
            result.update(no_op=True, already_open=True)
        return result

    def conversations_info(self, args: Args) -> dict[str, Any]:
        channel = self._member_visible(_require_channel(args))
        return {"channel": self.channel_object(channel)}

    def _member_visible(self, ref: str) -> Channel:
        channel = self._visible_channel(ref, allow_user=False)
        if not channel.is_public and self.ws.bot_user_id not in channel.members:
            raise ApiError("channel_not_found")
        return channel

    def conversations_members(self, args: Args) -> dict[str, Any]:
        channel = self._member_visible(_require_channel(args))
        members = sorted(channel.members)
        try:
            limit = max(1, min(int(args.get("limit") or 100), 1000))
        except ValueError as exc:
            raise _invalid_arguments(["limit must be an integer"]) from exc
        start = _decode_cursor(args.get("cursor"))
        page = members[start : start + limit]
        more = start + limit < len(members)
        next_cursor = _encode_cursor(start + limit) if more else ""
        return {"members": page, "response_metadata": {"next_cursor": next_cursor}}

    def conversations_history(self, args: Args) -> dict[str, Any]:
        """Top-level messages, newest first, between `oldest` and `latest` (both exclusive
        unless `inclusive`); paged with `limit` (default 100, at most 999) and `cursor`."""
        channel = self._visible_channel(_require_channel(args), allow_user=False)
        if self.ws.bot_user_id not in channel.members:
            raise ApiError("not_in_channel")
        oldest = _ts_arg(args, "oldest")
        latest = _ts_arg(args, "latest")
        inclusive = _truthy(args.get("inclusive"))
        try:
            limit = max(1, min(int(args.get("limit") or 100), MAX_HISTORY_LIMIT))
        except ValueError as exc:
            raise _invalid_arguments(["limit must be an integer"]) from exc
        start = _decode_history_cursor(args.get("cursor"))

        def in_range(ts: Decimal) -> bool:
            if oldest is not None and (ts < oldest if inclusive else ts <= oldest):
                return False
            if latest is not None and (ts > latest if inclusive else ts >= latest):
                return False
            return start is None or ts <= start

        visible = sorted(
            (
                stored.message
                for stored in self.ws.messages.get(channel.id, [])
                if _top_level(stored.message) and in_range(Decimal(stored.message["ts"]))
            ),
            key=lambda message: Decimal(message["ts"]),
            reverse=True,
        )
        page, rest = visible[:limit], visible[limit:]
        with_metadata = _truthy(args.get("include_all_metadata"))
        messages = []
        for message in page:
            shown = copy.deepcopy(message)
            if not with_metadata:
                shown.pop("metadata", None)
            messages.append(shown)
        next_cursor = _encode_history_cursor(rest[0]["ts"]) if rest else ""
        return {
            "messages": messages,
            "has_more": bool(rest),
            "pin_count": 0,
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def conversations_create(self, args: Args) -> dict[str, Any]:
        name = str(args.get("name") or "")
        if not name:
            raise ApiError("invalid_name_required")
        if len(name) > 80:
            raise ApiError("invalid_name_maxlength")
        if not _CHANNEL_NAME.match(name):
            raise ApiError("invalid_name_specials")
        if not re.search(r"[a-z0-9]", name):
            raise ApiError("invalid_name_punctuation")
        if self.ws.channel_creation_restricted:
            raise ApiError("restricted_action")
        if any(c.name == name for c in self.ws.channels.values() if not c.is_im):
            raise ApiError("name_taken")
        channel = Channel(
            id=self.ws.new_id("C"),
            name=name,
            is_private=_truthy(args.get("is_private")),
            members={self.ws.bot_user_id},
            created=int(time.time()),
        )
        self.ws.channels[channel.id] = channel
        return {"channel": self.channel_object(channel)}

    def conversations_invite(self, args: Args) -> dict[str, Any]:
        channel = self._member_visible(_require_channel(args))
        if channel.is_im or channel.is_mpim:
            raise ApiError("method_not_supported_for_channel_type")
        if self.ws.bot_user_id not in channel.members:
            raise ApiError("not_in_channel")
        if channel.is_archived:
            raise ApiError("is_archived")
        user_ids = _split_ids(args.get("users"))
        if not user_ids:
            raise ApiError("no_user")
        for user_id in user_ids:
            if user_id == self.ws.bot_user_id:
                raise ApiError("cant_invite_self")
            if self._user(user_id).deleted:
                raise ApiError("user_is_deleted")
            if self._user(user_id).is_restricted:
                raise ApiError("user_is_restricted")
            if user_id in channel.members:
                raise ApiError("already_in_channel")
        channel.members.update(user_ids)
        for user_id in user_ids:
            self.ws.log(user_id, f"[#{channel.name}] you were added to #{channel.name}")
        return {"channel": self.channel_object(channel)}

    def conversations_list(self, args: Args) -> dict[str, Any]:
        """Channels the bot can see: public ones, and the private ones it is a member of."""
        types = set(str(args.get("types") or "public_channel").split(","))
        exclude_archived = _truthy(args.get("exclude_archived"))
        try:
            limit = max(1, min(int(args.get("limit") or 100), 1000))
        except ValueError as exc:
            raise _invalid_arguments(["limit must be an integer"]) from exc

        def kind(channel: Channel) -> str:
            if channel.is_im:
                return "im"
            if channel.is_mpim:
                return "mpim"
            return "private_channel" if channel.is_private else "public_channel"

        visible = [
            channel
            for channel in sorted(self.ws.channels.values(), key=lambda c: c.id)
            if kind(channel) in types
            and (channel.is_public or self.ws.bot_user_id in channel.members)
            and not (exclude_archived and channel.is_archived)
        ]
        start = _decode_cursor(args.get("cursor"))
        page = visible[start : start + limit]
        more = start + limit < len(visible)
        return {
            "channels": [self.channel_object(c) for c in page],
            "response_metadata": {"next_cursor": _encode_cursor(start + limit) if more else ""},
        }

    def conversations_archive(self, args: Args) -> dict[str, Any]:
        channel = self._member_visible(_require_channel(args))
        if channel.is_im or channel.is_mpim:
            raise ApiError("method_not_supported_for_channel_type")
        if channel.is_archived:
            raise ApiError("already_archived")
        channel.is_archived = True
        return {}

    def views_open(self, args: Args) -> dict[str, Any]:
        view = self._view_arg(args, "modal")
        if self.ws.external_id_taken(view.get("external_id")):
            raise ApiError("duplicate_external_id")
        user_id = self._use_trigger(args)
        record = self.ws.open_modal(user_id, view, push=False)
        return {"view": self.ws.full_view(record)}

    def views_push(self, args: Args) -> dict[str, Any]:
        view = self._view_arg(args, "modal")
        trigger_id = str(args.get("trigger_id") or args.get("interactivity_pointer") or "")
        trigger, _ = self.ws.check_trigger(trigger_id)
        if trigger is not None:
            stack = self.ws.modal_stacks.get(trigger.user_id) or []
            if not stack:
                raise ApiError("not_found")  # push needs an open modal to push onto
            if len(stack) >= MAX_MODAL_STACK:
                raise ApiError("push_limit_reached")
        if self.ws.external_id_taken(view.get("external_id")):
            raise ApiError("duplicate_external_id")
        user_id = self._use_trigger(args)
        record = self.ws.open_modal(user_id, view, push=True)
        return {"view": self.ws.full_view(record)}

    def views_update(self, args: Args) -> dict[str, Any]:
        view_id, external_id = args.get("view_id"), args.get("external_id")
        if not view_id and not external_id:
            raise _invalid_arguments(["missing required field: view_id or external_id"])
        record = self.ws.find_view(view_id, external_id)
        if record is None or record.closed:
            raise ApiError("not_found")
        if args.get("hash") and args["hash"] != record.view["hash"]:
            raise ApiError("hash_conflict")
        view = self._view_arg(args, record.kind)
        if self.ws.external_id_taken(view.get("external_id"), exclude=record.id):
            raise ApiError("duplicate_external_id")
        self.ws.update_view(record, view)
        return {"view": self.ws.full_view(record)}

    def views_publish(self, args: Args) -> dict[str, Any]:
        user = self._user(_require(args, "user_id"))
        view = self._view_arg(args, "home")
        current = self.ws.home_views.get(user.id)
        if args.get("hash") and current and args["hash"] != self.ws.views[current].view["hash"]:
            raise ApiError("hash_conflict")
        record = self.ws.publish_home(user.id, view)
        return {"view": self.ws.full_view(record)}

    def files_get_upload_url_external(self, args: Args) -> dict[str, Any]:
        """Step 1 of an upload: a file id and a one-off URL to POST its bytes to."""
        name = _require(args, "filename")
        try:
            length = int(str(_require(args, "length")))
        except ValueError as exc:
            raise _invalid_arguments(["length must be an integer"]) from exc
        if length == 0:
            raise ApiError("missing_argument")  # Slack's answer to an empty file
        if length < 0:
            raise _invalid_arguments(["length must be a positive integer"])
        alt_txt = args.get("alt_txt")
        if alt_txt is not None and len(str(alt_txt)) > MAX_ALT_TXT:
            raise ApiError("alt_txt_too_large")
        snippet_type = args.get("snippet_type")
        upload, ticket = self.ws.new_upload(
            name,
            length,
            alt_txt=None if alt_txt is None else str(alt_txt),
            snippet_type=None if snippet_type is None else str(snippet_type),
        )
        return {"upload_url": f"{self._base_url()}upload/v1/{ticket}", "file_id": upload.id}

    def files_complete_upload_external(self, args: Args) -> dict[str, Any]:
        """Step 3: finish uploads (once each) and share them, with one message per conversation.

        All or nothing: any unknown, not-yet-uploaded or already-finished file, or any
        conversation the bot cannot share into, fails the call and finishes nothing.
        """
        uploads = [(self._pending_upload(e), e.get("title")) for e in _file_entries(args)]
        targets = self._share_targets(args)
        thread_ts = str(args["thread_ts"]) if args.get("thread_ts") else None
        if thread_ts and len(targets) > 1:
            raise _invalid_arguments(["thread_ts needs exactly one channel"])
        content = self._share_content(args)
        for upload, title in uploads:
            upload.title = str(title) if title else upload.name
            upload.completed = True
        for channel in targets:
            shared = {
                **content,
                "files": [self.file_object(upload) for upload, _ in uploads],
                "upload": True,
                "display_as_bot": False,
            }
            if thread_ts:
                shared["thread_ts"] = thread_ts
            self.ws.post_message(channel, self._bot_message(shared, self.ws.new_ts()))
        # Slack shares asynchronously: the answer names the files, not where or when they were
        # shared (no message ts), so neither does the twin's.
        return {"files": [self.file_object(upload) for upload, _ in uploads]}

    def _pending_upload(self, entry: dict[str, Any]) -> UploadedFile:
        upload = self.ws.files.get(str(entry["id"]))
        if upload is None or upload.content is None or upload.completed:
            raise ApiError("file_not_found")
        return upload

    def _share_targets(self, args: Args) -> list[Channel]:
        targets: list[Channel] = []
        channel_id = args.get("channel_id")
        if channel_id:
            # A conversation id only: unlike chat.postMessage, no #name and no user id.
            channel = self.ws.channels.get(str(channel_id))
            if channel is None:
                raise ApiError("channel_not_found")
            targets.append(self._shareable(channel.id, allow_user=False))
        # `channels` also takes user ids, meaning the bot's DM with them.
        targets.extend(
            self._shareable(ref, allow_user=True) for ref in _split_ids(args.get("channels"))
        )
        return list({c.id: c for c in targets}.values())

    def _shareable(self, ref: str, *, allow_user: bool) -> Channel:
        channel = self._visible_channel(ref, allow_user=allow_user)
        # files:write has no chat:write.public counterpart: the bot must be in the conversation.
        # Private ones it is not in are invisible to it.
        if self.ws.bot_user_id not in channel.members:
            raise ApiError("not_in_channel" if channel.is_public else "channel_not_found")
        return channel

    def _share_content(self, args: Args) -> dict[str, Any]:
        comment = args.get("initial_comment")
        if comment:
            if len(str(comment)) > MAX_MESSAGE_TEXT:
                raise ApiError("msg_too_long")
            return {"text": str(comment)}  # Slack ignores `blocks` when there is a comment
        if args.get("blocks"):
            return self._message_content({"blocks": args["blocks"]}, required=False)
        return {"text": ""}

    def file_object(self, upload: UploadedFile) -> dict[str, Any]:
        """A file as Slack describes it (the fields a bot reads; no download URLs)."""
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        return {
            "id": upload.id,
            "created": upload.created,
            "timestamp": upload.created,
            "name": upload.name,
            "title": upload.title or upload.name,
            "mimetype": mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
            "filetype": upload.snippet_type or extension or "binary",
            "pretty_type": (extension or "binary").upper(),
            "user": upload.uploader,
            "user_team": self.ws.team_id,
            "editable": False,
            "size": len(upload.content or b""),
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": False,
            "public_url_shared": False,
            "display_as_bot": False,
            "alt_txt": upload.alt_txt or "",
            "shares": {},
        }

    # ----- file upload URLs -----------------------------------------------------------------

    async def handle_upload(self, request: web.Request) -> web.Response:
        """Step 2: the bytes, POSTed raw or multipart to the URL from step 1.

        Like Slack's upload service the URL is the credential (slack_sdk sends no token here),
        and the answer is text/plain.
        """
        content = await _upload_body(request)
        upload = self.ws.receive_upload(request.match_info["ticket"], content)
        ok = upload is not None
        args = {"file_id": upload.id if upload else None, "length": len(content)}
        self.ws.calls.append(
            ApiCall("upload", args, ok, None if ok else "not_found", 200 if ok else 404, {})
        )
        self.ws.touch()
        if upload is None:
            return web.Response(status=404, text="Not Found", content_type="text/plain")
        return web.Response(text=f"OK - {len(content)}", content_type="text/plain")

    def apps_connections_open(self, args: Args) -> dict[str, Any]:
        if self._open_socket_url is None:
            raise ApiError("not_allowed_token_type")  # this twin has no Socket Mode
        return {"url": self._open_socket_url()}

    # ----- response_url ---------------------------------------------------------------------

    def response_url(self, response_id: str) -> str:
        return f"{self._base_url()}response/{response_id}"

    async def handle_response_url(self, request: web.Request) -> web.Response:
        """What Slack does with a POST to a response_url an interaction payload carried."""
        target = self.ws.responses.get(request.match_info["response_id"])
        body: Any = None
        if request.can_read_body:
            raw = await request.text()
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = None
        args = body if isinstance(body, dict) else {}
        error, status = self._apply_response(target, args)
        self.ws.calls.append(
            ApiCall("response_url", args, error is None, error, status, {"ok": error is None})
        )
        self.ws.touch()
        return web.Response(status=status, text=error or "ok")

    def _apply_response(self, target: Any, args: Args) -> tuple[str | None, int]:
        if target is None:
            return "expired_url", 404
        if target.uses >= MAX_RESPONSE_URL_USES:
            return "used_url", 404
        if not args:
            return "invalid_payload", 400
        original_eph = next((e for e in self.ws.ephemerals if e.id == target.ephemeral_id), None)
        original_msg = (
            self.ws.find_message(target.channel_id, target.message_ts)
            if target.message_ts
            else None
        )
        if _truthy(args.get("delete_original")):
            target.uses += 1
            if original_eph is not None and not original_eph.deleted:
                self.ws.delete_ephemeral(original_eph)
            elif original_msg is not None:
                self.ws.delete_message(original_msg)
            return None, 200
        try:
            content = self._message_content(args, required=True)
        except ApiError as exc:
            return exc.error, 400
        target.uses += 1
        channel = self.ws.channels.get(target.channel_id) or self.ws.dm_channel(target.user_id)
        if _truthy(args.get("replace_original")):
            if original_eph is not None and not original_eph.deleted:
                self.ws.replace_ephemeral(
                    original_eph, self._bot_message(content, original_eph.message["ts"])
                )
                return None, 200
            if original_msg is not None:
                # Unlike chat.update, a replacement is a whole new message: old blocks go.
                self.ws.update_message(original_msg, {"text": "", "blocks": [], **content})
                return None, 200
        if args.get("response_type") == "in_channel":
            self.ws.post_message(channel, self._bot_message(content, self.ws.new_ts()))
        else:
            self.ws.add_ephemeral(
                target.user_id, channel.id, self._bot_message(content, self.ws.new_ts())
            )
        return None, 200


def _file_entries(args: Args) -> list[dict[str, Any]]:
    """`files`: a JSON array of {"id", "title"?} objects (a JSON string when form-encoded)."""
    raw = args.get("files")
    if raw is None or raw == "":
        raise _invalid_arguments(["missing required field: files"])
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _invalid_arguments(["files must be a JSON array"]) from exc
    if not isinstance(raw, list) or not raw:
        raise _invalid_arguments(["files must be a non-empty array"])
    if not all(isinstance(e, dict) and e.get("id") for e in raw):
        raise _invalid_arguments(["each file needs an id [json-pointer:/files]"])
    return raw


async def _upload_body(request: web.Request) -> bytes:
    if request.content_type != "multipart/form-data":
        return await request.read()
    form = await request.post()
    for value in form.values():  # the first file part carries the bytes
        if isinstance(value, web.FileField):
            return bytes(value.file.read())
    return b""


def _require_channel(args: Args) -> str:
    channel = args.get("channel")
    if not channel:
        raise ApiError("channel_not_found")
    return str(channel)


def _ts_arg(args: Args, key: str) -> Decimal | None:
    value = args.get(key)
    if value is None or value == "":
        return None
    try:
        ts = Decimal(str(value))
    except InvalidOperation as exc:
        raise ApiError(f"invalid_ts_{key}") from exc
    if not ts.is_finite():
        raise ApiError(f"invalid_ts_{key}")
    return ts


def _top_level(message: dict[str, Any]) -> bool:
    """conversations.history leaves out thread replies, except those also sent to the channel."""
    thread_ts = message.get("thread_ts")
    return (
        thread_ts is None
        or thread_ts == message.get("ts")
        or message.get("subtype") == "thread_broadcast"
    )


def _encode_history_cursor(ts: str) -> str:
    # Like Slack's: the ts of the newest message of the next page, so later posts do not shift it.
    return base64.b64encode(f"next_ts:{ts}".encode()).decode()


def _decode_history_cursor(cursor: object) -> Decimal | None:
    if not cursor:
        return None
    try:
        raw = base64.b64decode(str(cursor), validate=True).decode()
        if not raw.startswith("next_ts:"):
            raise ValueError(raw)
        return Decimal(raw.removeprefix("next_ts:"))
    except (binascii.Error, UnicodeDecodeError, ValueError, InvalidOperation) as exc:
        raise ApiError("invalid_cursor") from exc


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: object) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.b64decode(str(cursor)).decode().removeprefix("offset:"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ApiError("invalid_cursor") from exc

"""The twin's workspace: people, conversations, messages, views, triggers and what each person saw.

Everything lives in one event loop, so plain dicts suffice; every mutation calls ``touch()``, which
wakes ``wait_for`` waiters (no polling).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import secrets
import time
from collections.abc import Callable
from typing import Any

from sandbox.twin.blockkit import normalize_blocks
from sandbox.twin.models import (
    ApiCall,
    Channel,
    Ephemeral,
    ResponseTarget,
    SharedFile,
    StoredMessage,
    Trigger,
    UploadedFile,
    User,
    ViewRecord,
)
from sandbox.twin.render import render_message, render_view
from sandbox.twin.view_state import build_state

MAX_MODAL_STACK = 3  # Slack allows at most three stacked modals


class Workspace:
    def __init__(
        self,
        *,
        team_id: str,
        team_domain: str,
        bot_user_id: str,
        bot_id: str,
        app_id: str,
        clock: Callable[[], float],
        trigger_ttl_seconds: float,
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.clock = clock
        self.trigger_ttl_seconds = trigger_ttl_seconds
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[StoredMessage]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, ViewRecord] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.home_views: dict[str, str] = {}
        self.triggers: dict[str, Trigger] = {}
        self.responses: dict[str, ResponseTarget] = {}
        # (line, is_own_action): the person's own actions are kept apart from what they saw.
        self.transcripts: dict[str, list[tuple[str, bool]]] = {}
        self.calls: list[ApiCall] = []
        self.files: dict[str, UploadedFile] = {}
        self.upload_tickets: dict[str, str] = {}  # the secret in an upload URL -> file id
        # Slack lets an app post to a public channel it hasn't joined only with the
        # chat:write.public scope, which mentorbot's manifest does not ask for.
        self.chat_write_public = False
        # A workspace preference that lets only admins create channels (restricted_action).
        self.channel_creation_restricted = False
        self.protocol_errors: list[str] = []
        self._dm_by_user: dict[str, str] = {}
        self._mpim_by_members: dict[frozenset[str], str] = {}
        self._ids = itertools.count(1)
        self._seq = 0
        self._last_ts = 0.0
        self._changed: asyncio.Event | None = None

    # ----- change notification -------------------------------------------------------------

    def touch(self) -> int:
        """Bump the change counter and wake every waiter."""
        self._seq += 1
        if self._changed is not None:
            self._changed.set()
            self._changed = None  # the next waiter creates a fresh Event
        return self._seq

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109 - mirrors public API
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    if self._changed is None:
                        self._changed = asyncio.Event()
                    await self._changed.wait()
        except TimeoutError:
            if predicate():
                return
            recent = (
                ", ".join(f"{c.method}:{'ok' if c.ok else c.error}" for c in self.calls[-8:])
                or "none"
            )
            name = getattr(predicate, "__qualname__", repr(predicate))
            raise TimeoutError(
                f"wait_for({name}) still false after {timeout}s; last Web API calls: {recent}"
                + (f"; protocol errors: {self.protocol_errors}" if self.protocol_errors else "")
            ) from None

    # ----- ids -----------------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def new_ts(self) -> str:
        # Message timestamps double as ids in Slack, so they must be unique and increasing.
        now = max(time.time(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def names(self) -> dict[str, str]:
        """id -> display name, for rendering <@U..> and <#C..> mentions."""
        names = {u.id: u.name for u in self.users.values()}
        names.update({c.id: c.name for c in self.channels.values() if c.name})
        return names

    def log(self, user_id: str, line: str, *, own: bool = False) -> None:
        self.transcripts.setdefault(user_id, []).append((line, own))

    # ----- conversations --------------------------------------------------------------------

    def dm_channel(self, user_id: str) -> Channel:
        """The bot<->user DM, created on first use with a stable D… id."""
        channel_id = self._dm_by_user.get(user_id)
        if channel_id is None:
            channel_id = self.new_id("D")
            self._dm_by_user[user_id] = channel_id
            self.channels[channel_id] = Channel(
                id=channel_id,
                name="",
                is_private=True,
                members={user_id, self.bot_user_id},
                created=int(time.time()),
                is_im=True,
                im_user=user_id,
            )
        return self.channels[channel_id]

    def has_dm(self, user_id: str) -> bool:
        return user_id in self._dm_by_user

    def mpim_channel(self, user_ids: list[str]) -> tuple[Channel, bool]:
        """A group DM for this exact member set (bot included); returns (channel, existed)."""
        members = frozenset([*user_ids, self.bot_user_id])
        channel_id = self._mpim_by_members.get(members)
        if channel_id is not None:
            return self.channels[channel_id], True
        channel_id = self.new_id("G")
        self._mpim_by_members[members] = channel_id
        handles = "--".join(sorted(self.users[u].name for u in user_ids if u in self.users))
        self.channels[channel_id] = Channel(
            id=channel_id,
            name=f"mpdm-{handles}-1",
            is_private=True,
            members=set(members),
            created=int(time.time()),
            is_mpim=True,
        )
        return self.channels[channel_id], False

    def resolve_channel(self, ref: str, *, allow_user: bool) -> Channel | None:
        """Channel by id, by #name, or (where Slack allows it) a user id meaning their DM."""
        if ref in self.channels:
            return self.channels[ref]
        if allow_user and ref in self.users:
            return self.dm_channel(ref)
        name = ref.removeprefix("#")
        for channel in self.channels.values():
            if channel.name == name and not (channel.is_im or channel.is_mpim):
                return channel
        return None

    # ----- messages -------------------------------------------------------------------------

    def _where(self, channel: Channel) -> str:
        if channel.is_im:
            return "DM"
        if channel.is_mpim:
            return "group DM"
        return f"#{channel.name}"

    def _audience(self, channel: Channel) -> list[str]:
        return sorted(m for m in channel.members if m != self.bot_user_id and m in self.users)

    def post_message(self, channel: Channel, message: dict[str, Any]) -> StoredMessage:
        if message.get("blocks"):
            message["blocks"] = normalize_blocks(message["blocks"])
        stored = StoredMessage(channel.id, message, self.touch())
        self.messages.setdefault(channel.id, []).append(stored)
        author = str(message.get("user"))
        text = render_message(message, self.names())
        if author != self.bot_user_id:
            text = f"@{self.names().get(author, author)}: {text}"
        for user_id in self._audience(channel):
            if user_id != author:  # people's own messages are logged as "[you] ..." lines
                self.log(user_id, f"[{self._where(channel)}] {text}")
        return stored

    def find_message(self, channel_id: str, ts: str) -> StoredMessage | None:
        for stored in self.messages.get(channel_id, []):
            if stored.message.get("ts") == ts:
                return stored
        return None

    def update_message(self, stored: StoredMessage, changes: dict[str, Any]) -> None:
        if changes.get("blocks"):
            changes["blocks"] = normalize_blocks(changes["blocks"])
        stored.message.update(changes)
        if "blocks" in changes and not changes["blocks"]:
            stored.message.pop("blocks", None)
        stored.seq = self.touch()
        channel = self.channels[stored.channel_id]
        text = render_message(stored.message, self.names())
        for user_id in self._audience(channel):
            self.log(user_id, f"[{self._where(channel)} updated] {text}")

    def delete_message(self, stored: StoredMessage) -> None:
        self.messages[stored.channel_id].remove(stored)
        self.touch()
        channel = self.channels[stored.channel_id]
        for user_id in self._audience(channel):
            self.log(user_id, f"[{self._where(channel)} deleted]")

    def add_ephemeral(self, user_id: str, channel_id: str, message: dict[str, Any]) -> Ephemeral:
        if message.get("blocks"):
            message["blocks"] = normalize_blocks(message["blocks"])
        eph = Ephemeral(self.new_id("E"), user_id, channel_id, message, self.touch())
        self.ephemerals.append(eph)
        self.log(user_id, f"[ephemeral] {render_message(message, self.names())}")
        return eph

    def replace_ephemeral(self, eph: Ephemeral, message: dict[str, Any]) -> None:
        if message.get("blocks"):
            message["blocks"] = normalize_blocks(message["blocks"])
        eph.message = message
        eph.seq = self.touch()
        self.log(eph.user_id, f"[ephemeral updated] {render_message(message, self.names())}")

    def delete_ephemeral(self, eph: Ephemeral) -> None:
        eph.deleted = True
        self.touch()
        self.log(eph.user_id, "[ephemeral deleted]")

    # ----- files ----------------------------------------------------------------------------

    def new_upload(
        self, name: str, length: int, *, alt_txt: str | None, snippet_type: str | None
    ) -> tuple[UploadedFile, str]:
        """A file waiting for its bytes, and the secret that its upload URL carries."""
        upload = UploadedFile(
            id=self.new_id("F"),
            name=name,
            length=length,
            uploader=self.bot_user_id,
            created=int(time.time()),
            alt_txt=alt_txt,
            snippet_type=snippet_type,
        )
        self.files[upload.id] = upload
        ticket = secrets.token_urlsafe(24)
        self.upload_tickets[ticket] = upload.id
        self.touch()
        return upload, ticket

    def receive_upload(self, ticket: str, content: bytes) -> UploadedFile | None:
        file_id = self.upload_tickets.get(ticket)
        upload = self.files.get(file_id) if file_id else None
        if upload is None or upload.completed:
            return None
        upload.content = content
        self.touch()
        return upload

    def shared_files(self, channel_id: str) -> list[SharedFile]:
        """Files shared into a conversation, oldest first, with the message that carried them."""
        shared = []
        for stored in self.messages.get(channel_id, []):
            for entry in stored.message.get("files") or []:
                upload = self.files.get(str(entry.get("id")))
                if upload is None or upload.content is None:
                    continue
                shared.append(
                    SharedFile(
                        id=upload.id,
                        name=upload.name,
                        title=upload.title,
                        content=upload.content,
                        channel_id=channel_id,
                        ts=str(stored.message["ts"]),
                        comment=str(stored.message.get("text") or ""),
                    )
                )
        return shared

    # ----- views ----------------------------------------------------------------------------

    def _shape_view(
        self,
        raw: dict[str, Any],
        *,
        view_id: str,
        root_view_id: str | None,
        previous_view_id: str | None,
    ) -> dict[str, Any]:
        """The view object as Slack echoes it back (ids, hash, defaults filled in)."""
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": raw["type"],
            "blocks": normalize_blocks(raw.get("blocks") or []),
            "private_metadata": raw.get("private_metadata", ""),
            "callback_id": raw.get("callback_id", ""),
            "hash": f"{time.time():.6f}.{secrets.token_hex(4)}",
            "title": copy.deepcopy(raw.get("title")),
            "clear_on_close": bool(raw.get("clear_on_close", False)),
            "notify_on_close": bool(raw.get("notify_on_close", False)),
            "close": copy.deepcopy(raw.get("close")),
            "submit": copy.deepcopy(raw.get("submit")),
            "previous_view_id": previous_view_id,
            "root_view_id": root_view_id or view_id,
            "app_id": self.app_id,
            "external_id": raw.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def full_view(self, record: ViewRecord) -> dict[str, Any]:
        view = copy.deepcopy(record.view)
        view["state"] = {"values": copy.deepcopy(record.values)}
        return view

    def top_modal(self, user_id: str) -> ViewRecord | None:
        stack = self.modal_stacks.get(user_id) or []
        return self.views[stack[-1]] if stack else None

    def find_view(self, view_id: str | None, external_id: str | None) -> ViewRecord | None:
        if view_id:
            return self.views.get(view_id)
        for record in self.views.values():
            if external_id and record.view.get("external_id") == external_id:
                return record
        return None

    def external_id_taken(self, external_id: str | None, exclude: str | None = None) -> bool:
        return bool(external_id) and any(
            r.view.get("external_id") == external_id and r.id != exclude and not r.closed
            for r in self.views.values()
        )

    def _log_view(self, record: ViewRecord) -> None:
        names = self.names()
        if record.kind == "home":
            self.log(record.user_id, f"[home] {render_view(record.view, record.values, names)}")
            return
        title = (record.view.get("title") or {}).get("text", "")
        body = render_view(record.view, record.values, names, with_title=False)
        self.log(record.user_id, f"[modal: {title}] {body}")

    def open_modal(self, user_id: str, raw: dict[str, Any], *, push: bool) -> ViewRecord:
        stack = self.modal_stacks.setdefault(user_id, [])
        if not push:  # views.open starts a new stack
            for view_id in stack:
                self.views[view_id].closed = True
            stack.clear()
        previous = stack[-1] if stack else None
        root = self.views[stack[0]].id if stack else None
        view_id = self.new_id("V")
        view = self._shape_view(raw, view_id=view_id, root_view_id=root, previous_view_id=previous)
        record = ViewRecord(view_id, user_id, view, build_state(view["blocks"]), self.touch())
        self.views[view_id] = record
        stack.append(view_id)
        self._log_view(record)
        return record

    def update_view(self, record: ViewRecord, raw: dict[str, Any]) -> None:
        view = self._shape_view(
            raw,
            view_id=record.id,
            root_view_id=record.view.get("root_view_id"),
            previous_view_id=record.view.get("previous_view_id"),
        )
        record.view = view
        record.values = build_state(view["blocks"], record.values)
        record.errors = {}
        record.seq = self.touch()
        self._log_view(record)

    def publish_home(self, user_id: str, raw: dict[str, Any]) -> ViewRecord:
        view_id = self.home_views.get(user_id)
        if view_id is not None:  # Slack keeps one Home view id per user and app
            record = self.views[view_id]
            self.update_view(record, raw)
            return record
        view_id = self.new_id("V")
        view = self._shape_view(raw, view_id=view_id, root_view_id=None, previous_view_id=None)
        record = ViewRecord(view_id, user_id, view, build_state(view["blocks"]), self.touch())
        self.views[view_id] = record
        self.home_views[user_id] = view_id
        self._log_view(record)
        return record

    def close_modals(self, user_id: str, *, all_views: bool) -> None:
        stack = self.modal_stacks.get(user_id) or []
        while stack:
            self.views[stack.pop()].closed = True
            if not all_views:
                break
        self.touch()
        if stack:
            self._log_view(self.views[stack[-1]])
        else:
            self.log(user_id, "[modal closed]")

    def set_view_errors(self, record: ViewRecord, errors: dict[str, str]) -> None:
        record.errors = dict(errors)
        record.seq = self.touch()
        labels = {
            str(b.get("block_id")): str((b.get("label") or {}).get("text", b.get("block_id")))
            for b in record.view.get("blocks") or []
        }
        for block_id, message in errors.items():
            self.log(record.user_id, f"[modal errors] {labels.get(block_id, block_id)}: {message}")

    # ----- triggers and response_urls -------------------------------------------------------

    def issue_trigger(self, user_id: str) -> str:
        trigger_id = f"{int(time.time())}.{next(self._ids)}.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(user_id, self.clock())
        return trigger_id

    def check_trigger(self, trigger_id: str) -> tuple[Trigger | None, str | None]:
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            return None, "invalid_trigger_id"
        if trigger.used:
            return None, "exchanged_trigger_id"
        if self.clock() - trigger.issued_at > self.trigger_ttl_seconds:
            return None, "expired_trigger_id"
        return trigger, None

    def issue_response_url(self, target: ResponseTarget) -> str:
        response_id = secrets.token_hex(12)
        self.responses[response_id] = target
        return response_id

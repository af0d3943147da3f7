"""Plain data records the twin keeps about its fake workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Surface = Literal["home", "modal", "message", "ephemeral"]
Transport = Literal["http", "socket"]


@dataclass(frozen=True)
class TwinResponse:
    """The bot's HTTP answer to something the twin sent it."""

    status: int
    body: dict[str, Any] | str | None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Delivery:
    """One request the twin sent the bot, and how: POSTed to the Request URL or over the socket."""

    transport: Transport
    kind: str  # "slash_commands" | "interactive" | "events_api" (Socket Mode names) | "raw"
    envelope_id: str | None = None  # Socket Mode only


@dataclass(frozen=True)
class ApiCall:
    """One Web API request the bot made to the twin, with the twin's verdict."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)


@dataclass
class User:
    id: str
    name: str
    real_name: str
    tz: str
    is_bot: bool
    deleted: bool
    team_id: str
    is_restricted: bool = False  # a guest account (multi- or single-channel)


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool
    members: set[str]
    created: int
    is_im: bool = False
    is_mpim: bool = False
    im_user: str | None = None  # the human on the other side of a bot DM
    is_archived: bool = False

    @property
    def is_public(self) -> bool:
        return not (self.is_private or self.is_im or self.is_mpim)


@dataclass
class StoredMessage:
    channel_id: str
    message: dict[str, Any]  # Slack-shaped message object as conversations.history would show it
    seq: int  # global change counter; drives "most recent surface first"


@dataclass
class Ephemeral:
    id: str
    user_id: str
    channel_id: str
    message: dict[str, Any]
    seq: int
    deleted: bool = False


@dataclass
class ViewRecord:
    id: str
    user_id: str
    view: dict[str, Any]  # Slack-shaped view without "state" (state is derived from `values`)
    # block_id -> action_id -> Slack state value ({"type": ..., "value"/"selected_option"...: ...})
    values: dict[str, dict[str, dict[str, Any]]]
    seq: int
    errors: dict[str, str] = field(default_factory=dict)
    closed: bool = False

    @property
    def kind(self) -> str:
        return str(self.view.get("type", "modal"))


@dataclass
class Trigger:
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseTarget:
    """What a response_url (handed to the bot in a payload) is allowed to act on."""

    user_id: str
    channel_id: str
    message_ts: str | None = None  # the original message for replace/delete
    ephemeral_id: str | None = None
    uses: int = 0


@dataclass
class UploadedFile:
    """A file from files.getUploadURLExternal: bytes arrive at its upload URL, then
    files.completeUploadExternal shares it (once)."""

    id: str
    name: str
    length: int  # what the uploader declared
    uploader: str
    created: int
    title: str = ""
    content: bytes | None = None  # None until the upload URL received the bytes
    completed: bool = False
    alt_txt: str | None = None
    snippet_type: str | None = None


@dataclass(frozen=True)
class SharedFile:
    """A file as a person received it: the file and the message that shared it."""

    id: str
    name: str
    title: str
    content: bytes
    channel_id: str
    ts: str
    comment: str  # the message's text (initial_comment), "" if none

"""What the core needs from a chat platform, and the platform-neutral message it hands over.

Mentions are written `<@USER_ID>` in message text; an adapter whose platform spells mentions
differently rewrites them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Protocol

from bot.mentoring.models import Tenant

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.mentoring.screens import Block


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None
    confirm: tuple[str, str, str] | None = None  # title, question, yes-label


@dataclass(frozen=True)
class Message:
    text: str  # the whole message in one line of text: notifications and screen readers use it
    header: str | None = None
    paragraphs: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    # Messages made of repeated parts (one per pair, say): each part is its own small message.
    parts: tuple[Message, ...] = field(default=())
    # Screen blocks (bot/mentoring/screens.py), shown after the fields above: a message built
    # as a Screen travels through the outbox as these (screens.as_message).
    blocks: tuple[Block, ...] = ()
    # Platform message metadata (Slack: {"event_type": ..., "event_payload": {...}}); the outbox
    # stamps its delivery key here so a send can be found again after a crash.
    metadata: dict[str, Any] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class MessageRef:
    conversation_id: str
    message_id: str


class SpaceKind(StrEnum):
    GROUP_DM = "group_dm"
    PRIVATE_CHANNEL = "private_channel"


class DeliveryError(Exception):
    """The platform refused a send; `permanent` says whether trying again could help.

    `unknown` marks a transport failure (timeout, connection reset, HTTP 5xx): the platform may
    have done what was asked, so whoever retries must look first or rely on an idempotent call.
    """

    def __init__(
        self, reason: str, *, permanent: bool, retry_after: float | None = None,
        unknown: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after  # seconds the platform asked us to wait (HTTP 429)
        self.unknown = unknown


@dataclass(frozen=True)
class PairSpace:
    """The pair's conversation. `fallback` is the platform's reason (a code) when the program
    asked for a private channel and the pair got a group DM instead."""

    conversation_id: str
    kind: SpaceKind
    fallback: str | None = None


class Messenger(Protocol):
    async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef: ...

    async def update(self, tenant: Tenant, ref: MessageRef, message: Message) -> None: ...

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef: ...

    async def open_pair_space(
        self, tenant: Tenant, members: Sequence[str], kind: SpaceKind, name_hint: str
    ) -> PairSpace:
        """A conversation for the pair and the bot. Idempotent: called again for the same
        members and `name_hint` (unique to the pair) it returns the same conversation, so a
        retry after a crash or a timeout never opens a second one."""
        ...


@dataclass(frozen=True)
class FileToSend:
    filename: str  # e.g. "mentoring-hours-2027.csv"
    content: bytes
    title: str
    comment: str  # the message the file arrives with


class FileSender(Protocol):
    """Files (exports, a member's own data) sent to one person, privately, at their request.

    Not through the outbox: the person is waiting for it, the content can be large, and a
    failure is answered to them at once (DeliveryError) so they can ask again.
    """

    async def send_file(self, tenant: Tenant, user_id: str, file: FileToSend) -> MessageRef: ...


class DeliveryKind(StrEnum):
    DM = "dm"  # target is a user id: the bot's direct message with that person
    POST = "post"  # target is a conversation id (channel, group DM, private channel)
    # A durable step, not a message: open a pair's conversation; target is the pairing id.
    # The dispatcher claims it like a message and hands it to the SpaceSteps port.
    OPEN_SPACE = "open_space"


class SpaceSteps(Protocol):
    """Runs a claimed OPEN_SPACE step. It must be idempotent: after a crash the step is claimed
    again and run from the start. Raises DeliveryError when the platform refused or did not
    answer; `last_attempt` lets it tell the coordinators before the dispatcher gives up."""

    async def open_space(
        self, tenant: Tenant, target: str, *, last_attempt: bool
    ) -> MessageRef: ...


class Outbox(Protocol):
    """Messages that must go out are rows before they are network calls (DESIGN §5).

    Use cases call these inside their own unit of work, so a message commits with whatever
    decided to send it; the dispatcher sends it once the transaction has committed. `key` is
    the idempotency key: a second enqueue with the same key (a re-run job, a second process)
    is a no-op and returns False.
    """

    async def enqueue(
        self, session: AsyncSession, tenant: Tenant, key: str, kind: DeliveryKind, target: str,
        message: Message, due_at: datetime,
    ) -> bool: ...  # fmt: skip

    async def skip(
        self, session: AsyncSession, tenant: Tenant, key: str, kind: DeliveryKind, target: str,
        message: Message, due_at: datetime, reason: str,
    ) -> bool:  # fmt: skip
        """Record a message that will not be sent (too late to be useful), with why, so it
        is reported once and a later run does not send it either."""
        ...

    async def cancel(self, session: AsyncSession, tenant: Tenant, key: str) -> bool:
        """Skip a delivery that has not gone out yet (the pair ended, the campaign was pulled)."""
        ...

    def wake(self) -> None:
        """Ask the dispatcher to look now rather than at its next poll (call after commit)."""
        ...


class PersonState(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    NOT_FOUND = "not_found"  # no such user, or one the bot can't see


@dataclass(frozen=True)
class PersonName:
    """What the platform calls a person. Both names may be missing (a deleted account)."""

    user_id: str
    display_name: str | None = None
    real_name: str | None = None
    state: PersonState = PersonState.ACTIVE

    @property
    def name(self) -> str:
        """Their full name, for files a coordinator reads ("" when the platform has none)."""
        return self.real_name or self.display_name or ""


class DirectoryUnavailable(Exception):
    """The platform could not say who someone is right now (timeout, rate limit, outage)."""


class Profiles(Protocol):
    """Looks one person up on the platform (Slack: users.info). The adapter paces its calls to
    the platform's rate limit; an answer that the person doesn't exist is a PersonName with
    state NOT_FOUND, not an error."""

    async def lookup(self, tenant: Tenant, user_id: str) -> PersonName: ...

    async def channel_name(self, tenant: Tenant, channel_id: str) -> str | None:
        """ "mentoring" for a channel, or None (a DM, an unknown channel, no answer)."""
        ...


class ChannelProblem(StrEnum):
    """Why the bot could not post in a channel a coordinator or operator chose."""

    NOT_A_MEMBER = "not_a_member"  # a public channel the bot hasn't been invited to
    NOT_FOUND = "not_found"  # no such channel, or a private one the bot can't see
    ARCHIVED = "archived"


class ChannelAccess(Protocol):
    async def problem(self, tenant: Tenant, channel_id: str) -> ChannelProblem | None:
        """None when the bot can post there (or the platform could not be asked right now:
        a check must never block saving settings on a network hiccup)."""
        ...

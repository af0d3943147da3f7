"""Fakes shared across test packages: one definition each, imported where needed."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, FileToSend, Message, MessageRef, PairSpace, SpaceKind


class MovableClock:
    """A clock tests move by hand; nothing waits on real time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when


class RecordingMessenger:
    """A Messenger that keeps DMs, posts and opened pair spaces; `unreachable` users fail."""

    def __init__(self) -> None:
        self.dms: list[tuple[str, Message]] = []
        self.posts: list[tuple[str, Message]] = []
        self.spaces: list[tuple[tuple[str, ...], SpaceKind]] = []
        self.unreachable: set[str] = set()

    async def send_dm(self, tenant: Tenant, user_id: str, message: Message) -> MessageRef:
        if user_id in self.unreachable:
            raise DeliveryError("user_not_found", permanent=True)
        self.dms.append((user_id, message))
        return MessageRef(f"D{user_id}", str(len(self.dms)))

    async def update(self, tenant: Tenant, ref: MessageRef, message: Message) -> None:
        raise AssertionError("not used by these tests")

    async def post(self, tenant: Tenant, conversation_id: str, message: Message) -> MessageRef:
        self.posts.append((conversation_id, message))
        return MessageRef(conversation_id, str(len(self.posts)))

    async def open_pair_space(
        self, tenant: Tenant, members: Sequence[str], kind: SpaceKind, name_hint: str
    ) -> PairSpace:
        self.spaces.append((tuple(members), kind))
        return PairSpace(f"G{len(self.spaces)}", kind)

    def to(self, user_id: str) -> list[str]:
        return [m.text for u, m in self.dms if u == user_id]


class RecordingFiles:
    """A FileSender that keeps what it was asked to send (or refuses, when told to)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, FileToSend]] = []
        self.refuse: DeliveryError | None = None

    async def send_file(self, tenant: Tenant, user_id: str, file: FileToSend) -> MessageRef:
        if self.refuse is not None:
            raise self.refuse
        self.sent.append((user_id, file))
        return MessageRef(f"D{user_id}", f"F{len(self.sent)}")

    def rows(self, index: int = -1) -> list[dict[str, str]]:
        """The CSV rows of the `index`th file sent."""
        content = self.sent[index][1].content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(content)))

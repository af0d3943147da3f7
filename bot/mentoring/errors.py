"""What a use case raises when the person's request can't be done, and the coordinator check."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from bot.mentoring import messages as text


class MembershipError(Exception):
    """Something the person asked for can't be done; the message says why, in plain words."""


class NotCoordinator(MembershipError):
    pass


class Coordinated(Protocol):
    @property
    def coordinators(self) -> Collection[str]: ...


def require_coordinator(
    program: Coordinated, user_id: str, sub: str, *, refusal: str | None = None
) -> None:
    """The one coordinator check: `/mentor admin {sub}` (or `refusal`) for anyone else."""
    if user_id not in program.coordinators:
        raise NotCoordinator(refusal or text.COORDINATORS_ONLY.format(sub=sub))

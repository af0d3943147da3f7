"""Fakes shared across test packages: one definition each, imported where needed."""

from __future__ import annotations

from datetime import datetime


class MovableClock:
    """A clock tests move by hand; nothing waits on real time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

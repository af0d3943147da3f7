"""Injected network faults: the twin answers a Web API method like a broken network would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["timeout", "reset", "5xx"]


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    # True: the method takes effect, and only then does the answer get lost. This is the case
    # that matters for crash safety: the caller cannot tell whether the call took effect.
    after: bool = False


class Faults:
    def __init__(self, timeout_seconds: float = 2.0) -> None:
        # A "timeout" answers this late; clients in tests wait less than this.
        self.timeout_seconds = timeout_seconds
        self._queued: dict[str, list[Fault]] = {}

    def inject(self, method: str, fault: Fault, times: int = 1) -> None:
        self._queued.setdefault(method, []).extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        queue = self._queued.get(method)
        return queue.pop(0) if queue else None

    def clear(self) -> None:
        self._queued.clear()

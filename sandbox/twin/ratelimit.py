"""Slack-style rate limiting: per-method buckets, per-channel posting rate, injected 429s."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """Classic token bucket; Slack tiers allow bursts up to the per-minute budget."""

    capacity: float
    refill_per_second: float
    clock: Callable[[], float]
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.updated = self.clock()

    def take(self) -> float:
        """Consume one token; return 0 on success, else seconds until one is available."""
        now = self.clock()
        self.tokens = min(
            self.capacity, self.tokens + (now - self.updated) * self.refill_per_second
        )
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.refill_per_second


def retry_after_seconds(wait: float) -> int:
    # Retry-After is whole seconds; never tell a client to retry "now" while still limited.
    return max(1, math.ceil(wait))


class RateLimiter:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._methods: dict[str, TokenBucket] = {}
        self._injected: dict[str, list[int]] = {}
        self._channel_rate: tuple[float, int] | None = None
        self._channels: dict[str, TokenBucket] = {}

    def set_method_limit(
        self, method: str, per_minute: int | None, burst: int | None = None
    ) -> None:
        if per_minute is None:
            self._methods.pop(method, None)
            return
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        capacity = float(burst if burst is not None else per_minute)
        self._methods[method] = TokenBucket(capacity, per_minute / 60.0, self._clock)

    def set_channel_rate(self, per_second: float | None, burst: int = 1) -> None:
        self._channels.clear()
        if per_second is not None and per_second <= 0:
            raise ValueError("per_second must be positive")
        self._channel_rate = None if per_second is None else (per_second, burst)

    def inject(self, method: str, times: int, retry_after: int) -> None:
        self._injected.setdefault(method, []).extend([retry_after] * times)

    def check_method(self, method: str) -> int | None:
        """Retry-After seconds if this call must be refused, else None (and the call is counted)."""
        queue = self._injected.get(method)
        if queue:
            return queue.pop(0)
        bucket = self._methods.get(method)
        if bucket is not None:
            wait = bucket.take()
            if wait > 0:
                return retry_after_seconds(wait)
        return None

    def check_channel(self, channel_id: str) -> int | None:
        if self._channel_rate is None:
            return None
        per_second, burst = self._channel_rate
        bucket = self._channels.get(channel_id)
        if bucket is None:
            bucket = self._channels[channel_id] = TokenBucket(float(burst), per_second, self._clock)
        wait = bucket.take()
        return retry_after_seconds(wait) if wait > 0 else None

"""Client-side pacing for outgoing messages: stay under Slack's limits instead of meeting 429s.

Slack allows chat.postMessage about once per second per channel, plus a workspace-wide budget;
HTTP 429 + Retry-After means we went over. The Pacer keeps one schedule per workspace and one
per channel and lets a send go only when both allow it. Each schedule is a GCRA ("virtual
scheduling") token bucket: `burst` sends at once, then one per interval.

Nothing books a future slot: a sender sleeps until its earliest allowed instant and checks again,
so a message waiting on a busy channel never holds up the workspace budget for other channels.
Clock and sleep are injected; tests move a fake clock and never wait for real.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Forget idle per-channel schedules once there are this many (a fan-out touches every DM).
_PRUNE_AT = 10_000


@dataclass
class Schedule:
    """One rate: `burst` sends at once, then `per_second`. `tat` is the theoretical arrival time
    of the next send; a send at `now` is allowed when now >= tat - tolerance."""

    per_second: float
    burst: int = 1
    tat: float = field(default=-math.inf)

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate needs per_second > 0 and burst >= 1")

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    @property
    def tolerance(self) -> float:
        return (self.burst - 1) * self.interval

    def earliest(self, now: float) -> float:
        return max(now, self.tat - self.tolerance)

    def book(self, now: float) -> None:
        self.tat = max(self.tat, now) + self.interval

    def block_until(self, until: float) -> None:
        """Nothing goes before `until` (a Retry-After), and no burst right after it either."""
        self.tat = max(self.tat, until + self.tolerance)


class Pacer:
    """Waits until a message to `channel` in `workspace` may be sent, then counts it as sent."""

    def __init__(
        self,
        workspace_per_minute: float | None = 60.0,
        channel_per_second: float | None = 1.0,
        *,
        workspace_burst: int = 5,
        channel_burst: int = 1,
        channel_margin: float = 0.05,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        # A small workspace burst absorbs late wake-ups (a busy event loop, timer slack): with
        # none, every late send is time lost for good and the achieved rate drifts below the
        # configured one (measured in benchmarks/fanout.py: 0.96 of the limit with a burst of
        # 2, 0.995 with 5). Slack tolerates short bursts; its per-channel limit gets none.
        self.workspace_per_minute = workspace_per_minute
        self.workspace_burst = workspace_burst
        # A request reaches Slack a few ms after we let it go, and not always the same few ms:
        # sends exactly 1 s apart here can arrive 0.99 s apart there, which a strict per-channel
        # limit answers with a 429 and a whole second of Retry-After. So keep a small margin.
        self.channel_per_second = (
            None
            if channel_per_second is None
            else 1.0 / (1.0 / channel_per_second + channel_margin)
        )
        self.channel_burst = channel_burst
        self._clock = clock
        self._sleep = sleep
        self._workspaces: dict[Hashable, Schedule] = {}
        self._channels: dict[Hashable, Schedule] = {}
        # Retry-After pauses, kept apart from the schedules so they hold even with no rate set.
        self._paused: dict[Hashable, float] = {}

    def _workspace(self, workspace: Hashable) -> Schedule | None:
        if self.workspace_per_minute is None:
            return None
        schedule = self._workspaces.get(workspace)
        if schedule is None:
            schedule = Schedule(self.workspace_per_minute / 60.0, self.workspace_burst)
            self._workspaces[workspace] = schedule
        return schedule

    def _channel(self, workspace: Hashable, channel: str) -> Schedule | None:
        if self.channel_per_second is None:
            return None
        key = (workspace, channel)
        schedule = self._channels.get(key)
        if schedule is None:
            if len(self._channels) >= _PRUNE_AT:
                self._prune()
            schedule = Schedule(self.channel_per_second, self.channel_burst)
            self._channels[key] = schedule
        return schedule

    def _prune(self) -> None:
        # A schedule whose next slot has passed (by more than its burst) equals a fresh one.
        now = self._clock()
        self._channels = {
            k: s for k, s in self._channels.items() if s.tat - s.tolerance > now - s.interval
        }

    async def wait(self, workspace: Hashable, channel: str) -> float:
        """Sleep until both schedules allow a send now, book it, and return the seconds waited."""
        waited = 0.0
        both = (self._workspace(workspace), self._channel(workspace, channel))
        schedules = [s for s in both if s is not None]
        while True:
            now = self._clock()
            paused = max(
                self._paused.get(workspace, now), self._paused.get((workspace, channel), now)
            )
            at = max([paused, *(s.earliest(now) for s in schedules)])
            if at <= now:
                for schedule in schedules:
                    schedule.book(now)
                return waited
            await self._sleep(at - now)
            waited += at - now

    def pause(self, workspace: Hashable, seconds: float, channel: str | None = None) -> None:
        """Honour a Retry-After: no send in `workspace` (or just `channel`) for `seconds`."""
        until = self._clock() + max(0.0, seconds)
        key = workspace if channel is None else (workspace, channel)
        self._paused[key] = max(self._paused.get(key, until), until)
        schedule = (
            self._workspace(workspace) if channel is None else self._channel(workspace, channel)
        )
        if schedule is not None:
            schedule.block_until(until)

"""The pacer keeps sends under per-workspace and per-channel rates, on a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from outbox.pacing import Pacer, Schedule
from tests.outbox.conftest import FakeTime


def pacer(time: FakeTime, **kwargs: object) -> Pacer:
    return Pacer(clock=time.monotonic, sleep=time.sleep, **kwargs)  # type: ignore[arg-type]


async def send_times(p: Pacer, time: FakeTime, targets: list[str], ws: str = "T1") -> list[float]:
    times = []
    for target in targets:
        await p.wait(ws, target)
        times.append(time.monotonic())
    return times


async def test_one_message_per_second_per_channel(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=None, channel_per_second=1.0, channel_margin=0.0)
    assert await send_times(p, fake_time, ["C1"] * 4) == [0.0, 1.0, 2.0, 3.0]


async def test_channel_pacing_keeps_a_margin_for_network_jitter(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=None)  # defaults: 1/s per channel, 50 ms margin
    times = await send_times(p, fake_time, ["C1"] * 3)
    assert times == pytest.approx([0.0, 1.05, 2.1])


async def test_different_channels_do_not_wait_on_each_other(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=None, channel_per_second=1.0, channel_margin=0.0)
    assert await send_times(p, fake_time, ["C1", "C2", "C3", "C1"]) == [0.0, 0.0, 0.0, 1.0]


async def test_pause_works_without_any_rate(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=None, channel_per_second=None)
    p.pause("T1", 3)
    await p.wait("T1", "U1")
    assert fake_time.monotonic() == 3.0


async def test_workspace_rate_spaces_everything(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=120, workspace_burst=1)
    assert await send_times(p, fake_time, ["U1", "U2", "U3", "U4"]) == [0.0, 0.5, 1.0, 1.5]


async def test_workspaces_are_paced_separately(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=60, workspace_burst=1)
    await p.wait("T1", "U1")
    await p.wait("T2", "U1")  # another workspace: same user id, separate channel and budget
    assert fake_time.monotonic() == 0.0
    await p.wait("T1", "U2")
    assert fake_time.monotonic() == 1.0


async def test_burst_then_steady_rate(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=60, workspace_burst=3, channel_per_second=None)
    times = await send_times(p, fake_time, [f"U{n}" for n in range(6)])
    assert times == [0.0, 0.0, 0.0, 1.0, 2.0, 3.0]


async def test_long_run_rate_matches_the_limit(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=600, workspace_burst=2)
    times = await send_times(p, fake_time, [f"U{n}" for n in range(1001)])
    # 600/min = 10/s: 1001 sends need 100 s after the first (minus the one-message burst).
    assert times[-1] == pytest.approx(99.9)
    window = [t for t in times if t < 10.0]
    assert len(window) <= 10 * 10 + 2  # never more than rate * window + burst


async def test_pause_honours_retry_after(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=600, workspace_burst=5)
    await p.wait("T1", "U1")
    p.pause("T1", 30)
    await p.wait("T1", "U2")
    assert fake_time.monotonic() == 30.0
    await p.wait("T1", "U3")  # no burst straight after a Retry-After
    assert fake_time.monotonic() == pytest.approx(30.1)


async def test_pause_of_one_channel_leaves_others_alone(fake_time: FakeTime) -> None:
    p = pacer(fake_time, workspace_per_minute=None)
    p.pause("T1", 5, channel="C1")
    await p.wait("T1", "C2")
    assert fake_time.monotonic() == 0.0
    await p.wait("T1", "C1")
    assert fake_time.monotonic() == 5.0


async def test_a_busy_channel_does_not_hold_the_workspace_budget(fake_time: FakeTime) -> None:
    """Concurrent senders: C1's second message waits for C1, not the whole workspace."""
    p = pacer(fake_time, workspace_per_minute=600, workspace_burst=1)
    log: list[tuple[str, float]] = []

    async def send(channel: str, count: int) -> None:
        for _ in range(count):
            await p.wait("T1", channel)
            log.append((channel, fake_time.monotonic()))

    await asyncio.gather(send("C1", 2), *(send(f"U{n}", 1) for n in range(5)))
    users = sorted(t for c, t in log if c.startswith("U"))
    assert users[-1] < 1.0  # all five DMs went while C1 waited its second
    assert [t for c, t in log if c == "C1"][1] >= 1.0


def test_schedule_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        Schedule(per_second=0)
    with pytest.raises(ValueError):
        Schedule(per_second=1, burst=0)

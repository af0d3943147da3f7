"""A message Slack refuses for good is recorded once, not retried, and shown to coordinators."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from storage.models import Delivery, Program
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, COORD, TEAM, Stack

CHICAGO = ZoneInfo("America/Chicago")


async def _home_text(stack: Stack, user: str) -> str:
    twin = stack.twin
    before = twin.home_view(user)
    await twin.open_home(user)
    await twin.wait_for(lambda: twin.home_view(user) not in (None, before))
    return twin.render(twin.home_view(user))


async def test_posts_to_a_channel_without_the_bot_fail_once_and_show_on_the_home_tab(
    stack: Stack, clock: MovableClock
) -> None:
    twin, bot = stack.twin, stack.bot
    twin.add_channel("C0QUIET", "quiet-corner", members=[COORD])  # the bot was never invited
    await bot.services[Membership].program(Tenant("slack", TEAM))
    async with bot.db.transaction(all_tenants=True) as session:
        await session.execute(update(Program).values(community_channel="C0QUIET"))

    clock.set(datetime(2027, 1, 2, 12, 0, tzinfo=CHICAGO))
    await bot.tick()
    clock.set(datetime(2027, 1, 4, 9, 5, tzinfo=CHICAGO))  # kickoff and I Am a Mentor Day
    report = await bot.tick()
    assert report.planned.enqueued == 2 and report.dispatched.failed == 2
    assert (await bot.tick()).dispatched.claimed == 0  # failed for good: not retried
    async with bot.db.transaction(all_tenants=True) as session:
        errors = list(await session.scalars(select(Delivery.last_error)))
    assert errors == ["not_in_channel", "not_in_channel"]

    home = await _home_text(stack, COORD)
    assert "2 messages couldn't be delivered in the last 30 days" in home
    line = "Campaign post to #quiet-corner (Mon, Jan 4, 2027): the bot isn't in that channel"
    assert line in home
    assert "couldn't be delivered" not in await _home_text(stack, ANA)

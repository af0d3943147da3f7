"""Out-of-range dates and numbers typed in Slack get a specific answer, over real HTTP through
the twin, and nothing is stored or sent for them."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import HoursEntry
from tests.e2e.conftest import ANA, COORD, MENTOR_ANSWER, Stack, apply, reply_to


async def test_far_dates_and_huge_numbers_are_answered(stack: Stack) -> None:
    await apply(stack, ANA, MENTOR_ANSWER)
    files_before = len(stack.twin.files(COORD))

    reply = await reply_to(stack, COORD, "admin hours export 2027-01-01 9999-12-31")
    assert reply == "9999-12-31 is too far ahead: pick a date before 2100."
    reply = await reply_to(stack, COORD, "admin hours export 0001-01-01 2027-01-01")
    assert reply == "0001-01-01 is too long ago: pick a date in 2000 or later."
    assert len(stack.twin.files(COORD)) == files_before  # no file for either

    assert "more hours than a day holds" in await reply_to(stack, ANA, "log " + "9" * 400 + "h")
    assert "outside the years I keep" in await reply_to(stack, ANA, "hours 9999")
    assert "up to a year at a time" in await reply_to(stack, ANA, "pause until 9999-12-31")
    async with stack.bot.db.transaction(all_tenants=True) as session:
        assert await session.scalar(select(func.count()).select_from(HoursEntry)) == 0

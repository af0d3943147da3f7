"""Through the twin: a matched member's Home tab and profile name their match, and the
coordinator's hours file names people (users.info real names, cached in the database)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from storage.models import Person
from tests.e2e.conftest import ANA, BEN, COORD, MENTEE_ANSWER, MENTOR_ANSWER, Stack, apply, reply_to
from tests.e2e.test_checkins import _paired

WAITING = "let you know when there's a match"


async def _home(stack: Stack, user: str, expected: str) -> str:
    twin = stack.twin
    await twin.open_home(user)
    await twin.wait_for(lambda: expected in twin.render(twin.home_view(user) or {}))
    return twin.render(twin.home_view(user))


async def _profile(stack: Stack, user: str) -> str:
    twin = stack.twin
    before = len(twin.ephemerals(user))
    await twin.send_command(user, "profile")
    await twin.wait_for(lambda: len(twin.ephemerals(user)) > before)
    return twin.render(twin.ephemerals(user)[-1])


async def test_home_and_profile_name_the_proposed_then_the_active_match(stack: Stack) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    assert WAITING in await _home(stack, BEN, "You're in")  # nobody proposed yet: honest

    before = len(twin.dms(COORD))
    await twin.send_command(COORD, "admin match")
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before)
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(lambda: "[Accept]" in twin.render(twin.dms(BEN)[-1]))
    home = await _home(stack, BEN, "is proposed")
    assert "A match with @ana is proposed: answer the invitation" in home and WAITING not in home
    assert WAITING not in await _profile(stack, BEN)


async def test_paired_members_home_and_profile_and_names_in_the_hours_file(
    stack: Stack,
) -> None:
    twin = stack.twin
    await _paired(stack)
    home = await _home(stack, BEN, "matched with")
    assert "as a mentee, matched with @ana" in home and WAITING not in home
    profile = await _profile(stack, ANA)
    assert "matched with @ben" in profile and WAITING not in profile

    # The application form's users.info answer was cached: the file needs no lookups.
    async with stack.bot.db.transaction(all_tenants=True) as session:
        cached = {p.user_id: p.real_name for p in await session.scalars(select(Person))}
    assert cached[ANA] == "Ana Alvarez" and cached[BEN] == "Ben Brooks"

    assert "Logged 2 hours" in await reply_to(stack, ANA, "log 2h with <@U0BEN|ben>")
    assert "sent you the file" in await reply_to(stack, COORD, "admin hours export 2026")
    await twin.wait_for(lambda: bool(twin.files(COORD)))
    content = twin.files(COORD)[-1].content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(content)))
    assert [row[k] for k in ("member_user_id", "member_name", "member_organization")] == [
        ANA, "Ana Alvarez", "City of Boulder",
    ]  # fmt: skip
    assert [row[k] for k in ("with_user_id", "with_name", "with_organization")] == [
        BEN, "Ben Brooks", "Town of Lyons",
    ]  # fmt: skip

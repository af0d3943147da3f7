"""Members' own data over real HTTP: `/mentor my-data`, and deletion after leaving."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from storage.base import Base
from storage.models import Member, Pairing
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, COORD, Stack, reply_to
from tests.e2e.test_checkins import _paired

NOTE = "Ana keeps rescheduling and I don't want to make it awkward"


async def _my_data(stack: Stack, user: str) -> dict[str, Any]:
    twin = stack.twin
    before = len(twin.files(user))
    answer = await reply_to(stack, user, "my-data")
    assert "check your DMs" in answer
    await twin.wait_for(lambda: len(twin.files(user)) > before)
    file = twin.files(user)[-1]
    assert file.name.startswith("my-mentoring-data-") and file.name.endswith(".json")
    return json.loads(file.content)


async def _ben_struggles_with_a_private_note(stack: Stack, clock: MovableClock) -> None:
    twin = stack.twin
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))  # two weeks on: the first check-ins
    await stack.bot.tick()
    await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(BEN)[-1]))
    await twin.click(BEN, "checkin_struggling")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    await twin.submit_view(BEN, {"met": "no", "hours": "0", "note": NOTE})
    await twin.wait_for(lambda: twin.open_view(BEN) is None)


async def test_my_data_is_complete_and_never_shows_a_matchs_private_note(
    stack: Stack, clock: MovableClock
) -> None:
    await _paired(stack)
    await _ben_struggles_with_a_private_note(stack, clock)

    ben = await _my_data(stack, BEN)
    assert ben["membership"]["application"]["organization"] == "Town of Lyons"
    assert [(m["your_role"], m["match"], m["status"]) for m in ben["matches"]] == [
        ("mentee", ANA, "active")
    ]
    assert [c["note"] for c in ben["check_ins"] if c["note"]] == [NOTE]
    assert any("How's it going with <@U0ANA>?" in (m["text"] or "") for m in ben["messages_to_you"])

    ana = await _my_data(stack, ANA)
    assert ana["membership"]["application"]["organization"] == "City of Boulder"
    assert ana["matches"][0]["your_role"] == "mentor"
    assert NOTE not in json.dumps(ana)  # his note is for the coordinators, never his match
    assert all(c["user_id"] == ANA for c in ana["check_ins"])


def _values(row: Base) -> str:
    return json.dumps({c.key: getattr(row, c.key) for c in row.__table__.columns}, default=str)


async def test_leaving_offers_deletion_which_forgets_the_person_but_keeps_the_numbers(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired(stack)
    await _ben_struggles_with_a_private_note(stack, clock)
    async with stack.bot.db.transaction(all_tenants=True) as session:
        members_before = len(list(await session.scalars(select(Member))))
        pairs_before = len(list(await session.scalars(select(Pairing))))

    assert "Delete my data" not in await reply_to(stack, BEN, "leave")
    await twin.click(BEN, "leave_confirm")
    await twin.wait_for(lambda: "Delete my data" in twin.render(twin.ephemerals(BEN)[-1]))
    assert "Want a copy first? `/mentor my-data`" in twin.render(twin.ephemerals(BEN)[-1])
    # Leaving ends his pair: no more check-ins, and Ana and the coordinator hear why.
    await twin.wait_for(
        lambda: "Reason: they left the mentoring program" in twin.render(twin.dms(ANA)[-1])
    )
    await twin.wait_for(
        lambda: "Reason: they left the mentoring program" in twin.render(twin.dms(COORD)[-1])
    )
    await twin.click(BEN, "delete_my_data")
    await twin.wait_for(
        lambda: "your data has been deleted" in twin.render(twin.ephemerals(BEN)[-1])
    )

    # No row anywhere still holds Ben's id or what he wrote; the counts are unchanged.
    async with stack.bot.db.transaction(all_tenants=True) as session:
        for mapper in Base.registry.mappers:
            for row in await session.scalars(select(mapper.class_)):
                dump = _values(row)
                assert BEN not in dump, (mapper.class_.__name__, dump)
                assert NOTE not in dump and "Town of Lyons" not in dump, (mapper.class_, dump)
        members = list(await session.scalars(select(Member)))
        pairs = list(await session.scalars(select(Pairing)))
    assert (len(members), len(pairs)) == (members_before, pairs_before)
    assert [p.status for p in pairs] == ["ended"]
    assert sorted(m.status for m in members) == ["applied", "left"]

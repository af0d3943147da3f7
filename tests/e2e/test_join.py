"""A member applies with /mentor join, through the real HTTP endpoint."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import ApplicationRow, Member
from tests.e2e.conftest import ANA, BEN, MENTEE_ANSWER, MENTOR_ANSWER, Stack


async def _members(stack: Stack) -> int:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return int(await session.scalar(select(func.count()).select_from(Member)) or 0)


async def test_join_opens_the_form_prefilled_with_the_profile_time_zone(stack: Stack) -> None:
    twin = stack.twin
    response = await twin.send_command(ANA, "join")
    assert response.status == 200
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    view = twin.open_view(ANA)
    assert view is not None and view["title"]["text"] == "Join the program"
    zone = next(b for b in view["blocks"] if b.get("block_id") == "timezone")
    assert zone["element"]["initial_option"]["value"] == "America/Denver"
    assert len(view["blocks"]) <= 100


async def test_invalid_answers_show_inline_and_keep_what_was_typed(stack: Stack) -> None:
    twin = stack.twin
    await twin.send_command(ANA, "join")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    # Slack's client checks lengths and required fields itself, before anything is sent.
    response = await twin.submit_view(ANA, {**MENTOR_ANSWER, "goal_1": "g" * 250})
    assert response.body == {
        "client_side_errors": {"goal_1": "Please enter no more than 200 characters."}
    }
    # Rules across fields are the bot's: a mentor must say how many mentees they can take.
    response = await twin.submit_view(ANA, {**MENTOR_ANSWER, "capacity": "0", "do_not_pair": [ANA]})
    assert response.status == 200
    assert twin.view_errors(ANA) == {
        "capacity": "As a mentor, tell us how many mentees you can take (1 to 5).",
        "do_not_pair": "You can't list yourself here.",
    }
    view = twin.open_view(ANA)
    assert view is not None  # still open, with Ana's answers in it
    assert view["state"]["values"]["organization"]["organization"]["value"] == "City of Boulder"
    assert await _members(stack) == 0

    await twin.submit_view(
        ANA, {"capacity": "2", "do_not_pair": [], "goal_1": "Mentor a new finance director"}
    )
    await twin.wait_for(lambda: twin.open_view(ANA) is None and len(twin.dms(ANA)) == 1)
    assert "Thanks for applying" in twin.dms(ANA)[0]["text"]
    await twin.wait_for(lambda: twin.home_view(ANA) is not None)
    assert "You're in" in twin.render(twin.home_view(ANA))
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(ApplicationRow))
        assert row is not None
        assert (row.role, row.capacity, row.timezone) == ("mentor", 2, "America/Denver")
        assert row.goals == ["Mentor a new finance director"]


async def test_join_again_edits_the_application_prefilled(stack: Stack) -> None:
    twin = stack.twin
    await twin.send_command(BEN, "join")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    await twin.submit_view(BEN, MENTEE_ANSWER)
    await twin.wait_for(lambda: len(twin.dms(BEN)) == 1)

    await twin.send_command(BEN, "join")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    view = twin.open_view(BEN)
    assert view is not None and view["title"]["text"] == "Edit your application"
    org = next(b for b in view["blocks"] if b.get("block_id") == "organization")
    assert org["element"]["initial_value"] == "Town of Lyons"
    await twin.submit_view(BEN, {"years_experience": "3"})  # everything else as prefilled
    await twin.wait_for(lambda: len(twin.dms(BEN)) == 2)
    assert "updated" in twin.dms(BEN)[1]["text"]
    assert await _members(stack) == 1
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(ApplicationRow))
        assert row is not None and row.years_experience == 3
        assert row.organization == "Town of Lyons"

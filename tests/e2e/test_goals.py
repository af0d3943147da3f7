"""Goals over real HTTP through the twin: modals with inline errors, the list, the Home tab,
the introduction, the mentor's part, and one-tap progress from a check-in."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import CheckIn, Goal
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, CARA, Stack, reply_to
from tests.e2e.test_checkins import _paired

SEEDED = "Prepare my first budget presentation to council"


async def _goals(stack: Stack) -> list[Goal]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(Goal).order_by(Goal.id)))


async def test_goals_modals_list_home_intro_and_the_mentors_part(stack: Stack) -> None:
    twin = stack.twin
    pair = await _paired(stack)
    # The mentee's application goal became the pair's first goal, and the introduction shows it.
    space = str(twin.calls("conversations.open")[-1].response["channel"]["id"])
    await twin.wait_for(lambda: bool(twin.channel_messages(space)))
    intro = twin.render(twin.channel_messages(space)[0])
    assert f"@ben's goals*\n• {SEEDED}" in intro
    [seeded] = await _goals(stack)
    assert (seeded.owner_id, seeded.pairing_id, seeded.status) == (BEN, pair.id, "not_started")

    listing = await reply_to(stack, BEN, "goals")
    assert SEEDED in listing and "Not started" in listing and "[Add a goal]" in listing

    # Ben adds a goal: a past date is refused inline and what he typed stays.
    await twin.click(BEN, "goal_add", surface="ephemeral")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    typed = {
        "what": "Run a council work session",
        "why": "I want to be ready for the budget season",
        "target": "2026-10-01",
        "measure": "The session ends on time with decisions recorded",
    }
    await twin.submit_view(BEN, typed)
    await twin.wait_for(lambda: "target" in twin.view_errors(BEN))
    assert "has already passed" in twin.view_errors(BEN)["target"]
    assert "Run a council work session" in str(twin.open_view(BEN))
    await twin.submit_view(BEN, {"target": "2027-03-31"})
    await twin.wait_for(lambda: "Goal saved" in twin.render(twin.open_view(BEN) or {}))
    assert [g.what for g in await _goals(stack)] == [SEEDED, "Run a council work session"]

    # The Home tab shows both, with Update buttons and the thank-you button.
    await twin.open_home(BEN)
    await twin.wait_for(lambda: "council work" in twin.render(twin.home_view(BEN) or {}))
    home = twin.render(twin.home_view(BEN) or {})
    assert "Run a council work session* · Not started · by Wed, Mar 31, 2027" in home, home
    assert SEEDED in home and "[Thank your mentor]" in home

    # Ana, the mentor, sees Ben's goals and completes the seeded one.
    mentor_list = await reply_to(stack, ANA, "goals")
    assert "@ben's goals* (you're their mentor)" in mentor_list and SEEDED in mentor_list
    await twin.click(ANA, "goal_update", surface="ephemeral", value=str(seeded.id))
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    assert "came from the application" in twin.render(twin.open_view(ANA) or {})
    await twin.submit_view(
        ANA,
        {
            "why": "Council approval is the job",
            "target": "2027-02-15",
            "measure": "Council adopts it",
            "status": "in_progress",
            "note": "First draft reviewed together",
        },
    )
    await twin.wait_for(lambda: "Updated" in twin.render(twin.open_view(ANA) or {}))
    goal = (await _goals(stack))[0]
    assert (goal.status, goal.note, goal.updated_by) == (
        "in_progress",
        "First draft reviewed together",
        ANA,
    )

    # Someone outside the pair is told plainly what goals are for.
    assert "Goals belong to mentees" in await reply_to(stack, CARA, "goals")


async def test_the_update_modal_names_a_missing_answer(stack: Stack) -> None:
    twin = stack.twin
    await _paired(stack)
    [seeded] = await _goals(stack)
    await twin.send_command(BEN, "goals")
    await twin.wait_for(lambda: any("goal_update" in str(e) for e in twin.ephemerals(BEN)))
    await twin.click(BEN, "goal_update", value=str(seeded.id))
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    # A seeded goal has no "why" yet: the twin's client would refuse an empty required field,
    # so the measure is what a person could get wrong here: too long.
    await twin.submit_view(
        BEN,
        {"why": "Because", "target": "2027-02-15", "measure": "x" * 501, "status": "in_progress"},
    )
    errors = twin.view_errors(BEN)
    assert "measure" in errors and "500" in errors["measure"]
    assert (await _goals(stack))[0].status == "not_started"


async def test_one_tap_goal_progress_from_a_checkin(stack: Stack, clock: MovableClock) -> None:
    twin = stack.twin
    await _paired(stack)
    [seeded] = await _goals(stack)
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))  # the first check-in is due
    await stack.bot.tick()
    await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(BEN)[-1]))
    checkin = twin.render(twin.dms(BEN)[-1])
    assert "Your goals" in checkin and SEEDED in checkin
    assert "[In progress]" in checkin and "[Achieved :tada:]" in checkin
    assert "Your goals" not in twin.render(twin.dms(ANA)[-1])  # the mentor's check-in has none
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(CheckIn).where(CheckIn.user_id == BEN))
    assert row is not None

    await twin.click(BEN, "goal_tap_in_progress", value=f"{row.id}:{seeded.id}")
    await twin.wait_for(lambda: "· In progress" in twin.render(twin.dms(BEN)[-1]))
    assert "[In progress]" not in twin.render(twin.dms(BEN)[-1])  # the message was updated
    await twin.click(BEN, "goal_tap_achieved", value=f"{row.id}:{seeded.id}")
    await twin.wait_for(lambda: "· Achieved" in twin.render(twin.dms(BEN)[-1]))
    updated = twin.render(twin.dms(BEN)[-1])
    assert "[Achieved" not in updated and "[Great]" in updated  # the mood is still to answer
    goal = (await _goals(stack))[0]
    assert goal.status == "achieved" and [h["status"] for h in goal.history] == [
        "in_progress",
        "achieved",
    ]

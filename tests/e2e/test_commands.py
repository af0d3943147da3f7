"""Subcommands of /mentor and the Home tab, through the real HTTP endpoint."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Member, Program
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, COORD, MENTEE_ANSWER, MENTOR_ANSWER, Stack, apply, reply_to


async def test_help_and_unknown_subcommand_suggests_the_nearest(stack: Stack) -> None:
    help_text = await reply_to(stack, ANA, "help")
    assert "/mentor join" in help_text and "/mentor admin" not in help_text
    assert "/mentor admin applicants" in await reply_to(stack, COORD, "help")
    answer = await reply_to(stack, ANA, "jion")
    assert "I don't know `/mentor jion`. Did you mean `/mentor join`?" in answer
    assert "/mentor pause" in answer  # and the help list follows


async def test_profile_pause_resume(stack: Stack, clock: MovableClock) -> None:
    assert "haven't applied yet" in await reply_to(stack, ANA, "profile")
    await apply(stack, ANA, MENTOR_ANSWER)
    profile = await reply_to(stack, ANA, "profile")
    assert "City of Boulder" in profile and "Budgeting and finance" in profile
    assert "couldn't read 'someday'" in await reply_to(stack, ANA, "pause until someday")
    assert "until 2027-01-10" in await reply_to(stack, ANA, "pause until 2027-01-10")
    await stack.twin.wait_for(
        lambda: "paused" in stack.twin.render(stack.twin.home_view(ANA) or {})
    )
    assert "Welcome back" in await reply_to(stack, ANA, "resume")
    assert "not paused" in await reply_to(stack, ANA, "resume")


async def test_leave_asks_first_and_counts_once(stack: Stack) -> None:
    twin = stack.twin
    await apply(stack, BEN, MENTEE_ANSWER)
    question = await reply_to(stack, BEN, "leave")
    assert "Leave *Mentoring Program*?" in question or "Leave Mentoring Program?" in question
    await twin.click(BEN, "leave_cancel")
    await twin.wait_for(lambda: "Glad you're staying" in twin.render(twin.ephemerals(BEN)[-1]))
    await reply_to(stack, BEN, "leave")
    await twin.click(BEN, "leave_confirm")
    await twin.wait_for(lambda: "You've left" in twin.render(twin.ephemerals(BEN)[-1]))
    async with stack.bot.db.transaction(all_tenants=True) as session:
        member = await session.scalar(select(Member).where(Member.user_id == BEN))
        assert member is not None and member.status == "left"
    assert "already left" in await reply_to(stack, BEN, "leave")


async def test_admin_applicants_is_for_coordinators_only(stack: Stack) -> None:
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    refused = await reply_to(stack, ANA, "admin applicants")
    assert "coordinators only" in refused and "Mentee" not in refused
    summary = await reply_to(stack, COORD, "admin applicants")
    assert "2 active applicants" in summary
    assert "Mentor* (1)" in summary or "Mentor (1)" in summary
    assert "Mentee* (1)" in summary or "Mentee (1)" in summary


async def test_home_tab_shows_status_buttons_and_coordinator_counts(stack: Stack) -> None:
    twin = stack.twin
    await twin.open_home(ANA)
    await twin.wait_for(lambda: twin.home_view(ANA) is not None)
    assert "Join the program" in twin.render(twin.home_view(ANA))
    await twin.click(ANA, "open_intake", surface="home")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    await twin.submit_view(ANA, MENTOR_ANSWER)
    await twin.wait_for(lambda: "You're in" in twin.render(twin.home_view(ANA) or {}))
    home = twin.render(twin.home_view(ANA))
    assert "Edit my application" in home and "Pause" in home and "Coordinator" not in home

    await twin.click(ANA, "pause_membership", surface="home")
    await twin.wait_for(lambda: "[Resume]" in twin.render(twin.home_view(ANA) or {}))

    await twin.open_home(COORD)
    await twin.wait_for(lambda: twin.home_view(COORD) is not None)
    coordinator_home = twin.render(twin.home_view(COORD))
    assert "Coordinator" in coordinator_home and "Paused: 1" in coordinator_home


async def test_settings_modal_saves_for_coordinators(stack: Stack) -> None:
    twin = stack.twin
    refused = await reply_to(stack, ANA, "admin settings")
    assert "coordinators only" in refused
    await twin.send_command(COORD, "admin settings")
    await twin.wait_for(lambda: twin.open_view(COORD) is not None)
    await twin.submit_view(COORD, {"timezone": "Middle/Earth"})
    assert "timezone" in twin.view_errors(COORD)
    await twin.submit_view(
        COORD, {"timezone": "America/Denver", "name": "Clerks Mentoring", "term_months": "12"}
    )
    await twin.wait_for(lambda: twin.open_view(COORD) is None)
    async with stack.bot.db.transaction(all_tenants=True) as session:
        program = await session.scalar(select(Program))
        assert program is not None
        assert (program.name, program.timezone, program.term_months) == (
            "Clerks Mentoring",
            "America/Denver",
            12,
        )

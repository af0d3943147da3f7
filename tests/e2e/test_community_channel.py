"""A community channel the bot can't post in is refused (settings) or warned about (env) at
once, with how to invite the bot, instead of showing up later as failed campaign posts."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from storage.models import Program
from tests.e2e.conftest import COMMUNITY, COORD, Stack


async def open_settings(stack: Stack) -> None:
    await stack.twin.send_command(COORD, "admin settings")
    await stack.twin.wait_for(lambda: stack.twin.open_view(COORD) is not None)


async def stored_channel(stack: Stack) -> str | None:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        program = await session.scalar(select(Program))
        assert program is not None
        return program.community_channel


async def test_settings_refuse_a_channel_the_bot_is_not_in_and_say_how_to_invite_it(
    stack: Stack,
) -> None:
    twin = stack.twin
    twin.add_channel("C0QUIET", "town-square", members=[COORD])  # public, without the bot
    await open_settings(stack)
    await twin.submit_view(COORD, {"community_channel": "C0QUIET"})
    error = twin.view_errors(COORD)["community_channel"]
    assert "isn't in <#C0QUIET> yet" in error and "/invite @mentorbot" in error
    assert await stored_channel(stack) == COMMUNITY  # nothing was saved

    # Once the bot is invited, the same choice saves.
    twin.add_channel("C0QUIET", "town-square", members=[COORD, twin.bot_user_id])
    await twin.submit_view(COORD, {"community_channel": "C0QUIET"})
    await twin.wait_for(lambda: twin.open_view(COORD) is None)
    assert await stored_channel(stack) == "C0QUIET"


async def test_a_channel_the_bot_cannot_see_is_refused(stack: Stack) -> None:
    twin = stack.twin
    twin.add_channel("C0SECRET", "board-only", members=[COORD], is_private=True)
    await open_settings(stack)
    await twin.submit_view(COORD, {"community_channel": "C0SECRET"})
    assert "can't see that channel" in twin.view_errors(COORD)["community_channel"]
    assert await stored_channel(stack) == COMMUNITY


async def test_the_configured_channel_is_checked_at_start(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    twin = stack.twin
    assert await stack.bot.check_community_channel() is None  # the bot is in #community
    twin.add_channel(COMMUNITY, "mentoring-community", members=[COORD])  # removed from it
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        why = await stack.bot.check_community_channel()
    assert why is not None and "/invite @mentorbot" in why
    assert any("MENTORBOT_COMMUNITY_CHANNEL" in r.getMessage() for r in caplog.records)

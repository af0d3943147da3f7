"""Typing to the bot in its DM (message.im) through the real HTTP endpoint: the `/mentor`
subcommands without the slash, and a check-in answered in words."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import CheckIn, HoursEntry
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, COORD, MENTOR_ANSWER, Stack, apply
from tests.e2e.test_checkins import _paired


async def said(stack: Stack, user: str, text: str) -> str:
    """`user` types `text` in the bot's DM; returns the bot's answer there, rendered."""
    twin = stack.twin
    before = len(twin.dms(user))
    response = await twin.send_message(user, text)
    assert response.status == 200
    await twin.wait_for(lambda: len(twin.dms(user)) > before + 1)  # their message, then ours
    return twin.render(twin.dms(user)[-1])


async def test_typed_help_unknown_word_and_hours(stack: Stack) -> None:
    help_text = await said(stack, ANA, "help")
    assert "/mentor join" in help_text and "/mentor admin" not in help_text
    assert "/mentor admin applicants" in await said(stack, COORD, "help")
    answer = await said(stack, ANA, "jion")
    assert "I don't know `/mentor jion`. Did you mean `/mentor join`?" in answer
    await apply(stack, ANA, MENTOR_ANSWER)
    assert "hours" in (await said(stack, ANA, "hours 2026")).lower()
    assert not stack.twin.ephemerals(ANA)  # everything answered in the DM


async def test_typed_join_answers_with_a_button_that_opens_the_form(stack: Stack) -> None:
    twin = stack.twin
    answer = await said(stack, ANA, "join")
    assert "[Join the program]" in answer
    await twin.click(ANA, "open_intake")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    before = len(twin.dms(ANA))
    await twin.submit_view(ANA, MENTOR_ANSWER)
    await twin.wait_for(lambda: len(twin.dms(ANA)) > before)
    assert "City of Boulder" in await said(stack, ANA, "profile")


async def test_typed_log_records_hours_with_credit_and_retries_count_once(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired(stack)  # Ana (City of Boulder) mentors Ben (Town of Lyons)
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
    answer = await said(stack, ANA, "log 1.5h with <@U0BEN|ben>")
    assert "Logged 1.5 hours on Fri, Dec 4, 2026 with @ben" in answer
    assert "*1.5 credit-eligible hours*" in answer
    # Slack retries the same event: it is handled once.
    channel = twin.dm_channel_id(ANA)
    event = {"type": "message", "user": ANA, "text": "log 1h", "ts": "1764871200.000100",
             "channel": channel, "channel_type": "im", "team": "T0ACME"}  # fmt: skip
    await twin.send_event(event, event_id="EvRETRY1")
    await twin.send_event(event, event_id="EvRETRY1", retry_num=1)
    # The bot's own messages and edits are not commands.
    await twin.send_event({**event, "ts": "1764871201.000100", "bot_id": "B1"})
    await twin.send_event({**event, "ts": "1764871202.000100", "subtype": "message_changed"})
    await twin.wait_for(lambda: any("Logged 1 hour" in twin.render(m) for m in twin.dms(ANA)))
    async with stack.bot.db.transaction(all_tenants=True) as session:
        hours = sorted(e.hours for e in await session.scalars(select(HoursEntry)))
    assert hours == [1.0, 1.5]


async def test_typed_checkin_reply_recorded_once_shown_back_and_corrected(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired(stack)
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
    await stack.bot.tick()
    await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(BEN)[-1]))

    answer = await said(stack, BEN, "met Tuesday for about 90 minutes, going well")
    assert "Got it: going *Great*, you met, 1.5 hours logged." in answer
    assert "[OK]" in answer and "[Struggling]" in answer and "[Change details]" in answer
    assert "didn't save your words as a note" in answer
    again = await said(stack, BEN, "going well, met for 2 hours")
    assert "already answered" in again
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(CheckIn).where(CheckIn.user_id == BEN))
        entries = list(await session.scalars(select(HoursEntry)))
    assert row is not None and (row.mood, row.met, row.hours, row.note) == (
        "great",
        True,
        1.5,
        None,
    )
    assert [(e.user_id, e.hours) for e in entries] == [(BEN, 1.5)]

    # Corrections: the mood, then the details in the prefilled form.
    await twin.click(BEN, "checkin_change_ok")
    # The answer now shows what stands, without the correction buttons.
    await twin.wait_for(lambda: "[Great]" in twin.render(twin.dms(BEN)[-1]))
    assert "going *OK*" in twin.render(twin.dms(BEN)[-1]) or "going OK" in twin.render(
        twin.dms(BEN)[-1]
    )
    await twin.click(BEN, "checkin_change_details")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    form = twin.open_view(BEN)
    assert form is not None and form["callback_id"] == "checkin_details_change_form"
    await twin.submit_view(BEN, {"met": "yes", "hours": "2"})
    await twin.wait_for(lambda: "2 hours" in twin.render(twin.dms(BEN)[-1]))
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(CheckIn).where(CheckIn.user_id == BEN))
        entries = list(await session.scalars(select(HoursEntry)))
    assert row is not None and (row.mood, row.hours) == ("ok", 2.0)
    assert [(e.user_id, e.hours) for e in entries] == [(BEN, 2.0)]


async def test_typed_words_that_say_nothing_get_the_checkin_buttons(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired(stack)
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
    await stack.bot.tick()
    await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(ANA)[-1]))
    answer = await said(stack, ANA, "hmm, let me think")
    assert "couldn't tell how your check-in went" in answer and "[Great]" in answer
    await twin.click(ANA, "checkin_struggling")  # the newest one: under the answer
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    async with stack.bot.db.transaction(all_tenants=True) as session:
        row = await session.scalar(select(CheckIn).where(CheckIn.user_id == ANA))
    assert row is not None and row.mood == "struggling"

"""Thank-yous over real HTTP through the twin: the command, the global shortcut, the Home tab
button and the #ThankYourMentor Day campaign post's button, public and private."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from storage.models import Program, ThankYou
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, COMMUNITY, TEAM, Stack
from tests.e2e.test_checkins import _paired

MESSAGE = "You showed me how to read a budget. Thank you, Ana!"


async def _thank_yous(stack: Stack) -> list[ThankYou]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(ThankYou).order_by(ThankYou.id)))


async def _paired_with_hashtags(stack: Stack) -> None:
    await _paired(stack)
    # As a coordinator would in the settings
    async with stack.bot.db.transaction(all_tenants=True) as session:
        await session.execute(update(Program).values(hashtags=["#ICMAMentors", "#LocalGov"]))


async def _modal_open(stack: Stack, user: str) -> dict[str, object]:
    await stack.twin.wait_for(lambda: stack.twin.open_view(user) is not None)
    view = stack.twin.open_view(user)
    assert view is not None and view["callback_id"] == "thank_mentor_form"
    return view


async def test_thanks_command_public_post_with_hashtags_and_inline_errors(stack: Stack) -> None:
    twin = stack.twin
    await _paired_with_hashtags(stack)
    await twin.send_command(BEN, "thank")  # the alias
    view = await _modal_open(stack, BEN)
    # Ana, his mentor, is picked for him.
    mentor_block = next(b for b in view["blocks"] if b.get("block_id") == "mentor")  # type: ignore[attr-defined]
    assert mentor_block["element"]["initial_user"] == ANA

    await twin.submit_view(BEN, {"mentor": BEN, "message": MESSAGE, "visibility": "public"})
    await twin.wait_for(lambda: "mentor" in twin.view_errors(BEN))
    assert "can't thank yourself" in twin.view_errors(BEN)["mentor"]
    assert MESSAGE in json.dumps(twin.open_view(BEN))  # what he typed is kept

    before = len(twin.channel_messages(COMMUNITY))
    await twin.submit_view(BEN, {"mentor": ANA})
    await twin.wait_for(lambda: "posted in" in twin.render(twin.open_view(BEN) or {}))
    await twin.wait_for(lambda: len(twin.channel_messages(COMMUNITY)) > before)
    post = twin.render(twin.channel_messages(COMMUNITY)[-1])
    assert "@ben thanks @ana" in post and MESSAGE in post
    assert "#ThankYourMentor #ICMAMentors #LocalGov" in post
    await twin.wait_for(lambda: "sent you a thank-you" in twin.render(twin.dms(ANA)[-1]))
    assert "shared it in #mentoring-community" in twin.render(twin.dms(ANA)[-1])
    [row] = await _thank_yous(stack)
    assert (row.from_id, row.to_id, row.public, row.channel) == (BEN, ANA, True, COMMUNITY)


async def test_shortcut_private_thank_you_is_only_a_dm_and_a_double_submit_counts_once(
    stack: Stack,
) -> None:
    twin = stack.twin
    await _paired_with_hashtags(stack)
    payload = {
        "type": "shortcut",
        "callback_id": "thank_mentor",
        "trigger_id": twin.issue_trigger(BEN),
        "action_ts": f"{time.time():.6f}",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": BEN, "username": "ben", "team_id": TEAM},
        "is_enterprise_install": False,
        "enterprise": None,
        "token": "verification-token",
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = await twin.send_raw(body, {**headers, **twin.sign(body, int(time.time()))})
    assert response.status == 200
    await _modal_open(stack, BEN)

    before = len(twin.channel_messages(COMMUNITY))
    private = {"message": MESSAGE, "visibility": "private"}
    await asyncio.gather(twin.submit_view(BEN, private), twin.submit_view(BEN, private))
    await twin.wait_for(lambda: "sent you a thank-you" in twin.render(twin.dms(ANA)[-1]))
    assert "sent it to you privately" in twin.render(twin.dms(ANA)[-1])
    assert len(await _thank_yous(stack)) == 1
    await stack.bot.tick()  # anything still queued goes out now
    thanks_dms = [m for m in twin.dms(ANA) if "sent you a thank-you" in twin.render(m)]
    assert len(thanks_dms) == 1
    assert len(twin.channel_messages(COMMUNITY)) == before  # private: no post


async def test_home_tab_button_opens_the_modal(stack: Stack) -> None:
    twin = stack.twin
    await _paired_with_hashtags(stack)
    await twin.open_home(BEN)
    await twin.wait_for(lambda: "[Thank your mentor]" in twin.render(twin.home_view(BEN) or {}))
    await twin.click(BEN, "thank_mentor", surface="home")
    await _modal_open(stack, BEN)
    await twin.submit_view(BEN, {"message": "Thank you for every Tuesday call."})
    await twin.wait_for(lambda: "posted in" in twin.render(twin.open_view(BEN) or {}))
    [row] = await _thank_yous(stack)
    assert (row.to_id, row.message) == (ANA, "Thank you for every Tuesday call.")


async def test_the_january_31_campaign_post_button_opens_the_modal(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired_with_hashtags(stack)
    await twin.user_joins_channel(BEN, COMMUNITY)
    await stack.bot.tick()  # the scheduler has been running since November: campaigns exist
    clock.set(datetime(2027, 1, 31, 9, 5, tzinfo=ZoneInfo("America/Chicago")))
    await stack.bot.tick()
    await twin.wait_for(
        lambda: any(
            "#ThankYourMentor Day" in twin.render(m) for m in twin.channel_messages(COMMUNITY)
        )
    )
    campaign = next(
        twin.render(m) for m in twin.channel_messages(COMMUNITY) if "Day" in twin.render(m)
    )
    assert "[Thank your mentor]" in campaign

    await twin.click(BEN, "thank_mentor", surface="message")
    await _modal_open(stack, BEN)
    await twin.submit_view(BEN, {"message": MESSAGE})
    await twin.wait_for(lambda: len(twin.channel_messages(COMMUNITY)) >= 2)
    await twin.wait_for(
        lambda: "@ben thanks @ana" in twin.render(twin.channel_messages(COMMUNITY)[-1])
    )
    assert "#ThankYourMentor" in twin.render(twin.channel_messages(COMMUNITY)[-1])

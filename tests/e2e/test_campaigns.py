"""Campaigns over real HTTP: the coordinators' list, preview, turn off, the add modal, and the
posts appearing in the community channel when the clock reaches them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import Campaign
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, COMMUNITY, COORD, Stack, reply_to

CHICAGO = ZoneInfo("America/Chicago")


async def _ids(stack: Stack) -> dict[str, int]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        rows = await session.execute(select(Campaign.slug, Campaign.id))
        return {slug: campaign_id for slug, campaign_id in rows.all()}


async def _click_and_wait(stack: Stack, user: str, action: str, value: str, text: str) -> str:
    """Click a button on the campaign list; returns the ephemeral that then says `text`."""
    twin = stack.twin
    await twin.click(user, action, value=value)
    await twin.wait_for(lambda: any(text in twin.render(e) for e in twin.ephemerals(user)))
    return next(twin.render(e) for e in reversed(twin.ephemerals(user)) if text in twin.render(e))


async def test_only_coordinators_see_campaigns(stack: Stack) -> None:
    answer = await reply_to(stack, ANA, "admin campaigns")
    assert "`/mentor admin campaigns` is for the program's coordinators only" in answer
    assert "admin campaigns" in await reply_to(stack, COORD, "help")
    assert "admin campaigns" not in await reply_to(stack, ANA, "help")


async def test_list_preview_turn_off_and_posts_reach_the_channel(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    listing = await reply_to(stack, COORD, "admin campaigns")
    assert "Posts the bot makes for *Mentoring Program* (times in America/Chicago)" in listing
    for line in (
        "*National Mentoring Month* · on",
        "Mon, Jan 4, 2027 at 9:00 AM CST · #mentoring-community (community channel)",
        "Every year on January 1 (or the next business day)",
        "*Martin Luther King Jr. Day of Service* · on",
        "Mon, Jan 18, 2027 at 9:00 AM CST",
        "Every year on the 3rd Monday of January",
        "[Preview]",
        "[Turn off]",
        "[Edit]",
        "[Add a campaign]",
    ):
        assert line in listing, line
    assert listing.index("National Mentoring Month") < listing.index("Thank")  # soonest first
    ids = await _ids(stack)

    preview = await _click_and_wait(
        stack,
        COORD,
        "campaign_preview",
        f"{ids['mentoring-month-kickoff']}:0",
        "Preview of *National Mentoring Month*",
    )
    assert "#mentoring-community will see on Mon, Jan 4, 2027 at 9:00 AM CST" in preview
    assert "#MentoringMonth" in preview and "[Become a mentor]" in preview
    assert twin.channel_messages(COMMUNITY) == []  # a preview is private

    mlk = ids["mlk-day-of-service"]
    await _click_and_wait(
        stack, COORD, "campaign_off", f"{mlk}:0", "*Martin Luther King Jr. Day of Service* · off"
    )

    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=CHICAGO))
    report = await stack.bot.tick()
    assert (report.planned.enqueued, report.dispatched.sent) == (2, 2)
    posts = [twin.render(m) for m in twin.channel_messages(COMMUNITY)]
    assert len(posts) == 2
    assert "National Mentoring Month" in posts[0] and "I Am a Mentor Day" in posts[1]
    assert "#MentoringMonth #IAmAMentor" in posts[1] and "[Become a mentor]" in posts[1]
    again = await stack.bot.tick()
    assert again.planned.enqueued == 0 and len(twin.channel_messages(COMMUNITY)) == 2

    # Anyone in the channel can act on the post: Become a mentor opens the application form.
    await twin.user_joins_channel(ANA, COMMUNITY)
    await twin.click(ANA, "open_intake", surface="message")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    view = twin.open_view(ANA)
    assert view is not None and view["callback_id"] == "intake"

    clock.set(datetime(2027, 1, 18, 9, 0, tzinfo=CHICAGO))  # MLK Day: turned off
    report = await stack.bot.tick()
    assert report.planned.enqueued == 0 and len(twin.channel_messages(COMMUNITY)) == 2


async def test_add_a_campaign_in_the_modal_with_inline_errors(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await reply_to(stack, COORD, "admin campaigns")
    await twin.click(COORD, "campaign_add")
    await twin.wait_for(lambda: twin.open_view(COORD) is not None)
    view = twin.open_view(COORD)
    assert view is not None and view["title"]["text"] == "Add a campaign"
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert kinds["date"] == "datepicker" and kinds["time"] == "timepicker"
    assert kinds["channel"] == "channels_select"

    answer: dict[str, object] = {
        "name": "Mentor Appreciation Week",
        "text": "Thank a mentor this week!",
        "repeat": "once",
        "date": "2026-11-01",  # before the clock's Nov 20, 2026
        "time": "10:30",
        "hashtags": "#MentorWeek #bad-tag",
        "button": "join",
    }
    await twin.submit_view(COORD, answer)
    await twin.wait_for(lambda: bool(twin.view_errors(COORD)))
    errors = twin.view_errors(COORD)
    assert errors["date"].startswith("Sun, Nov 1, 2026 at 10:30 AM CST has already passed")
    assert errors["hashtags"] == "'#bad-tag' isn't a hashtag (letters, digits and _ only)."
    assert (await _ids(stack)).keys().isdisjoint({"mentor-appreciation-week"})
    kept = twin.open_view(COORD)
    assert kept is not None
    name_input = next(b for b in kept["blocks"] if b.get("block_id") == "name")
    assert name_input["element"]["type"] == "plain_text_input"

    before = len(twin.dms(COORD))
    await twin.submit_view(COORD, {"date": "2027-03-15", "hashtags": "#MentorWeek"})
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before)
    saved = twin.render(twin.dms(COORD)[-1])
    assert "Saved *Mentor Appreciation Week*: once on Mon, Mar 15, 2027" in saved
    assert "Next post: Mon, Mar 15, 2027 at 10:30 AM CDT in #mentoring-community" in saved

    clock.set(datetime(2027, 3, 15, 10, 30, tzinfo=CHICAGO))
    report = await stack.bot.tick()
    assert (report.planned.enqueued, report.dispatched.sent) == (1, 1)
    (post,) = [twin.render(m) for m in twin.channel_messages(COMMUNITY)]
    assert "Mentor Appreciation Week" in post and "#MentorWeek" in post


async def test_edit_a_campaign_and_see_why_its_post_failed(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    twin.add_channel("C0RANDOM", "random", members=[COORD])  # the bot was never invited
    await reply_to(stack, COORD, "admin campaigns")
    day = (await _ids(stack))["international-mentoring-day"]
    await twin.click(COORD, "campaign_edit", value=f"{day}:0")
    await twin.wait_for(lambda: twin.open_view(COORD) is not None)
    view = twin.open_view(COORD)
    assert view is not None and view["title"]["text"] == "Edit campaign"
    state = twin.render(view)
    assert "International Mentoring Day" in state and "Every year on this date" in state
    before = len(twin.dms(COORD))
    await twin.submit_view(COORD, {"channel": "C0RANDOM", "time": "08:15"})
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before)
    saved = twin.render(twin.dms(COORD)[-1])
    assert "Next post: Sun, Jan 17, 2027 at 8:15 AM CST in #random" in saved

    clock.set(datetime(2027, 1, 17, 8, 15, tzinfo=CHICAGO))
    report = await stack.bot.tick()  # Slack refuses: the bot is not in #random
    assert (report.planned.enqueued, report.dispatched.failed) == (1, 1)
    listing = await reply_to(stack, COORD, "admin campaigns")
    last = "_last: failed Sun, Jan 17, 2027 at 8:15 AM CST (the bot isn't in that channel: "
    assert last in listing
    assert "Mon, Jan 17, 2028 at 8:15 AM CST · #random" in listing  # the next one, a year on
    assert twin.channel_messages("C0RANDOM") == []

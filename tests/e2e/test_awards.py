"""Award nominations over real HTTP through the Slack twin: a coordinator opens a cycle, the
opening is posted, members nominate and edit, the rules refuse what they must, the export
arrives as a file, nominations close, and the winners are announced on the date."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.conftest import MovableClock
from tests.e2e.conftest import (
    ANA,
    BEN,
    CARA,
    COMMUNITY,
    COORD,
    MENTEE_ANSWER,
    MENTOR_ANSWER,
    Stack,
    apply,
    reply_to,
)

CHICAGO = ZoneInfo("America/Chicago")
CYCLE = {
    "name": "Outstanding Mentor Award 2027",
    "opens_on": "2027-01-04",
    "deadline": "2027-01-31",
    "announce_on": "2027-02-15",
}


def _local(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=CHICAGO)


async def _dm_saying(stack: Stack, user: str, text: str) -> str:
    twin = stack.twin
    await twin.wait_for(lambda: any(text in twin.render(m) for m in twin.dms(user)))
    return next(twin.render(m) for m in reversed(twin.dms(user)) if text in twin.render(m))


async def _ephemeral_saying(stack: Stack, user: str, text: str) -> str:
    twin = stack.twin
    await twin.wait_for(lambda: any(text in twin.render(e) for e in twin.ephemerals(user)))
    return next(twin.render(e) for e in reversed(twin.ephemerals(user)) if text in twin.render(e))


def _posts(stack: Stack, text: str) -> list[str]:
    rendered = [stack.twin.render(m) for m in stack.twin.channel_messages(COMMUNITY)]
    return [post for post in rendered if text in post]


async def _open_cycle(stack: Stack) -> None:
    twin = stack.twin
    listing = await reply_to(stack, COORD, "admin awards")
    assert "No nomination cycles yet" in listing and "[Open a nomination cycle]" in listing
    await twin.click(COORD, "award_open_cycle")
    await twin.wait_for(lambda: twin.open_view(COORD) is not None)
    view = twin.open_view(COORD)
    assert view is not None and view["callback_id"] == "award_cycle"
    await twin.submit_view(COORD, CYCLE)
    opened = await _dm_saying(stack, COORD, "is set")
    assert "*Outstanding Mentor Award 2027* is set: nominations open Mon, Jan 4, 2027" in opened
    assert "I'll post the opening in #mentoring-community on Mon, Jan 4, 2027" in opened


async def _nominate(stack: Stack, user: str, command: str, values: dict[str, object]) -> None:
    twin = stack.twin
    await twin.send_command(user, command)
    await twin.wait_for(lambda: twin.open_view(user) is not None)
    await twin.submit_view(user, values)
    await twin.wait_for(lambda: twin.open_view(user) is None)


async def test_a_nomination_cycle_end_to_end(stack: Stack, clock: MovableClock) -> None:
    twin = stack.twin
    twin.add_channel(
        COMMUNITY, "mentoring-community", members=[twin.bot_user_id, COORD, ANA, BEN, CARA]
    )
    await apply(stack, ANA, MENTEE_ANSWER)
    await apply(stack, BEN, MENTOR_ANSWER)
    await apply(stack, CARA, {**MENTOR_ANSWER, "organization": "Town of Erie"})
    await _open_cycle(stack)

    # Before the opening date: a clear answer, no form.
    early = await reply_to(stack, ANA, "nominate")
    assert "Nominations for Outstanding Mentor Award 2027 open on Mon, Jan 4, 2027." in early

    clock.set(_local(1, 4))
    await stack.bot.tick()  # the January campaign posts go out too
    [post] = _posts(stack, "Nominations are open")
    assert "Nominations are open: Outstanding Mentor Award 2027" in post
    assert "[Nominate a mentor]" in post

    # Nominate with the command, then edit to someone else: one nomination, changed.
    await _nominate(
        stack, ANA, f"nominate <@{BEN}>", {"why": "Ben taught me budgets.", "impact": "I passed."}
    )
    thanks = await _dm_saying(stack, ANA, "Your nomination of")
    assert "Your nomination of @ben for *Outstanding Mentor Award 2027* is in" in thanks
    await twin.send_command(ANA, "nominate")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    prefilled = twin.render(twin.open_view(ANA))
    assert "You nominated @ben" in prefilled and "Ben taught me budgets." in prefilled
    await twin.submit_view(ANA, {"nominee": CARA, "why": "Cara listened.", "impact": "Promoted."})
    edited = await _dm_saying(stack, ANA, "is updated")
    assert "you're nominating @cara" in edited

    # The rules, in the command's answer.
    twin.add_user("U0HELPER", "helper-bot", is_bot=True)
    twin.add_user("U0FAR", "far", team_id="T0ELSEWHERE")
    for command, refusal in [
        (f"nominate <@{BEN}>", "You can't nominate yourself."),
        (f"nominate <@{ANA}>", "@ana isn't a mentor in Mentoring Program"),
        ("nominate <@U0HELPER>", "@helper-bot is a bot"),
        ("nominate <@U0FAR>", "is in another workspace"),
        ("nominate ben", "I couldn't read 'ben' as a person"),
    ]:
        assert refusal in await reply_to(stack, BEN, command), command
    # And in the form: picking a mentee shows an error on the field; nothing is lost.
    await twin.click(BEN, "award_nominate")  # the button on the channel post
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    await twin.submit_view(BEN, {"nominee": ANA, "why": "Kind.", "impact": "Lots."})
    await twin.wait_for(lambda: bool(twin.view_errors(BEN)))
    assert twin.view_errors(BEN) == {
        "nominee": "That person isn't a mentor in Mentoring Program, so they can't be nominated."
    }
    await twin.submit_view(BEN, {"nominee": CARA})
    await _dm_saying(stack, BEN, "Your nomination of @cara")

    # The coordinator's list and the export, as a file in their DM.
    listing = await reply_to(stack, COORD, "admin awards")
    assert "*Outstanding Mentor Award 2027* · open now" in listing
    assert "2 nominations · No winners recorded yet" in listing
    await twin.click(COORD, "award_nominations")
    shown = await _ephemeral_saying(stack, COORD, "Most nominated")
    assert "Most nominated: @cara (2)" in shown and "Cara listened." in shown
    await twin.click(COORD, "award_export")
    await _ephemeral_saying(stack, COORD, "on their way to your DM")
    await twin.wait_for(lambda: len(twin.files(COORD)) == 1)
    [exported] = twin.files(COORD)
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert sorted((r["nominator"], r["nominee"]) for r in rows) == [(ANA, CARA), (BEN, CARA)]

    # The reminder, then the deadline passes: nominations are closed.
    clock.set(_local(1, 28))
    await stack.bot.tick()
    assert len(_posts(stack, "3 days left to nominate")) == 1
    clock.set(_local(2, 1, 0, 1))
    closed = await reply_to(stack, CARA, "nominate")
    assert "Nominations for Outstanding Mentor Award 2027 closed on Sun, Jan 31, 2027." in closed

    # Winners recorded after the deadline; announced on the date, once.
    clock.set(_local(2, 2))
    assert "[Record winners]" in await reply_to(stack, COORD, "admin awards")
    await twin.click(COORD, "award_winners")
    await twin.wait_for(lambda: twin.open_view(COORD) is not None)
    await twin.submit_view(COORD, {"winners": [BEN]})
    await twin.wait_for(lambda: bool(twin.view_errors(COORD)))
    assert "was not nominated" in twin.view_errors(COORD)["winners"]
    await twin.submit_view(COORD, {"winners": [CARA]})
    recorded = await _dm_saying(stack, COORD, "recorded")
    assert "I'll announce them on Mon, Feb 15, 2027" in recorded
    await stack.bot.tick()
    assert _posts(stack, "Congratulations") == []
    clock.set(_local(2, 15))
    await stack.bot.tick()
    await stack.bot.tick()
    [announcement] = _posts(stack, "Congratulations")
    assert "Congratulations to the Outstanding Mentor Award 2027 winners!" in announcement
    assert "The winner of *Outstanding Mentor Award 2027*: @cara" in announcement


async def test_only_coordinators_run_awards(stack: Stack) -> None:
    answer = await reply_to(stack, ANA, "admin awards")
    assert "`/mentor admin awards` is for the program's coordinators only" in answer
    assert "nominate [@member]" in await reply_to(stack, ANA, "help")
    assert "admin awards" in await reply_to(stack, COORD, "help")
    nothing = await reply_to(stack, ANA, "nominate")
    assert "Only members of *Mentoring Program* can nominate" in nothing

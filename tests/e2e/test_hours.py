"""Mentoring hours over real HTTP through the twin: logging by command, form and check-in, the
summary, the same-organization rule and its override, and the CSV files that arrive in Slack."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import HoursEntry
from tests.conftest import MovableClock
from tests.e2e.conftest import ANA, BEN, CARA, COORD, MENTEE_ANSWER, Stack, apply, reply_to
from tests.e2e.test_checkins import _paired


def _csv(stack: Stack, user: str) -> list[dict[str, str]]:
    (*_, latest) = stack.twin.files(user)
    return list(csv.DictReader(io.StringIO(latest.content.decode("utf-8-sig"))))


async def _entries(stack: Stack) -> list[HoursEntry]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(HoursEntry).order_by(HoursEntry.id)))


async def test_hours_logged_three_ways_summary_override_and_csv_files(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await _paired(stack)  # Ana (City of Boulder) mentors Ben (Town of Lyons)
    await apply(stack, CARA, {**MENTEE_ANSWER, "organization": "city of boulder"})

    # A check-in answer with hours: logged as Ana's mentoring hours, once.
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))  # 11:00 in Denver, where Ana is
    await stack.bot.tick()
    await twin.wait_for(lambda: "How's it going" in twin.render(twin.dms(ANA)[-1]))
    await twin.click(ANA, "checkin_great")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    await twin.submit_view(ANA, {"met": "yes", "hours": "1.5"})
    await twin.wait_for(lambda: "1.5 hours" in twin.render(twin.dms(ANA)[-1]))

    # The command; the note keeps its case.
    reply = await reply_to(stack, ANA, "log 2h with <@U0BEN|ben> Budget Review for FY28")
    assert "Logged 2 hours on Fri, Dec 4, 2026 with @ben (mentoring conversation)." in reply
    assert "*3.5 credit-eligible hours* of your 20-hour mentoring maximum for 2026" in reply
    # Clear answers for what can't be logged; nothing is stored for them.
    assert "at least a quarter hour" in await reply_to(stack, ANA, "log 0")
    assert "up to 12 hours at a time" in await reply_to(stack, ANA, "log 13h")
    assert "couldn't read 'abc' as hours" in await reply_to(stack, ANA, "log abc")
    stranger = await reply_to(stack, ANA, "log 1h with <@U0ZED|zed>")
    assert "@U0ZED isn't a member of Mentoring Program, so I can't log hours" in stranger
    assert len(await _entries(stack)) == 2

    # `/mentor log` alone: the form, today in Ana's zone and Ben (her match) chosen.
    await twin.send_command(ANA, "log")
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    form = twin.open_view(ANA)
    assert form is not None and form["callback_id"] == "hours_log_form"
    date_block = next(b for b in form["blocks"] if b.get("block_id") == "date")
    assert date_block["element"]["initial_date"] == "2026-12-04"
    with_block = next(b for b in form["blocks"] if b.get("block_id") == "with")
    assert with_block["element"]["initial_user"] == BEN
    await twin.submit_view(ANA, {"date": "2026-12-05", "hours": "1h15m", "note": "Mock Panel"})
    await twin.wait_for(lambda: "date" in twin.view_errors(ANA))
    assert "That's after today (Fri, Dec 4, 2026)" in twin.view_errors(ANA)["date"]
    before = len(twin.dms(ANA))
    await twin.submit_view(ANA, {"date": "2026-12-01"})  # the rest was kept
    await twin.wait_for(lambda: len(twin.dms(ANA)) > before)
    assert "Logged 1.25 hours on Tue, Dec 1, 2026 with @ben" in twin.render(twin.dms(ANA)[-1])

    # Hours with someone from her own organization don't count...
    reply = await reply_to(stack, ANA, "log 3h with <@U0CARA|cara>")
    assert "you and @cara are both at City of Boulder" in reply
    summary = await reply_to(stack, ANA, "hours")
    assert "*4.75 credit-eligible hours* of your 20-hour mentoring maximum for 2026" in summary
    assert "3 hours with @cara don't count: same organization." in summary
    assert "Toward the 40-hour professional-development requirement for 2026" in summary
    # ...until a coordinator makes an exception for the pair.
    refused = await reply_to(stack, ANA, "admin credit <@U0ANA|ana> <@U0CARA|cara> on")
    assert "for the program's coordinators only" in refused
    done = await reply_to(stack, COORD, "admin credit <@U0ANA|ana> <@U0CARA|cara> on")
    assert "hours between @ana and @cara now earn credit" in done
    summary = await reply_to(stack, ANA, "hours 2026")
    assert "*7.75 credit-eligible hours* of your 20-hour mentoring maximum for 2026" in summary
    assert "same organization" not in summary
    # The Home tab's one line (refreshed after each log) follows the exception when opened.
    await twin.wait_for(lambda: "4.75 credit" in twin.render(twin.home_view(ANA) or {}))
    await twin.open_home(ANA)
    await twin.wait_for(lambda: "7.75 credit" in twin.render(twin.home_view(ANA) or {}))
    assert "*Mentoring hours 2026:* 7.75 credit-eligible of your 20-hour maximum (7.75 logged)" in (
        twin.render(twin.home_view(ANA))
    )

    # Her own CSV arrives in her DM, with the check-in's hours exactly once.
    assert "sent you the file" in await reply_to(stack, ANA, "hours export")
    await twin.wait_for(lambda: bool(twin.files(ANA)))
    (shared,) = twin.files(ANA)
    assert shared.name == "mentoring-hours-2026.csv"
    assert shared.comment.startswith("Your mentoring hours for 2026: 4 entries")
    rows = _csv(stack, ANA)
    assert [(r["date"], r["hours"], r["with_user_id"], r["source"], r["credit_eligible"])
            for r in rows] == [
        ("2026-12-01", "1.25", BEN, "form", "yes"),
        ("2026-12-04", "1.5", BEN, "check-in", "yes"),
        ("2026-12-04", "2", BEN, "command", "yes"),
        ("2026-12-04", "3", CARA, "command", "yes"),
    ]  # fmt: skip
    assert rows[2]["note"] == "Budget Review for FY28" and rows[0]["note"] == "Mock Panel"

    # Coordinators get everyone's, with the credit columns; members can't.
    await reply_to(stack, COORD, "admin credit <@U0ANA|ana> <@U0CARA|cara> off")
    await reply_to(stack, BEN, "log 30m with <@U0ANA|ana>")
    assert "coordinators only" in await reply_to(stack, BEN, "admin hours export 2026")
    assert "sent you the file" in await reply_to(stack, COORD, "admin hours export 2026")
    await twin.wait_for(lambda: bool(twin.files(COORD)))
    rows = _csv(stack, COORD)
    assert twin.files(COORD)[-1].name == "mentoring-hours-everyone-2026.csv"
    assert [(r["member_user_id"], r["hours"], r["credit_eligible"], r["why_not_credited"])
            for r in rows] == [
        (ANA, "1.25", "yes", ""),
        (ANA, "1.5", "yes", ""),
        (ANA, "2", "yes", ""),
        (ANA, "3", "no", "same organization"),
        (BEN, "0.5", "yes", ""),
    ]  # fmt: skip
    assert sum(1 for e in await _entries(stack) if e.source == "checkin") == 1

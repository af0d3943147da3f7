"""Check-ins over real HTTP through the twin: the DM, answers, alerts, flags, Extend."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select, update

from storage.models import CheckIn, Pairing, Program
from tests.conftest import MovableClock
from tests.e2e.conftest import (
    ANA,
    BEN,
    COORD,
    MENTEE_ANSWER,
    MENTOR_ANSWER,
    Stack,
    apply,
    reply_to,
)

NOTE = "Ben missed our last two calls; I'm not sure how to raise it"


async def _paired(stack: Stack) -> Pairing:
    """Ana mentors Ben through the real pairing flow, on a 3-month term."""
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    # As a coordinator would in the settings
    async with stack.bot.db.transaction(all_tenants=True) as session:
        await session.execute(update(Program).values(term_months=3))
    before = len(twin.dms(COORD))
    await twin.send_command(COORD, "admin match")
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before)
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(lambda: "[Accept]" in twin.render(twin.dms(BEN)[-1]))
    await twin.wait_for(lambda: "[Accept]" in twin.render(twin.dms(ANA)[-1]))
    await twin.click(ANA, "pair_accept")
    await twin.wait_for(lambda: "as soon as @ben accepts" in twin.render(twin.dms(ANA)[-1]))
    await twin.click(BEN, "pair_accept")
    await twin.wait_for(lambda: bool(twin.calls("conversations.open")))
    pairs: list[Pairing] = []

    async def active() -> bool:
        async with stack.bot.db.transaction(all_tenants=True) as session:
            pairs[:] = list(await session.scalars(select(Pairing)))
        return bool(pairs) and pairs[0].status == "active"

    for _ in range(200):
        if await active():
            return pairs[0]
        await asyncio.sleep(0.02)  # the accept click is handled after its ack
    raise AssertionError("the pair never became active")


def _text(stack: Stack, user: str) -> list[str]:
    return [stack.twin.render(m) for m in stack.twin.dms(user)]


async def test_checkin_answer_double_click_struggling_alert_flags_and_extend(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    pair = await _paired(stack)
    assert pair.ends_on is not None and pair.ends_on.isoformat() == "2027-02-20"

    # Two weeks later, after 10:00 in Denver (Ana) and New York (Ben).
    clock.set(datetime(2026, 12, 4, 18, 0, tzinfo=UTC))
    tick = await stack.bot.tick()
    assert tick.planned.enqueued == 2  # sent by the tick or the running dispatcher, once
    for user in (ANA, BEN):
        await twin.wait_for(lambda u=user: "How's it going" in twin.render(twin.dms(u)[-1]))
    ben_checkin = twin.render(twin.dms(BEN)[-1])
    assert "How's it going with @ana?" in ben_checkin
    assert "[Great]" in ben_checkin and "[Struggling]" in ben_checkin
    assert "never to @ana" in ben_checkin

    # Ben: Great, then the modal; bad hours are refused inline, his answers kept.
    await twin.click(BEN, "checkin_great")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    assert "Have you met since you were paired?" in twin.render(twin.open_view(BEN))
    await twin.submit_view(BEN, {"met": "yes", "hours": "1.1"})
    await twin.wait_for(lambda: "hours" in twin.view_errors(BEN))
    assert "quarter hour" in twin.view_errors(BEN)["hours"]
    await twin.submit_view(BEN, {"met": "yes", "hours": "1.5"})
    await twin.wait_for(
        lambda: "1.5 hours" in twin.render(twin.dms(BEN)[-1])
    )  # the DM now shows what was recorded, and no mood buttons
    shown = twin.render(twin.dms(BEN)[-1])
    assert "Great" in shown and "[Great]" not in shown and "Met since the last check-in" in shown

    # Ana double-clicks Struggling: one answer, one modal, and she's told what was kept.
    views_before = len(twin.calls("views.open"))
    await asyncio.gather(
        twin.click(ANA, "checkin_struggling"), twin.click(ANA, "checkin_struggling")
    )
    await twin.wait_for(
        lambda: any("already answered" in twin.render(e) for e in twin.ephemerals(ANA))
    )
    await twin.wait_for(lambda: twin.open_view(ANA) is not None)
    assert len(twin.calls("views.open")) == views_before + 1
    async with stack.bot.db.transaction(all_tenants=True) as session:
        moods = {r.user_id: r.mood for r in await session.scalars(select(CheckIn))}
    assert moods == {ANA: "struggling", BEN: "great"}
    # The coordinator hears at once, with the pair's context.
    await twin.wait_for(lambda: any("Struggling" in t for t in _text(stack, COORD)))
    alert = next(t for t in _text(stack, COORD) if "Struggling" in t)
    assert "@ana says it's going *Struggling* with @ben" in alert
    assert "@ana mentors @ben, paired since Fri, Nov 20, 2026" in alert

    # Her note reaches the coordinators and never Ben, nor the pair's conversation.
    await twin.submit_view(ANA, {"met": "no", "hours": "0", "note": NOTE, "help": ["yes"]})
    await twin.wait_for(lambda: any(NOTE in t for t in _text(stack, COORD)))
    assert any("would like you to get in touch" in t for t in _text(stack, COORD))
    await twin.wait_for(lambda: NOTE in twin.render(twin.dms(ANA)[-1]))  # her own copy
    assert not any(NOTE in t for t in _text(stack, BEN))
    channel = str(twin.calls("conversations.open")[-1].response["channel"]["id"])
    assert not any(NOTE in twin.render(m) for m in twin.channel_messages(channel))

    # The coordinator's views flag the pair.
    pairs_view = await reply_to(stack, COORD, "admin pairs")
    assert "Struggling (last check-in of @ana)" in pairs_view
    await twin.open_home(COORD)
    await twin.wait_for(lambda: "need attention" in twin.render(twin.home_view(COORD) or {}))
    assert "Struggling (last check-in of @ana)" in twin.render(twin.home_view(COORD))

    # 30 days before the end the coordinator gets the heads-up, with Extend buttons.
    clock.set(datetime(2027, 1, 21, 18, 0, tzinfo=UTC))
    tick = await stack.bot.tick()
    assert any("Check-in 2" in line and "late" in line for line in tick.planned.skipped)
    await twin.wait_for(lambda: "[Extend 3 months]" in twin.render(twin.dms(COORD)[-1]))
    await twin.wait_for(lambda: "30 days from now" in twin.render(twin.dms(BEN)[-1]))
    headsup = twin.render(twin.dms(COORD)[-1])
    assert "ends on Sat, Feb 20, 2027, in 30 days" in headsup and "[Extend 3 months]" in headsup
    assert "ends on Sat, Feb 20, 2027, 30 days from now" in twin.render(twin.dms(BEN)[-1])
    await twin.click(COORD, "term_extend_3", value=f"{pair.id}:3:2027-02-20")
    await twin.wait_for(
        lambda: "now continue until Thu, May 20, 2027" in twin.render(twin.dms(COORD)[-1])
    )
    assert "[Extend" not in twin.render(twin.dms(COORD)[-1])  # nobody extends twice
    extended_until = "extended until Thu, May 20, 2027"
    await twin.wait_for(lambda: extended_until in twin.render(twin.dms(BEN)[-1]))
    async with stack.bot.db.transaction(all_tenants=True) as session:
        extended = await session.get(Pairing, pair.id)
        assert extended is not None and extended.ends_on is not None
        assert (extended.status, extended.ends_on.isoformat()) == ("active", "2027-05-20")

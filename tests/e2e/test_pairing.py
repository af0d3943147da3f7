"""Match → approve → accept → shared conversation with the introduction, over real HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.mentoring.models import Tenant
from bot.mentoring.pairing import Pairings
from sandbox.slack_twin import SlackTwin
from storage.models import Pairing, Program
from tests.conftest import MovableClock
from tests.e2e.conftest import (
    ANA,
    BEN,
    CARA,
    COORD,
    MENTEE_ANSWER,
    MENTOR_ANSWER,
    TEAM,
    Stack,
    apply,
    reply_to,
)

ACME = Tenant("slack", TEAM)


async def _last_dm(stack: Stack, user: str, count: int) -> str:
    await stack.twin.wait_for(lambda: len(stack.twin.dms(user)) >= count)
    return stack.twin.render(stack.twin.dms(user)[count - 1])


async def _match(stack: Stack) -> str:
    """Run /mentor admin match as the coordinator; returns the preview as they see it."""
    twin = stack.twin
    before = len(twin.dms(COORD))
    await twin.send_command(COORD, "admin match")
    return await _last_dm(stack, COORD, before + 1)


async def _pairings(stack: Stack) -> list[Pairing]:
    async with stack.bot.db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(Pairing).order_by(Pairing.id)))


async def test_match_approve_accept_opens_a_group_dm_with_an_introduction(stack: Stack) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    preview = await _match(stack)
    assert "1 proposed pair · average fit" in preview and "0 mentees unmatched" in preview
    assert "*@ana* mentors *@ben*" in preview and "[Approve all]" in preview
    assert "Budgeting and finance" in preview  # the reasons name the shared topics

    await twin.click(COORD, "pair_approve")
    await twin.wait_for(lambda: "waiting for both to accept" in twin.render(twin.dms(COORD)[-1]))
    ana_invite = await _last_dm(stack, ANA, 2)
    assert "@ben would be your mentee" in ana_invite and "[Accept]" in ana_invite
    assert "Town of Lyons" in ana_invite  # Ben consented to share his profile
    assert "@ana would be your mentor" in await _last_dm(stack, BEN, 2)

    await twin.click(ANA, "pair_accept")
    await twin.wait_for(lambda: "as soon as @ben accepts" in twin.render(twin.dms(ANA)[-1]))
    await twin.click(BEN, "pair_accept")
    await twin.wait_for(lambda: bool(twin.calls("conversations.open")))
    opened = twin.calls("conversations.open")[-1]
    assert set(str(opened.args["users"]).split(",")) == {ANA, BEN}
    await twin.wait_for(lambda: any(twin.channel_messages(c) for c in [_channel(twin)]))
    intro = twin.render(twin.channel_messages(_channel(twin))[0])
    assert "Meet your mentoring partner" in intro
    assert "You share*: Budgeting and finance, Leadership and management" in intro
    assert "Prepare my first budget presentation to council" in intro
    assert "first meeting within two weeks" in intro

    # Ben's invitation is settled: both accepted, the conversation is being set up.
    await twin.wait_for(
        lambda: "setting up your shared conversation" in twin.render(twin.dms(BEN)[1])
    )
    pairs = await _pairings(stack)
    assert [(p.status, p.mentor_answer, p.mentee_answer) for p in pairs] == [
        ("active", "accepted", "accepted")
    ]
    assert pairs[0].ends_on is not None and pairs[0].conversation_id == _channel(twin)

    before = len(twin.ephemerals(ANA))
    await twin.send_command(ANA, "pair")
    await twin.wait_for(lambda: len(twin.ephemerals(ANA)) > before)
    assert "@ben is your mentee · active until" in twin.render(twin.ephemerals(ANA)[-1])
    # Ben is paired now: the next run has nobody waiting.
    assert "No mentees are waiting" in await _match(stack)


def _channel(twin: object) -> str:
    return str(twin.calls("conversations.open")[-1].response["channel"]["id"])  # type: ignore[attr-defined]


async def test_rejected_or_declined_pairs_are_never_proposed_again(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    await apply(stack, CARA, {**MENTEE_ANSWER, "organization": "Nepal Library Network"})
    preview = await _match(stack)
    assert "2 proposed pairs" in preview  # Ana has two seats
    # One pair is rejected by the coordinator, the other declined by the mentee.
    first, second = [p for p in await _pairings(stack) if p.status == "proposed"]
    await twin.click(COORD, "pair_reject", value=f"{first.run_id}:{first.id}")
    await twin.click(COORD, "pair_approve", value=f"{second.run_id}:{second.id}")
    declining = second.mentee_id
    await twin.wait_for(lambda: "[Decline]" in twin.render(twin.dms(declining)[-1]))
    await twin.click(declining, "pair_decline")
    await twin.wait_for(lambda: twin.open_view(declining) is not None)
    await twin.submit_view(declining, {"reason": "We already work together closely"})
    await twin.wait_for(lambda: "declined the match" in twin.render(twin.dms(COORD)[-1]))
    assert "We already work together closely" in twin.render(twin.dms(COORD)[-1])

    again = await _match(stack)
    assert "0 proposed pairs" in again and "2 mentees unmatched" in again
    statuses = sorted(p.status for p in await _pairings(stack))
    assert statuses == ["declined", "rejected"]


async def test_no_answer_gets_one_reminder_then_the_coordinator_is_told(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    await _match(stack)
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(lambda: len(twin.dms(BEN)) == 2)
    await twin.click(ANA, "pair_accept")
    await twin.wait_for(lambda: "as soon as @ben accepts" in twin.render(twin.dms(ANA)[-1]))

    clock.set(clock.now + timedelta(days=3, minutes=1))
    coordinator_before = len(twin.dms(COORD))
    assert await stack.bot.services[Pairings].chase_answers(ACME) == 1
    await twin.wait_for(lambda: "gentle reminder" in twin.render(twin.dms(BEN)[-1]))
    assert await stack.bot.services[Pairings].chase_answers(ACME) == 0  # reminded once
    assert not any("gentle reminder" in twin.render(m) for m in twin.dms(ANA))
    assert len(twin.dms(BEN)) == 3 and len(twin.dms(COORD)) == coordinator_before

    clock.set(clock.now + timedelta(days=4))
    assert await stack.bot.services[Pairings].chase_answers(ACME) == 1
    await twin.wait_for(lambda: "@ben hasn't answered" in twin.render(twin.dms(COORD)[-1]))
    assert await stack.bot.services[Pairings].chase_answers(ACME) == 0
    await stack.bot.dispatcher.drain()
    assert len(twin.dms(COORD)) == coordinator_before + 1


async def test_private_channel_setting_and_ending_a_pair(stack: Stack) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    # As a coordinator would in the settings
    async with stack.bot.db.transaction(all_tenants=True) as session:
        await session.execute(
            update(Program).values(pair_space="private_channel", require_acceptance=False)
        )
    await _match(stack)
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(lambda: bool(twin.calls("conversations.invite")))
    created = twin.calls("conversations.create")[-1]
    [pair] = await _pairings(stack)
    assert created.args["name"] == f"mentoring-{pair.id}-ana-ben"  # the pair's own name
    channel = str(created.response["channel"]["id"])
    await twin.wait_for(lambda: bool(twin.channel_messages(channel)))
    assert set(twin.channel_members(channel)) >= {ANA, BEN}

    before = len(twin.ephemerals(BEN))
    await twin.send_command(BEN, "pair")
    await twin.wait_for(lambda: len(twin.ephemerals(BEN)) > before)
    await twin.click(BEN, "pair_end")
    await twin.wait_for(lambda: twin.open_view(BEN) is not None)
    await twin.submit_view(BEN, {"reason": "I changed jobs and can't keep it up"})
    await twin.wait_for(
        lambda: "ended your mentoring relationship" in twin.render(twin.dms(ANA)[-1])
    )
    assert [p.status for p in await _pairings(stack)] == ["ended"]


async def _start_private_pair(stack: Stack, *, wait_for_intro: bool = True) -> Pairing:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, BEN, MENTEE_ANSWER)
    async with stack.bot.db.transaction(all_tenants=True) as session:
        await session.execute(
            update(Program).values(pair_space="private_channel", require_acceptance=False)
        )
    await _match(stack)
    await twin.click(COORD, "pair_approve_all")
    if wait_for_intro:
        await twin.wait_for(lambda: _intro_somewhere(twin))
    else:
        await twin.wait_for(lambda: bool(twin.calls("conversations.create")))
    [pair] = await _pairings(stack)
    return pair


def _intro_somewhere(twin: SlackTwin) -> bool:
    spaces = [c[0] for c in twin.group_dms()] + [c["id"] for c in twin.channels_named("mentoring")]
    return any(
        "Meet your mentoring partner" in twin.render(m)
        for space in spaces
        for m in twin.channel_messages(space)
    )


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("guest", "one of them is a guest account"),
        ("name_taken", "a channel with the pair's name already exists"),
        ("restricted", "this workspace lets only admins create channels"),
    ],
)
async def test_a_private_channel_that_cannot_be_made_falls_back_to_a_group_dm(
    stack: Stack, setup: str, words: str
) -> None:
    twin = stack.twin
    if setup == "guest":
        twin.add_user(BEN, "ben", guest=True)
    elif setup == "name_taken":  # someone else's channel, which the bot can't see
        twin.add_channel("C0THEIRS", "mentoring-1-ana-ben", members=[COORD], is_private=True)
    else:
        twin.restrict_channel_creation()
    pair = await _start_private_pair(stack)

    assert pair.status == "active"
    [(dm_id, members)] = twin.group_dms()
    assert pair.conversation_id == dm_id and members >= {ANA, BEN}
    intro = twin.render(twin.channel_messages(dm_id)[0])
    assert "Meet your mentoring partner" in intro
    note = twin.render(twin.dms(COORD)[-1])
    assert "couldn't make a private channel for @ana and @ben" in note and words in note
    # No orphan and no "-2": any channel made for the pair was archived, none was retried.
    ours = [c for c in twin.channels_named(f"mentoring-{pair.id}") if c["id"] != "C0THEIRS"]
    assert all(c["is_archived"] for c in ours) and len(ours) <= 1
    assert all(
        "-2" not in str(call.args.get("name")) for call in twin.calls("conversations.create")
    )


async def test_a_lost_answer_from_slack_never_makes_a_second_channel(stack: Stack) -> None:
    twin = stack.twin
    twin.fault_timeout_seconds = 0.1
    twin.inject_fault("conversations.create", "reset", after=True)
    twin.inject_fault("conversations.invite", "5xx", after=True)
    pair = await _start_private_pair(stack, wait_for_intro=False)
    for step in range(1, 4):  # the step is retried after its backoff
        if pair.status == "active":
            break
        await stack.bot.tick(stack.bot.now() + timedelta(minutes=5 * step))
        [pair] = await _pairings(stack)

    assert pair.status == "active"
    [channel] = twin.channels_named(f"mentoring-{pair.id}")
    assert pair.conversation_id == channel["id"] and not channel["is_archived"]
    assert twin.channel_members(channel["id"]) >= {ANA, BEN}
    assert len(twin.channel_messages(channel["id"])) == 1  # one introduction
    assert not twin.group_dms()


async def test_coordinator_lists_pairs_and_rematches_a_member(stack: Stack) -> None:
    twin = stack.twin
    await apply(stack, ANA, MENTOR_ANSWER)
    await apply(stack, CARA, {**MENTOR_ANSWER, "organization": "City of Erie"})
    await apply(stack, BEN, MENTEE_ANSWER)
    await _match(stack)
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(lambda: len(twin.dms(BEN)) == 2)
    [first] = await _pairings(stack)

    before = len(twin.ephemerals(COORD))
    await twin.send_command(COORD, "admin pairs")
    await twin.wait_for(lambda: len(twin.ephemerals(COORD)) > before)
    listed = twin.render(twin.ephemerals(COORD)[-1])
    assert f"@{'ana' if first.mentor_id == ANA else 'cara'} mentors @ben" in listed

    assert "Say who" in await reply_to(stack, COORD, "admin rematch")
    before = len(twin.dms(COORD))
    await twin.send_command(COORD, f"admin rematch <@{BEN}|ben>")
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before)
    preview = twin.render(twin.dms(COORD)[-1])
    other = CARA if first.mentor_id == ANA else ANA
    assert f"*@{'cara' if other == CARA else 'ana'}* mentors *@ben*" in preview
    statuses = {p.id: p.status for p in await _pairings(stack)}
    assert statuses[first.id] == "ended"

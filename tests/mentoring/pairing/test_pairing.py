"""Pairing use cases against a real database and a recording Messenger."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast

import pytest

from bot.mentoring.errors import MembershipError, NotCoordinator
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.pairing.use_cases import Pairings
from bot.mentoring.ports import DeliveryError, PairSpace, SpaceKind
from outbox.dispatcher import Dispatcher
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingMessenger
from tests.mentoring.membership.test_membership import answer

ACME = Tenant("slack", "T0ACME")
COORD = "U0COORD"


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone="America/Chicago"), clock)


class Delivering:
    """Pairings whose queued messages are delivered as each call returns, the way the running
    bot's dispatcher delivers them right after the use case commits."""

    def __init__(self, pairings: Pairings, dispatcher: Dispatcher) -> None:
        self._pairings = pairings
        self._dispatcher = dispatcher

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._pairings, name)
        if not inspect.iscoroutinefunction(attr):
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return await attr(*args, **kwargs)
            finally:
                await self._dispatcher.drain()

        return call


@pytest.fixture
def pairings(
    db: Database, membership: Membership, messenger: RecordingMessenger, clock: MovableClock
) -> Pairings:
    real = Pairings(db, membership, messenger, SqlOutbox(), clock)
    return cast(Pairings, Delivering(real, Dispatcher(db, messenger, now=clock, steps=real)))


MENTEE = {"role": "mentee", "capacity": None, "position_level": "early", "years_experience": "2"}


async def test_only_coordinators_match(pairings: Pairings) -> None:
    with pytest.raises(NotCoordinator):
        await pairings.propose(ACME, "U1")


async def test_propose_explains_and_lists_the_unmatched(
    pairings: Pairings, membership: Membership
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer(capacity="1"))
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    await membership.submit(ACME, "U0M2", answer(**MENTEE, organization="Town of Erie"))
    await membership.submit(ACME, "U0PAUSED", answer(**MENTEE))
    await membership.pause(ACME, "U0PAUSED", None)
    preview = await pairings.propose(ACME, COORD)
    assert len(preview.pairs) == 1 and preview.pairs[0].mentor == "U0MENTOR"
    assert preview.pairs[0].reasons and 0 < preview.pairs[0].score <= 1
    assert [u for u, _ in preview.unmatched] == [
        m for m in ("U0M1", "U0M2") if m != preview.pairs[0].mentee
    ]
    assert "U0PAUSED" not in {p.mentee for p in preview.pairs} | {u for u, _ in preview.unmatched}


async def test_a_new_run_replaces_undecided_proposals(
    pairings: Pairings, membership: Membership
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    first = await pairings.propose(ACME, COORD)
    second = await pairings.propose(ACME, COORD)
    assert len(second.pairs) == 1 and second.pairs[0].id != first.pairs[0].id
    with pytest.raises(MembershipError, match="replaced by a newer"):
        await pairings.decide(ACME, COORD, [first.pairs[0].id], run_id=first.run_id, approve=True)
    with pytest.raises(MembershipError, match="replaced by a newer"):
        await pairings.decide(ACME, COORD, None, run_id=first.run_id, approve=True)


async def test_acceptance_flow_and_double_clicks(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    preview = await pairings.propose(ACME, COORD)
    pair = preview.pairs[0]
    decided = await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    assert decided.pairs[0].status == "awaiting"
    again = await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    assert len(messenger.dms) == 2 and again.pairs[0].status == "awaiting"  # invited once

    assert "as soon as" in await pairings.answer(ACME, "U0MENTOR", pair.id, accept=True)
    assert "already answered" in await pairings.answer(ACME, "U0MENTOR", pair.id, accept=True)
    with pytest.raises(MembershipError, match="isn't yours"):
        await pairings.answer(ACME, "U0STRANGER", pair.id, accept=True)
    await pairings.answer(ACME, "U0M1", pair.id, accept=True)
    assert messenger.spaces == [(("U0MENTOR", "U0M1"), SpaceKind.GROUP_DM)]
    assert messenger.posts[0][1].header == "Meet your mentoring partner"
    [active] = await pairings.pairs_of(ACME, "U0M1")
    assert active.status == "active" and active.conversation_id == "G1"
    assert active.ends_on is not None


async def test_pairs_are_scoped_to_their_workspace(
    pairings: Pairings, membership: Membership
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    preview = await pairings.propose(ACME, COORD)
    other = Tenant("slack", "T0OTHER")
    with pytest.raises(MembershipError):
        await pairings.answer(other, "U0M1", preview.pairs[0].id, accept=True)
    with pytest.raises(MembershipError):
        await pairings.decide(other, COORD, None, run_id=preview.run_id, approve=True)


async def test_unreachable_member_does_not_block_the_other(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    messenger.unreachable.add("U0M1")
    preview = await pairings.propose(ACME, COORD)
    await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    assert [u for u, _ in messenger.dms] == ["U0MENTOR"]


async def test_rematch_ends_the_pair_and_proposes_again(
    pairings: Pairings, membership: Membership, clock: MovableClock
) -> None:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0MENTOR2", answer(organization="City of Erie"))
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    preview = await pairings.propose(ACME, COORD)
    first_mentor = preview.pairs[0].mentor
    await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    clock.set(clock.now + timedelta(days=1))
    ended, again = await pairings.rematch(ACME, COORD, "U0M1")
    assert ended == 1
    assert [p.mentor for p in again.pairs] == [
        m for m in ("U0MENTOR", "U0MENTOR2") if m != first_mentor
    ]
    with pytest.raises(MembershipError, match="hasn't applied"):
        await pairings.rematch(ACME, COORD, "U0NOBODY")


async def _accepted_by_mentor(pairings: Pairings, membership: Membership) -> int:
    await membership.submit(ACME, "U0MENTOR", answer())
    await membership.submit(ACME, "U0M1", answer(**MENTEE, organization="Town of Lyons"))
    preview = await pairings.propose(ACME, COORD)
    await pairings.decide(ACME, COORD, None, run_id=preview.run_id, approve=True)
    pair_id = preview.pairs[0].id
    await pairings.answer(ACME, "U0MENTOR", pair_id, accept=True)
    return pair_id


async def test_a_space_that_fails_to_open_is_starting_until_a_retry_opens_it(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger, clock: MovableClock
) -> None:
    pair_id = await _accepted_by_mentor(pairings, membership)

    async def time_out(*_: object) -> PairSpace:
        raise DeliveryError("timeout", permanent=False, unknown=True)

    working = messenger.open_pair_space
    messenger.open_pair_space = time_out  # type: ignore[method-assign]
    reply = await pairings.answer(ACME, "U0M1", pair_id, accept=True)
    assert "setting up your shared conversation" in reply
    [pair] = await pairings.pairs_of(ACME, "U0M1")
    assert pair.status == "starting" and pair.conversation_id is None  # never active without it
    _, listed = await pairings.open_pairs(ACME, COORD)
    assert [p.status for p in listed] == ["starting"]
    assert messenger.posts == []

    messenger.open_pair_space = working  # type: ignore[method-assign]
    clock.set(clock.now + timedelta(minutes=2))  # past the step's backoff
    await pairings.pairs_of(ACME, "U0M1")  # any call: the dispatcher drains after it
    [pair] = await pairings.pairs_of(ACME, "U0M1")
    assert pair.status == "active" and pair.conversation_id == "G1"
    assert [c for c, _ in messenger.posts] == ["G1"]  # one introduction, in the space


async def test_a_space_that_cannot_be_opened_is_explained_to_the_coordinator(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger
) -> None:
    pair_id = await _accepted_by_mentor(pairings, membership)

    async def refuse(*_: object) -> PairSpace:
        raise DeliveryError("user_disabled", permanent=True)

    messenger.open_pair_space = refuse  # type: ignore[method-assign]
    await pairings.answer(ACME, "U0M1", pair_id, accept=True)
    [note] = messenger.to(COORD)[-1:]
    assert "couldn't open a conversation for <@U0MENTOR> and <@U0M1>" in note
    assert "one of them has been deactivated" in note
    _, [listed] = await pairings.open_pairs(ACME, COORD)
    assert listed.status == "starting"
    assert listed.flags == ("Conversation not opened: one of them has been deactivated",)
    assert messenger.posts == []


async def test_a_private_channel_fallback_tells_the_coordinator_in_words(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger
) -> None:
    pair_id = await _accepted_by_mentor(pairings, membership)

    async def guest(tenant: Tenant, members: Sequence[str], *_: object) -> PairSpace:
        return PairSpace("G9", SpaceKind.GROUP_DM, fallback="user_is_restricted")

    messenger.open_pair_space = guest  # type: ignore[method-assign]
    await pairings.answer(ACME, "U0M1", pair_id, accept=True)
    assert "one of them is a guest account" in messenger.to(COORD)[-1]
    assert "group DM" in messenger.to(COORD)[-1]
    [pair] = await pairings.pairs_of(ACME, "U0M1")
    assert pair.status == "active" and pair.conversation_id == "G9"
    assert [c for c, _ in messenger.posts] == ["G9"]


async def test_match_reminders_run_at_the_planners_now_not_the_wall_clock(
    pairings: Pairings, membership: Membership, messenger: RecordingMessenger, clock: MovableClock
) -> None:
    await _accepted_by_mentor(pairings, membership)
    assert (await pairings.plan(ACME, clock.now + timedelta(days=1))).enqueued == 0
    report = await pairings.plan(ACME, clock.now + timedelta(days=4))  # `tick --now`
    assert report.enqueued == 1
    await pairings.pairs_of(ACME, "U0M1")  # lets the dispatcher drain
    assert any("gentle reminder" in text for text in messenger.to("U0M1"))

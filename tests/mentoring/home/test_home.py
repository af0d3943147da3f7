"""The Home tab is one read model, read in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import event

from bot.mentoring.home import Home
from bot.mentoring.membership.use_cases import Membership
from bot.mentoring.models import Tenant
from storage.database import Database
from tests.conftest import MovableClock
from tests.mentoring.checkins.test_checkins import ACME, COORD, MENTEE, MENTOR, make_pair
from tests.mentoring.membership.test_membership import answer

STARTED = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)


@contextmanager
def transactions(db: Database) -> Iterator[list[object]]:
    """Every transaction the engine begins (the connection-level BEGIN), while inside."""
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(db.engine.sync_engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(db.engine.sync_engine, "begin", count)


async def test_a_coordinators_home_is_read_in_one_transaction(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, STARTED)
    with transactions(db) as begun:
        view = await home.home(ACME, COORD)
    assert len(begun) == 1
    # ...and it holds every part of the coordinator's tab.
    assert view.state.is_coordinator and view.state.summary is not None
    assert view.state.undelivered is not None
    assert [(p.mentor, p.mentee) for p in view.program_pairs or []] == [(MENTOR, MENTEE)]
    assert view.state.member is None and view.pairs == [] and view.hours_line is None


async def test_a_members_home_is_read_in_one_transaction(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, STARTED)
    with transactions(db) as begun:
        view = await home.home(ACME, MENTEE)
    assert len(begun) == 1
    assert view.state.member is not None and view.state.member.user_id == MENTEE
    assert [(p.mentor, p.mentee) for p in view.pairs] == [(MENTOR, MENTEE)]
    assert view.goals.can_own and view.hours_line is not None
    assert view.program_pairs is None and not view.state.is_coordinator


OTHER_WS = Tenant("slack", "T0GLOBEX")


async def test_two_workspaces_with_the_same_people_never_see_each_others_rows(
    home: Home, db: Database, membership: Membership, clock: MovableClock
) -> None:
    """The same user ids in two workspaces: only ACME has a pair (and so goals and a flagged
    pair). Every read the Home tab makes for the other workspace must come back empty."""
    await make_pair(db, membership, clock, STARTED)
    await home._goals.add(ACME, MENTEE, MENTEE, _goal(), "view:V1")
    await membership.submit(OTHER_WS, MENTOR, answer())
    await membership.submit(OTHER_WS, MENTEE, answer(role="mentee", capacity=None))
    for user in (COORD, MENTOR, MENTEE):
        theirs, ours = await home.home(ACME, user), await home.home(OTHER_WS, user)
        assert ours.pairs == [] and not ours.goals.own and not ours.goals.mentees
        assert ours.program_pairs in (None, [])
        assert theirs.state.program.id != ours.state.program.id
    acme_coord = await home.home(ACME, COORD)
    assert acme_coord.program_pairs and (await home.home(ACME, MENTEE)).goals.own
    _, acme_summary = await membership.applicants(ACME, COORD)
    _, other_summary = await membership.applicants(OTHER_WS, COORD)
    assert acme_summary.total == other_summary.total == 2


def _goal() -> dict[str, object]:
    return {"what": "Present a budget", "why": "Trust", "target": "2027-06-30", "measure": "Done"}

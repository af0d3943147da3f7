"""Goals: who may record and change them, validation, idempotency, seeding and the check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.mentoring.checkins.use_cases import CheckIns
from bot.mentoring.checkins.views import checkin_message
from bot.mentoring.goals import use_cases as gl
from bot.mentoring.goals.use_cases import GoalError, Goals, start_goals
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import CheckIn, Goal, Member, Pairing
from tests.conftest import MovableClock
from tests.mentoring.checkins.test_checkins import (
    ACME,
    COORD,
    MENTEE,
    MENTOR,
    OTHER,
    STRANGER,
    make_pair,
)
from tests.mentoring.membership.test_membership import answer

STARTED = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)  # a Monday, 9:00 in Chicago


def goal_values(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "what": "Present my first budget to council",
        "why": "The council needs to trust the finance office",
        "target": "2027-06-30",
        "measure": "The budget is adopted with at most two amendments",
    }
    values.update(overrides)
    return values


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone="America/Chicago"), clock)


@pytest.fixture
def goals(db: Database, membership: Membership, clock: MovableClock) -> Goals:
    return Goals(db, membership, clock)


@pytest.fixture
async def pair_id(db: Database, membership: Membership, clock: MovableClock) -> int:
    return await make_pair(db, membership, clock, STARTED)


async def stored(db: Database) -> list[Goal]:
    async with db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(Goal).order_by(Goal.id)))


async def test_a_mentee_adds_a_goal_that_belongs_to_their_pair(
    goals: Goals, db: Database, pair_id: int
) -> None:
    saved, errors = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "view:V1")
    assert errors == {} and saved is not None and saved.created
    assert saved.goal.status == "not_started" and saved.goal.target_on == date(2027, 6, 30)
    [row] = await stored(db)
    assert (row.owner_id, row.created_by, row.pairing_id) == (MENTEE, MENTEE, pair_id)

    mine = await goals.board(ACME, MENTEE)
    assert mine.can_own and [g.what for g in mine.own] == ["Present my first budget to council"]
    theirs = await goals.board(ACME, MENTOR)
    assert not theirs.can_own  # Mentor applied as a mentor
    assert [(m.owner, [g.id for g in m.goals]) for m in theirs.mentees] == [(MENTEE, [row.id])]


async def test_a_double_submit_records_one_goal(goals: Goals, db: Database, pair_id: int) -> None:
    first, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "view:V1")
    again, errors = await goals.add(ACME, MENTEE, MENTEE, goal_values(what="Other"), "view:V1")
    assert errors == {} and first is not None and again is not None
    assert first.created and not again.created and again.goal.id == first.goal.id
    assert [g.what for g in await stored(db)] == ["Present my first budget to council"]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("target", "2027-01-03", "Sun, Jan 3, 2027 has already passed"),
        ("target", "next spring", "Please pick a date"),
        ("target", "2035-01-01", "Pick a date before"),
        ("what", "x" * 151, "Please keep this to 150 characters"),
        ("measure", "", "This is required."),
    ],
)
async def test_bad_answers_are_named_and_nothing_is_stored(
    goals: Goals, db: Database, pair_id: int, field: str, value: str, error: str
) -> None:
    saved, errors = await goals.add(ACME, MENTEE, MENTEE, goal_values(**{field: value}), "view:V1")
    assert saved is None and error in errors[field]
    assert await stored(db) == []


async def test_today_is_a_valid_target_in_the_programs_time_zone(
    goals: Goals, pair_id: int, clock: MovableClock
) -> None:
    # 02:00 UTC on Jan 5 is still Jan 4 in Chicago: "today" is the program's.
    clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    saved, errors = await goals.add(ACME, MENTEE, MENTEE, goal_values(target="2027-01-04"), "k")
    assert errors == {} and saved is not None


async def test_the_pairs_mentor_may_add_and_update_others_are_refused(
    goals: Goals,
    db: Database,
    pair_id: int,
    membership: Membership,
) -> None:
    saved, _ = await goals.add(ACME, MENTOR, MENTEE, goal_values(), "view:V1")
    assert saved is not None
    [row] = await stored(db)
    assert (row.owner_id, row.created_by, row.pairing_id) == (MENTEE, MENTOR, pair_id)
    updated, errors = await goals.update(
        ACME, MENTOR, row.id, goal_values(status="in_progress", note="Draft done")
    )
    assert errors == {} and updated is not None and updated.note == "Draft done"

    await membership.submit(ACME, STRANGER, answer(role="mentor"))
    with pytest.raises(GoalError, match="Only <@U0MENTEE> and their current mentor"):
        await goals.update(ACME, STRANGER, row.id, goal_values(status="achieved"))
    with pytest.raises(GoalError, match="isn't your mentee"):
        await goals.add(ACME, STRANGER, MENTEE, goal_values(), "view:V2")
    with pytest.raises(GoalError, match="Goals belong to mentees"):
        await goals.add(ACME, STRANGER, STRANGER, goal_values(), "view:V3")
    # Another workspace never sees this goal, even with its id.
    with pytest.raises(GoalError, match="couldn't find that goal"):
        await goals.update(OTHER, MENTEE, row.id, goal_values(status="achieved"))


async def test_once_the_pair_ends_the_mentor_can_no_longer_change_the_goals(
    goals: Goals, db: Database, pair_id: int
) -> None:
    saved, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "view:V1")
    assert saved is not None
    async with db.transaction(all_tenants=True) as session:
        pair = await session.get(Pairing, pair_id)
        assert pair is not None
        pair.status = "ended"
    with pytest.raises(GoalError, match="their current mentor"):
        await goals.set_status(ACME, MENTOR, saved.goal.id, "achieved")
    view, changed = await goals.set_status(ACME, MENTEE, saved.goal.id, "achieved")
    assert changed and view.status == "achieved"


async def test_updates_keep_a_short_history_and_an_overdue_date_may_stay(
    goals: Goals, db: Database, pair_id: int, clock: MovableClock
) -> None:
    saved, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(target="2027-02-01"), "k")
    assert saved is not None
    clock.set(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))  # the target has passed
    kept, errors = await goals.update(
        ACME, MENTEE, saved.goal.id,
        goal_values(target="2027-02-01", status="in_progress", note="Half way"),
    )  # fmt: skip
    assert errors == {} and kept is not None and kept.target_on == date(2027, 2, 1)
    _, errors = await goals.update(
        ACME, MENTEE, saved.goal.id, goal_values(target="2027-02-15", status="in_progress")
    )
    assert "has already passed" in errors["target"]
    for n in range(12):
        await goals.update(
            ACME, MENTEE, saved.goal.id,
            goal_values(target="2027-02-01", status="in_progress", note=f"step {n}"),
        )  # fmt: skip
    [row] = await stored(db)
    assert len(row.history) == gl.HISTORY and row.history[-1]["note"] == "step 11"
    assert row.history[-1]["by"] == MENTEE and row.note == "step 11"


async def test_one_tap_records_once_and_never_undoes_achieved(goals: Goals, pair_id: int) -> None:
    saved, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "k")
    assert saved is not None
    goal_id = saved.goal.id
    assert (await goals.set_status(ACME, MENTEE, goal_id, "in_progress"))[1]
    assert not (await goals.set_status(ACME, MENTEE, goal_id, "in_progress"))[1]
    assert (await goals.set_status(ACME, MENTEE, goal_id, "achieved"))[1]
    view, changed = await goals.set_status(ACME, MENTEE, goal_id, "in_progress")  # a late tap
    assert not changed and view.status == "achieved"
    with pytest.raises(GoalError, match="isn't one I know"):
        await goals.set_status(ACME, MENTEE, goal_id, "dropped")


async def test_a_starting_pair_gets_the_application_goals_once(
    db: Database,
    membership: Membership,
    clock: MovableClock,
) -> None:
    pair_id = await make_pair(db, membership, clock, STARTED)
    for _ in range(2):  # a retried activation seeds nothing twice
        async with db.transaction(all_tenants=True) as session:
            program = await membership.load_program(session, ACME)
            pair = await session.get(Pairing, pair_id)
            mentee = await session.scalar(select(Member).where(Member.user_id == MENTEE))
            assert pair is not None
            seeded = await start_goals(session, program, pair, mentee, clock())
    assert [(g.what, g.seeded) for g in seeded] == [
        ("Help a newer clerk prepare for an election cycle", True)
    ]
    assert len(await stored(db)) == 1


async def test_open_goals_move_to_the_new_pair_and_nothing_is_seeded(
    goals: Goals,
    db: Database,
    membership: Membership,
    clock: MovableClock,
) -> None:
    clock.set(STARTED)
    await membership.submit(ACME, MENTEE, answer(role="mentee", capacity=None))
    saved, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "k")  # no pair yet
    assert saved is not None and saved.goal.pairing_id is None
    pair_id = await make_pair(db, membership, clock, STARTED)
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, ACME)
        pair = await session.get(Pairing, pair_id)
        assert pair is not None
        started = await start_goals(session, program, pair, None, clock())
    assert [g.id for g in started] == [saved.goal.id]
    assert [g.pairing_id for g in await stored(db)] == [pair_id]


async def test_a_mentees_checkin_offers_one_tap_progress_the_mentors_does_not(
    goals: Goals, db: Database, membership: Membership, clock: MovableClock,
    pair_id: int,
) -> None:  # fmt: skip
    first, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(), "k1")
    second, _ = await goals.add(ACME, MENTEE, MENTEE, goal_values(what="Lead a meeting"), "k2")
    assert first is not None and second is not None
    await goals.set_status(ACME, MENTEE, second.goal.id, "in_progress")
    ids = {}
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, ACME)
        for user in (MENTOR, MENTEE):
            row = CheckIn(
                platform="slack", workspace_id=ACME.workspace_id, pairing_id=pair_id,
                program_id=program.id, user_id=user, kind="checkin", period=1,
                due_at=clock() + timedelta(days=30),
            )  # fmt: skip
            session.add(row)
            await session.flush()
            ids[user] = row.id
    checkins = CheckIns(db, membership, SqlOutbox(), clock)
    mentee_view = await checkins.view(ACME, MENTEE, ids[MENTEE])
    assert [g.what for g in mentee_view.goals] == [
        "Present my first budget to council", "Lead a meeting",
    ]  # fmt: skip
    message = checkin_message(mentee_view)
    buttons = [(b.action, b.value) for part in message.parts for b in part.buttons]
    checkin = ids[MENTEE]
    assert buttons == [
        ("goal_tap_in_progress", f"{checkin}:{first.goal.id}"),
        ("goal_tap_achieved", f"{checkin}:{first.goal.id}"),
        ("goal_tap_achieved", f"{checkin}:{second.goal.id}"),  # already in progress
    ]
    assert (await checkins.view(ACME, MENTOR, ids[MENTOR])).goals == ()
    assert checkin_message(await checkins.view(ACME, MENTOR, ids[MENTOR])).parts == ()


async def test_tenants_do_not_mix(goals: Goals, pair_id: int) -> None:
    await goals.add(ACME, MENTEE, MENTEE, goal_values(), "k")
    board = await goals.board(Tenant("slack", "T0OTHER"), MENTEE)
    assert board.own == () and board.mentees == ()

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError, NotCoordinator
from bot.mentoring.membership.use_cases import Bootstrap, Membership, Submitted
from bot.mentoring.models import MemberStatus, Role, Tenant, Track
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import Delivery
from tests.conftest import MovableClock

ACME = Tenant("slack", "T0ACME")
OTHER = Tenant("slack", "T0OTHER")
COORD = "U0COORD"


def answer(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "role": "mentor",
        "track": "traditional",
        "organization": "City of Springfield",
        "position_level": "senior",
        "years_experience": "15",
        "topics": ["Budgeting and finance", "Public safety"],
        "goal_1": "Help a newer clerk prepare for an election cycle",
        "timezone": "America/Chicago",
        "meeting_format": "video",
        "meeting_frequency": "monthly",
        "capacity": "2",
        "term_ack": ["agree"],
        "consent_share": ["share"],
    }
    values.update(overrides)
    return values


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone="America/Chicago"), clock)


async def test_default_program_created_once_per_workspace(membership: Membership) -> None:
    first = await membership.program(ACME)
    again = await membership.program(ACME)
    other = await membership.program(OTHER)
    assert first.id == again.id != other.id
    assert first.term_months == 18 and first.coordinators == (COORD,)
    assert "Budgeting and finance" in first.topics
    assert first.tracks == (Track.TRADITIONAL, Track.REVERSE, Track.CAREER)


async def test_submit_then_edit_keeps_one_application(membership: Membership) -> None:
    result = await membership.submit(ACME, "U1", answer())
    assert isinstance(result, Submitted) and result.is_new
    edited = await membership.submit(ACME, "U1", answer(capacity="4", goal_2="Mentor twice"))
    assert isinstance(edited, Submitted) and not edited.is_new
    _, member = await membership.member(ACME, "U1")
    assert member.application is not None
    assert member.application.capacity == 4
    assert member.application.goals == (
        "Help a newer clerk prepare for an election cycle",
        "Mentor twice",
    )
    form = await membership.intake(ACME, "U1", profile_timezone="America/New_York")
    assert form.initial["capacity"] == "4" and form.initial["timezone"] == "America/Chicago"
    assert form.title == "Edit your application"


async def test_invalid_answer_returns_specific_errors_and_stores_nothing(
    membership: Membership,
) -> None:
    errors = await membership.submit(
        ACME,
        "U1",
        answer(
            capacity=None,
            goal_1="x" * 201,
            years_experience="ten",
            term_ack=[],
            do_not_pair=["U1"],
        ),
    )
    assert errors == {
        "capacity": "As a mentor, tell us how many mentees you can take (1 to 5).",
        "goal_1": "Please keep this to 200 characters (it has 201).",
        "years_experience": "Please enter a whole number (you typed 'ten').",
        "term_ack": "Please confirm you can commit to the program term.",
        "do_not_pair": "You can't list yourself here.",
    }
    with pytest.raises(MembershipError, match="haven't applied"):
        await membership.member(ACME, "U1")


async def test_mentee_capacity_is_ignored_and_capacity_range_enforced(
    membership: Membership,
) -> None:
    assert await membership.submit(ACME, "U1", answer(capacity="9")) == {
        "capacity": "Please enter 5 or less."
    }
    result = await membership.submit(ACME, "U2", answer(role="mentee", capacity="3"))
    assert isinstance(result, Submitted)
    assert result.member.application and result.member.application.capacity is None


async def test_workspaces_never_see_each_other(membership: Membership) -> None:
    await membership.submit(ACME, "U1", answer())
    with pytest.raises(MembershipError):
        await membership.member(OTHER, "U1")
    _, summary = await membership.applicants(ACME, COORD)
    assert summary.total == 1
    with pytest.raises(NotCoordinator):  # the coordinator list is per workspace too
        await membership.applicants(Tenant("slack", "T0ELSE"), "U0NOBODY")


async def test_pause_until_date_ends_by_itself(membership: Membership, clock: MovableClock) -> None:
    await membership.submit(ACME, "U1", answer())
    reply = await membership.pause(ACME, "U1", "2027-01-15")
    assert reply == text.PAUSED.format(until=" until 2027-01-15")
    _, member = await membership.member(ACME, "U1")
    assert member.status is MemberStatus.PAUSED
    clock.set(datetime(2027, 1, 15, 6, 30, tzinfo=UTC))  # Jan 15, 00:30 in Chicago
    _, member = await membership.member(ACME, "U1")
    assert member.status is MemberStatus.APPLIED and member.paused_until is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("2027-02-30", "couldn't read '2027-02-30'"),
        ("tomorrow", "couldn't read 'tomorrow'"),
        ("2026-11-20", "already passed"),
        ("2028-12-01", "up to a year"),
    ],
)
async def test_pause_rejects_bad_dates(membership: Membership, given: str, message: str) -> None:
    await membership.submit(ACME, "U1", answer())
    with pytest.raises(MembershipError, match=message):
        await membership.pause(ACME, "U1", given)
    _, member = await membership.member(ACME, "U1")
    assert member.status is MemberStatus.APPLIED


async def test_resume_and_leave(membership: Membership) -> None:
    await membership.submit(ACME, "U1", answer())
    with pytest.raises(MembershipError, match="not paused"):
        await membership.resume(ACME, "U1")
    await membership.pause(ACME, "U1", None)
    assert await membership.resume(ACME, "U1") == text.RESUMED
    await membership.leave(ACME, "U1")
    await membership.leave(ACME, "U1")  # a double click leaves once
    _, member = await membership.member(ACME, "U1")
    assert member.status is MemberStatus.LEFT
    with pytest.raises(MembershipError, match="already left"):
        await membership.check_can_leave(ACME, "U1")
    rejoined = await membership.submit(ACME, "U1", answer())
    assert isinstance(rejoined, Submitted) and rejoined.is_new
    assert rejoined.member.status is MemberStatus.APPLIED


async def test_applicant_summary_by_role_and_track(membership: Membership) -> None:
    await membership.submit(ACME, "U1", answer())
    await membership.submit(ACME, "U2", answer(role="mentee", track="career"))
    await membership.submit(ACME, "U3", answer(role="mentee", track="career"))
    await membership.submit(ACME, "U4", answer(role="both"))
    await membership.pause(ACME, "U4", None)
    with pytest.raises(NotCoordinator, match="coordinators only"):
        await membership.applicants(ACME, "U1")
    _, summary = await membership.applicants(ACME, COORD)
    assert summary.total == 3 and summary.paused == 1
    assert summary.by_role == {Role.MENTOR: 1, Role.MENTEE: 2}
    assert summary.by_role_and_track[Role.MENTEE, Track.CAREER] == 2


async def test_events_are_claimed_once(membership: Membership) -> None:
    assert await membership.claim_event(ACME, "Ev1")
    assert not await membership.claim_event(ACME, "Ev1")
    assert await membership.claim_event(OTHER, "Ev1")


async def test_welcome_only_in_community_channel_once_and_not_for_members(
    db: Database, clock: MovableClock
) -> None:
    bootstrap = Bootstrap(coordinators=(COORD,), community_channel="C0COMM")
    membership = Membership(db, bootstrap, clock, SqlOutbox())
    assert not await membership.welcome(ACME, "U1", "C0RANDOM")
    assert await membership.welcome(ACME, "U1", "C0COMM")
    assert not await membership.welcome(ACME, "U1", "C0COMM")
    await membership.submit(ACME, "U2", answer())
    assert not await membership.welcome(ACME, "U2", "C0COMM")
    async with db.transaction(all_tenants=True) as session:
        queued = await session.scalars(select(Delivery))
        [welcome] = queued.all()
    # The DM is queued, not sent: the dispatcher delivers it, and retries a failed send.
    assert (welcome.kind, welcome.target) == ("dm", "U1") and welcome.key.startswith("welcome:")
    assert "Welcome to the community" in welcome.payload["text"]
    assert welcome.payload["buttons"][0]["action"] == "open_intake"


async def test_settings_are_coordinator_only_and_validated(membership: Membership) -> None:
    with pytest.raises(NotCoordinator):
        await membership.settings(ACME, "U1")
    form = await membership.settings(ACME, COORD)
    values = dict(form.initial)
    errors = await membership.save_settings(
        ACME, COORD, {**values, "timezone": "Mars/Olympus", "topics": "a\n" + "b" * 80}
    )
    assert set(errors) == {"timezone", "topics"}
    values.update(name="Clerks Mentoring 2027", term_months="12", community_channel="C0COMM")
    assert await membership.save_settings(ACME, COORD, values) == {}
    program = await membership.program(ACME)
    assert (program.name, program.term_months, program.community_channel) == (
        "Clerks Mentoring 2027",
        12,
        "C0COMM",
    )


async def test_a_profile_time_zone_outside_the_common_list_is_accepted(
    membership: Membership,
) -> None:
    form = await membership.intake(ACME, "U1", profile_timezone="Asia/Kathmandu")
    assert form.initial["timezone"] == "Asia/Kathmandu"
    result = await membership.submit(ACME, "U1", answer(timezone="Asia/Kathmandu"))
    assert isinstance(result, Submitted)
    assert result.member.application and result.member.application.timezone == "Asia/Kathmandu"
    assert set(await membership.submit(ACME, "U2", answer(timezone="Mars/Base"))) == {"timezone"}

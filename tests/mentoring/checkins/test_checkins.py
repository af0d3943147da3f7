"""Check-ins, the contact rule and term steps, against a real database and the SQL outbox.

The clock moves; nothing sleeps. What the planner decided to send is read back from the
outbox's `deliveries` rows (key, target, due time), which is what the dispatcher sends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.mentoring.checkins import use_cases as ck
from bot.mentoring.checkins.term import checkin_date, midpoint, send_instant
from bot.mentoring.checkins.use_cases import Answer, CheckInError, CheckIns, parse_hours
from bot.mentoring.clock import add_months
from bot.mentoring.errors import NotCoordinator
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from outbox.message_json import from_json
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import CheckIn, Delivery, Pairing
from tests.conftest import MovableClock
from tests.mentoring.membership.test_membership import answer

ACME = Tenant("slack", "T0ACME")
OTHER = Tenant("slack", "T0OTHER")
COORD, MENTOR, MENTEE, STRANGER = "U0COORD", "U0MENTOR", "U0MENTEE", "U0STRANGER"
DENVER, NEW_YORK, CHICAGO = "America/Denver", "America/New_York", "America/Chicago"


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock)


@pytest.fixture
def checkins(db: Database, membership: Membership, clock: MovableClock) -> CheckIns:
    return CheckIns(db, membership, SqlOutbox(), clock)


async def make_pair(
    db: Database, membership: Membership, clock: MovableClock, started: datetime, *,
    cadence: str = "monthly", term_months: int = 18, mentor_tz: str = DENVER,
    mentee_tz: str = NEW_YORK, contact_days: int = 90,
) -> int:  # fmt: skip
    clock.set(started)
    await membership.submit(ACME, MENTOR, answer(timezone=mentor_tz))
    mentee = answer(
        role="mentee", capacity=None, position_level="early", years_experience="2",
        timezone=mentee_tz,
    )  # fmt: skip
    await membership.submit(ACME, MENTEE, mentee)
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, ACME)
        program.checkin_cadence, program.term_months = cadence, term_months
        program.contact_days = contact_days
        start = started.astimezone(ZoneInfo(CHICAGO)).date()
        pair = Pairing(
            platform=ACME.platform, workspace_id=ACME.workspace_id, program_id=program.id,
            mentor_id=MENTOR, mentee_id=MENTEE, status="active", started_at=started,
            proposed_at=started, ends_on=add_months(start, term_months),
        )  # fmt: skip
        session.add(pair)
        await session.flush()
        return pair.id


async def deliveries(db: Database) -> list[Delivery]:
    async with db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def rows(db: Database) -> list[CheckIn]:
    async with db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(CheckIn).order_by(CheckIn.id)))


async def pairing(db: Database, pair_id: int) -> Pairing:
    async with db.transaction(all_tenants=True) as session:
        pair = await session.get(Pairing, pair_id)
        assert pair is not None
        return pair


def kinds(items: list[Delivery], user: str) -> list[tuple[str, date]]:
    """(kind of message, local date it is due) for one recipient, in order."""
    out = []
    for d in items:
        if d.target != user:
            continue
        parts = d.key.split(":")
        if parts[0] == "checkin":
            kind = "reminder" if parts[-1] == "reminder" else "checkin"
            if kind == "checkin" and "Mid-point" in str(d.payload):
                kind = "midpoint"
        else:
            kind = parts[2] if parts[0] == "term" else parts[0]
        zone = {MENTOR: DENVER, MENTEE: NEW_YORK}.get(user, CHICAGO)
        out.append((kind, d.due_at.astimezone(ZoneInfo(zone)).date()))
    return out


async def checkin_of(db: Database, user: str, period: int, kind: str = "checkin") -> CheckIn:
    for row in await rows(db):
        if row.user_id == user and row.period == period and row.kind == kind:
            return row
    raise AssertionError(f"no {kind} {period} for {user}")


async def walk(checkins: CheckIns, clock: MovableClock, first: date, last: date, hook=None) -> None:  # type: ignore[no-untyped-def]
    """Plan once a day at 18:00 UTC (after 10:00 in Denver, Chicago and New York)."""
    day = first
    while day <= last:
        clock.set(datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=18))
        await checkins.plan(ACME, clock.now)
        if hook is not None:
            await hook(day)
        day += timedelta(days=1)


# -- dates ----------------------------------------------------------------------------------


def test_cadence_dates_weekly_to_quarterly_and_month_ends() -> None:
    start = date(2027, 1, 17)  # first check-in two weeks later: Jan 31
    assert [checkin_date(start, "weekly", n) for n in (1, 2, 3)] == [
        date(2027, 1, 31), date(2027, 2, 7), date(2027, 2, 14),
    ]  # fmt: skip
    assert [checkin_date(start, "biweekly", n) for n in (1, 2)] == [
        date(2027, 1, 31), date(2027, 2, 14),
    ]  # fmt: skip
    # Counted from the first check-in, so a short month does not shorten the rest.
    assert [checkin_date(start, "monthly", n) for n in (1, 2, 3, 14)] == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2028, 2, 29),
    ]  # fmt: skip
    assert [checkin_date(start, "quarterly", n) for n in (1, 2, 3)] == [
        date(2027, 1, 31), date(2027, 4, 30), date(2027, 7, 31),
    ]  # fmt: skip
    assert midpoint(date(2027, 1, 4), date(2028, 7, 4)) == date(2027, 10, 4)


def test_hours_are_validated_as_people_type_them() -> None:
    assert parse_hours("1.5", 12) == (1.5, None)
    assert parse_hours("1,25", 12) == (1.25, None)
    assert parse_hours("1:45", 12) == (1.75, None)
    assert parse_hours("0", 12) == (0.0, None)
    assert parse_hours("1.3", 12)[1] == "Please round to a quarter hour (e.g. 1.25 or 1.5)."
    assert parse_hours("13", 12)[1] == "Please enter between 0 and 12 hours."
    assert "you typed 'lots'" in (parse_hours("lots", 12)[1] or "")
    # The same syntax as `/mentor log` and the hours form (one parser for all three).
    assert parse_hours("90m", 12) == (1.5, None)
    assert parse_hours("1h30m", 12) == (1.5, None)
    assert parse_hours("2 hours", 12) == (2.0, None)
    assert "you typed" in (parse_hours("1.5h and more", 12)[1] or "")
    assert "you typed" in (parse_hours("9" * 5000, 12)[1] or "")


async def test_first_checkin_two_weeks_after_start_at_ten_in_each_members_zone(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    # Jan 18, 16:30 UTC: 11:30 in New York (due), 09:30 in Denver (not yet).
    clock.set(datetime(2027, 1, 18, 16, 30, tzinfo=UTC))
    report = await checkins.plan(ACME, clock.now)
    assert report.enqueued == 1
    (sent,) = await deliveries(db)
    assert sent.target == MENTEE and sent.due_at == send_instant(date(2027, 1, 18), NEW_YORK)
    message = from_json(sent.payload)
    assert message.text == f"How's it going with <@{MENTOR}>?"
    assert [b.label for b in message.buttons] == ["Great", "OK", "Struggling"]
    clock.set(datetime(2027, 1, 18, 17, 1, tzinfo=UTC))  # 10:01 in Denver
    await checkins.plan(ACME, clock.now)
    mentor_dm = (await deliveries(db))[-1]
    assert mentor_dm.target == MENTOR
    assert mentor_dm.due_at == datetime(2027, 1, 18, 17, tzinfo=UTC)  # 10:00 MST
    assert (await checkins.plan(ACME, clock.now)).enqueued == 0  # idempotent


async def test_double_answer_records_once_and_struggling_alerts_the_coordinator(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    clock.set(datetime(2027, 1, 18, 18, tzinfo=UTC))
    await checkins.plan(ACME, clock.now)
    row = await checkin_of(db, MENTEE, 1)
    first = await checkins.record_mood(ACME, MENTEE, row.id, "struggling")
    again = await checkins.record_mood(ACME, MENTEE, row.id, "great")
    assert first.recorded and not again.recorded and again.view.mood == "struggling"
    assert (await checkin_of(db, MENTEE, 1)).mood == "struggling"
    alerts = [d for d in await deliveries(db) if d.key.startswith("alert:")]
    assert [a.target for a in alerts] == [COORD]
    text = str(alerts[0].payload)
    assert "Struggling" in text and f"<@{MENTOR}> mentors <@{MENTEE}>" in text

    # Details: invalid hours keep the form; a note and a help request reach the coordinator.
    done, errors = await checkins.record_details(
        ACME, MENTEE, row.id, {"met": "no", "hours": "2.1"}
    )
    assert done is None and "quarter hour" in errors["hours"]
    values = {"met": "yes", "hours": "1.5", "note": "We keep rescheduling", "help": ["yes"]}
    done, errors = await checkins.record_details(ACME, MENTEE, row.id, values)
    assert errors == {} and isinstance(done, Answer) and done.recorded
    twice, _ = await checkins.record_details(ACME, MENTEE, row.id, values)
    assert twice is not None and not twice.recorded
    alerts = [d for d in await deliveries(db) if d.key.startswith("alert:")]
    assert len(alerts) == 2 and "We keep rescheduling" in str(alerts[1].payload)
    assert "get in touch" in str(alerts[1].payload)
    # The note goes to coordinators only: nothing addressed to the mentor carries it.
    assert not any(
        "rescheduling" in str(d.payload) for d in await deliveries(db) if d.target == MENTOR
    )
    pair = await pairing(db, row.pairing_id)
    assert pair.last_met_on == date(2027, 1, 18) and pair.mentee_mood == "struggling"


async def test_only_the_owner_answers_and_other_workspaces_are_refused(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    clock.set(datetime(2027, 1, 18, 18, tzinfo=UTC))
    await checkins.plan(ACME, clock.now)
    row = await checkin_of(db, MENTEE, 1)
    with pytest.raises(CheckInError, match="belongs to <@U0MENTEE>"):
        await checkins.record_mood(ACME, MENTOR, row.id, "great")
    with pytest.raises(CheckInError, match="can't find that check-in"):
        await checkins.record_mood(OTHER, MENTEE, row.id, "great")
    assert (await checkin_of(db, MENTEE, 1)).mood is None


async def test_one_reminder_after_three_days_and_late_checkins_are_skipped(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    pair_id = await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    await walk(checkins, clock, date(2027, 1, 18), date(2027, 1, 25))
    reminders = [d for d in await deliveries(db) if d.key.endswith(":reminder")]
    assert sorted(r.target for r in reminders) == [MENTEE, MENTOR]
    assert {r.due_at for r in reminders if r.target == MENTEE} == {
        send_instant(date(2027, 1, 21), NEW_YORK)
    }
    # The bot was down from Feb 10 to Feb 25: check-in 2 (Feb 18) is five days late.
    clock.set(datetime(2027, 2, 23, 18, tzinfo=UTC))
    report = await checkins.plan(ACME, clock.now)
    assert report.enqueued == 0
    assert len(report.skipped) == 2 and "Check-in 2" in report.skipped[0]
    assert "5 days late" in report.skipped[0]
    skipped = [d for d in await deliveries(db) if d.status == "skipped"]
    assert {d.key for d in skipped} == {
        f"checkin:{pair_id}:{MENTOR}:2",
        f"checkin:{pair_id}:{MENTEE}:2",
    }
    with pytest.raises(CheckInError, match="skipped"):
        await checkins.record_mood(ACME, MENTEE, (await checkin_of(db, MENTEE, 2)).id, "ok")
    assert (await checkins.plan(ACME, clock.now)).skipped == []  # reported once
    # The pair moved on: check-in 3 comes on time.
    await walk(checkins, clock, date(2027, 3, 18), date(2027, 3, 18))
    assert (await pairing(db, pair_id)).checkin_period == 3


async def test_contact_nudge_once_per_silent_stretch_and_none_after_a_meeting(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    pair_id = await make_pair(
        db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC), cadence="quarterly",
        contact_days=30,
    )  # fmt: skip

    async def meet_on_feb_20(day: date) -> None:
        if day == date(2027, 2, 20):
            row = await checkin_of(db, MENTOR, 1)
            await checkins.record_mood(ACME, MENTOR, row.id, "ok")
            await checkins.record_details(ACME, MENTOR, row.id, {"met": "yes", "hours": "1"})

    await walk(checkins, clock, date(2027, 1, 5), date(2027, 4, 30), meet_on_feb_20)
    nudges = [d for d in await deliveries(db) if d.key.startswith("contact:")]
    # Jan 4 + 30 days: both nudged on Feb 3; the Feb 20 meeting starts a new stretch,
    # nudged once on Mar 22, and not again while it stays silent.
    assert [(n.target, n.key.split(":")[2]) for n in nudges] == [
        (MENTOR, "2027-01-04"), (MENTEE, "2027-01-04"),
        (MENTOR, "2027-02-20"), (MENTEE, "2027-02-20"),
    ]  # fmt: skip
    assert "It's been 30 days since you or <@U0MENTEE>" in str(nudges[0].payload)
    pair = await pairing(db, pair_id)
    assert pair.nudged_for == date(2027, 2, 20)


async def test_no_contact_nudge_during_a_pause_and_one_after_it_if_still_silent(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    await make_pair(
        db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC), cadence="quarterly",
        contact_days=30,
    )  # fmt: skip
    clock.set(datetime(2027, 1, 10, 18, tzinfo=UTC))
    await membership.pause(ACME, MENTEE, "2027-03-01")

    async def nudges() -> list[str]:
        return [d.target for d in await deliveries(db) if d.key.startswith("contact:")]

    # Due Feb 3, while the mentee was away: nobody is nudged during the pause...
    await walk(checkins, clock, date(2027, 1, 11), date(2027, 2, 28))
    assert await nudges() == []
    # ... and both are, once, when it ends (Mar 1) with no meeting reported.
    await walk(checkins, clock, date(2027, 3, 1), date(2027, 3, 10))
    assert await nudges() == [MENTOR, MENTEE]


async def test_whole_eighteen_month_term_then_an_extension(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    """A pair paired on Mon, Jan 4 2027 (America/Chicago), monthly, 18 months: to Jul 4 2028."""
    pair_id = await make_pair(db, membership, clock, datetime(2027, 1, 4, 15, tzinfo=UTC))
    assert (await pairing(db, pair_id)).ends_on == date(2028, 7, 4)

    async def members_answer(day: date) -> None:
        # The mentor answers their first check-in (met: no); the mentee reports meetings on
        # Mar 18 2027 and Dec 18 2027. Every other check-in goes unanswered.
        answers = {date(2027, 1, 18): (MENTOR, 1, "no"), date(2027, 3, 18): (MENTEE, 3, "yes"),
                   date(2027, 12, 18): (MENTEE, 12, "yes")}  # fmt: skip
        if day in answers:
            user, period, met = answers[day]
            row = await checkin_of(db, user, period)
            await checkins.record_mood(ACME, user, row.id, "great")
            await checkins.record_details(ACME, user, row.id, {"met": met, "hours": "1"})

    await walk(checkins, clock, date(2027, 1, 4), date(2028, 7, 25), members_answer)
    sent = await deliveries(db)
    monthly = [date(2027, 1, 18)] + [add_months(date(2027, 1, 18), n) for n in range(1, 18)]
    regular = [d for d in monthly if d != date(2027, 10, 18)]  # the mid-point took its place
    assert len(regular) == 17
    answered = {MENTOR: {date(2027, 1, 18)}, MENTEE: {date(2027, 3, 18), date(2027, 12, 18)}}
    nudges = {
        MENTOR: [date(2027, 6, 16), date(2028, 3, 17)],
        MENTEE: [date(2027, 6, 16), date(2028, 3, 17)],
    }
    for user in (MENTOR, MENTEE):
        got = kinds(sent, user)
        assert [d for k, d in got if k == "checkin"] == regular
        assert [d for k, d in got if k == "midpoint"] == [date(2027, 10, 4)]
        reminded = sorted(d + timedelta(days=3) for d in [*regular, date(2027, 10, 4)])
        assert [d for k, d in got if k == "reminder"] == [
            d for d in reminded if d - timedelta(days=3) not in answered[user]
        ]
        assert [d for k, d in got if k == "contact"] == nudges[user]
        assert [d for k, d in got if k == "headsup"] == [date(2028, 6, 4)]
        assert [d for k, d in got if k == "closing"] == [date(2028, 7, 4)]
    assert [d for k, d in kinds(sent, MENTEE) if k == "thanks"] == [date(2028, 7, 4)]
    assert [d for k, d in kinds(sent, MENTOR) if k == "thanks"] == []
    coordinator = kinds(sent, COORD)
    assert [k for k, _ in coordinator] == ["headsup", "complete"]
    assert [d for _, d in coordinator] == [date(2028, 6, 4), date(2028, 7, 4)]
    assert len({d.key for d in sent}) == len(sent)
    assert all(d.status == "pending" for d in sent)  # nothing late, nothing skipped
    # Each at 10:00 in the recipient's own zone.
    for d in sent:
        if not d.key.startswith(("alert:", "term:", "contact:", "checkin:")):
            continue
        zone = {MENTOR: DENVER, MENTEE: NEW_YORK}.get(d.target, CHICAGO)
        local = d.due_at.astimezone(ZoneInfo(zone))
        assert (local.hour, local.minute) == (10, 0), d.key
    pair = await pairing(db, pair_id)
    assert pair.status == "completed" and pair.ended_at is not None

    # The coordinator extends the completed term by 3 months, on Jul 25 2028.
    with pytest.raises(NotCoordinator):
        await checkins.extend(ACME, MENTOR, pair_id, 3, date(2028, 7, 4))
    reply = await checkins.extend(ACME, COORD, pair_id, 3, date(2028, 7, 4))
    assert "now continue until Wed, Oct 4, 2028" in reply
    again = await checkins.extend(ACME, COORD, pair_id, 3, date(2028, 7, 4))
    assert "Already done" in again  # a double click extends once
    pair = await pairing(db, pair_id)
    assert (pair.status, pair.ends_on, pair.ended_at) == ("active", date(2028, 10, 4), None)
    before = len(await deliveries(db))
    await walk(checkins, clock, date(2028, 7, 25), date(2028, 10, 20))
    later = (await deliveries(db))[before:]
    for user in (MENTOR, MENTEE):
        got = kinds(later, user)
        assert [d for k, d in got if k == "checkin"] == [date(2028, 8, 18), date(2028, 9, 18)]
        assert [d for k, d in got if k == "headsup"] == [date(2028, 9, 4)]
        assert [d for k, d in got if k == "closing"] == [date(2028, 10, 4)]
        assert [k for k, _ in got if k in ("midpoint", "contact")] == []
    assert [k for k, _ in kinds(later, COORD)] == ["headsup", "complete"]
    assert (await pairing(db, pair_id)).status == "completed"
    surveys = [r for r in await rows(db) if r.kind == "closing"]
    assert sorted((r.user_id, r.period) for r in surveys) == [
        (MENTEE, 0),
        (MENTEE, 1),
        (MENTOR, 0),
        (MENTOR, 1),
    ]


async def test_closing_survey_answer_records_once(
    db: Database, membership: Membership, checkins: CheckIns, clock: MovableClock
) -> None:
    await make_pair(db, membership, clock, datetime(2027, 1, 4, 15, tzinfo=UTC), term_months=3)
    clock.set(datetime(2027, 4, 4, 18, tzinfo=UTC))
    await checkins.plan(ACME, clock.now)  # the bot was down: the heads-up is superseded
    survey = await checkin_of(db, MENTOR, 0, "closing")
    with pytest.raises(CheckInError, match="closing survey"):
        await checkins.record_mood(ACME, MENTOR, survey.id, "great")
    bad, errors = await checkins.record_survey(ACME, MENTOR, survey.id, {"overall": "4"})
    assert bad is None and set(errors) == {"total_hours", "again"}
    values = {"overall": "5", "total_hours": "20", "again": "yes"}
    done, errors = await checkins.record_survey(ACME, MENTOR, survey.id, values)
    assert errors == {} and done is not None and done.recorded and done.view.overall == 5
    twice, _ = await checkins.record_survey(ACME, MENTOR, survey.id, {**values, "overall": "1"})
    assert twice is not None and not twice.recorded and twice.view.overall == 5
    assert ck.CheckIns.checkin_message(done.view).fields[0] == ("Overall", "5 of 5")


async def test_contact_days_is_a_program_setting(db: Database, membership: Membership) -> None:
    form = await membership.settings(ACME, COORD)
    assert form.initial["contact_days"] == "90"
    errors = await membership.save_settings(ACME, COORD, {**form.initial, "contact_days": "5"})
    assert errors == {"contact_days": "Please enter 14 or more."}
    assert await membership.save_settings(ACME, COORD, {**form.initial, "contact_days": "60"}) == {}
    async with db.transaction(all_tenants=True) as session:
        assert (await membership.load_program(session, ACME)).contact_days == 60


async def test_a_pause_skips_the_pairs_checkins_for_both_and_the_match_is_told_once(
    db: Database, clock: MovableClock
) -> None:
    membership = Membership(
        db, Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock, SqlOutbox()
    )
    checkins = CheckIns(db, membership, SqlOutbox(), clock)
    pair_id = await make_pair(db, membership, clock, datetime(2027, 1, 4, 16, tzinfo=UTC))
    clock.set(datetime(2027, 1, 10, 18, tzinfo=UTC))
    await membership.pause(ACME, MENTOR, "2027-02-01")
    await membership.pause(ACME, MENTOR, "2027-01-31")  # a changed date is the same pause
    await walk(checkins, clock, date(2027, 1, 18), date(2027, 2, 18))
    got = [(d.target, d.key, d.status) for d in await deliveries(db) if ":reminder" not in d.key]
    assert got == [
        (MENTEE, f"pair:{pair_id}:paused:{MENTOR}:2027-01-10T18:00:00+00:00", "pending"),
        (MENTOR, f"checkin:{pair_id}:{MENTOR}:1", "skipped"),  # paused on Jan 18
        (MENTEE, f"checkin:{pair_id}:{MENTEE}:1", "skipped"),  # ... and so is the pair
        (MENTOR, f"checkin:{pair_id}:{MENTOR}:2", "pending"),  # the pause ended Jan 31
        (MENTEE, f"checkin:{pair_id}:{MENTEE}:2", "pending"),
    ]
    told = from_json((await deliveries(db))[0].payload)
    assert f"<@{MENTOR}> has paused their mentoring" in told.text
    assert "Check-ins for your pair are paused too" in told.text
    assert (await checkin_of(db, MENTEE, 1)).skipped_reason == "their match was paused"
    assert (await checkin_of(db, MENTOR, 1)).skipped_reason == "the member was paused"

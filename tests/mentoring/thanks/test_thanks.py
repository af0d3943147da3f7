"""Thank-yous: who can be thanked, public and private, the outbox, and a double submit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.thanks.use_cases import Thanks
from outbox.message_json import from_json
from outbox.store import SqlOutbox
from storage.database import Database
from storage.models import Delivery, Pairing, ThankYou
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

COMMUNITY = "C0COMMUNITY"
STARTED = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    bootstrap = Bootstrap(
        coordinators=(COORD,), timezone="America/Chicago", community_channel=COMMUNITY
    )
    return Membership(db, bootstrap, clock)


@pytest.fixture
def thanks(db: Database, membership: Membership, clock: MovableClock) -> Thanks:
    return Thanks(db, membership, SqlOutbox(), clock)


@pytest.fixture
async def pair_id(db: Database, membership: Membership, clock: MovableClock) -> int:
    pair = await make_pair(db, membership, clock, STARTED)
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, ACME)
        program.hashtags = ["#ICMAMentors", "#thankyourmentor"]  # a duplicate in another case
    return pair


def values(mentor: str = MENTOR, **overrides: object) -> dict[str, object]:
    base = {"mentor": mentor, "message": "You taught me to read a budget.", "visibility": "public"}
    return base | overrides


async def deliveries(db: Database) -> list[Delivery]:
    async with db.transaction(all_tenants=True) as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def test_the_form_picks_the_current_mentor(thanks: Thanks, pair_id: int) -> None:
    form = await thanks.form(ACME, MENTEE)
    assert form.initial["mentor"] == [MENTOR] and form.initial["visibility"] == "public"
    assert "mentor" not in (await thanks.form(ACME, STRANGER)).initial  # nobody to default to


async def test_a_public_thank_you_posts_with_hashtags_and_dms_the_mentor(
    thanks: Thanks, db: Database, pair_id: int
) -> None:
    sent, errors = await thanks.send(
        ACME, MENTEE, values(message="Thanks <!channel> & <@U0X>!"), "view:V1"
    )
    assert errors == {} and sent is not None and sent.created
    assert sent.channel == COMMUNITY and "posted in <#C0COMMUNITY>" in sent.confirmation
    dm, post = await deliveries(db)
    assert (dm.kind, dm.target, post.kind, post.target) == ("dm", MENTOR, "post", COMMUNITY)
    text = "\n".join(from_json(post.payload).paragraphs)
    assert "<@U0MENTEE> thanks <@U0MENTOR>" in text
    # Typed text can't ping the channel or mention anyone.
    assert "> Thanks &lt;!channel&gt; &amp; &lt;@U0X&gt;!" in text
    assert text.endswith("#ThankYourMentor #ICMAMentors")  # the program's, without duplicates
    dm_text = "\n".join(from_json(dm.payload).paragraphs)
    assert "sent you a thank-you" in dm_text and "shared it in <#C0COMMUNITY>" in dm_text


async def test_a_private_thank_you_is_only_a_dm(thanks: Thanks, db: Database, pair_id: int) -> None:
    sent, _ = await thanks.send(ACME, MENTEE, values(visibility="private"), "view:V1")
    assert sent is not None and sent.channel is None and "private DM" in sent.confirmation
    [dm] = await deliveries(db)
    assert (dm.kind, dm.target) == ("dm", MENTOR)
    assert "sent it to you privately" in str(dm.payload)


async def test_a_double_submit_sends_once(thanks: Thanks, db: Database, pair_id: int) -> None:
    first, _ = await thanks.send(ACME, MENTEE, values(), "view:V1")
    again, _ = await thanks.send(ACME, MENTEE, values(), "view:V1")
    assert first is not None and again is not None and first.created and not again.created
    assert len(await deliveries(db)) == 2
    async with db.transaction(all_tenants=True) as session:
        assert len(list(await session.scalars(select(ThankYou)))) == 1


@pytest.mark.parametrize(
    ("picked", "error"),
    [
        (None, "Pick the mentor"),
        (MENTEE, "can't thank yourself"),
        ("B0BOTUSER", "doesn't look like a person"),
        (STRANGER, "<@U0STRANGER> isn't a mentor in"),  # not in the program (or another tenant)
        ("U0OTHERWS", "isn't a mentor in"),
    ],
)
async def test_who_can_be_thanked(
    thanks: Thanks, db: Database, pair_id: int, picked: str | None, error: str
) -> None:
    sent, errors = await thanks.send(ACME, MENTEE, values(mentor=picked), "view:V1")  # type: ignore[arg-type]
    assert sent is None and error in errors["mentor"]
    assert await deliveries(db) == []


async def test_message_is_required_and_length_limited(thanks: Thanks, pair_id: int) -> None:
    _, errors = await thanks.send(ACME, MENTEE, values(message=" "), "view:V1")
    assert errors == {"message": "This is required."}
    _, errors = await thanks.send(ACME, MENTEE, values(message="x" * 1001), "view:V1")
    assert "keep this to 1000 characters" in errors["message"]


async def test_any_mentor_in_the_program_and_a_past_mentor_who_left(
    thanks: Thanks, db: Database, membership: Membership, pair_id: int
) -> None:
    await membership.submit(ACME, STRANGER, answer(role="mentor"))
    sent, _ = await thanks.send(ACME, MENTEE, values(mentor=STRANGER), "view:V1")
    assert sent is not None and sent.mentor == STRANGER
    async with db.transaction(all_tenants=True) as session:
        pair = await session.get(Pairing, pair_id)
        assert pair is not None
        pair.status = "ended"
    await membership.leave(ACME, MENTOR)
    sent, errors = await thanks.send(ACME, MENTEE, values(), "view:V2")
    assert errors == {} and sent is not None and sent.mentor == MENTOR
    # Someone else can't thank Mentor any more: they left and weren't their mentor.
    _, errors = await thanks.send(ACME, STRANGER, values(), "view:V3")
    assert "isn't a mentor in" in errors["mentor"]
    _, errors = await thanks.send(OTHER, MENTEE, values(), "view:V4")  # another workspace
    assert "isn't a mentor in" in errors["mentor"]


async def test_without_a_community_channel_a_public_thank_you_is_a_dm(
    thanks: Thanks, db: Database, membership: Membership, pair_id: int
) -> None:
    async with db.transaction(all_tenants=True) as session:
        program = await membership.load_program(session, ACME)
        program.community_channel = None
    sent, _ = await thanks.send(ACME, MENTEE, values(), "view:V1")
    assert sent is not None and sent.public and sent.channel is None
    assert "no community channel" in sent.confirmation
    assert [d.kind for d in await deliveries(db)] == ["dm"]

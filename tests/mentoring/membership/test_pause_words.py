"""`/mentor pause` says what it means, with or without a date, and far-off dates are answered."""

from __future__ import annotations

import pytest

from bot.mentoring import messages as text
from bot.mentoring.errors import MembershipError
from bot.mentoring.membership.use_cases import Membership
from storage.database import Database
from tests.conftest import MovableClock
from tests.mentoring.membership.test_membership import ACME, answer


@pytest.fixture
def membership(db: Database, clock: MovableClock) -> Membership:
    return Membership(db, clock=clock)


async def test_pause_without_a_date_says_what_ends_it(membership: Membership) -> None:
    await membership.submit(ACME, "U1", answer())
    reply = await membership.pause(ACME, "U1", None)
    assert reply == text.PAUSED_UNTIL_RESUME
    assert "until you type `/mentor resume`" in reply and "until then" in reply


@pytest.mark.parametrize(
    ("typed", "answer_part"),
    [("9999-12-31", "up to a year"), ("0001-01-01", "already passed"), ("9" * 5000, "date")],
)
async def test_pause_dates_out_of_range_are_answered(
    membership: Membership, typed: str, answer_part: str
) -> None:
    await membership.submit(ACME, "U1", answer())
    with pytest.raises(MembershipError, match=answer_part) as caught:
        await membership.pause(ACME, "U1", typed)
    assert len(str(caught.value)) < 200  # a pasted 5,000 digits isn't echoed back

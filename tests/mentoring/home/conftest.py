"""The Home tab's read model over a real database (the `db` and `clock` fixtures)."""

from __future__ import annotations

import pytest

from bot.mentoring.goals.use_cases import Goals
from bot.mentoring.home import Home
from bot.mentoring.hours.use_cases import Hours
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.pairing.use_cases import Pairings
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingMessenger
from tests.mentoring.checkins.test_checkins import CHICAGO, COORD


@pytest.fixture
def home(db: Database, clock: MovableClock) -> Home:
    membership = Membership(db, Bootstrap(coordinators=(COORD,), timezone=CHICAGO), clock)
    pairings = Pairings(db, membership, RecordingMessenger(), SqlOutbox(), clock)
    return Home(db, membership, pairings, Goals(db, membership, clock), Hours(db, membership,
                clock=clock))  # fmt: skip


@pytest.fixture
def membership(home: Home) -> Membership:
    return home._membership

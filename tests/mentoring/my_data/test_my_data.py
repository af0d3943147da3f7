"""Deletion is only for members who have left, and says so plainly otherwise."""

from __future__ import annotations

import pytest

from bot.mentoring.errors import MembershipError
from bot.mentoring.membership.use_cases import Bootstrap, Membership
from bot.mentoring.models import Tenant
from bot.mentoring.my_data.use_cases import MyData, is_pseudonym
from outbox.store import SqlOutbox
from storage.database import Database
from tests.conftest import MovableClock
from tests.fakes import RecordingFiles
from tests.mentoring.membership.test_membership import answer

ACME = Tenant("slack", "T0ACME")


async def test_deletion_needs_leaving_first(db: Database, clock: MovableClock) -> None:
    membership = Membership(db, Bootstrap(coordinators=("U0COORD",)), clock)
    my_data = MyData(db, membership, RecordingFiles(), SqlOutbox(), clock)
    with pytest.raises(MembershipError, match="nothing to delete"):
        await my_data.delete(ACME, "U0NOBODY")
    await membership.submit(ACME, "U1", answer())
    with pytest.raises(MembershipError, match="Leave first"):
        await my_data.delete(ACME, "U1")
    await membership.leave(ACME, "U1")
    deleted = await my_data.delete(ACME, "U1")
    assert is_pseudonym(deleted.pseudonym) and deleted.pairs_ended == 0
    with pytest.raises(MembershipError, match="nothing to delete"):  # a second click
        await my_data.delete(ACME, "U1")


async def test_a_copy_for_someone_who_never_applied(db: Database, clock: MovableClock) -> None:
    files = RecordingFiles()
    my_data = MyData(db, Membership(db, Bootstrap(), clock), files, SqlOutbox(), clock)
    assert "check your DMs" in await my_data.send_copy(ACME, "U0NEW")
    [(user, file)] = files.sent
    assert user == "U0NEW" and b'"membership": null' in file.content

"""Coordinators' exports over real HTTP through the twin: the roster arrives as a CSV file in
the coordinator's DM, with the names the platform's directory gives (users.info)."""

from __future__ import annotations

import csv
import io

from tests.e2e.conftest import ANA, BEN, COORD, Stack, reply_to
from tests.e2e.test_checkins import _paired


async def test_a_coordinator_gets_the_roster_with_names_in_the_dm(stack: Stack) -> None:
    twin = stack.twin
    await _paired(stack)  # Ana (City of Boulder) mentors Ben (Town of Lyons)

    assert "coordinators only" in await reply_to(stack, ANA, "admin export roster")
    assert twin.files(ANA) == []

    assert "sent you the file" in await reply_to(stack, COORD, "admin export roster")
    await twin.wait_for(lambda: bool(twin.files(COORD)))
    (shared,) = twin.files(COORD)
    assert shared.name.startswith("mentoring-roster-") and shared.name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(shared.content.decode("utf-8-sig"))))
    by_id = {r["user_id"]: r for r in rows}
    assert set(by_id) == {ANA, BEN}
    assert (by_id[ANA]["name"], by_id[ANA]["organization"], by_id[ANA]["role"]) == (
        "Ana Alvarez", "City of Boulder", "mentor",
    )  # fmt: skip
    assert (by_id[ANA]["current_pairs"], by_id[ANA]["pair_status"]) == ("Ben Brooks", "active")
    assert (by_id[BEN]["name"], by_id[BEN]["current_pairs"]) == ("Ben Brooks", "Ana Alvarez")

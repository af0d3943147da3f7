"""A program at scale through the twin: 300 waiting mentees, 20 mentors, `/mentor admin match`.

The twin rejects a message over Slack's limits (50 blocks, 3,000 characters a section, about
13,000 characters of block text) the way Slack does, so a preview that outgrew them would never
reach the coordinator.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from bot.mentoring.membership import Membership
from bot.mentoring.models import Tenant
from handlers.slack.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, SECTION_TEXT, text_length
from storage.models import Pairing
from tests.e2e.conftest import COORD, TEAM, Stack
from tests.mentoring.membership.test_membership import answer

ACME = Tenant("slack", TEAM)
MENTORS, MENTEES, CAREER = 20, 300, 5  # CAREER of the mentees are on a track with no mentor
MENTEE = {"role": "mentee", "capacity": None, "position_level": "early", "years_experience": "2"}


def _users(prefix: str, n: int) -> list[str]:
    return [f"U{prefix}{k:04d}" for k in range(n)]


async def _seed(stack: Stack) -> tuple[list[str], list[str]]:
    mentors, mentees = _users("MR", MENTORS), _users("ME", MENTEES)
    membership = stack.bot.services[Membership]
    for k, user in enumerate(mentors):
        stack.twin.add_user(user, f"mentor{k}")
        await membership.submit(ACME, user, answer(organization=f"City {k}", capacity="2"))
    for k, user in enumerate(mentees):
        stack.twin.add_user(user, f"mentee{k}")
        track = "career" if k < CAREER else "traditional"
        await membership.submit(ACME, user, answer(**MENTEE, organization=f"Town {k}", track=track))
    return mentors, mentees


def _check_limits(message: dict[str, object]) -> None:
    blocks = message["blocks"]
    assert isinstance(blocks, list)
    assert len(blocks) <= MESSAGE_BLOCKS
    assert text_length(blocks) <= MESSAGE_TEXT
    for block in blocks:
        text = block.get("text") or {}
        assert len(text.get("text", "")) <= SECTION_TEXT


async def test_match_of_300_mentees_and_20_mentors_previews_sends_the_file_and_approves_all(
    stack: Stack,
) -> None:
    twin = stack.twin
    _, mentees = await _seed(stack)
    before = len(twin.dms(COORD))
    await twin.send_command(COORD, "admin match")
    await twin.wait_for(lambda: len(twin.dms(COORD)) > before, timeout=30)
    await twin.wait_for(lambda: len(twin.files(COORD)) == 1, timeout=30)

    preview_message = twin.dms(COORD)[before]
    _check_limits(preview_message)
    preview = twin.render(preview_message)
    # 20 mentors with 2 places each: 40 pairs, 260 mentees left, summarised by reason.
    assert "40 proposed pairs" in preview and "260 mentees unmatched" in preview
    assert "255 mentees have no free mentor on the traditional track" in preview
    assert "5 mentees are on the career track, which has no other mentor yet" in preview
    assert "and 250 more" in preview  # five named, the rest counted
    assert "…and 25 more pairs not shown here; *Approve all* includes them." in preview
    assert "CSV file" in preview

    # The file holds the whole proposal: every pair and every unmatched mentee, with why.
    (file,) = twin.files(COORD)
    rows = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig"))))
    assert len(rows) == MENTEES
    assert {r["mentee_id"] for r in rows} == set(mentees)
    paired = [r for r in rows if r["mentor_id"]]
    assert len(paired) == 40 and all(r["reasons"] and r["fit"] for r in paired)
    assert all(r["mentor_organization"].startswith("City ") for r in paired)
    left = [r for r in rows if not r["mentor_id"]]
    assert all(r["not_matched_because"] for r in left)
    assert any(
        r["not_matched_because"].startswith("No mentor on the traditional track has a free place")
        for r in left
    )

    # Approve all approves every proposed pair, not only the 15 the preview shows.
    await twin.click(COORD, "pair_approve_all")
    await twin.wait_for(
        lambda: "[Approve all]" not in twin.render(twin.dms(COORD)[before]), timeout=30
    )
    _check_limits(twin.dms(COORD)[before])
    async with stack.bot.db.transaction(all_tenants=True) as session:
        statuses = [p.status for p in await session.scalars(select(Pairing))]
    assert len(statuses) == 40 and set(statuses) == {"awaiting"}

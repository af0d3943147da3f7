"""The PD-credit statement over real HTTP through the twin: the member's PDF in their DM (its
total the same as `/mentor hours`), typed in the DM too, a bad year's message, and the
coordinators' verified statements for everyone."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from pypdf import PdfReader

from tests.conftest import MovableClock
from tests.e2e.conftest import (
    ANA,
    BEN,
    CARA,
    COORD,
    MENTEE_ANSWER,
    MENTOR_ANSWER,
    Stack,
    apply,
    reply_to,
)


def _latest_pdf(stack: Stack, user: str) -> str:
    (*_, latest) = stack.twin.files(user)
    assert latest.name == "mentoring-pd-statement-2027.pdf"
    pages = PdfReader(io.BytesIO(latest.content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


async def test_member_statement_matches_hours_and_coordinator_issues_verified_ones(
    stack: Stack, clock: MovableClock
) -> None:
    twin = stack.twin
    clock.set(datetime(2027, 6, 15, 18, tzinfo=UTC))  # noon in Denver, where Ana is
    await apply(stack, ANA, MENTOR_ANSWER)  # City of Boulder
    await apply(stack, BEN, MENTEE_ANSWER)  # Town of Lyons
    await apply(stack, CARA, {**MENTEE_ANSWER, "organization": "city of boulder"})
    await reply_to(stack, ANA, "log 12h with <@U0BEN|ben>")
    await reply_to(stack, ANA, "log 3h with <@U0CARA|cara>")  # her own organization
    await reply_to(stack, ANA, "log 10h")  # 8 of these fit under the 20-hour maximum

    summary = await reply_to(stack, ANA, "hours 2027")
    found = re.search(r"\*([\d.]+) credit-eligible hours\*", summary)
    assert found is not None and found[1] == "20"

    answer = await reply_to(stack, ANA, "hours statement 2027")
    assert "I've sent your statement (a PDF) in our direct messages." in answer
    await twin.wait_for(lambda: bool(twin.files(ANA)))
    text = _latest_pdf(stack, ANA)
    total = re.search(r"Total credit-eligible hours: ([\d.]+)", text)
    assert total is not None and total[1] == found[1]  # the same total as `/mentor hours 2027`
    assert "Member: Ana Alvarez" in text and "Program: Mentoring Program" in text
    assert "Credit period: 2027" in text
    assert "Ben Brooks Town of Lyons 12 counts" in text
    assert "Cara Chen city of boulder 0 same organization" in text
    assert "Mentoring counts for up to 20 of the 40 professional-development hours" in text
    assert "Not verified by a coordinator yet" in text

    # A year that isn't one gets the same specific message as `/mentor hours`.
    bad = await reply_to(stack, ANA, "hours statement 20x7")
    assert "I couldn't read '20x7' as a year" in bad
    assert len(twin.files(ANA)) == 1

    # Typed in the DM, it works the same.
    await twin.send_message(ANA, "hours statement 2027")
    await twin.wait_for(lambda: len(twin.files(ANA)) == 2)

    # Only coordinators issue everyone's statements.
    await reply_to(stack, BEN, "log 1.5h with <@U0ANA|ana>")
    refused = await reply_to(stack, BEN, "admin hours statements 2027")
    assert "for the program's coordinators only" in refused
    assert not twin.files(BEN)

    issued = await reply_to(stack, COORD, "admin hours statements 2027")
    assert "Sent verified statements for 2027 to 2 members." in issued
    await twin.wait_for(lambda: len(twin.files(ANA)) == 3 and len(twin.files(BEN)) == 1)
    for user, credited in ((ANA, "20"), (BEN, "1.5")):
        text = _latest_pdf(stack, user)
        assert "Verified by Casey Coordinator on Tue, Jun 15, 2027." in text
        assert f"Total credit-eligible hours: {credited}" in text
    assert not twin.files(CARA)  # no hours, no statement

"""SlackMessenger.send_file (the FileSender port) against the Slack twin over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.models import Tenant
from bot.mentoring.ports import DeliveryError, FileSender, FileToSend
from handlers.slack.messenger import SlackMessenger
from sandbox.slack_twin import SlackTwin

TOKEN = "xoxb-files-token"
TENANT = Tenant("slack", "T0FILES")
HOURS = FileToSend(
    filename="mentoring-hours-2027.csv",
    content="date,hours,with\n2027-01-04,1.5,Zoë\n".encode(),
    title="Your mentoring hours",
    comment="Here are your mentoring hours for 2027.",
)


@pytest.fixture
async def twin() -> AsyncIterator[SlackTwin]:
    async with SlackTwin(signing_secret="s", bot_token=TOKEN, team_id=TENANT.workspace_id) as t:
        t.add_user("U1", "ana")
        t.add_user("U2", "ben", deleted=True)
        yield t


def sender(twin: SlackTwin) -> FileSender:
    return SlackMessenger(AsyncWebClient(base_url=twin.api_url, token=TOKEN))


async def test_the_file_arrives_in_the_persons_dm_with_its_comment(twin: SlackTwin) -> None:
    ref = await sender(twin).send_file(TENANT, "U1", HOURS)

    (received,) = twin.files("U1")
    assert (received.name, received.title, received.content) == (
        HOURS.filename,
        HOURS.title,
        HOURS.content,
    )
    assert received.content.decode().splitlines()[1] == "2027-01-04,1.5,Zoë"
    assert received.comment == HOURS.comment
    assert (ref.conversation_id, ref.message_id) == (twin.dm_channel_id("U1"), received.id)
    assert twin.transcript("U1")[-1].endswith(
        '[file: mentoring-hours-2027.csv "Your mentoring hours"]'
    )


async def test_a_second_file_reuses_the_same_dm(twin: SlackTwin) -> None:
    first = await sender(twin).send_file(TENANT, "U1", HOURS)
    second = await sender(twin).send_file(TENANT, "U1", HOURS)
    assert first.conversation_id == second.conversation_id
    assert first.message_id != second.message_id
    assert len(twin.files("U1")) == 2


async def test_slack_refusals_become_delivery_errors(twin: SlackTwin) -> None:
    with pytest.raises(DeliveryError) as gone:
        await sender(twin).send_file(TENANT, "U2", HOURS)
    assert (gone.value.reason, gone.value.permanent) == ("user_disabled", True)

    twin.inject_429("files.completeUploadExternal", times=1, retry_after=9)
    with pytest.raises(DeliveryError) as limited:
        await sender(twin).send_file(TENANT, "U1", HOURS)
    assert (limited.value.reason, limited.value.permanent) == ("ratelimited", False)
    assert limited.value.retry_after == 9.0
    assert twin.files("U1") == []

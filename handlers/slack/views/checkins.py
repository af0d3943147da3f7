"""Modal submissions of check-ins: the details (met? hours, note, help) and the closing survey.

Validation runs before the ack, so errors show inline and what was typed is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.checkins import CheckIns
from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins import use_cases as ck
from bot.mentoring.errors import MembershipError
from bot.mentoring.forms import RawValues
from bot.mentoring.models import Tenant
from handlers.slack.checkins import checkin_update
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import channel_id, message_ts, metadata, record_id
from handlers.slack.render import read_values

Record = Callable[[Tenant, str, int, RawValues], Awaitable[tuple[ck.Answer | None, dict[str, str]]]]


async def _submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext, record: Record, first_field: str,
) -> None:  # fmt: skip
    data = metadata(view)  # what answer_modal() wrote: the check-in and its DM
    checkin_id = record_id(data.get("checkin"))
    channel, ts = channel_id(data.get("channel")), message_ts(data.get("ts"))
    user_id = body["user"]["id"]
    if checkin_id is None:
        await ack(response_action="errors", errors={first_field: say.NOT_FOUND})
        return
    try:
        answer, errors = await record(tenant_of(context), user_id, checkin_id, read_values(view))
    except MembershipError as exc:
        await ack(response_action="errors", errors={first_field: str(exc)})
        return
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    assert answer is not None  # no errors means the answer stands (new or earlier)
    if channel and ts:
        await client.chat_update(channel=channel, ts=ts, **checkin_update(answer.view))


async def details_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await _submitted(ack, body, view, client, context, checkins.record_details, "met")


async def survey_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await _submitted(ack, body, view, client, context, checkins.record_survey, "overall")


def register(app: AsyncApp) -> None:
    app.view(ck.DETAILS_FORM)(details_submitted)
    app.view(ck.SURVEY_FORM)(survey_submitted)

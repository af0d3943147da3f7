"""Buttons of check-ins: Great / OK / Struggling, Add details, the closing survey, Extend."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.checkins import CheckIns
from bot.mentoring.checkins import texts as say
from bot.mentoring.checkins import use_cases as ck
from bot.mentoring.errors import MembershipError
from handlers.slack import render
from handlers.slack.checkins import answer_modal, checkin_update, where
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import record_id

log = logging.getLogger(__name__)
MOOD_OF_ACTION = {action: mood for mood, action in ck.MOOD_ACTIONS.items()}


def _checkin_id(body: dict[str, Any]) -> int:
    checkin_id = record_id(body["actions"][0].get("value"))
    if checkin_id is None:  # a tampered button reads as an unknown check-in
        raise ck.CheckInError(say.NOT_FOUND)
    return checkin_id


async def _tell(respond: AsyncRespond, text: str) -> None:
    """A private reply under the clicked message, which stays as it is."""
    await respond(text=text, response_type="ephemeral", replace_original=False)


async def mood_clicked(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await ack()
    mood = MOOD_OF_ACTION[body["actions"][0]["action_id"]]
    try:
        checkin_id = _checkin_id(body)
        answer = await checkins.record_mood(
            tenant_of(context), body["user"]["id"], checkin_id, mood
        )
    except MembershipError as exc:
        await _tell(respond, str(exc))
        return
    view = answer.view
    if answer.recorded:
        # The trigger lasts 3 seconds: open the modal before anything else. If it has
        # expired, the updated DM below still offers "Add details": nothing is lost.
        form = checkins.details_form(view)
        try:
            await client.views_open(
                trigger_id=body["trigger_id"], view=answer_modal(form, view.id, body)
            )
        except SlackApiError as exc:
            log.warning("could not open the check-in modal", extra={"error": str(exc)})
    else:
        await _tell(respond, say.ALREADY_RECORDED.format(mood=say.MOOD_LABELS[view.mood or ""]))
    place = where(body)
    await client.chat_update(channel=place["channel"], ts=place["ts"], **checkin_update(view))


async def add_details(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await ack()
    try:
        view = await checkins.view(tenant_of(context), body["user"]["id"], _checkin_id(body))
    except MembershipError as exc:
        await _tell(respond, str(exc))
        return
    if view.details_given or view.mood is None:
        await _tell(respond, say.DETAILS_ALREADY if view.details_given else say.MOOD_FIRST)
        return
    form = checkins.details_form(view)
    await client.views_open(trigger_id=body["trigger_id"], view=answer_modal(form, view.id, body))


async def open_survey(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await ack()
    try:
        view = await checkins.survey_view(tenant_of(context), body["user"]["id"], _checkin_id(body))
    except MembershipError as exc:
        await _tell(respond, str(exc))
        return
    if view.answered_at is not None:
        await _tell(respond, say.SURVEY_ALREADY)
        return
    form = checkins.survey_form(view)
    await client.views_open(trigger_id=body["trigger_id"], view=answer_modal(form, view.id, body))


async def extend(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    checkins = services_of(context)[CheckIns]
    await ack()
    user_id = body["user"]["id"]
    try:
        pair_id, months, from_end = ck.parse_extend_value(body["actions"][0].get("value") or "")
        if record_id(pair_id) is None:  # no pair has that id: the button was tampered with
            raise ck.CheckInError(say.EXTEND_STALE)
        reply = await checkins.extend(tenant_of(context), user_id, pair_id, months, from_end)
    except MembershipError as exc:
        await _tell(respond, str(exc))
        return
    # The buttons give way to what was done, so nobody extends twice by mistake.
    kept = [b for b in (body.get("message") or {}).get("blocks", []) if b.get("type") != "actions"]
    place = where(body)
    await client.chat_update(
        channel=place["channel"], ts=place["ts"], text=reply,
        blocks=[*kept, render.context(reply).to_dict()],
    )  # fmt: skip


def register(app: AsyncApp) -> None:
    app.action(re.compile(f"^({'|'.join(MOOD_OF_ACTION)})$"))(mood_clicked)
    app.action(ck.ADD_DETAILS)(add_details)
    app.action(ck.OPEN_SURVEY)(open_survey)
    app.action(re.compile("^" + ck.EXTEND.format(months=r"\d+") + "$"))(extend)

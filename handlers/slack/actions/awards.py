"""Award buttons: *Nominate a mentor* on the posts, and the coordinators' cycle list
(open a cycle, nominations, export, record winners, pages)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards import Awards
from bot.mentoring.awards import screens as ui
from bot.mentoring.awards import texts as say
from bot.mentoring.awards.use_cases import AwardError, ExportFailed
from bot.mentoring.errors import MembershipError
from handlers.slack import render
from handlers.slack.context import services_of, tenant_of
from handlers.slack.payload import id_and_page


def _numbers(value: str) -> tuple[int, int]:
    """`cycle:page` (or just `cycle`) from a button value; a tampered value reads as gone."""
    numbers = id_and_page(value)
    if numbers is None:
        raise AwardError(say.CYCLE_GONE)
    return numbers


async def _tell(respond: AsyncRespond, text: str) -> None:
    """A private reply under the clicked message, which stays as it is."""
    await respond(text=text, response_type="ephemeral", replace_original=False)


async def nominate_clicked(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    awards = services_of(context)[Awards]
    await ack()
    try:
        form = await awards.nomination_form(tenant_of(context), body["user"]["id"], None)
    except MembershipError as exc:
        await _tell(respond, str(exc))
        return
    await client.views_open(
        trigger_id=body["trigger_id"], view=render.modal(ui.nomination_modal(form))
    )


async def admin_clicked(
    ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    awards = services_of(context)[Awards]
    await ack()
    tenant, user_id = tenant_of(context), body["user"]["id"]
    action = body["actions"][0]
    name, value = action["action_id"], action.get("value") or ""
    name = ui.BACK.get(name, name)  # "Previous page" turns the page like "Next page"
    try:
        if name == ui.OPEN_CYCLE:
            form = await awards.cycle_form(tenant, user_id)
            await client.views_open(
                trigger_id=body["trigger_id"], view=render.modal(ui.cycle_modal(form))
            )
        elif name == ui.CYCLES_PAGE:
            page, _ = _numbers(value)
            screen = ui.cycle_list(await awards.cycles(tenant, user_id), page)
            await respond(**render.message(screen), replace_original=True)
        elif name in (ui.NOMINATIONS, ui.NOMINATIONS_PAGE):
            cycle_id, page = _numbers(value)
            listing = await awards.nominations(tenant, user_id, cycle_id)
            await respond(
                **render.message(ui.nominations(listing, page)),
                response_type="ephemeral",
                # From the cycle list: a new message; from the list's own pages: in place.
                replace_original=name == ui.NOMINATIONS_PAGE,
            )
        elif name == ui.EXPORT:
            cycle_id, _ = _numbers(value)
            try:
                await _tell(respond, await awards.export(tenant, user_id, cycle_id))
            except ExportFailed as exc:  # "press Export CSV again": the button is here
                await respond(
                    **render.message(ui.export_again(str(exc), cycle_id)),
                    response_type="ephemeral",
                    replace_original=False,
                )
        else:
            cycle_id, _ = _numbers(value)
            form = await awards.winners_form(tenant, user_id, cycle_id)
            await client.views_open(
                trigger_id=body["trigger_id"],
                view=render.modal(ui.winners_modal(form, cycle_id)),
            )
    except MembershipError as exc:
        await _tell(respond, str(exc))


def register(app: AsyncApp) -> None:
    app.action(ui.NOMINATE)(nominate_clicked)
    app.action(re.compile(f"^({'|'.join(ui.ADMIN_ACTIONS)})$"))(admin_clicked)

"""Block Kit for thank-yous: the modal, with a single-person picker for the mentor."""

from __future__ import annotations

from slack_sdk.models.blocks import InputBlock, UserSelectElement
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.forms import Form
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from bot.mentoring.thanks import Thanks
from bot.mentoring.thanks import texts as say
from handlers.slack.blocks import form_view

MENTOR = "mentor"


def thanks_modal(form: Form) -> View:
    """The neutral form as a modal; the mentor is one person, picked from the workspace."""
    view = form_view(form)
    for block in view.blocks or []:
        if isinstance(block, InputBlock) and block.block_id == MENTOR:
            initial = form.initial.get(MENTOR)
            chosen = initial[0] if isinstance(initial, list) and initial else None
            block.element = UserSelectElement(
                action_id=MENTOR, initial_user=chosen, placeholder=say.MENTOR_LABEL
            )
    return view


async def open_thanks(
    client: AsyncWebClient, services: Services, tenant: Tenant, user_id: str, trigger_id: str
) -> None:
    """The command, the shortcut, the Home tab and the campaign post's button all land here."""
    form = await services[Thanks].form(tenant, user_id)
    await client.views_open(trigger_id=trigger_id, view=thanks_modal(form))

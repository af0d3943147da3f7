"""Block Kit for campaigns: the coordinators' list, the preview, and the add/edit modal."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.mentoring.campaigns import texts as say
from bot.mentoring.campaigns.use_cases import CampaignView, Outcome, Preview, Upcoming
from bot.mentoring.forms import Form, RawValues
from handlers.slack.blocks import (
    actions,
    button,
    context,
    form_view,
    message_blocks,
    read_values,
    text_blocks,
)
from handlers.slack.limits import fit
from handlers.slack.undelivered import reason_in_words

PREVIEW = "campaign_preview"
TURN_ON = "campaign_on"
TURN_OFF = "campaign_off"
EDIT = "campaign_edit"
ADD = "campaign_add"
PAGE = "campaign_page"
PAGE_BACK = "campaign_page_back"  # its own id: Slack rejects two equal ones in one block
ACTIONS = (PREVIEW, TURN_ON, TURN_OFF, EDIT, ADD, PAGE, PAGE_BACK)
# Two blocks per campaign: with the header, intro and buttons a page stays far below Slack's
# 50 blocks per message.
PAGE_SIZE = 15
# The modal's pickers (the core describes them as text fields holding YYYY-MM-DD and HH:MM).
DATE_FIELD, TIME_FIELD = "date", "time"


def _channel(view: CampaignView, community: str | None) -> str:
    if view.channel is None:
        return say.NO_CHANNEL
    if view.spec.channel is None and view.channel == community:
        return say.DEFAULT_CHANNEL.format(channel=f"<#{view.channel}>")
    return f"<#{view.channel}>"


def _last(outcome: Outcome | None, timezone: str) -> str | None:
    if outcome is None:
        return None
    when = say.local_when(outcome.due_at.astimezone(ZoneInfo(timezone)))
    reason = outcome.reason or "no reason recorded"
    match outcome.status:
        case "sent":
            return say.LAST_SENT.format(when=when)
        case "skipped":
            return say.LAST_SKIPPED.format(when=when, reason=reason)
        case "failed":
            return say.LAST_FAILED.format(when=when, reason=reason_in_words(reason))
        case _:
            return say.LAST_PENDING.format(when=when)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(next_post: datetime | None) -> str:
    return say.local_when(next_post, year=True) if next_post else say.NO_NEXT_POST


def list_blocks(upcoming: Upcoming, page: int = 0) -> list[Block]:
    """One page of the coordinators' campaign list."""
    pages = max((len(upcoming.campaigns) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 0), pages - 1)
    shown = upcoming.campaigns[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    blocks: list[Block] = [HeaderBlock(text=say.LIST_TITLE)]
    intro = say.LIST_INTRO.format(program=upcoming.program_name, timezone=upcoming.timezone)
    blocks += text_blocks(intro if upcoming.campaigns else f"{intro}\n{say.LIST_EMPTY}")
    for view in shown:
        state = say.ON if view.spec.enabled else say.OFF
        lines = [
            f"*{view.spec.name}* · {state}",
            f"{_when(view.next_post)} · {_channel(view, upcoming.community_channel)}",
            _sentence(say.describe_rule(view.spec.rule)),
        ]
        if last := _last(view.last, upcoming.timezone):
            lines.append(f"_{last}_")
        blocks += text_blocks("\n".join(lines))
        value = f"{view.id}:{page}"
        toggle = (
            button(say.DISABLE_BUTTON, TURN_OFF, value=value)
            if view.spec.enabled
            else button(say.ENABLE_BUTTON, TURN_ON, value=value, style="primary")
        )
        blocks.append(
            actions(
                button(say.PREVIEW_BUTTON, PREVIEW, value=value),
                toggle,
                button(say.EDIT_BUTTON, EDIT, value=value),
            )
        )
    controls = [button(say.ADD_BUTTON, ADD, value=str(page), style="primary")]
    if page > 0:
        controls.append(button(say.PREVIOUS_PAGE, PAGE_BACK, value=str(page - 1)))
    if page < pages - 1:
        controls.append(button(say.NEXT_PAGE, PAGE, value=str(page + 1)))
    blocks.append(actions(*controls))
    if (rest := len(upcoming.campaigns) - (page + 1) * PAGE_SIZE) > 0:
        blocks.append(context(say.MORE.format(count=rest)))
    return fit(blocks, keep_last=2)


def preview_blocks(preview: Preview) -> tuple[str, list[Block]]:
    view = preview.campaign
    channel = f"<#{view.channel}>" if view.channel else "the community channel"
    if view.next_post is not None:
        intro = say.PREVIEW_INTRO.format(
            name=view.spec.name, channel=channel, when=f"on {_when(view.next_post)}"
        )
    else:
        intro = say.PREVIEW_NO_DATE.format(name=view.spec.name, channel=channel)
    return intro, [*text_blocks(intro), *message_blocks(preview.message)]


def campaign_modal(form: Form, campaign_id: int | None) -> View:
    """The neutral form as a modal, with a date picker and a time picker for when it posts."""
    view = form_view(form, metadata={"campaign": campaign_id})
    for block in view.blocks or []:
        if not isinstance(block, InputBlock):
            continue
        if block.block_id == DATE_FIELD:
            initial = form.initial.get(DATE_FIELD)
            block.element = DatePickerElement(
                action_id=DATE_FIELD, initial_date=initial if isinstance(initial, str) else None
            )
        elif block.block_id == TIME_FIELD:
            initial = form.initial.get(TIME_FIELD)
            block.element = TimePickerElement(
                action_id=TIME_FIELD, initial_time=initial if isinstance(initial, str) else None
            )
    return view


def read_campaign_values(view: dict[str, Any]) -> RawValues:
    values = read_values(view)
    state = view.get("state", {}).get("values", {})
    picked_date = state.get(DATE_FIELD, {}).get(DATE_FIELD, {})
    picked_time = state.get(TIME_FIELD, {}).get(TIME_FIELD, {})
    values[DATE_FIELD] = picked_date.get("selected_date")
    values[TIME_FIELD] = picked_time.get("selected_time")
    return values


def campaign_id_of(view: dict[str, Any]) -> int | None:
    """The campaign a modal edits (None: a new one); a tampered value reads as new."""
    try:
        value = json.loads(view.get("private_metadata") or "{}").get("campaign")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None

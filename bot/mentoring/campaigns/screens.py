"""What campaigns look like, platform-neutrally: the coordinators' list (paged), a preview of
a post, the add/edit modal, and the replies to turning one on or off and saving it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.mentoring.campaigns import texts as say
from bot.mentoring.campaigns.use_cases import CampaignView, Outcome, Preview, Upcoming
from bot.mentoring.forms import Form
from bot.mentoring.ports import Button
from bot.mentoring.screens import (
    Block,
    Buttons,
    Context,
    Header,
    Screen,
    form_screen,
    message_screen,
)
from bot.mentoring.screens import paragraphs as text
from bot.mentoring.undelivered import reason_in_words

# Action ids: the contract with every adapter. Values are "campaign:page" (or "page").
PREVIEW = "campaign_preview"
TURN_ON = "campaign_on"
TURN_OFF = "campaign_off"
EDIT = "campaign_edit"
ADD = "campaign_add"
PAGE = "campaign_page"
PAGE_BACK = "campaign_page_back"  # its own id: Slack rejects two equal ones in one row
ACTIONS = (PREVIEW, TURN_ON, TURN_OFF, EDIT, ADD, PAGE, PAGE_BACK)
# Two blocks per campaign: with the header, intro and buttons a page stays a short message.
PAGE_SIZE = 15
# The modal carries the campaign it edits (None: a new one).
CAMPAIGN_STATE = "campaign"


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
    reason = outcome.reason or say.NO_REASON
    match outcome.status:
        case "sent":
            return say.LAST_SENT.format(when=when)
        case "skipped":
            return say.LAST_SKIPPED.format(when=when, reason=reason)
        case "failed":
            return say.LAST_FAILED.format(when=when, reason=reason_in_words(reason))
        case _:
            return say.LAST_PENDING.format(when=when)


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _when(next_post: datetime | None) -> str:
    return say.local_when(next_post, year=True) if next_post else say.NO_NEXT_POST


def campaign_list(upcoming: Upcoming, page: int = 0) -> Screen:
    """One page of the coordinators' campaign list; a page past the end shows the last one."""
    pages = max((len(upcoming.campaigns) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 0), pages - 1)
    shown = upcoming.campaigns[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    intro = say.LIST_INTRO.format(program=upcoming.program_name, timezone=upcoming.timezone)
    blocks: list[Block] = [
        Header(say.LIST_TITLE),
        *text(intro if upcoming.campaigns else f"{intro}\n{say.LIST_EMPTY}"),
    ]
    for view in shown:
        state = say.ON if view.spec.enabled else say.OFF
        lines = [
            f"*{view.spec.name}* · {state}",
            f"{_when(view.next_post)} · {_channel(view, upcoming.community_channel)}",
            _sentence(say.describe_rule(view.spec.rule)),
        ]
        if last := _last(view.last, upcoming.timezone):
            lines.append(f"_{last}_")
        blocks += text("\n".join(lines))
        value = f"{view.id}:{page}"
        toggle = (
            Button(TURN_OFF, say.DISABLE_BUTTON, value)
            if view.spec.enabled
            else Button(TURN_ON, say.ENABLE_BUTTON, value, style="primary")
        )
        blocks.append(
            Buttons(
                (
                    Button(PREVIEW, say.PREVIEW_BUTTON, value),
                    toggle,
                    Button(EDIT, say.EDIT_BUTTON, value),
                )
            )
        )
    controls = [Button(ADD, say.ADD_BUTTON, str(page), style="primary")]
    if page > 0:
        controls.append(Button(PAGE_BACK, say.PREVIOUS_PAGE, str(page - 1)))
    if page < pages - 1:
        controls.append(Button(PAGE, say.NEXT_PAGE, str(page + 1)))
    blocks.append(Buttons(tuple(controls)))
    if (rest := len(upcoming.campaigns) - (page + 1) * PAGE_SIZE) > 0:
        blocks.append(Context(say.MORE.format(count=rest)))
    return Screen(text=say.LIST_TITLE, blocks=tuple(blocks))


def preview(preview: Preview) -> Screen:
    """What the channel will see, under a line saying where and when."""
    view = preview.campaign
    channel = f"<#{view.channel}>" if view.channel else say.THE_COMMUNITY_CHANNEL
    if view.next_post is not None:
        when = say.ON_DAY.format(when=_when(view.next_post))
        intro = say.PREVIEW_INTRO.format(name=view.spec.name, channel=channel, when=when)
    else:
        intro = say.PREVIEW_NO_DATE.format(name=view.spec.name, channel=channel)
    post = message_screen(preview.message)
    return Screen(text=intro, blocks=(*text(intro), *post.blocks))


def campaign_modal(form: Form, campaign_id: int | None) -> Screen:
    return form_screen(form, state={CAMPAIGN_STATE: campaign_id})


def toggled(view: CampaignView) -> str:
    if not view.spec.enabled:
        return say.TURNED_OFF.format(name=view.spec.name)
    if view.next_post is None:
        return say.TURNED_ON_NO_DATE.format(name=view.spec.name)
    return say.TURNED_ON.format(name=view.spec.name, when=say.local_when(view.next_post, year=True))


def saved(view: CampaignView) -> str:
    rule = say.describe_rule(view.spec.rule)
    if view.next_post is None:
        return say.SAVED_NO_DATE.format(name=view.spec.name, rule=rule)
    channel = f"<#{view.channel}>" if view.channel else say.NO_CHANNEL_YET
    when = say.local_when(view.next_post, year=True)
    return say.SAVED.format(name=view.spec.name, rule=rule, when=when, channel=channel)

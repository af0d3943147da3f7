"""Award nominations in Slack: `/mentor nominate` and `/mentor admin awards`, the coordinators'
lists, and the three modals (nomination, new cycle, winners)."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring.awards import Awards
from bot.mentoring.awards import texts as say
from bot.mentoring.awards.forms import DATE_FIELDS
from bot.mentoring.awards.planner import NOMINATE_ACTION
from bot.mentoring.awards.use_cases import (
    CycleList,
    CycleView,
    NominationForm,
    NominationList,
    Person,
)
from bot.mentoring.forms import Form, RawValues, list_of
from bot.mentoring.models import Tenant
from bot.mentoring.services import Services
from bot.mentoring.text import day as date_text
from handlers.slack.blocks import actions, button, context, form_view, read_values, text_blocks
from handlers.slack.limits import fit, shorten
from handlers.slack.preview import USER_MENTION

log = logging.getLogger(__name__)

NOMINATE = NOMINATE_ACTION
OPEN_CYCLE = "award_open_cycle"
NOMINATIONS = "award_nominations"  # value "cycle:page"; a new list under the cycles
NOMINATIONS_PAGE = "award_nominations_page"  # value "cycle:page"; turns the page in place
EXPORT = "award_export"
WINNERS = "award_winners"
CYCLES_PAGE = "award_cycles_page"
# "Previous page" needs its own action id: Slack rejects two equal ones in one block.
BACK = {"award_nominations_back": NOMINATIONS_PAGE, "award_cycles_back": CYCLES_PAGE}
ADMIN_ACTIONS = (OPEN_CYCLE, NOMINATIONS, NOMINATIONS_PAGE, EXPORT, WINNERS, CYCLES_PAGE, *BACK)
# Blocks per page stay well under Slack's 50 per message: 2 per cycle and 2 per nomination
# (a section holding both answers, at most 3000 characters by the form's limits, and a divider)
# plus a header, an intro, the tally, the page buttons and a "more" line.
CYCLES_PER_PAGE = 15
NOMINATIONS_PER_PAGE = 20
# Each answer on a page is cut to this, so 20 long nominations stay under Slack's ~12,000
# characters per message; *Export CSV* has every answer in full.
ANSWER_SHOWN = 220


# -- looking people up -----------------------------------------------------------------------


async def person(client: AsyncWebClient, user_id: str) -> Person:
    """What Slack says about someone being nominated: real, a bot, from another workspace."""
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "invalid_user"):
            return Person(user_id, known=False)
        # Slack can't say right now: the program's own records still decide who is a mentor.
        log.warning("users.info failed while checking a nominee", extra={"error": str(exc)})
        return Person(user_id)
    user = response.get("user") or {}
    return Person(
        user_id,
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        workspace_id=user.get("team_id"),
    )


# -- commands --------------------------------------------------------------------------------


async def nominate_command(
    client: AsyncWebClient,
    services: Services,
    tenant: Tenant,
    user_id: str,
    argument: str | None,
    trigger_id: str,
    respond: AsyncRespond,
) -> None:
    """`/mentor nominate [@member]`: the form, prefilled; AwardError answers go to the caller."""
    nominee: Person | None = None
    if argument:
        who = USER_MENTION.fullmatch(argument.strip())
        if who is None:
            await respond(text=say.NOMINATE_USAGE.format(given=argument[:60]))
            return
        nominee = await person(client, who.group(1))
    form = await services[Awards].nomination_form(tenant, user_id, nominee)
    await client.views_open(trigger_id=trigger_id, view=nomination_modal(form))


async def admin_awards_command(
    respond: AsyncRespond, services: Services, tenant: Tenant, user_id: str
) -> None:
    listing = await services[Awards].cycles(tenant, user_id)
    await respond(text=say.LIST_TITLE, blocks=cycle_list_blocks(listing))


# -- coordinators' lists ---------------------------------------------------------------------


def _cycle_lines(cycle: CycleView) -> str:
    status = say.STATUS[cycle.status].format(opens=date_text(cycle.opens_on))
    count = say.NOMINATION_COUNT.format(count=cycle.nominations, s=say.plural(cycle.nominations))
    winners = (
        say.WINNERS_LINE.format(winners=say.mentions(cycle.winners))
        if cycle.winners
        else say.NO_WINNERS
    )
    dates = say.CYCLE_DATES.format(
        opens=date_text(cycle.opens_on),
        deadline=date_text(cycle.deadline),
        announce=date_text(cycle.announce_on),
    )
    return "\n".join(
        [say.CYCLE_LINE.format(name=cycle.name, status=status), dates, f"{count} · {winners}"]
    )


def _pager(action: str, key: str, page: int, pages: int) -> list[Any]:
    buttons = []
    back = next(b for b, forward in BACK.items() if forward == action)
    if page > 0:
        buttons.append(button(say.PREVIOUS_PAGE, back, value=f"{key}{page - 1}"))
    if page < pages - 1:
        buttons.append(button(say.NEXT_PAGE, action, value=f"{key}{page + 1}"))
    return buttons


def cycle_list_blocks(listing: CycleList, page: int = 0) -> list[Block]:
    pages = max((len(listing.cycles) + CYCLES_PER_PAGE - 1) // CYCLES_PER_PAGE, 1)
    page = min(max(page, 0), pages - 1)
    shown = listing.cycles[page * CYCLES_PER_PAGE : (page + 1) * CYCLES_PER_PAGE]
    intro = say.LIST_INTRO.format(program=listing.program_name, timezone=listing.timezone)
    blocks: list[Block] = [
        HeaderBlock(text=say.LIST_TITLE),
        *text_blocks(intro if listing.cycles else f"{intro}\n{say.LIST_EMPTY}"),
    ]
    for cycle in shown:
        blocks += text_blocks(_cycle_lines(cycle))
        value = f"{cycle.id}:0"
        row = [
            button(say.NOMINATIONS_BUTTON, NOMINATIONS, value=value),
            button(say.EXPORT_BUTTON, EXPORT, value=str(cycle.id)),
        ]
        if cycle.status == "closed":  # announced winners stay as they were posted
            row.append(button(say.WINNERS_BUTTON, WINNERS, value=str(cycle.id)))
        blocks.append(actions(*row))
    controls = [button(say.OPEN_BUTTON, OPEN_CYCLE, style="primary")]
    blocks.append(actions(*controls, *_pager(CYCLES_PAGE, "", page, pages)))
    if (rest := len(listing.cycles) - (page + 1) * CYCLES_PER_PAGE) > 0:
        blocks.append(context(say.MORE.format(count=rest)))
    return fit(blocks, keep_last=2)


def nominations_blocks(listing: NominationList, page: int = 0) -> list[Block]:
    cycle, count = listing.cycle, len(listing.nominations)
    pages = max((count + NOMINATIONS_PER_PAGE - 1) // NOMINATIONS_PER_PAGE, 1)
    page = min(max(page, 0), pages - 1)
    shown = listing.nominations[page * NOMINATIONS_PER_PAGE : (page + 1) * NOMINATIONS_PER_PAGE]
    blocks: list[Block] = [HeaderBlock(text=say.NOMINATIONS_TITLE.format(cycle=cycle.name)[:150])]
    if not count:
        return [*blocks, *text_blocks(say.NOMINATIONS_EMPTY.format(cycle=cycle.name))]
    intro = say.NOMINATIONS_INTRO.format(count=count, s=say.plural(count), cycle=cycle.name)
    tally = ", ".join(f"<@{who}> ({n})" for who, n in listing.tally[:10])
    blocks += text_blocks(intro)
    blocks.append(context(say.NOMINEE_TALLY.format(tally=tally)))
    cut = False
    for n in shown:
        when = date_text(n.submitted.date())
        why, impact = shorten(n.why, ANSWER_SHOWN), shorten(n.impact, ANSWER_SHOWN)
        cut = cut or why != n.why or impact != n.impact
        entry = say.NOMINATION_ENTRY.format(
            nominee=n.nominee_id, nominator=n.nominator_id, when=when, why=why, impact=impact
        )
        blocks += [*text_blocks(entry), DividerBlock()]
    notes = []
    if (rest := count - (page + 1) * NOMINATIONS_PER_PAGE) > 0:
        notes.append(say.MORE.format(count=rest))
    if cut:
        notes.append(say.ANSWERS_SHORTENED)
    if notes:
        blocks.append(context(" · ".join(notes)))
    tail = [button(say.EXPORT_BUTTON, EXPORT, value=str(cycle.id))]
    blocks.append(actions(*_pager(NOMINATIONS_PAGE, f"{cycle.id}:", page, pages), *tail))
    return fit(blocks, keep_last=1)


def export_again_blocks(answer: str, cycle_id: int) -> list[Block]:
    """A failed export's answer, with the *Export CSV* button it tells the person to press."""
    return [*text_blocks(answer), actions(button(say.EXPORT_BUTTON, EXPORT, value=str(cycle_id)))]


# -- modals ----------------------------------------------------------------------------------


def _metadata(view: dict[str, Any], key: str) -> int | None:
    """An id the modal carries; a tampered value reads as none."""
    try:
        value = json.loads(view.get("private_metadata") or "{}").get(key)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def cycle_id_of(view: dict[str, Any]) -> int | None:
    return _metadata(view, "cycle")


def nomination_modal(nomination: NominationForm) -> View:
    """The form with a single-person select for the nominee."""
    form = nomination.form
    view = form_view(form, metadata={"cycle": nomination.cycle_id})
    for block in view.blocks or []:
        if isinstance(block, InputBlock) and block.block_id == "nominee":
            chosen = list_of(form.initial, "nominee")
            block.element = UserSelectElement(
                action_id="nominee",
                placeholder="Choose a mentor",
                initial_user=chosen[0] if chosen else None,
            )
    return view


def read_nomination(view: dict[str, Any]) -> RawValues:
    values = read_values(view)
    nominee = values.get("nominee")
    values["nominee"] = [nominee] if isinstance(nominee, str) else nominee
    return values


def cycle_modal(form: Form) -> View:
    view = form_view(form)
    for block in view.blocks or []:
        if isinstance(block, InputBlock) and block.block_id in DATE_FIELDS:
            initial = form.initial.get(block.block_id)
            block.element = DatePickerElement(
                action_id=block.block_id,
                initial_date=initial if isinstance(initial, str) else None,
            )
    return view


def read_cycle(view: dict[str, Any]) -> RawValues:
    values = read_values(view)
    state = view.get("state", {}).get("values", {})
    for key in DATE_FIELDS:
        values[key] = state.get(key, {}).get(key, {}).get("selected_date")
    return values


def winners_modal(form: Form, cycle_id: int) -> View:
    return form_view(form, metadata={"cycle": cycle_id})

"""The App Home tab: a member's status and next steps; coordinators also see the program."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.mentoring import messages as text
from bot.mentoring.goals import texts as goal_text
from bot.mentoring.home import Home, HomeView
from bot.mentoring.models import MemberStatus, Tenant
from bot.mentoring.services import Services
from bot.mentoring.thanks import texts as thank_text
from bot.mentoring.thanks.use_cases import OPEN_THANKS
from handlers.slack import action_ids as ids
from handlers.slack.blocks import actions, button, context, text_blocks
from handlers.slack.checkins import needs_attention_blocks
from handlers.slack.goals import HOME_MENTEES, HOME_PER_PERSON
from handlers.slack.goals import board_blocks as goal_blocks
from handlers.slack.limits import fit
from handlers.slack.pairing_views import my_pairs_blocks
from handlers.slack.profile import status_line, summary_blocks
from handlers.slack.undelivered import undelivered_blocks


def home_view(home: HomeView) -> View:
    """The Home tab from its one read model (bot/mentoring/home)."""
    state, pairs, goals, hours_line = home.state, home.pairs, home.goals, home.hours_line
    program, member = state.program, state.member
    blocks: list[Block] = [HeaderBlock(text=program.name[:150])]
    if member is None:
        blocks += text_blocks(
            text.HOME_NOT_APPLIED.format(program=program.name, term=program.term_months)
        )
        blocks.append(actions(button(text.JOIN_BUTTON, ids.OPEN_INTAKE, style="primary")))
    elif member.status is MemberStatus.LEFT:
        blocks += text_blocks(status_line(program, member))
        blocks.append(actions(button(text.JOIN_BUTTON, ids.OPEN_INTAKE, style="primary")))
    else:
        blocks += text_blocks(status_line(program, member, pairs))
        if hours_line:  # the member's mentoring hours and credit, in one line
            blocks.append(context(hours_line))
        if pairs:
            blocks += [HeaderBlock(text="Your match"), *my_pairs_blocks(member.user_id, pairs)]
        if not goals.empty:
            blocks.append(HeaderBlock(text=goal_text.LIST_HEADER))
            blocks += goal_blocks(goals, per_person=HOME_PER_PERSON, mentees=HOME_MENTEES)
        pause_or_resume = (
            button(text.RESUME_BUTTON, ids.RESUME, style="primary")
            if member.status is MemberStatus.PAUSED
            else button(
                text.PAUSE_BUTTON,
                ids.PAUSE,
                confirm=("Pause?", "No matches or check-ins until you resume.", "Pause"),
            )
        )
        blocks.append(
            actions(
                button(text.EDIT_BUTTON, ids.OPEN_INTAKE),
                pause_or_resume,
                button(
                    text.LEAVE_BUTTON,
                    ids.LEAVE_FROM_HOME,
                    style="danger",
                    confirm=(
                        "Leave the program?",
                        text.LEAVE_CONFIRM.format(program=program.name),
                        text.LEAVE_YES,
                    ),
                ),
            )
        )
    blocks.append(actions(button(thank_text.TITLE, OPEN_THANKS)))
    if state.is_coordinator and state.summary is not None:
        blocks += [DividerBlock(), HeaderBlock(text="Coordinator")]
        blocks += summary_blocks(program, state.summary)
        blocks += needs_attention_blocks(home.program_pairs or [])
        if state.undelivered is not None:
            blocks += undelivered_blocks(state.undelivered, program.timezone)
        blocks.append(
            actions(
                button(text.MATCH_BUTTON, ids.OPEN_MATCH, style="primary"),
                button(text.SETTINGS_BUTTON, ids.OPEN_SETTINGS),
            )
        )
    blocks.append(context("Type `/mentor help` for everything I can do."))
    # The Home tab holds 100 blocks: the last buttons and the help line always stay.
    return View(type="home", blocks=fit(blocks, surface="home", keep_last=2))


async def publish_home(
    client: AsyncWebClient, services: Services, tenant: Tenant, user_id: str
) -> None:
    # One use case, one transaction: everything on the tab is read as of one moment.
    view = home_view(await services[Home].home(tenant, user_id))
    await client.views_publish(user_id=user_id, view=view)

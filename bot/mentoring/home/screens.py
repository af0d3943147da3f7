"""The Home tab as a platform-neutral screen, built from its one read model (HomeView).

A member sees their standing, hours, pairs, goals and their buttons; a coordinator also sees
the program: applicants, pairs that need attention, undelivered messages and their buttons.
The adapter renders it (Slack: handlers/slack/render.py `home`), which keeps it inside the
platform's limits; the closing buttons and the help line come last so a cut never drops them.
"""

from __future__ import annotations

from bot.mentoring import messages as text
from bot.mentoring import screens as sc
from bot.mentoring.checkins.screens import needs_attention
from bot.mentoring.goals import texts as goal_text
from bot.mentoring.goals.screens import HOME_MENTEES, HOME_PER_PERSON, board_blocks
from bot.mentoring.home import texts as say
from bot.mentoring.home.use_cases import HomeView
from bot.mentoring.membership.screens import status_line, summary_blocks
from bot.mentoring.membership.use_cases import OPEN_INTAKE
from bot.mentoring.models import MemberStatus, MemberView, ProgramSettings
from bot.mentoring.pairing.screens import my_pairs
from bot.mentoring.ports import Button
from bot.mentoring.thanks import texts as thank_text
from bot.mentoring.thanks.use_cases import OPEN_THANKS
from bot.mentoring.undelivered import report_blocks

# The Home tab's own buttons (their listeners live in each platform's adapter).
PAUSE = "pause_membership"
RESUME = "resume_membership"
LEAVE_FROM_HOME = "leave_from_home"
OPEN_SETTINGS = "open_settings"
OPEN_MATCH = "open_match"

JOIN = Button(OPEN_INTAKE, text.JOIN_BUTTON, style="primary")


def home_screen(home: HomeView) -> sc.Screen:
    """The whole Home tab for one person, as of the moment `home` was read."""
    state = home.state
    program, member = state.program, state.member
    blocks: list[sc.Block] = [sc.Header(program.name)]
    if member is None:
        not_applied = text.HOME_NOT_APPLIED.format(program=program.name, term=program.term_months)
        blocks += [sc.Text(not_applied), sc.Buttons((JOIN,))]
    elif member.status is MemberStatus.LEFT:
        blocks += [sc.Text(status_line(program, member)), sc.Buttons((JOIN,))]
    else:
        blocks += _member_blocks(home, program, member)
    blocks.append(sc.Buttons((Button(OPEN_THANKS, thank_text.TITLE),)))
    if state.is_coordinator and state.summary is not None:
        blocks += [sc.Divider(), sc.Header(say.COORDINATOR_HEADER)]
        blocks += summary_blocks(program, state.summary)
        blocks += needs_attention(home.program_pairs or [])
        if state.undelivered is not None:
            blocks += report_blocks(state.undelivered, program.timezone)
        match = Button(OPEN_MATCH, text.MATCH_BUTTON, style="primary")
        blocks.append(sc.Buttons((match, Button(OPEN_SETTINGS, text.SETTINGS_BUTTON))))
    blocks.append(sc.Context(say.HELP_FOOTER))
    return sc.Screen(text=program.name, blocks=tuple(blocks))


def _member_blocks(home: HomeView, program: ProgramSettings, member: MemberView) -> list[sc.Block]:
    blocks: list[sc.Block] = [sc.Text(status_line(program, member, home.pairs))]
    if home.hours_line:  # the member's mentoring hours and credit, in one line
        blocks.append(sc.Context(home.hours_line))
    if home.pairs:
        blocks += [sc.Header(say.MATCH_HEADER), *my_pairs(member.user_id, home.pairs)]
    if not home.goals.empty:
        blocks.append(sc.Header(goal_text.LIST_HEADER))
        blocks += board_blocks(home.goals, per_person=HOME_PER_PERSON, mentees=HOME_MENTEES)
    if member.status is MemberStatus.PAUSED:
        pause_or_resume = Button(RESUME, text.RESUME_BUTTON, style="primary")
    else:
        confirm = (say.PAUSE_CONFIRM_TITLE, say.PAUSE_CONFIRM_TEXT, say.PAUSE_CONFIRM_YES)
        pause_or_resume = Button(PAUSE, text.PAUSE_BUTTON, confirm=confirm)
    leave = Button(
        LEAVE_FROM_HOME,
        text.LEAVE_BUTTON,
        style="danger",
        confirm=(
            say.LEAVE_CONFIRM_TITLE,
            text.LEAVE_CONFIRM.format(program=program.name),
            text.LEAVE_YES,
        ),
    )
    blocks.append(sc.Buttons((Button(OPEN_INTAKE, text.EDIT_BUTTON), pause_or_resume, leave)))
    return blocks

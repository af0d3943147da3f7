"""Block Kit for goals: the list (`/mentor goals`), the Home tab section and the modals."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block, DatePickerElement, HeaderBlock, InputBlock, SectionBlock
from slack_sdk.models.views import View

from bot.mentoring.forms import Form, RawValues
from bot.mentoring.goals import texts as say
from bot.mentoring.goals.use_cases import (
    OPEN_ADD,
    OPEN_UPDATE,
    TARGET,
    GoalBoard,
    GoalView,
    goal_line,
)
from handlers.slack.blocks import actions, button, context, form_view, read_values, text_blocks
from handlers.slack.limits import MESSAGE_TEXT, SECTION_TEXT, fit, shorten, text_length

LIST_BUDGET = 46  # blocks for goals in a message (Slack allows 50)
HOME_PER_PERSON = 5  # goals per person on the Home tab; `/mentor goals` has them all
HOME_MENTEES = 3


def goal_section(goal: GoalView, *, details: bool = True) -> SectionBlock:
    return SectionBlock(
        text=shorten(goal_line(goal, details=details), SECTION_TEXT),
        accessory=button(say.UPDATE_BUTTON, OPEN_UPDATE, value=str(goal.id)),
    )


def _person_blocks(
    goals: tuple[GoalView, ...], limit: int, empty: str, add: str, owner: str, title: str | None,
    details: bool = True,
) -> list[Block]:  # fmt: skip
    blocks: list[Block] = text_blocks(title) if title else []
    if not goals:
        blocks += text_blocks(empty)
    blocks += [goal_section(g, details=details) for g in goals[:limit]]
    if len(goals) > limit:
        blocks.append(context(say.MORE.format(count=len(goals) - limit)))
    blocks.append(actions(button(add, OPEN_ADD, value=owner, style="primary")))
    return blocks


def board_blocks(
    board: GoalBoard, *, per_person: int, mentees: int | None = None, details: bool = True
) -> list[Block]:
    """The person's own goals (a mentee), then each mentee's (a mentor), within the budget."""
    if board.empty:
        return text_blocks(say.NOTHING_HERE)
    blocks: list[Block] = []
    if board.can_own:
        blocks += _person_blocks(
            board.own, per_person, say.NO_GOALS_OWN, say.ADD_BUTTON, board.user_id, None,
            details,
        )  # fmt: skip
    for mentee in board.mentees[:mentees]:
        room = LIST_BUDGET - len(blocks) - 4  # title, "more", add button, a spare
        if room < 1:
            break
        blocks += _person_blocks(
            mentee.goals, min(per_person, room),
            say.NO_GOALS_MENTEE.format(owner=mentee.owner), say.ADD_FOR_BUTTON, mentee.owner,
            say.MENTEE_GOALS.format(owner=mentee.owner), details,
        )  # fmt: skip
    return blocks


def list_blocks(board: GoalBoard) -> list[Block]:
    """`/mentor goals`: everything, at most 50 blocks; when the goals' details (why, measure,
    notes) would pass Slack's text limit for a message, one line a goal instead."""
    own_limit = min(LIST_BUDGET - 4, 20)
    blocks = [HeaderBlock(text=say.LIST_HEADER), *board_blocks(board, per_person=own_limit)]
    if text_length(blocks) > MESSAGE_TEXT:
        brief = board_blocks(board, per_person=own_limit, details=False)
        blocks = [HeaderBlock(text=say.LIST_HEADER), *text_blocks(say.DETAILS_HIDDEN), *brief]
    return fit(blocks, keep_last=1)


def goal_modal(form: Form, metadata: dict[str, Any]) -> View:
    """The neutral form as a modal, with a date picker for the target date."""
    view = form_view(form, metadata=metadata)
    for block in view.blocks or []:
        if isinstance(block, InputBlock) and block.block_id == TARGET:
            initial = form.initial.get(TARGET)
            block.element = DatePickerElement(
                action_id=TARGET, initial_date=initial if isinstance(initial, str) else None
            )
    return view


def read_goal_values(view: dict[str, Any]) -> RawValues:
    values = read_values(view)
    picked = view.get("state", {}).get("values", {}).get(TARGET, {}).get(TARGET, {})
    values[TARGET] = picked.get("selected_date")
    return values


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def done_view(title: str, message: str) -> View:
    """What a modal turns into once saved: the answer, and a Done button."""
    return View(type="modal", title=title[:24], close="Done", blocks=text_blocks(message))

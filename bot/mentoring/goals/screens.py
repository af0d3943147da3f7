"""Goals as screens: the list (`/mentor goals`), the Home tab section, the modals."""

from __future__ import annotations

from typing import Any

from bot.mentoring import screens as sc
from bot.mentoring.forms import Form
from bot.mentoring.goals import texts as say
from bot.mentoring.goals.use_cases import OPEN_ADD, OPEN_UPDATE, GoalBoard, GoalView, goal_line
from bot.mentoring.ports import Button

LIST_PER_PERSON = 20  # goals per person in `/mentor goals`
LIST_ITEMS = 42  # goal rows in one list, all people together (Slack shows 50 blocks a message)
HOME_PER_PERSON = 5  # goals per person on the Home tab; `/mentor goals` has them all
HOME_MENTEES = 3
# Past this much text the list shows one line a goal: long enough to read, and inside what
# every platform shows in one message (Slack cuts at ~12,000 characters).
DETAILS_BUDGET = 11_000


def goal_row(goal: GoalView, *, details: bool = True) -> sc.Text:
    update = Button(OPEN_UPDATE, say.UPDATE_BUTTON, str(goal.id))
    return sc.Text(goal_line(goal, details=details), accessory=update)


def _person(
    goals: tuple[GoalView, ...], limit: int, empty: str, add: str, owner: str, title: str | None,
    details: bool,
) -> list[sc.Block]:  # fmt: skip
    blocks: list[sc.Block] = [sc.Text(title)] if title else []
    if not goals:
        blocks.append(sc.Text(empty))
    blocks += [goal_row(g, details=details) for g in goals[:limit]]
    if len(goals) > limit:
        blocks.append(sc.Context(say.MORE.format(count=len(goals) - limit)))
    blocks.append(sc.Buttons((Button(OPEN_ADD, add, owner, style="primary"),)))
    return blocks


def board_blocks(
    board: GoalBoard, *, per_person: int, mentees: int | None = None, details: bool = True
) -> tuple[sc.Block, ...]:
    """The person's own goals (a mentee), then each mentee's (a mentor), LIST_ITEMS at most."""
    if board.empty:
        return (sc.Text(say.NOTHING_HERE),)
    blocks: list[sc.Block] = []
    if board.can_own:
        blocks += _person(
            board.own, per_person, say.NO_GOALS_OWN, say.ADD_BUTTON, board.user_id, None, details
        )
    for mentee in board.mentees[:mentees]:
        room = LIST_ITEMS - len(blocks)
        if room < 1:
            break
        blocks += _person(
            mentee.goals, min(per_person, room),
            say.NO_GOALS_MENTEE.format(owner=mentee.owner), say.ADD_FOR_BUTTON, mentee.owner,
            say.MENTEE_GOALS.format(owner=mentee.owner), details,
        )  # fmt: skip
    return tuple(blocks)


def _text_size(blocks: tuple[sc.Block, ...]) -> int:
    return sum(len(b.text) for b in blocks if isinstance(b, sc.Text | sc.Context))


def list_screen(board: GoalBoard) -> sc.Screen:
    """`/mentor goals`: everything; when the goals' details (why, measure, notes) would make
    too long a message, one line a goal instead."""
    blocks = board_blocks(board, per_person=LIST_PER_PERSON)
    if _text_size(blocks) > DETAILS_BUDGET:
        brief = board_blocks(board, per_person=LIST_PER_PERSON, details=False)
        blocks = (sc.Text(say.DETAILS_HIDDEN), *brief)
    return sc.Screen(text=say.LIST_HEADER, blocks=(sc.Header(say.LIST_HEADER), *blocks))


def goal_modal(form: Form, state: dict[str, Any]) -> sc.Screen:
    """The add or update form (its target date is a DATE field: a date picker in Slack)."""
    return sc.form_screen(form, state=state)


def saved_screen(title: str, message: str) -> sc.Screen:
    return sc.done_screen(title, message)

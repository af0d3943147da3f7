"""Goal screens rendered for the Slack modules not yet on screens (the Home tab, `/mentor`):
they go once those render bot/mentoring/goals/screens.py themselves."""

from __future__ import annotations

from typing import Any

from bot.mentoring.goals import screens
from bot.mentoring.goals.screens import HOME_MENTEES, HOME_PER_PERSON
from bot.mentoring.goals.use_cases import GoalBoard
from handlers.slack import render

__all__ = ["HOME_MENTEES", "HOME_PER_PERSON", "board_blocks", "list_blocks"]


def board_blocks(
    board: GoalBoard, *, per_person: int, mentees: int | None = None, details: bool = True
) -> list[Any]:
    blocks = screens.board_blocks(board, per_person=per_person, mentees=mentees, details=details)
    return [b for block in blocks for b in render.render_block(block)]


def list_blocks(board: GoalBoard) -> list[Any]:
    return render.message_blocks(screens.list_screen(board))

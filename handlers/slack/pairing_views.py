"""For the /mentor command and the Home tab until they render screens (engineers C and D):
pairing's lists, built in bot/mentoring/pairing/screens.py and rendered by the one renderer."""

from __future__ import annotations

from bot.mentoring.pairing import screens
from bot.mentoring.pairing.use_cases import PairView
from bot.mentoring.screens import Screen
from handlers.slack import render
from handlers.slack.render import Block


def my_pairs_blocks(user_id: str, pairs: list[PairView]) -> list[Block]:
    return render.message_blocks(Screen(text="", blocks=screens.my_pairs(user_id, pairs)))


def admin_pairs_blocks(program: str, pairs: list[PairView], offset: int = 0) -> list[Block]:
    return render.message_blocks(screens.admin_pairs(program, pairs, offset))

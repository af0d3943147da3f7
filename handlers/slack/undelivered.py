"""For the Home tab until it is a screen (engineer D): the coordinators' undelivered messages,
built in bot/mentoring/undelivered.py and rendered by the one renderer."""

from __future__ import annotations

from bot.mentoring.screens import Screen
from bot.mentoring.undelivered import UndeliveredReport, reason_in_words, report_blocks
from handlers.slack import render
from handlers.slack.render import Block

__all__ = ["reason_in_words", "undelivered_blocks"]


def undelivered_blocks(report: UndeliveredReport, timezone: str) -> list[Block]:
    return render.message_blocks(Screen(text="", blocks=report_blocks(report, timezone)))

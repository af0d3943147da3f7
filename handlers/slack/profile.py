"""Membership screens rendered for the Slack modules not yet on screens (the Home tab,
`/mentor`): they go once those render bot/mentoring/membership/screens.py themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.mentoring import messages as text
from bot.mentoring.membership import screens
from bot.mentoring.membership.screens import status_line
from bot.mentoring.models import ApplicantSummary, MemberView, ProgramSettings
from bot.mentoring.pairing.use_cases import PairView
from handlers.slack import render

__all__ = ["help_blocks", "profile_blocks", "status_line", "summary_blocks"]


def profile_blocks(
    program: ProgramSettings, member: MemberView, pairs: Sequence[PairView] = ()
) -> list[Any]:
    return render.message_blocks(screens.profile_screen(program, member, pairs))


def help_blocks(*, coordinator: bool, intro: str = text.HELP_INTRO) -> list[Any]:
    return render.message_blocks(screens.help_screen(coordinator=coordinator, intro=intro))


def summary_blocks(program: ProgramSettings, summary: ApplicantSummary) -> list[Any]:
    return render.message_blocks(screens.summary_screen(program, summary))

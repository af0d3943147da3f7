"""For the /mentor command until it renders screens itself (engineer C): the campaign list,
built in bot/mentoring/campaigns/screens.py and rendered by the one renderer."""

from __future__ import annotations

from bot.mentoring.campaigns import screens
from bot.mentoring.campaigns.use_cases import Upcoming
from handlers.slack import render
from handlers.slack.render import Block

PREVIEW = screens.PREVIEW


def list_blocks(upcoming: Upcoming, page: int = 0) -> list[Block]:
    return render.message_blocks(screens.campaign_list(upcoming, page))

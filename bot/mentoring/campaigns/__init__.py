"""Campaigns: scheduled posts to the community channel, from the observances calendar."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.campaigns.use_cases import Campaigns as Campaigns

__getattr__ = exports(__name__, Campaigns="use_cases")

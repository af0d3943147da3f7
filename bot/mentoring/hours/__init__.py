"""Mentoring hours: logging, the credit rules and the hours export."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.hours.use_cases import Hours as Hours

__getattr__ = exports(__name__, Hours="use_cases")

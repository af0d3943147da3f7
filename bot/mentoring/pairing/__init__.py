"""Pairing: match previews, proposals, approvals and the pairs' life cycle."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.pairing.use_cases import Pairings as Pairings

__getattr__ = exports(__name__, Pairings="use_cases")

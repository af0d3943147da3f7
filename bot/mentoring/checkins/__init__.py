"""Check-ins: the periodic DM to each side of an active pair, and its answers."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.checkins.use_cases import CheckIns as CheckIns

__getattr__ = exports(__name__, CheckIns="use_cases")

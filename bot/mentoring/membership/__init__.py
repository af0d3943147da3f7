"""Membership: joining (the intake form), roles, pausing and leaving."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.membership.use_cases import Bootstrap as Bootstrap
    from bot.mentoring.membership.use_cases import Membership as Membership

__getattr__ = exports(__name__, Bootstrap="use_cases", Membership="use_cases")

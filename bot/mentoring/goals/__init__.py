"""Mentee goals: what a mentee wants from the program, and the coordinators' board."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.goals.use_cases import Goals as Goals

__getattr__ = exports(__name__, Goals="use_cases")

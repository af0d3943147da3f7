"""Coordinators' CSV exports with names: the roster, the pairs and the check-ins."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.exports.use_cases import Exports as Exports

__getattr__ = exports(__name__, Exports="use_cases")

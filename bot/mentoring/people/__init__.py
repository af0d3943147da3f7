"""People's display names for files and the CLI (cached from the platform)."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.people.directory import People as People

__getattr__ = exports(__name__, People="directory")

"""A member's own data: the export, and the deletion after leaving."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.my_data.use_cases import MyData as MyData

__getattr__ = exports(__name__, MyData="use_cases")

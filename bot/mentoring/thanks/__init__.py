"""Thank-yous between members."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.thanks.use_cases import Thanks as Thanks

__getattr__ = exports(__name__, Thanks="use_cases")

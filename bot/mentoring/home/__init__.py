"""The Home tab as one read model: everything it shows, read in one unit of work."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.home.use_cases import Home as Home
    from bot.mentoring.home.use_cases import HomeView as HomeView

__getattr__ = exports(__name__, Home="use_cases", HomeView="use_cases")

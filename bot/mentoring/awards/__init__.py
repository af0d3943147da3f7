"""Recognition cycles: nominations, the coordinators' shortlist and the announcement."""

from typing import TYPE_CHECKING

from bot.mentoring.lazy import exports

if TYPE_CHECKING:
    from bot.mentoring.awards.planner import AwardPlanner as AwardPlanner
    from bot.mentoring.awards.use_cases import Awards as Awards

__getattr__ = exports(__name__, AwardPlanner="planner", Awards="use_cases")

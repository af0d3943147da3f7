"""The Home tab's read model: one use case, one transaction.

Before, the Slack handler asked five use cases (five transactions), so one Home tab could
show a member's status from before a change and their pairs from after it. `Home.home` reads
everything in one unit of work bound to the tenant, through each feature's session-level
part (membership, pairing, goals, hours), and returns one plain view any adapter can render.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.mentoring.goals import Goals
from bot.mentoring.goals.use_cases import GoalBoard
from bot.mentoring.hours import Hours
from bot.mentoring.membership import Membership
from bot.mentoring.membership.use_cases import HomeState
from bot.mentoring.models import Tenant
from bot.mentoring.pairing import Pairings
from bot.mentoring.pairing.use_cases import PairView
from storage.database import Database


@dataclass(frozen=True)
class HomeView:
    """Everything a member's Home tab shows, as of one moment."""

    state: HomeState  # program, member status, coordinator counts and undelivered messages
    pairs: list[PairView]  # the member's own open pairs
    goals: GoalBoard  # their goals and their mentees'
    hours_line: str | None  # hours and credit this period; None for a non-member
    program_pairs: list[PairView] | None = None  # coordinators: open pairs, flagged first


class Home:
    def __init__(
        self,
        db: Database,
        membership: Membership,
        pairings: Pairings,
        goals: Goals,
        hours: Hours,
    ) -> None:
        self._db = db
        self._membership = membership
        self._pairings = pairings
        self._goals = goals
        self._hours = hours

    async def home(self, tenant: Tenant, user_id: str) -> HomeView:
        # A transaction, not db.read(): the program is created on a workspace's first visit.
        async with self._db.transaction(tenant) as session:
            program = await self._membership.load_program(session, tenant)
            state = await self._membership.home_state(session, tenant, program, user_id)
            return HomeView(
                state=state,
                pairs=await self._pairings.pairs_in(session, program, user_id),
                goals=await self._goals.board_in(session, program, user_id),
                hours_line=await self._hours.home_line_in(session, program, user_id),
                program_pairs=(
                    await self._pairings.open_pairs_in(session, program)
                    if state.is_coordinator
                    else None
                ),
            )

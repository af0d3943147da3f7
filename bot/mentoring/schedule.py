"""What scheduled work in the core looks like to the scheduler: planners and their reports.

A planner looks at one tenant at one instant and enqueues, through the Outbox port, every
message that is due then (campaign posts, check-ins, nudges, term steps). It is idempotent:
every message has a key, so running it twice, late, or in two processes at once enqueues each
message once. What fell due longer ago than the planner's grace window is recorded as skipped,
with a reason, instead of being sent days late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.mentoring.models import Tenant


@dataclass
class PlanReport:
    enqueued: int = 0
    # One plain-English line per message that was too late to send, e.g.
    # "I Am a Mentor Day post due Mon Jan 4 09:00 CST skipped: 3 days late".
    skipped: list[str] = field(default_factory=list)

    def add(self, other: PlanReport) -> None:
        self.enqueued += other.enqueued
        self.skipped += other.skipped


class Planner(Protocol):
    async def plan(self, tenant: Tenant, now: datetime) -> PlanReport: ...

"""From stored members and pairing history to the matching engine's input, and back.

Capacity and eligibility depend on the program's history: a mentor's seats are their capacity
minus the pairs they already hold; a mentee with an open pair is not waiting; any pair that
ever existed, or that a coordinator rejected, is never proposed again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.mentoring.matching import Candidate, MatchResult, MatchRules, SameOrgPolicy, match
from bot.mentoring.models import OPEN_PAIRS, PairStatus, Role
from storage.models import Member, Pairing, Program


def engine_input(
    program: Program, members: Sequence[Member], history: Sequence[Pairing], now: datetime
) -> tuple[list[Candidate], MatchRules]:
    seats_used = Counter(p.mentor_id for p in history if p.status in OPEN_PAIRS)
    mentees_paired = {p.mentee_id for p in history if p.status in OPEN_PAIRS}
    candidates = []
    for member in members:
        app = member.application
        if app is None:
            continue
        role = Role(app.role)
        can_mentor = role.mentors and (app.capacity or 0) > seats_used[member.user_id]
        wants_mentor = role in (Role.MENTEE, Role.BOTH) and member.user_id not in mentees_paired
        if not (can_mentor or wants_mentor):
            continue
        effective = (
            Role.BOTH if can_mentor and wants_mentor else Role.MENTOR if can_mentor else Role.MENTEE
        )
        offset = ZoneInfo(app.timezone).utcoffset(now)
        candidates.append(
            Candidate(
                id=member.user_id,
                role=effective,
                track=app.track,
                organization=app.organization,
                years_experience=app.years_experience,
                topics=frozenset(app.topics),
                goals=" ".join(app.goals),
                tz_offset_hours=offset.total_seconds() / 3600 if offset else 0.0,
                meeting_format=app.meeting_format,
                meeting_frequency=app.meeting_frequency,
                capacity=(app.capacity or 0) - seats_used[member.user_id] if can_mentor else 1,
                do_not_pair=frozenset(app.do_not_pair),
            )
        )
    rejected = {(p.mentor_id, p.mentee_id) for p in history if p.status == PairStatus.REJECTED}
    ever = {
        (p.mentor_id, p.mentee_id)
        for p in history
        if p.status not in (PairStatus.PROPOSED, PairStatus.REJECTED)
    }
    rules = MatchRules(
        same_org=SameOrgPolicy(program.same_org_policy),
        previous_pairs=frozenset(ever),
        rejected_pairs=frozenset(rejected),
    )
    return candidates, rules


def run_engine(candidates: list[Candidate], rules: MatchRules) -> MatchResult:
    return match(candidates, rules)

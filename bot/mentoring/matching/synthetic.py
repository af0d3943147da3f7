"""Seeded synthetic communities of municipal clerks, city managers and librarians.

For tests and benchmarks only. The spread is meant to look like a real program: organization
sizes follow a Zipf-like law (a few big cities, many small towns), topic popularity is skewed,
most people sit in the continental US time zones, experience differs between mentors and
mentees, and goal statements are built from phrases that share vocabulary unevenly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.mentoring.matching.models import (
    Candidate,
    CandidateStatus,
    Frequency,
    MatchRules,
    MeetingFormat,
    Role,
    SameOrgPolicy,
    Track,
)

TOPICS = (
    "budgeting",
    "public safety",
    "HR",
    "council relations",
    "records management",
    "elections",
    "open data",
    "procurement",
    "grant writing",
    "economic development",
    "zoning",
    "public works",
    "emergency management",
    "communications",
    "IT modernization",
    "library services",
    "youth programs",
    "cataloging",
    "digital literacy",
    "community engagement",
    "leadership",
    "change management",
    "labor relations",
    "parks and recreation",
    "utilities",
    "code enforcement",
    "ethics",
    "strategic planning",
    "performance management",
    "public records requests",
    "agenda management",
    "licensing and permits",
    "housing",
    "sustainability",
    "transportation",
    "collections development",
)

GOAL_PHRASES = (
    "build a realistic multi-year budget and explain it to council",
    "run cleaner elections with fewer provisional ballots",
    "digitize our paper records and set retention schedules",
    "answer public records requests faster and within the statute",
    "write competitive federal grant applications",
    "lead a team through a reorganization without losing people",
    "prepare for my first city manager interview",
    "negotiate with the union on the next labor contract",
    "launch an open data portal residents actually use",
    "modernize permitting with an online system",
    "grow teen attendance at library programs",
    "teach digital literacy classes for seniors",
    "weed and rebuild an aging nonfiction collection",
    "handle a hostile public comment period calmly",
    "create an emergency operations plan for floods",
    "improve council agenda packets and meeting minutes",
    "get promoted to deputy clerk within two years",
    "move from finance into general administration",
    "understand zoning variances and the planning commission",
    "measure performance with dashboards the council trusts",
    "manage procurement for a large public works project",
    "engage residents who never come to meetings",
    "set up a climate action and sustainability plan",
    "balance parks maintenance with a shrinking budget",
    "learn GIS for code enforcement and inspections",
    "mentor new staff and delegate better",
)

_TZ = (-5.0, -6.0, -7.0, -8.0, -9.0, -10.0, -4.0, 0.0, 1.0, 5.5, 10.0)
_TZ_P = (0.38, 0.25, 0.09, 0.15, 0.02, 0.02, 0.03, 0.02, 0.02, 0.01, 0.01)
_TRACK_P = (0.7, 0.1, 0.2)  # traditional, reverse, career


@dataclass(frozen=True)
class Community:
    candidates: list[Candidate]
    rules: MatchRules


def community(
    mentees: int,
    mentors: int,
    *,
    seed: int = 0,
    both_share: float = 0.05,
    max_capacity: int = 4,
    tracks: tuple[Track, ...] = tuple(Track),
    inactive_share: float = 0.03,
    same_org: SameOrgPolicy = SameOrgPolicy.DISCOURAGE,
) -> Community:
    """`mentees` people wanting a mentor and `mentors` offering (a share of them are BOTH)."""
    rng = np.random.default_rng(seed)
    total = mentees + mentors
    n_orgs = max(3, total // 8)
    org_p = 1.0 / np.arange(1, n_orgs + 1) ** 1.1
    org_p /= org_p.sum()
    topic_p = 1.0 / np.arange(1, len(TOPICS) + 1) ** 0.8
    topic_p = rng.permutation(topic_p / topic_p.sum())
    phrase_p = 1.0 / np.arange(1, len(GOAL_PHRASES) + 1) ** 0.7
    phrase_p /= phrase_p.sum()
    track_p = np.array([_TRACK_P[list(Track).index(t)] for t in tracks])
    track_p /= track_p.sum()
    cap_p = np.array([0.35, 0.35, 0.2, 0.1, 0.05][:max_capacity])
    cap_p /= cap_p.sum()

    n_both = round(both_share * min(mentees, mentors))
    roles = [Role.MENTEE] * (mentees - n_both) + [Role.MENTOR] * (mentors - n_both)
    roles += [Role.BOTH] * n_both
    roles = [roles[k] for k in rng.permutation(len(roles))]
    ids = [f"U{k:07d}" for k in rng.permutation(len(roles))]
    orgs = rng.choice(n_orgs, size=len(roles), p=org_p)
    track_idx = rng.choice(len(tracks), size=len(roles), p=track_p)
    tz = rng.choice(_TZ, size=len(roles), p=_TZ_P)
    formats = rng.choice(len(MeetingFormat), size=len(roles), p=[0.45, 0.15, 0.15, 0.05, 0.2])
    freqs = rng.choice(len(Frequency), size=len(roles), p=[0.1, 0.35, 0.45, 0.1])
    caps = 1 + rng.choice(max_capacity, size=len(roles), p=cap_p)
    status = rng.choice(
        3, size=len(roles), p=[1 - inactive_share, inactive_share * 0.6, inactive_share * 0.4]
    )
    n_topics = rng.integers(1, 6, size=len(roles))
    n_phrases = rng.integers(1, 3, size=len(roles))
    people = []
    for k, role in enumerate(roles):
        track = tracks[track_idx[k]]
        senior = role is Role.MENTOR or (role is Role.BOTH and rng.random() < 0.5)
        if track is Track.REVERSE:
            senior = not senior  # reverse mentors are the juniors with a skill
        years = int(rng.gamma(4.0, 4.0) if senior else rng.gamma(2.0, 2.0))
        topics = rng.choice(len(TOPICS), size=n_topics[k], replace=False, p=topic_p)
        phrases = rng.choice(len(GOAL_PHRASES), size=n_phrases[k], replace=False, p=phrase_p)
        people.append(
            Candidate(
                id=ids[k],
                role=role,
                track=track,
                organization=f"City {orgs[k]:05d}",
                years_experience=min(years, 45),
                topics=frozenset(TOPICS[t] for t in topics),
                goals="; ".join(GOAL_PHRASES[p] for p in phrases),
                tz_offset_hours=float(tz[k]),
                meeting_format=list(MeetingFormat)[formats[k]],
                meeting_frequency=list(Frequency)[freqs[k]],
                capacity=int(caps[k]),
                status=list(CandidateStatus)[status[k]],
            )
        )
    # A few do-not-pair wishes and previous pairs, as a real program accumulates them.
    mentee_ids = [p.id for p in people if p.wants_mentor]
    mentor_ids = [p.id for p in people if p.can_mentor]
    dnp_count = max(1, len(people) // 100)
    for k in rng.choice(len(people), size=min(dnp_count, len(people)), replace=False):
        other = ids[int(rng.integers(len(ids)))]
        if other != people[k].id:
            p = people[k]
            people[k] = Candidate(**{**p.__dict__, "do_not_pair": frozenset({other})})
    previous = set()
    if mentee_ids and mentor_ids:
        for _ in range(max(1, len(mentee_ids) // 50)):
            previous.add(
                (
                    mentor_ids[int(rng.integers(len(mentor_ids)))],
                    mentee_ids[int(rng.integers(len(mentee_ids)))],
                )
            )
    return Community(
        candidates=people,
        rules=MatchRules(same_org=same_org, previous_pairs=frozenset(previous)),
    )


# Words people use when they describe goals in their own words (besides the phrases above);
# each person mixes a few phrases' words with these, so most goal texts are unique.
_FREE_TEXT = (
    "improve learn understand manage lead build plan deliver present negotiate coach hire "
    "train mentor grow navigate balance measure automate streamline document publish engage "
    "budget audit forecast revenue levy bond debt reserve payroll pension benefits overtime "
    "council board commission mayor manager clerk deputy director supervisor staff union "
    "residents citizens voters patrons volunteers vendors contractors developers nonprofits "
    "records archives retention minutes agenda ordinance resolution policy statute "
    "compliance election ballot precinct canvass registration campaign petition referendum "
    "recall permit license inspection zoning variance subdivision annexation easement "
    "right-of-way library catalog collection circulation literacy storytime makerspace "
    "outreach branch broadband software website portal dashboard cybersecurity cloud "
    "migration database GIS grant federal state county regional rural suburban downtown "
    "waterfront corridor transit flood wildfire hurricane drought snow emergency shelter "
    "evacuation recovery resilience housing homelessness affordability rent zoning density "
    "infill parking bike pedestrian parks trails pool recreation youth seniors events "
    "festival tourism marketing branding conflict trust morale burnout retention succession "
    "promotion interview resume career confidence public speaking writing feedback "
    "delegation priorities time deadlines crisis"
)
_FREE_WORDS = tuple(_FREE_TEXT.split())


def association(mentees: int, mentors: int, *, seed: int = 0) -> Community:
    """The realistic association of the matching benchmarks: 30 topics, free-text goals (a
    phrase or two plus the person's own words), Zipf-sized organizations, 3 % of people with a
    do-not-pair wish, more mentees than seats (capacity 1-3), same-organization pairs
    forbidden. Built on `community` for the other fields."""
    base = community(mentees, mentors, seed=seed, max_capacity=3, same_org=SameOrgPolicy.FORBID)
    rng = np.random.default_rng(seed + 1)
    topics = TOPICS[:30]
    topic_p = 1.0 / np.arange(1, len(topics) + 1) ** 0.9
    topic_p = rng.permutation(topic_p / topic_p.sum())
    word_p = 1.0 / np.arange(1, len(_FREE_WORDS) + 1) ** 0.8
    word_p = rng.permutation(word_p / word_p.sum())
    ids = [c.id for c in base.candidates]
    wishes = set(rng.choice(len(ids), size=max(1, round(0.03 * len(ids))), replace=False).tolist())
    people = []
    for k, c in enumerate(base.candidates):
        picked = rng.choice(len(topics), size=int(rng.integers(1, 6)), replace=False, p=topic_p)
        words = rng.choice(len(_FREE_WORDS), size=int(rng.integers(4, 16)), p=word_p)
        phrase = GOAL_PHRASES[int(rng.integers(len(GOAL_PHRASES)))]
        goals = f"{phrase}; " + " ".join(_FREE_WORDS[w] for w in words)
        dnp = c.do_not_pair
        if k in wishes:
            other = ids[int(rng.integers(len(ids)))]
            dnp = dnp | {other} if other != c.id else dnp
        people.append(
            Candidate(
                **{
                    **c.__dict__,
                    "topics": frozenset(topics[t] for t in picked),
                    "goals": goals,
                    "do_not_pair": frozenset(dnp),
                }
            )
        )
    return Community(candidates=people, rules=base.rules)


def min_score_community(
    mentees: int, mentors: int, min_score: float, *, seed: int = 0
) -> Community:
    """The minimum-score family of the benchmarks: a plain community with plentiful seats
    (up to 4 each, half as many mentors as mentees) and a minimum score, so many pairs are
    ruled out by score and the candidate search has to prove it."""
    import dataclasses

    base = community(mentees, mentors, seed=seed, max_capacity=4)
    return Community(
        candidates=base.candidates, rules=dataclasses.replace(base.rules, min_score=min_score)
    )

"""Plain-English reasons for a proposed pair and for a mentee left unmatched."""

from __future__ import annotations

from collections import Counter

import numpy as np

from bot.mentoring.matching.criteria import CRITERIA, FREQUENCY_FIT, time_zone_distance
from bot.mentoring.matching.models import ExclusionRule, SameOrgPolicy, Track
from bot.mentoring.matching.pool import FORMATS, FREQUENCIES, UNKNOWN_ORG, TrackPool
from bot.mentoring.matching.text_similarity import shared_terms
from bot.mentoring.ports import mention

MAX_LISTED = 3  # topics or goal words named in one reason

_FORMAT_WORDS = {
    "video": "video",
    "phone": "phone",
    "in_person": "in person",
    "chat": "chat",
    "any": "any format",
}
_RULE_WORDS = {
    ExclusionRule.DO_NOT_PAIR: "a do-not-pair request",
    ExclusionRule.PREVIOUS_PAIR: "having been paired before",
    ExclusionRule.REJECTED_PAIR: "a coordinator's earlier rejection",
    ExclusionRule.SAME_ORGANIZATION: "the same-organization rule",
    ExclusionRule.BELOW_MIN_SCORE: "the minimum score",
}


def _listing(items: list[str]) -> str:
    shown = items[:MAX_LISTED]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _hours(value: float) -> str:
    text = f"{value:g}"
    return f"{text} hour" if value == 1 else f"{text} hours"


def pair_reasons(
    pool: TrackPool,
    mentee: int,
    mentor: int,
    components: np.ndarray,
    same_org: bool,
) -> tuple[str, ...]:
    """Reasons for one pair, the criterion contributing most first; a same-organization
    penalty, if any, comes last."""
    e, r = pool.mentees.candidates[mentee], pool.mentors.candidates[mentor]
    weights = pool.weights.as_tuple()
    ranked = sorted(
        range(len(CRITERIA)), key=lambda k: (-weights[k] * components[k], k)
    )  # stable on ties: criterion order
    reasons = []
    for k in ranked:
        if weights[k] * components[k] <= 0:
            continue
        text = _criterion_reason(pool, CRITERIA[k], mentee, mentor, e.topics, r.topics)
        if text:
            reasons.append(text)
    if same_org and pool.rules.same_org is SameOrgPolicy.DISCOURAGE:
        reasons.append(
            f"same organization ({e.organization}), which the program discourages: "
            f"-{pool.rules.same_org_penalty:g} on the score"
        )
    return tuple(reasons)


def _criterion_reason(
    pool: TrackPool,
    criterion: str,
    mentee: int,
    mentor: int,
    mentee_topics: frozenset[str],
    mentor_topics: frozenset[str],
) -> str | None:
    e, r = pool.mentees, pool.mentors
    if criterion == "topics":
        shared = []
        for w, word in enumerate((e.topic_bits[mentee] & r.topic_bits[mentor]).tolist()):
            while word:
                low = word & -word
                shared.append(pool.topics[w * 64 + low.bit_length() - 1])
                word ^= low
        if not shared:
            return None
        return (
            f"{_plural(len(shared), 'shared topic')}: {_listing(sorted(shared, key=str.casefold))}"
        )
    if criterion == "goals":
        terms = shared_terms(pool.tfidf, e.text, r.text, mentee, mentor)
        return f"similar goals ({_listing(terms)})" if terms else None
    if criterion == "experience":
        gap = int(r.experience[mentor]) - int(e.experience[mentee])
        if pool.track is Track.REVERSE and gap < 0:
            return f"reverse mentoring: mentor is {_plural(-gap, 'year')} newer to the field"
        if pool.track is Track.TRADITIONAL and gap > 0:
            return f"mentor has {_plural(gap, 'more year')} of experience"
        return None
    if criterion == "time_zone":
        distance = float(time_zone_distance(e.tz[mentee], r.tz[mentor]))
        if distance == 0:
            return "same time zone"
        return f"time zones {_hours(distance)} apart"
    if criterion == "meeting":
        return _meeting_reason(int(e.meeting_code[mentee]), int(r.meeting_code[mentor]))
    if criterion == "organization":
        if UNKNOWN_ORG in (e.org[mentee], r.org[mentor]):
            return None
        return "different organizations, so the hours count for professional-development credit"
    raise ValueError(criterion)


def _meeting_reason(code_a: int, code_b: int) -> str:
    per = len(FREQUENCIES)
    fa, fb = FORMATS[code_a // per].value, FORMATS[code_b // per].value
    qa, qb = FREQUENCIES[code_a % per], FREQUENCIES[code_b % per]
    if fa == fb:
        fmt = f"both prefer {_FORMAT_WORDS[fa]}"
    elif "any" in (fa, fb):
        concrete = fb if fa == "any" else fa
        fmt = f"{_FORMAT_WORDS[concrete]} suits both"
    else:
        fmt = f"{_FORMAT_WORDS[fa]} / {_FORMAT_WORDS[fb]}"
    if qa == qb:
        return f"{fmt}, {qa.value}"
    closeness = FREQUENCY_FIT[FREQUENCIES.index(qa), FREQUENCIES.index(qb)]
    joiner = "close" if closeness >= 0.6 else "different"
    return f"{fmt}; {joiner} rhythms ({qa.value} / {qb.value})"


_RULE_SENTENCES = {
    ExclusionRule.DO_NOT_PAIR: ("is on a do-not-pair list", "are on a do-not-pair list"),
    ExclusionRule.PREVIOUS_PAIR: ("was paired with them before", "were paired with them before"),
    ExclusionRule.REJECTED_PAIR: (
        "was rejected as their match by a coordinator",
        "were rejected as their match by a coordinator",
    ),
    ExclusionRule.SAME_ORGANIZATION: (
        "works at the same organization",
        "work at the same organization",
    ),
    ExclusionRule.BELOW_MIN_SCORE: (
        "fits below the program's minimum score",
        "fit below the program's minimum score",
    ),
}


def excluded_detail(track: Track, counts: Counter[ExclusionRule], mentors: int) -> str:
    """Every mentor on the track is ruled out for this mentee, as one plain sentence."""
    parts = [
        f"{count} {_RULE_SENTENCES[rule][0 if count == 1 else 1]}"
        for rule, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].value))
    ]
    if mentors == 1 and len(counts) == 1:
        (rule,) = counts
        return (
            f"No mentor on the {track.value} track can be proposed: the only one "
            f"{_RULE_SENTENCES[rule][0]}."
        )
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    every = "The only mentor" if mentors == 1 else f"All {mentors} mentors"
    verb = "is" if mentors == 1 else "are"
    return f"{every} on the {track.value} track {verb} ruled out for them: {listed}."


def capacity_detail(track: Track, compatible: int, only_mentor: str | None) -> str:
    """Mentors who could take this mentee exist, but their places went to others."""
    if only_mentor is not None:
        return (
            f"No mentor on the {track.value} track is free: the only one, "
            f"{mention(only_mentor)}, is at capacity."
        )
    if compatible == 1:
        return (
            f"No mentor on the {track.value} track has a free place: the one who suits them "
            "is at capacity."
        )
    return (
        f"No mentor on the {track.value} track has a free place "
        f"({compatible} suit them, all at capacity)."
    )


def no_mentor_detail(track: Track, *, any_mentor: bool) -> str:
    if any_mentor:  # a "both" member: the only mentor on the track is themselves
        return f"Nobody else mentors on the {track.value} track yet (they're its only mentor)."
    return f"No mentor has joined the {track.value} track yet."


def inactive_detail(status: str) -> str:
    return f"They're {status}, so they aren't matched until they're active again."

"""Benchmark of the matching engine against simple and exact baselines.

    .venv/bin/python benchmarks/matching.py            # all sizes, up to 100,000 mentees
    .venv/bin/python benchmarks/matching.py --quick    # small sizes only (about a minute)
    .venv/bin/python benchmarks/matching.py --family association   # the realistic association
    .venv/bin/python benchmarks/matching.py --family min-score     # minimum score, many seats
    .venv/bin/python benchmarks/matching.py --family cli           # `mentorbot match` end to end

Each (community, method) runs in its own forked process, so "peak RSS" is that process's
high-water mark (ru_maxrss): it includes the generated community itself, which is the honest
number for a memory limit. Wall time covers the method only (for the dense baselines: scoring
every pair plus solving).

Methods
- random: the chat-bot way. Shuffle, then give each mentee the next mentor on the same track
  with a free seat; no other rule is checked.
- greedy: best-first over allowed pairs by score (all pairs up to 10,000 mentees; above that
  over each mentee's top candidates from the engine's dense search, as a real greedy would).
- exact LSA: scipy.optimize.linear_sum_assignment on the dense capacity-expanded matrix with
  weight K + score (K = min(mentees, mentors) + 1) for allowed pairs, 0 otherwise; run where
  it fits the time budget.
- OR-Tools all arcs: every allowed pair scored (dense, float64) and OR-Tools' min-cost flow
  (maximum flow, then minimum cost) on all of them; the engine's solver without the pruning.
- engine: bot.mentoring.matching.match (reasons included).
- CLI: `mentorbot match` in a fresh process, from process start to the output file written.

Families: "standard" (synthetic.community, same-organization pairs forbidden), "association"
(synthetic.association: 30 topics, free-text goals, 3 % do-not-pair, fewer seats than
mentees), "min-score" (synthetic.min_score_community: plentiful seats and a minimum score).

Score ratio is total score / exact optimum (exact LSA where it ran, otherwise the engine's
result, which carries its own LP-duality certificate, reported in the notes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.mentoring.matching import Candidate, MatchRules, SameOrgPolicy, match
from bot.mentoring.matching.criteria import (
    MEETING_FIT,
    experience_fit,
    organization_fit,
    same_organization,
    time_zone_fit,
)
from bot.mentoring.matching.dense_search import dense_features, search_candidates
from bot.mentoring.matching.flow import SCALE
from bot.mentoring.matching.pool import TrackPool, build_pools, org_key
from bot.mentoring.matching.synthetic import Community, association, community, min_score_community

SEED = 2026


@dataclass
class Row:
    size: str
    method: str
    pairs: list[tuple[str, str]]
    total: float
    seconds: float
    peak_mb: float
    note: str = ""


def allowed(mentor: Candidate, mentee: Candidate, rules: MatchRules) -> bool:
    """Hard rules, written independently of the engine (minimum score checked elsewhere)."""
    if mentor.id == mentee.id or not (mentor.is_active and mentee.is_active):
        return False
    if not (mentor.can_mentor and mentee.wants_mentor) or mentor.track is not mentee.track:
        return False
    if mentee.id in mentor.do_not_pair or mentor.id in mentee.do_not_pair:
        return False
    both = {(mentor.id, mentee.id), (mentee.id, mentor.id)}
    if both & (rules.previous_pairs | rules.rejected_pairs):
        return False
    same = org_key(mentor.organization) != "" and org_key(mentor.organization) == org_key(
        mentee.organization
    )
    return not (same and rules.same_org is SameOrgPolicy.FORBID)


def violations(pairs: list[tuple[str, str]], people: list[Candidate], rules: MatchRules) -> int:
    by_id = {c.id: c for c in people}
    bad = sum(not allowed(by_id[a], by_id[b], rules) for a, b in pairs)
    load = Counter(a for a, _ in pairs)
    bad += sum(max(0, n - by_id[a].capacity) for a, n in load.items())
    twice = Counter(b for _, b in pairs)
    return bad + sum(n - 1 for n in twice.values() if n > 1)


def dense_scores(pool: TrackPool) -> tuple[np.ndarray, np.ndarray]:
    """Exact float64 scores of all pairs of a track (same formulas as criteria.score_pairs)
    and the allowed-pair mask."""
    e, r, rules = pool.mentees, pool.mentors, pool.rules
    shared = np.zeros((len(e), len(r)))
    for w in range(e.topic_bits.shape[1]):
        shared += np.bitwise_count(e.topic_bits[:, w, None] & r.topic_bits[None, :, w])
    coverage = np.divide(
        shared, e.topic_count[:, None], out=np.zeros_like(shared), where=e.topic_count[:, None] > 0
    )
    goals = np.clip((e.text @ r.text.T).toarray(), 0.0, 1.0)
    exp = experience_fit(
        r.experience[None, :].astype(float),
        e.experience[:, None].astype(float),
        pool.track,
        rules.target_experience_gap,
    )
    tz = time_zone_fit(e.tz[:, None], r.tz[None, :], rules.max_time_zone_gap)
    meet = MEETING_FIT[e.meeting_code[:, None], r.meeting_code[None, :]]
    org = organization_fit(e.org[:, None], r.org[None, :])
    w = pool.weights
    score = (
        w.topics * coverage
        + w.goals * goals
        + w.experience * exp
        + w.time_zone * tz
        + w.meeting * meet
        + w.organization * org
    )
    same = same_organization(e.org[:, None], r.org[None, :])
    if rules.same_org is SameOrgPolicy.DISCOURAGE:
        score = score - rules.same_org_penalty * same
    score = np.clip(score, 0.0, 1.0)
    ok = score >= rules.min_score
    rows, cols = pool.excluded.all_pairs()
    ok[rows, cols] = False
    if rules.same_org is SameOrgPolicy.FORBID:
        ok &= ~same
    return score, ok


def run_random(people: list[Candidate], rules: MatchRules) -> tuple[list, float]:
    rng = random.Random(SEED)
    active = [c for c in people if c.is_active]
    mentees = [c for c in active if c.wants_mentor]
    mentors = [c for c in active if c.can_mentor]
    rng.shuffle(mentees)
    rng.shuffle(mentors)
    seats = {c.id: c.capacity for c in mentors}
    by_track: dict[object, list[Candidate]] = {}
    for c in mentors:
        by_track.setdefault(c.track, []).append(c)
    cursor = Counter()
    free_seats = Counter()
    for c in mentors:
        free_seats[c.track] += c.capacity
    pairs = []
    for mentee in mentees:
        pool = by_track.get(mentee.track, [])
        if free_seats[mentee.track] == 0:
            continue
        for _ in range(len(pool)):
            mentor = pool[cursor[mentee.track] % len(pool)]
            cursor[mentee.track] += 1
            if seats[mentor.id] > 0 and mentor.id != mentee.id:
                seats[mentor.id] -= 1
                free_seats[mentee.track] -= 1
                pairs.append((mentor.id, mentee.id))
                break
    return pairs, 0.0


def run_greedy(people: list[Candidate], rules: MatchRules, dense: bool) -> tuple[list, float]:
    pairs, total = [], 0.0
    for pool in build_pools(people, rules):
        if dense:
            score, ok = dense_scores(pool)
            i, j = np.nonzero(ok)
            s = score[i, j]
        else:
            feats = dense_features(pool)
            cands = search_candidates(pool, feats)
            from bot.mentoring.matching.criteria import score_pairs

            i, j = cands.mentee, cands.mentor
            s = score_pairs(pool, i, j).score
            keep = s >= rules.min_score
            i, j, s = i[keep], j[keep], s[keep]
        order = np.lexsort((j, i, -s))
        seats = pool.capacity.copy()
        taken = np.zeros(len(pool.mentees), dtype=bool)
        left_seats, left_mentees = int(seats.sum()), len(pool.mentees)
        for k in order.tolist():
            if left_seats == 0 or left_mentees == 0:
                break
            a, b = int(i[k]), int(j[k])
            if not taken[a] and seats[b] > 0:
                taken[a] = True
                seats[b] -= 1
                left_seats -= 1
                left_mentees -= 1
                total += float(s[k])
                pairs.append((pool.mentors.candidates[b].id, pool.mentees.candidates[a].id))
    return pairs, total


def run_lsa(people: list[Candidate], rules: MatchRules) -> tuple[list, float]:
    pairs, total = [], 0.0
    for pool in build_pools(people, rules):
        n, m = len(pool.mentees), len(pool.mentors)
        if n == 0 or m == 0:
            continue
        score, ok = dense_scores(pool)
        slot_owner = np.repeat(np.arange(m), pool.capacity)
        weight = np.where(ok, min(n, m) + 1 + score, 0.0)[:, slot_owner]
        r, c = linear_sum_assignment(weight, maximize=True)
        used = ok[r, slot_owner[c]]
        for a, b in zip(r[used].tolist(), slot_owner[c][used].tolist(), strict=True):
            pairs.append((pool.mentors.candidates[b].id, pool.mentees.candidates[a].id))
            total += float(score[a, b])
    return pairs, total


def run_ortools_all_arcs(people: list[Candidate], rules: MatchRules) -> tuple[list, float]:
    from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

    pairs, total = [], 0.0
    for pool in build_pools(people, rules):
        n, m = len(pool.mentees), len(pool.mentors)
        if n == 0 or m == 0:
            continue
        score, ok = dense_scores(pool)
        i, j = np.nonzero(ok)
        s = score[i, j]
        source, sink = n + m, n + m + 1
        flow = SimpleMinCostFlow()
        tails = np.concatenate([np.full(n, source), i, n + np.arange(m)]).astype(np.int32)
        heads = np.concatenate([np.arange(n), n + j, np.full(m, sink)]).astype(np.int32)
        caps = np.concatenate([np.ones(n + len(i), np.int64), pool.capacity])
        costs = np.concatenate(
            [
                np.zeros(n, np.int64),
                int(SCALE) - np.rint(s * SCALE).astype(np.int64),
                np.zeros(m, np.int64),
            ]
        )
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, n)
        flow.set_node_supply(sink, -n)
        assert flow.solve_max_flow_with_min_cost() == SimpleMinCostFlow.OPTIMAL
        used = np.asarray(flow.flows(np.arange(n, n + len(i), dtype=np.int32))) > 0
        for a, b in zip(i[used].tolist(), j[used].tolist(), strict=True):
            pairs.append((pool.mentors.candidates[b].id, pool.mentees.candidates[a].id))
            total += float(score[a, b])
    return pairs, total


def run_cli(people: list[Candidate], rules: MatchRules) -> tuple[list, float, str]:
    """`mentorbot match` in a fresh process: process start to output file written."""
    import csv

    from bot.mentoring.matching.csv_io import write_applications

    with tempfile.TemporaryDirectory() as folder:
        applications, out = os.path.join(folder, "in.csv"), os.path.join(folder, "out.csv")
        write_applications(people, applications)
        cli = str(Path(sys.executable).with_name("mentorbot"))
        policy = rules.same_org.value
        start = time.perf_counter()
        subprocess.run(
            [cli, "match", applications, "--out", out, "--same-org", policy],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    pairs = [(r["mentor_id"], r["mentee_id"]) for r in rows if r.get("mentor_id")]
    return pairs, seconds, f"{seconds:.2f} s from process start"


def run_engine(people: list[Candidate], rules: MatchRules) -> tuple[list, float, str]:
    result = match(people, rules)
    pairs = [(p.mentor_id, p.mentee_id) for p in result.proposals]
    s = result.stats
    note = (
        f"certified gap {s.duality_gap:.1e}, {s.candidate_edges:,} candidate pairs, "
        f"{s.pricing_rounds} pricing rounds"
    )
    return pairs, result.total_score, note


def make(family: str, mentees: int, mentors: int, min_score: float = 0.0) -> Community:
    if family == "association" or family == "cli":
        return association(mentees, mentors, seed=SEED)
    if family == "min-score":
        return min_score_community(mentees, mentors, min_score, seed=SEED)
    return community(mentees, mentors, seed=SEED, same_org=SameOrgPolicy.FORBID)


def _child(  # type: ignore[no-untyped-def]
    family: str, mentees: int, mentors: int, min_score: float, method: str, conn
) -> None:
    com = make(family, mentees, mentors, min_score)
    people, rules = com.candidates, com.rules
    start = time.perf_counter()
    note = ""
    cli_seconds = None
    if method == "random":
        pairs, total = run_random(people, rules)
        # Scores of the random pairs, for the ratio (scored outside the timed part).
    elif method == "greedy":
        pairs, total = run_greedy(people, rules, dense=mentees <= 10_000)
        if mentees > 10_000:
            note = "over the engine's top candidates (all pairs do not fit)"
    elif method == "exact LSA":
        pairs, total = run_lsa(people, rules)
    elif method == "OR-Tools all arcs":
        pairs, total = run_ortools_all_arcs(people, rules)
    elif method == "CLI":
        pairs, cli_seconds, note = run_cli(people, rules)
        total = 0.0
    else:
        pairs, total, note = run_engine(people, rules)
    seconds = time.perf_counter() - start if cli_seconds is None else cli_seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if method in ("random", "CLI"):
        total = score_of(pairs, people, rules)
    bad = violations(pairs, people, rules)
    conn.send((pairs, total, seconds, peak_mb, note, bad, len(people)))
    conn.close()


def score_of(pairs: list[tuple[str, str]], people: list[Candidate], rules: MatchRules) -> float:
    """Scores of arbitrary pairs (rule-breaking ones included) under the engine's formula."""
    from bot.mentoring.matching.criteria import score_pairs

    total = 0.0
    for pool in build_pools(people, rules):
        e = {c.id: k for k, c in enumerate(pool.mentees.candidates)}
        r = {c.id: k for k, c in enumerate(pool.mentors.candidates)}
        keep = [(r[a], e[b]) for a, b in pairs if a in r and b in e]
        if keep:
            jj, ii = (np.array(x, dtype=np.int64) for x in zip(*keep, strict=True))
            total += float(score_pairs(pool, ii, jj).score.sum())
    return total


def measure(
    mentees: int, mentors: int, method: str, family: str = "standard", min_score: float = 0.0
) -> dict[str, object]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(family, mentees, mentors, min_score, method, child))
    proc.start()
    pairs, total, seconds, peak, note, bad, people = parent.recv()
    proc.join()
    return {
        "pairs": len(pairs),
        "total": total,
        "seconds": seconds,
        "peak_mb": peak,
        "note": note,
        "violations": bad,
        "people": people,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument(
        "--family", choices=("standard", "association", "min-score", "cli"), default="standard"
    )
    parser.add_argument("--big", action="store_true", help="association: also 100,000 mentees")
    args = parser.parse_args()
    if args.family != "standard":
        return ratios(args.family, args.big)
    sizes = (
        [(1_000, 250), (3_000, 750)]
        if args.quick
        else [
            (1_000, 250),
            (3_000, 750),
            (10_000, 2_500),
            (100_000, 25_000),
        ]
    )
    lines = [
        "| mentees / mentors | method | score / optimum | matched | rule violations "
        "| wall time | peak RSS | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mentees, mentors in sizes:
        methods = ["random", "greedy"]
        if mentees <= 10_000:
            methods.append("exact LSA")
        methods.append("engine")
        results = {m: measure(mentees, mentors, m) for m in methods}
        reference = results.get("exact LSA", results["engine"])
        optimum = float(reference["total"])
        for method, r in results.items():
            ratio = float(r["total"]) / optimum if optimum else float("nan")
            note = str(r["note"])
            if method == "engine" and "exact LSA" in results:
                diff = abs(float(r["total"]) - optimum) / optimum
                note = f"relative diff to exact {diff:.1e}; " + note
            lines.append(
                f"| {mentees:,} / {mentors:,} | {method} | {ratio:.6f} | {r['pairs']:,} "
                f"| {r['violations']} | {r['seconds']:.2f} s | {r['peak_mb']:,.0f} MB | {note} |"
            )
            print(lines[-1], flush=True)
    print()
    print("\n".join(lines))


def ratios(family: str, big: bool) -> None:
    """Engine (or CLI) against the exact solvers on the same instance: time ratios and the
    relative difference of the totals (with equal matched counts)."""
    if family == "min-score":
        cases = [(3_000, 1_500, 0.5), (5_000, 2_500, 0.6)]
        methods = ["OR-Tools all arcs", "engine"]
    elif family == "cli":
        cases = [(1_000, 250, 0.0), (10_000, 2_500, 0.0)]
        methods = ["exact LSA", "CLI"]
    else:
        cases = [(1_000, 250, 0.0), (10_000, 2_500, 0.0)] + (
            [(100_000, 25_000, 0.0)] if big else []
        )
        methods = ["exact LSA", "OR-Tools all arcs", "engine"]
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    lines = [
        "| family | mentees / mentors | min score | method | matched | total score | rule "
        "violations | wall time | peak RSS | vs. exact | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for mentees, mentors, min_score in cases:
        use = [m for m in methods if not (mentees > 10_000 and m != "engine")]
        results = {m: measure(mentees, mentors, m, family, min_score) for m in use}
        reference = next(iter(results.values()))
        for method, r in results.items():
            versus = ""
            if method != use[0]:
                diff = abs(float(r["total"]) - float(reference["total"])) / max(
                    float(reference["total"]), 1.0
                )
                same = r["pairs"] == reference["pairs"]
                ratio = float(r["seconds"]) / float(reference["seconds"])
                count = "same" if same else "DIFFERENT"
                versus = f"{ratio:.2f}x time; rel. diff {diff:.1e}; {count} count"
            lines.append(
                f"| {family} | {mentees:,} / {mentors:,} | {min_score or '-'} | {method} "
                f"| {r['pairs']:,} | {float(r['total']):.6f} | {r['violations']} "
                f"| {float(r['seconds']):.2f} s | {float(r['peak_mb']):,.0f} MB "
                f"| {versus} | {r['note']} |"
            )
            print(lines[-1], flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()

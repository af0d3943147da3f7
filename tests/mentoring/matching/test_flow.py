"""The min-cost flow solver, its duals, and the lean import path of `mentorbot match`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.mentoring.matching import flow
from bot.mentoring.matching.flow import Edges, lp_duals, solve_assignment
from bot.mentoring.matching.pool import build_pools
from bot.mentoring.matching.solver import solve_track
from bot.mentoring.matching.synthetic import association, min_score_community

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "bot" / "mentoring" / "matching" / "sample_applications.csv"


def test_cardinality_comes_before_score() -> None:
    # Mentee 0 scores 0.9 with mentor 1, the only mentor mentee 1 can take: the best total
    # score (0.9) would leave mentee 1 out; two matched mentees (0.2) win.
    edges = Edges.build(2, 2, np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0.1, 0.9, 0.1]))
    owner = solve_assignment(edges, np.array([1, 1]))
    assert owner.tolist() == [0, 1]
    duals = lp_duals(edges, np.array([1, 1]), owner, offset=3.0)
    w = 3.0 + edges.score
    assert (duals.u[edges.mentee] + duals.v[edges.mentor] >= w - 1e-12).all()
    gap = duals.u.sum() + duals.v.sum() - (w[0] + w[2])
    assert duals.exact and abs(gap) < 1e-12


@pytest.mark.parametrize("seed", range(3))
def test_shortest_paths_by_label_correcting_equal_the_flow_fallback(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    com = association(300, 80, seed=seed)
    seen: list[tuple] = []
    original = flow._shortest_paths

    def spy(*args):  # type: ignore[no-untyped-def]
        dist = original(*args)
        seen.append((args, dist))
        return dist

    monkeypatch.setattr(flow, "_shortest_paths", spy)
    for pool in build_pools(com.candidates, com.rules):
        assert solve_track(pool).certified
    assert seen
    for args, dist in seen:
        assert np.array_equal(flow._shortest_paths_by_flow(*args), dist)


def test_minimum_score_family_is_certified_and_respects_the_minimum() -> None:
    com = min_score_community(400, 200, 0.6, seed=1)
    for pool in build_pools(com.candidates, com.rules):
        got = solve_track(pool, per_mentee=2, per_mentor=2)
        assert got.certified
        assert (got.score[got.mentor_of >= 0] >= 0.6).all()


def test_match_command_imports_no_database_or_slack_modules(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        f"assert main(['match', {str(SAMPLE)!r}, '--out', {str(out)!r}]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'pydantic', 'pydantic_settings', 'slack_bolt', 'slack_sdk', 'aiohttp', "
        "'storage', 'alembic', 'asyncpg', 'aiosqlite', 'asyncio'})\n"
        "print(heavy)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    assert out.exists()


def test_pricing_scores_rows_again_when_the_pool_is_too_big_to_keep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.mentoring.matching import dense_search

    com = association(500, 120, seed=4)
    pools = build_pools(com.candidates, com.rules)
    kept = [solve_track(pool, per_mentee=2, per_mentor=2) for pool in pools]
    monkeypatch.setattr(dense_search, "KEEP_SCORES_MAX", 0)
    scored = [solve_track(pool, per_mentee=2, per_mentor=2) for pool in pools]
    for a, b in zip(kept, scored, strict=True):
        assert a.certified and b.certified
        assert np.array_equal(a.mentor_of, b.mentor_of)


@pytest.mark.parametrize("seed", range(3))
def test_big_pool_path_equals_the_exact_optimum(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pools too big to keep their scores price from the reserve first, then whole rows."""
    from bot.mentoring.matching import dense_search
    from tests.mentoring.matching.test_solver import exact_optimum

    monkeypatch.setattr(dense_search, "KEEP_SCORES_MAX", 0)
    monkeypatch.setattr(dense_search, "RESERVE_PER_MENTEE", 3)
    com = association(220, 60, seed=seed)
    for pool in build_pools(com.candidates, com.rules):
        got = solve_track(pool, per_mentee=1, per_mentor=2)
        count, total = exact_optimum(pool)
        assert int((got.mentor_of >= 0).sum()) == count
        assert abs(float(got.score.sum()) - total) <= 1e-9 * max(1.0, total)
        assert got.certified


def test_goal_similarity_reads_the_same_bits_densely_and_by_join(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.mentoring.matching import text_similarity

    com = association(400, 100, seed=7)
    pool = build_pools(com.candidates, com.rules)[0]
    rng = np.random.default_rng(7)
    i = np.sort(rng.integers(0, len(pool.mentees), 5000))
    j = rng.integers(0, len(pool.mentors), 5000)
    dense = text_similarity.cosine_pairs(pool.mentees.text, pool.mentors.text, i, j)
    monkeypatch.setattr(text_similarity, "DENSE_LOOKUP_MAX", 0)
    joined = text_similarity.cosine_pairs(pool.mentees.text, pool.mentors.text, i, j)
    assert np.array_equal(dense, joined)
    assert (dense > 0).mean() > 0.3  # goal texts do overlap: the test compares real sums

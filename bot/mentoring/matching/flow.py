"""The assignment of a candidate graph by OR-Tools' min-cost flow, and LP duals that prove it.

Network: source -> mentee (capacity 1), mentee -> mentor (capacity 1, cost SCALE - sigma_ij),
mentor -> sink (capacity c_j). OR-Tools' `solve_max_flow_with_min_cost` first maximizes the flow
(most mentees matched) and then minimizes the cost among maximum flows (highest total score):
the lexicographic objective without a big weight K in the integer costs.

Scores become integers sigma = round(score x SCALE). With SCALE = 2^40 each pair is off by at
most 4.6e-13, so the assignment is optimal for the float scores within 1e-12 per matched pair;
`lp_duals` then proves how close, in floats, through the duals of the LP with weight K + score
(solver.py checks them against every pair of the track, pruned ones included).

Duals without K in integers: after a maximum flow, a minimum cut of the residual network splits
the nodes into a side R that no residual arc leaves (with the source) and the rest. Mentees
outside R and mentors inside R form a minimum vertex cover (Konig), and every held pair lies
inside one side. Duals of the weight
K + score are then u = K [i not in R] + u~, v = K [j in R] + v~ with (u~, v~) the score part:
shortest-path potentials of a system of difference constraints over mentors whose weights are
score differences in [-1, 1], solved in integers by the same min-cost flow code (a
shortest-path tree is a min-cost flow from one root to every node).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

SCALE_BITS = 40
SCALE = float(2**SCALE_BITS)  # integer cost units per score unit
MAX_RELAX_ROUNDS = 200


class FlowError(RuntimeError):
    """OR-Tools refused the network (a bug here, never bad input): the caller reports it."""


@dataclass(frozen=True)
class Edges:
    """Candidate pairs of one track, sorted by (mentee, mentor), with integer scores."""

    n: int
    m: int
    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.float64]
    sigma: NDArray[np.int64]  # round(score * SCALE)

    @classmethod
    def build(
        cls,
        n: int,
        m: int,
        mentee: NDArray[np.int64],
        mentor: NDArray[np.int64],
        score: NDArray[np.float64],
    ) -> Edges:
        order = np.lexsort((mentor, mentee))
        mentee, mentor, score = mentee[order], mentor[order], score[order]
        sigma = np.rint(score * SCALE).astype(np.int64)
        return cls(n, m, mentee, mentor, score, sigma)

    @functools.cached_property
    def keys(self) -> NDArray[np.int64]:
        return self.mentee * max(self.m, 1) + self.mentor  # sorted, by construction

    def contains(self, mentee: NDArray[np.int64], mentor: NDArray[np.int64]) -> NDArray[np.bool_]:
        keys = self.keys
        if not len(keys):
            return np.zeros(len(mentee), dtype=bool)
        wanted = mentee * max(self.m, 1) + mentor
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return keys[at] == wanted


def solve_assignment(edges: Edges, capacity: NDArray[np.int64]) -> NDArray[np.int64]:
    """Mentor index per mentee (-1 unmatched): most mentees matched, then highest total of
    the integer scores. Deterministic: OR-Tools is, and the arcs come in (mentee, mentor)
    order."""
    n, m = edges.n, edges.m
    owner = np.full(n, -1, dtype=np.int64)
    if not len(edges.mentee):
        return owner
    source, sink = n + m, n + m + 1
    users = np.unique(edges.mentee)
    used_mentors = np.unique(edges.mentor)
    tails = np.concatenate([np.full(len(users), source), edges.mentee, n + used_mentors])
    heads = np.concatenate([users, n + edges.mentor, np.full(len(used_mentors), sink)])
    caps = np.concatenate(
        [np.ones(len(users) + len(edges.mentee), np.int64), capacity[used_mentors]]
    )
    # Non-negative costs: among maximum flows (fixed size F) the cost F x SCALE - sum(sigma)
    # is lowest exactly when the total score is highest.
    costs = np.concatenate(
        [
            np.zeros(len(users), np.int64),
            int(SCALE) - edges.sigma,
            np.zeros(len(used_mentors), np.int64),
        ]
    )
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs.astype(np.int64)
    )
    # Supplies bound the flow from above; the maximum flow is what the network lets through.
    flow.set_node_supply(source, len(users))
    flow.set_node_supply(sink, -len(users))
    status = flow.solve_max_flow_with_min_cost()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise FlowError(f"min-cost flow on the candidate graph ended with status {status}")
    first = len(users)
    arcs = np.arange(first, first + len(edges.mentee), dtype=np.int32)
    held = np.asarray(flow.flows(arcs)) > 0
    owner[edges.mentee[held]] = edges.mentor[held]
    return owner


@dataclass(frozen=True)
class Duals:
    u: NDArray[np.float64]  # per mentee
    v: NDArray[np.float64]  # per mentor
    exact: bool  # the potentials satisfied every constraint in integers


def lp_duals(
    edges: Edges, capacity: NDArray[np.int64], owner: NDArray[np.int64], offset: float
) -> Duals:
    """Duals of max sum (offset + score) x over the candidate graph, complementary-slack with
    `owner` (exactly, for the integer scores): see the module docstring."""
    n = edges.n
    mentee_in_r, mentor_in_r = _residual_reach(edges, capacity, owner)
    v_score, exact = _score_potentials(edges, capacity, owner, mentee_in_r, mentor_in_r)
    v = np.maximum(offset * mentor_in_r + v_score, 0.0)
    return Duals(u=mentee_duals(edges, v, offset, n), v=v, exact=exact)


def mentee_duals(
    edges: Edges, v: NDArray[np.float64], offset: float, n: int
) -> NDArray[np.float64]:
    """The smallest u >= 0 with u_i + v_j >= offset + s_ij on every candidate pair."""
    u = np.zeros(n)
    if len(edges.mentee):
        np.maximum.at(u, edges.mentee, offset + edges.score - v[edges.mentor])
    return u


def _residual_reach(
    edges: Edges, capacity: NDArray[np.int64], owner: NDArray[np.int64]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """The source side S of a minimum cut in the residual network (no residual arc leaves S):
    mentees outside S and mentors inside S form a minimum vertex cover. Of the two canonical
    cuts, the one that will suit the pairs pruned from the candidate graph: when seats are
    scarce every mentor ends up covered in the whole graph, so S is everything that cannot
    reach a free seat; otherwise S is what the unmatched mentees reach."""
    n, m = edges.n, edges.m
    source, sink = n + m, n + m + 1
    held = owner[edges.mentee] == edges.mentor
    load = np.bincount(owner[owner >= 0], minlength=m)
    unmatched = np.flatnonzero(owner < 0)
    short = np.flatnonzero(load < capacity)
    # Residual arcs: source -> unmatched mentee, unused pair mentee -> mentor, held pair
    # mentor -> mentee, mentor with a free seat -> sink.
    tail = np.concatenate(
        [
            np.full(len(unmatched), source),
            edges.mentee[~held],
            n + edges.mentor[held],
            n + short,
        ]
    )
    head = np.concatenate(
        [unmatched, n + edges.mentor[~held], edges.mentee[held], np.full(len(short), sink)]
    )
    users = len(np.unique(edges.mentee))
    side = np.zeros(n + m + 2, dtype=bool)
    if int(capacity.sum()) < users:
        order, _ = _breadth_first(head, tail, sink, n + m + 2)  # who can reach the sink
        side[:] = True
        side[order] = False
    else:
        order, _ = _breadth_first(tail, head, source, n + m + 2)
        side[order] = True
    mentee_in_s, mentor_in_s = side[:n], side[n : n + m]
    if side[sink] or not side[source] or (mentor_in_s & (load < capacity)).any():
        raise FlowError("the flow was not maximum: a mentor with a free seat is reachable")
    if not mentee_in_s[unmatched].all():
        raise FlowError("the flow was not maximum: an unmatched mentee reaches a free seat")
    return mentee_in_s, mentor_in_s


def _score_potentials(
    edges: Edges,
    capacity: NDArray[np.int64],
    owner: NDArray[np.int64],
    mentee_in_r: NDArray[np.bool_],
    mentor_in_r: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], bool]:
    """The score part v~ of the mentor duals. Variables x over mentors plus a reference z
    (v~ = x - x_z); each constraint x_head <= x_tail + w is an arc tail -> head of cost w:
      i holds j, j' another candidate on i's side of the cut:  x_j <= x_j' + s_ij - s_ij'
      i in R unmatched, j' a candidate:                        x_z <= x_j' - s_ij'  (u~_i = 0)
      i in R holds j:                                          x_j <= x_z + s_ij    (u~_i >= 0)
      j not in R:                                              x_z <= x_j           (v~_j >= 0)
      j not in R, not full:                                    x_j <= x_z           (v~_j = 0)
    Outside R a mentee is covered (u = K + u~ may go below K) and inside R a mentor is
    (v = K + v~): those carry no sign constraint."""
    n, m = edges.n, edges.m
    z, root = m, m + 1
    held_mentor = owner[edges.mentee]
    is_held = held_mentor == edges.mentor
    held_sigma = np.zeros(n, np.int64)
    held_sigma[edges.mentee[is_held]] = edges.sigma[is_held]
    side = mentee_in_r[edges.mentee] == mentor_in_r[edges.mentor]
    other = (held_mentor >= 0) & ~is_held & side
    free_in_r = (held_mentor < 0) & mentee_in_r[edges.mentee]
    holders = np.flatnonzero((owner >= 0) & mentee_in_r)
    outside = np.flatnonzero(~mentor_in_r)
    load = np.bincount(owner[owner >= 0], minlength=m)
    short = outside[load[outside] < capacity[outside]]
    tail = np.concatenate(
        [
            edges.mentor[other],
            edges.mentor[free_in_r],
            np.full(len(holders), z),
            outside,
            np.full(len(short), z),
            np.full(m + 1, root),
        ]
    )
    head = np.concatenate(
        [
            held_mentor[other],
            np.full(int(free_in_r.sum()), z),
            owner[holders],
            np.full(len(outside), z),
            short,
            np.arange(m + 1),
        ]
    )
    cost = np.concatenate(
        [
            held_sigma[edges.mentee[other]] - edges.sigma[other],
            -edges.sigma[free_in_r],
            held_sigma[holders],
            np.zeros(len(outside) + len(short) + m + 1, np.int64),
        ]
    )
    dist = _shortest_paths(tail, head, cost, root, m + 2)
    exact = bool(np.all(dist[head] <= dist[tail] + cost))
    return (dist[:m] - dist[z]).astype(np.float64) / SCALE, exact


def _shortest_paths(
    tail: NDArray[np.int64],
    head: NDArray[np.int64],
    cost: NDArray[np.int64],
    root: int,
    nodes: int,
) -> NDArray[np.int64]:
    """Distances from `root` on arcs that may cost less than zero but form no negative cycle.
    Label correcting from the root, all nodes of a round at once: here the shortest paths are
    a few dozen arcs long, so it ends in a few milliseconds; if it has not settled after
    MAX_RELAX_ROUNDS, the min-cost flow below finishes the job in guaranteed time."""
    order = _order_by(tail, nodes)
    t, h, c = tail[order], head[order], cost[order]
    indptr = np.searchsorted(t, np.arange(nodes + 1))
    dist = np.full(nodes, np.iinfo(np.int64).max // 4, np.int64)
    dist[root] = 0
    frontier = np.array([root], dtype=np.int64)
    for _ in range(MAX_RELAX_ROUNDS):
        if not len(frontier):
            return dist
        starts = indptr[frontier]
        counts = indptr[frontier + 1] - starts
        pos = np.arange(int(counts.sum())) + np.repeat(
            starts - (np.cumsum(counts) - counts), counts
        )
        before = dist.copy()
        np.minimum.at(dist, h[pos], dist[t[pos]] + c[pos])
        frontier = np.flatnonzero(dist < before)
    return _shortest_paths_by_flow(tail, head, cost, root, nodes)


def _shortest_paths_by_flow(
    tail: NDArray[np.int64],
    head: NDArray[np.int64],
    cost: NDArray[np.int64],
    root: int,
    nodes: int,
) -> NDArray[np.int64]:
    """Distances from `root` (which has an arc to every node) on arcs that may cost less than
    zero but form no negative cycle: the min-cost flow sending one unit from the root to every
    node routes each unit along a shortest path, so every arc carrying flow is tight and a
    walk over those arcs from the root reads the distances off."""
    # Parallel arcs: only the cheapest matters (and the walk below needs one arc per pair).
    order = np.lexsort((cost, head, tail))
    tail, head, cost = tail[order], head[order], cost[order]
    first = np.ones(len(tail), dtype=bool)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    tail, head, cost = tail[first], head[first], cost[first]
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tail.astype(np.int32),
        head.astype(np.int32),
        np.full(len(tail), nodes, np.int64),
        cost.astype(np.int64),
    )
    supply = np.full(nodes, -1, np.int64)
    supply[root] = nodes - 1
    flow.set_nodes_supplies(np.arange(nodes, dtype=np.int32), supply)
    status = flow.solve()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise FlowError(f"shortest paths for the duals ended with status {status}")
    carried = np.asarray(flow.flows(np.arange(len(tail), dtype=np.int32))) > 0
    t, h, c = tail[carried], head[carried], cost[carried]
    order, parent = _breadth_first(t, h, root, nodes)
    key = t * nodes + h
    sort = np.argsort(key, kind="stable")
    children = order[1:]
    at = sort[np.searchsorted(key[sort], parent[children] * nodes + children)]
    step = np.zeros(nodes, np.int64)
    step[children] = c[at]  # cost of the tree arc into each node
    dist = [0] * nodes
    par, stp = parent.tolist(), step.tolist()
    for node in children.tolist():  # BFS order: a parent's distance is known first
        dist[node] = dist[par[node]] + stp[node]
    return np.array(dist, dtype=np.int64)


def _breadth_first(
    tail: NDArray[np.int64], head: NDArray[np.int64], root: int, nodes: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Nodes reachable from `root` in breadth-first order, and each one's parent (-1 for the
    root and unreached nodes). numpy only: scipy.sparse.csgraph would add 0.1 s of imports to
    every `mentorbot match`."""
    by_tail = _order_by(tail, nodes)
    t, h = tail[by_tail], head[by_tail]
    indptr = np.searchsorted(t, np.arange(nodes + 1))
    parent = np.full(nodes, -1, np.int64)
    seen = np.zeros(nodes, dtype=bool)
    seen[root] = True
    frontier = np.array([root], dtype=np.int64)
    levels = [frontier]
    while len(frontier):
        starts = indptr[frontier]
        counts = indptr[frontier + 1] - starts
        pos = np.arange(int(counts.sum())) + np.repeat(
            starts - (np.cumsum(counts) - counts), counts
        )
        nxt, src = h[pos], t[pos]
        fresh = ~seen[nxt]
        nxt, src = nxt[fresh], src[fresh]
        nxt, first = np.unique(nxt, return_index=True)
        seen[nxt] = True
        parent[nxt] = src[first]
        frontier = nxt
        levels.append(frontier)
    return np.concatenate(levels), parent


def _order_by(keys: NDArray[np.int64], nodes: int) -> NDArray[np.int64]:
    """Stable argsort of node numbers; as 16-bit keys numpy uses a radix sort (several times
    faster on the millions of arcs of a big pool)."""
    if nodes <= np.iinfo(np.uint16).max:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    return np.argsort(keys, kind="stable")

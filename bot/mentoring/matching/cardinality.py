"""Maximum-cardinality b-matching and its Konig cover, the starting point of the auction.

With weights K + score, the cardinality part of the optimal dual is a minimum vertex cover
scaled by K (Konig). Starting the auction from a maximum matching priced by that cover puts
every mentee within 1 of complementary slackness, so scaling can begin at epsilon = 1 instead
of at the size of K, which would inflate prices that the reverse auction then has to bring
down in small steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from bot.mentoring.matching.auction import Graph


@dataclass(frozen=True)
class CardinalityStart:
    owner: NDArray[np.int64]  # mentor per mentee, -1 if unmatched
    mentor_in_cover: NDArray[np.bool_]  # full in every maximum matching: priced at K
    matched: int


def maximum_matching(graph: Graph, capacity: NDArray[np.int64]) -> CardinalityStart:
    n, m = len(graph.indptr) - 1, len(capacity)
    source, sink = n + m, n + m + 1
    mentee = np.repeat(np.arange(n), np.diff(graph.indptr))
    tail = np.concatenate([np.full(n, source), mentee, n + np.arange(m)])
    head = np.concatenate([np.arange(n), n + graph.mentor, np.full(m, sink)])
    cap = np.concatenate([np.ones(n + len(mentee)), capacity]).astype(np.int32)
    nodes = n + m + 2
    network = sp.csr_matrix((cap, (tail, head)), shape=(nodes, nodes))
    flow = maximum_flow(network, source, sink, method="dinic").flow.tocsr()
    used = np.asarray(flow[tail, head]).ravel()
    edge_used = used[n : n + len(mentee)] > 0
    owner = np.full(n, -1, dtype=np.int64)
    owner[mentee[edge_used]] = graph.mentor[edge_used]
    # Konig: Z = nodes reachable from the source in the residual network.
    forward = used < cap
    backward = used > 0
    residual = sp.csr_matrix(
        (
            np.ones(int(forward.sum() + backward.sum()), dtype=np.int8),
            (
                np.concatenate([tail[forward], head[backward]]),
                np.concatenate([head[forward], tail[backward]]),
            ),
        ),
        shape=(nodes, nodes),
    )
    reached = np.zeros(nodes, dtype=bool)
    reached[breadth_first_order(residual, source, directed=True, return_predecessors=False)] = True
    return CardinalityStart(
        owner=owner,
        mentor_in_cover=reached[n : n + m],
        matched=int(edge_used.sum()),
    )

"""Maximum-weight bipartite b-matching by the auction algorithm with epsilon-scaling.

Mentees bid for mentors; a mentor of capacity c is c slots with their own prices. Every
mentee may also stay unmatched (a private "dummy" worth 0), so the problem is asymmetric and,
following Bertsekas ("Linear Network Optimization", ch. 4), each scaling phase runs the
forward auction (mentees bid, prices rise) and then the reverse auction (under-filled mentors
with a positive price lower it to attract mentees) until epsilon-complementary slackness holds
everywhere and every mentor that is not full has price 0. That state is within
(#mentees x epsilon) of the optimum; duals.exact_mentor_duals then usually turns it into an exact
certificate long before epsilon reaches rounding level.

Everything is vectorized over the mentees (or mentors) active in a round. Ties are broken by
the lowest index, i.e. by id, so the outcome is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FREE = -1
DUMMY = -2  # unmatched by choice: no mentor is worth its price


def segments(
    indptr: NDArray[np.int64], rows: NDArray[np.int64]
) -> tuple[NDArray, NDArray, NDArray]:
    """Positions of the CSR segments of `rows`, laid end to end: (positions, starts, lengths)."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    out_starts = np.zeros(len(rows), dtype=np.int64)
    if len(rows) > 1:
        np.cumsum(lengths[:-1], out=out_starts[1:])
    total = int(lengths.sum())
    positions = np.arange(total, dtype=np.int64) - np.repeat(out_starts - starts, lengths)
    return positions, out_starts, lengths


def first_max(
    values: NDArray[np.float64], starts: NDArray, lengths: NDArray
) -> tuple[NDArray, NDArray]:
    """Per non-empty segment: the maximum and the position of its first occurrence."""
    best = np.maximum.reduceat(values, starts)
    at = np.where(values == np.repeat(best, lengths), np.arange(len(values)), len(values))
    return best, np.minimum.reduceat(at, starts)


def run_starts(keys: NDArray) -> NDArray[np.bool_]:
    """True where a run of equal consecutive keys begins."""
    out = np.ones(len(keys), dtype=bool)
    out[1:] = keys[1:] != keys[:-1]
    return out


@dataclass
class Graph:
    """Candidate edges, CSR by mentee (mentors ascending in a row) plus the CSC view."""

    indptr: NDArray[np.int64]
    mentor: NDArray[np.int64]
    value: NDArray[np.float64]
    col_indptr: NDArray[np.int64]
    col_mentee: NDArray[np.int64]
    col_value: NDArray[np.float64]

    @classmethod
    def build(
        cls,
        n: int,
        m: int,
        mentee: NDArray[np.int64],
        mentor: NDArray[np.int64],
        value: NDArray[np.float64],
    ) -> Graph:
        order = np.lexsort((mentor, mentee))
        mentee, mentor, value = mentee[order], mentor[order], value[order]
        by_col = np.lexsort((mentee, mentor))
        return cls(
            indptr=np.searchsorted(mentee, np.arange(n + 1)).astype(np.int64),
            mentor=mentor,
            value=value,
            col_indptr=np.searchsorted(mentor[by_col], np.arange(m + 1)).astype(np.int64),
            col_mentee=mentee[by_col],
            col_value=value[by_col],
        )


class Auction:
    """State of the auction; `run` solves, `replace_graph` keeps prices for a warm restart."""

    def __init__(self, graph: Graph, capacity: NDArray[np.int64]) -> None:
        self.graph = graph
        self.capacity = capacity
        self.n = len(graph.indptr) - 1
        self.m = len(capacity)
        self.slots = max(1, int(capacity.max(initial=1)))
        missing = np.arange(self.slots)[None, :] >= capacity[:, None]
        self.price = np.where(missing, np.inf, 0.0)  # (mentors, slots); inf = no such slot
        self.holder = np.full((self.m, self.slots), FREE, dtype=np.int64)
        self.load = np.zeros(self.m, dtype=np.int64)
        self.owner = np.full(self.n, FREE, dtype=np.int64)  # mentor, FREE or DUMMY
        self.slot = np.full(self.n, -1, dtype=np.int64)
        self.paid_value = np.zeros(self.n)  # value of the edge the mentee holds
        self.owner[np.diff(graph.indptr) == 0] = DUMMY
        self.sorted_order = np.argsort(self.price, axis=1, kind="stable")
        self.sorted_price = np.take_along_axis(self.price, self.sorted_order, axis=1)
        self.maybe_short = np.zeros(0, dtype=np.int64)  # mentors that may need a reverse step
        self.rounds = 0

    def start_from(self, owner: NDArray[np.int64], mentor_price: NDArray[np.float64]) -> None:
        """Adopt an assignment (mentor per mentee, -1 unmatched) and one price per mentor;
        the caller guarantees epsilon-happiness for the epsilon of the next phase."""
        g = self.graph
        missing = ~np.isfinite(self.price)
        self.price = np.where(missing, np.inf, mentor_price[:, None])
        self.holder.fill(FREE)
        held = np.flatnonzero(owner >= 0)
        mentors = owner[held]
        order = np.lexsort((held, mentors))
        held, mentors = held[order], mentors[order]
        starts = np.flatnonzero(run_starts(mentors))
        nth = np.arange(len(held)) - np.repeat(starts, np.diff(np.append(starts, len(held))))
        self.holder[mentors, nth] = held
        self.load = np.bincount(mentors, minlength=self.m).astype(np.int64)
        self.owner = np.where(owner >= 0, owner, DUMMY).astype(np.int64)
        self.slot = np.full(self.n, -1, dtype=np.int64)
        self.slot[held] = nth
        rows = np.repeat(np.arange(self.n), np.diff(g.indptr))
        mine = self.owner[rows] == g.mentor
        self.paid_value = np.zeros(self.n)
        self.paid_value[rows[mine]] = g.value[mine]
        self._resort(np.arange(self.m))

    # -- bookkeeping ---------------------------------------------------------------------

    def _resort(self, mentors: NDArray[np.int64]) -> None:
        prices = self.price[mentors]
        order = np.argsort(prices, axis=1, kind="stable")
        self.sorted_order[mentors] = order
        self.sorted_price[mentors] = np.take_along_axis(prices, order, axis=1)

    def mentor_price(self) -> NDArray[np.float64]:
        """Dual of each mentor: its cheapest slot (0 for a mentor with a free 0-priced slot)."""
        return self.sorted_price[:, 0].copy() if self.m else np.zeros(0)

    def profit(self, mentees: NDArray[np.int64]) -> NDArray[np.float64]:
        owner = self.owner[mentees]
        held = owner >= 0
        out = np.zeros(len(mentees))
        out[held] = (
            self.paid_value[mentees[held]] - self.price[owner[held], self.slot[mentees[held]]]
        )
        return out

    def _release(self, mentees: NDArray[np.int64]) -> None:
        held = mentees[self.owner[mentees] >= 0]
        mentors = self.owner[held]
        self.holder[mentors, self.slot[held]] = FREE
        np.subtract.at(self.load, mentors, 1)
        self.maybe_short = np.concatenate([self.maybe_short, mentors])
        self.owner[mentees] = FREE
        self.slot[mentees] = -1

    # -- forward auction -----------------------------------------------------------------

    def _forward(self, eps: float) -> None:
        g = self.graph
        free = np.flatnonzero(self.owner == FREE)
        while len(free):
            self.rounds += 1
            pos, starts, lengths = segments(g.indptr, free)
            cols, vals = g.mentor[pos], g.value[pos]
            val = vals - self.sorted_price[cols, 0]
            best, first = first_max(val, starts, lengths)
            val[first] = -np.inf
            second = np.maximum.reduceat(val, starts)
            target, target_value = cols[first], vals[first]
            runner_up = np.maximum(second, 0.0)  # the dummy is always there, worth 0
            if self.slots > 1:  # the target's second-cheapest slot is an alternative too
                runner_up = np.maximum(runner_up, target_value - self.sorted_price[target, 1])
            quits = best <= 0.0
            if quits.any():
                self.owner[free[quits]] = DUMMY
                keep = ~quits
                free, target, target_value = free[keep], target[keep], target_value[keep]
                best, runner_up = best[keep], runner_up[keep]
                if not len(free):
                    break
            # price + (best - runner_up) + eps, summed so that bid >= price + eps in floats
            bid = self.sorted_price[target, 0] + ((best - runner_up) + eps)
            free = self._accept_bids(free, target, target_value, bid, eps)

    def _accept_bids(
        self,
        bidder: NDArray[np.int64],
        target: NDArray[np.int64],
        target_value: NDArray[np.float64],
        bid: NDArray[np.float64],
        eps: float,
    ) -> NDArray[np.int64]:
        """Each mentor takes its best bids, one rank at a time, while the r-th best bid beats
        its r-th cheapest slot by eps; all accepted pay the lowest accepted bid (a uniform price
        keeps the winners eps-happy with each other's slots). Returns who is free next round."""
        remaining = np.arange(len(bidder))
        is_open = np.ones(self.m, dtype=bool)
        won_pos, won_rank = [], []
        for rank in range(self.slots):
            if not len(remaining):
                break
            j, b = target[remaining], bid[remaining]
            top = np.full(self.m, -np.inf)
            np.maximum.at(top, j, b)
            first = np.full(self.m, len(bidder))
            at_top = b == top[j]
            np.minimum.at(first, j[at_top], remaining[at_top])  # lowest index wins ties
            winner = remaining[first[j] == remaining]
            wj = target[winner]
            ok = bid[winner] >= self.sorted_price[wj, rank] + eps
            is_open[wj[~ok]] = False
            won_pos.append(winner[ok])
            won_rank.append(np.full(int(ok.sum()), rank))
            still = first[j] != remaining
            remaining = remaining[still & is_open[j]]
        pos = np.concatenate(won_pos)
        rank = np.concatenate(won_rank)
        winners, mentors = bidder[pos], target[pos]
        uniform = np.full(self.m, np.inf)
        np.minimum.at(uniform, mentors, bid[pos])
        slot = self.sorted_order[mentors, rank]
        displaced = self.holder[mentors, slot]
        was_empty = displaced == FREE
        np.add.at(self.load, mentors[was_empty], 1)
        out = displaced[~was_empty]
        self.owner[out] = FREE
        self.slot[out] = -1
        self.holder[mentors, slot] = winners
        self.price[mentors, slot] = uniform[mentors]
        self.owner[winners] = mentors
        self.slot[winners] = slot
        self.paid_value[winners] = target_value[pos]
        self._resort(np.unique(mentors))
        lost = np.ones(len(bidder), dtype=bool)
        lost[pos] = False
        return np.sort(np.concatenate([bidder[lost], out]))

    # -- reverse auction -----------------------------------------------------------------

    def _short_mentors(self, candidates: NDArray[np.int64]) -> NDArray[np.int64]:
        """Mentors with an empty slot whose every empty slot has a positive price."""
        if not len(candidates):
            return candidates
        mentors = np.unique(candidates)
        mentors = mentors[self.load[mentors] < self.capacity[mentors]]
        empty_price = np.where(self.holder[mentors] == FREE, self.price[mentors], np.inf)
        return mentors[empty_price.min(axis=1) > 0.0]

    def _reverse(self, eps: float) -> None:
        g = self.graph
        short = self._short_mentors(self.maybe_short)
        while len(short):
            self.rounds += 1
            pos, starts, lengths = segments(g.col_indptr, short)
            mentee, vals = g.col_mentee[pos], g.col_value[pos]
            gain = vals - self.profit(mentee)  # what a mentee would give up to switch
            # The mentor's own mentees are not courted: moving them between its slots only
            # lowers their price, which the uniform price below does anyway.
            gain[self.owner[mentee] == np.repeat(short, lengths)] = -np.inf
            empty = self.capacity[short] - self.load[short]
            chosen, price = self._offers(gain, starts, lengths, empty, eps)
            self._lower_prices(short, price)
            # A mentee picked by several mentors takes the most profitable offer.
            c_mentee = mentee[chosen]
            c_mentor = short[np.searchsorted(starts, chosen, side="right") - 1]
            c_value = vals[chosen]
            c_price = price[np.searchsorted(starts, chosen, side="right") - 1]
            order = np.lexsort((c_mentor, -(c_value - c_price), c_mentee))
            c_mentee, c_mentor = c_mentee[order], c_mentor[order]
            c_value, c_price = c_value[order], c_price[order]
            keep = run_starts(c_mentee)
            c_mentee, c_mentor = c_mentee[keep], c_mentor[keep]
            c_value, c_price = c_value[keep], c_price[keep]
            left = self.owner[c_mentee]
            self._release(c_mentee)
            self._seat(c_mentee, c_mentor, c_value, c_price)
            touched = np.unique(np.concatenate([short, left[left >= 0]]))
            self._resort(touched)
            short = self._short_mentors(np.concatenate([touched, self.maybe_short]))
            self.maybe_short = np.zeros(0, dtype=np.int64)
        self.maybe_short = np.zeros(0, dtype=np.int64)

    def _offers(
        self,
        gain: NDArray[np.float64],
        starts: NDArray[np.int64],
        lengths: NDArray[np.int64],
        empty: NDArray[np.int64],
        eps: float,
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Per short mentor: the best `empty` mentees gaining >= eps, and the price that
        leaves them eps better off while nobody else gains more than eps (Bertsekas' reverse
        step, for several slots at once): max(0, next best gain - eps)."""
        work = gain.copy()
        price = np.zeros(len(starts))
        taking = lengths > 0
        chosen = []
        for it in range(int(empty.max(initial=0)) + 1):
            seg = np.flatnonzero(taking)
            if not len(seg):
                break
            best, at = _subset_first_max(work, starts, lengths, seg)
            take = (it < empty[seg]) & (best >= eps)
            chosen.append(at[take])
            stop = seg[~take]
            price[stop] = np.maximum(0.0, best[~take] - eps)
            taking[stop] = False
            work[at[take]] = -np.inf
            exhausted = seg[take][lengths[seg[take]] <= it + 1]
            taking[exhausted] = False  # nobody left to price against: price 0
        return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64), price

    def _lower_prices(self, mentors: NDArray[np.int64], price: NDArray[np.float64]) -> None:
        """Every slot of each mentor at most `price`: holders only gain, and no outsider gains
        more than eps by the choice of price."""
        current = self.price[mentors]
        self.price[mentors] = np.where(
            np.isfinite(current), np.minimum(current, price[:, None]), np.inf
        )

    def _seat(
        self,
        mentees: NDArray[np.int64],
        mentors: NDArray[np.int64],
        values: NDArray[np.float64],
        prices: NDArray[np.float64],
    ) -> None:
        """Put mentees into empty slots of their mentors (a mentor may take several)."""
        order = np.lexsort((mentees, mentors))
        mentees, mentors, values, prices = (
            mentees[order],
            mentors[order],
            values[order],
            prices[order],
        )
        starts = np.flatnonzero(run_starts(mentors))
        nth = np.arange(len(mentors)) - np.repeat(starts, np.diff(np.append(starts, len(mentors))))
        holders = self.holder[mentors]
        empty = (holders == FREE) & np.isfinite(self.price[mentors])
        slot = np.argsort(~empty, axis=1, kind="stable")[np.arange(len(mentors)), nth]
        self.holder[mentors, slot] = mentees
        self.price[mentors, slot] = prices
        np.add.at(self.load, mentors, 1)
        self.owner[mentees] = mentors
        self.slot[mentees] = slot
        self.paid_value[mentees] = values

    # -- phases --------------------------------------------------------------------------

    def _reset_unhappy(self, eps: float) -> None:
        """Free every mentee no longer eps-happy at the current prices (phase start)."""
        g = self.graph
        has_edges = np.diff(g.indptr) > 0
        best = np.full(self.n, -np.inf)
        if has_edges.any():
            val = g.value - self.sorted_price[g.mentor, 0]
            best[has_edges] = np.maximum.reduceat(val, g.indptr[:-1][has_edges])
        everyone = np.arange(self.n)
        happy = self.profit(everyone) >= np.maximum(best, 0.0) - eps
        unhappy = np.flatnonzero(~happy & (self.owner != FREE))
        self._release(unhappy)

    def phase(self, eps: float, *, first: bool = False) -> None:
        if not first:
            self._reset_unhappy(eps)
        self._forward(eps)
        self._reverse(eps)

    def replace_graph(self, graph: Graph) -> None:
        """More candidate edges: assignments and prices stay valid; a mentee the new edges
        make unhappy is freed at the next phase start."""
        self.graph = graph


def _subset_first_max(
    values: NDArray[np.float64], starts: NDArray, lengths: NDArray, seg: NDArray
) -> tuple[NDArray, NDArray]:
    """first_max over the segments `seg` only (segments are contiguous and ordered)."""
    pos, s, ln = segments(np.concatenate([starts, [starts[-1] + lengths[-1]]]), seg)
    best, at = first_max(values[pos], s, ln)
    return best, pos[at]

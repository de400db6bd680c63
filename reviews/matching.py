"""Reviewer assignment: the best ``k`` reviewers for every paper, within everyone's load.

Pure Python (numpy, OR-Tools); no Django. Also a command line tool::

    python -m reviews.matching INSTANCE.npz --out ASSIGNMENT.csv [--candidates N]

Problem
-------
Maximise the total weight ``affinity + bid bonus`` of the assigned (paper, reviewer)
pairs such that

* every paper gets exactly ``k`` reviewers,
* reviewer ``j`` gets at most ``max_load[j]`` papers,
* no conflicted pair is assigned (a NaN or -inf score marks a conflict),
* every locked (manually made) pair is part of the assignment.

Method
------
This is a transportation problem, solved exactly as a min-cost flow with OR-Tools'
``SimpleMinCostFlow``: each paper supplies the ``k - locked`` reviews it still needs,
an arc of capacity 1 and cost ``-weight`` joins it to every reviewer it may get, each
reviewer has an arc of capacity ``max_load - locked`` to a sink that absorbs all
reviews. Locked pairs are fixed beforehand (they use up paper need and reviewer
load). Arcs are added in bulk from numpy arrays.

Costs must be integers: weights are multiplied by ``SCALE`` = 10**6 and rounded, so
affinities and bids count to 6 decimal places. The assignment returned is optimal for
the rounded weights; against the exact float weights it is within
``pairs × 10**-6`` of the optimum (each pair's rounding error is at most 0.5e-6, on
both the solution found and the true optimum). ``Assignment.total`` is the exact
float sum of the chosen pairs' weights.

Large instances: with ``candidates_per_paper = c`` only the ``c`` best reviewers of
each paper get an arc, plus, so that no reviewer's capacity is cut off, each
reviewer's best ``2 × remaining load`` papers. The result is then optimal *over the
kept arcs* only and ``Assignment.pruned`` is True. If the pruned graph has no
feasible flow, ``c`` is quadrupled (up to all reviewers) before anything is declared
infeasible.

Infeasibility
-------------
:class:`InfeasibleAssignment` carries sentences that say why, using the labels the
caller passed (default ``"Paper 3"``, ``"Reviewer 5"``, 0-based like the arrays):
before solving, the counting arguments (total capacity, reviewers without a conflict
per paper, locked pairs against ``k`` and loads, locked conflicts); after a failed
solve, a set of papers that compete for too few reviewers, read off the minimum cut
of a maximum flow (a Hall-type violation: the papers need more reviews than their
non-conflicted reviewers can still take).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

__all__ = [
    "SCALE",
    "Assignment",
    "AssignmentProblem",
    "InfeasibleAssignment",
    "QualityReport",
    "main",
    "solve",
]

SCALE = 1_000_000
"""Weights are multiplied by this and rounded to integer arc costs."""

_REVIEWER_SLACK = 2
"""With pruning, each reviewer keeps arcs to their best slack × remaining-load papers."""
_MAX_ARCS = 50_000_000
"""Pruning is not widened past this many arcs (OR-Tools needs ~100 bytes per arc)."""
_CHUNK_ELEMENTS = 4_000_000
"""Rows of the score matrix are processed this many elements at a time."""
_MAX_NAMED = 5
"""At most this many papers or reviewers are named in one sentence."""
_MAX_WEIGHT = 1e6
"""Largest |score| or |bid| accepted: keeps scaled costs far from int64 overflow."""


# --------------------------------------------------------------------------- data
@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """One reviewer-assignment instance.

    ``scores`` is papers × reviewers (affinity, typically in [0, 1]); NaN or -inf marks
    a conflict. ``bid_bonus`` (same shape, optional, NaN counts as 0) is added to the
    scores for the objective, and kept apart so the quality report can tell how many
    assignments follow a positive bid. ``max_load`` is one int for everybody or one
    per reviewer. ``locked`` lists (paper, reviewer) pairs that must be kept.
    ``candidates_per_paper`` prunes the graph for large instances (None: all arcs).
    Labels name papers and reviewers in infeasibility messages.
    """

    scores: np.ndarray
    k: int
    max_load: int | np.ndarray
    locked: tuple[tuple[int, int], ...] = ()
    bid_bonus: np.ndarray | None = None
    candidates_per_paper: int | None = None
    paper_labels: Sequence[str] | None = None
    reviewer_labels: Sequence[str] | None = None


@dataclass(frozen=True)
class QualityReport:
    """How good an assignment is, for the program chairs.

    Paper affinity is the mean score (without bid bonus) of a paper's reviewers;
    ``positive_bid_share`` is the share of assigned pairs with a positive bid bonus
    (None when no bids were given); ``load_histogram`` maps a load (number of papers)
    to the number of reviewers with that load.
    """

    mean_paper_affinity: float
    min_paper_affinity: float
    positive_bid_share: float | None
    load_histogram: dict[int, int]
    assignments: int = 0

    def lines(self) -> list[str]:
        loads = ", ".join(
            f"{count} with {_plural(load, 'paper')}"
            for load, count in sorted(self.load_histogram.items(), reverse=True)
        )
        bids = (
            "Bids: none given."
            if self.positive_bid_share is None
            else f"Assignments on a positive bid: {self.positive_bid_share:.1%}."
        )
        return [
            f"Assignments: {self.assignments}.",
            f"Mean paper affinity: {self.mean_paper_affinity:.3f}; "
            f"lowest paper: {self.min_paper_affinity:.3f}.",
            bids,
            f"Reviewer loads: {loads or 'no reviewers'}.",
        ]


@dataclass(frozen=True, eq=False)
class Assignment:
    """The chosen pairs (one row per pair: paper, reviewer; sorted), the total weight
    (affinity + bid) of all of them, locked pairs included, and whether the graph was
    pruned (then the total is optimal over the kept candidate arcs only)."""

    pairs: np.ndarray
    total: float
    quality: QualityReport
    pruned: bool


class InfeasibleAssignment(Exception):
    """No assignment meets every constraint; ``reasons`` says why, in sentences."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(" ".join(self.reasons))


# --------------------------------------------------------------------------- solve
def solve(
    problem: AssignmentProblem, *, progress: Callable[[float], None] | None = None
) -> Assignment:
    """Optimal assignment for ``problem`` (see the module docstring).

    Raises :class:`InfeasibleAssignment` when none exists and ``ValueError`` when the
    problem is malformed (shapes, indices, negative loads).
    """
    report = progress or (lambda _fraction: None)
    report(0.0)
    inst = _Instance(problem)
    reasons = inst.counting_reasons()
    if reasons:
        raise InfeasibleAssignment(reasons)
    report(0.1)

    cap = problem.candidates_per_paper
    while True:
        graph = inst.graph(cap)
        report(0.35)
        chosen = graph.solve()
        if chosen is not None:
            break
        if graph.pruned and cap is not None:
            cap = inst.widen(cap)
            continue
        raise InfeasibleAssignment(graph.explain())
    report(0.9)

    pairs = np.concatenate([inst.locked, chosen]) if len(inst.locked) else chosen
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    result = Assignment(
        pairs=pairs.astype(np.int64, copy=False).reshape(-1, 2),
        total=inst.total(pairs),
        quality=inst.quality(pairs),
        pruned=graph.pruned,
    )
    report(1.0)
    return result


class _Instance:
    """A validated problem with the per-paper and per-reviewer counts."""

    def __init__(self, problem: AssignmentProblem) -> None:
        scores = np.asarray(problem.scores)
        if scores.ndim != 2:
            raise ValueError(f"scores must be a papers × reviewers matrix, not {scores.shape}")
        if not np.issubdtype(scores.dtype, np.floating):
            scores = scores.astype(np.float64)
        if np.isposinf(scores).any():
            raise ValueError("scores contain +inf; mark conflicts with NaN or -inf")
        self.scores = scores
        n, m = self.n, self.m = scores.shape

        k = problem.k
        if isinstance(k, bool) or int(k) != k or k < 0:
            raise ValueError(f"k must be a non-negative integer, not {k!r}")
        self.k = int(k)

        load = np.asarray(problem.max_load)
        if load.ndim == 0:
            load = np.full(m, load)
        if load.shape != (m,):
            raise ValueError(f"max_load must be an int or have one entry per reviewer ({m})")
        if not np.all(np.asarray(load, dtype=np.float64) == np.rint(load)) or (load < 0).any():
            raise ValueError("max_load must hold non-negative integers")
        self.load = load.astype(np.int64)

        self.bids: np.ndarray | None = None
        if problem.bid_bonus is not None:
            bids = np.asarray(problem.bid_bonus)
            if not np.issubdtype(bids.dtype, np.floating):
                bids = bids.astype(np.float64)
            if bids.shape != scores.shape:
                raise ValueError(f"bid_bonus has shape {bids.shape}; scores have {scores.shape}")
            if np.isinf(bids).any():
                raise ValueError("bid_bonus must be finite (NaN counts as no bid)")
            if np.isnan(bids).any():
                bids = np.nan_to_num(bids, nan=0.0)
            if bids.size and np.abs(bids).max() > _MAX_WEIGHT:
                raise ValueError(f"bid_bonus must lie within ±{_MAX_WEIGHT:g}")
            self.bids = bids

        locked = np.asarray(problem.locked, dtype=np.int64).reshape(-1, 2)
        if len(locked):
            if (locked < 0).any() or (locked[:, 0] >= n).any() or (locked[:, 1] >= m).any():
                raise ValueError("a locked pair refers to a paper or reviewer that does not exist")
            if len(np.unique(locked[:, 0] * m + locked[:, 1])) != len(locked):
                raise ValueError("a locked pair is listed twice")
        self.locked = locked

        cap = problem.candidates_per_paper
        if cap is not None and (isinstance(cap, bool) or int(cap) != cap or cap < 1):
            raise ValueError(f"candidates_per_paper must be a positive integer, not {cap!r}")

        self.paper_labels = _labels(problem.paper_labels, n, "Paper", "paper_labels")
        self.reviewer_labels = _labels(problem.reviewer_labels, m, "Reviewer", "reviewer_labels")
        self.locked_per_paper = np.bincount(locked[:, 0], minlength=n)
        self.locked_per_reviewer = np.bincount(locked[:, 1], minlength=m)
        self.need = self.k - self.locked_per_paper
        self.remaining = self.load - self.locked_per_reviewer

        # One pass over the matrix: who could review what (no conflict, some load).
        available = np.zeros(n, dtype=np.int64)  # per paper, locked reviewers included
        eligible = np.zeros(m, dtype=np.int64)  # per reviewer, open (non-locked) pairs
        has_load, has_room = self.load > 0, self.remaining > 0
        for rows in self.chunks():
            block = scores[rows]
            ok = np.isfinite(block)
            if (ok & (np.abs(block) > _MAX_WEIGHT)).any():
                raise ValueError(f"finite scores must lie within ±{_MAX_WEIGHT:g}")
            available[rows] = (ok & has_load).sum(axis=1)
            ok &= has_room & (self.need[rows, None] > 0)
            eligible += ok.sum(axis=0)
        if len(locked):
            locked_ok = np.isfinite(scores[locked[:, 0], locked[:, 1]])
            open_rows = locked_ok & (self.need[locked[:, 0]] > 0) & has_room[locked[:, 1]]
            np.subtract.at(eligible, locked[open_rows, 1], 1)
        self.available = available
        self.eligible_per_reviewer = eligible

    # ---- helpers
    def chunks(self) -> list[slice]:
        size = max(1, _CHUNK_ELEMENTS // max(self.m, 1))
        return [slice(i, min(self.n, i + size)) for i in range(0, self.n, size)]

    def weights(self, rows: slice, cols: np.ndarray | None = None) -> np.ndarray:
        """float64 weights of a block (rows × cols, default all columns); -inf where
        the pair may not get an arc (conflict, locked, paper or reviewer full)."""
        if cols is None:
            w = self.scores[rows].astype(np.float64)
            if self.bids is not None:
                w += self.bids[rows]
            remaining = self.remaining
        else:
            w = self.scores[rows, cols].astype(np.float64)
            if self.bids is not None:
                w += self.bids[rows, cols]
            remaining = self.remaining[cols]
        w[~np.isfinite(w)] = -np.inf
        full = remaining <= 0
        if full.any():
            w[:, full] = -np.inf
        done = self.need[rows] <= 0
        if done.any():
            w[done] = -np.inf
        lk = self.locked
        if len(lk):
            inside = (lk[:, 0] >= rows.start) & (lk[:, 0] < rows.stop)
            i, j = lk[inside, 0] - rows.start, lk[inside, 1]
            if cols is not None:
                position = np.full(self.m, -1)
                position[cols] = np.arange(len(cols))
                i, j = i[position[j] >= 0], position[j][position[j] >= 0]
            w[i, j] = -np.inf
        return w

    def widen(self, cap: int) -> int | None:
        """The next candidate count after an infeasible pruned graph (None: all)."""
        wider: int | None = cap * 4
        if wider is not None and wider >= int(self.available.max(initial=0)):
            wider = None
        pairs = int(self.eligible_per_reviewer.sum())
        size = pairs if wider is None else min(pairs, self.n * wider)
        if size > _MAX_ARCS:
            raise InfeasibleAssignment(
                [
                    f"No assignment was found among each paper's {cap} best candidate "
                    f"reviewers, and the instance is too large to try all {pairs} pairs, "
                    "so it is unknown whether one exists."
                ]
            )
        return wider

    # ---- infeasibility found by counting
    def counting_reasons(self) -> list[str]:
        n, k = self.n, self.k
        reasons: list[str] = []
        lk = self.locked
        if len(lk):
            bad = ~np.isfinite(self.scores[lk[:, 0], lk[:, 1]])
            for i, j in lk[bad][:_MAX_NAMED]:
                reasons.append(
                    f"{self.reviewer_labels[j]} is locked to {self.paper_labels[i]} "
                    "but has a conflict with it."
                )
            if bad.sum() > _MAX_NAMED:
                reasons.append(f"{bad.sum() - _MAX_NAMED} more locked pairs have a conflict.")
        over = np.flatnonzero(self.locked_per_paper > k)
        reasons += _capped(
            [
                f"{self.paper_labels[i]} has {_plural(self.locked_per_paper[i], 'locked reviewer')}"
                f"; it needs exactly {k}."
                for i in over[:_MAX_NAMED]
            ],
            len(over),
            "more papers have more locked reviewers than they need.",
        )
        over = np.flatnonzero(self.locked_per_reviewer > self.load)
        reasons += _capped(
            [
                f"{self.reviewer_labels[j]} has "
                f"{_plural(self.locked_per_reviewer[j], 'locked paper')}; "
                f"their load is {self.load[j]}."
                for j in over[:_MAX_NAMED]
            ],
            len(over),
            "more reviewers have more locked papers than their load.",
        )
        capacity = int(np.minimum(self.load, n).sum())
        if n * k > capacity:
            reasons.append(
                f"{_plural(n, 'paper')} × {_plural(k, 'review')} need "
                f"{_plural(n * k, 'assignment')}; the pool can take {capacity}."
            )
        short = np.flatnonzero(self.available < k)
        sentences = []
        for i in short[:_MAX_NAMED]:
            count = int(self.available[i])
            has = "has no reviewer" if count == 0 else f"has only {_plural(count, 'reviewer')}"
            sentences.append(f"{self.paper_labels[i]} {has} without a conflict; it needs {k}.")
        reasons += _capped(
            sentences, len(short), f"more papers have fewer than {k} reviewers without a conflict."
        )
        return reasons

    # ---- the flow graph
    def graph(self, cap: int | None) -> _Graph:
        if cap is not None and cap >= int(self.available.max(initial=0)):
            cap = None
        if cap is None:  # every open pair: sizes are known, fill preallocated arrays
            size = int(self.eligible_per_reviewer.sum())
            paper = np.empty(size, dtype=np.int32)
            reviewer = np.empty(size, dtype=np.int32)
            costs = np.empty(size, dtype=np.int64)
            filled = 0
            for rows in self.chunks():
                w = self.weights(rows)
                ii, jj = np.nonzero(w > -np.inf)
                end = filled + len(ii)
                paper[filled:end] = ii + rows.start
                reviewer[filled:end] = jj
                costs[filled:end] = np.rint(w[ii, jj] * -SCALE)
                filled = end
            arcs = _Arcs(paper[:filled], reviewer[:filled], costs[:filled])
            return _Graph(self, arcs, pruned=False)
        pieces = []
        for rows in self.chunks():
            w = self.weights(rows)
            top = np.argpartition(-w, cap - 1, axis=1)[:, :cap]
            values = np.take_along_axis(w, top, axis=1)
            keep = values > -np.inf
            ii = np.broadcast_to(np.arange(rows.start, rows.stop)[:, None], top.shape)[keep]
            pieces.append(_Arcs.of(ii, top[keep], values[keep]))
        arcs = self._add_reviewer_side(_Arcs.join(pieces))
        return _Graph(self, arcs, pruned=len(arcs) < int(self.eligible_per_reviewer.sum()))

    def _add_reviewer_side(self, arcs: _Arcs) -> _Arcs:
        """Give every reviewer arcs to their best slack × remaining-load papers."""
        want = np.minimum(self.eligible_per_reviewer, _REVIEWER_SLACK * self.remaining)
        have = np.bincount(arcs.reviewer, minlength=self.m)
        short = np.flatnonzero(have < want)
        if len(short) == 0:
            return arcs
        pieces = [arcs]
        depth = int(want[short].max())
        for start in range(0, len(short), 256):
            cols = short[start : start + 256]
            w = np.concatenate([self.weights(rows, cols) for rows in self.chunks()])
            if depth < self.n:
                top = np.argpartition(-w, depth - 1, axis=0)[:depth]
            else:
                top = np.broadcast_to(np.arange(self.n)[:, None], w.shape)
            values = np.take_along_axis(w, top, axis=0)
            order = np.argsort(-values, axis=0, kind="stable")
            top, values = np.take_along_axis(top, order, 0), np.take_along_axis(values, order, 0)
            rank = np.arange(top.shape[0])[:, None]
            keep = (rank < want[cols][None, :]) & (values > -np.inf)
            jj = np.broadcast_to(cols[None, :], top.shape)[keep]
            pieces.append(_Arcs.of(top[keep], jj, values[keep]))
        arcs = _Arcs.join(pieces)
        _, first = np.unique(
            arcs.paper.astype(np.int64) * self.m + arcs.reviewer, return_index=True
        )
        return _Arcs(arcs.paper[first], arcs.reviewer[first], arcs.costs[first])

    # ---- results
    def pair_weights(self, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scores = self.scores[pairs[:, 0], pairs[:, 1]].astype(np.float64)
        bids = (
            self.bids[pairs[:, 0], pairs[:, 1]] if self.bids is not None else np.zeros(len(pairs))
        )
        return scores, bids

    def total(self, pairs: np.ndarray) -> float:
        scores, bids = self.pair_weights(pairs)
        return float(scores.sum() + bids.sum())

    def quality(self, pairs: np.ndarray) -> QualityReport:
        scores, bids = self.pair_weights(pairs)
        per_paper = np.bincount(pairs[:, 0], minlength=self.n)
        sums = np.bincount(pairs[:, 0], weights=scores, minlength=self.n)
        served = per_paper > 0
        means = sums[served] / per_paper[served]
        loads = np.bincount(pairs[:, 1], minlength=self.m)
        values, counts = np.unique(loads, return_counts=True)
        return QualityReport(
            mean_paper_affinity=float(means.mean()) if len(means) else 0.0,
            min_paper_affinity=float(means.min()) if len(means) else 0.0,
            positive_bid_share=(
                None if self.bids is None else float((bids > 0).mean()) if len(bids) else 0.0
            ),
            load_histogram={int(v): int(c) for v, c in zip(values, counts, strict=True)},
            assignments=len(pairs),
        )


@dataclass(frozen=True, eq=False)
class _Arcs:
    """Candidate paper → reviewer arcs: indices (int32) and integer costs."""

    paper: np.ndarray
    reviewer: np.ndarray
    costs: np.ndarray

    @classmethod
    def of(cls, paper: np.ndarray, reviewer: np.ndarray, weights: np.ndarray) -> _Arcs:
        return cls(
            paper.astype(np.int32),
            reviewer.astype(np.int32),
            np.rint(weights * -SCALE).astype(np.int64),
        )

    @classmethod
    def join(cls, pieces: Sequence[_Arcs]) -> _Arcs:
        if not pieces:
            return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int64))
        return cls(
            np.concatenate([p.paper for p in pieces]),
            np.concatenate([p.reviewer for p in pieces]),
            np.concatenate([p.costs for p in pieces]),
        )

    def __len__(self) -> int:
        return len(self.paper)


class _Graph:
    """The min-cost-flow network of an instance over a given set of candidate arcs.

    Nodes: papers 0..n-1, reviewers n..n+m-1, sink n+m. Papers supply what they still
    need; reviewer → sink arcs carry the remaining load. Arc ``a`` < ``len(arcs)`` is
    candidate pair ``a``.
    """

    def __init__(self, inst: _Instance, arcs: _Arcs, *, pruned: bool) -> None:
        self.inst, self.arcs, self.pruned = inst, arcs, pruned
        n, m = inst.n, inst.m
        sink = n + m
        self.flow = min_cost_flow.SimpleMinCostFlow()
        if len(arcs):
            self.flow.add_arcs_with_capacity_and_unit_cost(
                arcs.paper,
                arcs.reviewer + np.int32(n),
                np.ones(len(arcs), dtype=np.int64),
                arcs.costs,
            )
        reviewers = np.flatnonzero(inst.remaining > 0)
        if len(reviewers):
            self.flow.add_arcs_with_capacity_and_unit_cost(
                (reviewers + n).astype(np.int32),
                np.full(len(reviewers), sink, dtype=np.int32),
                inst.remaining[reviewers],
                np.zeros(len(reviewers), dtype=np.int64),
            )
        papers = np.flatnonzero(inst.need > 0)
        self.flow.set_nodes_supplies(
            np.append(papers, sink).astype(np.int32),
            np.append(inst.need[papers], -inst.need[papers].sum()).astype(np.int64),
        )

    def pair_flows(self) -> np.ndarray:
        if len(self.arcs) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self.flow.flows(np.arange(len(self.arcs), dtype=np.int32)))

    def solve(self) -> np.ndarray | None:
        """The assigned (paper, reviewer) pairs, or None if there is no feasible flow."""
        if int(self.inst.need.sum()) == 0:
            return np.zeros((0, 2), dtype=np.int64)
        status = self.flow.solve()
        if status == min_cost_flow.SimpleMinCostFlow.INFEASIBLE:
            return None
        if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
            raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
        used = self.pair_flows() > 0
        return np.stack([self.arcs.paper[used], self.arcs.reviewer[used]], axis=1).astype(np.int64)

    def explain(self) -> list[str]:
        """Sentences for an infeasible (unpruned) graph: a Hall-type violation."""
        inst = self.inst
        status = self.flow.solve_max_flow_with_min_cost()
        if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
            return [_GENERIC]
        flows = self.pair_flows()
        n, m = inst.n, inst.m
        sent = np.bincount(self.arcs.paper, weights=flows, minlength=n).astype(np.int64)
        deficient = np.flatnonzero(sent < inst.need)
        if len(deficient) == 0:
            return [_GENERIC]
        papers = _reachable_papers(n, m, self.arcs, flows, deficient)
        need = int(inst.need[papers].sum())
        # reviewers without a conflict with at least one of these papers
        ok = np.isfinite(inst.scores[papers]) & (inst.load > 0)[None, :]
        reviewers = np.flatnonzero(ok.any(axis=0))
        lk = inst.locked
        if len(lk):
            in_set = np.isin(lk[:, 0], papers)
            rows = np.searchsorted(papers, lk[in_set, 0])
            ok[rows, lk[in_set, 1]] = False
        degree = ok.sum(axis=0)
        can_take = int(np.minimum(np.maximum(inst.remaining, 0), degree).sum())
        if can_take >= need:  # pragma: no cover - the cut guarantees a shortage
            return [_GENERIC]
        more = " more" if inst.locked_per_paper[papers].any() else ""
        if len(papers) == 1:
            return [
                f"{inst.paper_labels[papers[0]]} needs {_plural(need, 'review', more)}, "
                f"but its {_plural(len(reviewers), 'reviewer')} without a conflict "
                f"can take only {can_take}."
            ]
        names = _join([inst.paper_labels[i] for i in papers], "papers")
        return [
            f"{names} need {need}{more} reviews between them, "
            f"but their {_plural(len(reviewers), 'reviewer')} without a conflict "
            f"can take only {can_take}."
        ]


_GENERIC = (
    "No assignment meets every constraint: some papers compete for reviewers whose "
    "loads are too small, though no single count shows which."
)


def _reachable_papers(
    n: int, m: int, arcs: _Arcs, flows: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """Papers reachable from ``start`` in the residual graph of a maximum flow.

    They form the source side of a minimum cut: together they need more reviews than
    their reviewers can give (the reviewers reached are all full).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    used = flows > 0
    root = n + m
    paper, reviewer = arcs.paper.astype(np.int64), arcs.reviewer.astype(np.int64)
    tails = np.concatenate([paper[~used], n + reviewer[used], np.full(len(start), root)])
    heads = np.concatenate([n + reviewer[~used], paper[used], start])
    graph = csr_matrix(
        (np.ones(len(tails), dtype=np.int8), (tails, heads)), shape=(root + 1, root + 1)
    )
    order = breadth_first_order(graph, root, directed=True, return_predecessors=False)
    return np.sort(order[order < n])


# --------------------------------------------------------------------------- words
def _labels(labels: Sequence[str] | None, count: int, noun: str, name: str) -> list[str]:
    if labels is None:
        return [f"{noun} {i}" for i in range(count)]
    labels = [str(label) for label in labels]
    if len(labels) != count:
        raise ValueError(f"{name} has {len(labels)} entries; expected {count}")
    return labels


def _plural(count: int, noun: str, prefix: str = "") -> str:
    count = int(count)
    return f"{count}{prefix} {noun}{'' if count == 1 else 's'}"


def _join(names: Sequence[str], noun: str) -> str:
    if len(names) > _MAX_NAMED:
        return f"{', '.join(names[:_MAX_NAMED])} and {len(names) - _MAX_NAMED} other {noun}"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _capped(sentences: list[str], total: int, rest: str) -> list[str]:
    if total > len(sentences):
        sentences.append(f"{total - len(sentences)} {rest}")
    return sentences


# --------------------------------------------------------------------------- CLI
def _load_instance(path: Path, candidates: int | None) -> AssignmentProblem:
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read an .npz instance ({exc})") from exc
    with data:
        missing = [key for key in ("scores", "k", "max_load") if key not in data.files]
        if missing:
            raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
        scores = data["scores"]
        if not np.issubdtype(scores.dtype, np.number):
            raise ValueError(f"{path}: scores must be numeric, not {scores.dtype}")
        k = data["k"]
        if k.ndim != 0 or not np.issubdtype(k.dtype, np.integer):
            raise ValueError(f"{path}: k must be a single integer")
        load = data["max_load"]
        if not np.issubdtype(load.dtype, np.integer) or load.ndim > 1:
            raise ValueError(f"{path}: max_load must be an integer or a 1-d integer array")
        locked: tuple[tuple[int, int], ...] = ()
        if "locked" in data.files:
            array = data["locked"]
            if not np.issubdtype(array.dtype, np.integer) or (array.size and array.shape[-1] != 2):
                raise ValueError(f"{path}: locked must be an integer array of shape (m, 2)")
            locked = tuple((int(i), int(j)) for i, j in array.reshape(-1, 2))
        bids = data["bids"] if "bids" in data.files else None
        return AssignmentProblem(
            scores=scores,
            k=int(k),
            max_load=int(load) if load.ndim == 0 else load,
            locked=locked,
            bid_bonus=bids,
            candidates_per_paper=candidates,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reviews.matching",
        description="Assign k reviewers to every paper, maximising affinity + bids.",
    )
    parser.add_argument("instance", type=Path, help=".npz with scores, k, max_load[, locked, bids]")
    parser.add_argument("--out", type=Path, required=True, help="CSV of paper,reviewer pairs")
    parser.add_argument(
        "--candidates",
        type=int,
        default=None,
        metavar="N",
        help="keep only each paper's N best reviewers as candidates (large instances)",
    )
    args = parser.parse_args(argv)

    def fail(message: str) -> Any:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    if args.candidates is not None and args.candidates < 1:
        fail("--candidates must be a positive integer")
    started = time.perf_counter()
    try:
        problem = _load_instance(args.instance, args.candidates)
        result = solve(problem)
    except ValueError as exc:
        return fail(str(exc))
    except InfeasibleAssignment as exc:
        print("Infeasible:", file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    try:
        with args.out.open("w", encoding="ascii", newline="") as handle:
            handle.write("paper,reviewer\n")
            if len(result.pairs):
                np.savetxt(handle, result.pairs, fmt="%d", delimiter=",")
    except OSError as exc:
        return fail(f"{args.out}: cannot write: {exc.strerror or exc}")
    n, m = problem.scores.shape
    how = (
        f"optimal over the top {args.candidates} candidates per paper"
        if result.pruned
        else "optimal"
    )
    print(f"{n} papers × {m} reviewers, k = {problem.k}: wrote {args.out}")
    for line in result.quality.lines():
        print(line)
    print(f"Total weight: {result.total:.6f} ({how}).")
    print(f"Time: {elapsed:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

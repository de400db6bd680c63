"""The flow network: candidate arcs (all, or each side's best when pruned) and the solve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import min_cost_flow

from .problem import InfeasibleAssignment

if TYPE_CHECKING:
    from .instance import Instance

SCALE = 1_000_000
"""Weights are multiplied by this and rounded to integer arc costs."""

_REVIEWER_SLACK = 2
"""With pruning, each reviewer keeps arcs to their best slack × remaining-load papers."""
_MAX_ARCS = 50_000_000
"""Pruning is not widened past this many arcs (OR-Tools needs ~100 bytes per arc)."""


def candidate_graph(inst: Instance, cap: int | None) -> FlowGraph:
    """The network over every open pair, or, with ``cap``, over each paper's ``cap`` best
    reviewers plus each reviewer's best slack × remaining-load papers (pruned)."""
    if cap is not None and cap >= int(inst.available.max(initial=0)):
        cap = None
    if cap is None:  # every open pair: sizes are known, fill preallocated arrays
        size = int(inst.eligible_per_reviewer.sum())
        paper = np.empty(size, dtype=np.int32)
        reviewer = np.empty(size, dtype=np.int32)
        costs = np.empty(size, dtype=np.int64)
        filled = 0
        for rows in inst.chunks():
            w = inst.weights(rows)
            ii, jj = np.nonzero(w > -np.inf)
            end = filled + len(ii)
            paper[filled:end] = ii + rows.start
            reviewer[filled:end] = jj
            costs[filled:end] = np.rint(w[ii, jj] * -SCALE)
            filled = end
        arcs = Arcs(paper[:filled], reviewer[:filled], costs[:filled])
        return FlowGraph(inst, arcs, pruned=False)
    pieces = []
    for rows in inst.chunks():
        w = inst.weights(rows)
        top = np.argpartition(-w, cap - 1, axis=1)[:, :cap]
        values = np.take_along_axis(w, top, axis=1)
        keep = values > -np.inf
        ii = np.broadcast_to(np.arange(rows.start, rows.stop)[:, None], top.shape)[keep]
        pieces.append(Arcs.of(ii, top[keep], values[keep]))
    arcs = _add_reviewer_side(inst, Arcs.join(pieces))
    return FlowGraph(inst, arcs, pruned=len(arcs) < int(inst.eligible_per_reviewer.sum()))


def widen(inst: Instance, cap: int) -> int | None:
    """The next candidate count after an infeasible pruned graph (None: all)."""
    wider: int | None = cap * 4
    if wider is not None and wider >= int(inst.available.max(initial=0)):
        wider = None
    pairs = int(inst.eligible_per_reviewer.sum())
    size = pairs if wider is None else min(pairs, inst.n * wider)
    if size > _MAX_ARCS:
        raise InfeasibleAssignment(
            [
                f"No assignment was found among each paper's {cap} best candidate "
                f"reviewers, and the instance is too large to try all {pairs} pairs, "
                "so it is unknown whether one exists."
            ]
        )
    return wider


def _add_reviewer_side(inst: Instance, arcs: Arcs) -> Arcs:
    """Give every reviewer arcs to their best slack × remaining-load papers."""
    want = np.minimum(inst.eligible_per_reviewer, _REVIEWER_SLACK * inst.remaining)
    have = np.bincount(arcs.reviewer, minlength=inst.m)
    short = np.flatnonzero(have < want)
    if len(short) == 0:
        return arcs
    pieces = [arcs]
    depth = int(want[short].max())
    for start in range(0, len(short), 256):
        cols = short[start : start + 256]
        w = np.concatenate([inst.weights(rows, cols) for rows in inst.chunks()])
        if depth < inst.n:
            top = np.argpartition(-w, depth - 1, axis=0)[:depth]
        else:
            top = np.broadcast_to(np.arange(inst.n)[:, None], w.shape)
        values = np.take_along_axis(w, top, axis=0)
        order = np.argsort(-values, axis=0, kind="stable")
        top, values = np.take_along_axis(top, order, 0), np.take_along_axis(values, order, 0)
        rank = np.arange(top.shape[0])[:, None]
        keep = (rank < want[cols][None, :]) & (values > -np.inf)
        jj = np.broadcast_to(cols[None, :], top.shape)[keep]
        pieces.append(Arcs.of(top[keep], jj, values[keep]))
    arcs = Arcs.join(pieces)
    _, first = np.unique(arcs.paper.astype(np.int64) * inst.m + arcs.reviewer, return_index=True)
    return Arcs(arcs.paper[first], arcs.reviewer[first], arcs.costs[first])


@dataclass(frozen=True, eq=False)
class Arcs:
    """Candidate paper → reviewer arcs: indices (int32) and integer costs."""

    paper: np.ndarray
    reviewer: np.ndarray
    costs: np.ndarray

    @classmethod
    def of(cls, paper: np.ndarray, reviewer: np.ndarray, weights: np.ndarray) -> Arcs:
        return cls(
            paper.astype(np.int32),
            reviewer.astype(np.int32),
            np.rint(weights * -SCALE).astype(np.int64),
        )

    @classmethod
    def join(cls, pieces: Sequence[Arcs]) -> Arcs:
        if not pieces:
            return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int64))
        return cls(
            np.concatenate([p.paper for p in pieces]),
            np.concatenate([p.reviewer for p in pieces]),
            np.concatenate([p.costs for p in pieces]),
        )

    def __len__(self) -> int:
        return len(self.paper)


class FlowGraph:
    """The min-cost-flow network of an instance over a given set of candidate arcs.

    Nodes: papers 0..n-1, reviewers n..n+m-1, sink n+m. Papers supply what they still
    need; reviewer → sink arcs carry the remaining load. Arc ``a`` < ``len(arcs)`` is
    candidate pair ``a``.
    """

    def __init__(self, inst: Instance, arcs: Arcs, *, pruned: bool) -> None:
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

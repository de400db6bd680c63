"""The fair objective: the worst-served paper first, the total second.

A paper's affinity here is the *sum* of its reviewers' scores (locked reviewers included,
bids left out: fairness is about expertise, bids are the reviewers' wishes). The fair
assignment meets the same constraints as :func:`~.solver.solve` and is lexicographic, as
in PeerReview4All (Stelmakh, Shah and Singh):

1. the largest ``t`` such that every paper that still needs reviewers gets total
   affinity ≥ ``t``;
2. among those assignments, the largest total weight (affinity + bid bonus).

Per-paper sums make the flow's constraint matrix lose total unimodularity (the problem
is NP-hard for ``k`` ≥ 2), so both stages are integer programs over the candidate arcs,
with scores rounded to ``1/SCALE`` like the flow's costs, so sums compare exactly in
integers. Stage 1 first runs up to ``REWEIGHT_ROUNDS`` min-cost flows in which papers
below the median count more (multiplicative weights); when the best of them reaches the
*ceiling* (the lowest, over the papers, of a paper's ``k`` best candidate scores) it is
optimal, as no assignment can do better. Otherwise OR-Tools' CP-SAT searches on from it
(its LP bound is weak for a max-min, and HiGHS's branch and bound does not close it in
minutes). Stage 2 is solved by HiGHS (``scipy.optimize.milp``; near a transportation
problem, its LP is tight).

Stage 1 starts from the plain optimum (its lowest paper is the lower bound), which makes
the plain optimum feasible for both stages: the fair lowest paper is never below the
plain one and the fair total never above the plain total (over the same arcs). A stage
that hits ``time_limit`` keeps its best solution found (falling back to the previous
stage's), and ``FairAssignment.proven`` is then False; ``lowest_bound`` says how far
from the best possible lowest paper it may be.

Above ``FAIR_ALL_PAIRS`` open pairs (or when the plain solve was pruned) the programs
keep each paper's ``FAIR_CANDIDATES`` best reviewers plus each reviewer's best papers
(the flow's pruning) plus the plain optimum's pairs; the answer is then optimal over
those arcs only and ``pruned`` is True.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack

from .graph import SCALE, Arcs, FlowGraph, candidate_graph
from .instance import Instance
from .problem import Assignment, AssignmentProblem
from .solver import solve_with_graph
from .wording import labels, plural

OBJECTIVES = ("total", "fair")
"""``total``: the plain optimum (:func:`~.solver.solve`); ``fair``: :func:`solve_fair`."""
DEFAULT_THRESHOLD = 0.2
"""A reviewer above this affinity counts as an expert in :class:`AffinitySpread`."""
FAIR_ALL_PAIRS = 250_000
"""Up to this many open pairs the programs use every arc (exact); above, candidates."""
FAIR_CANDIDATES = 25
REWEIGHT_ROUNDS = 40
"""Min-cost flows tried (each well under a second at 1,000 papers) before the search."""
TIME_LIMIT = 60.0
"""Seconds per stage before HiGHS returns its best solution found so far."""


@dataclass(frozen=True)
class AffinitySpread:
    """How affinity is spread over the papers: the total over all assigned pairs, the
    mean and lowest paper total, and how many papers have no reviewer above
    ``threshold``."""

    total: float
    mean: float
    lowest: float
    lowest_paper: str
    without_expert: int
    threshold: float

    def lines(self) -> list[str]:
        return [
            f"Total affinity: {self.total:.3f}; mean per paper: {self.mean:.3f}.",
            f"Lowest paper: {self.lowest_paper} with {self.lowest:.3f}.",
            f"{plural(self.without_expert, 'paper')} with no reviewer above {self.threshold:g}.",
        ]


def affinity_spread(
    problem: AssignmentProblem, pairs: np.ndarray, threshold: float = DEFAULT_THRESHOLD
) -> AffinitySpread:
    """The :class:`AffinitySpread` of ``pairs`` (rows of paper, reviewer) in ``problem``."""
    scores = np.asarray(problem.scores)
    n = scores.shape[0]
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    values = np.nan_to_num(scores[pairs[:, 0], pairs[:, 1]].astype(np.float64), neginf=0.0)
    sums = np.bincount(pairs[:, 0], weights=values, minlength=n)
    best = np.full(n, -np.inf)
    np.maximum.at(best, pairs[:, 0], values)
    lowest = int(np.argmin(sums)) if n else 0
    names = labels(problem.paper_labels, n, "Paper", "paper_labels")
    return AffinitySpread(
        total=float(values.sum()),
        mean=float(sums.mean()) if n else 0.0,
        lowest=float(sums[lowest]) if n else 0.0,
        lowest_paper=names[lowest] if n else "no paper",
        without_expert=int((best <= threshold).sum()),
        threshold=float(threshold),
    )


@dataclass(frozen=True, eq=False)
class FairAssignment:
    """The plain optimum and the fair assignment of the same problem. ``proven``: both
    stages proved optimal (over the arcs searched); ``pruned``: not every arc was;
    ``lowest_bound``: no assignment (over those arcs) gives every paper that still needs
    reviewers more than this total affinity (None when no paper needs any)."""

    plain: Assignment
    fair: Assignment
    proven: bool
    pruned: bool
    lowest_bound: float | None


def solve_fair(
    problem: AssignmentProblem,
    *,
    progress: Callable[[float], None] | None = None,
    time_limit: float = TIME_LIMIT,
) -> FairAssignment:
    """The plain optimum, then the max-min-then-max-sum assignment (module docstring).

    Raises :class:`~.problem.InfeasibleAssignment` and ``ValueError`` like ``solve``."""
    report = progress or (lambda _fraction: None)
    plain, inst, graph = solve_with_graph(problem, progress=lambda f: report(0.4 * f))
    program = _Program.of(inst, graph, plain.pairs)
    if program.empty:
        report(1.0)
        return FairAssignment(plain, plain, proven=True, pruned=plain.pruned, lowest_bound=None)
    floor, bound, chosen, proven_1 = program.raise_lowest(time_limit)
    report(0.7)
    chosen, proven_2 = program.best_total(floor, chosen, time_limit)
    pairs = np.concatenate([inst.locked, program.pairs(chosen)])
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))].astype(np.int64).reshape(-1, 2)
    fair = Assignment(
        pairs=pairs,
        total=inst.total(pairs),
        quality=inst.quality(pairs),
        pruned=plain.pruned or program.pruned,
    )
    report(1.0)
    return FairAssignment(
        plain, fair, proven=proven_1 and proven_2, pruned=fair.pruned, lowest_bound=bound / SCALE
    )


class _Program:
    """The arcs of the two mixed-integer programs, their shared constraints, and integer
    (×SCALE) scores and weights so that sums are compared exactly."""

    def __init__(self, inst: Instance, arcs: Arcs, start: np.ndarray, *, pruned: bool) -> None:
        self.inst, self.arcs, self.start, self.pruned = inst, arcs, start, pruned
        self.scores = np.rint(inst.scores[arcs.paper, arcs.reviewer] * SCALE).astype(np.int64)
        self.weights = -arcs.costs  # the flow's integer weights
        lk = inst.locked
        locked_scores = np.rint(inst.scores[lk[:, 0], lk[:, 1]] * SCALE) if len(lk) else []
        self.fixed = np.bincount(lk[:, 0], weights=locked_scores, minlength=inst.n).astype(np.int64)
        self.open = np.flatnonzero(inst.need > 0)
        self.empty = len(self.open) == 0 or len(arcs) == 0
        if not self.empty:
            self.shared = self._shared_constraints()

    @classmethod
    def of(cls, inst: Instance, graph: FlowGraph, plain_pairs: np.ndarray) -> _Program:
        """Every arc of the plain solve, or candidates (plus the plain optimum's pairs,
        within the plain solve's arcs) when there are too many or it was pruned."""
        arcs = graph.arcs
        keys = arcs.paper.astype(np.int64) * inst.m + arcs.reviewer
        chosen_keys = plain_pairs[:, 0] * inst.m + plain_pairs[:, 1]
        pruned = graph.pruned
        if graph.pruned or len(arcs) > FAIR_ALL_PAIRS:
            few = candidate_graph(inst, FAIR_CANDIDATES).arcs
            few_keys = few.paper.astype(np.int64) * inst.m + few.reviewer
            keep = np.isin(keys, few_keys) | np.isin(keys, chosen_keys)
            pruned = pruned or not keep.all()
            arcs, keys = Arcs(arcs.paper[keep], arcs.reviewer[keep], arcs.costs[keep]), keys[keep]
        start = np.isin(keys, chosen_keys).astype(np.float64)
        return cls(inst, arcs, start, pruned=pruned)

    def _shared_constraints(self) -> list[LinearConstraint]:
        inst, arcs, a = self.inst, self.arcs, len(self.arcs)
        ones = np.ones(a)
        per_paper = csr_matrix((ones, (arcs.paper, np.arange(a))), shape=(inst.n, a))
        per_reviewer = csr_matrix((ones, (arcs.reviewer, np.arange(a))), shape=(inst.m, a))
        used = np.unique(arcs.reviewer)
        return [
            (per_paper[self.open], inst.need[self.open], inst.need[self.open]),
            (per_reviewer[used], -np.inf, inst.remaining[used]),
        ]

    def paper_sums(self, x: np.ndarray) -> np.ndarray:
        """Integer total affinity of each open paper under arc choice ``x``."""
        inst = self.inst
        sums = np.bincount(self.arcs.paper, weights=self.scores * x, minlength=inst.n)
        return (np.rint(sums).astype(np.int64) + self.fixed)[self.open]

    def _affinity_rows(self, floor_column: bool) -> csr_matrix:
        """Open papers × arcs of the scores (in units of 1/SCALE); with ``floor_column``,
        one more column of -1 for stage 1's variable ``t``."""
        arcs, a, count = self.arcs, len(self.arcs), len(self.open)
        row_of = np.full(self.inst.n, -1)
        row_of[self.open] = np.arange(count)
        rows = row_of[arcs.paper]
        inside = np.flatnonzero(rows >= 0)
        values, i, j = self.scores[inside] / SCALE, rows[inside], inside
        if floor_column:
            values = np.append(values, np.full(count, -1.0))
            i, j = np.append(i, np.arange(count)), np.append(j, np.full(count, a))
        shape = (count, a + int(floor_column))
        return coo_matrix((values, (i, j)), shape=shape).tocsr()

    def _solve(self, c, constraints, bounds, integrality, time_limit):
        options = {"time_limit": float(time_limit), "mip_rel_gap": 0.0, "presolve": True}
        return milp(
            c,
            constraints=constraints,
            bounds=bounds,
            integrality=integrality,
            options=options,
        )

    def reweighted(self) -> np.ndarray:
        """A good floor fast: min-cost flows in which a paper's scores count more the
        further its total is below the median (multiplicative weights); the best round's
        choice (the plain optimum if none beats it). It often reaches the ceiling, which
        proves it optimal without the search."""
        best, best_floor = self.start, int(self.paper_sums(self.start).min())
        ceiling = self._ceiling()
        boost = np.ones(self.inst.n)
        current = best
        for _round in range(REWEIGHT_ROUNDS):
            boost = np.clip(boost * self._boost_step(current), 1e-3, 1e3)
            costs = -np.rint(self.scores * boost[self.arcs.paper]).astype(np.int64)
            graph = FlowGraph(
                self.inst, Arcs(self.arcs.paper, self.arcs.reviewer, costs), pruned=False
            )
            try:
                pairs = graph.solve()
            except RuntimeError:  # pragma: no cover - costs out of OR-Tools' range
                break
            if pairs is None:  # pragma: no cover - the plain optimum fits these arcs
                break
            current = (graph.pair_flows() > 0).astype(np.float64)
            floor = int(self.paper_sums(current).min())
            if floor > best_floor:
                best, best_floor = current, floor
            if best_floor >= ceiling:
                break
        return best

    def _boost_step(self, x: np.ndarray) -> np.ndarray:
        sums = self.paper_sums(x)
        gap = np.zeros(self.inst.n)
        gap[self.open] = (np.median(sums) - sums) / SCALE
        return np.clip(np.exp(0.5 * gap), 0.2, 5.0)

    def raise_lowest(self, time_limit: float) -> tuple[int, int, np.ndarray, bool]:
        """Stage 1: the largest floor ``t`` (integer, ×SCALE) for every open paper's
        total. The reweighted flows give a start (proven optimal if it reaches the
        ceiling); CP-SAT, from there, searches for better. Returns the floor reached, the
        best bound proven on it, the arc choice that reaches it, and whether it is
        optimal."""
        self.start = self.reweighted()
        floor = int(self.paper_sums(self.start).min())
        if floor >= self._ceiling():
            return floor, floor, self.start, True
        model = cp_model.CpModel()
        x = [model.new_bool_var(f"x{a}") for a in range(len(self.arcs))]
        t = model.new_int_var(floor, max(floor, self._ceiling()), "t")
        for i, arcs in self._arcs_of(self.arcs.paper, self.open):
            model.add(cp_model.LinearExpr.sum([x[a] for a in arcs]) == int(self.inst.need[i]))
            scores = [int(v) for v in self.scores[arcs]]
            total = cp_model.LinearExpr.weighted_sum([x[a] for a in arcs], scores)
            model.add(total + int(self.fixed[i]) >= t)
        for j, arcs in self._arcs_of(self.arcs.reviewer, np.unique(self.arcs.reviewer)):
            model.add(cp_model.LinearExpr.sum([x[a] for a in arcs]) <= int(self.inst.remaining[j]))
        for var, value in zip(x, self.start.astype(int).tolist(), strict=True):
            model.add_hint(var, value)
        model.maximize(t)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = float(time_limit)
        solver.parameters.num_workers = max(1, min(8, os.cpu_count() or 1))
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return floor, self._ceiling(), self.start, False
        chosen = np.array([solver.value(v) for v in x], dtype=np.float64)
        reached = int(self.paper_sums(chosen).min())
        bound = int(min(solver.best_objective_bound, self._ceiling()))
        if reached < floor:  # pragma: no cover - the domain of t forbids it; a guard only
            return floor, bound, self.start, False
        return reached, max(bound, reached), chosen, status == cp_model.OPTIMAL

    def _ceiling(self) -> int:
        """No open paper can beat its ``need`` best candidate scores: an upper bound."""
        order = np.lexsort((-self.scores, self.arcs.paper))
        paper, scores = self.arcs.paper[order], self.scores[order]
        first = np.searchsorted(paper, np.arange(self.inst.n))
        rank = np.arange(len(paper)) - first[paper]
        best = np.where(rank < self.inst.need[paper], scores, 0)
        tops = np.bincount(paper, weights=best, minlength=self.inst.n) + self.fixed
        return int(np.rint(tops[self.open].min()))

    @staticmethod
    def _arcs_of(owner: np.ndarray, which: np.ndarray):
        """(owner, arc indices) for each owner in ``which`` that has arcs."""
        order = np.argsort(owner, kind="stable")
        starts = np.searchsorted(owner[order], which)
        ends = np.searchsorted(owner[order], which, side="right")
        for i, lo, hi in zip(which.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if hi > lo:
                yield i, order[lo:hi].tolist()

    def best_total(self, floor: int, x: np.ndarray, time_limit: float) -> tuple[np.ndarray, bool]:
        """Stage 2: the largest total weight with every open paper's total ≥ ``floor``;
        ``x`` (which meets the floor) is kept if HiGHS finds nothing better in time."""
        constraints = [LinearConstraint(m, lb, ub) for m, lb, ub in self.shared]
        constraints.append(
            LinearConstraint(
                self._affinity_rows(floor_column=False),
                (floor - self.fixed[self.open] - 0.5) / SCALE,
                np.inf,
            )
        )
        a = len(self.arcs)
        result = self._solve(
            -self.weights / SCALE, constraints, Bounds(0, 1), np.ones(a), time_limit
        )
        if result.x is None:
            return x, False
        better = np.rint(result.x)
        if self.paper_sums(better).min() < floor:  # pragma: no cover - a tolerance guard
            return x, False
        if self.weight(better) < self.weight(x):  # stopped by the time limit
            return x, False
        return better, result.status == 0

    def weight(self, x: np.ndarray) -> int:
        return int(np.rint(self.weights @ x))

    def pairs(self, x: np.ndarray) -> np.ndarray:
        used = x > 0.5
        return np.stack([self.arcs.paper[used], self.arcs.reviewer[used]], axis=1).astype(np.int64)


def _with_column(matrix: csr_matrix) -> csr_matrix:
    """``matrix`` with one zero column appended (stage 1's ``t`` variable)."""
    return hstack([matrix, csr_matrix((matrix.shape[0], 1))], format="csr")

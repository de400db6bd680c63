"""Reviewer assignment: the best ``k`` reviewers for every paper, within everyone's load.

Pure Python (numpy, OR-Tools); no Django. Also a command line tool::

    python -m reviews.matching INSTANCE.npz --out ASSIGNMENT.csv [--candidates N]
        [--objective total|fair] [--threshold T] [--time-limit S]

Modules: ``problem`` (the instance and the result), ``instance`` (validation and the
per-paper and per-reviewer counts), ``graph`` (candidate arcs and the min-cost flow),
``solver`` (:func:`solve`), ``explain`` (why an instance is infeasible, in sentences),
``wording`` (labels and counts in words, used by all of them), ``fair`` (the fair
objective: the worst-served paper first, then the total; :func:`solve_fair`), ``cli``
(the command line).

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

from .cli import main
from .fair import (
    DEFAULT_THRESHOLD,
    OBJECTIVES,
    AffinitySpread,
    FairAssignment,
    affinity_spread,
    solve_fair,
)
from .graph import SCALE
from .problem import Assignment, AssignmentProblem, InfeasibleAssignment, QualityReport
from .solver import solve

__all__ = [
    "DEFAULT_THRESHOLD",
    "OBJECTIVES",
    "SCALE",
    "AffinitySpread",
    "Assignment",
    "AssignmentProblem",
    "FairAssignment",
    "InfeasibleAssignment",
    "QualityReport",
    "affinity_spread",
    "main",
    "solve",
    "solve_fair",
]

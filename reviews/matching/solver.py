"""Solving an assignment problem: count, build the flow, widen if pruned, explain if not."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .explain import counting_reasons, shortage_reasons
from .graph import FlowGraph, candidate_graph, widen
from .instance import Instance
from .problem import Assignment, AssignmentProblem, InfeasibleAssignment


def solve(
    problem: AssignmentProblem, *, progress: Callable[[float], None] | None = None
) -> Assignment:
    """Optimal assignment for ``problem`` (see the package docstring).

    Raises :class:`InfeasibleAssignment` when none exists and ``ValueError`` when the
    problem is malformed (shapes, indices, negative loads).
    """
    return solve_with_graph(problem, progress=progress)[0]


def solve_with_graph(
    problem: AssignmentProblem, *, progress: Callable[[float], None] | None = None
) -> tuple[Assignment, Instance, FlowGraph]:
    """:func:`solve`, also returning the validated instance and the graph it was solved
    on (the fair objective searches the same candidate arcs)."""
    report = progress or (lambda _fraction: None)
    report(0.0)
    inst = Instance(problem)
    reasons = counting_reasons(inst)
    if reasons:
        raise InfeasibleAssignment(reasons)
    report(0.1)

    cap = problem.candidates_per_paper
    while True:
        graph = candidate_graph(inst, cap)
        report(0.35)
        chosen = graph.solve()
        if chosen is not None:
            break
        if graph.pruned and cap is not None:
            cap = widen(inst, cap)
            continue
        raise InfeasibleAssignment(shortage_reasons(graph))
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
    return result, inst, graph

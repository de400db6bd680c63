"""Why no assignment exists, in sentences that name the papers and reviewers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import min_cost_flow

from .wording import MAX_NAMED, capped, join_names, plural

if TYPE_CHECKING:
    from .graph import Arcs, FlowGraph
    from .instance import Instance

GENERIC = (
    "No assignment meets every constraint: some papers compete for reviewers whose "
    "loads are too small, though no single count shows which."
)


# --------------------------------------------------------------------------- before solving
def counting_reasons(inst: Instance) -> list[str]:
    """Infeasibility found by counting: locked conflicts, locked pairs against ``k``
    and loads, total capacity, reviewers without a conflict per paper."""
    n, k = inst.n, inst.k
    reasons: list[str] = []
    lk = inst.locked
    if len(lk):
        bad = ~np.isfinite(inst.scores[lk[:, 0], lk[:, 1]])
        for i, j in lk[bad][:MAX_NAMED]:
            reasons.append(
                f"{inst.reviewer_labels[j]} is locked to {inst.paper_labels[i]} "
                "but has a conflict with it."
            )
        if bad.sum() > MAX_NAMED:
            reasons.append(f"{bad.sum() - MAX_NAMED} more locked pairs have a conflict.")
    over = np.flatnonzero(inst.locked_per_paper > k)
    reasons += capped(
        [
            f"{inst.paper_labels[i]} has {plural(inst.locked_per_paper[i], 'locked reviewer')}"
            f"; it needs exactly {k}."
            for i in over[:MAX_NAMED]
        ],
        len(over),
        "more papers have more locked reviewers than they need.",
    )
    over = np.flatnonzero(inst.locked_per_reviewer > inst.load)
    reasons += capped(
        [
            f"{inst.reviewer_labels[j]} has "
            f"{plural(inst.locked_per_reviewer[j], 'locked paper')}; "
            f"their load is {inst.load[j]}."
            for j in over[:MAX_NAMED]
        ],
        len(over),
        "more reviewers have more locked papers than their load.",
    )
    capacity = int(np.minimum(inst.load, n).sum())
    if n * k > capacity:
        reasons.append(
            f"{plural(n, 'paper')} × {plural(k, 'review')} need "
            f"{plural(n * k, 'assignment')}; the pool can take {capacity}."
        )
    short = np.flatnonzero(inst.available < k)
    sentences = []
    for i in short[:MAX_NAMED]:
        count = int(inst.available[i])
        has = "has no reviewer" if count == 0 else f"has only {plural(count, 'reviewer')}"
        sentences.append(f"{inst.paper_labels[i]} {has} without a conflict; it needs {k}.")
    reasons += capped(
        sentences, len(short), f"more papers have fewer than {k} reviewers without a conflict."
    )
    return reasons


# --------------------------------------------------------------------------- after a failed solve
def shortage_reasons(graph: FlowGraph) -> list[str]:
    """Sentences for an infeasible (unpruned) graph: a Hall-type violation."""
    inst = graph.inst
    status = graph.flow.solve_max_flow_with_min_cost()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        return [GENERIC]
    flows = graph.pair_flows()
    n, m = inst.n, inst.m
    sent = np.bincount(graph.arcs.paper, weights=flows, minlength=n).astype(np.int64)
    deficient = np.flatnonzero(sent < inst.need)
    if len(deficient) == 0:
        return [GENERIC]
    papers = _reachable_papers(n, m, graph.arcs, flows, deficient)
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
        return [GENERIC]
    more = " more" if inst.locked_per_paper[papers].any() else ""
    if len(papers) == 1:
        return [
            f"{inst.paper_labels[papers[0]]} needs {plural(need, 'review', more)}, "
            f"but its {plural(len(reviewers), 'reviewer')} without a conflict "
            f"can take only {can_take}."
        ]
    names = join_names([inst.paper_labels[i] for i in papers], "papers")
    return [
        f"{names} need {need}{more} reviews between them, "
        f"but their {plural(len(reviewers), 'reviewer')} without a conflict "
        f"can take only {can_take}."
    ]


def _reachable_papers(
    n: int, m: int, arcs: Arcs, flows: np.ndarray, start: np.ndarray
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

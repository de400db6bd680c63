"""The assignment problem as the caller states it, and the answer it gets back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .wording import plural


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
            f"{count} with {plural(load, 'paper')}"
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

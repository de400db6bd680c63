"""A validated assignment problem with its per-paper and per-reviewer counts."""

from __future__ import annotations

import numpy as np

from .problem import AssignmentProblem, QualityReport
from .wording import labels

_CHUNK_ELEMENTS = 4_000_000
"""Rows of the score matrix are processed this many elements at a time."""
_MAX_WEIGHT = 1e6
"""Largest |score| or |bid| accepted: keeps scaled costs far from int64 overflow."""


class Instance:
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

        self.paper_labels = labels(problem.paper_labels, n, "Paper", "paper_labels")
        self.reviewer_labels = labels(problem.reviewer_labels, m, "Reviewer", "reviewer_labels")
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

    # ---- blocks of weights
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

"""Affinity scores: the top-3 mean of paper similarities, blended with keywords."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from .embedding import embedding_vectors
from .similarity import Similarity
from .text import ExpertiseProfile, PaperText, keyword_doc
from .tfidf import tfidf_vectors

METHODS = ("tfidf", "embedding")
TOP_K = 3
"""Number of a reviewer's most similar papers averaged into the text score."""
KEYWORD_WEIGHT = 0.25
"""Weight of the keyword cosine when both sides have keywords."""

_BLOCK_ELEMENTS = 8_000_000
"""Size of one submissions × papers block (float32 elements) computed at a time."""
_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))
"""Threads computing blocks; scipy's sparse products and numpy release the GIL."""


def affinity_scores(
    submissions: Sequence[PaperText],
    profiles: Sequence[ExpertiseProfile],
    *,
    method: str = "tfidf",
    progress: Callable[[float], None] | None = None,
) -> np.ndarray:
    """Expertise of each reviewer for each submission.

    Returns a float32 array of shape ``(len(submissions), len(profiles))`` with values
    in ``[0, 1]``; row ``i`` column ``j`` is reviewer ``j``'s affinity for submission
    ``i``, rows and columns in the order given. ``progress`` is called with a fraction
    in ``[0, 1]`` a handful of times, always from the calling thread.
    """
    if method not in METHODS:
        raise ValueError(f"unknown affinity method {method!r}; use one of {', '.join(METHODS)}")
    report = progress or (lambda _fraction: None)
    report(0.0)
    n, m = len(submissions), len(profiles)
    out = np.zeros((n, m), dtype=np.float32)
    if n == 0 or m == 0:
        report(1.0)
        return out

    papers, groups = _paper_layout(profiles)
    sub_kw_docs = [keyword_doc(s.keywords) for s in submissions]
    rev_kw_docs = [
        keyword_doc([*p.keywords, *(k for paper in p.papers for k in paper.keywords)])
        for p in profiles
    ]
    has_sub_kw = np.array([bool(d.strip()) for d in sub_kw_docs])
    has_rev_kw = np.array([bool(d.strip()) for d in rev_kw_docs])

    if method == "tfidf":
        vectors = tfidf_vectors(submissions, papers, sub_kw_docs, rev_kw_docs)
    else:
        vectors = embedding_vectors(submissions, papers, sub_kw_docs, rev_kw_docs)
    if vectors is None:  # no term occurs twice anywhere: nothing is similar
        report(1.0)
        return out
    sub_vecs, paper_vecs, sub_kw_vecs, rev_kw_vecs = vectors
    report(0.3)

    text = Similarity(sub_vecs, paper_vecs)
    keywords = Similarity(sub_kw_vecs, rev_kw_vecs, split=False)
    use_keywords = bool(has_sub_kw.any() and has_rev_kw.any())

    def fill(rows: slice) -> None:
        block = out[rows]
        if len(papers):
            _aggregate_top_k(text.block(rows), groups, block)
        if use_keywords and has_sub_kw[rows].any():
            both = has_sub_kw[rows, None] & has_rev_kw[None, :]
            blended = (1.0 - KEYWORD_WEIGHT) * block + KEYWORD_WEIGHT * keywords.block(rows)
            np.copyto(block, blended, where=both)

    size = max(1, _BLOCK_ELEMENTS // max(len(papers), m))
    blocks = [slice(i, min(n, i + size)) for i in range(0, n, size)]
    workers = min(_WORKERS, len(blocks))
    last = 0.3
    with ExitStack() as stack:
        if workers > 1:  # one BLAS thread per worker instead of oversubscribing cores
            stack.enter_context(threadpool_limits(limits=1, user_api="blas"))
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=workers))
            done_blocks: Iterable[Any] = pool.map(fill, blocks)
        else:
            done_blocks = map(fill, blocks)
        for count, _ in enumerate(done_blocks, 1):
            fraction = 0.3 + 0.7 * count / len(blocks)
            if fraction - last >= 0.14 and count < len(blocks):
                report(fraction)
                last = fraction
    np.clip(out, 0.0, 1.0, out=out)
    report(1.0)
    return out


@dataclass(frozen=True, eq=False)
class _Group:
    """Reviewers with the same number of papers; their papers' similarity columns are
    ``start + q * len(reviewers) + r`` for the ``q``-th paper of the ``r``-th of them,
    so each "q-th paper of every reviewer" is one contiguous slice."""

    reviewers: np.ndarray
    start: int
    count: int


def _paper_layout(profiles: Sequence[ExpertiseProfile]) -> tuple[list[PaperText], list[_Group]]:
    """All profile papers, ordered group by group (see :class:`_Group`)."""
    counts = np.array([len(p.papers) for p in profiles], dtype=np.int64)
    papers: list[PaperText] = []
    groups = []
    for count in np.unique(counts[counts > 0]):
        reviewers = np.flatnonzero(counts == count)
        groups.append(_Group(reviewers, len(papers), int(count)))
        for q in range(count):
            papers.extend(profiles[j].papers[q] for j in reviewers)
    return papers, groups


def _aggregate_top_k(sims: np.ndarray, groups: list[_Group], out: np.ndarray) -> None:
    """out[:, reviewer] = mean of the reviewer's TOP_K largest paper similarities.

    Works in place on ``sims`` (a scratch block): the top ``TOP_K`` columns of each
    group are kept sorted with compare-and-swap passes over contiguous slices, a few
    elementwise operations per similarity and no sorting or gathering.
    """
    for group in groups:
        width = len(group.reviewers)
        cols = [
            sims[:, group.start + q * width : group.start + (q + 1) * width]
            for q in range(group.count)
        ]
        if group.count <= TOP_K:
            total = cols[0].copy()
            for col in cols[1:]:
                total += col
            out[:, group.reviewers] = total / group.count
            continue
        top = cols[:TOP_K]
        spare, other = np.empty_like(top[0]), np.empty_like(top[0])
        for i in range(1, TOP_K):  # sort the first TOP_K columns, largest first
            for a in range(i - 1, -1, -1):
                np.minimum(top[a], top[a + 1], out=spare)
                np.maximum(top[a], top[a + 1], out=top[a])
                top[a + 1][...] = spare
        for x in cols[TOP_K:]:  # insert x into the sorted top columns
            free = spare
            for level in range(TOP_K - 1):
                np.minimum(top[level], x, out=free)
                np.maximum(top[level], x, out=top[level])
                x, free = free, (other if free is spare else spare)
            np.maximum(top[-1], x, out=top[-1])
        total = top[0].copy()
        for col in top[1:]:
            total += col
        out[:, group.reviewers] = total / TOP_K

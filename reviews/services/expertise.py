"""Affinity: how well each reviewer's expertise fits each paper, computed by the pure
reviews.affinity module from the papers' and the profiles' text, and stored per pair."""

import re
from collections.abc import Callable

import numpy as np
from django.db import transaction

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop

from .. import affinity
from ..enums import REVIEWABLE
from ..models import Affinity, Assignment, Bid, ReviewerProfile
from .common import pool, settings_for
from .pool import split_keywords

Progress = Callable[[float], None]
_PARAGRAPHS = re.compile(r"\n\s*\n")


def reviewable_papers(workshop: Workshop):
    return (
        Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE)
        .prefetch_related("topics")
        .order_by("number")
    )


def paper_text(submission: Submission) -> affinity.PaperText:
    """A paper for affinity: title, abstract, and its keywords with its topics' names."""
    keywords = [*submission.keywords, *(t.name for t in submission.topics.all())]
    return affinity.PaperText(
        title=submission.title, abstract=submission.abstract, keywords=tuple(keywords)
    )


def parse_recent_papers(text: str) -> tuple[affinity.PaperText, ...]:
    """One paper per paragraph: the first line is the title, the rest its abstract."""
    papers = []
    for paragraph in _PARAGRAPHS.split(text or ""):
        lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
        if lines:
            papers.append(affinity.PaperText(title=lines[0], abstract=" ".join(lines[1:])))
    return tuple(papers)


def expertise_profile(user: User, profile: ReviewerProfile | None) -> affinity.ExpertiseProfile:
    """A reviewer for affinity: the recent papers of their workshop profile, plus keywords
    from the profile, its topics and the expertise line of their account."""
    keywords = split_keywords(user.expertise)
    papers: tuple[affinity.PaperText, ...] = ()
    if profile is not None:
        keywords = [*profile.keywords, *(t.name for t in profile.topics.all()), *keywords]
        papers = parse_recent_papers(profile.recent_papers)
    return affinity.ExpertiseProfile(papers=papers, keywords=tuple(keywords))


# Pairs kept per paper and per reviewer: the solver prunes to a paper's best candidates
# anyway, and a reviewer's bidding list needs their best papers first; the rest read as 0.
KEEP_PER_PAPER = 200
KEEP_PER_REVIEWER = 200
_BATCH = 5000


def kept_pairs(
    scores: np.ndarray, also: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pairs worth storing: a positive score among the paper's best
    KEEP_PER_PAPER reviewers or the reviewer's best KEEP_PER_REVIEWER papers, or one of
    the `also` pairs (those with a bid or an assignment, whose true score the assignment
    and its report need)."""
    n, m = scores.shape
    if m <= KEEP_PER_PAPER or n <= KEEP_PER_REVIEWER:
        return np.nonzero(scores > 0)  # every pair is among someone's best
    best = np.zeros(scores.shape, dtype=bool)
    if also is not None:
        best[also] = True
    top = np.argpartition(-scores, KEEP_PER_PAPER - 1, axis=1)[:, :KEEP_PER_PAPER]
    np.put_along_axis(best, top, True, axis=1)
    top = np.argpartition(-scores, KEEP_PER_REVIEWER - 1, axis=0)[:KEEP_PER_REVIEWER, :]
    np.put_along_axis(best, top, True, axis=0)
    return np.nonzero(best & (scores > 0))


def _bid_and_assigned(workshop: Workshop, papers, reviewers) -> tuple[np.ndarray, np.ndarray]:
    paper_index = {p.pk: i for i, p in enumerate(papers)}
    reviewer_index = {r.pk: j for j, r in enumerate(reviewers)}
    pairs = {
        (paper_index[s], reviewer_index[r])
        for model in (Bid, Assignment)
        for s, r in model.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "reviewer_id"
        )
        if s in paper_index and r in reviewer_index
    }
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rows, cols = zip(*pairs, strict=True)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def compute_affinity(*, workshop: Workshop, progress: Progress | None = None) -> int:
    """Score every reviewer of the pool for every reviewable paper and store the scores
    worth keeping (see kept_pairs; a missing pair reads as 0). Returns the pairs stored."""
    report = progress or (lambda _fraction: None)
    papers = list(reviewable_papers(workshop))
    reviewers = list(pool(workshop))
    profiles = {
        p.user_id: p
        for p in ReviewerProfile.objects.filter(workshop=workshop).prefetch_related("topics")
    }
    scores = affinity.affinity_scores(
        [paper_text(p) for p in papers],
        [expertise_profile(u, profiles.get(u.pk)) for u in reviewers],
        method=settings_for(workshop).affinity_method,
        progress=lambda fraction: report(0.7 * fraction),
    )
    rows, cols = kept_pairs(scores, _bid_and_assigned(workshop, papers, reviewers))
    # Rounded so that recomputing unchanged texts stores exactly the same numbers.
    values = np.round(scores[rows, cols].astype(np.float64), 4)
    paper_ids = np.array([p.pk for p in papers], dtype=np.int64)
    reviewer_ids = np.array([r.pk for r in reviewers], dtype=np.int64)
    report(0.75)
    total = len(values)
    with transaction.atomic():
        Affinity.objects.filter(submission__workshop=workshop).delete()
        for start in range(0, total, _BATCH):
            stop = start + _BATCH
            Affinity.objects.bulk_create(
                Affinity(submission_id=s, reviewer_id=r, score=v)
                for s, r, v in zip(
                    paper_ids[rows[start:stop]].tolist(),
                    reviewer_ids[cols[start:stop]].tolist(),
                    values[start:stop].tolist(),
                    strict=True,
                )
            )
            report(0.75 + 0.25 * min(1.0, stop / max(total, 1)))
    report(1.0)
    return total


def match_reasons(
    user: User, workshop: Workshop, papers: list[Submission]
) -> dict[int, affinity.MatchReason]:
    """Why each paper fits the reviewer (their keywords it uses, their closest own papers),
    by paper id. Two queries whatever the number of papers (the profile and its topics);
    the papers' topics must be prefetched."""
    profile = (
        ReviewerProfile.objects.filter(workshop=workshop, user=user)
        .prefetch_related("topics")
        .first()
    )
    expertise = expertise_profile(user, profile)
    return {p.pk: affinity.match_reason(paper_text(p), expertise) for p in papers}

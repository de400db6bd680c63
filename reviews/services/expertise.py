"""Affinity: how well each reviewer's expertise fits each paper, computed by the pure
reviews.affinity module from the papers' and the profiles' text, and stored per pair."""

import re
from collections.abc import Callable

from django.db import transaction

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop

from .. import affinity
from ..enums import REVIEWABLE
from ..models import Affinity, ReviewerProfile
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


def compute_affinity(*, workshop: Workshop, progress: Progress | None = None) -> int:
    """Score every reviewer of the pool for every reviewable paper and store the scores
    (pairs scoring 0 are not stored: a missing row reads as 0). Returns the pairs stored."""
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
        progress=lambda fraction: report(0.85 * fraction),
    )
    rows = [
        Affinity(submission_id=paper.pk, reviewer_id=reviewer.pk, score=score)
        for i, paper in enumerate(papers)
        for j, reviewer in enumerate(reviewers)
        # Rounded so that recomputing unchanged texts stores exactly the same numbers.
        if (score := round(float(scores[i, j]), 4)) > 0
    ]
    report(0.9)
    with transaction.atomic():
        kept = {(row.submission_id, row.reviewer_id) for row in rows}
        stale = [
            pk
            for pk, s, r in Affinity.objects.filter(submission__workshop=workshop).values_list(
                "pk", "submission_id", "reviewer_id"
            )
            if (s, r) not in kept
        ]
        for start in range(0, len(stale), 5000):
            Affinity.objects.filter(pk__in=stale[start : start + 5000]).delete()
        Affinity.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["submission", "reviewer"],
            update_fields=["score"],
        )
    report(1.0)
    return len(rows)

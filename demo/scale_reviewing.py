"""The load generator's reviewing (see demo/scale.py): confirmed assignments with their
reviews, conflicts, bids, stored affinities, decisions and the assignment mails."""

from datetime import timedelta

import numpy as np

from reviews.enums import AssignmentOrigin, AssignmentState, BidPreference, ConflictSource
from reviews.models import Affinity, Assignment, Bid, Conflict, Review
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from workshop.enums import EmailState
from workshop.models import OutgoingEmail

from . import scale_text
from .bulk import copy_rows, create_in_batches


def assignments(run) -> None:
    """k confirmed reviewers per paper, the pool taken in a shuffled round so that every
    load is n·k/m or one more; four reviews in five submitted, one in ten a draft."""
    plan, rng, now = run.plan, run.rng, run.now
    run.order = rng.permutation(plan.reviewers)
    slots = np.arange(plan.papers * plan.k) % plan.reviewers
    run.assigned = run.order[slots].reshape(plan.papers, plan.k)
    objects = [
        Assignment(
            submission_id=pk,
            reviewer_id=run.reviewers[int(r)],
            state=AssignmentState.CONFIRMED,
            origin=AssignmentOrigin.AUTOMATIC,
            number=j + 1,
            created_by=run.organizer,
            confirmed_at=now - timedelta(days=20),
        )
        for pk, row in zip(run.papers, run.assigned.tolist(), strict=True)
        for j, r in enumerate(row)
    ]
    assignment_ids = [a.pk for a in create_in_batches(Assignment, objects)]
    fate = rng.random(len(assignment_ids))
    scores = rng.integers(1, 6, size=len(assignment_ids))
    confidences = rng.integers(1, 4, size=len(assignment_ids))
    written = now - timedelta(days=5)
    copy_rows(
        Review,
        (
            "assignment_id",
            "score",
            "confidence",
            "summary",
            "strengths",
            "weaknesses",
            "comments_to_authors",
            "confidential_comments",
            "state",
            "created_at",
            "updated_at",
            "submitted_at",
        ),
        (
            (
                aid,
                int(scores[i]),
                int(confidences[i]),
                *scale_text.REVIEW,
                "submitted",
                written,
                written,
                written,
            )
            if fate[i] < 0.8
            else (aid, None, None, *scale_text.REVIEW, "draft", written, written, None)
            for i, aid in enumerate(assignment_ids)
            if fate[i] < 0.9
        ),
    )


def preferences(run) -> None:
    """Two conflicts per paper (reviewers assigned to the next paper, never its own),
    bids (eager on half of one's papers, the rest spread), and the stored affinities:
    every assigned pair and `affinities_per_paper` others per paper."""
    plan, rng, now = run.plan, run.rng, run.now
    n, m, k = plan.papers, plan.reviewers, plan.k
    slot = (np.arange(n)[:, None] * k + k + np.arange(2)[None, :]) % m
    conflicted = run.order[slot]
    conflict_keys = set((np.arange(n)[:, None] * m + conflicted).ravel().tolist())
    copy_rows(
        Conflict,
        ("submission_id", "reviewer_id", "source", "status", "reason", "created_at"),
        (
            (
                run.papers[key // m],
                run.reviewers[key % m],
                ConflictSource.AFFILIATION,
                "detected",
                "Same affiliation (generated).",
                now,
            )
            for key in sorted(conflict_keys)
        ),
    )
    assigned_keys = (np.arange(n)[:, None] * m + run.assigned).ravel()
    eager = assigned_keys[rng.random(len(assigned_keys)) < 0.5]
    spread = rng.integers(0, n, size=m * plan.bids_per_reviewer) * m + np.repeat(
        np.arange(m), plan.bids_per_reviewer
    )
    spread = np.setdiff1d(np.unique(spread), np.concatenate([eager, assigned_keys]))
    others = [BidPreference.WILLING, BidPreference.NEUTRAL, BidPreference.NOT_WILLING]
    picks = rng.integers(0, 3, size=len(spread))
    bids = [(int(key), BidPreference.EAGER) for key in eager] + [
        (int(key), others[p]) for key, p in zip(spread.tolist(), picks.tolist(), strict=True)
    ]
    copy_rows(
        Bid,
        ("submission_id", "reviewer_id", "preference", "updated_at"),
        (
            (run.papers[key // m], run.reviewers[key % m], pref, now)
            for key, pref in bids
            if key not in conflict_keys
        ),
    )
    per_paper = min(plan.affinities_per_paper, m)
    keys = np.arange(n)[:, None] * m + rng.integers(0, m, size=(n, per_paper))
    keys = np.unique(np.concatenate([keys.ravel(), assigned_keys]))
    keys = keys[~np.isin(keys, np.fromiter(conflict_keys, dtype=np.int64))]
    topic_match = run.paper_topic[keys // m] == run.reviewer_topic[keys % m]
    values = np.round(rng.beta(2, 5, size=len(keys)) * 0.6 + 0.4 * topic_match, 4)
    copy_rows(
        Affinity,
        ("submission_id", "reviewer_id", "score"),
        (
            (run.papers[key // m], run.reviewers[key % m], value)
            for key, value in zip(keys.tolist(), values.tolist(), strict=True)
        ),
    )


def decisions(run) -> None:
    """Orals, posters and rejections for part of the papers; the rest stay in bidding."""
    plan = run.plan
    chosen = run.rng.permutation(plan.papers)
    cuts = np.cumsum([plan.orals, plan.posters, plan.rejected])
    outcomes = {
        SubmissionStatus.ACCEPTED_ORAL: chosen[: cuts[0]],
        SubmissionStatus.ACCEPTED_POSTER: chosen[cuts[0] : cuts[1]],
        SubmissionStatus.REJECTED: chosen[cuts[1] : cuts[2]],
    }
    run.decided = {}
    for status, indices in outcomes.items():
        ids = [run.papers[i] for i in sorted(indices.tolist())]
        Submission.objects.filter(pk__in=ids).update(status=status, decided_at=run.now)
        run.decided[status] = ids


def outbox(run) -> None:
    """The assignment mail each reviewer got (one per reviewer, sent)."""
    plan, now = run.plan, run.now
    copy_rows(
        OutgoingEmail,
        (
            "workshop_id",
            "to",
            "subject",
            "text_body",
            "html_body",
            "template_key",
            "idempotency_key",
            "state",
            "attempts",
            "last_error",
            "created_at",
            "updated_at",
            "sent_at",
            "related_id",
        ),
        (
            (
                run.workshop.pk,
                plan.email("reviewer", i),
                "Your papers to review",
                "Dear reviewer, your papers are on your reviewing page.",
                "",
                "review_assignment",
                f"{plan.slug}:scale:assignment:{uid}",
                EmailState.SENT,
                1,
                "",
                now,
                now,
                now,
                "",
            )
            for i, uid in enumerate(run.reviewers)
        ),
    )

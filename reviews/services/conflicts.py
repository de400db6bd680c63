"""Conflicts of interest: detected from the data, declared by authors and reviewers, and
confirmed or dismissed by organizers.

Detection itself is the pure reviews.conflict_detection; here the rows are loaded for it
and its findings stored. It is re-run for a paper whenever the paper is saved (see
reviews/signals.py), for a reviewer who joins the pool, and for the whole workshop before
affinity and assignment jobs; rows an organizer decided on are never changed by it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from submissions.models import Author, Submission
from workshop.models import Workshop

from .. import conflict_detection as detection
from ..enums import DETECTED_SOURCES, REVIEWABLE, ConflictSource, ConflictStatus, ReviewState
from ..institutions import Institutions
from ..models import Assignment, Conflict, InstitutionAlias, Review
from .common import pool, require, require_organizer


def institutions() -> Institutions:
    return Institutions(InstitutionAlias.objects.values_list("alias", "institution"))


def _load_reviewers(
    workshop: Workshop, reviewer_ids: Iterable[int] | None
) -> list[detection.Reviewer]:
    users = pool(workshop)
    if reviewer_ids is not None:
        users = users.filter(pk__in=list(reviewer_ids))
    users = list(users.only("pk", "name", "email", "affiliation"))
    emails = {u.pk: {u.email.lower()} for u in users}
    for user_id, email in EmailAddress.objects.filter(
        user_id__in=list(emails), verified=True
    ).values_list("user_id", "email"):
        emails[user_id].add(email.lower())
    return [
        detection.Reviewer(u.pk, u.name or u.email, u.affiliation, frozenset(emails[u.pk]))
        for u in users
    ]


def _load_papers(
    workshop: Workshop,
) -> tuple[dict[int, detection.Paper], dict[int, list[detection.Author]]]:
    papers = {
        pk: detection.Paper(pk, number, title, status in REVIEWABLE, declared)
        for pk, number, title, status, declared in Submission.objects.filter(
            workshop=workshop
        ).values_list("pk", "number", "title", "status", "declared_conflicts")
    }
    authors: dict[int, list[detection.Author]] = defaultdict(list)
    for row in Author.objects.filter(submission__workshop=workshop).values_list(
        "submission_id", "name", "email", "affiliation", "user_id", "user__affiliation"
    ):
        submission_id, name, email, affiliation, user_id, user_affiliation = row
        affiliation = affiliation or user_affiliation or ""
        authors[submission_id].append(
            detection.Author(submission_id, name, email.lower(), affiliation, user_id)
        )
    return papers, authors


@dataclass(frozen=True)
class RefreshResult:
    created: int
    removed: int
    updated: int


def refresh_conflicts(
    *,
    workshop: Workshop,
    submission_ids: Iterable[int] | None = None,
    reviewer_ids: Iterable[int] | None = None,
) -> RefreshResult:
    """Bring detected conflicts up to date for some papers / reviewers (default: all).

    New findings are stored as DETECTED (they count until an organizer dismisses them);
    findings that no longer hold are removed unless an organizer confirmed or dismissed
    them. A system task, so it takes no acting user."""
    reviewer_ids = list(reviewer_ids) if reviewer_ids is not None else None
    papers, authors = _load_papers(workshop)
    targets = list(submission_ids) if submission_ids is not None else list(papers)
    found = detection.detect(
        reviewers=_load_reviewers(workshop, reviewer_ids),
        papers=papers,
        authors=authors,
        targets=targets,
        known=institutions(),
    )
    existing = Conflict.objects.filter(submission__workshop=workshop, source__in=DETECTED_SOURCES)
    if submission_ids is not None:
        existing = existing.filter(submission_id__in=targets)
    if reviewer_ids is not None:
        existing = existing.filter(reviewer_id__in=reviewer_ids)
    stale, updated = [], 0
    with transaction.atomic():
        # Plain tuples, not model instances: a large workshop has hundreds of thousands.
        for pk, s, r, source, status, reason in existing.values_list(
            "pk", "submission_id", "reviewer_id", "source", "status", "reason"
        ).iterator(chunk_size=10_000):
            wanted = found.pop((s, r, source), None)
            if wanted is None:
                if status == ConflictStatus.DETECTED:
                    stale.append(pk)
            elif wanted != reason and status == ConflictStatus.DETECTED:
                Conflict.objects.filter(pk=pk).update(reason=wanted)
                updated += 1
        for start in range(0, len(stale), 5000):
            Conflict.objects.filter(pk__in=stale[start : start + 5000]).delete()
        Conflict.objects.bulk_create(
            [
                Conflict(submission_id=s, reviewer_id=r, source=source, reason=reason)
                for (s, r, source), reason in sorted(found.items())
            ],
            batch_size=5000,
            ignore_conflicts=True,  # a concurrent refresh may have added the same row
        )
    return RefreshResult(created=len(found), removed=len(stale), updated=updated)


def refresh_for_submission(submission_id: int) -> None:
    submission = Submission.objects.filter(pk=submission_id).select_related("workshop").first()
    if submission is not None:
        refresh_conflicts(workshop=submission.workshop, submission_ids=[submission_id])


def decide_conflict(*, conflict: Conflict, by: User, confirm: bool) -> Conflict:
    """An organizer confirms or dismisses a detected conflict (or undoes their own)."""
    require_organizer(by, conflict.submission.workshop)
    if conflict.source not in (*DETECTED_SOURCES, ConflictSource.ORGANIZER):
        raise ValidationError(
            f"A conflict {conflict.get_source_display().lower()} cannot be dismissed; "
            "only detected ones can."
        )
    conflict.status = ConflictStatus.CONFIRMED if confirm else ConflictStatus.DISMISSED
    conflict.decided_by, conflict.decided_at = by, timezone.now()
    conflict.save(update_fields=["status", "decided_by", "decided_at"])
    return conflict


@transaction.atomic
def add_conflict(*, submission: Submission, reviewer: User, by: User, reason: str) -> Conflict:
    """An organizer records a conflict by hand. A proposed assignment of the pair goes; a
    confirmed one without a submitted review goes too, with its draft."""
    require_organizer(by, submission.workshop)
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the reviewer is in conflict."]})
    if not pool(submission.workshop).filter(pk=reviewer.pk).exists():
        raise ValidationError(
            {"reviewer": [f"{reviewer} is not a reviewer of {submission.workshop.name}."]}
        )
    conflict, _ = Conflict.objects.update_or_create(
        submission=submission,
        reviewer=reviewer,
        source=ConflictSource.ORGANIZER,
        defaults={
            "status": ConflictStatus.CONFIRMED,
            "reason": reason.strip(),
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    _drop_unreviewed_assignment(submission=submission, reviewer=reviewer)
    return conflict


def _drop_unreviewed_assignment(*, submission: Submission, reviewer: User) -> None:
    """The pair's assignment goes unless its review was submitted (a draft goes with it)."""
    assignment = Assignment.objects.filter(submission=submission, reviewer=reviewer).first()
    if assignment is None:
        return
    review = Review.objects.filter(assignment=assignment).first()
    if review is None or review.state == ReviewState.DRAFT:
        if review is not None:
            review.delete()
        assignment.delete()


def declare_by_reviewer(*, submission: Submission, reviewer: User) -> Conflict:
    """A reviewer's bid “conflict”: final for them (the paper disappears from their list)."""
    conflict, _ = Conflict.objects.get_or_create(
        submission=submission,
        reviewer=reviewer,
        source=ConflictSource.REVIEWER_DECLARED,
        defaults={
            "status": ConflictStatus.CONFIRMED,
            "reason": f"{reviewer} declared a conflict when bidding.",
        },
    )
    Assignment.objects.filter(submission=submission, reviewer=reviewer, state="proposed").delete()
    return conflict


@transaction.atomic
def set_picked_conflicts(*, submission: Submission, by: User, reviewers: Iterable[User]) -> int:
    """The authors tick the reviewers of the pool they are in conflict with."""
    require(
        by,
        "reviews.pick_conflicts",
        submission,
        "Only the paper's authors can declare its conflicts, and only before a decision.",
    )
    wanted = {r.pk: r for r in reviewers}
    members = set(
        pool(submission.workshop).filter(pk__in=list(wanted)).values_list("pk", flat=True)
    )
    if strangers := [str(wanted[pk]) for pk in wanted if pk not in members]:
        raise ValidationError(
            {"reviewers": [f"Not in the reviewer pool: {', '.join(sorted(strangers))}."]}
        )
    picked = Conflict.objects.filter(submission=submission, source=ConflictSource.AUTHOR_PICKED)
    picked.exclude(reviewer_id__in=list(wanted)).delete()
    have = set(picked.values_list("reviewer_id", flat=True))
    Conflict.objects.bulk_create(
        Conflict(
            submission=submission,
            reviewer_id=pk,
            source=ConflictSource.AUTHOR_PICKED,
            status=ConflictStatus.CONFIRMED,
            reason=f"The authors picked {wanted[pk]} from the reviewer pool.",
        )
        for pk in sorted(set(wanted) - have)
    )
    return len(wanted)

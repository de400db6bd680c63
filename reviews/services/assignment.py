"""Who reviews what: the automatic proposal (affinity + bids, solved exactly by the pure
reviews.matching module), an organizer's manual edits, and confirming, which numbers the
reviewers of each paper and sends every reviewer one email listing their papers."""

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from people.models import User
from submissions.models import Submission
from workshop import audit
from workshop.enums import AuditAction
from workshop.mail import queue_templated_email
from workshop.models import Workshop
from workshop.queueing import queue_task

from .. import matching
from ..enums import (
    EFFECTIVE_CONFLICT,
    REVIEWABLE,
    AssignmentOrigin,
    AssignmentState,
    BidPreference,
    ReviewState,
)
from ..models import Affinity, Assignment, Bid, Conflict, Review, ReviewerProfile
from ..rules import is_conflicted_with
from .bids import bid_weights
from .common import pool, require_organizer
from .conflicts import refresh_conflicts
from .expertise import reviewable_papers
from .objective import ProposalOptions
from .objective import solve as solve_for

Progress = Callable[[float], None]

# Above this many papers × reviewers only each paper's best candidates get an arc.
PRUNE_ABOVE_PAIRS = 4_000_000
CANDIDATES_PER_PAPER = 200

logger = logging.getLogger(__name__)


def _reason(affinity: float, bid: str | None) -> str:
    parts = [f"expertise {affinity:.2f}"]
    if bid and bid != BidPreference.NEUTRAL:
        parts.append(f"bid {BidPreference(bid).label.lower()}")
    if affinity <= 0 and (bid in (None, BidPreference.NEUTRAL, BidPreference.NOT_WILLING)):
        parts.append("fills the load: nobody with more expertise was free")
    return "; ".join(parts)


@dataclass(frozen=True)
class ProposalResult:
    proposed: int
    kept: int
    quality: list[str]
    total: float
    pruned: bool
    papers: int
    reviewers: int
    spread: dict  # the plain optimum's figures and the chosen one's (objective.solve)

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def propose_assignment(
    *,
    workshop: Workshop,
    objective: str | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> ProposalResult:
    """Replace the automatic proposal with the optimal one for ``objective`` (best total,
    or fairest to the worst-served paper; see services/objective.py). Confirmed
    assignments and manual proposals are kept and count against loads; conflicts are
    forbidden. ``threshold`` is the affinity that counts as an expert in the report.

    Raises ValidationError for a bad objective or threshold, and
    matching.InfeasibleAssignment (with sentences) when no assignment exists; the previous
    proposal is then left as it was."""
    options = ProposalOptions.checked(objective=objective, threshold=threshold)
    report = progress or (lambda _fraction: None)
    refresh_conflicts(workshop=workshop)
    report(0.05)
    grid = _Grid.of(workshop)
    scores, bonus, bids = _weights(workshop, grid)
    load, locked = _loads(workshop, grid)
    problem = matching.AssignmentProblem(
        scores=scores,
        k=workshop.reviews_per_paper,
        max_load=load,
        locked=tuple(sorted(locked)),
        bid_bonus=bonus,
        candidates_per_paper=CANDIDATES_PER_PAPER if grid.size > PRUNE_ABOVE_PAIRS else None,
        paper_labels=[f"Paper #{p.number}" for p in grid.papers],
        reviewer_labels=[f"{r.name or r.email} ({r.email})" for r in grid.reviewers],
    )
    solution, spread = solve_for(problem, options, progress=lambda f: report(0.1 + 0.8 * f))
    new = _proposed(grid, solution, scores, bids, set(locked))
    _replace_automatic_proposal(workshop, new)
    report(1.0)
    return ProposalResult(
        proposed=len(new),
        kept=len(locked),
        quality=solution.quality.lines(),
        total=round(solution.total, 4),
        pruned=solution.pruned,
        papers=len(grid.papers),
        reviewers=len(grid.reviewers),
        spread=spread,
    )


@dataclass(frozen=True)
class _Grid:
    """The reviewable papers (rows) and the pool (columns) of the assignment matrices."""

    papers: list[Submission]
    reviewers: list[User]
    rows: dict[int, int]  # submission id → row
    columns: dict[int, int]  # reviewer id → column

    @classmethod
    def of(cls, workshop: Workshop) -> "_Grid":
        papers, reviewers = list(reviewable_papers(workshop)), list(pool(workshop))
        if not papers:
            raise matching.InfeasibleAssignment([f"{workshop.name} has no submitted papers yet."])
        if not reviewers:
            raise matching.InfeasibleAssignment([f"{workshop.name} has no reviewers in its pool."])
        return cls(
            papers,
            reviewers,
            {p.pk: i for i, p in enumerate(papers)},
            {r.pk: j for j, r in enumerate(reviewers)},
        )

    @property
    def size(self) -> int:
        return len(self.papers) * len(self.reviewers)

    def zeros(self) -> np.ndarray:
        return np.zeros((len(self.papers), len(self.reviewers)), dtype=np.float64)

    def cell(self, submission_id: int, reviewer_id: int) -> tuple[int, int] | None:
        i, j = self.rows.get(submission_id), self.columns.get(reviewer_id)
        return None if i is None or j is None else (i, j)


def _weights(workshop: Workshop, grid: _Grid):
    """Affinity (NaN where the pair is in conflict), the bids' bonus, and the bids."""
    scores, bonus = grid.zeros(), grid.zeros()
    for s, r, score in Affinity.objects.filter(submission__workshop=workshop).values_list(
        "submission_id", "reviewer_id", "score"
    ):
        if cell := grid.cell(s, r):
            scores[cell] = score
    weights = bid_weights(workshop)
    bids: dict[tuple[int, int], str] = {}
    for s, r, preference in Bid.objects.filter(submission__workshop=workshop).values_list(
        "submission_id", "reviewer_id", "preference"
    ):
        if cell := grid.cell(s, r):
            bids[s, r] = preference
            bonus[cell] = weights.get(preference, 0.0)
    for s, r in _conflicted_pairs(workshop):
        if cell := grid.cell(s, r):
            scores[cell] = np.nan
    return scores, bonus, bids


def _loads(workshop: Workshop, grid: _Grid) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Each reviewer's load, and the pairs already made (confirmed or added by hand), which
    the proposal keeps; one on a paper no longer reviewable still uses up the load."""
    load = np.full(len(grid.reviewers), workshop.reviewer_load, dtype=np.int64)
    for user_id, max_load in ReviewerProfile.objects.filter(
        workshop=workshop, max_load__isnull=False
    ).values_list("user_id", "max_load"):
        if user_id in grid.columns:
            load[grid.columns[user_id]] = max_load
    kept = Assignment.objects.filter(submission__workshop=workshop).exclude(
        state=AssignmentState.PROPOSED, origin=AssignmentOrigin.AUTOMATIC
    )
    locked = []
    for s, r in kept.values_list("submission_id", "reviewer_id"):
        if cell := grid.cell(s, r):
            locked.append(cell)
        elif r in grid.columns:
            load[grid.columns[r]] = max(0, load[grid.columns[r]] - 1)
    return load, locked


def _proposed(grid: _Grid, solution, scores, bids, locked: set) -> list[Assignment]:
    """The solution's new pairs as unsaved automatic proposals, each with its reason."""
    return [
        Assignment(
            submission_id=grid.papers[i].pk,
            reviewer_id=grid.reviewers[j].pk,
            origin=AssignmentOrigin.AUTOMATIC,
            reason=_reason(
                0.0 if np.isnan(scores[i, j]) else float(scores[i, j]),
                bids.get((grid.papers[i].pk, grid.reviewers[j].pk)),
            ),
        )
        for i, j in solution.pairs.tolist()
        if (i, j) not in locked
    ]


@transaction.atomic
def _replace_automatic_proposal(workshop: Workshop, new: list[Assignment]) -> None:
    Assignment.objects.filter(
        submission__workshop=workshop,
        state=AssignmentState.PROPOSED,
        origin=AssignmentOrigin.AUTOMATIC,
    ).delete()
    Assignment.objects.bulk_create(new, batch_size=2000)


def _conflicted_pairs(workshop: Workshop) -> set[tuple[int, int]]:
    return set(
        Conflict.objects.filter(
            submission__workshop=workshop, status__in=EFFECTIVE_CONFLICT
        ).values_list("submission_id", "reviewer_id")
    )


@transaction.atomic
def add_assignment(*, submission: Submission, reviewer: User, by: User) -> Assignment:
    """An organizer adds a reviewer to a paper by hand (kept by later automatic runs)."""
    workshop = submission.workshop
    require_organizer(by, workshop)
    if submission.status not in REVIEWABLE:
        raise ValidationError(
            f"Paper #{submission.number} is {submission.get_status_display().lower()}; "
            "it gets no reviewers."
        )
    if not pool(workshop).filter(pk=reviewer.pk).exists():
        raise ValidationError(f"{reviewer} is not in the reviewer pool of {workshop.name}.")
    if is_conflicted_with(reviewer, submission):
        reasons = list(
            Conflict.objects.effective()
            .filter(submission=submission, reviewer=reviewer)
            .values_list("reason", flat=True)
        ) or [f"{reviewer} is an author of the paper."]
        raise ValidationError(
            f"{reviewer} has a conflict with paper #{submission.number}: {' '.join(reasons)}"
        )
    already = f"{reviewer} is already assigned to paper #{submission.number}."
    if Assignment.objects.filter(submission=submission, reviewer=reviewer).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():  # a savepoint: another organizer may add them meanwhile
            assignment = Assignment.objects.create(
                submission=submission,
                reviewer=reviewer,
                origin=AssignmentOrigin.MANUAL,
                reason=f"added by {by}",
                created_by=by,
            )
    except IntegrityError as clash:
        raise ValidationError(already) from clash
    audit.record(
        workshop=workshop,
        by=by,
        action=AuditAction.ASSIGNMENT_ADDED,
        subject=audit.paper(submission),
        change=f"{audit.actor_name(reviewer)} assigned ({assignment.get_state_display().lower()})",
        related=assignment,
    )
    return assignment


@transaction.atomic
def remove_assignment(*, assignment: Assignment, by: User) -> None:
    """An organizer takes a reviewer off a paper; a submitted review is never thrown away."""
    submission = assignment.submission
    require_organizer(by, submission.workshop)
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.state == ReviewState.SUBMITTED:
        raise ValidationError(
            f"{assignment.label} has submitted a review of paper #{submission.number}; "
            "the assignment cannot be removed."
        )
    if review is not None:
        review.delete()
    audit.record(
        workshop=submission.workshop,
        by=by,
        action=AuditAction.ASSIGNMENT_REMOVED,
        subject=audit.paper(submission),
        change=f"{audit.actor_name(assignment.reviewer)} taken off"
        + (" (their draft review deleted)" if review is not None else ""),
        related=submission,
    )
    assignment.delete()


@dataclass(frozen=True)
class ConfirmResult:
    confirmed: int
    reviewers_mailed: int


def confirm_assignment(*, workshop: Workshop, by: User, notify: bool = True) -> ConfirmResult:
    """Confirm every proposed assignment of the workshop: each gets the next "Reviewer N"
    number of its paper, and each reviewer gets one email listing all their papers."""
    require_organizer(by, workshop)
    with transaction.atomic():
        proposed = list(
            Assignment.objects.select_for_update()
            .filter(submission__workshop=workshop, state=AssignmentState.PROPOSED)
            .select_related("submission", "reviewer")
            .order_by("submission__number", "id")
        )
        if not proposed:
            raise ValidationError("There is no proposed assignment to confirm.")
        conflicted = _conflicted_pairs(workshop)
        bad = [a for a in proposed if (a.submission_id, a.reviewer_id) in conflicted]
        if bad:
            names = "; ".join(f"{a.reviewer} on paper #{a.submission.number}" for a in bad[:5])
            raise ValidationError(
                f"{len(bad)} proposed assignment(s) now have a conflict ({names}); "
                "remove them or run the automatic assignment again."
            )
        numbers = dict(
            Assignment.objects.filter(submission__workshop=workshop, number__isnull=False)
            .values("submission_id")
            .annotate(top=Max("number"))
            .values_list("submission_id", "top")
        )
        now = timezone.now()
        by_number: dict[int, list[int]] = defaultdict(list)
        new_by_reviewer: dict[int, list[int]] = defaultdict(list)
        for assignment in proposed:
            number = numbers.get(assignment.submission_id, 0) + 1
            numbers[assignment.submission_id] = number
            by_number[number].append(assignment.pk)
            new_by_reviewer[assignment.reviewer_id].append(assignment.pk)
        # One UPDATE per reviewer number (a handful), not one per assignment.
        for number, ids in by_number.items():
            for start in range(0, len(ids), 5000):
                Assignment.objects.filter(pk__in=ids[start : start + 5000]).update(
                    state=AssignmentState.CONFIRMED, number=number, confirmed_at=now
                )
        audit.record(
            workshop=workshop,
            by=by,
            action=AuditAction.ASSIGNMENT_CONFIRMED,
            subject=f"Reviewer assignment of {workshop.name}",
            change=f"{len(proposed)} proposed assignment(s) of {len(new_by_reviewer)} "
            f"reviewer(s) to {len({a.submission_id for a in proposed})} paper(s) confirmed"
            + ("" if notify else "; no mails sent"),
        )
        if notify:
            transaction.on_commit(lambda: _dispatch_mails(workshop.pk, new_by_reviewer))
    return ConfirmResult(len(proposed), len(new_by_reviewer) if notify else 0)


def _dispatch_mails(workshop_id: int, new_by_reviewer: dict[int, list[int]]) -> None:
    """The mails are rendered by a Celery task: a large pool means thousands of them, which
    the organizer's request should not wait for. If the broker cannot be reached they are
    rendered here and now: the assignment is committed, its mails must not be lost."""
    try:
        queue_task(
            "reviews.mail_assignments",
            workshop_id,
            {str(k): v for k, v in new_by_reviewer.items()},
        )
    except Exception:
        logger.warning("Task queue unreachable; queueing assignment mails here.", exc_info=True)
        workshop = Workshop.objects.get(pk=workshop_id)
        mail_assignments(workshop=workshop, new_by_reviewer=new_by_reviewer)


def mail_assignments(*, workshop: Workshop, new_by_reviewer: dict[int, list[int]]) -> int:
    """One email per reviewer: all their papers in the workshop, the new ones marked.
    Titles and links only, never authors (the same mail under every blind mode). The
    idempotency key names the confirmed batch, so a retried task mails nobody twice."""
    everything: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(
            submission__workshop=workshop,
            state=AssignmentState.CONFIRMED,
            reviewer_id__in=list(new_by_reviewer),
        )
        .select_related("submission", "reviewer")
        .order_by("submission__number")
    ):
        everything[assignment.reviewer_id].append(assignment)
    base = settings.SITE_URL
    home_url = base + reverse("reviews:workshop", kwargs={"slug": workshop.slug})
    count = 0
    for reviewer_id, new_ids in new_by_reviewer.items():
        papers = everything.get(reviewer_id)
        if not papers:
            continue
        new = set(new_ids)
        batch = hashlib.sha256(",".join(map(str, sorted(new))).encode()).hexdigest()[:16]
        reviewer = papers[0].reviewer
        queue_templated_email(
            template_key="review_assignment",
            to=reviewer.email,
            workshop=workshop,
            idempotency_key=f"review-assignment:{workshop.pk}:{reviewer_id}:{batch}",
            context={
                "reviewer": reviewer,
                "papers": [
                    {
                        "number": a.submission.number,
                        "title": a.submission.title,
                        "is_new": a.pk in new,
                        "url": base
                        + reverse(
                            "reviews:paper",
                            kwargs={"slug": workshop.slug, "pk": a.submission_id},
                        ),
                    }
                    for a in papers
                ],
                "new_count": len(new),
                "home_url": home_url,
            },
        )
        count += 1
    return count

"""Writing a review: save a draft, submit, edit until the review deadline. The one
state-transition service of a review (draft → submitted)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from submissions.models import Submission
from workshop.models import Workshop
from workshop.zones import WHEN, TimedSentence

from ..enums import AffinityMethod, AssignmentState, ReviewState
from ..models import Assignment, Review, ReviewSettings
from .common import require, require_organizer, settings_for


@dataclass(frozen=True)
class ReviewData:
    score: int | None = None
    confidence: int | None = None
    summary: str = ""
    strengths: str = ""
    weaknesses: str = ""
    comments_to_authors: str = ""
    confidential_comments: str = ""


TEXT_FIELDS = (
    "summary",
    "strengths",
    "weaknesses",
    "comments_to_authors",
    "confidential_comments",
)
MAX_TEXT = 20_000


def review_due(workshop: Workshop, now=None, *, submitted: bool = False) -> TimedSentence | None:
    """When reviews are (or were) due, in the deadline zone; once past, what to do about it."""
    deadline = workshop.review_deadline
    if deadline is None:
        return None
    zone = workshop.deadline_timezone
    if (now or timezone.now()) < deadline:
        return TimedSentence(f"Reviews are due on {WHEN}.", deadline, zone)
    then = "to change yours now, ask" if submitted else "ask"
    return TimedSentence(
        f"Reviews were due on {WHEN}; {then} the organizers for an extension.", deadline, zone
    )


def ensure_review_open(submission: Submission, now=None) -> None:
    workshop = submission.workshop
    deadline = workshop.review_deadline
    now = now or timezone.now()
    if deadline is not None and now >= deadline:
        raise ValidationError(str(review_due(workshop, now, submitted=True)))


def _validate(data: ReviewData, submission: Submission, *, complete: bool) -> None:
    review_settings = settings_for(submission.workshop)
    errors: dict[str, list[str]] = {}
    top = review_settings.max_score
    if data.score is not None and not 1 <= data.score <= top:
        errors["score"] = [f"The overall score must be between 1 and {top}."]
    levels = len(review_settings.confidence_labels)
    if data.confidence is not None and not 1 <= data.confidence <= levels:
        errors["confidence"] = [f"The confidence must be between 1 and {levels}."]
    for name in TEXT_FIELDS:
        if len(getattr(data, name)) > MAX_TEXT:
            errors[name] = [f"Keep this under {MAX_TEXT:,} characters."]
    if complete:
        if data.score is None:
            errors.setdefault("score", ["Give an overall score to submit the review."])
        if data.confidence is None:
            errors.setdefault("confidence", ["Give your confidence to submit the review."])
        if not data.summary.strip():
            errors.setdefault("summary", ["Summarise the paper to submit the review."])
    if errors:
        raise ValidationError(errors)


def save_review(
    *, submission: Submission, by: User, data: ReviewData, submit: bool = False
) -> Review:
    """Save the reviewer's review of a paper. A draft may be incomplete; submitting needs
    a score, a confidence and a summary. A submitted review stays submitted when edited."""
    require(by, "reviews.write_review", submission, "You are not a reviewer of this paper.")
    ensure_review_open(submission)
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update()
            .filter(submission=submission, reviewer=by, state=AssignmentState.CONFIRMED)
            .first()
        )
        if assignment is None:  # the rules said yes a moment ago; the row went since
            raise ValidationError("You are no longer assigned to this paper.")
        review = Review.objects.filter(assignment=assignment).first() or Review(
            assignment=assignment
        )
        complete = submit or review.state == ReviewState.SUBMITTED
        _validate(data, submission, complete=complete)
        review.score, review.confidence = data.score, data.confidence
        for name in TEXT_FIELDS:
            setattr(review, name, getattr(data, name).strip())
        if complete and review.state != ReviewState.SUBMITTED:
            review.state, review.submitted_at = ReviewState.SUBMITTED, timezone.now()
        review.save()
    return review


def own_review(*, submission: Submission, user: User) -> Review | None:
    return (
        Review.objects.filter(assignment__submission=submission, assignment__reviewer=user)
        .select_related("assignment")
        .first()
    )


def check_review_settings(
    *, workshop, score_labels: list[str], confidence_labels: list[str], affinity_method: str
) -> None:
    """The scale must make sense and may not shrink below a score already given."""
    errors: dict[str, list[str]] = {}
    if not 2 <= len(score_labels) <= 10:
        errors["score_labels"] = ["Give between 2 and 10 score labels, one per line."]
    if len(confidence_labels) != 3:
        errors["confidence_labels"] = ["Give exactly three confidence labels, one per line."]
    if affinity_method not in AffinityMethod.values:
        errors["affinity_method"] = [f"“{affinity_method}” is not an affinity method."]
    top = (
        Review.objects.filter(assignment__submission__workshop=workshop, score__isnull=False)
        .order_by("-score")
        .values_list("score", flat=True)
        .first()
    )
    if top and len(score_labels) < top and "score_labels" not in errors:
        errors["score_labels"] = [
            f"A review already gives {top}; the scale needs at least {top} labels."
        ]
    if errors:
        raise ValidationError(errors)


def update_review_settings(
    *,
    workshop: Workshop,
    by: User,
    score_labels: list[str],
    confidence_labels: list[str],
    affinity_method: str,
) -> ReviewSettings:
    """An organizer sets the score scale, the confidence labels and the affinity method."""
    require_organizer(by, workshop)
    check_review_settings(
        workshop=workshop,
        score_labels=score_labels,
        confidence_labels=confidence_labels,
        affinity_method=affinity_method,
    )
    review_settings = settings_for(workshop)
    review_settings.score_labels = score_labels
    review_settings.confidence_labels = confidence_labels
    review_settings.affinity_method = affinity_method
    review_settings.save()
    return review_settings

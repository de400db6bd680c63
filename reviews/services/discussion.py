"""A paper's discussion between its reviewers and the organizers, and the organizers'
meta-review that goes to the authors with the decision.

Who takes part is `reviews.discuss_paper` (reviews/rules.py): the organizers and the
reviewers who have submitted their own review, none of them in conflict with the paper.
Authors never read the discussion. Reviewers are "Reviewer N" to each other unless the
workshop shows their names (Workshop.reviewers_anonymous); the organizers see every name.
New comments are mailed in digests (reviews/services/discussion_digest.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from people.models import User
from submissions.models import Submission
from workshop.enums import RoleKind
from workshop.models import Role, Workshop

from ..enums import AssignmentState
from ..models import Assignment, DecisionNotice, DiscussionComment, MetaReview
from .common import require

MAX_COMMENT = 10_000
MAX_META_REVIEW = 20_000


def refusal(user, submission: Submission) -> str | None:
    """Why `user` may not take part in the paper's discussion (None: they may). Asked of
    people who can read the paper, so the sentence may say that it exists."""
    if user.has_perm("reviews.discuss_paper", submission):
        return None
    if user.has_perm("reviews.write_review", submission):
        return "The discussion of this paper opens for you once you have submitted your review."
    return "Only the paper's reviewers and the organizers take part in its discussion."


def post_comment(*, submission: Submission, by: User, text: str) -> DiscussionComment:
    """Add a comment to the paper's discussion; its participants get it in their next
    digest mail."""
    reason = refusal(by, submission)
    if reason is not None:
        raise PermissionDenied(reason)
    text = text.strip()
    if not text:
        raise ValidationError("Write a comment before posting it.")
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            f"A comment can be at most {MAX_COMMENT:,} characters; this one has {len(text):,}."
        )
    with transaction.atomic():
        return DiscussionComment.objects.create(submission=submission, author=by, text=text)


def write_meta_review(*, submission: Submission, by: User, text: str) -> MetaReview:
    """Write or rewrite the organizers' meta-review, until the authors are told the
    decision (it is sent with it, so it no longer changes afterwards)."""
    require(by, "reviews.decide_paper", submission, "Only the organizers can write a meta-review.")
    text = text.strip()
    if not text:
        raise ValidationError("Write the meta-review before saving it.")
    if len(text) > MAX_META_REVIEW:
        raise ValidationError(
            f"A meta-review can be at most {MAX_META_REVIEW:,} characters; "
            f"this one has {len(text):,}."
        )
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if DecisionNotice.objects.filter(submission=locked).exists():
            raise ValidationError(
                f"The authors of paper #{locked.number} were already sent its decision with "
                "the meta-review; it can no longer change."
            )
        meta_review, _ = MetaReview.objects.update_or_create(
            submission=locked, defaults={"text": text, "by": by}
        )
    return meta_review


def meta_review_of(submission: Submission) -> MetaReview | None:
    return MetaReview.objects.filter(submission=submission).first()


@dataclass(frozen=True)
class CommentView:
    """One comment as a given reader sees it: signed as its writer's role on the paper,
    with their name only where the reader may know it."""

    id: int
    label: str
    name: str | None
    is_own: bool
    text: str
    created_at: datetime


class Signatures:
    """Who is who on some papers: each reviewer's number per paper and the organizers. Two
    queries, however many comments are signed with it."""

    def __init__(self, workshop: Workshop, submission_ids):
        self.workshop = workshop
        self.numbers = {
            (submission_id, reviewer_id): number
            for submission_id, reviewer_id, number in Assignment.objects.filter(
                submission_id__in=submission_ids, state=AssignmentState.CONFIRMED
            ).values_list("submission_id", "reviewer_id", "number")
        }
        self.organizers = set(
            Role.objects.filter(workshop=workshop, kind=RoleKind.ORGANIZER).values_list(
                "user_id", flat=True
            )
        )

    def view(self, comment: DiscussionComment, reader) -> CommentView:
        writer = comment.author
        number = self.numbers.get((comment.submission_id, writer.pk))
        organizer = writer.pk in self.organizers
        if number is not None:
            label = f"Reviewer {number}" + (" (organizer)" if organizer else "")
        else:
            label = "Organizer" if organizer else "Former participant"
        own = writer.pk == reader.pk
        named = (
            own
            or reader.pk in self.organizers
            or reader.is_superuser
            or (organizer and number is None)
            or not self.workshop.reviewers_anonymous
        )
        return CommentView(
            id=comment.pk,
            label=label,
            name=str(writer) if named else None,
            is_own=own,
            text=comment.text,
            created_at=comment.created_at,
        )


def thread(user, submission: Submission) -> list[CommentView]:
    """The paper's discussion as `user` reads it, oldest first; nothing for anyone who may
    not take part. Three queries."""
    if not user.has_perm("reviews.discuss_paper", submission):
        return []
    comments = list(
        DiscussionComment.objects.filter(submission=submission)
        .select_related("author")
        .order_by("created_at", "id")
    )
    signatures = Signatures(submission.workshop, [submission.pk])
    return [signatures.view(comment, user) for comment in comments]

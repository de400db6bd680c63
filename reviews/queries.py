"""Querysets used by more than one page, the API or a service, and the reviewing desk's,
with what they prefetch: the pages that show them only arrange rows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from submissions.models import Author, Submission
from workshop.enums import BlindMode, RoleKind
from workshop.models import Role, Workshop

from .enums import BIDDABLE, EFFECTIVE_CONFLICT, AssignmentState, ReviewState
from .models import Assignment, Bid, Conflict, DecisionNotice, Review
from .rules import is_conflicted_with


def hides_authors(workshop: Workshop) -> bool:
    """Reviewers see no author under double-blind review."""
    return workshop.blind_mode == BlindMode.DOUBLE


def not_conflicted(queryset: QuerySet[Submission], user) -> QuerySet[Submission]:
    """Papers without an effective conflict for `user`, and that `user` did not write."""
    return queryset.exclude(
        Exists(
            Conflict.objects.filter(
                submission=OuterRef("pk"), reviewer=user, status__in=EFFECTIVE_CONFLICT
            )
        )
    ).exclude(
        Exists(
            Author.objects.filter(submission=OuterRef("pk")).filter(
                Q(user=user) | Q(email__iexact=user.email)
            )
        )
    )


def bidding_papers(
    user,
    workshop: Workshop,
    *,
    search: str = "",
    unbid_only: bool = False,
    topic: int | None = None,
    order: str = "fit",
):
    """The papers a reviewer may bid on, with their affinity and bid: best expertise first
    (or by number). The reviewer's affinity and bid are LEFT JOINs (one row each at most,
    by their unique constraints), so ordering and slicing a page stay in the database."""
    papers = not_conflicted(
        Submission.objects.filter(workshop=workshop, status__in=BIDDABLE), user
    ).annotate(
        mine=FilteredRelation("affinities", condition=Q(affinities__reviewer=user)),
        my=FilteredRelation("bids", condition=Q(bids__reviewer=user)),
        affinity=Coalesce(F("mine__score"), Value(0.0), output_field=FloatField()),
        my_bid=F("my__preference"),
    )
    search = " ".join(search.split())
    if search:
        number = search.lstrip("#")
        match = (
            Q(title__icontains=search)
            | Q(abstract__icontains=search)
            | Q(keywords_text__icontains=search)
            | Q(topics__name__icontains=search)
        )
        if number.isdigit():
            match |= Q(number=int(number))
        found = Submission.objects.annotate(keywords_text=Cast("keywords", TextField()))
        papers = papers.filter(pk__in=found.filter(match, workshop=workshop).values("pk"))
    if topic is not None:
        papers = papers.filter(
            pk__in=Submission.topics.through.objects.filter(topic_id=topic).values("submission_id")
        )
    if unbid_only:
        # NOT EXISTS, which the planner takes for the anti-join it is (a filter on `my__…`
        # would join the bids a second time, and `my_bid IS NULL` is estimated as 1 row).
        papers = papers.exclude(
            Exists(Bid.objects.filter(submission=OuterRef("pk"), reviewer=user))
        )
    ordering = ("number",) if order == "number" else ("-affinity", "number")
    papers = papers.prefetch_related("topics").order_by(*ordering)
    if not hides_authors(workshop):
        papers = papers.prefetch_related("authors")
    return papers


def bid_counts(user, workshop: Workshop) -> dict[str, int]:
    """How many papers the reviewer may bid on and how many they bid on, in one query."""
    return (
        not_conflicted(Submission.objects.filter(workshop=workshop, status__in=BIDDABLE), user)
        .annotate(my=FilteredRelation("bids", condition=Q(bids__reviewer=user)))
        .aggregate(papers=Count("pk"), bid=Count("my__id"))
    )


def my_assignments(user, workshop: Workshop) -> QuerySet[Assignment]:
    """A reviewer's confirmed papers in a workshop with their own review (if any), minus
    any paper they are now in conflict with."""
    papers = not_conflicted(Submission.objects.filter(workshop=workshop), user)
    return (
        Assignment.objects.filter(
            reviewer=user, state=AssignmentState.CONFIRMED, submission__in=papers
        )
        .select_related("submission", "review")
        .order_by("submission__number")
    )


def _count(papers: QuerySet[Submission]) -> Coalesce:
    """How many of `papers` (correlated to a workshop by OuterRef), as a subquery."""
    counted = papers.order_by().values("workshop").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def reviewing_workshops(user) -> QuerySet[Workshop]:
    """The workshops where `user` reviews, with their count of assigned and done papers, of
    papers they may bid on (`biddable`) and of those without their bid yet (`unbid`)."""
    roles = Role.objects.filter(user=user, kind=RoleKind.REVIEWER)
    mine = Q(
        submissions__assignments__reviewer=user,
        submissions__assignments__state=AssignmentState.CONFIRMED,
    )
    biddable = not_conflicted(
        Submission.objects.filter(workshop=OuterRef("pk"), status__in=BIDDABLE), user
    )
    unbid = biddable.exclude(Exists(Bid.objects.filter(submission=OuterRef("pk"), reviewer=user)))
    return (
        Workshop.objects.filter(pk__in=roles.values("workshop_id"))
        .annotate(
            assigned=Count("submissions__assignments", filter=mine, distinct=True),
            done=Count(
                "submissions__assignments",
                filter=mine & Q(submissions__assignments__review__state=ReviewState.SUBMITTED),
                distinct=True,
            ),
            biddable=_count(biddable),
            unbid=_count(unbid),
        )
        .order_by("-starts_at")
    )


def reviews_to_write(user) -> QuerySet[Assignment]:
    """A reviewer's confirmed papers, in every workshop, whose review is not submitted yet
    (none written, or a draft), soonest due first; conflicted papers left out."""
    paper = OuterRef("submission_id")
    return (
        Assignment.objects.filter(
            reviewer=user,
            state=AssignmentState.CONFIRMED,
            submission__workshop__roles__user=user,
            submission__workshop__roles__kind=RoleKind.REVIEWER,
        )
        .exclude(review__state=ReviewState.SUBMITTED)
        .exclude(
            Exists(
                Conflict.objects.filter(
                    submission=paper, reviewer=user, status__in=EFFECTIVE_CONFLICT
                )
            )
        )
        .exclude(
            Exists(
                Author.objects.filter(submission=paper).filter(
                    Q(user=user) | Q(email__iexact=user.email)
                )
            )
        )
        .select_related("submission__workshop", "review")
        .order_by(
            F("submission__workshop__review_deadline").asc(nulls_last=True),
            "submission__workshop_id",
            "submission__number",
        )
    )


@dataclass(frozen=True)
class ReviewView:
    """One review as a given reader may see it: fields they may not read are None."""

    id: int
    label: str
    reviewer_name: str | None
    is_own: bool
    state: str
    score: int | None
    score_label: str | None
    confidence: int | None
    confidence_label: str | None
    summary: str | None
    strengths: str | None
    weaknesses: str | None
    comments_to_authors: str | None
    confidential_comments: str | None
    submitted_at: datetime | None


def _view(
    review: Review, *, labels, as_organizer: bool, own: bool, author: bool, named: bool = False
) -> ReviewView:
    assignment = review.assignment
    score_labels, confidence_labels = labels

    def label(values, value):
        return values[value - 1] if value and 0 < value <= len(values) else None

    full = not author
    return ReviewView(
        id=review.pk,
        label=assignment.label,
        reviewer_name=str(assignment.reviewer) if (as_organizer or named) else None,
        is_own=own,
        state=review.state,
        score=review.score if full else None,
        score_label=label(score_labels, review.score) if full else None,
        confidence=review.confidence if full else None,
        confidence_label=label(confidence_labels, review.confidence) if full else None,
        summary=review.summary if full else None,
        strengths=review.strengths if full else None,
        weaknesses=review.weaknesses if full else None,
        comments_to_authors=review.comments_to_authors,
        confidential_comments=review.confidential_comments if (as_organizer or own) else None,
        submitted_at=review.submitted_at,
    )


def visible_reviews(user, submission: Submission, *, labels) -> list[ReviewView]:
    """The reviews of a paper that `user` may read, as HotCRP shows them by default:
    organizers read everything; an assigned reviewer reads their own review, and the
    others' (without confidential comments, signed with names only if the workshop's
    reviewers are not anonymous to each other) once their own is submitted; authors read the
    comments to authors once the decision was sent. Everyone else reads nothing."""
    reviews = list(
        Review.objects.filter(assignment__submission=submission)
        .select_related("assignment__reviewer")
        .order_by("assignment__number", "id")
    )
    if user.has_perm("reviews.manage_reviewing", submission.workshop) and not (
        is_conflicted_with(user, submission)
    ):
        return [
            _view(r, labels=labels, as_organizer=True, own=False, author=False) for r in reviews
        ]
    if user.has_perm("reviews.read_reviews", submission):
        own = [r for r in reviews if r.assignment.reviewer_id == user.pk]
        if any(r.state == ReviewState.SUBMITTED for r in own):
            shown = [r for r in reviews if r in own or r.state == ReviewState.SUBMITTED]
        else:
            shown = own
        # Fellow reviewers are "Reviewer N" to each other unless the workshop names them.
        named = not submission.workshop.reviewers_anonymous
        return [
            _view(r, labels=labels, as_organizer=False, own=r in own, author=False, named=named)
            for r in shown
        ]
    if user.has_perm("reviews.read_released_reviews", submission) and is_released(submission):
        return [
            _view(r, labels=labels, as_organizer=False, own=False, author=True)
            for r in reviews
            if r.state == ReviewState.SUBMITTED
        ]
    return []


def is_released(submission: Submission) -> bool:
    """Authors were sent the paper's current decision (and with it the comments)."""
    return DecisionNotice.objects.filter(submission=submission, decision=submission.status).exists()


# --- The reviewing desk (admin) -------------------------------------------------------------


def furthest_behind(workshop: Workshop, limit: int) -> tuple[list[dict], int]:
    """The `limit` reviewers with the most confirmed papers still without a submitted
    review (`label`, `assigned`, `done`), and how many reviewers have confirmed papers; two
    queries over the assignments, however large the pool."""
    mine = Assignment.objects.filter(
        submission__workshop=workshop, state=AssignmentState.CONFIRMED
    ).order_by()
    rows = (
        mine.values("reviewer_id", "reviewer__name", "reviewer__email")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(review__state=ReviewState.SUBMITTED)),
        )
        .annotate(left=F("assigned") - F("done"))
        .order_by("-left", "done", "reviewer__name", "reviewer__email")[:limit]
    )
    shown = [
        {
            "label": r["reviewer__name"] or r["reviewer__email"],
            "assigned": r["assigned"],
            "done": r["done"],
        }
        for r in rows
    ]
    return shown, mine.values("reviewer_id").distinct().count()

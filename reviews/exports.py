"""What an organizer downloads from a workshop's desk: its submissions, reviews, assignments,
bids, conflicts and outbox, one row per fact, as CSV or JSON (docs/exports.md lists the
columns).

Each export reads a fixed number of queries however many rows it has (the papers' authors
and topics are read once, not per paper) and yields its rows one at a time, so the view
can stream them. Papers the organizer wrote or is in conflict with are treated as on the
desk: their reviews, scores, reviewers, bids and conflicts are left out."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery

from people.models import User
from submissions.enums import DECISIONS
from submissions.models import Author, Submission
from workshop.models import OutgoingEmail, Workshop

from .enums import EFFECTIVE_CONFLICT, AssignmentState, ReviewState
from .models import Affinity, Assignment, Bid, Conflict, Review, ReviewSettings

# A cell starting with one of these is read as a formula by spreadsheets (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, object]


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, escaped with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def when(moment: datetime | None) -> str:
    """A time as spreadsheets read it, in UTC (the columns say so with `_utc`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def person(user: User | None) -> str:
    return str(user) if user is not None else ""


def authored_by(viewer: User, paper="pk"):
    return Exists(
        Author.objects.filter(submission=OuterRef(paper)).filter(
            Q(user=viewer) | Q(email__iexact=viewer.email)
        )
    )


def conflicted_with(viewer: User, paper="pk"):
    return Exists(
        Conflict.objects.filter(
            submission=OuterRef(paper), reviewer=viewer, status__in=EFFECTIVE_CONFLICT
        )
    )


def hidden_papers(workshop: Workshop, viewer: User) -> QuerySet:
    """The ids of the papers `viewer` wrote or is in conflict with, as a subquery."""
    return (
        Submission.objects.filter(workshop=workshop)
        .filter(Q(authored_by(viewer)) | Q(conflicted_with(viewer)))
        .values("pk")
    )


# --- Submissions ----------------------------------------------------------------------------


def _people_and_topics(workshop: Workshop) -> tuple[dict, dict]:
    """Every paper's authors (in order) and topic names, two queries for the workshop."""
    authors = defaultdict(list)
    for row in (
        Author.objects.filter(submission__workshop=workshop)
        .order_by("submission_id", "position")
        .values("submission_id", "name", "email", "affiliation")
    ):
        authors[row["submission_id"]].append(row)
    topics = defaultdict(list)
    for submission_id, name in (
        Submission.topics.through.objects.filter(submission__workshop=workshop)
        .order_by("topic__position", "topic__name")
        .values_list("submission_id", "topic__name")
    ):
        topics[submission_id].append(name)
    return authors, topics


def submission_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    confirmed = Q(assignments__state=AssignmentState.CONFIRMED)
    submitted = confirmed & Q(assignments__review__state=ReviewState.SUBMITTED)
    papers = (
        Submission.objects.filter(workshop=workshop)
        .annotate(
            authored=authored_by(viewer),
            conflicted=conflicted_with(viewer),
            assigned=Count("assignments", filter=confirmed),
            reviewed=Count("assignments", filter=submitted),
            mean=Avg("assignments__review__score", filter=submitted),
        )
        .order_by("number")
    )
    authors, topics = _people_and_topics(workshop)
    for paper in papers.iterator(chunk_size=2000):
        people, hidden = authors[paper.pk], paper.authored or paper.conflicted
        yield {
            "number": paper.number,
            "title": paper.title,
            "status": paper.get_status_display(),
            "decision": paper.get_status_display() if paper.status in DECISIONS else "",
            "decision_sent_utc": when(paper.decision_sent_at),
            "authors": [a["name"] for a in people],
            "author_emails": [a["email"] for a in people],
            "affiliations": [a["affiliation"] for a in people],
            "topics": topics[paper.pk],
            "keywords": list(paper.keywords),
            "submitted_utc": when(paper.submitted_at),
            "decided_utc": when(paper.decided_at),
            "reviewers_assigned": None if hidden else paper.assigned,
            "reviews_submitted": None if hidden else paper.reviewed,
            "mean_score": None if hidden or paper.mean is None else round(paper.mean, 2),
            "yours_or_conflicted": hidden,
        }


# --- Reviewing ------------------------------------------------------------------------------

# What the rows below read of each model: no abstracts, passwords or biographies.
REVIEW_FIELDS = (
    "score", "confidence", "state", "submitted_at", "summary", "strengths", "weaknesses",
    "comments_to_authors", "confidential_comments",
)  # fmt: skip


def _paper(path: str) -> tuple[str, ...]:
    return (f"{path}__number", f"{path}__title")


def _person(path: str) -> tuple[str, ...]:
    return (f"{path}__name", f"{path}__email")


def review_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    # Read, not created: a download changes nothing.
    found = ReviewSettings.objects.filter(workshop=workshop).first()
    review_settings = found or ReviewSettings(workshop=workshop)

    def label(labels: list, value: int | None) -> str:
        return labels[value - 1] if value and 0 < value <= len(labels) else ""

    reviews = (
        Review.objects.filter(assignment__submission__workshop=workshop)
        .exclude(assignment__submission__in=hidden_papers(workshop, viewer))
        .select_related("assignment__submission", "assignment__reviewer")
        .only(
            *REVIEW_FIELDS,
            "assignment__number",
            *_paper("assignment__submission"),
            *_person("assignment__reviewer"),
        )
        .order_by("assignment__submission__number", "assignment__number", "id")
    )
    for review in reviews.iterator(chunk_size=2000):
        assignment = review.assignment
        yield {
            "paper": assignment.submission.number,
            "title": assignment.submission.title,
            "review": assignment.label,
            "reviewer": person(assignment.reviewer),
            "reviewer_email": assignment.reviewer.email,
            "state": review.get_state_display(),
            "score": review.score,
            "score_label": label(review_settings.score_labels, review.score),
            "confidence": review.confidence,
            "confidence_label": label(review_settings.confidence_labels, review.confidence),
            "submitted_utc": when(review.submitted_at),
            "summary": review.summary,
            "strengths": review.strengths,
            "weaknesses": review.weaknesses,
            "comments_to_authors": review.comments_to_authors,
            "confidential_comments": review.confidential_comments,
        }


def assignment_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    pair = {"submission": OuterRef("submission_id"), "reviewer": OuterRef("reviewer_id")}
    assignments = (
        Assignment.objects.filter(submission__workshop=workshop)
        .exclude(submission__in=hidden_papers(workshop, viewer))
        .select_related("submission", "reviewer", "review")
        .only(
            "number",
            "state",
            "origin",
            "reason",
            "created_at",
            "confirmed_at",
            "review__state",
            *_paper("submission"),
            *_person("reviewer"),
        )
        .annotate(
            affinity=Subquery(Affinity.objects.filter(**pair).values("score")[:1]),
            bid=Subquery(Bid.objects.filter(**pair).values("preference")[:1]),
        )
        .order_by("submission__number", "number", "id")
    )
    for assignment in assignments.iterator(chunk_size=2000):
        review = getattr(assignment, "review", None)
        yield {
            "paper": assignment.submission.number,
            "title": assignment.submission.title,
            "review": assignment.label,
            "reviewer": person(assignment.reviewer),
            "reviewer_email": assignment.reviewer.email,
            "state": assignment.get_state_display(),
            "origin": assignment.get_origin_display(),
            "reason": assignment.reason,
            "affinity": None if assignment.affinity is None else round(assignment.affinity, 4),
            "bid": assignment.bid or "",
            "review_state": review.get_state_display() if review else "",
            "created_utc": when(assignment.created_at),
            "confirmed_utc": when(assignment.confirmed_at),
        }


def bid_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    bids = (
        Bid.objects.filter(submission__workshop=workshop)
        .exclude(submission__in=hidden_papers(workshop, viewer))
        .select_related("submission", "reviewer")
        .only("preference", "updated_at", *_paper("submission"), *_person("reviewer"))
        .order_by("submission__number", "reviewer__email")
    )
    for bid in bids.iterator(chunk_size=2000):
        yield {
            "paper": bid.submission.number,
            "title": bid.submission.title,
            "reviewer": person(bid.reviewer),
            "reviewer_email": bid.reviewer.email,
            "preference": bid.get_preference_display(),
            "updated_utc": when(bid.updated_at),
        }


def conflict_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    conflicts = (
        Conflict.objects.filter(submission__workshop=workshop)
        .exclude(submission__in=hidden_papers(workshop, viewer))
        .select_related("submission", "reviewer", "decided_by")
        .only(
            "source",
            "status",
            "reason",
            "created_at",
            "decided_at",
            *_paper("submission"),
            *_person("reviewer"),
            *_person("decided_by"),
        )
        .order_by("submission__number", "reviewer__email", "id")
    )
    for conflict in conflicts.iterator(chunk_size=2000):
        yield {
            "paper": conflict.submission.number,
            "title": conflict.submission.title,
            "reviewer": person(conflict.reviewer),
            "reviewer_email": conflict.reviewer.email,
            "source": conflict.get_source_display(),
            "status": conflict.get_status_display(),
            "reason": conflict.reason,
            "created_utc": when(conflict.created_at),
            "decided_by": person(conflict.decided_by),
            "decided_utc": when(conflict.decided_at),
        }


def outbox_rows(workshop: Workshop, viewer: User) -> Iterator[Row]:
    """The workshop's mails as the outbox admin lists them (without their bodies)."""
    mails = OutgoingEmail.objects.filter(workshop=workshop).order_by("created_at", "id")
    for mail in mails.iterator(chunk_size=2000):
        yield {
            "created_utc": when(mail.created_at),
            "to": mail.to,
            "subject": mail.subject,
            "template": mail.template_key,
            "state": mail.get_state_display(),
            "attempts": mail.attempts,
            "last_error": mail.last_error,
            "next_attempt_utc": when(mail.next_attempt_at),
            "sent_utc": when(mail.sent_at),
        }


# --- The list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    name: str
    title: str
    rows: Callable[[Workshop, User], Iterator[Row]]
    columns: tuple[str, ...]


def _export(name: str, title: str, rows: Callable, columns: str) -> Export:
    return Export(name=name, title=title, rows=rows, columns=tuple(columns.split()))


EXPORTS = {
    e.name: e
    for e in (
        _export(
            "submissions",
            "Submissions",
            submission_rows,
            "number title status decision decision_sent_utc authors author_emails "
            "affiliations topics keywords submitted_utc decided_utc reviewers_assigned "
            "reviews_submitted mean_score yours_or_conflicted",
        ),
        _export(
            "reviews",
            "Reviews",
            review_rows,
            "paper title review reviewer reviewer_email state score score_label confidence "
            "confidence_label submitted_utc summary strengths weaknesses comments_to_authors "
            "confidential_comments",
        ),
        _export(
            "assignments",
            "Assignments",
            assignment_rows,
            "paper title review reviewer reviewer_email state origin reason affinity bid "
            "review_state created_utc confirmed_utc",
        ),
        _export(
            "bids",
            "Bids",
            bid_rows,
            "paper title reviewer reviewer_email preference updated_utc",
        ),
        _export(
            "conflicts",
            "Conflicts",
            conflict_rows,
            "paper title reviewer reviewer_email source status reason created_utc decided_by "
            "decided_utc",
        ),
        _export(
            "outbox",
            "Outbox",
            outbox_rows,
            "created_utc to subject template state attempts last_error next_attempt_utc sent_utc",
        ),
    )
}
FORMATS = ("csv", "json")

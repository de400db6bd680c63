"""From reviews to decisions: scores per paper, the decision itself (through
submissions.services.set_decision, the one transition of a paper's status) and the
decision mails, previewed before anything is queued."""

import logging
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template import Context, Engine, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from people.models import User
from submissions import publication
from submissions import services as submission_services
from submissions.enums import DECISIONS, SubmissionStatus
from submissions.models import Author, Submission
from workshop import audit
from workshop.enums import AuditAction
from workshop.mail import queue_emails
from workshop.models import Workshop
from workshop.queueing import queue_task

from ..enums import REVIEWABLE, AssignmentState, ReviewState
from ..models import Assignment, DecisionNotice, DecisionTemplate, MetaReview, Review
from .common import require, require_organizer

logger = logging.getLogger(__name__)

# Organizers' templates render in an engine of their own: no loaders (no {% include %}
# of the site's files), no autoescape (the mails are plain text).
_ENGINE = Engine(autoescape=False)

# The organizers' meta-review (reviews/services/discussion.py), when they wrote one.
_META_REVIEW = "{% if meta_review %}The organizers' summary:\n\n{{ meta_review }}\n\n{% endif %}"
_COMMENTS = _META_REVIEW + "The reviewers' comments:\n\n{{ reviews }}\n\n"
_SIGNED = "Your paper: {{ paper_url }}\n\nThe organizers"

DEFAULT_TEMPLATES = {
    SubmissionStatus.ACCEPTED_ORAL: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a contributed talk",
        "Dear {{ author }},\n\nWe are glad to tell you that your paper “{{ title }}” has been "
        "accepted to {{ workshop }} as a contributed talk.\n\n" + _COMMENTS + _SIGNED,
    ),
    SubmissionStatus.ACCEPTED_SPOTLIGHT: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a spotlight",
        "Dear {{ author }},\n\nYour paper “{{ title }}” has been accepted to {{ workshop }} as "
        "a spotlight presentation, with a poster.\n\n" + _COMMENTS + _SIGNED,
    ),
    SubmissionStatus.ACCEPTED_POSTER: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a poster",
        "Dear {{ author }},\n\nYour paper “{{ title }}” has been accepted to {{ workshop }} as "
        "a poster.\n\n" + _COMMENTS + _SIGNED,
    ),
    SubmissionStatus.REJECTED: (
        "[{{ workshop }}] Decision on paper #{{ number }}",
        "Dear {{ author }},\n\nWe are sorry to tell you that your paper “{{ title }}” was not "
        "accepted to {{ workshop }}. We hope these comments help.\n\n" + _COMMENTS + _SIGNED,
    ),
}


def check_template(text: str) -> None:
    """A decision template must parse; the error names the problem."""
    try:
        _ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(f"The template does not parse: {exc}") from None


def template_for(workshop: Workshop, outcome: str) -> DecisionTemplate:
    subject, body = DEFAULT_TEMPLATES[SubmissionStatus(outcome)]
    found, _ = DecisionTemplate.objects.get_or_create(
        workshop=workshop, outcome=outcome, defaults={"subject": subject, "body": body}
    )
    return found


@dataclass
class PaperScores:
    submission: Submission
    scores: list[int] = field(default_factory=list)
    confidences: list[int] = field(default_factory=list)
    assigned: int = 0
    # The viewer is one of the paper's authors: its scores are not theirs to see, nor its
    # decision theirs to make.
    hidden: bool = False

    @property
    def done(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def spread(self) -> int | None:
        """Highest minus lowest score: how much the reviewers disagree."""
        return max(self.scores) - min(self.scores) if self.scores else None

    @property
    def weighted_mean(self) -> float | None:
        """Mean weighted by confidence: a sure expert counts three times a guess."""
        if not self.scores:
            return None
        return sum(s * c for s, c in zip(self.scores, self.confidences, strict=True)) / sum(
            self.confidences
        )


def paper_scores(workshop: Workshop, *, viewer: User | None = None) -> list[PaperScores]:
    """Every reviewable paper with its submitted scores (and, on the submission, its count
    of discussion `comments` and whether it `has_meta_review`); three queries in all. Papers the
    viewer wrote (organizers submit too) come without their scores."""
    papers = (
        Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE)
        # What the dashboard shows of a paper: abstracts of 15,000 papers would double the time.
        .only("id", "workshop_id", "number", "title", "status")
        .annotate(
            comments=Count("discussion_comments"),
            has_meta_review=Exists(MetaReview.objects.filter(submission=OuterRef("pk"))),
        )
        .order_by("number")
    )
    rows = {s.pk: PaperScores(s) for s in papers}
    if viewer is not None:
        authored = Author.objects.filter(submission__workshop=workshop).filter(
            Q(user=viewer) | Q(email__iexact=viewer.email)
        )
        for submission_id in authored.values_list("submission_id", flat=True):
            if submission_id in rows:
                rows[submission_id].hidden = True
    for submission_id, score, confidence in Review.objects.filter(
        assignment__submission__workshop=workshop, state=ReviewState.SUBMITTED
    ).values_list("assignment__submission_id", "score", "confidence"):
        if submission_id in rows and not rows[submission_id].hidden:
            rows[submission_id].scores.append(score)
            rows[submission_id].confidences.append(confidence)
    for submission_id in Assignment.objects.filter(
        submission__workshop=workshop, state=AssignmentState.CONFIRMED
    ).values_list("submission_id", flat=True):
        if submission_id in rows:
            rows[submission_id].assigned += 1
    return list(rows.values())


def decide(*, submission: Submission, outcome: str, by: User) -> Submission:
    """Set (or change, or undo with "submitted") a paper's decision until its authors
    have been told."""
    require(by, "reviews.decide_paper", submission, "Only the organizers can decide on papers.")
    if outcome not in (*DECISIONS, SubmissionStatus.SUBMITTED):
        raise ValidationError(f"“{outcome}” is not a decision.")
    told = DecisionNotice.objects.filter(submission=submission).order_by("-sent_at").first()
    if told is not None and outcome != submission.status:
        raise ValidationError(
            f"The authors of paper #{submission.number} were already told "
            f"“{told.get_decision_display()}”; the decision can no longer change."
        )
    with transaction.atomic():
        return submission_services.set_decision(submission=submission, decision=outcome, by=by)


@dataclass(frozen=True)
class DecisionMail:
    submission_id: int
    number: int
    decision: str
    to: str
    subject: str
    body: str


def _comments(submission: Submission, reviews: list[Review]) -> str:
    parts = [
        f"{r.assignment.label}:\n{r.comments_to_authors.strip()}"
        for r in reviews
        if r.comments_to_authors.strip()
    ]
    return "\n\n".join(parts) or "(The reviewers left no comments for the authors.)"


def _untold(workshop: Workshop):
    """Decided papers whose authors have not been told their current decision."""
    told = DecisionNotice.objects.filter(submission=OuterRef("pk"), decision=OuterRef("status"))
    return Submission.objects.filter(workshop=workshop, status__in=DECISIONS).exclude(
        Exists(told)
    )


def count_decision_mails(*, workshop: Workshop, by: User) -> int:
    """How many mails "send" would queue (one per author of every untold paper): one query,
    whatever the size of the conference."""
    require_organizer(by, workshop)
    return Author.objects.filter(submission__in=_untold(workshop)).count()


def draft_decision_mails(*, workshop: Workshop, by: User) -> list[DecisionMail]:
    """The mails that "send" would queue: one per author of every decided paper whose
    authors were not yet told its decision. Nothing is stored."""
    require_organizer(by, workshop)
    return _render_mails(workshop, _untold(workshop))


def _render_mails(workshop: Workshop, papers) -> list[DecisionMail]:
    papers = list(papers.prefetch_related("authors").order_by("number"))
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(assignment__submission__in=papers, state=ReviewState.SUBMITTED)
        .select_related("assignment")
        .order_by("assignment__number")
    ):
        reviews[review.assignment.submission_id].append(review)
    meta_reviews = dict(
        MetaReview.objects.filter(submission__in=papers).values_list("submission_id", "text")
    )
    templates = {
        outcome: (_ENGINE.from_string(t.subject), _ENGINE.from_string(t.body))
        for outcome in {p.status for p in papers}
        for t in [template_for(workshop, outcome)]
    }
    mails = []
    for paper in papers:
        subject, body = templates[paper.status]
        for author in paper.authors.all():
            context = Context(
                {
                    "author": author.name,
                    "title": paper.title,
                    "number": paper.number,
                    "workshop": workshop.name,
                    "outcome": paper.get_status_display(),
                    "paper_url": settings.SITE_URL
                    + reverse(
                        "reviews:author_reviews", kwargs={"slug": workshop.slug, "pk": paper.pk}
                    ),
                    "reviews": _comments(paper, reviews[paper.pk]),
                    "meta_review": meta_reviews.get(paper.pk, ""),
                },
                autoescape=False,
            )
            mails.append(
                DecisionMail(
                    submission_id=paper.pk,
                    number=paper.number,
                    decision=paper.status,
                    to=author.email,
                    subject=" ".join(subject.render(context).split()),
                    body=body.render(context),
                )
            )
    return mails


def send_decision_mails(*, workshop: Workshop, by: User, expected: int | None = None) -> int:
    """Record that each decided paper's authors are told (which releases the comments to
    authors and freezes the decision), mark the workshop's decisions as released, and hand
    the mails to a task: thousands of papers are a few queries here, whatever their number.
    `expected` is the count the organizer saw in the preview: if it changed, nothing is
    sent and they are asked to look again."""
    require_organizer(by, workshop)
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        count = count_decision_mails(workshop=workshop, by=by)
        if not count:
            raise ValidationError("Every decided paper's authors have already been told.")
        if expected is not None and expected != count:
            raise ValidationError(
                f"The preview showed {expected} mails but there are now {count}; "
                "look at the preview again before sending."
            )
        now = timezone.now()
        told = list(_untold(workshop).values_list("pk", "number", "status"))
        DecisionNotice.objects.bulk_create(
            [
                DecisionNotice(submission_id=pk, decision=status, sent_by=by, sent_at=now)
                for pk, _, status in told
            ],
            batch_size=5000,
        )
        # Accepted papers become public (with their own address) once their authors know.
        publication.record_decisions_sent(submission_ids=[pk for pk, _, _ in told], at=now)
        Workshop.objects.filter(pk=workshop.pk, decisions_released_at__isnull=True).update(
            decisions_released_at=now
        )
        numbers = sorted(number for _, number, _ in told)
        shown = ", ".join(f"#{n}" for n in numbers[:50]) + (" …" if len(numbers) > 50 else "")
        audit.record(
            workshop=workshop,
            by=by,
            action=AuditAction.DECISIONS_SENT,
            subject=f"Decisions of {workshop.name}",
            change=f"{count} mail(s) to the authors of paper(s) {shown}",
        )
        transaction.on_commit(lambda: _hand_to_task(workshop.pk, now))
    return count


def _hand_to_task(workshop_id: int, sent_at) -> None:
    try:
        queue_task("reviews.queue_decision_mails", workshop_id, sent_at.isoformat())
    except Exception:
        logger.warning("Task queue unreachable; queueing decision mails here.", exc_info=True)
        queue_decision_mails(workshop_id=workshop_id, sent_at=sent_at)


def queue_decision_mails(*, workshop_id: int, sent_at) -> int:
    """The decision mails of the papers told at `sent_at`, rendered and stored in the
    outbox 500 papers per transaction (the compute task behind send_decision_mails). Their
    idempotency keys make a retried or repeated run mail nobody twice."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    told = list(
        DecisionNotice.objects.filter(submission__workshop=workshop, sent_at=sent_at)
        .order_by("submission_id")
        .values_list("submission_id", flat=True)
    )
    queued = 0
    for start in range(0, len(told), 500):
        papers = Submission.objects.filter(pk__in=told[start : start + 500])
        with transaction.atomic():
            queued += queue_emails(
                [
                    {
                        "to": mail.to,
                        "subject": mail.subject,
                        "text_body": mail.body,
                        "template_key": "review_decision",
                        "idempotency_key": f"decision:{mail.submission_id}:{mail.decision}:"
                        f"{mail.to}",
                        "workshop": workshop,
                    }
                    for mail in _render_mails(workshop, papers)
                ]
            )
    return queued

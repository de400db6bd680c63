"""From reviews to decisions: scores per paper, the decision itself (through
submissions.services.set_decision, the one transition of a paper's status) and the
decision mails, previewed before anything is queued."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
from workshop.mail import queue_email
from workshop.models import Workshop

from ..enums import REVIEWABLE, AssignmentState, ReviewState
from ..models import Assignment, DecisionNotice, DecisionTemplate, Review
from .common import require, require_organizer

# Organizers' templates render in an engine of their own: no loaders (no {% include %}
# of the site's files), no autoescape (the mails are plain text).
_ENGINE = Engine(autoescape=False)

DEFAULT_TEMPLATES = {
    SubmissionStatus.ACCEPTED_ORAL: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a contributed talk",
        "Dear {{ author }},\n\nWe are glad to tell you that your paper “{{ title }}” has been "
        "accepted to {{ workshop }} as a contributed talk.\n\nThe reviewers' comments:\n\n"
        "{{ reviews }}\n\nYour paper: {{ paper_url }}\n\nThe organizers",
    ),
    SubmissionStatus.ACCEPTED_SPOTLIGHT: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a spotlight",
        "Dear {{ author }},\n\nYour paper “{{ title }}” has been accepted to {{ workshop }} as "
        "a spotlight presentation, with a poster.\n\nThe reviewers' comments:\n\n"
        "{{ reviews }}\n\nYour paper: {{ paper_url }}\n\nThe organizers",
    ),
    SubmissionStatus.ACCEPTED_POSTER: (
        "[{{ workshop }}] Paper #{{ number }} accepted as a poster",
        "Dear {{ author }},\n\nYour paper “{{ title }}” has been accepted to {{ workshop }} as "
        "a poster.\n\nThe reviewers' comments:\n\n{{ reviews }}\n\nYour paper: {{ paper_url }}"
        "\n\nThe organizers",
    ),
    SubmissionStatus.REJECTED: (
        "[{{ workshop }}] Decision on paper #{{ number }}",
        "Dear {{ author }},\n\nWe are sorry to tell you that your paper “{{ title }}” was not "
        "accepted to {{ workshop }}. We hope the reviewers' comments help:\n\n{{ reviews }}"
        "\n\nYour paper: {{ paper_url }}\n\nThe organizers",
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
    """Every reviewable paper with its submitted scores; three queries in all. Papers the
    viewer wrote (organizers submit too) come without their scores."""
    rows = {
        s.pk: PaperScores(s)
        for s in Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE).order_by(
            "number"
        )
    }
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


def draft_decision_mails(*, workshop: Workshop, by: User) -> list[DecisionMail]:
    """The mails that "send" would queue: one per author of every decided paper whose
    authors were not yet told its decision. Nothing is stored."""
    require_organizer(by, workshop)
    told = set(
        DecisionNotice.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "decision"
        )
    )
    papers = [
        s
        for s in Submission.objects.filter(workshop=workshop, status__in=DECISIONS)
        .prefetch_related("authors")
        .order_by("number")
        if (s.pk, s.status) not in told
    ]
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(assignment__submission__in=papers, state=ReviewState.SUBMITTED)
        .select_related("assignment")
        .order_by("assignment__number")
    ):
        reviews[review.assignment.submission_id].append(review)
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
    """Queue the previewed mails, record that each paper's authors were told (which
    releases the comments to authors) and mark the workshop's decisions as released.
    `expected` is the count the organizer saw in the preview: if it changed, nothing is
    sent and they are asked to look again."""
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        mails = draft_decision_mails(workshop=workshop, by=by)
        if not mails:
            raise ValidationError("Every decided paper's authors have already been told.")
        if expected is not None and expected != len(mails):
            raise ValidationError(
                f"The preview showed {expected} mails but there are now {len(mails)}; "
                "look at the preview again before sending."
            )
        now = timezone.now()
        for mail in mails:
            queue_email(
                to=mail.to,
                subject=mail.subject,
                text_body=mail.body,
                template_key="review_decision",
                idempotency_key=f"decision:{mail.submission_id}:{mail.decision}:{mail.to}",
                workshop=workshop,
            )
        DecisionNotice.objects.bulk_create(
            [
                DecisionNotice(
                    submission_id=submission_id, decision=decision, sent_by=by, sent_at=now
                )
                for submission_id, decision in sorted(
                    {(m.submission_id, m.decision) for m in mails}
                )
            ],
            ignore_conflicts=True,
        )
        # Accepted papers become public (with their own address) once their authors know.
        publication.record_decisions_sent(
            submission_ids={m.submission_id for m in mails}, at=now
        )
        Workshop.objects.filter(pk=workshop.pk, decisions_released_at__isnull=True).update(
            decisions_released_at=now
        )
        numbers = sorted({m.number for m in mails})
        audit.record(
            workshop=workshop,
            by=by,
            action=AuditAction.DECISIONS_SENT,
            subject=f"Decisions of {workshop.name}",
            change=f"{len(mails)} mail(s) to the authors of paper(s) "
            + ", ".join(f"#{n}" for n in numbers),
        )
    return len(mails)

"""Demo reviewing for ML for Systems 2018 (run by `manage.py loaddemo` after
demo/papers.py, which creates the papers with their decisions): a reviewer pool with
expertise profiles, bids, detected conflicts, computed affinity, an assignment solved by
reviews.matching and confirmed, submitted reviews consistent with each decision, and the
decisions released to the authors (with the comments to authors; no mail is sent).

Idempotent: every step creates what is missing and leaves existing rows untouched, so a
second run changes nothing."""

from datetime import timedelta

from people.models import User
from reviews.enums import REVIEWABLE, AssignmentState, BidPreference, ReviewState
from reviews.models import (
    Affinity,
    Assignment,
    Bid,
    Conflict,
    DecisionNotice,
    InstitutionAlias,
    Review,
    ReviewerProfile,
)
from reviews.services.assignment import confirm_assignment, propose_assignment
from reviews.services.common import settings_for
from reviews.services.conflicts import refresh_conflicts
from reviews.services.decisions import template_for
from reviews.services.expertise import compute_affinity
from submissions import publication
from submissions.enums import ACCEPTED, DECISIONS, SubmissionStatus
from submissions.models import Submission
from workshop.enums import RoleKind
from workshop.models import Topic, Workshop

from .pool_data import POOL, recent_papers_text
from .workshops import DEMO_ORGANIZER, role, user

# Institutions with several mail domains (editable in the admin).
ALIASES = [
    ("google.com", "Alphabet"),
    ("deepmind.com", "Alphabet"),
    ("Google Brain", "Alphabet"),
    ("DeepMind", "Alphabet"),
    ("fb.com", "Meta"),
    ("meta.com", "Meta"),
    ("microsoft.com", "Microsoft"),
    ("microsoftresearch.com", "Microsoft"),
]

# (base score, wording) per decision: reviews agree with what was decided, with spread.
_SCORES = {
    SubmissionStatus.ACCEPTED_ORAL: (5, [0, -1, 0]),
    SubmissionStatus.ACCEPTED_SPOTLIGHT: (4, [1, 0, 0]),
    SubmissionStatus.ACCEPTED_POSTER: (4, [0, -1, 0]),
    SubmissionStatus.REJECTED: (2, [0, -1, 1]),
}
_STRENGTHS = [
    "The problem matters to practitioners and the setup is described clearly.",
    "The evaluation uses realistic workloads and a fair baseline.",
    "The idea is simple and could be adopted by existing systems.",
]
_WEAKNESSES = [
    "The overheads of the learned component at run time are not measured.",
    "It is unclear how the approach behaves when the workload shifts.",
    "The comparison leaves out the strongest hand-tuned baseline.",
]


def load(out) -> None:
    mlsys = Workshop.objects.filter(slug="ml-for-systems-2018").first()
    if (
        mlsys is None
        or not Submission.objects.filter(workshop=mlsys, status__in=REVIEWABLE).exists()
    ):
        out.write("Demo reviews skipped: ML for Systems 2018 has no papers yet.")
        return
    organizer = User.objects.get(email=DEMO_ORGANIZER[0])
    for alias, institution in ALIASES:
        InstitutionAlias.objects.get_or_create(alias=alias, defaults={"institution": institution})
    settings_for(mlsys)
    for outcome in DECISIONS:
        template_for(mlsys, outcome)

    reviewers = _pool(mlsys)
    refresh_conflicts(workshop=mlsys)
    if not Affinity.objects.filter(submission__workshop=mlsys).exists():
        compute_affinity(workshop=mlsys)
    _bids(mlsys, reviewers)
    if not Assignment.objects.filter(submission__workshop=mlsys).exists():
        propose_assignment(workshop=mlsys)
        confirm_assignment(workshop=mlsys, by=organizer, notify=False)
    written = _reviews(mlsys)
    _release(mlsys, organizer)
    out.write(
        f"Demo reviewing: {len(reviewers)} reviewers, "
        f"{Review.objects.filter(assignment__submission__workshop=mlsys).count()} reviews "
        f"({written} new) in /ml-for-systems-2018/ (reviewer1@example.org: /reviewing/)"
    )


def _pool(workshop: Workshop) -> list[User]:
    topics = {t.name: t for t in Topic.objects.filter(workshop=workshop)}
    people = []
    for person in POOL:
        account = user(person.email, person.name, person.affiliation, login=person.login)
        role(workshop, account, RoleKind.REVIEWER, public=False)
        profile, created = ReviewerProfile.objects.get_or_create(
            workshop=workshop,
            user=account,
            defaults={
                "keywords": list(person.keywords),
                "recent_papers": recent_papers_text(person),
            },
        )
        if created and person.topic in topics:
            profile.topics.set([topics[person.topic]])
        people.append(account)
    return people


def _bids(workshop: Workshop, reviewers: list[User]) -> None:
    """Each reviewer bids eager on their three best-matching papers, willing on the next
    two and not willing on their worst one; nothing for the rest (neutral)."""
    have = set(
        Bid.objects.filter(submission__workshop=workshop).values_list("reviewer_id", flat=True)
    )
    papers = list(
        Submission.objects.filter(workshop=workshop, status__in=REVIEWABLE).values_list(
            "pk", flat=True
        )
    )
    scores = {
        (s, r): score
        for s, r, score in Affinity.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "reviewer_id", "score"
        )
    }
    conflicted = set(
        Conflict.objects.effective()
        .filter(submission__workshop=workshop)
        .values_list("submission_id", "reviewer_id")
    )
    rows = []
    for reviewer in reviewers:
        if reviewer.pk in have:
            continue
        ranked = sorted(
            (p for p in papers if (p, reviewer.pk) not in conflicted),
            key=lambda p: (-scores.get((p, reviewer.pk), 0.0), p),
        )
        choices = [BidPreference.EAGER] * 3 + [BidPreference.WILLING] * 2
        rows += [
            Bid(submission_id=p, reviewer=reviewer, preference=c)
            for p, c in zip(ranked, choices, strict=False)
        ]
        if len(ranked) > 5:
            rows.append(
                Bid(
                    submission_id=ranked[-1],
                    reviewer=reviewer,
                    preference=BidPreference.NOT_WILLING,
                )
            )
    Bid.objects.bulk_create(rows)


def _reviews(workshop: Workshop) -> int:
    """A submitted review for every confirmed assignment that has none, its score in line
    with the paper's decision."""
    deadline = workshop.review_deadline or workshop.starts_at
    missing = (
        Assignment.objects.filter(
            submission__workshop=workshop, state=AssignmentState.CONFIRMED, review__isnull=True
        )
        .select_related("submission")
        .order_by("submission__number", "number")
    )
    scores = {
        (s, r): score
        for s, r, score in Affinity.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "reviewer_id", "score"
        )
    }
    rows = []
    for assignment in missing:
        paper = assignment.submission
        base, spread = _SCORES.get(paper.status, (3, [0, 0, 0]))
        turn = (paper.number + assignment.number) % 3
        score = max(1, min(5, base + spread[turn]))
        fit = scores.get((paper.pk, assignment.reviewer_id), 0.0)
        confidence = 3 if fit >= 0.25 else 2 if fit >= 0.08 else 1
        verdict = (
            "I recommend accepting it."
            if paper.status in ACCEPTED
            else "In its current form I cannot recommend it."
        )
        rows.append(
            Review(
                assignment=assignment,
                score=score,
                confidence=confidence,
                summary=f"The paper studies the following: {paper.abstract}",
                strengths=_STRENGTHS[turn],
                weaknesses=_WEAKNESSES[(turn + 1) % 3],
                comments_to_authors=f"{_STRENGTHS[turn]} {_WEAKNESSES[(turn + 1) % 3]} {verdict}",
                confidential_comments="" if turn else "Solid work; I am fairly sure of my score.",
                state=ReviewState.SUBMITTED,
                submitted_at=deadline
                - timedelta(days=1 + (paper.number * 3 + turn) % 9, hours=turn),
            )
        )
    Review.objects.bulk_create(rows)
    return len(rows)


def _release(workshop: Workshop, organizer: User) -> None:
    """The decisions were sent on the notification date: authors see the comments."""
    sent_at = workshop.decisions_released_at or workshop.notification_at
    if sent_at is None:
        return
    told = set(
        DecisionNotice.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", flat=True
        )
    )
    decided = list(
        Submission.objects.filter(workshop=workshop, status__in=DECISIONS).order_by("number")
    )
    DecisionNotice.objects.bulk_create(
        DecisionNotice(submission=s, decision=s.status, sent_by=organizer, sent_at=sent_at)
        for s in decided
        if s.pk not in told
    )
    # As sending the mails would: the accepted papers become public.
    publication.record_decisions_sent(submission_ids=[s.pk for s in decided], at=sent_at)

"""A conference at full size for load tests (`manage.py loadscale`): authors, papers with
a shared small real PDF, a reviewer pool with expertise texts, bids, conflicts, stored
affinities, confirmed assignments with reviews, decisions, the assignment mails in the
outbox and a released program with its poster sessions.

Rows are made from one seeded generator, so two runs give the same conference; the
workshop named by the slug is removed and built again, and people are found by their
address (`<slug>-author-<i>@scale-inst<j>.invalid`), so running twice leaves the same counts."""

import time
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from people.models import User
from reviews.models import Affinity, Assignment, Bid, Conflict, Review, ReviewerProfile
from submissions.enums import SubmissionStatus
from submissions.models import Author, PaperVersion, Submission
from workshop.enums import RoleKind
from workshop.models import OutgoingEmail, Role, Topic, Workshop

from . import scale_program, scale_reviewing, scale_text
from .bulk import copy_rows, create_in_batches
from .pdf import paper_pdf

TOUCHED = (
    User, Role, ReviewerProfile, Submission, Submission.topics.through, Author, PaperVersion,
    Assignment, Review, Bid, Conflict, Affinity, OutgoingEmail,
)  # fmt: skip
PASSWORD = "scale-password"  # every generated account; the bench logs in without it


@dataclass(frozen=True)
class Plan:
    slug: str = "neurips-scale"
    papers: int = 15_000
    reviewers: int = 10_000
    k: int = 4
    affinities_per_paper: int = 100
    bids_per_reviewer: int = 30
    seed: int = 2018

    @property
    def posters(self) -> int:
        return self.papers // 10

    @property
    def orals(self) -> int:
        return max(1, self.papers // 250)

    @property
    def rejected(self) -> int:
        return self.papers // 30

    def email(self, role: str, index: int | None = None) -> str:
        """Each person's institute is their mail domain too: one domain shared by everyone
        would put every reviewer in conflict with every paper (150 million pairs)."""
        if index is None:
            return f"{self.slug}-{role}@scale.invalid"
        return f"{self.slug}-{role}-{index}@{scale_text.institute(index)}.invalid"


class Build:
    """One run: the plan, its random generator, what is made so far, timed step by step."""

    def __init__(self, plan: Plan, out):
        self.plan, self.out = plan, out
        self.rng = np.random.default_rng(plan.seed)
        self.now = timezone.now().replace(microsecond=0)
        self.times: dict[str, float] = {}

    def step(self, name: str, function) -> None:
        started = time.perf_counter()
        function()
        self.times[name] = time.perf_counter() - started
        self.out.write(f"  {name:<28} {self.times[name]:7.1f} s")


def build(plan: Plan, out) -> Build:
    if plan.reviewers < plan.k + 2:
        raise ValueError(f"At least {plan.k + 2} reviewers are needed for k = {plan.k}.")
    run = Build(plan, out)
    with transaction.atomic():
        run.step("removed the previous run", lambda: _wipe(plan.slug))
        run.step("workshop and people", lambda: _workshop_and_people(run))
        run.step("papers, authors, versions", lambda: _papers(run))
        run.step("reviewer pool and profiles", lambda: _pool(run))
        run.step("assignments and reviews", lambda: scale_reviewing.assignments(run))
        run.step("conflicts, bids, affinities", lambda: scale_reviewing.preferences(run))
        run.step("decisions", lambda: scale_reviewing.decisions(run))
        run.step("outbox", lambda: scale_reviewing.outbox(run))
        run.step("program", lambda: scale_program.build(run))
    _analyze()
    return run


def _analyze() -> None:
    """Fresh statistics (and, outside a transaction, a vacuum for index-only scans): a
    planner that still thinks the pool has one reviewer loops over ten thousand."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in TOUCHED:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _wipe(slug: str) -> None:
    """Remove the workshop and everything in it; the big tables first, without loading
    their rows (PROTECT keeps Django from cascading through them anyway)."""
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None:
        return
    from schedule.models import ItemPaper, PosterBoard, ScheduleItem

    papers = Submission.objects.filter(workshop=workshop)
    old_files = set(
        PaperVersion.objects.filter(submission__in=papers).values_list("file", flat=True)
    )
    for queryset in (
        PosterBoard.objects.filter(item__workshop=workshop),
        ItemPaper.objects.filter(item__workshop=workshop),
        ScheduleItem.objects.filter(workshop=workshop),
        Review.objects.filter(assignment__submission__in=papers),
        Assignment.objects.filter(submission__in=papers),
        Affinity.objects.filter(submission__in=papers),
        Bid.objects.filter(submission__in=papers),
        Conflict.objects.filter(submission__in=papers),
        Author.objects.filter(submission__in=papers),
        PaperVersion.objects.filter(submission__in=papers),
        Submission.topics.through.objects.filter(submission__in=papers),
        OutgoingEmail.objects.filter(workshop=workshop),
        ReviewerProfile.objects.filter(workshop=workshop),
        Role.objects.filter(workshop=workshop),
    ):
        queryset._raw_delete(queryset.db)
    papers.delete()
    workshop.delete()
    for name in old_files:
        default_storage.delete(name)


def _accounts(run: Build, role: str, count: int, names) -> list[int]:
    """Ids of the accounts `<slug>-<role>-<i>`, i < count, made where missing."""
    emails = [run.plan.email(role, i) for i in range(count)]
    found = dict(
        User.objects.filter(email__startswith=f"{run.plan.slug}-{role}-").values_list("email", "pk")
    )
    password = make_password(PASSWORD)  # hashed once: PBKDF2 per account would take minutes
    missing = [
        User(email=email, name=names(i), affiliation=scale_text.affiliation(i), password=password)
        for i, email in enumerate(emails)
        if email not in found
    ]
    for user in create_in_batches(User, missing):
        found[user.email] = user.pk
    return [found[email] for email in emails]


def _workshop_and_people(run: Build) -> None:
    plan, now = run.plan, run.now
    run.workshop = Workshop.objects.create(
        slug=plan.slug,
        name="A conference at scale",
        acronym="SCALE",
        starts_at=now + timedelta(days=60),
        ends_at=now + timedelta(days=61),
        submissions_open_at=now - timedelta(days=90),
        submission_deadline=now - timedelta(days=30),
        review_deadline=now + timedelta(days=10),
        notification_at=now + timedelta(days=20),
        reviews_per_paper=plan.k,
        reviewer_load=-(-plan.papers * plan.k // plan.reviewers) + 2,
        bidding_open=True,
        is_listed=False,
    )
    run.topics = [
        Topic.objects.create(workshop=run.workshop, name=name, position=i)
        for i, name in enumerate(scale_text.TOPICS)
    ]
    organizer = User.objects.filter(email=plan.email("organizer")).first()
    if organizer is None:
        organizer = User.objects.create_user(
            email=plan.email("organizer"), password=PASSWORD, name="Scale Organizer"
        )
    if not organizer.is_staff:  # the reviewing desk is in the admin
        organizer.is_staff = True
        organizer.save(update_fields=["is_staff"])
    run.organizer = organizer
    Role.objects.create(workshop=run.workshop, user=organizer, kind=RoleKind.ORGANIZER)
    run.authors = _accounts(
        run, "author", plan.papers * 3 // 2 + 6, lambda i: f"Author {i} {scale_text.surname(i)}"
    )
    run.reviewers = _accounts(
        run, "reviewer", plan.reviewers, lambda i: f"Reviewer {i} {scale_text.surname(i + 7)}"
    )


def _papers(run: Build) -> None:
    plan, rng, now = run.plan, run.rng, run.now
    run.paper_topic = rng.integers(0, len(scale_text.TOPICS), size=plan.papers)
    team_sizes = rng.integers(2, 7, size=plan.papers)  # 2 to 6 authors, 4 on average
    teams = [rng.choice(len(run.authors), size=size, replace=False).tolist() for size in team_sizes]
    for team in teams[:40]:  # one prolific author for "my submissions"
        if 0 in team:
            team.remove(0)
        team.insert(0, 0)
    submitted = now - timedelta(days=31)
    papers = [
        Submission(
            workshop=run.workshop,
            number=i + 1,
            title=scale_text.title(rng, int(run.paper_topic[i])),
            abstract=scale_text.abstract(rng, int(run.paper_topic[i])),
            keywords=scale_text.keywords(rng, int(run.paper_topic[i])),
            status=SubmissionStatus.SUBMITTED,
            created_by_id=run.authors[teams[i][0]],
            submitted_at=submitted - timedelta(minutes=i % 5000),
        )
        for i in range(plan.papers)
    ]
    run.papers = [p.pk for p in create_in_batches(Submission, papers)]
    topic_ids = [t.pk for t in run.topics]
    copy_rows(
        Submission.topics.through,
        ("submission_id", "topic_id"),
        ((pk, topic_ids[int(run.paper_topic[i])]) for i, pk in enumerate(run.papers)),
    )
    copy_rows(
        Author,
        ("submission_id", "position", "name", "email", "affiliation", "user_id"),
        (
            (pk, position, f"Author {a}", plan.email("author", a), scale_text.affiliation(a), uid)
            for pk, team in zip(run.papers, teams, strict=True)
            for position, a in enumerate(team)
            for uid in (run.authors[a],)
        ),
    )
    _versions(run, teams)


def _versions(run: Build, teams) -> None:
    """One submitted version per paper, all pointing at the same small real PDF."""
    pdf = paper_pdf("A paper at scale", scale_text.abstract(run.rng, 0), content_pages=3)
    name = default_storage.save(f"papers/{run.workshop.pk}/scale-shared.pdf", ContentFile(pdf))
    import hashlib

    digest = hashlib.sha256(pdf).hexdigest()
    copy_rows(
        PaperVersion,
        (
            "submission_id",
            "kind",
            "file",
            "original_name",
            "sha256",
            "stored_sha256",
            "size",
            "pages",
            "pages_before_references",
            "page_size",
            "warnings",
            "uploaded_by_id",
            "uploaded_at",
        ),
        (
            (
                pk,
                "submission",
                name,
                f"paper-{i + 1}.pdf",
                digest,
                digest,
                len(pdf),
                4,
                3,
                "US Letter",
                "[]",
                run.authors[teams[i][0]],
                run.now - timedelta(days=31),
            )
            for i, pk in enumerate(run.papers)
        ),
    )


def _pool(run: Build) -> None:
    plan, rng = run.plan, run.rng
    copy_rows(
        Role,
        ("workshop_id", "user_id", "kind", "position", "is_public", "public_bio"),
        ((run.workshop.pk, uid, RoleKind.REVIEWER, 0, False, "") for uid in run.reviewers),
    )
    run.reviewer_topic = rng.integers(0, len(scale_text.TOPICS), size=plan.reviewers)
    copy_rows(
        ReviewerProfile,
        ("workshop_id", "user_id", "keywords", "recent_papers", "max_load", "updated_at"),
        (
            (
                run.workshop.pk,
                uid,
                scale_text.json_list(scale_text.keywords(rng, topic)),
                scale_text.recent_papers(rng, topic),
                None,
                run.now,
            )
            for uid, topic in zip(run.reviewers, run.reviewer_topic.tolist(), strict=True)
        ),
    )

"""The load generator at a small size: the counts it promises, the invariants a real
conference keeps (k reviewers per paper, loads, no reviewer on a conflicted paper), and
a second run that leaves the same rows."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from reviews.models import Affinity, Assignment, Bid, Conflict, Review, ReviewerProfile
from schedule.models import PosterBoard, ScheduleRelease
from submissions.enums import SubmissionStatus
from submissions.models import Author, PaperVersion, Submission
from workshop.enums import RoleKind
from workshop.models import OutgoingEmail, Role, Workshop

SLUG = "neurips-scale-test"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load(**options):
    out = io.StringIO()
    call_command("loadscale", slug=SLUG, papers=30, reviewers=20, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    papers = Submission.objects.filter(workshop__slug=SLUG)
    return {
        "papers": papers.count(),
        "authors": Author.objects.filter(submission__in=papers).count(),
        "versions": PaperVersion.objects.filter(submission__in=papers).count(),
        "reviewers": Role.objects.filter(workshop__slug=SLUG, kind=RoleKind.REVIEWER).count(),
        "profiles": ReviewerProfile.objects.filter(workshop__slug=SLUG).count(),
        "assignments": Assignment.objects.filter(submission__in=papers).count(),
        "reviews": Review.objects.filter(assignment__submission__in=papers).count(),
        "bids": Bid.objects.filter(submission__in=papers).count(),
        "conflicts": Conflict.objects.filter(submission__in=papers).count(),
        "affinities": Affinity.objects.filter(submission__in=papers).count(),
        "posters": PosterBoard.objects.filter(item__workshop__slug=SLUG).count(),
        "releases": ScheduleRelease.objects.filter(workshop__slug=SLUG).count(),
        "mails": OutgoingEmail.objects.filter(workshop__slug=SLUG).count(),
    }


def test_a_small_conference_has_every_part(db, media):
    out = load()
    assert f"/{SLUG}/ is ready" in out
    found = counts()
    assert found | {"authors": 0, "reviews": 0, "bids": 0, "affinities": 0} == {
        "papers": 30,
        "authors": 0,
        "versions": 30,
        "reviewers": 20,
        "profiles": 20,
        "assignments": 120,  # k = 4
        "reviews": 0,
        "bids": 0,
        "conflicts": 60,  # two per paper
        "affinities": 0,
        "posters": 3,  # one paper in ten
        "releases": 1,
        "mails": 20,  # one per reviewer
    }
    assert 60 <= found["authors"] <= 180  # 2 to 6 per paper
    assert 0.8 * 120 <= found["reviews"] <= 120
    assert found["bids"] > 120
    assert found["affinities"] >= 120


def test_the_conference_keeps_the_rules_of_a_real_one(db, media):
    load()
    papers = Submission.objects.filter(workshop__slug=SLUG)
    assignments = Assignment.objects.filter(submission__in=papers)
    pairs = set(assignments.values_list("submission_id", "reviewer_id"))
    conflicts = set(
        Conflict.objects.filter(submission__in=papers).values_list("submission_id", "reviewer_id")
    )
    assert not pairs & conflicts
    bids = set(
        Bid.objects.filter(submission__in=papers).values_list("submission_id", "reviewer_id")
    )
    assert not bids & conflicts
    scored = set(
        Affinity.objects.filter(submission__in=papers).values_list("submission_id", "reviewer_id")
    )
    assert pairs <= scored  # the desk shows each assigned pair's fit
    workshop = Workshop.objects.get(slug=SLUG)
    loads = {}
    for _, reviewer in pairs:
        loads[reviewer] = loads.get(reviewer, 0) + 1
    assert max(loads.values()) <= workshop.reviewer_load
    assert all(
        len({n for s, n in assignments.values_list("submission_id", "number") if s == p}) == 4
        for p in papers.values_list("pk", flat=True)
    )
    statuses = set(papers.values_list("status", flat=True))
    assert SubmissionStatus.SUBMITTED in statuses  # some papers stay open for bidding
    assert SubmissionStatus.ACCEPTED_POSTER in statuses
    files = set(PaperVersion.objects.filter(submission__in=papers).values_list("file", flat=True))
    assert len(files) == 1  # one shared file
    with default_storage.open(files.pop()) as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_detected_conflicts_stay_few(db, media):
    """People share a mail domain only with their own institute: a refresh of the detected
    conflicts finds a handful per paper, not every reviewer for every paper."""
    from reviews.services.conflicts import refresh_conflicts

    load()
    result = refresh_conflicts(workshop=Workshop.objects.get(slug=SLUG))
    assert result.created < 30 * 20 // 2  # one shared domain made 670 (every pair, more)


def test_running_twice_leaves_the_same_rows(db, media):
    load()
    first = counts()
    load()
    assert counts() == first
    assert Workshop.objects.filter(slug=SLUG).count() == 1


def test_too_few_reviewers_for_k_is_refused(db, media):
    with pytest.raises(CommandError, match="At least 6 reviewers"):
        call_command("loadscale", slug=SLUG, papers=5, reviewers=5, stdout=io.StringIO())
    assert not Workshop.objects.filter(slug=SLUG).exists()

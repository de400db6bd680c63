from datetime import UTC, datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from workshop.enums import RoleKind
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: sorted(model.objects.values(), key=lambda row: str(row.get("id")))
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


def test_loaddemo_is_idempotent_and_recreates_the_2018_workshop():
    out = StringIO()
    call_command("loaddemo", stdout=out)
    first = snapshot()
    call_command("loaddemo", stdout=StringIO())
    assert snapshot() == first

    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    assert mlsys.name == "Machine Learning for Systems"
    assert mlsys.timezone == "America/Toronto" and mlsys.room == "510 AC"
    assert mlsys.starts_at == datetime(2018, 12, 8, 13, 0, tzinfo=UTC)
    assert mlsys.ends_at == datetime(2018, 12, 8, 23, 30, tzinfo=UTC)
    organizers = [
        role.user.name for role in mlsys.roles.filter(kind=RoleKind.ORGANIZER, is_public=True)
    ]
    assert organizers == [
        "Anna Goldie",
        "Azalia Mirhoseini",
        "Jonathan Raiman",
        "Kevin Swersky",
        "Milad Hashemi",
    ]
    assert mlsys.links.count() == 7
    sibling = Workshop.objects.get(slug="systems-for-ml-2018")
    assert list(mlsys.siblings()) == [sibling]
    assert "organizer@example.org" in out.getvalue() and "mlsys-demo-2018" in out.getvalue()


def test_the_next_edition_has_an_open_call():
    call_command("loaddemo", stdout=StringIO())
    nxt = Workshop.objects.get(slug="ml-for-systems-next")
    from django.utils import timezone

    assert nxt.call_is_open(timezone.now())
    # The deadline is the end of a day Anywhere on Earth: 11:59 UTC.
    assert (nxt.submission_deadline.hour, nxt.submission_deadline.minute) == (11, 59)


def test_the_open_edition_has_work_for_every_role():
    from django.utils import timezone

    from people.models import User
    from reviews.enums import AssignmentState, ReviewState
    from reviews.models import Assignment, Bid, Review
    from reviews.queries import my_assignments
    from reviews.services.bids import bidding_status
    from schedule.models import ScheduleItem, ScheduleRelease
    from submissions.models import Submission

    out = StringIO()
    call_command("loaddemo", stdout=out)
    now = timezone.now()
    nxt = Workshop.objects.get(slug="ml-for-systems-next")
    # Authors can still submit; reviewers can bid, until a week after the call.
    assert nxt.call_is_open(now)
    assert bidding_status(nxt, now).is_open
    assert nxt.bidding_closes_at > nxt.submission_deadline
    assert nxt.review_deadline > nxt.submission_deadline > now
    # Six papers from the other demo authors, submitted in the days since the call opened.
    early = Submission.objects.filter(workshop=nxt, status="submitted")
    assert early.count() == 6
    assert {p.created_by.email for p in early} == {"author2@example.org", "author3@example.org"}
    assert all(nxt.submissions_open_at <= p.submitted_at <= now for p in early)
    # Each demo reviewer: two papers of their own field, one reviewed, one to review.
    for email in ("reviewer1@example.org", "reviewer2@example.org", "reviewer3@example.org"):
        mine = list(my_assignments(User.objects.get(email=email), nxt))
        states = sorted(getattr(a, "review", None) is not None for a in mine)
        assert states == [False, True], email
    assert (
        Review.objects.filter(
            assignment__submission__workshop=nxt, state=ReviewState.SUBMITTED
        ).count()
        == 3
    )
    assert not Bid.objects.filter(submission__workshop=nxt, reviewer__email="reviewer1@example.org")
    assert Bid.objects.filter(submission__workshop=nxt).count() > 10
    # The desk holds a proposal that fills every paper's three places.
    proposed = Assignment.objects.filter(
        submission__workshop=nxt, state=AssignmentState.PROPOSED
    ).count()
    assert proposed == 6 * 3 - 6
    organizer = User.objects.get(email="organizer@example.org")
    assert organizer.is_staff and organizer.has_perm("reviews.manage_reviewing", nxt)
    # A draft program, to be released by the organizer.
    assert ScheduleItem.objects.filter(workshop=nxt).count() == 6
    assert not ScheduleRelease.objects.filter(workshop=nxt).exists()
    # The 2018 edition's bidding says when it closed.
    mlsys = Workshop.objects.get(slug="ml-for-systems-2018")
    assert bidding_status(mlsys, now).sentence == (
        "Bidding for Machine Learning for Systems closed on Thursday 1 November 2018, "
        "23:59 AoE (UTC−12)."
    )
    assert "Open edition: 6 papers under review" in out.getvalue()

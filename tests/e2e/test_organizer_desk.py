"""An organizer's journey in Chromium: from the admin's reviewing desks to the workshop at a
glance (on a desktop and on a phone), then every export downloaded and opened as a
spreadsheet would: the right file name, the byte-order mark, the documented columns, a
formula escaped. Screenshots: test-artifacts/organizer-glance-{desktop,phone}.png."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.enums import ConflictSource, ConflictStatus, ReviewState
from reviews.exports import EXPORTS
from reviews.models import Bid, Conflict, Review
from workshop.enums import EmailState, RoleKind
from workshop.models import OutgoingEmail

from ..factories import PASSWORD, RoleFactory, UserFactory, WorkshopFactory
from ..reviews.conftest import create_paper
from .conftest import log_in
from .test_review import confirmed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(settings, tmp_path):
    """Two papers under review after the review deadline: one with both reviews, one with
    Rita's still due (she is late); a bid, a conflict and a failed mail."""
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    workshop = WorkshopFactory(
        slug="ml-for-systems-2018",
        name="Machine Learning for Systems",
        submission_deadline=now - timedelta(days=30),
        review_deadline=now - timedelta(days=1),
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=8),
        reviews_per_paper=2,
    )
    olga = UserFactory(email="olga@mlsys.example.org", name="Olga Organizer", is_staff=True)
    RoleFactory(workshop=workshop, user=olga, kind=RoleKind.ORGANIZER)
    author = UserFactory(email="ada@uni.example.edu", name="Ada Lovelace")
    rita = UserFactory(email="rita@reviewers.example.org", name="Rita Reviewer")
    sam = UserFactory(email="sam@second.example.net", name="Sam Second")
    for person in (rita, sam):
        RoleFactory(workshop=workshop, user=person, kind=RoleKind.REVIEWER)
    row = (author.name, author.email, "University of Examples")
    caches = create_paper(workshop, author, title="=Learned caches", authors=[row])
    congestion = create_paper(workshop, author, title="Learned congestion control", authors=[row])
    for paper, reviewers in ((caches, (rita, sam)), (congestion, (sam,))):
        for number, reviewer in enumerate(reviewers, 1):
            Review.objects.create(
                assignment=confirmed(paper, reviewer, number),
                score=4,
                confidence=2,
                summary="Convincing.",
                state=ReviewState.SUBMITTED,
                submitted_at=now,
            )
    confirmed(congestion, rita, 2)
    Bid.objects.create(submission=congestion, reviewer=rita, preference="eager")
    Conflict.objects.create(
        submission=caches,
        reviewer=sam,
        source=ConflictSource.AFFILIATION,
        status=ConflictStatus.DISMISSED,
        reason="Same affiliation, different lab.",
    )
    OutgoingEmail.objects.create(
        workshop=workshop,
        to="rita@reviewers.example.org",
        subject="Reminder",
        template_key="reviews/reminder",
        idempotency_key="e2e-failed",
        state=EmailState.FAILED,
        last_error="550 mailbox unavailable",
    )
    return workshop, olga


def test_organizer_opens_the_glance_and_downloads_every_export(page, scene, screenshot):
    workshop, olga = scene
    log_in(page, olga.email, PASSWORD)
    page.goto("/admin/reviews/reviewingoverview/")
    page.get_by_role("link", name="At a glance").click()
    expect(page.get_by_role("heading", name="Phase: deciding")).to_be_visible()
    expect(page.get_by_text("1 mail failed: read the errors and send them again")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("Rita Reviewer")
    expect(page.locator("#progress")).to_contain_text("late")
    expect(page.locator("#short-papers")).to_contain_text("Learned congestion control")
    page.set_viewport_size({"width": 1280, "height": 900})
    desktop = screenshot(page, "organizer-glance-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    phone = screenshot(page, "organizer-glance-phone")
    assert desktop.exists() and phone.exists()
    page.set_viewport_size({"width": 1280, "height": 900})

    today = timezone.now().strftime("%Y-%m-%d")
    glance = page.url
    for name, export in EXPORTS.items():
        for fmt in ("csv", "json"):
            # Each download from a freshly loaded page: Chromium may hold back a page's
            # repeated downloads; and a busy machine may take a while to stream one.
            page.goto(glance)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("link", name=f"{export.title} {fmt.upper()}", exact=True).click()
            download = info.value
            assert download.suggested_filename == f"{workshop.slug}-{name}-{today}.{fmt}"
            text = download.path().read_text(encoding="utf-8")
            if fmt == "json":
                rows = json.loads(text)
                assert all(list(row) == list(export.columns) for row in rows)
                continue
            assert text.startswith("\ufeff")
            rows = list(csv.reader(io.StringIO(text[1:])))
            assert tuple(rows[0]) == export.columns, name
            assert len(rows) > 1, f"{name}: no rows"
            if name == "submissions":
                assert [r[1] for r in rows[1:] if "caches" in r[1]] == ["'=Learned caches"]
    expect(page.get_by_role("heading", name="Phase: deciding")).to_be_visible()

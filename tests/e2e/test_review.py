"""A reviewer's journey in Chromium: log in, bid (saved without a page reload), open the
assigned paper, submit a review, and only then read the other reviewer's review."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.enums import AssignmentOrigin, AssignmentState, ReviewState
from reviews.models import Assignment, Bid, Review
from workshop.enums import RoleKind

from ..factories import PASSWORD, RoleFactory, UserFactory, WorkshopFactory
from ..reviews.conftest import create_paper
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def confirmed(paper, reviewer, number):
    return Assignment.objects.create(
        submission=paper,
        reviewer=reviewer,
        origin=AssignmentOrigin.MANUAL,
        state=AssignmentState.CONFIRMED,
        number=number,
        confirmed_at=timezone.now(),
    )


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    workshop = WorkshopFactory(
        slug="ml-for-systems-2018", name="Machine Learning for Systems", bidding_open=True
    )
    author = UserFactory(email="ada@uni.example.edu", name="Ada Lovelace")
    rita = UserFactory(email="rita@reviewers.example.org", name="Rita Reviewer")
    sam = UserFactory(email="sam@second.example.net", name="Sam Second")
    for person in (rita, sam):
        RoleFactory(workshop=workshop, user=person, kind=RoleKind.REVIEWER)
    row = (author.name, author.email, "University of Examples")
    assigned = create_paper(
        workshop, author, title="Learned caches for key-value stores", authors=[row]
    )
    other = create_paper(workshop, author, title="Learned congestion control", authors=[row])
    confirmed(assigned, rita, 1)
    Review.objects.create(
        assignment=confirmed(assigned, sam, 2),
        score=4,
        confidence=3,
        summary="Sam thinks the cache policy is convincing.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return workshop, assigned, other, rita


def test_reviewer_bids_reviews_and_then_sees_the_other_reviews(page, scene, screenshot):
    workshop, assigned, other, rita = scene
    log_in(page, rita.email, PASSWORD)

    page.goto(f"/{workshop.slug}/reviewing/bids/")
    page.evaluate("window.stillTheSamePage = true")
    item = page.locator(f"#paper-{other.pk}")
    item.get_by_role("radio", name="Eager").check()
    expect(item.get_by_role("status")).to_have_text("Saved: Eager")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert Bid.objects.get(reviewer=rita, submission=other).preference == "eager"
    expect(page.get_by_text("Ada Lovelace")).to_have_count(0)  # double-blind
    screenshot(page, "review-bidding")

    page.goto(f"/{workshop.slug}/reviewing/")
    page.get_by_role("link", name=f"#{assigned.number} {assigned.title}").click()
    expect(page.get_by_text("shown once you submit yours")).to_be_visible()
    expect(page.get_by_text("Sam thinks the cache policy is convincing.")).to_have_count(0)

    page.get_by_role("link", name="Write your review").click()
    page.get_by_label("4: Weak accept").check()
    page.get_by_label("2: Medium: I know the area").check()
    page.get_by_label("Summary").fill("A learned eviction policy evaluated on real traces.")
    page.get_by_label("Comments to authors").fill("Please report the policy's overhead.")
    page.get_by_role("button", name="Submit review").click()

    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    expect(page.get_by_text("Sam thinks the cache policy is convincing.")).to_be_visible()
    expect(page.get_by_role("heading", name="Reviewer 2")).to_be_visible()
    expect(page.get_by_text("Sam Second")).to_have_count(0)
    review = Review.objects.get(assignment__reviewer=rita)
    assert (review.state, review.score, review.confidence) == ("submitted", 4, 2)
    screenshot(page, "review-submitted")

"""The reviewers' discussion in Chromium: reviewer A submits and joins, reviewer B answers
(each sees the other as "Reviewer N" only), the organizer comes from the decisions desk,
answers and writes a meta-review — while the paper's author sees none of it, before or
after the decision (then only the meta-review, which is meant for them)."""

from contextlib import contextmanager

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reviews.enums import ReviewState
from reviews.models import DiscussionComment, MetaReview, Review
from reviews.services.decisions import decide, send_decision_mails
from submissions.enums import SubmissionStatus
from workshop.enums import RoleKind

from ..factories import PASSWORD, RoleFactory, UserFactory, WorkshopFactory
from ..reviews.conftest import confirm, create_paper

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RITA_SAYS = "Rita: the traces are convincing, the overhead is not reported."
SAM_SAYS = "Sam: agreed on the traces; I would still accept."
OLGA_SAYS = "Olga: thanks both, I lean towards a poster."
META = "A clear paper with convincing traces; please report the overhead."


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    workshop = WorkshopFactory(slug="ml-for-systems-2018", name="Machine Learning for Systems")
    author = UserFactory(email="ada@uni.example.edu", name="Ada Lovelace")
    rita = UserFactory(email="rita@reviewers.example.org", name="Rita Reviewer")
    sam = UserFactory(email="sam@second.example.net", name="Sam Second")
    olga = UserFactory(email="olga@organizers.example.org", name="Olga Organizer", is_staff=True)
    for person in (rita, sam):
        RoleFactory(workshop=workshop, user=person, kind=RoleKind.REVIEWER)
    RoleFactory(workshop=workshop, user=olga, kind=RoleKind.ORGANIZER)
    row = (author.name, author.email, "University of Examples")
    paper = create_paper(
        workshop, author, title="Learned caches for key-value stores", authors=[row]
    )
    confirm(paper, rita, 1)
    Review.objects.create(
        assignment=confirm(paper, sam, 2),
        score=4,
        confidence=3,
        summary="Sam thinks the cache policy is convincing.",
        comments_to_authors="Please compare with ARC.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return workshop, paper, {"author": author, "rita": rita, "sam": sam, "olga": olga}


@contextmanager
def logged_in(browser, live_server, user):
    """A fresh browser for one person."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1100, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    try:
        yield page
    finally:
        context.close()


def post_comment(page, text):
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted")).to_be_visible()


def test_two_reviewers_and_an_organizer_discuss_while_the_author_sees_nothing(
    browser, live_server, scene, screenshot
):
    workshop, paper, people = scene
    paper_url = reverse("reviews:paper", args=[workshop.slug, paper.pk])

    with logged_in(browser, live_server, people["rita"]) as page:
        page.goto(paper_url)
        expect(
            page.get_by_text("opens for you once you have submitted your review")
        ).to_be_visible()
        expect(page.get_by_label("Your comment")).to_have_count(0)
        page.get_by_role("link", name="Write your review").click()
        page.get_by_label("4: Weak accept").check()
        page.get_by_label("2: Medium: I know the area").check()
        page.get_by_label("Summary").fill("A learned eviction policy evaluated on real traces.")
        page.get_by_role("button", name="Submit review").click()
        expect(page.get_by_text("Sam thinks the cache policy is convincing.")).to_be_visible()
        expect(page.get_by_text("No comments yet.")).to_be_visible()
        post_comment(page, RITA_SAYS)
        expect(page.get_by_text(RITA_SAYS)).to_be_visible()
        screenshot(page, "discussion-reviewer-a")

    with logged_in(browser, live_server, people["sam"]) as page:
        page.goto(paper_url)
        thread = page.locator("#discussion")
        expect(thread.get_by_text(RITA_SAYS)).to_be_visible()
        expect(thread.get_by_role("heading", name="Reviewer 1")).to_be_visible()
        expect(page.get_by_text("Rita Reviewer")).to_have_count(0)  # anonymous to each other
        post_comment(page, SAM_SAYS)
        screenshot(page, "discussion-reviewer-b")

    with logged_in(browser, live_server, people["olga"]) as page:
        page.goto(reverse("admin:reviews_desk_decisions", args=[workshop.pk]))
        page.locator(f"#paper-{paper.pk}").get_by_role("link", name="2 comments").click()
        thread = page.locator("#discussion")
        expect(thread.get_by_text(SAM_SAYS)).to_be_visible()
        expect(thread.get_by_text("Rita Reviewer")).to_be_visible()  # organizers see names
        post_comment(page, OLGA_SAYS)
        page.get_by_label("Meta-review").fill(META)
        page.get_by_role("button", name="Save meta-review").click()
        expect(page.get_by_text("The meta-review is saved")).to_be_visible()
        screenshot(page, "discussion-organizer")
    assert DiscussionComment.objects.filter(submission=paper).count() == 3
    assert MetaReview.objects.get(submission=paper).text == META

    said = (RITA_SAYS, SAM_SAYS, OLGA_SAYS)
    reviews_url = reverse("reviews:author_reviews", args=[workshop.slug, paper.pk])
    with logged_in(browser, live_server, people["author"]) as page:
        assert page.goto(paper_url).status == 404
        for url in (
            reviews_url,
            reverse("submissions:detail", args=[workshop.slug, paper.pk]),
            "/me/submissions/",
        ):
            page.goto(url)
            for text in (*said, META):
                expect(page.get_by_text(text)).to_have_count(0)
        decide(submission=paper, outcome=SubmissionStatus.ACCEPTED_POSTER, by=people["olga"])
        send_decision_mails(workshop=workshop, by=people["olga"])
        page.goto(reviews_url)
        expect(page.get_by_text(META)).to_be_visible()  # the meta-review is for the authors
        expect(page.get_by_text("Please compare with ARC.")).to_be_visible()
        for text in said:
            expect(page.get_by_text(text)).to_have_count(0)
        screenshot(page, "discussion-author")

"""Every demo login that `loaddemo` prints does its role's main job on the open edition,
in Chromium, as a newcomer would right after `make demo`: each author submits a paper with
a PDF (seeing the check before the final submit), each reviewer bids and writes a review,
and the organizer proposes an assignment on the desk, confirms it and releases the
program. No page load meets a 404 (the favicon among them). Screenshots:
test-artifacts/demo-<login>-<step>.png."""

import re
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.pdf import paper_pdf
from reviews.enums import AssignmentState, ReviewState
from reviews.models import Assignment, Bid, Review
from schedule.models import ScheduleRelease
from submissions.models import Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "ml-for-systems-next"
LOGIN = re.compile(r"^\s+(organizer|reviewer|author):\s+(\S+@example\.org)", re.M)
PASSWORD = re.compile(r"password “([^”]+)”")


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = StringIO()
    call_command("loaddemo", stdout=out)
    text = out.getvalue()
    return LOGIN.findall(text), PASSWORD.search(text).group(1)


@contextmanager
def logged_in(browser, live_server, email: str, password: str):
    """A fresh browser for one person; fails if any response on the way is a 404."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/Berlin",
        viewport={"width": 1100, "height": 900},
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    try:
        yield page
    finally:
        context.close()
    assert missing == [], f"404 for {email}: {missing}"


def who(email: str) -> str:
    return email.split("@")[0]


def author_submits(page, email, tmp_path, screenshot) -> None:
    title = f"Learned prefetching for {who(email)}'s key-value store"
    abstract = "A small model predicts the next keys a client reads and prefetches them."
    pdf = tmp_path / f"{who(email)}.pdf"
    pdf.write_bytes(paper_pdf(title, abstract))
    page.goto(f"/{SLUG}/")
    page.get_by_role("link", name="Submit a paper").first.click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Abstract").fill(abstract)
    page.get_by_label("Keywords").fill("prefetching, key-value stores")
    page.get_by_label("Operating and runtime systems").check()
    page.get_by_label("PDF", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    report = page.locator(".check-report")
    expect(report).to_contain_text("4 pages, 3 before the references: the limit is 4")
    expect(report).to_contain_text("Page size: US Letter.")
    screenshot(page, f"demo-{who(email)}-check")
    page.get_by_role("button", name=re.compile(r"^Submit paper #\d+$")).click()
    expect(page.locator(".messages")).to_contain_text("is submitted")
    paper = Submission.objects.get(workshop__slug=SLUG, title=title)
    assert paper.status == "submitted" and paper.versions.count() == 1
    screenshot(page, f"demo-{who(email)}-submitted")


def reviewer_bids_and_reviews(page, email, screenshot) -> None:
    page.goto("/reviewing/")
    tasks = page.locator(".tasks", has_text="NeurIPS (next edition)")
    expect(tasks).to_contain_text("is open until")
    expect(tasks).to_contain_text("Reviews are due on")
    expect(tasks).to_contain_text("AoE (UTC−12)")
    screenshot(page, f"demo-{who(email)}-tasks")

    tasks.get_by_role("link", name=re.compile(r"^Bid on \d+ papers?$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bid on papers")
    first = page.locator(".bid-paper").first
    number = int(first.get_attribute("id").removeprefix("paper-"))
    first.get_by_role("radio", name="Eager").check()
    expect(first.get_by_role("status")).to_have_text("Saved: Eager")
    assert Bid.objects.get(reviewer__email=email, submission_id=number).preference == "eager"
    screenshot(page, f"demo-{who(email)}-bids")

    page.goto("/reviewing/")
    tasks = page.locator(".tasks", has_text="NeurIPS (next edition)")
    tasks.locator(".to-write a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your review of #")
    page.get_by_label("4: Weak accept").check()
    page.get_by_label("2: Medium: I know the area").check()
    page.get_by_label("Summary").fill("A learned component evaluated on a realistic workload.")
    page.get_by_label("Comments to authors").fill("Please report the model's overhead.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    why = page.locator(".why")
    expect(why).to_contain_text("Why you:")
    if who(email) == "reviewer1":  # databases and learned indexes: her own field
        expect(why).to_contain_text("the paper uses your keyword")
    screenshot(page, f"demo-{who(email)}-reviewed")
    assert Review.objects.filter(
        assignment__reviewer__email=email,
        assignment__submission__workshop__slug=SLUG,
        state=ReviewState.SUBMITTED,
        score=4,
    ).exists()


def organizer_assigns_and_releases(page, email, screenshot) -> None:
    page.goto("/admin/")
    page.get_by_role("link", name="Reviewing desks").click()
    row = page.locator("tr", has_text="NeurIPS (next edition)")
    row.get_by_role("link", name="Assignment").click()
    expect(page.locator(".desk-box").first).to_contain_text("proposed assignments")
    screenshot(page, f"demo-{who(email)}-desk")
    page.get_by_role("button", name="Assign reviewers automatically").click()
    expect(page.locator("body")).to_contain_text("Inspect them, then confirm.")
    page.get_by_role("button", name=re.compile(r"^Confirm the \d+ proposed")).click()
    expect(page.locator(".messagelist")).to_contain_text("assignments confirmed")
    screenshot(page, f"demo-{who(email)}-confirmed")
    assert not Assignment.objects.filter(
        submission__workshop__slug=SLUG, state=AssignmentState.PROPOSED
    ).exists()
    # The authors' new papers have their reviewers too.
    for paper in Submission.objects.filter(workshop__slug=SLUG, status="submitted"):
        assert paper.assignments.count() == 3, paper

    page.goto("/admin/")
    page.get_by_role("link", name="Programs").click()
    page.locator("tr", has_text="NeurIPS (next edition)").get_by_role("link").first.click()
    page.get_by_role("link", name="Check and release…").click()
    screenshot(page, f"demo-{who(email)}-release")
    page.get_by_role("button", name="Release version 1").click()
    expect(page.locator(".messagelist")).to_contain_text("Version 1 is released")
    assert ScheduleRelease.objects.filter(workshop__slug=SLUG, number=1).exists()
    page.goto(f"/{SLUG}/schedule/")
    expect(page.locator("#schedule")).to_have_attribute("data-ready", "true")
    expect(page.locator(".version-line")).to_contain_text("Version 1")
    screenshot(page, f"demo-{who(email)}-program")


def test_each_demo_login_does_its_job_on_the_open_edition(
    browser, live_server, demo, tmp_path, screenshot
):
    logins, password = demo
    roles = [role for role, _ in logins]
    assert roles == ["organizer"] + ["reviewer"] * 3 + ["author"] * 3, logins
    # Authors first (their papers join the assignment), then reviewers, then the organizer.
    order = {"author": 0, "reviewer": 1, "organizer": 2}
    for role, email in sorted(logins, key=lambda login: order[login[0]]):
        with logged_in(browser, live_server, email, password) as page:
            if role == "author":
                author_submits(page, email, tmp_path, screenshot)
            elif role == "reviewer":
                reviewer_bids_and_reviews(page, email, screenshot)
            else:
                organizer_assigns_and_releases(page, email, screenshot)

"""An author submits a paper in Chromium: the refusal of a 5-page PDF shows next to the PDF
field, a 4-page PDF goes through, and a co-author who signs up afterwards with the listed
address (following the verification link from the outbox) sees the paper too."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from workshop.models import OutgoingEmail

from ..factories import PASSWORD, UserFactory, WorkshopFactory
from ..submissions.pdfs import make_paper
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_workshop(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    return WorkshopFactory(
        slug="ml-for-systems",
        name="Machine Learning for Systems",
        submissions_open_at=now - timedelta(days=7),
        submission_deadline=now + timedelta(days=30),
    )


def pdf_file(tmp_path, name: str, **paper) -> str:
    path = tmp_path / name
    path.write_bytes(make_paper(**paper))
    return str(path)


def test_author_submits_and_a_co_author_who_signs_up_later_sees_it(
    page, screenshot, tmp_path, open_workshop
):
    UserFactory(email="ada@uni.example.edu", name="Ada Author", affiliation="Uni Example")
    log_in(page, "ada@uni.example.edu", PASSWORD)

    page.goto(f"/{open_workshop.slug}/")
    page.get_by_role("link", name="Submit a paper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit a paper")
    page.get_by_label("Title").fill("Learned caches for key-value stores")
    page.get_by_label("Abstract").fill("We learn an eviction policy that beats LRU.")
    page.get_by_label("Keywords").fill("caching, reinforcement learning")

    # The submitter is the first author; the empty row takes the co-author.
    expect(page.locator('input[name="authors-0-email"]')).to_have_value("ada@uni.example.edu")
    page.locator('input[name="authors-1-name"]').fill("Bo Coauthor")
    page.locator('input[name="authors-1-email"]').fill("bo@uni.example.edu")
    # The script adds a row in place, removes it, and moves Bo to the front.
    page.get_by_role("button", name="Add an author").click()
    expect(page.locator('input[name="authors-2-name"]')).to_be_focused()
    page.locator('input[name="authors-2-name"]').fill("Cy Mistake")
    page.get_by_role("button", name="Remove this author").nth(2).click()
    expect(page.locator('input[name="authors-2-name"]')).to_be_hidden()
    page.get_by_role("button", name="Move this author up").nth(1).click()
    expect(page.locator('input[name="authors-1-ORDER"]')).to_have_value("1")

    page.get_by_label("PDF", exact=True).set_input_files(
        pdf_file(tmp_path, "too-long.pdf", content_pages=5)
    )
    page.get_by_role("button", name="Save and check").click()
    refusal = page.locator("#pdf-field .errorlist")
    expect(refusal).to_have_text("The paper has 5 pages before the references; the limit is 4.")
    # The summary at the top names the field, links to it and has the focus.
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "PDF: The paper has 5 pages before the references; the limit is 4."
    )
    expect(page.get_by_label("PDF", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title")).to_have_value("Learned caches for key-value stores")
    # The form comes back in the order the author chose, without the removed row.
    expect(page.locator(".author-row:visible input[name$='-email']")).to_have_count(2)
    expect(page.locator(".author-row:visible input[name$='-email']").first).to_have_value(
        "bo@uni.example.edu"
    )
    screenshot(page, "submit-paper-refused")

    page.get_by_label("PDF", exact=True).set_input_files(
        pdf_file(tmp_path, "paper.pdf", content_pages=4)
    )
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learned caches for key-value stores")
    # What the check found, before the final submit.
    report = page.locator(".check-report")
    expect(report).to_contain_text("5 pages, 4 before the references: the limit is 4")
    expect(report).to_contain_text("Page size: US Letter.")
    expect(report).to_contain_text("No warnings.")
    screenshot(page, "submit-paper-check")
    page.get_by_role("button", name="Submit paper #1").click()
    expect(page.locator(".messages")).to_contain_text("Paper #1 is submitted")
    expect(page.locator(".authors-list li").first).to_contain_text("Bo Coauthor")
    screenshot(page, "paper-page")
    page.get_by_role("link", name="My submissions").first.click()
    row = page.locator("table.my-submissions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Learned caches for key-value stores")
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("5 pages (4 before the references)")
    expect(row.locator("time").last).to_contain_text("AoE (UTC−12)")
    screenshot(page, "my-submissions")

    # Bo signs up afterwards with the listed address and follows the verification link.
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("bo@uni.example.edu")
    page.get_by_label("Full name").fill("Bo Coauthor")
    page.locator("#id_password1").fill("a-long-enough-password-1")
    page.locator("#id_password2").fill("a-long-enough-password-1")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    assert OutgoingEmail.objects.filter(
        to="bo@uni.example.edu", template_key="submission_received"
    ).exists()  # the receipt reached Bo's address before the account existed
    mail = OutgoingEmail.objects.get(
        to="bo@uni.example.edu", template_key="account:email_confirmation_signup"
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.text_body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.goto("/me/submissions/")
    expect(page.locator("table.my-submissions tbody tr")).to_contain_text(
        "Learned caches for key-value stores"
    )

"""What an author is told: a refused form names every problem at its top and marks each
field in place; an uploaded PDF's check (pages, pages before the references, page size,
warnings) is shown on the draft's page before the author submits it."""

import re

import pytest
from django.urls import reverse
from reportlab.lib.pagesizes import A4

from submissions.models import Submission
from workshop.enums import AnonymityPolicy
from workshop.models import OutgoingEmail

from .conftest import as_row, paper_form, pdf_upload

pytestmark = pytest.mark.django_db


def create_url(workshop):
    return reverse("submissions:create", args=[workshop.slug])


def summary_of(html: str) -> list[str]:
    block = re.search(r'<div class="error-summary[^>]*>(.*?)</div>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", block)]


def test_a_refused_form_names_each_field_and_marks_it_in_place(
    client, workshop, author, before_deadline
):
    client.force_login(author)
    data = paper_form(("Ada Author", "not-an-email", ""), title="")
    response = client.post(create_url(workshop), data)
    html = response.content.decode()
    assert summary_of(html) == [
        "Title: This field is required.",
        "Author 1, email: Enter a valid email address.",
    ]
    assert 'href="#id_title"' in html and 'href="#id_authors-0-email"' in html
    title = re.search(r"<input[^>]*name=\"title\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in title and 'aria-describedby="id_title_error"' in title
    assert 'id="id_title_error"' in html
    email = re.search(r"<input[^>]*name=\"authors-0-email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email and "id_authors-0-email_error" in email
    assert "error-summary.js" in html  # moves the focus to the summary
    assert not Submission.objects.exists()


def test_a_refused_pdf_is_in_the_summary_and_next_to_the_field(
    client, workshop, author, before_deadline
):
    client.force_login(author)
    data = paper_form(as_row(author), pdf=pdf_upload(content_pages=5), submit=False)
    html = client.post(create_url(workshop), data).content.decode()
    sentence = "The paper has 5 pages before the references; the limit is 4."
    assert summary_of(html) == [f"PDF: {sentence}"]
    pdf_input = re.search(r"<input[^>]*name=\"pdf\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in pdf_input
    assert 'aria-describedby="pdf-help pdf-errors"' in pdf_input
    assert re.search(r'<ul class="errorlist" id="pdf-errors"><li>' + re.escape(sentence), html)
    assert not Submission.objects.exists()


def test_the_check_is_shown_before_the_final_submit(
    client, workshop, author, before_deadline, django_capture_on_commit_callbacks
):
    client.force_login(author)
    form = client.get(create_url(workshop)).content.decode()
    assert ">Save and check</button>" in form and 'name="submit"' not in form
    pdf = pdf_upload(content_pages=3, page_sizes={2: A4})
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(create_url(workshop), paper_form(as_row(author), pdf=pdf, submit=False))
    draft = Submission.objects.get()
    assert draft.status == "draft"
    page = client.get(saved.url).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "What the check found in your PDF" in text
    assert "4 pages, 3 before the references: the limit is 4 before the references." in text
    assert "Page size: US Letter and A4." in text
    assert "No warnings." in text
    assert "Look at what the check found below" in text  # the message after saving
    assert not OutgoingEmail.objects.filter(template_key="submission_received").exists()

    submit = reverse("submissions:submit", args=[workshop.slug, draft.pk])
    assert f'action="{submit}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(submit, follow=True)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert f"Paper #{draft.number} is submitted" in done.content.decode()
    assert OutgoingEmail.objects.filter(template_key="submission_received").exists()
    assert "Submit paper #" not in done.content.decode()
    again = client.post(submit, follow=True)
    assert "is already submitted" in again.content.decode()


def test_warnings_are_shown_with_the_check(client, workshop, author, before_deadline):
    workshop.anonymity_policy = AnonymityPolicy.WARN
    workshop.save(update_fields=["anonymity_policy"])
    client.force_login(author)
    pdf = pdf_upload(first_page_text="Ada Author\nUni Example")
    saved = client.post(create_url(workshop), paper_form(as_row(author), pdf=pdf, submit=False))
    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(saved.url).content.decode()).split())
    assert "Warning: The first page names an author (Ada Author)" in text
    assert "No warnings." not in text


def test_only_the_authors_submit_a_draft(client, workshop, author, outsider, before_deadline):
    client.force_login(author)
    data = paper_form(as_row(author), pdf=pdf_upload(), submit=False)
    client.post(create_url(workshop), data)
    draft = Submission.objects.get()
    client.force_login(outsider)
    response = client.post(reverse("submissions:submit", args=[workshop.slug, draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"

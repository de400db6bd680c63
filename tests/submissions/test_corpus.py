"""The generated PDF corpus through the form and the API: each refusal is the exact sentence,
next to the PDF field (form) or under "pdf" (API), and leaves no row and no file behind. Also
the size guard, which refuses by Content-Length before the body is read."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import encode_multipart
from django.urls import reverse
from rest_framework.test import APIClient

from submissions import services
from submissions.models import Author, PaperVersion, Submission

from .conftest import as_row, paper_form, pdf_upload, stored_files
from .pdfs import encrypted_pdf, javascript_pdf, make_paper, png_bytes, truncated_pdf

pytestmark = pytest.mark.django_db
MB = 1024 * 1024

# (id, the file, workshop settings, the sentence; None: accepted)
CORPUS = [
    ("four-pages-and-references", lambda: make_paper(4), {}, None),
    (
        "five-content-pages",
        lambda: make_paper(5),
        {},
        "The paper has 5 pages before the references; the limit is 4.",
    ),
    (
        "references-halfway-down-page-5",
        lambda: make_paper(5, refs_start_midpage=True),
        {},
        "The paper has 5 pages before the references; the limit is 4.",
    ),
    ("appendix-allowed", lambda: make_paper(4, appendix_pages=2), {}, None),
    (
        "appendix-not-allowed",
        lambda: make_paper(4, appendix_pages=2),
        {"appendix_allowed": False},
        "The paper has an appendix starting on page 6; appendices are not allowed at this "
        "workshop.",
    ),
    (
        "encrypted",
        encrypted_pdf,
        {},
        "The PDF is encrypted; please upload it without a password or restrictions.",
    ),
    (
        "truncated",
        truncated_pdf,
        {},
        "The PDF is damaged or incomplete and cannot be read; please export it again.",
    ),
    ("zero-bytes", lambda: b"", {}, "The file is empty."),
    ("png-named-pdf", png_bytes, {}, "The file is not a PDF; it looks like a PNG image."),
    ("sixty-pages", lambda: make_paper(59), {}, "The PDF has 60 pages; at most 50 are accepted."),
    ("javascript", javascript_pdf, {}, "The PDF contains JavaScript, which is not allowed."),
    (
        "author-on-page-1",
        lambda: make_paper(first_page_text="Ada Author\nUni Example"),
        {},
        "The first page names an author (Ada Author); under double-blind review it must not.",
    ),
    (
        "author-on-page-1-single-blind",
        lambda: make_paper(first_page_text="Ada Author\nUni Example"),
        {"blind_mode": "single"},
        None,
    ),
    (
        "over-the-size-limit",
        lambda: make_paper() + b"%" * (MB + 50 * 1024),
        {"max_upload_mb": 1},
        "The file is 1.1 MB; the limit is 1 MB.",
    ),
]
CASES = [pytest.param(*case[1:], id=case[0]) for case in CORPUS]


def configure(workshop, settings_):
    for field, value in settings_.items():
        setattr(workshop, field, value)
    workshop.save()


def assert_nothing_stored(media):
    assert not Submission.objects.exists()
    assert not Author.objects.exists() and not PaperVersion.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(("make", "workshop_settings", "sentence"), CASES)
def test_corpus_through_the_form(
    client, workshop, author, private_media, before_deadline, make, workshop_settings, sentence
):
    configure(workshop, workshop_settings)
    client.force_login(author)
    response = client.post(
        reverse("submissions:create", args=[workshop.slug]),
        paper_form(as_row(author), pdf=pdf_upload(make())),
    )
    if sentence is None:
        assert response.status_code == 302
        assert Submission.objects.get().status == "submitted"
        assert len(stored_files(private_media)) == 1
        return
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == [sentence]
    html = response.content.decode()
    # Next to the field: inside the PDF field's block, right after the file input.
    field = html[html.index('id="pdf-field"') : html.index("</div>", html.index('id="pdf-field"'))]
    assert 'id="pdf-errors"' in field and sentence in field
    assert response.context["form"]["title"].value() == "Learned caches for key-value stores"
    assert_nothing_stored(private_media)


@pytest.mark.parametrize(("make", "workshop_settings", "sentence"), CASES)
def test_corpus_through_the_api(
    workshop, author, private_media, before_deadline, make, workshop_settings, sentence
):
    configure(workshop, workshop_settings)
    api = APIClient()
    api.force_authenticate(author)
    response = api.post(
        f"/api/v1/workshops/{workshop.slug}/submissions/",
        {
            "title": "Learned caches",
            "abstract": "We learn an eviction policy.",
            "authors": json.dumps([{"name": author.name, "email": author.email}]),
            "pdf": pdf_upload(make()),
            "submit": "true",
        },
        format="multipart",
    )
    if sentence is None:
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == "submitted"
        return
    assert response.status_code == 400
    assert response.json() == {"pdf": [sentence]}
    assert_nothing_stored(private_media)


def test_a_refused_new_version_keeps_the_current_one(client, paper, author, private_media):
    client.force_login(author)
    data = paper_form(as_row(author), pdf=pdf_upload(content_pages=5))
    response = client.post(reverse("submissions:edit", args=[paper.workshop.slug, paper.pk]), data)
    assert response.context["form"].errors["pdf"] == [
        "The paper has 5 pages before the references; the limit is 4."
    ]
    assert paper.versions.count() == 1 and len(stored_files(private_media)) == 1
    paper.refresh_from_db()
    assert paper.authors.count() == 3  # the other changes are not half-applied either


# --- The size guard -------------------------------------------------------------------------


def too_large_request(workshop, author):
    """A small multipart body that claims to be 5 MB: reading it would fail (the test client's
    payload refuses reads past its end), so a refusal proves the body was never read."""
    body = encode_multipart("BoUnDaRy", paper_form(as_row(author), pdf=pdf_upload()))
    return body, {"CONTENT_LENGTH": str(5 * MB)}


def test_the_form_refuses_by_content_length_before_reading(
    client, workshop, author, private_media, before_deadline
):
    workshop.max_upload_mb = 1
    workshop.save()
    client.force_login(author)
    body, claimed = too_large_request(workshop, author)
    response = client.generic(
        "POST",
        reverse("submissions:create", args=[workshop.slug]),
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **claimed,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == ["The file is 5 MB; the limit is 1 MB."]
    assert_nothing_stored(private_media)


def test_the_api_refuses_by_content_length_before_reading(
    workshop, author, private_media, before_deadline
):
    workshop.max_upload_mb = 1
    workshop.save()
    api = APIClient()
    api.force_authenticate(author)
    body, claimed = too_large_request(workshop, author)
    response = api.generic(
        "POST",
        f"/api/v1/workshops/{workshop.slug}/submissions/",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **claimed,
    )
    assert response.status_code == 400
    assert response.json() == {"pdf": ["The file is 5 MB; the limit is 1 MB."]}
    assert_nothing_stored(private_media)


def test_the_guard_still_needs_the_csrf_token(workshop, author, before_deadline):
    """The page protects itself against CSRF once the guard is in place."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    response = client.post(
        reverse("submissions:create", args=[workshop.slug]),
        paper_form(as_row(author), pdf=pdf_upload()),
    )
    assert response.status_code == 403 and not Submission.objects.exists()


def without_token(user) -> Client:
    """A browser that has the site's CSRF cookie, posting a form that lacks the token (as a
    page on another site would): the check must read the body to find the token missing."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    return client


def test_every_paper_form_refuses_a_post_without_its_csrf_token(
    workshop, author, organizer, paper, private_media
):
    """403 before any branch of the page runs, including those that answered a token-less
    POST with a redirect (a decided paper's edit page, a closed camera-ready page)."""
    client = without_token(author)
    create = reverse("submissions:create", args=[workshop.slug])
    edit = reverse("submissions:edit", args=[workshop.slug, paper.pk])
    camera_ready = reverse("submissions:camera_ready", args=[workshop.slug, paper.pk])
    stored = stored_files(private_media)

    def post(url, data):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert b"CSRF" in response.content

    post(create, paper_form(as_row(author), pdf=pdf_upload()))
    post(edit, paper_form(as_row(author), title="Changed", pdf=pdf_upload()))
    post(camera_ready, {"pdf": pdf_upload()})  # not accepted: the page used to redirect
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    post(edit, paper_form(as_row(author), title="Changed", pdf=pdf_upload()))  # used to redirect

    paper.refresh_from_db()
    assert Submission.objects.count() == 1 and paper.title == "Learned caches for key-value stores"
    assert PaperVersion.objects.count() == 1 and stored_files(private_media) == stored


def test_a_closed_call_refuses_a_post_without_its_csrf_token(workshop, author, private_media):
    response = without_token(author).post(
        reverse("submissions:create", args=[workshop.slug]),
        paper_form(as_row(author), pdf=pdf_upload()),
    )
    assert response.status_code == 403  # not the "call closed" page
    assert not Submission.objects.exists() and stored_files(private_media) == []

"""Every upload is a kept, immutable version; its PDF is served only to those who may read
the paper, as an attachment, never from a media URL."""

import hashlib

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.urls import reverse

from submissions import services
from submissions.models import PaperVersion

from .conftest import stored_files
from .pdfs import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_versions(paper, author, co_author):
    services.update_submission(
        submission=paper, by=co_author, pdf=services.Upload("v2.pdf", make_paper(3))
    )
    services.update_submission(
        submission=paper, by=author, pdf=services.Upload("v3.pdf", make_paper(2))
    )
    return list(paper.versions.order_by("id"))


def download(client, version):
    submission = version.submission
    url = reverse(
        "submissions:download", args=[submission.workshop.slug, submission.pk, version.pk]
    )
    response = client.get(url)
    # Reading a streamed response to its end closes it (the test client's wrapper does).
    body = b"".join(response.streaming_content) if response.streaming else None
    return response, body


def test_three_uploads_keep_three_files(three_versions, private_media, paper):
    assert [v.pages for v in three_versions] == [5, 4, 3]
    assert [v.original_name for v in three_versions] == ["paper.pdf", "v2.pdf", "v3.pdf"]
    files = stored_files(private_media)
    assert len(files) == 3 and len({f.name for f in files}) == 3
    for version in three_versions:
        # Non-guessable names, never the author's file name.
        assert "paper.pdf" not in version.file.name and len(version.file.name) > 40
        with version.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == version.stored_sha256
    assert services.current_version(paper) == three_versions[-1]


@pytest.mark.parametrize("persona", ["author", "co_author", "organizer"])
def test_the_paper_s_people_download_every_version(client, request, three_versions, persona):
    client.force_login(request.getfixturevalue(persona))
    for version in three_versions:
        response, body = download(client, version)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="paper-{version.submission.number}-v{version.pk}.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert hashlib.sha256(body).hexdigest() == version.stored_sha256


@pytest.mark.parametrize(
    "persona", ["outsider", "unverified_co_author", "other_organizer", "reviewer"]
)
def test_downloads_are_refused_to_strangers_and_unverified_co_authors(
    client, request, three_versions, persona
):
    client.force_login(request.getfixturevalue(persona))
    for version in three_versions:
        assert download(client, version)[0].status_code == 404


def test_anonymous_downloads_go_to_the_login(client, three_versions):
    response, _ = download(client, three_versions[0])
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_forged_and_foreign_version_ids_are_404(client, paper, author, workshop):
    other = services.create_submission(
        workshop=workshop,
        by=author,
        title="Another paper",
        abstract="x",
        authors=[services.AuthorData(author.name, author.email)],
        pdf=services.Upload("other.pdf", make_paper()),
    )
    client.force_login(author)
    theirs = other.versions.get()
    slug = workshop.slug
    for url in (
        f"/{slug}/submissions/{paper.pk}/versions/{theirs.pk}/paper.pdf",  # not this paper's
        f"/{slug}/submissions/{paper.pk}/versions/999999/paper.pdf",
        f"/other-slug/submissions/{other.pk}/versions/{theirs.pk}/paper.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_an_unverified_co_author_gets_access_once_verified(
    client, three_versions, unverified_co_author
):
    client.force_login(unverified_co_author)
    assert download(client, three_versions[0])[0].status_code == 404
    address = EmailAddress.objects.create(
        user=unverified_co_author, email=unverified_co_author.email, verified=False
    )
    address.verified = True
    address.save()
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert download(client, three_versions[0])[0].status_code == 200


def test_papers_are_not_on_a_public_url(client, paper):
    version = paper.versions.get()
    assert client.get(settings.MEDIA_URL + version.file.name).status_code == 404


def test_double_blind_copies_lose_their_identifying_metadata(client, paper, author):
    services.update_submission(
        submission=paper,
        by=author,
        pdf=services.Upload("meta.pdf", make_paper(metadata={"Creator": "LaTeX with hyperref"})),
    )
    version = paper.versions.latest()
    assert version.sha256 != version.stored_sha256  # the upload's hash is kept for receipts
    client.force_login(author)
    response, body = download(client, version)
    assert response.status_code == 200 and b"hyperref" not in body


def test_no_author_action_deletes_a_version(client, paper, author):
    client.force_login(author)
    services.withdraw(submission=paper, by=author)
    assert PaperVersion.objects.filter(submission=paper).count() == 1

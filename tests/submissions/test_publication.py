"""Accepted papers in public (submissions.publication): which papers are public, their
addresses, their citations and their PDF — and that nothing of the others gets out."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from reviews.services.decisions import send_decision_mails
from submissions import bibtex, publication, services
from submissions.models import Submission

from ..factories import AuthorFactory, SubmissionFactory, WorkshopFactory
from .pdfs import make_paper

pytestmark = pytest.mark.django_db

NOTIFICATION = datetime(2018, 11, 16, 17, 0, tzinfo=UTC)
AFTER = NOTIFICATION + timedelta(days=1)


@pytest.fixture
def notified(workshop):
    """The workshop's decisions went out on its notification date."""
    workshop.notification_at = workshop.decisions_released_at = NOTIFICATION
    workshop.save()
    return workshop


def paper(workshop, title, status="accepted_poster", name="Ada Author", affiliation="Uni A"):
    submission = SubmissionFactory(workshop=workshop, title=title, status=status)
    AuthorFactory(
        submission=submission, position=0, name=name, affiliation=affiliation, email="a@x.org"
    )
    return submission


def sent(*papers, at=NOTIFICATION):
    publication.record_decisions_sent(submission_ids=[p.pk for p in papers], at=at)
    for p in papers:
        p.refresh_from_db()


# --- Addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Placeto: device placement that generalises to unseen graphs",
            "placeto-device-placement-that-generalises-to-unseen-graphs",
        ),
        ("Réseaux appris à Montréal", "reseaux-appris-a-montreal"),
        (
            "One two three four five six seven eight nine ten",
            "one-two-three-four-five-six-seven-eight",
        ),
        ("∑ ∏ ∫", "paper"),
    ],
)
def test_a_public_address_is_a_slug_of_the_title(title, slug):
    assert publication.title_slug(title) == slug


def test_sending_gives_accepted_papers_an_address_once(workshop):
    first = paper(workshop, "Same title")
    second = paper(workshop, "Same title", status="accepted_oral")
    rejected = paper(workshop, "Rejected work", status="rejected")
    assert publication.record_decisions_sent(
        submission_ids=[first.pk, second.pk, rejected.pk], at=NOTIFICATION
    ) == 3
    for p in (first, second, rejected):
        p.refresh_from_db()
    assert (first.public_slug, second.public_slug) == ("same-title", "same-title-2")
    assert rejected.public_slug == "" and rejected.decision_sent_at == NOTIFICATION

    # Told once: a second send changes neither the time nor the address.
    first.title = "A new title"
    first.save()
    assert publication.record_decisions_sent(submission_ids=[first.pk], at=AFTER) == 0
    first.refresh_from_db()
    assert (first.public_slug, first.decision_sent_at) == ("same-title", NOTIFICATION)


def test_only_accepted_papers_whose_authors_were_told_after_the_notification(notified):
    public = paper(notified, "Told and accepted")
    untold = paper(notified, "Accepted, authors not told")
    rejected = paper(notified, "Rejected", status="rejected")
    withdrawn = paper(notified, "Withdrawn", status="withdrawn")
    sent(public, rejected)
    # Defensive: a paper that has an address but is withdrawn now stays out too.
    later = paper(notified, "Withdrawn after acceptance")
    sent(later)
    Submission.objects.filter(pk=later.pk).update(status="withdrawn")
    other = paper(WorkshopFactory(slug="other"), "Elsewhere")
    sent(other)

    with time_machine.travel(NOTIFICATION - timedelta(minutes=1), tick=False):
        assert list(publication.public_papers(notified)) == []
    with time_machine.travel(AFTER, tick=False):
        assert list(publication.public_papers(notified)) == [public]
        assert publication.public_paper(notified, later.public_slug) is None
        assert publication.public_slugs(
            notified, {p.pk for p in (public, untold, rejected, withdrawn, later, other)}
        ) == {public.pk: public.public_slug}


def test_sending_the_decision_mails_makes_the_accepted_papers_public(workshop, organizer):
    accepted = paper(workshop, "Learned index structures")
    rejected = paper(workshop, "Not this time", status="submitted")
    services.set_decision(submission=rejected, decision="rejected", by=organizer)
    send_decision_mails(workshop=workshop, by=organizer)
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert accepted.public_slug == "learned-index-structures"
    assert accepted.decision_sent_at is not None and rejected.decision_sent_at is not None
    assert rejected.public_slug == ""
    workshop.refresh_from_db()
    assert list(publication.public_papers(workshop)) == [accepted]


# --- The PDF ---------------------------------------------------------------------------------


def pdf_url(workshop, slug):
    return f"/{workshop.slug}/papers/{slug}/paper.pdf"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_public_pdf_is_the_newest_camera_ready_version(
    client, notified, organizer, outsider, media
):
    submitted = services.record_past_submission(
        workshop=notified,
        by=organizer,
        title="Learned cost models",
        abstract="We learn a cost model.",
        authors=[services.AuthorData("Ada Author", "ada@uni.example.edu", "Uni A")],
        pdf=services.Upload("review-copy.pdf", make_paper()),
        submitted_at=NOTIFICATION - timedelta(days=30),
    )
    services.set_decision(submission=submitted, decision="accepted_poster", by=organizer)
    sent(submitted)
    url = pdf_url(notified, submitted.public_slug)
    # Accepted and public, but only a copy uploaded for review: nothing to download.
    assert client.get(url).status_code == 404

    services.record_past_camera_ready(
        submission=submitted, by=organizer, pdf=services.Upload("old.pdf", make_paper(3))
    )
    data = make_paper(content_pages=5, first_page_text="Ada Author\nUni A")
    newest = services.record_past_camera_ready(
        submission=submitted,
        by=organizer,
        pdf=services.Upload("Learned cost models (camera ready).pdf", data),
    )
    for viewer in (None, outsider):
        if viewer:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body == data and hashlib.sha256(body).hexdigest() == newest.stored_sha256
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition == 'attachment; filename="Learned cost models (camera ready).pdf"'
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["ETag"] == f'"{newest.stored_sha256}"'


def test_no_pdf_of_a_paper_that_is_not_public(client, notified, organizer, media):
    def entered(title):
        return services.record_past_submission(
            workshop=notified,
            by=organizer,
            title=title,
            abstract="An abstract.",
            authors=[services.AuthorData("Ada Author", "ada@uni.example.edu", "")],
            pdf=services.Upload("paper.pdf", make_paper()),
            submitted_at=NOTIFICATION - timedelta(days=30),
        )

    rejected = entered("A rejected paper")
    services.set_decision(submission=rejected, decision="rejected", by=organizer)
    sent(rejected)
    untold = entered("Accepted but not told")
    services.set_decision(submission=untold, decision="accepted_oral", by=organizer)
    services.record_past_camera_ready(
        submission=untold, by=organizer, pdf=services.Upload("cr.pdf", make_paper())
    )
    other = WorkshopFactory(slug="other", notification_at=NOTIFICATION)
    for url in (
        pdf_url(notified, publication.title_slug(rejected.title)),
        pdf_url(notified, publication.title_slug(untold.title)),
        pdf_url(notified, "no-such-paper"),
        pdf_url(other, publication.title_slug(untold.title)),
        "/no-such-workshop/papers/a-rejected-paper/paper.pdf",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("original", "served"),
    [
        ("paper.pdf", "paper.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\ada\\Final.PDF", "Final.PDF"),
        ('a<b>"c".pdf', "a_b_c_.pdf"),
        ("Réseaux appris.pdf", "Réseaux appris.pdf"),
        ("…", "paper.pdf"),
        ("...", "paper.pdf"),
    ],
)
def test_the_download_keeps_the_authors_file_name_without_paths(original, served):
    from submissions.models import PaperVersion

    assert publication.download_name(PaperVersion(original_name=original)) == served


# --- BibTeX ----------------------------------------------------------------------------------


def test_a_bibtex_entry_escapes_latex_and_keeps_capitals():
    citation = bibtex.Citation(
        key="okafor2018fast",
        title="Fast & {cheap} 100% DataFrame_ops in Python: a $5 ~study^",
        authors=("Sam Okafor", "Zoë Müller"),
        booktitle="Machine Learning for Systems (NeurIPS 2018 workshop)",
        year=2018,
        url="https://example.org/ml/papers/fast/",
    )
    assert bibtex.entry(citation) == (
        "@inproceedings{okafor2018fast,\n"
        r"  title     = {Fast \& \{cheap\} 100\% {DataFrame\_ops} in {Python:} a \$5 "
        r"\textasciitilde{}study\textasciicircum{}},"
        "\n"
        "  author    = {Sam Okafor and Zoë Müller},\n"
        "  booktitle = {Machine Learning for Systems (NeurIPS 2018 workshop)},\n"
        "  year      = {2018},\n"
        "  url       = {https://example.org/ml/papers/fast/}\n"
        "}\n"
    )


def test_citation_keys_are_unique_and_readable():
    assert bibtex.citation_key("Zoë Müller", 2018, "The case for learned indexes") == (
        "muller2018case"
    )
    assert bibtex.citation_key("", 2018, "") == "anon2018"
    keys = bibtex.unique_keys(
        [(1, "Sam Okafor", "Learning A"), (2, "Sam Okafor", "Learning B"), (3, "Jo Tanaka", "X")],
        2018,
    )
    assert keys == {1: "okafor2018learning", 2: "okafor2018learningb", 3: "tanaka2018x"}
    many = bibtex.unique_keys([(n, "Ann Lee", "Same") for n in range(28)], 2018)
    assert len(set(many.values())) == 28 and many[27] == "lee2018samebb"

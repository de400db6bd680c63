"""The paper's life through the services, with real PDFs (the views and the API have their
own tests)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from submissions import services
from submissions.models import PaperVersion, Submission
from workshop.models import OutgoingEmail

from ..factories import SeriesFactory, UserFactory, WorkshopFactory
from .pdfs import make_paper

pytestmark = pytest.mark.django_db
BEFORE_DEADLINE = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def author():
    return UserFactory(email="ada@uni.example.edu", name="Ada Author")


def paper(author, **kwargs):
    return services.Upload(name="paper.pdf", data=make_paper(**kwargs))


def authors(author, *more):
    return [services.AuthorData(name=author.name, email=author.email), *more]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_create_submit_reupload_and_withdraw(
    workshop, author, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.create_submission(
            workshop=workshop,
            by=author,
            title="Learned caches",
            abstract="We learn caching.",
            authors=authors(author, services.AuthorData("Bo Coauthor", "bo@uni.example.edu")),
            pdf=paper(author),
            submit=True,
        )
    assert submission.status == "submitted" and submission.number == 1
    version = submission.versions.get()
    assert version.pages == 5 and version.pages_before_references == 4
    receipts = OutgoingEmail.objects.filter(template_key="submission_received")
    assert sorted(receipts.values_list("to", flat=True)) == [
        "ada@uni.example.edu",
        "bo@uni.example.edu",
    ]
    assert version.sha256 in receipts.first().text_body

    with django_capture_on_commit_callbacks(execute=True):
        services.update_submission(submission=submission, by=author, pdf=paper(author))
    assert submission.versions.count() == 2
    assert OutgoingEmail.objects.filter(template_key="version_received").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(submission=submission, by=author)
    assert Submission.objects.get(pk=submission.pk).status == "withdrawn"
    assert PaperVersion.objects.filter(submission=submission).count() == 2


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_refused_pdf_stores_nothing(workshop, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as refused:
        services.create_submission(
            workshop=workshop,
            by=author,
            title="Too long",
            abstract="x",
            authors=authors(author),
            pdf=paper(author, content_pages=5),
            submit=True,
        )
    assert refused.value.message_dict == {
        "pdf": ["The paper has 5 pages before the references; the limit is 4."]
    }
    assert not Submission.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_after_the_aoe_deadline_nothing_changes(workshop, author):
    with (
        time_machine.travel(datetime(2018, 10, 27, 11, 59, tzinfo=UTC), tick=False),
        pytest.raises(
            ValidationError,
            match=r"The submission deadline \(Friday 26 October "
            r"2018, 23:59 AoE \(UTC−12\)\) has passed",
        ),
    ):
        services.create_submission(
            workshop=workshop, by=author, title="Late", abstract="x", authors=authors(author)
        )
    assert not Submission.objects.exists()


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_strangers_cannot_edit(workshop, author, outsider):
    submission = services.create_submission(
        workshop=workshop, by=author, title="Mine", abstract="x", authors=authors(author)
    )
    with pytest.raises(PermissionDenied):
        services.update_submission(submission=submission, by=outsider, title="Hijacked")
    with pytest.raises(ValidationError, match="Add yourself"):
        services.create_submission(
            workshop=workshop, by=outsider, title="Not mine", abstract="x", authors=authors(author)
        )


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_routing_to_a_sibling_rechecks_and_tells_the_authors(
    author, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    series = SeriesFactory()
    source = WorkshopFactory(series=series, page_limit=4)
    target = WorkshopFactory(series=series, page_limit=3, name="Systems for ML")
    organizer = UserFactory(is_staff=True)
    source.roles.create(user=organizer, kind="organizer")
    submission = services.create_submission(
        workshop=source,
        by=author,
        title="Misfiled",
        abstract="x",
        authors=authors(author),
        pdf=paper(author),
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        routing = services.route_to_sibling(
            submission=submission, to=target, by=organizer, reason="It is about systems for ML."
        )
    submission.refresh_from_db()
    assert submission.workshop == target and routing.from_workshop == source
    assert routing.findings == ["The paper has 4 pages before the references; the limit is 3."]
    mail = OutgoingEmail.objects.get(template_key="submission_routed")
    assert "the limit is 3" in mail.text_body and "It is about systems for ML." in mail.text_body

    # The old address (in the first receipt) leads the authors to the paper's new home,
    # and tells a stranger nothing.
    old_url = f"/{source.slug}/submissions/{submission.pk}/"
    client = Client()
    client.force_login(author)
    response = client.get(old_url)
    assert response.status_code == 302
    assert response["Location"] == f"/{target.slug}/submissions/{submission.pk}/"
    client.force_login(UserFactory())
    assert client.get(old_url).status_code == 404

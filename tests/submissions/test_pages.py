"""The author's pages through the Django test client: submit, drafts, the author list without
JavaScript, the paper page for every persona, withdraw, camera-ready, My submissions."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from submissions import services
from submissions.models import Author, DeadlineExtension, Submission
from workshop.models import OutgoingEmail

from ..factories import TopicFactory, UserFactory, WorkshopFactory
from .conftest import as_row, paper_form, pdf_upload, stored_files

pytestmark = pytest.mark.django_db
LATER = datetime(2018, 10, 30, 12, 0, tzinfo=UTC)


def create_url(workshop):
    return reverse("submissions:create", args=[workshop.slug])


def page_url(name, submission):
    return reverse(f"submissions:{name}", args=[submission.workshop.slug, submission.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The way in ---------------------------------------------------------------------------


def test_the_workshop_page_offers_submission_while_the_call_is_open(
    client, workshop, author, before_deadline
):
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{create_url(workshop)}"' in html and "log in first" in html
    client.force_login(author)
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert "Submit a paper" in html and reverse("submissions:mine") in html


def test_no_submit_link_after_the_deadline(client, workshop, author):
    client.force_login(author)
    with time_machine.travel(datetime(2018, 10, 28, tzinfo=UTC), tick=False):
        html = client.get(workshop.get_absolute_url()).content.decode()
        closed = client.get(create_url(workshop))
    assert create_url(workshop) not in html
    assert closed.status_code == 200 and closed.context["reason"] == (
        "The submission deadline (Friday 26 October 2018, 23:59 AoE (UTC−12)) has passed; "
        "the paper can no longer be changed."
    )


def test_anonymous_visitors_are_sent_to_log_in(client, paper):
    for url in (
        create_url(paper.workshop),
        reverse("submissions:mine"),
        page_url("edit", paper),
        page_url("withdraw", paper),
        page_url("camera_ready", paper),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    assert client.get(paper.get_absolute_url()).status_code == 404


def test_the_form_starts_with_the_submitter_as_author(client, workshop, author, before_deadline):
    TopicFactory(workshop=workshop, name="Networking")
    client.force_login(author)
    response = client.get(create_url(workshop))
    formset = response.context["formset"]
    assert [f.initial for f in formset.initial_forms] == [
        {"name": "Ada Author", "email": "ada@uni.example.edu", "affiliation": "Uni Example"}
    ]
    assert len(formset.forms) == 2  # and one empty row
    html = response.content.decode()
    assert "Networking" in html and "AoE (UTC−12)" in html and "js/authors.js" in html


# --- Submitting ----------------------------------------------------------------------------


def test_submit_a_paper_with_a_co_author(
    client,
    workshop,
    author,
    co_author,
    private_media,
    before_deadline,
    django_capture_on_commit_callbacks,
):
    topic = TopicFactory(workshop=workshop, name="Networking")
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(workshop),
            paper_form(as_row(author), as_row(co_author), pdf=pdf_upload(), topics=[topic.pk]),
        )
    submission = Submission.objects.get()
    assert response.status_code == 302 and response.url == submission.get_absolute_url()
    assert submission.status == "submitted"
    assert submission.keywords == ["caching", "reinforcement learning"]
    assert list(submission.topics.all()) == [topic]
    assert [(a.email, a.user) for a in submission.authors.all()] == [
        ("ada@uni.example.edu", author),
        ("bo@uni.example.edu", co_author),
    ]
    assert len(stored_files(private_media)) == 1
    assert sorted(
        OutgoingEmail.objects.filter(template_key="submission_received").values_list(
            "to", flat=True
        )
    ) == ["ada@uni.example.edu", "bo@uni.example.edu"]
    page = client.get(response.url)
    assert "is submitted; a receipt is on its way" in " ".join(messages_of(page))


def test_save_a_draft_without_a_pdf_and_submit_it_later(
    client, workshop, author, private_media, before_deadline
):
    client.force_login(author)
    response = client.post(create_url(workshop), paper_form(as_row(author), submit=False))
    draft = Submission.objects.get()
    assert response.status_code == 302 and draft.status == "draft"
    assert not draft.versions.exists()

    # "Submit" without a PDF is refused next to the PDF field, and the draft stays a draft.
    refused = client.post(page_url("edit", draft), paper_form(as_row(author)))
    assert refused.context["form"].errors["pdf"] == ["Upload the paper as a PDF to submit it."]
    draft.refresh_from_db()
    assert draft.status == "draft"

    done = client.post(page_url("edit", draft), paper_form(as_row(author), pdf=pdf_upload()))
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.versions.count() == 1


def test_submit_without_a_pdf_is_refused_and_stores_nothing(
    client, workshop, author, before_deadline
):
    client.force_login(author)
    response = client.post(create_url(workshop), paper_form(as_row(author)))
    assert response.status_code == 200
    assert response.context["form"].errors["pdf"] == ["Upload the paper as a PDF to submit it."]
    assert not Submission.objects.exists()


def test_leaving_oneself_off_the_authors_is_explained(
    client, workshop, author, co_author, before_deadline
):
    client.force_login(author)
    response = client.post(create_url(workshop), paper_form(as_row(co_author), submit=False))
    assert response.context["formset"].service_errors == [
        "Add yourself (ada@uni.example.edu) to the authors: only authors can see and edit "
        "the paper."
    ]
    assert 'id="authors-errors"' in response.content.decode()
    assert not Submission.objects.exists()


def test_add_an_author_row_without_javascript_keeps_what_was_typed(
    client, workshop, author, co_author, before_deadline
):
    client.force_login(author)
    data = paper_form(as_row(author), as_row(co_author), submit=False)
    del data["save"]
    data["add_author"] = "1"
    response = client.post(create_url(workshop), data)
    assert response.status_code == 200 and not Submission.objects.exists()
    formset = response.context["formset"]
    assert [f.initial["email"] for f in formset.initial_forms] == [author.email, co_author.email]
    assert len(formset.forms) == 3  # one more empty row
    assert response.context["form"].initial["title"] == data["title"]
    assert not response.context["form"].errors


def test_reorder_and_remove_authors_without_javascript(
    client, workshop, author, co_author, before_deadline
):
    client.force_login(author)
    data = paper_form(
        as_row(author), ("Cy Third", "cy@example.org", ""), as_row(co_author), submit=False
    )
    # Positions typed by hand: Bo first, Ada second; Cy's remove box is ticked.
    data.update({"authors-0-ORDER": "2", "authors-2-ORDER": "1", "authors-1-DELETE": "on"})
    assert client.post(create_url(workshop), data).status_code == 302
    emails = list(Submission.objects.get().authors.values_list("email", flat=True))
    assert emails == ["bo@uni.example.edu", "ada@uni.example.edu"]


def test_a_co_author_who_verifies_later_sees_the_paper(
    client, paper, django_capture_on_commit_callbacks
):
    """Sign-up with the listed address, then the verification link from the outbox."""
    bystander = Author.objects.create(
        submission=paper, position=9, name="Dee Later", email="dee@uni.example.edu"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "dee@uni.example.edu",
                "password1": "a-long-enough-password-1",
                "password2": "a-long-enough-password-1",
                "name": "Dee Later",
            },
        )
    bystander.refresh_from_db()
    assert bystander.user is None  # an unverified address is not yet the author's
    row = OutgoingEmail.objects.get(to="dee@uni.example.edu")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", row.text_body).group(1)
    client.post(link)
    bystander.refresh_from_db()
    assert bystander.user is not None and bystander.user.email == "dee@uni.example.edu"
    rows = client.get(reverse("submissions:mine")).context["rows"]
    assert [r["paper"] for r in rows] == [paper]
    assert client.get(paper.get_absolute_url()).status_code == 200


# --- The paper page, for everyone ----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("author", 200),
        ("co_author", 200),
        ("organizer", 200),
        ("unverified_co_author", 404),
        ("other_organizer", 404),
        ("reviewer", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_paper_page(client, request, paper, persona, status):
    client.force_login(request.getfixturevalue(persona))
    for name in ("detail", "edit", "withdraw", "camera_ready"):
        response = client.get(page_url(name, paper))
        if status == 404 or name == "detail":
            assert response.status_code == status, (persona, name)


def test_a_forged_or_foreign_paper_id_is_a_404(client, paper, author, other_workshop):
    client.force_login(author)
    other = Submission.objects.create(
        workshop=other_workshop, number=1, title="Theirs", abstract="x", created_by=author
    )
    assert client.get(f"/{paper.workshop.slug}/submissions/{other.pk}/").status_code == 404
    assert client.get(f"/{paper.workshop.slug}/submissions/999999/").status_code == 404
    assert client.get(f"/no-such-workshop/submissions/{paper.pk}/").status_code == 404


def test_the_paper_page_shows_versions_deadline_and_actions(client, paper, author):
    client.force_login(author)
    html = client.get(paper.get_absolute_url()).content.decode()
    version = paper.versions.get()
    assert version.sha256 in html
    assert "5 (4 before the references)" in html
    assert 'data-utc="2018-10-27T11:59:00+00:00"' in html  # the deadline, for the reader's zone
    assert "Friday 26 October 2018, 23:59 AoE (UTC−12)" in html
    assert page_url("edit", paper) in html and page_url("withdraw", paper) in html
    assert "Cy Pending" in html and "(no verified account yet)" in html


def test_edit_uploads_a_new_version_and_keeps_the_old(
    client, paper, author, co_author, unverified_co_author, private_media
):
    client.force_login(author)
    form = client.get(page_url("edit", paper)).context["form"]
    assert form.initial["title"] == paper.title
    data = paper_form(
        as_row(author),
        as_row(co_author),
        (unverified_co_author.name, unverified_co_author.email, ""),
        pdf=pdf_upload(content_pages=3),
        title="Learned caches, revised",
    )
    data["authors-INITIAL_FORMS"] = "3"
    response = client.post(page_url("edit", paper), data)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Learned caches, revised" and paper.status == "submitted"
    assert [v.pages for v in paper.versions.order_by("id")] == [5, 4]
    assert len(stored_files(private_media)) == 2


# --- Withdraw ------------------------------------------------------------------------------


def test_withdraw_asks_first_then_keeps_the_paper(
    client, paper, co_author, django_capture_on_commit_callbacks
):
    client.force_login(co_author)
    confirm = client.get(page_url("withdraw", paper))
    assert confirm.status_code == 200 and "Withdraw the paper" in confirm.content.decode()
    paper.refresh_from_db()
    assert paper.status == "submitted"  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url("withdraw", paper))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.status == "withdrawn" and paper.versions.count() == 1
    assert OutgoingEmail.objects.filter(template_key="submission_withdrawn").count() == 3
    # Withdrawn is final for the authors: no more edits or withdrawals.
    again = client.post(page_url("withdraw", paper), follow=True)
    assert (
        "Only the paper's authors can withdraw it, and only before they are told the decision."
        in messages_of(again)
    )
    edit = client.get(page_url("edit", paper), follow=True)
    assert "A withdrawn or decided paper can no longer be changed." in messages_of(edit)


def test_no_withdrawal_once_the_decision_is_released(client, paper, author, organizer):
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, 0, tzinfo=UTC)
    paper.workshop.save()
    client.force_login(author)
    response = client.post(page_url("withdraw", paper), follow=True)
    paper.refresh_from_db()
    assert paper.status == "rejected"
    assert messages_of(response) == [
        "Only the paper's authors can withdraw it, and only before they are told the decision."
    ]


def test_an_unsent_decision_does_not_show_and_the_paper_can_still_be_withdrawn(
    client, paper, author, organizer, django_capture_on_commit_callbacks
):
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    client.force_login(author)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert page_url("withdraw", paper) in page  # the same page as before the decision
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url("withdraw", paper))
    paper.refresh_from_db()
    assert paper.status == "withdrawn" and paper.decided_at is None


# --- Decisions and camera-ready ------------------------------------------------------------


def test_authors_see_a_decision_only_once_released(client, paper, author, organizer):
    services.set_decision(submission=paper, decision="accepted_poster", by=organizer)
    client.force_login(author)
    assert client.get(paper.get_absolute_url()).context["status_label"] == "Submitted"
    client.force_login(organizer)
    assert client.get(paper.get_absolute_url()).context["status_label"] == ("Accepted as a poster")
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, 0, tzinfo=UTC)
    paper.workshop.save()
    client.force_login(author)
    assert client.get(paper.get_absolute_url()).context["status_label"] == ("Accepted as a poster")


def test_camera_ready_upload_with_its_own_page_limit_and_names_allowed(
    client, paper, author, organizer, private_media, before_deadline
):
    client.force_login(author)
    services.set_decision(submission=paper, decision="accepted_oral", by=organizer)
    early = client.get(page_url("camera_ready", paper), follow=True)
    assert messages_of(early) == [
        "Decisions for Machine Learning for Systems have not been released yet."
    ]
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, 0, tzinfo=UTC)
    paper.workshop.save()

    too_long = client.post(page_url("camera_ready", paper), {"pdf": pdf_upload(content_pages=6)})
    assert too_long.context["form"].errors["pdf"] == [
        "The paper has 6 pages before the references; the limit is 5."
    ]
    response = client.post(
        page_url("camera_ready", paper),
        {"pdf": pdf_upload(content_pages=5, first_page_text="Ada Author\nUni Example")},
    )
    assert response.status_code == 302
    camera = paper.versions.get(kind="camera_ready")
    assert camera.pages_before_references == 5
    assert len(stored_files(private_media)) == 2
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Camera-ready" in html


def test_a_rejected_paper_has_no_camera_ready(client, paper, author, organizer):
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, 0, tzinfo=UTC)
    paper.workshop.save()
    client.force_login(author)
    response = client.post(page_url("camera_ready", paper), {"pdf": pdf_upload()}, follow=True)
    assert messages_of(response) == ["Only an accepted paper has a camera-ready version."]
    assert not paper.versions.filter(kind="camera_ready").exists()


# --- My submissions ------------------------------------------------------------------------


def test_my_submissions_across_workshops(client, paper, author, co_author, unverified_co_author):
    later = WorkshopFactory(
        name="Systems for ML",
        starts_at=datetime(2019, 12, 8, 13, tzinfo=UTC),
        ends_at=datetime(2019, 12, 8, 20, tzinfo=UTC),
        submission_deadline=datetime(2019, 10, 27, 11, 59, tzinfo=UTC),
    )
    draft = services.create_submission(
        workshop=later,
        by=author,
        title="A second idea",
        abstract="x",
        authors=[services.AuthorData(author.name, author.email)],
    )
    client.force_login(author)
    response = client.get(reverse("submissions:mine"))
    rows = response.context["rows"]
    assert [r["paper"] for r in rows] == [draft, paper]
    assert [r["paper"].status_for_authors for r in rows] == ["draft", "submitted"]
    assert rows[1]["current"].pages == 5 and rows[0]["current"] is None
    html = response.content.decode()
    assert "5 pages (4 before the references)" in html and "No PDF yet" in html
    assert 'data-countdown="2018-10-27T11:59:00+00:00"' in html
    assert "Friday 26 October 2018, 23:59 AoE (UTC−12)" in html

    client.force_login(co_author)
    assert [r["paper"] for r in client.get(reverse("submissions:mine")).context["rows"]] == [paper]
    for stranger in (unverified_co_author, UserFactory()):
        client.force_login(stranger)
        response = client.get(reverse("submissions:mine"))
        assert response.context["rows"] == [] and paper.title not in response.content.decode()


@pytest.mark.parametrize(("papers", "queries"), [(1, 5), (3, 5)])
def test_my_submissions_takes_a_fixed_number_of_queries(
    client, workshop, author, before_deadline, django_assert_num_queries, papers, queries
):
    for n in range(papers):
        submission = services.create_submission(
            workshop=workshop,
            by=author,
            title=f"Paper {n}",
            abstract="x",
            authors=[services.AuthorData(author.name, author.email)],
            pdf=services.Upload("p.pdf", pdf_upload().read()),
        )
        DeadlineExtension.objects.create(
            submission=submission, until=LATER, reason="Visa trouble", granted_by=author
        )
    client.force_login(author)
    # session, user, papers, their PDFs, their deadline extensions
    with django_assert_num_queries(queries):
        response = client.get(reverse("submissions:mine"))
    assert len(response.context["rows"]) == papers
    html = response.content.decode()
    assert submission.title in html and 'data-countdown="2018-10-30T12:00:00+00:00"' in html

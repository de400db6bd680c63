"""The submissions API with a real token: create, list, read, change, withdraw, camera-ready,
for every persona; another user's paper is a 404."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from submissions import services
from submissions.models import Submission

from ..factories import TopicFactory
from .conftest import pdf_upload, stored_files
from .pdfs import make_paper

pytestmark = pytest.mark.django_db
AUTHORS_AS_JSON = "Give the authors as a JSON list of {name, email, affiliation} objects."


def token_client(user) -> APIClient:
    """Authenticated as a script would be: a token from POST /api/v1/auth/token/."""
    api = APIClient()
    response = api.post(
        reverse("api-token"), {"email": user.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200, response.json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return api


def papers_url(workshop):
    return f"/api/v1/workshops/{workshop.slug}/submissions/"


def paper_url(submission, suffix=""):
    return f"{papers_url(submission.workshop)}{submission.pk}/{suffix}"


def test_create_a_paper_by_api(
    workshop, author, co_author, private_media, before_deadline, django_capture_on_commit_callbacks
):
    TopicFactory(workshop=workshop, name="Networking")
    api = token_client(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            papers_url(workshop),
            {
                "title": "Learned congestion control",
                "abstract": "A policy picks the congestion window.",
                "authors": json.dumps(
                    [
                        {"name": "Ada Author", "email": "ada@uni.example.edu"},
                        {"name": "Bo Coauthor", "email": "BO@uni.example.edu", "affiliation": "B"},
                    ]
                ),
                "topics": ["networking"],
                "keywords": ["congestion control, RL"],
                "pdf": pdf_upload(),
                "submit": "true",
            },
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    submission = Submission.objects.get()
    assert body["id"] == submission.pk and body["number"] == 1
    assert body["status"] == "submitted" and body["workshop"] == workshop.slug
    assert body["topics"] == ["Networking"]
    assert body["keywords"] == ["congestion control", "RL"]
    assert body["authors"] == [
        {"name": "Ada Author", "email": "ada@uni.example.edu", "affiliation": ""},
        {"name": "Bo Coauthor", "email": "bo@uni.example.edu", "affiliation": "B"},
    ]
    assert body["current_pdf"]["pages"] == 5 and body["current_pdf"]["pages_before_references"] == 4
    assert body["deadline"] == "2018-10-27T11:59:00Z"
    assert submission.authors.get(email="bo@uni.example.edu").user == co_author
    assert len(stored_files(private_media)) == 1

    # The PDF itself, by token.
    pdf = api.get(body["current_pdf"]["download_url"])
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment;")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_draft_by_json_then_submitted_with_a_pdf(workshop, author, before_deadline):
    api = token_client(author)
    draft = api.post(
        papers_url(workshop),
        {
            "title": "Draft",
            "abstract": "x",
            "authors": [{"name": author.name, "email": author.email}],
        },
        format="json",
    )
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    assert draft.json()["current_pdf"] is None
    submission = Submission.objects.get(pk=draft.json()["id"])
    refused = api.patch(paper_url(submission), {"submit": True}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"pdf": ["Upload the paper as a PDF to submit it."]}
    done = api.patch(
        paper_url(submission), {"pdf": pdf_upload(), "submit": "true"}, format="multipart"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("field", "value", "errors"),
    [
        ("authors", "not json", [AUTHORS_AS_JSON]),
        ("authors", json.dumps({"name": "x"}), [AUTHORS_AS_JSON]),
        (
            "authors",
            json.dumps([{"name": "Ada", "email": "ada@uni.example.edu"}, {"name": "B"}]),
            ["Author 2’s email: This field is required."],
        ),
        (
            "topics",
            "Astrology",
            [
                "“Astrology” is not a topic of Machine Learning for Systems; the topics are: "
                "Networking."
            ],
        ),
    ],
)
def test_bad_input_is_a_400_keyed_by_field(workshop, author, before_deadline, field, value, errors):
    TopicFactory(workshop=workshop, name="Networking")
    data = {
        "title": "T",
        "abstract": "A",
        "authors": json.dumps([{"name": "A", "email": author.email}]),
        field: value,
    }
    response = token_client(author).post(papers_url(workshop), data, format="multipart")
    assert response.status_code == 400
    assert response.json() == {field: errors}
    assert not Submission.objects.exists()


def test_the_service_s_author_rules_speak_through_the_api(
    workshop, author, co_author, before_deadline
):
    response = token_client(author).post(
        papers_url(workshop),
        {
            "title": "T",
            "abstract": "A",
            "authors": [{"name": "Bo", "email": co_author.email}] * 2,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "authors": [
            "bo@uni.example.edu is listed more than once.",
            "Add yourself (ada@uni.example.edu) to the authors: only authors can see and edit "
            "the paper.",
        ]
    }


@pytest.mark.parametrize(
    ("persona", "get", "patch"),
    [
        ("author", 200, 200),
        ("co_author", 200, 200),
        ("organizer", 200, 200),
        ("unverified_co_author", 404, 404),
        ("other_organizer", 404, 404),
        ("reviewer", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_may_read_and_change_a_paper(request, paper, persona, get, patch):
    user = request.getfixturevalue(persona)
    if persona == "unverified_co_author":
        api = APIClient()
        api.force_authenticate(user)  # cannot get a token before verifying
    else:
        api = token_client(user)
    assert api.get(paper_url(paper)).status_code == get
    assert api.patch(paper_url(paper), {"title": "Changed"}, format="json").status_code == patch
    assert api.post(paper_url(paper, "withdraw/")).status_code in {get, 404}
    paper.refresh_from_db()
    assert (paper.title == "Changed") is (patch == 200)


def test_the_list_shows_only_the_caller_s_papers(workshop, paper, author, outsider):
    services.create_submission(
        workshop=workshop,
        by=outsider,
        title="Olivia's own",
        abstract="x",
        authors=[services.AuthorData(outsider.name, outsider.email)],
    )
    mine = token_client(author).get(papers_url(workshop)).json()
    theirs = token_client(outsider).get(papers_url(workshop)).json()
    assert [p["title"] for p in mine] == [paper.title]
    assert [p["title"] for p in theirs] == ["Olivia's own"]


def test_anonymous_callers_are_401_and_unknown_workshops_404(workshop, author):
    assert APIClient().get(papers_url(workshop)).status_code == 401
    assert token_client(author).get("/api/v1/workshops/nope/submissions/").status_code == 404


def test_withdraw_by_api(paper, co_author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(co_author).post(paper_url(paper, "withdraw/"))
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = token_client(co_author).post(paper_url(paper, "withdraw/"))
    assert again.status_code == 403
    assert again.json() == {"detail": services.WITHDRAW_REFUSED}


def test_camera_ready_by_api(paper, author, organizer):
    services.set_decision(submission=paper, decision="accepted_poster", by=organizer)
    paper.workshop.decisions_released_at = datetime(2018, 10, 20, 11, tzinfo=UTC)
    paper.workshop.save()
    api = token_client(author)
    response = api.post(
        paper_url(paper, "camera-ready/"), {"pdf": pdf_upload(content_pages=5)}, format="multipart"
    )
    assert response.status_code == 201 and response.json()["kind"] == "camera_ready"
    assert api.get(paper_url(paper)).json()["status"] == "accepted_poster"


def test_a_decision_is_hidden_until_released(paper, author, organizer):
    services.set_decision(submission=paper, decision="rejected", by=organizer)
    assert token_client(author).get(paper_url(paper)).json()["status"] == "submitted"


@pytest.mark.parametrize(("papers", "queries"), [(1, 7), (3, 7)])
def test_the_list_takes_a_fixed_number_of_queries(
    workshop, author, before_deadline, django_assert_num_queries, papers, queries
):
    for n in range(papers):
        services.create_submission(
            workshop=workshop,
            by=author,
            title=f"Paper {n}",
            abstract="x",
            authors=[services.AuthorData(author.name, author.email)],
            topics=[TopicFactory(workshop=workshop)],
            pdf=services.Upload("p.pdf", make_paper()),
        )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=author).key}")
    # token+user, workshop, papers, then their authors, topics, PDFs and deadline extensions
    with django_assert_num_queries(queries):
        response = api.get(papers_url(workshop))
    assert len(response.json()) == papers


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    create = paths["/api/v1/workshops/{slug}/submissions/"]["post"]
    assert set(create["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert "400" in create["responses"] and "201" in create["responses"]
    assert "patch" in paths["/api/v1/workshops/{slug}/submissions/{id}/"]
    assert "post" in paths["/api/v1/workshops/{slug}/submissions/{id}/withdraw/"]
    upload = schema["components"]["schemas"]["PaperUploadRequest"]
    assert upload["properties"]["pdf"]["format"] == "binary"
    assert upload["properties"]["authors"]["type"] == "array"
    form = create["requestBody"]["content"]["multipart/form-data"]
    assert form["encoding"]["pdf"] == {"contentType": "application/pdf"}
    # A PDF cannot travel in JSON: the JSON body has every field but the file.
    as_json = schema["components"]["schemas"]["PaperInputRequest"]
    assert "pdf" not in as_json["properties"]

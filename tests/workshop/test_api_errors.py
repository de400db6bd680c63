"""The API's errors: one shape, said in sentences, JSON whatever is asked, and documented for
every operation (workshop/api_errors.py, api_negotiation.py, api_schema.py)."""

import pytest
import time_machine
from rest_framework.test import APIClient

from submissions import services

from ..factories import PASSWORD, UserFactory
from ..submissions.pdfs import make_paper
from .api_world import BEFORE_DEADLINE

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_error_of_every_operation_is_documented_with_its_body(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["ValidationError"]["additionalProperties"]["items"]["minLength"] == 1
    seen = set()
    for name, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code < "400":
                continue
            seen.add(code)
            body = response["content"]["application/json"]["schema"]
            expected = {"$ref": "#/components/schemas/Error"}
            if code == "400":
                expected = {"oneOf": [{"$ref": "#/components/schemas/ValidationError"}, expected]}
            assert body == expected, (name, code)
            assert response["description"] not in ("", "No response body"), (name, code)
    assert seen == {"400", "401", "403", "404", "413", "415", "429"}


def test_statuses_follow_from_what_a_view_is_made_of(schema):
    paths = schema["paths"]
    paper = paths["/api/v1/workshops/{slug}/submissions/{id}/"]
    # Token or session: 401 with its challenge; no such paper: 404; GET reads no body.
    assert set(paper["get"]["responses"]) == {"200", "401", "404"}
    assert "WWW-Authenticate" in paper["get"]["responses"]["401"]["headers"]
    # A change: refused (400), not allowed or without CSRF (403), a body of another type (415),
    # a form too large (413).
    assert set(paper["patch"]["responses"]) == {"200", "400", "401", "403", "404", "413", "415"}
    # The public program neither authenticates nor reads bodies.
    assert set(paths["/api/v1/workshops/"]["get"]["responses"]) == {"200", "304"}
    token = paths["/api/v1/auth/token/"]["post"]["responses"]
    assert set(token) == {"200", "400", "401", "403", "413", "415", "429"}
    assert token["401"]["description"] == "The email or the password is wrong."
    assert "Retry-After" in token["429"]["headers"]


def test_a_wrong_login_is_a_401_with_a_sentence_and_a_malformed_one_a_400(db):
    user = UserFactory(email="ada@uni.example.edu")
    api = APIClient()
    wrong = api.post(TOKEN_URL, {"email": user.email, "password": "not-the-password"})
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "The email or the password is wrong."}
    assert wrong["WWW-Authenticate"] == "Token"
    malformed = api.post(TOKEN_URL, {"email": "not an address"}, format="json")
    assert malformed.status_code == 400
    assert malformed.json() == {
        "email": ["Enter a valid email address."],
        "password": ["This field is required."],
    }
    assert api.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}).status_code == 200


def test_an_unverified_account_gets_no_token(db):
    user = UserFactory(email="cy@uni.example.edu", verified=False)
    response = APIClient().post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Please verify your email address first; we sent you a link."
    }


def test_nested_refusals_are_sentences_that_say_where(workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = UserFactory(email="ada@uni.example.edu")
    api = APIClient()
    api.force_authenticate(author)
    body = {
        "title": "A paper",
        "abstract": "An abstract.",
        "authors": [{"name": "Ada", "email": author.email}],
        "keywords": ["caching", ["not", "a", "string"]],
        "topics": [""],
    }
    response = api.post(f"/api/v1/workshops/{workshop.slug}/submissions/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "keywords": ["Item 2: Not a valid string."],
        "topics": ["Item 1: This field may not be blank."],
    }


def test_errors_are_json_whatever_the_client_accepts(client, workshop):
    response = client.get("/api/v1/workshops/nope/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is no workshop at this address."}
    # An address no route matches under /api/ is a JSON 404 too; elsewhere the site's page.
    missing = client.get("/api/v1/no/such/thing/")
    assert missing.status_code == 404 and missing.json() == {
        "detail": "There is nothing at this address."
    }
    assert client.get("/api/v1/workshops/?format=xml").status_code == 200
    assert "text/html" in client.get("/no/such/page/here/")["Content-Type"]


def test_the_pdf_download_answers_an_accept_of_application_pdf(workshop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = UserFactory(email="ada@uni.example.edu")
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        paper = services.create_submission(
            workshop=workshop,
            by=author,
            title="A paper",
            abstract="An abstract.",
            authors=[services.AuthorData(author.name, author.email)],
            pdf=services.Upload("paper.pdf", make_paper()),
        )
    version = paper.versions.get()
    api = APIClient()
    api.force_authenticate(author)
    url = f"/api/v1/workshops/{workshop.slug}/submissions/{paper.pk}/versions/{version.pk}/pdf/"
    response = api.get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    missing = api.get(url.replace(f"/{version.pk}/", "/999999/"), HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"

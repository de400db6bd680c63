"""Who sees what of a paper under review: every persona × every page and API endpoint,
with the expected status codes, and no author name or email in anything a reviewer gets
under double-blind review."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

AUTHOR_TRACES = ("Ada Lovelace", "ada@uni.example.edu", "Lovelace")


def urls(workshop, paper) -> dict[str, tuple[str, str]]:
    slug, pk = workshop.slug, paper.pk
    return {
        "paper page": ("get", reverse("reviews:paper", args=[slug, pk])),
        "pdf": ("get", reverse("reviews:paper_pdf", args=[slug, pk])),
        "review form": ("get", reverse("reviews:review", args=[slug, pk])),
        "author reviews": ("get", reverse("reviews:author_reviews", args=[slug, pk])),
        "bidding list": ("get", reverse("reviews:bids", args=[slug])),
        "api paper": ("get", reverse("api-reviewing-paper", args=[slug, pk])),
        "api reviews": ("get", reverse("api-reviewing-reviews", args=[slug, pk])),
        "api bidding list": ("get", reverse("api-reviewing-bids", args=[slug])),
        "api bid": ("put", reverse("api-reviewing-bid", args=[slug, pk])),
        "api my papers": ("get", reverse("api-reviewing-papers", args=[slug])),
    }


# persona → resource → status
EXPECTED = {
    "author": {
        "paper page": 404, "pdf": 404, "review form": 404, "author reviews": 200,
        "bidding list": 403, "api paper": 404, "api reviews": 200, "api bidding list": 403,
        "api bid": 404, "api my papers": 403,
    },
    "assigned reviewer": {
        "paper page": 200, "pdf": 200, "review form": 200, "author reviews": 404,
        "bidding list": 200, "api paper": 200, "api reviews": 200, "api bidding list": 200,
        "api bid": 200, "api my papers": 200,
    },
    "conflicted reviewer": {
        "paper page": 404, "pdf": 404, "review form": 404, "author reviews": 404,
        "bidding list": 200, "api paper": 404, "api reviews": 404, "api bidding list": 200,
        "api bid": 404, "api my papers": 200,
    },
    "unassigned reviewer": {
        "paper page": 200, "pdf": 200, "review form": 404, "author reviews": 404,
        "bidding list": 200, "api paper": 200, "api reviews": 404, "api bidding list": 200,
        "api bid": 200, "api my papers": 200,
    },
    "organizer": {
        "paper page": 200, "pdf": 200, "review form": 404, "author reviews": 404,
        "bidding list": 403, "api paper": 200, "api reviews": 200, "api bidding list": 403,
        "api bid": 403, "api my papers": 403,
    },
    "other organizer": {
        "paper page": 404, "pdf": 404, "review form": 404, "author reviews": 404,
        "bidding list": 403, "api paper": 404, "api reviews": 404, "api bidding list": 403,
        "api bid": 404, "api my papers": 403,
    },
    "outsider": {
        "paper page": 404, "pdf": 404, "review form": 404, "author reviews": 404,
        "bidding list": 403, "api paper": 404, "api reviews": 404, "api bidding list": 403,
        "api bid": 404, "api my papers": 403,
    },
    "anonymous": {
        "paper page": 302, "pdf": 302, "review form": 302, "author reviews": 302,
        "bidding list": 302, "api paper": 401, "api reviews": 401, "api bidding list": 401,
        "api bid": 401, "api my papers": 401,
    },
}  # fmt: skip

REVIEWERS = ("assigned reviewer", "conflicted reviewer", "unassigned reviewer")


@pytest.fixture
def personas(
    reviewing,
    author,
    reviewer,
    conflicted_reviewer,
    unassigned_reviewer,
    organizer,
    other_organizer,
    outsider,
):
    return {
        "author": author,
        "assigned reviewer": reviewer,
        "conflicted reviewer": conflicted_reviewer,
        "unassigned reviewer": unassigned_reviewer,
        "organizer": organizer,
        "other organizer": other_organizer,
        "outsider": outsider,
        "anonymous": None,
    }


def fetch(client, method: str, url: str):
    if method == "put":
        return client.put(url, {"preference": "willing"}, content_type="application/json")
    return client.get(url)


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_permission_matrix(client, workshop, personas, reviewing, persona):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    got = {}
    for resource, (method, url) in urls(workshop, reviewing).items():
        response = fetch(client, method, url)
        got[resource] = response.status_code
        content = body(response)
        if persona in REVIEWERS:
            for trace in AUTHOR_TRACES:
                assert trace.encode() not in content, (persona, resource, trace)
    assert got == EXPECTED[persona]


def test_the_conflicted_paper_is_not_in_the_bidding_list(client, workshop, personas, reviewing):
    client.force_login(personas["conflicted reviewer"])
    html = client.get(reverse("reviews:bids", args=[workshop.slug])).content.decode()
    assert reviewing.title not in html
    api = client.get(reverse("api-reviewing-bids", args=[workshop.slug])).json()["results"]
    assert api == []
    client.force_login(personas["unassigned reviewer"])
    api = client.get(reverse("api-reviewing-bids", args=[workshop.slug])).json()["results"]
    assert [p["title"] for p in api] == [reviewing.title]
    assert api[0]["authors"] is None  # double-blind


def test_a_forged_paper_id_is_a_404(client, workshop, personas, reviewing):
    client.force_login(personas["assigned reviewer"])
    missing = reviewing.pk + 999
    assert client.get(reverse("reviews:paper", args=[workshop.slug, missing])).status_code == 404
    # The right paper under another workshop's slug is no paper either.
    assert (
        client.get(reverse("reviews:paper", args=["other-workshop", reviewing.pk])).status_code
        == 404
    )


def test_reviewers_see_authors_when_the_review_is_not_double_blind(
    client, workshop, personas, reviewing
):
    workshop.blind_mode = "single"
    workshop.save(update_fields=["blind_mode"])
    client.force_login(personas["assigned reviewer"])
    html = client.get(reverse("reviews:paper", args=[workshop.slug, reviewing.pk])).content
    assert b"Ada Lovelace" in html


def test_organizers_see_authors_and_reviewer_names(client, workshop, personas, reviewing):
    client.force_login(personas["organizer"])
    html = client.get(reverse("reviews:paper", args=[workshop.slug, reviewing.pk])).content
    assert b"Ada Lovelace" in html and b"Sam Second" in html
    assert b"Sam&#x27;s confidential note." in html

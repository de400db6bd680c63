"""Bidding: the list sorted by affinity, search and the "not yet bid" filter, saving a bid
with a plain form (no JavaScript) and through the JSON API, a conflict bid; and the query
counts of the reviewer's list pages, pinned at 1 and at 3 items."""

import pytest
from django.urls import reverse

from reviews.enums import BidPreference, ConflictSource
from reviews.models import Affinity, Bid, Conflict

from .conftest import confirm, create_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_papers(workshop, author):
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    row = (author.name, author.email, author.affiliation)
    return [
        create_paper(workshop, author, title="Learned indexes", authors=[row], keywords=["index"]),
        create_paper(workshop, author, title="Congestion control", authors=[row]),
        create_paper(workshop, author, title="Compiler autotuning", authors=[row]),
    ]


def test_papers_are_sorted_by_affinity_and_searchable(client, workshop, reviewer, three_papers):
    _, congestion, compilers = three_papers
    Affinity.objects.create(submission=congestion, reviewer=reviewer, score=0.9)
    Affinity.objects.create(submission=compilers, reviewer=reviewer, score=0.4)
    client.force_login(reviewer)
    url = reverse("api-reviewing-bids", args=[workshop.slug])
    titles = [p["title"] for p in client.get(url).json()]
    assert titles == ["Congestion control", "Compiler autotuning", "Learned indexes"]
    assert [p["title"] for p in client.get(url, {"q": "index"}).json()] == ["Learned indexes"]
    assert [p["title"] for p in client.get(url, {"q": f"#{compilers.number}"}).json()] == [
        "Compiler autotuning"
    ]
    html = client.get(reverse("reviews:bids", args=[workshop.slug]), {"q": "congestion"})
    assert "Congestion control" in html.content.decode()
    assert "Learned indexes" not in html.content.decode()


def test_a_bid_saves_without_javascript_and_the_filter_hides_it(
    client, workshop, reviewer, three_papers
):
    paper = three_papers[0]
    client.force_login(reviewer)
    url = reverse("reviews:bids", args=[workshop.slug])
    response = client.post(
        url, {"submission": paper.pk, "preference": "eager", "unbid": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{url}?unbid=1#paper-{paper.pk}"
    html = response.content.decode()
    assert f"Your bid on paper #{paper.number} is saved: eager." in html
    assert paper.title not in html.split("</ul>", 1)[1]  # filtered out of the list
    assert Bid.objects.get(reviewer=reviewer, submission=paper).preference == "eager"


def test_a_bid_through_the_api_and_a_bad_bid(client, workshop, reviewer, three_papers):
    paper = three_papers[1]
    client.force_login(reviewer)
    url = reverse("api-reviewing-bid", args=[workshop.slug, paper.pk])
    ok = client.put(url, {"preference": "not_willing"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["preference"] == "not_willing"
    bad = client.put(url, {"preference": "desperate"}, content_type="application/json")
    assert bad.status_code == 400 and "preference" in bad.json()
    assert Bid.objects.get(reviewer=reviewer, submission=paper).preference == "not_willing"


def test_a_conflict_bid_hides_the_paper_for_good(client, workshop, reviewer, three_papers):
    paper = three_papers[2]
    client.force_login(reviewer)
    url = reverse("api-reviewing-bid", args=[workshop.slug, paper.pk])
    response = client.put(url, {"preference": "conflict"}, content_type="application/json")
    assert response.json() == {"submission": paper.pk, "preference": "conflict", "hidden": True}
    assert Conflict.objects.get(reviewer=reviewer, submission=paper).source == (
        ConflictSource.REVIEWER_DECLARED
    )
    titles = [
        p["title"] for p in client.get(reverse("api-reviewing-bids", args=[workshop.slug])).json()
    ]
    assert paper.title not in titles
    again = client.put(url, {"preference": "eager"}, content_type="application/json")
    assert again.status_code == 404
    assert client.get(reverse("reviews:paper", args=[workshop.slug, paper.pk])).status_code == 404


def test_bidding_closed_says_so(client, workshop, reviewer, three_papers):
    workshop.bidding_open = False
    workshop.save(update_fields=["bidding_open"])
    confirm(three_papers[0], reviewer, 1)
    client.force_login(reviewer)
    html = client.get(reverse("reviews:bids", args=[workshop.slug])).content.decode()
    assert "Bidding is closed." in html
    url = reverse("api-reviewing-bid", args=[workshop.slug, three_papers[0].pk])
    response = client.put(url, {"preference": "eager"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == f"Bidding for {workshop.name} is closed."
    assert not Bid.objects.exists()


def test_bid_preferences_are_the_five_of_the_issue():
    assert BidPreference.values == ["eager", "willing", "neutral", "not_willing", "conflict"]


# --- Query counts ---------------------------------------------------------------------------


def make_papers(workshop, author, count):
    row = (author.name, author.email, author.affiliation)
    return [create_paper(workshop, author, title=f"Paper {i}", authors=[row]) for i in range(count)]


@pytest.mark.parametrize(("count", "queries"), [(1, 6), (3, 6)])
def test_bidding_page_queries(
    client, workshop, reviewer, author, count, queries, django_assert_num_queries
):
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    make_papers(workshop, author, count)
    client.force_login(reviewer)
    url = reverse("reviews:bids", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count('class="card bid-paper"') == count


@pytest.mark.parametrize(("count", "queries"), [(1, 6), (3, 6)])
def test_bidding_api_queries(
    client, workshop, reviewer, author, count, queries, django_assert_num_queries
):
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    make_papers(workshop, author, count)
    client.force_login(reviewer)
    url = reverse("api-reviewing-bids", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.json()) == count


@pytest.mark.parametrize(("count", "queries"), [(1, 5), (3, 5)])
def test_my_papers_page_queries(
    client, workshop, reviewer, author, count, queries, django_assert_num_queries
):
    for paper in make_papers(workshop, author, count):
        confirm(paper, reviewer, 1)
    client.force_login(reviewer)
    url = reverse("reviews:workshop", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count("reviewing/papers/") == count


@pytest.mark.parametrize(("count", "queries"), [(1, 5), (3, 5)])
def test_my_papers_api_queries(
    client, workshop, reviewer, author, count, queries, django_assert_num_queries
):
    for paper in make_papers(workshop, author, count):
        confirm(paper, reviewer, 1)
    client.force_login(reviewer)
    url = reverse("api-reviewing-papers", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.json()) == count


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_reviewing_home_queries(client, reviewer, count, queries, django_assert_num_queries):
    from workshop.enums import RoleKind

    from ..factories import RoleFactory, WorkshopFactory

    for _ in range(count - 1):
        RoleFactory(workshop=WorkshopFactory(), user=reviewer, kind=RoleKind.REVIEWER)
    client.force_login(reviewer)
    with django_assert_num_queries(queries):
        response = client.get(reverse("reviews:home"))
    assert response.content.decode().count('class="card"') == count

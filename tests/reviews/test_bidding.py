"""Bidding: the list sorted by affinity, search and the "not yet bid" filter, saving a bid
with a plain form (no JavaScript) and through the JSON API, a conflict bid; and the query
counts of the reviewer's list pages, pinned at 1 and at 3 items."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from reviews.enums import BidPreference, ConflictSource
from reviews.models import Affinity, Bid, Conflict, ReviewerProfile
from reviews.services.bids import bidding_status
from reviews.views.bidding import PER_PAGE
from workshop.enums import RoleKind

from ..factories import (
    AuthorFactory,
    RoleFactory,
    SubmissionFactory,
    TopicFactory,
    WorkshopFactory,
)
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
    titles = [p["title"] for p in client.get(url).json()["results"]]
    assert titles == ["Congestion control", "Compiler autotuning", "Learned indexes"]
    found = client.get(url, {"q": "index"}).json()
    assert [p["title"] for p in found["results"]] == ["Learned indexes"]
    assert found["count"] == 1 and found["next"] is None
    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 3 and [p["title"] for p in first["results"]] == titles[:2]
    second = client.get(first["next"]).json()
    assert [p["title"] for p in second["results"]] == titles[2:]
    by_number = client.get(url, {"q": f"#{compilers.number}"}).json()["results"]
    assert [p["title"] for p in by_number] == ["Compiler autotuning"]
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
        p["title"]
        for p in client.get(reverse("api-reviewing-bids", args=[workshop.slug])).json()["results"]
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
    sentence = f"Bidding for {workshop.name} is not open: the organizers have not opened it."
    assert sentence in html
    assert three_papers[1].title not in html
    url = reverse("api-reviewing-bid", args=[workshop.slug, three_papers[0].pk])
    response = client.put(url, {"preference": "eager"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == sentence
    assert not Bid.objects.exists()


OPENS = datetime(2018, 10, 28, 11, 59, tzinfo=UTC)  # 27 October, 23:59 AoE
CLOSES = datetime(2018, 11, 2, 11, 59, tzinfo=UTC)  # 1 November, 23:59 AoE


@pytest.mark.parametrize(
    ("now", "sentence"),
    [
        (
            datetime(2018, 10, 27, 12, 0, tzinfo=UTC),
            "Bidding for Machine Learning for Systems opens on "
            "Saturday 27 October 2018, 23:59 AoE (UTC−12).",
        ),
        (
            datetime(2018, 10, 30, 12, 0, tzinfo=UTC),
            "Bidding for Machine Learning for Systems is open until "
            "Thursday 1 November 2018, 23:59 AoE (UTC−12).",
        ),
        (
            CLOSES,
            "Bidding for Machine Learning for Systems closed on "
            "Thursday 1 November 2018, 23:59 AoE (UTC−12).",
        ),
    ],
)
def test_the_bidding_dates_say_when_it_opens_and_when_it_closed(
    client, workshop, reviewer, three_papers, now, sentence
):
    workshop.bidding_opens_at, workshop.bidding_closes_at = OPENS, CLOSES
    workshop.save(update_fields=["bidding_opens_at", "bidding_closes_at"])
    confirm(three_papers[0], reviewer, 1)  # so that the paper is theirs to read either way
    client.force_login(reviewer)
    with time_machine.travel(now, tick=False):
        bids = client.get(reverse("reviews:bids", args=[workshop.slug])).content.decode()
        home = client.get(reverse("reviews:home")).content.decode()
        api = client.put(
            reverse("api-reviewing-bid", args=[workshop.slug, three_papers[0].pk]),
            {"preference": "eager"},
            content_type="application/json",
        )
    for html in (bids, home):
        # The time is marked up (the script adds the reader's own time); the words stay.
        assert sentence in " ".join(strip_tags(html).split())
        assert '<time datetime="2018-1' in html
    is_open = "is open" in sentence
    assert (three_papers[1].title in bids) is is_open
    assert api.status_code == (200 if is_open else 403)
    if not is_open:
        assert api.json()["detail"] == sentence


def test_unticked_bidding_with_dates_says_it_is_planned(workshop):
    workshop.bidding_open = False
    workshop.bidding_opens_at, workshop.bidding_closes_at = OPENS, CLOSES
    status = bidding_status(workshop, now=datetime(2018, 10, 20, tzinfo=UTC))
    assert (status.state, status.sentence) == (
        "opens",
        "Bidding for Machine Learning for Systems is planned to open on Saturday 27 October "
        "2018, 23:59 AoE (UTC−12); the organizers have not opened it yet.",
    )
    assert not bidding_status(workshop, now=datetime(2018, 10, 30, tzinfo=UTC)).is_open


def test_topic_filter_order_and_pages_without_javascript(client, workshop, reviewer, author):
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    networks = TopicFactory(workshop=workshop, name="Networking")
    papers = SubmissionFactory.create_batch(30, workshop=workshop)
    for paper in papers[:3]:
        paper.topics.add(networks)
    best = papers[20]
    Affinity.objects.create(submission=best, reviewer=reviewer, score=0.8)
    client.force_login(reviewer)
    url = reverse("reviews:bids", args=[workshop.slug])

    first = client.get(url).content.decode()
    assert first.index(best.title) < first.index(papers[0].title)  # best fit first
    assert first.count('class="card bid-paper"') == PER_PAGE
    assert "Papers 1–25 of 30." in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('class="card bid-paper"') == 5
    assert "Papers 26–30 of 30." in second

    by_topic = client.get(url, {"topic": networks.pk, "order": "number"}).content.decode()
    assert by_topic.count('class="card bid-paper"') == 3
    assert [by_topic.index(p.title) for p in papers[:3]] == sorted(
        by_topic.index(p.title) for p in papers[:3]
    )
    # A bid keeps the reader's filters and page.
    response = client.post(
        url, {"submission": papers[29].pk, "preference": "willing", "page": "2", "q": "system"}
    )
    assert response.url == f"{url}?q=system&page=2#paper-{papers[29].pk}"
    # An unknown topic or page is no error: all topics, the last page.
    assert client.get(url, {"topic": "999999", "page": "99"}).status_code == 200


def test_bid_preferences_are_the_five_of_the_issue():
    assert BidPreference.values == ["eager", "willing", "neutral", "not_willing", "conflict"]


# --- Query counts ---------------------------------------------------------------------------


def make_papers(workshop, author, count):
    row = (author.name, author.email, author.affiliation)
    return [create_paper(workshop, author, title=f"Paper {i}", authors=[row]) for i in range(count)]


def papers_with_topics_and_authors(workshop, count):
    topic = TopicFactory(workshop=workshop)
    papers = SubmissionFactory.create_batch(count, workshop=workshop)
    for paper in papers:
        paper.topics.add(topic)
        AuthorFactory(submission=paper, name=f"Author of {paper.number}")
    return papers


# A page of 25 however many papers match: the count, the page (affinity and bid joined in),
# its topics and (single-blind) its authors, the reviewer's bid counts and the topic list.
@pytest.mark.parametrize(
    ("blind", "count", "queries"),
    [("double", 1, 9), ("double", 60, 9), ("single", 1, 10), ("single", 60, 10)],
)
def test_bidding_page_queries(
    client, workshop, reviewer, blind, count, queries, django_assert_num_queries
):
    workshop.bidding_open, workshop.blind_mode = True, blind
    workshop.save(update_fields=["bidding_open", "blind_mode"])
    papers = papers_with_topics_and_authors(workshop, count)
    Bid.objects.create(submission=papers[0], reviewer=reviewer, preference="eager")
    client.force_login(reviewer)
    url = reverse("reviews:bids", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url, {"q": "optimise", "page": "2" if count > PER_PAGE else "1"})
    html = response.content.decode()
    assert html.count('class="card bid-paper"') == min(count, PER_PAGE)
    assert ("Author of" in html) is (blind == "single")


@pytest.mark.parametrize(("count", "queries"), [(1, 7), (3, 7)])
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
    assert len(response.json()["results"]) == count


# The assignments, the reviewer's profile and its topics, the papers' topics, the bid counts.
@pytest.mark.parametrize(("count", "queries"), [(1, 9), (3, 9)])
def test_my_papers_page_queries(
    client, workshop, reviewer, author, count, queries, django_assert_num_queries
):
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    ReviewerProfile.objects.create(workshop=workshop, user=reviewer, keywords=["policy"])
    for paper in papers_with_topics_and_authors(workshop, count):
        confirm(paper, reviewer, 1)
    client.force_login(reviewer)
    url = reverse("reviews:workshop", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('class="card assigned"') == count
    assert html.count("the paper uses your keyword “policy”") == count


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


# The workshops with their counts, and the reviews still to write in all of them.
@pytest.mark.parametrize(("count", "queries"), [(1, 4), (3, 4)])
def test_reviewing_home_queries(
    client, workshop, reviewer, count, queries, django_assert_num_queries
):
    workshops = [workshop]
    for _ in range(count - 1):
        other = WorkshopFactory()
        RoleFactory(workshop=other, user=reviewer, kind=RoleKind.REVIEWER)
        workshops.append(other)
    for each in workshops:
        each.bidding_open = True
        each.save(update_fields=["bidding_open"])
        first, _ = SubmissionFactory.create_batch(2, workshop=each)
        confirm(first, reviewer, 1)
    client.force_login(reviewer)
    with django_assert_num_queries(queries):
        response = client.get(reverse("reviews:home"))
    html = response.content.decode()
    assert html.count('class="card tasks"') == count
    assert html.count("Bid on 2 papers") == count
    assert html.count(">Review #") == count

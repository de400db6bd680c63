"""A reviewer's tasks: bids to place and reviews to write with their due dates (zone said,
the reader's own time added by the page), late ones marked with what to do; and why each
assigned paper fits them."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from reviews.models import ReviewerProfile

pytestmark = pytest.mark.django_db

DUE = datetime(2018, 11, 10, 11, 59, tzinfo=UTC)  # Friday 9 November, 23:59 AoE
BIDS_CLOSE = datetime(2018, 11, 2, 11, 59, tzinfo=UTC)  # Thursday 1 November, 23:59 AoE


@pytest.fixture
def dated(workshop, reviewing):
    workshop.review_deadline, workshop.bidding_closes_at = DUE, BIDS_CLOSE
    workshop.save(update_fields=["review_deadline", "bidding_closes_at"])
    return reviewing


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_home_lists_bids_to_place_and_reviews_due(client, dated, reviewer):
    client.force_login(reviewer)
    with time_machine.travel(datetime(2018, 10, 30, 12, 0, tzinfo=UTC), tick=False):
        home = client.get(reverse("reviews:home"))
    page = text(home)
    assert (
        "Bidding for Machine Learning for Systems is open until Thursday 1 November 2018, "
        "23:59 AoE (UTC−12)." in page
    )
    assert "Bid on 1 paper You have bid on 0 of 1." in page
    assert (
        "0 of 1 review submitted. Reviews are due on Friday 9 November 2018, 23:59 AoE (UTC−12)."
        in page
    )
    assert f"Review #{dated.number} {dated.title}" in page
    assert "Late" not in page
    html = home.content.decode()
    assert f'href="/ml-for-systems/reviewing/papers/{dated.pk}/review/"' in html
    assert '<time datetime="2018-11-10T11:59:00+00:00" data-utc=' in html  # the reader's time


def test_late_reviews_are_marked_with_what_to_do(client, workshop, dated, reviewer):
    client.force_login(reviewer)
    late = "Reviews were due on Friday 9 November 2018, 23:59 AoE (UTC−12); ask the organizers"
    with time_machine.travel(datetime(2018, 11, 12, 12, 0, tzinfo=UTC), tick=False):
        home = text(client.get(reverse("reviews:home")))
        mine = text(client.get(reverse("reviews:workshop", args=[workshop.slug])))
        paper = text(client.get(reverse("reviews:paper", args=[workshop.slug, dated.pk])))
    assert "Bidding for Machine Learning for Systems closed on Thursday 1 November 2018" in home
    for page in (home, mine, paper):
        assert late + " for an extension." in page
    assert f"Review #{dated.number} {dated.title} Late" in home
    assert "Not started Late Write your review" in mine


def test_an_assigned_paper_says_why_it_fits(client, workshop, dated, reviewer):
    ReviewerProfile.objects.create(
        workshop=workshop,
        user=reviewer,
        keywords=["caching", "compilers"],
        recent_papers="Eviction policies for web caches\nWe learn which objects to evict "
        "from a cache using production traces.\n\nA compiler for tensors\nLoops and tiles.",
    )
    client.force_login(reviewer)
    why = (
        "Why you: the paper uses your keyword “caching”; it is closest to your paper "
        "“Eviction policies for web caches” (both: eviction policy, production traces"
    )
    mine = text(client.get(reverse("reviews:workshop", args=[workshop.slug])))
    paper = text(client.get(reverse("reviews:paper", args=[workshop.slug, dated.pk])))
    assert why in mine and why in paper
    assert "; the organizers chose you for it by hand." in mine  # an assignment made by hand
    assert "A compiler for tensors" not in mine


def test_someone_outside_the_pool_has_no_tasks(client, outsider, workshop):
    client.force_login(outsider)
    assert "You do not review for any workshop." in text(client.get(reverse("reviews:home")))
    response = client.get(reverse("reviews:workshop", args=[workshop.slug]))
    assert response.status_code in (403, 404)

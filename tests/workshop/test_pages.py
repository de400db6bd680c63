from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from workshop.enums import RoleKind

from ..factories import RoleFactory, SeriesFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_workshop_page_shows_each_deadline_with_its_zone(client, workshop):
    workshop.review_deadline = datetime(2018, 11, 10, 11, 59, tzinfo=UTC)
    workshop.save()
    html = client.get(reverse("workshop:detail", args=[workshop.slug])).content.decode()
    # 2018-10-27 11:59 UTC is the last minute of 26 October Anywhere on Earth.
    assert "Friday 26 October 2018, 23:59 AoE (UTC−12)" in html
    assert "Friday 9 November 2018, 23:59 AoE (UTC−12)" in html
    assert 'datetime="2018-10-27T11:59:00+00:00"' in html
    # The day itself is shown in the venue's zone.
    assert "Saturday 8 December 2018, 08:00 America/Toronto (UTC−5)" in html


@pytest.mark.parametrize(
    ("now", "open_"),
    [
        (datetime(2018, 10, 27, 11, 58, 59, tzinfo=UTC), True),  # 23:58:59 AoE on the 26th
        (datetime(2018, 10, 27, 11, 59, 0, tzinfo=UTC), False),  # the deadline itself
        (datetime(2018, 10, 27, 0, 30, tzinfo=UTC), True),  # already the 27th in UTC
    ],
)
def test_call_closes_at_aoe_midnight_not_utc_midnight(client, workshop, now, open_):
    with time_machine.travel(now, tick=False):
        html = client.get(reverse("workshop:detail", args=[workshop.slug])).content.decode()
        assert workshop.call_is_open(now) is open_
    assert ("data-countdown" in html) is open_


def test_deadline_in_another_zone_says_that_zone(client, workshop):
    workshop.deadline_timezone = "Europe/Berlin"
    workshop.save()
    html = client.get(reverse("workshop:detail", args=[workshop.slug])).content.decode()
    assert "Saturday 27 October 2018, 13:59 Europe/Berlin (UTC+2)" in html


def test_workshop_page_lists_organizers_links_and_sibling(client):
    series = SeriesFactory(name="ML and Systems")
    first = WorkshopFactory(series=series, name="Machine Learning for Systems")
    second = WorkshopFactory(series=series, name="Systems for Machine Learning")
    anna = UserFactory(name="Anna Goldie", bio="Works on deep RL for systems.")
    hidden = UserFactory(name="Hidden Helper")
    RoleFactory(workshop=first, user=anna, kind=RoleKind.ORGANIZER, position=0)
    RoleFactory(workshop=first, user=hidden, kind=RoleKind.ORGANIZER, is_public=False)
    first.links.create(
        title="The Case for Learned Index Structures", url="https://arxiv.org/abs/1712.01208"
    )
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Anna Goldie" in html and "Works on deep RL for systems." in html
    assert "Hidden Helper" not in html
    assert "The Case for Learned Index Structures" in html
    assert second.get_absolute_url() in html and "Systems for Machine Learning" in html


def test_unknown_workshop_is_404(client, db):
    assert client.get("/no-such-workshop/").status_code == 404


def test_home_lists_open_calls_first(client):
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    past = WorkshopFactory(
        name="Past Workshop", starts_at=now + timedelta(days=300), ends_at=now + timedelta(days=301)
    )
    open_call = WorkshopFactory(
        name="Open Workshop",
        starts_at=now + timedelta(days=100),
        ends_at=now + timedelta(days=100, hours=8),
        submissions_open_at=now - timedelta(days=1),
        submission_deadline=now + timedelta(days=30),
    )
    with time_machine.travel(now, tick=False):
        html = client.get("/").content.decode()
    assert html.index(open_call.name) < html.index(past.name)
    assert "Call for papers open" in html


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_constant(client, django_assert_num_queries, count):
    WorkshopFactory.create_batch(count)
    with django_assert_num_queries(1):
        client.get("/")


@pytest.mark.parametrize("organizers", [1, 3])
def test_workshop_page_query_count_is_constant(
    client, workshop, django_assert_num_queries, organizers
):
    for _ in range(organizers):
        RoleFactory(workshop=workshop, kind=RoleKind.ORGANIZER)
    with django_assert_num_queries(4):
        client.get(workshop.get_absolute_url())


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_favicon_is_linked_and_answers_at_the_root(client, workshop):
    from django.contrib.staticfiles import finders

    html = client.get(workshop.get_absolute_url()).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico" sizes="48x48">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    for name in ("favicon.ico", "favicon.svg"):
        with open(finders.find(name), "rb") as icon:
            head = icon.read(8)
        assert head.startswith(b"\x00\x00\x01\x00" if name.endswith("ico") else b"<svg")

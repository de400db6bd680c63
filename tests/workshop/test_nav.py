"""A workshop's own navigation in the header of every page under /<slug>/, and the links
from the home page and the workshop page to the program and the papers."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from schedule import services
from submissions import publication
from tests.schedule.conftest import item, paper, utc

from ..factories import SubmissionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

NOTIFIED = datetime(2018, 11, 16, 17, 0, tzinfo=UTC)


def workshop_nav(html: str) -> str:
    found = re.search(r'<nav class="workshop-nav".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def nav_links(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>([^<]+)</a>", workshop_nav(html))


@pytest.fixture
def released(workshop, organizer):
    item(workshop, utc(14), utc(14, 10), kind="opening", title="Opening remarks")
    services.release_schedule(workshop=workshop, by=organizer)
    workshop.refresh_from_db()
    return workshop


def test_before_the_release_the_header_says_when_the_program_comes(client, workshop):
    workshop.notification_at = NOTIFIED
    workshop.save()
    with time_machine.travel(datetime(2018, 11, 1, tzinfo=UTC), tick=False):
        html = client.get("/ml-for-systems/").content.decode()
    nav = workshop_nav(html)
    assert 'aria-label="Machine Learning for Systems"' in nav
    assert nav_links(html) == ["Machine Learning for Systems"]
    assert "Program after 16 November 2018" in nav  # the deadline zone's day (AoE)
    assert (
        "The program will appear here after the notification of acceptance (16 November 2018)."
        in html
    )
    workshop.program_expected_at = datetime(2018, 12, 1, 11, 59, tzinfo=UTC)
    workshop.save()
    with time_machine.travel(datetime(2018, 11, 1, tzinfo=UTC), tick=False):
        html = client.get("/ml-for-systems/").content.decode()
    assert "Program by 30 November 2018" in workshop_nav(html)  # 23:59 AoE
    assert "The program will appear here by 30 November 2018." in html
    # Once the promised day has passed, no stale promise.
    with time_machine.travel(datetime(2018, 12, 2, tzinfo=UTC), tick=False):
        html = client.get("/ml-for-systems/").content.decode()
    assert "Program not yet released" in workshop_nav(html)
    assert "The program has not been released yet; it will appear here." in html


def test_after_the_release_the_header_leads_to_program_papers_posters_speakers(
    client, released, organizer
):
    assert released.program_released_at is not None
    html = client.get("/ml-for-systems/").content.decode()
    assert nav_links(html) == ["Machine Learning for Systems", "Program", "Posters", "Speakers"]
    # The accepted papers once decisions are out and the notification date has passed.
    accepted = paper(released, "Learned index structures")
    released.notification_at = released.decisions_released_at = NOTIFIED
    released.save()
    publication.record_decisions_sent(submission_ids=[accepted.pk], at=NOTIFIED)
    html = client.get("/ml-for-systems/schedule/").content.decode()
    assert nav_links(html) == [
        "Machine Learning for Systems",
        "Program",
        "Papers",
        "Posters",
        "Speakers",
    ]
    assert '<a href="/ml-for-systems/schedule/" aria-current="page">Program</a>' in html
    page = client.get("/ml-for-systems/").content.decode()
    assert 'href="/ml-for-systems/papers/">Accepted papers' in page.split("</header>", 1)[1]


@pytest.mark.parametrize(
    "url",
    [
        "/ml-for-systems/",
        "/ml-for-systems/schedule/",
        "/ml-for-systems/papers/",
        "/ml-for-systems/posters/",
        "/ml-for-systems/speakers/",
        "/ml-for-systems/submit/",
        "/ml-for-systems/reviewing/",
    ],
)
def test_every_page_of_the_workshop_has_it(client, released, reviewer, url):
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "Program" in nav_links(response.content.decode()), url


def test_an_authors_paper_page_has_it_too(client, released, outsider):
    submission = SubmissionFactory(workshop=released, title="Mine", status="submitted")
    submission.authors.create(position=0, name="O", email=outsider.email, user=outsider)
    client.force_login(outsider)
    html = client.get(f"/ml-for-systems/submissions/{submission.pk}/").content.decode()
    assert nav_links(html)[:2] == ["Machine Learning for Systems", "Program"]


@pytest.mark.parametrize("url", ["/", "/me/submissions/", "/profile/", "/reviewing/"])
def test_pages_outside_a_workshop_do_not_have_it(client, released, outsider, url):
    client.force_login(outsider)
    assert workshop_nav(client.get(url).content.decode()) == ""


def test_the_home_page_leads_to_each_workshops_program(client, released):
    WorkshopFactory(
        slug="next", name="Next edition", program_expected_at=datetime(2027, 3, 1, tzinfo=UTC)
    )
    with time_machine.travel(datetime(2026, 12, 1, tzinfo=UTC), tick=False):
        html = client.get("/").content.decode()
    assert (
        '<a href="/ml-for-systems/schedule/">Program'
        '<span class="visually-hidden"> of Machine Learning for Systems</span></a>'
    ) in html
    assert "Program by 28 February 2027" in html  # AoE
    assert 'href="/next/schedule/"' not in html

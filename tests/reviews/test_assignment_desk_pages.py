"""The assignment desk at conference size: paginated, searchable by title, number and
reviewer, sortable, and the same number of queries on every page however many papers."""

import pytest
from django.urls import reverse

from reviews import assignment_desk as desk_module
from reviews.models import Assignment

from .conftest import confirm, create_paper, pool_member

pytestmark = pytest.mark.django_db

TITLES = ["Learned caches", "Tensor compilers", "Query optimisers", "Packet schedulers", "Disks"]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(desk_module, "PER_PAGE", 2)


@pytest.fixture
def papers(workshop, author, reviewer):
    made = [
        create_paper(workshop, author, title=title, authors=[(author.name, author.email, "")])
        for title in TITLES
    ]
    confirm(made[1], reviewer, 1)  # only "Tensor compilers" has a reviewer
    return made


def url(workshop, **query):
    base = reverse("admin:reviews_desk_assignment", args=[workshop.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown(response) -> list[str]:
    return [row["paper"].title for row in response.context["rows"]]


def test_papers_come_in_pages_with_links_and_totals(
    client, workshop, organizer, papers, small_pages
):
    client.force_login(organizer)
    first = client.get(url(workshop))
    assert shown(first) == TITLES[:2]
    html = first.content.decode()
    assert "Papers 1–2 of 5." in html
    assert 'href="?page=2"' in html and 'rel="next"' in html
    assert "5 papers × " in html  # the totals count every paper, not the page
    assert f"5 papers still short of {workshop.reviews_per_paper}." in html
    assert shown(client.get(url(workshop, page=3))) == TITLES[4:]
    assert shown(client.get(url(workshop, page="junk"))) == TITLES[:2]  # first page
    assert shown(client.get(url(workshop, page=99))) == TITLES[4:]  # last page


def test_search_finds_titles_numbers_and_reviewers(
    client, workshop, organizer, papers, reviewer, small_pages
):
    client.force_login(organizer)
    assert shown(client.get(url(workshop, q="QUERY"))) == ["Query optimisers"]
    assert shown(client.get(url(workshop, q=f"%23{papers[3].number}"))) == ["Packet schedulers"]
    assert shown(client.get(url(workshop, q=reviewer.email))) == ["Tensor compilers"]
    response = client.get(url(workshop, q="nothing like it"))
    assert shown(response) == [] and "No papers match." in response.content.decode()


def test_sorting_and_the_search_are_kept_across_pages(
    client, workshop, organizer, papers, small_pages
):
    client.force_login(organizer)
    by_title = client.get(url(workshop, o="title"))
    assert shown(by_title) == sorted(TITLES)[:2]
    assert 'href="?o=title&amp;page=2"' in by_title.content.decode()
    # The paper that has a reviewer goes last when the shortest come first.
    pages = [shown(client.get(url(workshop, o="short", page=n))) for n in (1, 2, 3)]
    assert pages[-1] == ["Tensor compilers"]
    assert shown(client.get(url(workshop, o="bogus"))) == TITLES[:2]  # by number


def test_a_reviewer_is_added_by_email_address(client, workshop, organizer, papers):
    person = pool_member(workshop, "Gen@Gen.example.net", "Gen Generalist")
    client.force_login(organizer)
    client.post(
        url(workshop),
        {"action": "add", "number": papers[0].number, "reviewer": "gen@gen.example.net"},
    )
    assert Assignment.objects.filter(submission=papers[0], reviewer=person).exists()
    missing = client.post(
        url(workshop), {"action": "add", "number": papers[0].number, "reviewer": "no@one.example"}
    )
    assert missing.status_code == 404
    assert Assignment.objects.filter(submission=papers[0]).count() == 1


@pytest.mark.parametrize(("count", "queries"), [(1, 18), (5, 18)])
def test_every_page_costs_the_same_queries(
    client, workshop, organizer, author, reviewer, second_reviewer, count, queries,
    small_pages, django_assert_num_queries,
):  # fmt: skip
    for index in range(count):
        paper = create_paper(
            workshop, author, title=f"P{index}", authors=[(author.name, author.email, "")]
        )
        confirm(paper, reviewer, 1)
        confirm(paper, second_reviewer, 2)
    client.force_login(organizer)
    for page in (1, 3) if count > 2 else (1,):
        with django_assert_num_queries(queries):
            response = client.get(url(workshop, q="P", o="short", page=page))
        assert response.status_code == 200

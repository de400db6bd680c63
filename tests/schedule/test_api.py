"""The public program API: workshops, the released schedule, papers and speakers."""

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from django.utils import timezone
from openapi_spec_validator import validate

from schedule import services
from schedule.models import Room, ScheduleItem
from submissions import publication

from ..factories import WorkshopFactory
from .conftest import board, item, paper, present, speaker, utc

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "id",
    "kind",
    "title",
    "description",
    "start",
    "end",
    "room",
    "speakers",
    "papers",
    "posters",
    "ical_url",
}


def schedule_url(slug="ml-for-systems"):
    return f"/api/v1/workshops/{slug}/schedule/"


@pytest.fixture
def released(workshop, organizer, room):
    opening = item(
        workshop, utc(14), utc(14, 10), kind="opening", title="Opening remarks", room=room
    )
    speaker(opening, "Anna Goldie", email="anna@x.org")
    session = item(workshop, utc(15), utc(16), kind="poster_session", title="Posters", room=room)
    board(
        session,
        paper(workshop, "Learned index structures for strings", presenter="Adit Bhardwaj"),
        1,
    )
    board(session, paper(workshop, "Predicting address translations", presenter="A. Margaritov"), 2)
    talk = item(
        workshop, utc(16, 15), utc(16, 30), kind="contributed_talk", title="Placeto", room=room
    )
    present(talk, paper(workshop, "Placeto", status="accepted_oral", presenter="Ravi Addanki"))
    return services.release_schedule(workshop=workshop, by=organizer)


def test_the_schedule_has_exactly_the_documented_fields(client, released):
    response = client.get(schedule_url())
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"version", "released_at", "timezone", "items"}
    assert data["version"] == 1 and data["timezone"] == "America/Toronto"
    assert datetime.fromisoformat(data["released_at"]).utcoffset() == timedelta(0)
    for row in data["items"]:
        assert set(row) == ITEM_FIELDS
        # ISO 8601 with an offset, in UTC.
        assert row["start"].endswith("+00:00") and row["end"].endswith("+00:00")
    opening, posters, talk = data["items"]
    assert (opening["start"], opening["end"]) == (
        "2018-12-08T14:00:00+00:00",
        "2018-12-08T14:10:00+00:00",
    )
    assert opening["speakers"] == [{"name": "Anna Goldie", "affiliation": ""}]
    assert posters["posters"] == [
        {"board": 1, "title": "Learned index structures for strings", "authors": ["Adit Bhardwaj"]},
        {"board": 2, "title": "Predicting address translations", "authors": ["A. Margaritov"]},
    ]
    assert talk["papers"][0]["title"] == "Placeto" and talk["papers"][0]["authors"] == [
        "Ravi Addanki"
    ]
    assert (
        talk["ical_url"] == f"http://127.0.0.1:8000/ml-for-systems/schedule/items/{talk['id']}.ics"
    )


def test_etag_and_cache_control_and_304(client, released):
    first = client.get(schedule_url())
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"] == "public, max-age=60"
    again = client.get(schedule_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    weak = client.get(schedule_url(), HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304
    stale = client.get(schedule_url(), HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200 and stale.content == first.content


def test_a_release_replaces_the_cached_schedule_at_once(client, workshop, organizer, released):
    before = client.get(schedule_url())
    talk = ScheduleItem.objects.get(title="Placeto")
    talk.start_at, talk.end_at = utc(19, 10), utc(19, 25)
    services.save_item(item=talk, by=organizer)
    # The draft is not public: still version 1, from the cache.
    assert client.get(schedule_url()).content == before.content
    services.release_schedule(workshop=workshop, by=organizer)
    after = client.get(schedule_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    data = after.json()
    assert data["version"] == 2
    assert [i["start"] for i in data["items"] if i["title"] == "Placeto"] == [
        "2018-12-08T19:10:00+00:00"
    ]
    # Earlier versions stay readable, and never change: a long max-age.
    old = client.get(schedule_url() + "?version=1")
    assert old.json() == before.json() and old["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("count", [10, 500])
def test_schedule_queries_do_not_grow_with_the_program(
    client, workshop, organizer, count, django_assert_num_queries
):
    room = Room.objects.create(workshop=workshop, name="Hall")
    start = datetime(2018, 12, 8, 13, 0, tzinfo=UTC)
    ScheduleItem.objects.bulk_create(
        ScheduleItem(
            workshop=workshop,
            kind="panel",
            title=f"Item {n}",
            start_at=start,
            end_at=start + timedelta(minutes=10),
            room=room,
        )
        for n in range(count)
    )
    services.release_schedule(workshop=workshop, by=organizer)
    with django_assert_num_queries(2):  # the version, then its snapshot
        first = client.get(schedule_url())
    with django_assert_num_queries(0):  # from the cache, before the rest of Django
        second = client.get(schedule_url())
    with django_assert_num_queries(0):
        assert client.get(schedule_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with django_assert_num_queries(1):  # a numbered version: found; its rendering is cached
        client.get(schedule_url() + "?version=1")
    with django_assert_num_queries(0):
        client.get(schedule_url() + "?version=1")
    assert len(second.json()["items"]) == count


def test_the_early_answer_is_the_views_answer(client, released):
    """The middleware serves the cached latest version with the view's bytes and headers."""
    from schedule import published

    published.forget_latest("ml-for-systems")
    from_view = client.get(schedule_url())
    assert published.hot_response("ml-for-systems", "api-schedule") is not None
    early = client.get(schedule_url())
    assert early.content == from_view.content
    for header in ("ETag", "Cache-Control", "Content-Type", "Allow", "Access-Control-Allow-Origin"):
        assert early[header] == from_view[header], header


def test_missing_things_are_404_with_a_sentence(client, workshop, organizer):
    assert client.get(schedule_url("nope")).json() == {
        "detail": "There is no workshop at this address."
    }
    response = client.get(schedule_url())
    assert response.status_code == 404
    assert response.json() == {"detail": "This workshop has not released its program yet."}
    item(workshop, utc(14), utc(14, 10))
    services.release_schedule(workshop=workshop, by=organizer)
    assert client.get(schedule_url()).json()["version"] == 1  # "not released" was not cached
    assert client.get(schedule_url() + "?version=7").json() == {
        "detail": "This workshop has no released version 7."
    }
    assert client.get(schedule_url() + "?version=x").status_code == 404


def test_the_api_is_read_only(client, released, organizer):
    client.force_login(organizer)
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(schedule_url(), {}).status_code == 405
    assert released.workshop.schedule_releases.count() == 1


def test_workshop_list_and_detail(client, workshop, released, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = client.get("/api/v1/workshops/").json()
    assert [r["slug"] for r in rows] == ["ml-for-systems"]
    assert rows[0]["timezone"] == "America/Toronto" and rows[0]["schedule_version"] == 1
    detail = client.get("/api/v1/workshops/ml-for-systems/").json()
    assert detail["timezone"] == "America/Toronto"
    assert (
        detail["schedule_url"] == "http://127.0.0.1:8000/api/v1/workshops/ml-for-systems/schedule/"
    )
    assert client.get("/api/v1/workshops/nope/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_workshop_list_is_one_query(client, count, django_assert_num_queries):
    for n in range(count):
        WorkshopFactory(slug=f"w-{n}")
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/workshops/").json()) == count


def test_unlisted_workshops_are_not_listed(client, workshop):
    WorkshopFactory(slug="hidden", is_listed=False)
    assert [r["slug"] for r in client.get("/api/v1/workshops/").json()] == ["ml-for-systems"]


@pytest.mark.parametrize("count", [1, 3])
def test_papers_only_once_decisions_are_public(client, workshop, count, django_assert_num_queries):
    papers = [paper(workshop, f"Accepted {n}", status="accepted_poster") for n in range(count)]
    papers.append(paper(workshop, "Rejected", status="rejected"))
    unsent = paper(workshop, "Accepted but not told", status="accepted_poster")
    url = "/api/v1/workshops/ml-for-systems/papers/"
    sent = timezone.now() - timedelta(minutes=1)
    publication.record_decisions_sent(submission_ids=[p.pk for p in papers], at=sent)
    assert client.get(url).json() == []  # decisions not released yet
    workshop.decisions_released_at = sent
    workshop.save()
    # The workshop, the papers, their authors, their camera-ready versions.
    with django_assert_num_queries(4):
        rows = client.get(url).json()
    assert [r["title"] for r in rows] == [f"Accepted {n}" for n in range(count)]
    assert rows[0]["authors"] == ["Ada Presenter"] and rows[0]["presented_as"] == "poster"
    assert rows[0]["url"].endswith("/ml-for-systems/papers/accepted-0/")
    assert unsent.title not in {r["title"] for r in rows}


def test_speakers_of_the_released_program(client, workshop, organizer):
    a = item(workshop, utc(14, 10), utc(14, 35), title="Talk")
    speaker(a, "Eric Schkufza")
    b = item(workshop, utc(21, 50), utc(22, 50), kind="panel", title="Panel")
    speaker(b, "Eric Schkufza")
    speaker(b, "Jeff Dean", position=1)
    services.release_schedule(workshop=workshop, by=organizer)
    rows = client.get("/api/v1/workshops/ml-for-systems/speakers/").json()
    assert rows == [
        {"name": "Eric Schkufza", "affiliation": "", "items": [a.pk, b.pk]},
        {"name": "Jeff Dean", "affiliation": "", "items": [b.pk]},
    ]


def test_openapi_schema_is_valid_and_docs_are_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    paths = spec["paths"]
    for path in (
        "/api/v1/workshops/",
        "/api/v1/workshops/{slug}/",
        "/api/v1/workshops/{slug}/schedule/",
        "/api/v1/workshops/{slug}/papers/",
        "/api/v1/workshops/{slug}/speakers/",
    ):
        assert "get" in paths[path], path
    item_schema = spec["components"]["schemas"]["ItemOutput"]
    assert set(item_schema["properties"]) == ITEM_FIELDS
    assert client.get("/api/docs/").status_code == 200

"""The public schedule page and its exports (iCal, webcal, frab), read from releases."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from django.core.exceptions import ValidationError
from icalendar import Calendar

from schedule import services
from schedule.views import venue_city

from .conftest import board, item, paper, speaker, utc

pytestmark = pytest.mark.django_db

VALIDATORS = Path(__file__).resolve().parents[3] / "shared" / "validators"


@pytest.fixture
def venue(workshop):
    workshop.venue = "Palais des congrès de Montréal"
    workshop.save()
    return workshop


@pytest.fixture
def released(venue, organizer, room):
    opening = item(venue, utc(14), utc(14, 10), kind="opening", title="Opening remarks", room=room)
    speaker(opening, "Anna Goldie")
    dean = item(venue, utc(21, 25), utc(21, 50), title="Invited talk by Jeff Dean", room=room)
    speaker(dean, "Jeff Dean")
    session = item(
        venue, utc(15), utc(16), kind="poster_session", title="Poster session 1", room=room
    )
    for number in (1, 2, 10):  # numbers sort as numbers: 10 after 2
        board(session, paper(venue, f"Poster on board {number}", presenter=f"P{number}"), number)
    return services.release_schedule(workshop=venue, by=organizer)


def test_the_page_lists_the_program_in_the_venues_zone_without_javascript(client, released):
    response = client.get("/ml-for-systems/schedule/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Times shown in America/Toronto (Montréal)" in html
    # 14:00 UTC is 09:00 in Montréal; the machine-readable time stays UTC.
    assert '<time datetime="2018-12-08T14:00:00+00:00">09:00</time>' in html
    assert '<time datetime="2018-12-08T21:25:00+00:00">16:25</time>' in html
    assert "Saturday 8 December 2018" in html
    assert "Version 1, released" in html
    assert re.search(r"Version 1, released <time [^>]+>[^<]+</time>\.", html)  # no " ."
    assert html.index("Board 2") < html.index("Board 10")
    assert 'href="webcal://127.0.0.1:8000/ml-for-systems/schedule.ics"' in html
    assert "js/schedule.js" in html


def test_the_page_is_the_same_for_everyone(client, released, outsider, organizer):
    anonymous = client.get("/ml-for-systems/schedule/").content.decode()
    client.force_login(outsider)
    mine = client.get("/ml-for-systems/schedule/").content.decode()
    assert "Invited talk by Jeff Dean" in anonymous and "Invited talk by Jeff Dean" in mine


def test_the_public_sees_only_released_versions(client, venue, organizer, released):
    dean = venue.schedule_items.get(title="Invited talk by Jeff Dean")
    dean.title = "A draft title nobody should see"
    services.save_item(item=dean, by=organizer)
    html = client.get("/ml-for-systems/schedule/").content.decode()
    assert "A draft title nobody should see" not in html
    services.release_schedule(workshop=venue, by=organizer)
    html = client.get("/ml-for-systems/schedule/").content.decode()
    assert "A draft title nobody should see" in html and "Version 2" in html
    old = client.get("/ml-for-systems/schedule/v/1/").content.decode()
    assert "Invited talk by Jeff Dean" in old and "An earlier version." in old
    assert (
        client.get("/ml-for-systems/schedule/?version=1")
        .content.decode()
        .count("An earlier version.")
        == 1
    )


def test_unreleased_unknown_and_forged_addresses(client, workshop, organizer):
    html = client.get("/ml-for-systems/schedule/").content.decode()
    assert "The program has not been released yet." in html
    assert client.get("/nope/schedule/").status_code == 404
    assert client.get("/ml-for-systems/schedule/v/1/").status_code == 404
    assert client.get("/ml-for-systems/schedule.ics").status_code == 404
    talk = item(workshop, utc(14), utc(14, 10))
    services.release_schedule(workshop=workshop, by=organizer)
    assert client.get("/ml-for-systems/schedule/v/2/").status_code == 404
    assert client.get(f"/ml-for-systems/schedule/items/{talk.pk + 999}.ics").status_code == 404
    assert client.get(f"/other-workshop/schedule/items/{talk.pk}.ics").status_code == 404


def test_venue_city():
    assert venue_city("Palais des congrès de Montréal", "America/Toronto") == "Montréal"
    assert venue_city("Messe Wien, Vienna", "Europe/Vienna") == "Vienna"
    assert venue_city("To be announced", "America/Los_Angeles") == "Los Angeles"
    assert venue_city("", "UTC") == ""


# --- iCalendar ------------------------------------------------------------------------------


def events(body: bytes) -> dict:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_ical_feed_has_stable_uids_utc_times_and_sequence_bumps(client, venue, organizer, released):
    first = client.get("/ml-for-systems/schedule.ics")
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in first["Content-Disposition"]
    before = events(first.content)
    dean = venue.schedule_items.get(title="Invited talk by Jeff Dean")
    uid = f"{dean.pk}@127.0.0.1"
    assert before[uid].start.isoformat() == "2018-12-08T21:25:00+00:00"
    assert before[uid]["SEQUENCE"] == 0
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in first.content.decode()

    # Another release without a move: the same UIDs, the same sequences.
    opening = venue.schedule_items.get(title="Opening remarks")
    opening.description = "Welcome."
    services.save_item(item=opening, by=organizer)
    services.release_schedule(workshop=venue, by=organizer)
    second = events(client.get("/ml-for-systems/schedule.ics").content)
    assert set(second) == set(before)
    assert second[uid]["SEQUENCE"] == 0

    dean.start_at, dean.end_at = utc(22), utc(22, 25)
    services.save_item(item=dean, by=organizer)
    services.release_schedule(workshop=venue, by=organizer)
    third = events(client.get("/ml-for-systems/schedule.ics").content)
    assert set(third) == set(before)  # the UID is kept
    assert third[uid]["SEQUENCE"] == 1
    assert third[uid].start.isoformat() == "2018-12-08T22:00:00+00:00"
    assert str(third[uid]["LOCATION"]) == "510 AC, Palais des congrès de Montréal"


def test_a_cancelled_item_stays_in_the_feed_as_cancelled(client, venue, organizer, released):
    """Subscribed calendars keep what a feed no longer mentions; a cancelled event with the
    same UID and a higher SEQUENCE removes it for certain."""
    dean = venue.schedule_items.get(title="Invited talk by Jeff Dean")
    uid, sequence = f"{dean.pk}@127.0.0.1", dean.sequence
    before = events(client.get("/ml-for-systems/schedule.ics").content)
    assert str(before[uid]["STATUS"]) == "CONFIRMED"

    services.delete_item(item=dean, by=organizer)
    services.release_schedule(workshop=venue, by=organizer)
    after = events(client.get("/ml-for-systems/schedule.ics").content)
    assert set(after) == set(before)
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert after[uid]["SEQUENCE"] == sequence + 1
    assert all(str(e["STATUS"]) == "CONFIRMED" for key, e in after.items() if key != uid)
    # Gone from everything else the public reads.
    api = client.get("/api/v1/workshops/ml-for-systems/schedule/").json()
    assert dean.pk not in [row["id"] for row in api["items"]]
    assert "Jeff Dean" not in client.get("/ml-for-systems/schedule.xml").content.decode()

    # A later release carries the cancellation on, unchanged.
    opening = venue.schedule_items.get(title="Opening remarks")
    opening.description = "Welcome, everyone."
    services.save_item(item=opening, by=organizer)
    services.release_schedule(workshop=venue, by=organizer)
    later = events(client.get("/ml-for-systems/schedule.ics").content)
    assert str(later[uid]["STATUS"]) == "CANCELLED" and later[uid]["SEQUENCE"] == sequence + 1
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.release_schedule(workshop=venue, by=organizer)


def test_one_items_ical_matches_the_feed(client, venue, released):
    dean = venue.schedule_items.get(title="Invited talk by Jeff Dean")
    response = client.get(f"/ml-for-systems/schedule/items/{dean.pk}.ics")
    assert response.status_code == 200
    assert f'filename="ml-for-systems-{dean.pk}.ics"' in response["Content-Disposition"]
    (event,) = events(response.content).values()
    feed = events(client.get("/ml-for-systems/schedule.ics").content)
    assert str(event["UID"]) in feed and event.start == feed[str(event["UID"])].start
    assert (
        client.get(
            f"/ml-for-systems/schedule/items/{dean.pk}.ics", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


# --- frab -----------------------------------------------------------------------------------


def test_frab_xml_validates_against_the_shared_xsd(client, released):
    response = client.get("/ml-for-systems/schedule.xml")
    assert response.status_code == 200
    schema = xmlschema.XMLSchema(str(VALIDATORS / "frab-schedule.xsd"))
    schema.validate(response.content.decode())
    assert b"<time_zone_name>America/Toronto</time_zone_name>" in response.content


def test_frab_json_validates_against_the_shared_schema(client, released):
    response = client.get("/ml-for-systems/schedule.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    schema = json.loads((VALIDATORS / "frab-schedule.schema.json").read_text())
    jsonschema.validate(document, schema)
    rooms = document["schedule"]["conference"]["days"][0]["rooms"]["510 AC"]
    guids = {event["guid"] for event in rooms}
    assert str(released.workshop.schedule_items.get(title="Opening remarks").guid) in guids


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_and_speakers_keep_their_query_count(
    client, workshop, organizer, room, count, django_assert_num_queries
):
    for n in range(count):
        talk = item(workshop, utc(14, n * 10), utc(14, n * 10 + 10), title=f"Talk {n}", room=room)
        speaker(talk, f"Speaker {n}")
    services.release_schedule(workshop=workshop, by=organizer)
    with django_assert_num_queries(3):  # the workshop, its versions, the shown snapshot
        html = client.get("/ml-for-systems/schedule/").content.decode()
    assert html.count('class="item kind-') == count
    with django_assert_num_queries(2):  # the snapshot now comes from the cache
        client.get("/ml-for-systems/schedule/")
    with django_assert_num_queries(1):  # which version; the rest is cached
        speakers = client.get("/api/v1/workshops/ml-for-systems/speakers/").json()
    assert len(speakers) == count

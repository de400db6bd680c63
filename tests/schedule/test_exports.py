"""Tests of schedule.exports: iCalendar feeds and frab schedule.xml / schedule.json.

The demo program is the reference workshop, "Machine Learning for Systems" at NeurIPS 2018
(Montréal, Saturday 8 December 2018, room 510 AC), with its real times in UTC.  Every time is
checked in UTC, or in the venue zone with an explicit offset.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from schedule.exports import (
    Paper,
    Person,
    Poster,
    Program,
    ProgramItem,
    frab_acronym,
    frab_json,
    frab_slug,
    frab_xml,
    item_ical,
    program_ical,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# The validators live beside the repository (../shared), wherever the repository is cloned.
VALIDATORS = REPO_ROOT.parent / "shared" / "validators"
XSD_PATH = VALIDATORS / "frab-schedule.xsd"
JSON_SCHEMA_PATH = VALIDATORS / "frab-schedule.schema.json"

HOST = "example.org"
BASE = "https://example.org"
VENUE = "Palais des Congrès de Montréal"
RELEASED = datetime(2018, 11, 30, 17, 0, tzinfo=UTC)


def utc(hour: int, minute: int = 0, day: int = 8) -> datetime:
    return datetime(2018, 12, day, hour, minute, tzinfo=UTC)


def guid(n: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}/items/{n}")


def make_item(n: int, kind: str, label: str, title: str, start, end, **extra) -> ProgramItem:
    fields = {
        "id": n,
        "guid": guid(n),
        "kind": kind,
        "kind_label": label,
        "title": title,
        "description": "",
        "start": start,
        "end": end,
        "room": "510 AC",
        "speakers": (),
        "papers": (),
        "posters": (),
        "sequence": 0,
        "url": f"{BASE}/ml-for-systems-2018/program/#item-{n}",
    }
    fields.update(extra)
    return ProgramItem(**fields)


ORGANIZERS = (
    Person("Anna Goldie", "Google Brain", id=1),
    Person("Azalia Mirhoseini", "Google Brain", id=2),
    Person("Jonathan Raiman", "OpenAI", id=3),
    Person("Kevin Swersky", "Google", id=4),
    Person("Milad Hashemi", "Google", id=5),
)
MORNING_PRESENTERS = (
    "Artemiy Margaritov",
    "Ravichandra Addanki",
    "Hamidreza Mahyar",
    "Guo Zhang",
    "Adit Bhardwaj",
)


def demo_program() -> Program:
    posters = tuple(
        Poster(board=board, paper=Paper(id=100 + board, title=f"Poster {board}", authors=(name,)))
        for board, name in enumerate(MORNING_PRESENTERS, start=1)
    )
    placeto = Paper(
        id=201,
        title="Placeto: device placement that generalises to unseen graphs",
        authors=("Ravichandra Addanki",),
        url="https://example.org/papers/201.pdf",
    )
    items = (
        make_item(
            1,
            "opening",
            "Opening remarks",
            "Opening remarks",
            utc(14),
            utc(14, 10),
            speakers=ORGANIZERS,
            description="The organizers welcome everyone and introduce the day.",
        ),
        make_item(
            2,
            "invited_talk",
            "Invited talk",
            "Stochastic program optimisation",
            utc(14, 10),
            utc(14, 35),
            speakers=(Person("Eric Schkufza", id=10),),
        ),
        make_item(
            3,
            "poster_session",
            "Poster session",
            "Poster session 1",
            utc(15),
            utc(16),
            posters=posters,
            description="All accepted posters, first session.",
        ),
        make_item(
            4,
            "contributed_talk",
            "Contributed talk",
            "Placeto",
            utc(16, 15),
            utc(16, 30),
            speakers=(Person("Ravichandra Addanki", id=11),),
            papers=(placeto,),
        ),
        make_item(
            5,
            "invited_talk",
            "Invited talk",
            "Jeff Dean",
            utc(21, 25),
            utc(21, 50),
            speakers=(Person("Jeff Dean", "Google", id=12),),
        ),
        make_item(
            6,
            "panel",
            "Panel",
            "Panel discussion",
            utc(21, 50),
            utc(22, 50),
            description="The invited speakers answer questions from the audience.",
        ),
        make_item(
            7,
            "closing",
            "Closing remarks",
            "Closing remarks",
            utc(22, 50),
            utc(23),
            speakers=ORGANIZERS[:2],
        ),
    )
    return Program(
        slug="ml-for-systems-2018",
        acronym="MLSys",
        title="Machine Learning for Systems",
        description="Using machine learning to optimise computer systems.",
        venue=VENUE,
        timezone="America/Toronto",
        start=date(2018, 12, 8),
        end=date(2018, 12, 8),
        version="3",
        released_at=RELEASED,
        url=f"{BASE}/ml-for-systems-2018/program/",
        host=HOST,
        items=items,
        base_url=BASE,
    )


@pytest.fixture
def program() -> Program:
    return demo_program()


def item_by_id(program: Program, item_id: int) -> ProgramItem:
    return next(item for item in program.items if item.id == item_id)


def with_item(program: Program, new: ProgramItem) -> Program:
    items = tuple(new if item.id == new.id else item for item in program.items)
    return replace(program, items=items)


def events(ics: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(ics)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def unfolded(ics: bytes) -> str:
    return ics.decode("utf-8").replace("\r\n ", "")


# ---------------------------------------------------------------------------
# iCalendar feed
# ---------------------------------------------------------------------------


def test_feed_headers(program):
    ics = program_ical(program)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Machine Learning for Systems"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Toronto"
    lines = ics.decode("utf-8").split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert calendar.refresh_interval == timedelta(hours=1)
    # Times are UTC: no VTIMEZONE, no TZID anywhere.
    assert not calendar.walk("VTIMEZONE")
    assert "TZID" not in ics.decode("utf-8")


def test_feed_has_every_item_with_stable_uids(program):
    first = program_ical(program)
    second = program_ical(program)
    assert first == second  # byte-identical: DTSTAMP is the release time, not the clock
    assert set(events(first)) == {f"{n}@{HOST}" for n in range(1, 8)}


def test_times_are_utc(program):
    ics = program_ical(program)
    by_uid = events(ics)
    assert by_uid[f"1@{HOST}"].start == utc(14)
    assert by_uid[f"1@{HOST}"].end == utc(14, 10)
    assert by_uid[f"5@{HOST}"].start == utc(21, 25)
    assert by_uid[f"5@{HOST}"].end == utc(21, 50)
    assert by_uid[f"3@{HOST}"].start == utc(15)
    assert by_uid[f"6@{HOST}"].end == utc(22, 50)
    for event in by_uid.values():
        assert event.start.utcoffset() == timedelta(0)
        assert event.end.utcoffset() == timedelta(0)
    text = ics.decode("utf-8")
    assert "DTSTART:20181208T140000Z" in text
    assert "DTSTART:20181208T212500Z" in text
    assert "DTEND:20181208T230000Z" in text


def test_times_given_in_venue_zone_are_exported_in_utc(program):
    from zoneinfo import ZoneInfo

    montreal = ZoneInfo("America/Toronto")
    opening = item_by_id(program, 1)
    local = replace(
        opening,
        start=datetime(2018, 12, 8, 9, 0, tzinfo=montreal),
        end=datetime(2018, 12, 8, 9, 10, tzinfo=montreal),
    )
    ics = program_ical(with_item(program, local))
    assert program_ical(program) == ics
    assert "DTSTART:20181208T140000Z" in ics.decode("utf-8")


def test_dtstamp_is_release_time_in_utc(program):
    for event in events(program_ical(program)).values():
        assert event.stamp == RELEASED
        assert event.stamp.utcoffset() == timedelta(0)
    assert "DTSTAMP:20181130T170000Z" in program_ical(program).decode("utf-8")
    now = datetime(2018, 12, 1, 8, 30, tzinfo=UTC)
    for event in events(program_ical(program, now=now)).values():
        assert event.stamp == now


def test_moving_an_item_keeps_uid_and_bumps_sequence(program):
    talk = item_by_id(program, 5)
    moved = replace(
        talk,
        start=talk.start + timedelta(minutes=30),
        end=talk.end + timedelta(minutes=30),
        sequence=talk.sequence + 1,
    )
    before = events(program_ical(program))[f"5@{HOST}"]
    after_by_uid = events(program_ical(with_item(program, moved)))
    after = after_by_uid[f"5@{HOST}"]
    assert set(after_by_uid) == set(events(program_ical(program)))
    assert str(after["UID"]) == str(before["UID"]) == f"5@{HOST}"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1 == 1
    assert after.start == utc(21, 55)
    assert after.end == utc(22, 20)


def test_event_properties(program):
    by_uid = events(program_ical(program))
    talk = by_uid[f"5@{HOST}"]
    assert str(talk["SUMMARY"]) == "Jeff Dean"
    assert str(talk["LOCATION"]) == "510 AC, Palais des Congrès de Montréal"
    assert str(talk["URL"]) == f"{BASE}/ml-for-systems-2018/program/#item-5"
    assert talk.categories == ["Invited talk"]
    assert "Jeff Dean (Google)" in str(talk["DESCRIPTION"])
    posters = str(by_uid[f"3@{HOST}"]["DESCRIPTION"])
    assert "Board 1: Poster 1 — Artemiy Margaritov" in posters
    assert "Board 5: Poster 5 — Adit Bhardwaj" in posters
    contributed = str(by_uid[f"4@{HOST}"]["DESCRIPTION"])
    assert "Placeto: device placement" in contributed
    for event in by_uid.values():
        assert "510 AC" in str(event["LOCATION"])
        assert VENUE in str(event["LOCATION"])


def test_text_is_escaped_and_round_trips(program):
    tricky = replace(
        item_by_id(program, 6),
        title='Panel; Q&A, "live" \\ all',
        description="Line one,\nline two; done.",
    )
    event = events(program_ical(with_item(program, tricky)))[f"6@{HOST}"]
    assert str(event["SUMMARY"]) == 'Panel; Q&A, "live" \\ all'
    assert str(event["DESCRIPTION"]).startswith("Line one,\nline two; done.")


def test_item_calendar_has_one_matching_event(program):
    talk = replace(item_by_id(program, 5), sequence=4)
    program = with_item(program, talk)
    single = Calendar.from_ical(item_ical(program, talk))
    vevents = single.walk("VEVENT")
    assert len(vevents) == 1
    assert str(vevents[0]["UID"]) == f"5@{HOST}"
    assert int(vevents[0]["SEQUENCE"]) == 4
    feed_event = events(program_ical(program))[f"5@{HOST}"]
    assert vevents[0].to_ical() == feed_event.to_ical()
    assert str(single["METHOD"]) == "PUBLISH"
    assert item_ical(program, talk) == item_ical(program, talk)


def test_naive_times_are_refused(program):
    naive = replace(item_by_id(program, 1), start=datetime(2018, 12, 8, 14, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        program_ical(with_item(program, naive))


def test_duplicate_item_ids_are_refused(program):
    twin = replace(item_by_id(program, 2), guid=uuid.uuid4(), id=1)
    with pytest.raises(ValueError, match="duplicate"):
        program_ical(replace(program, items=(*program.items, twin)))


# ---------------------------------------------------------------------------
# frab schedule.xml / schedule.json
# ---------------------------------------------------------------------------


@functools.cache
def load_xsd() -> xmlschema.XMLSchema:
    if not XSD_PATH.is_file():
        pytest.fail(f"frab XSD not found at {XSD_PATH} (expected ../shared beside the repo)")
    return xmlschema.XMLSchema(str(XSD_PATH))


@functools.cache
def load_json_validator() -> jsonschema.protocols.Validator:
    if not JSON_SCHEMA_PATH.is_file():
        pytest.fail(f"frab JSON schema not found at {JSON_SCHEMA_PATH}")
    schema = json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def xsd() -> xmlschema.XMLSchema:
    return load_xsd()


@pytest.fixture
def json_validator() -> jsonschema.protocols.Validator:
    return load_json_validator()


def json_errors(validator, document) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def xml_events(xml: bytes) -> dict[str, object]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    return {event.get("id"): event for event in root.iter("event")}


def json_events(document) -> dict[int, dict]:
    found = {}
    for day in document["schedule"]["conference"]["days"]:
        for room_events in day["rooms"].values():
            for event in room_events:
                found[event["id"]] = event
    return found


def test_frab_xml_validates(program, xsd):
    xml = frab_xml(program)
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    errors = [str(error.reason) for error in xsd.iter_errors(xml)]
    assert errors == []
    xsd.validate(xml)
    assert frab_xml(program) == xml  # deterministic


def test_frab_json_validates(program, json_validator):
    document = frab_json(program)
    assert json_errors(json_validator, document) == []
    # The document is plain JSON data and survives a round trip unchanged.
    assert json.loads(json.dumps(document)) == document


def test_frab_validation_catches_broken_documents(program, xsd, json_validator):
    xml = frab_xml(program)
    broken_acronym = xml.replace(b"<acronym>mlsys</acronym>", b"<acronym>ML Sys</acronym>")
    assert broken_acronym != xml
    assert not xsd.is_valid(broken_acronym)
    missing_title = re.sub(rb"<title>Jeff Dean</title>\s*", b"", xml)
    assert missing_title != xml
    assert not xsd.is_valid(missing_title)
    bad_guid = xml.replace(str(guid(5)).encode(), b"not-a-uuid")
    assert not xsd.is_valid(bad_guid)

    document = frab_json(program)
    bad = copy.deepcopy(document)
    bad["schedule"]["conference"]["acronym"] = "ml-for-systems-2018"
    assert json_errors(json_validator, bad)
    bad = copy.deepcopy(document)
    del json_events(bad)[5]["slug"]
    assert json_errors(json_validator, bad)
    bad = copy.deepcopy(document)
    json_events(bad)[5]["guid"] = "not-a-uuid"
    assert json_errors(json_validator, bad)
    bad = copy.deepcopy(document)
    json_events(bad)[5]["duration"] = "25 min"
    assert json_errors(json_validator, bad)
    bad = copy.deepcopy(document)
    json_events(bad)[5]["date"] = "Saturday morning"
    assert json_errors(json_validator, bad)


def test_frab_times_are_in_the_venue_zone(program):
    xml_by_id = xml_events(frab_xml(program))
    opening = xml_by_id["1"]
    assert opening.findtext("date") == "2018-12-08T09:00:00-05:00"
    assert opening.findtext("start") == "09:00"
    assert opening.findtext("duration") == "00:10"
    dean = xml_by_id["5"]
    assert dean.findtext("date") == "2018-12-08T16:25:00-05:00"
    assert dean.findtext("start") == "16:25"
    assert dean.findtext("duration") == "00:25"
    assert xml_by_id["3"].findtext("duration") == "01:00"

    json_by_id = json_events(frab_json(program))
    assert json_by_id[1]["date"] == "2018-12-08T09:00:00-05:00"
    assert json_by_id[1]["start"] == "09:00"
    assert json_by_id[1]["end"] == "2018-12-08T09:10:00-05:00"
    assert json_by_id[5]["date"] == "2018-12-08T16:25:00-05:00"
    assert json_by_id[7]["end"] == "2018-12-08T18:00:00-05:00"
    for event in json_by_id.values():
        assert datetime.fromisoformat(event["date"]).utcoffset() == timedelta(hours=-5)


def test_frab_conference_and_days(program):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(frab_xml(program))
    assert root.findtext("version") == "3"
    conference = root.find("conference")
    assert conference.findtext("acronym") == "mlsys"
    assert conference.findtext("title") == "Machine Learning for Systems"
    assert conference.findtext("start") == "2018-12-08"
    assert conference.findtext("days") == "1"
    assert conference.findtext("time_zone_name") == "America/Toronto"
    assert conference.findtext("timeslot_duration") == "00:05"
    days = root.findall("day")
    assert [(d.get("index"), d.get("date")) for d in days] == [("1", "2018-12-08")]
    assert days[0].get("start") == "2018-12-08T09:00:00-05:00"
    assert days[0].get("end") == "2018-12-08T18:00:00-05:00"
    rooms = days[0].findall("room")
    assert [room.get("name") for room in rooms] == ["510 AC"]
    assert len(rooms[0].findall("event")) == 7

    document = frab_json(program)
    conf = document["schedule"]["conference"]
    assert conf["acronym"] == "mlsys"
    assert conf["time_zone_name"] == "America/Toronto"
    assert conf["daysCount"] == 1
    assert [room["name"] for room in conf["rooms"]] == ["510 AC"]
    assert conf["days"][0]["index"] == 1
    assert conf["days"][0]["date"] == "2018-12-08"
    assert list(conf["days"][0]["rooms"]) == ["510 AC"]
    assert [e["id"] for e in conf["days"][0]["rooms"]["510 AC"]] == [1, 2, 3, 4, 5, 6, 7]


def test_frab_event_fields(program):
    event = xml_events(frab_xml(program))["5"]
    assert event.get("guid") == str(guid(5))
    assert event.findtext("room") == "510 AC"
    assert event.findtext("slug") == "mlsys-5-jeff-dean"
    assert event.findtext("track") == "Invited talk"
    assert event.findtext("type") == "talk"
    assert event.findtext("language") == "en"
    assert event.findtext("url") == f"{BASE}/ml-for-systems-2018/program/#item-5"
    persons = event.find("persons").findall("person")
    assert [(p.get("id"), p.text) for p in persons] == [("12", "Jeff Dean")]

    by_id = json_events(frab_json(program))
    talk = by_id[4]
    assert talk["guid"] == str(guid(4))
    assert talk["slug"] == "mlsys-4-placeto"
    assert talk["type"] == "talk"
    assert talk["persons"] == [{"name": "Ravichandra Addanki", "id": 11}]
    assert talk["links"] == [
        {
            "type": "paper",
            "url": "https://example.org/papers/201.pdf",
            "title": "Placeto: device placement that generalises to unseen graphs",
        }
    ]
    assert talk["attachments"] == []
    assert "Board 3: Poster 3 — Hamidreza Mahyar" in by_id[3]["description"]
    assert by_id[6]["type"] == "discussion"
    # "uri" formats are only checked by jsonschema with an optional package: check here.
    for event in by_id.values():
        assert urlsplit(event["url"]).scheme == "https"


def test_frab_days_follow_the_venue_local_date(program, xsd, json_validator):
    # 02:00 UTC on 9 December is still 21:00 on 8 December in Montréal; 14:00 UTC on
    # 9 December is the next local day.
    reception = make_item(
        8,
        "break",
        "Break",
        "Evening reception",
        utc(2, day=9),
        utc(4, day=9),
        room="Foyer",
    )
    next_day = make_item(
        9, "invited_talk", "Invited talk", "Day two", utc(14, day=9), utc(14, 25, day=9)
    )
    program = replace(program, items=(*program.items, reception, next_day), end=date(2018, 12, 9))
    xml = frab_xml(program)
    xsd.validate(xml)
    document = frab_json(program)
    assert json_errors(json_validator, document) == []

    days = document["schedule"]["conference"]["days"]
    assert [(d["index"], d["date"]) for d in days] == [(1, "2018-12-08"), (2, "2018-12-09")]
    assert [e["id"] for e in days[0]["rooms"]["Foyer"]] == [8]
    assert days[0]["rooms"]["Foyer"][0]["date"] == "2018-12-08T21:00:00-05:00"
    assert days[0]["day_end"] == "2018-12-08T23:00:00-05:00"
    assert [e["id"] for e in days[1]["rooms"]["510 AC"]] == [9]
    assert days[1]["rooms"]["Foyer"] == []
    assert document["schedule"]["conference"]["daysCount"] == 2


def test_frab_summer_time_offset(program):
    summer = make_item(
        1,
        "opening",
        "Opening remarks",
        "Opening",
        datetime(2019, 6, 14, 13, 0, tzinfo=UTC),
        datetime(2019, 6, 14, 13, 10, tzinfo=UTC),
    )
    program = replace(program, items=(summer,), start=date(2019, 6, 14), end=date(2019, 6, 14))
    event = json_events(frab_json(program))[1]
    assert event["date"] == "2019-06-14T09:00:00-04:00"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ml-for-systems-2018", "ml_for_systems_2018"),
        ("MLSys", "mlsys"),
        ("Montréal ML 2018", "montreal_ml_2018"),
        ("ML", "ml_conf"),
        ("--", "conference"),
        ("36c3", "36c3"),
    ],
)
def test_frab_acronym_examples(raw, expected):
    assert frab_acronym(raw) == expected


ACRONYM_JSON = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
ACRONYM_XSD = re.compile(r"[a-z0-9_-]{4,}")
SLUG_XSD = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")
SLUG_JSON = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")


@given(st.text(max_size=40))
def test_frab_acronym_is_always_valid_and_idempotent(raw):
    acronym = frab_acronym(raw)
    assert ACRONYM_JSON.fullmatch(acronym)
    assert ACRONYM_XSD.fullmatch(acronym)
    assert frab_acronym(acronym) == acronym


@given(acronym=st.text(max_size=20), title=st.text(max_size=80), item_id=st.integers(1, 10**6))
def test_frab_slug_is_always_valid(acronym, title, item_id):
    program = replace(demo_program(), acronym=acronym)
    item = replace(item_by_id(program, 5), id=item_id, title=title)
    slug = frab_slug(program, item)
    assert SLUG_XSD.fullmatch(slug)
    assert SLUG_JSON.fullmatch(slug)


@settings(max_examples=25, deadline=None)
@given(title=st.text(max_size=60), description=st.text(max_size=200))
def test_frab_exports_validate_for_any_text(title, description):
    xsd = load_xsd()
    json_validator = load_json_validator()
    program = demo_program()
    item = replace(item_by_id(program, 6), title=title, description=description)
    program = with_item(program, item)
    xml = frab_xml(program)
    assert list(xsd.iter_errors(xml)) == []
    document = frab_json(program)
    assert json_errors(json_validator, document) == []
    event = xml_events(xml)["6"]
    assert (event.findtext("abstract") or "") == re.sub(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", description
    ).replace("\r\n", "\n").replace("\r", "\n")


def test_frab_exports_of_an_empty_program_validate(program, xsd, json_validator):
    empty = replace(program, items=(), timezone="Etc/GMT+5", acronym="", base_url="")
    xml = frab_xml(empty)
    assert list(xsd.iter_errors(xml)) == []
    document = frab_json(empty)
    assert json_errors(json_validator, document) == []
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "ml_for_systems_2018"  # from the slug
    assert "time_zone_name" not in conference  # "Etc/GMT+5" fails the schema's pattern
    assert conference["days"] == [
        {
            "index": 1,
            "date": "2018-12-08",
            "day_start": "2018-12-08T00:00:00-05:00",
            "day_end": "2018-12-09T00:00:00-05:00",
            "rooms": {},
        }
    ]
    assert Calendar.from_ical(program_ical(empty)).walk("VEVENT") == []

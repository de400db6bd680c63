"""Exports of a released program: iCalendar feeds and frab ("schedule.xml"/"schedule.json").

Pure Python on purpose (an import-linter contract keeps Django out of this module): the
Django layer copies a released schedule version into the frozen dataclasses below and hands
them to the export functions, which return bytes (or a JSON-ready ``dict``).

Decisions
---------
* **iCalendar times are UTC** (``DTSTART:20181208T140000Z``); no VTIMEZONE is emitted.
  UTC is unambiguous and every client converts it to the viewer's zone.  ``X-WR-TIMEZONE``
  carries the venue zone for information only (clients that honour it apply it to floating
  times, and the feed has none).
* **DTSTAMP is the release time** of the schedule version (``Program.released_at``, in UTC),
  not the wall clock, so two exports of the same release are byte-identical (caches, ETags
  and tests can rely on that).  Pass ``now=`` to ``program_ical``/``item_ical`` to override
  it, e.g. for a preview of an unreleased draft.
* **UIDs are ``<item id>@<host>``** and stable across versions; ``SEQUENCE`` comes from the
  item, so a moved item keeps its UID and clients update it in place.
* **frab exports use the venue zone**: every event ``date`` is an ISO-8601 time with the
  venue's UTC offset (``2018-12-08T09:00:00-05:00`` for 14:00 UTC in Montréal), ``start`` is
  the local ``HH:MM`` and days are grouped by the venue's local date (index 1..n).
* **frab acronym**: see :func:`frab_acronym` (``"ml-for-systems-2018"`` ->
  ``"ml_for_systems_2018"``, ``"MLSys"`` -> ``"mlsys"``).
* ``time_zone_name`` is written to the JSON only when it satisfies the schema's pattern
  (``America/Toronto`` does; ``Etc/GMT+5`` does not); the XML always carries it.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

__all__ = [
    "FRAB_SCHEMA_URL",
    "PRODID",
    "Paper",
    "Person",
    "Poster",
    "Program",
    "ProgramItem",
    "frab_acronym",
    "frab_json",
    "frab_slug",
    "frab_xml",
    "item_ical",
    "item_uid",
    "location_text",
    "program_ical",
]

PRODID = "-//confworkshop//Workshop schedule//EN"
GENERATOR_NAME = "confworkshop"
FRAB_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
REFRESH_INTERVAL = timedelta(hours=1)

# frab/c3voc event "type" for each program item kind; unknown kinds become "other".
# The human label (ProgramItem.kind_label) goes into the frab "track" instead.
FRAB_EVENT_TYPES: dict[str, str] = {
    "opening": "other",
    "invited_talk": "talk",
    "contributed_talk": "talk",
    "spotlight": "talk",
    "poster_session": "meeting",
    "panel": "discussion",
    "break": "other",
    "closing": "other",
}

_JSON_TZ_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
# Characters that XML 1.0 cannot carry at all (ElementTree would write them verbatim).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------------------
# Input dataclasses (filled by the Django layer from a released schedule version)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Paper:
    id: int
    title: str
    authors: tuple[str, ...]
    abstract: str = ""
    url: str = ""  # optional absolute URL (PDF or paper page); becomes a frab "paper" link


@dataclass(frozen=True)
class Poster:
    board: int
    paper: Paper


@dataclass(frozen=True)
class ProgramItem:
    id: int
    guid: uuid.UUID  # stable per item, across schedule versions
    kind: str  # "opening", "invited_talk", "contributed_talk", "spotlight", ...
    kind_label: str  # human label of the kind, e.g. "Invited talk"
    title: str
    description: str  # plain/markdown text
    start: datetime  # aware
    end: datetime  # aware
    room: str
    speakers: tuple[Person, ...] = ()
    papers: tuple[Paper, ...] = ()
    posters: tuple[Poster, ...] = ()
    sequence: int = 0
    url: str = ""  # absolute URL of the item on the public page


@dataclass(frozen=True)
class Program:
    slug: str
    acronym: str
    title: str
    description: str
    venue: str
    timezone: str  # IANA zone of the venue, e.g. "America/Toronto"
    start: date  # first conference day (venue-local)
    end: date  # last conference day (venue-local)
    version: str  # e.g. "3"
    released_at: datetime  # aware
    url: str  # public schedule page
    host: str  # for UIDs, e.g. "example.org"
    items: tuple[ProgramItem, ...]
    base_url: str = ""


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _utc(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def _sorted_items(program: Program) -> list[ProgramItem]:
    ids: set[int] = set()
    guids: set[uuid.UUID] = set()
    for item in program.items:
        if item.id in ids:
            raise ValueError(f"duplicate program item id {item.id}")
        if item.guid in guids:
            raise ValueError(f"duplicate program item guid {item.guid}")
        if _utc(item.end, "item end") < _utc(item.start, "item start"):
            raise ValueError(f"program item {item.id} ends before it starts")
        ids.add(item.id)
        guids.add(item.guid)
    return sorted(
        program.items,
        key=lambda i: (_utc(i.start, "item start"), _utc(i.end, "item end"), i.room, i.id),
    )


def item_uid(program: Program, item: ProgramItem) -> str:
    """The iCalendar UID of an item: ``<item id>@<host>``, stable across versions."""
    return f"{item.id}@{program.host}"


def location_text(program: Program, item: ProgramItem) -> str:
    """``"510 AC, Palais des Congrès de Montréal"``: room and venue, skipping blanks."""
    return ", ".join(part for part in (item.room.strip(), program.venue.strip()) if part)


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


def _authors(authors: Sequence[str]) -> str:
    return ", ".join(a for a in authors if a)


def _paper_line(paper: Paper) -> str:
    authors = _authors(paper.authors)
    return f"{paper.title} — {authors}" if authors else paper.title


def _listing(item: ProgramItem) -> str:
    """Speakers, papers and poster boards of an item as plain text (no description)."""
    blocks: list[str] = []
    if item.speakers:
        label = "Speaker" if len(item.speakers) == 1 else "Speakers"
        blocks.append(f"{label}: " + "; ".join(_person_label(p) for p in item.speakers))
    if item.papers:
        label = "Paper" if len(item.papers) == 1 else "Papers"
        blocks.append(f"{label}:\n" + "\n".join(f"- {_paper_line(p)}" for p in item.papers))
    if item.posters:
        lines = [
            f"- Board {poster.board}: {_paper_line(poster.paper)}"
            for poster in sorted(item.posters, key=lambda p: (p.board, p.paper.id))
        ]
        blocks.append("Posters:\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _ical_description(item: ProgramItem) -> str:
    blocks = [item.description.strip(), _listing(item), item.url.strip()]
    return "\n\n".join(block for block in blocks if block)


# ---------------------------------------------------------------------------
# iCalendar
# ---------------------------------------------------------------------------


def _vevent(program: Program, item: ProgramItem, stamp: datetime) -> Event:
    event = Event.new(
        uid=item_uid(program, item),
        stamp=stamp,
        start=_utc(item.start, "item start"),
        end=_utc(item.end, "item end"),
        sequence=item.sequence,
        summary=item.title or item.kind_label,
        description=_ical_description(item) or None,
        location=location_text(program, item) or None,
        url=item.url or None,
        categories=[item.kind_label] if item.kind_label else (),
    )
    return event


def _calendar(program: Program, *, feed: bool, uid: str) -> Calendar:
    calendar = Calendar.new(
        prodid=PRODID,
        version="2.0",
        calscale="GREGORIAN",
        method="PUBLISH",
        # A fixed calendar UID: Calendar.new() would otherwise invent a random one.
        uid=uid,
        name=program.title if feed else None,
        description=(program.description or None) if feed else None,
        url=(program.url or None) if feed else None,
    )
    if feed:
        calendar.add("X-WR-TIMEZONE", program.timezone)
        # RFC 7986 wants the value type spelled out: REFRESH-INTERVAL;VALUE=DURATION:PT1H
        calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        # Outlook's older spelling of the same hint.
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    return calendar


def _stamp(program: Program, now: datetime | None) -> datetime:
    return _utc(now if now is not None else program.released_at, "DTSTAMP")


def program_ical(program: Program, *, now: datetime | None = None) -> bytes:
    """The whole program as an iCalendar feed (``text/calendar``), times in UTC.

    ``DTSTAMP`` of every event is ``program.released_at`` (UTC) unless ``now`` is given, so
    exporting the same release twice yields identical bytes.
    """
    stamp = _stamp(program, now)
    calendar = _calendar(program, feed=True, uid=f"schedule-{program.slug}@{program.host}")
    for item in _sorted_items(program):
        calendar.add_component(_vevent(program, item, stamp))
    return calendar.to_ical()


def item_ical(program: Program, item: ProgramItem, *, now: datetime | None = None) -> bytes:
    """One item as a calendar with a single VEVENT (same UID and SEQUENCE as in the feed)."""
    calendar = _calendar(
        program, feed=False, uid=f"schedule-{program.slug}-item-{item.id}@{program.host}"
    )
    calendar.add_component(_vevent(program, item, _stamp(program, now)))
    return calendar.to_ical()


# ---------------------------------------------------------------------------
# frab
# ---------------------------------------------------------------------------


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def frab_acronym(slug_or_acronym: str) -> str:
    """Map a slug or acronym to a frab conference acronym that both schemas accept.

    The JSON schema wants ``^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$`` and the XSD
    ``[a-z0-9_-]{4,}``; the result always matches the stricter common subset
    ``[a-z0-9_]{4,}``, which also keeps event slugs (``<acronym>-<id>-<title>``) valid:

    * accents are folded to ASCII and letters lower-cased;
    * every run of other characters (hyphens, spaces, dots, ...) becomes one ``_``, with
      none at either end: ``"ml-for-systems-2018"`` -> ``"ml_for_systems_2018"``,
      ``"MLSys"`` -> ``"mlsys"``, ``"Montréal ML 2018"`` -> ``"montreal_ml_2018"``;
    * a result shorter than four characters gets ``_conf`` appended (``"ML"`` -> ``"ml_conf"``),
      an empty one becomes ``"conference"``.

    The mapping is idempotent: ``frab_acronym(frab_acronym(x)) == frab_acronym(x)``.
    """
    words = _ascii_words(slug_or_acronym)
    acronym = "_".join(words)
    if not acronym:
        return "conference"
    if len(acronym) < 4:
        acronym = f"{acronym}_conf"
    return acronym


def _title_slug(text: str, limit: int = 60) -> str:
    slug = ""
    for word in _ascii_words(text):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def frab_slug(program: Program, item: ProgramItem) -> str:
    """``<acronym>-<item id>-<slugified title>``, e.g. ``ml_for_systems_2018-7-jeff-dean``."""
    if item.id < 1:
        raise ValueError(f"frab needs positive event ids, got {item.id}")
    words = _title_slug(item.title) or _title_slug(item.kind) or "event"
    tail = f"{item.id}-{words}"
    if len(tail) < 4:  # the XSD wants at least four characters after the acronym
        tail = f"{tail}-event"
    return f"{frab_acronym(program.acronym or program.slug)}-{tail}"


def _is_http_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _hhmm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _track_slug(kind: str) -> str:
    # Valid for both the XSD (``[a-z][a-z0-9-]+``) and the JSON schema (``[a-z0-9_-]+[a-z0-9]``).
    slug = _title_slug(kind) or "other"
    if not slug[0].isalpha() or len(slug) < 2:
        slug = f"track-{slug}"
    return slug


def _room_name(program: Program, item: ProgramItem) -> str:
    return item.room.strip() or program.venue.strip() or "Venue"


def _room_guid(program: Program, name: str) -> str:
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, program.host or "localhost")
    return str(uuid.uuid5(namespace, f"room:{program.slug}:{name}"))


def _timeslot(items: Iterable[ProgramItem], tz: ZoneInfo) -> str:
    step = 0
    for item in items:
        local = item.start.astimezone(tz)
        step = math.gcd(step, local.hour * 60 + local.minute)
        step = math.gcd(step, int((item.end - item.start).total_seconds()) // 60)
    if step == 0:
        step = 15
    return _hhmm(timedelta(minutes=min(step, 60)))


@dataclass(frozen=True)
class _Day:
    index: int
    date: date
    start: datetime
    end: datetime
    items: tuple[ProgramItem, ...]


@dataclass(frozen=True)
class _FrabData:
    acronym: str
    tz: ZoneInfo
    rooms: tuple[str, ...]
    tracks: tuple[tuple[str, str], ...]  # (label, slug)
    days: tuple[_Day, ...]
    timeslot: str


def _frab_data(program: Program) -> _FrabData:
    tz = ZoneInfo(program.timezone)
    items = _sorted_items(program)
    if program.end < program.start:
        raise ValueError("program ends before it starts")
    by_date: dict[date, list[ProgramItem]] = {}
    for item in items:
        by_date.setdefault(item.start.astimezone(tz).date(), []).append(item)
    dates = set(by_date)
    day = program.start
    while day <= program.end:
        dates.add(day)
        day += timedelta(days=1)
    days = []
    for index, day in enumerate(sorted(dates), start=1):
        day_items = by_date.get(day, [])
        if day_items:
            start = min(i.start for i in day_items).astimezone(tz)
            end = max(i.end for i in day_items).astimezone(tz)
        else:
            start = datetime(day.year, day.month, day.day, tzinfo=tz)
            end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        days.append(_Day(index, day, start, end, tuple(day_items)))
    rooms = tuple(dict.fromkeys(_room_name(program, i) for i in items))
    tracks = tuple(
        dict.fromkeys((i.kind_label, _track_slug(i.kind)) for i in items if i.kind_label)
    )
    return _FrabData(
        acronym=frab_acronym(program.acronym or program.slug),
        tz=tz,
        rooms=rooms,
        tracks=tracks,
        days=tuple(days),
        timeslot=_timeslot(items, tz),
    )


def _iso(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def _links(item: ProgramItem) -> list[tuple[str, str, str]]:
    """(type, url, title) of the links of an item: the papers that have a URL."""
    papers = list(item.papers) + [poster.paper for poster in item.posters]
    seen: set[str] = set()
    links = []
    for paper in papers:
        if paper.url and _is_http_url(paper.url) and paper.url not in seen:
            seen.add(paper.url)
            links.append(("paper", paper.url, paper.title))
    return links


def _frab_event_json(
    program: Program, item: ProgramItem, data: _FrabData, language: str
) -> dict[str, Any]:
    persons = []
    for person in item.speakers:
        entry: dict[str, Any] = {"name": person.name}
        if person.id is not None:
            entry["id"] = person.id
        persons.append(entry)
    return {
        "guid": str(item.guid),
        "id": item.id,
        "date": _iso(item.start, data.tz),
        "start": item.start.astimezone(data.tz).strftime("%H:%M"),
        "end": _iso(item.end, data.tz),
        "duration": _hhmm(item.end - item.start),
        "room": _room_name(program, item),
        "slug": frab_slug(program, item),
        "url": item.url or program.url,
        "title": item.title or item.kind_label,
        "subtitle": "",
        "track": item.kind_label or None,
        "type": FRAB_EVENT_TYPES.get(item.kind, "other"),
        "language": language,
        "abstract": item.description,
        "description": _listing(item),
        "persons": persons,
        "links": [{"type": t, "url": u, "title": title} for t, u, title in _links(item)],
        "attachments": [],
    }


def frab_json(program: Program, *, language: str = "en") -> dict[str, Any]:
    """The program as a frab/c3voc ``schedule.json`` document (a JSON-ready dict).

    Validates against the c3voc schema (``frab-schedule.schema.json``).
    """
    data = _frab_data(program)
    conference: dict[str, Any] = {
        "acronym": data.acronym,
        "title": program.title,
        "start": data.days[0].date.isoformat(),
        "end": data.days[-1].date.isoformat(),
        "daysCount": len(data.days),
        "timeslot_duration": data.timeslot,
    }
    if program.description:
        conference["description"] = program.description
    if _JSON_TZ_PATTERN.search(program.timezone):
        conference["time_zone_name"] = program.timezone
    if program.url:
        conference["url"] = program.url
    conference["tracks"] = [{"name": label, "slug": slug} for label, slug in data.tracks]
    conference["rooms"] = [{"name": name, "guid": _room_guid(program, name)} for name in data.rooms]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": _iso(day.start, data.tz),
            "day_end": _iso(day.end, data.tz),
            "rooms": {
                room: [
                    _frab_event_json(program, item, data, language)
                    for item in day.items
                    if _room_name(program, item) == room
                ]
                for room in data.rooms
            },
        }
        for day in data.days
    ]
    schedule: dict[str, Any] = {"version": program.version}
    if program.url:
        schedule["url"] = program.url
    if program.base_url:
        schedule["base_url"] = program.base_url
    schedule["conference"] = conference
    return {
        "$schema": FRAB_SCHEMA_URL,
        "generator": {"name": GENERATOR_NAME},
        "schedule": schedule,
    }


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _frab_event_xml(
    parent: ET.Element, program: Program, item: ProgramItem, data: _FrabData, language: str
) -> None:
    event = _sub(parent, "event", guid=str(item.guid), id=str(item.id))
    _sub(event, "room", _room_name(program, item))
    _sub(event, "title", item.title or item.kind_label)
    _sub(event, "subtitle", "")
    _sub(event, "type", FRAB_EVENT_TYPES.get(item.kind, "other"))
    _sub(event, "date", _iso(item.start, data.tz))
    _sub(event, "start", item.start.astimezone(data.tz).strftime("%H:%M"))
    _sub(event, "duration", _hhmm(item.end - item.start))
    _sub(event, "abstract", item.description)
    _sub(event, "slug", frab_slug(program, item))
    _sub(event, "track", item.kind_label)
    persons = _sub(event, "persons")
    for person in item.speakers:
        if person.id is None:
            _sub(persons, "person", person.name)
        else:
            _sub(persons, "person", person.name, id=str(person.id))
    _sub(event, "language", language)
    _sub(event, "description", _listing(item))
    links = _sub(event, "links")
    for kind, url, title in _links(item):
        _sub(links, "link", title, href=url, type=kind)
    _sub(event, "attachments")
    url = item.url or program.url
    if _is_http_url(url):
        _sub(event, "url", url)


def frab_xml(program: Program, *, language: str = "en") -> bytes:
    """The program as a frab ``schedule.xml`` (UTF-8 bytes with an XML declaration).

    Validates against the c3voc XSD (``frab-schedule.xsd``); read by Giggity and ConfClerk.
    """
    data = _frab_data(program)
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR_NAME)
    if _is_http_url(program.url):
        _sub(root, "url", program.url)
    _sub(root, "version", program.version)
    conference = _sub(root, "conference")
    _sub(conference, "acronym", data.acronym)
    _sub(conference, "title", program.title)
    _sub(conference, "start", data.days[0].date.isoformat())
    _sub(conference, "end", data.days[-1].date.isoformat())
    _sub(conference, "days", str(len(data.days)))
    _sub(conference, "timeslot_duration", data.timeslot)
    if _is_http_url(program.base_url):
        _sub(conference, "base_url", program.base_url)
    if _is_http_url(program.url):
        _sub(conference, "url", program.url)
    _sub(conference, "time_zone_name", program.timezone)
    for label, slug in data.tracks:
        _sub(conference, "track", name=label, slug=slug)
    for day in data.days:
        day_element = _sub(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=_iso(day.start, data.tz),
            end=_iso(day.end, data.tz),
        )
        for room in data.rooms:
            room_element = _sub(day_element, "room", name=room, guid=_room_guid(program, room))
            for item in day.items:
                if _room_name(program, item) == room:
                    _frab_event_xml(room_element, program, item, data, language)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

"""frab/c3voc ``schedule.json``: the program as a JSON-ready dict."""

from __future__ import annotations

import re
from typing import Any

from .frab import (
    FRAB_EVENT_TYPES,
    GENERATOR_NAME,
    FrabData,
    frab_data,
    frab_slug,
    hhmm,
    iso,
    links,
    room_guid,
    room_name,
)
from .program import Program, ProgramItem, listing

FRAB_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

_JSON_TZ_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def _frab_event_json(
    program: Program, item: ProgramItem, data: FrabData, language: str
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
        "date": iso(item.start, data.tz),
        "start": item.start.astimezone(data.tz).strftime("%H:%M"),
        "end": iso(item.end, data.tz),
        "duration": hhmm(item.end - item.start),
        "room": room_name(program, item),
        "slug": frab_slug(program, item),
        "url": item.url or program.url,
        "title": item.title or item.kind_label,
        "subtitle": "",
        "track": item.kind_label or None,
        "type": FRAB_EVENT_TYPES.get(item.kind, "other"),
        "language": language,
        "abstract": item.description,
        "description": listing(item),
        "persons": persons,
        "links": [{"type": t, "url": u, "title": title} for t, u, title in links(item)],
        "attachments": [],
    }


def frab_json(program: Program, *, language: str = "en") -> dict[str, Any]:
    """The program as a frab/c3voc ``schedule.json`` document (a JSON-ready dict).

    Validates against the c3voc schema (``frab-schedule.schema.json``).
    """
    data = frab_data(program)
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
    conference["rooms"] = [{"name": name, "guid": room_guid(program, name)} for name in data.rooms]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": iso(day.start, data.tz),
            "day_end": iso(day.end, data.tz),
            "rooms": {
                room: [
                    _frab_event_json(program, item, data, language)
                    for item in day.items
                    if room_name(program, item) == room
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

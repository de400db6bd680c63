"""frab ``schedule.xml``: the program as UTF-8 XML, read by Giggity and ConfClerk."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .frab import (
    FRAB_EVENT_TYPES,
    GENERATOR_NAME,
    FrabData,
    frab_data,
    frab_slug,
    hhmm,
    is_http_url,
    iso,
    links,
    room_guid,
    room_name,
)
from .program import Program, ProgramItem, listing

# Characters that XML 1.0 cannot carry at all (ElementTree would write them verbatim).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _frab_event_xml(
    parent: ET.Element, program: Program, item: ProgramItem, data: FrabData, language: str
) -> None:
    event = _sub(parent, "event", guid=str(item.guid), id=str(item.id))
    _sub(event, "room", room_name(program, item))
    _sub(event, "title", item.title or item.kind_label)
    _sub(event, "subtitle", "")
    _sub(event, "type", FRAB_EVENT_TYPES.get(item.kind, "other"))
    _sub(event, "date", iso(item.start, data.tz))
    _sub(event, "start", item.start.astimezone(data.tz).strftime("%H:%M"))
    _sub(event, "duration", hhmm(item.end - item.start))
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
    _sub(event, "description", listing(item))
    links_element = _sub(event, "links")
    for kind, url, title in links(item):
        _sub(links_element, "link", title, href=url, type=kind)
    _sub(event, "attachments")
    url = item.url or program.url
    if is_http_url(url):
        _sub(event, "url", url)


def frab_xml(program: Program, *, language: str = "en") -> bytes:
    """The program as a frab ``schedule.xml`` (UTF-8 bytes with an XML declaration).

    Validates against the c3voc XSD (``frab-schedule.xsd``); read by Giggity and ConfClerk.
    """
    data = frab_data(program)
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR_NAME)
    if is_http_url(program.url):
        _sub(root, "url", program.url)
    _sub(root, "version", program.version)
    conference = _sub(root, "conference")
    _sub(conference, "acronym", data.acronym)
    _sub(conference, "title", program.title)
    _sub(conference, "start", data.days[0].date.isoformat())
    _sub(conference, "end", data.days[-1].date.isoformat())
    _sub(conference, "days", str(len(data.days)))
    _sub(conference, "timeslot_duration", data.timeslot)
    if is_http_url(program.base_url):
        _sub(conference, "base_url", program.base_url)
    if is_http_url(program.url):
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
            start=iso(day.start, data.tz),
            end=iso(day.end, data.tz),
        )
        for room in data.rooms:
            room_element = _sub(day_element, "room", name=room, guid=room_guid(program, room))
            for item in day.items:
                if room_name(program, item) == room:
                    _frab_event_xml(room_element, program, item, data, language)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

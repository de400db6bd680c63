"""Exports of a released program: iCalendar feeds and frab ("schedule.xml"/"schedule.json")."""

from .frab import (
    FRAB_SCHEMA_URL,
    PRODID,
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
    item_uid,
    location_text,
    program_ical,
)

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

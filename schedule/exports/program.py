"""The released program as frozen dataclasses, and what every export needs from it.

The Django layer fills these from a released schedule version; the helpers below check the
items once (aware times, unique ids) and describe an item's people and papers as plain text,
which both the iCalendar and the frab exports show.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime


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
    # Items of earlier versions that are no longer on the program: the iCal feed keeps them
    # as STATUS:CANCELLED events, so that subscribed calendars drop them for certain.
    cancelled: tuple[ProgramItem, ...] = ()


def utc(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def sorted_items(program: Program) -> list[ProgramItem]:
    ids: set[int] = set()
    guids: set[uuid.UUID] = set()
    for item in program.items:
        if item.id in ids:
            raise ValueError(f"duplicate program item id {item.id}")
        if item.guid in guids:
            raise ValueError(f"duplicate program item guid {item.guid}")
        if utc(item.end, "item end") < utc(item.start, "item start"):
            raise ValueError(f"program item {item.id} ends before it starts")
        ids.add(item.id)
        guids.add(item.guid)
    return sorted(
        program.items,
        key=lambda i: (utc(i.start, "item start"), utc(i.end, "item end"), i.room, i.id),
    )


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


def _authors(authors: Sequence[str]) -> str:
    return ", ".join(a for a in authors if a)


def _paper_line(paper: Paper) -> str:
    authors = _authors(paper.authors)
    return f"{paper.title} — {authors}" if authors else paper.title


def listing(item: ProgramItem) -> str:
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

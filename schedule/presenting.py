"""What a released program says about papers and people: where each paper is presented
(talk, spotlight, poster session and board) and who speaks in which items. Read from a
snapshot only (see schedule/snapshot.py), so the public pages agree with the program."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.text import slugify

from .enums import ItemKind
from .snapshot import parse

# How an item presents the papers it lists (a poster session presents them on boards).
_AS = {
    ItemKind.CONTRIBUTED_TALK: "Contributed talk",
    ItemKind.SPOTLIGHT: "Spotlight",
}


@dataclass(frozen=True)
class When:
    day: str  # "Saturday 8 December 2018"
    start_hm: str
    end_hm: str
    start: str  # ISO 8601, UTC
    end: str


def when(row: dict, zone: str) -> When:
    """An item's time in the venue's zone, formatted here: the date filter would convert
    back to the active zone (UTC)."""
    tz = zoneinfo.ZoneInfo(zone)
    start, end = parse(row["start"]).astimezone(tz), parse(row["end"]).astimezone(tz)
    return When(
        day=dateformat.format(start, "l j F Y"),
        start_hm=f"{start:%H:%M}",
        end_hm=f"{end:%H:%M}",
        start=row["start"],
        end=row["end"],
    )


@dataclass(frozen=True)
class Presentation:
    item_id: int
    label: str  # "Contributed talk", "Poster"
    item_title: str
    when: When
    room: str
    board: int | None = None

    @property
    def is_poster(self) -> bool:
        return self.board is not None


def presentations(snapshot: dict | None) -> dict[int, list[Presentation]]:
    """{submission id: its presentations in time order} for the papers on the program."""
    if not snapshot:
        return {}
    zone = snapshot["workshop"]["timezone"]
    found: dict[int, list[Presentation]] = {}
    for row in snapshot["items"]:
        at = when(row, zone)
        for paper in row["papers"]:
            label = _AS.get(row["kind"], row["kind_label"])
            found.setdefault(paper["id"], []).append(
                Presentation(row["id"], label, row["title"], at, row["room"])
            )
        for poster in row["posters"]:
            found.setdefault(poster["paper"]["id"], []).append(
                Presentation(row["id"], "Poster", row["title"], at, row["room"], poster["board"])
            )
    return found


def paper_ids(snapshot: dict | None) -> set[int]:
    if not snapshot:
        return set()
    return {
        paper["id"]
        for row in snapshot["items"]
        for paper in [*row["papers"], *(p["paper"] for p in row["posters"])]
    }


# --- Speakers ---------------------------------------------------------------------------------


@dataclass
class SpeakerEntry:
    """One person on the program, as the API's speaker list groups them: by name and
    affiliation."""

    slug: str
    name: str
    affiliation: str
    item_ids: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.affiliation)


def speakers(snapshot: dict | None) -> list[SpeakerEntry]:
    """The program's speakers by name, each with a slug unique in the program ("jeff-dean",
    and "jeff-dean-google" beside another Jeff Dean)."""
    if not snapshot:
        return []
    people: dict[tuple[str, str], SpeakerEntry] = {}
    for row in snapshot["items"]:
        for speaker in row["speakers"]:
            key = (speaker["name"], speaker["affiliation"])
            entry = people.setdefault(key, SpeakerEntry("", *key))
            if row["id"] not in entry.item_ids:
                entry.item_ids.append(row["id"])
    entries = sorted(people.values(), key=lambda e: (e.name.casefold(), e.affiliation))
    taken: set[str] = set()
    for entry in entries:
        base = slugify(entry.name) or "speaker"
        slug = base
        if slug in taken and entry.affiliation:
            slug = f"{base}-{slugify(entry.affiliation)}"
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        entry.slug = slug
    return entries


# --- Poster sessions --------------------------------------------------------------------------


@dataclass(frozen=True)
class PosterSession:
    item_id: int
    title: str
    when: When
    room: str
    boards: list[dict]  # {"board", "paper": PAPER}, by board number


def poster_sessions(snapshot: dict | None) -> list[PosterSession]:
    if not snapshot:
        return []
    zone = snapshot["workshop"]["timezone"]
    return [
        PosterSession(row["id"], row["title"], when(row, zone), row["room"], row["posters"])
        for row in snapshot["items"]
        if row["kind"] == ItemKind.POSTER_SESSION
    ]

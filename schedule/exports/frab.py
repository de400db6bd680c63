"""What frab's schedule.xml and schedule.json share: acronym, slugs, days, rooms and tracks.

Both documents describe the same days, rooms, tracks and events; :func:`frab_data` works them
out once (in the venue zone) and the two writers only differ in spelling.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .program import Program, ProgramItem, sorted_items

GENERATOR_NAME = "confworkshop"

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


def is_http_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def hhmm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _track_slug(kind: str) -> str:
    # Valid for both the XSD (``[a-z][a-z0-9-]+``) and the JSON schema (``[a-z0-9_-]+[a-z0-9]``).
    slug = _title_slug(kind) or "other"
    if not slug[0].isalpha() or len(slug) < 2:
        slug = f"track-{slug}"
    return slug


def room_name(program: Program, item: ProgramItem) -> str:
    return item.room.strip() or program.venue.strip() or "Venue"


def room_guid(program: Program, name: str) -> str:
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
    return hhmm(timedelta(minutes=min(step, 60)))


@dataclass(frozen=True)
class Day:
    index: int
    date: date
    start: datetime
    end: datetime
    items: tuple[ProgramItem, ...]


@dataclass(frozen=True)
class FrabData:
    acronym: str
    tz: ZoneInfo
    rooms: tuple[str, ...]
    tracks: tuple[tuple[str, str], ...]  # (label, slug)
    days: tuple[Day, ...]
    timeslot: str


def frab_data(program: Program) -> FrabData:
    tz = ZoneInfo(program.timezone)
    items = sorted_items(program)
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
        days.append(Day(index, day, start, end, tuple(day_items)))
    rooms = tuple(dict.fromkeys(room_name(program, i) for i in items))
    tracks = tuple(
        dict.fromkeys((i.kind_label, _track_slug(i.kind)) for i in items if i.kind_label)
    )
    return FrabData(
        acronym=frab_acronym(program.acronym or program.slug),
        tz=tz,
        rooms=rooms,
        tracks=tracks,
        days=tuple(days),
        timeslot=_timeslot(items, tz),
    )


def iso(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def links(item: ProgramItem) -> list[tuple[str, str, str]]:
    """(type, url, title) of the links of an item: the papers that have a URL."""
    papers = list(item.papers) + [poster.paper for poster in item.posters]
    seen: set[str] = set()
    found = []
    for paper in papers:
        if paper.url and is_http_url(paper.url) and paper.url not in seen:
            seen.add(paper.url)
            found.append(("paper", paper.url, paper.title))
    return found

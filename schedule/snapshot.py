"""A released program frozen as JSON, and what is read from it.

`build_snapshot` turns the draft (the live rows) into a plain dict that a release stores;
the public page, the API and the exports read only such snapshots, so a released version
never changes after the fact and is served without touching the draft's tables.

Snapshot format 1::

    {"format": 1,
     "workshop": {"slug", "name", "acronym", "venue", "timezone", "starts_at", "ends_at",
                  "event_url"},
     "items": [{"id", "guid", "kind", "kind_label", "title", "description", "start", "end",
                "room", "sequence",
                "speakers": [{"name", "affiliation"}],
                "papers": [PAPER], "posters": [{"board", "paper": PAPER}]}]}
    PAPER = {"id", "number", "title", "authors": [names], "abstract"}

Times are ISO 8601 strings in UTC. No email address is ever stored in a snapshot.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from submissions.models import Submission
from workshop.models import Workshop

from . import exports
from .enums import ItemKind
from .models import ScheduleItem
from .queries import draft_items

FORMAT = 1


def iso(value: datetime) -> str:
    """UTC with an explicit offset: 2018-12-08T14:00:00+00:00."""
    return value.astimezone(ZoneInfo("UTC")).replace(microsecond=0).isoformat()


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _paper(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "number": submission.number,
        "title": submission.title,
        "authors": [author.name for author in submission.authors.all()],
        "abstract": submission.abstract,
    }


def _item(item: ScheduleItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "guid": str(item.guid),
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "title": item.display_title,
        "description": item.description,
        "start": iso(item.start_at),
        "end": iso(item.end_at),
        "room": item.room.name if item.room_id else "",
        "sequence": item.sequence,
        "speakers": [
            {"name": s.display_name, "affiliation": s.display_affiliation}
            for s in item.speakers.all()
        ],
        "papers": [_paper(p.submission) for p in item.item_papers.all()],
        "posters": [
            {"board": board.number, "paper": _paper(board.submission)}
            for board in sorted(item.boards.all(), key=lambda b: b.number)
        ],
    }


def build_snapshot(workshop: Workshop, items=None) -> dict[str, Any]:
    """The draft program of `workshop` as a snapshot (a fixed number of queries)."""
    items = list(items if items is not None else draft_items(workshop))
    rows = sorted(
        (_item(item) for item in items),
        key=lambda row: (row["start"], row["end"], row["room"], row["id"]),
    )
    return {
        "format": FORMAT,
        "workshop": {
            "slug": workshop.slug,
            "name": workshop.name,
            "acronym": workshop.acronym,
            "venue": workshop.venue,
            "timezone": workshop.timezone,
            "starts_at": iso(workshop.starts_at),
            "ends_at": iso(workshop.ends_at),
            "event_url": workshop.event_url,
        },
        "items": rows,
    }


# --- Changelog --------------------------------------------------------------------------------


def _place(row: dict) -> dict[str, str]:
    return {"start": row["start"], "end": row["end"], "room": row["room"]}


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("start", "end", "room", "sequence")}


def changelog(old: dict | None, new: dict) -> dict[str, list[dict]]:
    """What a release changes for the public: items added, moved (time or room), changed
    (anything else they show) and cancelled, each in time order."""
    before = {row["id"]: row for row in (old or {}).get("items", [])}
    after = {row["id"]: row for row in new["items"]}
    added, moved, changed = [], [], []
    for row in new["items"]:
        previous = before.get(row["id"])
        if previous is None:
            added.append({"id": row["id"], "title": row["title"], **_place(row)})
            continue
        if _place(previous) != _place(row):
            moved.append(
                {
                    "id": row["id"],
                    "title": row["title"],
                    "from": _place(previous),
                    "to": _place(row),
                }
            )
        elif _public(previous) != _public(row):
            changed.append({"id": row["id"], "title": row["title"], **_place(row)})
    cancelled = [
        {"id": row["id"], "title": row["title"], **_place(row)}
        for row in (old or {}).get("items", [])
        if row["id"] not in after
    ]
    return {"added": added, "moved": moved, "changed": changed, "cancelled": cancelled}


def moved_ids(log: dict) -> list[int]:
    return [entry["id"] for entry in log.get("moved", [])]


# --- Reading a snapshot -----------------------------------------------------------------------


def item_path(slug: str, item_id: int) -> str:
    return f"/{slug}/schedule/#item-{item_id}"


def item_ical_path(slug: str, item_id: int) -> str:
    return f"/{slug}/schedule/items/{item_id}.ics"


def _export_paper(row: dict) -> exports.Paper:
    return exports.Paper(
        id=row["id"], title=row["title"], authors=tuple(row["authors"]), abstract=row["abstract"]
    )


def with_cancelled(snapshot: dict, previous: dict | None) -> dict:
    """The snapshot plus the items earlier versions had and this one has not, each with its
    sequence raised once when it leaves: the iCal feed cancels them."""
    if previous is None:
        return snapshot
    current = {row["id"] for row in snapshot["items"]}
    carried = [row for row in previous.get("cancelled", []) if row["id"] not in current]
    leaving = [
        {**row, "sequence": row["sequence"] + 1}
        for row in previous["items"]
        if row["id"] not in current
    ]
    if carried or leaving:
        return {**snapshot, "cancelled": carried + leaving}
    return snapshot


def on_program(snapshot: dict) -> dict:
    """What a snapshot puts on the program (the cancelled items left out)."""
    return {key: value for key, value in snapshot.items() if key != "cancelled"}


def export_program(snapshot: dict, *, number: int, released_at: datetime, site_url: str):
    """A snapshot as the frozen dataclasses of schedule.exports."""
    workshop = snapshot["workshop"]
    zone = ZoneInfo(workshop["timezone"])
    slug = workshop["slug"]
    program_items = tuple(_export_item(row, slug, site_url) for row in snapshot["items"])
    cancelled = tuple(_export_item(row, slug, site_url) for row in snapshot.get("cancelled", []))
    return exports.Program(
        slug=slug,
        acronym=workshop["acronym"] or slug,
        title=workshop["name"],
        description="",
        venue=workshop["venue"],
        timezone=workshop["timezone"],
        start=parse(workshop["starts_at"]).astimezone(zone).date(),
        end=parse(workshop["ends_at"]).astimezone(zone).date(),
        version=str(number),
        released_at=released_at,
        url=f"{site_url}/{slug}/schedule/",
        host=urlsplit(site_url).hostname or "localhost",
        items=program_items,
        base_url=site_url,
        cancelled=cancelled,
    )


def _export_item(row: dict, slug: str, site_url: str) -> exports.ProgramItem:
    return exports.ProgramItem(
        id=row["id"],
        guid=uuid.UUID(row["guid"]),
        kind=row["kind"],
        kind_label=row["kind_label"],
        title=row["title"],
        description=row["description"],
        start=parse(row["start"]),
        end=parse(row["end"]),
        room=row["room"],
        speakers=tuple(exports.Person(s["name"], s["affiliation"]) for s in row["speakers"]),
        papers=tuple(_export_paper(p) for p in row["papers"]),
        posters=tuple(
            exports.Poster(board=p["board"], paper=_export_paper(p["paper"]))
            for p in row["posters"]
        ),
        sequence=row["sequence"],
        url=site_url + item_path(slug, row["id"]),
    )


KIND_ORDER = [kind.value for kind in ItemKind]

"""Warnings about a draft program, shown to organizers before they release it.

Pure Python (no Django): the service layer copies the draft into `CheckItem`s. Each warning
has a `code` (one per case), a sentence for the organizer and the ids of the items involved:

* ``room_clash``   two items in one room at once;
* ``person_clash`` a speaker or poster presenter in two items at once;
* ``outside_hours`` an item starts before the workshop opens or ends after it closes;
* ``unscheduled``  an accepted paper is on no talk, spotlight or poster board;
* ``gap``          nothing on the program between two consecutive items of a day;
* ``overlap``      consecutive items in different rooms (or without one) overlap.

Intervals are half-open: an item ending at 10:00 does not clash with one starting at 10:00.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["CheckItem", "ProgramWarning", "check_program"]


@dataclass(frozen=True)
class CheckItem:
    id: int
    title: str
    start: datetime
    end: datetime
    room: str = ""  # "" = no room
    # (person key, display name) of its speakers and presenters; keys are compared.
    people: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ProgramWarning:
    code: str
    message: str
    items: tuple[int, ...] = ()


def _overlap(a: CheckItem, b: CheckItem) -> bool:
    return a.start < b.end and b.start < a.end


def check_program(
    items: Iterable[CheckItem],
    *,
    opens: datetime | None = None,
    closes: datetime | None = None,
    zone: tzinfo | str = "UTC",
    unscheduled: Sequence[tuple[int, str]] = (),
    time_format: Callable[[datetime], str] | None = None,
) -> list[ProgramWarning]:
    """Every warning about `items`, in a stable order (by case, then by time).

    `unscheduled` lists (paper number, title) of accepted papers that are not on the
    program; `time_format` shows a time in the venue's zone (HH:MM by default)."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    show = time_format or (lambda value: value.astimezone(tz).strftime("%H:%M"))

    def span(item: CheckItem) -> str:
        return f"“{item.title}” ({show(item.start)}–{show(item.end)})"

    ordered = sorted(items, key=lambda i: (i.start, i.end, i.room, i.id))
    pairs = _overlapping_pairs(ordered)
    return [
        *_room_clashes(pairs, span),
        *_person_clashes(pairs, span),
        *_outside_hours(ordered, opens, closes, span, show),
        *_not_on_the_program(unscheduled),
        *_gaps_and_overlaps(ordered, tz, span, show),
    ]


Span = Callable[[CheckItem], str]


def _overlapping_pairs(ordered: list[CheckItem]) -> list[tuple[CheckItem, CheckItem]]:
    """Pairs of items that overlap in time, by a sweep over start times."""
    pairs: list[tuple[CheckItem, CheckItem]] = []
    active: list[CheckItem] = []
    for item in ordered:
        active = [other for other in active if other.end > item.start]
        pairs.extend((other, item) for other in active if _overlap(other, item))
        active.append(item)
    return pairs


def _room_clashes(pairs, span: Span) -> list[ProgramWarning]:
    return [
        ProgramWarning(
            "room_clash",
            f"{span(a)} and {span(b)} are both in room {a.room} at the same time.",
            (a.id, b.id),
        )
        for a, b in pairs
        if a.room and a.room == b.room
    ]


def _person_clashes(pairs, span: Span) -> list[ProgramWarning]:
    found = []
    for a, b in pairs:
        names_a = dict(a.people)
        for key, name in sorted(set(b.people), key=lambda p: p[1]):
            if key in names_a:
                found.append(
                    ProgramWarning(
                        "person_clash",
                        f"{name} is in two places at once: {span(a)} and {span(b)}.",
                        (a.id, b.id),
                    )
                )
    return found


def _outside_hours(ordered, opens, closes, span: Span, show) -> list[ProgramWarning]:
    if opens is None or closes is None:
        return []
    return [
        ProgramWarning(
            "outside_hours",
            f"{span(item)} is outside the workshop's hours ({show(opens)}–{show(closes)}).",
            (item.id,),
        )
        for item in ordered
        if item.start < opens or item.end > closes
    ]


def _not_on_the_program(unscheduled: Sequence[tuple[int, str]]) -> list[ProgramWarning]:
    return [
        ProgramWarning("unscheduled", f"Accepted paper #{number} “{title}” is not on the program.")
        for number, title in unscheduled
    ]


def _gaps_and_overlaps(ordered, tz: tzinfo, span: Span, show) -> list[ProgramWarning]:
    """Consecutive items: what runs latest so far against the next start."""
    found = []
    latest: CheckItem | None = None
    for item in ordered:
        if latest is not None:
            same_day = latest.end.astimezone(tz).date() == item.start.astimezone(tz).date()
            if item.start > latest.end and same_day:
                found.append(
                    ProgramWarning(
                        "gap",
                        f"Nothing is on the program from {show(latest.end)} to "
                        f"{show(item.start)}, between “{latest.title}” and “{item.title}”.",
                        (latest.id, item.id),
                    )
                )
            elif item.start < latest.end and not (item.room and item.room == latest.room):
                found.append(
                    ProgramWarning(
                        "overlap",
                        f"{span(latest)} overlaps {span(item)}.",
                        (latest.id, item.id),
                    )
                )
        if latest is None or item.end > latest.end:
            latest = item
    return found

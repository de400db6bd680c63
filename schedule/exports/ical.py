"""iCalendar exports: the whole program as a feed, or one item as a calendar of its own.

Times are UTC, DTSTAMP is the release time and UIDs are ``<item id>@<host>`` (see the
package docstring for why).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vDuration

from .program import Program, ProgramItem, listing, sorted_items, utc

PRODID = "-//confworkshop//Workshop schedule//EN"
REFRESH_INTERVAL = timedelta(hours=1)


def item_uid(program: Program, item: ProgramItem) -> str:
    """The iCalendar UID of an item: ``<item id>@<host>``, stable across versions."""
    return f"{item.id}@{program.host}"


def location_text(program: Program, item: ProgramItem) -> str:
    """``"510 AC, Palais des Congrès de Montréal"``: room and venue, skipping blanks."""
    return ", ".join(part for part in (item.room.strip(), program.venue.strip()) if part)


def _ical_description(item: ProgramItem) -> str:
    blocks = [item.description.strip(), listing(item), item.url.strip()]
    return "\n\n".join(block for block in blocks if block)


def _vevent(
    program: Program, item: ProgramItem, stamp: datetime, *, status: str = "CONFIRMED"
) -> Event:
    event = Event.new(
        uid=item_uid(program, item),
        stamp=stamp,
        start=utc(item.start, "item start"),
        end=utc(item.end, "item end"),
        sequence=item.sequence,
        summary=item.title or item.kind_label,
        description=_ical_description(item) or None,
        location=location_text(program, item) or None,
        url=item.url or None,
        categories=[item.kind_label] if item.kind_label else (),
    )
    event.add("STATUS", status)
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
    return utc(now if now is not None else program.released_at, "DTSTAMP")


def program_ical(program: Program, *, now: datetime | None = None) -> bytes:
    """The whole program as an iCalendar feed (``text/calendar``), times in UTC.

    ``DTSTAMP`` of every event is ``program.released_at`` (UTC) unless ``now`` is given, so
    exporting the same release twice yields identical bytes.
    """
    stamp = _stamp(program, now)
    calendar = _calendar(program, feed=True, uid=f"schedule-{program.slug}@{program.host}")
    for item in sorted_items(program):
        calendar.add_component(_vevent(program, item, stamp))
    for item in sorted(program.cancelled, key=lambda cancelled: (cancelled.start, cancelled.id)):
        calendar.add_component(_vevent(program, item, stamp, status="CANCELLED"))
    return calendar.to_ical()


def item_ical(program: Program, item: ProgramItem, *, now: datetime | None = None) -> bytes:
    """One item as a calendar with a single VEVENT (same UID and SEQUENCE as in the feed)."""
    calendar = _calendar(
        program, feed=False, uid=f"schedule-{program.slug}-item-{item.id}@{program.host}"
    )
    calendar.add_component(_vevent(program, item, _stamp(program, now)))
    return calendar.to_ical()

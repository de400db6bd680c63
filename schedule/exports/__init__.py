"""Exports of a released program: iCalendar feeds and frab ("schedule.xml"/"schedule.json").

Pure Python on purpose (an import-linter contract keeps Django out of this package): the
Django layer copies a released schedule version into the frozen dataclasses of
:mod:`.program` and hands them to the export functions, which return bytes (or a JSON-ready
``dict``).

Modules
-------
* :mod:`.program`: the dataclasses (``Program``, ``ProgramItem``, ``Person``, ``Paper``,
  ``Poster``), the item checks and the plain-text listing of an item's people and papers;
* :mod:`.ical`: ``program_ical`` (the feed) and ``item_ical`` (one item);
* :mod:`.frab`: what both frab documents share (acronym, slugs, days, rooms, tracks);
* :mod:`.frab_xml` and :mod:`.frab_json`: ``schedule.xml`` and ``schedule.json``.

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

from .frab import FRAB_EVENT_TYPES as FRAB_EVENT_TYPES
from .frab import GENERATOR_NAME as GENERATOR_NAME
from .frab import frab_acronym, frab_slug
from .frab_json import FRAB_SCHEMA_URL, frab_json
from .frab_xml import frab_xml
from .ical import PRODID, item_ical, item_uid, location_text, program_ical
from .ical import REFRESH_INTERVAL as REFRESH_INTERVAL
from .program import Paper, Person, Poster, Program, ProgramItem

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

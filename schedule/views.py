"""The public schedule page and the export downloads, all read from released versions.

The page is a server-rendered list in the venue's zone (complete without JavaScript);
static/js/schedule.js then rebuilds it from the API as a timeline with a time-zone
switcher, filters, search and a now/next marker. Exports are cached per version (see
schedule/published.py)."""

import json
import re
import zoneinfo
from itertools import groupby

import pytz
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat

from workshop.models import Workshop

from . import exports, published
from .enums import ItemKind
from .links import Links, links
from .models import ScheduleRelease
from .snapshot import export_program, parse

_CITY_AFTER = re.compile(r"\b(?:de|du|d’|d'|of|in|at)\s+((?:[A-ZÀ-Ý][\w’'-]*\s?)+)$")


def venue_city(venue: str, zone: str) -> str:
    """The city to name beside the zone: "Palais des congrès de Montréal" -> "Montréal",
    "Hall 3, Vienna" -> "Vienna"; else the zone's own city ("America/Toronto" -> "Toronto")."""
    venue = " ".join((venue or "").split())
    if "," in venue:
        return venue.rsplit(",", 1)[1].strip()
    match = _CITY_AFTER.search(venue)
    if match:
        return match.group(1).strip()
    if "/" in zone:
        return zone.rsplit("/", 1)[1].replace("_", " ")
    return ""


def zone_banner(zone: str, city: str) -> str:
    return f"Times shown in {zone} ({city})" if city else f"Times shown in {zone}"


def _release_or_404(slug: str, version: int | None) -> published.ReleaseRef:
    ref = published.find_release(slug, version)
    if ref is None:
        raise Http404("No such released version of this workshop's program.")
    return ref


def _version_param(request) -> int | None:
    raw = request.GET.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise Http404("A version is a positive whole number.")
    return int(raw)


def _local_items(snapshot: dict, zone: str, linked: Links) -> list[tuple[str, list[dict]]]:
    """Items in the venue's zone, grouped by local day: [(heading, [item, …]), …], with
    links to their speakers' and public papers' pages."""
    tz = zoneinfo.ZoneInfo(zone)
    rows = []
    for row in snapshot["items"]:
        start, end = parse(row["start"]).astimezone(tz), parse(row["end"]).astimezone(tz)
        # Formatted here: the date filter would convert back to the active zone (UTC).
        rows.append(
            {
                **linked.item(row),
                "start_local": start,
                "start_hm": f"{start:%H:%M}",
                "end_hm": f"{end:%H:%M}",
            }
        )
    return [
        (dateformat.format(day_rows[0]["start_local"], "l j F Y"), day_rows)
        for _, group in groupby(rows, key=lambda r: r["start_local"].date())
        for day_rows in [list(group)]
    ]


def page(request, slug: str, version: int | None = None):
    workshop = get_object_or_404(Workshop, slug=slug)
    version = version if version is not None else _version_param(request)
    releases = list(
        ScheduleRelease.objects.filter(workshop=workshop)
        .order_by("-number")
        .values("pk", "number", "released_at", "changelog", "comment")
    )
    city = venue_city(workshop.venue, workshop.timezone)
    context = {
        "workshop": workshop,
        "section": "program",
        "releases": releases,
        "zone": workshop.timezone,
        "city": city,
        "banner": zone_banner(workshop.timezone, city),
    }
    if not releases:
        if version is not None:
            raise Http404("This workshop has no released version with that number.")
        return render(request, "schedule/page.html", context)
    shown = (
        releases[0]
        if version is None
        else next((r for r in releases if r["number"] == version), None)
    )
    if shown is None:
        raise Http404("This workshop has no released version with that number.")
    ref = published.ReleaseRef(
        shown["pk"], shown["number"], shown["released_at"], workshop.pk, latest=version is None
    )
    snapshot = published.snapshot_of(ref)
    zone = snapshot["workshop"]["timezone"]
    # The shown version by number: the script's data always matches this page, even while
    # another process still answers "latest" with the previous version.
    api_url = reverse("api-schedule", kwargs={"slug": slug}) + f"?version={shown['number']}"
    ics_path = reverse("schedule:ics", kwargs={"slug": slug})
    present = {row["kind"] for row in snapshot["items"]}
    linked = links(workshop, snapshot)
    context.update(
        {
            "release": shown,
            "latest": releases[0],
            "is_latest": shown["number"] == releases[0]["number"],
            "days": _local_items(snapshot, zone, linked),
            "links": linked.for_script(snapshot),
            "zone": zone,
            "city": venue_city(snapshot["workshop"]["venue"], zone),
            "api_url": api_url,
            "ics_url": ics_path,
            "webcal_url": "webcal://" + settings.SITE_URL.split("://", 1)[-1] + ics_path,
            "kinds": [(k.value, k.label) for k in ItemKind if k.value in present],
            "kind_labels": {k.value: k.label for k in ItemKind},
            "zones": pytz.common_timezones,
        }
    )
    context["banner"] = zone_banner(zone, context["city"])
    return render(request, "schedule/page.html", context)


def _program(ref: published.ReleaseRef, snapshot: dict) -> exports.Program:
    return export_program(
        snapshot, number=ref.number, released_at=ref.released_at, site_url=settings.SITE_URL
    )


def program_ics(request, slug: str):
    ref = _release_or_404(slug, _version_param(request))
    return published.respond(
        request,
        ref,
        "ics",
        lambda snapshot: exports.program_ical(_program(ref, snapshot)),
        content_type="text/calendar; charset=utf-8",
        filename=f"{slug}.ics",
    )


def item_ics(request, slug: str, item_id: int):
    ref = _release_or_404(slug, _version_param(request))
    snapshot = published.snapshot_of(ref)
    if not any(row["id"] == item_id for row in snapshot["items"]):
        raise Http404("This item is not on the released program.")

    def build(snapshot: dict) -> bytes:
        program = _program(ref, snapshot)
        item = next(item for item in program.items if item.id == item_id)
        return exports.item_ical(program, item)

    return published.respond(
        request,
        ref,
        f"ics-item-{item_id}",
        build,
        content_type="text/calendar; charset=utf-8",
        filename=f"{slug}-{item_id}.ics",
    )


def frab_xml(request, slug: str):
    ref = _release_or_404(slug, _version_param(request))
    return published.respond(
        request,
        ref,
        "frab-xml",
        lambda snapshot: exports.frab_xml(_program(ref, snapshot)),
        content_type="application/xml; charset=utf-8",
    )


def frab_json(request, slug: str):
    ref = _release_or_404(slug, _version_param(request))
    return published.respond(
        request,
        ref,
        "frab-json",
        lambda snapshot: json.dumps(
            exports.frab_json(_program(ref, snapshot)), ensure_ascii=False, indent=1
        ).encode(),
        content_type="application/json; charset=utf-8",
    )

"""The speakers of the released program: a list, and a page per speaker with their bio and
photo (when given) and the items they speak in.

Who speaks where comes from the release; the bio and photo are the person's own and read
live, as the organizers' bios on the workshop page are: from the speaker's entry in the
program (its bio field) or else from their account's profile."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from workshop.models import Workshop

from . import presenting
from .links import links
from .models import Speaker
from .papers import released_snapshot


def speaker_list(request, slug: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    snapshot = released_snapshot(slug)
    titles = {row["id"]: row["title"] for row in snapshot["items"]} if snapshot else {}
    return render(
        request,
        "schedule/speakers.html",
        {
            "workshop": workshop,
            "released": snapshot is not None,
            "speakers": [
                (entry, [titles[pk] for pk in entry.item_ids])
                for entry in presenting.speakers(snapshot)
            ],
            "section": "speakers",
        },
    )


def _profile(workshop: Workshop, entry: presenting.SpeakerEntry) -> tuple[str, str]:
    """(bio, photo URL) of the person behind a program entry: their program entries in this
    workshop first, then their account (one query)."""
    bio, photo = "", ""
    rows = (
        Speaker.objects.filter(item__workshop=workshop, item_id__in=entry.item_ids)
        .select_related("user")
        .order_by("item__start_at", "position", "id")
    )
    for row in rows:
        if (row.display_name, row.display_affiliation) != entry.key:
            continue
        bio = bio or row.display_bio
        if not photo and row.user_id and row.user.photo:
            photo = reverse("people:photo", kwargs={"pk": row.user_id})
    return bio, photo


def speaker_page(request, slug: str, speaker: str):
    workshop = get_object_or_404(Workshop, slug=slug)
    snapshot = released_snapshot(slug)
    entry = next((e for e in presenting.speakers(snapshot) if e.slug == speaker), None)
    if entry is None:
        raise Http404("There is no speaker at this address on the released program.")
    bio, photo = _profile(workshop, entry)
    zone = snapshot["workshop"]["timezone"]
    linked = links(workshop, snapshot)
    items = []
    for row in snapshot["items"]:
        if row["id"] not in entry.item_ids:
            continue
        item = linked.item(row)
        others = [s for s in item["speakers"] if (s["name"], s["affiliation"]) != entry.key]
        items.append({**item, "when": presenting.when(row, zone), "others": others})
    return render(
        request,
        "schedule/speaker.html",
        {
            "workshop": workshop,
            "entry": entry,
            "bio": bio,
            "photo": photo,
            "items": items,
            "zone": zone,
            "section": "speakers",
        },
    )

"""The verbs of building a program: edit the draft, check it, release it.

Views, the admin, the demo and tasks call these; each checks the acting user with the same
rules predicates as the admin, and says in a sentence what is wrong. Drafting a program from
the decisions lives in schedule/drafting.py.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from people.models import User
from submissions.enums import ACCEPTED
from submissions.models import Submission
from workshop import audit
from workshop.enums import AuditAction
from workshop.mail import queue_templated_email
from workshop.models import Workshop
from workshop.zones import format_in_zone

from . import checks, published
from .enums import PRESENTS_PAPERS, ItemKind
from .models import ItemPaper, PosterBoard, Room, ScheduleItem, ScheduleRelease, Speaker
from .queries import accepted_papers, draft_items, latest_release
from .snapshot import build_snapshot, changelog, on_program, parse, with_cancelled

# --- Permissions ------------------------------------------------------------------------------


def require_editor(user: User, workshop: Workshop) -> None:
    if not user.has_perm("schedule.edit_program", workshop):
        raise PermissionDenied("Only the workshop's organizers can change its program.")


# --- People: who is where ---------------------------------------------------------------------


def person_key(*, email: str = "", name: str = "") -> str:
    """One person across speakers and authors: their email address, else their name."""
    email = (email or "").strip().lower()
    return email if email else "name:" + " ".join((name or "").lower().split())


def speaker_key(speaker: Speaker) -> tuple[str, str]:
    return person_key(email=speaker.contact_email, name=speaker.display_name), speaker.display_name


def presenter(submission: Submission):
    """The presenting author: the first listed (the demo data and most calls say so)."""
    authors = list(submission.authors.all())
    return authors[0] if authors else None


def presenter_key(submission: Submission) -> tuple[str, str] | None:
    author = presenter(submission)
    if author is None:
        return None
    return person_key(email=author.email, name=author.name), author.name


def people_of(item: ScheduleItem) -> tuple[tuple[str, str], ...]:
    """Speakers, presenters of its papers and of its posters (prefetched rows only)."""
    people = dict(speaker_key(s) for s in item.speakers.all())
    for submission in [p.submission for p in item.item_papers.all()] + [
        b.submission for b in item.boards.all()
    ]:
        key = presenter_key(submission)
        if key is not None:
            people.setdefault(*key)
    return tuple(sorted(people.items()))


# --- Editing the draft ------------------------------------------------------------------------


def validate_item(
    *, workshop: Workshop, start_at: datetime | None, end_at: datetime | None, room: Room | None
) -> None:
    errors = {}
    if start_at and end_at and end_at <= start_at:
        errors["end_at"] = "An item must end after it starts."
    if room is not None and room.workshop_id != workshop.pk:
        errors["room"] = f"Room {room.name} belongs to another workshop."
    if errors:
        raise ValidationError(errors)


def validate_paper(*, item: ScheduleItem, submission: Submission, board: bool) -> None:
    """A paper on a talk or a board must be an accepted paper of the same workshop."""
    if submission.workshop_id != item.workshop_id:
        raise ValidationError(f"Paper #{submission.number} belongs to another workshop.")
    if submission.status not in ACCEPTED:
        raise ValidationError(
            f"Paper #{submission.number} is {submission.get_status_display().lower()}; "
            "only accepted papers go on the program."
        )
    if board and item.kind != ItemKind.POSTER_SESSION:
        raise ValidationError("Poster boards belong to poster sessions only.")
    if not board and item.kind not in PRESENTS_PAPERS:
        raise ValidationError("Only contributed talks and spotlights present papers.")


@transaction.atomic
def save_item(*, item: ScheduleItem, by: User) -> ScheduleItem:
    """Create or change one draft item. Its sequence is left alone: a release raises it if
    the item moved since the previous release."""
    require_editor(by, item.workshop)
    validate_item(
        workshop=item.workshop, start_at=item.start_at, end_at=item.end_at, room=item.room
    )
    item.save()
    return item


@transaction.atomic
def delete_item(*, item: ScheduleItem, by: User) -> None:
    require_editor(by, item.workshop)
    item.delete()


@transaction.atomic
def save_part(*, part: Speaker | ItemPaper | PosterBoard, by: User):
    """Save a speaker, a presented paper or a poster board of a draft item."""
    require_editor(by, part.item.workshop)
    if isinstance(part, (ItemPaper, PosterBoard)):
        validate_paper(
            item=part.item, submission=part.submission, board=isinstance(part, PosterBoard)
        )
    part.save()
    return part


@transaction.atomic
def delete_part(*, part: Speaker | ItemPaper | PosterBoard, by: User) -> None:
    require_editor(by, part.item.workshop)
    part.delete()


@transaction.atomic
def save_room(*, room: Room, by: User) -> Room:
    require_editor(by, room.workshop)
    room.save()
    return room


# --- Warnings ---------------------------------------------------------------------------------


def program_warnings(workshop: Workshop, items=None) -> list[checks.ProgramWarning]:
    """Every warning about the draft (a fixed number of queries)."""
    items = list(items if items is not None else draft_items(workshop))
    placed = {p.submission_id for item in items for p in item.item_papers.all()}
    placed |= {b.submission_id for item in items for b in item.boards.all()}
    unscheduled = [
        (paper.number, paper.title)
        for paper in accepted_papers(workshop).only("id", "number", "title")
        if paper.pk not in placed
    ]
    zone = workshop.timezone
    return checks.check_program(
        [
            checks.CheckItem(
                id=item.pk,
                title=item.display_title,
                start=item.start_at,
                end=item.end_at,
                room=item.room.name if item.room_id else "",
                people=people_of(item),
            )
            for item in items
        ],
        opens=workshop.starts_at,
        closes=workshop.ends_at,
        zone=zone,
        unscheduled=unscheduled,
    )


# --- Releasing --------------------------------------------------------------------------------


def _place(row: dict) -> tuple:
    return row["start"], row["end"], row["room"]


def _mail_key(release: ScheduleRelease, item_id: int, email: str) -> str:
    key = f"schedule-moved:{release.pk}:{item_id}:{email}"
    if len(key) > 200:
        key = f"schedule-moved:{release.pk}:{item_id}:" + hashlib.sha256(email.encode()).hexdigest()
    return key


def _recipients(item: ScheduleItem) -> list[tuple[str, str]]:
    """(email, name) of the speakers and presenters of an item, each once."""
    found: dict[str, str] = {}
    for speaker in item.speakers.all():
        if speaker.contact_email:
            found.setdefault(speaker.contact_email.lower(), speaker.display_name)
    for submission in [p.submission for p in item.item_papers.all()] + [
        b.submission for b in item.boards.all()
    ]:
        author = presenter(submission)
        if author is not None and author.email:
            found.setdefault(author.email.lower(), author.name)
    return sorted(found.items())


def _tell_moved_speakers(release: ScheduleRelease, items: dict[int, ScheduleItem]) -> int:
    workshop = release.workshop
    zone = workshop.timezone
    count = 0
    for entry in release.changelog.get("moved", []):
        item = items[entry["id"]]
        before, after = entry["from"], entry["to"]
        for email, name in _recipients(item):
            queue_templated_email(
                template_key="schedule_item_moved",
                to=email,
                context={
                    "name": name,
                    "item": item,
                    "title": entry["title"],
                    "old_start": format_in_zone(parse(before["start"]), zone),
                    "new_start": format_in_zone(parse(after["start"]), zone),
                    "new_end": format_in_zone(parse(after["end"]), zone, "H:i"),
                    "old_room": before["room"],
                    "new_room": after["room"],
                    "release": release,
                    "schedule_url": f"{settings.SITE_URL}/{workshop.slug}/schedule/",
                },
                idempotency_key=_mail_key(release, item.pk, email),
                workshop=workshop,
                related=item,
            )
            count += 1
    return count


def release_schedule(
    *, workshop: Workshop, by: User, comment: str = "", now: datetime | None = None
) -> ScheduleRelease:
    """Freeze the draft as the next numbered version; the public sees it from now on.

    Items whose time or room changed since the previous version get their sequence raised
    (iCal clients then update them in place) and their speakers and presenters an email."""
    if not by.has_perm("schedule.release_program", workshop):
        raise PermissionDenied("Only the workshop's organizers can release its program.")
    with transaction.atomic():
        # One release at a time per workshop: numbers never collide, changelogs never skip.
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        previous = latest_release(workshop)
        items = list(draft_items(workshop))
        if not items:
            raise ValidationError("The program is empty; add items before releasing it.")
        snapshot = build_snapshot(workshop, items)
        before = {row["id"]: row for row in (previous.snapshot["items"] if previous else [])}
        for row in snapshot["items"]:
            old = before.get(row["id"])
            if (
                old is not None
                and _place(old) != _place(row)
                and row["sequence"] <= old["sequence"]
            ):
                row["sequence"] = old["sequence"] + 1
                ScheduleItem.objects.filter(pk=row["id"]).update(sequence=row["sequence"])
        if previous is not None and snapshot == on_program(previous.snapshot):
            raise ValidationError(
                f"Nothing has changed since version {previous.number}; there is nothing to release."
            )
        release = ScheduleRelease.objects.create(
            workshop=workshop,
            number=previous.number + 1 if previous else 1,
            released_at=now or timezone.now(),
            released_by=by,
            comment=comment.strip(),
            changelog=changelog(previous.snapshot if previous else None, snapshot),
            snapshot=with_cancelled(snapshot, previous.snapshot if previous else None),
        )
        _tell_moved_speakers(release, {item.pk: item for item in items})
        # What the workshop's pages and the home page link to, without asking this app.
        Workshop.objects.filter(pk=workshop.pk, program_released_at__isnull=True).update(
            program_released_at=release.released_at
        )
        if workshop.program_released_at is None:
            workshop.program_released_at = release.released_at
        audit.record(
            workshop=workshop,
            by=by,
            action=AuditAction.PROGRAM_RELEASED,
            subject=f"Program version {release.number}",
            change=release.comment or f"{len(items)} item(s) on the program",
            related=release,
        )
        # The public API answers "which version is the latest?" from the cache: forget the
        # answer now and again after the commit (a request in between may have cached the
        # old version).
        published.forget_latest(workshop.slug)
        transaction.on_commit(lambda: published.forget_latest(workshop.slug))
    return release


def draft_differs(workshop: Workshop) -> bool:
    """Whether the draft shows anything the latest release does not (the admin's notice).
    Sequences in the draft equal the latest release's, since a release writes them back."""
    previous = latest_release(workshop)
    if previous is None:
        return ScheduleItem.objects.filter(workshop=workshop).exists()
    return build_snapshot(workshop) != on_program(previous.snapshot)

"""The load generator's program: an opening, one contributed talk per oral paper, and the
accepted posters on numbered boards in sessions of at most 500, released as version 1."""

from datetime import timedelta

from schedule import services
from schedule.enums import ItemKind
from schedule.models import ItemPaper, PosterBoard, Room, ScheduleItem
from submissions.enums import SubmissionStatus

from .bulk import copy_rows, create_in_batches

BOARDS_PER_SESSION = 500


def build(run) -> None:
    workshop = run.workshop
    hall = Room.objects.create(workshop=workshop, name="Main hall", position=0)
    posters_hall = Room.objects.create(workshop=workshop, name="Poster hall", position=1)
    start = workshop.starts_at.replace(hour=9, minute=0, second=0)
    items = [
        ScheduleItem(
            workshop=workshop,
            kind=ItemKind.OPENING,
            title="Opening remarks",
            start_at=start,
            end_at=start + timedelta(minutes=10),
            room=hall,
        )
    ]
    orals = run.decided[SubmissionStatus.ACCEPTED_ORAL]
    for i, _paper in enumerate(orals):
        at = start + timedelta(minutes=10 + 15 * i)
        items.append(
            ScheduleItem(
                workshop=workshop,
                kind=ItemKind.CONTRIBUTED_TALK,
                title=f"Contributed talk {i + 1}",
                start_at=at,
                end_at=at + timedelta(minutes=15),
                room=hall,
            )
        )
    posters = run.decided[SubmissionStatus.ACCEPTED_POSTER]
    sessions = -(-len(posters) // BOARDS_PER_SESSION)
    for s in range(sessions):
        at = start + timedelta(hours=2 * s)
        items.append(
            ScheduleItem(
                workshop=workshop,
                kind=ItemKind.POSTER_SESSION,
                title=f"Poster session {s + 1}",
                start_at=at,
                end_at=at + timedelta(hours=2),
                room=posters_hall,
            )
        )
    items = create_in_batches(ScheduleItem, items)
    talks, poster_sessions = items[1 : 1 + len(orals)], items[1 + len(orals) :]
    ItemPaper.objects.bulk_create(
        ItemPaper(item=item, submission_id=paper, position=0)
        for item, paper in zip(talks, orals, strict=True)
    )
    copy_rows(
        PosterBoard,
        ("item_id", "submission_id", "number"),
        (
            (poster_sessions[i // BOARDS_PER_SESSION].pk, paper, i % BOARDS_PER_SESSION + 1)
            for i, paper in enumerate(posters)
        ),
    )
    services.release_schedule(workshop=workshop, by=run.organizer)

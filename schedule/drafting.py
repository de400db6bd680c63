""" "Draft program from decisions": the accepted papers become talks, a spotlight block and
poster boards, added to whatever the organizers have already put on the draft.

* every accepted contributed talk (oral) not yet on the program gets a 15-minute
  contributed-talk item, its first author as the speaker;
* accepted spotlights not yet on the program go into the first spotlight block (one is
  created if there is none: three minutes a paper, at least ten);
* accepted posters go on numbered boards of the program's poster sessions (one 60-minute
  session is created if there is none), placed by schedule/posters/: sessions balanced,
  nobody presenting a poster while they give a talk, one presenter's posters on
  neighbouring boards, neighbours similar in topic. Boards are only re-placed when some
  accepted poster has no board or a board holds a paper that is no longer an accepted
  poster, so an organizer's manual arrangement survives a second run.

New items go one after another from the end of the current draft (or the workshop's start),
in the workshop's room; the organizer then moves them where they belong, and the warnings
say what still clashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction

from people.models import User
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from workshop.models import Workshop

from . import posters
from .enums import ItemKind
from .models import ItemPaper, PosterBoard, Room, ScheduleItem, Speaker
from .queries import accepted_papers, draft_items
from .services import people_of, presenter, presenter_key, require_editor

TALK = timedelta(minutes=15)
SPOTLIGHT_EACH = timedelta(minutes=3)
SPOTLIGHT_MIN = timedelta(minutes=10)
POSTER_SESSION = timedelta(minutes=60)


@dataclass
class DraftResult:
    created: list[ScheduleItem] = field(default_factory=list)
    boards_placed: int = 0
    unplaced: dict[int, str] = field(default_factory=dict)  # paper number -> reason
    notes: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        lines = []
        if self.created:
            lines.append(f"{len(self.created)} item(s) added to the draft.")
        if self.boards_placed:
            lines.append(f"{self.boards_placed} poster(s) placed on boards.")
        if not self.created and not self.boards_placed:
            lines.append("Every accepted paper is already on the program; nothing was added.")
        return lines + self.notes + list(self.unplaced.values())


def default_room(workshop: Workshop) -> Room | None:
    if workshop.room:
        room, _ = Room.objects.get_or_create(workshop=workshop, name=workshop.room)
        return room
    return Room.objects.filter(workshop=workshop).order_by("position", "name").first()


def _speaker_for(item: ScheduleItem, submission: Submission) -> None:
    """The paper's presenter speaks in the item (once, however many of their papers)."""
    author = presenter(submission)
    if author is None:
        return
    existing = Speaker.objects.filter(item=item)
    if author.user_id:
        existing = existing.filter(user_id=author.user_id)
    else:
        existing = existing.filter(user__isnull=True, email__iexact=author.email)
    if existing.exists():
        return
    if author.user_id:
        Speaker.objects.create(item=item, user_id=author.user_id)
    else:
        Speaker.objects.create(
            item=item, name=author.name, affiliation=author.affiliation, email=author.email
        )


def _keywords(submission: Submission) -> frozenset[str]:
    words = {str(k) for k in submission.keywords or []}
    words |= {topic.name for topic in submission.topics.all()}
    return frozenset(words)


def _place_posters(
    workshop: Workshop, items: list[ScheduleItem], papers: list[Submission], result: DraftResult
) -> None:
    sessions = [item for item in items if item.kind == ItemKind.POSTER_SESSION]
    busy: dict[str, list] = {}
    names: dict[str, str] = {}
    for item in items:
        if item.kind == ItemKind.POSTER_SESSION:
            continue
        for key, name in people_of(item):
            busy.setdefault(key, []).append((item.start_at, item.end_at))
            names[key] = name
    poster_papers = []
    for paper in papers:
        key = presenter_key(paper)
        if key is not None:
            names[key[0]] = key[1]
        poster_papers.append(
            posters.PosterPaper(
                id=paper.pk,
                presenters=frozenset([key[0]] if key else []),
                keywords=_keywords(paper),
                title=paper.title,
            )
        )
    placement = posters.place_posters(
        poster_papers,
        [posters.PosterSession(id=s.pk, start=s.start_at, end=s.end_at) for s in sessions],
        busy=busy,
        names=names,
    )
    PosterBoard.objects.filter(item__in=sessions).delete()
    PosterBoard.objects.bulk_create(
        PosterBoard(item_id=session_id, submission_id=paper_id, number=number)
        for paper_id, (session_id, number) in placement.assignments.items()
    )
    result.boards_placed = len(placement)
    numbers = {paper.pk: paper.number for paper in papers}
    # The placement speaks of paper ids; organizers know papers by their number.
    for paper_id, reason in placement.unplaced.items():
        result.unplaced[numbers[paper_id]] = reason.replace(
            f"Paper {paper_id} ", f"Paper #{numbers[paper_id]} ", 1
        )
    result.notes.extend(placement.notes)


def draft_from_decisions(*, workshop: Workshop, by: User) -> DraftResult:
    require_editor(by, workshop)
    result = DraftResult()
    with transaction.atomic():
        items = list(draft_items(workshop))
        accepted = list(accepted_papers(workshop).prefetch_related("topics"))
        on_talks = {p.submission_id for item in items for p in item.item_papers.all()}
        room = default_room(workshop)
        cursor = max((item.end_at for item in items), default=workshop.starts_at)

        def add(kind, title, length) -> ScheduleItem:
            nonlocal cursor
            item = ScheduleItem.objects.create(
                workshop=workshop,
                kind=kind,
                title=title,
                start_at=cursor,
                end_at=cursor + length,
                room=room,
            )
            cursor += length
            result.created.append(item)
            return item

        for paper in accepted:
            if paper.status == SubmissionStatus.ACCEPTED_ORAL and paper.pk not in on_talks:
                item = add(ItemKind.CONTRIBUTED_TALK, paper.title, TALK)
                ItemPaper.objects.create(item=item, submission=paper)
                _speaker_for(item, paper)

        spotlights = [
            p
            for p in accepted
            if p.status == SubmissionStatus.ACCEPTED_SPOTLIGHT and p.pk not in on_talks
        ]
        if spotlights:
            block = next((i for i in items if i.kind == ItemKind.SPOTLIGHT), None)
            if block is None:
                length = max(SPOTLIGHT_MIN, SPOTLIGHT_EACH * len(spotlights))
                block = add(ItemKind.SPOTLIGHT, "Spotlights", length)
            start = max((p.position for p in block.item_papers.all()), default=-1) + 1
            ItemPaper.objects.bulk_create(
                ItemPaper(item=block, submission=paper, position=start + offset)
                for offset, paper in enumerate(spotlights)
            )
            for paper in spotlights:
                _speaker_for(block, paper)

        poster_papers = [p for p in accepted if p.status == SubmissionStatus.ACCEPTED_POSTER]
        if poster_papers:
            if not any(item.kind == ItemKind.POSTER_SESSION for item in items):
                add(ItemKind.POSTER_SESSION, "Poster session", POSTER_SESSION)
            items = list(draft_items(workshop))
            wanted = {p.pk for p in poster_papers}
            on_boards = {b.submission_id for item in items for b in item.boards.all()}
            if wanted != on_boards:
                _place_posters(workshop, items, poster_papers, result)
    return result

""" "Draft program from decisions": talks, a spotlight block, poster sessions and boards."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from schedule import services
from schedule.drafting import draft_from_decisions
from schedule.models import PosterBoard, ScheduleItem

from .conftest import item, paper, speaker, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(workshop):
    workshop.room = "510 AC"
    workshop.save()
    return {
        "orals": [
            paper(workshop, "Placeto", status="accepted_oral", presenter="Ravi Menon"),
            paper(workshop, "Iroko", status="accepted_oral", presenter="Lena Fischer"),
        ],
        "spotlights": [
            paper(workshop, "Spot A", status="accepted_spotlight", presenter="Jo Tanaka"),
            paper(workshop, "Spot B", status="accepted_spotlight", presenter="Jo Tanaka"),
        ],
        "posters": [
            paper(workshop, f"Poster {n}", presenter=f"Presenter {n}", keywords=["caching"])
            for n in range(5)
        ],
        "rejected": paper(workshop, "Nope", status="rejected"),
    }


def test_drafting_adds_talks_a_spotlight_block_and_boards(workshop, organizer, decided):
    opening = item(workshop, utc(14), utc(14, 10), kind="opening", title="Opening remarks")
    result = draft_from_decisions(workshop=workshop, by=organizer)

    talks = list(workshop.schedule_items.filter(kind="contributed_talk"))
    assert [t.title for t in talks] == ["Placeto", "Iroko"]
    # One after another from the end of the draft, 15 minutes each, in the workshop's room.
    assert [(t.start_at, t.end_at) for t in talks] == [
        (opening.end_at, opening.end_at + timedelta(minutes=15)),
        (opening.end_at + timedelta(minutes=15), opening.end_at + timedelta(minutes=30)),
    ]
    assert {t.room.name for t in talks} == {"510 AC"}
    assert [s.display_name for s in talks[0].speakers.all()] == ["Ravi Menon"]
    assert [p.submission.title for p in talks[0].item_papers.all()] == ["Placeto"]

    (block,) = workshop.schedule_items.filter(kind="spotlight")
    assert [p.submission.title for p in block.item_papers.order_by("position")] == [
        "Spot A",
        "Spot B",
    ]
    assert [s.display_name for s in block.speakers.all()] == ["Jo Tanaka"]  # once
    assert block.end_at - block.start_at == timedelta(minutes=10)

    (session,) = workshop.schedule_items.filter(kind="poster_session")
    assert session.end_at - session.start_at == timedelta(minutes=60)
    boards = list(session.boards.order_by("number"))
    assert [b.number for b in boards] == [1, 2, 3, 4, 5]
    assert {b.submission.title for b in boards} == {f"Poster {n}" for n in range(5)}
    assert result.boards_placed == 5 and not result.unplaced
    assert services.program_warnings(workshop) == []

    # A second run finds everything placed and changes nothing.
    before = list(PosterBoard.objects.values_list("item_id", "submission_id", "number"))
    again = draft_from_decisions(workshop=workshop, by=organizer)
    assert again.created == [] and again.boards_placed == 0
    assert again.messages() == [
        "Every accepted paper is already on the program; nothing was added."
    ]
    assert list(PosterBoard.objects.values_list("item_id", "submission_id", "number")) == before
    assert ScheduleItem.objects.filter(workshop=workshop).count() == 5


def test_a_speaker_presents_their_poster_in_the_other_session(workshop, organizer):
    first = item(workshop, utc(15), utc(16), kind="poster_session", title="Posters 1")
    second = item(workshop, utc(20), utc(21), kind="poster_session", title="Posters 2")
    talk = item(workshop, utc(15, 30), utc(15, 45), title="Invited talk")
    speaker(talk, "Adit Bhardwaj", email="adit@x.org")
    busy = paper(workshop, "Learned string indexes", presenter="Adit Bhardwaj", email="adit@x.org")
    for n in range(3):
        paper(workshop, f"Other {n}", presenter=f"Other {n}")
    draft_from_decisions(workshop=workshop, by=organizer)
    assert PosterBoard.objects.get(submission=busy).item == second
    sizes = sorted(s.boards.count() for s in (first, second))
    assert sizes == [2, 2]  # balanced
    assert not [w for w in services.program_warnings(workshop) if w.code == "person_clash"]


def test_one_presenters_posters_are_on_neighbouring_boards(workshop, organizer):
    item(workshop, utc(15), utc(16), kind="poster_session")
    for n in range(4):
        paper(workshop, f"Filler {n}", presenter=f"Filler {n}")
    mine = [paper(workshop, f"Mine {n}", presenter="Hongzi Mao") for n in range(2)]
    draft_from_decisions(workshop=workshop, by=organizer)
    numbers = sorted(PosterBoard.objects.get(submission=p).number for p in mine)
    assert numbers[1] - numbers[0] == 1


def test_a_poster_nobody_can_present_is_reported(workshop, organizer):
    session = item(workshop, utc(15), utc(16), kind="poster_session")
    talk = item(workshop, utc(15), utc(16), title="Keynote")
    speaker(talk, "Ed Chi", email="ed@x.org")
    stuck = paper(workshop, "Recommenders", presenter="Ed Chi", email="ed@x.org")
    result = draft_from_decisions(workshop=workshop, by=organizer)
    assert result.unplaced == {
        stuck.number: f"Paper #{stuck.number} cannot be placed: its presenter Ed Chi gives a "
        "talk during every poster session."
    }
    assert not session.boards.exists()


def test_only_organizers_draft(workshop, outsider, decided):
    with pytest.raises(PermissionDenied):
        draft_from_decisions(workshop=workshop, by=outsider)
    assert not ScheduleItem.objects.exists()

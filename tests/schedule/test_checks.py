"""The warnings shown before a release: one test per case, on real drafts."""

import pytest

from schedule import services
from schedule.checks import CheckItem, check_program
from schedule.models import Room

from .conftest import board, item, paper, present, speaker, utc

pytestmark = pytest.mark.django_db


def codes(workshop):
    return [(w.code, w.message) for w in services.program_warnings(workshop)]


def test_a_tidy_program_has_no_warning(workshop, room):
    first = item(workshop, utc(14), utc(14, 10), title="Opening remarks", room=room)
    speaker(first, "Anna Goldie", email="anna@x.org")
    second = item(workshop, utc(14, 10), utc(14, 35), title="Eric Schkufza", room=room)
    speaker(second, "Eric Schkufza")
    assert codes(workshop) == []


def test_two_items_in_one_room_at_once(workshop, room):
    a = item(workshop, utc(14), utc(14, 30), title="Talk A", room=room)
    b = item(workshop, utc(14, 15), utc(14, 45), title="Talk B", room=room)
    warnings = services.program_warnings(workshop)
    assert [w.code for w in warnings] == ["room_clash"]
    assert warnings[0].items == (a.pk, b.pk)
    # Times in the venue's zone: 14:00 UTC is 09:00 in Montréal.
    assert warnings[0].message == (
        "“Talk A” (09:00–09:30) and “Talk B” (09:15–09:45) are both in room 510 AC "
        "at the same time."
    )


def test_a_speaker_who_presents_a_poster_at_the_same_time(workshop, room):
    hall = Room.objects.create(workshop=workshop, name="Hall C")
    talk = item(workshop, utc(15), utc(15, 25), title="Placeto", room=room)
    speaker(talk, "Ravi Addanki", email="Ravi@x.org")
    session = item(workshop, utc(15), utc(16), kind="poster_session", title="Posters", room=hall)
    board(session, paper(workshop, "A poster", presenter="Ravi Addanki", email="ravi@x.org"), 1)
    assert codes(workshop) == [
        (
            "person_clash",
            "Ravi Addanki is in two places at once: “Placeto” (10:00–10:25) and "
            "“Posters” (10:00–11:00).",
        ),
        ("overlap", "“Placeto” (10:00–10:25) overlaps “Posters” (10:00–11:00)."),
    ]


def test_a_presenter_of_two_talk_papers_at_once(workshop):
    a = item(workshop, utc(16), utc(16, 15), kind="contributed_talk", title="Iroko")
    b = item(workshop, utc(16, 10), utc(16, 25), kind="spotlight", title="Spotlights")
    present(a, paper(workshop, "Iroko", status="accepted_oral", presenter="Lena Fischer"))
    present(b, paper(workshop, "ReLeQ", status="accepted_spotlight", presenter="Lena Fischer"))
    assert [c for c, _ in codes(workshop)] == ["person_clash", "overlap"]


def test_an_item_outside_the_workshops_hours(workshop, room):
    # The workshop runs 13:00–23:30 UTC, 08:00–18:30 in Montréal.
    item(workshop, utc(12, 30), utc(13, 0), title="Too early", room=room)
    assert codes(workshop) == [
        (
            "outside_hours",
            "“Too early” (07:30–08:00) is outside the workshop's hours (08:00–18:30).",
        )
    ]


def test_an_accepted_paper_not_on_the_program(workshop, room):
    placed = paper(workshop, "On a board")
    missing = paper(workshop, "Forgotten poster")
    paper(workshop, "Rejected one", status="rejected")
    session = item(workshop, utc(15), utc(16), kind="poster_session", room=room)
    board(session, placed, 1)
    assert codes(workshop) == [
        (
            "unscheduled",
            f"Accepted paper #{missing.number} “Forgotten poster” is not on the program.",
        )
    ]


def test_a_gap_between_consecutive_items(workshop, room):
    item(workshop, utc(19, 40), utc(19, 55), title="ReLeQ", room=room)
    item(workshop, utc(20), utc(21), title="Poster session 2", room=room)
    assert codes(workshop) == [
        (
            "gap",
            "Nothing is on the program from 14:55 to 15:00, between “ReLeQ” and "
            "“Poster session 2”.",
        )
    ]


def test_an_overlap_between_consecutive_items_without_a_room(workshop, room):
    item(workshop, utc(17), utc(17, 30), title="Talk", room=room)
    item(workshop, utc(17, 20), utc(18), kind="break", title="Break")
    assert codes(workshop) == [("overlap", "“Talk” (12:00–12:30) overlaps “Break” (12:20–13:00).")]


def test_back_to_back_items_do_not_clash():
    """Intervals are half-open: 10:00 ends one item and starts the next."""
    items = [
        CheckItem(1, "A", utc(14), utc(15), "R", (("p", "P"),)),
        CheckItem(2, "B", utc(15), utc(16), "R", (("p", "P"),)),
    ]
    assert check_program(items, opens=utc(13), closes=utc(23), zone="UTC") == []


def test_no_gap_is_reported_across_days():
    items = [
        CheckItem(1, "Day one ends", utc(22), utc(23)),
        CheckItem(2, "Day two starts", utc(14, day=9), utc(15, day=9)),
    ]
    assert check_program(items, zone="America/Toronto") == []

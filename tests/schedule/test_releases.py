"""Releasing a program: numbered versions, changelogs, sequences, emails to moved speakers."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schedule import services
from schedule.models import ScheduleItem, ScheduleRelease
from schedule.snapshot import build_snapshot
from workshop.models import OutgoingEmail

from ..factories import UserFactory
from .conftest import board, item, paper, present, speaker, utc

pytestmark = pytest.mark.django_db


def test_first_release_is_version_one_with_everything_added(workshop, organizer, room):
    talk = item(workshop, utc(14), utc(14, 25), title="Stochastic program optimisation", room=room)
    release = services.release_schedule(workshop=workshop, by=organizer)
    assert release.number == 1 and release.released_by == organizer
    assert [e["id"] for e in release.changelog["added"]] == [talk.pk]
    assert release.changelog["moved"] == release.changelog["cancelled"] == []
    assert release.snapshot["items"][0]["start"] == "2018-12-08T14:00:00+00:00"
    assert release.snapshot["workshop"]["timezone"] == "America/Toronto"


def test_nothing_changed_means_nothing_to_release(workshop, organizer):
    item(workshop, utc(14), utc(14, 25))
    services.release_schedule(workshop=workshop, by=organizer)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        services.release_schedule(workshop=workshop, by=organizer)
    assert ScheduleRelease.objects.count() == 1


def test_an_empty_program_cannot_be_released(workshop, organizer):
    with pytest.raises(ValidationError, match="The program is empty"):
        services.release_schedule(workshop=workshop, by=organizer)
    assert not ScheduleRelease.objects.exists()


def test_moving_an_item_bumps_its_sequence_and_lists_it_as_moved(workshop, organizer, room):
    moved = item(workshop, utc(14), utc(14, 25), title="Jeff Dean", room=room)
    kept = item(workshop, utc(15), utc(15, 25), title="Kept", room=room)
    gone = item(workshop, utc(16), utc(16, 25), title="Cancelled talk", room=room)
    services.release_schedule(workshop=workshop, by=organizer)

    moved.start_at, moved.end_at = utc(21, 25), utc(21, 50)
    services.save_item(item=moved, by=organizer)
    gone_id = gone.pk
    services.delete_item(item=gone, by=organizer)
    added = item(workshop, utc(17), utc(17, 15), title="New talk", room=room)
    kept.description = "Now with an abstract."
    services.save_item(item=kept, by=organizer)
    second = services.release_schedule(workshop=workshop, by=organizer, comment="Jeff moved.")

    assert second.number == 2 and second.comment == "Jeff moved."
    log = second.changelog
    assert [e["id"] for e in log["moved"]] == [moved.pk]
    assert log["moved"][0]["from"]["start"] == "2018-12-08T14:00:00+00:00"
    assert log["moved"][0]["to"]["start"] == "2018-12-08T21:25:00+00:00"
    assert [e["id"] for e in log["added"]] == [added.pk]
    assert [e["id"] for e in log["cancelled"]] == [gone_id]
    assert [e["id"] for e in log["changed"]] == [kept.pk]
    sequences = {row["id"]: row["sequence"] for row in second.snapshot["items"]}
    assert sequences == {moved.pk: 1, kept.pk: 0, added.pk: 0}
    moved.refresh_from_db()
    assert moved.sequence == 1  # the draft carries it on to later releases

    # Moving it again raises it again; a change of room counts as a move.
    moved.room = None
    services.save_item(item=moved, by=organizer)
    third = services.release_schedule(workshop=workshop, by=organizer)
    assert {row["id"]: row["sequence"] for row in third.snapshot["items"]}[moved.pk] == 2


def test_speakers_and_presenters_of_moved_items_get_one_email_each(
    workshop, organizer, room, django_capture_on_commit_callbacks, mailoutbox
):
    talk = item(workshop, utc(16), utc(16, 15), kind="contributed_talk", title="Placeto", room=room)
    submission = paper(
        workshop, "Placeto", status="accepted_oral", presenter="Ravi Addanki", email="ravi@x.org"
    )
    present(talk, submission)
    speaker(talk, "Ravi Addanki", email="RAVI@x.org")  # the same person: one email
    speaker(talk, "Someone Unreachable", position=1)  # no address: nobody to tell
    still = item(workshop, utc(17), utc(17, 15), title="Unmoved", room=room)
    speaker(still, "Never Emailed", email="never@x.org")
    services.release_schedule(workshop=workshop, by=organizer)
    assert not OutgoingEmail.objects.exists()  # a first release moves nothing

    talk.start_at, talk.end_at = utc(19, 10), utc(19, 25)
    services.save_item(item=talk, by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        release = services.release_schedule(workshop=workshop, by=organizer)

    rows = list(OutgoingEmail.objects.all())
    assert [row.to for row in rows] == ["ravi@x.org"]
    assert rows[0].idempotency_key == f"schedule-moved:{release.pk}:{talk.pk}:ravi@x.org"
    assert rows[0].template_key == "schedule_item_moved"
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "“Placeto”" in mailoutbox[0].subject
    # Times in the venue's zone, with the zone said: 16:00 UTC is 11:00 in Montréal.
    assert "11:00 America/Toronto (UTC−5)" in body
    assert "14:10 America/Toronto (UTC−5)" in body
    assert f"/ml-for-systems/schedule/#item-{talk.pk}" in body


def test_only_organizers_release(workshop, other_organizer, outsider):
    item(workshop, utc(14), utc(14, 25))
    for person in (other_organizer, outsider):
        with pytest.raises(PermissionDenied, match="Only the workshop's organizers"):
            services.release_schedule(workshop=workshop, by=person)
    assert not ScheduleRelease.objects.exists()


def test_only_organizers_edit_the_draft(workshop, other_organizer, room):
    talk = item(workshop, utc(14), utc(14, 25))
    talk.title = "Hijacked"
    with pytest.raises(PermissionDenied, match="Only the workshop's organizers can change"):
        services.save_item(item=talk, by=other_organizer)
    talk.refresh_from_db()
    assert talk.title == "A talk"


def test_an_item_must_end_after_it_starts(workshop, organizer):
    talk = item(workshop, utc(14), utc(14, 25))
    talk.end_at = utc(13, 59)
    with pytest.raises(ValidationError) as error:
        services.save_item(item=talk, by=organizer)
    assert error.value.message_dict == {"end_at": ["An item must end after it starts."]}


def test_a_room_of_another_workshop_is_refused(workshop, other_workshop, organizer):
    from schedule.models import Room

    foreign = Room.objects.create(workshop=other_workshop, name="Elsewhere")
    talk = item(workshop, utc(14), utc(14, 25))
    talk.room = foreign
    with pytest.raises(ValidationError, match="Room Elsewhere belongs to another workshop"):
        services.save_item(item=talk, by=organizer)


def test_only_accepted_papers_of_the_workshop_go_on_the_program(
    workshop, other_workshop, organizer
):
    session = item(workshop, utc(15), utc(16), kind="poster_session")
    rejected = paper(workshop, "Rejected", status="rejected")
    foreign = paper(other_workshop, "Foreign")
    from schedule.models import PosterBoard

    with pytest.raises(ValidationError, match=r"Paper #\d+ is rejected; only accepted"):
        services.save_part(
            part=PosterBoard(item=session, submission=rejected, number=1), by=organizer
        )
    with pytest.raises(ValidationError, match="belongs to another workshop"):
        services.save_part(
            part=PosterBoard(item=session, submission=foreign, number=1), by=organizer
        )
    talk = item(workshop, utc(14), utc(14, 25), kind="invited_talk")
    accepted = paper(workshop, "Fine")
    with pytest.raises(ValidationError, match="Poster boards belong to poster sessions only"):
        services.save_part(part=PosterBoard(item=talk, submission=accepted, number=1), by=organizer)
    assert not PosterBoard.objects.exists()


def test_releases_are_numbered_per_workshop(workshop, other_workshop, organizer, other_organizer):
    item(workshop, utc(14), utc(14, 25))
    item(other_workshop, utc(14), utc(14, 25))
    assert services.release_schedule(workshop=workshop, by=organizer).number == 1
    assert services.release_schedule(workshop=other_workshop, by=other_organizer).number == 1


def test_snapshot_costs_the_same_queries_for_10_and_500_items(
    workshop, organizer, room, django_assert_num_queries
):
    def fill(count):
        ScheduleItem.objects.filter(workshop=workshop).delete()
        for n in range(count):
            start = datetime(2018, 12, 8, 13, 0, tzinfo=UTC)
            if n % 5 == 0:
                session = item(workshop, start, utc(14), kind="poster_session", room=room)
                board(session, paper(workshop, f"Poster {n}"), 1)
                continue
            talk = item(workshop, start, utc(13, 10), title=f"Talk {n}", room=room)
            speaker(talk, f"Speaker {n}")
            present(talk, paper(workshop, f"Paper {n}", status="accepted_oral"))

    fill(10)
    with django_assert_num_queries(6):
        small = build_snapshot(workshop)
    fill(500)
    with django_assert_num_queries(6):
        large = build_snapshot(workshop)
    assert len(small["items"]) == 10 and len(large["items"]) == 500
    assert large["items"][1]["papers"][0]["authors"] == ["Ada Presenter"]


def test_a_deleted_speaker_account_leaves_released_versions_alone(workshop, organizer):
    person = UserFactory(name="Eric Schkufza")
    talk = item(workshop, utc(14, 10), utc(14, 35))
    speaker(talk, "", user=person)
    release = services.release_schedule(workshop=workshop, by=organizer)
    person.delete()
    release.refresh_from_db()
    assert release.snapshot["items"][0]["speakers"] == [
        {"name": "Eric Schkufza", "affiliation": person.affiliation}
    ]


def test_release_from_the_command_line(workshop, organizer, outsider):
    from io import StringIO

    from django.core.management import CommandError, call_command

    item(workshop, utc(14), utc(14, 30), title="Talk A")
    item(workshop, utc(14, 15), utc(14, 45), title="Talk B")
    out = StringIO()
    call_command("release_schedule", "ml-for-systems", by=organizer.email, check=True, stdout=out)
    assert "Warning: “Talk A” (09:00–09:30) overlaps “Talk B” (09:15–09:45)." in out.getvalue()
    assert "Added: Talk A" in out.getvalue() and not ScheduleRelease.objects.exists()
    with pytest.raises(CommandError, match="Only the workshop's organizers"):
        call_command("release_schedule", "ml-for-systems", by=outsider.email, stdout=StringIO())
    call_command("release_schedule", "ml-for-systems", by=organizer.email, stdout=out)
    assert "Released version 1 of ml-for-systems." in out.getvalue()
    with pytest.raises(CommandError, match="Nothing has changed since version 1"):
        call_command("release_schedule", "ml-for-systems", by=organizer.email, stdout=StringIO())
    with pytest.raises(CommandError, match="There is no workshop “nope”"):
        call_command("release_schedule", "nope", by=organizer.email, stdout=StringIO())

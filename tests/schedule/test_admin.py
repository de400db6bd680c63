"""The organizer's workbench: the program as a timeline in the venue's zone, drafting,
warnings and releasing, scoped to the organizer's workshops."""

import pytest
from django.urls import reverse

from schedule import services
from schedule.models import PosterBoard, ScheduleItem, ScheduleRelease

from .conftest import item, paper, utc

pytestmark = pytest.mark.django_db


def change_url(workshop):
    return reverse("admin:schedule_program_change", args=[workshop.pk])


def timeline_data(items, *, extra=()):
    """POST data of the program page: the existing items as they are, plus `extra` rows."""
    rows = [
        {
            "id": i.pk,
            "workshop": i.workshop_id,
            "kind": i.kind,
            "title": i.title,
            "start": i.start_at,
            "end": i.end_at,
            "room": i.room_id or "",
        }
        for i in items
    ] + list(extra)
    data = {
        "schedule_items-TOTAL_FORMS": len(rows),
        "schedule_items-INITIAL_FORMS": len(items),
        "schedule_items-MIN_NUM_FORMS": 0,
        "schedule_items-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for n, row in enumerate(rows):
        prefix = f"schedule_items-{n}-"
        for key in ("id", "workshop", "kind", "title", "room"):
            if key in row:
                data[prefix + key] = row[key]
        for key, field in (("start", "start_at"), ("end", "end_at")):
            value = row[key]
            if hasattr(value, "astimezone"):
                import zoneinfo

                value = value.astimezone(zoneinfo.ZoneInfo("America/Toronto"))
                value = (value.date().isoformat(), value.strftime("%H:%M"))
            data[prefix + field + "_0"], data[prefix + field + "_1"] = value
        if row.get("delete"):
            data[prefix + "DELETE"] = "on"
    return data


def test_staff_organizer_sees_only_their_programs(
    client, workshop, other_workshop, organizer, outsider
):
    client.force_login(organizer)
    html = client.get(reverse("admin:schedule_program_changelist")).content.decode()
    assert workshop.name in html and other_workshop.name not in html
    assert client.get(change_url(workshop)).status_code == 200
    assert client.get(change_url(other_workshop)).status_code == 302  # "does not exist"
    release = reverse("admin:schedule_program_release", args=[other_workshop.pk])
    assert client.get(release).status_code == 404
    assert client.post(release).status_code == 404
    assert not ScheduleRelease.objects.exists()

    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("admin:schedule_program_changelist")).status_code == 403
    assert client.get(change_url(workshop)).status_code in (302, 403)


def test_anonymous_visitors_are_sent_to_the_login(client, workshop):
    response = client.get(change_url(workshop))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_timeline_is_entered_in_the_venues_zone_and_says_so(client, workshop, organizer, room):
    client.force_login(organizer)
    html = client.get(change_url(workshop)).content.decode()
    assert "In America/Toronto (UTC−5)." in html
    assert "Timeline — times in America/Toronto (UTC−5)" in html

    data = timeline_data(
        [],
        extra=[
            {
                "kind": "opening",
                "title": "Opening remarks",
                "start": ("2018-12-08", "09:00"),
                "end": ("2018-12-08", "09:10"),
                "room": room.pk,
            }
        ],
    )
    response = client.post(change_url(workshop), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    opening = ScheduleItem.objects.get(workshop=workshop)
    assert opening.start_at.isoformat() == "2018-12-08T14:00:00+00:00"  # 09:00 in Montréal
    assert opening.end_at.isoformat() == "2018-12-08T14:10:00+00:00"


def test_a_bad_row_is_refused_with_a_sentence_and_nothing_changes(
    client, workshop, organizer, room
):
    talk = item(workshop, utc(14), utc(14, 25), title="Keep me", room=room)
    client.force_login(organizer)
    data = timeline_data(
        [talk],
        extra=[
            {
                "kind": "panel",
                "title": "Backwards",
                "start": ("2018-12-08", "10:00"),
                "end": ("2018-12-08", "09:00"),
            }
        ],
    )
    data["schedule_items-0-title"] = "Renamed"
    response = client.post(change_url(workshop), data)
    assert response.status_code == 200
    assert "An item must end after it starts." in response.content.decode()
    talk.refresh_from_db()
    assert talk.title == "Keep me" and ScheduleItem.objects.count() == 1


def test_warnings_are_shown_on_the_program_page(client, workshop, organizer, room):
    item(workshop, utc(14), utc(14, 30), title="Talk A", room=room)
    item(workshop, utc(14, 15), utc(14, 45), title="Talk B", room=room)
    client.force_login(organizer)
    html = client.get(change_url(workshop)).content.decode()
    assert "1 warning about the draft" in html
    assert 'data-code="room_clash"' in html


def test_release_from_the_admin(client, workshop, organizer, room):
    talk = item(workshop, utc(14), utc(14, 25), title="Jeff Dean", room=room)
    client.force_login(organizer)
    url = reverse("admin:schedule_program_release", args=[workshop.pk])
    page = client.get(url).content.decode()
    assert "Release version 1" in page and "Added: Jeff Dean" in page
    response = client.post(url, {"comment": "First program."})
    assert response.status_code == 302
    release = ScheduleRelease.objects.get()
    assert (release.number, release.comment, release.released_by) == (
        1,
        "First program.",
        organizer,
    )

    # Nothing changed: a sentence, and no second version.
    response = client.post(url, {"comment": ""}, follow=True)
    assert "Nothing has changed since version 1" in response.content.decode()
    assert ScheduleRelease.objects.count() == 1

    talk.start_at, talk.end_at = utc(21, 25), utc(21, 50)
    services.save_item(item=talk, by=organizer)
    assert "Moved: Jeff Dean" in client.get(url).content.decode()
    client.post(url, {"comment": ""})
    assert ScheduleRelease.objects.count() == 2


def test_draft_from_decisions_button(client, workshop, organizer):
    paper(workshop, "Placeto", status="accepted_oral")
    client.force_login(organizer)
    url = reverse("admin:schedule_program_draft", args=[workshop.pk])
    assert client.get(url).status_code == 302  # only a POST drafts
    assert not ScheduleItem.objects.exists()
    response = client.post(url, follow=True)
    assert "1 item(s) added to the draft." in response.content.decode()
    assert ScheduleItem.objects.get().title == "Placeto"


def test_an_items_page_edits_its_boards_and_refuses_a_rejected_paper(
    client, workshop, organizer, room
):
    session = item(workshop, utc(15), utc(16), kind="poster_session", room=room)
    rejected = paper(workshop, "Rejected", status="rejected")
    accepted = paper(workshop, "Accepted")
    client.force_login(organizer)
    url = reverse("admin:schedule_scheduleitem_change", args=[session.pk])
    html = client.get(url).content.decode()
    assert "In America/Toronto (UTC−5)." in html
    data = {
        "kind": "poster_session",
        "title": "Posters",
        "description": "",
        "start_at_0": "2018-12-08",
        "start_at_1": "10:00",
        "end_at_0": "2018-12-08",
        "end_at_1": "11:00",
        "room": room.pk,
        "speakers-TOTAL_FORMS": 0,
        "speakers-INITIAL_FORMS": 0,
        "boards-TOTAL_FORMS": 1,
        "boards-INITIAL_FORMS": 0,
        "boards-0-number": 1,
        "boards-0-submission": rejected.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200  # refused: only accepted papers are offered
    assert not PosterBoard.objects.exists()
    data["boards-0-submission"] = accepted.pk
    assert client.post(url, data).status_code == 302
    assert PosterBoard.objects.get().submission == accepted


def test_foreign_items_are_hidden(client, other_workshop, organizer):
    foreign = item(other_workshop, utc(14), utc(14, 25))
    client.force_login(organizer)
    url = reverse("admin:schedule_scheduleitem_change", args=[foreign.pk])
    assert client.get(url).status_code == 302
    html = client.get(reverse("admin:schedule_scheduleitem_changelist")).content.decode()
    assert "0 schedule items" in html


def test_releases_are_read_only_in_the_admin(client, workshop, organizer):
    item(workshop, utc(14), utc(14, 25))
    release = services.release_schedule(workshop=workshop, by=organizer)
    client.force_login(organizer)
    url = reverse("admin:schedule_schedulerelease_change", args=[release.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"number": 9}).status_code == 403
    assert client.get(reverse("admin:schedule_schedulerelease_add")).status_code == 403

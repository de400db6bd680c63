"""Forged ids: another workshop's paper, version, item, room or topic — or a number nobody has
— put into a URL of the permission matrix or into a form's body, by people who may use the
real ones. A URL answers as for a paper that is not there (never 200, never a 500); a body is
refused and nothing is stored.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from schedule.enums import ItemKind
from schedule.models import ItemPaper, Room, ScheduleItem
from submissions import services as submission_services
from submissions.enums import SubmissionStatus
from workshop.models import Workshop

from ..factories import TopicFactory
from ..submissions.pdfs import make_paper
from . import matrix_table
from .conftest import module_world
from .hostile_world import page_form
from .matrix import API_WRITES
from .stored import stored_state
from .walk import ask, client_for, routes
from .world import PERSONAS as COLUMNS
from .world import after_commit
from .world import build as build_matrix_world

ROUTES = [r for r in routes() if not r.route.startswith("admin/")]
ID_KWARGS = ("pk", "version_pk", "item_id")
PERSONAS = ("author", "assigned", "organizer", "superuser")
TABLE = matrix_table.rows(COLUMNS)
NOBODYS = (10**6, 2**31, 10**19)  # past any row; past a 32-bit integer; past a 64-bit one

pytestmark = pytest.mark.django_db


def _elsewhere(world) -> dict:
    """A paper (accepted, with its version), an item, a room and a topic of the other
    workshop, whose call is open."""
    other = Workshop.objects.get(slug="other-workshop")
    author = world.people["other-author"]
    with after_commit():
        paper = submission_services.create_submission(
            workshop=other,
            by=author,
            title="A paper of another workshop",
            abstract="Elsewhere.",
            authors=[submission_services.AuthorData(author.name, author.email, "")],
            pdf=submission_services.Upload("p.pdf", make_paper()),
            submit=True,
        )
    Submission = type(paper)
    Submission.objects.filter(pk=paper.pk).update(status=SubmissionStatus.ACCEPTED_ORAL)
    room = Room.objects.create(workshop=other, name="Elsewhere hall")
    item = ScheduleItem.objects.create(
        workshop=other,
        kind=ItemKind.INVITED_TALK,
        title="Elsewhere",
        start_at=other.starts_at,
        end_at=other.starts_at + timedelta(minutes=20),
        room=room,
    )
    # A talk of this workshop, which presents papers: the inline a forged paper is put into.
    talk = ScheduleItem.objects.create(
        workshop=world.workshop,
        kind=ItemKind.CONTRIBUTED_TALK,
        title="A contributed talk",
        start_at=world.workshop.starts_at + timedelta(hours=3),
        end_at=world.workshop.starts_at + timedelta(hours=3, minutes=20),
        room=Room.objects.get(workshop=world.workshop),
    )
    return {
        "talk": talk.pk,
        "pk": paper.pk,
        "version_pk": submission_services.current_version(paper).pk,
        "item_id": item.pk,
        "room": room.pk,
        "topic": TopicFactory(workshop=other, name="Elsewhere").pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    def build():
        built = build_matrix_world()
        built.elsewhere = _elsewhere(built)
        return built

    with module_world(django_db_blocker, tmp_path_factory, build) as built:
        yield built


def _forged_paths(world):
    """Every URL with an id, that id swapped for another workshop's, then for nobody's."""
    for route in ROUTES:
        names = [k for k in route.kwargs if k in ID_KWARGS]
        for name in names:
            for forged in (world.elsewhere[name], *NOBODYS):
                yield route, route.path({**world.kwargs_for(route), name: forged})


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_forged_id_in_a_url_finds_nothing(world, persona):
    wrong, asked = [], 0
    for route, path in _forged_paths(world):
        for method in TABLE.get(route.key, ("GET", "POST")):
            body = API_WRITES.get(route.key, ("form", None))
            json = body[1] if body[0] == "json" and method != "GET" else None
            answer = ask(world.sessions[persona], method, path, json=json)
            asked += 1
            if answer.outcome in ("200", "201", "500"):
                wrong.append(f"{method} {path} as {persona}: {answer.outcome}")
    print(f"\n{asked} requests with a forged id as {persona}")
    assert asked > 50
    assert wrong == []


def _refused(world, settings, persona, path, values, *, extra=None):
    """Post the page's form with `values`; the answer and whether anything was stored."""
    session = world.sessions[persona]
    with transaction.atomic():
        data = page_form(session, path)
        for name, value in {**(extra or {}), **values}.items():
            data[name] = [str(value)]
        before = stored_state(settings.MEDIA_ROOT)
        response = client_for(session).post(path, data)
        changed = stored_state(settings.MEDIA_ROOT) != before
        transaction.set_rollback(True)
    return response, changed


def test_another_workshops_paper_cannot_be_put_on_the_program(world, settings):
    path = reverse("admin:schedule_scheduleitem_change", args=[world.elsewhere["talk"]])
    extra = {"item_papers-TOTAL_FORMS": "1", "item_papers-0-position": "0"}
    with transaction.atomic():
        response, changed = _refused(
            world,
            settings,
            "organizer",
            path,
            {"item_papers-0-submission": world.elsewhere["pk"]},
            extra=extra,
        )
        transaction.set_rollback(True)
    assert response.status_code == 200 and not changed
    assert not ItemPaper.objects.filter(submission_id=world.elsewhere["pk"]).exists()
    assert "Select a valid choice" in response.content.decode()


def test_another_workshops_room_cannot_hold_an_item(world, settings):
    path = reverse("admin:schedule_scheduleitem_change", args=[world.values["item_id"]])
    response, changed = _refused(
        world, settings, "organizer", path, {"room": world.elsewhere["room"]}
    )
    assert response.status_code == 200 and not changed
    room = ScheduleItem.objects.get(pk=world.values["item_id"]).room_id
    assert room != world.elsewhere["room"]


def test_another_workshops_topic_cannot_be_picked_for_a_paper(world, settings):
    path = reverse("submissions:edit", args=[world.workshop.slug, world.paper.pk])
    extra = {"authors-1-email": "cy@pending.example.net"}
    response, changed = _refused(
        world, settings, "author", path, {"topics": world.elsewhere["topic"]}, extra=extra
    )
    assert response.status_code == 200 and not changed
    assert not world.paper.topics.filter(pk=world.elsewhere["topic"]).exists()


@pytest.mark.parametrize("forged", ["elsewhere", *NOBODYS, "not-a-number"])
def test_a_bid_on_a_forged_paper_is_refused(world, settings, forged):
    paper = world.elsewhere["pk"] if forged == "elsewhere" else forged
    path = reverse("reviews:bids", args=[world.workshop.slug])
    response, changed = _refused(
        world, settings, "unassigned", path, {"submission": paper, "preference": "eager"}
    )
    assert response.status_code in (200, 302, 400, 404) and not changed

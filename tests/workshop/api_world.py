"""A small real workshop for fuzzing the API: made through the services, with PDFs.

- ML for Systems (2018, double-blind): Ada's paper (accepted as a poster, decisions
  released, reviewed by Rita who is assigned and has submitted) and Otto's paper; bidding is
  open; the program is released (an opening talk and a poster session with Ada's paper).
- Its next edition with an open call, where Ada has a draft with a PDF.

`known_paths` lists real path parameters (slugs, paper and version ids) that the fuzzer mixes
into its generated ones, so operations are fuzzed on objects that exist, not only on 404s.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token

from reviews.enums import AssignmentOrigin, AssignmentState, ReviewState
from reviews.models import Assignment, Review
from schedule import services as schedule_services
from schedule.models import PosterBoard, Room, ScheduleItem, Speaker
from submissions import services
from submissions.models import Submission
from workshop.enums import RoleKind

from ..factories import RoleFactory, TopicFactory, UserFactory, WorkshopFactory
from ..submissions.pdfs import make_paper

BEFORE_DEADLINE = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)


@dataclass
class World:
    tokens: dict[str, str]  # persona → API token
    known_paths: list[dict] = field(default_factory=list)


def _paper(workshop, by, title: str) -> Submission:
    return services.create_submission(
        workshop=workshop,
        by=by,
        title=title,
        abstract="We learn a policy that replaces a hand-written heuristic.",
        authors=[services.AuthorData(by.name, by.email, by.affiliation)],
        topics=list(workshop.topics.all()[:1]),
        keywords=["caching", "reinforcement learning"],
        pdf=services.Upload("paper.pdf", make_paper()),
        submit=True,
    )


def _review(paper: Submission, reviewer) -> None:
    assignment = Assignment.objects.create(
        submission=paper,
        reviewer=reviewer,
        origin=AssignmentOrigin.MANUAL,
        state=AssignmentState.CONFIRMED,
        number=1,
        confirmed_at=timezone.now(),
    )
    Review.objects.create(
        assignment=assignment,
        score=4,
        confidence=3,
        summary="A clear paper about learned caches.",
        comments_to_authors="Compare with ARC as well.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _program(workshop, organizer, poster: Submission) -> None:
    room = Room.objects.create(workshop=workshop, name="510 AC")
    day = workshop.starts_at
    opening = ScheduleItem.objects.create(
        workshop=workshop,
        kind="opening",
        title="Opening remarks",
        start_at=day,
        end_at=day + timedelta(minutes=10),
        room=room,
    )
    Speaker.objects.create(item=opening, name="Olga Organizer", position=0)
    posters = ScheduleItem.objects.create(
        workshop=workshop,
        kind="poster_session",
        title="Posters",
        start_at=day + timedelta(hours=1),
        end_at=day + timedelta(hours=2),
        room=room,
    )
    PosterBoard.objects.create(item=posters, submission=poster, number=1)
    schedule_services.release_schedule(workshop=workshop, by=organizer)


def build_world() -> World:
    mlsys = WorkshopFactory(slug="ml-for-systems", name="Machine Learning for Systems")
    for name in ("Learned systems", "Systems for ML"):
        TopicFactory(workshop=mlsys, name=name)
    organizer = UserFactory(email="organizer@mlsys.example.org", name="Olga Organizer")
    RoleFactory(workshop=mlsys, user=organizer, kind=RoleKind.ORGANIZER)
    reviewer = UserFactory(email="rita@reviewers.example.org", name="Rita Reviewer")
    RoleFactory(workshop=mlsys, user=reviewer, kind=RoleKind.REVIEWER)
    ada = UserFactory(email="ada@uni.example.edu", name="Ada Author", affiliation="Uni Example")
    otto = UserFactory(email="otto@other.example.net", name="Otto Other", affiliation="Other")

    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        accepted = _paper(mlsys, ada, "Learned caches for key-value stores")
        others = _paper(mlsys, otto, "Placing operators on devices")
    Submission.objects.filter(pk=accepted.pk).update(status="accepted_poster")
    mlsys.bidding_open = True
    mlsys.decisions_released_at = timezone.now() - timedelta(days=1)
    mlsys.save(update_fields=["bidding_open", "decisions_released_at"])
    _review(accepted, reviewer)
    _program(mlsys, organizer, accepted)

    now = timezone.now()
    upcoming = WorkshopFactory(
        slug="ml-for-systems-next",
        name="Machine Learning for Systems, next edition",
        starts_at=now + timedelta(days=120),
        ends_at=now + timedelta(days=120, hours=8),
        submissions_open_at=now - timedelta(days=1),
        submission_deadline=now + timedelta(days=60),
    )
    TopicFactory(workshop=upcoming, name="Learned systems")
    draft = _paper(upcoming, ada, "Learned schedulers")

    world = World(
        tokens={
            "author": Token.objects.create(user=ada).key,
            "reviewer": Token.objects.create(user=reviewer).key,
            "organizer": Token.objects.create(user=organizer).key,
        }
    )
    world.known_paths += [{"slug": workshop.slug} for workshop in (mlsys, upcoming)]
    for paper in (accepted, others, draft):
        paper_path = {"slug": paper.workshop.slug, "id": paper.pk}
        world.known_paths.append(paper_path)
        for version in paper.versions.all():
            world.known_paths.append({**paper_path, "version_pk": version.pk})
    return world

"""Helpers to build programs: rooms, items, accepted papers with their presenters."""

from datetime import UTC, datetime

import pytest

from people.models import User
from schedule import published
from schedule.enums import ItemKind
from schedule.models import ItemPaper, PosterBoard, Room, ScheduleItem, Speaker
from tests.factories import AuthorFactory, SubmissionFactory


def utc(hour: int, minute: int = 0, day: int = 8) -> datetime:
    return datetime(2018, 12, day, hour, minute, tzinfo=UTC)


def item(workshop, start, end, *, kind=ItemKind.INVITED_TALK, title="A talk", room=None, **extra):
    return ScheduleItem.objects.create(
        workshop=workshop, kind=kind, title=title, start_at=start, end_at=end, room=room, **extra
    )


def _creator():
    # One account creates every test paper: hashing a password per paper would be slow.
    user, _ = User.objects.get_or_create(email="papers@example.org", defaults={"name": "Creator"})
    return user


def paper(
    workshop,
    title,
    *,
    status="accepted_poster",
    presenter="Ada Presenter",
    email=None,
    keywords=(),
    user=None,
):
    submission = SubmissionFactory(
        workshop=workshop,
        title=title,
        status=status,
        keywords=list(keywords),
        created_by=_creator(),
    )
    AuthorFactory(
        submission=submission,
        position=0,
        name=presenter,
        email=email or presenter.lower().replace(" ", ".") + "@uni.example.edu",
        user=user,
    )
    return submission


def speaker(item_, name, *, email="", user=None, position=0):
    return Speaker.objects.create(item=item_, name=name, email=email, user=user, position=position)


def present(item_, submission, position=0):
    return ItemPaper.objects.create(item=item_, submission=submission, position=position)


def board(item_, submission, number):
    return PosterBoard.objects.create(item=item_, submission=submission, number=number)


@pytest.fixture(autouse=True)
def _forget_local_answers():
    """The process-local level of the published cache outlives the shared cache, which the
    root conftest clears for every test."""
    published._local.clear()
    yield
    published._local.clear()


@pytest.fixture
def room(workshop):
    return Room.objects.create(workshop=workshop, name="510 AC")

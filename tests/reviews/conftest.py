"""Personas of reviewing around one double-blind paper: its author, an assigned reviewer
(Rita, from tests/conftest.py), a second assigned reviewer who has submitted, a reviewer
in conflict (same institution as the author), an unassigned reviewer; the organizers and
the outsider come from tests/conftest.py."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from reviews.enums import AssignmentOrigin, AssignmentState, ReviewState
from reviews.models import Assignment, Review
from reviews.services.conflicts import refresh_conflicts
from submissions import services as submission_services
from workshop.enums import RoleKind

from ..factories import RoleFactory, UserFactory
from ..submissions.pdfs import make_paper

BEFORE_DEADLINE = datetime(2018, 10, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pool_member(workshop, email: str, name: str, affiliation: str = ""):
    user = UserFactory(email=email, name=name, affiliation=affiliation)
    RoleFactory(workshop=workshop, user=user, kind=RoleKind.REVIEWER)
    return user


def create_paper(workshop, by, *, title, authors, abstract="We learn a policy.", **extra):
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        return submission_services.create_submission(
            workshop=workshop,
            by=by,
            title=title,
            abstract=abstract,
            authors=[submission_services.AuthorData(*a) for a in authors],
            pdf=submission_services.Upload("paper.pdf", make_paper()),
            submit=True,
            **extra,
        )


def confirm(submission, reviewer, number: int) -> Assignment:
    return Assignment.objects.create(
        submission=submission,
        reviewer=reviewer,
        origin=AssignmentOrigin.MANUAL,
        state=AssignmentState.CONFIRMED,
        number=number,
        confirmed_at=timezone.now(),
    )


@pytest.fixture
def author(db):
    return UserFactory(
        email="ada@uni.example.edu", name="Ada Lovelace", affiliation="University of Examples"
    )


@pytest.fixture
def paper(workshop, author):
    return create_paper(
        workshop,
        author,
        title="Learned caches for key-value stores",
        abstract="We learn an eviction policy that beats LRU on production traces.",
        authors=[(author.name, author.email, author.affiliation)],
        keywords=["caching", "reinforcement learning"],
    )


@pytest.fixture
def second_reviewer(workshop):
    return pool_member(workshop, "sam@second.example.net", "Sam Second", "Second Institute")


@pytest.fixture
def conflicted_reviewer(workshop):
    """Same mail domain as the author: detected as a conflict."""
    return pool_member(workshop, "carl@uni.example.edu", "Carl Colleague", "Another Name")


@pytest.fixture
def unassigned_reviewer(workshop):
    return pool_member(workshop, "una@free.example.net", "Una Unassigned", "Free Lab")


@pytest.fixture
def reviewing(workshop, paper, reviewer, second_reviewer, conflicted_reviewer, unassigned_reviewer):
    """Rita (reviewer 1, nothing written yet) and Sam (reviewer 2, submitted) review the
    paper; Carl is in conflict; Una is in the pool without the paper. Bidding is open."""
    workshop.bidding_open = True
    workshop.save(update_fields=["bidding_open"])
    refresh_conflicts(workshop=workshop)
    confirm(paper, reviewer, 1)
    second = confirm(paper, second_reviewer, 2)
    Review.objects.create(
        assignment=second,
        score=4,
        confidence=3,
        summary="Sam's summary of the cache paper.",
        comments_to_authors="Sam's comments for the authors.",
        confidential_comments="Sam's confidential note.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return paper

"""Reminders: the hourly task sends each reviewer with unfinished reviews one mail 3 days
before the deadline, one 1 day before and one after, each once; and the organizers one
digest of missing reviews. Time moves hour by hour with time-machine."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from reviews.enums import ReviewState
from reviews.models import Review
from reviews.tasks import send_review_reminders
from workshop.models import OutgoingEmail

from .conftest import confirm, create_paper

pytestmark = pytest.mark.django_db

# 9 November 2018, 23:59 AoE.
DEADLINE = datetime(2018, 11, 10, 11, 59, tzinfo=UTC)


@pytest.fixture
def due(workshop, author, reviewer, second_reviewer, organizer):
    workshop.review_deadline = DEADLINE
    workshop.save(update_fields=["review_deadline"])
    row = (author.name, author.email, author.affiliation)
    first = create_paper(workshop, author, title="First paper", authors=[row])
    second = create_paper(workshop, author, title="Second paper", authors=[row])
    confirm(first, reviewer, 1)
    confirm(second, reviewer, 1)
    done = confirm(first, second_reviewer, 2)
    Review.objects.create(
        assignment=done,
        score=3,
        confidence=2,
        summary="Done.",
        state=ReviewState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return first, second


def hourly(start: datetime, end: datetime):
    """Run the beat task every hour from start to end (inclusive)."""
    now = start
    while now <= end:
        with time_machine.travel(now, tick=False):
            send_review_reminders()
        now += timedelta(hours=1)


def subjects(to: str) -> list[str]:
    return list(
        OutgoingEmail.objects.filter(to=to)
        .order_by("created_at", "id")
        .values_list("subject", flat=True)
    )


def test_each_reminder_once_at_its_moment(workshop, due, reviewer, second_reviewer, organizer):
    hourly(DEADLINE - timedelta(days=5), DEADLINE - timedelta(days=3, hours=1))
    assert not OutgoingEmail.objects.exists()  # too early

    hourly(DEADLINE - timedelta(days=3), DEADLINE - timedelta(days=1, hours=1))
    assert subjects(reviewer.email) == [f"[{workshop.name}] Reviews are due in 3 days"]

    hourly(DEADLINE - timedelta(days=1), DEADLINE - timedelta(hours=1))
    assert subjects(reviewer.email)[1:] == [f"[{workshop.name}] Reviews are due tomorrow"]

    hourly(DEADLINE, DEADLINE + timedelta(days=10))
    assert subjects(reviewer.email)[2:] == [f"[{workshop.name}] Your reviews are overdue"]
    # The reviewer who submitted everything hears nothing.
    assert subjects(second_reviewer.email) == []
    # One digest for the organizer, listing both missing reviews.
    digests = OutgoingEmail.objects.filter(template_key="review_digest")
    assert [d.to for d in digests] == [organizer.email]
    body = digests.get().text_body
    assert "First paper — Reviewer 1: Rita Reviewer" in body and "Second paper" in body
    assert "2 reviews from 1 reviewer are missing" in body


def test_one_mail_lists_all_unfinished_papers_without_authors(workshop, due, reviewer):
    with time_machine.travel(DEADLINE - timedelta(hours=5), tick=False):
        send_review_reminders()
    body = OutgoingEmail.objects.get(to=reviewer.email).text_body
    assert "First paper" in body and "Second paper" in body
    assert "Friday 9 November 2018, 23:59 AoE (UTC−12)" in body
    assert "Ada Lovelace" not in body


def test_a_stage_missed_by_a_stopped_beat_is_skipped(workshop, due, reviewer):
    # The beat was down for the 3-day window; it comes back one day before.
    hourly(DEADLINE - timedelta(hours=20), DEADLINE - timedelta(hours=18))
    assert subjects(reviewer.email) == [f"[{workshop.name}] Reviews are due tomorrow"]


def test_a_moved_deadline_gets_its_own_reminders(workshop, due, reviewer):
    hourly(DEADLINE - timedelta(hours=3), DEADLINE - timedelta(hours=2))
    workshop.review_deadline = DEADLINE + timedelta(days=7)
    workshop.save(update_fields=["review_deadline"])
    hourly(DEADLINE + timedelta(days=6, hours=1), DEADLINE + timedelta(days=6, hours=2))
    assert subjects(reviewer.email) == [f"[{workshop.name}] Reviews are due tomorrow"] * 2


def test_old_workshops_are_left_alone(workshop, due):
    with time_machine.travel(DEADLINE + timedelta(days=400), tick=False):
        assert send_review_reminders() == 0
    assert not OutgoingEmail.objects.exists()

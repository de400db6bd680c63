"""Reviewing against the real services: a Celery worker process (Redis broker, the test
PostgreSQL database) runs the automatic assignment, reporting its progress on the job row,
and delivers the assignment emails — one per reviewer, listing all their papers — into an
aiosmtpd SMTP sink."""

import email

import pytest
from django.db import transaction

from reviews.enums import AssignmentState, JobState
from reviews.models import Assignment, ReviewJob
from reviews.services.assignment import confirm_assignment
from reviews.services.jobs import start_job
from workshop.models import OutgoingEmail

from ..services import wait_for
from .conftest import create_paper, pool_member

pytestmark = pytest.mark.integration


def test_assignment_job_and_mails_through_a_real_worker(real_worker, workshop, author, organizer):
    process, sink = real_worker
    workshop.reviews_per_paper = 2
    workshop.reviewer_load = 2  # 6 reviews, 3 reviewers: two papers each
    workshop.save()
    row = (author.name, author.email, author.affiliation)
    papers = [
        create_paper(workshop, author, title=f"Learned systems paper {i}", authors=[row])
        for i in range(3)
    ]
    reviewers = [
        pool_member(workshop, f"r{i}@reviewers{i}.example.net", f"Reviewer Person {i}")
        for i in range(3)
    ]

    with transaction.atomic():
        job = start_job(workshop=workshop, kind="assignment", by=organizer)
    done = wait_for(
        lambda: ReviewJob.objects.get(pk=job.pk).state not in ("queued", "running"), timeout=60
    )
    assert done, process.log()
    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 1.0), job.message
    assert Assignment.objects.filter(state=AssignmentState.PROPOSED).count() == 6

    with transaction.atomic():
        result = confirm_assignment(workshop=workshop, by=organizer)
    assert result.confirmed == 6
    delivered = wait_for(
        lambda: (
            OutgoingEmail.objects.filter(template_key="review_assignment", state="sent").count()
            == len(reviewers)
        ),
        timeout=60,
    )
    assert delivered, process.log()
    to_reviewers = [m for m in sink.messages if m.rcpt_tos[0] != author.email]
    # One mail per reviewer, not one per paper.
    assert sorted(m.rcpt_tos[0] for m in to_reviewers) == sorted(r.email for r in reviewers)
    for envelope in to_reviewers:
        (to,) = envelope.rcpt_tos
        message = email.message_from_bytes(envelope.content)
        body = message.get_payload(decode=True).decode()
        mine = Assignment.objects.filter(reviewer__email=to).select_related("submission")
        assert mine.count() == 2
        for assignment in mine:
            assert assignment.submission.title in body
        assert author.name not in body and author.email not in body
    assert {p.pk for p in papers} == set(Assignment.objects.values_list("submission_id", flat=True))

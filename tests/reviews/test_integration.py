"""Reviewing against the real services: a Celery worker process (Redis broker, the test
PostgreSQL database) runs the automatic assignment, reporting its progress on the job row,
and delivers the assignment emails — one per reviewer, listing all their papers — into an
aiosmtpd SMTP sink."""

import email
import os

import pytest
import redis
from django.db import connection, transaction

from reviews.enums import AssignmentState, JobState
from reviews.models import Assignment, ReviewJob
from reviews.services.assignment import confirm_assignment
from reviews.services.jobs import start_job
from workshop.celery import app as celery_app
from workshop.models import OutgoingEmail

from ..conftest import need
from ..services import CeleryWorker, SmtpSink, postgres_url, wait_for
from .conftest import create_paper, pool_member

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    ok = False
    if url:
        try:
            ok = redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            ok = False
    need(ok, "Redis (REDIS_URL)")
    return url


@pytest.fixture
def worker(transactional_db, postgres_required, redis_url, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with SmtpSink() as sink:
        process = CeleryWorker(
            database_url=postgres_url(connection.settings_dict),
            redis_url=redis_url,
            extra_env={
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "MEDIA_ROOT": str(tmp_path / "media"),
            },
            log_dir=tmp_path,
        )
        keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
        saved = {key: celery_app.conf[key] for key in keys}
        celery_app.conf.update(
            task_always_eager=False,
            broker_url=redis_url,
            result_backend=redis_url,
            task_default_queue=process.queue,
        )
        celery_app._pool = None
        try:
            with process:
                yield process, sink
        finally:
            celery_app.conf.update(saved)
            celery_app._pool = None


def test_assignment_job_and_mails_through_a_real_worker(worker, workshop, author, organizer):
    process, sink = worker
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
